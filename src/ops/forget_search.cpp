// forget's searches: where a person's name or email is still written in the data directory,
// and which files in git history ever held their data (the kit for erasing it there).
#include <algorithm>
#include <filesystem>
#include <map>
#include <optional>
#include <set>
#include <tuple>

#include <fmt/format.h>

#include "vfi/base/fold.hpp"
#include "vfi/base/text.hpp"
#include "vfi/format/validate.hpp"
#include "vfi/ops/check.hpp"
#include "vfi/ops/forget.hpp"
#include "vfi/store/files.hpp"
#include "vfi/store/git.hpp"

namespace vfi {
namespace {

namespace fs = std::filesystem;

bool word_byte(char c) {
    auto u = static_cast<unsigned char>(c);
    return (u >= '0' && u <= '9') || (u >= 'a' && u <= 'z') || (u >= 'A' && u <= 'Z') || u >= 0x80;
}

int line_at(std::string_view text, std::size_t offset) {
    return 1 + static_cast<int>(std::count(text.begin(), text.begin() + offset, '\n'));
}

// The text of a regular file, or nullopt for a symlink (never followed), a folder, or a file
// that cannot be read.
std::optional<std::string> plain_file(const fs::path& path) {
    std::error_code ec;
    if (!fs::is_regular_file(fs::symlink_status(path, ec))) return std::nullopt;
    try {
        return read_file(path, path.filename().string());
    } catch (const Error&) {
        return std::nullopt;
    }
}

// Collects the places the person is named, each once.
struct MentionSearch {
    const std::vector<NamingWords>& words;
    const std::string& id;
    std::vector<Problem> found = {};
    std::set<std::tuple<std::string, int, std::string, std::string>> seen = {};

    void add(const std::string& file, yaml::Mark at, const std::string& field,
             const std::string& message, const std::string& hint) {
        if (!seen.insert({file, at.line, field, message}).second) return;
        found.push_back(Problem{Location{file, at.line, at.column}, field, message, hint});
    }

    // The words `text` holds.
    std::vector<const NamingWords*> naming(std::string_view text) const {
        std::vector<const NamingWords*> out;
        std::string folded = fold_text(text).text;
        for (const auto& w : words)
            if (!find_folded(folded, w.folded).empty()) out.push_back(&w);
        return out;
    }

    std::string holds(const NamingWords& w) const {
        return fmt::format("holds {}'s {}", id, w.what);
    }

    // Scalars and keys of `node` naming them, under the dotted `path`.
    void walk(const std::string& file, const yaml::Node& node, const std::string& path,
              const std::string& hint) {
        if (node.is_scalar())
            for (const auto* w : naming(node.value))
                add(file, node.mark, path, holds(*w), hint);
        for (const auto& item : node.items)
            walk(file, item, path, hint);
        for (const auto& e : node.entries) {
            std::string key = path.empty() ? e.key : path + "." + e.key;
            for (const auto* w : naming(e.key))
                add(file, e.key_mark, key, holds(*w), hint);
            walk(file, e.value, key, hint);
        }
    }

    // A file vfi cannot read as a record: each line naming them.
    void raw(const std::string& file, std::string_view text, const std::string& hint) {
        Folded folded = fold_text(text, Offsets::kept);
        for (const auto& w : words)
            for (auto at : find_folded(folded.text, w.folded))
                add(file, yaml::Mark{line_at(text, folded.from[at]), 0}, {}, holds(w), hint);
    }

    static std::string edit(Kind kind, const std::string& id) {
        return fmt::format("`vfi {} edit {}`", kind_command(kind), id);
    }

    // A record as forget will write it: its fields (marked where they are in the file now).
    void rewritten(const std::string& file, const Update& u) {
        walk(file, u.doc, "",
             fmt::format("reword it so it does not name them ({})", edit(u.kind, u.id)));
    }

    // A record forget leaves as it is: its fields, then its comments.
    void record(const Record& r, std::string_view text) {
        std::string how = edit(r.kind, r.id);
        walk(r.file, r.doc, "", fmt::format("reword it so it does not name them ({})", how));
        if (naming(text).empty()) return;
        yaml::Comments comments;
        try {
            comments = yaml::find_comments(text, yaml::parse(text, r.file));
        } catch (const Error&) {
        }
        std::vector<std::string> lines;
        for (const auto& list : {comments.before, comments.after})
            for (const auto& [path, comment] : list)
                lines.push_back(comment);
        lines.push_back(comments.end);
        std::string hint = fmt::format("remove the comment or reword it ({})", how);
        for (const auto& block : lines)
            for (const auto& line : split(block, '\n'))
                for (const auto* w : naming(line)) {
                    auto at = text.find(line);
                    add(r.file, yaml::Mark{at == std::string_view::npos ? 0 : line_at(text, at), 0},
                        {}, "a comment " + holds(*w), hint);
                }
    }
};

// Every file in the folder (not following symlinks), or the file itself, relative to `root`.
std::vector<std::string> files_under(const fs::path& root, const std::string& relative) {
    std::error_code ec;
    if (!fs::is_directory(fs::symlink_status(root / relative, ec))) return {relative};
    std::vector<std::string> out;
    for (auto it = fs::recursive_directory_iterator(root / relative, ec);
         !ec && it != fs::recursive_directory_iterator(); it.increment(ec))
        if (it->is_regular_file(ec) && !it->is_symlink(ec))
            out.push_back(fs::relative(it->path(), root).string());
    return out;
}

// A path as a Python regular expression matching exactly it (for git filter-repo).
std::string exact_regex(std::string_view path) {
    std::string out = "^";
    for (char c : path) {
        auto u = static_cast<unsigned char>(c);
        if (c == '\n')
            out += "\\n";
        else if (c == '\r')
            out += "\\r";
        else if (u < 0x20 || u == 0x7f)
            out += fmt::format("\\x{:02x}", u);
        else if (u < 0x80 && !word_byte(c))
            out += std::string("\\") + c;
        else
            out += c;
    }
    return out + "\\Z";
}

}  // namespace

std::vector<std::size_t> find_words(std::string_view text, const NamingWords& words) {
    Folded folded = fold_text(text, Offsets::kept);
    std::vector<std::size_t> hits;
    for (auto at : find_folded(folded.text, words.folded))
        hits.push_back(folded.from[at]);
    return hits;
}

Needles naming_needles(const std::vector<std::string>& ids, const std::vector<NamingWords>& words) {
    Needles needles;
    for (const auto& id : ids)
        needles.add(fold_name(id), Within::anywhere);
    for (const auto& w : words)
        needles.add(w.folded, Within::whole_words);
    return needles;
}

bool names_them(std::string_view text, const Needles& needles) {
    if (needles.in(fold_text(text).text)) return true;
    // Only an escape in double quotes (`\n`, `\u00e9`, `\` at a line's end) writes text
    // that is not there as it reads.
    if (text.find('\\') == std::string_view::npos) return false;
    yaml::Node doc;
    try {
        doc = yaml::parse(text, "history");
    } catch (const Error&) {
        return false;
    }
    std::vector<const yaml::Node*> todo = {&doc};
    while (!todo.empty()) {
        const yaml::Node* node = todo.back();
        todo.pop_back();
        if (node->is_scalar() && needles.in(fold_text(node->value).text)) return true;
        for (const auto& item : node->items)
            todo.push_back(&item);
        for (const auto& e : node->entries) {
            if (needles.in(fold_text(e.key).text)) return true;
            todo.push_back(&e.value);
        }
    }
    return false;
}

std::vector<std::string> earlier_versions(const RecordStore& store, const std::string& id,
                                          const GitHistory& history) {
    std::vector<std::string> ids;
    std::string own = id + ".yaml";
    for (const auto& [blob, paths] : history.blobs)
        if (std::any_of(paths.begin(), paths.end(),
                        [&](const std::string& p) { return fs::path(p).filename() == own; }))
            ids.push_back(blob);
    std::vector<std::string> texts;
    git_read_blobs(store.root(), ids,
                   [&](const std::string&, std::string_view text) { texts.emplace_back(text); });
    return texts;
}

std::vector<Problem> find_mentions(const RecordStore& store, const ForgetPlan& plan,
                                   const std::vector<std::string>& other_files) {
    MentionSearch search{plan.words, plan.updates.front().id};
    std::map<std::string, const Update*> updated;
    for (const auto& u : plan.updates)
        updated[record_path(u.kind, u.id)] = &u;
    std::set<std::string> seen;  // files searched
    for (Kind kind : all_kinds)
        for (const auto& r : store.records(kind)) {
            seen.insert(r.file);
            if (auto u = updated.find(r.file); u != updated.end())
                search.rewritten(r.file, *u->second);
            else if (auto text = plain_file(store.root() / r.file))
                search.record(r, *text);
        }
    auto raw = [&](const std::string& file, const std::string& hint) {
        for (const auto& f : files_under(store.root(), file))
            if (seen.insert(f).second)
                if (auto text = plain_file(store.root() / f)) search.raw(f, *text, hint);
    };
    for (const auto& p : load_problems(store))
        raw(p.where.file, "reword it so it does not name them, or remove the file");
    std::set<std::string> going(plan.drafts.begin(), plan.drafts.end());
    std::error_code ec;
    for (const auto& e : fs::directory_iterator(store.root() / ".vfi", ec)) {
        std::string name = e.path().filename().string();
        std::string file = ".vfi/" + name;
        if (!starts_with(name, "edit-") || going.count(file) != 0) continue;
        std::string id = name.substr(5, name.find('.') - 5);
        auto kind = kind_of_id(id);
        raw(file, kind ? fmt::format("an edit you gave up: finish it ({}) or delete the file",
                                     MentionSearch::edit(*kind, id))
                       : std::string("delete the file"));
    }
    for (const auto& f : other_files)
        raw(f, "reword it so it does not name them, or delete the file (and commit that)");
    std::stable_sort(
        search.found.begin(), search.found.end(), [](const Problem& a, const Problem& b) {
            return std::tie(a.where.file, a.where.line) < std::tie(b.where.file, b.where.line);
        });
    return search.found;
}

PurgeKit plan_purge_kit(const RecordStore& store, const ForgetPlan& plan,
                        const std::vector<std::string>& tracked, const GitHistory& history) {
    std::string prefix = git_prefix(store.root());
    std::set<std::string> paths;
    std::vector<std::string> ids;
    for (const auto& [blob, where] : history.blobs)
        ids.push_back(blob);
    Needles needles = naming_needles(plan.ids, plan.words);
    git_read_blobs(store.root(), ids, [&](const std::string& blob, std::string_view text) {
        if (names_them(text, needles))
            for (const auto& p : history.blobs.at(blob))
                paths.insert(p);
    });
    for (const auto& f : plan.related)
        paths.insert(prefix + f);
    std::map<std::string, std::string> written;
    for (const auto& u : plan.updates) {
        std::string file = record_path(u.kind, u.id);
        written[prefix + file] = yaml::emit_checked(normalise(u.kind, u.doc), file);
    }
    std::set<std::string> in_git(tracked.begin(), tracked.end());
    PurgeKit kit;
    for (const auto& p : paths) {
        kit.paths.push_back(p);
        if (auto w = written.find(p); w != written.end()) {
            kit.restore.push_back({p, w->second});
        } else if (in_git.count(p) && starts_with(p, prefix)) {
            if (auto text = plain_file(store.root() / p.substr(prefix.size())))
                kit.restore.push_back({p, *text});
        }
    }
    // Their names and addresses, not ids: vfi's own messages name ids, never people.
    Needles words = naming_needles({}, plan.words);
    std::set<std::string> messages;
    for (const auto& [commit, text] : git_messages(store.root()))
        if (names_them(text, words)) messages.insert(commit.substr(0, 12));
    kit.messages.assign(messages.begin(), messages.end());
    return kit;
}

std::string filter_repo_paths_file(const std::string& id, const std::vector<std::string>& paths) {
    std::string out = fmt::format(
        "# Every file that ever held {}'s data, from the top of the repository,\n"
        "# for git filter-repo --invert-paths --paths-from-file.\n",
        id);
    for (const auto& p : paths) {
        // filter-repo reads a line with `==>` as a rename, and cannot hold a line break.
        bool literal =
            p.find("==>") == std::string::npos && p.find_first_of("\r\n") == std::string::npos;
        out += literal ? "literal:" + p : "regex:" + exact_regex(p);
        out += '\n';
    }
    return out;
}

std::string pathspec_file(const std::vector<std::string>& paths) {
    std::string out;
    for (const auto& p : paths) {
        bool plain = !p.empty() && p.front() != '"' && std::none_of(p.begin(), p.end(), [](char c) {
            return static_cast<unsigned char>(c) < 0x20 || c == 0x7f;
        });
        if (plain) {
            out += p + '\n';
            continue;
        }
        out += '"';
        for (char c : p) {
            auto u = static_cast<unsigned char>(c);
            if (c == '"' || c == '\\')
                out += std::string("\\") + c;
            else if (u < 0x20 || u == 0x7f)
                out += fmt::format("\\{:03o}", u);
            else
                out += c;
        }
        out += "\"\n";
    }
    return out;
}

std::vector<std::string> read_pathspec_file(const std::string& text) {
    std::vector<std::string> paths;
    for (const auto& line : split_exact(text, '\n')) {
        if (line.front() != '"' || line.size() < 2 || line.back() != '"') {
            paths.push_back(line);
            continue;
        }
        std::string path;
        for (std::size_t i = 1; i + 1 < line.size(); ++i) {
            if (line[i] != '\\' || i + 2 >= line.size()) {
                path += line[i];
            } else if (line[i + 1] >= '0' && line[i + 1] <= '7' && i + 4 < line.size()) {
                path += static_cast<char>(std::stoi(line.substr(i + 1, 3), nullptr, 8));
                i += 3;
            } else {
                path += line[++i];
            }
        }
        paths.push_back(path);
    }
    return paths;
}

std::vector<std::string> read_filter_repo_paths_file(const std::string& text) {
    std::vector<std::string> paths;
    for (const auto& line : split_exact(text, '\n'))
        if (starts_with(line, "literal:")) paths.push_back(line.substr(8));
    return paths;
}

}  // namespace vfi
