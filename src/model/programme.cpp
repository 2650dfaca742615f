#include "vfi/model/programme.hpp"

#include <algorithm>
#include <cstdint>
#include <string_view>

namespace vfi {

namespace {

// A field's first 16 bytes as two numbers that order as the bytes do (unsigned, zeros past
// the end), with the record's place: sorted mostly without reaching into the records, which
// on a national set are far apart in memory.
struct SortKey {
    std::uint64_t high = 0, low = 0;
    std::size_t at = 0;
};

SortKey sort_key(std::string_view text, std::size_t at) {
    SortKey key{0, 0, at};
    for (std::size_t i = 0; i < 16; ++i) {
        std::uint64_t byte = i < text.size() ? static_cast<unsigned char>(text[i]) : 0;
        (i < 8 ? key.high : key.low) |= byte << (8 * (7 - i % 8));
    }
    return key;
}

// The places of `records` in order of `field`, those with the same in their own order; those
// with none left out unless `with_none`. (No copy of any field: a national programme's
// sessions are hundreds of thousands.)
template <typename T>
Programme::Index<T> index_by(const std::vector<T>& records, std::string T::*field, bool with_none) {
    std::vector<SortKey> keys;
    keys.reserve(records.size());
    for (std::size_t i = 0; i < records.size(); ++i)
        if (with_none || !(records[i].*field).empty())
            keys.push_back(sort_key(records[i].*field, i));
    std::sort(keys.begin(), keys.end(), [&](const SortKey& a, const SortKey& b) {
        if (a.high != b.high) return a.high < b.high;
        if (a.low != b.low) return a.low < b.low;
        const std::string& x = records[a.at].*field;
        const std::string& y = records[b.at].*field;
        int order = x.size() < 16 && y.size() < 16 ? 0 : x.compare(y);
        if (order == 0) order = x.size() < y.size() ? -1 : x.size() > y.size() ? 1 : 0;
        return order != 0 ? order < 0 : a.at < b.at;
    });
    Programme::Index<T> index{field, {}};
    index.at.reserve(keys.size());
    for (const auto& key : keys)
        index.at.push_back(key.at);
    return index;
}

template <typename T>
auto id_of(const std::vector<T>& list) {
    return [&list](std::size_t i) -> std::string_view { return list[i].id; };
}

template <typename T>
IdTable id_table(const std::vector<T>& list) {
    return IdTable(list.size(), id_of(list));
}

}  // namespace

Programme::Programme(const RecordStore& store) : Programme(store, {}, {}) {}

Programme::Programme(const RecordStore& store, std::vector<Leader> streamed_leaders,
                     std::vector<Session> streamed_sessions,
                     std::vector<Reflection> streamed_reflections,
                     std::vector<Partner> streamed_partners, std::vector<Match> streamed_matches)
    : partners(std::move(streamed_partners)),
      leaders(std::move(streamed_leaders)),
      matches(std::move(streamed_matches)),
      sessions(std::move(streamed_sessions)),
      reflections(std::move(streamed_reflections)) {
    for (const auto& r : store.records(Kind::partner))
        partners.push_back(to_partner(r));
    for (const auto& r : store.records(Kind::leader))
        leaders.push_back(to_leader(r));
    for (const auto& r : store.records(Kind::match))
        matches.push_back(to_match(r));
    for (const auto& r : store.records(Kind::session))
        sessions.push_back(to_session(r));
    for (const auto& r : store.records(Kind::reflection))
        reflections.push_back(to_reflection(r));
    by_partner_ = index_by(matches, &Match::partner, true);
    by_leader_ = index_by(matches, &Match::leader, true);
    sessions_by_match_ = index_by(sessions, &Session::match, false);
    partner_at_ = id_table(partners);
    leader_at_ = id_table(leaders);
    match_at_ = id_table(matches);
}

namespace {

template <typename T>
const T* find_by_id(const std::vector<T>& list, const IdTable& table, std::string_view id) {
    std::size_t at = table.find(id, id_of(list));
    return at == IdTable::none ? nullptr : &list[at];
}

}  // namespace

const Partner* Programme::partner(std::string_view id) const {
    return find_by_id(partners, partner_at_, id);
}
const Leader* Programme::leader(std::string_view id) const {
    return find_by_id(leaders, leader_at_, id);
}
const Match* Programme::match(std::string_view id) const {
    return find_by_id(matches, match_at_, id);
}

namespace {

// The records an index holds under `id`, in their own order (sorted by id).
template <typename T>
std::vector<const T*> lookup(const Programme::Index<T>& index, const std::vector<T>& records,
                             std::string_view id) {
    auto field = index.field;
    auto it =
        std::lower_bound(index.at.begin(), index.at.end(), id,
                         [&](std::size_t i, std::string_view v) { return records[i].*field < v; });
    std::vector<const T*> out;
    for (; it != index.at.end() && records[*it].*field == id; ++it)
        out.push_back(&records[*it]);
    return out;
}

void by_date(std::vector<const Session*>& sessions) {
    std::stable_sort(sessions.begin(), sessions.end(),
                     [](const Session* a, const Session* b) { return a->date < b->date; });
}

}  // namespace

std::vector<const Match*> Programme::matches_of_partner(std::string_view id) const {
    return lookup(by_partner_, matches, id);
}

std::vector<const Match*> Programme::matches_of_leader(std::string_view id) const {
    return lookup(by_leader_, matches, id);
}

std::vector<const Session*> Programme::sessions_of_match(std::string_view id) const {
    auto out = lookup(sessions_by_match_, sessions, id);
    by_date(out);
    return out;
}

std::vector<std::string> Programme::partners_of(const Session& s) const {
    return partners_of(s, s.match.empty() ? nullptr : match(s.match));
}

std::vector<std::string> Programme::partners_of(const Session& s, const Match* m) {
    if (s.type != SessionType::coaching && !s.partners.empty()) return s.partners;
    if (!m) return {};
    return {m->partner};
}

std::vector<const Session*> Programme::sessions_of_partner(std::string_view id) const {
    std::vector<const Session*> out;
    for (const auto& s : sessions) {
        auto who = partners_of(s);
        if (std::find(who.begin(), who.end(), id) != who.end()) out.push_back(&s);
    }
    by_date(out);
    return out;
}

std::vector<std::string> Programme::leaders_of(const Session& s) const {
    std::vector<std::string> out = s.leaders;
    const Match* m = s.match.empty() ? nullptr : match(s.match);
    if (m && std::find(out.begin(), out.end(), m->leader) == out.end())
        out.insert(out.begin(), m->leader);
    return out;
}

std::vector<const Session*> Programme::sessions_of_leader(std::string_view id) const {
    std::vector<const Session*> out;
    for (const Match* m : matches_of_leader(id))
        for (const Session* s : sessions_of_match(m->id))
            out.push_back(s);
    for (const auto& s : sessions)
        if (std::find(s.leaders.begin(), s.leaders.end(), id) != s.leaders.end() &&
            std::find(out.begin(), out.end(), &s) == out.end())
            out.push_back(&s);
    by_date(out);
    return out;
}

long Programme::places_taken(std::string_view partner_id) const {
    long taken = 0;
    for (const Match* m : matches_of_partner(partner_id))
        if (holds_a_place(m->status)) ++taken;
    return taken;
}

long Programme::spare_capacity(const Partner& p) const {
    return std::max(0L, p.capacity - places_taken(p.id));
}

bool Programme::available(const Partner& p) const {
    return p.status == PartnerStatus::active && p.training_completed && !p.forgotten &&
           !p.contributor && spare_capacity(p) > 0;
}

bool Programme::waiting(const Leader& l) const {
    if (l.status != LeaderStatus::waiting || l.forgotten) return false;
    for (const Match* m : matches_of_leader(l.id))
        if (holds_a_place(m->status)) return false;
    return true;
}

}  // namespace vfi
