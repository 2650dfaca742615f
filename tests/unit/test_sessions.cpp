// Sessions (src/ops/sessions.cpp): a new coaching session or other involvement as it will be
// written, every refusal with its message (naming the field), and the matches due a session.
#include <doctest/doctest.h>

#include <map>

#include "records_dir.hpp"
#include "vfi/ops/sessions.hpp"
#include "vfi/ops/transaction.hpp"

using namespace vfi;
using test::thrown;
using test::written;

namespace {

const Date today{2024, 3, 10};

struct Sessions : test::Loaded {
    using test::Loaded::Loaded;
    // A new session S-NEW000 from `key=value` pairs, each named by its field.
    yaml::Node log(const std::vector<std::pair<std::string, std::string>>& values) const {
        std::vector<Assignment> typed;
        for (const auto& [key, text] : values)
            typed.push_back({key, text, key});
        return new_session(store, programme, "S-NEW000", typed);
    }
    std::string refusal(const std::vector<std::pair<std::string, std::string>>& values) const {
        return thrown([&] { log(values); });
    }
};

test::RecordsDir programme() {
    test::RecordsDir data;
    data.partner("P-AAAAAA", "capacity: 3\n");
    data.partner("P-BBBBBB", "joined: 2022-02-01\nleft: 2023-06-01\n", "alumni");
    data.partner("P-CCCCCC", "", "training");
    data.leader("L-AAAAAA", "organisation: Org A\n", "matched");
    data.leader("L-BBBBBB", "organisation: Org B\n");
    data.leader("L-CCCCCC", "organisation: Org C\n");
    data.match("M-AAAAAA", "P-AAAAAA", "L-AAAAAA", "active");
    data.match("M-BBBBBB", "P-AAAAAA", "L-BBBBBB", "proposed");
    data.match("M-CCCCCC", "P-AAAAAA", "L-CCCCCC", "ended");
    return data;
}

}  // namespace

TEST_CASE("sessions: a coaching session is held by default and its type is not written") {
    auto data = programme();
    Sessions x(data);
    auto doc = x.log({{"match", "M-AAAAAA"}, {"date", "2024-03-01"}, {"minutes", "60"}});
    CHECK(written(Kind::session, doc) ==
          "id: S-NEW000\nmatch: M-AAAAAA\ndate: 2024-03-01\nminutes: 60\nstatus: held\n");
    doc = x.log({{"type", "coaching"},
                 {"match", "M-AAAAAA"},
                 {"date", "2024-03-01"},
                 {"status", "cancelled"},
                 {"cancel_category", "rescheduled"}});
    CHECK(written(Kind::session, doc) ==
          "id: S-NEW000\nmatch: M-AAAAAA\ndate: 2024-03-01\nstatus: cancelled\n"
          "cancel_category: rescheduled\n");
    // A cancelled session may be before the match started; only a held one may not.
    CHECK(thrown([&] {
              x.log({{"match", "M-AAAAAA"}, {"date", "2022-12-25"}, {"status", "cancelled"}});
          }) == "no error");
}

TEST_CASE("sessions: other involvement names its partners, in training, active or paused") {
    auto data = programme();
    Sessions x(data);
    auto doc = x.log({{"type", "action-learning"},
                      {"group", "Set A"},
                      {"partners", "P-AAAAAA, P-CCCCCC"},
                      {"date", "2024-03-01"},
                      {"minutes", "90"}});
    CHECK(written(Kind::session, doc) ==
          "id: S-NEW000\ntype: action-learning\ngroup: Set A\npartners: [P-AAAAAA, P-CCCCCC]\n"
          "date: 2024-03-01\nminutes: 90\nstatus: held\n");
    CHECK(x.refusal({{"type", "advisory-group"}, {"date", "2024-03-01"}}) ==
          "2 partners: a session of type advisory-group needs the partners who took part — add "
          "--partners P-...,P-...");
    CHECK(x.refusal({{"type", "advisory-group"},
                     {"partners", "P-AAAAAA, P-ZZZZZZ"},
                     {"date", "2024-03-01"}}) ==
          "4 partners: no partner has the id 'P-ZZZZZZ' — list them with `vfi partner list`");
    CHECK(
        x.refusal({{"type", "advisory-group"}, {"partners", "P-BBBBBB"}, {"date", "2024-03-01"}}) ==
        "8 partners: P-BBBBBB was alumni on 2024-03-01, not in the programme — only partners in "
        "training, active or paused take part in sessions");
}

TEST_CASE("sessions: a coaching session needs a running match and a date it could be held") {
    auto data = programme();
    Sessions x(data);
    CHECK(x.refusal({{"date", "2024-03-01"}}) ==
          "2 match: a coaching session needs its match — give the match id first, e.g. `vfi "
          "session log M-4ZK --date ...`, or --type for other involvement");
    CHECK(x.refusal({{"match", "M-ZZZZZZ"}, {"date", "2024-03-01"}}) ==
          "4 no match has the id 'M-ZZZZZZ' — list them with `vfi match list`");
    CHECK(x.refusal({{"match", "M-BBBBBB"}, {"date", "2024-03-01"}}) ==
          "8 M-BBBBBB is proposed, not active or paused — accept it first: `vfi match accept "
          "M-BBBBBB`");
    CHECK(x.refusal({{"match", "M-CCCCCC"}, {"date", "2023-03-01"}}) ==
          "8 M-CCCCCC is ended, not active or paused — log sessions only for running matches");
    CHECK(x.refusal({{"match", "M-AAAAAA"}, {"date", "2022-12-25"}}) ==
          "3 date: 2022-12-25 is before M-AAAAAA started (2023-01-02) — check the date");
    CHECK(x.refusal({{"match", "M-AAAAAA"}, {"date", "2024-03-01"}, {"minutes", "0"}}) ==
          "3 minutes: 0 is outside 1–1440 — use a number from 1 to 1440");
}

TEST_CASE("sessions: what check says of the record alone is the write gate's to say") {
    auto data = programme();
    data.d.write("vfi.yaml", "vfi: 1\nprogramme: Test\ngit:\n  autocommit: false\n");
    Sessions x(data);
    auto doc = x.log({{"match", "M-AAAAAA"}, {"date", "2024-03-11"}});
    Transaction change(x.store, ChangeOptions{}, today);
    change.put(Kind::session, "S-NEW000", doc, Write::create);
    CHECK(thrown([&] { change.commit("session: log S-NEW000"); }) ==
          "3 date: 2024-03-11 is in the future — correct the date");
    CHECK_FALSE(data.d.exists("sessions/S-NEW000.yaml"));
}

// `vfi session log`'s values, from `field=value` pairs.
SessionLog typed(const std::vector<std::pair<std::string, std::string>>& values) {
    SessionLog log;
    std::map<std::string, std::string SessionLog::*> fields = {
        {"match", &SessionLog::match},
        {"type", &SessionLog::type},
        {"group", &SessionLog::group},
        {"partners", &SessionLog::partners},
        {"date", &SessionLog::date},
        {"minutes", &SessionLog::minutes},
        {"mode", &SessionLog::mode},
        {"status", &SessionLog::status},
        {"cancel_category", &SessionLog::cancel_category},
        {"topics", &SessionLog::topics},
        {"follow_ups", &SessionLog::follow_ups},
        {"notes", &SessionLog::notes}};
    for (const auto& [key, text] : values)
        log.*fields.at(key) = text;
    return log;
}

TEST_CASE("sessions: plan_new_session resolves the ids typed, makes an id, names each field") {
    auto data = programme();
    data.partner("P-AAAAZZ", "");
    Sessions x(data);
    NewSession s = plan_new_session(
        x.store, x.programme,
        typed(
            {{"match", "m-aaa"}, {"date", "2024-03-01"}, {"minutes", "45"}, {"topics", "trust"}}));
    CHECK(s.id.size() == 8);
    CHECK(s.id.rfind("S-", 0) == 0);
    CHECK(written(Kind::session, s.doc) == "id: " + s.id +
                                               "\nmatch: M-AAAAAA\ndate: 2024-03-01\nminutes: "
                                               "45\nstatus: held\ntopics: [trust]\n");

    s = plan_new_session(
        x.store, x.programme,
        typed({{"type", "co-design"}, {"partners", "p-aaaaaa, P-CCCC"}, {"date", "2024-03-01"}}));
    CHECK(field_list(s.doc, "partners") == std::vector<std::string>{"P-AAAAAA", "P-CCCCCC"});

    auto refusal = [&](const std::vector<std::pair<std::string, std::string>>& values) {
        return thrown([&] { plan_new_session(x.store, x.programme, typed(values)); });
    };
    CHECK(refusal({{"match", "M-AAAAAA"},
                   {"date", "2024-03-01"},
                   {"status", "cancelled"},
                   {"cancel_category", "resheduled"}})
              .rfind("3 cancel_category: 'resheduled' is not one of", 0) == 0);
    CHECK(refusal({{"match", "M-AAAAAA"}, {"date", "2024-02-30"}}) ==
          "3 date: '2024-02-30' does not exist (2024-02 has 29 days) — write the date as "
          "YYYY-MM-DD, e.g. 2024-03-18");
    CHECK(refusal({{"match", "M-AAAAAA"}, {"date", "2024-03-01"}, {"mode", "fax"}})
              .rfind("3 mode: 'fax' is not one of", 0) == 0);
    CHECK(
        refusal({{"date", "2024-03-01"}}).rfind("2 match: a coaching session needs its match", 0) ==
        0);
    CHECK(refusal({{"match", "M-AAAAAA"}, {"date", "2022-12-25"}}) ==
          "3 date: 2022-12-25 is before M-AAAAAA started (2023-01-02) — check the date");
    CHECK(refusal({{"type", "training"}, {"partners", "P-AAAA"}, {"date", "2024-03-01"}}) ==
          "2 'P-AAAA' could be P-AAAAAA, P-AAAAZZ — type more of the id");
    CHECK(refusal({{"match", "M-ZZZZZZ"}, {"date", "2024-03-01"}}) ==
          "4 no match has the id 'M-ZZZZZZ' — list them with `vfi match list`");
}

TEST_CASE("sessions: due lists active matches without a held session for the weeks given") {
    test::RecordsDir data;
    data.partner("P-AAAAAA", "capacity: 10\n");
    for (const char* l : {"L-AAAAAA", "L-BBBBBB", "L-CCCCCC", "L-DDDDDD", "L-EEEEEE", "L-FFFFFF"})
        data.leader(l, "organisation: Org\n", "matched");
    // Last held 2024-01-01 (60 days before 2024-03-01); a later cancelled session counts not.
    data.match("M-AAAAAA", "P-AAAAAA", "L-AAAAAA", "active");
    data.session("S-AAAAA1", "match: M-AAAAAA\ndate: 2024-01-01\nstatus: held\n");
    data.session("S-AAAAA2", "match: M-AAAAAA\ndate: 2024-02-20\nstatus: cancelled\n");
    // None held since it started, 51 days ago.
    data.match("M-BBBBBB", "P-AAAAAA", "L-BBBBBB", "active",
               "proposed: 2024-01-05\nstarted: 2024-01-10\n");
    // Exactly six weeks since it started: due.
    data.match("M-CCCCCC", "P-AAAAAA", "L-CCCCCC", "active",
               "proposed: 2024-01-05\nstarted: 2024-01-19\n");
    // Started 29 days ago; held 15 days ago; paused: none is due.
    data.match("M-DDDDDD", "P-AAAAAA", "L-DDDDDD", "active",
               "proposed: 2024-01-05\nstarted: 2024-02-01\n");
    data.match("M-EEEEEE", "P-AAAAAA", "L-EEEEEE", "active");
    data.session("S-EEEEE1", "match: M-EEEEEE\ndate: 2024-02-15\nstatus: held\n");
    data.match("M-FFFFFF", "P-AAAAAA", "L-FFFFFF", "paused");
    test::Loaded x(data);

    auto due = sessions_due(x.programme, Date{2024, 3, 1}, 6);
    REQUIRE(due.size() == 3);
    CHECK(due[0].match == "M-AAAAAA");
    CHECK(due[0].last_held == Date{2024, 1, 1});
    CHECK(due[0].since == Date{2024, 1, 1});
    CHECK(due[0].days == 60);
    CHECK(due[0].partner_name == "Partner AAAAAA");
    CHECK(due[0].leader == "L-AAAAAA");
    CHECK(due[0].leader_name == "Leader AAAAAA");
    CHECK(due[1].match == "M-BBBBBB");
    CHECK(due[1].last_held == std::nullopt);
    CHECK(due[1].since == Date{2024, 1, 10});
    CHECK(due[1].days == 51);
    CHECK(due[2].match == "M-CCCCCC");
    CHECK(due[2].days == 42);
    // Eight weeks (56 days): only the one 60 days without.
    due = sessions_due(x.programme, Date{2024, 3, 1}, 8);
    REQUIRE(due.size() == 1);
    CHECK(due[0].match == "M-AAAAAA");
}

TEST_CASE("sessions: due as a table, and found from the store with the weeks of vfi.yaml") {
    test::RecordsDir data("sessions:\n  due_after_weeks: 8\n");
    data.partner("P-AAAAAA", "capacity: 10\n");
    data.leader("L-AAAAAA", "organisation: Org\n", "matched");
    data.leader("L-BBBBBB", "organisation: Org\n", "matched");
    data.match("M-AAAAAA", "P-AAAAAA", "L-AAAAAA", "active");
    data.session("S-AAAAA1", "match: M-AAAAAA\ndate: 2024-01-01\nstatus: held\n");
    data.match("M-BBBBBB", "P-AAAAAA", "L-BBBBBB", "active",
               "proposed: 2024-01-05\nstarted: 2024-01-10\n");
    RecordStore store(data.d.path);
    auto found = find_sessions_due(store, Date{2024, 3, 1}, 0);  // 8 weeks: 56 days
    CHECK(found.problems.empty());
    auto due = found.due;
    REQUIRE(due.size() == 1);
    CHECK(due[0].match == "M-AAAAAA");
    RecordStore again(data.d.path);
    due = find_sessions_due(again, Date{2024, 3, 1}, 6).due;
    REQUIRE(due.size() == 2);
    Table t = due_table(due);
    CHECK(t.columns == std::vector<std::string>{"match", "partner", "partner_name", "leader",
                                                "leader_name", "last_session", "days"});
    CHECK(t.types.back() == ColumnType::number);
    CHECK(t.rows == std::vector<std::vector<std::string>>{
                        {"M-AAAAAA", "P-AAAAAA", "Partner AAAAAA", "L-AAAAAA", "Leader AAAAAA",
                         "2024-01-01", "60"},
                        {"M-BBBBBB", "P-AAAAAA", "Partner AAAAAA", "L-BBBBBB", "Leader BBBBBB",
                         "none since 2024-01-10", "51"}});
}

TEST_CASE("sessions: cancelling keeps the category and reason; once is enough") {
    auto data = programme();
    data.session("S-AAAAAA", "match: M-AAAAAA\ndate: 2024-03-01\nminutes: 60\nstatus: held\n");
    data.session("S-BBBBBB", "match: M-AAAAAA\ndate: 2024-03-02\nstatus: cancelled\n");
    Sessions x(data);
    Update u = plan_session_cancel(x.store, "s-aaaa", "rescheduled", "Leader unwell");
    CHECK(u.kind == Kind::session);
    CHECK(u.id == "S-AAAAAA");
    CHECK(written(u) ==
          "id: S-AAAAAA\nmatch: M-AAAAAA\ndate: 2024-03-01\nminutes: 60\nstatus: cancelled\n"
          "cancel_category: rescheduled\ncancel_reason: Leader unwell\n");
    CHECK(written(plan_session_cancel(x.store, "S-AAAAAA", "", "")) ==
          "id: S-AAAAAA\nmatch: M-AAAAAA\ndate: 2024-03-01\nminutes: 60\nstatus: cancelled\n");
    CHECK(thrown([&] { plan_session_cancel(x.store, "S-BBBBBB", "", ""); }) ==
          "8 S-BBBBBB is already cancelled — nothing was changed");
    CHECK(thrown([&] { plan_session_cancel(x.store, "S-AAAAAA", "reschedule", ""); }) ==
          "2 cancel_category: 'reschedule' is not one of leader-unavailable, partner-unavailable, "
          "rescheduled, technical-problem, personal-circumstances, other — did you mean "
          "'rescheduled'?");
    CHECK(thrown([&] { plan_session_cancel(x.store, "S-ZZZZZZ", "", ""); }) ==
          "4 no session has the id 'S-ZZZZZZ' — list them with `vfi session list`");
}
