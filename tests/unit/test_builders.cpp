// The report builders (src/report/*.cpp): real figures worked out by hand on small fictional
// programmes, and small counts of people hidden where a builder applies disclosure control.
#include <doctest/doctest.h>

#include "records_dir.hpp"
#include "vfi/base/text.hpp"
#include "vfi/ops/pay.hpp"
#include "vfi/report/builders.hpp"

using namespace vfi;

namespace {

// Every cell of a table, a row a line, cells joined by `|`.
std::string rows(const Table& t) {
    std::string out;
    for (const auto& row : t.rows) {
        for (std::size_t i = 0; i < row.size(); ++i)
            out += (i ? "|" : "") + row[i];
        out += "\n";
    }
    return out;
}

const ReportSection& section(const Report& r, const std::string& heading) {
    for (const auto& s : r.sections)
        if (s.heading == heading) return s;
    FAIL("no section " << heading);
    throw;
}

const Table& table(const Report& r, const std::string& heading, std::size_t n = 0) {
    const auto& s = section(r, heading);
    REQUIRE(n < s.tables.size());
    return s.tables[n].table;
}

const Disclosure exact(DisclosureControl::none, ProgrammeKey{});
const Disclosure nhs(DisclosureControl::nhs,
                     ProgrammeKey{*parse_secret_key("000102030405060708090a0b0c0d0e0f"),
                                  ProgrammeKey::Source::settings});

// A published count of a handful of people: hidden (`*`) or 0, never the number itself.
bool hidden(const std::string& figure) {
    return figure == "*" || figure == "0";
}

const ReportScope first_quarter{Date{2024, 1, 1}, Date{2024, 3, 31}, "", ""};

}  // namespace

TEST_CASE("builders: hours to the tenth, pay to the penny, the rate in force on a day") {
    CHECK(hours_to_tenth(45) == "0.8");
    CHECK(hours_to_tenth(195) == "3.3");  // 3.25 hours, halves up
    CHECK(pay_for_minutes(45, 2500) == 1875);
    CHECK(pay_for_minutes(1, 30) == 1);  // half a penny, up
    CHECK(pay_for_minutes(1, 29) == 0);
    std::vector<PaymentRate> rates = {{Date{2024, 3, 1}, 6000, 0, 2050},
                                      {Date{2024, 1, 1}, 5000, 30, 2500}};
    CHECK(rate_on(rates, Date{2023, 12, 31}) == nullptr);
    CHECK(rate_on(rates, Date{2024, 2, 29})->session_pence == 5000);
    CHECK(rate_on(rates, Date{2024, 3, 1})->session_pence == 6000);
}

namespace {

const std::string rates =
    "payments:\n  rates:\n"
    "    - {from: 2024-01-01, session: 50, prep_minutes: 30, hourly: 25}\n"
    "    - {from: 2024-03-01, session: 60, prep_minutes: 0, hourly: 20.50}\n";

test::RecordsDir paid_programme(const std::string& settings) {
    test::RecordsDir data(settings);
    data.partner("P-AAAAAA", "payment:\n  eligible: true\n");
    data.partner("P-BBBBBB", "payment:\n  eligible: false\n");
    data.partner("P-CCCCCC", "");  // eligibility not recorded
    data.leader("L-AAAAAA", "organisation: Org A\n", "matched");
    data.leader("L-BBBBBB", "organisation: Org B\n", "matched");
    data.match("M-AAAAAA", "P-AAAAAA", "L-AAAAAA", "active");
    data.match("M-BBBBBB", "P-BBBBBB", "L-BBBBBB", "active");
    data.session("S-AAAAA1", "match: M-AAAAAA\ndate: 2024-02-10\nminutes: 60\nstatus: held\n");
    data.session("S-AAAAA2", "match: M-AAAAAA\ndate: 2024-03-05\nminutes: 60\nstatus: held\n");
    data.session("S-AAAAA3", "match: M-AAAAAA\ndate: 2024-02-20\nstatus: cancelled\n");
    data.session("S-AAAAA4", "match: M-AAAAAA\ndate: 2024-02-25\nstatus: no-show\n");
    data.session("S-AAAAA5", "match: M-AAAAAA\ndate: 2023-12-20\nstatus: held\n");  // no rate
    data.session("S-BBBBB1", "match: M-BBBBBB\ndate: 2024-02-11\nstatus: held\n");
    data.session("S-CCCCC1",
                 "type: advisory-group\npartners: [P-AAAAAA, P-CCCCCC]\n"
                 "date: 2024-02-12\nminutes: 45\nstatus: held\n");
    data.session("S-CCCCC3",
                 "type: advisory-group\npartners: [P-AAAAAA]\ndate: 2024-02-14\n"
                 "minutes: 60\nstatus: cancelled\n");
    data.session("S-CCCCC2",
                 "type: co-design\npartners: [P-AAAAAA]\ndate: 2024-03-10\n"
                 "status: held\n");  // no minutes
    return data;
}

}  // namespace

TEST_CASE("builders: payments at the rate of each day, what is not paid, and why") {
    auto data = paid_programme(rates);
    test::Loaded x(data);
    ReportScope scope{Date{2023, 12, 1}, Date{2024, 3, 31}, "", ""};
    Report r = build_payments(x.store, x.programme, scope);
    // £50 + 30 minutes' preparation at £25 (£12.50), £60 at the March rate, 45 minutes of an
    // advisory group at £25 an hour (£18.75): £141.25.
    CHECK(rows(table(r, "Owed to each partner")) ==
          "P-AAAAAA|Partner AAAAAA|2|0.50|0.75|0.00|141.25\ntotal|1 "
          "partner|2|0.50|0.75|0.00|141.25\n");
    CHECK(rows(table(r, "Every payment line")) ==
          "2024-02-10|S-AAAAA1|P-AAAAAA|coaching|session||50.00 a session|50.00\n"
          "2024-02-10|S-AAAAA1|P-AAAAAA|coaching|preparation|30|25.00 an hour|12.50\n"
          "2024-02-12|S-CCCCC1|P-AAAAAA|advisory-group|involvement|45|25.00 an hour|18.75\n"
          "2024-03-05|S-AAAAA2|P-AAAAAA|coaching|session||60.00 a session|60.00\n");
    REQUIRE(r.flat_csv);
    CHECK(rows(*r.flat_csv) ==
          "2023-12-01|2024-03-31|P-AAAAAA|Partner AAAAAA|2|30|45|0.00|141.25|GBP\n");
    CHECK(section(r, "Not paid").paragraphs.at(0) ==
          "Cancelled sessions not paid: 2. No-shows not paid: 1.");
    CHECK(rows(table(r, "Not paid")) ==
          "P-BBBBBB|Partner BBBBBB|1|not eligible for payment (payment.eligible: false)\n"
          "P-CCCCCC|Partner CCCCCC|1|eligibility not recorded (see Needs attention before "
          "paying)\n");
    CHECK(rows(table(r, "Rates")) == "2024-01-01|50.00|30|25.00\n2024-03-01|60.00|0|20.50\n");
    REQUIRE(r.warnings.size() == 3);
    CHECK(r.warnings[0] ==
          "S-AAAAA5 on 2023-12-20 is not paid: no payment rate is in force on that date — add a "
          "rate starting on or before 2023-12-20 under payments.rates in vfi.yaml.");
    CHECK(r.warnings[1] ==
          "S-CCCCC2 (co-design on 2024-03-10) is not paid: it has no minutes, and involvement is "
          "paid by the hour — record them with `vfi session set S-CCCCC2 minutes=90`.");
    CHECK(r.warnings[2] ==
          "P-CCCCCC is not paid for 1 activity from 2024-02-01 to 2024-03-31: payment.eligible is "
          "not recorded — "
          "record it with `vfi partner set P-CCCCCC payment.eligible=true`, or "
          "`payment.eligible=false` if they are not paid.");
    CHECK(section(r, "Needs attention before paying").paragraphs == r.warnings);
}

TEST_CASE("builders: payments pay a late cancellation when vfi.yaml says so") {
    auto data = paid_programme(rates + "  late_cancellations: true\n");
    test::Loaded x(data);
    Report r = build_payments(x.store, x.programme, first_quarter);
    // The cancelled session of 2024-02-20 adds £50 and £12.50 of preparation; a cancelled
    // advisory group, paid by the hour, is still not paid.
    std::string owed = rows(table(r, "Owed to each partner"));
    CHECK(owed.starts_with("P-AAAAAA|Partner AAAAAA|3|1.00|0.75|0.00|203.75\n"));
    std::string lines = rows(table(r, "Every payment line"));
    CHECK(
        lines.find("|S-AAAAA3|P-AAAAAA|coaching|session (cancelled late)||50.00 a session|50.00\n"
                   "2024-02-20|S-AAAAA3|P-AAAAAA|coaching|preparation|30|25.00 an hour|12.50\n") !=
        std::string::npos);
    CHECK(section(r, "Not paid").paragraphs.at(0) ==
          "Cancelled sessions not paid: 1. No-shows not paid: 1.");
}

TEST_CASE("builders: activity month by month, and for one cohort") {
    test::RecordsDir data;
    data.partner("P-AAAAAA", "capacity: 3\n");
    data.leader("L-AAAAAA", "organisation: Org A\ncohort: north\nenquired: 2024-01-05\n",
                "matched");
    data.leader("L-BBBBBB", "organisation: Org B\nenquired: 2024-02-10\n", "matched");
    data.leader("L-CCCCCC", "organisation: Org C\nenquired: 2023-12-01\n");
    data.match("M-AAAAAA", "P-AAAAAA", "L-AAAAAA", "active",
               "proposed: 2024-01-10\nstarted: 2024-01-20\n");
    data.match("M-BBBBBB", "P-AAAAAA", "L-BBBBBB", "ended",
               "proposed: 2024-01-10\nstarted: 2024-01-15\nended: 2024-02-29\n");
    data.match("M-CCCCCC", "P-AAAAAA", "L-CCCCCC", "proposed");
    data.session("S-A00001", "match: M-AAAAAA\ndate: 2024-01-25\nminutes: 60\nstatus: held\n");
    data.session("S-A00002", "match: M-AAAAAA\ndate: 2024-02-20\nminutes: 45\nstatus: held\n");
    data.session("S-B00001", "match: M-BBBBBB\ndate: 2024-02-20\nminutes: 90\nstatus: held\n");
    data.session("S-A00003", "match: M-AAAAAA\ndate: 2024-03-05\nstatus: cancelled\n");
    data.session("S-A00004", "match: M-AAAAAA\ndate: 2024-03-20\nminutes: 60\nstatus: held\n");
    data.session("S-C00001",
                 "type: advisory-group\npartners: [P-AAAAAA]\ndate: 2024-03-10\n"
                 "minutes: 120\nstatus: held\n");
    test::Loaded x(data);
    // Up to the middle of March: its running matches are counted on the 15th.
    ReportScope scope{Date{2024, 1, 1}, Date{2024, 3, 15}, "", ""};
    Report r = build_activity(x.store, x.programme, scope);
    // M-BBBBBB ended on the last day of February: not running at its end.
    CHECK(rows(table(r, "Month by month")) ==
          "2024-01|1|2|1|1.0|0.0|2|0\n"
          "2024-02|1|0|2|2.3|0.0|1|0\n"
          "2024-03|0|0|0|0.0|2.0|1|0\n"
          "total|2|2|3|3.3|2.0||\n");
    REQUIRE(r.flat_csv);
    CHECK(r.flat_csv->rows.size() == 3);  // no total row for a spreadsheet
    CHECK(r.sections.at(0).charts.at(0).series.at(0).values == std::vector<double>{1, 2, 0});

    scope.cohort = "north";
    r = build_activity(x.store, x.programme, scope);
    CHECK(rows(table(r, "Month by month")) ==
          "2024-01|1|1|1|1.0|0.0|1|0\n"
          "2024-02|0|0|1|0.8|0.0|1|0\n"
          "2024-03|0|0|0|0.0|0.0|1|0\n"
          "total|1|1|2|1.8|0.0||\n");
}

namespace {

// `history:` lines from "DATE STATUS, DATE STATUS".
std::string history(const std::string& steps) {
    std::string out = "history:\n";
    for (const auto& step : split(steps, ',')) {
        auto parts = split(trim(step), ' ');
        out += "  - date: " + parts.at(0) + "\n    status: " + parts.at(1) + "\n";
    }
    return out;
}

}  // namespace

// A programme entered from its past: every figure "in the period" or "at its end" is what the
// records' histories say of that time, not where the records are today.
TEST_CASE("builders: a past period is reported as the histories tell it") {
    test::RecordsDir data;
    const std::string consented = "consent:\n  equality: true\nequality:\n  gender: woman\n";
    data.partner("P-AAAAAA",
                 consented + history("2020-03-02 enquiry, 2020-04-01 training, 2020-06-01 active, "
                                     "2021-01-10 paused, 2021-03-01 active"));
    data.partner("P-BBBBBB", consented + history("2026-01-05 enquiry"), "enquiry");
    data.partner("P-CCCCCC", consented + "joined: 2019-01-01\nleft: 2020-05-01\n", "alumni");
    data.partner("P-DDDDDD", consented + "joined: 2019-01-01\nleft: 2020-03-31\n", "alumni");
    data.leader("L-AAAAAA",
                "organisation: A\n" + history("2020-05-01 enquiry, 2020-05-05 waiting, 2020-07-01 "
                                              "matched, 2021-02-01 completed"),
                "completed");
    data.match("M-AAAAAA", "P-AAAAAA", "L-AAAAAA", "completed",
               "proposed: 2020-06-20\nstarted: 2020-07-01\nended: 2021-02-01\n" +
                   history("2020-06-20 proposed, 2020-07-01 active, 2020-10-01 paused, "
                           "2020-12-01 active, 2021-02-01 completed"));
    test::Loaded x(data);
    ReportScope scope{Date{2020, 4, 1}, Date{2020, 11, 30}, "", ""};

    Report r = build_summary(x.store, x.programme, scope, exact);
    CHECK(rows(table(r, "Lived Experience Partners")) ==
          "enquiry|0\ntraining|0\nactive|1\npaused|0\nalumni|2\nwithdrawn|0\n");
    CHECK(rows(table(r, "Lived Experience Partners", 1)) ==
          "completed training|0\nbecame active|1\nleft|1\n");
    CHECK(rows(table(r, "Senior leaders")) == "(no cohort)|0|0|1|0|0|1\n");
    CHECK(rows(table(r, "Matches")) ==
          "made (proposed in the period)|1\nactive at the end of the period|0\n"
          "paused at the end of the period|1\ncompleted in the period|0\n"
          "ended early in the period|0\n");

    // In the programme during the period: P-AAAAAA, and P-CCCCCC until May; not P-BBBBBB,
    // who enquired in 2026, nor P-DDDDDD, who left the day before it began.
    Report e = build_equality(x.store, x.programme, scope, exact);
    CHECK(section(e, "Who is counted")
              .paragraphs.at(0)
              .find("being counted: 2. Partners who did not consent are not counted: 0.") !=
          std::string::npos);

    Report a = build_activity(x.store, x.programme,
                              ReportScope{Date{2020, 6, 1}, Date{2020, 12, 31}, "", ""});
    CHECK(rows(table(a, "Month by month")) ==
          "2020-06|0|0|0|0.0|0.0|0|0\n"
          "2020-07|0|1|0|0.0|0.0|1|0\n"
          "2020-08|0|0|0|0.0|0.0|1|0\n"
          "2020-09|0|0|0|0.0|0.0|1|0\n"
          "2020-10|0|0|0|0.0|0.0|1|1\n"
          "2020-11|0|0|0|0.0|0.0|1|1\n"
          "2020-12|0|0|0|0.0|0.0|1|0\n"
          "total|0|1|0|0.0|0.0||\n");
}

namespace {

test::RecordsDir summary_programme() {
    test::RecordsDir data;
    data.partner("P-AAAAAA", "joined: 2024-02-01\ncapacity: 4\n");
    data.partner("P-BBBBBB", "joined: 2022-02-01\nleft: 2024-03-01\n", "alumni");
    data.partner("P-CCCCCC", "", "training");
    data.leader("L-AAAAAA", "organisation: A\ncohort: north\nenquired: 2024-01-01\n", "matched");
    data.leader("L-BBBBBB", "organisation: B\ncohort: north\nenquired: 2024-01-20\n");
    data.leader("L-CCCCCC", "organisation: C\n");
    data.leader("L-DDDDDD", "organisation: D\nleft: 2024-02-28\n", "completed");
    data.match("M-AAAAAA", "P-AAAAAA", "L-AAAAAA", "active",
               "proposed: 2024-01-25\nstarted: 2024-02-01\n");
    data.match("M-BBBBBB", "P-AAAAAA", "L-CCCCCC", "ended",
               "proposed: 2023-11-01\nstarted: 2023-11-10\nended: 2024-04-01\n"
               "end_category: not-a-good-fit\nend_reason: Did not get on\n");
    data.match("M-CCCCCC", "P-AAAAAA", "L-BBBBBB", "ended",
               "proposed: 2024-02-01\nended: 2024-02-10\n");
    data.match("M-DDDDDD", "P-BBBBBB", "L-DDDDDD", "completed",
               "proposed: 2023-01-01\nstarted: 2023-01-02\nended: 2024-02-28\n");
    data.session("S-A00001", "match: M-AAAAAA\ndate: 2024-02-08\nminutes: 60\nstatus: held\n");
    data.session("S-A00002", "match: M-AAAAAA\ndate: 2024-03-01\nminutes: 90\nstatus: held\n");
    data.session("S-A00003", "match: M-AAAAAA\ndate: 2024-04-01\nstatus: no-show\n");
    data.session("S-A00004",
                 "match: M-AAAAAA\ndate: 2024-05-01\nstatus: cancelled\n"
                 "cancel_category: rescheduled\ncancel_reason: Away\n");
    data.session("S-C00001",
                 "type: advisory-group\npartners: [P-AAAAAA]\ndate: 2024-03-15\n"
                 "minutes: 120\nstatus: held\n");
    return data;
}

}  // namespace

TEST_CASE("builders: the summary's figures, and why matches ended early by category") {
    auto data = summary_programme();
    test::Loaded x(data);
    ReportScope half{Date{2024, 1, 1}, Date{2024, 6, 30}, "", ""};
    Report r = build_summary(x.store, x.programme, half, exact);
    CHECK(rows(table(r, "Lived Experience Partners")) ==
          "enquiry|0\ntraining|1\nactive|1\npaused|0\nalumni|1\nwithdrawn|0\n");
    CHECK(rows(table(r, "Lived Experience Partners", 1)) ==
          "completed training|0\nbecame active|1\nleft|1\n");
    CHECK(rows(table(r, "Senior leaders")) == "(no cohort)|0|1|0|1|0|2\nnorth|0|1|1|0|0|2\n");
    CHECK(section(r, "Senior leaders")
              .paragraphs.at(0)
              .starts_with("Median days from a leader's enquiry to the start of their match: 31 "));
    CHECK(rows(table(r, "Matches")) ==
          "made (proposed in the period)|2\nactive at the end of the period|1\n"
          "paused at the end of the period|0\ncompleted in the period|1\n"
          "ended early in the period|2\n");
    CHECK(rows(table(r, "Matches", 1)) ==
          "goals-met-early|0\nleader-changed-role|0\nleader-withdrew|0\npartner-withdrew|0\n"
          "personal-circumstances|0\nnot-a-good-fit|1\norganisational-change|0\nother|0\n"
          "not categorised|1\n");
    CHECK(section(r, "Matches").paragraphs.at(0) ==
          "Median days from the start of a match to its first session: 7.");
    CHECK(rows(table(r, "Sessions")) ==
          "held|2\ncancelled|1\nno-show|1\nhours of coaching|2.5\nattendance|67%\n");
    CHECK(rows(table(r, "Sessions", 1)).find("rescheduled|1\n") != std::string::npos);
    CHECK(rows(table(r, "Sessions", 3)) == "advisory-group|2.0|2.0\n");

    // Under NHS Digital's rule the categories, counts of a few, are hidden; the counts of
    // sessions stay exact, and the reasons in words appear nowhere.
    Report controlled = build_summary(x.store, x.programme, half, nhs);
    for (const auto& row : table(controlled, "Matches", 1).rows)
        CHECK_MESSAGE(hidden(row[1]), row[0] << " shows " << row[1]);
    for (const auto& row : table(controlled, "Sessions", 1).rows)
        CHECK_MESSAGE(hidden(row[1]), row[0] << " shows " << row[1]);
    CHECK(rows(table(controlled, "Sessions")).starts_with("held|2\n"));
    for (const auto& s : controlled.sections)
        for (const auto& t : s.tables)
            CHECK(rows(t.table).find("Did not get on") == std::string::npos);
}

TEST_CASE("builders: equality counts only partners who consented, and hides small counts") {
    test::RecordsDir data;
    auto partner = [&](const std::string& id, const std::string& consent,
                       const std::string& answers, const std::string& more = "") {
        data.partner(id, more + "consent:\n  equality: " + consent + "\nequality:\n" + answers);
    };
    partner("P-AAAAAA", "true", "  gender: woman\n  age_band: \"45-54\"\n  imd_decile: 1\n");
    partner("P-BBBBBB", "true", "  gender: man\n  imd_decile: 2\n");
    partner("P-CCCCCC", "true", "  gender: woman\n  imd_decile: 7\n");
    partner("P-DDDDDD", "false", "  gender: woman\n  imd_decile: 1\n");
    data.partner("P-EEEEEE",
                 "joined: 2022-02-01\nleft: 2023-06-01\nconsent:\n  equality: true\nequality:\n"
                 "  gender: man\n",
                 "withdrawn");
    test::Loaded x(data);
    ReportScope year{Date{2024, 1, 1}, Date{2024, 12, 31}, "", ""};
    Report r = build_equality(x.store, x.programme, year, exact);
    CHECK(section(r, "Who is counted")
              .paragraphs.at(0)
              .find("consented to their equality "
                    "monitoring answers being counted: "
                    "3. Partners who did not consent "
                    "are not counted: 1.") != std::string::npos);
    const auto& answers = section(r, "Partners by equality monitoring answer");
    REQUIRE(answers.tables.size() == 5);
    CHECK(answers.tables[2].title == "Gender");
    CHECK(rows(answers.tables[2].table) ==
          "woman|2\nman|1\nnon-binary|0\nother|0\nprefer-not-to-say|0\nnot answered|0\n");
    CHECK(rows(answers.tables[0].table).find("45-54|1\n") != std::string::npos);
    CHECK(rows(answers.tables[0].table).ends_with("not answered|2\n"));
    CHECK(rows(table(r, "Deprivation")) == "1|1\n2|1\n3|0\n4|0\n5|0\n6|0\n7|1\n8|0\n9|0\n10|0\n");
    CHECK(section(r, "Deprivation").paragraphs.at(0) ==
          "From the most deprived 20% of areas (Core20, deciles 1 and 2): 67%.");

    Report controlled = build_equality(x.store, x.programme, year, nhs);
    for (const auto& t : section(controlled, "Partners by equality monitoring answer").tables)
        for (const auto& row : t.table.rows)
            CHECK_MESSAGE(hidden(row[1]), t.title << ": " << row[0] << " shows " << row[1]);
    CHECK(section(controlled, "Deprivation").paragraphs.at(0).find("67%") == std::string::npos);
}

TEST_CASE("builders: learning shows the 5 Ps first, consented quotes, and ratings of 5 or more") {
    test::RecordsDir data("vocabularies:\n  themes: [trust]\n");
    data.reflection("R-A00001",
                    "date: 2024-01-10\nby: L-BBBBBB\nstage: baseline\nscores: {confidence: 4}\n");
    data.reflection("R-A00002",
                    "date: 2024-02-10\nby: L-BBBBBB\nstage: end\nthemes: [trust, "
                    "power]\nquotes:\n  - {text: It changed how I listen, consent: "
                    "true}\n  - {text: Never quote me, consent: false}\n"
                    "scores: {confidence: 8}\n");
    data.reflection("R-B00001",
                    "date: 2024-01-12\nby: L-AAAAAA\nstage: baseline\nscores: {confidence: 6}\n");
    data.reflection("R-B00002",
                    "date: 2024-03-01\nby: L-AAAAAA\nstage: end\nthemes: [trust, "
                    "people]\nscores: {confidence: 5}\n");
    data.reflection("R-C00001",
                    "date: 2024-03-02\nby: learning-partner\nstage: ad-hoc\n"
                    "changing: Leaders ask who is missing\nhow: Partners ask first\n"
                    "why: It became normal\nthemes: [trust]\n");
    test::Loaded x(data);
    // A programme begun long before: the quarter is compared with the 91 days before it.
    ReportScope since_2022 = first_quarter;
    since_2022.began = Date{2022, 1, 1};
    Report r = build_learning(x.store, Programme(x.store), since_2022, exact);
    CHECK(rows(table(r, "Themes")) == "people|1|0|rising\npower|1|0|rising\ntrust|3|0|rising\n");
    CHECK(section(r, "Themes").tables.at(0).note ==
          "\"before\" counts the 91 days just before the period.");
    // Begun in the quarter: nothing before it to compare with, so no trend at all.
    Report fresh = build_learning(x.store, Programme(x.store), first_quarter, exact);
    CHECK(rows(table(fresh, "Themes")) == "people|1\npower|1\ntrust|3\n");
    CHECK(rows(table(r, "What is changing, how, and why")) ==
          "2024-03-02|ad-hoc|Leaders ask who is missing|Partners ask first|It became normal\n");
    CHECK(rows(table(r, "In their words")) == "2024-02-10|It changed how I listen\n");
    // Two leaders: 4 -> 8 and 6 -> 5, exactly without disclosure control ...
    CHECK(rows(table(r, "Self-ratings from baseline to end")) == "confidence|2|1|5.0|6.5|+1.5\n");
    // ... and nothing at all from fewer than 5 people with it.
    Report controlled = build_learning(x.store, Programme(x.store), first_quarter, nhs);
    CHECK(rows(table(controlled, "Self-ratings from baseline to end")) == "confidence|*|*|*|*|*\n");
}

// People supported, not only sessions; a panel's hours counted once as hours and once per
// partner as person-hours.
TEST_CASE("builders: the summary opens with people supported and person-hours") {
    test::RecordsDir data;
    for (const char* id : {"P-AAAAAA", "P-BBBBBB", "P-CCCCCC"})
        data.partner(id, "capacity: 2\n");
    data.leader("L-AAAAAA", "organisation: A\n", "matched");
    data.leader("L-BBBBBB", "organisation: B\n", "matched");
    data.match("M-AAAAAA", "P-AAAAAA", "L-AAAAAA", "active", "started: 2024-01-05\n");
    data.match("M-BBBBBB", "P-BBBBBB", "L-BBBBBB", "active", "started: 2024-01-05\n");
    data.session("S-AAAAA1", "match: M-AAAAAA\ndate: 2024-01-10\nminutes: 60\nstatus: held\n");
    data.session("S-AAAAA2", "match: M-AAAAAA\ndate: 2024-02-10\nminutes: 90\nstatus: held\n");
    data.session("S-BBBBB1", "match: M-BBBBBB\ndate: 2024-02-12\nminutes: 60\nstatus: no-show\n");
    data.session("S-PPPPP1",
                 "type: interview-panel\npartners: [P-AAAAAA, P-BBBBBB, P-CCCCCC]\n"
                 "date: 2024-03-01\nminutes: 480\nstatus: held\n");
    // A paid contributor who is not a partner: their hours are person-hours, they are no
    // partner figure.
    data.partner("P-DDDDDD", "contributor: true\n");
    data.session("S-PPPPP2",
                 "type: advisory-group\npartners: [P-DDDDDD]\n"
                 "date: 2024-03-02\nminutes: 60\nstatus: held\n");
    test::Loaded x(data);
    ReportScope scope{Date{2024, 1, 1}, Date{2024, 3, 31}, "", ""};
    Report r = build_summary(x.store, x.programme, scope, exact);
    REQUIRE(r.sections.front().heading == "At a glance");
    CHECK(r.sections.front().headline);
    // One leader coached (twice); all three partners took part, two only in the panel.
    CHECK(rows(table(r, "At a glance")) ==
          "partners active at the end of the period|3\npartners who took part in a session|3\n"
          "leaders coached (a coaching session held)|1\ncoaching sessions held|2\n"
          "hours of coaching|2.5\nmatches completed|0\nattendance|67%\n"
          "hours of other involvement|9.0\nperson-hours of other involvement|25.0\n");
    CHECK(rows(table(r, "Sessions", 1)) == "2024-01|1\n2024-02|1\n2024-03|0\n");
    CHECK(rows(table(r, "Sessions", 2)) == "advisory-group|1.0|1.0\ninterview-panel|8.0|24.0\n");
    // Charts a board reads: partners by status, matches by outcome, sessions each month.
    const auto& sessions = section(r, "Sessions");
    REQUIRE(sessions.charts.size() == 1);
    CHECK(sessions.charts[0].labels == std::vector<std::string>{"2024-01", "2024-02", "2024-03"});
    CHECK(sessions.charts[0].series[0].values == std::vector<double>{1, 1, 0});
    CHECK(section(r, "Lived Experience Partners").charts.size() == 1);
    CHECK(section(r, "Matches").charts.at(0).labels.size() == 4);
}
