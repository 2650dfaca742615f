// The man pages, written from the command tree and each command's help page (help.hpp): vfi(1)
// and one page per command. Every description, option, prose paragraph and example is what
// --help prints, so the two never disagree. `vfi __man DIR` (hidden) writes them; `make man` keeps
// docs/man/ up to date.
#include "manual.hpp"

#include <filesystem>
#include <fstream>

#include <fmt/format.h>

#include "context.hpp"
#include "help.hpp"
#include "vfi/base/text.hpp"

namespace vfi::cli {
namespace {

// Plain text as roff: backslashes and dashes escaped, `code` in bold, every character beyond
// ASCII by its code point (so no page depends on the reader's locale).
std::string roff(std::string_view text) {
    std::string out;
    bool bold = false;
    for (std::size_t i = 0; i < text.size(); ++i) {
        unsigned char c = static_cast<unsigned char>(text[i]);
        if (c == '\\') {
            out += "\\e";
        } else if (c == '-') {
            out += "\\-";
        } else if (c == '`') {
            out += bold ? "\\fR" : "\\fB";
            bold = !bold;
        } else if (c == '\'' && (out.empty() || out.back() == '\n')) {
            out += "\\&'";
        } else if (c == '.' && (out.empty() || out.back() == '\n')) {
            out += "\\&.";
        } else if (c < 0x80) {
            out += static_cast<char>(c);
        } else {
            int extra = c >= 0xF0 ? 3 : c >= 0xE0 ? 2 : 1;
            char32_t cp = c & (0x3F >> extra);
            for (int k = 0; k < extra && i + 1 < text.size(); ++k)
                cp = (cp << 6) | (static_cast<unsigned char>(text[++i]) & 0x3F);
            out += fmt::format("\\[u{:04X}]", static_cast<unsigned>(cp));
        }
    }
    if (bold) out += "\\fR";
    return out;
}

// The command's page, which its --help says too.
const CommandHelp& page_of(const CLI::App& cmd) {
    return help_for(command_path(cmd));
}

std::string value_name(const CLI::Option& o) {
    std::string type = o.get_type_name();
    type = type.substr(0, type.find(':'));  // "INT:INT in [1 - 104]"
    if (!type.empty() && type != "TEXT" && type != "INT" && type != "UINT" && type != "FLOAT")
        return type;  // set for the option, as --help shows it
    const std::string& said = o.get_description();
    if (said.find("YYYY-MM-DD") != std::string::npos) return "DATE";
    if (said.find("YYYY-MM") != std::string::npos) return "MONTH";
    std::string name = o.get_lnames().empty() ? o.get_name() : o.get_lnames().front();
    for (char& c : name)
        c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    return name;
}

bool positional(const CLI::Option& o) {
    return o.get_lnames().empty() && o.get_snames().empty();
}

// `-o, --output OUTPUT`, in roff.
std::string option_heading(const CLI::Option& o) {
    if (positional(o)) return "\\fI" + roff(o.get_name()) + "\\fR";
    std::vector<std::string> names;
    for (const auto& s : o.get_snames())
        names.push_back("\\fB\\-" + roff(s) + "\\fR");
    for (const auto& l : o.get_lnames())
        names.push_back("\\fB\\-\\-" + roff(l) + "\\fR");
    std::string out = join(names, ", ");
    if (o.get_expected_max() != 0) out += " \\fI" + roff(value_name(o)) + "\\fR";
    return out;
}

std::vector<const CLI::Option*> documented_options(const CLI::App& app) {
    std::vector<const CLI::Option*> out;
    for (const CLI::Option* o : app.get_options({}))
        if (!o->get_group().empty() && o != app.get_help_ptr() && o != app.get_help_all_ptr())
            out.push_back(o);
    return out;
}

std::string synopsis(const CLI::App& app, const std::string& path) {
    std::string out = "\\fB" + roff(path) + "\\fR";
    auto options = documented_options(app);
    bool optional = false;
    for (const auto* o : options)
        if (!positional(*o) && !o->get_required()) optional = true;
    if (optional) out += " [\\fIoptions\\fR]";
    for (const auto* o : options)
        if (!positional(*o) && o->get_required()) out += " " + option_heading(*o);
    for (const auto* o : options) {
        if (!positional(*o)) continue;
        std::string word = "\\fI" + roff(o->get_name()) + "\\fR";
        if (o->get_items_expected_max() > 1) word += "...";
        out += " " + (o->get_required() ? word : "[" + word + "]");
    }
    if (!visible_subcommands(app).empty()) out += " \\fICOMMAND\\fR";
    return out + "\n";
}

std::string paragraphs(const std::vector<std::string>& list) {
    std::string out;
    for (std::size_t i = 0; i < list.size(); ++i)
        out += (i ? ".PP\n" : "") + roff(list[i]) + "\n";
    return out;
}

std::string options_list(const CLI::App& app) {
    std::string out;
    for (const auto* o : documented_options(app)) {
        std::string description = o->get_description();
        if (o->get_required() && !positional(*o)) description += " (required)";
        out += ".TP\n" + option_heading(*o) + "\n" + roff(description) + "\n";
    }
    return out;
}

std::string example_lines(const std::vector<std::string>& lines) {
    if (lines.empty()) return {};
    std::string out = ".PP\n.nf\n.RS\n";
    for (const auto& l : lines)
        out += roff(l) + "\n";
    return out + ".RE\n.fi\n";
}

std::string exit_status() {
    std::string out = ".SH EXIT STATUS\n.TS\nl lx.\n";
    for (const auto& e : exit_codes)
        out += fmt::format("{}\t{}\n", static_cast<int>(e.code), roff(e.meaning));
    return out + ".TE\n";
}

std::string header(const std::string& page, const std::string& summary) {
    std::string upper = page;
    for (char& c : upper)
        c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    // The first line asks for tbl, which lays out the EXIT STATUS table.
    return fmt::format("'\\\" t\n.TH {} 1 \"\" \"vfi {}\" \"vfi manual\"\n.SH NAME\n{} \\- {}\n",
                       roff(upper), VFI_VERSION, roff(page), roff(summary));
}

std::string see_also(const CLI::App& root, const std::string& except) {
    std::vector<std::string> pages;
    if (!except.empty()) pages.push_back("\\fBvfi\\fR(1)");
    for (const auto* sub : visible_subcommands(root))
        if (sub->get_name() != except)
            pages.push_back("\\fBvfi\\-" + roff(sub->get_name()) + "\\fR(1)");
    pages.push_back("\\fBgit\\fR(1)");
    return ".SH SEE ALSO\n" + join(pages, ", ") + "\n";
}

std::string root_page(const CLI::App& root) {
    const CommandHelp& f = page_of(root);
    std::string out = header("vfi", f.description);
    out += ".SH SYNOPSIS\n\\fBvfi\\fR [\\fIoptions\\fR] \\fICOMMAND\\fR [\\fIARGS\\fR]\n";
    out += ".SH DESCRIPTION\n" + paragraphs(f.paragraphs);
    out += ".SH COMMANDS\n";
    for (const auto* sub : visible_subcommands(root))
        out += fmt::format(".TP\n\\fB{}\\fR\n{} See \\fBvfi\\-{}\\fR(1).\n", roff(sub->get_name()),
                           roff(page_of(*sub).description + "."), roff(sub->get_name()));
    out += ".SH OPTIONS\nThese go before or after the command.\n" + options_list(root);
    out +=
        ".SH ENVIRONMENT\n"
        ".TP\n.B VFI_DATA\nThe data directory, when \\fB\\-C\\fR is not given.\n"
        ".TP\n.B NO_COLOR\nWhen set to anything but an empty string, no colour.\n"
        ".TP\n.B VISUAL\\fR, \\fPEDITOR\nThe editor \\fBedit\\fR opens.\n"
        ".TP\n.B VFI_TODAY\nFix today's date (YYYY\\-MM\\-DD), for tests and reproducible "
        "reports.\n"
        ".TP\n.B VFI_ID_SEED\nMake new ids from this seed, the same on every run, for tests and "
        "the guide's examples; never for real records.\n";
    out +=
        ".SH FILES\n"
        ".TP\n.I vfi.yaml\nThe programme's settings; its folder is the data directory.\n"
        ".TP\n.I partners/ leaders/ matches/ sessions/ reflections/\nOne YAML file per record, "
        "named by its id. See \\fIformat.md\\fR in \\fIshare/doc/vfi\\fR.\n"
        ".TP\n.I .vfi/\nvfi's lock, undo journal and parse cache; kept out of git, always "
        "safe to delete when no vfi is running.\n";
    out += exit_status();
    out += ".SH EXAMPLES\n" + example_lines(f.examples);
    return out + see_also(root, "");
}

std::string command_page(const CLI::App& root, const CLI::App& cmd) {
    const std::string path = "vfi " + cmd.get_name();
    const CommandHelp& f = page_of(cmd);
    auto subs = visible_subcommands(cmd);
    std::string out = header("vfi-" + cmd.get_name(), f.description);
    out += ".SH SYNOPSIS\n.nf\n";
    if (subs.empty()) out += synopsis(cmd, path);
    for (const auto* sub : subs)
        out += synopsis(*sub, path + " " + sub->get_name());
    out +=
        ".fi\n.PP\nEach also takes the global options of \\fBvfi\\fR(1), such as \\fB\\-C\\fR "
        "\\fIDIR\\fR.\n";
    // The prose, or the one line of --help when there is none (NAME has said it already).
    out += ".SH DESCRIPTION\n" +
           (f.paragraphs.empty() ? roff(f.description + ".") + "\n" : paragraphs(f.paragraphs));
    if (subs.empty()) {
        if (!documented_options(cmd).empty()) out += ".SH OPTIONS\n" + options_list(cmd);
    } else {
        out += ".SH COMMANDS\n";
        for (const auto* sub : subs) {
            const CommandHelp& sf = page_of(*sub);
            out += ".SS " + roff(path + " " + sub->get_name()) + "\n";
            out += roff(sf.description + ".") + "\n";
            if (!sf.paragraphs.empty()) out += ".PP\n" + paragraphs(sf.paragraphs);
            out += options_list(*sub);
            out += example_lines(sf.examples);
        }
    }
    out += exit_status();
    if (!f.examples.empty()) out += ".SH EXAMPLES\n" + example_lines(f.examples);
    return out + see_also(root, cmd.get_name());
}

}  // namespace

std::vector<std::pair<std::string, std::string>> man_pages(const CLI::App& root) {
    std::vector<std::pair<std::string, std::string>> pages;
    pages.emplace_back("vfi.1", root_page(root));
    for (const auto* sub : visible_subcommands(root))
        pages.emplace_back("vfi-" + sub->get_name() + ".1", command_page(root, *sub));
    return pages;
}

void add_manual_command(CLI::App& app) {
    auto* cmd = app.add_subcommand("__man", "Write the man pages into DIR");
    cmd->group("");
    auto dir = std::make_shared<std::string>();
    cmd->add_option("DIR", *dir, "Where to write them")->required();
    cmd->callback([&app, dir] {
        std::filesystem::create_directories(*dir);
        for (const auto& page : man_pages(app)) {
            std::ofstream out(std::filesystem::path(*dir) / page.first);
            out << page.second;
            if (!out)
                throw Error(ExitCode::io, fmt::format("could not write {}/{}", *dir, page.first),
                            "check that the folder exists and you may write to it");
        }
    });
}

}  // namespace vfi::cli
