// What the reflections show (src/ops/learning.cpp): self-ratings from baseline to end, their
// summary, and how often each theme, barrier and enabler is named now and just before.
#include <doctest/doctest.h>

#include <cstdlib>

#include "records_dir.hpp"
#include "vfi/ops/learning.hpp"
#include "vfi/render/report.hpp"
#include "vfi/report/catalogue.hpp"
#include "vfi/store/cache.hpp"

using namespace vfi;

namespace {

std::string reflection(const std::string& date, const std::string& by, const std::string& stage,
                       const std::string& scores) {
    return "date: " + date + "\nby: " + by + "\nstage: " + stage + "\nscores: {" + scores + "}\n";
}

// Ratings of a partner, a leader, and a partner with a baseline only.
test::RecordsDir ratings() {
    test::RecordsDir data;
    // The first baseline and the last end count; a midpoint never does.
    data.reflection("R-A00001",
                    reflection("2023-01-10", "P-AAAAAA", "baseline", "confidence: 4, trust: 5"));
    data.reflection("R-A00002", reflection("2023-02-01", "P-AAAAAA", "baseline", "confidence: 9"));
    data.reflection("R-A00003", reflection("2023-04-01", "P-AAAAAA", "midpoint", "confidence: 1"));
    data.reflection("R-A00004", reflection("2023-06-01", "P-AAAAAA", "end", "confidence: 6"));
    data.reflection("R-A00005",
                    reflection("2023-09-01", "P-AAAAAA", "end", "confidence: 8, trust: 7"));
    data.reflection("R-B00001", reflection("2023-01-15", "L-AAAAAA", "baseline", "confidence: 6"));
    data.reflection("R-B00002", reflection("2023-07-01", "L-AAAAAA", "end", "confidence: 5"));
    data.reflection("R-C00001", reflection("2023-01-15", "P-CCCCCC", "baseline", "confidence: 3"));
    // Ratings of another stage are left out.
    data.reflection("R-D00001", reflection("2023-08-15", "P-CCCCCC", "ad-hoc", "confidence: 9"));
    return data;
}

std::string describe(const std::vector<ScoreChange>& changes) {
    std::string out;
    for (const auto& c : changes)
        out += c.score + " " + c.person + " " + std::to_string(c.baseline) + "->" +
               std::to_string(c.end) + "; ";
    return out;
}

}  // namespace

TEST_CASE("learning: each person's first baseline and last end rating, by score") {
    auto data = ratings();
    test::Loaded x(data);
    CHECK(describe(score_changes(x.store)) ==
          "confidence L-AAAAAA 6->5; confidence P-AAAAAA 4->8; trust P-AAAAAA 5->7; ");
    // Only end ratings in the period: L-AAAAAA's (2023-07-01) is before it.
    CHECK(describe(score_changes(x.store, Date{2023, 8, 1}, Date{2023, 12, 31})) ==
          "confidence P-AAAAAA 4->8; trust P-AAAAAA 5->7; ");
    CHECK(describe(score_changes(x.store, Date{2023, 6, 15}, Date{2023, 7, 31})) ==
          "confidence L-AAAAAA 6->5; ");
    CHECK(score_changes(x.store, Date{2024, 1, 1}, Date{2024, 12, 31}).empty());
}

// A report of a past period keeps the people whose end rating falls in it, even when a later
// end rating is recorded (a partner coaching a second leader gives a second one): P-AAAAAA's
// end rating of 2023-06-01 counts for January to August 2023 despite one of 2023-09-01.
TEST_CASE("learning: the last end rating within the period is used") {
    auto data = ratings();
    test::Loaded x(data);
    CHECK(describe(score_changes(x.store, Date{2023, 1, 1}, Date{2023, 8, 31})) ==
          "confidence L-AAAAAA 6->5; confidence P-AAAAAA 4->6; ");
}

TEST_CASE("learning: the summary of a score: people, improved, means and median change") {
    auto data = ratings();
    test::Loaded x(data);
    auto summary = summarise_scores(score_changes(x.store));
    REQUIRE(summary.size() == 2);
    CHECK(summary[0].score == "confidence");
    CHECK(summary[0].people == 2);
    CHECK(summary[0].improved == 1);
    CHECK(summary[0].mean_baseline == doctest::Approx(5.0));
    CHECK(summary[0].mean_end == doctest::Approx(6.5));
    CHECK(summary[0].mean_change == doctest::Approx(1.5));
    CHECK(summary[0].median_change == doctest::Approx(1.5));  // of +4 and -1
    CHECK(summary[1].score == "trust");
    CHECK(summary[1].people == 1);
    CHECK(summary[1].improved == 1);
    CHECK(summary[1].median_change == doctest::Approx(2.0));
    // Staying the same is not improving.
    auto same = summarise_scores({{"trust", "P-AAAAAA", 6, 6}, {"trust", "P-BBBBBB", 2, 9}});
    REQUIRE(same.size() == 1);
    CHECK(same[0].improved == 1);
    CHECK(same[0].mean_change == doctest::Approx(3.5));
    CHECK(summarise_scores({}).empty());
}

namespace {

test::RecordsDir mentions() {
    test::RecordsDir data;
    // April 2023 (30 days) and the 30 days before it, 2023-03-02 to 2023-03-31.
    data.reflection("R-A00001",
                    "date: 2023-04-05\nby: P-AAAAAA\nthemes: [power, people]\n"
                    "barriers: [Time]\nenablers: [A budget for payments]\n");
    data.reflection("R-A00002",
                    "date: 2023-04-30\nby: L-AAAAAA\nthemes: [power]\n"
                    "barriers: [Time, Papers sent late]\n");
    data.reflection("R-A00003", "date: 2023-03-02\nby: P-AAAAAA\nthemes: [people, patience]\n");
    data.reflection("R-A00004", "date: 2023-03-31\nby: L-AAAAAA\nbarriers: [Papers sent late]\n");
    // Outside both: the day before the earlier period, and the day after the period.
    data.reflection("R-A00005", "date: 2023-03-01\nby: P-AAAAAA\nthemes: [power]\n");
    data.reflection("R-A00006", "date: 2023-05-01\nby: P-AAAAAA\nthemes: [product]\n");
    return data;
}

// "what text now/before" for each mention, in order.
std::string describe(const std::vector<Mention>& mentions) {
    std::string out;
    for (const auto& m : mentions)
        out += m.what + " " + m.text + " " + std::to_string(m.now) + "/" +
               std::to_string(m.before) + "; ";
    return out;
}

}  // namespace

TEST_CASE("learning: themes, barriers and enablers named in the period and just before it") {
    auto data = mentions();
    test::Loaded x(data);
    CHECK(describe(count_mentions(x.store, Date{2023, 4, 1}, Date{2023, 4, 30}, "")) ==
          "theme power 2/0; theme people 1/1; theme patience 0/1; barrier Time 2/0; "
          "barrier Papers sent late 1/1; enabler A budget for payments 1/0; ");
    // One person's reflections only.
    CHECK(describe(count_mentions(x.store, Date{2023, 4, 1}, Date{2023, 4, 30}, "P-AAAAAA")) ==
          "theme people 1/1; theme power 1/0; theme patience 0/1; barrier Time 1/0; "
          "enabler A budget for payments 1/0; ");
    // A period of one day: the day before it is the earlier period.
    CHECK(describe(count_mentions(x.store, Date{2023, 3, 2}, Date{2023, 3, 2}, "")) ==
          "theme patience 1/0; theme people 1/0; theme power 0/1; ");
    CHECK(count_mentions(x.store, Date{2023, 4, 1}, Date{2023, 4, 30}, "P-ZZZZZZ").empty());
}

TEST_CASE("learning: the tables of reflect scores, means to one decimal and changes signed") {
    auto data = ratings();
    test::Loaded x(data);
    auto [people, overall] = score_tables(x.store);
    using Rows = std::vector<std::vector<std::string>>;
    CHECK(people.columns ==
          std::vector<std::string>{"score", "person", "name", "baseline", "end", "change"});
    // No name for a person whose record is not there (here: none is). Everyone's ratings: a
    // partner's own never added up with a leader's of the same name.
    CHECK(people.rows == Rows{{"confidence", "L-AAAAAA", "", "6", "5", "-1"},
                              {"confidence (partners)", "P-AAAAAA", "", "4", "8", "4"},
                              {"trust (partners)", "P-AAAAAA", "", "5", "7", "2"}});
    CHECK(overall.columns == std::vector<std::string>{"score", "people", "improved",
                                                      "mean_baseline", "mean_end", "mean_change",
                                                      "median_change"});
    CHECK(overall.rows == Rows{{"confidence", "1", "0", "6.0", "5.0", "-1.0", "-1.0"},
                               {"confidence (partners)", "1", "1", "4.0", "8.0", "+4.0", "+4.0"},
                               {"trust (partners)", "1", "1", "5.0", "7.0", "+2.0", "+2.0"}});
    // Means worked exactly: 4.25 shows as 4.3, and a change of nothing never as -0.0.
    std::vector<ScoreChange> four = {{"trust", "P-AAAAAA", 4, 4},
                                     {"trust", "P-BBBBBB", 4, 4},
                                     {"trust", "P-CCCCCC", 4, 4},
                                     {"trust", "P-DDDDDD", 5, 5}};
    auto s = summarise_scores(four);
    REQUIRE(s.size() == 1);
    CHECK(score_row(s[0]) ==
          std::vector<std::string>{"trust", "4", "0", "4.3", "4.3", "+0.0", "+0.0"});
    test::RecordsDir none;
    test::Loaded empty(none);
    CHECK(score_tables(empty.store).people.rows.empty());
    CHECK(score_tables(empty.store).overall.rows.empty());
}

TEST_CASE("learning: the table of reflect themes, each rising, falling or steady") {
    auto data = mentions();
    data.partner("P-AAAAAA", "capacity: 1\n");
    test::Loaded x(data);
    // One person's, named by the start of their id.
    auto [t, compared, first] =
        mention_trends(x.store, Date{2023, 4, 1}, Date{2023, 4, 30}, "p-aaa");
    CHECK(compared);
    CHECK(first == Date{2023, 3, 1});
    CHECK(t.columns == std::vector<std::string>{"kind", "text", "now", "before", "trend"});
    CHECK(t.rows == std::vector<std::vector<std::string>>{
                        {"theme", "people", "1", "1", "steady"},
                        {"theme", "power", "1", "0", "rising"},
                        {"theme", "patience", "0", "1", "falling"},
                        {"barrier", "Time", "1", "0", "rising"},
                        {"enabler", "A budget for payments", "1", "0", "rising"}});
    CHECK(mention_trends(x.store, Date{2023, 4, 1}, Date{2023, 4, 30}, "").table.rows.size() == 6);
    // The days before reach back past the first reflection: nothing to compare with, so no
    // trend, and only what was named in the period (patience, named only before, is not).
    auto since = mention_trends(x.store, Date{2023, 3, 15}, Date{2023, 4, 30}, "p-aaa");
    CHECK_FALSE(since.compared);
    CHECK(since.table.rows ==
          std::vector<std::vector<std::string>>{{"theme", "people", "1", "", ""},
                                                {"theme", "power", "1", "", ""},
                                                {"barrier", "Time", "1", "", ""},
                                                {"enabler", "A budget for payments", "1", "", ""}});
    CHECK(test::thrown([&] {
              mention_trends(x.store, Date{2023, 4, 1}, Date{2023, 4, 30}, "zzz");
          }) == "4 no partner or leader has the id 'zzz' — check the id, or give learning-partner");
}

TEST_CASE("learning: whose ratings, and one cohort's people, matches and sessions") {
    auto data = ratings();
    data.leader("L-AAAAAA", "organisation: Org A\ncohort: first\n", "matched");
    data.leader("L-BBBBBB", "organisation: Org B\ncohort: second\n", "matched");
    data.partner("P-AAAAAA", "capacity: 2\n");
    data.partner("P-CCCCCC", "capacity: 2\n");
    data.match("M-AAAAAA", "P-CCCCCC", "L-BBBBBB", "active");
    data.session("S-AAAAAA", "match: M-AAAAAA\ndate: 2023-02-01\nminutes: 60\nstatus: held\n");
    // The Learning Partner's ratings are no one's own change: never among anyone's.
    data.reflection("R-E00001",
                    reflection("2023-01-10", "learning-partner", "baseline", "confidence: 2"));
    data.reflection("R-E00002",
                    reflection("2023-06-10", "learning-partner", "end", "confidence: 9"));
    test::Loaded x(data);
    CHECK(describe(score_changes(x.store, ScoreFilter{})) ==
          "confidence L-AAAAAA 6->5; confidence P-AAAAAA 4->8; trust P-AAAAAA 5->7; ");
    ScoreFilter leaders{.who = Raters::leaders};
    CHECK(describe(score_changes(x.store, leaders)) == "confidence L-AAAAAA 6->5; ");
    ScoreFilter partners{.who = Raters::partners};
    CHECK(describe(score_changes(x.store, partners)) ==
          "confidence P-AAAAAA 4->8; trust P-AAAAAA 5->7; ");
    // The second cohort: its leader, the partner matched with them, the match and its session.
    CohortMembers second = cohort_members(x.programme, "second");
    CHECK(second.people == std::set<std::string, std::less<>>{"L-BBBBBB", "P-CCCCCC"});
    CHECK(second.keeps("P-CCCCCC", "programme"));
    CHECK(second.keeps("learning-partner", "S-AAAAAA"));
    CHECK(second.keeps("learning-partner", "M-AAAAAA"));
    CHECK_FALSE(second.keeps("P-AAAAAA", "programme"));
    CHECK_FALSE(second.keeps("learning-partner", "programme"));
    CohortMembers first = cohort_members(x.programme, "first");
    ScoreFilter in_first{.cohort = &first};
    CHECK(describe(score_changes(x.store, in_first)) == "confidence L-AAAAAA 6->5; ");
    CHECK(test::thrown([&] { cohort_members(x.programme, "third"); }) ==
          "2 --cohort: no leader is in cohort 'third' — see the cohorts with `vfi leader list "
          "--fields cohort`");
}

TEST_CASE(
    "learning: the Learning Report read from the forms the cache kept is the one read from "
    "the files") {
    ::setenv("VFI_CACHE_SETTLE_SECONDS", "-100", 1);  // every file cached at once
    auto data = ratings();
    data.leader("L-AAAAAA", "organisation: Org A\n", "completed");
    data.partner("P-AAAAAA", "capacity: 2\nconsent:\n  quotes: yes\n");
    data.partner("P-CCCCCC", "capacity: 2\nconsent:\n  quotes: no\n");
    data.reflection("R-F00001",
                    "date: 2023-03-01\nby: learning-partner\nabout: programme\n"
                    "stage: ad-hoc\nchanging: Leaders ask before they decide.\n"
                    "how: In the board papers.\nwhy: The coaching.\n");
    data.reflection("R-F00002",
                    "date: 2023-03-02\nby: P-AAAAAA\nabout: programme\n"
                    "quotes:\n  - text: I am heard now.\n    consent: true\n");
    data.reflection("R-F00003",
                    "date: 2023-03-03\nby: P-CCCCCC\nabout: programme\n"
                    "quotes:\n  - text: Not for print.\n    consent: false\n");
    ReportAsked asked;
    asked.today = Date{2023, 12, 31};
    asked.from = Date{2023, 1, 1};
    auto read = [&] {
        RecordStore store(data.d.path);
        MadeReport made = make_report(store, *find_report("learning"), asked);
        for (const auto& p : made.problems)
            FAIL(p.describe());
        return render_report(made.report, ReportFormat::md);
    };
    std::string from_files = read();
    CHECK(from_files.find("Leaders ask before they decide.") != std::string::npos);
    CHECK(from_files.find("In the board papers.") != std::string::npos);
    CHECK(from_files.find("| ad-hoc |") != std::string::npos);
    CHECK(from_files.find("I am heard now.") != std::string::npos);
    CHECK(from_files.find("Not for print.") == std::string::npos);
    CHECK(from_files.find("confidence") != std::string::npos);
    // The reflections are now in the cache in the form the report reads, and served from it.
    REQUIRE(data.d.read(cache_folder() + "/reflections").find("reflection2") != std::string::npos);
    CHECK(read() == from_files);
    ::unsetenv("VFI_CACHE_SETTLE_SECONDS");
}
