// Charts as inline SVG for the HTML report, with the words a screen reader gives for each.
#pragma once

#include <string>

#include "vfi/report/report.hpp"

namespace vfi {

// The words a screen reader gives for a chart: its kind, what it shows and its range.
std::string chart_alt_text(const Chart& chart);
// The chart as one inline <svg> element; `id` (unique in the page) ties its title and
// description to it for screen readers.
std::string chart_svg(const Chart& chart, const std::string& id);

}  // namespace vfi
