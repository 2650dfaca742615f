#include "vfi/store/files.hpp"

#include <fcntl.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstring>
#include <ctime>
#include <mutex>
#include <optional>
#include <set>
#include <thread>

#include <fmt/format.h>

#include "vfi/base/error.hpp"
#include "vfi/base/process.hpp"
#include "vfi/base/text.hpp"
#include "vfi/format/kind.hpp"
#include "vfi/store/cache.hpp"
#include "vfi/store/git.hpp"

namespace fs = std::filesystem;

namespace vfi {
namespace {

constexpr std::string_view scratch_prefix = ".vfi-";
constexpr const char* journal_name = "journal";
constexpr const char* journal_shown = ".vfi/journal";
// Where a change to the data directory keeps its temporaries and the copies of the files it
// replaces while it lands: never beside the records, where git would see them.
constexpr const char* scratch_folder = ".vfi/tmp";

std::string random_suffix() {
    return os_random_id(Kind::session).substr(2);
}

// `partners/P-7KQ2MD.yaml` -> {"partners", "P-7KQ2MD.yaml"}
std::pair<std::string, std::string> split_path(const std::string& relative) {
    auto slash = relative.rfind('/');
    if (slash == std::string::npos) return {"", relative};
    return {relative.substr(0, slash), relative.substr(slash + 1)};
}

// A scratch name vfi made: `.vfi-WHAT.` then anything, then `.` and six Crockford characters.
bool made_scratch_name(const std::string& name) {
    if (!is_scratch_name(name) || name.size() < scratch_prefix.size() + 8) return false;
    auto dot = name.rfind('.');
    if (dot == std::string::npos || name.size() - dot - 1 != id_random_length) return false;
    for (char c : name.substr(dot + 1))
        if (!is_crockford(c)) return false;
    return true;
}

// The record path a journal may name: `<kind folder>/<id>.yaml`, or nothing.
// A receipt as `vfi expense add` names it: receipts/S-…-P-…-N, and a short extension.
bool receipt_file_name(const std::string& name) {
    auto session_end = name.find('-', 2);
    if (session_end == std::string::npos || !valid_id(name.substr(0, session_end), Kind::session))
        return false;
    auto partner_end = name.find('-', session_end + 3);
    if (partner_end == std::string::npos ||
        !valid_id(name.substr(session_end + 1, partner_end - session_end - 1), Kind::partner))
        return false;
    std::string rest = name.substr(partner_end + 1);
    auto dot = rest.find('.');
    std::string number = rest.substr(0, dot);
    std::string ext = dot == std::string::npos ? "" : rest.substr(dot + 1);
    auto only = [](const std::string& t, const char* set) {
        return t.find_first_not_of(set) == std::string::npos;
    };
    return !number.empty() && number.size() <= 6 && only(number, "0123456789") &&
           (dot == std::string::npos ||
            (!ext.empty() && ext.size() <= 5 && only(ext, "abcdefghijklmnopqrstuvwxyz0123456789")));
}

bool journal_record_path(const std::string& relative) {
    auto [folder, name] = split_path(relative);
    if (folder == "receipts") return receipt_file_name(name);
    for (Kind kind : all_kinds)
        if (folder == kind_folder(kind) && name.size() > 5 &&
            name.substr(name.size() - 5) == ".yaml" &&
            valid_id(name.substr(0, name.size() - 5), kind))
            return true;
    return false;
}

[[noreturn]] void untrusted_journal(const std::string& why) {
    throw Error(ExitCode::bad_data, Location{journal_shown, 0, 0}, {},
                fmt::format("vfi cannot prove it wrote this undo journal ({}), so it will not act "
                            "on it",
                            why),
                "if no vfi command was stopped part-way in this data directory, delete it "
                "(`rm .vfi/journal`) and run the command again; nothing was changed");
}

// Writes the journal whole and durably: a new temporary, fsync, rename, fsync of `.vfi`.
void write_journal(const fs::path& root, const std::string& content) {
    Folder vfi = vfi_folder(root);
    std::string temporary = scratch_name("journal");
    int fd = vfi.create(temporary, file_modes(root).file);
    try {
        write_all(fd, content, journal_shown);
        if (::fsync(fd) != 0) io_error("cannot flush to disk", journal_shown, errno);
    } catch (...) {
        ::close(fd);
        ::unlinkat(vfi.fd(), temporary.c_str(), 0);
        throw;
    }
    ::close(fd);
    if (::rename((vfi.path() / temporary).c_str(), (vfi.path() / journal_name).c_str()) != 0) {
        int err = errno;
        ::unlinkat(vfi.fd(), temporary.c_str(), 0);
        io_error("cannot move into place", journal_shown, err);
    }
    vfi.sync();
}

void remove_journal(const fs::path& root) {
    auto vfi = Folder::open(root, ".vfi");
    if (!vfi) return;
    if (::unlink((vfi->path() / journal_name).c_str()) != 0 && errno != ENOENT)
        io_error("cannot remove", journal_shown, errno);
    vfi->sync();
}

}  // namespace

bool git_may_track(const fs::path& root, const std::vector<std::string>& relatives) {
    std::vector<std::string> args = {"git", "ls-files", "-z", "--"};
    args.insert(args.end(), relatives.begin(), relatives.end());
    auto r = run_process(args, root);
    if (r.status == 0) return !r.out.empty();
    // In git, but git cannot say: nothing may be taken as vfi's own.
    return looks_like_git_work_tree(root);
}

namespace {}  // namespace

std::string read_file(const fs::path& path, const std::string& shown) {
    int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0) {
        int err = errno;
        if (err == ENOENT)
            throw Error(ExitCode::not_found, Location{shown, 0, 0}, {}, "no such file",
                        "check the name, or run `vfi check` to see what is there");
        io_error("cannot open", shown, err);
    }
    std::string out;
    char buffer[16384];
    while (true) {
        ssize_t n = ::read(fd, buffer, sizeof buffer);
        if (n < 0) {
            if (errno == EINTR) continue;
            int err = errno;
            ::close(fd);
            if (err == EISDIR)
                throw Error(ExitCode::bad_data, Location{shown, 0, 0}, {},
                            "this is a folder, not a file", "give the name of a file");
            io_error("cannot read", shown, err);
        }
        if (n == 0) break;
        out.append(buffer, static_cast<std::size_t>(n));
        if (out.size() > (16u << 20)) break;  // far past any cap: the parser reports the size
    }
    ::close(fd);
    return out;
}

void require_text(std::string_view text, const std::string& shown) {
    std::size_t bad = 0;
    bool utf8 = valid_utf8(text, &bad);
    std::size_t nul = text.find('\0');
    if (utf8 && nul == std::string_view::npos) return;
    if (!utf8 && nul < bad) utf8 = true;
    std::size_t at = utf8 ? nul : bad;
    int line = 1, column = 1;
    for (std::size_t i = 0; i < at; ++i) {
        if (text[i] == '\n') {
            ++line;
            column = 1;
        } else if ((static_cast<unsigned char>(text[i]) & 0xC0) != 0x80) {
            ++column;
        }
    }
    throw Error(ExitCode::bad_data, Location{shown, line, column}, {},
                utf8 ? "holds a NUL byte, so it is not a text file" : "is not valid UTF-8 text",
                "save it as UTF-8 text (in most editors: Save As, encoding UTF-8), or retype the "
                "character at this place; nothing was written");
}

std::string read_data_file(const fs::path& root, const std::string& relative) {
    auto [folder_part, name] = split_path(relative);
    auto folder = Folder::open(root, folder_part);
    if (!folder)
        throw Error(ExitCode::not_found, Location{relative, 0, 0}, {}, "no such file",
                    "check the name, or run `vfi check` to see what is there");
    return folder->read(name);
}

bool is_scratch_name(const std::string& name) {
    return starts_with(name, scratch_prefix);
}

std::string scratch_name(const std::string& purpose) {
    return fmt::format("{}{}.{}", scratch_prefix, purpose, random_suffix());
}

Folder vfi_folder(const fs::path& root) {
    Folder vfi = Folder::make(root, ".vfi", file_modes(root));
    if (vfi.type_of(".gitignore") == EntryType::missing) {
        // Made whole or not at all; a race with another vfi making it too is harmless.
        std::string temporary = scratch_name("gitignore");
        int fd = -1;
        try {
            fd = vfi.create(temporary, file_modes(root).file | 0044);
            write_all(fd, "# vfi's lock, cache and drafts: never committed\n*\n",
                      ".vfi/.gitignore");
            ::close(fd);
            fd = -1;
            if (::rename((vfi.path() / temporary).c_str(), (vfi.path() / ".gitignore").c_str()) !=
                0)
                ::unlinkat(vfi.fd(), temporary.c_str(), 0);
        } catch (const Error&) {
            if (fd >= 0) ::close(fd);
            ::unlinkat(vfi.fd(), temporary.c_str(), 0);  // a read-only disk: no harm done
        }
    }
    return vfi;
}

namespace {

std::mutex live_guard;
std::set<DataLock*> live_locks;

}  // namespace

void release_shared_locks() {
    std::lock_guard<std::mutex> lock(live_guard);
    for (DataLock* l : live_locks)
        l->release_if_shared();
}

int exclusive_lock_fd() {
    std::lock_guard<std::mutex> lock(live_guard);
    for (DataLock* l : live_locks)
        if (int fd = l->alone_fd(); fd >= 0) return fd;
    return -1;
}

DataLock::DataLock(const fs::path& root, Mode mode, double wait_seconds) : root_(root) {
    {
        std::lock_guard<std::mutex> lock(live_guard);
        live_locks.insert(this);
    }
    try {
        open(mode, wait_seconds);
    } catch (...) {
        // No destructor runs for a constructor that throws: leave no dangling entry for
        // release_shared_locks() and no open descriptor behind.
        if (fd_ >= 0) ::close(fd_);
        std::lock_guard<std::mutex> lock(live_guard);
        live_locks.erase(this);
        throw;
    }
}

void DataLock::open(Mode mode, double wait_seconds) {
    std::optional<Folder> vfi;
    if (mode == Mode::exclusive) {
        vfi.emplace(vfi_folder(root_));
    } else {
        vfi = Folder::open(root_, ".vfi");
        if (!vfi) {
            try {
                vfi.emplace(vfi_folder(root_));
            } catch (const Error& e) {
                if (e.code() == ExitCode::io) return;  // a read-only data directory
                throw;
            }
        }
    }
    constexpr int flags = O_RDWR | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC;
    fd_ = ::openat(vfi->fd(), "lock", flags);
    if (fd_ < 0 && errno == ENOENT) {
        mode_t mode = file_modes(root_).file & 0777;
        fd_ = ::openat(vfi->fd(), "lock", flags | O_CREAT, mode);
        if (fd_ >= 0 && (mode & 0077) != 0) (void)::fchmod(fd_, mode);  // past the umask
    }
    if (fd_ < 0 && mode == Mode::shared)
        fd_ = ::openat(vfi->fd(), "lock", O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC);
    if (fd_ < 0) {
        int err = errno;
        if (mode == Mode::shared && (err == EACCES || err == EROFS || err == EPERM)) return;
        if (err == ELOOP)
            throw Error(ExitCode::bad_data, Location{".vfi/lock", 0, 0}, {},
                        "is a symbolic link, and vfi never follows a link inside a data "
                        "directory",
                        "delete it (`rm .vfi/lock`); vfi makes a new one");
        io_error("cannot open the lock file", ".vfi/lock", err);
    }
    struct stat st {};
    if (::fstat(fd_, &st) != 0 || !S_ISREG(st.st_mode)) {
        ::close(fd_);
        fd_ = -1;
        throw Error(ExitCode::bad_data, Location{".vfi/lock", 0, 0}, {}, "is not a regular file",
                    "delete it (`rm .vfi/lock`); vfi makes a new one");
    }
    take(mode, wait_seconds);
}

DataLock::~DataLock() {
    {
        std::lock_guard<std::mutex> lock(live_guard);
        live_locks.erase(this);
    }
    if (fd_ >= 0) ::close(fd_);  // closing lets the flock go
}

void DataLock::release_if_shared() {
    if (mode_ == Mode::shared) release();
}

void DataLock::take(Mode mode, double wait_seconds) {
    if (fd_ < 0) return;
    int how = mode == Mode::exclusive ? LOCK_EX : LOCK_SH;
    auto deadline = std::chrono::steady_clock::now() + std::chrono::duration<double>(wait_seconds);
    while (::flock(fd_, how | LOCK_NB) != 0) {
        if (errno != EWOULDBLOCK && errno != EINTR)
            io_error("cannot lock the data directory", ".vfi/lock", errno);
        if (std::chrono::steady_clock::now() >= deadline)
            throw Error(ExitCode::locked,
                        mode == Mode::exclusive
                            ? "another vfi command is using this data directory"
                            : "another vfi command is changing this data directory",
                        "wait for it to finish and run the command again; nothing was changed");
        std::this_thread::sleep_for(std::chrono::milliseconds(5));
    }
    held_ = true;
    mode_ = mode;
}

void DataLock::change(Mode mode, double wait_seconds) {
    if (mode == Mode::exclusive) release();  // never two readers waiting on each other
    take(mode, wait_seconds);
}

void DataLock::release() {
    if (fd_ >= 0 && held_) ::flock(fd_, LOCK_UN);
    held_ = false;
}

int sweep_scratch(const fs::path& root) {
    int removed = 0;
    uid_t me = ::geteuid();
    auto now = std::time(nullptr);
    // The journal's temporary is made only under the exclusive lock, so one left now is from
    // a command that was killed.
    auto writers_only = [](const std::string& name) { return starts_with(name, ".vfi-journal."); };
    auto sweep = [&](const std::string& relative, long min_age) {
        std::optional<Folder> folder;
        try {
            folder = Folder::open(root, relative);
        } catch (const Error&) {
            return;  // a link where a folder goes: check reports it
        }
        if (!folder) return;
        std::vector<std::string> candidates;
        for (const auto& [name, type] : folder->entries()) {
            struct stat st {};
            if (type != EntryType::file || !made_scratch_name(name) ||
                folder->type_of(name, &st) != EntryType::file || st.st_uid != me ||
                // A file's time may be a moment ahead of time()'s (the kernel's fine-grained
                // timestamps): an age limit of 0 takes every file, whatever its time says.
                (min_age > 0 && now - st.st_mtime < min_age && !writers_only(name)))
                continue;
            candidates.push_back(name);
        }
        if (candidates.empty()) return;
        // A scratch name someone committed is theirs, however it looks.
        std::vector<std::string> paths;
        for (const auto& name : candidates)
            paths.push_back(folder->shown(name));
        if (git_may_track(root, paths)) return;
        for (const auto& name : candidates)
            if (::unlink((folder->path() / name).c_str()) == 0) ++removed;
    };
    for (Kind k : all_kinds)
        sweep(std::string(kind_folder(k)), 0);
    sweep(".", 0);
    // Readers save their cache holding the lock shared, so under the exclusive lock every
    // cache temporary is a killed command's; but `edit` keeps its drafts in `.vfi` without the
    // lock, so there only a stale one (or the journal's) goes.
    sweep(".vfi", 600);
    sweep(cache_folder(), 0);
    sweep(scratch_folder, 0);
    return removed;
}

bool has_interrupted_change(const fs::path& root) {
    struct stat st {};
    return ::lstat((root / ".vfi" / journal_name).c_str(), &st) == 0;
}

namespace {

struct UndoStep {
    std::string relative, folder, name;
    std::string backup_folder, backup;  // empty: the change made this file new
    unsigned long long inode = 0;
};

constexpr std::string_view head_line = "#head\t";
constexpr std::string_view message_line = "#message\t";

struct Journal {
    // A change that was to be committed: the commit HEAD pointed at before it ("" before the
    // first) and the commit's message, so the undo can tell whether its commit was made.
    std::optional<std::string> head;
    std::string message;
    std::vector<UndoStep> steps;
};

bool commit_id(std::string_view text) {
    return (text.size() == 40 || text.size() == 64) &&
           text.find_first_not_of("0123456789abcdef") == std::string_view::npos;
}

Journal read_journal(const fs::path& root, const Folder& vfi) {
    struct stat st {};
    EntryType type = vfi.type_of(journal_name, &st);
    if (type != EntryType::file) untrusted_journal("it is not a regular file");
    const FileModes& modes = file_modes(root);
    if (st.st_uid != ::geteuid() && !modes.shared) untrusted_journal("it belongs to another user");
    if ((st.st_mode & 0002) != 0 || st.st_nlink != 1)
        untrusted_journal("anyone may have written it");
    if (git_may_track(root, {journal_shown}))
        untrusted_journal("git tracks it, or cannot be run to say it does not");
    Journal journal;
    std::vector<UndoStep>& steps = journal.steps;
    for (const auto& line : split(vfi.read(journal_name, 1 << 20), '\n')) {
        if (starts_with(line, head_line) && !journal.head && steps.empty()) {
            std::string head = line.substr(head_line.size());
            if (head != "-" && !commit_id(head)) untrusted_journal("it is not in vfi's format");
            journal.head = head == "-" ? "" : head;
            continue;
        }
        if (starts_with(line, message_line) && journal.head && steps.empty()) {
            journal.message = line.substr(message_line.size());
            continue;
        }
        auto fields = std::vector<std::string>{};
        std::size_t start = 0;
        while (start <= line.size()) {
            auto tab = line.find('\t', start);
            if (tab == std::string::npos) tab = line.size();
            fields.push_back(line.substr(start, tab - start));
            start = tab + 1;
        }
        if (fields.size() != 3 || !journal_record_path(fields[0]))
            untrusted_journal("it names something that is not a record");
        UndoStep step;
        step.relative = fields[0];
        std::tie(step.folder, step.name) = split_path(step.relative);
        if (fields[1] != "-") {
            // The copy is in vfi's scratch folder, or beside the file when that is on another
            // disk; either way a name vfi makes.
            auto [folder, name] = split_path(fields[1]);
            if (!made_scratch_name(name) || (folder != scratch_folder && folder != step.folder))
                untrusted_journal("it names a copy vfi would not make");
            step.backup_folder = folder;
            step.backup = name;
        }
        if (fields[2].empty() || fields[2].size() > 19 ||
            fields[2].find_first_not_of("0123456789") != std::string::npos)
            untrusted_journal("it is not in vfi's format");
        step.inode = std::stoull(fields[2]);
        steps.push_back(std::move(step));
    }
    return journal;
}

// Each path's blob id in `commit` (relative to `root`), none for a path it does not have.
std::map<std::string, std::string> blobs_in(const fs::path& root, const std::string& commit,
                                            const std::vector<std::string>& paths) {
    std::map<std::string, std::string> out;
    if (commit.empty()) return out;
    std::vector<std::string> args = {"git", "ls-tree", "-z", commit, "--"};
    args.insert(args.end(), paths.begin(), paths.end());
    for (const auto& entry : split(run_process(args, root).out, '\0')) {
        // `mode type id<TAB>path`
        auto tab = entry.find('\t');
        auto space = entry.rfind(' ', tab);
        if (tab != std::string::npos && space != std::string::npos)
            out[entry.substr(tab + 1)] = entry.substr(space + 1, tab - space - 1);
    }
    return out;
}

// The blob id each file now on disk would have (git's own filters apply), none for a path
// with no file.
std::map<std::string, std::string> blobs_on_disk(const fs::path& root,
                                                 const std::vector<std::string>& paths) {
    std::vector<std::string> present;
    for (const auto& p : paths) {
        struct stat st {};
        if (::lstat((root / p).c_str(), &st) == 0 && S_ISREG(st.st_mode)) present.push_back(p);
    }
    std::map<std::string, std::string> out;
    if (present.empty()) return out;
    std::vector<std::string> args = {"git", "hash-object", "--"};
    args.insert(args.end(), present.begin(), present.end());
    auto ids = split(trim(run_process(args, root).out), '\n');
    for (std::size_t i = 0; i < ids.size() && i < present.size(); ++i)
        out[present[i]] = ids[i];
    return out;
}

enum class Landed { no, yes, partly };

// Is the interrupted change in history? HEAD may have moved since it began by its own commit,
// or by a commit of the user's own that swept up what it had staged, or by a pull: what counts
// is what HEAD holds of its files. As when the change began: no. As on disk now (the change's
// files): yes. Anything else: partly, which only a person can sort out.
Landed commit_landed(const fs::path& root, const Journal& journal, const GitState& git) {
    if (git.head == *journal.head) return Landed::no;
    std::vector<std::string> paths;
    for (const auto& step : journal.steps)
        paths.push_back(step.relative);
    auto now = blobs_in(root, "HEAD", paths);
    auto before = blobs_in(root, *journal.head, paths);
    auto disk = blobs_on_disk(root, paths);
    bool as_before = true, as_on_disk = true;
    for (const auto& p : paths) {
        as_before = as_before && now[p] == before[p];
        as_on_disk = as_on_disk && now[p] == disk[p];
    }
    return as_before ? Landed::no : as_on_disk ? Landed::yes : Landed::partly;
}

std::vector<std::string> journal_paths(const Journal& journal) {
    std::vector<std::string> paths;
    for (const auto& step : journal.steps)
        paths.push_back(step.relative);
    return paths;
}

GitState git_for_undo(const fs::path& root) {
    if (!in_git_work_tree(root))
        throw Error(ExitCode::git,
                    "a change that was stopped part-way is waiting to be put back, but git cannot "
                    "be run to say whether its commit was made",
                    "make git work here (`git status` says what is wrong; install it, or trust "
                    "the repository), then run the command again; nothing was changed");
    return git_state(root);
}

}  // namespace

namespace {

// For a change that was to be committed: whether its files are to be put back. No when
// nothing may be touched yet (git's index is locked: a git whose vfi was killed may still be
// committing; the files on disk are the change's, whole, so readers read on) or when its
// commit was made (then settled here).
bool to_be_put_back(const fs::path& root, const Journal& journal) {
    GitState git = git_for_undo(root);
    if (git.index_locked) return false;
    switch (commit_landed(root, journal, git)) {
        case Landed::yes:
            // Kept; git's index agrees with HEAD again, and the kept copies go with the next
            // sweep.
            git_unstage(root, journal_paths(journal));
            remove_journal(root);
            return false;
        case Landed::partly:
            throw Error(ExitCode::git, Location{journal_shown, 0, 0}, {},
                        "a change that was stopped part-way is only partly in git's history: "
                        "the last commits hold some of its files as it made them and some not",
                        "see `git status` and `git diff HEAD`, make the files and a commit say "
                        "what really happened, then delete .vfi/journal; nothing was changed");
        case Landed::no:
            break;
    }
    return true;
}

struct UndoAction {
    const UndoStep* step;
    bool restore;  // rename the kept copy back; else remove the new file
};

// Every step is proved before any is taken: the files must be the very ones vfi made or kept
// (their inodes), so a journal that came from elsewhere cannot name another file.
std::vector<UndoAction> prove_steps(const fs::path& root, const std::vector<UndoStep>& steps,
                                    std::map<std::string, Folder>& folders) {
    std::vector<UndoAction> actions;
    auto folder_of = [&](const std::string& relative) -> const Folder& {
        auto it = folders.find(relative);
        if (it == folders.end()) {
            auto folder = Folder::open(root, relative);
            if (!folder) untrusted_journal("it names a folder that does not exist");
            it = folders.emplace(relative, std::move(*folder)).first;
        }
        return it->second;
    };
    for (const auto& step : steps) {
        const Folder& folder = folder_of(step.folder);
        struct stat target = {};
        struct stat kept = {};
        EntryType target_type = folder.type_of(step.name, &target);
        bool target_is_ours = target_type == EntryType::file && target.st_ino == step.inode;
        if (!step.backup.empty()) {
            // Put back already, the kept copy's folder may have gone with it (.vfi/tmp).
            bool already_back = target_is_ours && !Folder::open(root, step.backup_folder);
            bool kept_there =
                !already_back &&
                folder_of(step.backup_folder).type_of(step.backup, &kept) == EntryType::file &&
                kept.st_ino == step.inode;
            if (kept_there)
                actions.push_back({&step, true});
            else if (!target_is_ours)  // not already put back
                untrusted_journal("a file it names is not the one vfi kept");
        } else if (target_is_ours) {
            actions.push_back({&step, false});
        } else if (target_type != EntryType::missing) {
            untrusted_journal("a file it names is not the one vfi made");
        }
    }
    return actions;
}

void take(const UndoAction& a, const std::map<std::string, Folder>& folders) {
    const Folder& folder = folders.at(a.step->folder);
    fs::path target = folder.path() / a.step->name;
    fs::path kept =
        a.restore ? folders.at(a.step->backup_folder).path() / a.step->backup : fs::path();
    struct stat now {};
    // Not yet replaced, the file and its kept copy are one: renaming one link over the other
    // would do nothing, so the copy just goes.
    bool same = a.restore && folder.type_of(a.step->name, &now) == EntryType::file &&
                now.st_ino == a.step->inode;
    int rc = !a.restore ? ::unlink(target.c_str())
             : same     ? ::unlink(kept.c_str())
                        : ::rename(kept.c_str(), target.c_str());
    if (rc != 0) io_error("cannot put back", a.step->relative, errno);
}

}  // namespace

int undo_interrupted_change(const fs::path& root) {
    auto vfi = Folder::open(root, ".vfi");
    if (!vfi || vfi->type_of(journal_name) == EntryType::missing) return 0;
    Journal journal = read_journal(root, *vfi);
    if (journal.head && !to_be_put_back(root, journal)) return 0;
    std::map<std::string, Folder> folders;
    std::vector<UndoAction> actions = prove_steps(root, journal.steps, folders);
    for (const auto& a : actions)
        take(a, folders);
    for (const auto& [name, folder] : folders)
        folder.sync();
    // What the change had staged goes too, so git's index agrees with the files again. Should
    // git not let go of its index, the journal stays (its files are back, so it then says only
    // that).
    if (journal.head && !git_unstage(root, journal_paths(journal)))
        return static_cast<int>(actions.size());
    remove_journal(root);
    return static_cast<int>(actions.size());
}

FileBatch::FileBatch(fs::path root) : root_(std::move(root)), modes_(file_modes(root_)) {}

FileBatch::~FileBatch() {
    // Landed and never finished: the journal stays, and the next command puts it back.
    if (committed_ || landed_) return;
    for (const auto& c : changes_)
        if (!c.temporary.empty()) ::unlink(scratch_path(c, c.temporary).c_str());
    remove_made_folders();
}

void FileBatch::remove_made_folders() {
    // Deepest first; a folder something else has been put in since stays.
    for (const auto& folder : made_folders_)
        ::rmdir(folder.c_str());
    made_folders_.clear();
}

Folder& FileBatch::folder(const std::string& relative_folder) {
    auto it = folders_.find(relative_folder);
    if (it != folders_.end()) return it->second;
    if (!Folder::open(root_, relative_folder)) {
        // Folders made for this batch go again if it never lands.
        std::vector<fs::path> missing;
        std::string part = relative_folder;
        while (!part.empty() && !Folder::open(root_, part)) {
            missing.push_back(root_ / part);
            part = split_path(part).first;
        }
        made_folders_.insert(made_folders_.end(), missing.begin(), missing.end());
    }
    return folders_.emplace(relative_folder, Folder::make(root_, relative_folder, modes_))
        .first->second;
}

// A change to the data directory keeps its scratch files in .vfi/tmp, when that is on the same
// disk as the file (a rename cannot cross disks); other batches, and files in .vfi, beside it.
std::string FileBatch::scratch_for(const std::string& relative_folder) {
    if (!journal_ || starts_with(relative_folder + "/", ".vfi/")) return relative_folder;
    vfi_folder(root_);
    struct stat here = {};
    struct stat there = {};
    Folder& scratch = folder(scratch_folder);
    if (::fstat(scratch.fd(), &there) == 0 && ::fstat(folder(relative_folder).fd(), &here) == 0 &&
        here.st_dev == there.st_dev)
        return scratch_folder;
    return relative_folder;
}

fs::path FileBatch::path_of(const Change& c, const std::string& name) const {
    return folders_.at(c.folder).path() / name;
}

fs::path FileBatch::scratch_path(const Change& c, const std::string& name) const {
    return folders_.at(c.scratch).path() / name;
}

void FileBatch::refuse_records(const std::string& relative) const {
    if (records_allowed_ || relative.size() < 5 ||
        relative.compare(relative.size() - 5, 5, ".yaml") != 0)
        return;
    for (Kind kind : all_kinds)
        if (starts_with(relative, std::string(kind_folder(kind)) + "/"))
            throw Error(ExitCode::internal, Location{relative, 0, 0}, {},
                        "a record was about to be written around the write gate",
                        "this is a bug in vfi: please report it; nothing was changed");
}

bool FileBatch::put(const std::string& relative, const std::string& content, Write how) {
    refuse_records(relative);
    auto [folder_part, name] = split_path(relative);
    Folder& where = folder(folder_part);
    struct stat old {};
    EntryType type = where.type_of(name, &old);
    if (type == EntryType::link || type == EntryType::folder || type == EntryType::other)
        throw Error(ExitCode::bad_data, Location{relative, 0, 0}, {},
                    type == EntryType::link
                        ? "is a symbolic link, and vfi never writes through a link"
                        : "is not a regular file",
                    "put the real file here instead, or delete it; nothing was changed");
    bool existed = type == EntryType::file;
    if (existed && how == Write::create)
        throw Error(ExitCode::io, Location{relative, 0, 0}, {},
                    "a file with this name already exists",
                    "run the command again; nothing was changed");
    if (existed) {
        std::string current;
        try {
            current = where.read(name);
        } catch (const Error&) {
        }
        if (current == content) return false;
    }
    Change change;
    change.relative = relative;
    change.folder = folder_part;
    change.name = name;
    change.scratch = scratch_for(folder_part);
    change.existed = existed;
    change.temporary = scratch_name("tmp." + name);
    // Never the old file's mode: a file someone else made may be open to anyone.
    int fd = folder(change.scratch).create(change.temporary, modes_.file);
    struct stat made {};
    if (::fstat(fd, &made) == 0) change.inode = made.st_ino;
    changes_.push_back(change);
    try {
        write_all(fd, content, relative);
        if (::fsync(fd) != 0) io_error("cannot flush to disk", relative, errno);
    } catch (...) {
        ::close(fd);
        throw;
    }
    if (::close(fd) != 0) io_error("cannot close", relative, errno);
    return true;
}

void FileBatch::remove(const std::string& relative) {
    refuse_records(relative);
    auto [folder_part, name] = split_path(relative);
    Folder& where = folder(folder_part);
    EntryType type = where.type_of(name);
    if (type != EntryType::file && type != EntryType::missing)
        throw Error(ExitCode::bad_data, Location{relative, 0, 0}, {}, "is not a regular file",
                    "remove it yourself; nothing was changed");
    Change change;
    change.relative = relative;
    change.folder = folder_part;
    change.name = name;
    change.scratch = scratch_for(folder_part);
    change.existed = type == EntryType::file;
    changes_.push_back(change);
}

void FileBatch::commit() {
    land();
    finish();
}

void FileBatch::land() {
    try {
        // Keep every file about to be replaced or removed, so a failure can put it back.
        for (auto& c : changes_) {
            if (!c.existed) continue;
            const Folder& where = folders_.at(c.folder);
            const Folder& scratch = folders_.at(c.scratch);
            std::string backup = scratch_name("old." + c.name);
            if (::linkat(where.fd(), c.name.c_str(), scratch.fd(), backup.c_str(), 0) != 0)
                io_error("cannot keep a copy of", c.relative, errno);
            c.backup = backup;
            struct stat kept {};
            if (scratch.type_of(backup, &kept) == EntryType::file) c.inode = kept.st_ino;
        }
        // Several files: a kill from here on must not leave some new and some old, so the
        // undo journal says how to put every one back; the next command does so.
        journalled_ = journal_ && (changes_.size() > 1 || commit_base_);
        if (journalled_) {
            std::string journal;
            if (commit_base_)
                journal += fmt::format("{}{}\n{}{}\n", head_line,
                                       commit_base_->empty() ? "-" : *commit_base_, message_line,
                                       commit_message_);
            for (const auto& c : changes_)
                journal +=
                    fmt::format("{}\t{}\t{}\n", c.relative,
                                c.backup.empty() ? "-" : c.scratch + "/" + c.backup, c.inode);
            write_journal(root_, journal);
        }
        for (auto& c : changes_) {
            fs::path target = path_of(c, c.name);
            if (c.temporary.empty()) {
                if (c.existed && ::unlink(target.c_str()) != 0)
                    io_error("cannot remove", c.relative, errno);
            } else if (::rename(scratch_path(c, c.temporary).c_str(), target.c_str()) != 0) {
                io_error("cannot move into place", c.relative, errno);
            }
            c.done = true;
        }
        for (const auto& [name, folder] : folders_)
            if (name != scratch_folder) folder.sync();
    } catch (...) {
        roll_back();
        if (journal_) remove_journal(root_);
        throw;
    }
    landed_ = true;
}

void FileBatch::finish() {
    if (journalled_) remove_journal(root_);
    committed_ = true;
    for (const auto& c : changes_)
        if (!c.backup.empty()) ::unlink(scratch_path(c, c.backup).c_str());
}

void FileBatch::undo() {
    roll_back();
    for (const auto& [name, folder] : folders_)
        if (name != scratch_folder) folder.sync();
}

void FileBatch::drop_journal() {
    if (journalled_) remove_journal(root_);
}

void FileBatch::roll_back() {
    for (auto it = changes_.rbegin(); it != changes_.rend(); ++it) {
        auto& c = *it;
        if (c.done) {
            if (!c.backup.empty())
                ::rename(scratch_path(c, c.backup).c_str(), path_of(c, c.name).c_str());
            else
                ::unlink(path_of(c, c.name).c_str());
            c.done = false;
            c.backup.clear();
        }
        if (!c.backup.empty()) ::unlink(scratch_path(c, c.backup).c_str());
        if (!c.temporary.empty()) ::unlink(scratch_path(c, c.temporary).c_str());
    }
    remove_made_folders();
    committed_ = true;  // nothing left to clean
}

std::vector<std::string> FileBatch::paths() const {
    std::vector<std::string> out;
    for (const auto& c : changes_)
        out.push_back(c.relative);
    return out;
}

}  // namespace vfi
