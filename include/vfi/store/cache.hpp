// A cache of parsed records in `.vfi/cache/UID/` (git-ignored with the rest of .vfi), one file
// per kind, so a command need not parse again the thousands of files that have not changed.
// Each entry is trusted only while the file's size, modification and change times (to the
// nanosecond) and inode are what they were when it was cached, as git trusts its index; a
// file changed too recently to tell apart from a change within the same clock tick is never
// cached. Anything unreadable in the cache is ignored and the files are parsed as usual.
#pragma once

#include <sys/stat.h>

#include <cstdint>
#include <deque>
#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "vfi/format/kind.hpp"
#include "vfi/yaml/yaml.hpp"

namespace vfi {

// What identifies a version of a file without reading it.
struct FileStamp {
    long long size = 0, mtime_s = 0, mtime_ns = 0, ctime_s = 0, ctime_ns = 0, inode = 0;
    static FileStamp of(const struct stat& st);
    bool operator==(const FileStamp&) const = default;
};

// A cache file mapped into memory, read only: its pages are read as they are touched, and
// never copied. (A cache file is replaced by a rename, never written in place, so what is
// mapped stays as it was.)
class MappedFile {
  public:
    MappedFile() = default;
    MappedFile(const MappedFile&) = delete;
    MappedFile& operator=(const MappedFile&) = delete;
    ~MappedFile();
    // Maps the first `size` bytes of the open file `fd`; false when it cannot.
    bool map(int fd, std::size_t size);
    std::string_view view() const { return {data_, size_}; }
    // Lets go of the pages read so far (those wholly from byte `from` on), so they no longer
    // count against the command's memory; read again, they come again from the file (never
    // changed in place), at no cost but a fault when it is still in the page cache.
    void let_go(std::size_t from = 0) const;
    int compare(std::size_t at, std::size_t n, std::string_view s) const {
        return view().substr(at, n).compare(s);
    }

  private:
    const char* data_ = nullptr;
    std::size_t size_ = 0;
};

class ParseCache {
  public:
    // Reads `.vfi/cache/<folder>` of the data directory at `root`, if it is there and sound.
    // `settings` is vfi.yaml's text: a record cached under the same settings (vocabularies)
    // was valid then and is valid now, so need not be validated again.
    ParseCache(std::filesystem::path root, Kind kind, std::string_view settings = {});

    // Every tree served was valid under the settings this cache was read with.
    bool validated() const { return validated_; }

  private:
    struct Entry;

  public:
    // What is cached for a file still exactly the one cached, found with one lookup (from
    // several threads at once): its tree (serialised: deserialise_tree reads it), its
    // content's git blob id, and the record in the form a command kept of it (keep_form), when
    // one was kept under this very vfi.yaml. Views into the cache, valid while it lives.
    struct Hit {
        std::string_view tree, blob, form;
        const Entry* entry = nullptr;
    };
    std::optional<Hit> find(std::string_view name, const FileStamp& stamp) const;
    // The same, for a caller that reads a folder in order of name (as the cache is written):
    // `place` says where a name is, or would be, looked for from where the name before it
    // was, so a whole folder is matched to its entries in one pass with no search; find_at
    // looks only there. (A name out of order is searched for: never missed, only slower.)
    std::size_t place(std::string_view name, std::size_t from) const;
    std::optional<Hit> find_at(std::size_t place, std::string_view name,
                               const FileStamp& stamp) const;
    // The git blob id of the version cached for `name` ("" when unknown).
    std::string blob_of(std::string_view name) const;
    // What is cached for a file whose content has this git blob id, whatever its name: a
    // record read from git's history (--as-of) that the working tree has as well. Its form
    // only under the vfi.yaml this cache was read with, as find gives it. For a cache only
    // read from: keep() moves entries it points at.
    std::optional<Hit> find_blob(std::string_view blob) const;
    // A file found unchanged (by find) is kept for the next command as it was.
    void still(const Hit& hit);
    // Remembers the tree of a file that parsed, and its content's git blob id, for the next
    // command.
    void keep(const std::string& name, const FileStamp& stamp, const yaml::Node& doc,
              std::string_view blob);
    // Keeps beside the tree of `name` (found by find, or just kept) the record in a form of
    // the command's own, bytes only it reads, so that the next command need not even read
    // the tree (RecordStore::TypedStream). A form is served only under the vfi.yaml it was
    // made under, and goes with the entry when the file changes.
    void keep_form(std::string_view name, std::string form);
    // The forms and trees served so far need not stay in memory: a caller that reads the
    // files in order of name (as the cache is written) calls this after each chunk, so the
    // cache counts against its memory a chunk at a time, not whole. (Its index, at the head,
    // stays: a fifth of the file, walked to find each entry.)
    void let_go() const { bytes_.let_go(data_at_); }
    // Writes the cache again when it differs from what was read (a file added, changed or
    // gone); quietly does nothing when it cannot (a read-only data directory).
    void save();
    // Forgets these files (names in the kind's folder) and writes the cache without them: a
    // command that rewrote them leaves no older version of them in the cache (after `forget`,
    // none of the erased words).
    void drop(const std::vector<std::string>& names);

  private:
    // An entry as read: where its parts are in bytes_, nothing copied out of the mapped file.
    // Places, not views, and a form made by this command kept aside: 80 bytes, not 152, for
    // each of the 400,000 files of ten times the national set, and as many fewer fresh pages.
    struct Entry {
        FileStamp stamp;
        std::uint32_t name_at = 0, blob_at = 0, tree_at = 0, tree_size = 0;
        std::uint32_t form_at = 0, form_size = 0;  // in made_forms_ (at its index) when made
        std::uint16_t name_size = 0;
        std::uint8_t blob_size = 0;  // the content's git blob id
        bool made = false;           // a form kept by this command (keep_form)
        mutable bool kept = false;   // the file is still this one: written again by save()
    };
    std::string_view in_bytes(std::uint32_t at, std::size_t size) const {
        return {bytes_.view().data() + at, size};
    }
    std::string_view entry_name(const Entry& e) const { return in_bytes(e.name_at, e.name_size); }
    std::string_view entry_blob(const Entry& e) const { return in_bytes(e.blob_at, e.blob_size); }
    std::string_view entry_tree(const Entry& e) const { return in_bytes(e.tree_at, e.tree_size); }
    // The command's own form of the record (keep_form): in the file, or made by this command.
    std::string_view entry_form(const Entry& e) const {
        return e.made ? std::string_view(made_forms_[e.form_at]) : in_bytes(e.form_at, e.form_size);
    }
    Hit hit(const Entry& e) const;
    std::deque<std::string> made_forms_;  // never moved: entries name them by index
    // A tree serialised by this command.
    struct Added {
        FileStamp stamp;
        std::string blob, tree, form;
    };
    mutable std::unordered_map<std::string_view, const Entry*> by_blob_;  // made when asked
    MappedFile bytes_;         // the cache file as read: the trees are not copied out of it
    std::size_t data_at_ = 0;  // where its forms and trees start, after the index
    std::filesystem::path root_;
    std::string kind_folder_;
    // In order of name, as written: found by binary search, or in order (place) with none.
    std::vector<Entry> read_;
    Entry* entry(std::string_view name);
    const Entry* entry(std::string_view name) const;
    std::unordered_map<std::string, Added> added_;
    std::size_t kept_ = 0;  // entries of read_ kept
    bool changed_ = false;
    bool validated_ = false;
    std::string settings_hash_;
};

// Parsed records by git blob id, for reading the records as they were at a commit (--as-of):
// in `.vfi/cache/UID/objects.<kind>`. Content never changes under a blob id, so an entry is
// never stale; each also says under which vfi.yaml it was found valid. Every entry read is
// kept when the cache is written again, so reading one commit does not push out another's.
// `vfi forget` deletes these caches (forget_object_caches), as they may hold old versions of
// the person's records.
class ObjectCache {
  public:
    // `region`: a region of a national programme has its own cache, `objects.<region>.<kind>`.
    ObjectCache(std::filesystem::path root, Kind kind, std::string_view settings,
                std::string_view region = {});
    struct Hit {
        yaml::Node doc;
        bool validated = false;  // found valid under the same vfi.yaml as now
    };
    std::optional<Hit> find(std::string_view blob) const;
    // The trees found so far need not stay in memory (as ParseCache::let_go): read again from
    // the file if they are asked for again.
    void let_go() const { bytes_.let_go(); }
    // Remembers the tree of a blob that parsed and was found valid under this vfi.yaml.
    void keep(const std::string& blob, const yaml::Node& doc);
    // Writes the cache when something was kept; quietly does nothing when it cannot.
    void save();

  private:
    struct Entry {
        std::string_view settings, tree;  // in bytes_, or in owned
        std::string owned;
    };
    MappedFile bytes_;
    std::filesystem::path root_;
    std::string name_;
    std::unordered_map<std::string, Entry> entries_;
    std::string settings_hash_;
    bool changed_ = false;
};

// Facts that follow from one commit alone and each cost a run of git to learn (its short name,
// its first commit, whom its history erased), kept in `.vfi/cache/UID/commit` for the commit
// last asked about, so a warm command runs no git to learn them again. Read only where no
// cache file came through git (the caller knows: RecordStore::trusts_own_cache).
class CommitMemo {
  public:
    CommitMemo(std::filesystem::path root, std::string commit, bool trusted);
    std::optional<std::string> get(const std::string& key) const;
    // Keeps `value`, written at once; quietly not when it cannot be (a read-only directory).
    void put(const std::string& key, const std::string& value);

  private:
    std::filesystem::path root_;
    std::string commit_;
    bool trusted_;
    std::map<std::string, std::string> values_;
};

// Deletes every ObjectCache of this account's (after `forget`: no old version of an erased
// person's records stays behind in them).
void forget_object_caches(const std::filesystem::path& root);
// Deletes a region's ObjectCaches (`objects.<region>.*`): its history was rewritten, and the
// old versions of its records must not stay behind here either.
void forget_region_caches(const std::filesystem::path& root, const std::string& region);

// This account's cache folder, `.vfi/cache/UID`: in a folder several accounts share, each
// keeps and trusts only its own.
std::string cache_folder();

// The tree as bytes and back; exposed for the tests.
std::string serialise_tree(const yaml::Node& node);
std::optional<yaml::Node> deserialise_tree(std::string_view bytes);

}  // namespace vfi
