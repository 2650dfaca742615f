// `vfi check`: every record valid on its own (done while loading) and every rule between
// records: references exist, partners within capacity, statuses agree with dates.
#pragma once

#include <functional>
#include <vector>

#include "vfi/base/date.hpp"
#include "vfi/base/error.hpp"
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
// record checked and handed to it, and their trees not kept (records() of them stays empty), so the
// whole programme is never in memory at once.
struct CheckStream {
    std::function<void(const Record&)> leader;      // unset: leaders are loaded and kept
    std::function<void(const Record&)> session;     // unset: sessions are loaded and kept
    std::function<void(const Record&)> reflection;  // unset: reflections are loaded and kept
};
std::vector<Problem> check_data(RecordStore& store, const CheckStream* stream = nullptr);

// The rules one record must meet on its own, beyond its format: statuses that agree with
// dates, dates in order and not in the future, nothing personal left on a forgotten record.
void check_record(const Record& record, const Date& today, std::vector<Problem>& problems);

// Throws Error(bad_data) with the first rule `doc` breaks: commands call this before writing,
// so they never write what `vfi check` would report.
void require_consistent(Kind kind, const std::string& id, const yaml::Node& doc);

// Throws Error(not_found) naming the field when `doc` refers to a record that does not exist
// (a match's partner, a session's partners, a reflection's by or about, ...).
void require_references(const RecordStore& store, Kind kind, const yaml::Node& doc);

}  // namespace vfi
