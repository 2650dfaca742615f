// What vfi prints to a person: every byte that reaches a terminal (and every message on
// standard error, wherever it goes) passes through visible_controls(), so text from a record
// can never act on the terminal. Data written to a pipe or a file is left as it is.
#pragma once

namespace vfi::cli {

// Puts the filter in front of std::cerr, and of std::cout when it is a terminal; and lets go
// of a reader's shared lock before the first byte of output, so a pager left open (`vfi
// partner list | less`) never keeps a writer waiting. Call once, first thing in main; the
// object takes it away (flushing) when it goes.
class TerminalGuard {
  public:
    TerminalGuard();
    ~TerminalGuard();
    TerminalGuard(const TerminalGuard&) = delete;
    TerminalGuard& operator=(const TerminalGuard&) = delete;
};

}  // namespace vfi::cli
