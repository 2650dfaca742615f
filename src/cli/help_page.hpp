// A command's help page, src/cli/help/NAME.md, and how it is read. The build reads every page
// (tools/help_table.cpp) into a table compiled into vfi, so a page that does not read stops the
// build, naming its line; --help, the man pages and the command tree's descriptions are all
// written from the table (help.hpp). Only the standard library here: the build tool includes it
// too.
//
// A page, for `vfi partner add` in partner-add.md (the top-level `vfi` is vfi.md):
//
//     # vfi partner add
//
//     Add a partner and print the new id
//
//     Creates a record and prints only its id, ... (paragraphs, a blank line between them;
//     a paragraph's lines are joined, so wrap them anywhere)
//
//     ## Examples
//
//         vfi partner add --name "Amara Okafor"
//         id=$(vfi partner add --name "Callum Reid")
//
// The heading names the command; the first paragraph is the one line said of it in lists of
// commands; the paragraphs after it are the prose of --help and the
// man page (none is allowed); under `## Examples`, each line is one example (at least one).
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace vfi::cli {

struct CommandHelp {
    std::string path;         // "partner add"; empty for vfi itself
    std::string description;  // one line, without a full stop
    std::vector<std::string> paragraphs;
    std::vector<std::string> examples;
};

// Every page, as the build read them (defined in the generated help_table.cpp).
const std::vector<CommandHelp>& help_pages();

// What is wrong with a page, on which line (1 is the first), and how to put it right.
struct HelpPageError {
    int line;
    std::string message;
};

namespace help_page_detail {

inline std::string trimmed(std::string_view s) {
    const char* space = " \t\r";
    auto first = s.find_first_not_of(space);
    if (first == std::string_view::npos) return {};
    return std::string(s.substr(first, s.find_last_not_of(space) - first + 1));
}

inline std::vector<std::string> lines_of(std::string_view text) {
    std::vector<std::string> out;
    std::size_t start = 0;
    while (start < text.size()) {
        std::size_t end = text.find('\n', start);
        if (end == std::string_view::npos) end = text.size();
        out.emplace_back(text.substr(start, end - start));
        start = end + 1;
    }
    return out;
}

}  // namespace help_page_detail

// The command a page's file name is for: `partner-add.md` is `partner add`, `vfi.md` vfi itself.
inline std::string command_of_page(std::string_view file_name) {
    std::string name(file_name.substr(0, file_name.rfind(".md")));
    if (name == "vfi") return {};
    for (char& c : name)
        if (c == '-') c = ' ';
    return name;
}

// Reads the page `text` for the command `path`; throws HelpPageError.
inline CommandHelp parse_help_page(std::string_view text, const std::string& path) {
    using help_page_detail::trimmed;
    const std::string heading = path.empty() ? "# vfi" : "# vfi " + path;
    CommandHelp page{path, {}, {}, {}};
    auto lines = help_page_detail::lines_of(text);
    std::size_t i = 0;
    while (i < lines.size() && trimmed(lines[i]).empty())
        ++i;
    if (i == lines.size() || trimmed(lines[i]) != heading)
        throw HelpPageError{static_cast<int>(i + 1),
                            "the page must begin with the heading `" + heading +
                                "` — write it as the first line, naming the command this file is "
                                "for"};
    bool in_examples = false, description = true;
    std::string paragraph;
    auto end_paragraph = [&] {
        if (paragraph.empty()) return;
        if (description)
            page.description = paragraph;
        else
            page.paragraphs.push_back(paragraph);
        description = false;
        paragraph.clear();
    };
    for (++i; i < lines.size(); ++i) {
        std::string line = trimmed(lines[i]);
        int number = static_cast<int>(i + 1);
        if (!lines[i].empty() && lines[i][0] == '#') {
            if (line != "## Examples" || in_examples)
                throw HelpPageError{number, "`" + line +
                                                "` is not a heading a help page has — the only "
                                                "one after the first is `## Examples`, once"};
            end_paragraph();
            if (page.description.empty())
                throw HelpPageError{number,
                                    "the page says nothing of the command before its examples — "
                                    "write one line saying what it does after the first heading"};
            in_examples = true;
        } else if (in_examples) {
            if (!line.empty()) page.examples.push_back(line);
        } else if (line.empty()) {
            end_paragraph();
        } else {
            paragraph += (paragraph.empty() ? "" : " ") + line;
        }
    }
    int last = static_cast<int>(lines.size());
    if (!in_examples)
        throw HelpPageError{last,
                            "the page has no `## Examples` — end it with that heading and at "
                            "least one example, one command to a line"};
    if (page.examples.empty())
        throw HelpPageError{last,
                            "`## Examples` holds no example — write at least one command under "
                            "it, one to a line"};
    return page;
}

}  // namespace vfi::cli
