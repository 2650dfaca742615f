// The disclosure mechanism (src/report/disclosure.cpp): SipHash-2-4 against its authors' test
// vectors, the geometric draw's distribution, NHS Digital's rule on the noisy count, and the
// differencing attack on simulated tables.
#include <doctest/doctest.h>

#include <cmath>
#include <limits>
#include <map>
#include <set>

#include <fmt/format.h>

#include "vfi/report/disclosure.hpp"

using namespace vfi;

namespace {

SecretKey test_key() {
    SecretKey k{};
    for (std::size_t i = 0; i < k.size(); ++i)
        k[i] = static_cast<std::uint8_t>(i);
    return k;
}

// 64 random bits for draw i: SipHash of a counter (the draws tests need to be uniform).
std::uint64_t bits(std::uint64_t i) {
    std::string m;
    for (int b = 0; b < 8; ++b)
        m += static_cast<char>((i >> (8 * b)) & 0xFF);
    return siphash24(test_key(), m);
}

}  // namespace

TEST_CASE("siphash24: the 64 test vectors of the SipHash paper's reference code") {
    // Key 00 01 .. 0f; message i is the bytes 00 01 .. (i-1).
    const std::uint64_t expected[64] = {
        0x726fdb47dd0e0e31, 0x74f839c593dc67fd, 0x0d6c8009d9a94f5a, 0x85676696d7fb7e2d,
        0xcf2794e0277187b7, 0x18765564cd99a68d, 0xcbc9466e58fee3ce, 0xab0200f58b01d137,
        0x93f5f5799a932462, 0x9e0082df0ba9e4b0, 0x7a5dbbc594ddb9f3, 0xf4b32f46226bada7,
        0x751e8fbc860ee5fb, 0x14ea5627c0843d90, 0xf723ca908e7af2ee, 0xa129ca6149be45e5,
        0x3f2acc7f57c29bdb, 0x699ae9f52cbe4794, 0x4bc1b3f0968dd39c, 0xbb6dc91da77961bd,
        0xbed65cf21aa2ee98, 0xd0f2cbb02e3b67c7, 0x93536795e3a33e88, 0xa80c038ccd5ccec8,
        0xb8ad50c6f649af94, 0xbce192de8a85b8ea, 0x17d835b85bbb15f3, 0x2f2e6163076bcfad,
        0xde4daaaca71dc9a5, 0xa6a2506687956571, 0xad87a3535c49ef28, 0x32d892fad841c342,
        0x7127512f72f27cce, 0xa7f32346f95978e3, 0x12e0b01abb051238, 0x15e034d40fa197ae,
        0x314dffbe0815a3b4, 0x027990f029623981, 0xcadcd4e59ef40c4d, 0x9abfd8766a33735c,
        0x0e3ea96b5304a7d0, 0xad0c42d6fc585992, 0x187306c89bc215a9, 0xd4a60abcf3792b95,
        0xf935451de4f21df2, 0xa9538f0419755787, 0xdb9acddff56ca510, 0xd06c98cd5c0975eb,
        0xe612a3cb9ecba951, 0xc766e62cfcadaf96, 0xee64435a9752fe72, 0xa192d576b245165a,
        0x0a8787bf8ecb74b2, 0x81b3e73d20b49b6f, 0x7fa8220ba3b2ecea, 0x245731c13ca42499,
        0xb78dbfaf3a8d83bd, 0xea1ad565322a1a0b, 0x60e61c23a3795013, 0x6606d7e446282b93,
        0x6ca4ecb15c5f91e1, 0x9f626da15c9625f3, 0xe51b38608ef25f57, 0x958a324ceb064572,
    };
    std::string message;
    for (int i = 0; i < 64; ++i) {
        INFO("message length " << i);
        CHECK(siphash24(test_key(), message) == expected[i]);
        message += static_cast<char>(i);
    }
}

TEST_CASE("parse_secret_key: 32 hexadecimal digits, in either case, byte by byte") {
    auto key = parse_secret_key("000102030405060708090a0b0c0d0E0F");
    REQUIRE(key);
    CHECK(*key == test_key());
    CHECK_FALSE(parse_secret_key(""));
    CHECK_FALSE(parse_secret_key("000102030405060708090a0b0c0d0e0"));    // 31
    CHECK_FALSE(parse_secret_key("000102030405060708090a0b0c0d0e0f0"));  // 33
    CHECK_FALSE(parse_secret_key("000102030405060708090a0b0c0d0e0g"));
}

TEST_CASE("geometric noise: the inverse distribution function from 64 bits") {
    const auto& noise = count_noise();
    const GeometricNoise three_quarters(3, 4);
    CHECK(noise.alpha() == doctest::Approx(0.5));
    // P(z <= -1) = alpha / (1 + alpha) = 1/3 of all bit patterns: 2^64 / 3, rounded down.
    const std::uint64_t first = 0x5555555555555555ULL;
    CHECK(noise.draw(first - 1) == -1);
    CHECK(noise.draw(first) == 0);
    CHECK(noise.draw(~first) == 0);
    CHECK(noise.draw(~(first - 1)) == 1);
    CHECK(noise.draw(1ULL << 63) == 0);
    // Symmetric, and no limit but the 64 bits: 0.5^k / 1.5 >= 2^-64 up to k = 63.
    long lowest = noise.draw(0), highest = noise.draw(std::numeric_limits<std::uint64_t>::max());
    CHECK(lowest == -highest);
    CHECK(highest == 63);
    // alpha = 3/4 for sums of ratings: 3/7 of all patterns below 0; 0.75^k / 1.75 >= 2^-64
    // up to k = 152.
    CHECK(three_quarters.draw(0x6DB6DB6DB6DB6DB5ULL) == -1);
    CHECK(three_quarters.draw(0x6DB6DB6DB6DB6DB6ULL) == 0);
    CHECK(three_quarters.draw(std::numeric_limits<std::uint64_t>::max()) == 152);
    // Deep in the tail the thresholds are still exact: floor(2^64 * a^k / (1 + a)).
    CHECK(noise.draw(0x2aaaaaaaaaaaa9ULL) == -10);
    CHECK(noise.draw(0x2aaaaaaaaaaaaaULL) == -9);
    CHECK(noise.draw(~0xaaaaa9ULL) == 40);
    CHECK(noise.draw(~0xaaaaaaULL) == 39);
    CHECK(three_quarters.draw(0x3395e5ULL) == -100);
    CHECK(three_quarters.draw(0x3395e6ULL) == -99);
}

TEST_CASE("geometric noise: mean 0 and P(z) = (1 - a) / (1 + a) * a^|z| over many draws") {
    for (const GeometricNoise* noise : {&count_noise(), &rating_noise()}) {
        const double a = noise->alpha();
        INFO("alpha " << a);
        const long n = 400000;
        std::map<long, long> seen;
        double sum = 0;
        for (long i = 0; i < n; ++i) {
            long z = noise->draw(bits(static_cast<std::uint64_t>(i)));
            ++seen[z];
            sum += static_cast<double>(z);
        }
        double variance = 2 * a / ((1 - a) * (1 - a));
        // The mean within 4 standard errors of 0.
        CHECK(std::abs(sum / n) < 4 * std::sqrt(variance / n));
        for (long z = -4; z <= 4; ++z) {
            double p = (1 - a) / (1 + a) * std::pow(a, std::abs(static_cast<double>(z)));
            double got = static_cast<double>(seen[z]) / n;
            INFO("z = " << z);
            CHECK(std::abs(got - p) < 4 * std::sqrt(p * (1 - p) / n));
        }
    }
}

TEST_CASE("geometric noise held within a limit: never beyond it, P(z) in proportion within") {
    const auto& noise = count_noise();
    const long n = 400000;
    std::map<long, long> seen;
    for (long i = 0; i < n; ++i) {
        long z = noise.draw_within(bits(static_cast<std::uint64_t>(i)), noise_limit);
        REQUIRE(std::abs(z) <= noise_limit);
        ++seen[z];
    }
    // alpha = 1/2 within -4..4: weights 1, 1/2, ... 1/16 on each side, 2.875 in all.
    for (long z = -noise_limit; z <= noise_limit; ++z) {
        double p = std::pow(0.5, std::abs(static_cast<double>(z))) / 2.875;
        double got = static_cast<double>(seen[z]) / n;
        INFO("z = " << z);
        CHECK(std::abs(got - p) < 4 * std::sqrt(p * (1 - p) / n));
    }
    // The same bits, the same draw, every time; bits whose first draw is far out are drawn again.
    CHECK(noise.draw_within(0, noise_limit) == noise.draw_within(0, noise_limit));
    CHECK(std::abs(noise.draw_within(0, noise_limit)) <= noise_limit);
}

TEST_CASE("nhs_rule: 0 and below as 0, 1 to 7 hidden, the rest to the nearest 5") {
    CHECK(nhs_rule(-3) == "0");
    CHECK(nhs_rule(0) == "0");
    for (long n = 1; n <= 7; ++n)
        CHECK(nhs_rule(n) == "*");
    CHECK(nhs_rule(8) == "10");
    CHECK(nhs_rule(12) == "10");
    CHECK(nhs_rule(13) == "15");
    CHECK(nhs_rule(17) == "15");
    CHECK(nhs_rule(18) == "20");
    CHECK(published_number("*") == std::nullopt);
    CHECK(published_number("15") == 15);
}

TEST_CASE("published counts: the same people always give the same figures") {
    Disclosure on(DisclosureControl::nhs, ProgrammeKey{test_key(), ProgrammeKey::Source::settings});
    auto a = on.counts("equality", {"P-AAAAAA x=1", "P-BBBBBB x=2", "P-CCCCCC x=1"});
    auto b = on.counts("equality", {"P-CCCCCC x=1", "P-AAAAAA x=1", "P-BBBBBB x=2"});
    for (long n = 0; n < 40; ++n)
        CHECK(a.count("t", fmt::format("row {}", n), "c", n) ==
              b.count("t", fmt::format("row {}", n), "c", n));
    // Without disclosure control: exact.
    Disclosure off(DisclosureControl::none, ProgrammeKey{});
    CHECK(off.counts("equality", {}).count("t", "r", "c", 3) == "3");
    CHECK(off.counts("equality", {}).rating_sum("t", "r", "c", 31) == 31);
    // Another key, another draw: over many cells the figures differ somewhere.
    SecretKey other = test_key();
    other[0] ^= 1;
    auto c = Disclosure(DisclosureControl::nhs, ProgrammeKey{other, ProgrammeKey::Source::settings})
                 .counts("equality", {"P-AAAAAA x=1", "P-BBBBBB x=2", "P-CCCCCC x=1"});
    int differ = 0;
    for (long n = 0; n < 40; ++n)
        differ += a.count("t", fmt::format("row {}", n), "c", 10) !=
                  c.count("t", fmt::format("row {}", n), "c", 10);
    CHECK(differ > 5);
}

namespace {

// One trial of the differencing attack: `people` answers spread over `k` groups; the table is
// published with and without one more person, whose group is drawn at random. The attacker
// guesses the group from which cells changed: the one cell, if exactly one did; else any
// changed cell; else any cell. Returns how often the guess is right.
double attacker_success(const Disclosure& disclosure, int k, int trials) {
    int right = 0;
    for (int trial = 0; trial < trials; ++trial) {
        std::uint64_t r = bits(1000000 + static_cast<std::uint64_t>(trial));
        std::vector<long> counts(static_cast<std::size_t>(k));
        std::vector<std::string> without;
        int people = 3 + static_cast<int>(r % 20);
        for (int i = 0; i < people; ++i) {
            int group = static_cast<int>(bits(r + static_cast<std::uint64_t>(i)) % 3);
            ++counts[static_cast<std::size_t>(group)];
            without.push_back(fmt::format("P-{:06} g={}", i, group));
        }
        int theirs = static_cast<int>((r >> 32) % static_cast<std::uint64_t>(k));
        auto with = without;
        with.push_back(fmt::format("P-X{:05} g={}", trial, theirs));
        auto before = disclosure.counts("equality", without);
        auto after = disclosure.counts("equality", with);
        std::vector<int> changed;
        for (int g = 0; g < k; ++g) {
            long n = counts[static_cast<std::size_t>(g)];
            std::string row = fmt::format("group {}", g);
            if (before.count("t", row, "c", n) != after.count("t", row, "c", n + (g == theirs)))
                changed.push_back(g);
        }
        int guess = changed.empty() ? static_cast<int>((r >> 40) % static_cast<std::uint64_t>(k))
                                    : changed[(r >> 40) % changed.size()];
        right += guess == theirs;
    }
    return static_cast<double>(right) / trials;
}

}  // namespace

TEST_CASE("differencing: two tables a person apart tell their group no better than e^(2 eps)") {
    // With a uniform prior over k groups, any attacker's chance of naming the group is at most
    // e^(2 eps) / (e^(2 eps) + k - 1), when every figure changes odds by at most e^eps.
    const int k = 6, trials = 4000;
    double bound_odds = std::pow(1 / count_noise().alpha(), 2);
    double bound = bound_odds / (bound_odds + k - 1);
    Disclosure on(DisclosureControl::nhs, ProgrammeKey{test_key(), ProgrammeKey::Source::settings});
    double success = attacker_success(on, k, trials);
    INFO("success " << success << ", bound " << bound);
    CHECK(success < bound + 3 * std::sqrt(bound * (1 - bound) / trials));
    CHECK(success > 1.0 / k - 0.05);  // the test measures something
    // Exact counts give the group away every time: the test can fail.
    Disclosure off(DisclosureControl::none, ProgrammeKey{});
    CHECK(attacker_success(off, k, 500) == 1.0);
}
