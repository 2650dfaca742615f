// Files on disk: reading with plain errors, the data directory's lock, and a batch of writes
// that lands together: each file written to a temporary beside its target, flushed to disk,
// then all renamed into place at the end. Any failure before the renames changes nothing;
// a failure during them puts back what was already replaced.
#pragma once

#include <filesystem>
#include <string>
#include <vector>

namespace vfi {

// The whole file, or Error(io/not_found) naming it. `shown` is the name used in messages.
std::string read_file(const std::filesystem::path& path, const std::string& shown);

// Names vfi gives its own scratch files; never read as records, swept under the lock.
bool is_scratch_name(const std::string& file_name);

// An exclusive flock on `.vfi/lock` in the data directory, held while the object lives.
// Waits up to `wait_seconds` for another vfi to finish, then throws Error(locked).
class DataLock {
  public:
    DataLock(const std::filesystem::path& root, double wait_seconds);
    ~DataLock();
    DataLock(const DataLock&) = delete;
    DataLock& operator=(const DataLock&) = delete;

  private:
    int fd_ = -1;
};

// Removes scratch files a killed vfi left in `folders` (call under the lock).
// Returns how many were removed.
int sweep_scratch(const std::filesystem::path& root, const std::vector<std::string>& folders);

// A change to several files that a kill interrupted mid-way leaves an undo journal,
// `.vfi/journal`: each file it was replacing and the copy of the old one. Under the lock,
// this puts every file back as it was before that change and removes the journal. Returns
// how many files it put back (0 when there was no journal).
int undo_interrupted_change(const std::filesystem::path& root);
// True when a journal is waiting to be undone (a cheap check any reader can make).
bool has_interrupted_change(const std::filesystem::path& root);

class FileBatch {
  public:
    explicit FileBatch(std::filesystem::path root);
    // Batches of several files in a data directory keep an undo journal while they land.
    void keep_journal() { journal_ = true; }
    ~FileBatch();  // removes temporaries of a batch never committed
    FileBatch(const FileBatch&) = delete;
    FileBatch& operator=(const FileBatch&) = delete;

    // Stages `content` for `relative` (e.g. `partners/P-7KQ2MD.yaml`). `must_be_new` refuses
    // to replace an existing file. Writes and fsyncs the temporary now. Returns false (and
    // stages nothing) when the file already holds exactly this content.
    bool put(const std::string& relative, const std::string& content, bool must_be_new = false);
    // Stages the removal of `relative`.
    void remove(const std::string& relative);
    // Renames everything into place and fsyncs the folders. Throws Error(io) after putting
    // back what it had replaced.
    void commit();
    // Paths changed, relative to the root, in the order staged.
    std::vector<std::string> paths() const;
    bool empty() const { return changes_.empty(); }

  private:
    struct Change {
        std::string relative;
        std::filesystem::path target;
        std::filesystem::path temporary;  // empty for a removal
        std::filesystem::path backup;     // the old file, kept until the batch lands
        bool existed = false;
        bool done = false;
    };
    void roll_back();
    void remove_made_folders();

    std::filesystem::path root_;
    std::vector<Change> changes_;
    bool committed_ = false;
    bool journal_ = false;
    std::vector<std::filesystem::path> made_folders_;  // deepest first
};

// Makes a folder (and parents) with mode 0700 (less the umask) when missing.
void make_folder(const std::filesystem::path& path);

}  // namespace vfi
