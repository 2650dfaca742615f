#include <doctest/doctest.h>

#include <cstdlib>

#include "temp_dir.hpp"
#include "vfi/git.hpp"
#include "vfi/process.hpp"
#include "vfi/store.hpp"
#include "vfi/text.hpp"

using namespace vfi;

namespace {

std::string git(const TempDir& d, std::vector<std::string> args) {
    args.insert(args.begin(), "git");
    return trim(run_process(args, d.path).out);
}

void identity() {
    setenv("GIT_AUTHOR_NAME", "Test Coordinator", 1);
    setenv("GIT_AUTHOR_EMAIL", "coordinator@example.org", 1);
    setenv("GIT_COMMITTER_NAME", "Test Coordinator", 1);
    setenv("GIT_COMMITTER_EMAIL", "coordinator@example.org", 1);
}

// A new partner record, the smallest that is valid.
yaml::Node enquiry() {
    auto doc = yaml::Node::map();
    doc.set("id", yaml::Node::plain("P-AAAAAA"));
    doc.set("name", yaml::Node::text("A"));
    doc.set("status", yaml::Node::plain("enquiry"));
    return doc;
}

}  // namespace

TEST_CASE("git: one commit holds only the command's files; the user's staged work stays staged") {
    identity();
    TempDir d;
    d.write("vfi.yaml", "vfi: 1\nprogramme: Test\n");
    d.write("draft.txt", "first\n");
    git_init(d.path);
    git(d, {"add", "vfi.yaml", "draft.txt"});
    git(d, {"commit", "-qm", "start"});
    d.write("draft.txt", "the user's own staged change\n");
    git(d, {"add", "draft.txt"});

    RecordStore store(d.path);
    Change change(store, ChangeOptions{});
    change.put(Kind::partner, "P-AAAAAA", enquiry(), true);
    auto result = change.commit("partner: add P-AAAAAA");
    CHECK(result.committed);
    CHECK(git(d, {"log", "-1", "--format=%s"}) == "partner: add P-AAAAAA");
    CHECK(git(d, {"show", "--name-only", "--format=", "HEAD"}) == "partners/P-AAAAAA.yaml");
    CHECK(git(d, {"diff", "--cached", "--name-only"}) == "draft.txt");
    CHECK(git(d, {"rev-list", "--count", "HEAD"}) == "2");
}

TEST_CASE("git: a failing commit leaves the files written and says so") {
    identity();
    TempDir d;
    d.write("vfi.yaml", "vfi: 1\nprogramme: Test\n");
    git_init(d.path);
    d.write(".git/hooks/pre-commit", "#!/bin/sh\necho 'hook says no' >&2\nexit 1\n");
    std::filesystem::permissions(d.path / ".git/hooks/pre-commit",
                                 std::filesystem::perms::owner_all);
    RecordStore store(d.path);
    Change change(store, ChangeOptions{});
    change.put(Kind::partner, "P-AAAAAA", enquiry(), true);
    try {
        change.commit("partner: add P-AAAAAA");
        FAIL("no error");
    } catch (const Error& e) {
        CHECK(e.code() == ExitCode::git);
        CHECK(e.describe().find("git commit failed: hook says no — the files were written") == 0);
    }
    CHECK(d.exists("partners/P-AAAAAA.yaml"));
}

TEST_CASE("git: --no-commit writes without committing") {
    identity();
    TempDir d;
    d.write("vfi.yaml", "vfi: 1\nprogramme: Test\n");
    git_init(d.path);
    RecordStore store(d.path);
    ChangeOptions options;
    options.commit = false;
    Change change(store, options);
    change.put(Kind::partner, "P-AAAAAA", enquiry(), true);
    CHECK_FALSE(change.commit("partner: add P-AAAAAA").committed);
    CHECK(git(d, {"rev-list", "--count", "HEAD"}).empty());
}
