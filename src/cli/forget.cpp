// partner/leader forget: erase a person's personal data on request, keeping anonymous
// activity, and print the steps for erasing it from git history too, from a kit kept in
// .vfi/forget-ID/ (so `--purge-steps` can print them again). The rules live in the core
// (forget.hpp).
#include "forget.hpp"
#include "completion.hpp"

#include <filesystem>
#include <iostream>
#include <set>

#include <fmt/format.h>

#include <sys/stat.h>
#include <unistd.h>

#include "vfi/base/text.hpp"
#include "vfi/model/records.hpp"
#include "vfi/ops/check.hpp"
#include "vfi/ops/forget.hpp"
#include "vfi/store/cache.hpp"
#include "vfi/store/files.hpp"
#include "vfi/store/git.hpp"

namespace vfi::cli {
namespace {

namespace fs = std::filesystem;

const std::vector<Kind> everything = {Kind::partner, Kind::leader, Kind::match, Kind::session,
                                      Kind::reflection};

std::string kit_folder(const std::string& id) {
    return ".vfi/forget-" + id;
}

// For a POSIX shell, whatever the text holds (spaces, quotes, line breaks).
std::string shell_quote(std::string_view text) {
    std::string out = "'";
    for (char c : text)
        out += c == '\'' ? std::string("'\\''") : std::string(1, c);
    return out + "'";
}

// The steps for erasing the person from git history, from their kit. `history` is git_history
// of the data directory, read again when not given.
// What the steps cannot erase: messages that name them (found), and files outside the data
// directory (never searched).
std::string not_searched(const RecordStore& store, const std::vector<std::string>& messages) {
    std::string out;
    if (!messages.empty())
        out += fmt::format(
            "\nThe messages of {} name them too ({}), and step 2 keeps messages: in step 2 add "
            "--replace-message FILE, FILE holding a line `TEXT==>(forgotten)` for each way "
            "their name or email is written there (see `git log -1 ID` for each; "
            "git-filter-repo's manual describes the file).",
            counted(messages.size(), "commit or tag", "commits or tags"), join(messages, ", "));
    if (!git_prefix(store.root()).empty())
        out +=
            "\nOnly the data directory was searched: files elsewhere in this repository that "
            "name them are not in these steps.";
    return out;
}

std::string purge_steps(const RecordStore& store, Kind kind, const std::string& id,
                        const GitHistory* history = nullptr) {
    fs::path kit = store.root() / kit_folder(id);
    std::string listed = read_file(kit / "paths.txt", kit_folder(id) + "/paths.txt");
    auto restore =
        read_pathspec_file(read_file(kit / "restore.txt", kit_folder(id) + "/restore.txt"));
    std::string remote;
    std::error_code ec;
    if (fs::is_regular_file(fs::symlink_status(kit / "remote.txt", ec)))
        remote = trim(read_file(kit / "remote.txt", kit_folder(id) + "/remote.txt"));
    std::vector<std::string> messages;
    if (fs::is_regular_file(fs::symlink_status(kit / "messages.txt", ec)))
        for (const auto& line :
             split(read_file(kit / "messages.txt", kit_folder(id) + "/messages.txt"), '\n'))
            if (!line.empty()) messages.push_back(line);
    std::size_t files = 0;
    for (const auto& line : split(listed, '\n'))
        if (line.front() != '#') ++files;
    std::string message = fmt::format("{}: forget {}", kind_name(kind), id);
    std::size_t commits = 0;
    GitHistory read;
    if (!history) read = git_history(store.root());
    for (const auto& [hash, subject] :
         commits_changing(history ? *history : read, read_filter_repo_paths_file(listed)))
        if (subject != message) ++commits;
    std::string top = shell_quote(git_toplevel(store.root()).string());
    std::string at = (store.root() / kit_folder(id)).string();
    return fmt::format(
        R"({}{}
To erase them from history too:
  1. Ask everyone to push their work, then stop using vfi on this programme until step 5.
  2. Install git-filter-repo (Debian: sudo apt install git-filter-repo), then run:
       cd {} && git filter-repo --force --invert-paths --paths-from-file {}
     This removes every version of those files from history, today's too.
  3. Put back today's versions, which hold no personal data, and commit them:
       cd {} && cp -R {} . && git --literal-pathspecs add --pathspec-from-file={} && git commit -m {}
  4. git-filter-repo unlinks the shared repository so nothing is pushed by accident; link it and push:
       cd {} && git remote add origin {} && git push --force --all && git push --force --tags
  5. Everyone deletes their copy and clones again: an old copy still holds the data.
Then delete {} and vfi's cache of old records (rm -rf {}). To see these steps again: vfi {} forget --purge-steps {}{})",
        commits == 0
            ? fmt::format("Git history holds no earlier version of the {} that held their data: "
                          "the steps below are done, or were not needed.",
                          counted(files, "file"))
            : fmt::format("Git history still holds earlier versions of {}, in {}.",
                          counted(files, "file"), counted(commits, "commit")),
        git_paths_uncommitted(store.root(), restore)
            ? "\nThis change is not committed yet: commit it first."
            : "",
        top, shell_quote(at + "/paths.txt"), top, shell_quote(at + "/files/."),
        shell_quote(at + "/restore.txt"), shell_quote(message), top,
        remote.empty() ? "URL" : shell_quote(remote), shell_quote(at),
        shell_quote((store.root() / ".vfi/cache").string()), kind_name(kind), id,
        not_searched(store, messages));
}

// Every file in `folder` (relative to `root`), not following links.
std::vector<std::string> files_in(const fs::path& root, const std::string& folder) {
    std::vector<std::string> out;
    std::error_code ec;
    for (auto it = fs::recursive_directory_iterator(root / folder, ec);
         !ec && it != fs::recursive_directory_iterator(); it.increment(ec))
        if (!it->is_directory(ec) || it->is_symlink(ec))
            out.push_back(fs::relative(it->path(), root).string());
    return out;
}

// Stages the kit in .vfi/forget-ID/: paths.txt, today's versions of the files in files/,
// restore.txt naming them, remote.txt; and removes what an unfinished forget left there.
void stage_kit(FileBatch& batch, const RecordStore& store, const std::string& id,
               const PurgeKit& kit) {
    std::string folder = kit_folder(id);
    std::error_code ec;
    if (fs::is_symlink(fs::symlink_status(store.root() / folder, ec)))
        throw Error(ExitCode::bad_data, Location{folder, 0, 0}, {},
                    "is a link, and vfi never writes through a link it did not make",
                    "delete it, then run forget again; nothing was changed");
    auto before = files_in(store.root(), folder);  // listed before this batch adds its own
    std::set<std::string> wanted;
    auto put = [&](const std::string& relative, const std::string& content) {
        wanted.insert(relative);
        batch.put(relative, content);
    };
    put(folder + "/paths.txt", filter_repo_paths_file(id, kit.paths));
    std::vector<std::string> restore;
    for (const auto& [path, text] : kit.restore) {
        put(folder + "/files/" + path, text);
        restore.push_back(path);
    }
    put(folder + "/restore.txt", pathspec_file(restore));
    put(folder + "/remote.txt", git_remote_url(store.root()) + "\n");
    put(folder + "/messages.txt", join(kit.messages, "\n") + (kit.messages.empty() ? "" : "\n"));
    for (const auto& f : before)
        if (wanted.count(f) == 0) batch.remove(f);
}

// Refuses, naming each problem on its own line first.
[[noreturn]] void refuse(const std::vector<Problem>& problems, Error error) {
    for (const auto& p : problems)
        std::cerr << p.describe() << '\n';
    throw error;
}

void refuse_blockers(const RecordStore& store, Kind kind, const std::string& id) {
    auto blockers = forget_blockers(store, kind, id);
    if (blockers.empty()) return;
    std::set<std::string> files;
    for (const auto& p : blockers)
        files.insert(p.where.file);
    refuse(blockers,
           Error(ExitCode::bad_data,
                 fmt::format("{} about {} {} a problem", counted(files.size(), "record"), id,
                             files.size() == 1 ? "has" : "have"),
                 "forget must read every record about them to erase what it holds: fix each "
                 "problem above (`vfi check` lists them all), then run forget again; nothing "
                 "was changed"));
}

void refuse_mentions(const RecordStore& store, const ForgetPlan& plan, bool git) {
    std::vector<std::string> others;
    if (git) {
        std::string prefix = git_prefix(store.root());
        for (const auto& f : git_tracked_files(store.root()))
            if (starts_with(f, prefix)) others.push_back(f.substr(prefix.size()));
    }
    auto mentions = find_mentions(store, plan, others);
    if (mentions.empty()) return;
    const std::string& id = plan.updates.front().id;
    refuse(mentions,
           Error(ExitCode::bad_data,
                 fmt::format("{} that forget would keep {} {}'s name or email address",
                             counted(mentions.size(), "place"),
                             mentions.size() == 1 ? "holds" : "hold", id),
                 "forget cannot reword what others wrote: reword each place above so it does "
                 "not name them (the text is not shown here), then run forget again; nothing "
                 "was changed"));
}

void tell_forgotten(const Globals& globals, const RecordStore& store, Kind kind,
                    const ForgetPlan& plan, bool git, const GitHistory& history) {
    const std::string& id = plan.updates.front().id;
    say(globals, fmt::format("Forgot {}: erased {} from {}.", id, join(plan.removed, ", "),
                             record_path(kind, id)));
    for (const auto& note : plan.notes)
        say(globals, note);
    if (!plan.drafts.empty())
        say(globals,
            fmt::format("Deleted {} of their records ({}).",
                        counted(plan.drafts.size(), "unsaved edit file"), join(plan.drafts, ", ")));
    if (git) say(globals, "\n" + purge_steps(store, kind, id, &history));
}

void forget(const Globals& globals, Kind kind, const std::string& typed) {
    no_format(globals);
    // Lock first, then read: every check below sees what no other vfi can change meanwhile.
    Writing w(globals, everything);
    auto& [store, change] = w;
    std::string id = store.resolve(kind, typed);
    if (const Record* r = store.find(id); r && r->doc.find("forgotten")) {
        std::error_code ec;
        bool kit = fs::exists(store.root() / kit_folder(id) / "paths.txt", ec);
        throw Error(
            ExitCode::refused,
            fmt::format("{} was already forgotten on {}", id, field_text(r->doc, "forgotten")),
            kit ? fmt::format("nothing was changed; `vfi {} forget --purge-steps {}` "
                              "prints the steps for git history again",
                              kind_name(kind), id)
                : std::string("nothing was changed"));
    }
    refuse_blockers(store, kind, id);
    bool git = in_git_work_tree(store.root());
    // Every version of every file in history, read once: their names and addresses as every
    // version of their record had them are searched for too.
    GitHistory history = git ? git_history(store.root()) : GitHistory{};
    ForgetPlan plan =
        plan_forget(store, kind, id, Date::today(), earlier_versions(store, id, history));
    refuse_mentions(store, plan, git);

    // Comments go with the rest: a file forget rewrites keeps none.
    const std::string no_comments;
    for (const auto& u : plan.updates)
        change.put(u.kind, u.id, u.doc, Write::replace, &no_comments);
    // The kit lands first, so a forget killed once the records have landed still leaves the
    // steps; then the records.
    FileBatch scratch(store.root());
    scratch.keep_journal();
    for (const auto& draft : plan.drafts)
        scratch.remove(draft);
    if (git) {
        std::vector<std::string> tracked = git_tracked_files(store.root());
        stage_kit(scratch, store, id, plan_purge_kit(store, plan, tracked, history));
    }
    scratch.commit();
    try {
        change.commit(fmt::format("{}: forget {}", kind_name(kind), id));
        // Records read as of earlier commits are cached whole: their old versions go too.
        forget_object_caches(store.root());
    } catch (const Error&) {
        // The records did not change (a commit git refuses is put back with its files).
        std::error_code ec;
        fs::remove_all(store.root() / kit_folder(id), ec);
        throw;
    }
    tell_forgotten(globals, store, kind, plan, git, history);
}

// The steps run `git filter-repo` on paths.txt and copy files/ over the records, so they
// are printed only from a kit this vfi made: no link anywhere in it, every file this user's,
// and nothing in it tracked by git (a kit someone committed could name any file).
void require_own_kit(const RecordStore& store, const std::string& id) {
    std::string folder = kit_folder(id);
    auto refuse_kit = [&](const std::string& why) {
        throw Error(ExitCode::bad_data, Location{folder, 0, 0}, {},
                    fmt::format("vfi cannot prove it made these steps ({}), so it will not print "
                                "them",
                                why),
                    fmt::format("delete it (`rm -r {}`), then, on the computer where forget ran, "
                                "print the steps there; nothing was changed",
                                folder));
    };
    std::error_code ec;
    for (auto it = fs::recursive_directory_iterator(store.root() / folder, ec);
         !ec && it != fs::recursive_directory_iterator(); it.increment(ec)) {
        struct stat st {};
        if (::lstat(it->path().c_str(), &st) != 0 || S_ISLNK(st.st_mode))
            refuse_kit("it holds a symbolic link");
        if (st.st_uid != ::geteuid() && !file_modes(store.root()).shared)
            refuse_kit("it belongs to another user");
    }
    auto tracked = git_tracked_files(store.root());
    std::string prefix = git_prefix(store.root()) + folder + "/";
    for (const auto& path : tracked)
        if (starts_with(path, prefix)) refuse_kit("git tracks it");
}

// The copies in files/ are what step 3 puts back once history is rewritten: taken again from
// the files as they are now, so a change made since forget (a status, a date) is not undone,
// but only when every one of them passes `vfi check`, so that a forgotten record holding
// personal data again is never put back.
void refresh_kit_copies(const RecordStore& store, const std::string& id) {
    std::string folder = kit_folder(id);
    fs::path kit = store.root() / folder;
    auto restore = read_pathspec_file(read_file(kit / "restore.txt", folder + "/restore.txt"));
    RecordStore now = RecordStore(store.root());
    auto problems = check_data(now, Date::today());
    std::string prefix = git_prefix(store.root());
    std::vector<std::pair<std::string, std::string>> copies;
    for (const auto& path : restore) {
        std::string relative = starts_with(path, prefix) ? path.substr(prefix.size()) : path;
        for (const auto& p : problems)
            if (p.where.file == relative)
                throw Error(ExitCode::bad_data, p.where, p.field, p.message,
                            p.hint +
                                "; step 3 of the steps puts this file back as it is now, so "
                                "fix it, then print the steps again");
        try {
            copies.emplace_back(path, read_data_file(store.root(), relative));
        } catch (const Error& e) {
            if (e.code() != ExitCode::not_found) throw;  // a file removed since stays removed
        }
    }
    now.release_lock();
    auto before = files_in(store.root(), folder + "/files");  // before the batch adds its own
    FileBatch batch(store.root());
    std::vector<std::string> kept;
    std::set<std::string> wanted;
    for (const auto& [path, text] : copies) {
        batch.put(folder + "/files/" + path, text);
        kept.push_back(path);
        wanted.insert(folder + "/files/" + path);
    }
    for (const auto& f : before)
        if (wanted.count(f) == 0) batch.remove(f);  // removed since forget: not put back
    batch.put(folder + "/restore.txt", pathspec_file(kept));
    batch.commit();
}

void purge_steps_again(Kind kind, const Globals& globals, const std::string& typed) {
    no_format(globals);
    RecordStore store = read_store(globals, {kind});
    std::string id = store.resolve(kind, typed);
    if (!in_git_work_tree(store.root()))
        throw Error(ExitCode::not_found,
                    fmt::format("{} is not in a git repository, so there is no history to erase",
                                store.root().string()),
                    "nothing to do");
    const Record* r = store.find(id);
    std::string forgotten = r ? field_text(r->doc, "forgotten") : std::string();
    if (forgotten.empty())
        throw Error(ExitCode::not_found,
                    fmt::format("{} has not been forgotten, so there are no steps", id),
                    fmt::format("`vfi {} forget {}` erases their personal data and prints them",
                                kind_name(kind), id));
    std::error_code ec;
    fs::path kit = store.root() / kit_folder(id);
    if (!fs::is_directory(fs::symlink_status(kit, ec)) ||
        !fs::is_regular_file(fs::symlink_status(kit / "paths.txt", ec)))
        throw Error(ExitCode::not_found, Location{kit_folder(id), 0, 0}, {},
                    fmt::format("{} was forgotten on {}, but the steps for erasing them from git "
                                "history are not here",
                                id, forgotten),
                    "they are kept only on the computer where forget ran, and deleted once the "
                    "steps are done");
    require_own_kit(store, id);
    refresh_kit_copies(store, id);
    std::cout << purge_steps(store, kind, id) << '\n';
}

}  // namespace

void add_forget_command(CLI::App& parent, Globals& globals, Kind kind) {
    auto* cmd = parent.add_subcommand("forget");
    auto id = std::make_shared<std::string>();
    auto again = std::make_shared<bool>(false);
    add_id_argument(*cmd, *id, kind);
    cmd->add_flag("--purge-steps", *again,
                  "Print the steps for erasing them from git history again; change nothing");
    cmd->callback([&globals, kind, id, again] {
        if (*again)
            purge_steps_again(kind, globals, *id);
        else
            forget(globals, kind, *id);
    });
}

}  // namespace vfi::cli
