#include "vfi/ops/history.hpp"

#include <algorithm>
#include <map>
#include <set>

#include <fmt/format.h>

#include "vfi/base/text.hpp"
#include "vfi/format/schema.hpp"
#include "vfi/format/settings.hpp"
#include "vfi/store/erased.hpp"
#include "vfi/store/git.hpp"
#include "vfi/yaml/yaml.hpp"

namespace vfi {
namespace {

// A value on one line: a scalar as it is, a list or a group in brackets. In an item of a list
// (an expense, a quote), a part the format keeps confidential, or does not know, is not shown;
// nor is a quote's text without consent.
std::string flow(const yaml::Node& n, const std::vector<Field>* item_fields = nullptr) {
    switch (n.type) {
        case yaml::Node::Type::null:
            return "";
        case yaml::Node::Type::scalar:
            return n.value;
        case yaml::Node::Type::sequence: {
            std::vector<std::string> items;
            for (const auto& item : n.items)
                items.push_back(flow(item));
            return "[" + join(items, ", ") + "]";
        }
        case yaml::Node::Type::map: {
            std::vector<std::string> items;
            const yaml::Node* consent = n.find("consent");
            bool consented = consent && consent->is_scalar() && consent->value == "true";
            for (const auto& e : n.entries) {
                const Field* f = item_fields ? find_field(*item_fields, e.key) : nullptr;
                bool hide = item_fields &&
                            (!f || f->confidential || (e.key == "text" && consent && !consented));
                items.push_back(e.key + ": " + (hide ? "(not shown)" : flow(e.value)));
            }
            return "{" + join(items, ", ") + "}";
        }
    }
    return "";
}

// A version of a file as fields: `payment.eligible` → its value; a list → its items.
struct Leaf {
    std::vector<std::string> items;
    bool list = false;
};
struct Version {
    std::vector<std::string> order;  // the fields in the file's order
    std::map<std::string, Leaf> leaves;
    bool forgotten = false;
};

// A group the format knows as one (`payment`, `training`) is opened into its fields; scores
// and the like stay whole.
void flatten(const yaml::Node& n, const std::string& key, const std::optional<Kind>& kind,
             Version& v) {
    const Field* f = kind ? find_field(*kind, key) : nullptr;
    if (n.is_map() && (!kind || (f && f->type == FieldType::map))) {
        for (const auto& e : n.entries)
            flatten(e.value, key + "." + e.key, kind, v);
        return;
    }
    const std::vector<Field>* item_fields =
        f && (f->type == FieldType::quotes || !f->fields.empty()) ? &f->fields : nullptr;
    static const std::vector<Field> quote_parts = quote_fields();
    if (f && f->type == FieldType::quotes) item_fields = &quote_parts;
    Leaf leaf;
    if (n.is_sequence()) {
        leaf.list = true;
        for (const auto& item : n.items)
            leaf.items.push_back(flow(item, item_fields));
    } else if (!n.is_null()) {
        leaf.items.push_back(flow(n, item_fields));
    }
    v.order.push_back(key);
    v.leaves[key] = std::move(leaf);
}

std::optional<Version> version_of(std::string_view content, const std::string& path,
                                  const std::optional<Kind>& kind) {
    try {
        yaml::Node doc = yaml::parse(content, path);
        if (!doc.is_map()) return std::nullopt;
        Version v;
        for (const auto& e : doc.entries)
            flatten(e.value, e.key, kind, v);
        v.forgotten = doc.find("forgotten") != nullptr;
        return v;
    } catch (const Error&) {
        return std::nullopt;
    }
}

std::string text_of(const Leaf& leaf) {
    return join(leaf.items, leaf.list ? "; " : "");
}

// What a list lost and gained; the whole lists when only their order changed.
std::pair<std::string, std::string> list_change(const Leaf& was, const Leaf& now) {
    std::multiset<std::string> before(was.items.begin(), was.items.end());
    std::multiset<std::string> after(now.items.begin(), now.items.end());
    std::vector<std::string> gone, added;
    std::set_difference(before.begin(), before.end(), after.begin(), after.end(),
                        std::back_inserter(gone));
    std::set_difference(after.begin(), after.end(), before.begin(), before.end(),
                        std::back_inserter(added));
    if (gone.empty() && added.empty()) return {text_of(was), text_of(now)};
    return {join(gone, "; "), join(added, "; ")};
}

struct Path {
    std::string record;  // the id, or vfi.yaml
    std::optional<Kind> kind;
};

Path path_of(const std::string& file) {
    auto slash = file.find('/');
    if (slash == std::string::npos) return {file, std::nullopt};
    std::string name = file.substr(slash + 1);
    if (name.find('/') != std::string::npos) return {file, std::nullopt};  // deeper: no record
    if (name.size() > 5 && name.compare(name.size() - 5, 5, ".yaml") == 0)
        name.resize(name.size() - 5);
    return {name, kind_of_id(name)};
}

bool wanted(const std::vector<std::string>& fields, const std::string& key) {
    if (fields.empty()) return true;
    return std::any_of(fields.begin(), fields.end(),
                       [&](const std::string& f) { return key == f || starts_with(key, f + "."); });
}

// Kept from anyone who does not name it: a confidential field, one the format does not know
// (typed by hand: it could hold anything), and vfi.yaml's secret key.
bool confidential(const std::optional<Kind>& kind, const std::string& key) {
    if (!kind) return key == "reports.disclosure_key";
    // A person's own words: only when asked for (and then only with consent).
    if (key == "quotes") return true;
    const Field* top = find_field(*kind, key.substr(0, key.find('.')));
    const Field* f = find_field(*kind, key);
    return !f || (top && top->confidential) || f->confidential;
}

// Of the types a figure is counted from: never free text, tags (which say what someone lives
// with) or a person's words.
bool structural(const std::optional<Kind>& kind, const std::string& key) {
    if (!kind) return key.starts_with("payments.") || key.starts_with("vocabularies.");
    const Field* f = find_field(*kind, key);
    if (!f) return false;
    switch (f->type) {
        case FieldType::date:
        case FieldType::integer:
        case FieldType::number:
        case FieldType::boolean:
        case FieldType::choice:
        case FieldType::id:
        case FieldType::ids:
        case FieldType::history:
        case FieldType::money:
        case FieldType::month:
            return key != "consent" && !key.starts_with("consent.");
        default:
            return false;
    }
}

// Does the row's field hold, or sit in, a value a forget erased from this file?
bool erased_field(const Erased& erased, const std::string& file, const std::string& field) {
    auto it = erased.fields.find(file);
    if (it == erased.fields.end()) return false;
    for (const auto& [keys, value] : it->second) {
        std::string dotted = join(keys, ".");
        if (field == dotted || starts_with(field, dotted + ".") || starts_with(dotted, field + "."))
            return true;
    }
    return false;
}

// Each field asked for must be one some record has.
void check_fields(const std::vector<std::string>& fields, const std::optional<Kind>& kind) {
    for (const auto& name : fields) {
        std::vector<Kind> kinds =
            kind ? std::vector<Kind>{*kind} : std::vector<Kind>(all_kinds.begin(), all_kinds.end());
        bool known = std::any_of(kinds.begin(), kinds.end(),
                                 [&](Kind k) { return find_field(k, name) != nullptr; });
        if (known) continue;
        std::vector<std::string> choices;
        for (Kind k : kinds)
            for (const auto& f : fields_of(k))
                choices.emplace_back(f.key);
        std::string near = nearest(name, choices);
        throw Error(ExitCode::usage, {}, "--fields",
                    kind ? fmt::format("'{}' is not a {} field", name, kind_name(*kind))
                         : fmt::format("'{}' is not a field of any record", name),
                    near.empty() ? "give the name of a field, as `show` prints it"
                                 : fmt::format("did you mean '{}'?", near));
    }
}

}  // namespace

namespace {

// The record `text` names: a whole id (one since removed too) or a unique start of one.
std::pair<Kind, std::string> record_named(const RecordStore& store, const std::string& text) {
    std::string upper_text;
    for (char c : trim(text))
        upper_text += static_cast<char>(c >= 'a' && c <= 'z' ? c - 'a' + 'A' : c);
    if (auto kind = kind_of_id(upper_text); kind && valid_id(upper_text, *kind))
        return {*kind, upper_text};
    std::string id = store.resolve(std::vector<Kind>(all_kinds.begin(), all_kinds.end()), text);
    return {*kind_of_id(id), id};
}

struct Reading {
    const std::vector<std::string>& fields;
    bool structural_only;
    std::map<std::string, std::optional<Version>> versions;  // by blob id
    std::set<std::string> forgotten;                         // records marked so now
    Erased erased;                                           // by every forget on HEAD
};

void add_rows(const LoggedCommit& c, const FileVersionChange& f, const Date& day, const Reading& in,
              std::vector<FieldChange>& out) {
    Path p = path_of(f.path);
    auto row = [&](std::string field, std::string was, std::string now) {
        // A confidential field is shown when it, or a confidential group holding it, is named.
        bool named = std::any_of(in.fields.begin(), in.fields.end(), [&](const std::string& f) {
            return field == f || (starts_with(field, f + ".") && confidential(p.kind, f));
        });
        auto hidden = [](const std::string& value, const char* why) {
            return value.empty() ? value : std::string(why);
        };
        if (field.empty()) {
        } else if (in.forgotten.count(p.record) || erased_field(in.erased, f.path, field)) {
            was = hidden(was, "(forgotten)"), now = hidden(now, "(forgotten)");
        } else if (in.structural_only && !structural(p.kind, field)) {
            was = hidden(was, "(see vfi log)"), now = hidden(now, "(see vfi log)");
        } else if (confidential(p.kind, field) && !named) {
            was = hidden(was, "(confidential)"), now = hidden(now, "(confidential)");
        }
        out.push_back({day, c.author, c.short_hash, p.record, std::move(field), std::move(was),
                       std::move(now)});
    };
    static const std::optional<Version> none;
    auto at = [&](const std::string& blob) -> const std::optional<Version>& {
        auto it = in.versions.find(blob);
        return it == in.versions.end() ? none : it->second;
    };
    const auto& before = at(f.before);
    const auto& after = at(f.after);
    if ((!f.before.empty() && !before) || (!f.after.empty() && !after)) {
        row("", "", "the file could not be read as YAML at this commit");
        return;
    }
    if (!before || !after) {  // made, or removed
        const Version& v = before ? *before : *after;
        if (in.fields.empty()) return row("", "", before ? "removed" : "made");
        for (const auto& key : v.order)
            if (wanted(in.fields, key)) {
                std::string value = text_of(v.leaves.at(key));
                before ? row(key, value, "") : row(key, "", value);
            }
        return;
    }
    std::vector<std::string> keys = before->order;
    for (const auto& key : after->order)
        if (!before->leaves.count(key)) keys.push_back(key);
    for (const auto& key : keys) {
        if (!wanted(in.fields, key)) continue;
        auto b = before->leaves.find(key);
        auto a = after->leaves.find(key);
        Leaf empty;
        const Leaf& was = b == before->leaves.end() ? empty : b->second;
        const Leaf& now = a == after->leaves.end() ? empty : a->second;
        if (was.items == now.items) continue;
        if (was.list || now.list) {
            auto [gone, added] = list_change(was, now);
            row(key, gone, added);
        } else {
            row(key, text_of(was), text_of(now));
        }
    }
}

}  // namespace

std::vector<FieldChange> record_log(const RecordStore& store, const LogAsked& asked) {
    std::vector<std::string> paths;
    std::optional<Kind> kind;
    if (asked.id == settings_file) {
        paths.push_back(settings_file);
    } else if (!asked.id.empty()) {
        auto [k, id] = record_named(store, asked.id);
        kind = k;
        paths.push_back(record_path(k, id));
    }
    if (asked.id != settings_file) check_fields(asked.fields, kind);
    if (!looks_like_git_work_tree(store.root()))
        throw Error(ExitCode::usage,
                    "vfi log reads the records' history from git, and this data directory is "
                    "not in git",
                    "`vfi show` shows a record as it is now");
    // A shallow clone's first commit holds every record as if made that day.
    if (git_is_shallow(store.root()))
        throw Error(ExitCode::not_found,
                    "this is a shallow clone, which holds only the latest part of the history, so "
                    "the history it tells would start part-way",
                    "fetch the rest with `git fetch --unshallow`, then run it again");
    std::string rev = store.as_of() ? store.as_of()->commit() : "HEAD";
    const std::string& zone = store.settings().time_zone;
    // Since a day: what came after the commit that day's eve names, by its place in history
    // (as --as-of finds it), so a commit dated in the past is not left out.
    std::string after = asked.after;
    if (asked.since && after.empty())
        after = Snapshot::commit_on(store.root(), Date::from_days(asked.since->days() - 1), zone)
                    .value_or("");
    auto commits = git_log_changes(store.root(), paths, after.empty() ? rev : after + ".." + rev);
    // The whole programme: its records and vfi.yaml, nothing else in the folder.
    if (!kind)
        for (auto& c : commits)
            std::erase_if(c.files, [](const FileVersionChange& f) {
                auto p = path_of(f.path);
                return p.kind ? f.path != record_path(*p.kind, p.record) : f.path != settings_file;
            });
    if (commits.empty() && !paths.empty() && after.empty())
        throw Error(ExitCode::not_found,
                    fmt::format("{} has no history in git: no commit has held it", asked.id),
                    "check the id; a record made with --no-commit has history once it is "
                    "committed");
    Reading in{asked.fields, asked.structural_only, {}, {}, erased_by_forget(store.root(), "HEAD")};
    std::map<std::string, std::string> latest;  // path -> its last version's blob
    std::set<std::string> blobs;
    std::set<std::string> shown;  // the files with a change in the rows
    for (const auto& c : commits)
        for (const auto& f : c.files) {
            latest[f.path] = f.after.empty() ? f.before : f.after;
            shown.insert(f.path);
            for (const auto* b : {&f.before, &f.after})
                if (!b->empty()) blobs.insert(*b);
        }
    // Whether each is marked forgotten now: from its last version.
    for (const auto& [path, blob] : latest)
        if (shown.count(path)) blobs.insert(blob);
    std::map<std::string, std::string> path_of_blob;
    for (const auto& c : commits)
        for (const auto& f : c.files)
            for (const auto* b : {&f.before, &f.after})
                if (!b->empty()) path_of_blob.emplace(*b, f.path);
    git_read_blobs(
        store.root(), {blobs.begin(), blobs.end()},
        [&](const std::string& id, std::string_view content) {
            in.versions[id] = version_of(content, path_of_blob[id], path_of(path_of_blob[id]).kind);
        },
        yaml::Limits{}.max_bytes + 1);  // a larger one is no record: never read whole
    for (const auto& [path, blob] : latest)
        if (auto it = in.versions.find(blob);
            it != in.versions.end() && it->second && it->second->forgotten)
            in.forgotten.insert(path_of(path).record);
    std::vector<FieldChange> rows;
    for (const auto& c : commits) {
        Date day = date_in_zone(c.time, zone);
        for (const auto& f : c.files)
            add_rows(c, f, day, in, rows);
    }
    return rows;
}

Table log_table(const std::vector<FieldChange>& rows, bool with_record) {
    Table t;
    t.add_column("date", ColumnType::date);
    t.add_column("by");
    t.add_column("commit");
    if (with_record) t.add_column("record");
    t.add_column("field");
    t.add_column("was");
    t.add_column("now");
    for (const auto& r : rows) {
        std::vector<std::string> cells = {r.date.str(), r.by, r.commit};
        if (with_record) cells.push_back(r.record);
        cells.insert(cells.end(), {r.field, r.was, r.now});
        t.add_row(std::move(cells));
    }
    return t;
}

}  // namespace vfi
