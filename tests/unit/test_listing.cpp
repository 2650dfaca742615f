// Listings (src/ops/listing.cpp) of sessions and matches: each filter, the order, the columns,
// and the errors naming the field at fault. Partners' and leaders' are in test_people.cpp.
#include <algorithm>

#include <doctest/doctest.h>

#include "records_dir.hpp"
#include "vfi/ops/listing.hpp"

using namespace vfi;
using test::thrown;

namespace {

// Two matches of one group (one ended), a third outside it, sessions of each and a group's
// own session that names its partners.
test::RecordsDir programme() {
    test::RecordsDir data;
    data.partner("P-AAAAAA", "capacity: 3\n");
    data.partner("P-BBBBBB", "capacity: 3\n");
    data.leader("L-AAAAAA", "organisation: Org A\ncohort: first\n", "matched");
    data.leader("L-BBBBBB", "organisation: Org B\ncohort: second\n", "waiting");
    data.leader("L-CCCCCC", "organisation: Org C\ncohort: first\n", "matched");
    data.match("M-AAAAAA", "P-AAAAAA", "L-AAAAAA", "active",
               "proposed: 2023-01-01\nstarted: 2023-01-02\ngroup: set-a\n");
    data.match("M-BBBBBB", "P-BBBBBB", "L-BBBBBB", "ended",
               "proposed: 2023-01-01\nstarted: 2023-01-02\nended: 2023-06-01\ngroup: set-a\n");
    data.match("M-CCCCCC", "P-BBBBBB", "L-CCCCCC", "active");
    data.session("S-AAAAA2",
                 "match: M-AAAAAA\ndate: 2023-03-01\nminutes: 60\nmode: online\n"
                 "status: held\ntopics: [trust, power]\nnotes: private\n");
    data.session("S-AAAAA1", "match: M-AAAAAA\ndate: 2023-03-01\nminutes: 30\nstatus: held\n");
    data.session("S-AAAAA3", "match: M-AAAAAA\ndate: 2023-02-01\nstatus: cancelled\n");
    data.session("S-BBBBB1", "match: M-BBBBBB\ndate: 2023-04-01\nminutes: 90\nstatus: no-show\n");
    data.session("S-CCCCC1", "match: M-CCCCCC\ndate: 2023-05-01\nminutes: 45\nstatus: held\n");
    data.session("S-GGGGG1",
                 "type: action-learning\ngroup: set-a\npartners: [P-AAAAAA, P-BBBBBB]\n"
                 "date: 2023-02-15\nminutes: 120\nstatus: held\n");
    return data;
}

std::vector<std::string> ids(const Table& t) {
    std::vector<std::string> out;
    for (const auto& row : t.rows)
        out.push_back(row.at(0));
    return out;
}

}  // namespace

TEST_CASE("listing: sessions by date then id, with who took part; notes never") {
    auto data = programme();
    test::Loaded x(data);
    Table t = list_sessions(x.store, x.programme, {});
    CHECK(t.columns == std::vector<std::string>{"id", "date", "type", "match", "partners", "status",
                                                "minutes", "mode", "topics"});
    CHECK(t.types == std::vector<ColumnType>{ColumnType::text, ColumnType::text, ColumnType::text,
                                             ColumnType::text, ColumnType::text, ColumnType::text,
                                             ColumnType::number, ColumnType::text,
                                             ColumnType::list});
    CHECK(ids(t) == std::vector<std::string>{"S-AAAAA3", "S-GGGGG1", "S-AAAAA1", "S-AAAAA2",
                                             "S-BBBBB1", "S-CCCCC1"});
    CHECK(t.rows[1] == std::vector<std::string>{"S-GGGGG1", "2023-02-15", "action-learning", "",
                                                "P-AAAAAA, P-BBBBBB", "held", "120", "", ""});
    CHECK(t.rows[3] == std::vector<std::string>{"S-AAAAA2", "2023-03-01", "coaching", "M-AAAAAA",
                                                "P-AAAAAA", "held", "60", "online",
                                                Table::list_cell({"trust", "power"})});
    CHECK(t.rows[0][6] == "0");  // logged without minutes
    for (const auto& row : t.rows)
        for (const auto& cell : row)
            CHECK(cell.find("private") == std::string::npos);
}

TEST_CASE("listing: each session filter, ids by a unique start") {
    auto data = programme();
    test::Loaded x(data);
    auto listed = [&](SessionFilter f) { return ids(list_sessions(x.store, x.programme, f)); };
    using Ids = std::vector<std::string>;
    SessionFilter f;
    f.match = "m-aaa";
    CHECK(listed(f) == Ids{"S-AAAAA3", "S-AAAAA1", "S-AAAAA2"});
    f = {};
    f.partner = "P-BBBBBB";  // through a match, and by name
    CHECK(listed(f) == Ids{"S-GGGGG1", "S-BBBBB1", "S-CCCCC1"});
    f = {};
    f.leader = "L-CCCCCC";
    CHECK(listed(f) == Ids{"S-CCCCC1"});
    f = {};
    f.group = "set-a";  // the group's own, and its matches'
    CHECK(listed(f) == Ids{"S-AAAAA3", "S-GGGGG1", "S-AAAAA1", "S-AAAAA2", "S-BBBBB1"});
    f = {};
    f.type = "action-learning";
    CHECK(listed(f) == Ids{"S-GGGGG1"});
    f.type = "coaching";
    f.statuses = {"cancelled", "no-show"};
    CHECK(listed(f) == Ids{"S-AAAAA3", "S-BBBBB1"});
    f = {};
    f.from = Date{2023, 3, 1};
    f.to = Date{2023, 4, 1};  // both included
    CHECK(listed(f) == Ids{"S-AAAAA1", "S-AAAAA2", "S-BBBBB1"});
}

TEST_CASE("listing: a session filter no session could meet names its field") {
    auto data = programme();
    test::Loaded x(data);
    SessionFilter f;
    f.statuses = {"held", "helt"};
    CHECK(thrown([&] { list_sessions(x.store, x.programme, f); }) ==
          "2 status: 'helt' is not one of held, cancelled, no-show — did you mean 'held'?");
    f = {};
    f.type = "coachng";
    CHECK(thrown([&] {
              list_sessions(x.store, x.programme, f);
          }).rfind("2 type: 'coachng' is not one of coaching, ", 0) == 0);
    f = {};
    f.leader = "L-ZZZZZZ";
    CHECK(thrown([&] { list_sessions(x.store, x.programme, f); }) ==
          "4 no leader has the id 'L-ZZZZZZ' — list them with `vfi leader list`");
}

TEST_CASE("listing: matches by id with the sessions held, each filter") {
    auto data = programme();
    test::Loaded x(data);
    Table t = list_matches(x.store, x.programme, {});
    CHECK(t.columns == std::vector<std::string>{"id", "partner", "partner_name", "leader",
                                                "leader_name", "status", "proposed", "started",
                                                "ended", "sessions", "group"});
    CHECK(t.types.at(9) == ColumnType::number);
    CHECK(t.rows == std::vector<std::vector<std::string>>{
                        {"M-AAAAAA", "P-AAAAAA", "Partner AAAAAA", "L-AAAAAA", "Leader AAAAAA",
                         "active", "2023-01-01", "2023-01-02", "", "2", "set-a"},
                        {"M-BBBBBB", "P-BBBBBB", "Partner BBBBBB", "L-BBBBBB", "Leader BBBBBB",
                         "ended", "2023-01-01", "2023-01-02", "2023-06-01", "0", "set-a"},
                        {"M-CCCCCC", "P-BBBBBB", "Partner BBBBBB", "L-CCCCCC", "Leader CCCCCC",
                         "active", "2023-01-01", "2023-01-02", "", "1", ""}});
    // An export leaves the names out unless asked; --fields picks and orders the columns.
    CHECK(choose_columns(t, {}, false).columns ==
          std::vector<std::string>{"id", "partner", "leader", "status", "proposed", "started",
                                   "ended", "sessions", "group"});
    Table two = choose_columns(t, {"leader_name", "id"}, false);
    CHECK(two.rows.at(2) == std::vector<std::string>{"Leader CCCCCC", "M-CCCCCC"});
    CHECK(thrown([&] { choose_columns(t, {"partnr_name"}, true); }) ==
          "2 --fields: this listing has no column 'partnr_name' — did you mean 'partner_name'?");
    // Sorted: figures as numbers, -COLUMN the other way round, ties as they were.
    Table sorted = t;
    sort_rows(sorted, "-sessions");
    CHECK(ids(sorted) == std::vector<std::string>{"M-AAAAAA", "M-CCCCCC", "M-BBBBBB"});
    sort_rows(sorted, "group");
    CHECK(ids(sorted) == std::vector<std::string>{"M-CCCCCC", "M-AAAAAA", "M-BBBBBB"});
    sort_rows(sorted, "-ended");
    CHECK(ids(sorted) == std::vector<std::string>{"M-BBBBBB", "M-CCCCCC", "M-AAAAAA"});
    auto listed = [&](MatchFilter f) { return ids(list_matches(x.store, x.programme, f)); };
    using Ids = std::vector<std::string>;
    MatchFilter f;
    f.statuses = {"ended", "paused"};
    CHECK(listed(f) == Ids{"M-BBBBBB"});
    f = {};
    f.partner = "p-bbb";
    CHECK(listed(f) == Ids{"M-BBBBBB", "M-CCCCCC"});
    f.leader = "L-CCCCCC";
    CHECK(listed(f) == Ids{"M-CCCCCC"});
    f = {};
    f.group = "set-a";
    f.cohort = "first";
    CHECK(listed(f) == Ids{"M-AAAAAA"});
    f = {};
    f.statuses = {"pausd"};
    CHECK(thrown([&] { list_matches(x.store, x.programme, f); }) ==
          "2 status: 'pausd' is not one of proposed, active, paused, completed, ended — did you "
          "mean 'paused'?");
}

TEST_CASE("listing: what match show adds to the record") {
    auto data = programme();
    test::Loaded x(data);
    using Pairs = std::vector<std::pair<std::string, std::string>>;
    CHECK(match_context(x.programme, "M-AAAAAA") ==
          Pairs{{"partner", "Partner AAAAAA"},
                {"leader", "Leader AAAAAA, Org A"},
                {"sessions", "2 held (1 hours 30 minutes)"}});
    CHECK(match_context(x.programme, "M-BBBBBB").back().second == "0 held (0 hours 0 minutes)");
    Table t = match_sessions(x.programme, "M-AAAAAA");
    CHECK(t.columns == std::vector<std::string>{"session", "date", "status", "minutes", "mode"});
    CHECK(t.rows == std::vector<std::vector<std::string>>{
                        {"S-AAAAA3", "2023-02-01", "cancelled", "0", ""},
                        {"S-AAAAA1", "2023-03-01", "held", "30", ""},
                        {"S-AAAAA2", "2023-03-01", "held", "60", "online"}});
    CHECK(match_sessions(x.programme, "M-BBBBBB").rows.size() == 1);
}

namespace {

// Sessions whose partners could be read two ways: involvement naming only a match, involvement
// naming both a match and other partners, and a coaching session that also lists partners.
test::RecordsDir two_ways() {
    auto data = programme();
    data.session("S-VVVVV1",
                 "type: co-design\nmatch: M-AAAAAA\ndate: 2023-03-02\nminutes: 60\n"
                 "status: held\n");
    data.session("S-VVVVV2",
                 "type: advisory-group\nmatch: M-AAAAAA\npartners: [P-BBBBBB]\n"
                 "date: 2023-03-03\nminutes: 60\nstatus: held\n");
    data.session("S-VVVVV3",
                 "match: M-CCCCCC\npartners: [P-AAAAAA]\ndate: 2023-03-04\n"
                 "minutes: 60\nstatus: held\n");
    return data;
}

}  // namespace

TEST_CASE("listing: session list --partner, show and the reports agree on who took part") {
    auto data = two_ways();
    test::Loaded x(data);
    for (const std::string id : {"P-AAAAAA", "P-BBBBBB"}) {
        SessionFilter f;
        f.partner = id;
        std::vector<std::string> shown;
        for (const Session* s : x.programme.sessions_of_partner(id))
            shown.push_back(s->id);
        std::sort(shown.begin(), shown.end());
        auto listed = ids(list_sessions(x.store, x.programme, f));
        std::sort(listed.begin(), listed.end());
        CHECK_MESSAGE(shown == listed, id);
    }
}

TEST_CASE("programme: the partners of a session") {
    auto data = two_ways();
    test::Loaded x(data);
    auto who = [&](std::string_view id) {
        for (const auto& s : x.programme.sessions)
            if (s.id == id) return x.programme.partners_of(s);
        FAIL("no session ", id);
        return std::vector<std::string>{};
    };
    using Ids = std::vector<std::string>;
    CHECK(who("S-AAAAA1") == Ids{"P-AAAAAA"});              // coaching: the match's partner
    CHECK(who("S-GGGGG1") == Ids{"P-AAAAAA", "P-BBBBBB"});  // those it names
    CHECK(who("S-VVVVV1") == Ids{"P-AAAAAA"});              // involvement naming only a match
    CHECK(who("S-VVVVV2") == Ids{"P-BBBBBB"});              // those it names, over its match
    CHECK(who("S-VVVVV3") == Ids{"P-BBBBBB"});  // coaching: its match's partner, whatever else
}
