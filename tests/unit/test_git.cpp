#include <doctest/doctest.h>

#include <cstdlib>
#include <map>

#include "temp_dir.hpp"
#include "vfi/base/process.hpp"
#include "vfi/base/text.hpp"
#include "vfi/ops/transaction.hpp"
#include "vfi/store/git.hpp"
#include "vfi/store/store.hpp"

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
    Transaction change(store, ChangeOptions{}, Date::today());
    change.put(Kind::partner, "P-AAAAAA", enquiry(), Write::create);
    auto result = change.commit("partner: add P-AAAAAA");
    CHECK(result.committed);
    CHECK(git(d, {"log", "-1", "--format=%s"}) == "partner: add P-AAAAAA");
    CHECK(git(d, {"show", "--name-only", "--format=", "HEAD"}) == "partners/P-AAAAAA.yaml");
    CHECK(git(d, {"diff", "--cached", "--name-only"}) == "draft.txt");
    CHECK(git(d, {"rev-list", "--count", "HEAD"}) == "2");
}

TEST_CASE("git: a failing commit puts the files back, unstaged, and says so") {
    identity();
    TempDir d;
    d.write("vfi.yaml", "vfi: 1\nprogramme: Test\n");
    git_init(d.path);
    d.write(".git/hooks/pre-commit", "#!/bin/sh\necho 'hook says no' >&2\nexit 1\n");
    std::filesystem::permissions(d.path / ".git/hooks/pre-commit",
                                 std::filesystem::perms::owner_all);
    RecordStore store(d.path);
    Transaction change(store, ChangeOptions{}, Date::today());
    change.put(Kind::partner, "P-AAAAAA", enquiry(), Write::create);
    try {
        change.commit("partner: add P-AAAAAA");
        FAIL("no error");
    } catch (const Error& e) {
        CHECK(e.code() == ExitCode::git);
        CHECK(e.describe() ==
              "git commit failed: hook says no — fix the problem git names, then run the command "
              "again; nothing was changed");
    }
    CHECK_FALSE(d.exists("partners/P-AAAAAA.yaml"));
    CHECK_FALSE(d.exists(".vfi/journal"));
    // git's index holds nothing of it either.
    CHECK(run_process({"git", "diff", "--cached", "--name-only"}, d.path).out == "");
}

TEST_CASE("git: --no-commit writes without committing") {
    identity();
    TempDir d;
    d.write("vfi.yaml", "vfi: 1\nprogramme: Test\n");
    git_init(d.path);
    RecordStore store(d.path);
    ChangeOptions options;
    options.commit = false;
    Transaction change(store, options, Date::today());
    change.put(Kind::partner, "P-AAAAAA", enquiry(), Write::create);
    CHECK_FALSE(change.commit("partner: add P-AAAAAA").committed);
    CHECK(git(d, {"rev-list", "--count", "HEAD"}).empty());
}

TEST_CASE("git: history holds every version of every file: renamed, deleted, merged, any name") {
    identity();
    TempDir d;
    git_init(d.path);
    git(d, {"checkout", "-q", "-b", "main"});
    std::string big(100000, 'x');  // more than one read of git's output
    d.write("data/a.csv", "Ada Quill\n");
    d.write("data/gone.txt", "short-lived\n");
    d.write("data/big.txt", big);
    d.write("data/:odd name\nwith a break.txt", "odd\n");
    d.write("outside.txt", "not in the data directory\n");
    git(d, {"add", "-A"});
    git(d, {"commit", "-qm", "first"});
    git(d, {"mv", "data/a.csv", "data/b.csv"});
    git(d, {"rm", "-q", "data/gone.txt"});
    git(d, {"commit", "-qm", "renamed and deleted"});
    git(d, {"checkout", "-q", "-b", "side"});
    d.write("data/side.txt", "on a branch\n");
    git(d, {"add", "-A"});
    git(d, {"commit", "-qm", "side"});
    git(d, {"checkout", "-q", "main"});
    d.write("data/main.txt", "on main\n");
    git(d, {"add", "-A"});
    git(d, {"commit", "-qm", "main"});
    // A merge that writes a file of its own (an "evil" merge).
    git(d, {"merge", "-q", "--no-commit", "side"});
    d.write("data/merged.txt", "only in the merge\n");
    git(d, {"add", "-A"});
    git(d, {"commit", "-qm", "merge"});

    GitHistory history = git_history(d.path / "data");
    auto blob = [&](const std::string& content) {
        return trim(
            run_process({"sh", "-c", "printf '%s' \"$0\" | git hash-object --stdin", content},
                        d.path)
                .out);
    };
    auto paths = [&](const std::string& content) {
        auto it = history.blobs.find(blob(content));
        return it == history.blobs.end() ? std::vector<std::string>{} : it->second;
    };
    CHECK(paths("Ada Quill\n") == std::vector<std::string>{"data/a.csv", "data/b.csv"});
    CHECK(paths("short-lived\n") == std::vector<std::string>{"data/gone.txt"});
    CHECK(paths("on a branch\n") == std::vector<std::string>{"data/side.txt"});
    CHECK(paths("only in the merge\n") == std::vector<std::string>{"data/merged.txt"});
    CHECK(paths("odd\n") == std::vector<std::string>{"data/:odd name\nwith a break.txt"});
    CHECK(paths("not in the data directory\n").empty());
    CHECK(history.blobs.size() == 7);

    std::vector<std::string> subjects;
    for (const auto& [hash, subject] : commits_changing(history, {"data/a.csv", "data/merged.txt"}))
        subjects.push_back(subject);
    CHECK(subjects == std::vector<std::string>{"merge", "renamed and deleted", "first"});

    std::map<std::string, std::string> read;
    std::vector<std::string> ids;
    for (const auto& [id, where] : history.blobs)
        ids.push_back(id);
    ids.push_back(std::string(40, '0'));  // missing: skipped
    git_read_blobs(d.path / "data", ids,
                   [&](const std::string& id, std::string_view text) { read[id] = text; });
    CHECK(read.size() == 7);
    CHECK((read[blob(big)] == big));
    CHECK(read[blob("Ada Quill\n")] == "Ada Quill\n");
    CHECK(git_history(d.path / "data" / "nowhere").blobs.empty());
}

TEST_CASE("git: a blob id is the one git gives the same bytes") {
    TempDir d;
    for (std::string content : {std::string(), std::string("id: P-7KQ2MD\n"),
                                std::string("a\0b\r\n\xff", 7), std::string(100000, 'x')}) {
        d.write("f", content);
        CHECK(git_blob_id(content) == git(d, {"hash-object", "f"}));
    }
}

TEST_CASE(
    "git: a record read as of a commit is validated under its own name, even when the "
    "working tree's cache holds the same bytes under another") {
    identity();
    ::setenv("VFI_CACHE_SETTLE_SECONDS", "-100", 1);
    TempDir d;
    d.write("vfi.yaml", "vfi: 1\nprogramme: Test\n");
    std::string text = "id: P-AAAAAA\nname: A\nstatus: enquiry\n";
    d.write("partners/P-AAAAAA.yaml", text);
    d.write("partners/P-BBBBBB.yaml", text);  // a copy under another name
    git(d, {"init", "-q"});
    git(d, {"add", "-A"});
    git(d, {"commit", "-qm", "records"});
    std::filesystem::remove(d.path / "partners/P-BBBBBB.yaml");
    {
        RecordStore now(d.path);
        now.load({Kind::partner});
        CHECK(now.problems().empty());
    }
    RecordStore then(d.path, "HEAD");
    then.load({Kind::partner});
    CHECK(then.find("P-AAAAAA") != nullptr);
    CHECK(then.find("P-BBBBBB") == nullptr);
    REQUIRE(then.problems().size() == 1);
    CHECK(then.problems()[0].where.file.find(":partners/P-BBBBBB.yaml") != std::string::npos);
    ::unsetenv("VFI_CACHE_SETTLE_SECONDS");
}
