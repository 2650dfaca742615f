#include <doctest/doctest.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "temp_dir.hpp"
#include "vfi/error.hpp"
#include "vfi/files.hpp"

using namespace vfi;

TEST_CASE("FileBatch: nothing lands until commit, then everything does") {
    TempDir d;
    d.write("partners/P-AAAAAA.yaml", "old\n");
    {
        FileBatch batch(d.path);
        CHECK(batch.put("partners/P-AAAAAA.yaml", "new\n"));
        CHECK(batch.put("partners/P-BBBBBB.yaml", "second\n", true));
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
        batch.put("partners/P-AAAAAA.yaml", "new\n");
        batch.put("partners/P-BBBBBB.yaml", "x\n", true);
    }
    CHECK(d.read("partners/P-AAAAAA.yaml") == "old\n");
    CHECK(d.listing("partners") == "P-AAAAAA.yaml ");
}

TEST_CASE("FileBatch: unchanged content is not staged") {
    TempDir d;
    d.write("partners/P-AAAAAA.yaml", "same\n");
    FileBatch batch(d.path);
    CHECK_FALSE(batch.put("partners/P-AAAAAA.yaml", "same\n"));
    CHECK(batch.empty());
}

TEST_CASE("FileBatch: a new record never replaces an existing file") {
    TempDir d;
    d.write("partners/P-AAAAAA.yaml", "keep\n");
    FileBatch batch(d.path);
    CHECK_THROWS_AS(batch.put("partners/P-AAAAAA.yaml", "x\n", true), Error);
    CHECK(d.read("partners/P-AAAAAA.yaml") == "keep\n");
}

TEST_CASE("FileBatch: a failure while landing puts back what was replaced") {
    TempDir d;
    d.write("a/one.yaml", "one-old\n");
    d.write("b/two.yaml", "two-old\n");
    FileBatch batch(d.path);
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
    batch.remove("partners/P-AAAAAA.yaml");
    CHECK(d.exists("partners/P-AAAAAA.yaml"));
    batch.commit();
    CHECK_FALSE(d.exists("partners/P-AAAAAA.yaml"));
}

TEST_CASE("FileBatch: new files are 0600 (less the umask), rewritten files keep their mode") {
    TempDir d;
    d.write("partners/P-AAAAAA.yaml", "x\n");
    chmod((d.path / "partners/P-AAAAAA.yaml").c_str(), 0640);
    FileBatch batch(d.path);
    batch.put("partners/P-AAAAAA.yaml", "y\n");
    batch.put("partners/P-BBBBBB.yaml", "z\n", true);
    batch.commit();
    struct stat st {};
    stat((d.path / "partners/P-AAAAAA.yaml").c_str(), &st);
    CHECK((st.st_mode & 0777) == 0640);
    stat((d.path / "partners/P-BBBBBB.yaml").c_str(), &st);
    CHECK((st.st_mode & 0777) == 0600);
}

TEST_CASE("sweep_scratch removes only vfi's scratch files") {
    TempDir d;
    d.write("partners/.vfi-tmp.P-AAAAAA.yaml.XYZ", "torn");
    d.write("partners/.vfi-old.P-AAAAAA.yaml.XYZ", "old");
    d.write("partners/P-AAAAAA.yaml", "keep");
    d.write("partners/.gitkeep", "");
    CHECK(sweep_scratch(d.path, {"partners", "missing-folder"}) == 2);
    CHECK(d.listing("partners") == ".gitkeep P-AAAAAA.yaml ");
}

TEST_CASE("DataLock: a second holder waits, then gives up with a plain message") {
    TempDir d;
    DataLock first(d.path, 1);
    pid_t child = fork();
    if (child == 0) {
        try {
            DataLock second(d.path, 0.05);
            _exit(0);
        } catch (const Error& e) {
            _exit(
                e.code() == ExitCode::locked &&
                        e.describe() ==
                            "another vfi command is changing this data directory — wait for it to "
                            "finish and run the command again; nothing was changed"
                    ? 42
                    : 1);
        }
    }
    int status = 0;
    waitpid(child, &status, 0);
    CHECK(WEXITSTATUS(status) == 42);
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

TEST_CASE("an interrupted change of several files is put back from its undo journal") {
    TempDir d;
    // As a kill leaves it: A already replaced (its old copy kept beside it), B made new, C
    // not yet moved into place (its temporary still waiting), and the journal naming all three.
    d.write("partners/P-AAAAAA.yaml", "new A\n");
    d.write("partners/.vfi-old.P-AAAAAA.yaml.X1", "old A\n");
    d.write("matches/M-BBBBBB.yaml", "new B\n");
    d.write("matches/M-CCCCCC.yaml", "old C\n");
    d.write("matches/.vfi-old.M-CCCCCC.yaml.X2", "old C\n");
    d.write("matches/.vfi-tmp.M-CCCCCC.yaml.X3", "new C\n");
    d.write(".vfi/journal",
            "partners/P-AAAAAA.yaml\t.vfi-old.P-AAAAAA.yaml.X1\nmatches/M-BBBBBB.yaml\t-\n"
            "matches/M-CCCCCC.yaml\t.vfi-old.M-CCCCCC.yaml.X2\n");
    CHECK(has_interrupted_change(d.path));
    CHECK(undo_interrupted_change(d.path) == 3);
    CHECK(d.read("partners/P-AAAAAA.yaml") == "old A\n");
    CHECK_FALSE(d.exists("matches/M-BBBBBB.yaml"));
    CHECK(d.read("matches/M-CCCCCC.yaml") == "old C\n");
    CHECK_FALSE(has_interrupted_change(d.path));
    CHECK(undo_interrupted_change(d.path) == 0);
    // The temporary is left for the sweep.
    CHECK(sweep_scratch(d.path, {"partners", "matches"}) == 1);
    CHECK(d.listing("matches") == "M-CCCCCC.yaml ");
}

TEST_CASE("an undo journal never reaches outside the data directory") {
    TempDir d;
    d.write("outside.txt", "keep\n");
    d.write("data/.vfi/journal", "../outside.txt\t-\n/etc/passwd\t-\npartners/x\t../../y\n");
    CHECK(undo_interrupted_change(d.path / "data") == 0);
    CHECK(d.read("outside.txt") == "keep\n");
}

TEST_CASE("a batch of several files leaves no journal once it has landed") {
    TempDir d;
    d.write("partners/P-AAAAAA.yaml", "old\n");
    FileBatch batch(d.path);
    batch.keep_journal();
    batch.put("partners/P-AAAAAA.yaml", "new\n");
    batch.put("partners/P-BBBBBB.yaml", "b\n", true);
    batch.commit();
    CHECK_FALSE(has_interrupted_change(d.path));
    CHECK(d.read("partners/P-AAAAAA.yaml") == "new\n");
    CHECK(d.listing("partners") == "P-AAAAAA.yaml P-BBBBBB.yaml ");
}
