#include <doctest/doctest.h>

#include <cstdlib>

#include <fmt/format.h>

#include "temp_dir.hpp"
#include "vfi/format/settings.hpp"
#include "vfi/format/validate.hpp"
#include "vfi/model/programme.hpp"
#include "vfi/model/records.hpp"
#include "vfi/ops/check.hpp"
#include "vfi/ops/transaction.hpp"
#include "vfi/store/cache.hpp"
#include "vfi/store/files.hpp"
#include "vfi/store/store.hpp"

using namespace vfi;

namespace {

std::vector<Problem> validate(Kind kind, const std::string& text, const std::string& id) {
    std::vector<Problem> problems;
    auto doc = yaml::parse(text, "f.yaml");
    validate_record(kind, doc, "f.yaml", id, Vocabularies::builtin(), problems);
    return problems;
}

std::string first(const std::vector<Problem>& problems) {
    return problems.empty() ? "(none)" : problems.front().describe();
}

const char* settings_text = "vfi: 1\nprogramme: Test\n";

}  // namespace

TEST_CASE("validate: a full partner record passes") {
    auto problems =
        validate(Kind::partner,
                 "id: P-7KQ2MD\nname: Ada\nstatus: active\nmodes: [online, phone]\n"
                 "capacity: 2\ntraining:\n  completed: 2022-02-09\n  modules: [a, b]\n"
                 "contact:\n  email: a@example.org\nequality:\n  carer: 1-9\n  imd_decile: 3\n"
                 "consent:\n  quotes: yes\nunknown_key: kept\n",
                 "P-7KQ2MD");
    CHECK(first(problems) == "(none)");
}

TEST_CASE("validate: each kind of mistake names the field and how to fix it") {
    CHECK(first(validate(
              Kind::partner, "id: P-7KQ2MD\nname: A\nstatus: active\nmodes: [online, fax]\n",
              "P-7KQ2MD")) == "f.yaml:4:17: modes: 'fax' is not one of online, phone, in-person");
    CHECK(first(validate(Kind::partner, "id: P-7KQ2MD\nname: A\nstatus: active\ntraining: yes\n",
                         "P-7KQ2MD"))
              .find("f.yaml:4:11: training: expected a group of fields") == 0);
    CHECK(first(validate(Kind::partner, "id: P-7KQ2MD\nname: [A, B]\nstatus: active\n",
                         "P-7KQ2MD")) ==
          "f.yaml:2:7: name: expected text, found a list — write a single value after the colon");
    CHECK(first(validate(Kind::partner,
                         "id: P-7KQ2MD\nname: A\nstatus: active\ninterests: [Mental Health]\n",
                         "P-7KQ2MD")) ==
          "f.yaml:4:13: interests: 'Mental Health' is not a tag — use lower-case words joined by "
          "dashes: "
          "'mental-health'");
    CHECK(first(validate(Kind::partner,
                         "id: P-7KQ2MD\nname: A\nstatus: active\nequality:\n  imd_decile: 11\n",
                         "P-7KQ2MD")) ==
          "f.yaml:5:15: equality.imd_decile: the value given is outside 1–10 — use a number "
          "from 1 to 10");
    CHECK(
        first(validate(Kind::session, "id: S-7KQ2MD\ndate: 2024-01-01\nstatus: held\nminutes: 0\n",
                       "S-7KQ2MD")) ==
        "f.yaml:4:10: minutes: 0 is outside 1–1440 — use a number from 1 to 1440");
    CHECK(first(validate(Kind::reflection, "id: R-7KQ2MD\ndate: 2024-01-01\nby: someone\n",
                         "R-7KQ2MD"))
              .find("by: 'someone' is not learning-partner, a partner id or a leader id") !=
          std::string::npos);
    CHECK(first(validate(Kind::reflection,
                         "id: R-7KQ2MD\ndate: 2024-01-01\nscores:\n  confidence_coproduction: 11\n",
                         "R-7KQ2MD")) ==
          "f.yaml:4:28: scores.confidence_coproduction: '11' is not a score from 1 to 10 — write a "
          "whole number from 1 to 10");
    // Score names come from vocabularies.scores, the nearest one offered.
    CHECK(first(validate(Kind::reflection,
                         "id: R-7KQ2MD\ndate: 2024-01-01\nscores:\n  confidence-coproduction: 5\n",
                         "R-7KQ2MD")) ==
          "f.yaml:4:3: scores.confidence-coproduction: 'confidence-coproduction' is not one of the "
          "score names, confidence_coproduction, understanding_lived_experience — did you mean "
          "'confidence_coproduction'? Or, to rate something new, add its name to "
          "vocabularies.scores in vfi.yaml");
    CHECK(first(validate(Kind::reflection,
                         "id: R-7KQ2MD\ndate: 2024-01-01\nquotes:\n  - text: hi\n", "R-7KQ2MD"))
              .find("quotes.consent: required field is missing") != std::string::npos);
    CHECK(first(validate(Kind::match,
                         "id: M-7KQ2MD\npartner: L-7KQ2MD\nleader: L-7KQ2MD\nstatus: active\n",
                         "M-7KQ2MD")) ==
          "f.yaml:2:10: partner: 'L-7KQ2MD' is not a partner id — partner ids look like P-7KQ2MD");
}

TEST_CASE("validate: a confidential field's value, or a guess near it, is never repeated") {
    struct Case {
        const char* yaml;
        const char* secret;
    };
    for (const auto& c : {Case{"equality:\n  ethnicity: black-afrcan\n", "afrcan"},
                          Case{"equality:\n  age_band: forty-five\n", "forty"},
                          Case{"equality:\n  imd_decile: 12\n", "12"},
                          Case{"equality:\n  imd_decile: twelve\n", "twelve"},
                          Case{"equality:\n  carer: twenty-hours\n", "twenty"}}) {
        auto problems =
            validate(Kind::partner, std::string("id: P-7KQ2MD\nname: A\nstatus: active\n") + c.yaml,
                     "P-7KQ2MD");
        INFO(c.yaml);
        REQUIRE(problems.size() == 1);
        std::string said = problems[0].describe();
        CHECK(said.find(c.secret) == std::string::npos);
        CHECK(said.find("did you mean") == std::string::npos);
        CHECK(said.find("the value given") != std::string::npos);
    }
    // The list may be given: it is not the person's answer.
    CHECK(first(validate(Kind::partner,
                         "id: P-7KQ2MD\nname: A\nstatus: active\nequality:\n  gender: wman\n",
                         "P-7KQ2MD")) ==
          "f.yaml:5:11: equality.gender: the value given is not one of woman, man, non-binary, "
          "other, prefer-not-to-say — it is not repeated here, as the field is confidential; "
          "write one of those, spelt exactly as shown");
    // A field that is not confidential still gets its guess.
    CHECK(first(validate(Kind::match,
                         "id: M-7KQ2MD\npartner: P-7KQ2MD\nleader: L-7KQ2MD\nstatus: ended\n"
                         "end_category: not-a-god-fit\n",
                         "M-7KQ2MD"))
              .find("did you mean 'not-a-good-fit'?") != std::string::npos);
}

TEST_CASE("validate: a single value is accepted where a list is expected") {
    CHECK(validate(Kind::partner, "id: P-7KQ2MD\nname: A\nstatus: active\nmodes: online\n",
                   "P-7KQ2MD")
              .empty());
}

TEST_CASE("normalise: format order, text quoted when ambiguous, unknown keys kept in place") {
    auto doc = yaml::parse(
        "zzz: 1\nstatus: active\nname: yes\nid: P-7KQ2MD\nconsent:\n  quotes: Yes\nequality:\n  "
        "carer: 1-9\n",
        "f");
    std::string out = yaml::emit(normalise(Kind::partner, doc));
    CHECK(out ==
          "id: P-7KQ2MD\nname: \"yes\"\nstatus: active\nconsent:\n  quotes: true\nequality:\n  "
          "carer: \"1-9\"\n"
          "zzz: 1\n");
}

TEST_CASE("settings: defaults, extensions and mistakes") {
    std::vector<Problem> problems;
    auto s = read_settings(
        yaml::parse(
            "vfi: 1\nprogramme: P\nvocabularies:\n  regions: [isle-of-man]\n  gender: [a, b]\n"
            "payments:\n  rates:\n    - from: 2021-04-01\n      session: 12.50\n      hourly: 25\n",
            "vfi.yaml"),
        "vfi.yaml", problems);
    CHECK(problems.empty());
    CHECK(s.vocabularies.contains("regions", "isle-of-man"));
    CHECK(s.vocabularies.contains("regions", "london"));
    CHECK(s.vocabularies.find("gender")->size() == 2);
    REQUIRE(s.rates.size() == 1);
    CHECK(s.rates[0].session_pence == 1250);
    CHECK(s.rates[0].hourly_pence == 2500);
    CHECK(s.due_after_weeks == 6);

    problems.clear();
    read_settings(
        yaml::parse("vfi: 1\nvocabularies:\n  statuses: [x]\nsessions:\n  due_after_weeks: 0\n",
                    "vfi.yaml"),
        "vfi.yaml", problems);
    REQUIRE(problems.size() == 3);
    CHECK(problems[0].describe().find("programme: required field is missing") != std::string::npos);
    CHECK(problems[1].describe().find(
              "vocabularies.statuses: 'statuses' is not a list vfi.yaml can change") !=
          std::string::npos);
    CHECK(problems[2].describe() ==
          "vfi.yaml:5:20: sessions.due_after_weeks: '0' is not a whole number from 1 to 104 — "
          "write a number from 1 to 104");

    CHECK_THROWS_AS(
        read_settings(yaml::parse("vfi: 2\nprogramme: P\n", "vfi.yaml"), "vfi.yaml", problems),
        Error);
}

TEST_CASE("settings: the template vfi init writes is valid, with its disclosure key") {
    std::vector<Problem> problems;
    auto s = read_settings(yaml::parse(settings_template("Pilot: \"North\"", "Org #1",
                                                         "00112233445566778899aabbccddeeff"),
                                       "vfi.yaml"),
                           "vfi.yaml", problems);
    CHECK(problems.empty());
    CHECK(s.disclosure_key == "00112233445566778899aabbccddeeff");
}

TEST_CASE("settings: a disclosure key vfi cannot read is reported, never repeated") {
    for (const char* key : {"0011223344556677", "00112233445566778899aabbccddeefg", "[a, b]"}) {
        std::vector<Problem> problems;
        auto s = read_settings(
            yaml::parse(fmt::format("vfi: 1\nprogramme: P\nreports:\n  disclosure_key: {}\n", key),
                        "vfi.yaml"),
            "vfi.yaml", problems);
        INFO(key);
        REQUIRE(problems.size() == 1);
        CHECK(problems[0].describe().find("reports.disclosure_key: the key is not 32 hexadecimal "
                                          "digits") != std::string::npos);
        CHECK(problems[0].describe().find("0011223344") == std::string::npos);
        CHECK(s.disclosure_key.empty());
    }
}

TEST_CASE("store: ids resolve from a unique prefix, case forgiven, ambiguity explained") {
    TempDir d;
    d.write("vfi.yaml", settings_text);
    d.write("partners/P-7KQ2MD.yaml", "");
    d.write("partners/P-7KQ3AA.yaml", "");
    d.write("partners/P-ABCDEF.yaml", "");
    RecordStore store(d.path);
    CHECK(store.resolve(Kind::partner, "P-ABCDEF") == "P-ABCDEF");
    CHECK(store.resolve(Kind::partner, "ab") == "P-ABCDEF");
    CHECK(store.resolve(Kind::partner, "P-7KQ2") == "P-7KQ2MD");
    try {
        store.resolve(Kind::partner, "7KQ");
        FAIL("no error");
    } catch (const Error& e) {
        CHECK(e.code() == ExitCode::usage);
        CHECK(e.describe() == "'7KQ' could be P-7KQ2MD, P-7KQ3AA — type more of the id");
    }
    try {
        store.resolve(Kind::partner, "../etc");
        FAIL("no error");
    } catch (const Error& e) {
        CHECK(e.code() == ExitCode::not_found);
    }
    auto id = store.new_id(Kind::partner);
    CHECK(valid_id(id, Kind::partner));
}

TEST_CASE("store: load keeps valid records and reports the rest") {
    TempDir d;
    d.write("vfi.yaml", settings_text);
    d.write("partners/P-AAAAAA.yaml", "id: P-AAAAAA\nname: A\nstatus: enquiry\n");
    d.write("partners/P-BBBBBB.yaml", "id: P-BBBBBB\nname: B\nstatus: nope\n");
    d.write("partners/.vfi-tmp.P-CCCCCC.yaml.X", "id: P-CCCCCC\n");
    RecordStore store(d.path);
    store.load({Kind::partner});
    REQUIRE(store.records(Kind::partner).size() == 1);
    CHECK(store.records(Kind::partner)[0].id == "P-AAAAAA");
    REQUIRE(store.problems().size() == 1);
    CHECK(store.problems()[0].where.file == "partners/P-BBBBBB.yaml");
    CHECK(store.find("P-AAAAAA") != nullptr);
    CHECK(store.find("P-BBBBBB") == nullptr);
}

TEST_CASE("Change: writes a record in the one layout, under the lock, sweeping scratch files") {
    TempDir d;
    d.write("vfi.yaml", "vfi: 1\nprogramme: Test\ngit:\n  autocommit: false\n");
    d.write("partners/.vfi-tmp.P-DEAD00.yaml.X1Y2Z3", "torn");
    RecordStore store(d.path);
    {
        Transaction change(store, ChangeOptions{}, Date::today());
        CHECK_FALSE(d.exists("partners/.vfi-tmp.P-DEAD00.yaml.X1Y2Z3"));
        auto doc = yaml::Node::map();
        doc.set("status", yaml::Node::plain("enquiry"));
        doc.set("name", yaml::Node::plain("no"));
        doc.set("id", yaml::Node::plain("P-AAAAAA"));
        change.put(Kind::partner, "P-AAAAAA", doc, Write::create);
        auto result = change.commit("partner: add P-AAAAAA");
        CHECK(result.paths == std::vector<std::string>{"partners/P-AAAAAA.yaml"});
        CHECK_FALSE(result.committed);
    }
    CHECK(d.read("partners/P-AAAAAA.yaml") == "id: P-AAAAAA\nname: \"no\"\nstatus: enquiry\n");
}

TEST_CASE("check: rules between records") {
    TempDir d;
    d.write("vfi.yaml", settings_text);
    d.write("partners/P-AAAAAA.yaml", "id: P-AAAAAA\nname: A\nstatus: active\ncapacity: 1\n");
    d.write("leaders/L-AAAAAA.yaml", "id: L-AAAAAA\nname: L\norganisation: O\nstatus: matched\n");
    d.write("matches/M-AAAAAA.yaml",
            "id: M-AAAAAA\npartner: P-AAAAAA\nleader: L-AAAAAA\nstatus: completed\nstarted: "
            "2023-01-01\n");
    d.write("sessions/S-AAAAAA.yaml",
            "id: S-AAAAAA\nmatch: M-ZZZZZZ\ndate: 2023-01-02\nstatus: held\n");
    d.write("sessions/S-BBBBBB.yaml",
            "id: S-BBBBBB\ntype: advisory-group\ndate: 2023-01-02\nstatus: held\n");
    d.write("sessions/S-CCCCCC.yaml",  // paid to its match's partner, so the match must exist
            "id: S-CCCCCC\ntype: co-design\nmatch: M-YYYYYY\ndate: 2023-01-02\nstatus: held\n");
    d.write("reflections/R-AAAAAA.yaml",
            "id: R-AAAAAA\ndate: 2023-01-02\nby: P-ZZZZZZ\nabout: programme\n");
    RecordStore store(d.path);
    auto problems = check_data(store, Date::today());
    std::string all;
    for (const auto& p : problems)
        all += p.describe() + "\n";
    CHECK(all ==
          "leaders/L-AAAAAA.yaml:4:9: status: is matched, but no active or paused match has this "
          "leader — set them waiting for a new partner (`vfi leader status L-AAAAAA waiting`), "
          "or completed\n"
          "matches/M-AAAAAA.yaml:4:9: status: is completed but `ended` is not set — add `ended:` "
          "with the date the "
          "match finished\n"
          "partners/P-AAAAAA.yaml:3:9: status: is active but training.completed is not set — add "
          "the date training "
          "was completed under training:, or set the status to training\n"
          "reflections/R-AAAAAA.yaml:3:5: by: P-ZZZZZZ does not exist — check the id with `vfi "
          "partner list`, or "
          "restore partners/P-ZZZZZZ.yaml from git\n"
          "sessions/S-AAAAAA.yaml:2:8: match: M-ZZZZZZ does not exist — check the id with `vfi "
          "match list`, or "
          "restore matches/M-ZZZZZZ.yaml from git\n"
          "sessions/S-BBBBBB.yaml:1: partners: a session of type advisory-group needs the partners "
          "who took part — add "
          "`partners: [P-..., P-...]`\n"
          "sessions/S-CCCCCC.yaml:3:8: match: M-YYYYYY does not exist — check the id with `vfi "
          "match list`, or restore matches/M-YYYYYY.yaml from git\n");
}

TEST_CASE("check_record_text: a text as an editor saved it, checked as check checks its file") {
    auto vocab = Vocabularies::builtin();
    Date today{2026, 11, 23};
    auto text = [&](const std::string& t) {
        return check_record_text(Kind::partner, "P-7KQ2MD", "partners/P-7KQ2MD.yaml", t, vocab,
                                 today);
    };
    auto sound = text("id: P-7KQ2MD\nname: Ada\nstatus: enquiry\n");
    CHECK(first(sound.problems) == "(none)");
    CHECK(sound.doc.find("name")->value == "Ada");
    // Not YAML vfi reads: one problem at its line, as the parser says it.
    auto twice = text("id: P-7KQ2MD\nname: Ada\nname: Ben\nstatus: enquiry\n");
    REQUIRE(twice.problems.size() == 1);
    CHECK(twice.problems[0].where.file == "partners/P-7KQ2MD.yaml");
    CHECK(twice.problems[0].where.line == 3);
    // Not valid for its kind: the field at fault.
    auto invalid = text("id: P-7KQ2MD\nname: Ada\nstatus: enquiry\ncapacity: many\n");
    CHECK(first(invalid.problems).find("capacity: ") != std::string::npos);
    // Valid, but breaking a rule of its own: only then are the rules looked at.
    auto rule = text("id: P-7KQ2MD\nname: Ada\nstatus: enquiry\njoined: 2027-01-01\n");
    REQUIRE(rule.problems.size() == 1);
    CHECK(rule.problems[0].field == "joined");
}

TEST_CASE("Change: rewriting a record keeps the comments a person wrote") {
    TempDir d;
    d.write("vfi.yaml", "vfi: 1\nprogramme: Test\ngit:\n  autocommit: false\n");
    d.write("partners/P-AAAAAA.yaml",
            "id: P-AAAAAA\n# agreed at the March meeting\nname: A\nstatus: enquiry  # first call "
            "done\n");
    RecordStore store(d.path);
    store.load({Kind::partner});
    auto doc = store.records(Kind::partner).at(0).doc;
    doc.set("status", yaml::Node::plain("training"));
    Transaction change(store, ChangeOptions{}, Date::today());
    change.put(Kind::partner, "P-AAAAAA", doc, Write::replace);
    change.commit("partner: set P-AAAAAA");
    CHECK(d.read("partners/P-AAAAAA.yaml") ==
          "id: P-AAAAAA\n# agreed at the March meeting\nname: A\nstatus: training  # first call "
          "done\n");
}

TEST_CASE("Transaction: a record written may not name one the same change removes") {
    TempDir d;
    d.write("vfi.yaml", "vfi: 1\nprogramme: Test\ngit:\n  autocommit: false\n");
    d.write("partners/P-AAAAAA.yaml", "id: P-AAAAAA\nname: A\nstatus: enquiry\n");
    RecordStore store(d.path);
    Transaction change(store, ChangeOptions{}, Date::today());
    change.remove(Kind::partner, "P-AAAAAA");
    auto doc = yaml::Node::map();
    doc.set("id", yaml::Node::plain("R-AAAAAA"));
    doc.set("date", yaml::Node::plain("2023-01-02"));
    doc.set("by", yaml::Node::plain("P-AAAAAA"));
    doc.set("about", yaml::Node::plain("programme"));
    change.put(Kind::reflection, "R-AAAAAA", doc, Write::create);
    try {
        change.commit("reflection: add R-AAAAAA");
        FAIL("no error");
    } catch (const Error& e) {
        CHECK(e.code() == ExitCode::not_found);
        CHECK(e.describe() == "by: P-AAAAAA does not exist — check the id with `vfi partner list`");
    }
    CHECK(d.read("partners/P-AAAAAA.yaml") == "id: P-AAAAAA\nname: A\nstatus: enquiry\n");
    CHECK_FALSE(d.exists("reflections/R-AAAAAA.yaml"));
}

TEST_CASE("store: a folder listed before a change lands is listed again after it") {
    // A folder is listed once for its ids and its reading; a record written since is there.
    TempDir d;
    d.write("vfi.yaml", "vfi: 1\nprogramme: Test\ngit:\n  autocommit: false\n");
    d.write("partners/P-AAAAAA.yaml", "id: P-AAAAAA\nname: A\nstatus: enquiry\n");
    d.write("reflections/R-AAAAAA.yaml",
            "id: R-AAAAAA\ndate: 2023-01-02\nby: P-AAAAAA\nabout: programme\n");
    RecordStore store(d.path);
    CHECK(store.ids(Kind::reflection) == std::vector<std::string>{"R-AAAAAA"});
    {
        Transaction change(store, ChangeOptions{}, Date::today());
        auto doc = yaml::parse(d.read("reflections/R-AAAAAA.yaml"), "x.yaml");
        doc.set("id", yaml::Node::plain("R-BBBBBB"));
        change.put(Kind::reflection, "R-BBBBBB", doc, Write::create);
        change.commit("reflection: add R-BBBBBB");
    }
    CHECK(store.ids(Kind::reflection) == std::vector<std::string>{"R-AAAAAA", "R-BBBBBB"});
    store.load({Kind::reflection});
    CHECK(store.records(Kind::reflection).size() == 2);
}

TEST_CASE("validate: a key a letter or two from a missing field is named as a misspelling") {
    auto problems = validate(Kind::partner,
                             "id: P-7KQ2MD\nname: Ada\nstatus: active\nreigon: london\n"
                             "contact:\n  emial: a@example.org\nmy_own_key: kept\n",
                             "P-7KQ2MD");
    REQUIRE(problems.size() == 2);
    CHECK(problems[1].describe() ==
          "f.yaml:4:1: reigon: 'reigon' is not a field vfi knows, so it is never read — did you "
          "mean 'region'? Rename it");
    CHECK(problems[0].describe().find("f.yaml:6:3: contact.emial:") != std::string::npos);
    // Beside the field it resembles, a key is taken as meant.
    CHECK(validate(Kind::partner,
                   "id: P-7KQ2MD\nname: Ada\nstatus: active\nregion: london\n"
                   "reigon: x\n",
                   "P-7KQ2MD")
              .empty());
}

TEST_CASE("records: a session as bytes reads back whole, and a torn one never reads") {
    Session s;
    s.id = "S-7KQ2MD", s.match = "M-7KQ2MD", s.group = "g", s.mode = "online";
    s.cancel_category = "illness";
    s.missed = Missed::partner, s.type = SessionType::co_design, s.status = SessionStatus::no_show;
    s.partners = {"P-7KQ2MD", "P-9KQ2MD"}, s.leaders = {"L-7KQ2MD"}, s.topics = {"power"};
    s.fee_declined = {"P-9KQ2MD"};
    s.date = Date{2024, 2, 29}, s.minutes = 90, s.again = true;
    s.expenses = {{.partner = "P-7KQ2MD",
                   .receipt = "receipts/a.pdf",
                   .kind = ExpenseKind::mileage,
                   .pence = std::nullopt,
                   .hundredths = 1250,
                   .approved = Date{2024, 3, 1}},
                  Expense{}};
    s.expenses[1].partner = "P-9KQ2MD", s.expenses[1].pence = -5;
    std::string out;
    put_session(out, s);
    Session back;
    bytes::Reader in{out};
    REQUIRE(get_session(in, back));
    CHECK(in.done());
    std::string again;
    put_session(again, back);
    CHECK(again == out);
    CHECK(back.expenses[1].pence == -5);
    CHECK(back.expenses[0].hundredths == 1250);
    CHECK(back.status == SessionStatus::no_show);
    CHECK_FALSE(back.expenses[1].kind);
    // Every shorter prefix is refused or left unfinished: never read as a whole session.
    for (std::size_t n = 0; n < out.size(); ++n) {
        Session torn;
        bytes::Reader part{std::string_view(out).substr(0, n)};
        CHECK_FALSE((get_session(part, torn) && part.done()));
    }
    // A word past the end of its list is refused.
    Session odd;
    std::string bad = out;
    bad[bad.find("illness") + 8] = 9;  // `missed`: present, then its place
    bytes::Reader wrong{bad};
    CHECK_FALSE(get_session(wrong, odd));
}

namespace {

std::string check_text(const std::filesystem::path& root, const Date& today) {
    RecordStore store(root);
    std::string all;
    for (const auto& p : check_programme(store, today))
        all += p.describe() + "\n";
    return all;
}

}  // namespace

TEST_CASE("check: sessions kept clean in the cache give every problem the files give") {
    ::setenv("VFI_CACHE_SETTLE_SECONDS", "-100", 1);  // every file cached at once
    TempDir d;
    d.write("vfi.yaml", settings_text);
    d.write("partners/P-AAAAAA.yaml",
            "id: P-AAAAAA\nname: A\nstatus: active\ntraining:\n  completed: 2022-01-01\n");
    d.write("leaders/L-AAAAAA.yaml", "id: L-AAAAAA\nname: L\norganisation: O\nstatus: matched\n");
    d.write("matches/M-AAAAAA.yaml",
            "id: M-AAAAAA\npartner: P-AAAAAA\nleader: L-AAAAAA\n"
            "status: active\nproposed: 2023-01-01\nstarted: 2023-01-01\n");
    // Two held the same day (a problem between them, at each one's date), one of a match that
    // does not exist (at its match), and one dated 2023-06-01.
    d.write("sessions/S-AAAAAA.yaml",
            "id: S-AAAAAA\nmatch: M-AAAAAA\nmode: online\n"
            "date: 2023-02-01\nstatus: held\n");
    d.write("sessions/S-BBBBBB.yaml",
            "id: S-BBBBBB\nmatch: M-AAAAAA\ndate: 2023-02-01\n"
            "status: held\n");
    d.write("sessions/S-CCCCCC.yaml",
            "id: S-CCCCCC\n\nmatch: M-ZZZZZZ\ndate: 2023-03-01\n"
            "status: held\n");
    d.write("sessions/S-DDDDDD.yaml",
            "id: S-DDDDDD\nmatch: M-AAAAAA\ndate: 2023-06-01\n"
            "status: held\n");
    std::string first = check_text(d.path, Date{2023, 7, 1});
    CHECK(first.find("sessions/S-AAAAAA.yaml:4:7: date: ") != std::string::npos);
    CHECK(first.find("sessions/S-BBBBBB.yaml:3:7: date: ") != std::string::npos);
    CHECK(first.find("sessions/S-CCCCCC.yaml:3:8: match: M-ZZZZZZ does not exist") !=
          std::string::npos);
    CHECK(first.find("S-DDDDDD") == std::string::npos);
    REQUIRE(d.read(cache_folder() + "/sessions").find("session1") != std::string::npos);
    // Read from the forms kept: the same problems, at the same places, on a later day too.
    CHECK(check_text(d.path, Date{2023, 7, 1}) == first);
    CHECK(check_text(d.path, Date{2024, 1, 1}) == first);
    // On a day before the one they were found clean on, their own rules run again.
    std::string earlier = check_text(d.path, Date{2023, 5, 1});
    CHECK(earlier.find("sessions/S-DDDDDD.yaml:3:7: date: 2023-06-01 is in the future") !=
          std::string::npos);
    ::unsetenv("VFI_CACHE_SETTLE_SECONDS");
}

TEST_CASE("records: a reflection as bytes reads back whole, and a torn one never reads") {
    Reflection x;
    x.id = "R-7KQ2MD", x.by = "P-7KQ2MD", x.about = "M-7KQ2MD", x.stage = Stage::midpoint;
    x.date = Date{2024, 5, 1}, x.themes = {"power"}, x.barriers = {}, x.enablers = {"time"};
    x.quotes = {{"It \"helped\".\n", true}, {"", false}};
    x.changing = "Asks first.", x.how = "", x.why = "Coached.";
    x.scores = {{"trust", 7}, {"confidence", -1}};
    std::string out;
    put_reflection(out, x);
    Reflection back;
    bytes::Reader in{out};
    REQUIRE(get_reflection(in, back));
    CHECK(in.done());
    std::string again;
    put_reflection(again, back);
    CHECK(again == out);
    CHECK(back.quotes[0].text == "It \"helped\".\n");
    CHECK(back.quotes[0].consent);
    CHECK(back.why == "Coached.");
    CHECK(back.scores == x.scores);
    for (std::size_t n = 0; n < out.size(); ++n) {
        Reflection torn;
        bytes::Reader part{std::string_view(out).substr(0, n)};
        CHECK_FALSE((get_reflection(part, torn) && part.done()));
    }
}

TEST_CASE("check: reflections kept clean in the cache give every problem the files give") {
    ::setenv("VFI_CACHE_SETTLE_SECONDS", "-100", 1);
    TempDir d;
    d.write("vfi.yaml", settings_text);
    d.write("partners/P-AAAAAA.yaml",
            "id: P-AAAAAA\nname: A\nstatus: active\ntraining:\n"
            "  completed: 2022-01-01\nconsent:\n  quotes: no\n");
    // One response imported twice (the second named, at its response), a quote its partner
    // said no to (at its quotes), one of a match that does not exist, one dated 2023-06-01.
    for (std::string id : {"R-AAAAAA", "R-BBBBBB"})
        d.write("reflections/" + id + ".yaml",
                "id: " + id +
                    "\ndate: 2023-02-01\nby: learning-partner\nabout: programme\n"
                    "source:\n  form: f1\n  response: \"7\"\n");
    d.write("reflections/R-CCCCCC.yaml",
            "id: R-CCCCCC\ndate: 2023-02-01\nby: P-AAAAAA\n"
            "about: programme\nquotes:\n  - text: Yes.\n"
            "    consent: true\n");
    d.write("reflections/R-DDDDDD.yaml",
            "id: R-DDDDDD\ndate: 2023-02-01\nby: learning-partner\nabout: M-ZZZZZZ\n");
    d.write("reflections/R-EEEEEE.yaml",
            "id: R-EEEEEE\ndate: 2023-06-01\nby: learning-partner\nabout: programme\n");
    std::string first = check_text(d.path, Date{2023, 7, 1});
    CHECK(first.find("reflections/R-BBBBBB.yaml:7:13: source.response: R-BBBBBB was imported "
                     "from the same response") != std::string::npos);
    CHECK(first.find("reflections/R-CCCCCC.yaml:6:3: quotes: ") != std::string::npos);
    CHECK(first.find("reflections/R-DDDDDD.yaml:4:8: about: M-ZZZZZZ does not exist") !=
          std::string::npos);
    CHECK(first.find("R-EEEEEE") == std::string::npos);
    REQUIRE(d.read(cache_folder() + "/reflections").find("reflection2") != std::string::npos);
    CHECK(check_text(d.path, Date{2023, 7, 1}) == first);
    CHECK(check_text(d.path, Date{2024, 1, 1}) == first);
    std::string earlier = check_text(d.path, Date{2023, 5, 1});
    CHECK(earlier.find("reflections/R-EEEEEE.yaml:2:7: date: 2023-06-01 is in the future") !=
          std::string::npos);
    ::unsetenv("VFI_CACHE_SETTLE_SECONDS");
}

TEST_CASE("records: a leader as bytes reads back whole, and a torn one never reads") {
    Leader l;
    l.id = "L-7KQ2MD", l.name = "Lee Lll", l.organisation = "A Trust", l.sector = "nhs";
    l.region = "north", l.cohort = "2024", l.status = LeaderStatus::matched;
    l.history.steps = {{Date{}, LeaderStatus::enquiry}, {Date{2024, 1, 5}, LeaderStatus::matched}};
    l.enquired = Date{2023, 12, 1}, l.focus = {"power", "voice"}, l.modes = {"online"};
    l.forgotten = true;
    std::string out;
    put_leader(out, l);
    Leader back;
    bytes::Reader in{out};
    REQUIRE(get_leader(in, back));
    CHECK(in.done());
    std::string again;
    put_leader(again, back);
    CHECK(again == out);
    CHECK(back.history.on(Date{2024, 2, 1}) == LeaderStatus::matched);
    CHECK(back.history.steps[0].date == Date{});
    for (std::size_t n = 0; n < out.size(); ++n) {
        Leader torn;
        bytes::Reader part{std::string_view(out).substr(0, n)};
        CHECK_FALSE((get_leader(part, torn) && part.done()));
    }
}

TEST_CASE("check: leaders kept clean in the cache give every problem the files give") {
    ::setenv("VFI_CACHE_SETTLE_SECONDS", "-100", 1);
    TempDir d;
    d.write("vfi.yaml", settings_text);
    // Matched with no match (at their status), and one who enquired on 2023-06-01.
    d.write("leaders/L-AAAAAA.yaml", "id: L-AAAAAA\nname: L\norganisation: O\n\nstatus: matched\n");
    d.write("leaders/L-BBBBBB.yaml",
            "id: L-BBBBBB\nname: M\norganisation: O\nstatus: enquiry\n"
            "enquired: 2023-06-01\n");
    std::string first = check_text(d.path, Date{2023, 7, 1});
    CHECK(first ==
          "leaders/L-AAAAAA.yaml:5:9: status: is matched, but no active or paused match "
          "has this leader — set them waiting for a new partner (`vfi leader status "
          "L-AAAAAA waiting`), or completed\n");
    REQUIRE(d.read(cache_folder() + "/leaders").find("leader1") != std::string::npos);
    CHECK(check_text(d.path, Date{2023, 7, 1}) == first);
    CHECK(check_text(d.path, Date{2024, 1, 1}) == first);
    std::string earlier = check_text(d.path, Date{2023, 5, 1});
    CHECK(earlier.find("leaders/L-BBBBBB.yaml:5:11: enquired: 2023-06-01 is in the future") !=
          std::string::npos);
    ::unsetenv("VFI_CACHE_SETTLE_SECONDS");
}

TEST_CASE("records: a partner's equality answers are carried only when they consented") {
    auto partner = [](const std::string& consent) {
        std::string text = "id: P-7KQ2MD\nname: Ada\nstatus: active\n" + consent +
                           "equality:\n  gender: woman\n  carer: 1-19\n  imd_decile: 3\n";
        return to_partner(Record{Kind::partner, "P-7KQ2MD", "partners/P-7KQ2MD.yaml",
                                 yaml::parse(text, "partners/P-7KQ2MD.yaml")});
    };
    Partner yes = partner("consent:\n  equality: yes\n");
    REQUIRE(yes.equality);
    CHECK(yes.equality->gender == "woman");
    CHECK(yes.equality->carer == "1-19");
    CHECK(yes.equality->imd_decile == "3");
    CHECK(yes.equality->age_band.empty());
    // Said no, or not said: the answers are not in the typed record (nor in the cache's form).
    CHECK_FALSE(partner("consent:\n  equality: false\n").equality);
    CHECK_FALSE(partner("consent:\n  quotes: true\n").equality);
    CHECK_FALSE(partner("").equality);
}

TEST_CASE("records: a partner as bytes reads back whole, and a torn one never reads") {
    Partner p;
    p.id = "P-7KQ2MD", p.name = "Pat Ppp", p.region = "north", p.status = PartnerStatus::active;
    p.history.steps = {{Date{2023, 1, 2}, PartnerStatus::training},
                       {Date{2023, 3, 1}, PartnerStatus::active}};
    p.joined = Date{2023, 1, 2}, p.training_completed = Date{2023, 2, 20};
    p.roles = {"coach"}, p.lived_experience = {"carer", "mental-health"}, p.modes = {"online"};
    p.conflicts = {"L-AAAAAA"}, p.capacity = 3, p.payment_eligible = false;
    p.pay_preference = PayPreference::voucher, p.limit.rule = "benefits";
    p.limit.pay_up_to = 18000, p.limit.from = Date{2024, 4, 1}, p.consent_quotes = true;
    p.contributor = true;
    p.equality = EqualityAnswers{"45-54", "white-british", "woman", "yes", "1-19", "3"};
    std::string out;
    put_partner(out, p);
    Partner back;
    bytes::Reader in{out};
    REQUIRE(get_partner(in, back));
    CHECK(in.done());
    std::string again;
    put_partner(again, back);
    CHECK(again == out);
    CHECK(back.history.on(Date{2023, 4, 1}) == PartnerStatus::active);
    CHECK(back.capacity == 3);
    CHECK(back.payment_eligible == false);
    CHECK(back.consent_quotes == true);
    CHECK(back.limit.pay_up_to == 18000);
    CHECK_FALSE(back.limit.minutes_under);
    CHECK(back.pay_preference == PayPreference::voucher);
    CHECK(back.contributor);
    REQUIRE(back.equality);
    CHECK(back.equality->carer == "1-19");
    CHECK(back.equality->imd_decile == "3");
    CHECK_FALSE(back.forgotten);
    CHECK_FALSE(back.left);
    for (std::size_t n = 0; n < out.size(); ++n) {
        Partner torn;
        bytes::Reader part{std::string_view(out).substr(0, n)};
        CHECK_FALSE((get_partner(part, torn) && part.done()));
    }
}

TEST_CASE("records: a match as bytes reads back whole, and a torn one never reads") {
    Match m;
    m.id = "M-7KQ2MD", m.partner = "P-7KQ2MD", m.leader = "L-7KQ2MD", m.group = "";
    m.end_category = "completed", m.status = MatchStatus::completed;
    m.history.steps = {{Date{2023, 1, 2}, MatchStatus::proposed},
                       {Date{2023, 1, 9}, MatchStatus::active},
                       {Date{2023, 9, 1}, MatchStatus::completed}};
    m.proposed = Date{2023, 1, 2}, m.started = Date{2023, 1, 9}, m.ended = Date{2023, 9, 1};
    m.planned_sessions = 6;
    std::string out;
    put_match(out, m);
    Match back;
    bytes::Reader in{out};
    REQUIRE(get_match(in, back));
    CHECK(in.done());
    std::string again;
    put_match(again, back);
    CHECK(again == out);
    CHECK(back.ended == Date{2023, 9, 1});
    CHECK(back.planned_sessions == 6);
    CHECK(back.history.on(Date{2023, 2, 1}) == MatchStatus::active);
    for (std::size_t n = 0; n < out.size(); ++n) {
        Match torn;
        bytes::Reader part{std::string_view(out).substr(0, n)};
        CHECK_FALSE((get_match(part, torn) && part.done()));
    }
}

TEST_CASE("check: partners and matches kept clean in the cache give every problem the files give") {
    ::setenv("VFI_CACHE_SETTLE_SECONDS", "-100", 1);
    TempDir d;
    d.write("vfi.yaml", settings_text);
    const char* trained = "status: active\ntraining:\n  completed: 2022-01-01\n";
    // P-AAAAAA: a capacity of 1 with two running matches, and a conflict with no leader.
    d.write("partners/P-AAAAAA.yaml", std::string("id: P-AAAAAA\nname: A\n") + trained +
                                          "capacity: 1\nconflicts: [L-ZZZZZZ]\n");
    d.write("partners/P-BBBBBB.yaml",
            std::string("id: P-BBBBBB\nname: B\n") + trained + "contributor: true\n");
    d.write("partners/P-CCCCCC.yaml",
            "id: P-CCCCCC\nname: C\nstatus: withdrawn\nleft: 2023-01-01\n");
    d.write("partners/P-DDDDDD.yaml",
            "id: P-DDDDDD\nname: D\nstatus: enquiry\nconsent:\n  data: 2023-06-01\n");
    for (std::string id : {"L-AAAAAA", "L-BBBBBB", "L-CCCCCC"})
        d.write("leaders/" + id + ".yaml",
                "id: " + id + "\nname: L\norganisation: O\nstatus: matched\n");
    auto match = [&](std::string id, std::string partner, std::string leader, std::string status) {
        d.write("matches/" + id + ".yaml",
                "id: " + id + "\n\npartner: " + partner + "\nleader: " + leader +
                    "\nstatus: " + status + "\nproposed: 2023-01-01\n" +
                    (status == "proposed" ? "" : "started: 2023-01-01\n"));
    };
    match("M-AAAAAA", "P-AAAAAA", "L-AAAAAA", "active");
    match("M-BBBBBB", "P-AAAAAA", "L-BBBBBB", "active");
    match("M-CCCCCC", "P-BBBBBB", "L-CCCCCC", "active");
    match("M-DDDDDD", "P-ZZZZZZ", "L-CCCCCC", "proposed");
    match("M-EEEEEE", "P-CCCCCC", "L-AAAAAA", "paused");
    match("M-GGGGGG", "P-AAAAAA", "L-AAAAAA", "proposed");
    d.write("sessions/S-AAAAAA.yaml",
            "id: S-AAAAAA\nmatch: M-GGGGGG\ndate: 2023-02-01\nstatus: held\n");
    std::string first = check_text(d.path, Date{2023, 7, 1});
    for (const char* told :
         {"partners/P-AAAAAA.yaml:6:11: capacity: P-AAAAAA has 2 matches running (M-AAAAAA, "
          "M-BBBBBB), more than a capacity of 1",
          "partners/P-AAAAAA.yaml:7:12: conflicts: L-ZZZZZZ does not exist",
          "matches/M-CCCCCC.yaml:3:10: partner: P-BBBBBB is a paid contributor",
          "matches/M-DDDDDD.yaml:3:10: partner: P-ZZZZZZ does not exist",
          "matches/M-EEEEEE.yaml:5:9: status: is paused but partner P-CCCCCC is withdrawn",
          "matches/M-AAAAAA.yaml:4:9: leader: L-AAAAAA has 2 matches running (M-AAAAAA, M-EEEEEE)",
          "matches/M-EEEEEE.yaml:4:9: leader: L-AAAAAA has 2 matches running",
          "sessions/S-AAAAAA.yaml:2:8: match: M-GGGGGG has not started (proposed)"})
        CHECK_MESSAGE(first.find(told) != std::string::npos, told, "\n", first);
    CHECK(first.find("P-DDDDDD") == std::string::npos);
    REQUIRE(d.read(cache_folder() + "/partners").find("partner2") != std::string::npos);
    REQUIRE(d.read(cache_folder() + "/matches").find("match1") != std::string::npos);
    // Read from the forms kept: the same problems, at the same places, on a later day too.
    CHECK(check_text(d.path, Date{2023, 7, 1}) == first);
    CHECK(check_text(d.path, Date{2024, 1, 1}) == first);
    std::string earlier = check_text(d.path, Date{2023, 5, 1});
    CHECK(earlier.find("partners/P-DDDDDD.yaml:5:9: consent.data: 2023-06-01 is in the future") !=
          std::string::npos);
    ::unsetenv("VFI_CACHE_SETTLE_SECONDS");
}

TEST_CASE("programme: records found by whom they name, in order of id, in a copy too") {
    TempDir d;
    d.write("vfi.yaml", "vfi: 1\nprogramme: Test\n");
    RecordStore store(d.path);
    auto match = [](std::string id, std::string partner, std::string leader) {
        Match m;
        m.id = std::move(id), m.partner = std::move(partner), m.leader = std::move(leader);
        return m;
    };
    auto session = [](std::string id, std::string match) {
        Session s;
        s.id = std::move(id), s.match = std::move(match);
        return s;
    };
    std::optional<Programme> first;
    first.emplace(store, std::vector<Leader>{},
                  std::vector<Session>{session("S-A", "M-B"), session("S-B", ""),
                                       session("S-C", "M-A"), session("S-D", "M-B")},
                  std::vector<Reflection>{}, std::vector<Partner>{},
                  std::vector<Match>{match("M-A", "P-2", "L-1"), match("M-B", "P-1", "L-1"),
                                     match("M-C", "P-2", "L-2")});
    Programme p = *first;
    first.reset();  // the copy's indexes must not lean on the first's records
    auto ids = [](const auto& found) {
        std::string out;
        for (const auto* r : found)
            out += r->id + " ";
        return out;
    };
    CHECK(ids(p.matches_of_partner("P-2")) == "M-A M-C ");
    CHECK(ids(p.matches_of_partner("P-1")) == "M-B ");
    CHECK(ids(p.matches_of_leader("L-1")) == "M-A M-B ");
    CHECK(ids(p.matches_of_leader("L-3")).empty());
    CHECK(ids(p.sessions_of_match("M-B")) == "S-A S-D ");
    CHECK(ids(p.sessions_of_match("")).empty());  // a session with no match is no match's
}

TEST_CASE(
    "programme: an index orders fields alike in their first 16 bytes, and keeps ties in "
    "order of id") {
    TempDir d;
    d.write("vfi.yaml", "vfi: 1\nprogramme: Test\n");
    RecordStore store(d.path);
    // Partner fields as a damaged record may hold them: long, alike for 16 bytes, a zero byte.
    std::vector<std::string> partners{"P-0123456789ABCDEF-b",
                                      "P-0123456789ABCDEF-a",
                                      "P-0123456789ABCDEF",
                                      std::string("P-1\0", 4),
                                      "P-1",
                                      "P-0123456789ABCDEF-a"};
    std::vector<Match> matches;
    for (std::size_t i = 0; i < 40; ++i) {
        Match m;
        m.id = "M-" + std::to_string(100 + i);
        m.partner = partners[i % partners.size()];
        matches.push_back(std::move(m));
    }
    Programme p(store, {}, {}, {}, {}, matches);
    for (const auto& partner : partners) {
        std::string want, got;
        for (const auto& m : matches)
            if (m.partner == partner) want += m.id + " ";
        for (const auto* m : p.matches_of_partner(partner))
            got += m->id + " ";
        CHECK(got == want);
    }
    CHECK(p.matches_of_partner("P-0123456789ABCDEF-").empty());
}
