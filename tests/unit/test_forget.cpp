#include <doctest/doctest.h>

#include <set>

#include <fmt/format.h>
#include <fmt/ranges.h>

#include "temp_dir.hpp"
#include "vfi/base/fold.hpp"
#include "vfi/ops/forget.hpp"

using namespace vfi;

namespace {

const std::vector<Kind> everything = {Kind::partner, Kind::leader, Kind::match, Kind::session,
                                      Kind::reflection};

// A partner with data in every place forget clears, and the records around them.
struct Forgettable {
    TempDir d;
    Forgettable() {
        d.write("vfi.yaml", "vfi: 1\nprogramme: Test\n");
        d.write("partners/P-AAAAAA.yaml",
                "id: P-AAAAAA\nname: Ada Quill\nstatus: active\ncapacity: 2\ntraining:\n"
                "  completed: 2022-01-01\n  mentor: Bea Rook\npayment:\n  eligible: true\n"
                "  sort_code: 12-34-56\ncontact:\n  email: ada.quill@example.org\n"
                "equality:\n  gender: woman\nnotes: private\nhobby: chess\n");
        d.write("leaders/L-AAAAAA.yaml",
                "id: L-AAAAAA\nname: Lee\norganisation: Org\nstatus: matched\n");
        d.write("matches/M-AAAAAA.yaml",
                "id: M-AAAAAA\npartner: P-AAAAAA\nleader: L-AAAAAA\nstatus: active\nstarted: "
                "2022-02-01\nscore: 7\nreasons: [\"shared lived experience: mental-health\"]\n"
                "end_category: other\nwhy_chosen: asked for her\n");
        d.write("sessions/S-AAAAAA.yaml",
                "id: S-AAAAAA\nmatch: M-AAAAAA\ndate: 2022-03-01\nminutes: 60\nstatus: held\n"
                "follow_ups: [call her GP]\nsupport_plan: weekly calls\nnotes: |\n  Talked about "
                "caring\n");
        d.write("sessions/S-BBBBBB.yaml",
                "id: S-BBBBBB\ntype: advisory-group\npartners: [P-AAAAAA]\ndate: 2022-03-05\n"
                "status: cancelled\ncancel_reason: in hospital\n");
        d.write("reflections/R-AAAAAA.yaml",
                "id: R-AAAAAA\ndate: 2022-03-02\nby: P-AAAAAA\nabout: programme\nchanging: a "
                "lot\nthemes: [power]\nfeeling: tired\n");
        d.write("reflections/R-BBBBBB.yaml",
                "id: R-BBBBBB\ndate: 2022-03-03\nby: L-AAAAAA\nabout: M-AAAAAA\nchanging: "
                "more\n");
    }
};

const Update& update(const ForgetPlan& plan, const std::string& id) {
    for (const auto& u : plan.updates)
        if (u.id == id) return u;
    FAIL("no update for " << id);
    return plan.updates.front();
}

}  // namespace

TEST_CASE("forget: only known anonymous fields stay, in every record of theirs") {
    Forgettable s;
    RecordStore store(s.d.path);
    store.load(everything);
    auto plan = plan_forget(store, Kind::partner, "P-AAAAAA", Date{2026, 11, 23});
    const auto& doc = update(plan, "P-AAAAAA").doc;
    CHECK(doc.find("name")->value == "(forgotten)");
    CHECK(doc.find("forgotten")->value == "2026-11-23");
    for (const char* gone : {"contact", "equality", "notes", "hobby"})
        CHECK(doc.find(gone) == nullptr);
    CHECK(doc.find("training")->find("completed") != nullptr);
    CHECK(doc.find("training")->find("mentor") == nullptr);
    CHECK(doc.find("payment")->find("eligible") != nullptr);
    CHECK(doc.find("payment")->find("sort_code") == nullptr);
    CHECK(doc.find("capacity")->value == "2");
    CHECK(plan.removed == std::vector<std::string>{"name", "training.mentor", "payment.sort_code",
                                                   "contact", "equality", "notes", "hobby"});

    const auto& match = update(plan, "M-AAAAAA").doc;
    CHECK(match.find("reasons") == nullptr);
    CHECK(match.find("why_chosen") == nullptr);
    CHECK(match.find("score")->value == "7");
    CHECK(match.find("end_category")->value == "other");
    const auto& held = update(plan, "S-AAAAAA").doc;
    CHECK(held.find("notes") == nullptr);
    CHECK(held.find("follow_ups") == nullptr);
    CHECK(held.find("support_plan") == nullptr);
    CHECK(held.find("minutes")->value == "60");
    CHECK(update(plan, "S-BBBBBB").doc.find("cancel_reason") == nullptr);
    const auto& said = update(plan, "R-AAAAAA").doc;
    CHECK(said.find("changing") == nullptr);
    CHECK(said.find("feeling") == nullptr);
    CHECK(said.find("themes") != nullptr);
    // The leader's reflection about the match is theirs: related, not rewritten.
    CHECK(std::none_of(plan.updates.begin(), plan.updates.end(),
                       [](const Update& u) { return u.id == "R-BBBBBB"; }));
    CHECK(std::find(plan.related.begin(), plan.related.end(), "reflections/R-BBBBBB.yaml") !=
          plan.related.end());
    CHECK(plan.ids == std::vector<std::string>{"P-AAAAAA", "M-AAAAAA", "S-AAAAAA", "S-BBBBBB"});
    // The forgotten record holds nothing but what forget keeps.
    CHECK(not_kept(Kind::partner, doc).empty());
}

TEST_CASE("forget: a record about them with a problem stops it; one about others does not") {
    Forgettable s;
    s.d.write("sessions/S-CCCCCC.yaml", "id: S-CCCCCC\nmatch: M-AAAAAA\ndate: 2022-13-01\n");
    s.d.write("sessions/S-DDDDDD.yaml", "id: S-DDDDDD\nmatch: M-ZZZZZZ\ndate: 2022-13-01\n");
    s.d.write("sessions/copy of S-AAAAAA.yaml", "id: S-AAAAAA\nmatch: M-AAAAAA\n");
    RecordStore store(s.d.path);
    store.load(everything);
    auto blockers = forget_blockers(store, Kind::partner, "P-AAAAAA");
    std::set<std::string> files;
    for (const auto& p : blockers)
        files.insert(p.where.file);
    INFO(fmt::format("{}", fmt::join(files, " | ")));
    CHECK(files ==
          std::set<std::string>{"sessions/S-CCCCCC.yaml", "sessions/copy of S-AAAAAA.yaml"});
    CHECK(forget_blockers(store, Kind::leader, "L-AAAAAA").size() == blockers.size());
}

TEST_CASE("forget: their name or email elsewhere is found, by field and line, never quoted") {
    Forgettable s;
    s.d.write("leaders/L-BBBBBB.yaml",
              "id: L-BBBBBB\nname: Bo\norganisation: Org\nstatus: waiting\n"
              "preferences: someone like ADA\n  QUILL please\n");
    s.d.write("reflections/R-CCCCCC.yaml",
              "id: R-CCCCCC\ndate: 2022-03-03\nby: learning-partner\n# Ada Quill said so\n"
              "about: programme\nquotes:\n  - text: write to Ada.Quill@example.org\n    consent: "
              "false\n");
    s.d.write("reflections/R-DDDDDD.yaml",
              "id: R-DDDDDD\ndate: 2022-03-03\nby: learning-partner\nchanging: Adam Quillon\n");
    s.d.write("notes.txt", "x\nAda Quill\n");
    RecordStore store(s.d.path);
    store.load(everything);
    auto plan = plan_forget(store, Kind::partner, "P-AAAAAA", Date{2026, 11, 23});
    auto found = find_mentions(store, plan, {"notes.txt"});
    std::vector<std::string> said;
    for (const auto& p : found)
        said.push_back(p.describe());
    INFO(fmt::format("{}", fmt::join(said, "\n")));
    CHECK(said == std::vector<std::string>{
                      "leaders/L-BBBBBB.yaml:5:14: preferences: holds P-AAAAAA's name — reword "
                      "it so it does not name them (`vfi leader edit L-BBBBBB`)",
                      "notes.txt:2: holds P-AAAAAA's name — reword it so it does not name them, "
                      "or delete the file (and commit that)",
                      "reflections/R-CCCCCC.yaml:4: a comment holds P-AAAAAA's name — remove the "
                      "comment or reword it (`vfi reflect edit R-CCCCCC`)",
                      "reflections/R-CCCCCC.yaml:7:11: quotes.text: holds P-AAAAAA's email "
                      "address — reword it so it does not name them (`vfi reflect edit "
                      "R-CCCCCC`)"});
}

TEST_CASE("forget: every name and email address their record ever had is searched for") {
    Forgettable s;
    s.d.write("leaders/L-BBBBBB.yaml",
              "id: L-BBBBBB\nname: Bo\norganisation: Org\nstatus: waiting\n"
              "notes: introduced by ADA\n  BROOK-SMITH\n");
    s.d.write("reflections/R-CCCCCC.yaml",
              "id: R-CCCCCC\ndate: 2022-03-03\nby: learning-partner\nabout: programme\n"
              "changing: wrote to ada.b@example.org\n");
    RecordStore store(s.d.path);
    store.load(everything);
    // Earlier versions: before she married, one that does not parse, one forgotten, and a
    // one-word preferred name (never searched for: it would stop forget for everyone).
    std::vector<std::string> earlier = {
        "id: P-AAAAAA\nname: Ada Brook-Smith\npreferred_name: Ada B\ncontact:\n"
        "  email: ada.b@example.org\n",
        "id: P-AAAAAA\n<<<<<<< HEAD\nname: Ada Wren\n=======\nname: Ada Quill\n>>>>>>> theirs\n"
        "contact:\n  email: \"ada.wren@example.org\"\n",
        "id: P-AAAAAA\nname: (forgotten)\npreferred_name: Ada\n"};
    auto plan = plan_forget(store, Kind::partner, "P-AAAAAA", Date{2026, 11, 23}, earlier);
    std::vector<std::string> words;
    for (const auto& w : plan.words)
        words.push_back(w.what + ": " + w.folded);
    INFO(fmt::format("{}", fmt::join(words, " | ")));
    CHECK(words == std::vector<std::string>{
                       "name: ada quill", "email address: ada.quill@example.org",
                       "earlier name: ada brook smith", "earlier name: ada b",
                       "earlier email address: ada.b@example.org", "earlier name: ada wren",
                       "earlier email address: ada.wren@example.org"});
    std::vector<std::string> said;
    for (const auto& p : find_mentions(store, plan, {}))
        said.push_back(p.describe());
    CHECK(said == std::vector<std::string>{
                      "leaders/L-BBBBBB.yaml:5:8: notes: holds P-AAAAAA's earlier name — reword "
                      "it so it does not name them (`vfi leader edit L-BBBBBB`)",
                      "reflections/R-CCCCCC.yaml:5:11: changing: holds P-AAAAAA's earlier email "
                      "address — reword it so it does not name them (`vfi reflect edit "
                      "R-CCCCCC`)"});
}

TEST_CASE("forget: whole words in any case, across line breaks") {
    NamingWords name{"name", fold_name("Ada Quill")};
    CHECK(find_words("ADA   Quill", name) == std::vector<std::size_t>{0});
    CHECK(find_words("to Ada\n  Quill's", name) == std::vector<std::size_t>{3});
    CHECK(find_words("Adam Quill", name).empty());
    CHECK(find_words("Ada Quills", name).empty());
    CHECK(find_words("AdaQuill", name).empty());
    NamingWords email{"email address", fold_name("ada@example.org")};
    CHECK(find_words("<ada@example.org>.", email) == std::vector<std::size_t>{1});
    CHECK(find_words("ada@example.organic", email).empty());
}

TEST_CASE("forget: kit files hold any path, and read back") {
    std::vector<std::string> paths = {"partners/P-AAAAAA.yaml",
                                      "My Programme/a b.yaml",
                                      "#odd",
                                      "x==>y",
                                      "line\nbreak",
                                      "\"quoted\""};
    std::string listed = filter_repo_paths_file("P-AAAAAA", paths);
    CHECK(listed.find("literal:My Programme/a b.yaml\n") != std::string::npos);
    CHECK(listed.find("literal:#odd\n") != std::string::npos);
    CHECK(listed.find("regex:^x\\=\\=\\>y\\Z\n") != std::string::npos);
    CHECK(listed.find("regex:^line\\nbreak\\Z\n") != std::string::npos);
    CHECK(read_filter_repo_paths_file(listed) == std::vector<std::string>{"partners/P-AAAAAA.yaml",
                                                                          "My Programme/a b.yaml",
                                                                          "#odd", "\"quoted\""});
    CHECK(read_pathspec_file(pathspec_file(paths)) == paths);
    CHECK(pathspec_file({"line\nbreak"}) == "\"line\\012break\"\n");
}
