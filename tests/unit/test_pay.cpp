// Payment runs (ops/pay) and money (base/money): what a month's run pays when earlier runs
// paid some of it, worked out by hand on a small fictional programme.
#include <doctest/doctest.h>

#include "records_dir.hpp"
#include "vfi/base/money.hpp"
#include "vfi/ops/pay.hpp"

using namespace vfi;

TEST_CASE("money: pounds and pence read exactly, never as a float") {
    CHECK(parse_pence("50") == 5000);
    CHECK(parse_pence("12.5") == 1250);
    CHECK(parse_pence("12.50") == 1250);
    CHECK(parse_pence("0.07") == 7);
    CHECK(parse_pence("-62.50") == -6250);
    for (const char* bad :
         {"", "-", ".5", "5.", "1.234", "1e3", "01", "£5", "5 ", "1,000", "1234567890"})
        CHECK_MESSAGE(!parse_pence(bad), bad);
    CHECK(money_text(1234) == "12.34");
    CHECK(money_text(-50) == "-0.50");
    CHECK(money_text(0) == "0.00");
    CHECK(parse_pence(money_text(-987654321)) == -987654321);
}

namespace {

// One paid partner, coached from 2024-01-02 at £50 a session plus 30 minutes at £25.
test::RecordsDir run_programme() {
    test::RecordsDir data(
        "payments:\n  rates:\n"
        "    - {from: 2024-01-01, session: 50, prep_minutes: 30, hourly: 25}\n");
    data.partner("P-AAAAAA", "payment:\n  eligible: true\n");
    data.leader("L-AAAAAA", "organisation: Org A\n", "matched");
    data.match("M-AAAAAA", "P-AAAAAA", "L-AAAAAA", "active",
               "proposed: 2024-01-01\nstarted: 2024-01-02\n");
    return data;
}

// January as paid: S-AAAAA1's session and preparation.
PaymentRun january() {
    PaymentRun run;
    run.id = "Y-AAAAAA";
    run.month = Date{2024, 1, 1};
    run.closed = Date{2024, 2, 1};
    run.lines = {{.session = "S-AAAAA1",
                  .partner = "P-AAAAAA",
                  .date = Date{2024, 1, 10},
                  .item = PayItem::session,
                  .minutes = 0,
                  .rate = 5000,
                  .pence = 5000},
                 {.session = "S-AAAAA1",
                  .partner = "P-AAAAAA",
                  .date = Date{2024, 1, 10},
                  .item = PayItem::preparation,
                  .minutes = 30,
                  .rate = 2500,
                  .pence = 1250}};
    return run;
}

std::string lines(const MonthRun& run) {
    std::string out;
    for (const auto& [l, why] : run.lines)
        out += l.session + " " + std::string(word(l.item)) + " " + money_text(l.pence) + " " +
               std::string(run_why_words(why)) + "\n";
    return out;
}

}  // namespace

TEST_CASE("a run pays the month, what earlier months still owe, and adjustments") {
    auto data = run_programme();
    // Paid in January's run, and since found to have been cancelled.
    data.session("S-AAAAA1", "match: M-AAAAAA\ndate: 2024-01-10\nstatus: cancelled\n");
    // Logged after January was closed.
    data.session("S-AAAAA2", "match: M-AAAAAA\ndate: 2024-01-30\nminutes: 60\nstatus: held\n");
    data.session("S-AAAAA3", "match: M-AAAAAA\ndate: 2024-02-07\nminutes: 60\nstatus: held\n");
    // Before the first run's month: paid before vfi kept runs (and no rate would pay it).
    data.match("M-AAAAA0", "P-AAAAAA", "L-AAAAAA", "completed",
               "proposed: 2023-11-01\nstarted: 2023-11-02\nended: 2023-12-31\n");
    data.session("S-AAAAA0", "match: M-AAAAA0\ndate: 2023-12-20\nminutes: 60\nstatus: held\n");
    test::Loaded x(data);
    std::vector<PaymentRun> runs = {january()};
    MonthRun feb = month_run(x.programme, x.store.settings(), runs, Date{2024, 2, 1});
    CHECK_FALSE(feb.run);
    CHECK(lines(feb) ==
          "S-AAAAA1 session -50.00 adjustment to a paid session\n"
          "S-AAAAA1 preparation -12.50 adjustment to a paid session\n"
          "S-AAAAA2 session 50.00 owed from an earlier month\n"
          "S-AAAAA2 preparation 12.50 owed from an earlier month\n"
          "S-AAAAA3 session 50.00 this month\n"
          "S-AAAAA3 preparation 12.50 this month\n");
    // An adjustment is the change in minutes as in money: 30 minutes taken back at 25.00.
    CHECK(feb.lines[1].line.minutes == -30);
    CHECK(feb.lines[1].line.rate == 2500);
    // Nobody is overpaid over the run as a whole, so nothing needs attention.
    CHECK(feb.ledger.attention.empty());
    // January, closed, is what it paid, whatever changed since.
    MonthRun jan = month_run(x.programme, x.store.settings(), runs, Date{2024, 1, 1});
    REQUIRE(jan.run);
    CHECK(lines(jan) ==
          "S-AAAAA1 session 50.00 this month\n"
          "S-AAAAA1 preparation 12.50 this month\n");
}

TEST_CASE("a partner a run would pay less than nothing waits for a later run") {
    auto data = run_programme();
    data.session("S-AAAAA1", "match: M-AAAAAA\ndate: 2024-01-10\nstatus: cancelled\n");
    test::Loaded x(data);
    MonthRun feb = month_run(x.programme, x.store.settings(), {january()}, Date{2024, 2, 1});
    CHECK(feb.lines.empty());  // never a negative payment
    CHECK(feb.ledger.attention.empty());
    REQUIRE(feb.carried.size() == 1);
    CHECK(feb.carried[0].rfind("P-AAAAAA was overpaid by 62.50:", 0) == 0);
}

TEST_CASE("a paid session moved before the first run is not taken back") {
    auto data = run_programme();
    data.match("M-AAAAA0", "P-AAAAAA", "L-AAAAAA", "completed",
               "proposed: 2023-11-01\nstarted: 2023-11-02\nended: 2023-12-31\n");
    data.session("S-AAAAA1", "match: M-AAAAA0\ndate: 2023-12-20\nminutes: 60\nstatus: held\n");
    test::RecordsDir* d = &data;
    d->d.write("vfi.yaml",
               "vfi: 1\nprogramme: Test\nvocabularies:\n  scores: [confidence]\n"
               "payments:\n  rates:\n"
               "    - {from: 2023-01-01, session: 50, prep_minutes: 30, hourly: 25}\n");
    test::Loaded x(data);
    MonthRun feb = month_run(x.programme, x.store.settings(), {january()}, Date{2024, 2, 1});
    CHECK(lines(feb).empty());
}

TEST_CASE("a run never pays what an earlier run paid at the same amount") {
    auto data = run_programme();
    data.session("S-AAAAA1", "match: M-AAAAAA\ndate: 2024-01-10\nminutes: 60\nstatus: held\n");
    test::Loaded x(data);
    MonthRun feb = month_run(x.programme, x.store.settings(), {january()}, Date{2024, 2, 1});
    CHECK(feb.lines.empty());
    // Without January's run, the first run is February's, and January is before it.
    MonthRun alone = month_run(x.programme, x.store.settings(), {}, Date{2024, 2, 1});
    CHECK(alone.lines.empty());
}
