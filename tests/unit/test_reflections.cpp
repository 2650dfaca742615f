// Reflections (src/ops/reflections.cpp): a new reflection as it will be written, from values
// typed and from a file, every refusal with its message, the checks a walk-through makes of
// each answer, and the listing with its filters and order.
#include <doctest/doctest.h>

#include "records_dir.hpp"
#include "vfi/ops/reflections.hpp"

using namespace vfi;
using test::thrown;
using test::written;

namespace {

const Date today{2024, 3, 10};

test::RecordsDir programme() {
    test::RecordsDir data("vocabularies:\n  themes: [co-production]\n");
    data.partner("P-AAAAAA", "capacity: 2\n");
    data.leader("L-AAAAAA", "organisation: Org A\n", "matched");
    data.leader("L-ABBBBB", "organisation: Org B\n");
    data.match("M-AAAAAA", "P-AAAAAA", "L-AAAAAA", "active");
    data.session("S-AAAAAA", "match: M-AAAAAA\ndate: 2024-02-01\nminutes: 60\nstatus: held\n");
    data.reflection("R-CCCCCC",
                    "date: 2023-05-01\nby: L-AAAAAA\nabout: M-AAAAAA\nstage: end\n"
                    "themes: [power, people]\nchanging: Carers first\n");
    data.reflection("R-BBBBBB",
                    "date: 2023-01-01\nby: L-AAAAAA\nabout: M-AAAAAA\nstage: baseline\n"
                    "themes: [power]\nchanging: Unsure\n");
    data.reflection("R-AAAAAA",
                    "date: 2023-05-01\nby: learning-partner\nabout: programme\n"
                    "themes: [co-production]\n");
    return data;
}

struct Reflections : test::Loaded {
    using test::Loaded::Loaded;
    std::string add(const ReflectionInput& in) const {
        return written(Kind::reflection, new_reflection(store, "R-NEW000", in, today));
    }
    std::string refusal(const ReflectionInput& in) const {
        return thrown([&] { new_reflection(store, "R-NEW000", in, today); });
    }
    // A file's text as --from-file gives it, with the values typed over it.
    static ReflectionInput from_file(const std::string& text, ReflectionInput in = {}) {
        in.file = ReflectionFile{text, "r.yaml"};
        return in;
    }
    std::vector<std::vector<std::string>> listed(const ReflectionFilter& f) const {
        return list_reflections(store, f).rows;
    }
};

}  // namespace

TEST_CASE("reflections: by the Learning Partner, about the programme, today, unless given") {
    auto data = programme();
    Reflections x(data);
    CHECK(x.add({.changing = "Leaders ask who is missing"}) ==
          "id: R-NEW000\ndate: 2024-03-10\nby: learning-partner\nabout: programme\n"
          "changing: Leaders ask who is missing\n");
    CHECK(x.add({.by = "learning-partner", .about = "programme", .date = "2024-01-31"}) ==
          "id: R-NEW000\ndate: 2024-01-31\nby: learning-partner\nabout: programme\n");
}

TEST_CASE("reflections: every value typed, ids by their start in any case") {
    auto data = programme();
    Reflections x(data);
    ReflectionInput in{.by = "l-abb",
                       .about = "s-aa",
                       .stage = "midpoint",
                       .date = "2024-03-01",
                       .changing = "Carers first",
                       .how = "Sessions",
                       .why = "Trust",
                       .barriers = {"Diary pressure, every week"},
                       .enablers = {"Same partner"},
                       .themes = {"power", "co-production"},
                       .quote = "It changed how I chair",
                       .quote_consent = true,
                       .scores = {"confidence=7", "listening=8"}};
    CHECK(x.add(in) ==
          "id: R-NEW000\ndate: 2024-03-01\nby: L-ABBBBB\nabout: S-AAAAAA\nstage: midpoint\n"
          "changing: Carers first\nhow: Sessions\nwhy: Trust\n"
          "barriers:\n  - Diary pressure, every week\nenablers: [Same partner]\n"
          "themes: [power, co-production]\nquotes:\n  - text: It changed how I chair\n"
          "    consent: true\nscores:\n  confidence: 7\n  listening: 8\n");
    // A quote without consent is kept, marked so.
    CHECK(x.add({.quote = "Off the record"}).find("    consent: false\n") != std::string::npos);
    CHECK(reflection_by(x.store, "p-a") == "P-AAAAAA");
    CHECK(reflection_by(x.store, "learning-partner") == "learning-partner");
    CHECK(reflection_about(x.store, "M-AAAAAA") == "M-AAAAAA");
    CHECK(reflection_about(x.store, "programme") == "programme");
}

TEST_CASE("reflections: a value typed that is not allowed is refused, naming its field") {
    auto data = programme();
    Reflections x(data);
    CHECK(x.refusal({.by = "zzz"}) ==
          "4 no partner or leader has the id 'zzz' — check the id, or give learning-partner");
    CHECK(x.refusal({.by = "L-A"}) == "2 'L-A' could be L-AAAAAA, L-ABBBBB — type more of the id");
    CHECK(x.refusal({.about = "M-ZZZZZZ"}) ==
          "4 no match has the id 'M-ZZZZZZ' — list them with `vfi match list`");
    CHECK(x.refusal({.about = "P-AAAAAA"}) ==
          "4 no match or session has the id 'P-AAAAAA' — check the id, or give programme");
    CHECK(x.refusal({.stage = "final"}) ==
          "3 stage: 'final' is not one of baseline, midpoint, end, ad-hoc");
    CHECK(x.refusal({.date = "2024-13-01"}) ==
          "3 date: '2024-13-01' has no month 13 — write the date as YYYY-MM-DD, e.g. 2024-03-18");
    CHECK(x.refusal({.scores = {"confidence"}}) ==
          "2 'confidence' is not KEY=VALUE — write e.g. region=london, or "
          "training.completed=2024-03-18; an empty value removes the field");
    // The first mistake is the one told: who, then the stage, then the date.
    CHECK(x.refusal({.by = "zzz", .stage = "final", .date = "x"}).starts_with("4 no partner"));
    CHECK(x.refusal({.stage = "final", .date = "x"}).starts_with("3 stage:"));
}

TEST_CASE("reflections: from a file, its comments' text kept and typed values over its fields") {
    auto data = programme();
    Reflections x(data);
    std::string form =
        "# typed up from the form\ndate: 2024-02-02\nby: L-AAAAAA\nabout: M-AAAAAA\nstage: end\n"
        "themes: [people]\nscores:\n  confidence: 8\n  listening: 6\nmine: kept\n";
    CHECK(x.add(Reflections::from_file(form)) ==
          "id: R-NEW000\ndate: 2024-02-02\nby: L-AAAAAA\nabout: M-AAAAAA\nstage: end\n"
          "themes: [people]\nscores:\n  confidence: 8\n  listening: 6\nmine: kept\n");
    // Options win over the file; a score typed replaces the file's of the same name only.
    CHECK(
        x.add(Reflections::from_file(
            form,
            {.by = "l-ab", .stage = "midpoint", .themes = {"power"}, .scores = {"listening=9"}})) ==
        "id: R-NEW000\ndate: 2024-02-02\nby: L-ABBBBB\nabout: M-AAAAAA\nstage: midpoint\n"
        "themes: [power]\nscores:\n  confidence: 8\n  listening: 9\nmine: kept\n");
    // --date too.
    CHECK(x.add(Reflections::from_file("date: 2024-02-02\n", {.date = "2024-03-03"})) ==
          "id: R-NEW000\ndate: 2024-03-03\nby: learning-partner\nabout: programme\n");
    CHECK(x.refusal(Reflections::from_file("date: 2024-02-02\n", {.date = "2024-02-30"})) ==
          "3 date: '2024-02-30' does not exist (2024-02 has 29 days) — write the date as "
          "YYYY-MM-DD, e.g. "
          "2024-03-18");
}

TEST_CASE("reflections: a file that cannot be a new reflection is refused at its line") {
    auto data = programme();
    Reflections x(data);
    CHECK(x.refusal(Reflections::from_file("- a\n- b\n")) ==
          "3 r.yaml:1: expected `key: value` lines — write the reflection as in docs/format.md, "
          "without an id");
    CHECK(x.refusal(Reflections::from_file("by: L-AAAAAA\nid: R-AAAAAA\n")) ==
          "3 r.yaml:2: id: vfi makes the id of a new reflection — remove the id line");
    CHECK(x.refusal(Reflections::from_file("changing: x\nby: L-ZZZZZZ\n")) ==
          "4 r.yaml:2: by: no leader has the id 'L-ZZZZZZ' — list them with `vfi leader list`");
    CHECK(x.refusal(Reflections::from_file("about: S-ZZZZZZ\n")) ==
          "4 r.yaml:1: about: no session has the id 'S-ZZZZZZ' — list them with `vfi session "
          "list`");
    // What the file names is not looked up when an option replaces it.
    CHECK(thrown([&] {
              new_reflection(x.store, "R-NEW000",
                             Reflections::from_file("by: L-ZZZZZZ\n", {.by = "L-AAAAAA"}), today);
          }) == "no error");
}

TEST_CASE("reflections: a walk-through's answers are checked one at a time") {
    auto data = programme();
    Reflections x(data);
    const auto& vocabularies = x.store.settings().vocabularies;
    CHECK(thrown([&] { check_reflection_value(vocabularies, "stage", "ad-hoc"); }) == "no error");
    CHECK(thrown([&] { check_reflection_value(vocabularies, "stage", "END"); }) ==
          "3 stage: 'END' is not one of baseline, midpoint, end, ad-hoc — did you mean 'end'?");
    CHECK(thrown([&] { check_reflection_value(vocabularies, "themes", "power, co-production"); }) ==
          "no error");
    CHECK(thrown([&] { check_reflection_value(vocabularies, "themes", "power, powr"); }) ==
          "3 themes: 'powr' is not one of philosophy, people, power, patience, product, "
          "co-production — did you mean 'power'? To allow a new value, add it to "
          "vocabularies.themes in vfi.yaml");
    CHECK(score_answer("confidence=7, listening_well=10") ==
          std::vector<std::string>{"confidence=7", "listening_well=10"});
    CHECK(score_answer("").empty());
    for (const char* wrong :
         {"confidence=11", "confidence=0", "confidence", "Confidence=3", "confidence=seven"})
        CHECK(thrown([&] { score_answer(std::string("a=1, ") + wrong); }) ==
              fmt::format("3 scores: '{}' is not NAME=1..10", wrong));
}

TEST_CASE("reflections: the listing, oldest first, then by id, with each filter") {
    auto data = programme();
    Reflections x(data);
    auto table = list_reflections(x.store, {});
    CHECK(table.columns == std::vector<std::string>{"id", "date", "by", "by_name", "about", "stage",
                                                    "themes", "changing"});
    CHECK(table.rows == std::vector<std::vector<std::string>>{
                            {"R-BBBBBB", "2023-01-01", "L-AAAAAA", "Leader AAAAAA", "M-AAAAAA",
                             "baseline", "power", "Unsure"},
                            {"R-AAAAAA", "2023-05-01", "learning-partner", "", "programme", "",
                             "co-production", ""},
                            {"R-CCCCCC", "2023-05-01", "L-AAAAAA", "Leader AAAAAA", "M-AAAAAA",
                             "end", Table::list_cell({"power", "people"}), "Carers first"}});
    auto ids = [&](const ReflectionFilter& f) {
        std::vector<std::string> out;
        for (const auto& row : x.listed(f))
            out.push_back(row[0]);
        return out;
    };
    using Ids = std::vector<std::string>;
    CHECK(ids({.by = "l-aaa"}) == Ids{"R-BBBBBB", "R-CCCCCC"});
    CHECK(ids({.by = "learning-partner"}) == Ids{"R-AAAAAA"});
    CHECK(ids({.about = "m-a"}) == Ids{"R-BBBBBB", "R-CCCCCC"});
    CHECK(ids({.stage = "end"}) == Ids{"R-CCCCCC"});
    CHECK(ids({.stage = "midpoint"}).empty());
    CHECK(ids({.theme = "power"}) == Ids{"R-BBBBBB", "R-CCCCCC"});
    CHECK(ids({.by = "L-AAAAAA", .stage = "baseline", .theme = "power"}) == Ids{"R-BBBBBB"});
    // A word not in its list is a mistake, not a filter nothing passes.
    CHECK(thrown([&] { list_reflections(x.store, {.stage = "midpiont"}); }) ==
          "2 stage: 'midpiont' is not one of baseline, midpoint, end, ad-hoc — did you mean "
          "'midpoint'?");
    CHECK(thrown([&] { list_reflections(x.store, {.theme = "trust"}); }) ==
          "2 themes: 'trust' is not one of philosophy, people, power, patience, product, "
          "co-production — check the spelling");
    CHECK(thrown([&] { list_reflections(x.store, {.by = "zzz"}); }) ==
          "4 no partner or leader has the id 'zzz' — check the id, or give learning-partner");
}
