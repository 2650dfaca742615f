// A command's help page (src/cli/help/COMMAND.md) as the build reads it: the one line, the
// paragraphs and the examples; and a page that does not read names its line and the fix.
#include <doctest/doctest.h>

#include "../../src/cli/help_page.hpp"

using namespace vfi::cli;

namespace {

// The line and message of the mistake parse_help_page finds in `text`, or line 0 for none.
HelpPageError mistake(const std::string& text, const std::string& path = "partner add") {
    try {
        parse_help_page(text, path);
    } catch (const HelpPageError& e) {
        return e;
    }
    return HelpPageError{0, ""};
}

}  // namespace

TEST_CASE("help page: the one line, paragraphs joined from their lines, one example a line") {
    CommandHelp page = parse_help_page(
        "# vfi partner add\n\nAdd a partner and print\n  the new id\n\nCreates a record and\n"
        "prints only its id.  \n\n\nA second paragraph.\n\n## Examples\n\n"
        "    vfi partner add --name \"Amara Okafor\"   # a comment\n\n"
        "id=$(vfi partner add --name \"Callum Reid\")\n",
        "partner add");
    CHECK(page.path == "partner add");
    CHECK(page.description == "Add a partner and print the new id");
    REQUIRE(page.paragraphs.size() == 2);
    CHECK(page.paragraphs[0] == "Creates a record and prints only its id.");
    CHECK(page.paragraphs[1] == "A second paragraph.");
    REQUIRE(page.examples.size() == 2);
    CHECK(page.examples[0] == "vfi partner add --name \"Amara Okafor\"   # a comment");
    CHECK(page.examples[1] == "id=$(vfi partner add --name \"Callum Reid\")");
}

TEST_CASE("help page: vfi.md is vfi itself; a page may have no paragraphs; CRLF is read") {
    CHECK(command_of_page("vfi.md").empty());
    CHECK(command_of_page("partner-add.md") == "partner add");
    CHECK(command_of_page("match.md") == "match");
    CommandHelp page = parse_help_page(
        "# vfi\r\n\r\nrun a programme\r\n\r\n## Examples\r\n\r\n    vfi check\r\n", "");
    CHECK(page.description == "run a programme");
    CHECK(page.paragraphs.empty());
    REQUIRE(page.examples.size() == 1);
    CHECK(page.examples[0] == "vfi check");
}

TEST_CASE("help page: a mistake names its line and how to put it right") {
    auto e = mistake("# vfi partner list\n\nList partners\n\n## Examples\n\n    vfi x\n");
    CHECK(e.line == 1);
    CHECK(e.message.find("`# vfi partner add`") != std::string::npos);

    e = mistake("# vfi partner add\n\nAdd one\n\n## Example\n\n    vfi x\n");
    CHECK(e.line == 5);
    CHECK(e.message.find("`## Example` is not a heading") != std::string::npos);

    e = mistake("# vfi partner add\n\nAdd one\n\n## Examples\n\n    vfi x\n## Examples\n");
    CHECK(e.line == 8);

    e = mistake("# vfi partner add\n\nAdd one\n\nProse.\n");
    CHECK(e.line == 5);
    CHECK(e.message.find("no `## Examples`") != std::string::npos);

    e = mistake("# vfi partner add\n\nAdd one\n\n## Examples\n\n");
    CHECK(e.line == 6);
    CHECK(e.message.find("holds no example") != std::string::npos);

    e = mistake("# vfi partner add\n\n## Examples\n\n    vfi x\n");
    CHECK(e.line == 3);
    CHECK(e.message.find("one line saying what it does") != std::string::npos);

    CHECK(mistake("").line == 1);
}
