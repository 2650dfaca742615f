#include "vfi/ops/matches.hpp"

#include <algorithm>

#include <fmt/format.h>

#include "vfi/base/text.hpp"

namespace vfi {
namespace {

Update leader_status(const RecordStore& store, const std::string& leader, LeaderStatus status,
                     const Date& date) {
    Update u{Kind::leader, leader, store.require(leader).doc};
    move_to(u.doc, Kind::leader, leader, word(status), date);
    return u;
}

// On the match's day, by the histories: its partner active (a match starts only with an
// active partner), its leader enquired and not yet matched or gone.
void require_in_the_programme_then(const Partner& p, const Leader* l, const Date& day) {
    auto partner = p.history.on(day);
    if (partner != PartnerStatus::active) {
        auto active = p.history.first(PartnerStatus::active);
        throw Error(ExitCode::refused, {}, "date",
                    partner ? fmt::format("{} was {} on {}, not active", p.id, *partner, day.str())
                            : fmt::format("{} was not yet in the programme on {}", p.id, day.str()),
                    active && day < *active
                        ? fmt::format("a match starts only with an active partner: give a day on "
                                      "or after {} ({} became active)",
                                      active->str(), p.id)
                        : "a match starts only with an active partner");
    }
    if (!l) return;
    auto leader = l->history.on(day);
    if (leader != LeaderStatus::enquiry && leader != LeaderStatus::waiting)
        throw Error(ExitCode::refused, {}, "date",
                    leader ? fmt::format("{} was {} on {}, not waiting for a partner", l->id,
                                         *leader, day.str())
                           : fmt::format("{} had not yet enquired on {}", l->id, day.str()),
                    "give the day the match was made: on or after the leader's enquiry, while "
                    "they were waiting");
}

}  // namespace

StatusPlan plan_new_match(const RecordStore& store, const Programme& programme,
                          const std::string& id, const NewMatch& m) {
    const Partner* p = programme.partner(m.partner);
    const Leader* l = programme.leader(m.leader);
    if (!p) throw store.fails_check(Kind::partner, m.partner);
    if (!l) throw store.fails_check(Kind::leader, m.leader);
    if (m.status != MatchStatus::proposed && m.status != MatchStatus::active)
        throw Error(ExitCode::usage, {}, "status",
                    fmt::format("'{}' is not proposed or active", m.status),
                    "a new match starts proposed, or active when it has already begun");
    if (l->status != LeaderStatus::waiting && l->status != LeaderStatus::enquiry)
        throw Error(
            ExitCode::refused,
            fmt::format("{} is {}, not waiting for a partner", l->id, word(l->status)),
            l->status == LeaderStatus::matched
                ? "end their current match first with `vfi match end`"
            : l->status == LeaderStatus::enquiry
                ? fmt::format("set them waiting first: `vfi leader status {} waiting`", l->id)
                : "they have left the programme; someone returning is added again with "
                  "`vfi leader add`");
    for (const Match* other : programme.matches_of_leader(l->id))
        if (holds_a_place(other->status))
            throw Error(ExitCode::refused,
                        fmt::format("{} already has an open match, {} ({})", l->id, other->id,
                                    word(other->status)),
                        "end it with `vfi match end` first, or accept it");
    require_in_the_programme_then(*p, l, m.date);
    std::vector<std::string> earlier;  // the pair's finished matches
    for (const Match* other : programme.matches_of_leader(l->id))
        if (other->partner == p->id && final(other->status))
            earlier.push_back(fmt::format("{}, {}", other->id, word(other->status)));
    if (m.rematch && earlier.empty())
        throw Error(ExitCode::usage, {}, "rematch",
                    fmt::format("{} and {} have not been matched before", p->id, l->id),
                    "leave out --rematch");
    if (auto broken = hard_constraint_broken(programme, *p, *l, m.rematch))
        throw Error(ExitCode::refused, broken->sentence,
                    broken->constraint == Constraint::matched_before
                        ? "to match them again, add --rematch; else choose another partner"
                        : "choose another partner, or see `vfi match suggest --explain`");

    Score score = m.score
                      ? *m.score
                      : score_pair(store.settings().weights, *p, *l, programme.spare_capacity(*p));
    auto doc = yaml::Node::map();
    doc.set("id", yaml::Node::plain(id));
    doc.set("partner", yaml::Node::plain(m.partner));
    doc.set("leader", yaml::Node::plain(m.leader));
    doc.set("status", yaml::Node::plain(std::string(word(m.status))));
    doc.set("proposed", yaml::Node::plain(m.date.str()));
    if (m.status == MatchStatus::active) doc.set("started", yaml::Node::plain(m.date.str()));
    if (Date::today() < m.date)
        throw Error(ExitCode::bad_data, {}, "date",
                    fmt::format("{} is in the future", m.date.str()),
                    "record a match on or after the day it is made");
    doc.set("history", first_history(word(m.status), m.date));
    if (!m.group.empty()) doc.set("group", yaml::Node::text(m.group));
    doc.set("score", yaml::Node::plain(std::to_string(score.total)));
    auto reasons = yaml::Node::sequence();
    for (const auto& r : m.reasons.empty() ? score.reasons() : m.reasons)
        reasons.items.push_back(yaml::Node::text(r));
    if (!reasons.items.empty()) doc.set("reasons", std::move(reasons));

    StatusPlan plan;
    plan.updates.push_back(Update{Kind::match, id, std::move(doc)});
    if (m.rematch)
        plan.notes.push_back(fmt::format("{} and {} are matched again (before: {}).", p->id, l->id,
                                         join(earlier, "; ")));
    LeaderStatus leader_to =
        m.status == MatchStatus::active ? LeaderStatus::matched : LeaderStatus::waiting;
    if (l->status != leader_to) {
        plan.updates.push_back(leader_status(store, l->id, leader_to, m.date));
        plan.notes.push_back(fmt::format("{} is now {}.", l->id, leader_to));
    }
    return plan;
}

AddedMatch plan_match_add(const RecordStore& store, const Programme& programme, NewMatch m) {
    m.partner = store.resolve(Kind::partner, m.partner);
    m.leader = store.resolve(Kind::leader, m.leader);
    std::string id = store.new_id(Kind::match);
    return AddedMatch{id, plan_new_match(store, programme, id, m)};
}

NewMatches plan_suggested_matches(const RecordStore& store, const Programme& programme,
                                  const Suggestions& suggestions, const Date& today) {
    NewMatches out;
    for (const auto& s : suggestions.pairs) {
        std::string id;
        do
            id = store.new_id(Kind::match);
        while (std::find(out.ids.begin(), out.ids.end(), id) != out.ids.end());
        out.ids.push_back(id);
        NewMatch m{.partner = s.partner,
                   .leader = s.leader,
                   .status = MatchStatus::proposed,
                   .date = today,
                   .group = {},
                   .score = s.score,
                   .reasons = {}};
        auto plan = plan_new_match(store, programme, id, m);
        for (auto& u : plan.updates)
            out.plan.updates.push_back(std::move(u));
        for (auto& note : plan.notes)
            out.plan.notes.push_back(std::move(note));
    }
    return out;
}

StatusPlan plan_match_move(const RecordStore& store, const Programme& programme,
                           const std::string& id, MatchStatus to, const Date& date,
                           const std::string& reason, const std::string& category) {
    if (!category.empty())
        require_in_vocabulary(store.settings().vocabularies, "end_categories", {category},
                              "end_category");
    const Match* m = programme.match(id);
    if (!m) throw store.fails_check(Kind::match, id);
    if (!m->status) throw store.fails_check(Kind::match, id);
    const MatchStatus from = *m->status;
    if (!can_move(from, to)) {
        std::vector<std::string> next_words;
        for (MatchStatus e : next(from))
            next_words.emplace_back(word(e));
        throw Error(ExitCode::refused, fmt::format("{} is {} and cannot become {}", id, from, to),
                    next_words.empty()
                        ? "it has finished and stays as it is"
                        : fmt::format("from {} it can become {}", from, one_of(next_words)));
    }
    StatusPlan plan;
    Update self{Kind::match, id, store.require(id).doc};
    move_to(self.doc, Kind::match, id, word(to), date);
    if (to == MatchStatus::active && from == MatchStatus::proposed) {
        const Partner* p = programme.partner(m->partner);
        const Leader* l = programme.leader(m->leader);
        // A proposal made before one of them was forgotten (or met the forgetting in a merge).
        if ((p && p->forgotten) || (l && l->forgotten))
            throw Error(ExitCode::refused,
                        fmt::format("{} was forgotten at their request and is not matched again",
                                    p && p->forgotten ? p->id : l->id),
                        fmt::format("end this proposal: `vfi match end {} --category other`", id));
        if (!p || p->status != PartnerStatus::active)
            throw Error(
                ExitCode::refused,
                fmt::format("{} is {}, not active", m->partner, p ? word(p->status) : "missing"),
                "a match starts only with an active partner");
        require_in_the_programme_then(*p, nullptr, date);
        // Capacity may have changed since the match was proposed.
        long running = 0;
        for (const Match* other : programme.matches_of_partner(p->id))
            if (vfi::running(other->status)) ++running;
        if (running >= p->capacity)
            throw Error(ExitCode::refused,
                        fmt::format("{} already has {} running, its whole capacity of {}", p->id,
                                    counted(running, "match", "matches"), p->capacity),
                        fmt::format("raise the capacity (`vfi partner set {} capacity=N`) or end "
                                    "another match first",
                                    p->id));
        // A leader has one partner at a time, even when two proposals met in a git merge.
        for (const Match* other : programme.matches_of_leader(m->leader))
            if (other->id != id && vfi::running(other->status))
                throw Error(ExitCode::refused,
                            fmt::format("{} already has a running match, {} ({})", m->leader,
                                        other->id, word(other->status)),
                            fmt::format("end it first with `vfi match end {}`, or end this "
                                        "proposal with `vfi match end {} --category CATEGORY`",
                                        other->id, id));
        self.doc.set("started", yaml::Node::plain(date.str()));
    }
    bool ending = final(to);
    if (ending) {
        self.doc.set("ended", yaml::Node::plain(date.str()));
        if (!category.empty()) self.doc.set("end_category", yaml::Node::plain(category));
        if (!reason.empty()) self.doc.set("end_reason", yaml::Node::text(reason));
    }
    plan.updates.push_back(std::move(self));

    // The leader follows: matched while a match runs; completed or waiting again after.
    const Leader* l = programme.leader(m->leader);
    if (!l) return plan;
    bool other_open = false;
    for (const Match* other : programme.matches_of_leader(l->id))
        if (other->id != id && holds_a_place(other->status)) other_open = true;
    using LS = LeaderStatus;
    std::optional<LS> leader_to = l->status;
    if (to == MatchStatus::active && l->status != LS::matched) leader_to = LS::matched;
    if (to == MatchStatus::completed && !other_open && l->status != LS::withdrawn)
        leader_to = LS::completed;
    if (to == MatchStatus::ended && !other_open &&
        (l->status == LS::matched || l->status == LS::waiting))
        leader_to = LS::waiting;
    if (leader_to && leader_to != l->status) {
        Update u = leader_status(store, l->id, *leader_to, date);
        if (leader_to == LS::completed) u.doc.set("left", yaml::Node::plain(date.str()));
        plan.updates.push_back(std::move(u));
        plan.notes.push_back(
            leader_to == LS::waiting
                ? fmt::format(
                      "{} is waiting for a new partner (use `vfi leader status {} withdrawn` "
                      "if they are leaving).",
                      l->id, l->id)
                : fmt::format("{} is now {}.", l->id, *leader_to));
    }
    if (ending)
        if (const Partner* p = programme.partner(m->partner);
            p && p->status == PartnerStatus::active)
            plan.notes.push_back(fmt::format("{} has a place free.", m->partner));
    return plan;
}

}  // namespace vfi
