// report/catalogue: the table of reports, and the period a report covers by default.
#include <doctest/doctest.h>

#include "vfi/report/catalogue.hpp"

using namespace vfi;

TEST_CASE("catalogue: every report once, found by its name, with what it needs") {
    std::vector<std::string> names;
    for (const auto& k : report_kinds())
        names.emplace_back(k.name);
    CHECK(names == std::vector<std::string>{"summary", "learning", "equality", "payments",
                                            "activity", "statement"});
    CHECK(find_report("statement")->for_partner);
    CHECK_FALSE(find_report("payments")->for_partner);
    REQUIRE(find_report("payments"));
    CHECK(find_report("payments")->by_month);
    CHECK_FALSE(find_report("payments")->counts_people);
    CHECK(find_report("equality")->whole_programme);
    CHECK(find_report("learning")->reads_reflections);
    CHECK_FALSE(find_report("summary")->whole_programme);
    CHECK(find_report("Summary") == nullptr);
    CHECK(find_report("budget") == nullptr);
}

TEST_CASE("catalogue: a monthly run pays the calendar month before today's") {
    CHECK(month_before(Date{2026, 12, 2}) == std::pair(Date{2026, 11, 1}, Date{2026, 11, 30}));
    CHECK(month_before(Date{2026, 1, 31}) == std::pair(Date{2025, 12, 1}, Date{2025, 12, 31}));
    CHECK(month_before(Date{2024, 3, 1}) == std::pair(Date{2024, 2, 1}, Date{2024, 2, 29}));
}

TEST_CASE("catalogue: a UK tax year is 2025-26, from 6 April to 5 April") {
    CHECK(parse_tax_year("2025-26") == 2025);
    CHECK(parse_tax_year("1999-00") == 1999);
    CHECK_FALSE(parse_tax_year("2025-27"));
    CHECK_FALSE(parse_tax_year("2025"));
    CHECK_FALSE(parse_tax_year("2025/26"));
    CHECK_FALSE(parse_tax_year("2025-2026"));
    CHECK_FALSE(parse_tax_year("202a-26"));
    CHECK(tax_year_of(Date{2026, 4, 5}) == 2025);
    CHECK(tax_year_of(Date{2026, 4, 6}) == 2026);
    CHECK(tax_year_of(Date{2026, 1, 1}) == 2025);
}
