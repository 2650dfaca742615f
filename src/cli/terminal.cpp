#include "terminal.hpp"

#include <unistd.h>

#include <iostream>
#include <memory>
#include <streambuf>
#include <string>

#include "vfi/text.hpp"

namespace vfi::cli {
namespace {

// A streambuf that shows control and bidi characters visibly, then hands the text on.
class VisibleControls : public std::streambuf {
  public:
    explicit VisibleControls(std::streambuf* to) : to_(to) {}
    std::streambuf* target() const { return to_; }
    void finish() {
        pass(true);
        to_->pubsync();
    }

  protected:
    int_type overflow(int_type c) override {
        if (c != traits_type::eof()) {
            pending_ += traits_type::to_char_type(c);
            if (pending_.size() >= 4096) pass(false);
        }
        return traits_type::not_eof(c);
    }
    std::streamsize xsputn(const char* s, std::streamsize n) override {
        pending_.append(s, static_cast<std::size_t>(n));
        pass(false);
        return n;
    }
    int sync() override {
        pass(false);
        return to_->pubsync();
    }

  private:
    // Shows what is complete; a character cut between two writes waits for the rest.
    void pass(bool all) {
        std::size_t keep = all ? 0 : incomplete_tail(pending_);
        std::string shown =
            visible_controls(std::string_view(pending_).substr(0, pending_.size() - keep));
        to_->sputn(shown.data(), static_cast<std::streamsize>(shown.size()));
        pending_.erase(0, pending_.size() - keep);
    }
    std::streambuf* to_;
    std::string pending_;
};

std::unique_ptr<VisibleControls> out_filter, err_filter;

}  // namespace

TerminalGuard::TerminalGuard() {
    if (isatty(STDOUT_FILENO) == 1) {
        out_filter = std::make_unique<VisibleControls>(std::cout.rdbuf());
        std::cout.rdbuf(out_filter.get());
    }
    err_filter = std::make_unique<VisibleControls>(std::cerr.rdbuf());
    std::cerr.rdbuf(err_filter.get());
}

TerminalGuard::~TerminalGuard() {
    for (auto* pair : {&out_filter, &err_filter}) {
        if (!*pair) continue;
        (*pair)->finish();
    }
    if (out_filter) std::cout.rdbuf(out_filter->target());
    if (err_filter) std::cerr.rdbuf(err_filter->target());
    out_filter.reset();
    err_filter.reset();
}

}  // namespace vfi::cli
