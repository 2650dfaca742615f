// set and edit, shared by every kind of record.
#pragma once

#include "context.hpp"

namespace vfi::cli {

// The record `text` names (an id or its unique start), which must pass validation.
const Record& existing(const RecordStore& store, Kind kind, const std::string& text);

void add_set_command(CLI::App& parent, Globals& globals, Kind kind);
void add_edit_command(CLI::App& parent, Globals& globals, Kind kind);
// `vfi KIND remove ID`: deletes a record nothing refers to.
void add_remove_command(CLI::App& parent, Globals& globals, Kind kind);

}  // namespace vfi::cli
