#include "vfi/report/disclosure.hpp"

#include <algorithm>
#include <limits>

#include "vfi/format/validate.hpp"
#include "vfi/store/git.hpp"

namespace vfi {
namespace {

std::uint64_t rotl(std::uint64_t x, int b) {
    return (x << b) | (x >> (64 - b));
}

std::uint64_t little_endian(const unsigned char* p, std::size_t n) {
    std::uint64_t v = 0;
    for (std::size_t i = 0; i < n; ++i)
        v |= static_cast<std::uint64_t>(p[i]) << (8 * i);
    return v;
}

struct SipState {
    std::uint64_t v0, v1, v2, v3;
    void round() {
        v0 += v1, v1 = rotl(v1, 13), v1 ^= v0, v0 = rotl(v0, 32);
        v2 += v3, v3 = rotl(v3, 16), v3 ^= v2;
        v0 += v3, v3 = rotl(v3, 21), v3 ^= v0;
        v2 += v1, v1 = rotl(v1, 17), v1 ^= v2, v2 = rotl(v2, 32);
    }
    void absorb(std::uint64_t m) {
        v3 ^= m;
        round(), round();
        v0 ^= m;
    }
};

// Each part of a hashed message with its length in front, so that no two different lists of
// parts give the same bytes ("ab","c" and "a","bc" differ).
void put(std::string& message, std::string_view part) {
    std::uint64_t n = part.size();
    for (int i = 0; i < 8; ++i)
        message += static_cast<char>((n >> (8 * i)) & 0xFF);
    message += part;
}

std::string to_text(std::uint64_t v) {
    std::string out;
    for (int i = 0; i < 8; ++i)
        out += static_cast<char>((v >> (8 * i)) & 0xFF);
    return out;
}

}  // namespace

std::uint64_t siphash24(const SecretKey& key, std::string_view data) {
    std::uint64_t k0 = little_endian(key.data(), 8), k1 = little_endian(key.data() + 8, 8);
    SipState s{k0 ^ 0x736f6d6570736575ULL, k1 ^ 0x646f72616e646f6dULL, k0 ^ 0x6c7967656e657261ULL,
               k1 ^ 0x7465646279746573ULL};
    const auto* bytes = reinterpret_cast<const unsigned char*>(data.data());
    std::size_t whole = data.size() / 8 * 8;
    for (std::size_t i = 0; i < whole; i += 8)
        s.absorb(little_endian(bytes + i, 8));
    std::uint64_t last = static_cast<std::uint64_t>(data.size() & 0xFF) << 56;
    s.absorb(last | little_endian(bytes + whole, data.size() - whole));
    s.v2 ^= 0xFF;
    for (int i = 0; i < 4; ++i)
        s.round();
    return s.v0 ^ s.v1 ^ s.v2 ^ s.v3;
}

GeometricNoise::GeometricNoise(std::uint64_t numerator, std::uint64_t denominator)
    : numerator_(numerator), denominator_(denominator) {
    // The thresholds in units of 2^-128, so that rounding down at each step costs nothing a
    // 64-bit draw can see: x = 2^128 * p / (p + q), from 2^128 = d * a + r.
    using Wide = unsigned __int128;
    const Wide max = ~Wide(0), p = numerator, q = denominator, d = p + q;
    Wide a = max / d, r = max % d + 1;
    if (r == d) ++a, r = 0;
    Wide x = a * p + r * p / d;
    // Each further step multiplies by alpha = p / q: (x / q) * p + (x % q) * p / q is exactly
    // floor(x * p / q) and never overflows.
    for (auto t = static_cast<std::uint64_t>(x >> 64); t > 0;
         t = static_cast<std::uint64_t>(x >> 64)) {
        below_.push_back(t);
        x = x / q * p + x % q * p / q;
    }
}

long GeometricNoise::draw(std::uint64_t bits) const {
    // z <= -k exactly when bits < below_[k - 1]; z >= k when the complement of bits is.
    auto magnitude = [&](std::uint64_t b) {
        return static_cast<long>(
            std::upper_bound(below_.begin(), below_.end(), b,
                             [](std::uint64_t x, std::uint64_t t) { return x >= t; }) -
            below_.begin());
    };
    if (below_.empty()) return 0;
    if (bits < below_.front()) return -magnitude(bits);
    if (~bits < below_.front()) return magnitude(~bits);
    return 0;
}

long GeometricNoise::draw_within(std::uint64_t bits, long limit) const {
    while (true) {
        long z = draw(bits);
        if (z >= -limit && z <= limit) return z;
        // splitmix64 (Steele, Lea and Flood, 2014): the next bits, fixed by these.
        bits += 0x9E3779B97F4A7C15ULL;
        bits = (bits ^ (bits >> 30)) * 0xBF58476D1CE4E5B9ULL;
        bits = (bits ^ (bits >> 27)) * 0x94D049BB133111EBULL;
        bits ^= bits >> 31;
    }
}

const GeometricNoise& count_noise() {
    static const GeometricNoise noise(1, 2);
    return noise;
}

const GeometricNoise& rating_noise() {
    static const GeometricNoise noise(3, 4);
    return noise;
}

std::string nhs_rule(long count) {
    if (count <= 0) return "0";
    if (count <= 7) return "*";
    return std::to_string((count + 2) / 5 * 5);
}

std::optional<SecretKey> parse_secret_key(std::string_view hex) {
    if (hex.size() != 32) return std::nullopt;
    SecretKey key{};
    for (std::size_t i = 0; i < 32; ++i) {
        char c = hex[i];
        int v = c >= '0' && c <= '9'   ? c - '0'
                : c >= 'a' && c <= 'f' ? c - 'a' + 10
                : c >= 'A' && c <= 'F' ? c - 'A' + 10
                                       : -1;
        if (v < 0) return std::nullopt;
        key[i / 2] = static_cast<std::uint8_t>(key[i / 2] | (v << (i % 2 ? 0 : 4)));
    }
    return key;
}

ProgrammeKey programme_key(const Settings& settings, const std::filesystem::path& root,
                           const std::string& rev) {
    if (auto key = parse_secret_key(settings.disclosure_key))
        return {*key, ProgrammeKey::Source::settings};
    if (in_git_work_tree(root)) {
        std::string commit = git_root_commit(root, rev);
        if (auto key = parse_secret_key(commit.substr(0, 32)))
            return {*key, ProgrammeKey::Source::root_commit};
    }
    return {};
}

PublishedCounts::PublishedCounts(bool controlled, const SecretKey& key, std::uint64_t population)
    : controlled_(controlled), key_(key), population_(population) {}

std::uint64_t PublishedCounts::cell_bits(std::string_view table, std::string_view row,
                                         std::string_view column) const {
    std::string message;
    put(message, "vfi cell");
    put(message, to_text(population_));
    put(message, table);
    put(message, row);
    put(message, column);
    return siphash24(key_, message);
}

std::string PublishedCounts::count(std::string_view table, std::string_view row,
                                   std::string_view column, long n,
                                   std::optional<long> at_most) const {
    if (!controlled_) return std::to_string(n);
    long noisy = adjusted(table, row, column, n);
    return nhs_rule(at_most ? std::min(noisy, *at_most) : noisy);
}

long PublishedCounts::adjusted(std::string_view table, std::string_view row,
                               std::string_view column, long n) const {
    if (!controlled_) return n;
    return n + count_noise().draw_within(cell_bits(table, row, column), noise_limit);
}

long PublishedCounts::rating_sum(std::string_view table, std::string_view row,
                                 std::string_view column, long sum) const {
    if (!controlled_) return sum;
    return sum + rating_noise().draw_within(cell_bits(table, row, column), rating_noise_limit);
}

Disclosure::Disclosure(DisclosureControl control, const ProgrammeKey& key)
    : controlled_(control == DisclosureControl::nhs), key_(key) {}

Disclosure::Disclosure(const Settings& settings, const std::filesystem::path& root,
                       const std::string& rev)
    : controlled_(settings.disclosure_control != "none"),
      key_(controlled_ ? programme_key(settings, root, rev) : ProgrammeKey{}) {}

PublishedCounts Disclosure::counts(std::string_view report,
                                   std::vector<std::string> population) const {
    std::sort(population.begin(), population.end());
    std::string message;
    put(message, "vfi population");
    put(message, report);
    for (const auto& line : population)
        put(message, line);
    return PublishedCounts(controlled_, key_.key, siphash24(key_.key, message));
}

std::string Disclosure::note() const {
    if (!controlled_)
        return "Exact counts: disclosure_control is none in vfi.yaml. For internal use only; do "
               "not publish.";
    return "Counts of 1 to 7 are shown as * and others are rounded to the nearest 5 (NHS "
           "Digital's disclosure control), after a small random adjustment that stays the same "
           "for the same people, so that two reports cannot be subtracted to find one person. "
           "Each count is within 4 of the true one before rounding: a 0 or * can stand for a few "
           "people, and a 10 for as few as 4.";
}

std::optional<long> published_number(const std::string& figure) {
    if (figure == "*") return std::nullopt;
    return parse_integer(figure);
}

}  // namespace vfi
