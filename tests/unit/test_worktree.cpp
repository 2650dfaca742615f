// store/worktree and store/git_index: whether the records differ from their commit, learnt
// from git's index and vfi's own reading of the files, must be exactly what `git status` says
// (git_has_changes and git_ignored_records, kept as the reference), whatever git left behind.
#include <doctest/doctest.h>

#include <fcntl.h>
#include <nettle/sha1.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cstdlib>
#include <ctime>

#include <fmt/format.h>

#include "temp_dir.hpp"
#include "vfi/base/process.hpp"
#include "vfi/base/text.hpp"
#include "vfi/ops/transaction.hpp"
#include "vfi/store/cache.hpp"
#include "vfi/store/git.hpp"
#include "vfi/store/git_index.hpp"
#include "vfi/store/store.hpp"

using namespace vfi;
namespace fs = std::filesystem;

namespace {

std::string git(const fs::path& dir, std::vector<std::string> args) {
    args.insert(args.begin(), "git");
    auto r = run_process(args, dir);
    INFO(join(args, " "), ": ", r.err);
    REQUIRE(r.status == 0);
    return trim(r.out);
}

const std::vector<Kind> every_kind(all_kinds.begin(), all_kinds.end());

std::string partner(const std::string& id, const std::string& name) {
    return "id: " + id + "\nname: " + name + "\nstatus: enquiry\n";
}

// A repository with the data directory at `data` ("" for the top) and three partners, committed.
struct Repo {
    TempDir d;
    fs::path root;
    explicit Repo(const std::string& data = "") : root(d.path / data) {
        setenv("GIT_AUTHOR_NAME", "Test Coordinator", 1);
        setenv("GIT_AUTHOR_EMAIL", "coordinator@example.org", 1);
        setenv("GIT_COMMITTER_NAME", "Test Coordinator", 1);
        setenv("GIT_COMMITTER_EMAIL", "coordinator@example.org", 1);
        git_init(d.path);
        put("vfi.yaml", "vfi: 1\nprogramme: Test\n");
        put("partners/P-AAAAAA.yaml", partner("P-AAAAAA", "Ada Example"));
        put("partners/P-BBBBBB.yaml", partner("P-BBBBBB", "Bo Example"));
        put("partners/P-CCCCCC.yaml", partner("P-CCCCCC", "Cy Example"));
        d.write("README.md", "outside the data directory when it is a folder\n");
        commit();
    }
    void put(const std::string& relative, const std::string& text) const {
        d.write((root.lexically_relative(d.path) / relative).lexically_normal().string(), text);
    }
    void commit() const {
        git(d.path, {"add", "-A"});
        git(d.path, {"commit", "-qm", "change", "--allow-empty"});
    }
    // Files older than the cache's two seconds: what the stamp says is settled.
    void settle() const {
        struct timespec old[2] = {{std::time(nullptr) - 10, 0}, {std::time(nullptr) - 10, 0}};
        for (const auto& e : fs::recursive_directory_iterator(root))
            if (e.is_regular_file() && e.path().string().find("/.git/") == std::string::npos)
                ::utimensat(AT_FDCWD, e.path().c_str(), old, AT_SYMLINK_NOFOLLOW);
    }
};

// vfi's answer, with the records read and without, equals git's.
void same_as_git(const Repo& repo, bool expected) {
    for (bool load : {false, true}) {
        CAPTURE(load);
        RecordStore store(repo.root);
        if (load) store.load(every_kind);
        WorkTreeStatus ours = store.work_tree();
        bool theirs = git_has_changes(repo.root);
        auto ignored = git_ignored_records(repo.root);
        std::sort(ignored.begin(), ignored.end());
        CHECK(ours.uncommitted == theirs);
        CHECK(ours.uncommitted == expected);
        CHECK(ours.ignored_records == ignored);
    }
}

}  // namespace

// Every way the files can differ from their commit, with the data directory at `data`.
static void scenarios(const std::string& data) {
    {
        Repo repo(data);
        same_as_git(repo, false);
        SUBCASE("a record changed, the same size, at once (racily clean to git)") {
            repo.put("partners/P-AAAAAA.yaml", partner("P-AAAAAA", "Ada Exampel"));
            same_as_git(repo, true);
        }
        SUBCASE("a record changed and settled, then read from the cache") {
            repo.put("partners/P-AAAAAA.yaml", partner("P-AAAAAA", "Ada Exampel"));
            repo.settle();
            same_as_git(repo, true);
            same_as_git(repo, true);
        }
        SUBCASE("a record touched, its content the same") {
            repo.settle();
            same_as_git(repo, false);
            same_as_git(repo, false);
        }
        SUBCASE("a record made executable") {
            ::chmod((repo.root / "partners/P-AAAAAA.yaml").c_str(), 0755);
            same_as_git(repo, true);
        }
        SUBCASE("a new record, not yet added") {
            repo.put("partners/P-DDDDDD.yaml", partner("P-DDDDDD", "Di Example"));
            same_as_git(repo, true);
        }
        SUBCASE("a file that is no record, in a record folder, and a folder in one") {
            repo.put("partners/notes.txt", "call back\n");
            same_as_git(repo, true);
            repo.commit();
            same_as_git(repo, false);
            repo.put("partners/old/P-AAAAAA.yaml", partner("P-AAAAAA", "Ada Example"));
            same_as_git(repo, true);
        }
        SUBCASE("a record deleted") {
            fs::remove(repo.root / "partners/P-BBBBBB.yaml");
            same_as_git(repo, true);
        }
        SUBCASE("a record replaced by a link") {
            fs::remove(repo.root / "partners/P-BBBBBB.yaml");
            fs::create_symlink("P-AAAAAA.yaml", repo.root / "partners/P-BBBBBB.yaml");
            same_as_git(repo, true);
        }
        SUBCASE("a change staged, not committed") {
            repo.put("partners/P-AAAAAA.yaml", partner("P-AAAAAA", "Ada Changed"));
            git(repo.root, {"add", "partners/P-AAAAAA.yaml"});
            same_as_git(repo, true);
        }
        SUBCASE("a change staged, then put back in the working tree") {
            repo.put("partners/P-AAAAAA.yaml", partner("P-AAAAAA", "Ada Changed"));
            git(repo.root, {"add", "partners/P-AAAAAA.yaml"});
            repo.put("partners/P-AAAAAA.yaml", partner("P-AAAAAA", "Ada Example"));
            same_as_git(repo, true);
        }
        SUBCASE("a new file in a new folder, and an empty folder") {
            repo.put("exports/2026/summary.csv", "a,b\n");
            fs::create_directories(repo.root / "empty");
            same_as_git(repo, true);
        }
        SUBCASE("an empty folder alone") {
            fs::create_directories(repo.root / "empty/deeper");
            same_as_git(repo, false);
        }
        SUBCASE("files git ignores: exports (not data) and a record") {
            repo.put(".gitignore", "exports/\npartners/P-EEEE*\n");
            repo.commit();
            repo.put("exports/summary.csv", "a,b\n");
            same_as_git(repo, false);
            repo.put("partners/P-EEEEEE.yaml", partner("P-EEEEEE", "Ed Example"));
            same_as_git(repo, true);
        }
        SUBCASE("vfi's own folder and scratch files") {
            repo.put(".vfi/cache/note", "x\n");
            repo.put("partners/.vfi-scratch.1234", "x\n");
            same_as_git(repo, false);
        }
        SUBCASE("the index without its trees (after git reset), and in format 4") {
            git(repo.d.path, {"reset", "-q"});
            same_as_git(repo, false);
            git(repo.d.path, {"update-index", "--index-version", "4"});
            same_as_git(repo, false);
            repo.put("partners/P-CCCCCC.yaml", partner("P-CCCCCC", "Cy Changed!"));
            same_as_git(repo, true);
            git(repo.root, {"add", "-A"});
            same_as_git(repo, true);
        }
        SUBCASE("a split index, which vfi leaves to git") {
            git(repo.d.path, {"update-index", "--split-index"});
            same_as_git(repo, false);
            repo.put("partners/P-CCCCCC.yaml", partner("P-CCCCCC", "Cy Changed!"));
            same_as_git(repo, true);
        }
        SUBCASE("a file marked assume-unchanged, then changed") {
            git(repo.root, {"update-index", "--assume-unchanged", "partners/P-CCCCCC.yaml"});
            repo.put("partners/P-CCCCCC.yaml", partner("P-CCCCCC", "Cy Changed!"));
            same_as_git(repo, false);
        }
    }
}

TEST_CASE("worktree: clean, changed, added, deleted, staged, as git status says") {
    scenarios("");
}

TEST_CASE("worktree: the same in a data directory inside a larger repository") {
    scenarios("programme");
}

TEST_CASE("worktree: a change outside the data directory is not the data's") {
    Repo repo("programme");
    repo.d.write("README.md", "changed\n");
    repo.d.write("notes/new.txt", "new\n");
    same_as_git(repo, false);
    git(repo.d.path, {"add", "README.md"});
    same_as_git(repo, false);
}

TEST_CASE("git_index: a malformed index is not read, never read past its end") {
    Repo repo;
    auto bytes = repo.d.read(".git/index");
    REQUIRE(parse_git_index(bytes));
    CHECK(parse_git_index(bytes)->entries.size() == 5);
    CHECK(parse_git_index(bytes)->tree_of(""));
    // Its checksum refuses a cut or a changed byte.
    for (std::size_t cut = 0; cut < bytes.size(); ++cut)
        CHECK_FALSE(parse_git_index(bytes.substr(0, cut)));
    std::string flipped = bytes;
    flipped[bytes.size() / 2] ^= 1;
    CHECK_FALSE(parse_git_index(flipped));
    // Signed afresh, as a damaged index written by a buggy tool would be, its structure alone
    // must refuse what is cut, read no byte past the end (AddressSanitizer watches), and never
    // give an entry that was not whole.
    auto signed_ = [](std::string body) {
        sha1_ctx ctx;
        sha1_init(&ctx);
        sha1_update(&ctx, body.size(), reinterpret_cast<const std::uint8_t*>(body.data()));
        std::uint8_t digest[SHA1_DIGEST_SIZE];
        sha1_digest(&ctx, SHA1_DIGEST_SIZE, digest);
        return body.append(reinterpret_cast<const char*>(digest), SHA1_DIGEST_SIZE);
    };
    std::string body = bytes.substr(0, bytes.size() - 20);
    REQUIRE(parse_git_index(signed_(body)));
    REQUIRE(parse_git_index(body + std::string(20, '\0')));  // index.skipHash
    std::size_t read = 0;
    for (std::size_t cut = 0; cut < bytes.size(); ++cut)
        if (auto index = parse_git_index(signed_(bytes.substr(0, cut)))) {
            CHECK(index->entries.size() == 5);  // whole entries, extensions cut away
            ++read;
        }
    CHECK(read <= 3);
    std::string count = body;
    count[11] = 99;  // more entries than there are
    CHECK_FALSE(parse_git_index(signed_(count)));
    std::string version = body;
    version[7] = 5;
    CHECK_FALSE(parse_git_index(signed_(version)));
}

TEST_CASE("git_index: paths are read whole, and format 4's that come to too much are left to git") {
    Repo repo;
    // Deep folders and short names: format 4 writes each path as what it keeps of the one
    // before and a few letters, so the paths come to ten times the file.
    std::string deep =
        std::string(240, 'x') + "/" + std::string(240, 'y') + "/" + std::string(240, 'z') + "/";
    for (int i = 0; i < 200; ++i)
        repo.d.write(deep + fmt::format("n{:03}", i), "x\n");
    git(repo.d.path, {"add", "-A"});
    git(repo.d.path, {"update-index", "--index-version", "2"});
    auto whole = parse_git_index(repo.d.read(".git/index"));
    REQUIRE(whole);
    REQUIRE(whole->entries.size() == 205);
    // The paths are the index's own, copied: the bytes read are gone.
    CHECK(whole->entries.front().path == "README.md");
    CHECK(whole->entries[1].path == "partners/P-AAAAAA.yaml");
    CHECK(whole->entries[4].path == "vfi.yaml");
    CHECK(whole->entries[5].path == deep + "n000");
    CHECK(whole->entries.back().path == deep + "n199");
    git(repo.d.path, {"update-index", "--index-version", "4"});
    auto bytes = repo.d.read(".git/index");
    CHECK(bytes.size() * 8 < 200 * deep.size());
    CHECK_FALSE(parse_git_index(bytes));  // git is asked instead
}

TEST_CASE("git_index: whether .vfi/ is tracked is read only as far as it would be") {
    for (std::string data : {"", "programme"}) {
        Repo repo(data);
        std::string own = data + (data.empty() ? "" : "/") + ".vfi/";
        fs::path git_dir = repo.d.path / ".git";
        for (std::string version : {"2", "3", "4"}) {
            CAPTURE(data);
            CAPTURE(version);
            git(repo.d.path, {"update-index", "--index-version", version});
            CHECK(git_index_tracks_under(git_dir, own) == false);
            // Near it, but not under it: .vfi.txt, .vfi-notes/ (both sort before it).
            repo.put(".vfi.txt", "a file\n");
            repo.put(".vfi-notes/a.txt", "notes\n");
            repo.put("zz/after.txt", "after\n");
            repo.commit();
            CHECK(git_index_tracks_under(git_dir, own) == false);
            // Staged, as a collaborator who committed the cache would have it.
            repo.put(".vfi/cache/1000/partners", "not vfi's\n");
            git(repo.d.path, {"add", "-f", own + "cache"});
            CHECK(git_index_tracks_under(git_dir, own) == true);
            git(repo.d.path, {"rm", "-rq", "--cached", own + "cache"});
            CHECK(git_index_tracks_under(git_dir, own) == false);
            fs::remove_all(repo.root / ".vfi");
        }
        // An index cut short, or damaged, is not read: git is asked instead.
        std::string bytes = repo.d.read(".git/index");
        CHECK(index_tracks_under(bytes, own) == false);
        for (std::size_t cut = 0; cut < bytes.size(); cut += 7)
            CHECK_FALSE(index_tracks_under(bytes.substr(0, cut), own));
        bytes[bytes.size() / 2] ^= 1;
        CHECK_FALSE(index_tracks_under(bytes, own));
    }
}

TEST_CASE("worktree: a record the command rewrote itself is judged as it is now") {
    Repo repo;
    repo.put("vfi.yaml", "vfi: 1\nprogramme: Test\ngit:\n  autocommit: false\n");
    repo.commit();
    repo.settle();
    RecordStore store(repo.root);
    store.load(every_kind);  // what was read is as committed
    {
        Transaction change(store, ChangeOptions{}, Date::today());
        change.put(Kind::partner, "P-AAAAAA",
                   yaml::parse(partner("P-AAAAAA", "Ada Changed"), "x.yaml"), Write::replace);
        change.commit("partner: set P-AAAAAA");
    }
    CHECK(git_has_changes(repo.root));
    CHECK(store.work_tree().uncommitted);
}

TEST_CASE("git_index: its checksum is summed once a command, and again when the file is new") {
    Repo repo;
    fs::path git_dir = repo.d.path / ".git";
    CHECK(git_index_tracks_under(git_dir, ".vfi/") == false);  // summed here
    REQUIRE(read_git_index(git_dir));                          // and not again
    // Damaged, and put in place as git puts an index (a new file renamed over it): summed
    // afresh, and refused, by either reading.
    std::string bytes = repo.d.read(".git/index");
    bytes[bytes.size() / 2] ^= 1;
    repo.d.write(".git/index.new", bytes);
    fs::rename(git_dir / "index.new", git_dir / "index");
    CHECK_FALSE(read_git_index(git_dir));
    CHECK_FALSE(git_index_tracks_under(git_dir, ".vfi/"));
}

TEST_CASE(
    "worktree: what vfi keeps for a commit is read only when no file of .vfi came through git") {
    Repo repo;
    std::string head = git(repo.root, {"rev-parse", "HEAD"});
    CommitMemo(repo.root, head, true).put("forgotten", "P-AAAAAA\n");
    {
        RecordStore store(repo.root);
        CHECK(store.forgotten_in_history().size() == 1);  // kept for HEAD, and believed
    }
    git(repo.root, {"add", "-f", ".vfi"});
    {
        RecordStore store(repo.root);
        CHECK(store.forgotten_in_history().empty());  // from git's history itself
    }
}

TEST_CASE("worktree: a blob id is held whole, SHA-1's or SHA-256's, and nothing longer") {
    std::string sha1 = git_blob_id("id: P-7KQ2MD\n");
    REQUIRE(sha1.size() == 40);
    CHECK(BlobId(sha1).hex() == sha1);
    std::string sha256(64, 'a');
    sha256.back() = 'f';
    CHECK(BlobId(sha256).hex() == sha256);
    CHECK(BlobId(sha256 + "00").empty());  // never a prefix of what it was given
    CHECK(BlobId(sha1 + "0").empty());     // half a byte
    CHECK(BlobId(std::string(39, 'a') + "g").empty());
    CHECK(BlobId(std::string(40, 'A')).empty());                    // git writes lowercase
    CHECK(BlobId("0123456789abcdef").hex() == "0123456789abcdef");  // every digit's value
    // Every byte, as either digit of a byte: only the 16 lowercase hex digits are taken.
    for (int b = 0; b < 256; ++b) {
        CAPTURE(b);
        char c = static_cast<char>(b);
        bool digit = (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f');
        CHECK(BlobId(std::string{c, '0'}).empty() == !digit);
        CHECK(BlobId(std::string{'0', c}).empty() == !digit);
    }
    CHECK(BlobId().empty());
    CHECK(BlobId("").hex().empty());
    // The same id as git's index holds it (bytes), and no other.
    const unsigned char raw[] = {0xab, 0x01, 0xff};
    CHECK(BlobId("ab01ff").is(raw, 3));
    CHECK_FALSE(BlobId("ab01fe").is(raw, 3));
    CHECK_FALSE(BlobId("ab01").is(raw, 3));
    CHECK_FALSE(BlobId().is(raw, 0));
}

namespace {

// A file as the store saw it, told apart by its size alone.
SeenFile file_sized(std::uint32_t size) {
    IndexStamp stamp{};
    stamp.size = size;
    return SeenFile{stamp, 0100644, {}};
}

// A folder's listing as Folder::entries gives it: these files, in order of name.
SeenFiles::Listing listing_of(std::vector<std::string> names) {
    std::sort(names.begin(), names.end());
    SeenFiles::Listing out;
    for (auto& name : names)
        out.emplace_back(std::move(name), EntryType::file);
    return out;
}

// Adds the file `name` of the folder started last, by its place in that folder's listing.
void add_named(SeenFiles& seen, const SeenFiles::Listing& listing, std::string_view name,
               std::uint32_t size) {
    auto it = std::find_if(listing.begin(), listing.end(),
                           [&](const auto& entry) { return entry.first == name; });
    REQUIRE(it != listing.end());
    seen.add(static_cast<std::uint32_t>(it - listing.begin()), file_sized(size));
}

}  // namespace

TEST_CASE("worktree: the files read are found by path, the later reading of one read twice") {
    // Kinds are read one after another, each in order of name, and a path may be read again:
    // the walk must find each, and the reading that counts is the last.
    SeenFiles seen;
    const auto& sessions =
        seen.start("sessions", listing_of({"S-2.yaml", "S-9.yaml", "notes.txt"}), 2);
    add_named(seen, sessions, "S-9.yaml", 9);  // out of order: sorted when asked
    add_named(seen, sessions, "S-2.yaml", 2);
    const auto& partners = seen.start("partners", listing_of({"P-5.yaml"}), 1);
    add_named(seen, partners, "P-5.yaml", 5);
    const auto& again = seen.start("sessions", listing_of({"S-2.yaml"}), 1);
    add_named(seen, again, "S-2.yaml", 20);  // read again, later
    const auto& matches = seen.start("matches", listing_of({"M-0.yaml", "M-1.yaml"}), 2);
    add_named(seen, matches, "M-1.yaml", 1);
    add_named(seen, matches, "M-1.yaml", 10);  // and again
    // Before sorting, found all the same.
    REQUIRE(seen.find("sessions/S-2.yaml"));
    CHECK(seen.find("sessions/S-2.yaml")->stamp.size == 20);
    CHECK(seen.find("matches/M-1.yaml")->stamp.size == 10);
    seen.sort();
    for (auto [path, size] :
         std::vector<std::pair<std::string, std::uint32_t>>{{"sessions/S-2.yaml", 20},
                                                            {"sessions/S-9.yaml", 9},
                                                            {"partners/P-5.yaml", 5},
                                                            {"matches/M-1.yaml", 10}}) {
        CAPTURE(path);
        REQUIRE(seen.find(path));
        CHECK(seen.find(path)->stamp.size == size);
    }
    CHECK_FALSE(seen.find("sessions/S-3.yaml"));
    CHECK_FALSE(seen.find("sessions/notes.txt"));  // listed, never read
    CHECK_FALSE(seen.find("matches/M-0.yaml"));
    CHECK_FALSE(seen.find("partners/S-2.yaml"));  // a name is found in its own folder only
    CHECK_FALSE(seen.find("S-2.yaml"));
    // A folder's listing is the latest kept of it.
    REQUIRE(seen.listing("sessions"));
    CHECK(seen.listing("sessions")->size() == 1);
    REQUIRE(seen.listing("partners"));
    CHECK(seen.listing("partners")->front().first == "P-5.yaml");
    CHECK_FALSE(seen.listing("leaders"));
    CHECK_FALSE(seen.listing(""));
    CHECK_FALSE(seen.find("sessions/S-2.yam"));
    CHECK_FALSE(seen.find("zz"));
    CHECK_FALSE(seen.find(""));
    seen.clear();
    CHECK_FALSE(seen.find("matches/M-1.yaml"));
    CHECK_FALSE(seen.listing("sessions"));
}

TEST_CASE("worktree: files asked for in order from where the last was found are the same files") {
    // The walk asks in order of name and keeps its place; what it finds is what find(path)
    // finds, in a folder read twice too (the later reading first, the earlier one for a file
    // only it read).
    SeenFiles seen;
    const auto& sessions =
        seen.start("sessions", listing_of({"S-1.yaml", "S-2.yaml", "S-3.yaml", "S-4.yaml"}), 4);
    for (std::uint32_t i : {1, 2, 3, 4})
        add_named(seen, sessions, fmt::format("S-{}.yaml", i), i);
    const auto& partners = seen.start("partners", listing_of({"P-5.yaml", "P-6.yaml"}), 1);
    add_named(seen, partners, "P-5.yaml", 5);
    // Read again, later: S-2 and S-3 only.
    const auto& again = seen.start("sessions", listing_of({"S-2.yaml", "S-3.yaml"}), 2);
    add_named(seen, again, "S-2.yaml", 20);
    add_named(seen, again, "S-3.yaml", 30);
    seen.sort();
    SeenFiles::Place place;
    for (auto [path, size] :
         std::vector<std::pair<std::string, std::uint32_t>>{{"sessions/S-1.yaml", 1},
                                                            {"sessions/S-2.yaml", 20},
                                                            {"sessions/S-3.yaml", 30},
                                                            {"sessions/S-4.yaml", 4},
                                                            {"sessions/S-5.yaml", 0},
                                                            {"partners/P-5.yaml", 5},
                                                            {"sessions/S-2.yaml", 20},
                                                            {"sessions/S-3.yaml", 30},
                                                            {"partners/P-5.yaml", 5},
                                                            {"partners/P-6.yaml", 0}}) {
        CAPTURE(path);
        const SeenFile* found = seen.find(path, place);
        if (size == 0) {
            CHECK_FALSE(found);
            continue;
        }
        REQUIRE(found);
        CHECK(found->stamp.size == size);
        CHECK(found == seen.find(path));
    }
}

TEST_CASE("worktree: a file with no folder started, or no place in its listing, is not kept") {
    // The store always starts a folder first, and names its files from its listing; a caller
    // that does not must not write, nor read, past the end of a list (AddressSanitizer says
    // so when it would).
    SeenFiles seen;
    seen.add(0, file_sized(1));
    const auto& sessions = seen.start("sessions", listing_of({"S-1.yaml"}), 2);
    seen.add(1, file_sized(2));  // past the listing's end
    seen.add(0, file_sized(3));
    seen.sort();
    REQUIRE(seen.find("sessions/S-1.yaml"));
    CHECK(seen.find("sessions/S-1.yaml")->stamp.size == 3);
    CHECK(sessions.size() == 1);
    CHECK_FALSE(seen.find("S-1.yaml"));
}

TEST_CASE(
    "store: git asked beside (ask_git) answers as git asked in turn, the store moved or not") {
    Repo repo("data");
    auto facts_of = [](const RecordStore& store) {
        const auto& facts = store.git();
        REQUIRE(facts);
        return std::vector<std::string>{facts->git_dir.string(), facts->prefix, facts->head,
                                        facts->tree, facts->head_short};
    };
    RecordStore in_turn(repo.root);
    auto expected = facts_of(in_turn);
    CHECK(expected[1] == "data/");
    CHECK(expected[2] == git(repo.root, {"rev-parse", "HEAD"}));
    RecordStore beside(repo.root);
    beside.ask_git();
    beside.ask_git();  // asked once: the second call starts nothing
    RecordStore moved = std::move(beside);
    CHECK(facts_of(moved) == expected);
    // A store let go before git answers waits for it, and leaves nothing running.
    RecordStore(repo.root).ask_git();
}
