#include "vfi/ops/suggest.hpp"

#include <algorithm>
#include <map>
#include <set>

#include <fmt/format.h>

#include "vfi/base/text.hpp"
#include "vfi/ops/solver.hpp"

namespace vfi {
namespace {

const std::vector<std::string> all_modes = {"online", "phone", "in-person"};

// Not saying how one can meet is taken as any way.
std::vector<std::string> modes_of(const std::vector<std::string>& modes) {
    return modes.empty() ? all_modes : modes;
}

std::vector<std::string> shared(const std::vector<std::string>& a,
                                const std::vector<std::string>& b) {
    std::vector<std::string> out;
    for (const auto& x : a)
        if (std::find(b.begin(), b.end(), x) != b.end() &&
            std::find(out.begin(), out.end(), x) == out.end())
            out.push_back(x);
    return out;
}

}  // namespace

std::string_view label(Criterion c) {
    switch (c) {
        case Criterion::focus:
            return "shared focus";
        case Criterion::lived_experience:
            return "lived experience of";
        case Criterion::region:
            return "same region";
        case Criterion::balance:
            return "places free";
    }
    return {};
}

std::vector<std::string> Score::reasons() const {
    std::vector<std::string> out;
    for (const auto& c : criteria)
        out.push_back(fmt::format("{}: {} (+{})", label(c.criterion), c.detail, c.points));
    return out;
}

std::optional<Broken> hard_constraint_broken(const Programme& programme, const Partner& p,
                                             const Leader& l, bool rematch) {
    using C = Constraint;
    if (p.forgotten || l.forgotten)
        return Broken{C::forgotten,
                      fmt::format("{} was forgotten at their request and is not matched again",
                                  p.forgotten ? p.id : l.id)};
    if (p.contributor)
        return Broken{C::contributor,
                      fmt::format("{} is a paid contributor, not a Lived Experience Partner, and "
                                  "is never matched",
                                  p.id)};
    if (p.status != PartnerStatus::active)
        return Broken{C::partner_not_active,
                      fmt::format("{} is {}, not active", p.id, word(p.status))};
    if (!p.training_completed)
        return Broken{C::not_trained, fmt::format("{} has not completed training", p.id)};
    auto modes = shared(modes_of(p.modes), modes_of(l.modes));
    if (modes.empty())
        return Broken{C::no_shared_mode,
                      fmt::format("{} shares no meeting mode with {}", p.id, l.id)};
    // `national` is every region: someone national meets anyone, wherever they are.
    bool national = p.region == "national" || l.region == "national";
    if (modes == std::vector<std::string>{"in-person"} && !national &&
        (p.region.empty() || p.region != l.region))
        return Broken{C::in_person_apart,
                      fmt::format("{} and {} can meet only in person but are in different regions",
                                  p.id, l.id)};
    for (const auto& c : p.conflicts) {
        // A leader's id in any case (`l-3bg3kx`), or their organisation however spaced.
        bool names_leader = squash(c) == squash(l.id);
        if (names_leader || (!l.organisation.empty() && squash(c) == squash(l.organisation)))
            return Broken{C::conflict, fmt::format("{} has a conflict of interest with {}", p.id,
                                                   names_leader ? l.id : l.organisation)};
    }
    for (const Match* m : programme.matches_of_leader(l.id))
        if (m->partner == p.id && (holds_a_place(m->status) || !rematch))
            return holds_a_place(m->status)
                       ? Broken{C::open_match,
                                fmt::format("{} already has match {} with {}", l.id, m->id, p.id)}
                       : Broken{C::matched_before,
                                fmt::format("{} and {} were matched before ({}, {})", p.id, l.id,
                                            m->id, word(m->status))};
    if (programme.spare_capacity(p) <= 0)
        return Broken{C::at_capacity, fmt::format("{} is at capacity ({} of {} places taken)", p.id,
                                                  programme.places_taken(p.id), p.capacity)};
    return std::nullopt;
}

Score score_pair(const MatchingWeights& w, const Partner& p, const Leader& l, long spare) {
    Score s;
    auto focus = shared(l.focus, p.interests);
    if (!focus.empty() && w.focus > 0)
        s.criteria.push_back(
            {Criterion::focus, w.focus * static_cast<long>(focus.size()), join(focus, ", ")});
    auto lived = shared(l.focus, p.lived_experience);
    if (!lived.empty() && w.lived_experience > 0)
        s.criteria.push_back({Criterion::lived_experience,
                              w.lived_experience * static_cast<long>(lived.size()),
                              join(lived, ", ")});
    if (!p.region.empty() && p.region == l.region && w.region > 0)
        s.criteria.push_back({Criterion::region, w.region, p.region});
    if (spare > 0 && w.balance > 0)
        s.criteria.push_back(
            {Criterion::balance, w.balance * spare, fmt::format("{} of {}", spare, p.capacity)});
    for (const auto& c : s.criteria)
        s.total += c.points;
    return s;
}

namespace {

// Why a leader no suggestion could place stayed unplaced, in a coordinator's words.
std::string unplaced_reason(const Programme& programme, const Leader& l,
                            const std::vector<std::string>& eligible) {
    if (!eligible.empty())
        return fmt::format("every eligible partner ({}) is needed for leaders who have no other",
                           join(eligible, ", "));
    std::vector<std::string> trained;
    // The partners each constraint kept from the leader (for a conflict, its sentence).
    std::map<Constraint, std::vector<std::string>> by_reason;
    for (const auto& p : programme.partners) {
        if (p.status != PartnerStatus::active || !p.training_completed || p.forgotten ||
            p.contributor)
            continue;
        trained.push_back(p.id);
        auto broken = hard_constraint_broken(programme, p, l);
        if (!broken) continue;
        switch (broken->constraint) {
            case Constraint::conflict:
                by_reason[Constraint::conflict].push_back(broken->sentence);
                break;
            case Constraint::open_match:
            case Constraint::matched_before:
                by_reason[Constraint::matched_before].push_back(p.id);
                break;
            default:
                by_reason[broken->constraint].push_back(p.id);
        }
    }
    if (trained.empty()) return "no partner is active and trained yet";
    auto few = [](const std::vector<std::string>& ids) {
        std::vector<std::string> shown(
            ids.begin(), ids.begin() + static_cast<long>(std::min<std::size_t>(ids.size(), 4)));
        return join(shown, ", ") +
               (ids.size() > 4 ? fmt::format(" and {} more", ids.size() - 4) : "");
    };
    std::vector<std::string> parts;
    using C = Constraint;
    if (by_reason.count(C::no_shared_mode) && by_reason[C::no_shared_mode].size() == trained.size())
        return fmt::format("no active partner shares a meeting mode ({})",
                           join(modes_of(l.modes), ", "));
    if (by_reason.count(C::at_capacity))
        parts.push_back(fmt::format("the partners sharing a meeting mode are at capacity ({})",
                                    few(by_reason[C::at_capacity])));
    if (by_reason.count(C::in_person_apart))
        parts.push_back(fmt::format("those who could meet only in person are in other regions ({})",
                                    few(by_reason[C::in_person_apart])));
    for (const auto& c : by_reason[C::conflict])
        parts.push_back(c);
    if (by_reason.count(C::matched_before))
        parts.push_back(
            fmt::format("already matched before with {}", few(by_reason[C::matched_before])));
    if (by_reason.count(C::no_shared_mode))
        parts.push_back(fmt::format("{} share no meeting mode", few(by_reason[C::no_shared_mode])));
    return join(parts, "; ");
}

}  // namespace

Suggestions suggest_matches(const Programme& programme, const Settings& settings,
                            const std::vector<std::string>& wanted) {
    Suggestions out;
    // Leaders in the order they have waited; partners by id: the same data, the same answer.
    std::vector<const Leader*> leaders;
    for (const auto& l : programme.leaders) {
        bool named = std::find(wanted.begin(), wanted.end(), l.id) != wanted.end();
        if (!wanted.empty() && !named) continue;
        if (!programme.waiting(l)) {
            if (named) {
                std::string why = l.status == LeaderStatus::waiting
                                      ? "already has an open match"
                                      : fmt::format("is {}, not waiting", word(l.status));
                out.unplaced.push_back({l.id, fmt::format("{} {}", l.id, why)});
            }
            continue;
        }
        leaders.push_back(&l);
    }
    std::stable_sort(leaders.begin(), leaders.end(), [](const Leader* a, const Leader* b) {
        return std::pair(a->enquired.value_or(Date{9999, 1, 1}), a->id) <
               std::pair(b->enquired.value_or(Date{9999, 1, 1}), b->id);
    });

    // Every free place of every partner is a column; later places score less for balance.
    struct Place {
        const Partner* partner;
        long spare;  // places free if this one is taken first
    };
    std::vector<Place> places;
    for (const auto& p : programme.partners) {
        if (p.status != PartnerStatus::active || !p.training_completed || p.forgotten) continue;
        long spare = programme.spare_capacity(p);
        for (long k = 0; k < spare; ++k)
            places.push_back({&p, spare - k});
    }

    std::vector<std::vector<std::optional<std::int64_t>>> matrix(
        leaders.size(), std::vector<std::optional<std::int64_t>>(places.size()));
    std::vector<std::vector<std::string>> eligible(leaders.size());
    for (std::size_t i = 0; i < leaders.size(); ++i) {
        const Partner* last = nullptr;
        bool ok = false;
        long without_balance =
            0;  // the pair's score but for places free, worked out once a partner
        for (std::size_t j = 0; j < places.size(); ++j) {
            if (places[j].partner != last) {
                last = places[j].partner;
                ok = !hard_constraint_broken(programme, *last, *leaders[i]);
                if (ok) {
                    eligible[i].push_back(last->id);
                    without_balance = score_pair(settings.weights, *last, *leaders[i], 0).total;
                }
            }
            if (ok) matrix[i][j] = without_balance + settings.weights.balance * places[j].spare;
        }
    }
    auto chosen = assign_places(matrix);

    for (std::size_t i = 0; i < leaders.size(); ++i) {
        const Leader& l = *leaders[i];
        if (chosen[i] < 0) {
            out.unplaced.push_back({l.id, unplaced_reason(programme, l, eligible[i])});
            continue;
        }
        const Place& place = places[static_cast<std::size_t>(chosen[i])];
        Suggestion s{l.id,
                     place.partner->id,
                     score_pair(settings.weights, *place.partner, l, place.spare),
                     {}};
        for (const auto& other : eligible[i]) {
            if (other == s.partner) continue;
            const Partner* p = programme.partner(other);
            s.runners_up.push_back(
                {other, score_pair(settings.weights, *p, l, programme.spare_capacity(*p)).total});
        }
        std::stable_sort(s.runners_up.begin(), s.runners_up.end(),
                         [](const auto& a, const auto& b) { return a.second > b.second; });
        if (s.runners_up.size() > 3) s.runners_up.resize(3);
        out.pairs.push_back(std::move(s));
    }
    return out;
}

Table suggestion_table(const Suggestions& suggestions, bool runners_up) {
    Table pairs;
    pairs.add_column("leader");
    pairs.add_column("partner");
    pairs.add_column("score", ColumnType::number);
    pairs.add_column("reasons", ColumnType::list);
    if (runners_up) pairs.add_column("runners_up", ColumnType::list);
    for (const auto& s : suggestions.pairs) {
        std::vector<std::string> row = {s.leader, s.partner, std::to_string(s.score.total),
                                        Table::list_cell(s.score.reasons())};
        if (runners_up) {
            std::vector<std::string> others;
            for (const auto& [id, score] : s.runners_up)
                others.push_back(fmt::format("{} ({})", id, score));
            row.push_back(Table::list_cell(others));
        }
        pairs.add_row(std::move(row));
    }
    return pairs;
}

Table unplaced_table(const Suggestions& suggestions) {
    Table unplaced;
    unplaced.add_column("leader");
    unplaced.add_column("reason");
    for (const auto& u : suggestions.unplaced)
        unplaced.add_row({u.leader, u.reason});
    return unplaced;
}

}  // namespace vfi
