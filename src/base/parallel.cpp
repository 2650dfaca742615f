#include "vfi/base/parallel.hpp"

#include <utility>
#include <vector>

namespace vfi {

Beside::Beside(std::function<void()> work)
    : thread_([this, work = std::move(work)] {
          try {
              work();
          } catch (...) {
              error_ = std::current_exception();
          }
      }) {}

void Beside::join() {
    if (thread_.joinable()) thread_.join();
    if (error_) std::rethrow_exception(std::exchange(error_, nullptr));
}

SharedIndices::SharedIndices(std::size_t n, unsigned helpers,
                             const std::function<void(std::size_t)>& each)
    : each_(each), n_(n) {
    for (unsigned t = 0; t < helpers && t < n; ++t)
        helpers_.emplace_back([this] { work(); });
}

SharedIndices::~SharedIndices() {
    stop_ = true;      // finished already, or the caller left by an exception
    helpers_.clear();  // joined
}

void SharedIndices::work() {
    for (std::size_t i; !stop_ && (i = next_.fetch_add(1)) < n_;) {
        try {
            each_(i);
        } catch (...) {
            std::lock_guard lock(first_mutex_);
            if (!first_) first_ = std::current_exception();
            stop_ = true;
        }
    }
}

void SharedIndices::finish() {
    work();
    helpers_.clear();  // joined
    if (first_) std::rethrow_exception(std::exchange(first_, nullptr));
}

void for_each_index(std::size_t n, unsigned threads, const std::function<void(std::size_t)>& each) {
    SharedIndices shared(n, threads > 1 ? threads - 1 : 0, each);
    shared.finish();
}

}  // namespace vfi
