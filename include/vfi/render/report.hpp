// A report in each format: one renderer per format, shared by every report.
#pragma once

#include <string>

#include "vfi/report/report.hpp"

namespace vfi {

enum class ReportFormat { table, md, csv, json, html, xlsx };

// The report's bytes in that format (an xlsx workbook is a zip file: binary).
std::string render_report(const Report& report, ReportFormat format);
// The line that closes every report: the period, the data's commit, vfi's version.
std::string report_footer(const Report& report);
// The report as an Excel workbook (render/xlsx.cpp): its finance table first when it has one,
// then a sheet per table, then "About" with the title, period, commit and notes; cells typed by
// their column (dates as dates, money as currency, the rest as text, never a formula).
std::string render_xlsx(const Report& report);

}  // namespace vfi
