// set and edit, for every kind of record: typed-in values or the user's editor, each change
// checked as `vfi check` would before it is written. Their help is in help/*-set.md and
// help/*-edit.md.
#include "edit.hpp"
#include "completion.hpp"

#include <sys/stat.h>
#include <unistd.h>

#include <filesystem>
#include <iostream>

#include <fmt/format.h>

#include "vfi/base/process.hpp"
#include "vfi/base/text.hpp"
#include "vfi/format/field_input.hpp"
#include "vfi/format/validate.hpp"
#include "vfi/model/lifecycle.hpp"
#include "vfi/ops/check.hpp"
#include "vfi/ops/people.hpp"
#include "vfi/store/files.hpp"

namespace vfi::cli {
namespace {

std::string name_of(Kind kind) {
    return std::string(kind_name(kind));
}

// The editor the user chose, as they wrote it: VISUAL, else EDITOR, else vi.
std::string chosen_editor() {
    for (const char* var : {"VISUAL", "EDITOR"})
        if (const char* e = std::getenv(var); e && !trim(e).empty()) return e;
    return "vi";
}

// The command that opens `file` in `editor`. As git does, the editor is read by the shell,
// so `code --wait` and `"/opt/My Editor/edit" -n` both work; the file is passed as an
// argument ("$@"), never pasted into the command, so its name is never read as shell code.
std::vector<std::string> editor_command(const std::string& editor, const std::string& file) {
    return {"/bin/sh", "-c", editor + " \"$@\"", editor, file};
}

// A draft in .vfi is used only when vfi could have kept it: a regular file of this user's
// (never a link), writable by nobody else, that git does not track.
void require_own_draft(const std::filesystem::path& root, const Folder& vfi,
                       const std::string& name) {
    struct stat st {};
    bool own = vfi.type_of(name, &st) == EntryType::file && st.st_uid == ::geteuid() &&
               (st.st_mode & 0022) == 0;
    if (own) own = !git_may_track(root, {".vfi/" + name});
    if (!own)
        throw Error(ExitCode::bad_data, Location{".vfi/" + name, 0, 0}, {},
                    "vfi cannot prove it kept this draft, so it will not use it",
                    fmt::format("delete it (`rm .vfi/{}`) and run the edit again; nothing was "
                                "changed",
                                name));
}

bool ask_yes(const std::string& question) {
    if (!isatty(STDIN_FILENO)) return false;
    std::cerr << question << " [Y/n] " << std::flush;
    std::string answer;
    if (!std::getline(std::cin, answer)) return false;
    answer = lower(trim(answer));
    return answer.empty() || answer == "y" || answer == "yes";
}

// The user's copy of record `id` while they edit it: .vfi/edit-ID.yaml, in vfi's own folder,
// private to the user, named by id only, with the version it was made from (`original`, the
// record's text when the edit began) beside it in .vfi/edit-ID.base.
class Draft {
  public:
    Draft(const std::filesystem::path& root, const std::string& id, const std::string& original)
        : root_(root),
          vfi_(vfi_folder(root)),
          id_(id),
          original_(original),
          copy_(fmt::format("edit-{}.yaml", id)),
          base_(fmt::format("edit-{}.base", id)) {}

    const std::string& id() const { return id_; }
    const std::string& original() const { return original_; }
    // `.vfi/edit-ID.yaml`, as messages name it.
    std::string shown() const { return ".vfi/" + copy_; }
    std::filesystem::path path() const { return vfi_.path() / copy_; }

    // The text to open: an edit given up earlier is picked up again, unless the record changed
    // since; and only when vfi kept it: a draft that came through git is never put in a record.
    // Otherwise the record's text, with the version it was made from kept beside it.
    std::string first_text() {
        if (vfi_.type_of(copy_) == EntryType::missing) {
            scratch(base_, original_);
            return original_;
        }
        require_own_draft(root_, vfi_, copy_);
        std::string made_from;
        if (vfi_.type_of(base_) != EntryType::missing) {
            require_own_draft(root_, vfi_, base_);
            made_from = vfi_.read(base_);
        }
        if (made_from != original_)
            throw Error(ExitCode::refused,
                        fmt::format("{} has changed since your unsaved edit was kept", id_),
                        copy_hint());
        std::cerr << fmt::format(
            "Picking up your unsaved edit of {} (delete {} to start afresh).\n", id_, shown());
        return vfi_.read(copy_);
    }

    void write(const std::string& text) { scratch(copy_, text); }
    std::string read() const { return vfi_.read(copy_); }
    void discard() {
        ::unlinkat(vfi_.fd(), copy_.c_str(), 0);
        ::unlinkat(vfi_.fd(), base_.c_str(), 0);
    }
    // What to do when the record moved on under the draft.
    std::string copy_hint() const {
        return fmt::format(
            "your text is in {}: copy what you need from it, delete it, and run the edit again",
            shown());
    }

  private:
    void scratch(const std::string& name, const std::string& content) {
        FileBatch batch(root_);
        batch.put(".vfi/" + name, content);
        batch.commit();
    }

    std::filesystem::path root_;
    Folder vfi_;
    std::string id_, original_, copy_, base_;
};

// Opens `text` in the user's editor and returns what they saved. When the editor fails the
// draft is kept (unless it is still the record's text) and nothing is changed.
std::string edit_in_editor(Draft& draft, const std::string& text) {
    draft.write(text);
    std::string editor = chosen_editor();
    if (run_interactive(editor_command(editor, draft.path().string())) != 0) {
        if (draft.read() == draft.original()) draft.discard();
        throw Error(ExitCode::usage, fmt::format("the editor ({}) did not finish cleanly", editor),
                    "nothing was changed; set VISUAL or EDITOR to an editor that waits until you "
                    "close it");
    }
    return draft.read();
}

// Writes the checked text through the write gate, unless someone else changed the record
// while the editor was open.
void save_edit(const Globals& globals, RecordStore& store, Kind kind, Draft& draft,
               const CheckedText& checked, const std::string& text) {
    Transaction change(store, change_options(globals), Date::today());
    if (read_data_file(store.root(), record_path(kind, draft.id())) != draft.original())
        throw Error(ExitCode::refused,
                    fmt::format("{} was changed by someone else while you edited it", draft.id()),
                    draft.copy_hint());
    change.put(kind, draft.id(), checked.doc, Write::replace, &text);
    change.commit(fmt::format("{}: edit {}", name_of(kind), draft.id()));
    draft.discard();
    say(globals, fmt::format("Saved {}.", draft.id()));
}

// The editor is opened until the text is saved, left as it was, or the user gives up on a
// text with problems (it is kept for the next edit).
void edit_until_done(const Globals& globals, RecordStore& store, Kind kind, Draft& draft) {
    std::string text = draft.first_text();
    std::string relative = record_path(kind, draft.id());
    while (true) {
        text = edit_in_editor(draft, text);
        if (text == draft.original()) {
            draft.discard();
            say(globals, fmt::format("No changes to {}.", draft.id()));
            return;
        }
        CheckedText checked = check_record_text(kind, draft.id(), relative, text,
                                                store.settings().vocabularies, Date::today());
        if (checked.problems.empty()) {
            save_edit(globals, store, kind, draft, checked, text);
            return;
        }
        for (const auto& p : checked.problems)
            std::cerr << p.describe() << '\n';
        if (!ask_yes("Edit again?"))
            throw Error(
                ExitCode::bad_data, fmt::format("{} was not changed", draft.id()),
                fmt::format("your edit is kept in {}: run `vfi {} edit {}` again to carry on",
                            draft.shown(), kind_command(kind), draft.id()));
    }
}

}  // namespace

const Record& existing(const RecordStore& store, Kind kind, const std::string& text) {
    std::string id = store.resolve(kind, text);
    const Record* r = store.find(id);
    if (!r) throw store.fails_check(kind, id);
    return *r;
}

// A record `vfi check` finds a problem in is not loaded; `set` reads it from its file, so
// that it can repair what is wrong. Refused as fails_check when the file is not even YAML
// (only an editor can mend that).
yaml::Node to_repair(const RecordStore& store, Kind kind, const std::string& id) {
    std::string file = record_path(kind, id);
    CheckedText checked = check_record_text(kind, id, file, read_data_file(store.root(), file),
                                            store.settings().vocabularies, Date::today());
    if (checked.doc.is_map()) return checked.doc;
    throw Error(ExitCode::bad_data, Location{file, 0, 0}, {},
                "this record has a problem to fix first: " +
                    (checked.problems.empty() ? std::string("it cannot be read")
                                              : checked.problems.front().describe()),
                fmt::format("set cannot mend a file that is not `key: value` lines: fix it with "
                            "`vfi {} edit {}`, then run the command again",
                            kind_command(kind), id));
}

// A repair must leave the record without a problem of its own: else the first one left is
// told, to be set in the same command.
void refuse_unrepaired(const RecordStore& store, Kind kind, const std::string& id,
                       const yaml::Node& doc) {
    std::vector<Problem> left;
    std::string file = record_path(kind, id);
    validate_record(kind, doc, file, id, store.settings().vocabularies, left);
    if (left.empty()) return;
    throw Error(ExitCode::bad_data, Location{file, 0, 0}, {},
                "this record has a problem to fix first: " + left.front().describe(),
                starts_with(left.front().field, "history")
                    ? fmt::format("the history is corrected in an editor: `vfi {0} edit {1}`; "
                                  "nothing was changed",
                                  kind_command(kind), id)
                    : fmt::format("set that field in the same command (`vfi {0} set {1} {2}=...`), "
                                  "or fix it with `vfi {0} edit {1}`; nothing was changed",
                                  kind_command(kind), id, left.front().field));
}

void add_set_command(CLI::App& parent, Globals& globals, Kind kind) {
    auto* cmd = parent.add_subcommand("set");
    auto id = std::make_shared<std::string>();
    auto pairs = std::make_shared<std::vector<std::string>>();
    add_id_argument(*cmd, *id, kind);
    cmd->add_option(
           "KEY=VALUE", *pairs,
           "Fields to set; dotted keys for groups, commas for lists, nothing after = to remove")
        ->required();
    cmd->callback([&globals, kind, id, pairs] {
        no_format(globals);
        // Lock first, then read: every check below sees what no other vfi can change meanwhile.
        Writing w(globals, {kind, Kind::match});
        auto& [store, change] = w;
        std::string target = store.resolve(kind, *id);
        const Record* r = store.find(target);
        const bool repairing = r == nullptr;
        yaml::Node doc = repairing ? to_repair(store, kind, target) : r->doc;
        std::vector<std::string> keys;
        for (const auto& pair : *pairs) {
            auto [key, value] = split_assignment(pair);
            assign(doc, kind, key, value, store.settings().vocabularies, key,
                   repairing ? Assigning::repair : Assigning::change);
            keep_history_in_step(doc, kind, key);
            keys.push_back(key);
        }
        if (repairing) refuse_unrepaired(store, kind, target, doc);
        change.put(kind, target, doc, Write::replace);
        auto result = change.commit(fmt::format("{}: set {}", name_of(kind), target));
        say(globals, result.paths.empty()
                         ? fmt::format("{} already had those values; nothing changed.", target)
                         : fmt::format("{} {} ({}).", repairing ? "Repaired" : "Updated", target,
                                       join(keys, ", ")));
    });
}

void add_edit_command(CLI::App& parent, Globals& globals, Kind kind) {
    auto* cmd = parent.add_subcommand("edit");
    auto id = std::make_shared<std::string>();
    add_id_argument(*cmd, *id, kind);
    cmd->callback([&globals, kind, id] {
        no_format(globals);
        RecordStore store = open_store(globals);
        std::string target = store.resolve(kind, *id);
        std::string original = read_data_file(store.root(), record_path(kind, target));
        // Nobody waits while the editor is open: the lock is taken again to save.
        store.release_lock();
        Draft draft(store.root(), target, original);
        edit_until_done(globals, store, kind, draft);
    });
}

void add_remove_command(CLI::App& parent, Globals& globals, Kind kind) {
    auto* cmd = parent.add_subcommand("remove");
    auto id = std::make_shared<std::string>();
    add_id_argument(*cmd, *id, kind);
    cmd->callback([&globals, kind, id] {
        no_format(globals);
        // Lock first, then read: every check below sees what no other vfi can change meanwhile.
        Writing w(globals, {all_kinds.begin(), all_kinds.end()});
        auto& [store, change] = w;
        std::string target = existing(store, kind, *id).id;
        refuse_removing_what_is_named(store, kind, target);
        change.remove(kind, target);
        change.commit(fmt::format("{}: remove {}", name_of(kind), target));
        say(globals, fmt::format("Removed {}.", target));
    });
}

}  // namespace vfi::cli
