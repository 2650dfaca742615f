// Folders of the data directory, reached safely. Anything in a data directory may have come
// from someone else through git, symbolic links included, so every folder vfi reads or writes
// in is opened from the data directory's root one name at a time without following a link,
// and every file in it is opened the same way: nothing a link points at outside the data
// directory is ever read, written or removed. (The root itself is the user's own choice of
// path, and may be a link.)
#pragma once

#include <sys/stat.h>
#include <sys/types.h>

#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace vfi {

// The modes of the files and folders vfi makes: private to the user (0600 and 0700), unless
// git's `core.sharedRepository` says the repository is shared, when the group (`group`,
// `true`) or the group and everyone (`all`, `world`, `everybody`) get what git gives them, or
// an octal mode as given (`0640`). Folders made for a group are set-group-id, as git makes
// them, so the files in them stay the group's.
struct FileModes {
    mode_t file = 0600;
    mode_t folder = 0700;
    bool shared = false;  // a group shares the data directory
};
FileModes modes_for_shared_setting(std::string_view core_shared_repository);
// The modes for the data directory at `root`, asking git once per process; when git cannot
// run or refuses the repository (a colleague's account, "dubious ownership"), reading the
// setting from the repository's own .git/config, so a shared folder stays shared.
const FileModes& file_modes(const std::filesystem::path& root);
// `core.sharedRepository` as the .git/config of the repository holding `root` sets it, or "".
std::string shared_setting_from_config(const std::filesystem::path& root);

// What a name in a folder is, without following it.
enum class EntryType { missing, file, folder, link, other };
EntryType entry_type(const struct stat& st);

class Folder {
  public:
    // The folder `relative` (`partners`, `.vfi/cache`; "" for the root) of the data directory
    // at `root`, or nullopt when it (or a folder on the way) does not exist. Throws
    // Error(bad_data) naming the first name on the way that is a symbolic link or not a
    // folder.
    static std::optional<Folder> open(const std::filesystem::path& root, std::string_view relative);
    // The same, making the missing folders (mode `modes.folder`).
    static Folder make(const std::filesystem::path& root, std::string_view relative,
                       const FileModes& modes);

    Folder(Folder&& other) noexcept;
    Folder& operator=(Folder&& other) noexcept;
    Folder(const Folder&) = delete;
    Folder& operator=(const Folder&) = delete;
    ~Folder();

    int fd() const { return fd_; }
    const std::filesystem::path& path() const { return path_; }  // root / relative
    // The folder as messages name it: `partners`, `.vfi/cache`, or `.` for the root.
    const std::string& shown() const { return shown_; }
    // `partners/P-7KQ2MD.yaml`: a name in this folder as messages name it.
    std::string shown(std::string_view name) const;

    // What `name` is (not following a link); `st` gets its stat when given.
    EntryType type_of(const std::string& name, struct stat* st = nullptr) const;
    // Opens `name` for reading: a regular file, never a link, a FIFO or a device (a FIFO
    // would hang the command). Throws Error(not_found) when it is missing and Error(bad_data)
    // for anything but a regular file. `st` gets the stat of the file opened.
    int open_file(const std::string& name, struct stat* st = nullptr) const;
    // The whole of a regular file (as open_file), read up to `limit` bytes and a little more,
    // so a parser can say how far over a limit it is.
    std::string read(const std::string& name, std::size_t limit = 16u << 20) const;
    // Makes a new file with exactly `mode` (O_CREAT|O_EXCL|O_NOFOLLOW): never an existing
    // file, never through a link. Returns the open descriptor; Error(io) on failure.
    int create(const std::string& name, mode_t mode) const;
    // The names in the folder, sorted, with what each is (links are not followed).
    std::vector<std::pair<std::string, EntryType>> entries() const;
    // Flushes the folder's entries (new names, renames) to disk. Error(io) on failure.
    void sync() const;

  private:
    Folder(int fd, std::filesystem::path path, std::string shown);
    int fd_ = -1;
    std::filesystem::path path_;
    std::string shown_;
};

// Error(io) for a failed system call on `file`, with a hint fitting errno (a full disk, a
// read-only disk, permissions), ending "nothing was changed".
[[noreturn]] void io_error(const std::string& what, const std::string& file, int err);

// Writes all of `content` to `fd`, retrying short writes. Error(io) on failure.
void write_all(int fd, std::string_view content, const std::string& shown);
// Reads exactly `size` bytes from `fd` into `out` (a file whose stat said so), retrying short
// reads; false when the file is shorter now or cannot be read.
bool read_exactly(int fd, std::size_t size, std::string& out);

}  // namespace vfi
