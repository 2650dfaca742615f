// Reports: builders return data (sections of tables and notes); one renderer per format is
// shared by every report. Every report names its period and the data's git commit.
#pragma once

#include <string>
#include <vector>

#include "vfi/date.hpp"
#include "vfi/table.hpp"

namespace vfi {

enum class ReportFormat { table, md, csv, json, html };

struct ReportTable {
    std::string title;
    Table table;
    std::string note;  // under the table, e.g. how small counts were hidden
};

struct ReportSection {
    std::string heading;
    std::vector<std::string> paragraphs;
    std::vector<ReportTable> tables;
};

struct Report {
    std::string name;   // summary
    std::string title;  // Summary Report
    std::string programme;
    Date from, to;
    std::string cohort;  // "" for all
    std::string commit;  // the data's git commit, or "" outside git
    std::vector<ReportSection> sections;
};

std::string render_report(const Report& report, ReportFormat format);

}  // namespace vfi
