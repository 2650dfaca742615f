#include "vfi/store/git_index.hpp"

#include <fcntl.h>
#include <nettle/sha1.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cstring>
#include <deque>
#include <mutex>

#include "vfi/store/cache.hpp"
#include "vfi/store/folder.hpp"

namespace vfi {
namespace {

constexpr std::size_t oid_size = 20;  // SHA-1; a SHA-256 repository is asked of git instead

struct Bytes {
    std::string_view in;
    bool ok = true;

    std::uint32_t u32() {
        if (in.size() < 4) return fail();
        auto b = reinterpret_cast<const unsigned char*>(in.data());
        in.remove_prefix(4);
        return std::uint32_t{b[0]} << 24 | std::uint32_t{b[1]} << 16 | std::uint32_t{b[2]} << 8 |
               b[3];
    }
    std::uint16_t u16() {
        if (in.size() < 2) return static_cast<std::uint16_t>(fail());
        auto b = reinterpret_cast<const unsigned char*>(in.data());
        in.remove_prefix(2);
        return static_cast<std::uint16_t>(b[0] << 8 | b[1]);
    }
    void raw(unsigned char* out, std::size_t n) {
        if (in.size() < n) return static_cast<void>(fail());
        std::memcpy(out, in.data(), n);
        in.remove_prefix(n);
    }
    std::string hex(std::size_t n) {
        if (in.size() < n) return fail(), std::string();
        static constexpr char digits[] = "0123456789abcdef";
        std::string out;
        for (std::size_t i = 0; i < n; ++i) {
            auto c = static_cast<unsigned char>(in[i]);
            out += digits[c >> 4];
            out += digits[c & 15];
        }
        in.remove_prefix(n);
        return out;
    }
    // Up to the next NUL, which is passed over.
    std::string_view until_nul() {
        auto end = in.find('\0');
        if (end == std::string_view::npos) return fail(), std::string_view();
        auto s = in.substr(0, end);
        in.remove_prefix(end + 1);
        return s;
    }
    // git's own variable-length number (varint.c), for the paths of format 4.
    std::uint64_t varint() {
        if (in.empty()) return fail();
        auto c = static_cast<unsigned char>(in.front());
        in.remove_prefix(1);
        std::uint64_t value = c & 127;
        while (c & 128) {
            if (in.empty() || value > (1ull << 50)) return fail();
            c = static_cast<unsigned char>(in.front());
            in.remove_prefix(1);
            value = ((value + 1) << 7) + (c & 127);
        }
        return value;
    }
    std::uint32_t fail() {
        ok = false;
        in = {};
        return 0;
    }
};

// One entry; `previous` is the path before it, which format 4 starts from.
bool read_entry(Bytes& b, std::uint32_t version, std::string_view previous, GitIndexEntry& e,
                std::deque<std::string>& made) {
    std::size_t start = b.in.size();
    e.ctime_s = b.u32(), e.ctime_ns = b.u32(), e.mtime_s = b.u32(), e.mtime_ns = b.u32();
    b.u32();  // device
    e.ino = b.u32(), e.mode = b.u32();
    b.u32(), b.u32();  // owner and group
    e.size = b.u32();
    b.raw(e.blob.data(), oid_size);
    std::uint16_t flags = b.u16();
    e.stage = (flags >> 12) & 3;
    e.special = flags & 0x8000;  // assume-unchanged
    if (flags & 0x4000) {        // extended: skip-worktree, intent-to-add
        if (version < 3) return false;
        if (b.u16() & 0x6000) e.special = true;
    }
    if (!b.ok) return false;
    if (version == 4) {
        auto drop = b.varint();
        if (!b.ok || drop > previous.size()) return false;
        std::string& path = made.emplace_back(previous.substr(0, previous.size() - drop));
        path += b.until_nul();
        e.path = path;
    } else {
        e.path = b.until_nul();
        // Padded with NULs to a multiple of eight bytes (the NUL read is the first of them).
        std::size_t used = start - b.in.size();
        std::size_t pad = (8 - used % 8) % 8;
        if (b.in.size() < pad) return false;
        b.in.remove_prefix(pad);
    }
    // A sparse index's folder entry stands for files it does not list.
    return b.ok && !e.path.empty() && (e.mode & 0170000) != 0040000;
}

// The cache-tree ("TREE"): each folder, then its subfolders, in order; `parent` its path.
bool read_tree(Bytes& b, const std::string& parent, GitIndex& index, int depth) {
    if (depth > 4096) return false;
    std::string name(b.until_nul());
    auto line = b.in.find('\n');
    if (!b.ok || line == std::string_view::npos) return false;
    std::string counts(b.in.substr(0, line));
    b.in.remove_prefix(line + 1);
    long entries = 0, subtrees = 0;
    if (std::sscanf(counts.c_str(), "%ld %ld", &entries, &subtrees) != 2 || subtrees < 0)
        return false;
    std::string path = parent.empty() ? name : parent + "/" + name;
    if (entries >= 0) {
        std::string tree = b.hex(oid_size);
        if (!b.ok) return false;
        index.trees.emplace_back(path, std::move(tree));
    }
    for (long i = 0; i < subtrees; ++i)
        if (!read_tree(b, path, index, depth + 1)) return false;
    return true;
}

// The index ends with the SHA-1 of all before it, as git checks on every read (all zeros when
// index.skipHash is set): a cut or damaged index is refused, never half read.
bool checksum_holds(std::string_view bytes) {
    if (bytes.size() < oid_size) return false;
    std::string_view body = bytes.substr(0, bytes.size() - oid_size);
    std::string_view trailer = bytes.substr(body.size());
    if (trailer.find_first_not_of('\0') == std::string_view::npos) return true;
    sha1_ctx ctx;
    sha1_init(&ctx);
    sha1_update(&ctx, body.size(), reinterpret_cast<const std::uint8_t*>(body.data()));
    std::uint8_t digest[SHA1_DIGEST_SIZE];
    sha1_digest(&ctx, SHA1_DIGEST_SIZE, digest);
    return std::memcmp(digest, trailer.data(), oid_size) == 0;
}

bool read_extensions(Bytes b, GitIndex& index) {
    while (b.in.size() > oid_size) {
        // A signature and a size, or it is not an extension at all.
        if (b.in.size() < oid_size + 8) return false;
        std::string_view signature = b.in.substr(0, 4);
        b.in.remove_prefix(4);
        std::uint32_t size = b.u32();
        if (!b.ok || size > b.in.size() - oid_size) return false;
        Bytes data{b.in.substr(0, size)};
        b.in.remove_prefix(size);
        // A lowercase first letter is one git says a reader must understand: a split index's
        // "link", a sparse index's "sdir".
        if (signature[0] < 'A' || signature[0] > 'Z') return false;
        if (signature == "TREE" && !data.in.empty()) {
            index.trees.clear();
            if (!read_tree(data, "", index, 0) || !data.in.empty()) index.trees.clear();
        }
    }
    return b.in.size() == oid_size;
}

std::string stamp_of(const struct stat& st) {
    return std::to_string(st.st_ino) + " " + std::to_string(st.st_size) + " " +
           std::to_string(st.st_mtim.tv_sec) + "." + std::to_string(st.st_mtim.tv_nsec) + " " +
           std::to_string(st.st_ctim.tv_sec) + "." + std::to_string(st.st_ctim.tv_nsec);
}

}  // namespace

std::optional<std::string> GitIndex::tree_of(std::string_view folder) const {
    while (!folder.empty() && folder.back() == '/')
        folder.remove_suffix(1);
    for (const auto& [path, tree] : trees)
        if (path == folder) return tree;
    return std::nullopt;
}

GitIndex::GitIndex() = default;
GitIndex::GitIndex(GitIndex&&) = default;
GitIndex& GitIndex::operator=(GitIndex&&) = default;
GitIndex::~GitIndex() = default;

namespace {

// The header of an index git wrote whole (its checksum holds): its version and how many
// entries follow, `b` left at the first. Nothing when it is not an index vfi reads.
struct Header {
    std::uint32_t version = 0, count = 0;
};
// `summed`: its checksum was found to hold already, by this command, of this very file.
std::optional<Header> read_header(Bytes& b, bool summed = false) {
    std::size_t size = b.in.size();
    if (b.in.substr(0, 4) != "DIRC" || (!summed && !checksum_holds(b.in))) return std::nullopt;
    b.in.remove_prefix(4);
    Header h{b.u32(), b.u32()};
    if (!b.ok || h.version < 2 || h.version > 4 || h.count > size / 40) return std::nullopt;
    return h;
}

// Reads the entries and extensions of `view`, their paths copied into `index`. `mapped`,
// when the view is of a mapped file, is let go of as it is read.
bool parse_into(GitIndex& index, std::string_view view, const MappedFile* mapped,
                bool summed = false) {
    Bytes b{view};
    auto header = read_header(b, summed);
    if (!header) return false;
    if (mapped) mapped->let_go();  // the checksum read it all
    index.entries.resize(header->count);
    // Room enough that no path moves as more are added (format 4's are made from the one
    // before, so may come to more than the file; more still and git is asked instead).
    index.paths.reserve(view.size() * (header->version == 4 ? 8 : 1));
    std::deque<std::string> made;  // format 4: only the path before is needed
    std::string_view previous;
    std::size_t read = 0;
    for (auto& e : index.entries) {
        if (!read_entry(b, header->version, previous, e, made)) return false;
        // Sorted by path, then stage: anything else is not an index git wrote.
        if (!previous.empty() && e.path < previous) return false;
        std::size_t at = index.paths.size();
        if (index.paths.capacity() - at < e.path.size()) return false;
        index.paths.insert(index.paths.end(), e.path.begin(), e.path.end());
        e.path = previous = std::string_view(index.paths.data() + at, e.path.size());
        while (made.size() > 1)
            made.pop_front();
        if (mapped && ++read % 4096 == 0) mapped->let_go();
    }
    return read_extensions(b, index);
}

// `git_dir`/index mapped, and what fstat says of it; false when it is not there, not a file
// (never followed when a link), or too large.
bool map_index(const std::filesystem::path& git_dir, MappedFile& bytes, struct stat& st) {
    if (std::getenv("GIT_INDEX_FILE")) return false;  // another index: git knows it
    int fd = ::open((git_dir / "index").c_str(), O_RDONLY | O_CLOEXEC | O_NOFOLLOW);
    if (fd < 0) return false;
    bool ok = ::fstat(fd, &st) == 0 && S_ISREG(st.st_mode) && st.st_size < (1ll << 30) &&
              bytes.map(fd, static_cast<std::size_t>(st.st_size));
    ::close(fd);
    return ok;
}

// The index file (its path and stamp) whose checksum this command found to hold: a command
// reads it twice (whether `.vfi` is tracked, then whole), and git rewrites it whole, under a
// new stamp, so one sum of its bytes is enough. Guarded: regions are read on threads.
std::mutex summed_lock;
std::string summed_index;

bool was_summed(const std::string& key) {
    std::lock_guard hold(summed_lock);
    return summed_index == key;
}

void mark_summed(std::string key) {
    std::lock_guard hold(summed_lock);
    summed_index = std::move(key);
}

}  // namespace

std::optional<GitIndex> parse_git_index(std::string bytes) {
    GitIndex index;
    if (!parse_into(index, bytes, nullptr)) return std::nullopt;
    return index;
}

std::optional<ReadIndex> read_git_index(const std::filesystem::path& git_dir) {
    MappedFile bytes;
    struct stat st {};
    GitIndex index;
    if (!map_index(git_dir, bytes, st)) return std::nullopt;
    std::string stamp = stamp_of(st), key = git_dir.string() + "\n" + stamp;
    if (!parse_into(index, bytes.view(), &bytes, was_summed(key))) return std::nullopt;
    mark_summed(key);
    return ReadIndex{std::move(index), st.st_mtim.tv_sec, st.st_mtim.tv_nsec, stamp};
}

namespace {

std::optional<bool> tracks_under(std::string_view bytes, std::string_view folder, bool summed) {
    Bytes b{bytes};
    auto header = read_header(b, summed);
    if (!header) return std::nullopt;
    std::uint32_t version = header->version, count = header->count;
    GitIndexEntry e;
    std::deque<std::string> made;  // format 4: only the path before is needed
    std::string_view previous;
    for (std::uint32_t i = 0; i < count; ++i) {
        if (!read_entry(b, version, previous, e, made)) return std::nullopt;
        if (!previous.empty() && e.path < previous) return std::nullopt;
        if (e.path.starts_with(folder)) return true;
        if (e.path > folder) return false;  // sorted: nothing further is under it
        previous = e.path;
        while (made.size() > 1)
            made.pop_front();
    }
    return false;
}

}  // namespace

std::optional<bool> index_tracks_under(std::string_view bytes, std::string_view folder) {
    return tracks_under(bytes, folder, false);
}

std::optional<bool> git_index_tracks_under(const std::filesystem::path& git_dir,
                                           std::string_view folder) {
    MappedFile bytes;
    struct stat st {};
    if (!map_index(git_dir, bytes, st)) return std::nullopt;
    std::string key = git_dir.string() + "\n" + stamp_of(st);
    bool summed = was_summed(key);
    auto tracked = tracks_under(bytes.view(), folder, summed);
    if (tracked && !summed) mark_summed(std::move(key));
    return tracked;
}

std::string git_index_stamp(const std::filesystem::path& git_dir) {
    struct stat st {};
    if (::lstat((git_dir / "index").c_str(), &st) != 0) return {};
    return stamp_of(st);
}

}  // namespace vfi
