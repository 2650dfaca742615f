// vfi init [DIR]: create a data directory (and a git repository). Its help is help/init.md.
#include <iostream>

#include <fmt/format.h>

#include "completion.hpp"
#include "context.hpp"
#include "vfi/ops/init.hpp"

namespace vfi::cli {

void add_init_command(CLI::App& app, Globals& globals) {
    auto* cmd = app.add_subcommand("init");
    struct Args {
        std::string dir = ".";
        InitOptions options;
        bool no_git = false;
    };
    auto args = std::make_shared<Args>();
    complete_dirs(
        cmd->add_option("DIR", args->dir, "Where to create it (default: the current folder)"));
    cmd->add_option("--programme", args->options.programme, "The programme's name")
        ->capture_default_str();
    cmd->add_option("--organisation", args->options.organisation, "The organisation running it");
    cmd->add_flag("--no-git", args->no_git, "Do not create a git repository or commit");
    cmd->callback([args, &globals] {
        if (!globals.as_of.empty())
            throw Error(ExitCode::usage, {}, "--as-of",
                        "only reads the records as they were at a commit, and init makes a new "
                        "data directory",
                        "leave out --as-of; nothing was changed");
        no_format(globals);
        args->options.git = !args->no_git && !globals.no_commit;
        auto result = init_data_directory(args->dir, args->options);
        if (globals.quiet) return;
        std::cout << fmt::format("Created a vfi data directory in {}", args->dir);
        if (result.git_initialised) std::cout << " (a new git repository)";
        std::cout << ".\nNext: edit vfi.yaml to suit the programme, then run `vfi check`.\n";
    });
}

}  // namespace vfi::cli
