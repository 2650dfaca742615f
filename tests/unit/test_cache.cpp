// The parse cache: never serves a tree for a file that changed, however it changed.
#include <doctest/doctest.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cstdlib>

#include <ctime>

#include <fmt/format.h>

#include "temp_dir.hpp"
#include "vfi/base/bytes.hpp"
#include "vfi/ops/transaction.hpp"
#include "vfi/store/cache.hpp"
#include "vfi/store/files.hpp"
#include "vfi/store/store.hpp"

using namespace vfi;

namespace {

// Sets a file's modification time `seconds_ago` (its change time moves to now, as it must).
void age(const std::filesystem::path& p, long seconds_ago) {
    struct timespec times[2];
    times[0].tv_sec = times[1].tv_sec = std::time(nullptr) - seconds_ago;
    times[0].tv_nsec = times[1].tv_nsec = 0;
    REQUIRE(::utimensat(AT_FDCWD, p.c_str(), times, 0) == 0);
}

// Caches one partner file per letter, each P-<letter>KQ2MD.yaml, all with the same stamp.
void cache_partners(const std::filesystem::path& root, const std::string& letters,
                    const FileStamp& stamp) {
    ParseCache cache(root, Kind::partner);
    for (char c : letters)
        cache.keep(std::string("P-") + c + "KQ2MD.yaml", stamp, yaml::Node::text("t"), "b");
    cache.save();
}

std::string name_of(const std::filesystem::path& root, const std::string& id) {
    RecordStore store(root);
    store.load({Kind::partner});
    const Record* r = store.find(id);
    return r ? r->doc.find("name")->value : "(not loaded)";
}

// A data directory with one partner; every file counts as settled (so is cached) unless a
// test puts the two-second settling time back.
struct Programme {
    TempDir d;
    Programme() {
        ::setenv("VFI_CACHE_SETTLE_SECONDS", "-100", 1);
        d.write("vfi.yaml", "vfi: 1\nprogramme: Test\n");
        d.write("partners/P-7KQ2MD.yaml", "id: P-7KQ2MD\nname: Ada Aaa\nstatus: enquiry\n");
        age(d.path / "partners/P-7KQ2MD.yaml", 3600);
    }
    ~Programme() { ::unsetenv("VFI_CACHE_SETTLE_SECONDS"); }
    bool cached() const { return d.exists(cache_folder() + "/partners"); }
};

}  // namespace

TEST_CASE("cache: a tree reads back as it was written") {
    yaml::Node doc =
        yaml::parse("id: P-7KQ2MD\nname: \"0123\"\nlist: [a, b]\nmap:\n  k: v\nnone:\n", "f.yaml");
    auto back = deserialise_tree(serialise_tree(doc));
    REQUIRE(back);
    CHECK(yaml::emit(*back) == yaml::emit(doc));
    CHECK(back->find("name")->quoted);
    CHECK(back->find("map")->entries[0].key_mark.line == 5);
    CHECK_FALSE(deserialise_tree(serialise_tree(doc).substr(0, 10)));
    CHECK_FALSE(deserialise_tree("\x07garbage"));
}

TEST_CASE("cache: a changed, added, removed or renamed file is never served stale") {
    Programme p;
    auto file = p.d.path / "partners/P-7KQ2MD.yaml";
    CHECK(name_of(p.d.path, "P-7KQ2MD") == "Ada Aaa");
    REQUIRE(p.cached());

    SUBCASE("same size, same modification time: the change time tells") {
        p.d.write("partners/P-7KQ2MD.yaml", "id: P-7KQ2MD\nname: Bea Bbb\nstatus: enquiry\n");
        age(file, 3600);
        CHECK(name_of(p.d.path, "P-7KQ2MD") == "Bea Bbb");
    }
    SUBCASE("a change within the same second") {
        ::setenv("VFI_CACHE_SETTLE_SECONDS", "2", 1);
        p.d.write("partners/P-7KQ2MD.yaml", "id: P-7KQ2MD\nname: Cy Ccc\nstatus: enquiry\n");
        CHECK(name_of(p.d.path, "P-7KQ2MD") == "Cy Ccc");
        p.d.write("partners/P-7KQ2MD.yaml", "id: P-7KQ2MD\nname: Di Ddd\nstatus: enquiry\n");
        CHECK(name_of(p.d.path, "P-7KQ2MD") == "Di Ddd");
        CHECK(p.d.read(cache_folder() + "/partners").find("Cy Ccc") == std::string::npos);
    }
    SUBCASE("removed") {
        std::filesystem::remove(file);
        CHECK(name_of(p.d.path, "P-7KQ2MD") == "(not loaded)");
    }
    SUBCASE("renamed to another record, and another put in its place") {
        p.d.write("partners/P-8KQ2MD.yaml", "id: P-8KQ2MD\nname: Ed Eee\nstatus: enquiry\n");
        age(p.d.path / "partners/P-8KQ2MD.yaml", 3600);
        std::filesystem::rename(p.d.path / "partners/P-8KQ2MD.yaml", file);
        CHECK(name_of(p.d.path, "P-7KQ2MD") == "(not loaded)");  // its id says P-8KQ2MD
    }
    SUBCASE("added") {
        p.d.write("partners/P-9KQ2MD.yaml", "id: P-9KQ2MD\nname: Flo Fff\nstatus: enquiry\n");
        CHECK(name_of(p.d.path, "P-9KQ2MD") == "Flo Fff");
        CHECK(name_of(p.d.path, "P-7KQ2MD") == "Ada Aaa");
    }
    SUBCASE("a cache that is torn or foreign is ignored") {
        p.d.write(cache_folder() + "/partners", "VFICACHE3\nnot this version\n");
        CHECK(name_of(p.d.path, "P-7KQ2MD") == "Ada Aaa");
        std::string whole = p.d.read(cache_folder() + "/partners");
        p.d.write(cache_folder() + "/partners", whole.substr(0, whole.size() - 3));
        CHECK(name_of(p.d.path, "P-7KQ2MD") == "Ada Aaa");
    }
}

TEST_CASE("cache: a command keeps every entry it found unchanged when it adds another") {
    Programme p;
    CHECK(name_of(p.d.path, "P-7KQ2MD") == "Ada Aaa");
    p.d.write("partners/P-9KQ2MD.yaml", "id: P-9KQ2MD\nname: Flo Fff\nstatus: enquiry\n");
    age(p.d.path / "partners/P-9KQ2MD.yaml", 3600);
    CHECK(name_of(p.d.path, "P-9KQ2MD") == "Flo Fff");  // Ada's from the cache, Flo's parsed
    std::string cached = p.d.read(cache_folder() + "/partners");
    CHECK(cached.find("Ada Aaa") != std::string::npos);
    CHECK(cached.find("Flo Fff") != std::string::npos);
}

TEST_CASE("cache: entries are written in order of name, those kept and those added alike") {
    // A command reads a folder in order of name and lets go of the cache behind it as it goes
    // (let_go): only when the cache is in the same order does that bound its memory.
    Programme p;  // P-7KQ2MD
    auto add = [&](const std::string& id) {
        p.d.write("partners/" + id + ".yaml", "id: " + id + "\nname: N\nstatus: enquiry\n");
        age(p.d.path / ("partners/" + id + ".yaml"), 3600);
    };
    const std::string first = "ZYXWVTSRQPNMKJHGFEDCBA3456";  // kept, once cached
    for (char c : first)
        add(std::string("P-") + c + "KQ2MD");
    CHECK(name_of(p.d.path, "P-ZKQ2MD") == "N");
    add("P-9KQ2MD");  // between those kept
    add("P-0KQ2MD");  // before them all
    CHECK(name_of(p.d.path, "P-9KQ2MD") == "N");
    std::string cached = p.d.read(cache_folder() + "/partners");
    std::string every = "0" + first + "79";
    std::sort(every.begin(), every.end());
    std::vector<std::size_t> at;
    for (char c : every)
        at.push_back(cached.find(std::string("P-") + c + "KQ2MD.yaml"));
    CHECK(at.size() == 29);
    CAPTURE(cached);
    CHECK(std::find(at.begin(), at.end(), std::string::npos) == at.end());
    CHECK(std::is_sorted(at.begin(), at.end()));
    CHECK(std::adjacent_find(at.begin(), at.end()) == at.end());
}

TEST_CASE("cache: a folder read in order of name finds its entries with no search") {
    // read_kind asks `place` for each name in order, from where the last one was; a name
    // asked out of order, or not cached, must still be told right, never served another's.
    Programme p;
    FileStamp stamp{10, 1000, 0, 1000, 0, 42};
    cache_partners(p.d.path, "BDFH", stamp);
    ParseCache cache(p.d.path, Kind::partner);
    std::size_t at = 0;
    std::string found;
    for (char c : std::string("ABCDEFGHJ")) {  // every other one cached
        std::string name = std::string("P-") + c + "KQ2MD.yaml";
        at = cache.place(name, at);
        bool hit = cache.find_at(at, name, stamp).has_value();
        CHECK(hit == cache.find(name, stamp).has_value());
        if (hit) found += c;
    }
    CHECK(found == "BDFH");
    // Out of order, and from anywhere: found all the same.
    CHECK(cache.find_at(cache.place("P-BKQ2MD.yaml", 4), "P-BKQ2MD.yaml", stamp));
    CHECK(cache.find_at(cache.place("P-HKQ2MD.yaml", 0), "P-HKQ2MD.yaml", stamp));
    CHECK(cache.find_at(cache.place("P-DKQ2MD.yaml", 99), "P-DKQ2MD.yaml", stamp));
    // A place is only where to look: another name, or another stamp, there is no hit.
    CHECK_FALSE(cache.find_at(cache.place("P-DKQ2MD.yaml", 0), "P-FKQ2MD.yaml", stamp));
    FileStamp changed = stamp;
    changed.mtime_ns = 1;
    CHECK_FALSE(cache.find_at(cache.place("P-DKQ2MD.yaml", 0), "P-DKQ2MD.yaml", changed));
}

TEST_CASE("cache: files forgotten together are all gone from the cache, whatever their order") {
    // drop() finds each name by halves: the entries must stay in order until all are found.
    Programme p;
    FileStamp stamp{10, 1000, 0, 1000, 0, 42};
    cache_partners(p.d.path, "ABCDEFGH", stamp);
    ParseCache(p.d.path, Kind::partner).drop({"P-EKQ2MD.yaml", "P-CKQ2MD.yaml", "P-AKQ2MD.yaml"});
    std::string cached = p.d.read(cache_folder() + "/partners");
    for (char c : std::string("ACE"))
        CHECK(cached.find(std::string("P-") + c + "KQ2MD") == std::string::npos);
    ParseCache cache(p.d.path, Kind::partner);
    std::string left;
    for (char c : std::string("ABCDEFGH"))
        if (cache.find(std::string("P-") + c + "KQ2MD.yaml", stamp)) left += c;
    CHECK(left == "BDFGH");
}

TEST_CASE("cache: a file vfi rewrites leaves no older version in the cache") {
    Programme p;
    CHECK(name_of(p.d.path, "P-7KQ2MD") == "Ada Aaa");
    REQUIRE(p.d.read(cache_folder() + "/partners").find("Ada Aaa") != std::string::npos);
    {
        RecordStore store(p.d.path);
        Transaction change(store, ChangeOptions{false, 1}, Date::today());
        store.load({Kind::partner});
        yaml::Node doc = store.find("P-7KQ2MD")->doc;
        doc.set("name", yaml::Node::text("Erased"));
        change.put(Kind::partner, "P-7KQ2MD", doc, Write::replace);
        change.commit("test");
    }
    CHECK(p.d.read(cache_folder() + "/partners").find("Ada Aaa") == std::string::npos);
    CHECK(name_of(p.d.path, "P-7KQ2MD") == "Erased");
}

TEST_CASE("cache: a record cached under another vfi.yaml is validated again") {
    Programme p;
    p.d.write("partners/P-7KQ2MD.yaml",
              "id: P-7KQ2MD\nname: Ada Aaa\nstatus: enquiry\nequality:\n  gender: non-binary\n");
    CHECK(name_of(p.d.path, "P-7KQ2MD") == "Ada Aaa");
    REQUIRE(p.cached());
    p.d.write("vfi.yaml", "vfi: 1\nprogramme: Test\nvocabularies:\n  gender: [woman, man]\n");
    RecordStore store(p.d.path);
    store.load({Kind::partner});
    CHECK(store.find("P-7KQ2MD") == nullptr);
    REQUIRE(store.problems().size() == 1);
    CHECK(store.problems()[0].describe().find(
              "equality.gender: the value given is not one of woman, man") != std::string::npos);
}

TEST_CASE("cache: a cache larger than any record file is read whole (a national programme's)") {
    Programme p;
    std::string notes(900'000, 'x');
    const std::string suffixes = "0123456789ABCDEFGHJK";
    for (char c : suffixes) {
        std::string id = std::string("P-8KQ2M") + c;
        p.d.write("partners/" + id + ".yaml",
                  "id: " + id + "\nname: Big Record\nstatus: enquiry\nnotes: " + notes + "\n");
    }
    RecordStore(p.d.path).load({Kind::partner});
    struct stat before {};
    REQUIRE(::stat((p.d.path / (cache_folder() + "/partners")).c_str(), &before) == 0);
    CHECK(before.st_size > (16 << 20));
    RecordStore again(p.d.path);
    again.load({Kind::partner});
    CHECK(again.records(Kind::partner).size() == 21);
    struct stat after {};
    REQUIRE(::stat((p.d.path / (cache_folder() + "/partners")).c_str(), &after) == 0);
    // Read whole and found sound, so not written again.
    CHECK(after.st_ino == before.st_ino);
    CHECK(after.st_mtim.tv_nsec == before.st_mtim.tv_nsec);
}

TEST_CASE("cache: a cache file another account wrote, or anyone may write, is never trusted") {
    // In a folder a group shares, a colleague could otherwise change what every report counts
    // without a word in git: their edit of this account's cache is ignored.
    Programme p;
    REQUIRE(name_of(p.d.path, "P-7KQ2MD") == "Ada Aaa");
    std::string file = cache_folder() + "/partners";
    std::string bytes = p.d.read(file);
    auto at = bytes.find("Ada Aaa");
    REQUIRE(at != std::string::npos);
    bytes.replace(at, 7, "Mal Mmm");
    p.d.write(file, bytes);
    ::chmod((p.d.path / file).c_str(), 0600);
    CHECK(name_of(p.d.path, "P-7KQ2MD") == "Mal Mmm");  // this account's own file is its own
    p.d.write(file, bytes);
    ::chmod((p.d.path / file).c_str(), 0620);
    CHECK(name_of(p.d.path, "P-7KQ2MD") == "Ada Aaa");  // a group could have written it
    if (::geteuid() == 0) {
        p.d.write(file, bytes);
        ::chmod((p.d.path / file).c_str(), 0600);
        REQUIRE(::chown((p.d.path / file).c_str(), 65534, 65534) == 0);
        CHECK(name_of(p.d.path, "P-7KQ2MD") == "Ada Aaa");  // another account's
    }
}

TEST_CASE("cache: records by git blob id read back, and say under which vfi.yaml they were valid") {
    Programme p;
    auto doc = yaml::Node::map();
    doc.set("id", yaml::Node::plain("P-7KQ2MD"));
    {
        ObjectCache cache(p.d.path, Kind::partner, "settings one");
        CHECK_FALSE(cache.find("P-7KQ2MD.yaml 1234"));
        cache.keep("P-7KQ2MD.yaml 1234", doc);
        cache.save();
    }
    ObjectCache same(p.d.path, Kind::partner, "settings one");
    REQUIRE(same.find("P-7KQ2MD.yaml 1234"));
    CHECK(same.find("P-7KQ2MD.yaml 1234")->validated);
    CHECK(same.find("P-7KQ2MD.yaml 1234")->doc.find("id")->value == "P-7KQ2MD");
    ObjectCache other(p.d.path, Kind::partner, "settings two");
    REQUIRE(other.find("P-7KQ2MD.yaml 1234"));
    CHECK_FALSE(other.find("P-7KQ2MD.yaml 1234")->validated);
    // Torn: trusted not at all.
    auto file = p.d.path / cache_folder() / "objects.partners";
    std::filesystem::resize_file(file, std::filesystem::file_size(file) - 3);
    CHECK_FALSE(ObjectCache(p.d.path, Kind::partner, "settings one").find("P-7KQ2MD.yaml 1234"));
    forget_object_caches(p.d.path);
    CHECK_FALSE(std::filesystem::exists(file));
}

namespace {

// What a command's typed stream was handed: records read (with the form kept of each, its
// name), and forms served from the cache.
struct Forms {
    std::vector<std::string> read, served;
    bool serve = true;                  // whether a form still serves
    std::vector<std::size_t> expected;  // what `expect` was told, before any record came
    void run(const std::filesystem::path& root, bool loaded = false) {
        RecordStore store(root);
        if (loaded) store.load({Kind::partner});
        TypedStream typed;
        typed.expect = [&](std::size_t n) {
            CHECK(read.size() + served.size() == 0);
            expected.push_back(n);
        };
        typed.record = [&](const Record& r) -> std::optional<std::string> {
            read.push_back(r.doc.find("name")->value);
            return "form of " + read.back();
        };
        typed.kept = [&](const KeptRecord& k) {
            if (!serve) return false;
            served.push_back(std::string(k.form));
            CHECK(k.record().doc.find("name")->value == std::string(k.form).substr(8));
            CHECK(k.file == "partners/" + std::string(k.id) + ".yaml");
            return true;
        };
        store.stream(Kind::partner, typed);
    }
};

}  // namespace

TEST_CASE("cache: names and stamps come first, then every form, then every tree") {
    // A command that reads the forms never reads a tree, and none reads a whole national
    // cache to find its entries: the index at the head is all it walks.
    Programme p;
    FileStamp stamp{10, 1000, 0, 1000, 0, 42};
    {
        ParseCache cache(p.d.path, Kind::partner);
        for (char c : std::string("BDF")) {
            std::string name = std::string("P-") + c + "KQ2MD.yaml";
            cache.keep(name, stamp, yaml::Node::text(std::string("tree-") + c), "b");
            cache.keep_form(name, std::string("form-") + c);
        }
        cache.save();
    }
    std::string whole = p.d.read(cache_folder() + "/partners");
    std::vector<std::size_t> at;
    for (std::string what : {"P-", "form-", "tree-"})
        for (char c : std::string("BDF"))
            at.push_back(whole.find(
                what + (what == "P-" ? std::string(1, c) + "KQ2MD" : std::string(1, c))));
    CAPTURE(whole);
    CHECK(std::find(at.begin(), at.end(), std::string::npos) == at.end());
    CHECK(std::is_sorted(at.begin(), at.end()));
    ParseCache read(p.d.path, Kind::partner);
    auto hit = read.find("P-DKQ2MD.yaml", stamp);
    REQUIRE(hit);
    CHECK(hit->form == "form-D");
    CHECK(deserialise_tree(hit->tree)->value == "tree-D");

    // The forms' size, just after the count, one more than it is: every view would be a byte
    // off, so none of the cache is trusted.
    std::size_t head = whole.find('\n', whole.find('\n') + 1) + 1;
    bytes::Reader r{std::string_view(whole).substr(head)};
    r.text(), r.count();
    std::size_t size_at = whole.size() - r.in.size();
    auto forms = r.number();
    std::string forged = whole.substr(0, size_at);
    bytes::put_number(forged, forms + 1);
    forged += r.in;
    p.d.write(cache_folder() + "/partners", forged);
    CHECK_FALSE(ParseCache(p.d.path, Kind::partner).find("P-DKQ2MD.yaml", stamp));
    p.d.write(cache_folder() + "/partners", whole);
    CHECK(ParseCache(p.d.path, Kind::partner).find("P-DKQ2MD.yaml", stamp));
}

TEST_CASE("cache: a command's own form of a record serves the next, until the file changes") {
    Programme p;
    Forms first, second, third;
    first.run(p.d.path);
    CHECK(first.read == std::vector<std::string>{"Ada Aaa"});
    CHECK(first.served.empty());
    second.run(p.d.path);
    CHECK(second.read.empty());
    CHECK(second.served == std::vector<std::string>{"form of Ada Aaa"});
    // A form that no longer serves (a day earlier than it was made, say): the record is read,
    // and its new form kept.
    Forms refused;
    refused.serve = false;
    refused.run(p.d.path);
    CHECK(refused.read == std::vector<std::string>{"Ada Aaa"});
    CHECK(refused.served.empty());
    // The file changed: its old form is never served.
    p.d.write("partners/P-7KQ2MD.yaml", "id: P-7KQ2MD\nname: Bea Bbb\nstatus: enquiry\n");
    age(p.d.path / "partners/P-7KQ2MD.yaml", 3500);
    third.run(p.d.path);
    CHECK(third.read == std::vector<std::string>{"Bea Bbb"});
    CHECK(third.served.empty());
    Forms fourth;
    fourth.run(p.d.path);
    CHECK(fourth.served == std::vector<std::string>{"form of Bea Bbb"});
}

TEST_CASE("cache: a form made under another vfi.yaml is never served, nor kept") {
    Programme p;
    Forms first;
    first.run(p.d.path);
    REQUIRE(first.read.size() == 1);
    // A command that reads trees only, under another vfi.yaml: it keeps the trees, under the
    // new vfi.yaml, but none of the forms made under the old one.
    p.d.write("vfi.yaml", "vfi: 1\nprogramme: Test\nvocabularies:\n  topics: [a]\n");
    CHECK(name_of(p.d.path, "P-7KQ2MD") == "Ada Aaa");
    CHECK(p.d.read(cache_folder() + "/partners").find("form of") == std::string::npos);
    Forms other;
    other.run(p.d.path);
    CHECK(other.read == std::vector<std::string>{"Ada Aaa"});
    CHECK(other.served.empty());
    Forms again;
    again.run(p.d.path);  // the form made under the new vfi.yaml
    CHECK(again.served == std::vector<std::string>{"form of Ada Aaa"});
}

TEST_CASE("cache: a stream is told how many records may come before the first comes") {
    Programme p;
    p.d.write("partners/notes.txt", "not a record\n");
    p.d.write("partners/P-9ZZZZZ.yaml", "id: P-9ZZZZZ\nname: Cal Ccc\nstatus: enquiry\n");
    age(p.d.path / "partners/P-9ZZZZZ.yaml", 3600);
    Forms read, served, loaded;
    read.run(p.d.path);
    CHECK(read.expected == std::vector<std::size_t>{2});  // the records, not the stranger
    CHECK(read.read.size() == 2);
    served.run(p.d.path);
    CHECK(served.expected == std::vector<std::size_t>{2});
    CHECK(served.served.size() == 2);
    loaded.run(p.d.path, true);  // from the records a command already holds
    CHECK(loaded.expected == std::vector<std::size_t>{2});
}

TEST_CASE("cache: thousands of records are read a chunk at a time on several threads, in order") {
    // More than two chunks, each read by helpers while the one before is taken: every record
    // comes once, in order of name, read or cached or in its form, with its problems in order.
    Programme p;
    std::vector<std::string> names;
    for (int i = 0; i < 2600; ++i) {
        std::string id = fmt::format("P-1{:05}", i);
        std::string status = i % 500 == 7 ? "asleep" : "enquiry";
        p.d.write("partners/" + id + ".yaml",
                  fmt::format("id: {}\nname: Name {}\nstatus: {}\n", id, i, status));
        if (status == "enquiry") names.push_back(fmt::format("Name {}", i));
    }
    names.push_back("Ada Aaa");  // P-7KQ2MD comes last
    auto check_store = [&] {
        RecordStore store(p.d.path);
        store.load({Kind::partner});
        const auto& records = store.records(Kind::partner);
        REQUIRE(records.size() == 2600 - 6 + 1);
        for (std::size_t i = 1; i < records.size(); ++i)
            CHECK(records[i - 1].id < records[i].id);
        REQUIRE(store.problems().size() == 6);
        for (std::size_t i = 0; i < 6; ++i)
            CHECK(store.problems()[i].where.file ==
                  fmt::format("partners/P-1{:05}.yaml", i * 500 + 7));
    };
    check_store();  // read from the files
    check_store();  // from the cache
    Forms first, second;
    first.run(p.d.path);
    second.run(p.d.path);
    CHECK(first.read == names);
    CHECK(first.served.empty());
    CHECK(second.read.empty());
    REQUIRE(second.served.size() == names.size());
    for (std::size_t i = 0; i < names.size(); ++i)
        CHECK(second.served[i] == "form of " + names[i]);
}
