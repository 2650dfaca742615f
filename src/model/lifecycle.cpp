#include "vfi/model/lifecycle.hpp"

#include <algorithm>
#include <map>

#include <fmt/format.h>

#include "vfi/base/text.hpp"

namespace vfi {
namespace {

void set_date(yaml::Node& doc, std::string_view key, const Date& date) {
    doc.set(key, yaml::Node::plain(date.str()));
}

yaml::Node history_node(const std::vector<WordStep>& steps) {
    auto list = yaml::Node::sequence();
    for (const auto& step : steps) {
        auto item = yaml::Node::map();
        if (step.date != Date{}) item.set("date", yaml::Node::plain(step.date.str()));
        item.set("status", yaml::Node::text(step.status));
        list.items.push_back(std::move(item));
    }
    return list;
}

// A match that ends because a person left: completed when it ran its course, else ended
// early, in the category `who` withdrew (partner-withdrew, leader-withdrew).
Update close_match(const RecordStore& store, const Match& m, MatchStatus status, const Date& date,
                   const std::string& why, const std::string& category) {
    Update u{Kind::match, m.id, store.require(m.id).doc};
    move_to(u.doc, Kind::match, m.id, word(status), date);
    set_date(u.doc, "ended", date);
    if (status == MatchStatus::ended) u.doc.set("end_category", yaml::Node::plain(category));
    u.doc.set("end_reason", yaml::Node::text(why));
    return u;
}

// The checks every status change makes: a word of the format, a move the lifecycle allows,
// and --reason only when someone leaves.
template <Worded E>
E checked_move(const Record& record, Kind kind, const std::string& to_word,
               const std::string& reason) {
    std::optional<E> to = parse_word<E>(to_word);
    if (!to) {
        auto all = words<E>();
        std::string near = nearest(to_word, all);
        throw Error(ExitCode::usage,
                    fmt::format("'{}' is not a {} status", to_word, kind_name(kind)),
                    (near.empty() ? "" : fmt::format("did you mean '{}'? ", near)) +
                        fmt::format("The statuses are {}", join(all, ", ")));
    }
    std::string from_word = field_text(record.doc, "status");
    std::optional<E> from = parse_word<E>(from_word);
    if (from == to)
        throw Error(ExitCode::refused, fmt::format("{} is already {}", record.id, *to),
                    "nothing was changed");
    if (!from || !can_move(*from, *to)) {
        std::vector<std::string> next_words;
        if (from)
            for (E e : next(*from))
                next_words.emplace_back(word(e));
        throw Error(ExitCode::refused,
                    fmt::format("{} cannot go from {} to {}", record.id, from_word, *to),
                    next_words.empty()
                        ? fmt::format("{} is a final status; edit the record with `vfi {} edit {}` "
                                      "if it was set by mistake",
                                      from_word, kind_command(kind), record.id)
                        : fmt::format("from {} it can go to {}", from_word, one_of(next_words)));
    }
    if (!reason.empty() && !final(*to))
        throw Error(
            ExitCode::usage, "--reason is kept only when someone leaves",
            fmt::format("use it with {}",
                        kind == Kind::partner ? "alumni or withdrawn" : "completed or withdrawn"));
    return *to;
}

void mark_left(yaml::Node& doc, const Date& date, const std::string& reason) {
    set_date(doc, "left", date);
    if (!reason.empty()) doc.set("left_reason", yaml::Node::text(reason));
}

std::vector<const Match*> open_matches(const std::vector<const Match*>& matches) {
    std::vector<const Match*> open;
    for (const Match* m : matches)
        if (holds_a_place(m->status)) open.push_back(m);
    return open;
}

void plan_partner(StatusPlan& plan, const RecordStore& store, const Programme& programme,
                  Update self, PartnerStatus to, const Date& date, const std::string& reason) {
    const std::string id = self.id;
    const Partner* p = programme.partner(id);
    if (to == PartnerStatus::active && (!p || (!p->training_completed && !p->contributor)))
        throw Error(
            ExitCode::refused, fmt::format("{} has not completed training", id),
            fmt::format("record it first: `vfi partner set {} training.completed=YYYY-MM-DD`", id));
    if (to == PartnerStatus::active && p->training_completed && date < *p->training_completed)
        throw Error(ExitCode::bad_data, {}, "date",
                    fmt::format("{} is before {} completed training ({})", date.str(), id,
                                p->training_completed->str()),
                    "a partner becomes active once trained: give the day they became active, or "
                    "correct training.completed");
    if (to == PartnerStatus::active && !field_date(self.doc, "joined"))
        set_date(self.doc, "joined", date);
    if (final(to)) mark_left(self.doc, date, reason);
    plan.updates.push_back(std::move(self));
    std::vector<const Match*> open = open_matches(programme.matches_of_partner(id));
    if (to == PartnerStatus::paused && !open.empty()) {
        std::vector<std::string> ids;
        for (const Match* m : open)
            ids.push_back(m->id);
        plan.notes.push_back(
            fmt::format("{}'s matches stay as they are ({}); pause them with `vfi match pause` "
                        "if sessions stop",
                        id, join(ids, ", ")));
    }
    if (!final(to)) return;
    for (const Match* m : open) {
        plan.updates.push_back(close_match(store, *m, MatchStatus::ended, date,
                                           "the partner left the programme", "partner-withdrew"));
        std::string note = fmt::format("{} ended (the partner left)", m->id);
        // The leader goes back to waiting unless another match is still open for them.
        const Leader* l = programme.leader(m->leader);
        bool other_open = false;
        for (const Match* lm : programme.matches_of_leader(m->leader))
            if (lm->id != m->id && holds_a_place(lm->status)) other_open = true;
        if (l && l->status == LeaderStatus::matched && !other_open) {
            Update lu{Kind::leader, l->id, store.require(l->id).doc};
            move_to(lu.doc, Kind::leader, l->id, word(LeaderStatus::waiting), date);
            plan.updates.push_back(std::move(lu));
            note += fmt::format("; {} is waiting for a new partner", l->id);
        }
        plan.notes.push_back(note);
    }
}

void plan_leader(StatusPlan& plan, const RecordStore& store, const Programme& programme,
                 Update self, LeaderStatus to, const Date& date, const std::string& reason) {
    const std::string id = self.id;
    std::vector<const Match*> open = open_matches(programme.matches_of_leader(id));
    bool is_running =
        std::any_of(open.begin(), open.end(), [](const Match* m) { return running(m->status); });
    if (to == LeaderStatus::matched && !is_running)
        throw Error(ExitCode::refused, fmt::format("{} has no active match", id),
                    "accept a proposed match with `vfi match accept`, which also sets the "
                    "leader's status");
    if (to == LeaderStatus::waiting && is_running)
        throw Error(ExitCode::refused, fmt::format("{} still has an active match", id),
                    "end it with `vfi match end`, which puts the leader back to waiting");
    if (final(to)) mark_left(self.doc, date, reason);
    plan.updates.push_back(std::move(self));
    if (!final(to)) return;
    for (const Match* m : open) {
        bool ran = to == LeaderStatus::completed && m->status != MatchStatus::proposed;
        plan.updates.push_back(close_match(
            store, *m, ran ? MatchStatus::completed : MatchStatus::ended, date,
            ran ? "the leader completed the programme" : "the leader left the programme",
            to == LeaderStatus::withdrawn ? "leader-withdrew" : "other"));
        plan.notes.push_back(
            fmt::format("{} {} with the leader; partner {} has a place free", m->id,
                        word(ran ? MatchStatus::completed : MatchStatus::ended), m->partner));
    }
}

}  // namespace

void move_to(yaml::Node& doc, Kind kind, const std::string& id, std::string_view status,
             const Date& date) {
    std::vector<WordStep> steps = history_words(kind, doc);
    if (Date::today() < date)
        throw Error(ExitCode::bad_data, {}, "date", fmt::format("{} is in the future", date.str()),
                    "record a change of status on or after the day it happens");
    if (!steps.empty() && date < steps.back().date)
        throw Error(ExitCode::bad_data, {}, "date",
                    fmt::format("{} is before {}'s last change of status ({} on {})", date.str(),
                                id, steps.back().status, steps.back().date.str()),
                    fmt::format("give the day it happened, on or after {}; if that last change is "
                                "wrong, correct the history with `vfi {} edit {}`",
                                steps.back().date.str(), kind_command(kind), id));
    steps.push_back({date, std::string(status)});
    doc.set("status", yaml::Node::plain(std::string(status)));
    doc.set("history", history_node(steps));
}

namespace {

// The step of `history` that `key` stands for (see keep_history_in_step), or nullptr.
yaml::Node* step_for(yaml::Node& history, Kind kind, std::string_view key) {
    auto first_with = [&](std::string_view status) -> yaml::Node* {
        for (auto& step : history.items)
            if (field_text(step, "status") == status) return &step;
        return nullptr;
    };
    bool leaving = key == "left" || key == "ended";
    if (leaving) {
        if (history.items.empty()) return nullptr;
        yaml::Node& last = history.items.back();
        std::string status = field_text(last, "status");
        bool is_final = kind == Kind::partner  ? final(parse_word<PartnerStatus>(status))
                        : kind == Kind::leader ? final(parse_word<LeaderStatus>(status))
                                               : final(parse_word<MatchStatus>(status));
        return is_final ? &last : nullptr;
    }
    if (kind == Kind::partner && key == "joined") return first_with(word(PartnerStatus::active));
    if (kind == Kind::match && key == "started") return first_with(word(MatchStatus::active));
    if (kind == Kind::match && key == "proposed") return first_with(word(MatchStatus::proposed));
    if (kind == Kind::leader && key == "enquired") return first_with(word(LeaderStatus::enquiry));
    return nullptr;
}

}  // namespace

void keep_history_in_step(yaml::Node& doc, Kind kind, std::string_view key) {
    yaml::Node* history = doc.find("history");
    if (!history || !history->is_sequence()) return;
    yaml::Node* step = step_for(*history, kind, key);
    auto date = field_date(doc, key);
    if (step && date && step->is_map()) step->set("date", yaml::Node::plain(date->str()));
}

std::vector<std::pair<std::string, std::string>> history_disagreements(const yaml::Node& doc,
                                                                       Kind kind) {
    std::vector<std::pair<std::string, std::string>> out;
    yaml::Node history = doc.find("history") ? *doc.find("history") : yaml::Node{};
    if (!history.is_sequence()) return out;
    for (const char* key : {"joined", "left", "enquired", "proposed", "started", "ended"}) {
        auto date = field_date(doc, key);
        yaml::Node* step = date ? step_for(history, kind, key) : nullptr;
        auto said = step ? field_date(*step, "date") : std::nullopt;
        if (said && *said != *date)
            out.push_back(
                {key, fmt::format("{} is not the day its history says ({}, {})", date->str(),
                                  field_text(*step, "status"), said->str())});
    }
    return out;
}

yaml::Node first_history(std::string_view status, const Date& date) {
    return history_node({{date, std::string(status)}});
}

StatusPlan plan_status_change(const RecordStore& store, const Programme& programme, Kind kind,
                              const std::string& id, const std::string& to, const Date& date,
                              const std::string& reason) {
    const Record& record = store.require(id);
    StatusPlan plan;
    Update self{kind, id, record.doc};
    if (kind == Kind::partner) {
        auto status = checked_move<PartnerStatus>(record, kind, to, reason);
        move_to(self.doc, kind, id, to, date);
        plan_partner(plan, store, programme, std::move(self), status, date, reason);
    } else if (kind == Kind::leader) {
        auto status = checked_move<LeaderStatus>(record, kind, to, reason);
        move_to(self.doc, kind, id, to, date);
        plan_leader(plan, store, programme, std::move(self), status, date, reason);
    } else {
        checked_move<MatchStatus>(record, kind, to, reason);
        move_to(self.doc, kind, id, to, date);
        plan.updates.push_back(std::move(self));
    }
    return plan;
}

}  // namespace vfi
