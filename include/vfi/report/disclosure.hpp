// Disclosure control: how every published count of people is shown, in one place for every
// report. NHS Digital's rule (1 to 7 as `*`, others to the nearest 5) applied after a small
// random adjustment keyed on the programme's secret key and on exactly who is counted, so that
// the same people always give the same figures and two reports cannot be subtracted to find
// one person. docs/vfi.md ("Disclosure control") gives the argument.
#pragma once

#include <array>
#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "vfi/format/settings.hpp"

namespace vfi {

// A 128-bit secret key, as SipHash takes it: 16 bytes.
using SecretKey = std::array<std::uint8_t, 16>;

// SipHash-2-4 (Aumasson and Bernstein, 2012): a keyed hash whose output cannot be foretold
// without the key.
std::uint64_t siphash24(const SecretKey& key, std::string_view data);

// The two-sided geometric (discrete Laplace) distribution, P(z) proportional to alpha^|z| with
// alpha = numerator / denominator, drawn by its inverse distribution function from 64 random
// bits. Integer arithmetic only, so every computer draws the same z from the same bits; the
// only limit on |z| is the 64 bits (63 for alpha = 1/2).
class GeometricNoise {
  public:
    GeometricNoise(std::uint64_t numerator, std::uint64_t denominator);
    long draw(std::uint64_t bits) const;
    // The same distribution held within -limit..limit (P(z) proportional to alpha^|z| there
    // and 0 beyond): a draw outside is made again from the next bits of a fixed mixing of
    // these (splitmix64), so the same bits always give the same z.
    long draw_within(std::uint64_t bits, long limit) const;
    double alpha() const { return static_cast<double>(numerator_) / denominator_; }

  private:
    std::uint64_t numerator_, denominator_;
    // below_[k - 1]: 2^64 * P(z <= -k) = 2^64 * alpha^k / (1 + alpha), rounded down.
    std::vector<std::uint64_t> below_;
};

// The noise added to a count of people, and to a total of self-ratings: alpha = 1/2, so
// epsilon = ln 2, about 0.69, held within -noise_limit..noise_limit so that no published
// figure is ever far from the truth (a count within 4, before NHS Digital's rounding).
const GeometricNoise& count_noise();
inline constexpr long noise_limit = 4;
// The noise added to a total of self-ratings (1 to 10): alpha = 3/4 for each point of rating,
// held within -rating_noise_limit..rating_noise_limit, so a mean of 5 people is off by at
// most 1.6 and usually by less than half a point.
const GeometricNoise& rating_noise();
inline constexpr long rating_noise_limit = 8;

// NHS Digital's rule on one count: 0 (and below) as 0, 1 to 7 as `*`, others to the nearest 5.
std::string nhs_rule(long count);

// `reports.disclosure_key`: 32 hexadecimal digits, or nothing when the text is not that.
std::optional<SecretKey> parse_secret_key(std::string_view hex);

// Where the key that seeds the adjustments comes from.
struct ProgrammeKey {
    enum class Source { settings, root_commit, none };
    SecretKey key{};
    Source source = Source::none;
};

// `reports.disclosure_key` from vfi.yaml; else, for a data directory made before vfi wrote
// one, the id of the first commit of the history of `rev` (HEAD, or the commit a report is read
// as of); else none (an all-zero key).
ProgrammeKey programme_key(const Settings& settings, const std::filesystem::path& root,
                           const std::string& rev = "HEAD");

// The figures one report publishes from one population of records.
class PublishedCounts {
  public:
    // A count of people in one cell: exact without disclosure control; else noise keyed on
    // the cell and the population added, then NHS Digital's rule. `at_most`: a total the
    // report publishes exactly (matches ended early), which no cell of it may then exceed.
    std::string count(std::string_view table, std::string_view row, std::string_view column, long n,
                      std::optional<long> at_most = std::nullopt) const;
    // The count with its adjustment, before NHS Digital's rule (n itself without disclosure
    // control): for a figure that must not exceed another (improved, out of people).
    long adjusted(std::string_view table, std::string_view row, std::string_view column,
                  long n) const;
    // A sum of self-ratings for a mean: exact without disclosure control; else with noise
    // (rating_noise, held within rating_noise_limit) keyed in the same way. Never shown on
    // its own.
    long rating_sum(std::string_view table, std::string_view row, std::string_view column,
                    long sum) const;
    bool controlled() const { return controlled_; }

  private:
    friend class Disclosure;
    PublishedCounts(bool controlled, const SecretKey& key, std::uint64_t population);
    std::uint64_t cell_bits(std::string_view table, std::string_view row,
                            std::string_view column) const;
    bool controlled_;
    SecretKey key_;
    std::uint64_t population_;
};

// `reports.disclosure_control`: exact counts (`none`), or NHS Digital's rule (`nhs`).
enum class DisclosureControl { none, nhs };

// A report's disclosure control: `reports.disclosure_control` and the programme's key.
class Disclosure {
  public:
    Disclosure(DisclosureControl control, const ProgrammeKey& key);
    Disclosure(const Settings& settings, const std::filesystem::path& root,
               const std::string& rev = "HEAD");

    bool controlled() const { return controlled_; }
    ProgrammeKey::Source key_source() const { return key_.source; }
    // The counts of a report drawn from `population`: one line per record counted, holding
    // its id and everything the report counts of it (`P-7KQ2MD consent=yes ethnicity=...`).
    // Anyone joining or leaving, or any answer changing, draws every figure afresh.
    PublishedCounts counts(std::string_view report, std::vector<std::string> population) const;
    // What was done, in plain words, for the note under a table.
    std::string note() const;

  private:
    bool controlled_;
    ProgrammeKey key_;
};

// One published figure as a number, or nothing when it is hidden (`*`).
std::optional<long> published_number(const std::string& figure);

}  // namespace vfi
