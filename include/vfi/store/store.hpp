// The record store: finds the data directory, loads the kinds a command needs, resolves ids
// and unique prefixes, makes new ids, and writes changes atomically under one lock, with one
// git commit per command.
#pragma once

#include <filesystem>
#include <functional>
#include <future>
#include <map>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "vfi/base/error.hpp"
#include "vfi/format/kind.hpp"
#include "vfi/format/settings.hpp"
#include "vfi/store/erased.hpp"
#include "vfi/store/files.hpp"
#include "vfi/store/git_index.hpp"
#include "vfi/store/snapshot.hpp"
#include "vfi/store/worktree.hpp"
#include "vfi/yaml/yaml.hpp"

namespace vfi {

struct Record {
    Kind kind;
    std::string id;
    std::string file;  // relative to the data directory: `partners/P-7KQ2MD.yaml`
    yaml::Node doc;
};

class Folder;

// A record as the cache holds it in a command's own form (RecordStore::TypedStream): bytes
// only that command reads, with the record's id and file, and its tree when it is needed.
struct KeptRecord {
    Kind kind;
    std::string_view id, file, form;
    std::string_view tree;           // serialised (store/cache.hpp)
    const Folder* folder = nullptr;  // none for a record at a commit (--as-of)
    std::string_view name;           // in folder
    // The record itself: its tree as cached, else the file read again (for a problem that
    // needs the line a field is on). Throws Error(bad_data) if the file no longer parses.
    Record record() const;
};

// Reading a kind with its records kept in the cache in the command's own form (model/'s typed
// records), so a warm command reads neither files nor trees. The store never looks inside a
// form; it keeps each beside its file's tree, drops it when the file or vfi.yaml changes, and
// forgets it when the record is erased.
struct TypedStream {
    // A record read from its file or its cached tree, valid: the form to keep of it for the
    // next command, or nothing.
    std::function<std::optional<std::string>(const Record&)> record;
    // A record in the form kept: false when the form no longer serves (the record is then
    // read, and handed to `record`).
    std::function<bool(const KeptRecord&)> kept;
    // Before the first record, when set: how many may come (the files named like records).
    std::function<void(std::size_t)> expect;
};

// Where the data directory is: `explicit_dir` (-C/--data), else $VFI_DATA, else the nearest
// ancestor of the working directory holding vfi.yaml. Throws Error(not_found).
std::filesystem::path find_data_directory(const std::string& explicit_dir);

// `partners/P-7KQ2MD.yaml`
std::string record_path(Kind kind, const std::string& id);

// When `file` (a path a user gave, such as a report's -o) would land in one of vfi's own
// places in the data directory at `root` (a record folder, `.vfi`, `.git`, vfi.yaml), that
// place (`partners/`); else "". Links in the path are resolved as writing would.
std::string reserved_place(const std::filesystem::path& root, const std::filesystem::path& file);

class RecordStore {
  public:
    // Reads vfi.yaml. A broken vfi.yaml throws; problems in its values are kept for `check`.
    explicit RecordStore(std::filesystem::path root);
    // The records as they were at the commit `as_of` names (Snapshot::at), read from git's
    // objects with no lock and nothing in the working tree read: such a store is read-only
    // (a Change refuses it). Throws what Snapshot::at throws, and Error(bad_data) for a commit
    // whose vfi.yaml is from before vfi's format version.
    RecordStore(std::filesystem::path root, std::string_view as_of);

    // A region of a national programme, as `vfi fetch` copied it: the data directory `path` of
    // the repository copied into `git_dir`, at `commit`. Read-only like an `as_of` store; its
    // files are named `REGION:COMMIT:path` in messages, and its caches are the national data
    // directory's (`root`), one per region.
    struct Region {
        std::string name, commit, path;
        std::filesystem::path git_dir;
    };
    RecordStore(std::filesystem::path root, const Region& region);

    // The commit read, for a store made with `as_of`; else nullptr.
    const Snapshot* as_of() const { return snapshot_ ? &*snapshot_ : nullptr; }
    // For a store read as of a commit: what forgets committed since then erased.
    const Erased& erased() const { return erased_; }

    const std::filesystem::path& root() const { return root_; }
    // The region's name, for a region's store; else "".
    const std::string& region() const { return region_; }
    // The data directory's lock, held shared from the start (so every file is read as some
    // whole change left it) until the store goes or a Change takes it alone.
    DataLock& lock() const { return *lock_; }
    // Lets the lock go, for a command about to wait for a person (a prompt, an editor): a
    // writer must never wait on someone typing. What is read afterwards may not be whole.
    void release_lock() const {
        if (lock_) lock_->release();
    }
    const Settings& settings() const { return settings_; }
    const std::vector<Problem>& settings_problems() const { return settings_problems_; }

    // Reads and validates every record of these kinds (each kind once). A file that does not
    // parse or validate is reported in problems() and left out of records().
    void load(const std::vector<Kind>& kinds);
    // Reads and validates every record of `kind`, a chunk of files at a time (the next one read
    // on other threads while this one is handed on), and hands each valid one to `visit`
    // without keeping it (problems() gets the rest, as with load): for the largest kinds, so
    // a command over the whole programme never holds every tree at once.
    // Afterwards records(kind) is empty. A kind already loaded is visited from memory.
    void stream(Kind kind, const std::function<void(const Record&)>& visit);
    // The same with the records in a form of the command's own, kept in the cache.
    void stream(Kind kind, const TypedStream& typed);
    const std::vector<Record>& records(Kind kind) const;
    const std::vector<Problem>& problems() const { return problems_; }
    // Files in record folders that are neither records nor vfi's scratch files.
    const std::vector<std::string>& strangers() const { return strangers_; }

    // The record with this id among those loaded, or nullptr.
    const Record* find(std::string_view id) const;
    // The same, for a record a change is about to touch: fails_check() when it did not load.
    const Record& require(const std::string& id) const;
    // The one error for a record a command needs that did not load because `vfi check` would
    // report it: Error(bad_data) at its file, with its first problem and how to fix it.
    [[nodiscard]] Error fails_check(Kind kind, const std::string& id) const;
    // The id that `text` names: a whole id or a unique prefix (`P-7K`, `7k`), looked up among
    // the files of `kind`. Throws Error(not_found) or Error(usage) for an ambiguous prefix.
    std::string resolve(Kind kind, std::string_view text) const;
    // The same among several kinds (a reflection's `by`: a partner or a leader): a kind's
    // prefix in any case (`p-7k`) chooses the kind; a bare start (`7k`) must fit one record of
    // them all. `keep` (`learning-partner`, `programme`) is returned as it is.
    std::string resolve(const std::vector<Kind>& kinds, std::string_view text,
                        std::string_view keep = {}) const;
    // Ids of every file of `kind`, from file names alone (no parsing).
    std::vector<std::string> ids(Kind kind) const;
    // Lists the folders of `kinds` now, two at a time, for ids() and load() to take: a
    // command that lists them all (`vfi check`) waits on the largest, not on their sum.
    void list_ahead(std::span<const Kind> kinds) const;
    // The names of the files in a folder of the data directory (`receipts`), never through a
    // link; at the commit, for a store read as of one.
    std::vector<std::string> file_names(std::string_view folder) const;
    // A file of the data directory that is no record (`fetched.yaml`): its text, at the commit
    // for a store read as of one; nullopt when there is none.
    std::optional<std::string> read_other(const std::string& relative) const;
    // A fresh random id no file uses.
    std::string new_id(Kind kind) const;

    // What git says of the data directory, asked once (one run of git): nothing outside git.
    const std::optional<GitFacts>& git() const;
    // Asks git now, on a thread of its own, for git() to take the answer: a command calls it
    // before work that needs no git (listing folders), which then hides git's run.
    void ask_git() const;
    // Whether the files differ from their commit, and the records git ignores, asked once:
    // from git's index and this store's own reading of the files (store/worktree), so a
    // command that read the records stats none of them again. Call after loading.
    const WorkTreeStatus& work_tree() const;
    // Everyone whose forget is in the history of the commit read (erased.hpp), remembered for
    // HEAD's commit in the cache so a warm `check` reads no history.
    std::vector<std::pair<Kind, std::string>> forgotten_in_history() const;
    // What `work(head)` answers from HEAD's commit alone (a git log of it), kept under `key`
    // for that commit in the cache, so a warm command asks git once per commit. Outside git,
    // or before the first commit, work("") answers every time.
    std::string kept_for_head(const std::string& key,
                              const std::function<std::string(const std::string&)>& work) const;

    // No file of `.vfi` came through git, so what vfi keeps there is its own (told from git's
    // index, else by asking git): its caches are read only then.
    bool trusts_own_cache() const;
    // vfi.yaml as read: what the parse cache is tied to.
    const std::string& settings_text() const { return settings_text_; }

  private:
    friend class Change;  // lands through the gate: lets go of what was read before it

    // git's index as this command found it, read once; nothing when it cannot be read.
    const std::optional<ReadIndex>& git_index() const;

    // `typed`: a record in the command's own form goes to typed->kept, and each record read
    // to typed->record (not to `take`), whose form is kept.
    void read_kind(Kind kind, const std::function<void(Record&&)>& take,
                   const TypedStream* typed = nullptr);
    // As read_kind, at the commit read: a record the working tree's cache holds in the
    // command's own form, under the same vfi.yaml, goes to typed->kept.
    void read_kind_at(Kind kind, const std::function<void(Record&&)>& take,
                      const TypedStream* typed);
    // The record files of `kind` at the commit read (id and entry); what is not a readable
    // record file goes to problems().
    std::vector<std::pair<std::string, const SnapshotEntry*>> files_at(Kind kind);
    void read_settings_text(const std::string& text, const std::string& shown);
    // How a file is named in messages: `partners/P-7KQ2MD.yaml`, or at a commit
    // `3e0e97d:partners/P-7KQ2MD.yaml` (as `git show` takes it).
    std::string shown_at(const std::string& relative) const;

    std::filesystem::path root_;
    std::optional<Snapshot> snapshot_;
    // A cache in `.vfi` that git tracks came from whoever committed it: never read, nor written.
    bool trust_caches_ = true;
    std::string region_;  // a region's name, for a region's store
    // What forgets committed after the commit read erased: never shown again (erased.hpp).
    Erased erased_;
    std::unique_ptr<DataLock> lock_;
    Settings settings_;
    std::string settings_text_;  // vfi.yaml as read: the parse cache is tied to it
    std::vector<Problem> settings_problems_;
    std::map<Kind, std::vector<Record>> records_;
    std::map<Kind, std::vector<std::string>> ids_;  // every record file of the kinds loaded
    std::vector<Problem> problems_;
    std::vector<std::string> strangers_;
    // Folders listed for their ids and not read yet: reading takes the listing, so a kind is
    // listed once. A change landing lets them go.
    mutable std::map<Kind, SeenFiles::Listing> listed_;
    // The record files read from the working tree, as they were read: until work_tree().
    mutable SeenFiles seen_;
    mutable std::optional<std::optional<GitFacts>> git_;
    mutable std::future<std::optional<GitFacts>> git_asked_;  // ask_git(): git() takes it
    mutable std::optional<std::optional<ReadIndex>> index_;   // read when asked; let go after
    mutable std::optional<bool> trusts_;                      // trusts_own_cache, once told
    mutable std::optional<WorkTreeStatus> work_tree_;
};

struct ChangeOptions {
    bool commit = true;  // make a git commit when in a git work tree
    double lock_wait_seconds = 30;
};

class Transaction;  // ops/transaction.hpp: the write gate, the one way to make a Change

// One command's changes: taken with the store's lock held alone (which also puts back a change
// a kill interrupted and sweeps scratch files), staged as files, landed together by commit()
// with one git commit. Only the write gate (Transaction) makes one, so nothing is written that
// has not been checked as `vfi check` would.
class Change {
  public:
    // Stages a record, written in the one layout and re-read before staging, and returns the
    // text staged. Comments are kept: those of `source` (text the user edited) when given,
    // else the file's own.
    std::string put(Kind kind, const std::string& id, const yaml::Node& doc, Write how,
                    const std::string* source = nullptr);
    void remove(Kind kind, const std::string& id);
    // Stages a new file that is not a record (Transaction::put_file).
    void put_file(const std::string& relative, const std::string& content,
                  Write how = Write::create) {
        batch_.put(relative, content, how);
    }

    struct Result {
        std::vector<std::string> paths;  // files changed
        bool committed = false;          // a git commit was made
    };
    // Lands every staged file, then commits them (only them) to git with `message`.
    // A git failure throws Error(git) after putting every file back (and what git staged);
    // a kill before the commit is made is put back by the next command.
    Result commit(const std::string& message);

  private:
    friend class Transaction;
    Change(const RecordStore& store, ChangeOptions options);

    void drop_cached(const std::vector<std::string>& paths) const;

    const RecordStore& store_;
    ChangeOptions options_;
    FileBatch batch_;
};

}  // namespace vfi
