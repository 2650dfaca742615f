// The build's step from the help pages to C++: `help_table OUT.cpp PAGE.md...` reads each
// page (help_page.hpp) and writes OUT.cpp, the table vfi's --help, man pages and completion
// are written from. A page that does not read stops the build with `file:line: what is wrong —
// how to fix it`. Run by CMake whenever a page changes; never part of vfi itself.
#include <filesystem>
#include <fstream>
#include <iostream>
#include <set>
#include <sstream>

#include "../help_page.hpp"

namespace {

using vfi::cli::CommandHelp;

// `text` as a C++ raw string literal, with a delimiter the text does not hold.
std::string literal(const std::string& text) {
    std::string delimiter = "help";
    for (int n = 1; text.find(")" + delimiter + "\"") != std::string::npos; ++n)
        delimiter = "help" + std::to_string(n);
    return "R\"" + delimiter + "(" + text + ")" + delimiter + "\"";
}

std::string list(const std::vector<std::string>& items) {
    std::string out = "{";
    for (std::size_t i = 0; i < items.size(); ++i)
        out += (i ? ",\n          " : "") + literal(items[i]);
    return out + "}";
}

std::string entry(const CommandHelp& page) {
    return "        {" + literal(page.path) + ",\n         " + literal(page.description) +
           ",\n         " + list(page.paragraphs) + ",\n         " + list(page.examples) + "},\n";
}

std::string read(const std::filesystem::path& file) {
    std::ifstream in(file, std::ios::binary);
    if (!in) throw vfi::cli::HelpPageError{0, "cannot be read"};
    std::ostringstream text;
    text << in.rdbuf();
    return text.str();
}

}  // namespace

int main(int argc, char** argv) {
    if (argc < 2) {
        std::cerr << "usage: help_table OUT.cpp PAGE.md...\n";
        return 2;
    }
    std::string out =
        "// Written by help_table from src/cli/help/*.md at build time: edit the pages, not "
        "this.\n#include \"help_page.hpp\"\n\nnamespace vfi::cli {\n\n"
        "const std::vector<CommandHelp>& help_pages() {\n"
        "    static const std::vector<CommandHelp> pages = {\n";
    std::set<std::string> seen;
    for (int i = 2; i < argc; ++i) {
        std::filesystem::path file = argv[i];
        std::string path = vfi::cli::command_of_page(file.filename().string());
        try {
            if (file.extension() != ".md")
                throw vfi::cli::HelpPageError{0, "is not a help page — name it COMMAND.md"};
            if (!seen.insert(path).second)
                throw vfi::cli::HelpPageError{0, "is a second page for the same command"};
            out += entry(vfi::cli::parse_help_page(read(file), path));
        } catch (const vfi::cli::HelpPageError& e) {
            std::cerr << file.string() << (e.line ? ":" + std::to_string(e.line) : "") << ": "
                      << e.message << '\n';
            return 1;
        }
    }
    out += "    };\n    return pages;\n}\n\n}  // namespace vfi::cli\n";
    std::ofstream written(argv[1], std::ios::binary);
    written << out;
    if (!written.flush()) {
        std::cerr << argv[1] << ": could not be written\n";
        return 1;
    }
    return 0;
}
