// store/snapshot: a commit's files, listed from git's own objects, must be each folder's
// names sorted as a reader of `entries` searches them (by bytes, not in git's tree order), each
// name once, with what each is (file, link, folder) and its blob id whole.
#include <doctest/doctest.h>

#include <unistd.h>

#include <cstdlib>

#include "temp_dir.hpp"
#include "vfi/base/process.hpp"
#include "vfi/base/text.hpp"
#include "vfi/store/git.hpp"
#include "vfi/store/snapshot.hpp"

using namespace vfi;
namespace fs = std::filesystem;

namespace {

std::string git_in(const fs::path& dir, std::vector<std::string> args) {
    args.insert(args.begin(), "git");
    auto r = run_process(args, dir);
    INFO(join(args, " "), ": ", r.err);
    REQUIRE(r.status == 0);
    return trim(r.out);
}

std::string names(const std::vector<SnapshotEntry>& entries) {
    std::string out;
    for (const auto& e : entries)
        out += e.name + (e.type == EntryType::folder ? "/ "
                         : e.type == EntryType::link ? "@ "
                                                     : " ");
    return out;
}

}  // namespace

TEST_CASE("snapshot: each folder's names sorted by bytes, once each, with their kind and blob") {
    setenv("GIT_AUTHOR_NAME", "Test Coordinator", 1);
    setenv("GIT_AUTHOR_EMAIL", "coordinator@example.org", 1);
    setenv("GIT_COMMITTER_NAME", "Test Coordinator", 1);
    setenv("GIT_COMMITTER_EMAIL", "coordinator@example.org", 1);
    TempDir d;
    git_init(d.path);
    fs::path root = d.path / "programme";  // the data directory inside a larger repository
    d.write("README.md", "outside the data directory\n");
    d.write("programme/vfi.yaml", "vfi: 1\nprogramme: Test\n");
    d.write("programme/partners/P-AAAAAA.yaml", "id: P-AAAAAA\nname: Ada Example\n");
    // git lists a folder as if its name ended in '/': `notes/…` after `notes-old`, and
    // `notes.txt` ('.' < '/') before `notes/`. A reader searches by the name alone.
    d.write("programme/partners/notes-old", "x\n");
    d.write("programme/partners/notes/a/deep.yaml", "x\n");
    d.write("programme/partners/notes/b.yaml", "x\n");
    d.write("programme/partners/notes.txt", "x\n");
    d.write("programme/sessions/S-AAAAAA.yaml", "x\n");
    d.write("programme/sessions.txt", "x\n");
    REQUIRE(::symlink("P-AAAAAA.yaml", (root / "partners/P-LINK00.yaml").c_str()) == 0);
    git_in(d.path, {"add", "-A"});
    git_in(d.path, {"commit", "-qm", "records"});

    Snapshot s = Snapshot::at(root, "HEAD", "Europe/London");
    CHECK(names(s.entries("")) == "partners/ sessions/ sessions.txt vfi.yaml ");
    CHECK(names(s.entries("partners")) ==
          "P-AAAAAA.yaml P-LINK00.yaml@ notes/ notes-old notes.txt ");
    CHECK(names(s.entries("sessions")) == "S-AAAAAA.yaml ");
    CHECK(s.entries("notes").empty());  // only the data directory's top and its folders
    CHECK(s.entries("partners/notes").empty());

    const SnapshotEntry* ada = s.entry("partners/P-AAAAAA.yaml");
    REQUIRE(ada);
    CHECK(ada->blob.hex() ==
          git_in(d.path, {"rev-parse", "HEAD:programme/partners/P-AAAAAA.yaml"}));
    REQUIRE(s.entry("partners/notes"));
    CHECK(s.entry("partners/notes")->blob.empty());  // a folder has none
    CHECK(s.entry("partners/notes.txt"));
    CHECK_FALSE(s.entry("partners/P-BBBBBB.yaml"));
    CHECK(s.read("partners/P-AAAAAA.yaml") ==
          std::optional<std::string>("id: P-AAAAAA\nname: Ada Example\n"));
    CHECK_FALSE(s.read("partners/notes"));
    CHECK_FALSE(s.read("partners/P-LINK00.yaml"));  // a link is never followed
}
