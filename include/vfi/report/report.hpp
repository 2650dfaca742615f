// Reports: builders (vfi/report/builders.hpp) return this data, sections of tables and notes;
// one renderer per format (vfi/render/report.hpp) is shared by every report. Every report names its
// period and the data's git commit.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "vfi/base/date.hpp"
#include "vfi/base/table.hpp"

namespace vfi {

struct ReportTable {
    std::string title;
    Table table;
    std::string note;  // under the table, e.g. how small counts were hidden
};

// A chart drawn in the HTML page (inline SVG) beside the table that holds the same figures;
// the other formats carry the figures in that table alone.
struct ChartSeries {
    std::string name;
    std::vector<double> values;  // one per label
};

struct Chart {
    enum class Kind { bar, line };
    Kind kind = Kind::bar;
    std::string title;
    std::string unit;                 // what the y axis counts: "sessions", "hours"
    std::vector<std::string> labels;  // along the x axis
    std::vector<ChartSeries> series;  // up to four, each in its own colour-blind-safe colour
};

struct ReportSection {
    std::string heading;
    std::vector<std::string> paragraphs;
    std::vector<ReportTable> tables;
    std::vector<Chart> charts;
    bool headline = false;  // the figures read first: larger in the HTML page
};

// A region a national report read: at which commit, fetched when.
struct RegionRead {
    std::string name;
    std::string commit;   // short
    std::string fetched;  // `2026-12-03T10:29:28Z`
    std::string failed;   // the last fetch failed then: stale
    bool left_out = false;
    std::string commit_day;  // the day of the commit (UTC)
    std::string why;         // why it was left out, in plain words
};

struct Report {
    std::string name;   // summary
    std::string title;  // Summary Report
    std::string programme;
    Date from, to;
    std::string cohort;       // "" for all
    std::string commit;       // the data's git commit, or "" outside git
    std::string compared_to;  // --compare-to: the commit the figures are compared with
    std::string currency;     // what its money columns count (`GBP`), for a spreadsheet's format
    std::vector<ReportSection> sections;
    // For a report a spreadsheet loads whole (payments, activity), the CSV is this one table,
    // column for column, instead of the long section/table/row/column/value form.
    std::optional<Table> flat_csv;
    // The data's files differ from that commit: a figure cannot be traced back exactly.
    bool uncommitted = false;
    // The data is in git, but git could not be run to say at which commit.
    bool git_unavailable = false;
    // What must be put right before the figures can be relied on (a session no rate pays):
    // also in the report, and told on standard error with exit status 1.
    std::vector<std::string> warnings;
    // A national report: each region read, in the order vfi.yaml lists them.
    std::vector<RegionRead> regions;
};

}  // namespace vfi
