#include "vfi/format/vocabulary.hpp"

#include <algorithm>

#include <fmt/format.h>

#include "vfi/base/error.hpp"
#include "vfi/base/text.hpp"
#include "vfi/format/status.hpp"

namespace vfi {

Vocabularies Vocabularies::builtin() {
    Vocabularies v;
    v.lists_ = {
        {"partner_status", words<PartnerStatus>()},
        {"leader_status", words<LeaderStatus>()},
        {"match_status", words<MatchStatus>()},
        {"session_status", words<SessionStatus>()},
        {"session_type", words<SessionType>()},
        {"stages", words<Stage>()},
        {"missed", words<Missed>()},
        {"pay_items", words<PayItem>()},
        {"pay_preferences", words<PayPreference>()},
        {"expense_kinds", words<ExpenseKind>()},
        {"modes", {"online", "phone", "in-person"}},
        {"roles",
         {"lived-experience-partner", "co-learning-partner", "advisory-group",
          "check-and-challenge", "interview-panel", "associate"}},
        {"regions",
         {"north-east", "north-west", "yorkshire-and-the-humber", "east-midlands", "west-midlands",
          "east-of-england", "london", "south-east", "south-west", "wales", "scotland",
          "northern-ireland", "national"}},
        {"sectors", {"nhs", "local-authority", "vcse", "national-body", "other"}},
        {"themes", {"philosophy", "people", "power", "patience", "product"}},
        // The self-ratings a reflection may give: one name per thing rated, so a baseline and
        // an end always meet (`confidence-coproduction` would never meet
        // `confidence_coproduction`).
        {"scores", {"confidence_coproduction", "understanding_lived_experience"}},
        // A partner's own: the programme changes the coaches as well as the leaders.
        {"partner_scores", {"confidence_coaching", "influence", "wellbeing"}},
        {"age_band",
         {"16-24", "25-34", "35-44", "45-54", "55-64", "65-74", "75-plus", "prefer-not-to-say"}},
        {"ethnicity",
         {"asian-bangladeshi",
          "asian-chinese",
          "asian-indian",
          "asian-pakistani",
          "asian-other",
          "black-african",
          "black-caribbean",
          "black-other",
          "mixed-white-and-asian",
          "mixed-white-and-black-african",
          "mixed-white-and-black-caribbean",
          "mixed-other",
          "white-british",
          "white-irish",
          "white-gypsy-or-irish-traveller",
          "white-roma",
          "white-other",
          "other-arab",
          "other-any",
          "prefer-not-to-say"}},
        {"gender", {"woman", "man", "non-binary", "other", "prefer-not-to-say"}},
        {"disability",
         {"yes-limited-a-lot", "yes-limited-a-little", "yes-not-limited", "no",
          "prefer-not-to-say"}},
        {"carer", {"none", "1-9", "10-19", "20-34", "35-49", "50-plus", "prefer-not-to-say"}},
        {"imd_edition", {"2019", "2025"}},
        // Why a match ended early, and why a session was cancelled: categories a report may
        // count, chosen so that none is itself health data. The words stay in the confidential
        // end_reason and cancel_reason.
        {"end_categories",
         {"goals-met-early", "leader-changed-role", "leader-withdrew", "partner-withdrew",
          "personal-circumstances", "not-a-good-fit", "organisational-change", "other"}},
        {"cancel_categories",
         {"leader-unavailable", "partner-unavailable", "rescheduled", "technical-problem",
          "personal-circumstances", "other"}},
    };
    return v;
}

const std::vector<std::string>* Vocabularies::find(std::string_view name) const {
    auto it = lists_.find(name);
    return it == lists_.end() ? nullptr : &it->second;
}

bool Vocabularies::contains(std::string_view name, std::string_view value) const {
    const auto* list = find(name);
    return list && std::find(list->begin(), list->end(), value) != list->end();
}

bool Vocabularies::extendable(std::string_view name) {
    return name == "regions" || name == "themes" || name == "roles" || name == "sectors" ||
           name == "scores" || name == "partner_scores" || name == "end_categories" ||
           name == "cancel_categories";
}

bool Vocabularies::replaceable(std::string_view name) {
    return name == "age_band" || name == "ethnicity" || name == "gender" || name == "disability" ||
           name == "carer";
}

void Vocabularies::add(std::string_view name, const std::string& value) {
    auto& list = lists_[std::string(name)];
    if (std::find(list.begin(), list.end(), value) != list.end()) return;
    // `other` stays last.
    auto at = !list.empty() && list.back() == "other" ? list.end() - 1 : list.end();
    list.insert(at, value);
}

void Vocabularies::replace(std::string_view name, std::vector<std::string> values) {
    lists_[std::string(name)] = std::move(values);
}

std::vector<std::string> Vocabularies::names() const {
    std::vector<std::string> out;
    for (const auto& [name, list] : lists_)
        out.push_back(name);
    return out;
}

void require_in_vocabulary(const Vocabularies& vocabularies, std::string_view list,
                           const std::vector<std::string>& values, const std::string& option) {
    const auto* allowed = vocabularies.find(list);
    if (!allowed) return;
    for (const auto& v : values)
        if (std::find(allowed->begin(), allowed->end(), v) == allowed->end()) {
            // An equality answer is confidential: neither it nor a near guess is repeated.
            if (Vocabularies::replaceable(list))
                throw Error(ExitCode::usage, {}, option,
                            "the value given is not one of " + join(*allowed, ", "),
                            "it is not repeated here, as the field is confidential; write one "
                            "of those, spelt exactly as shown");
            std::string near = nearest(v, *allowed);
            throw Error(
                ExitCode::usage, {}, option,
                fmt::format("'{}' is not one of {}", v, join(*allowed, ", ")),
                near.empty() ? "check the spelling" : fmt::format("did you mean '{}'?", near));
        }
}

bool valid_tag(std::string_view tag) {
    if (tag.empty()) return false;
    bool after_separator = true;
    for (char c : tag) {
        bool word = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
        if (word) {
            after_separator = false;
        } else if (c == '-' || c == '_') {
            if (after_separator) return false;
            after_separator = true;
        } else {
            return false;
        }
    }
    return !after_separator;
}

std::string to_tag(std::string_view text) {
    std::string out;
    bool dash = false;
    for (char c : text) {
        if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
        if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_') {
            if (dash && !out.empty()) out += '-';
            dash = false;
            out += c;
        } else {
            dash = true;
        }
    }
    return out;
}

}  // namespace vfi
