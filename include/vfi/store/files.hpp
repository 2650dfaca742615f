// Files on disk: reading with plain errors, the data directory's lock, and a batch of writes
// that lands together: each file written to a new temporary beside its target, flushed to
// disk, then all renamed into place at the end. Any failure before the renames changes
// nothing; a failure during them puts back what was already replaced; a kill during them
// leaves an undo journal that the next command acts on, once it has proved vfi wrote it.
// Everything goes through Folder (folder.hpp): no symbolic link is ever followed.
#pragma once

#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "vfi/store/folder.hpp"

namespace vfi {

// A file the user named (an import CSV, --notes-file, --from-file), read whole; a FIFO or
// standard input given on purpose is read too. Error(io/not_found) naming it as `shown`.
std::string read_file(const std::filesystem::path& path, const std::string& shown);
// Throws Error(bad_data) at the line and column of the first byte of `text` (read from
// `shown`) that is not UTF-8 text, or of a NUL byte.
void require_text(std::string_view text, const std::string& shown);
// A file of the data directory (`partners/P-7KQ2MD.yaml`, `vfi.yaml`): a regular file reached
// without following a link (Folder::open_file), never a FIFO.
std::string read_data_file(const std::filesystem::path& root, const std::string& relative);

// Does git track any of `relatives` (paths from `root`)? Also true when `root` is in a git
// work tree but git cannot be run to say: a file vfi must prove it made (a journal, a draft,
// a scratch file to sweep) is then never taken as its own.
bool git_may_track(const std::filesystem::path& root, const std::vector<std::string>& relatives);

// Names vfi gives its own scratch files (`.vfi-...`): never read as records.
bool is_scratch_name(const std::string& file_name);
// A new scratch name for `purpose` (`tmp.P-7KQ2MD.yaml`): `.vfi-tmp.P-7KQ2MD.yaml.X7K2QF`,
// random, so two commands never pick the same one.
std::string scratch_name(const std::string& purpose);

// vfi's own folder in the data directory, made when missing (with the programme's modes) and
// ignoring itself in git: a `.gitignore` holding `*`, so `git add -A` never commits its lock,
// cache or drafts, whatever the data directory's own .gitignore says.
Folder vfi_folder(const std::filesystem::path& root);

// The flock on `.vfi/lock` that lets every command see each change whole: commands that only
// read hold it shared while they read, a command that writes holds it alone while it writes.
// A reader of a data directory it cannot write to (no `.vfi`, no permission) reads without
// it, since nobody can be writing there either.
class DataLock {
  public:
    enum class Mode { shared, exclusive };
    // Waits up to `wait_seconds` for the lock, then throws Error(locked).
    DataLock(const std::filesystem::path& root, Mode mode, double wait_seconds);
    ~DataLock();
    DataLock(const DataLock&) = delete;
    DataLock& operator=(const DataLock&) = delete;

    // Changes the mode held, waiting as the constructor does. Going from shared to exclusive
    // lets go first: anything read before must be read again (writers read after locking).
    void change(Mode mode, double wait_seconds);
    // Lets go: an interactive command does so before it waits for a person.
    void release();
    void release_if_shared();
    bool held() const { return held_; }
    int alone_fd() const { return held_ && mode_ == Mode::exclusive ? fd_ : -1; }

  private:
    void open(Mode mode, double wait_seconds);
    void take(Mode mode, double wait_seconds);
    std::filesystem::path root_;
    int fd_ = -1;
    bool held_ = false;
    Mode mode_ = Mode::shared;
};

// Lets go of every lock this process holds shared: a command that has read what it needs
// calls it before it prints, so a pager waiting on its output holds no writer up. (Locks held
// alone, by a change, are kept.)
void release_shared_locks();

// The lock this process holds alone (a change under way), or -1. git_commit hands it to the
// git it runs, so that a vfi killed mid-commit leaves the lock held by its git until git
// ends: no other vfi puts the change back while git may still make the commit.
int exclusive_lock_fd();

// Removes scratch files a killed vfi left in the record folders, `.vfi/tmp` and `.vfi/cache` (any
// age: call under the exclusive lock) and in `.vfi` (the journal's, and others older than ten
// minutes: `edit` writes its drafts there without the lock).
// Only regular files with vfi's exact scratch names, owned by this user, that git does not
// track. Returns how many were removed.
int sweep_scratch(const std::filesystem::path& root);

// A change to several files that a kill interrupted mid-way leaves an undo journal,
// `.vfi/journal`: each file it was replacing, the copy of the old one, and the inode of the
// file vfi made. Under the exclusive lock, this puts every file back as it was and removes the
// journal, but only when it can prove vfi wrote it: a regular file owned by this user (or the
// group sharing the directory), not tracked by git, naming only records in the record folders
// and files with exactly the inodes vfi recorded. Otherwise it throws Error(bad_data) and
// changes nothing. Returns how many files it put back (0 when there was no journal).
int undo_interrupted_change(const std::filesystem::path& root);
// True when a journal is waiting to be undone (a cheap check any reader can make).
bool has_interrupted_change(const std::filesystem::path& root);

struct FileBatchTest;  // the unit tests' door to writing records with a bare batch

// A change of the data directory (keep_journal) keeps its temporaries and the copies of the
// files it replaces in `.vfi/tmp`, never beside the records where git would see them; other
// batches (a report, a draft) beside their files.
// Whether a file written is new (an existing one is then refused) or may replace one.
enum class Write { replace, create };

class FileBatch {
  public:
    explicit FileBatch(std::filesystem::path root);
    // Batches of several files in a data directory keep an undo journal while they land.
    void keep_journal() { journal_ = true; }
    ~FileBatch();  // removes temporaries of a batch never committed
    FileBatch(const FileBatch&) = delete;
    FileBatch& operator=(const FileBatch&) = delete;

    // Stages `content` for `relative` (e.g. `partners/P-7KQ2MD.yaml`). Write::create refuses
    // to replace an existing file. Writes and fsyncs the temporary now. Returns false (and
    // stages nothing) when the file already holds exactly this content. Refuses (bad_data) to
    // replace a symbolic link or anything but a regular file.
    bool put(const std::string& relative, const std::string& content, Write how = Write::replace);
    // Stages the removal of `relative`.
    void remove(const std::string& relative);
    // Renames everything into place and fsyncs the folders. Throws Error(io) after putting
    // back what it had replaced. The same as land() then finish().
    void commit();
    // A batch to be committed to git on top of `head` (in full; "" before the first commit)
    // with `message`: its journal is kept, even for one file, from before it lands until
    // finish(), and says both, so a kill before the commit is made is put back, index and
    // all, and one after is kept.
    void base_on_commit(const std::string& head, const std::string& message) {
        commit_base_ = head;
        commit_message_ = message.substr(0, message.find('\n'));
    }
    // Renames everything into place, keeping the copies of the old files (and the journal,
    // when kept) until finish() or undo(). Throws Error(io) after putting everything back.
    void land();
    // The change stays: the journal and the copies of the old files go.
    void finish();
    // After land(): puts every file back as it was. The journal, if kept, stays until
    // drop_journal() (its files are back, so it then says only that git's index must be put
    // back too).
    void undo();
    void drop_journal();
    // Paths changed, relative to the root, in the order staged.
    std::vector<std::string> paths() const;
    bool empty() const { return changes_.empty(); }

  private:
    // Records are written through the write gate alone (a Change, made by a Transaction): a
    // batch of anyone else's refuses a path in a record folder.
    friend class Change;
    friend struct FileBatchTest;  // tests/unit/test_files.cpp
    bool records_allowed_ = false;
    void refuse_records(const std::string& relative) const;
    struct Change {
        std::string relative;
        std::string folder;     // relative folder, a key of folders_
        std::string name;       // file name in it
        std::string scratch;    // the folder of its temporary and kept copy, a key of folders_
        std::string temporary;  // empty for a removal
        std::string backup;     // the link to the old file, kept until the batch lands
        unsigned long long inode = 0;  // of the file vfi made (new) or kept (replaced)
        bool existed = false;
        bool done = false;
    };
    Folder& folder(const std::string& relative_folder);
    std::string scratch_for(const std::string& relative_folder);
    std::filesystem::path path_of(const Change& c, const std::string& name) const;
    std::filesystem::path scratch_path(const Change& c, const std::string& name) const;
    void roll_back();
    void remove_made_folders();

    std::filesystem::path root_;
    FileModes modes_;
    std::map<std::string, Folder> folders_;
    std::vector<Change> changes_;
    bool committed_ = false;
    bool landed_ = false;
    bool journal_ = false;
    bool journalled_ = false;
    std::optional<std::string> commit_base_;
    std::string commit_message_;
    std::vector<std::filesystem::path> made_folders_;  // deepest first
};

}  // namespace vfi
