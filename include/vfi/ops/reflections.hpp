// Reflections: a new one from values typed in or a YAML file, the checks of one typed value
// (for a walk-through that asks again), and the table `reflect list` prints.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "vfi/base/date.hpp"
#include "vfi/base/table.hpp"
#include "vfi/store/store.hpp"

namespace vfi {

// A reflection written as YAML (a feedback form typed up): its text, and its name in
// messages, a path or `(standard input)`.
struct ReflectionFile {
    std::string text, name;
};

// What a person gave for a new reflection; an empty value was not given. A value typed wins
// over the file's.
struct ReflectionInput {
    // learning-partner or a partner's or leader's id; programme or a match's or session's
    // id: in any case, or the start of it that only one record has.
    std::string by{}, about{};
    std::string stage{};  // baseline, midpoint, end or ad-hoc
    std::string date{};   // YYYY-MM-DD; with none here nor in the file, today
    std::string changing{}, how{}, why{};
    std::vector<std::string> barriers{}, enablers{};  // each as written, commas and all
    std::vector<std::string> themes{};
    std::string quote{};
    bool quote_consent = false;         // the person agreed to the quote being reported
    std::vector<std::string> scores{};  // NAME=VALUE
    std::optional<ReflectionFile> file{};
};

// The new reflection `id`: the file's fields, the values typed over them, by
// learning-partner and about programme unless given, dated today unless given. `store` has
// partners, leaders, matches and sessions loaded. Errors name the record's field (`by`,
// `stage`, `date`), and the file's line for what the file gave: Error(not_found) for who or
// what no record is, Error(usage) for the start of several ids or a score without `=`,
// Error(bad_data) for a value its field cannot hold or a file that is not a reflection
// without an id. What the whole record must be (themes in the vocabulary, scores 1 to 10, a
// date not in the future) is the write gate's to check, as for every record written.
yaml::Node new_reflection(const RecordStore& store, const std::string& id,
                          const ReflectionInput& input, const Date& today);

// The checks new_reflection makes of one typed value, for a walk-through that asks again:
// each throws the Error new_reflection would.
// `by` and `about` as stored: the whole id that `text` names (RecordStore::resolve), or
// learning-partner, programme.
std::string reflection_by(const RecordStore& store, std::string_view text);
std::string reflection_about(const RecordStore& store, std::string_view text);
// A value of the field `key` (`stage`; `themes`, comma-separated): Error(bad_data) naming it.
void check_reflection_value(const Vocabularies& vocabularies, std::string_view key,
                            std::string_view text);
// Scores answered on one line, `NAME=1..10` comma-separated, as the NAME=VALUE items of
// ReflectionInput::scores: Error(bad_data) naming `scores` for the first that is not one.
std::vector<std::string> score_answer(std::string_view text);

struct ReflectionFilter {
    std::string by{}, about{};  // as typed: resolved as new_reflection resolves them
    std::string stage{};        // a word of the `stages` list
    std::string theme{};        // a word of the `themes` list
};

// The reflections `filter` keeps (all when it is empty), oldest first (then by id), in the
// columns id, date, by, about, stage, themes, changing. Errors as new_reflection's for by
// and about; Error(usage) naming `stage` or `themes` for a word not in its list.
Table list_reflections(const RecordStore& store, const ReflectionFilter& filter);

// The name of the partner or leader `id` (a reflection's `by`), or "" (learning-partner, a
// person forgotten, or one not loaded).
std::string name_of_person(const RecordStore& store, const std::string& id);

}  // namespace vfi
