#include "vfi/store/cache.hpp"

#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdlib>
#include <ctime>
#include <optional>
#include <utility>

#include <fmt/format.h>

#include "vfi/base/bytes.hpp"
#include "vfi/base/error.hpp"
#include "vfi/store/files.hpp"
#include "vfi/store/folder.hpp"

namespace fs = std::filesystem;

namespace vfi {
namespace {

// The cache's own format: bump it whenever the layout below or yaml::Node changes.
// 8: an index of names, stamps and blob ids at the head, then every form, then every tree, so a
// command reads what it needs and no more (a typed one never reads the trees).
constexpr std::string_view magic = "VFICACHE8\n";

using bytes::put_number;
using bytes::put_text;
using bytes::Reader;

void put_node(std::string& out, const yaml::Node& n) {
    out += static_cast<char>(static_cast<int>(n.type) | (n.quoted ? 0x10 : 0));
    put_number(out, static_cast<unsigned>(n.mark.line));
    put_number(out, static_cast<unsigned>(n.mark.column));
    switch (n.type) {
        case yaml::Node::Type::null:
            break;
        case yaml::Node::Type::scalar:
            put_text(out, n.value);
            break;
        case yaml::Node::Type::sequence:
            put_number(out, n.items.size());
            for (const auto& item : n.items)
                put_node(out, item);
            break;
        case yaml::Node::Type::map:
            put_number(out, n.entries.size());
            for (const auto& e : n.entries) {
                put_text(out, e.key);
                put_number(out, static_cast<unsigned>(e.key_mark.line));
                put_number(out, static_cast<unsigned>(e.key_mark.column));
                put_node(out, e.value);
            }
            break;
    }
}

bool get_node(Reader& r, yaml::Node& n, int depth) {
    if (r.in.empty() || depth > 64) return false;
    auto tag = static_cast<unsigned char>(r.in.front());
    r.in.remove_prefix(1);
    if ((tag & 0x0f) > 3) return false;
    n.type = static_cast<yaml::Node::Type>(tag & 0x0f);
    n.quoted = tag & 0x10;
    n.mark.line = static_cast<int>(r.number());
    n.mark.column = static_cast<int>(r.number());
    switch (n.type) {
        case yaml::Node::Type::null:
            break;
        case yaml::Node::Type::scalar:
            n.value = r.text();
            break;
        case yaml::Node::Type::sequence: {
            auto count = r.number();
            if (!r.ok || count > r.in.size()) return false;
            n.items.resize(count);
            for (auto& item : n.items)
                if (!get_node(r, item, depth + 1)) return false;
            break;
        }
        case yaml::Node::Type::map: {
            auto count = r.number();
            if (!r.ok || count > r.in.size()) return false;
            n.entries.resize(count);
            for (auto& e : n.entries) {
                e.key = r.text();
                e.key_mark.line = static_cast<int>(r.number());
                e.key_mark.column = static_cast<int>(r.number());
                if (!get_node(r, e.value, depth + 1)) return false;
            }
            break;
        }
    }
    return r.ok;
}

// The whole cache file, however large (read_file stops far short of a national cache), when
// it is one vfi could have written: in this account's `.vfi/cache/UID` reached without a link,
// a regular file of this account's, writable by no one else. (In a folder a group shares, a
// colleague's cache could say anything: each account keeps and trusts only its own.)
// Anything else is ignored. (A cache that came through git is ignored too: no entry's stamp,
// with its inode and change time to the nanosecond, matches a file on another machine.)
// A cache file of this account's (as read_whole), open; -1 when there is none.
int open_own(const fs::path& root, const std::string& name, struct stat& st) {
    int fd = -1;
    try {
        auto folder = Folder::open(root, cache_folder());
        if (!folder) return -1;
        fd = folder->open_file(name, &st);
    } catch (const Error&) {
        return -1;
    }
    if (st.st_uid == ::geteuid() && (st.st_mode & 0022) == 0) return fd;
    ::close(fd);
    return -1;
}

// The same, mapped rather than read: a national cache is tens of megabytes, and a command
// reads only the entries it needs.
bool map_whole(const fs::path& root, const std::string& name, MappedFile& out) {
    struct stat st {};
    int fd = open_own(root, name, st);
    if (fd < 0) return false;
    bool ok = out.map(fd, static_cast<std::size_t>(st.st_size));
    ::close(fd);
    return ok;
}

bool read_whole(const fs::path& root, const std::string& name, std::string& out) {
    struct stat st {};
    int fd = open_own(root, name, st);
    if (fd < 0) return false;
    bool ok = read_exactly(fd, static_cast<std::size_t>(st.st_size), out);
    ::close(fd);
    return ok;
}

// FNV-1a: enough to tell one vfi.yaml from another.
unsigned long long fnv1a(std::string_view s) {
    unsigned long long h = 14695981039346656037ull;
    for (unsigned char c : s)
        h = (h ^ c) * 1099511628211ull;
    return h;
}

void put_stamp(std::string& out, const FileStamp& s) {
    for (long long v : {s.size, s.mtime_s, s.mtime_ns, s.ctime_s, s.ctime_ns, s.inode})
        put_number(out, static_cast<unsigned long long>(v));
}

FileStamp get_stamp(Reader& r) {
    FileStamp s;
    for (long long* v : {&s.size, &s.mtime_s, &s.mtime_ns, &s.ctime_s, &s.ctime_ns, &s.inode})
        *v = static_cast<long long>(r.number());
    return s;
}

// A file changed within the last two seconds could change again within the same tick of a
// coarse clock without its stamp changing: it is parsed every time until it settles.
// (VFI_CACHE_SETTLE_SECONDS changes the two seconds, for tests.)
bool settled(const FileStamp& s) {
    long long wait = 2;
    if (const char* env = std::getenv("VFI_CACHE_SETTLE_SECONDS")) wait = std::atoll(env);
    auto now = static_cast<long long>(std::time(nullptr));
    return s.mtime_s + wait < now && s.ctime_s + wait < now;
}

// Writes a cache file of this account's.
// Written beside, then renamed over the old one: a reader sees the old cache or the new,
// never half of one. Not flushed to disk: a cache lost in a crash costs only time, and
// one cut short is refused by its reader as a whole.
// The scratch file is new (O_EXCL, never through a link) with a random name, so nothing
// planted in `.vfi` can make this write go anywhere else.
void write_cache(const fs::path& root, const std::string& name, const std::string& out) {
    std::string temporary = scratch_name("cache." + name);
    try {
        vfi_folder(root);
        Folder folder = Folder::make(root, cache_folder(), file_modes(root));
        int fd = folder.create(temporary, file_modes(root).file);
        bool whole = true;
        try {
            write_all(fd, out, cache_folder());
        } catch (const Error&) {
            whole = false;
        }
        if (::close(fd) != 0) whole = false;
        if (!whole ||
            ::rename((folder.path() / temporary).c_str(), (folder.path() / name).c_str()) != 0)
            ::unlinkat(folder.fd(), temporary.c_str(), 0);
    } catch (const Error&) {
        // A read-only data directory, or a link where `.vfi` goes: no cache this time.
    }
}

}  // namespace

MappedFile::~MappedFile() {
    if (data_) ::munmap(const_cast<char*>(data_), size_);
}

bool MappedFile::map(int fd, std::size_t size) {
    if (size == 0) return true;  // nothing to map: an empty view
    // Mapped whole at once (it is read from end to end, and let go a chunk at a time): a fault
    // per 64 KB was a fifth of a large set's page faults.
    void* at = ::mmap(nullptr, size, PROT_READ, MAP_PRIVATE | MAP_POPULATE, fd, 0);
    if (at == MAP_FAILED) return false;
    data_ = static_cast<const char*>(at);
    size_ = size;
    return true;
}

void MappedFile::let_go(std::size_t from) const {
    auto page = static_cast<std::size_t>(::sysconf(_SC_PAGESIZE));
    from = (from + page - 1) / page * page;  // a page with any of what is before stays
    if (data_ && from < size_)
        ::madvise(const_cast<char*>(data_) + from, size_ - from, MADV_DONTNEED);
}

std::string cache_folder() {
    return ".vfi/cache/" + std::to_string(::geteuid());
}

FileStamp FileStamp::of(const struct stat& st) {
    return {st.st_size,        st.st_mtim.tv_sec,  st.st_mtim.tv_nsec,
            st.st_ctim.tv_sec, st.st_ctim.tv_nsec, static_cast<long long>(st.st_ino)};
}

std::string serialise_tree(const yaml::Node& node) {
    std::string out;
    put_node(out, node);
    return out;
}

std::optional<yaml::Node> deserialise_tree(std::string_view bytes) {
    Reader r{bytes};
    yaml::Node n;
    if (!get_node(r, n, 0) || !r.in.empty()) return std::nullopt;
    return n;
}

ParseCache::ParseCache(fs::path root, Kind kind, std::string_view settings)
    : root_(std::move(root)),
      kind_folder_(kind_folder(kind)),
      settings_hash_(fmt::format("{:016x}", fnv1a(settings))) {
    if (!map_whole(root_, kind_folder_, bytes_)) return;  // none yet, or not ours: parse all
    std::string header = fmt::format("{}{}\n", magic, VFI_VERSION);
    if (bytes_.compare(0, header.size(), header) != 0) return;
    Reader r{bytes_.view().substr(header.size())};
    validated_ = r.text() == settings_hash_;
    auto count = r.count();  // never more entries than bytes: a forged count reserves nothing
    auto forms_size = r.number();
    Reader index{r.text()};
    std::string_view forms = r.in.substr(0, std::min<std::size_t>(forms_size, r.in.size()));
    std::string_view trees = r.in.substr(forms.size());
    data_at_ = static_cast<std::size_t>(forms.data() - bytes_.view().data());
    // An entry takes at least ten bytes (a name, a stamp of six numbers, three lengths), so
    // room is made for no more than that, however large the count a torn file says.
    read_.reserve(std::min(count, index.in.size() / 10));
    const char* base = bytes_.view().data();
    auto at = [&](std::string_view part) { return static_cast<std::uint32_t>(part.data() - base); };
    std::size_t form_at = 0, tree_at = 0;
    // Places in the file are kept in 32 bits, names in 16 and blob ids in 8: a file or part
    // larger is none of vfi's (a record file is at most 1 MB).
    bool fits = bytes_.view().size() <= UINT32_MAX;
    for (unsigned long long i = 0; fits && index.ok && i < count; ++i) {
        std::string_view name = index.text();
        FileStamp stamp = get_stamp(index);
        std::string_view blob = index.text();
        auto form_size = index.number(), tree_size = index.number();
        if (form_size > forms.size() - form_at || tree_size > trees.size() - tree_at ||
            name.size() > UINT16_MAX || blob.size() > UINT8_MAX)
            break;
        if (index.ok) {
            Entry& e = read_.emplace_back();
            e.stamp = stamp;
            e.name_at = at(name), e.name_size = static_cast<std::uint16_t>(name.size());
            e.blob_at = at(blob), e.blob_size = static_cast<std::uint8_t>(blob.size());
            e.tree_at = at(trees.substr(tree_at)),
            e.tree_size = static_cast<std::uint32_t>(tree_size);
            e.form_at = at(forms.substr(form_at)),
            e.form_size = static_cast<std::uint32_t>(form_size);
        }
        form_at += form_size, tree_at += tree_size;
    }
    // Written in order of name, each name once, every byte in some entry: else none of vfi's.
    auto later = [&](const Entry& a, const Entry& b) { return entry_name(a) >= entry_name(b); };
    if (!fits || !r.ok || !index.ok || !index.in.empty() || read_.size() != count ||
        form_at != forms_size || tree_at != trees.size() ||
        std::adjacent_find(read_.begin(), read_.end(), later) != read_.end()) {
        read_.clear();  // torn or foreign: trust none of it
        validated_ = false;
    }
    let_go();  // each form and tree is read again when it is asked for; the index stays
}

const ParseCache::Entry* ParseCache::entry(std::string_view name) const {
    auto it =
        std::lower_bound(read_.begin(), read_.end(), name,
                         [&](const Entry& e, std::string_view n) { return entry_name(e) < n; });
    return it != read_.end() && entry_name(*it) == name ? &*it : nullptr;
}

ParseCache::Entry* ParseCache::entry(std::string_view name) {
    return const_cast<Entry*>(std::as_const(*this).entry(name));
}

std::size_t ParseCache::place(std::string_view name, std::size_t from) const {
    // Names asked for in order are a step or two on from the last; any other is searched for.
    if (from > read_.size() || (from > 0 && entry_name(read_[from - 1]) >= name)) from = 0;
    for (std::size_t steps = 0; from < read_.size() && steps < 8; ++from, ++steps)
        if (entry_name(read_[from]) >= name) return from;
    return static_cast<std::size_t>(
        std::lower_bound(read_.begin() + static_cast<std::ptrdiff_t>(from), read_.end(), name,
                         [&](const Entry& e, std::string_view n) { return entry_name(e) < n; }) -
        read_.begin());
}

ParseCache::Hit ParseCache::hit(const Entry& e) const {
    static_assert(sizeof(Entry) <= 80);
    // A form made under another vfi.yaml may say a record is clean that is no longer.
    return Hit{entry_tree(e), entry_blob(e), validated_ ? entry_form(e) : std::string_view(), &e};
}

std::optional<ParseCache::Hit> ParseCache::find_at(std::size_t place, std::string_view name,
                                                   const FileStamp& stamp) const {
    if (place >= read_.size() || entry_name(read_[place]) != name || !(read_[place].stamp == stamp))
        return std::nullopt;
    return hit(read_[place]);
}

std::optional<ParseCache::Hit> ParseCache::find(std::string_view name,
                                                const FileStamp& stamp) const {
    const Entry* e = entry(name);
    return e ? find_at(static_cast<std::size_t>(e - read_.data()), name, stamp) : std::nullopt;
}

std::string ParseCache::blob_of(std::string_view name) const {
    const Entry* e = entry(name);
    return e ? std::string(entry_blob(*e)) : std::string();
}

void ParseCache::still(const Hit& hit) {
    if (hit.entry && !hit.entry->kept) hit.entry->kept = true, ++kept_;
}

std::optional<ParseCache::Hit> ParseCache::find_blob(std::string_view blob) const {
    if (by_blob_.empty())
        for (const Entry& e : read_)
            if (e.blob_size > 0) by_blob_.emplace(entry_blob(e), &e);
    auto it = by_blob_.find(blob);
    if (it == by_blob_.end()) return std::nullopt;
    return hit(*it->second);
}

void ParseCache::keep(const std::string& name, const FileStamp& stamp, const yaml::Node& doc,
                      std::string_view blob) {
    if (!settled(stamp)) {
        changed_ = true;
        return;
    }
    Entry* e = entry(name);
    if (e && e->stamp == stamp) {
        if (!e->kept) e->kept = true, ++kept_;
        return;
    }
    if (e && e->kept) e->kept = false, --kept_;
    added_.insert_or_assign(name, Added{stamp, std::string(blob), serialise_tree(doc), {}});
    changed_ = true;
}

void ParseCache::keep_form(std::string_view name, std::string form) {
    if (auto it = added_.find(std::string(name)); it != added_.end()) {
        it->second.form = std::move(form);
    } else if (Entry* e = entry(name); e && e->kept) {
        if (e->made) {
            made_forms_[e->form_at] = std::move(form);
        } else {
            e->made = true;
            e->form_at = static_cast<std::uint32_t>(made_forms_.size());
            made_forms_.push_back(std::move(form));
        }
    } else {
        return;  // not cached (changed too recently): nor is its form
    }
    changed_ = true;
}

void ParseCache::drop(const std::vector<std::string>& names) {
    bool any = false;
    // Every name is found before any entry goes: the entries stay in order while it is searched.
    std::vector<char> gone(read_.size());
    for (const auto& name : names) {
        if (const Entry* e = entry(name)) gone[static_cast<std::size_t>(e - read_.data())] = 1;
        any = (added_.erase(name) > 0) || any;
    }
    std::size_t left = 0;
    for (std::size_t i = 0; i < read_.size(); ++i) {
        if (gone[i]) continue;
        read_[left++] = read_[i];  // a form made stays where it is: its place moves with it
    }
    any = any || left != read_.size();
    read_.resize(left);
    by_blob_.clear();  // its pointers were into the entries as they were
    if (!any) return;
    kept_ = 0;
    for (Entry& e : read_)
        if ((e.kept = !added_.count(std::string(entry_name(e))))) ++kept_;
    changed_ = true;
    save();
}

void ParseCache::save() {
    // Entries read but not kept are files gone or changed. Those read under another vfi.yaml
    // were validated again by this command: written under this one, so the next need not.
    if (!changed_ && kept_ == read_.size() && (validated_ || read_.empty())) return;
    // In order of name, as a folder is read, so that a reader lets go of what it has read
    // (let_go) a chunk at a time. The forms read were made under the vfi.yaml read: kept only
    // while it is the same one (those made by this command are made under this one).
    struct Row {
        std::string_view name;
        const FileStamp* stamp;
        std::string_view blob, tree, form;
    };
    std::vector<Row> rows;
    rows.reserve(kept_ + added_.size());
    std::vector<std::pair<std::string_view, const Added*>> added;
    added.reserve(added_.size());
    for (const auto& [name, entry] : added_)
        added.emplace_back(name, &entry);
    std::sort(added.begin(), added.end());
    auto a = added.begin();
    auto put_added = [&](std::string_view before) {
        for (; a != added.end() && (before.data() == nullptr || a->first < before); ++a)
            rows.push_back(Row{a->first, &a->second->stamp, a->second->blob, a->second->tree,
                               a->second->form});
    };
    for (const Entry& e : read_) {
        if (!e.kept) continue;
        put_added(entry_name(e));
        rows.push_back(Row{entry_name(e), &e.stamp, entry_blob(e), entry_tree(e),
                           validated_ || e.made ? entry_form(e) : std::string_view()});
    }
    put_added({});
    std::string index;
    std::size_t forms_size = 0, trees_size = 0;
    for (const Row& row : rows) {
        put_text(index, row.name);
        put_stamp(index, *row.stamp);
        put_text(index, row.blob);
        put_number(index, row.form.size());
        put_number(index, row.tree.size());
        forms_size += row.form.size(), trees_size += row.tree.size();
    }
    std::string out = fmt::format("{}{}\n", magic, VFI_VERSION);
    put_text(out, settings_hash_);
    put_number(out, rows.size());
    put_number(out, forms_size);
    put_text(out, index);
    out.reserve(out.size() + forms_size + trees_size);
    for (const Row& row : rows)
        out += row.form;
    for (const Row& row : rows)
        out += row.tree;
    write_cache(root_, kind_folder_, out);
}

}  // namespace vfi

namespace vfi {
namespace {
constexpr std::string_view objects_magic = "VFIOBJECTS1\n";
}

ObjectCache::ObjectCache(fs::path root, Kind kind, std::string_view settings,
                         std::string_view region)
    : root_(std::move(root)),
      name_(region.empty() ? fmt::format("objects.{}", kind_folder(kind))
                           : fmt::format("objects.{}.{}", region, kind_folder(kind))),
      settings_hash_(fmt::format("{:016x}", fnv1a(settings))) {
    if (!map_whole(root_, name_, bytes_)) return;
    std::string header = fmt::format("{}{}\n", objects_magic, VFI_VERSION);
    if (bytes_.compare(0, header.size(), header) != 0) return;
    Reader r{bytes_.view().substr(header.size())};
    auto count = r.count();
    entries_.reserve(count);
    for (unsigned long long i = 0; r.ok && i < count; ++i) {
        std::string blob(r.text());
        std::string_view settings_hash = r.text();
        std::string_view tree = r.text();
        if (r.ok) entries_.emplace(std::move(blob), Entry{settings_hash, tree, {}});
    }
    if (!r.ok || !r.in.empty()) entries_.clear();  // torn or foreign: trust none of it
}

std::optional<ObjectCache::Hit> ObjectCache::find(std::string_view blob) const {
    auto it = entries_.find(std::string(blob));
    if (it == entries_.end()) return std::nullopt;
    auto doc = deserialise_tree(it->second.tree);
    if (!doc) return std::nullopt;
    return Hit{std::move(*doc), it->second.settings == settings_hash_};
}

void ObjectCache::keep(const std::string& blob, const yaml::Node& doc) {
    Entry& e = entries_[blob];
    e.owned = serialise_tree(doc);
    e.tree = e.owned;
    e.settings = settings_hash_;
    changed_ = true;
}

void ObjectCache::save() {
    if (!changed_) return;
    std::string out = fmt::format("{}{}\n", objects_magic, VFI_VERSION);
    put_number(out, entries_.size());
    for (const auto& [blob, entry] : entries_) {
        put_text(out, blob);
        put_text(out, entry.settings);
        put_text(out, entry.tree);
    }
    write_cache(root_, name_, out);
    changed_ = false;
}

namespace {
constexpr std::string_view commit_magic = "VFICOMMIT1\n";
}

CommitMemo::CommitMemo(fs::path root, std::string commit, bool trusted)
    : root_(std::move(root)), commit_(std::move(commit)), trusted_(trusted) {
    std::string bytes;
    if (!trusted_ || commit_.empty() || !read_whole(root_, "commit", bytes)) return;
    std::string header = fmt::format("{}{}\n", commit_magic, VFI_VERSION);
    if (bytes.compare(0, header.size(), header) != 0) return;
    Reader r{std::string_view(bytes).substr(header.size())};
    if (r.text() != commit_) return;  // another commit's
    auto count = r.number();
    for (unsigned long long i = 0; r.ok && i < count; ++i) {
        std::string key(r.text());
        std::string value(r.text());
        if (r.ok) values_.insert_or_assign(std::move(key), std::move(value));
    }
    if (!r.ok || !r.in.empty()) values_.clear();  // torn or foreign: trust none of it
}

std::optional<std::string> CommitMemo::get(const std::string& key) const {
    auto it = values_.find(key);
    return it == values_.end() ? std::nullopt : std::optional<std::string>(it->second);
}

void CommitMemo::put(const std::string& key, const std::string& value) {
    values_.insert_or_assign(key, value);
    if (!trusted_ || commit_.empty()) return;
    std::string out = fmt::format("{}{}\n", commit_magic, VFI_VERSION);
    put_text(out, commit_);
    put_number(out, values_.size());
    for (const auto& [k, v] : values_) {
        put_text(out, k);
        put_text(out, v);
    }
    write_cache(root_, "commit", out);
}

void forget_region_caches(const fs::path& root, const std::string& region) {
    try {
        auto folder = Folder::open(root, cache_folder());
        if (!folder) return;
        for (const auto& [name, type] : folder->entries())
            if (type == EntryType::file && name.rfind("objects." + region + ".", 0) == 0)
                ::unlinkat(folder->fd(), name.c_str(), 0);
    } catch (const Error&) {
        // A link where the cache goes: nothing of ours is there.
    }
}

void forget_object_caches(const fs::path& root) {
    try {
        auto folder = Folder::open(root, cache_folder());
        if (!folder) return;
        // Every region's too: `objects.<kind>` and `objects.<region>.<kind>`.
        for (const auto& [name, type] : folder->entries())
            if (type == EntryType::file && name.rfind("objects.", 0) == 0)
                ::unlinkat(folder->fd(), name.c_str(), 0);
    } catch (const Error&) {
        // A link where the cache goes: nothing of ours is there.
    }
}

}  // namespace vfi
