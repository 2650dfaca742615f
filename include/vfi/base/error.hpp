// The one error type of vfi: where (file, line, column, field), what, and how to fix it.
#pragma once

#include <stdexcept>
#include <string>

namespace vfi {

// Exit codes. What each means is said once, in exit_codes below: --help and the man pages
// are written from it, and a unit test holds docs/vfi.md ("EXIT STATUS") to it.
enum class ExitCode : int {
    ok = 0,
    problems = 1,
    usage = 2,
    bad_data = 3,
    not_found = 4,
    locked = 5,
    io = 6,
    git = 7,
    refused = 8,
    internal = 70,
};

struct ExitCodeMeaning {
    ExitCode code;
    const char* name;     // a few words, for the list in `vfi --help`
    const char* meaning;  // a line, for the man pages' table (`code` in backquotes)
};

inline constexpr ExitCodeMeaning exit_codes[] = {
    {ExitCode::ok, "ok", "success"},
    {ExitCode::problems, "problems found",
     "problems found (`check`, a report's warnings, `--fail-if-any`)"},
    {ExitCode::usage, "usage", "the command line was wrong"},
    {ExitCode::bad_data, "bad data", "bad data: a record, vfi.yaml or a value given is invalid"},
    {ExitCode::not_found, "not found", "not found: no data directory, or no record with that id"},
    {ExitCode::locked, "locked", "locked: another vfi is writing"},
    {ExitCode::io, "file error", "a file could not be read or written (disk full, permissions)"},
    {ExitCode::git, "git failed", "git failed (nothing was changed)"},
    {ExitCode::refused, "refused by a programme rule",
     "refused by a programme rule (a status move, capacity, an unfinished merge)"},
    {ExitCode::internal, "internal error", "internal error: a bug in vfi"},
};

struct Location {
    std::string file;  // relative to the data directory when inside it
    int line = 0;      // 1-based; 0 when unknown
    int column = 0;    // 1-based; 0 when unknown
};

class Error : public std::runtime_error {
  public:
    Error(ExitCode code, Location where, std::string field, std::string message,
          std::string hint = {})
        : std::runtime_error(message),
          code_(code),
          where_(std::move(where)),
          field_(std::move(field)),
          message_(std::move(message)),
          hint_(std::move(hint)) {}
    Error(ExitCode code, std::string message, std::string hint = {})
        : Error(code, Location{}, {}, std::move(message), std::move(hint)) {}

    ExitCode code() const { return code_; }
    const Location& where() const { return where_; }
    const std::string& field() const { return field_; }
    const std::string& message() const { return message_; }
    const std::string& hint() const { return hint_; }

    // `file:line:col: field: message — hint`, leaving out what is unknown.
    std::string describe() const;

  private:
    ExitCode code_;
    Location where_;
    std::string field_;
    std::string message_;
    std::string hint_;
};

// One problem found by validation; `check` lists many of these.
struct Problem {
    Location where;
    std::string field;
    std::string message;
    std::string hint;
    // The exit status when a change is refused for it: a record's own problem is bad data,
    // a missing record not_found, a rule between records refused.
    ExitCode code = ExitCode::bad_data;

    std::string describe() const;
};

std::string describe(const Location& where, const std::string& field, const std::string& message,
                     const std::string& hint);

}  // namespace vfi
