#include "terminal.hpp"

#include <unistd.h>

#include <iostream>
#include <memory>
#include <streambuf>
#include <string>

#include "vfi/base/text.hpp"
#include "vfi/store/files.hpp"

namespace vfi::cli {
namespace {

// A streambuf in front of standard output or error: before the first byte goes out, it lets
// go of any lock a reader holds (a reader done reading must not keep writers waiting while
// `| less` waits for a person); on a terminal it shows control and bidi characters visibly.
class Output : public std::streambuf {
  public:
    Output(std::streambuf* to, bool escape) : to_(to), escape_(escape) {}
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
        if (pending_.empty()) return;
        release_shared_locks();
        std::size_t keep = all || !escape_ ? 0 : incomplete_tail(pending_);
        std::string_view ready = std::string_view(pending_).substr(0, pending_.size() - keep);
        std::string shown = escape_ ? visible_controls(ready) : std::string(ready);
        to_->sputn(shown.data(), static_cast<std::streamsize>(shown.size()));
        pending_.erase(0, pending_.size() - keep);
    }
    std::streambuf* to_;
    bool escape_;
    std::string pending_;
};

std::unique_ptr<Output> out_filter, err_filter;

}  // namespace

TerminalGuard::TerminalGuard() {
    out_filter = std::make_unique<Output>(std::cout.rdbuf(), isatty(STDOUT_FILENO) == 1);
    std::cout.rdbuf(out_filter.get());
    err_filter = std::make_unique<Output>(std::cerr.rdbuf(), true);
    std::cerr.rdbuf(err_filter.get());
}

TerminalGuard::~TerminalGuard() {
    for (auto* f : {&out_filter, &err_filter})
        (*f)->finish();
    std::cout.rdbuf(out_filter->target());
    std::cerr.rdbuf(err_filter->target());
    out_filter.reset();
    err_filter.reset();
}

}  // namespace vfi::cli
