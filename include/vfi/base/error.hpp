// The one error type of vfi: where (file, line, column, field), what, and how to fix it.
#pragma once

#include <stdexcept>
#include <string>

namespace vfi {

// Exit codes: the one table, documented in docs/vfi.md ("EXIT STATUS").
enum class ExitCode : int {
    ok = 0,
    problems = 1,   // `check` found problems; `--fail-if-any` had something to report
    usage = 2,      // the command line was wrong
    bad_data = 3,   // a record, vfi.yaml or a value given is invalid
    not_found = 4,  // no data directory, or no record with that id
    locked = 5,     // another vfi is writing and did not finish in time
    io = 6,         // a file could not be read or written (disk full, permissions)
    git = 7,        // git failed (the files were written)
    refused = 8,    // the change breaks a programme rule (a transition, capacity)
    internal = 70,  // a bug in vfi
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
