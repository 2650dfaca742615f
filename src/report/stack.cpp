#include "vfi/report/stack.hpp"

#include "vfi/ops/national.hpp"

#include <algorithm>
#include <cstdlib>
#include <optional>

#include <fmt/format.h>

namespace vfi {
namespace {

// `62.50`, `-3`, `7.5` as a whole number of hundredths... of the most decimals seen.
struct Decimal {
    long long scaled = 0;
    int places = 0;
};

std::optional<Decimal> read_decimal(const std::string& text) {
    std::size_t at = text.size() && text[0] == '-' ? 1 : 0;
    auto dot = text.find('.');
    std::string whole = text.substr(at, dot == std::string::npos ? std::string::npos : dot - at);
    std::string frac = dot == std::string::npos ? "" : text.substr(dot + 1);
    auto digits = [](const std::string& s) {
        return s.find_first_not_of("0123456789") == std::string::npos;
    };
    if (whole.empty() || whole.size() > 15 || frac.size() > 4 || !digits(whole) || !digits(frac))
        return std::nullopt;
    Decimal d{std::atoll((whole + frac).c_str()), static_cast<int>(frac.size())};
    if (at) d.scaled = -d.scaled;
    return d;
}

std::string sum_cells(const std::vector<std::string>& cells) {
    if (cells.empty()) return {};
    // Amounts and figures: exactly, to the most decimal places any region gave.
    std::vector<Decimal> all;
    for (const auto& c : cells)
        if (auto d = read_decimal(c)) all.push_back(*d);
    if (all.size() == cells.size()) {
        int places = 0;
        for (const auto& d : all)
            places = std::max(places, d.places);
        long long total = 0, unit = 1;
        for (int i = 0; i < places; ++i)
            unit *= 10;
        for (const auto& d : all) {
            long long scale = 1;
            for (int i = d.places; i < places; ++i)
                scale *= 10;
            total += d.scaled * scale;
        }
        std::string sign = total < 0 ? "-" : "";
        long long a = total < 0 ? -total : total;
        return places == 0 ? sign + std::to_string(a)
                           : fmt::format("{}{}.{:0{}}", sign, a / unit, a % unit, places);
    }
    // `5 partners`, `1 partner`: the counts added, the word kept when every region's is the
    // same one (singular or plural), and made plural or singular for the sum.
    long n = 0;
    std::string word;
    for (const auto& c : cells) {
        auto space = c.find(' ');
        auto d = read_decimal(c.substr(0, space));
        if (!d || d->places || space == std::string::npos) return {};
        std::string w = c.substr(space);
        if (!w.empty() && w.back() == 's') w.pop_back();
        if (!word.empty() && word != w) return {};
        word = w;
        n += static_cast<long>(d->scaled);
    }
    return std::to_string(n) + word + (n == 1 ? "" : "s");
}

void add_rows(Table& into, const Table& part, const std::string& region,
              std::vector<std::vector<std::string>>* totals) {
    std::vector<std::vector<std::string>> dropped;
    add_region_rows(into, part, region, totals ? totals : &dropped);
}

void add_total(Table& t, const std::vector<std::vector<std::string>>& totals,
               const std::string& label) {
    if (totals.empty()) return;
    std::vector<std::string> row = {label, "total"};
    for (std::size_t c = 1; c + 1 < t.columns.size(); ++c) {
        std::vector<std::string> cells;
        for (const auto& total : totals)
            if (c < total.size()) cells.push_back(total[c]);
        row.push_back(sum_cells(cells));
    }
    t.add_row(std::move(row));
}

}  // namespace

std::string all_regions_label(const Report& report) {
    bool some_left_out = std::any_of(report.regions.begin(), report.regions.end(),
                                     [](const RegionRead& r) { return r.left_out; });
    return some_left_out ? "all regions counted" : "all regions";
}

void stack_reports(Report& into, const std::vector<std::pair<std::string, const Report*>>& parts,
                   const std::string& total) {
    for (const auto& [region, part] : parts) {
        into.currency = part->currency;
        for (const auto& w : part->warnings)
            into.warnings.push_back(fmt::format("region {}: {}", region, w));
        if (part->flat_csv) {
            if (!into.flat_csv) into.flat_csv = Table{};
            add_rows(*into.flat_csv, *part->flat_csv, region, nullptr);
        }
    }
    for (const auto& [region, part] : parts) {
        // A section only a later region has goes where that region's report has it (what
        // needs attention before paying first), not at the end.
        std::size_t after = 0;
        for (const auto& s : part->sections) {
            auto it = std::find_if(into.sections.begin(), into.sections.end(),
                                   [&](const ReportSection& x) { return x.heading == s.heading; });
            if (it == into.sections.end())
                it = into.sections.insert(
                    into.sections.begin() +
                        static_cast<std::ptrdiff_t>(std::min(after, into.sections.size())),
                    {s.heading, {}, {}, {}});
            after = static_cast<std::size_t>(it - into.sections.begin()) + 1;
            for (const auto& p : s.paragraphs) {
                bool everyone = std::all_of(parts.begin(), parts.end(), [&](const auto& other) {
                    return std::any_of(other.second->sections.begin(), other.second->sections.end(),
                                       [&](const ReportSection& o) {
                                           return o.heading == s.heading &&
                                                  std::find(o.paragraphs.begin(),
                                                            o.paragraphs.end(),
                                                            p) != o.paragraphs.end();
                                       });
                });
                std::string text = everyone ? p : region + ": " + p;
                if (std::find(it->paragraphs.begin(), it->paragraphs.end(), text) ==
                    it->paragraphs.end())
                    it->paragraphs.push_back(text);
            }
            for (const auto& t : s.tables) {
                auto jt = std::find_if(it->tables.begin(), it->tables.end(),
                                       [&](const ReportTable& x) { return x.title == t.title; });
                if (jt == it->tables.end())
                    jt = it->tables.insert(it->tables.end(), {t.title, Table{}, t.note});
                add_rows(jt->table, t.table, region, nullptr);
            }
        }
    }
    // Each table's total: the regions' totals added up.
    for (auto& s : into.sections)
        for (auto& t : s.tables) {
            std::vector<std::vector<std::string>> totals;
            for (const auto& [region, part] : parts)
                for (const auto& ps : part->sections)
                    if (ps.heading == s.heading)
                        for (const auto& pt : ps.tables)
                            if (pt.title == t.title)
                                for (const auto& row : pt.table.rows)
                                    if (!row.empty() && row[0] == "total") totals.push_back(row);
            add_total(t.table, totals, total.empty() ? all_regions_label(into) : total);
        }
}

}  // namespace vfi
