// Reading a form's responses (src/ops/reflect_import.cpp): the map file and each of its
// mistakes at its line, and the timestamps of Microsoft's and Google's exports in either order.
#include <doctest/doctest.h>

#include "records_dir.hpp"
#include "vfi/ops/reflect_import.hpp"

using namespace vfi;
using test::thrown;

namespace {

FormMap read(const std::string& text) {
    return read_form_map(text, "form.yaml", Vocabularies::builtin());
}

std::string mistake(const std::string& text) {
    return thrown([&] { read(text); });
}

std::string moment(std::string_view text, DateOrder order) {
    auto t = parse_form_time(text, order);
    return t ? t->date.str() + " " + t->moment : "none";
}

}  // namespace

TEST_CASE("a Microsoft map file takes the export's own columns unless it names others") {
    FormMap m = read(
        "form: leaders-baseline\nservice: microsoft\nstage: baseline\ncolumns:\n"
        "  What is changing?: changing\n"
        "  Which Ps?:\n    field: themes\n    values:\n      Power, named: power\n"
        "  How confident?: scores.confidence_coproduction\n  Name:\n");
    CHECK(m.form == "leaders-baseline");
    REQUIRE(m.response);
    CHECK(m.response->name == "ID");
    CHECK(m.timestamp.name == "Completion time");
    CHECK(m.email.name == "Email");
    CHECK(m.dates == DateOrder::month_first);
    CHECK(m.separator == ";");
    CHECK(m.stage == "baseline");
    CHECK(m.about == "programme");
    REQUIRE(m.columns.size() == 3);
    CHECK(m.columns[1].field == "themes");
    CHECK(m.columns[1].column.line == 6);
    CHECK(m.columns[1].values == AnswerValues{{"Power, named", "power"}});
    CHECK(m.columns[2].field == "scores.confidence_coproduction");
    REQUIRE(m.left_out.size() == 1);
    CHECK(m.left_out[0].name == "Name");
}

TEST_CASE("a Google map file must say how its Sheet writes dates; its timestamp is the id") {
    std::string base = "form: partners-end\nservice: google\ncolumns:\n  Q: changing\n";
    CHECK(mistake(base) ==
          "3 form.yaml:2: dates: the map file does not say how the dates are written — add "
          "`dates: day-first` (18/03/2024, a UK sheet) or `dates: month-first` (3/18/2024, a US "
          "sheet)");
    FormMap m = read(base + "dates: day-first\n");
    CHECK_FALSE(m.response);
    CHECK(m.timestamp.name == "Timestamp");
    CHECK(m.email.name == "Email Address");
    CHECK(m.dates == DateOrder::day_first);
    CHECK(m.separator == ",");
}

TEST_CASE("a stage may come from a question, each answer mapped to one") {
    FormMap m = read(
        "form: f\nservice: google\ndates: month-first\nstage:\n  column: Which one?\n"
        "  values:\n    Before: baseline\n    After: end\ncolumns:\n  Q: how\n");
    REQUIRE(m.stage_column);
    CHECK(m.stage_column->column.name == "Which one?");
    CHECK(m.stage_column->values.size() == 2);
    CHECK(mistake("form: f\nservice: google\ndates: month-first\nstage:\n  column: W\n"
                  "  values:\n    Before: start\ncolumns:\n  Q: how\n") ==
          "3 form.yaml:7: stage.values: 'start' is not a stage — write baseline, midpoint, end "
          "or ad-hoc");
}

TEST_CASE("each mistake in a map file is told at its line, with what to write") {
    std::string head = "form: f\nservice: microsoft\n";
    CHECK(mistake(head + "dats: day-first\ncolumns:\n  Q: how\n") ==
          "3 form.yaml:3: dats: a map file has no such key — did you mean 'dates'?");
    CHECK(mistake(head + "columns:\n  Q: chnging\n") ==
          "3 form.yaml:4: columns: 'chnging' is not a field a question can fill — did you mean "
          "'changing'?");
    CHECK(mistake(head + "columns:\n  Q: scores.happiness\n") ==
          "3 form.yaml:4: columns: 'happiness' is not one of the score names, "
          "confidence_coproduction, understanding_lived_experience, confidence_coaching, "
          "influence, wellbeing — to rate something new, add its name to vocabularies.scores "
          "(or, for partners' own, vocabularies.partner_scores) in vfi.yaml");
    // A partners' own score is one a form may fill too.
    CHECK(mistake(head + "columns:\n  Q: scores.wellbeing\n") == "no error");
    CHECK(mistake(head + "columns:\n  Q: how\n  R: how\n") ==
          "3 form.yaml:5: columns: two questions fill how — choose one; only barriers, enablers "
          "and themes take several questions");
    CHECK(mistake(head + "columns:\n  Q:\n    field: themes\n    values:\n      A: powr\n") ==
          "3 form.yaml:7: columns.values: 'powr' is not one of the themes — did you mean "
          "'power'? Or, to allow a new theme, add it to vocabularies.themes in vfi.yaml");
    CHECK(mistake(head + "columns:\n  Q:\n    field: scores.confidence_coproduction\n"
                         "    values:\n      Very: 11\n") ==
          "3 form.yaml:7: columns.values: '11' is not a score from 1 to 10 — write a whole "
          "number from 1 to 10");
    CHECK(mistake("form: Baseline 2024\nservice: microsoft\ncolumns:\n  Q: how\n") ==
          "3 form.yaml:1: form: 'Baseline 2024' is not a tag — write lower-case words joined by "
          "dashes, e.g. baseline-2024");
    CHECK(mistake("form: f\nservice: typeform\ncolumns:\n  Q: how\n") ==
          "3 form.yaml:2: service: 'typeform' is not a service vfi knows — write microsoft or "
          "google, or leave it out and name the columns yourself");
    CHECK(mistake("form: f\ndates: day-first\ncolumns:\n  Q: how\n") ==
          "3 form.yaml:1: email: the map file does not say which column has the email — add "
          "`email: COLUMN`, or `service: microsoft` or `service: google`");
    CHECK(mistake("- form\n") ==
          "3 form.yaml:1: expected `key: value` lines — write the map file as in docs/format.md "
          "(Map files of online forms)");
}

TEST_CASE("timestamps: Microsoft's short US form, Google's UK and US forms, and ISO") {
    CHECK(moment("3/18/24 9:41:07", DateOrder::month_first) == "2024-03-18 2024-03-18T09:41:07");
    CHECK(moment("3/18/2024 9:41:07", DateOrder::month_first) == "2024-03-18 2024-03-18T09:41:07");
    CHECK(moment("18/03/2024 09:41:07", DateOrder::day_first) == "2024-03-18 2024-03-18T09:41:07");
    CHECK(moment("2024-03-18 09:41:07", DateOrder::day_first) == "2024-03-18 2024-03-18T09:41:07");
    CHECK(moment("3/18/2024 9:41 PM", DateOrder::month_first) == "2024-03-18 2024-03-18T21:41:00");
    CHECK(moment("3/18/2024 12:05:00 AM", DateOrder::month_first) ==
          "2024-03-18 2024-03-18T00:05:00");
    CHECK(moment("3/18/2024 9:41:07", DateOrder::day_first) == "none");  // no 18th month
    CHECK(moment("2/30/2024 9:41:07", DateOrder::month_first) == "none");
    CHECK(moment("3/18/2024 25:00", DateOrder::month_first) == "none");
    CHECK(moment("yesterday", DateOrder::month_first) == "none");
    CHECK(moment("3/18/024 9:41", DateOrder::month_first) == "none");
}
