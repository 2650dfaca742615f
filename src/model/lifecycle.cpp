#include "vfi/model/lifecycle.hpp"

#include <algorithm>
#include <map>

#include <fmt/format.h>

#include "vfi/base/text.hpp"

namespace vfi {
namespace {

using Moves = std::map<std::string, std::vector<std::string>, std::less<>>;

const Moves& moves(Kind kind) {
    // product.md: enquiry → training → active ⇄ paused → alumni | withdrawn
    static const Moves partner = {{"enquiry", {"training", "withdrawn"}},
                                  {"training", {"active", "withdrawn"}},
                                  {"active", {"paused", "alumni", "withdrawn"}},
                                  {"paused", {"active", "alumni", "withdrawn"}},
                                  {"alumni", {}},
                                  {"withdrawn", {}}};
    // enquiry → waiting → matched → completed | withdrawn (and back to waiting if a match ends)
    static const Moves leader = {{"enquiry", {"waiting", "withdrawn"}},
                                 {"waiting", {"matched", "withdrawn"}},
                                 {"matched", {"waiting", "completed", "withdrawn"}},
                                 {"completed", {}},
                                 {"withdrawn", {}}};
    // proposed → active ⇄ paused → completed | ended
    static const Moves match = {{"proposed", {"active", "ended"}},
                                {"active", {"paused", "completed", "ended"}},
                                {"paused", {"active", "completed", "ended"}},
                                {"completed", {}},
                                {"ended", {}}};
    static const Moves none;
    switch (kind) {
        case Kind::partner:
            return partner;
        case Kind::leader:
            return leader;
        case Kind::match:
            return match;
        default:
            return none;
    }
}

bool leaving(Kind kind, std::string_view status) {
    if (kind == Kind::partner) return status == "alumni" || status == "withdrawn";
    if (kind == Kind::leader) return status == "completed" || status == "withdrawn";
    return status == "completed" || status == "ended";
}

void set_date(yaml::Node& doc, std::string_view key, const Date& date) {
    doc.set(key, yaml::Node::plain(date.str()));
}

// A match that ends because a person left: completed when it ran its course, else ended
// early, in the category `who` withdrew (partner-withdrew, leader-withdrew).
Update close_match(const RecordStore& store, const Match& m, const std::string& status,
                   const Date& date, const std::string& why, const std::string& category) {
    Update u{Kind::match, m.id, store.require(m.id).doc};
    u.doc.set("status", yaml::Node::plain(status));
    set_date(u.doc, "ended", date);
    if (status == "ended") u.doc.set("end_category", yaml::Node::plain(category));
    u.doc.set("end_reason", yaml::Node::text(why));
    return u;
}

}  // namespace

std::vector<std::string> next_statuses(Kind kind, std::string_view from) {
    const auto& m = moves(kind);
    auto it = m.find(from);
    return it == m.end() ? std::vector<std::string>{} : it->second;
}

StatusPlan plan_status_change(const RecordStore& store, const Programme& programme, Kind kind,
                              const std::string& id, const std::string& to, const Date& date,
                              const std::string& reason) {
    const Record& record = store.require(id);
    std::string from = field_text(record.doc, "status");
    const auto* all = store.settings().vocabularies.find(kind == Kind::partner  ? "partner_status"
                                                         : kind == Kind::leader ? "leader_status"
                                                                                : "match_status");
    if (all && std::find(all->begin(), all->end(), to) == all->end()) {
        std::string near = nearest(to, *all);
        throw Error(ExitCode::usage, fmt::format("'{}' is not a {} status", to, kind_name(kind)),
                    (near.empty() ? "" : fmt::format("did you mean '{}'? ", near)) +
                        fmt::format("The statuses are {}", join(*all, ", ")));
    }
    if (from == to)
        throw Error(ExitCode::refused, fmt::format("{} is already {}", id, to),
                    "nothing was changed");
    auto next = next_statuses(kind, from);
    if (std::find(next.begin(), next.end(), to) == next.end())
        throw Error(
            ExitCode::refused, fmt::format("{} cannot go from {} to {}", id, from, to),
            next.empty()
                ? fmt::format("{} is a final status; edit the record with `vfi {} edit {}` if "
                              "it was set by mistake",
                              from, kind_command(kind), id)
                : fmt::format("from {} it can go to {}", from, one_of(next)));
    if (!reason.empty() && !leaving(kind, to))
        throw Error(
            ExitCode::usage, "--reason is kept only when someone leaves",
            fmt::format("use it with {}",
                        kind == Kind::partner ? "alumni or withdrawn" : "completed or withdrawn"));

    StatusPlan plan;
    Update self{kind, id, record.doc};
    self.doc.set("status", yaml::Node::plain(to));

    if (kind == Kind::partner) {
        const Partner* p = programme.partner(id);
        if (to == "active" && (!p || !p->training_completed))
            throw Error(
                ExitCode::refused, fmt::format("{} has not completed training", id),
                fmt::format("record it first: `vfi partner set {} training.completed=YYYY-MM-DD`",
                            id));
        if (to == "active" && !field_date(self.doc, "joined")) set_date(self.doc, "joined", date);
        if (leaving(kind, to)) {
            set_date(self.doc, "left", date);
            if (!reason.empty()) self.doc.set("left_reason", yaml::Node::text(reason));
        }
        plan.updates.push_back(std::move(self));
        std::vector<const Match*> open;
        for (const Match* m : programme.matches_of_partner(id))
            if (is_open(m->status)) open.push_back(m);
        if (to == "paused" && !open.empty()) {
            std::vector<std::string> ids;
            for (const Match* m : open)
                ids.push_back(m->id);
            plan.notes.push_back(
                fmt::format("{}'s matches stay as they are ({}); pause them with `vfi match pause` "
                            "if sessions stop",
                            id, join(ids, ", ")));
        }
        if (leaving(kind, to)) {
            for (const Match* m : open) {
                plan.updates.push_back(close_match(store, *m, "ended", date,
                                                   "the partner left the programme",
                                                   "partner-withdrew"));
                std::string note = fmt::format("{} ended (the partner left)", m->id);
                // The leader goes back to waiting unless another match is still open for them.
                const Leader* l = programme.leader(m->leader);
                bool other_open = false;
                for (const Match* lm : programme.matches_of_leader(m->leader))
                    if (lm->id != m->id && is_open(lm->status)) other_open = true;
                if (l && l->status == "matched" && !other_open) {
                    Update lu{Kind::leader, l->id, store.require(l->id).doc};
                    lu.doc.set("status", yaml::Node::plain("waiting"));
                    plan.updates.push_back(std::move(lu));
                    note += fmt::format("; {} is waiting for a new partner", l->id);
                }
                plan.notes.push_back(note);
            }
        }
    } else if (kind == Kind::leader) {
        std::vector<const Match*> open;
        for (const Match* m : programme.matches_of_leader(id))
            if (is_open(m->status)) open.push_back(m);
        bool running = std::any_of(open.begin(), open.end(), [](const Match* m) {
            return m->status == "active" || m->status == "paused";
        });
        if (to == "matched" && !running)
            throw Error(ExitCode::refused, fmt::format("{} has no active match", id),
                        "accept a proposed match with `vfi match accept`, which also sets the "
                        "leader's status");
        if (to == "waiting" && running)
            throw Error(ExitCode::refused, fmt::format("{} still has an active match", id),
                        "end it with `vfi match end`, which puts the leader back to waiting");
        if (leaving(kind, to)) {
            set_date(self.doc, "left", date);
            if (!reason.empty()) self.doc.set("left_reason", yaml::Node::text(reason));
        }
        plan.updates.push_back(std::move(self));
        if (leaving(kind, to))
            for (const Match* m : open) {
                bool ran = to == "completed" && m->status != "proposed";
                plan.updates.push_back(close_match(
                    store, *m, ran ? "completed" : "ended", date,
                    ran ? "the leader completed the programme" : "the leader left the programme",
                    to == "withdrawn" ? "leader-withdrew" : "other"));
                plan.notes.push_back(
                    fmt::format("{} {} with the leader; partner {} has a place free", m->id,
                                ran ? "completed" : "ended", m->partner));
            }
    } else {
        plan.updates.push_back(std::move(self));
    }
    return plan;
}

}  // namespace vfi
