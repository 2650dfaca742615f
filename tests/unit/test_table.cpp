#include <doctest/doctest.h>

#include "vfi/table.hpp"

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
    CHECK(render_table(sample(), false) ==
          "id        name           capacity\n"
          "P-AAAAAA  Zoë Quill             2\n"
          "P-BBBBBB  Ama \"Jo\", Ltd\n");
    CHECK(render_table(sample(), true).find("\033[1mid") == 0);
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

#include "vfi/reports.hpp"

TEST_CASE("disclosure control: 1 to 7 hidden, the rest to the nearest 5") {
    CHECK(disclosed(0) == "0");
    for (long n = 1; n <= 7; ++n)
        CHECK(disclosed(n) == "*");
    CHECK(disclosed(8) == "10");
    CHECK(disclosed(12) == "10");
    CHECK(disclosed(13) == "15");
    CHECK(disclosed(17) == "15");
    CHECK(disclosed(18) == "20");
}
