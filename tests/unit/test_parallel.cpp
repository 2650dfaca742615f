#include <doctest/doctest.h>

#include <atomic>
#include <chrono>
#include <functional>
#include <stdexcept>
#include <thread>
#include <vector>

#include "vfi/base/error.hpp"
#include "vfi/base/parallel.hpp"

using namespace vfi;

TEST_CASE("Beside: the work runs beside the caller and join waits for it") {
    std::atomic<int> done{0};
    Beside other([&] { done = 1; });
    other.join();
    CHECK(done == 1);
}

TEST_CASE("Beside: an exception in the thread is rethrown where it is joined") {
    Beside other([] { throw std::runtime_error("disk on fire"); });
    CHECK_THROWS_WITH_AS(other.join(), "disk on fire", std::runtime_error);
    CHECK_NOTHROW(other.join());  // rethrown once
}

TEST_CASE("Beside: a caller that leaves by an exception still joins, and its error wins") {
    std::atomic<bool> finished{false};
    auto leave_early = [&] {
        Beside other([&] {
            std::this_thread::sleep_for(std::chrono::milliseconds(20));
            finished = true;
            throw std::runtime_error("the thread's error");
        });
        throw std::logic_error("the caller's error");
    };
    CHECK_THROWS_WITH_AS(leave_early(), "the caller's error", std::logic_error);
    CHECK(finished);
}

TEST_CASE("for_each_index: every index once, on several threads or one") {
    for (unsigned threads : {1u, 2u, 4u, 16u}) {
        std::vector<std::atomic<int>> seen(1000);
        for_each_index(seen.size(), threads, [&](std::size_t i) { ++seen[i]; });
        for (const auto& s : seen)
            CHECK(s == 1);
    }
    for_each_index(0, 4, [](std::size_t) { FAIL("called with nothing to do"); });
}

TEST_CASE("for_each_index: the first exception reaches the caller after every thread stops") {
    std::atomic<int> running{0};
    auto run = [&](unsigned threads) {
        for_each_index(500, threads, [&](std::size_t i) {
            ++running;
            if (i == 7)
                throw Error(ExitCode::bad_data, "partners/P-AAAAAA.yaml could not be read",
                            "check the file");
            --running;
        });
    };
    for (unsigned threads : {1u, 4u}) {
        running = 0;
        CHECK_THROWS_WITH_AS(run(threads), doctest::Contains("could not be read"), Error);
        CHECK(running == 1);  // only the call that threw is unfinished; none still going
    }
}

TEST_CASE("SharedIndices: helpers start at once, before finish is called") {
    for (unsigned helpers : {1u, 3u}) {
        std::atomic<int> calls{0};
        std::function<void(std::size_t)> each = [&](std::size_t) { ++calls; };
        SharedIndices shared(2000, helpers, each);
        // The caller does nothing: the helpers alone must get through every index.
        auto until = std::chrono::steady_clock::now() + std::chrono::seconds(20);
        while (calls < 2000 && std::chrono::steady_clock::now() < until)
            std::this_thread::sleep_for(std::chrono::milliseconds(1));
        CHECK(calls == 2000);
        shared.finish();
        CHECK(calls == 2000);  // finish runs none of them again
    }
}

TEST_CASE("SharedIndices: finish has the caller take what is left, every index once") {
    for (unsigned helpers : {0u, 1u, 3u}) {
        std::vector<std::atomic<int>> seen(2000);
        std::function<void(std::size_t)> each = [&](std::size_t i) { ++seen[i]; };
        SharedIndices shared(seen.size(), helpers, each);
        shared.finish();
        for (const auto& s : seen)
            CHECK(s == 1);
    }
}

TEST_CASE("SharedIndices: with no helper nothing runs until finish") {
    std::atomic<int> calls{0};
    std::function<void(std::size_t)> each = [&](std::size_t) { ++calls; };
    SharedIndices shared(100, 0, each);
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
    CHECK(calls == 0);
    shared.finish();
    CHECK(calls == 100);
}

TEST_CASE("SharedIndices: the first exception reaches finish, after the helpers stop") {
    std::atomic<int> running{0};
    std::function<void(std::size_t)> each = [&](std::size_t i) {
        ++running;
        if (i == 7) throw std::runtime_error("sessions/S-AAAAAA.yaml could not be read");
        --running;
    };
    SharedIndices shared(500, 2, each);
    CHECK_THROWS_WITH_AS(shared.finish(), doctest::Contains("could not be read"),
                         std::runtime_error);
    CHECK(running == 1);
}

TEST_CASE("SharedIndices: left unfinished, it starts no new index and waits for its helpers") {
    std::atomic<int> started{0}, finished{0};
    std::function<void(std::size_t)> each = [&](std::size_t) {
        ++started;
        std::this_thread::sleep_for(std::chrono::milliseconds(2));
        ++finished;
    };
    {
        SharedIndices shared(100000, 2, each);
        std::this_thread::sleep_for(std::chrono::milliseconds(5));
    }                            // as when the caller throws before finish
    CHECK(started == finished);  // none still running once it has gone
    CHECK(started < 100000);     // and the rest never began
}
