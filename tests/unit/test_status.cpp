// format/status.hpp: the one table of each status, type and stage.
#include <doctest/doctest.h>

#include <fmt/format.h>

#include "vfi/format/status.hpp"
#include "vfi/format/vocabulary.hpp"

using namespace vfi;

namespace {

template <Worded E>
std::vector<std::string> next_words(E from) {
    std::vector<std::string> out;
    for (E e : next(from))
        out.emplace_back(word(e));
    return out;
}

}  // namespace

TEST_CASE("status: the moves product.md allows") {
    using V = std::vector<std::string>;
    CHECK(next_words(PartnerStatus::enquiry) == V{"training", "withdrawn"});
    CHECK(next_words(PartnerStatus::training) == V{"active", "withdrawn"});
    CHECK(next_words(PartnerStatus::paused) == V{"active", "alumni", "withdrawn"});
    CHECK(next_words(PartnerStatus::alumni).empty());
    CHECK(next_words(LeaderStatus::waiting) == V{"matched", "withdrawn"});
    CHECK(next_words(LeaderStatus::matched) == V{"waiting", "completed", "withdrawn"});
    CHECK(next_words(MatchStatus::proposed) == V{"active", "ended"});
    CHECK(next_words(MatchStatus::paused) == V{"active", "completed", "ended"});
    CHECK(can_move(MatchStatus::active, MatchStatus::paused));
    CHECK_FALSE(can_move(MatchStatus::proposed, MatchStatus::paused));
    CHECK_FALSE(can_move(MatchStatus::ended, MatchStatus::active));
}

TEST_CASE("status: final statuses are those with nowhere to go") {
    CHECK(final(PartnerStatus::alumni));
    CHECK(final(PartnerStatus::withdrawn));
    CHECK_FALSE(final(PartnerStatus::paused));
    CHECK(final(LeaderStatus::completed));
    CHECK_FALSE(final(LeaderStatus::matched));
    CHECK(final(MatchStatus::ended));
    CHECK_FALSE(final(MatchStatus::proposed));
    CHECK_FALSE(final(std::optional<MatchStatus>{}));
}

TEST_CASE("status: the predicates the rules use") {
    CHECK(holds_a_place(MatchStatus::proposed));
    CHECK(holds_a_place(MatchStatus::paused));
    CHECK_FALSE(holds_a_place(MatchStatus::completed));
    CHECK(running(MatchStatus::paused));
    CHECK_FALSE(running(MatchStatus::proposed));
    CHECK_FALSE(running(std::optional<MatchStatus>{}));
    CHECK(trained_and_in(PartnerStatus::active));
    CHECK_FALSE(trained_and_in(PartnerStatus::training));
    CHECK(may_take_part(PartnerStatus::training));
    CHECK_FALSE(may_take_part(PartnerStatus::withdrawn));
    CHECK(paid_per_session(SessionType::action_learning));
    CHECK_FALSE(paid_per_session(SessionType::advisory_group));
}

TEST_CASE("status: words round-trip, unknown words are none, fmt prints the word") {
    CHECK(word(SessionStatus::no_show) == "no-show");
    CHECK(parse_word<SessionStatus>("no-show") == SessionStatus::no_show);
    CHECK_FALSE(parse_word<SessionStatus>("no_show"));
    CHECK_FALSE(parse_word<PartnerStatus>("Active"));
    CHECK(parse_word<Stage>("ad-hoc") == Stage::ad_hoc);
    CHECK(word(std::optional<Stage>{}).empty());
    CHECK(fmt::format("{} is {}", "M-1", MatchStatus::paused) == "M-1 is paused");
    CHECK(fmt::format("[{:>8}]", LeaderStatus::waiting) == "[ waiting]");
}

TEST_CASE("status: the built-in vocabularies are the tables, in the format's order") {
    auto v = Vocabularies::builtin();
    CHECK(*v.find("partner_status") == std::vector<std::string>{"enquiry", "training", "active",
                                                                "paused", "alumni", "withdrawn"});
    CHECK(*v.find("leader_status") == words<LeaderStatus>());
    CHECK(*v.find("match_status") ==
          std::vector<std::string>{"proposed", "active", "paused", "completed", "ended"});
    CHECK(*v.find("session_status") == std::vector<std::string>{"held", "cancelled", "no-show"});
    CHECK(v.find("session_type")->front() == "coaching");
    CHECK(*v.find("stages") == std::vector<std::string>{"baseline", "midpoint", "end", "ad-hoc"});
}
