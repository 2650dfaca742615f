#include <doctest/doctest.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>

#include "temp_dir.hpp"
#include "vfi/base/error.hpp"
#include "vfi/store/files.hpp"

#include <fmt/format.h>

using namespace vfi;

// These tests write records with a bare FileBatch, as only the write gate may: this opens
// the door for them alone.
struct vfi::FileBatchTest {
    static void allow_records(FileBatch& batch) { batch.records_allowed_ = true; }
};
using vfi::FileBatchTest;

TEST_CASE("FileBatch: nothing lands until commit, then everything does") {
    TempDir d;
    d.write("partners/P-AAAAAA.yaml", "old\n");
    {
        FileBatch batch(d.path);
        FileBatchTest::allow_records(batch);
        CHECK(batch.put("partners/P-AAAAAA.yaml", "new\n"));
        CHECK(batch.put("partners/P-BBBBBB.yaml", "second\n", Write::create));
        CHECK(d.read("partners/P-AAAAAA.yaml") == "old\n");
        CHECK_FALSE(d.exists("partners/P-BBBBBB.yaml"));
        batch.commit();
    }
    CHECK(d.read("partners/P-AAAAAA.yaml") == "new\n");
    CHECK(d.read("partners/P-BBBBBB.yaml") == "second\n");
    CHECK(d.listing("partners") == "P-AAAAAA.yaml P-BBBBBB.yaml ");
}

TEST_CASE("FileBatch: an abandoned batch leaves no trace") {
    TempDir d;
    d.write("partners/P-AAAAAA.yaml", "old\n");
    {
        FileBatch batch(d.path);
        FileBatchTest::allow_records(batch);
        batch.put("partners/P-AAAAAA.yaml", "new\n");
        batch.put("partners/P-BBBBBB.yaml", "x\n", Write::create);
    }
    CHECK(d.read("partners/P-AAAAAA.yaml") == "old\n");
    CHECK(d.listing("partners") == "P-AAAAAA.yaml ");
}

TEST_CASE("FileBatch: unchanged content is not staged") {
    TempDir d;
    d.write("partners/P-AAAAAA.yaml", "same\n");
    FileBatch batch(d.path);
    FileBatchTest::allow_records(batch);
    CHECK_FALSE(batch.put("partners/P-AAAAAA.yaml", "same\n"));
    CHECK(batch.empty());
}

TEST_CASE("FileBatch: a new record never replaces an existing file") {
    TempDir d;
    d.write("partners/P-AAAAAA.yaml", "keep\n");
    FileBatch batch(d.path);
    FileBatchTest::allow_records(batch);
    CHECK_THROWS_AS(batch.put("partners/P-AAAAAA.yaml", "x\n", Write::create), Error);
    CHECK(d.read("partners/P-AAAAAA.yaml") == "keep\n");
}

TEST_CASE("FileBatch: a failure while landing puts back what was replaced") {
    TempDir d;
    d.write("a/one.yaml", "one-old\n");
    d.write("b/two.yaml", "two-old\n");
    FileBatch batch(d.path);
    FileBatchTest::allow_records(batch);
    batch.put("a/one.yaml", "one-new\n");
    batch.put("b/two.yaml", "two-new\n");
    // Make the second rename fail: its folder can no longer be written.
    REQUIRE(chmod((d.path / "b").c_str(), 0500) == 0);
    if (geteuid() == 0) {
        // root ignores folder permissions; replace the temporary's folder with a file instead.
        chmod((d.path / "b").c_str(), 0700);
        std::filesystem::rename(d.path / "b", d.path / "b-moved");
        d.write("b", "not a folder");
    }
    CHECK_THROWS_AS(batch.commit(), Error);
    CHECK(d.read("a/one.yaml") == "one-old\n");
    chmod((d.path / "b").c_str(), 0700);
    CHECK(d.listing("a") == "one.yaml ");
}

TEST_CASE("FileBatch: removal lands with the rest") {
    TempDir d;
    d.write("partners/P-AAAAAA.yaml", "x\n");
    FileBatch batch(d.path);
    FileBatchTest::allow_records(batch);
    batch.remove("partners/P-AAAAAA.yaml");
    CHECK(d.exists("partners/P-AAAAAA.yaml"));
    batch.commit();
    CHECK_FALSE(d.exists("partners/P-AAAAAA.yaml"));
}

TEST_CASE("FileBatch: files are 0600 (less the umask), whatever mode the file replaced had") {
    TempDir d;
    d.write("partners/P-AAAAAA.yaml", "x\n");
    chmod((d.path / "partners/P-AAAAAA.yaml").c_str(), 0777);
    FileBatch batch(d.path);
    FileBatchTest::allow_records(batch);
    batch.put("partners/P-AAAAAA.yaml", "y\n");
    batch.put("partners/P-BBBBBB.yaml", "z\n", Write::create);
    batch.commit();
    struct stat st {};
    stat((d.path / "partners/P-AAAAAA.yaml").c_str(), &st);
    CHECK((st.st_mode & 0777) == 0600);
    stat((d.path / "partners/P-BBBBBB.yaml").c_str(), &st);
    CHECK((st.st_mode & 0777) == 0600);
}

TEST_CASE("FileBatch: a record that is a symbolic link is never written through") {
    TempDir d;
    d.write("outside/target.txt", "keep\n");
    std::filesystem::create_directories(d.path / "data/partners");
    std::filesystem::create_symlink(d.path / "outside/target.txt",
                                    d.path / "data/partners/P-AAAAAA.yaml");
    FileBatch batch(d.path / "data");
    FileBatchTest::allow_records(batch);
    try {
        batch.put("partners/P-AAAAAA.yaml", "new\n");
        FAIL("no error");
    } catch (const Error& e) {
        CHECK(e.code() == ExitCode::bad_data);
        CHECK(e.describe().find("partners/P-AAAAAA.yaml: is a symbolic link") == 0);
    }
    CHECK(d.read("outside/target.txt") == "keep\n");
}

TEST_CASE("FileBatch: a record folder that is a symbolic link is never written into") {
    TempDir d;
    std::filesystem::create_directories(d.path / "outside");
    std::filesystem::create_directories(d.path / "data");
    std::filesystem::create_directory_symlink(d.path / "outside", d.path / "data/partners");
    FileBatch batch(d.path / "data");
    FileBatchTest::allow_records(batch);
    try {
        batch.put("partners/P-AAAAAA.yaml", "new\n", Write::create);
        FAIL("no error");
    } catch (const Error& e) {
        CHECK(e.describe().find("partners: is a symbolic link") == 0);
    }
    CHECK(d.listing("outside").empty());
}

TEST_CASE("FileBatch: a shared group's modes come from git's core.sharedRepository") {
    CHECK(modes_for_shared_setting("group").file == 0660);
    CHECK(modes_for_shared_setting("true").folder == 02770);
    CHECK(modes_for_shared_setting("all").file == 0664);
    CHECK(modes_for_shared_setting("0640").file == 0640);
    CHECK(modes_for_shared_setting("0640").folder == 02750);
    CHECK(modes_for_shared_setting("0600").file == 0600);
    // Never writable by everyone, whatever the setting says.
    CHECK(modes_for_shared_setting("0666").file == 0664);
    CHECK(modes_for_shared_setting("0666").folder == 02775);
    CHECK(modes_for_shared_setting("0777").file == 0664);
    CHECK_FALSE(modes_for_shared_setting("0600").shared);
    CHECK(modes_for_shared_setting("umask").file == 0600);
    CHECK(modes_for_shared_setting("").folder == 0700);
    CHECK(modes_for_shared_setting("nonsense").file == 0600);
}

TEST_CASE("Folder: a FIFO named like a record is refused at once, never waited on") {
    TempDir d;
    std::filesystem::create_directories(d.path / "partners");
    REQUIRE(mkfifo((d.path / "partners/P-AAAAAA.yaml").c_str(), 0600) == 0);
    auto folder = Folder::open(d.path, "partners");
    REQUIRE(folder);
    CHECK(folder->type_of("P-AAAAAA.yaml") == EntryType::other);
    try {
        folder->read("P-AAAAAA.yaml");
        FAIL("no error");
    } catch (const Error& e) {
        CHECK(e.describe() ==
              "partners/P-AAAAAA.yaml: is a FIFO (a named pipe), not a regular file — move it out "
              "of the data directory");
    }
}

TEST_CASE("Folder: create never opens an existing file or a link") {
    TempDir d;
    d.write("outside.txt", "keep\n");
    std::filesystem::create_directories(d.path / "data/.vfi");
    std::filesystem::create_symlink(d.path / "outside.txt", d.path / "data/.vfi/scratch");
    Folder vfi = Folder::make(d.path / "data", ".vfi", FileModes{});
    CHECK_THROWS_AS(vfi.create("scratch", 0600), Error);
    CHECK(d.read("outside.txt") == "keep\n");
}

TEST_CASE("vfi's folder ignores itself in git") {
    TempDir d;
    vfi_folder(d.path);
    CHECK(d.read(".vfi/.gitignore").find("\n*\n") != std::string::npos);
}

TEST_CASE("sweep_scratch removes only vfi's scratch files") {
    TempDir d;
    d.write("partners/.vfi-tmp.P-AAAAAA.yaml.XYZ123", "torn");
    d.write("partners/.vfi-old.P-AAAAAA.yaml.XYZ456", "old");
    d.write("partners/.vfi-notes", "not a name vfi makes");
    d.write("partners/P-AAAAAA.yaml", "keep");
    d.write("partners/.gitkeep", "");
    CHECK(sweep_scratch(d.path) == 2);
    CHECK(d.listing("partners") == ".gitkeep .vfi-notes P-AAAAAA.yaml ");
}

// Exit status 42 when a DataLock of `mode` in `dir` gives up with the plain message.
int lock_in_child(const std::filesystem::path& dir, DataLock::Mode mode) {
    pid_t child = fork();
    if (child == 0) {
        try {
            DataLock second(dir, mode, 0.05);
            _exit(0);
        } catch (const Error& e) {
            _exit(e.code() == ExitCode::locked &&
                          e.describe().find("— wait for it to finish and run the command again; "
                                            "nothing was changed") != std::string::npos
                      ? 42
                      : 1);
        }
    }
    int status = 0;
    waitpid(child, &status, 0);
    return WEXITSTATUS(status);
}

TEST_CASE("DataLock: a writer waits for readers, readers for a writer, readers not for readers") {
    TempDir d;
    {
        DataLock writer(d.path, DataLock::Mode::exclusive, 1);
        CHECK(lock_in_child(d.path, DataLock::Mode::exclusive) == 42);
        CHECK(lock_in_child(d.path, DataLock::Mode::shared) == 42);
    }
    {
        DataLock reader(d.path, DataLock::Mode::shared, 1);
        CHECK(lock_in_child(d.path, DataLock::Mode::shared) == 0);
        CHECK(lock_in_child(d.path, DataLock::Mode::exclusive) == 42);
        // A reader that stops to wait for a person lets writers through.
        reader.release();
        CHECK(lock_in_child(d.path, DataLock::Mode::exclusive) == 0);
    }
}

TEST_CASE("DataLock: a reader of a folder it cannot write to reads without the lock") {
    if (geteuid() == 0) return;  // root may write anywhere
    TempDir d;
    chmod(d.path.c_str(), 0500);
    CHECK_NOTHROW(DataLock(d.path, DataLock::Mode::shared, 0.05));
    chmod(d.path.c_str(), 0700);
}

TEST_CASE("read_file names the file it cannot read") {
    TempDir d;
    try {
        read_file(d.path / "nope.yaml", "partners/nope.yaml");
        FAIL("no error");
    } catch (const Error& e) {
        CHECK(e.code() == ExitCode::not_found);
        CHECK(e.describe().find("partners/nope.yaml: no such file") == 0);
    }
}

// The inode of a file, as a journal records it.
unsigned long long inode_of(const TempDir& d, const std::string& relative) {
    struct stat st {};
    REQUIRE(stat((d.path / relative).c_str(), &st) == 0);
    return st.st_ino;
}

TEST_CASE("an interrupted change of several files is put back from its undo journal") {
    TempDir d;
    // As a kill leaves it: A already replaced (its old copy kept beside it), B made new, C
    // not yet moved into place (its temporary still waiting), and the journal naming all three.
    d.write("partners/P-AAAAAA.yaml", "new A\n");
    d.write("partners/.vfi-old.P-AAAAAA.yaml.X1X1X1", "old A\n");
    d.write("matches/M-BBBBBB.yaml", "new B\n");
    d.write("matches/M-CCCCCC.yaml", "old C\n");
    REQUIRE(link((d.path / "matches/M-CCCCCC.yaml").c_str(),
                 (d.path / "matches/.vfi-old.M-CCCCCC.yaml.X2X2X2").c_str()) == 0);
    d.write("matches/.vfi-tmp.M-CCCCCC.yaml.X3X3X3", "new C\n");
    d.write(
        ".vfi/journal",
        fmt::format("partners/P-AAAAAA.yaml\tpartners/.vfi-old.P-AAAAAA.yaml.X1X1X1\t{}\n"
                    "matches/M-BBBBBB.yaml\t-\t{}\n"
                    "matches/M-CCCCCC.yaml\tmatches/.vfi-old.M-CCCCCC.yaml.X2X2X2\t{}\n",
                    inode_of(d, "partners/.vfi-old.P-AAAAAA.yaml.X1X1X1"),
                    inode_of(d, "matches/M-BBBBBB.yaml"), inode_of(d, "matches/M-CCCCCC.yaml")));
    chmod((d.path / ".vfi/journal").c_str(), 0600);
    CHECK(has_interrupted_change(d.path));
    CHECK(undo_interrupted_change(d.path) == 3);
    CHECK(d.read("partners/P-AAAAAA.yaml") == "old A\n");
    CHECK_FALSE(d.exists("matches/M-BBBBBB.yaml"));
    CHECK(d.read("matches/M-CCCCCC.yaml") == "old C\n");
    CHECK_FALSE(has_interrupted_change(d.path));
    CHECK(undo_interrupted_change(d.path) == 0);
    // The temporary is left for the sweep.
    CHECK(sweep_scratch(d.path) == 1);
    CHECK(d.listing("matches") == "M-CCCCCC.yaml ");
}

// Runs the undo on a journal expected to be refused: the message, and nothing changed.
void expect_refused_journal(const TempDir& d, const std::filesystem::path& data,
                            const std::string& why) {
    std::string before = d.listing(".") + d.listing("data/partners");
    try {
        undo_interrupted_change(data);
        FAIL("no error");
    } catch (const Error& e) {
        CHECK(e.code() == ExitCode::bad_data);
        CHECK(e.describe() == ".vfi/journal: vfi cannot prove it wrote this undo journal (" + why +
                                  "), so it will not act on it — if no vfi command was stopped "
                                  "part-way in this data directory, delete it (`rm "
                                  ".vfi/journal`) and run the command again; nothing was changed");
    }
    CHECK(d.listing(".") + d.listing("data/partners") == before);
    CHECK(has_interrupted_change(data));
}

TEST_CASE("an undo journal never reaches outside the record folders") {
    TempDir d;
    d.write("outside.txt", "keep\n");
    d.write("data/vfi.yaml", "vfi: 1\n");
    d.write("data/partners/P-AAAAAA.yaml", "keep\n");
    for (const char* journal : {"../outside.txt\t-\t1\n", "/etc/passwd\t-\t1\n", "vfi.yaml\t-\t1\n",
                                "partners/x\t../../y\t1\n"}) {
        d.write("data/.vfi/journal", journal);
        chmod((d.path / "data/.vfi/journal").c_str(), 0600);
        expect_refused_journal(d, d.path / "data", "it names something that is not a record");
    }
    CHECK(d.read("outside.txt") == "keep\n");
    CHECK(d.read("data/vfi.yaml") == "vfi: 1\n");
}

TEST_CASE("an undo journal acts only on the very files vfi made") {
    TempDir d;
    d.write("data/partners/P-AAAAAA.yaml", "a real record\n");
    // A journal written elsewhere cannot know this file's inode.
    d.write("data/.vfi/journal", "partners/P-AAAAAA.yaml\t-\t12345\n");
    chmod((d.path / "data/.vfi/journal").c_str(), 0600);
    expect_refused_journal(d, d.path / "data", "a file it names is not the one vfi made");
    CHECK(d.read("data/partners/P-AAAAAA.yaml") == "a real record\n");
}

TEST_CASE("an undo journal that is a link, or open to anyone, is refused") {
    TempDir d;
    d.write("data/partners/P-AAAAAA.yaml", "a real record\n");
    d.write("elsewhere", fmt::format("partners/P-AAAAAA.yaml\t-\t{}\n",
                                     inode_of(d, "data/partners/P-AAAAAA.yaml")));
    std::filesystem::create_directories(d.path / "data/.vfi");
    std::filesystem::create_symlink(d.path / "elsewhere", d.path / "data/.vfi/journal");
    expect_refused_journal(d, d.path / "data", "it is not a regular file");
    std::filesystem::remove(d.path / "data/.vfi/journal");
    std::filesystem::copy_file(d.path / "elsewhere", d.path / "data/.vfi/journal");
    chmod((d.path / "data/.vfi/journal").c_str(), 0666);
    expect_refused_journal(d, d.path / "data", "anyone may have written it");
    CHECK(d.read("data/partners/P-AAAAAA.yaml") == "a real record\n");
}

TEST_CASE("a batch of several files leaves no journal once it has landed") {
    TempDir d;
    d.write("partners/P-AAAAAA.yaml", "old\n");
    FileBatch batch(d.path);
    FileBatchTest::allow_records(batch);
    batch.keep_journal();
    batch.put("partners/P-AAAAAA.yaml", "new\n");
    batch.put("partners/P-BBBBBB.yaml", "b\n", Write::create);
    batch.commit();
    CHECK_FALSE(has_interrupted_change(d.path));
    CHECK(d.read("partners/P-AAAAAA.yaml") == "new\n");
    CHECK(d.listing("partners") == "P-AAAAAA.yaml P-BBBBBB.yaml ");
}

TEST_CASE("a shared repository is known from .git/config when git cannot say") {
    TempDir d;
    d.write(".git/config",
            "[core]\n\trepositoryformatversion = 0\n\tSharedRepository = group\n"
            "[remote \"origin\"]\n\tsharedRepository = all\n");
    std::filesystem::create_directories(d.path / "programme/partners");
    CHECK(shared_setting_from_config(d.path / "programme") == "group");
    CHECK(modes_for_shared_setting(shared_setting_from_config(d.path / "programme")).shared);
    TempDir none;
    CHECK(shared_setting_from_config(none.path).empty());
}

TEST_CASE("FileBatch: a record is written only through the write gate") {
    TempDir d;
    d.write("partners/P-AAAAAA.yaml", "old\n");
    FileBatch batch(d.path);
    CHECK_THROWS_WITH(batch.put("partners/P-AAAAAA.yaml", "new\n"),
                      "a record was about to be written around the write gate");
    CHECK_THROWS_WITH(batch.remove("partners/P-AAAAAA.yaml"),
                      "a record was about to be written around the write gate");
    CHECK(batch.put("partners/.gitkeep", ""));
}

TEST_CASE("Folder: entries come in order of name, byte by byte") {
    // Sorted by each name's first eight bytes as a number, then whole: the same order as
    // comparing the names, where they share those eight bytes, are shorter, or hold bytes
    // past ASCII.
    TempDir d;
    std::vector<std::string> names = {"S-ABCDEF.yaml",
                                      "S-ABCDEF.yam",
                                      "S-ABCDEF",
                                      "S-ABCDE",
                                      "S-ABCDEF.yaml~",
                                      "S-ABCDEG.yaml",
                                      "S-ABCDEFG",
                                      "S-ABCDEF-2",
                                      "S-ABCDEF.a",
                                      "S-ABCDEF.b",
                                      "S-ABCDEF.c",
                                      "S-ABCDEF.d",
                                      "a",
                                      "ab",
                                      "b",
                                      "Z",
                                      "\xC3\xA9.yaml",
                                      "\x7F-rubout",
                                      "S-ABCDEF.e",
                                      "notes.txt"};
    for (const auto& name : names)
        d.write("sessions/" + name, "x");
    std::filesystem::create_directories(d.path / "sessions/S-ABCDEF.dir");
    names.push_back("S-ABCDEF.dir");
    auto folder = Folder::open(d.path, "sessions");
    REQUIRE(folder);
    std::vector<std::string> listed;
    for (const auto& [name, type] : folder->entries()) {
        listed.push_back(name);
        CHECK(type == (name == "S-ABCDEF.dir" ? EntryType::folder : EntryType::file));
    }
    std::sort(names.begin(), names.end());
    CHECK(listed == names);
}
