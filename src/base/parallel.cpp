#include "vfi/base/parallel.hpp"

#include <atomic>
#include <mutex>
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

void for_each_index(std::size_t n, unsigned threads, const std::function<void(std::size_t)>& each) {
    std::atomic<std::size_t> next{0};
    std::atomic<bool> failed{false};
    std::exception_ptr first;
    std::mutex first_mutex;
    auto work = [&] {
        for (std::size_t i; !failed && (i = next.fetch_add(1)) < n;) {
            try {
                each(i);
            } catch (...) {
                std::lock_guard lock(first_mutex);
                if (!first) first = std::current_exception();
                failed = true;
            }
        }
    };
    {
        std::vector<std::jthread> others;
        for (unsigned t = 1; t < threads && t < n; ++t)
            others.emplace_back(work);
        work();
    }  // joined here
    if (first) std::rethrow_exception(first);
}

}  // namespace vfi
