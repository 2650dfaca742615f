// A typed, indexed view of the loaded records: who is matched with whom, sessions per match,
// and each partner's spare capacity. Built once per command from the store.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "vfi/base/id_table.hpp"
#include "vfi/model/records.hpp"
#include "vfi/store/store.hpp"

namespace vfi {

class Programme {
  public:
    explicit Programme(const RecordStore& store);
    // The same, with leaders, sessions and reflections (and partners and matches) read by a
    // stream (check_data's CheckStream) in addition to any the store keeps.
    Programme(const RecordStore& store, std::vector<Leader> streamed_leaders,
              std::vector<Session> streamed_sessions,
              std::vector<Reflection> streamed_reflections = {},
              std::vector<Partner> streamed_partners = {},
              std::vector<Match> streamed_matches = {});

    std::vector<Partner> partners;
    std::vector<Leader> leaders;
    std::vector<Match> matches;
    std::vector<Session> sessions;
    std::vector<Reflection> reflections;  // those the command read (the Learning Report's)

    const Partner* partner(std::string_view id) const;
    const Leader* leader(std::string_view id) const;
    const Match* match(std::string_view id) const;

    // Who took part in a session: a coaching session's match's partner; for any other type,
    // the partners it names, or else its match's partner. Every report and listing asks this.
    std::vector<std::string> partners_of(const Session& s) const;
    // The same, for a session read on its own, with its match (null when it has none).
    static std::vector<std::string> partners_of(const Session& s, const Match* m);
    // The leaders who took part: its match's leader, and those it names (`leaders`, as in an
    // action learning group of directors).
    std::vector<std::string> leaders_of(const Session& s) const;

    std::vector<const Match*> matches_of_partner(std::string_view id) const;
    std::vector<const Match*> matches_of_leader(std::string_view id) const;
    // The sessions partners_of counts them in.
    std::vector<const Session*> sessions_of_partner(std::string_view id) const;
    // The sessions leaders_of counts them in.
    std::vector<const Session*> sessions_of_leader(std::string_view id) const;
    std::vector<const Session*> sessions_of_match(std::string_view id) const;

    // Capacity less proposed, active and paused matches (never below 0).
    long places_taken(std::string_view partner_id) const;
    long spare_capacity(const Partner& p) const;
    // A partner who can take a leader now: active, trained, with a free place.
    bool available(const Partner& p) const;
    // A leader waiting for a partner: status waiting and no open match.
    bool waiting(const Leader& l) const;

    // Where records are, in order of one of their fields (a match's partner, say): places,
    // not copies, so a copied Programme's indexes stay true.
    template <typename T>
    struct Index {
        std::string T::*field = nullptr;
        std::vector<std::size_t> at;
    };

  private:
    Index<Match> by_partner_, by_leader_;
    Index<Session> sessions_by_match_;
    IdTable partner_at_, leader_at_, match_at_;  // places by id
};

}  // namespace vfi
