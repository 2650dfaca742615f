#include "vfi/ops/init.hpp"

#include <fmt/format.h>

#include "vfi/base/error.hpp"
#include "vfi/base/process.hpp"
#include "vfi/format/kind.hpp"
#include "vfi/format/settings.hpp"
#include "vfi/store/files.hpp"
#include "vfi/store/git.hpp"
#include "vfi/store/store.hpp"

namespace fs = std::filesystem;

namespace vfi {

namespace {

// Lands the new files and commits them; a commit git refuses makes nothing at all, so
// `vfi init` can simply be run again once git is put right.
void commit_new_directory(const fs::path& dir, FileBatch& batch, InitResult& result) {
    batch.land();
    try {
        git_commit(dir, result.files, "vfi: create the data directory");
    } catch (const Error&) {
        git_unstage(dir, result.files);
        batch.undo();
        batch.drop_journal();
        std::error_code ec;
        if (result.git_initialised) fs::remove_all(dir / ".git", ec);
        throw;
    }
    batch.finish();
    result.committed = true;
}

}  // namespace

InitResult init_data_directory(const fs::path& dir, const InitOptions& options) {
    for (char c : options.programme + options.organisation)
        if (static_cast<unsigned char>(c) < 0x20)
            throw Error(ExitCode::usage,
                        "the programme and organisation names must be one line of text",
                        "type the name without line breaks or tabs");
    // A data directory meant for git, where git cannot run, is not made at all.
    if (options.git) {
        auto r = run_process({"git", "--version"}, fs::current_path());
        if (r.status != 0)
            throw Error(ExitCode::git,
                        "git cannot be run (it is not installed, or not on PATH), so the data "
                        "directory could not be put in git",
                        "install git (Debian: `sudo apt install git`), or give --no-git to make "
                        "it without git; nothing was created");
    }
    std::error_code ec;
    if (fs::exists(dir / settings_file, ec))
        throw Error(ExitCode::refused, Location{(dir / settings_file).string(), 0, 0}, {},
                    "this is already a vfi data directory",
                    "run `vfi check` there to see its state");
    // A .gitignore vfi cannot read (a link, a FIFO) stops it before anything is made.
    std::string ignore;
    if (fs::is_directory(dir, ec)) {
        try {
            ignore = read_data_file(dir, ".gitignore");
        } catch (const Error& e) {
            if (e.code() != ExitCode::not_found) throw;
        }
    }
    std::filesystem::create_directories(dir, ec);
    if (ec) io_error("cannot create folder", dir.string(), ec.value());
    InitResult result;
    if (options.git && !in_git_work_tree(dir)) {
        git_init(dir);
        result.git_initialised = true;
    }
    {
        DataLock lock(dir, DataLock::Mode::exclusive, 30);
        FileBatch batch(dir);
        std::string settings =
            settings_template(options.programme, options.organisation, random_hex_key());
        // What we write must read back as valid settings.
        std::vector<Problem> problems;
        read_settings(yaml::parse(settings, settings_file), settings_file, problems);
        if (!problems.empty())
            throw Error(ExitCode::usage, problems.front().message, "choose another programme name");
        batch.put(settings_file, settings, Write::create);
        // Add vfi's line to a .gitignore the folder may already have; never replace it.
        std::string add;
        if (ignore.find(".vfi/") == std::string::npos) add += ".vfi/\n";
        if (ignore.find(".vfi-*") == std::string::npos) add += ".vfi-*\n";
        if (!add.empty()) {
            if (!ignore.empty() && ignore.back() != '\n') ignore += '\n';
            ignore += "# vfi's lock, cache and scratch files\n" + add;
            batch.put(".gitignore", ignore);
        }
        for (Kind kind : all_kinds)
            batch.put(fmt::format("{}/.gitkeep", kind_folder(kind)), "");
        result.files = batch.paths();
        if (options.git && in_git_work_tree(dir))
            commit_new_directory(dir, batch, result);
        else
            batch.commit();
    }
    return result;
}

}  // namespace vfi
