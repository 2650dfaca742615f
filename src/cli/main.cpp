// vfi: the command line. Parses the global options, hands each subcommand to its file, and
// turns every error into one message and one exit code.
#include <algorithm>
#include <cstdlib>
#include <iostream>

#include <fmt/format.h>

#include "completion.hpp"
#include "context.hpp"
#include "help.hpp"
#include "manual.hpp"
#include "terminal.hpp"
#include "vfi/base/memory.hpp"
#include "vfi/base/text.hpp"

namespace {

using vfi::ExitCode;

int code(ExitCode c) {
    return static_cast<int>(c);
}

// Options of the main app that take a value, so the word after them is not a command.
bool takes_value(const std::string& arg) {
    return arg == "-C" || arg == "--data" || arg == "--format" || arg == "--as-of";
}

// How far the words reach into the command tree: the deepest command named, and the first
// word that should have named a command but does not.
struct Reach {
    CLI::App* app;
    std::string path = "vfi";
    std::string unknown;
};

Reach reach(CLI::App& root, const std::vector<std::string>& args) {
    Reach r{&root, "vfi", {}};
    for (std::size_t i = 0; i < args.size(); ++i) {
        const std::string& arg = args[i];
        if (arg == "--") break;
        if (!arg.empty() && arg[0] == '-') {
            if (takes_value(arg)) ++i;
            continue;
        }
        auto subs = r.app->get_subcommands([](CLI::App*) { return true; });
        if (subs.empty()) break;
        CLI::App* next = nullptr;
        for (auto* s : subs)
            if (s->get_name() == arg) next = s;
        if (!next) {
            r.unknown = arg;
            break;
        }
        r.app = next;
        r.path += " " + arg;
    }
    return r;
}

// For `vfi chek`, say "did you mean check?" rather than CLI11's own message.
bool unknown_command(const Reach& r) {
    if (r.unknown.empty()) return false;
    std::vector<std::string> names = vfi::cli::visible_names(*r.app);
    std::string near = vfi::nearest(r.unknown, names);
    std::cerr << fmt::format("vfi: '{}' is not a {} command", r.unknown, r.path);
    if (!near.empty()) std::cerr << fmt::format(" — did you mean `{} {}`?", r.path, near);
    std::cerr << fmt::format("\nThe commands are: {}. See `{} --help`.\n", vfi::join(names, ", "),
                             r.path);
    return true;
}

// The option names a command takes, its own and vfi's global ones.
std::vector<std::string> option_names(const CLI::App& command, const CLI::App& root) {
    std::vector<std::string> names;
    for (const CLI::App* app : {&command, &root})
        for (const CLI::Option* o : app->get_options({}))
            for (const auto& l : o->get_lnames())
                names.push_back("--" + l);
    return names;
}

// The option given more times than it takes values (`--region a --region b`), by counting
// what each option of the tree received, or nullptr. (Flags and options that take a list
// may be given again.)
const CLI::Option* given_too_often(const CLI::App& app) {
    for (const CLI::Option* o : app.get_options({}))
        if (o->get_multi_option_policy() == CLI::MultiOptionPolicy::Throw &&
            o->count() > static_cast<std::size_t>(std::max(o->get_items_expected_max(), 1)))
            return o;
    for (const CLI::App* sub : app.get_subcommands({}))
        if (const CLI::Option* o = given_too_often(*sub)) return o;
    return nullptr;
}

// CLI11's messages, in the words of the rest of vfi: what is wrong, then what to do, with
// the --help of the very command typed.
std::string usage_problem(const CLI::ParseError& e, const Reach& r, const CLI::App& root) {
    std::string what = e.what();
    std::string help = fmt::format("see `{} --help`", r.path);
    if (dynamic_cast<const CLI::ExtrasError*>(&e)) {
        std::string words = what.substr(what.find(':') + 1);
        std::vector<std::string> extra = vfi::split(words, ' ');
        auto dashed = std::find_if(extra.begin(), extra.end(), [](const std::string& w) {
            return w.size() > 1 && w[0] == '-';
        });
        if (dashed != extra.end()) {
            std::string word = dashed->substr(0, dashed->find('='));
            std::string near = vfi::nearest(word, option_names(*r.app, root));
            if (near.empty())
                return fmt::format("{} is not an option of `{}` — {}", word, r.path, help);
            return fmt::format("{} is not an option of `{}` — did you mean {}? See `{} --help`",
                               word, r.path, near, r.path);
        }
        return fmt::format("`{}` does not take {} — {}", r.path,
                           extra.empty() ? words : "'" + vfi::join(extra, " ") + "'", help);
    }
    std::string option = what.substr(0, what.find(':'));
    if (dynamic_cast<const CLI::ArgumentMismatch*>(&e)) {
        if (what.find("required") != std::string::npos && what.find("missing") != std::string::npos)
            return fmt::format(
                "{} needs a value — write `{} VALUE`, with quotes round a value "
                "that has spaces; {}",
                option, option, help);
        if (const CLI::Option* o = given_too_often(root))
            return fmt::format("{} was given more than once — give it once; {}", o->get_name(),
                               help);
    }
    if (dynamic_cast<const CLI::ExcludesError*>(&e)) {
        std::string first = what.substr(0, what.find(" excludes "));
        std::string second = what.substr(std::min(what.size(), first.size() + 10));
        return fmt::format("{} and {} cannot go together — give one of them; {}", first, second,
                           help);
    }
    if (dynamic_cast<const CLI::ValidationError*>(&e)) {
        // "--weeks: Value 0 not in range 1 to 104"
        auto at = what.find("not in range ");
        if (at != std::string::npos)
            return fmt::format("{} must be from {} — {}", option, what.substr(at + 13), help);
    }
    if (dynamic_cast<const CLI::ConversionError*>(&e)) {
        // "Could not convert: --quiet = maybe"
        auto colon = what.find(": "), equals = what.find(" = ");
        if (colon != std::string::npos && equals != std::string::npos && equals > colon)
            return fmt::format("{} cannot be '{}' — {}", what.substr(colon + 2, equals - colon - 2),
                               what.substr(equals + 3), help);
    }
    if (dynamic_cast<const CLI::RequiredError*>(&e)) {
        if (what.find("subcommand") != std::string::npos) {
            return fmt::format("`{}` needs a command: {} — {}", r.path,
                               vfi::join(vfi::cli::visible_names(*r.app), ", "), help);
        }
        std::string missing = what.substr(0, what.find(" is required"));
        if (what.find(" is required") != std::string::npos)
            return fmt::format("`{}` needs {} — {} for what it means and examples", r.path, missing,
                               help);
    }
    return fmt::format("{} — {}", what, help);
}

// An option that may be given several times takes one value each time (`--map A=x --map
// B=y FILE`), so it never swallows the words after it, such as a FILE.
void one_value_per_use(CLI::App& app) {
    for (CLI::Option* o : app.get_options({}))
        if (!(o->get_lnames().empty() && o->get_snames().empty()) &&
            o->get_items_expected_max() > 1)
            o->allow_extra_args(false);
    for (CLI::App* sub : app.get_subcommands({}))
        one_value_per_use(*sub);
}

// The options every command takes, before or after its name.
void add_global_options(CLI::App& app, vfi::cli::Globals& globals) {
    auto* data = app.add_option(
        "-C,--data", globals.data,
        "The data directory (default: $VFI_DATA, else the nearest folder above holding vfi.yaml)");
    data->type_name("DIR");
    vfi::cli::complete_dirs(data);
    auto* format = app.add_option(
        "--format", globals.format,
        "Output format: table, yaml, json or csv; for reports table, md, csv, json, html or xlsx");
    format->type_name("FORMAT");
    vfi::cli::complete_words(format, {"table", "yaml", "json", "csv", "md", "html", "xlsx"});
    app.add_flag("-q,--quiet", globals.quiet, "Print nothing on success");
    app.add_flag("--no-color", globals.no_color, "No colour, even on a terminal (also NO_COLOR=1)");
    app.add_flag("--no-commit", globals.no_commit, "Change the files but make no git commit");
    app.add_flag("--national", globals.national,
                 "Read every region of a national programme, each at the commit `vfi fetch` "
                 "recorded: for reports, listings, show and check");
    app.add_option("--as-of", globals.as_of,
                   "Read the records as they were at a git commit, or on a day (YYYY-MM-DD), "
                   "from git's history: for reports, listings and check")
        ->type_name("COMMIT|DATE")
        ->check(CLI::Validator(
            [](const std::string& v) {
                return v.empty() ? std::string("needs a commit or a day (YYYY-MM-DD)")
                                 : std::string();
            },
            "COMMIT|DATE"));
}

void add_commands(CLI::App& app, vfi::cli::Globals& globals) {
    vfi::cli::add_init_command(app, globals);
    vfi::cli::add_check_command(app, globals);
    vfi::cli::add_partner_command(app, globals);
    vfi::cli::add_leader_command(app, globals);
    vfi::cli::add_match_command(app, globals);
    vfi::cli::add_session_command(app, globals);
    vfi::cli::add_reflect_command(app, globals);
    vfi::cli::add_report_command(app, globals);
    vfi::cli::add_pay_command(app, globals);
    vfi::cli::add_expense_command(app, globals);
    vfi::cli::add_log_command(app, globals);
    vfi::cli::add_fetch_command(app, globals);
    vfi::cli::add_completion_command(app, globals);
    vfi::cli::add_manual_command(app);
    one_value_per_use(app);
}

// What is wrong is vfi's, not the user's.
int internal_error(const std::exception& e) {
    std::cerr << "vfi: internal error: " << e.what()
              << " — this is a bug in vfi: please report it\n";
    return code(ExitCode::internal);
}

// Parses the words and runs the command they name; every error becomes one message on
// standard error and its exit code.
int run(CLI::App& app, int argc, char** argv, const Reach& reached) {
    try {
        try {
            app.parse(argc, argv);
        } catch (const CLI::ParseError& e) {
            if (e.get_exit_code() == 0) return app.exit(e);  // --help, --version
            std::cerr << "vfi: " << usage_problem(e, reached, app) << '\n';
            return code(ExitCode::usage);
        }
    } catch (const vfi::Error& e) {
        std::cerr << "vfi: " << e.describe() << '\n';
        return code(e.code());
    } catch (ExitCode c) {
        return code(c);
    } catch (const std::exception& e) {
        return internal_error(e);
    }
    return 0;
}

}  // namespace

int main(int argc, char** argv) {
    vfi::use_huge_pages();  // before anything is allocated: the heap's first pages are huge
    vfi::cli::TerminalGuard terminal;  // text from records never acts on the terminal
    // History as it was committed: a `refs/replace` ref (in a region's copy, or pushed by a
    // colleague) never stands in for a commit vfi reads. Set before any thread starts.
    ::setenv("GIT_NO_REPLACE_OBJECTS", "1", 1);
    CLI::App app{"", "vfi"};  // its description and every command's: apply_help
    app.fallthrough();        // global options may come after the subcommand
    app.require_subcommand(1);
    app.set_version_flag("--version", std::string("vfi ") + VFI_VERSION);
    vfi::cli::Globals globals;
    globals.app = &app;
    add_global_options(app, globals);
    add_commands(app, globals);
    try {
        vfi::cli::apply_help(app);  // every command's description and help, from its page
    } catch (const std::exception& e) {
        return internal_error(e);
    }

    std::vector<std::string> args(argv + 1, argv + argc);
    Reach reached = reach(app, args);
    if (unknown_command(reached)) return code(ExitCode::usage);
    return run(app, argc, argv, reached);
}
