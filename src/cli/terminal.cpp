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
    enum class Controls { as_they_are, shown };
    Output(std::streambuf* to, Controls controls) : to_(to), escape_(controls == Controls::shown) {}
    std::streambuf* target() const { return to_; }
    void finish() {
        pass(Tail::send);
        to_->pubsync();
    }

  protected:
    int_type overflow(int_type c) override {
        if (c != traits_type::eof()) {
            pending_ += traits_type::to_char_type(c);
            if (pending_.size() >= 4096) pass(Tail::hold);
        }
        return traits_type::not_eof(c);
    }
    std::streamsize xsputn(const char* s, std::streamsize n) override {
        pending_.append(s, static_cast<std::size_t>(n));
        pass(Tail::hold);
        return n;
    }
    int sync() override {
        pass(Tail::hold);
        return to_->pubsync();
    }

  private:
    // The end of what is pending, when it may be a character cut between two writes: held
    // back for the rest to come, or sent as it is (the last write).
    enum class Tail { hold, send };
    // Shows what is complete.
    void pass(Tail tail) {
        if (pending_.empty()) return;
        release_shared_locks();
        std::size_t keep = tail == Tail::send || !escape_ ? 0 : incomplete_tail(pending_);
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
    out_filter = std::make_unique<Output>(std::cout.rdbuf(), isatty(STDOUT_FILENO) == 1
                                                                 ? Output::Controls::shown
                                                                 : Output::Controls::as_they_are);
    std::cout.rdbuf(out_filter.get());
    err_filter = std::make_unique<Output>(std::cerr.rdbuf(), Output::Controls::shown);
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
