// Several regions' reports as one national report, for the reports that list rather than
// count people (payments, a statement): each table's rows one region after another, with a
// `region` column first and every record's id named `region:ID`, the total rows added up.
#pragma once

#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "vfi/report/report.hpp"

namespace vfi {

// The row of every region's figures: "all regions counted" when some were left out.
std::string all_regions_label(const Report& report);

// Adds to `into` (a report with its name, period and regions set) the sections of `parts`
// (each a region's name and report), stacked: sections and tables matched by heading and
// title; a paragraph every region has, once, and any other prefixed with its region's name;
// each region's warnings prefixed the same way. A total row (first cell `total`) is the sum
// of the regions' totals: numbers and amounts exactly, `5 partners` as a count; its region
// cell is `total` when given (the region of one partner's statement), else "all regions" (or
// "all regions counted" when a region was left out). A section only a later region has is placed
// where that region's report has it.
void stack_reports(Report& into, const std::vector<std::pair<std::string, const Report*>>& parts,
                   const std::string& total = "");

}  // namespace vfi
