// A report in each format: one renderer per format, shared by every report.
#pragma once

#include <string>

#include "vfi/report/report.hpp"

namespace vfi {

enum class ReportFormat { table, md, csv, json, html };

std::string render_report(const Report& report, ReportFormat format);

}  // namespace vfi
