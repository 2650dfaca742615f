#include "vfi/store/folder.hpp"

#include <dirent.h>
#include <fcntl.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdint>
#include <cstring>
#include <map>
#include <mutex>

#include <fmt/format.h>

#include "vfi/base/error.hpp"
#include "vfi/base/process.hpp"
#include "vfi/base/text.hpp"
#include "vfi/store/files.hpp"

namespace fs = std::filesystem;

namespace vfi {

void io_error(const std::string& what, const std::string& file, int err) {
    std::string hint = "check the folder exists and you may write to it";
    if (err == ENOSPC || err == EDQUOT)
        hint = "the disk is full: free some space and run the command again";
    if (err == EACCES || err == EPERM) hint = "check the permissions of the data directory";
    if (err == EROFS) hint = "the data directory is on a read-only disk";
    throw Error(ExitCode::io, Location{file, 0, 0}, {},
                fmt::format("{}: {}", what, std::strerror(err)), hint + "; nothing was changed");
}

void write_all(int fd, std::string_view content, const std::string& shown) {
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

FileModes modes_for_shared_setting(std::string_view value) {
    std::string v = lower(trim(value));
    FileModes modes;
    if (v == "group" || v == "true" || v == "1" || v == "yes" || v == "on")
        return {0660, 02770, true};
    if (v == "all" || v == "world" || v == "everybody" || v == "2") return {0664, 02775, true};
    // `0640`: an octal mode, as git takes it; the user keeps read and write.
    if (v.size() >= 2 && v[0] == '0' &&
        std::all_of(v.begin() + 1, v.end(), [](char c) { return c >= '0' && c <= '7'; })) {
        // Never writable by everyone, whatever the mode says: a record open to any account
        // on the computer could be changed by anyone there, unseen by git.
        mode_t mode = static_cast<mode_t>(std::stoul(v, nullptr, 8)) & 0664;
        mode |= 0600;
        mode_t folder = mode | ((mode & 0444) >> 2);  // search wherever it may be read
        bool group = (mode & 0060) != 0;
        return {mode, group ? (folder | 02000) : folder, group};
    }
    return modes;
}

const FileModes& file_modes(const fs::path& root) {
    static std::mutex guard;
    static std::map<fs::path, FileModes> known;
    std::lock_guard<std::mutex> lock(guard);
    auto it = known.find(root);
    if (it != known.end()) return it->second;
    FileModes modes;
    auto r = run_process({"git", "config", "--get", "core.sharedRepository"}, root);
    if (r.status == 0)
        modes = modes_for_shared_setting(r.out);
    else if (r.status != 1)  // git cannot run, or refuses the repository: ask its config file
        modes = modes_for_shared_setting(shared_setting_from_config(root));
    return known.emplace(root, modes).first->second;
}

std::string shared_setting_from_config(const fs::path& root) {
    std::error_code ec;
    for (fs::path d = fs::absolute(root, ec); !d.empty(); d = d.parent_path()) {
        struct stat st {};
        if (::lstat((d / ".git").c_str(), &st) == 0) {
            if (!S_ISDIR(st.st_mode)) return {};  // a worktree's .git file: not followed
            std::string text;
            try {
                text = read_file(d / ".git" / "config", ".git/config");
            } catch (const Error&) {
                return {};
            }
            // The last `sharedRepository` under a `[core]` section (names in any case).
            std::string value, section;
            for (const auto& line : split(text, '\n')) {
                if (line.front() == '[') {
                    section = lower(line.substr(1, line.find_first_of(" ]") - 1));
                    continue;
                }
                auto eq = line.find('=');
                if (section == "core" && eq != std::string::npos &&
                    lower(trim(line.substr(0, eq))) == "sharedrepository")
                    value = trim(line.substr(eq + 1));
            }
            return value;
        }
        if (d == d.parent_path()) break;
    }
    return {};
}

EntryType entry_type(const struct stat& st) {
    if (S_ISREG(st.st_mode)) return EntryType::file;
    if (S_ISDIR(st.st_mode)) return EntryType::folder;
    if (S_ISLNK(st.st_mode)) return EntryType::link;
    return EntryType::other;
}

namespace {

// Why a name on the way to a folder cannot be used, as an Error naming it.
[[noreturn]] void not_a_folder(int parent, const std::string& name, const std::string& shown) {
    struct stat st {};
    bool is_link =
        ::fstatat(parent, name.c_str(), &st, AT_SYMLINK_NOFOLLOW) == 0 && S_ISLNK(st.st_mode);
    if (is_link)
        throw Error(ExitCode::bad_data, Location{shown, 0, 0}, {},
                    "is a symbolic link, and vfi never follows a link inside a data directory",
                    fmt::format("put the real folder here instead of the link, or delete the "
                                "link (if it came through git, `git log -- '{}'` shows who added "
                                "it); nothing was changed",
                                shown));
    throw Error(ExitCode::bad_data, Location{shown, 0, 0}, {},
                "is not a folder, but vfi keeps a folder under this name",
                "move it out of the data directory; nothing was changed");
}

std::vector<std::string> parts_of(std::string_view relative) {
    std::vector<std::string> parts;
    std::size_t start = 0;
    while (start <= relative.size()) {
        auto end = relative.find('/', start);
        if (end == std::string_view::npos) end = relative.size();
        std::string part(relative.substr(start, end - start));
        if (part == "..")
            throw Error(ExitCode::internal,
                        fmt::format("a path leaving the data directory: {}", std::string(relative)),
                        "this is a bug in vfi: please report it");
        if (!part.empty() && part != ".") parts.push_back(std::move(part));
        start = end + 1;
    }
    return parts;
}

// The folder's descriptor, or -1 when a folder on the way is missing (and not to be made).
int walk(const fs::path& root, std::string_view relative, const FileModes* make,
         std::string& shown_out) {
    int fd = ::open(root.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (fd < 0 && errno == ENOENT && make) {
        // The root is a path the user chose (a report's folder): made as they named it.
        std::error_code ec;
        std::vector<fs::path> missing;
        for (fs::path p = root; !p.empty() && !fs::exists(p, ec) && p != p.parent_path();
             p = p.parent_path())
            missing.push_back(p);
        for (auto it = missing.rbegin(); it != missing.rend(); ++it)
            if (::mkdir(it->c_str(), make->folder & 07777) != 0 && errno != EEXIST)
                io_error("cannot create folder", it->string(), errno);
        fd = ::open(root.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    }
    if (fd < 0) {
        if (errno == ENOENT && !make) return -1;
        io_error("cannot open the data directory", root.string(), errno);
    }
    std::string shown;
    for (const auto& part : parts_of(relative)) {
        shown += (shown.empty() ? "" : "/") + part;
        int next = ::openat(fd, part.c_str(), O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
        if (next < 0 && errno == ENOENT && make) {
            if (::mkdirat(fd, part.c_str(), make->folder & 07777) != 0 && errno != EEXIST) {
                int err = errno;
                ::close(fd);
                io_error("cannot create folder", shown, err);
            }
            next = ::openat(fd, part.c_str(), O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
            // mkdir takes off what the umask says; a shared folder must keep the group's bits.
            if (next >= 0 && make->shared) (void)::fchmod(next, make->folder & 07777);
        }
        if (next < 0) {
            int err = errno;
            if (err == ENOENT) {
                ::close(fd);
                return -1;
            }
            if (err == ELOOP || err == ENOTDIR) {
                try {
                    not_a_folder(fd, part, shown);
                } catch (...) {
                    ::close(fd);
                    throw;
                }
            }
            ::close(fd);
            io_error("cannot open folder", shown, err);
        }
        ::close(fd);
        fd = next;
    }
    shown_out = shown.empty() ? "." : shown;
    return fd;
}

}  // namespace

Folder::Folder(int fd, fs::path path, std::string shown)
    : fd_(fd), path_(std::move(path)), shown_(std::move(shown)) {}

Folder::Folder(Folder&& other) noexcept
    : fd_(std::exchange(other.fd_, -1)),
      path_(std::move(other.path_)),
      shown_(std::move(other.shown_)) {}

Folder& Folder::operator=(Folder&& other) noexcept {
    if (this != &other) {
        if (fd_ >= 0) ::close(fd_);
        fd_ = std::exchange(other.fd_, -1);
        path_ = std::move(other.path_);
        shown_ = std::move(other.shown_);
    }
    return *this;
}

Folder::~Folder() {
    if (fd_ >= 0) ::close(fd_);
}

std::optional<Folder> Folder::open(const fs::path& root, std::string_view relative) {
    std::string shown;
    int fd = walk(root, relative, nullptr, shown);
    if (fd < 0) return std::nullopt;
    return Folder(fd, shown == "." ? root : root / relative, shown);
}

Folder Folder::make(const fs::path& root, std::string_view relative, const FileModes& modes) {
    std::string shown;
    int fd = walk(root, relative, &modes, shown);
    if (fd < 0) io_error("cannot create folder", std::string(relative), ENOENT);
    return Folder(fd, shown == "." ? root : root / relative, shown);
}

std::string Folder::shown(std::string_view name) const {
    return shown_ == "." ? std::string(name) : shown_ + "/" + std::string(name);
}

EntryType Folder::type_of(const std::string& name, struct stat* st) const {
    struct stat own {};
    struct stat& s = st ? *st : own;
    if (::fstatat(fd_, name.c_str(), &s, AT_SYMLINK_NOFOLLOW) != 0) return EntryType::missing;
    return entry_type(s);
}

int Folder::open_file(const std::string& name, struct stat* st) const {
    // O_NONBLOCK: opening a FIFO for reading would otherwise wait for a writer forever.
    int fd = ::openat(fd_, name.c_str(), O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_NOCTTY | O_CLOEXEC);
    std::string file = shown(name);
    if (fd < 0) {
        int err = errno;
        if (err == ENOENT)
            throw Error(ExitCode::not_found, Location{file, 0, 0}, {}, "no such file",
                        "check the name, or run `vfi check` to see what is there");
        if (err == ELOOP)
            throw Error(ExitCode::bad_data, Location{file, 0, 0}, {},
                        "is a symbolic link, and vfi never follows a link inside a data "
                        "directory",
                        "put the real file here instead of the link, or delete the link");
        if (err == ENXIO)  // a socket
            throw Error(ExitCode::bad_data, Location{file, 0, 0}, {},
                        "is not a regular file (a socket)", "move it out of the data directory");
        io_error("cannot open", file, err);
    }
    struct stat own {};
    struct stat& s = st ? *st : own;
    if (::fstat(fd, &s) != 0 || !S_ISREG(s.st_mode)) {
        ::close(fd);
        std::string what = S_ISDIR(s.st_mode)    ? "a folder"
                           : S_ISFIFO(s.st_mode) ? "a FIFO (a named pipe)"
                                                 : "a device or other special file";
        throw Error(ExitCode::bad_data, Location{file, 0, 0}, {},
                    fmt::format("is {}, not a regular file", what),
                    "move it out of the data directory");
    }
    return fd;
}

std::string Folder::read(const std::string& name, std::size_t limit) const {
    int fd = open_file(name);
    std::string out;
    char buffer[16384];
    while (out.size() <= limit) {
        ssize_t n = ::read(fd, buffer, sizeof buffer);
        if (n < 0) {
            if (errno == EINTR) continue;
            int err = errno;
            ::close(fd);
            io_error("cannot read", shown(name), err);
        }
        if (n == 0) break;
        out.append(buffer, static_cast<std::size_t>(n));
    }
    ::close(fd);
    return out;
}

bool read_exactly(int fd, std::size_t size, std::string& out) {
    out.resize(size);
    std::size_t done = 0;
    while (done < size) {
        ssize_t n = ::read(fd, out.data() + done, size - done);
        if (n < 0 && errno == EINTR) continue;
        if (n <= 0) return false;
        done += static_cast<std::size_t>(n);
    }
    return true;
}

int Folder::create(const std::string& name, mode_t mode) const {
    int fd = ::openat(fd_, name.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC,
                      mode & 0777);
    if (fd < 0) io_error("cannot create a file", shown(name), errno);
    // The umask takes bits off; a file shared with a group must keep the group's.
    if ((mode & 0077) != 0) (void)::fchmod(fd, mode & 0777);
    return fd;
}

namespace {

// The first eight bytes of a name as one number, in the order of its bytes (a shorter name
// padded with zeros, which no name holds, so it comes first as it does by bytes).
std::uint64_t name_prefix(const std::string& name) {
    std::uint64_t key = 0;
    for (std::size_t i = 0; i < 8; ++i)
        key = key << 8 | (i < name.size() ? static_cast<unsigned char>(name[i]) : 0u);
    return key;
}

// In order of name, byte by byte, as std::sort of the pairs would give (names in a folder
// differ, so the type never decides): sorted by a number made of each name's first eight bytes,
// and by the whole name only where those are the same. Records' names differ within them, so
// a national folder of 22,728 sessions sorts with no string compared.
std::vector<std::pair<std::string, EntryType>> sorted_by_name(
    std::vector<std::pair<std::string, EntryType>> entries) {
    std::vector<std::pair<std::uint64_t, std::uint32_t>> order(entries.size());
    for (std::size_t i = 0; i < entries.size(); ++i)
        order[i] = {name_prefix(entries[i].first), static_cast<std::uint32_t>(i)};
    std::sort(order.begin(), order.end(), [&](const auto& a, const auto& b) {
        if (a.first != b.first) return a.first < b.first;
        return entries[a.second] < entries[b.second];
    });
    std::vector<std::pair<std::string, EntryType>> out;
    out.reserve(entries.size());
    for (const auto& [key, at] : order)
        out.push_back(std::move(entries[at]));
    return out;
}

}  // namespace

std::vector<std::pair<std::string, EntryType>> Folder::entries() const {
    std::vector<std::pair<std::string, EntryType>> out;
    int copy = ::dup(fd_);
    if (copy < 0) return out;
    DIR* dir = ::fdopendir(copy);
    if (!dir) {
        ::close(copy);
        return out;
    }
    ::rewinddir(dir);
    while (const dirent* e = ::readdir(dir)) {
        std::string name = e->d_name;
        if (name == "." || name == "..") continue;
        EntryType type = EntryType::other;
        switch (e->d_type) {
            case DT_REG:
                type = EntryType::file;
                break;
            case DT_DIR:
                type = EntryType::folder;
                break;
            case DT_LNK:
                type = EntryType::link;
                break;
            case DT_UNKNOWN:
                type = type_of(name);
                break;
            default:
                type = EntryType::other;
        }
        out.emplace_back(std::move(name), type);
    }
    ::closedir(dir);
    return sorted_by_name(std::move(out));
}

void Folder::sync() const {
    if (::fsync(fd_) != 0) io_error("cannot flush folder to disk", shown_, errno);
}

}  // namespace vfi
