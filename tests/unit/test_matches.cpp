// Making and moving matches (src/ops/matches.cpp): a new match with its score and what follows
// for the leader; accept, pause, resume and end; and every refusal with its message.
#include <doctest/doctest.h>

#include "records_dir.hpp"
#include "vfi/ops/matches.hpp"

using namespace vfi;
using test::thrown;
using test::written;

namespace {

// The one place a test names a new match's status.
NewMatch proposal(const std::string& partner, const std::string& leader, const Date& date,
                  const std::string& status = "proposed") {
    NewMatch m;
    m.partner = partner;
    m.leader = leader;
    m.date = date;
    m.status = *parse_word<MatchStatus>(status);
    return m;
}

struct Matches : test::Loaded {
    using test::Loaded::Loaded;
    StatusPlan add(const NewMatch& m) const {
        return plan_new_match(store, programme, "M-NEW000", m);
    }
    StatusPlan move(const std::string& id, const std::string& to, const Date& date,
                    const std::string& reason = {}, const std::string& category = {}) const {
        return plan_match_move(store, programme, id, *parse_word<MatchStatus>(to), date, reason,
                               category);
    }
};

}  // namespace

TEST_CASE("matches: a new match records its score and reasons, and moves the leader on") {
    test::RecordsDir data;
    data.partner("P-AAAAAA", "interests: [carers]\ncapacity: 2\n");
    data.leader("L-AAAAAA", "organisation: Org A\nfocus: [carers]\n");
    data.leader("L-BBBBBB", "organisation: Org B\n", "enquiry");
    Matches x(data);

    // Proposed: the leader, already waiting, is left as they are.
    auto plan = x.add(proposal("P-AAAAAA", "L-AAAAAA", Date{2024, 3, 1}));
    REQUIRE(plan.updates.size() == 1);
    CHECK(written(plan.updates[0]) ==
          "id: M-NEW000\npartner: P-AAAAAA\nleader: L-AAAAAA\nstatus: proposed\n"
          "proposed: 2024-03-01\nscore: 5\nreasons:\n  - \"shared focus: carers (+3)\"\n"
          "  - \"places free: 2 of 2 (+2)\"\n"
          "history:\n  - date: 2024-03-01\n    status: proposed\n");
    CHECK(plan.notes.empty());

    // Proposed to a leader still at enquiry: they are now waiting.
    plan = x.add(proposal("P-AAAAAA", "L-BBBBBB", Date{2024, 3, 1}));
    REQUIRE(plan.updates.size() == 2);
    CHECK(plan.updates[1].id == "L-BBBBBB");
    CHECK(field_text(plan.updates[1].doc, "status") == "waiting");
    CHECK(plan.notes == std::vector<std::string>{"L-BBBBBB is now waiting."});

    // Active from the start: started that day, the leader matched.
    plan = x.add(proposal("P-AAAAAA", "L-AAAAAA", Date{2024, 3, 2}, "active"));
    REQUIRE(plan.updates.size() == 2);
    CHECK(field_text(plan.updates[0].doc, "status") == "active");
    CHECK(field_text(plan.updates[0].doc, "started") == "2024-03-02");
    CHECK(field_text(plan.updates[1].doc, "status") == "matched");
    CHECK(plan.notes == std::vector<std::string>{"L-AAAAAA is now matched."});
}

TEST_CASE("matches: a new match is refused for a leader not waiting or a broken constraint") {
    test::RecordsDir data;
    data.partner("P-AAAAAA", "capacity: 2\n");
    data.partner("P-BBBBBB", "", "paused");
    data.partner("P-CCCCCC", "");
    data.leader("L-AAAAAA", "organisation: Org A\n");
    data.leader("L-CCCCCC", "organisation: Org C\n", "matched");
    data.leader("L-DDDDDD", "organisation: Org D\nleft: 2023-05-01\n", "withdrawn");
    data.leader("L-EEEEEE", "organisation: Org E\n");
    data.match("M-CCCCCC", "P-AAAAAA", "L-CCCCCC", "active");
    data.match("M-EEEEEE", "P-CCCCCC", "L-EEEEEE", "proposed");
    Matches x(data);
    Date day{2024, 3, 1};
    CHECK(thrown([&] { x.add(proposal("P-AAAAAA", "L-CCCCCC", day)); }) ==
          "8 L-CCCCCC is matched, not waiting for a partner — end their current match first "
          "with `vfi match end`");
    CHECK(thrown([&] { x.add(proposal("P-AAAAAA", "L-DDDDDD", day)); }) ==
          "8 L-DDDDDD is withdrawn, not waiting for a partner — they have left the programme; "
          "someone returning is added again with `vfi leader add`");
    CHECK(thrown([&] { x.add(proposal("P-AAAAAA", "L-EEEEEE", day)); }) ==
          "8 L-EEEEEE already has an open match, M-EEEEEE (proposed) — end it with `vfi match "
          "end` first, or accept it");
    CHECK(thrown([&] { x.add(proposal("P-BBBBBB", "L-AAAAAA", day)); }) ==
          "8 date: P-BBBBBB was paused on 2024-03-01, not active — a match starts only with an "
          "active partner");
    CHECK(thrown([&] { x.add(proposal("P-CCCCCC", "L-AAAAAA", day)); }) ==
          "8 P-CCCCCC is at capacity (1 of 1 places taken) — choose another partner, or see `vfi "
          "match suggest --explain`");
    CHECK(thrown([&] { x.add(proposal("P-AAAAAA", "L-AAAAAA", day, "paused")); }) ==
          "2 status: 'paused' is not proposed or active — a new match starts proposed, or "
          "active when it has already begun");
    CHECK(thrown([&] { x.add(proposal("P-AAAAAA", "L-AAAAAA", day)); }) == "no error");
}

TEST_CASE("matches: accept starts a proposal on its day and the leader is matched") {
    test::RecordsDir data;
    data.partner("P-AAAAAA", "capacity: 2\n");
    data.partner("P-BBBBBB", "", "paused");
    data.partner("P-DDDDDD", "capacity: 1\n");
    data.leader("L-AAAAAA", "organisation: Org A\n");
    data.leader("L-BBBBBB", "organisation: Org B\n");
    data.leader("L-CCCCCC", "organisation: Org C\n", "matched");
    data.leader("L-DDDDDD", "organisation: Org D\n", "matched");
    data.match("M-AAAAAA", "P-AAAAAA", "L-AAAAAA", "proposed");
    data.match("M-BBBBBB", "P-BBBBBB", "L-BBBBBB", "proposed");
    data.match("M-CCCCCC", "P-DDDDDD", "L-CCCCCC", "active");
    data.match("M-DDDDDD", "P-DDDDDD", "L-DDDDDD", "proposed");  // over capacity (a merge)
    data.match("M-EEEEEE", "P-AAAAAA", "L-DDDDDD", "active");
    Matches x(data);

    auto plan = x.move("M-AAAAAA", "active", Date{2024, 3, 5});
    REQUIRE(plan.updates.size() == 2);
    CHECK(field_text(plan.updates[0].doc, "status") == "active");
    CHECK(field_text(plan.updates[0].doc, "started") == "2024-03-05");
    CHECK(field_text(plan.updates[0].doc, "proposed") == "2023-01-01");
    CHECK(plan.updates[1].id == "L-AAAAAA");
    CHECK(field_text(plan.updates[1].doc, "status") == "matched");
    CHECK(plan.notes == std::vector<std::string>{"L-AAAAAA is now matched."});

    CHECK(thrown([&] {
              x.move("M-AAAAAA", "active", Date{2022, 12, 31});
          }) ==
          "3 date: 2022-12-31 is before M-AAAAAA's last change of status (proposed on "
          "2023-01-01) — give the day it happened, on or after 2023-01-01; if that last "
          "change is wrong, correct the history with `vfi match edit M-AAAAAA`");
    CHECK(thrown([&] {
              x.move("M-BBBBBB", "active", Date{2024, 3, 5});
          }) == "8 P-BBBBBB is paused, not active — a match starts only with an active partner");
    CHECK(thrown([&] {
              x.move("M-DDDDDD", "active", Date{2024, 3, 5});
          }) ==
          "8 P-DDDDDD already has 1 match running, its whole capacity of 1 — raise the capacity "
          "(`vfi partner set P-DDDDDD capacity=N`) or end another match first");
    // P-DDDDDD given a second place: L-DDDDDD still has M-EEEEEE running.
    data.partner("P-DDDDDD", "capacity: 2\n");
    Matches y(data);
    CHECK(thrown([&] {
              y.move("M-DDDDDD", "active", Date{2024, 3, 5});
          }) ==
          "8 L-DDDDDD already has a running match, M-EEEEEE (active) — end it first with `vfi "
          "match end M-EEEEEE`, or end this proposal with `vfi match end M-DDDDDD --category "
          "CATEGORY`");
}

TEST_CASE("matches: pause and resume change the match alone") {
    test::RecordsDir data;
    data.partner("P-AAAAAA", "");
    data.leader("L-AAAAAA", "organisation: Org A\n", "matched");
    data.match("M-AAAAAA", "P-AAAAAA", "L-AAAAAA", "active");
    Matches x(data);
    auto plan = x.move("M-AAAAAA", "paused", Date{2024, 3, 5});
    REQUIRE(plan.updates.size() == 1);
    CHECK(field_text(plan.updates[0].doc, "status") == "paused");
    CHECK(plan.notes.empty());

    data.match("M-AAAAAA", "P-AAAAAA", "L-AAAAAA", "paused");
    Matches y(data);
    plan = y.move("M-AAAAAA", "active", Date{2024, 4, 5});
    REQUIRE(plan.updates.size() == 1);
    CHECK(field_text(plan.updates[0].doc, "status") == "active");
    CHECK(field_text(plan.updates[0].doc, "started") == "2023-01-02");  // as it was
}

TEST_CASE("matches: ending keeps the day, category and reason; the leader follows") {
    test::RecordsDir data;
    data.partner("P-AAAAAA", "");
    data.leader("L-AAAAAA", "organisation: Org A\n", "matched");
    data.match("M-AAAAAA", "P-AAAAAA", "L-AAAAAA", "active");
    Matches x(data);

    auto plan =
        x.move("M-AAAAAA", "ended", Date{2024, 3, 5}, "Moved abroad", "personal-circumstances");
    REQUIRE(plan.updates.size() == 2);
    CHECK(written(plan.updates[0]) ==
          "id: M-AAAAAA\npartner: P-AAAAAA\nleader: L-AAAAAA\nstatus: ended\n"
          "proposed: 2023-01-01\nstarted: 2023-01-02\nended: 2024-03-05\n"
          "end_category: personal-circumstances\nend_reason: Moved abroad\n"
          "history:\n  - date: 2023-01-01\n    status: proposed\n"
          "  - date: 2023-01-02\n    status: active\n"
          "  - date: 2024-03-05\n    status: ended\n");
    CHECK(field_text(plan.updates[1].doc, "status") == "waiting");
    CHECK(plan.notes ==
          std::vector<std::string>{"L-AAAAAA is waiting for a new partner (use `vfi leader status "
                                   "L-AAAAAA withdrawn` if they are leaving).",
                                   "P-AAAAAA has a place free."});

    plan = x.move("M-AAAAAA", "completed", Date{2024, 3, 6}, "");
    REQUIRE(plan.updates.size() == 2);
    CHECK(field_text(plan.updates[0].doc, "ended") == "2024-03-06");
    CHECK(field_text(plan.updates[0].doc, "end_category") == "");
    CHECK(field_text(plan.updates[1].doc, "status") == "completed");
    CHECK(field_text(plan.updates[1].doc, "left") == "2024-03-06");
    CHECK(plan.notes.at(0) == "L-AAAAAA is now completed.");
}

TEST_CASE("matches: a move the lifecycle does not allow, or an unknown category, is refused") {
    test::RecordsDir data;
    data.partner("P-AAAAAA", "capacity: 2\n");
    data.leader("L-AAAAAA", "organisation: Org A\n", "completed");
    data.leader("L-BBBBBB", "organisation: Org B\n");
    data.match("M-AAAAAA", "P-AAAAAA", "L-AAAAAA", "completed");
    data.match("M-BBBBBB", "P-AAAAAA", "L-BBBBBB", "proposed");
    Matches x(data);
    Date day{2024, 3, 5};
    CHECK(thrown([&] { x.move("M-AAAAAA", "active", day); }) ==
          "8 M-AAAAAA is completed and cannot become active — it has finished and stays as it "
          "is");
    CHECK(thrown([&] { x.move("M-BBBBBB", "paused", day); }) ==
          "8 M-BBBBBB is proposed and cannot become paused — from proposed it can become active "
          "or ended");
    CHECK(thrown([&] { x.move("M-BBBBBB", "ended", day, "", "goals-met-erly"); }) ==
          "2 end_category: 'goals-met-erly' is not one of goals-met-early, leader-changed-role, "
          "leader-withdrew, partner-withdrew, personal-circumstances, not-a-good-fit, "
          "organisational-change, other — did you mean 'goals-met-early'?");
    // A proposal ended: the leader waits as before, and the partner's place is free.
    auto plan = x.move("M-BBBBBB", "ended", day, "", "not-a-good-fit");
    REQUIRE(plan.updates.size() == 1);
    CHECK(plan.notes == std::vector<std::string>{"P-AAAAAA has a place free."});
}

TEST_CASE("matches: suggestions applied are proposals made today, each under an id of its own") {
    test::RecordsDir data;
    data.partner("P-AAAAAA", "interests: [carers]\ncapacity: 2\n");
    data.leader("L-AAAAAA", "organisation: Org A\nfocus: [carers]\n");
    data.leader("L-BBBBBB", "organisation: Org B\n");
    Matches x(data);
    Suggestions s = suggest_matches(x.programme, x.store.settings(), {});
    REQUIRE(s.pairs.size() == 2);
    Date today{2024, 3, 1};
    NewMatches made = plan_suggested_matches(x.store, x.programme, s, today);
    REQUIRE(made.ids.size() == 2);
    CHECK(made.ids[0] != made.ids[1]);
    REQUIRE(made.plan.updates.size() == 2);  // the leaders wait already: the matches alone
    for (std::size_t i = 0; i < 2; ++i) {
        const Update& u = made.plan.updates[i];
        CHECK(u.kind == Kind::match);
        CHECK(u.id == made.ids[i]);
        CHECK(field_text(u.doc, "leader") == s.pairs[i].leader);
        CHECK(field_text(u.doc, "partner") == "P-AAAAAA");
        CHECK(parse_word<MatchStatus>(field_text(u.doc, "status")) == MatchStatus::proposed);
        CHECK(field_text(u.doc, "proposed") == "2024-03-01");
        CHECK(field_text(u.doc, "score") == std::to_string(s.pairs[i].score.total));
        CHECK(field_list(u.doc, "reasons") == s.pairs[i].score.reasons());
    }
    CHECK(made.plan.notes.empty());
    CHECK(plan_suggested_matches(x.store, x.programme, Suggestions{}, today).ids.empty());
}

TEST_CASE("matches: add resolves the partner and leader typed and makes the id") {
    test::RecordsDir data;
    data.partner("P-AAAAAA", "capacity: 2\n");
    data.leader("L-AAAAAA", "organisation: Org A\n", "enquiry");
    Matches x(data);
    AddedMatch added =
        plan_match_add(x.store, x.programme, proposal("p-aaa", "l-aaaaaa", Date{2024, 3, 1}));
    CHECK(added.id.rfind("M-", 0) == 0);
    CHECK(added.id.size() == 8);
    REQUIRE(added.plan.updates.size() == 2);
    CHECK(added.plan.updates[0].id == added.id);
    CHECK(field_text(added.plan.updates[0].doc, "partner") == "P-AAAAAA");
    CHECK(field_text(added.plan.updates[0].doc, "leader") == "L-AAAAAA");
    CHECK(added.plan.notes == std::vector<std::string>{"L-AAAAAA is now waiting."});
    CHECK(thrown([&] {
              plan_match_add(x.store, x.programme, proposal("P-ZZZZZZ", "L-AAAAAA", Date{}));
          }) == "4 no partner has the id 'P-ZZZZZZ' — list them with `vfi partner list`");
    CHECK(thrown([&] {
              plan_match_add(x.store, x.programme,
                             proposal("P-AAAAAA", "L-AAAAAA", Date{2024, 3, 1}, "ended"));
          }) ==
          "2 status: 'ended' is not proposed or active — a new match starts proposed, or "
          "active when it has already begun");
}
