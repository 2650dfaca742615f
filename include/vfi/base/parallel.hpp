// Work on more than one core, with errors that reach the caller. A raw std::thread ends the
// program when its work throws, or when it is destroyed unjoined because the caller left by
// an exception; these join always (std::jthread) and rethrow a thread's exception in the
// thread that joins it, where vfi's usual error handling reports it.
#pragma once

#include <atomic>
#include <cstddef>
#include <exception>
#include <functional>
#include <mutex>
#include <thread>
#include <vector>

namespace vfi {

// `work` on a thread of its own while the caller carries on. join() waits for it and rethrows
// what it threw. Leaving the scope without join() (the caller threw) still waits for it, and
// its error, if any, gives way to the one already on its way.
class Beside {
  public:
    explicit Beside(std::function<void()> work);
    Beside(const Beside&) = delete;
    Beside& operator=(const Beside&) = delete;
    void join();

  private:
    std::exception_ptr error_;  // before thread_, so the thread is joined before it goes
    std::jthread thread_;
};

// each(i) for every i below n, shared among up to `threads` threads (the caller's among
// them), each taking the next index not yet taken. Once a call throws, no new index is
// started, and the first exception is rethrown here after every thread has stopped.
void for_each_index(std::size_t n, unsigned threads, const std::function<void(std::size_t)>& each);

// for_each_index begun now on `helpers` threads of its own, while the caller does something
// else; finish() has the caller take the indices still left, waits for the helpers and
// rethrows the first exception. Leaving the scope unfinished (the caller threw) starts no new
// index, waits for the helpers and drops their error. `each` must outlive it.
class SharedIndices {
  public:
    SharedIndices(std::size_t n, unsigned helpers, const std::function<void(std::size_t)>& each);
    SharedIndices(const SharedIndices&) = delete;
    SharedIndices& operator=(const SharedIndices&) = delete;
    ~SharedIndices();
    void finish();

  private:
    void work();
    const std::function<void(std::size_t)>& each_;
    std::size_t n_;
    std::atomic<std::size_t> next_{0};
    std::atomic<bool> stop_{false};
    std::mutex first_mutex_;
    std::exception_ptr first_;
    std::vector<std::jthread> helpers_;  // last: joined before the rest goes
};

}  // namespace vfi
