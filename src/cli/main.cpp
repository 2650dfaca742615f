// vfi: the command line. Parses the global options, hands each subcommand to its file, and
// turns every error into one message and one exit code.
#include <iostream>

#include <fmt/format.h>

#include "completion.hpp"
#include "context.hpp"
#include "manual.hpp"
#include "vfi/text.hpp"

namespace {

using vfi::ExitCode;

int code(ExitCode c) {
    return static_cast<int>(c);
}

// Options of the main app that take a value, so the word after them is not a command.
bool takes_value(const std::string& arg) {
    return arg == "-C" || arg == "--data" || arg == "--format";
}

// For `vfi chek`, say "did you mean check?" rather than CLI11's own message.
bool unknown_command(CLI::App& app, const std::vector<std::string>& args) {
    CLI::App* current = &app;
    std::string path = "vfi";
    for (std::size_t i = 0; i < args.size(); ++i) {
        const std::string& arg = args[i];
        if (arg == "--") return false;
        if (!arg.empty() && arg[0] == '-') {
            if (takes_value(arg)) ++i;
            continue;
        }
        auto subs = current->get_subcommands([](CLI::App*) { return true; });
        if (subs.empty()) return false;
        std::vector<std::string> names;
        for (auto* s : subs)
            names.push_back(s->get_name());
        CLI::App* next = nullptr;
        for (auto* s : subs)
            if (s->get_name() == arg) next = s;
        if (!next) {
            std::string near = vfi::nearest(arg, names);
            std::cerr << fmt::format("vfi: '{}' is not a {} command", arg, path);
            if (!near.empty()) std::cerr << fmt::format(" — did you mean `{} {}`?", path, near);
            std::cerr << fmt::format("\nThe commands are: {}. See `{} --help`.\n",
                                     vfi::join(names, ", "), path);
            return true;
        }
        current = next;
        path += " " + arg;
    }
    return false;
}

}  // namespace

int main(int argc, char** argv) {
    CLI::App app{"run a coaching-and-mentoring programme from plain YAML records kept in git",
                 "vfi"};
    app.fallthrough();  // global options may come after the subcommand
    app.require_subcommand(1);
    app.set_version_flag("--version", std::string("vfi ") + VFI_VERSION);
    vfi::cli::Globals globals;
    auto* data = app.add_option(
        "-C,--data", globals.data,
        "The data directory (default: $VFI_DATA, else the nearest folder above holding vfi.yaml)");
    data->type_name("DIR");
    vfi::cli::complete_dirs(data);
    auto* format = app.add_option(
        "--format", globals.format,
        "Output format: table, yaml, json or csv; for reports table, md, csv, json or html");
    format->type_name("FORMAT");
    vfi::cli::complete_words(format, {"table", "yaml", "json", "csv", "md", "html"});
    app.add_flag("-q,--quiet", globals.quiet, "Print nothing on success");
    app.add_flag("--no-color", globals.no_color, "No colour, even on a terminal (also NO_COLOR=1)");
    app.add_flag("--no-commit", globals.no_commit, "Change the files but make no git commit");

    vfi::cli::add_init_command(app, globals);
    vfi::cli::add_check_command(app, globals);
    vfi::cli::add_partner_command(app, globals);
    vfi::cli::add_leader_command(app, globals);
    vfi::cli::add_match_command(app, globals);
    vfi::cli::add_session_command(app, globals);
    vfi::cli::add_reflect_command(app, globals);
    vfi::cli::add_report_command(app, globals);
    vfi::cli::add_completion_command(app, globals);
    vfi::cli::add_manual_command(app);
    app.footer(
        vfi::cli::about(
            "vfi keeps the records of a programme in which Lived Experience Partners coach senior "
            "leaders in health and social care: one YAML file per partner, leader, match, session "
            "and reflection, in a data directory under git. Each command that changes records "
            "makes one git commit of the files it changed, and nothing else.\n\n"
            "Exit status: 0 ok, 1 problems found, 2 usage, 3 bad data, 4 not found, 5 locked, "
            "6 file error, 7 git failed, 8 refused by a programme rule, 70 internal error. "
            "Each command's own help: `vfi COMMAND --help`; the guide: docs/guide.md.") +
        vfi::cli::examples({"vfi init ~/programme", "vfi -C ~/programme check",
                            "vfi -C ~/programme report summary -o summary.html"}));

    std::vector<std::string> args(argv + 1, argv + argc);
    if (unknown_command(app, args)) return code(ExitCode::usage);
    try {
        try {
            app.parse(argc, argv);
        } catch (const CLI::ParseError& e) {
            if (e.get_exit_code() == 0) return app.exit(e);  // --help, --version
            std::cerr << "vfi: " << e.what() << "\nSee `vfi --help`, or `vfi COMMAND --help`.\n";
            return code(ExitCode::usage);
        }
    } catch (const vfi::Error& e) {
        std::cerr << "vfi: " << e.describe() << '\n';
        return code(e.code());
    } catch (ExitCode c) {
        return code(c);
    } catch (const std::exception& e) {
        std::cerr << "vfi: internal error: " << e.what()
                  << " — this is a bug in vfi: please report it\n";
        return code(ExitCode::internal);
    }
    return 0;
}
