#include "vfi/report/compare.hpp"

#include <map>
#include <set>

#include <fmt/format.h>

#include "vfi/base/text.hpp"
#include "vfi/store/git.hpp"

namespace vfi {
namespace {

// A table's cells by row and column, keeping the order they came in. A row is named by its
// first `key` cells (`2023-03-27 · S-9AEVVD · P-GWA03E · coaching · preparation`).
struct Cells {
    std::vector<std::string> rows;
    std::map<std::string, std::map<std::string, std::string>> at;
};

std::string cell_text(const Table& t, std::size_t c, const std::string& v) {
    if (t.types[c] != ColumnType::list) return v;
    std::string out;
    for (const auto& item : Table::list_items(v))
        out += (out.empty() ? "" : ", ") + item;
    return out;
}

std::string row_name(const Table& t, const std::vector<std::string>& row, std::size_t key) {
    std::vector<std::string> parts;
    for (std::size_t c = 0; c < key && c < row.size(); ++c)
        parts.push_back(cell_text(t, c, row[c]));
    return join(parts, " · ");
}

Cells cells_of(const Table& t, std::size_t key) {
    Cells c;
    for (const auto& row : t.rows) {
        if (row.empty()) continue;
        std::string label = row_name(t, row, key);
        // A name seen before (no columns name the rows) is told apart by its place.
        if (c.at.count(label)) label += fmt::format(" (row {})", c.rows.size() + 1);
        c.rows.push_back(label);
        for (std::size_t i = key; i < row.size() && i < t.columns.size(); ++i)
            c.at[label][t.columns[i]] = cell_text(t, i, row[i]);
    }
    return c;
}

// How many leading columns name a row in both tables: the fewest, of those that are not
// figures, that tell every row apart; else the first alone.
std::size_t key_columns(const Table& a, const Table& b) {
    const Table& shape = b.columns.empty() ? a : b;
    for (std::size_t k = 1; k < shape.columns.size(); ++k) {
        if (right_aligned(shape.types[k - 1])) break;
        bool unique = true;
        for (const Table* t : {&a, &b}) {
            std::set<std::string> seen;
            for (const auto& row : t->rows)
                unique = unique && seen.insert(row_name(*t, row, k)).second;
        }
        if (unique) return k;
    }
    return 1;
}

// Every table of a report by where it is: `section / table`.
std::vector<std::pair<std::string, const Table*>> tables_of(const Report& r) {
    std::vector<std::pair<std::string, const Table*>> out;
    for (const auto& s : r.sections)
        for (const auto& t : s.tables)
            out.emplace_back(t.title.empty() || t.title == s.heading
                                 ? s.heading
                                 : fmt::format("{} / {}", s.heading, t.title),
                             &t.table);
    return out;
}

void compare_table(const std::string& where, const Table* then, const Table* now, Table& out) {
    static const Table none;
    std::size_t key = key_columns(then ? *then : none, now ? *now : none);
    Cells a = cells_of(then ? *then : none, key), b = cells_of(now ? *now : none, key);
    std::vector<std::string> rows = b.rows;
    for (const auto& r : a.rows)
        if (!b.at.count(r)) rows.push_back(r);
    const Table& shape = now ? *now : *then;
    std::vector<std::string> columns(
        shape.columns.begin() + static_cast<std::ptrdiff_t>(std::min(key, shape.columns.size())),
        shape.columns.end());
    if (then && now)
        for (std::size_t i = key; i < then->columns.size(); ++i)
            if (std::find(columns.begin(), columns.end(), then->columns[i]) == columns.end())
                columns.push_back(then->columns[i]);
    for (const auto& row : rows)
        for (const auto& column : columns) {
            auto cell = [&](const Cells& c) {
                auto r = c.at.find(row);
                if (r == c.at.end()) return std::string();
                auto v = r->second.find(column);
                return v == r->second.end() ? std::string() : v->second;
            };
            std::string was = cell(a), is = cell(b);
            if (was != is) out.add_row({where, row, column, was, is});
        }
}

// The changes committed to records since `then`, or why they are not listed.
ReportSection changes_section(const Report& then, const std::vector<FieldChange>& changes,
                              bool list_records) {
    ReportSection records;
    records.heading = "Changes to the records since then";
    if (!list_records) {
        records.paragraphs.push_back(
            "This report counts people by protected characteristics, so the records behind a "
            "change are not listed here: which person changed would tell what they are. "
            "`vfi log --since DATE` lists every change for the coordinator.");
    } else if (changes.empty()) {
        records.paragraphs.push_back("No record was changed by a commit since then.");
    } else {
        records.paragraphs.push_back(fmt::format(
            "Every change committed to the records (and vfi.yaml) after {}: the figures above "
            "moved because of some of them. `vfi log ID` tells one record's whole history.",
            then.commit));
        records.tables.push_back(ReportTable{"Commits since then", log_table(changes, true), {}});
    }
    return records;
}

}  // namespace

Report compare_reports(const Report& then, const Report& now,
                       const std::vector<FieldChange>& changes, bool list_records) {
    Report out;
    out.name = now.name;
    out.title = now.title + ", then and now";
    out.programme = now.programme;
    out.from = now.from;
    out.to = now.to;
    out.cohort = now.cohort;
    out.commit = now.commit;
    out.uncommitted = now.uncommitted;
    out.git_unavailable = now.git_unavailable;
    out.compared_to = then.commit;
    out.currency = now.currency;
    out.warnings = now.warnings;

    ReportSection figures;
    figures.heading = "Figures that changed";
    ReportTable moved;
    moved.title = "Then and now";
    for (const char* c : {"table", "row", "column"})
        moved.table.add_column(c);
    moved.table.add_column(fmt::format("then ({})", then.commit));
    moved.table.add_column(now.commit.empty() ? std::string("now")
                           : now.uncommitted
                               ? fmt::format("now ({} with changes not yet committed)", now.commit)
                               : fmt::format("now ({})", now.commit));
    auto a = tables_of(then), b = tables_of(now);
    for (const auto& [where, table] : b) {
        const Table* before = nullptr;
        for (const auto& [w, t] : a)
            if (w == where) before = t;
        compare_table(where, before, table, moved.table);
    }
    for (const auto& gone : a)  // (a structured binding is not captured by clang 14)
        if (std::none_of(b.begin(), b.end(), [&](const auto& x) { return x.first == gone.first; }))
            compare_table(gone.first, gone.second, nullptr, moved.table);
    // Figures told in sentences: each sentence of a section that reads differently.
    for (const auto& section : now.sections) {
        const ReportSection* before = nullptr;
        for (const auto& s : then.sections)
            if (s.heading == section.heading) before = &s;
        static const std::vector<std::string> none;
        const auto& was = before ? before->paragraphs : none;
        for (std::size_t i = 0; i < std::max(was.size(), section.paragraphs.size()); ++i) {
            std::string w = i < was.size() ? was[i] : "";
            std::string n = i < section.paragraphs.size() ? section.paragraphs[i] : "";
            if (w != n)
                moved.table.add_row(
                    {section.heading, "(text)", fmt::format("sentence {}", i + 1), w, n});
        }
    }
    figures.paragraphs.push_back(
        moved.table.rows.empty()
            ? fmt::format("No figure changed: the records give the same report at {} as at {}.",
                          now.commit.empty() ? "now" : now.commit, then.commit)
            : fmt::format("{} figure{} of the report for the same period differ{} between the "
                          "records at {} and at {}.",
                          moved.table.rows.size(), moved.table.rows.size() == 1 ? "" : "s",
                          moved.table.rows.size() == 1 ? "s" : "", then.commit,
                          now.commit.empty() ? "now" : now.commit));
    if (!moved.table.rows.empty()) figures.tables.push_back(std::move(moved));
    out.sections.push_back(std::move(figures));

    out.sections.push_back(changes_section(then, changes, list_records));
    return out;
}

MadeReport make_comparison(RecordStore& store, const ReportKind& kind, const ReportAsked& asked,
                           std::string_view then) {
    MadeReport now = make_report(store, kind, asked);
    RecordStore past(store.root(), then);
    // The same period as now's, even where a default would fall elsewhere in the past.
    ReportAsked same = asked;
    same.month.reset();
    same.tax_year.reset();
    same.from = now.report.from;
    same.to = now.report.to;
    std::string read = store.as_of() ? store.as_of()->commit() : "HEAD";
    if (past.as_of()->commit() != git_commit_id(store.root(), read) &&
        git_is_ancestor(store.root(), read, past.as_of()->commit()))
        throw Error(ExitCode::usage, {}, "--compare-to",
                    fmt::format("{} is later than the records read ({}), so there is nothing "
                                "since it to compare",
                                then, store.as_of() ? store.as_of()->shown() : "now"),
                    "give the earlier commit or day to --compare-to, and the later to --as-of");
    MadeReport was = make_report(past, kind, same);
    if (!now.problems.empty() || !was.problems.empty()) {
        now.problems.insert(now.problems.end(), was.problems.begin(), was.problems.end());
        return now;
    }
    // Which person changed would tell what they are in a report of protected characteristics.
    bool list_records = kind.name != "equality";
    std::vector<FieldChange> changes;
    if (list_records) {
        LogAsked log;
        log.after = past.as_of()->commit();
        log.structural_only = true;
        changes = record_log(store, log);
    }
    now.report = compare_reports(was.report, now.report, changes, list_records);
    return now;
}

}  // namespace vfi
