// Each command's help, from its page (help.hpp).
#include "help.hpp"

#include <algorithm>
#include <functional>
#include <map>
#include <stdexcept>

#include <fmt/format.h>

#include "context.hpp"
#include "vfi/base/error.hpp"
#include "vfi/base/text.hpp"

namespace vfi::cli {
namespace {

// `0 ok, 1 problems found, …`: the exit codes, from their one table, for `{exit-statuses}`
// in a page.
std::string exit_status_list() {
    std::vector<std::string> parts;
    for (const auto& e : exit_codes)
        parts.push_back(fmt::format("{} {}", static_cast<int>(e.code), e.name));
    return join(parts, ", ");
}

// The paragraphs as --help shows them: each after a blank line, wrapped to 80 columns.
std::string wrapped(const std::vector<std::string>& paragraphs) {
    std::string out;
    for (const auto& paragraph : paragraphs) {
        std::string line;
        for (const auto& word : split(paragraph, ' ')) {
            if (!line.empty() && line.size() + 1 + word.size() > 80) {
                out += '\n' + line;
                line.clear();
            }
            line += (line.empty() ? "" : " ") + word;
        }
        out += '\n' + line + '\n';
    }
    return out;
}

// The examples as --help shows them: an `Example:` block, each indented.
std::string example_block(const std::vector<std::string>& lines) {
    if (lines.empty()) return {};
    std::string out = "\nExample:\n";
    for (const auto& line : lines)
        out += "  " + line + '\n';
    return out;
}

void fill_in(std::string& text, std::string_view name, const std::string& value) {
    for (auto at = text.find(name); at != std::string::npos; at = text.find(name, at))
        text.replace(at, name.size(), value), at += value.size();
}

// Every page by its command, with what a page may name in braces filled in.
const std::map<std::string, CommandHelp, std::less<>>& pages() {
    static const auto all = [] {
        std::map<std::string, CommandHelp, std::less<>> out;
        for (CommandHelp page : help_pages()) {
            for (auto& paragraph : page.paragraphs)
                fill_in(paragraph, "{exit-statuses}", exit_status_list());
            std::string path = page.path;
            out.emplace(std::move(path), std::move(page));
        }
        return out;
    }();
    return all;
}

}  // namespace

const CommandHelp& help_for(std::string_view path) {
    if (auto it = pages().find(path); it != pages().end()) return it->second;
    std::string file = path.empty() ? "vfi" : std::string(path);
    std::replace(file.begin(), file.end(), ' ', '-');
    throw std::logic_error(fmt::format("`vfi{}{}` has no help page: write src/cli/help/{}.md",
                                       path.empty() ? "" : " ", path, file));
}

std::string help_footer(const CommandHelp& help) {
    return wrapped(help.paragraphs) + example_block(help.examples);
}

std::string command_path(const CLI::App& command) {
    std::string path;
    for (const CLI::App* app = &command; app->get_parent(); app = app->get_parent())
        path = app->get_name() + (path.empty() ? "" : " " + path);
    return path;
}

namespace {

// The options every command takes (`-C`, `--format`, `-q`...), as `vfi --help` lists them: a
// command's own help names them too, so nobody has to know they exist to find them.
std::string global_options(const CLI::App& command) {
    const CLI::App* top = &command;
    while (top->get_parent())
        top = top->get_parent();
    std::string out = "\nGlobal options (before or after the command):\n";
    for (const CLI::Option* o : top->get_options()) {
        std::string names = o->get_name(false, true);
        if (names.find("--help") != std::string::npos ||
            names.find("--version") != std::string::npos)
            continue;
        if (o->get_type_size() != 0) {
            std::string type = o->get_type_name();
            names += " " + type.substr(0, type.find(':'));  // CLI11 may repeat it after a colon
        }
        out += fmt::format("  {:<26}  {}\n", names, o->get_description());
    }
    return out + "\n";
}

// The footer made only when help is shown: made for every command at once, it cost each run
// of vfi some 3 ms. CLI11 shows a made footer with a line break after it: a footer that is
// not empty ends in one, which it leaves to CLI11.
void make_footer_when_shown(CLI::App& command, std::function<std::string()> make) {
    command.footer([make = std::move(make)] {
        std::string text = make();
        if (text.empty() || text.back() != '\n')
            throw std::logic_error("a help footer ends in a line break: " + text);
        text.pop_back();
        return text;
    });
}

}  // namespace

void apply_help(CLI::App& root) {
    const CommandHelp& help = help_for(command_path(root));
    root.description(help.description);
    bool leaf = root.get_parent() && root.get_subcommands({}).empty();
    if (leaf)
        make_footer_when_shown(root, [&root, &help] {
            return wrapped(help.paragraphs) + global_options(root) + example_block(help.examples);
        });
    else if (!help.paragraphs.empty() || !help.examples.empty())
        make_footer_when_shown(root, [&help] { return help_footer(help); });
    for (CLI::App* sub : root.get_subcommands({}))
        if (!sub->get_group().empty()) apply_help(*sub);  // a hidden command has no page
}

}  // namespace vfi::cli
