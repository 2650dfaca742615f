// `vfi check`: every record valid on its own (done while loading) and every rule between
// records: references exist, partners within capacity, statuses agree with dates.
#pragma once

#include <functional>
#include <string>
#include <utility>
#include <vector>

#include "vfi/base/date.hpp"
#include "vfi/base/error.hpp"
#include "vfi/format/vocabulary.hpp"
#include "vfi/model/records.hpp"
#include "vfi/store/store.hpp"

namespace vfi {

// What loading found: problems in vfi.yaml, files that do not parse or validate, and files
// in the record folders that are not records. Every command that reads records reports these.
std::vector<Problem> load_problems(const RecordStore& store);

// Loads every kind and returns every problem: vfi.yaml, unreadable or invalid files, stray
// files, and the rules between records. Sorted by file and line.
//
// A command over the whole programme that wants sessions (and leaders, reflections) only in a
// form of its own gives a CheckStream: those kinds are then read a chunk at a time, each valid
// record checked and handed to it decoded (decoded once, for the rules and the command), and
// their trees not kept (records() of them stays empty), so the whole programme is never in
// memory at once.
struct CheckStream {
    std::function<void(Leader&&)> leader;          // unset: leaders are loaded and kept
    std::function<void(Session&&)> session;        // unset: sessions are loaded and kept
    std::function<void(Reflection&&)> reflection;  // unset: reflections are loaded and kept
    // Both set: partners and matches are read typed, never kept as trees, and handed on when
    // every rule has run (sorted by id). Else they are loaded and kept.
    std::function<void(Partner&&)> partner;
    std::function<void(Match&&)> match;
    // Before a streamed kind's first record: how many may come (its files), to make room once.
    std::function<void(Kind, std::size_t)> expect;
};
std::vector<Problem> check_data(RecordStore& store, const Date& today,
                                const CheckStream* stream = nullptr);
// A CheckStream that keeps every leader and session in these (room made once, when the
// number is known), and every reflection in `reflections` when given; else reflections are
// left to the caller.
CheckStream keep_in(std::vector<Leader>& leaders, std::vector<Session>& sessions,
                    std::vector<Reflection>* reflections = nullptr);
// Sets `stream` to keep every partner and match typed in these (room made once).
void keep_partners_in(CheckStream& stream, std::vector<Partner>& partners,
                      std::vector<Match>& matches);

// What `vfi check` reports: check_data with leaders, sessions and reflections, the largest
// kinds, checked a chunk at a time and not kept (so even a national programme is checked in
// little memory), then each record git ignores, which is never committed nor shared.
std::vector<Problem> check_programme(RecordStore& store, const Date& today);

// The rules one record must meet on its own, beyond its format: statuses that agree with
// dates, dates in order and not in the future, nothing personal left on a forgotten record.
void check_record(const Record& record, const Date& today, std::vector<Problem>& problems);

// What `vfi check` would report once a change is made: each record in `puts` (as it will be
// written) checked against the format and its own rules, then the links between records that
// the change touches. A link problem already there before the change (a partner over capacity
// before a match of theirs ended) is not the change's, so it is left out. Loads the kinds the
// links need. Used by the write gate (ops/transaction.hpp); both empty when the change is sound.
// The links are looked at only when every record is sound on its own.
struct ChangeProblems {
    std::vector<Problem> own;    // a record's own: its format, its dates and statuses
    std::vector<Problem> links;  // between records: references, capacity, running matches
};
ChangeProblems change_problems(RecordStore& store, const std::vector<Record>& puts,
                               const std::vector<std::pair<Kind, std::string>>& removes,
                               const Date& today);

// One problem for each id `record` names (a match's partner, a partner's conflicts, ...) for
// which `exists` is false, at its field: the write gate's check, and import's for each row.
void missing_references(const Record& record, const std::function<bool(std::string_view)>& exists,
                        std::vector<Problem>& problems);

// The ids of the records that name `id` in a field referring to a record (a match's partner,
// a session's match, a reflection's about, a partner's conflicts...). Loads every kind.
std::vector<std::string> records_naming(RecordStore& store, std::string_view id);

// `vfi KIND remove`: throws Error(refused), naming them and what to do instead, when any
// record names `id`; a record others refer to is kept so history stays true.
void refuse_removing_what_is_named(RecordStore& store, Kind kind, const std::string& id);

// Throws Error(bad_data) with the first rule `doc` breaks: commands call this before writing,
// so they never write what `vfi check` would report.
void require_consistent(Kind kind, const std::string& id, const yaml::Node& doc, const Date& today);

// The whole text of record `id` as someone wrote it (an edit in their editor), checked as
// `vfi check` checks that file alone: it parses, it is valid for its kind, and then it meets
// its own rules. `file` is where its problems are said to be; no problem when it may be written.
struct CheckedText {
    yaml::Node doc;  // the record the text holds, once it parses
    std::vector<Problem> problems;
};
CheckedText check_record_text(Kind kind, const std::string& id, const std::string& file,
                              const std::string& text, const Vocabularies& vocabularies,
                              const Date& today);

}  // namespace vfi
