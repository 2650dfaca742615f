// vfi fetch: fetches each region of a national programme into `.vfi/regions` and records the
// commits read in fetched.yaml. Its help is help/fetch.md.
#include <iostream>
#include <memory>

#include <fmt/format.h>

#include "context.hpp"
#include "vfi/base/text.hpp"
#include "vfi/ops/national.hpp"

namespace vfi::cli {
namespace {

std::string fetched_line(const RegionFetch& r) {
    if (!r.error.empty())
        return r.commit.empty()
                   ? fmt::format(
                         "{}: could not be fetched, and never has been: {} — check its "
                         "`git` under `regions:` in vfi.yaml, and that you can reach it "
                         "(`git ls-remote URL`)",
                         r.region, r.error)
                   : fmt::format(
                         "{}: could not be fetched, so reports keep reading commit {}{} and "
                         "say it is stale: {} — check its `git` under `regions:` in vfi.yaml, "
                         "and that you can reach it",
                         r.region, r.commit,
                         r.since.empty() ? "" : " (fetched " + r.since.substr(0, 10) + ")",
                         r.error);
    if (r.moved_back)
        return fmt::format(
            "{}: moved back from {} to the older commit {}: someone reset the "
            "region's history, and its figures go back with it; its copy was "
            "made afresh",
            r.region, r.before, r.commit);
    if (r.rewritten)
        return fmt::format(
            "{}: its history was rewritten (as the purge steps of `forget` do, or "
            "a forced push): the commit fetched before is not in it, so its copy "
            "was made afresh with nothing of the old history: now {}",
            r.region, r.commit);
    if (r.before.empty()) return fmt::format("{}: fetched {}", r.region, r.commit);
    if (r.before == r.commit) return fmt::format("{}: unchanged at {}", r.region, r.commit);
    return fmt::format("{}: {} -> {}", r.region, r.before, r.commit);
}

}  // namespace

void add_fetch_command(CLI::App& app, Globals& globals) {
    auto* cmd = app.add_subcommand("fetch");
    auto only = std::make_shared<std::vector<std::string>>();
    cmd->add_option("REGION", *only, "Only these regions (default: every region in vfi.yaml)");
    cmd->callback([&globals, only] {
        no_format(globals);
        RecordStore store = open_here(now_only(globals));
        FetchOutcome out = fetch_regions(store, change_options(globals), Date::today(), *only);
        if (!out.unreadable.empty())
            std::cerr << "vfi: note: " << out.unreadable
                      << "; it is written afresh from the commits fetched now\n";
        bool failed = false;
        for (const auto& r : out.regions) {
            failed = failed || !r.error.empty();
            if (!r.error.empty())
                std::cerr << "vfi: warning: " << fetched_line(r) << "\n";
            else
                say(globals, fetched_line(r));
        }
        // A commit that fails check is left out of every report until its team puts it right:
        // said now, where the cron job that fetches sees it, not first in a funder's report.
        std::vector<std::string> fetched;
        for (const auto& r : out.regions)
            if (r.error.empty()) fetched.push_back(r.region);
        auto found = check_regions(store, fetched, Date::today());
        for (std::size_t i = 0; i < fetched.size(); ++i) {
            if (found[i].empty()) continue;
            failed = true;
            std::cerr << fmt::format(
                "vfi: warning: {}: its data at this commit fails `vfi check` ({}), so every "
                "report leaves it out until its team puts it right — the first: {}\n",
                fetched[i], counted(found[i].size(), "problem"), found[i].front().describe());
        }
        for (const auto& name : out.forgotten)
            say(globals, fmt::format("{}: no longer listed in vfi.yaml, so its copy and caches "
                                     "were deleted",
                                     name));
        if (failed) throw ExitCode::problems;
    });
}

}  // namespace vfi::cli
