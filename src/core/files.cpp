#include "vfi/files.hpp"

#include <fcntl.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstring>
#include <set>
#include <thread>

#include <fmt/format.h>

#include "vfi/error.hpp"
#include "vfi/kind.hpp"
#include "vfi/text.hpp"

namespace fs = std::filesystem;

namespace vfi {
namespace {

constexpr std::string_view scratch_prefix = ".vfi-";

[[noreturn]] void io_error(const std::string& what, const std::string& file, int err) {
    std::string hint = "check the folder exists and you may write to it";
    if (err == ENOSPC || err == EDQUOT)
        hint = "the disk is full: free some space and run the command again";
    if (err == EACCES || err == EPERM) hint = "check the permissions of the data directory";
    if (err == EROFS) hint = "the data directory is on a read-only disk";
    throw Error(ExitCode::io, Location{file, 0, 0}, {},
                fmt::format("{}: {}", what, std::strerror(err)), hint + "; nothing was changed");
}

std::string random_suffix() {
    std::string id = os_random_id(Kind::session);
    return id.substr(2);
}

void write_all(int fd, const std::string& content, const std::string& shown) {
    std::size_t done = 0;
    while (done < content.size()) {
        ssize_t n = ::write(fd, content.data() + done, content.size() - done);
        if (n < 0) {
            if (errno == EINTR) continue;
            io_error("cannot write", shown, errno);
        }
        done += static_cast<std::size_t>(n);
    }
}

void fsync_folder(const fs::path& folder, const std::string& shown) {
    int fd = ::open(folder.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (fd < 0) io_error("cannot open folder", shown, errno);
    if (::fsync(fd) != 0) {
        int err = errno;
        ::close(fd);
        io_error("cannot flush folder to disk", shown, err);
    }
    ::close(fd);
}

fs::path journal_path(const fs::path& root) {
    return root / ".vfi" / "journal";
}

// Writes the journal whole and durably: a temporary, fsync, rename, fsync of `.vfi`.
void write_journal(const fs::path& root, const std::string& content) {
    fs::path journal = journal_path(root);
    make_folder(journal.parent_path());
    fs::path temporary =
        journal.parent_path() / fmt::format("{}journal.{}", scratch_prefix, random_suffix());
    int fd = ::open(temporary.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
    if (fd < 0) io_error("cannot create the undo journal", ".vfi/journal", errno);
    try {
        write_all(fd, content, ".vfi/journal");
        if (::fsync(fd) != 0) io_error("cannot flush to disk", ".vfi/journal", errno);
    } catch (...) {
        ::close(fd);
        ::unlink(temporary.c_str());
        throw;
    }
    ::close(fd);
    if (::rename(temporary.c_str(), journal.c_str()) != 0) {
        int err = errno;
        ::unlink(temporary.c_str());
        io_error("cannot move into place", ".vfi/journal", err);
    }
    fsync_folder(journal.parent_path(), ".vfi");
}

}  // namespace

bool has_interrupted_change(const fs::path& root) {
    struct stat st {};
    return ::lstat(journal_path(root).c_str(), &st) == 0;
}

int undo_interrupted_change(const fs::path& root) {
    fs::path journal = journal_path(root);
    std::string text;
    try {
        text = read_file(journal, ".vfi/journal");
    } catch (const Error& e) {
        if (e.code() == ExitCode::not_found) return 0;
        throw;
    }
    // Each line: the file's path from the root, a tab, then the name of the copy of the old
    // file beside it, or `-` when the change was making the file new.
    int undone = 0;
    std::set<fs::path> folders;
    for (const auto& line : split(text, '\n')) {
        auto tab = line.find('\t');
        if (tab == std::string::npos) continue;
        std::string relative = line.substr(0, tab), backup = line.substr(tab + 1);
        if (relative.empty() || relative.find("..") != std::string::npos || relative[0] == '/' ||
            backup.find('/') != std::string::npos)
            continue;  // never follow a journal out of the data directory
        fs::path target = root / relative;
        if (backup == "-") {
            if (::unlink(target.c_str()) == 0) ++undone;
        } else {
            fs::path old = target.parent_path() / backup;
            if (::rename(old.c_str(), target.c_str()) == 0) ++undone;
        }
        folders.insert(target.parent_path());
    }
    for (const auto& folder : folders)
        fsync_folder(folder, fs::relative(folder, root).string());
    if (::unlink(journal.c_str()) != 0 && errno != ENOENT)
        io_error("cannot remove", ".vfi/journal", errno);
    fsync_folder(journal.parent_path(), ".vfi");
    return undone;
}

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
                            "this is a folder, not a file",
                            "move the folder out of the data directory");
            io_error("cannot read", shown, err);
        }
        if (n == 0) break;
        out.append(buffer, static_cast<std::size_t>(n));
        if (out.size() > (16u << 20)) break;  // far past any cap: the parser reports the size
    }
    ::close(fd);
    return out;
}

bool is_scratch_name(const std::string& name) {
    return starts_with(name, scratch_prefix);
}

void make_folder(const fs::path& path) {
    if (fs::is_directory(path)) return;
    if (path.has_parent_path() && path.parent_path() != path) make_folder(path.parent_path());
    if (::mkdir(path.c_str(), 0700) != 0 && errno != EEXIST)
        io_error("cannot create folder", path.string(), errno);
}

DataLock::DataLock(const fs::path& root, double wait_seconds) {
    fs::path folder = root / ".vfi";
    make_folder(folder);
    fs::path file = folder / "lock";
    fd_ = ::open(file.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0600);
    if (fd_ < 0) io_error("cannot open the lock file", ".vfi/lock", errno);
    auto deadline = std::chrono::steady_clock::now() + std::chrono::duration<double>(wait_seconds);
    while (::flock(fd_, LOCK_EX | LOCK_NB) != 0) {
        if (errno != EWOULDBLOCK && errno != EINTR) {
            int err = errno;
            ::close(fd_);
            io_error("cannot lock the data directory", ".vfi/lock", err);
        }
        if (std::chrono::steady_clock::now() >= deadline) {
            ::close(fd_);
            fd_ = -1;
            throw Error(ExitCode::locked, "another vfi command is changing this data directory",
                        "wait for it to finish and run the command again; nothing was changed");
        }
        std::this_thread::sleep_for(std::chrono::milliseconds(5));
    }
}

DataLock::~DataLock() {
    if (fd_ >= 0) ::close(fd_);  // closing releases the flock
}

int sweep_scratch(const fs::path& root, const std::vector<std::string>& folders) {
    int removed = 0;
    for (const auto& folder : folders) {
        std::error_code ec;
        for (const auto& entry : fs::directory_iterator(root / folder, ec)) {
            auto name = entry.path().filename().string();
            if (is_scratch_name(name) && ::unlink(entry.path().c_str()) == 0) ++removed;
        }
    }
    return removed;
}

FileBatch::FileBatch(fs::path root) : root_(std::move(root)) {}

FileBatch::~FileBatch() {
    if (committed_) return;
    for (const auto& c : changes_)
        if (!c.temporary.empty()) ::unlink(c.temporary.c_str());
    remove_made_folders();
}

void FileBatch::remove_made_folders() {
    // Deepest first; a folder something else has been put in since stays.
    for (const auto& folder : made_folders_)
        ::rmdir(folder.c_str());
    made_folders_.clear();
}

bool FileBatch::put(const std::string& relative, const std::string& content, bool must_be_new) {
    fs::path target = root_ / relative;
    struct stat old {};
    bool existed = ::lstat(target.c_str(), &old) == 0;
    if (existed && must_be_new)
        throw Error(ExitCode::io, Location{relative, 0, 0}, {},
                    "a file with this name already exists",
                    "run the command again; nothing was changed");
    if (existed) {
        std::string current;
        try {
            current = read_file(target, relative);
        } catch (const Error&) {
        }
        if (current == content) return false;
    }
    // Folders made for this batch go again if it never lands.
    std::vector<fs::path> missing;
    for (fs::path f = target.parent_path(); !f.empty() && !fs::exists(f) && f != f.parent_path();
         f = f.parent_path())
        missing.push_back(f);
    make_folder(target.parent_path());
    made_folders_.insert(made_folders_.end(), missing.begin(), missing.end());
    fs::path temporary =
        target.parent_path() /
        fmt::format("{}tmp.{}.{}", scratch_prefix, target.filename().string(), random_suffix());
    mode_t mode = existed ? (old.st_mode & 07777) : 0600;
    int fd = ::open(temporary.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, mode);
    if (fd < 0) io_error("cannot create a temporary file", relative, errno);
    changes_.push_back(Change{relative, target, temporary, {}, existed, false});
    write_all(fd, content, relative);
    if (existed && ::fchmod(fd, mode) != 0) {
        // Keeping the old mode is a courtesy; 0600 is safe.
    }
    if (::fsync(fd) != 0) {
        int err = errno;
        ::close(fd);
        io_error("cannot flush to disk", relative, err);
    }
    if (::close(fd) != 0) io_error("cannot close", relative, errno);
    return true;
}

void FileBatch::remove(const std::string& relative) {
    fs::path target = root_ / relative;
    changes_.push_back(Change{relative, target, {}, {}, fs::exists(target), false});
}

void FileBatch::commit() {
    std::set<fs::path> folders;
    try {
        // Keep every file about to be replaced or removed, so a failure can put it back.
        for (auto& c : changes_) {
            if (!c.existed) continue;
            c.backup =
                c.target.parent_path() / fmt::format("{}old.{}.{}", scratch_prefix,
                                                     c.target.filename().string(), random_suffix());
            if (::link(c.target.c_str(), c.backup.c_str()) != 0) {
                c.backup.clear();
                io_error("cannot keep a copy of", c.relative, errno);
            }
        }
        // Several files: a kill from here on must not leave some new and some old, so the
        // undo journal says how to put every one back; the next command does so.
        bool journalled = journal_ && changes_.size() > 1;
        if (journalled) {
            std::string journal;
            for (const auto& c : changes_)
                journal += fmt::format("{}\t{}\n", c.relative,
                                       c.backup.empty() ? "-" : c.backup.filename().string());
            write_journal(root_, journal);
        }
        for (auto& c : changes_) {
            if (c.temporary.empty()) {
                if (c.existed && ::unlink(c.target.c_str()) != 0)
                    io_error("cannot remove", c.relative, errno);
            } else if (::rename(c.temporary.c_str(), c.target.c_str()) != 0) {
                io_error("cannot move into place", c.relative, errno);
            }
            c.done = true;
            folders.insert(c.target.parent_path());
        }
        for (const auto& folder : folders)
            fsync_folder(folder, fs::relative(folder, root_).string());
        if (journalled) {
            if (::unlink(journal_path(root_).c_str()) != 0)
                io_error("cannot remove", ".vfi/journal", errno);
            fsync_folder(journal_path(root_).parent_path(), ".vfi");
        }
    } catch (...) {
        roll_back();
        if (journal_) ::unlink(journal_path(root_).c_str());
        throw;
    }
    committed_ = true;
    for (const auto& c : changes_)
        if (!c.backup.empty()) ::unlink(c.backup.c_str());
}

void FileBatch::roll_back() {
    for (auto it = changes_.rbegin(); it != changes_.rend(); ++it) {
        auto& c = *it;
        if (c.done) {
            if (!c.backup.empty())
                ::rename(c.backup.c_str(), c.target.c_str());
            else
                ::unlink(c.target.c_str());
            c.done = false;
            c.backup.clear();
        }
        if (!c.backup.empty()) ::unlink(c.backup.c_str());
        if (!c.temporary.empty()) ::unlink(c.temporary.c_str());
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
