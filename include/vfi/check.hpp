// `vfi check`: every record valid on its own (done while loading) and every rule between
// records: references exist, partners within capacity, statuses agree with dates.
#pragma once

#include <vector>

#include "vfi/error.hpp"
#include "vfi/store.hpp"

namespace vfi {

// Loads every kind and returns every problem: vfi.yaml, unreadable or invalid files, stray
// files, and the rules between records. Sorted by file and line.
std::vector<Problem> check_data(RecordStore& store);

}  // namespace vfi
