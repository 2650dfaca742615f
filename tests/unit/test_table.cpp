#include <doctest/doctest.h>

#include "vfi/base/table.hpp"
#include "vfi/render/chart.hpp"
#include "vfi/render/table.hpp"

using namespace vfi;

namespace {

Table sample() {
    Table t;
    t.add_column("id");
    t.add_column("name");
    t.add_column("capacity", ColumnType::number);
    t.add_row({"P-AAAAAA", "Zoë Quill", "2"});
    t.add_row({"P-BBBBBB", "Ama \"Jo\", Ltd", ""});
    return t;
}

}  // namespace

TEST_CASE("table: aligned columns, numbers on the right, no colour unless asked") {
    CHECK(render_table(sample(), Colour::off) ==
          "id        name           capacity\n"
          "P-AAAAAA  Zoë Quill             2\n"
          "P-BBBBBB  Ama \"Jo\", Ltd\n");
    CHECK(render_table(sample(), Colour::on).find("\033[1mid") == 0);
}

TEST_CASE("table: columns line up after wide and zero-width characters") {
    Table t;
    t.add_column("name");
    t.add_column("sessions", ColumnType::number);
    t.add_row({"王芳", "3"});                 // four columns
    t.add_row({"Rene\u0301e Okafor", "12"});  // é as e and a combining accent
    t.add_row({"Ama 🌻", "1"});                // a sunflower takes two
    CHECK(render_table(t, Colour::off) ==
          "name          sessions\n"
          "王芳                 3\n"
          "Rene\u0301e Okafor        12\n"
          "Ama 🌻               1\n");
}

TEST_CASE("csv: RFC 4180 quoting and CRLF line ends") {
    CHECK(render_csv(sample()) ==
          "id,name,capacity\r\n"
          "P-AAAAAA,Zoë Quill,2\r\n"
          "P-BBBBBB,\"Ama \"\"Jo\"\", Ltd\",\r\n");
}

TEST_CASE("json: an array of objects; numeric columns are numbers, empty ones null") {
    CHECK(
        render_json(sample()) ==
        "[\n"
        "  {\n    \"id\": \"P-AAAAAA\",\n    \"name\": \"Zoë Quill\",\n    \"capacity\": 2\n  },\n"
        "  {\n    \"id\": \"P-BBBBBB\",\n    \"name\": \"Ama \\\"Jo\\\", Ltd\",\n    \"capacity\": "
        "null\n  }\n"
        "]\n");
    CHECK(render_json(Table{}) == "[]\n");
}

TEST_CASE("yaml: a list of maps that reads back") {
    CHECK(render_yaml(sample()) ==
          "- id: P-AAAAAA\n  name: Zoë Quill\n  capacity: 2\n"
          "- id: P-BBBBBB\n  name: Ama \"Jo\", Ltd\n");
    CHECK(render_yaml(Table{}) == "[]\n");
}

TEST_CASE("formats by name") {
    CHECK(format_from_name("csv") == Format::csv);
    CHECK_FALSE(format_from_name("xml"));
}

#include "vfi/ops/pay.hpp"
#include "vfi/report/builders.hpp"

TEST_CASE("payments: minutes at an hourly rate, to the nearest penny") {
    CHECK(pay_for_minutes(30, 2500) == 1250);
    CHECK(pay_for_minutes(45, 2500) == 1875);
    CHECK(pay_for_minutes(1, 2500) == 42);  // 41.67p
    CHECK(pay_for_minutes(1, 1830) == 31);  // 30.5p: halves go up
    CHECK(pay_for_minutes(0, 2500) == 0);
    CHECK(pay_for_minutes(600, 1450) == 14500);
}

TEST_CASE("payments: the rate in force is the latest that started on or before the day") {
    std::vector<PaymentRate> rates = {{Date{2024, 3, 15}, 6000, 45, 3000},
                                      {Date{2021, 4, 1}, 5000, 30, 2500}};
    CHECK(rate_on(rates, Date{2021, 3, 31}) == nullptr);
    CHECK(rate_on(rates, Date{2021, 4, 1})->session_pence == 5000);
    CHECK(rate_on(rates, Date{2024, 3, 14})->session_pence == 5000);
    CHECK(rate_on(rates, Date{2024, 3, 15})->session_pence == 6000);
    CHECK(rate_on({}, Date{2024, 3, 15}) == nullptr);
}

TEST_CASE("charts: alt text names the range, the highest and lowest, and the total") {
    Chart c{Chart::Kind::bar,
            "Sessions held",
            "sessions",
            {"2024-01", "2024-02", "2024-03"},
            {{"held", {3, 7, 0}}}};
    CHECK(chart_alt_text(c) ==
          "Bar chart: Sessions held, 2024-01 to 2024-03 (3 points). held: highest 7 in "
          "2024-02, lowest 0 in 2024-03, 10 in all. The table holds every figure.");
    c.kind = Chart::Kind::line;
    CHECK(chart_alt_text(c).find("3 at the start and 0 at the end") != std::string::npos);
    std::string svg = chart_svg(c, "c1");
    CHECK(svg.find("role=\"img\" aria-labelledby=\"c1-title c1-desc\"") != std::string::npos);
    CHECK(svg.find("<polyline") != std::string::npos);
    // The y axis ends at a round number above the highest value: 0, 2, 4, 6, 8.
    CHECK(svg.find(">8</text>") != std::string::npos);
    CHECK(svg.find(">10</text>") == std::string::npos);
    Chart empty{Chart::Kind::bar, "Nothing", "sessions", {}, {}};
    CHECK(chart_alt_text(empty) == "Bar chart: Nothing. No data in the period.");
    CHECK(chart_svg(empty, "c2").find("</svg>") != std::string::npos);
}

TEST_CASE("csv_cell: a cell a spreadsheet would run as a formula starts with a quote") {
    CHECK(csv_cell("=HYPERLINK(\"http://x\",\"y\")") ==
          "\"'=HYPERLINK(\"\"http://x\"\",\"\"y\"\")\"");
    CHECK(csv_cell("+cmd|' /C calc'!A0") == "'+cmd|' /C calc'!A0");
    CHECK(csv_cell("@SUM(1)") == "'@SUM(1)");
    CHECK(csv_cell("-2+3") == "'-2+3");
    CHECK(csv_cell("\tTab") == "'\tTab");
    CHECK(csv_cell("\rCR") == "\"'\rCR\"");
    // Numbers stay numbers.
    CHECK(csv_cell("-12.50") == "-12.50");
    CHECK(csv_cell("+3") == "+3");
    CHECK(csv_cell("125.00") == "125.00");
    CHECK(csv_cell("-") == "'-");
    CHECK(csv_cell("-.5") == "'-.5");
    CHECK(csv_cell("O'Neill, Jo") == "\"O'Neill, Jo\"");
    CHECK(is_number_text("12"));
    CHECK_FALSE(is_number_text("12."));
    CHECK_FALSE(is_number_text("1e3"));
}
