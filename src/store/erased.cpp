#include "vfi/store/erased.hpp"

#include <set>

#include <fmt/format.h>

#include "vfi/base/error.hpp"
#include "vfi/base/process.hpp"
#include "vfi/base/text.hpp"
#include "vfi/store/git.hpp"

namespace vfi {

// The message `vfi partner forget` and `vfi leader forget` commit with (and the purge steps'
// own commit after git filter-repo).
static const std::string forget_message = "^(partner|leader): forget [A-Z]-[0-9A-Z]{6,}$";

namespace {

using Keys = std::vector<std::string>;

// The same value, wherever in its file it was written.
bool same_value(const yaml::Node& a, const yaml::Node& b) {
    if (a.type != b.type || a.value != b.value || a.items.size() != b.items.size() ||
        a.entries.size() != b.entries.size())
        return false;
    for (std::size_t i = 0; i < a.items.size(); ++i)
        if (!same_value(a.items[i], b.items[i])) return false;
    for (std::size_t i = 0; i < a.entries.size(); ++i)
        if (a.entries[i].key != b.entries[i].key ||
            !same_value(a.entries[i].value, b.entries[i].value))
            return false;
    return true;
}

// Every value `now` holds differently from `was`, at the deepest group both have.
void changed(const yaml::Node& was, const yaml::Node& now, const Keys& at,
             std::map<Keys, std::optional<yaml::Node>>& out) {
    for (const auto& e : was.entries) {
        Keys key = at;
        key.push_back(e.key);
        const yaml::Node* left = now.find(e.key);
        if (!left)
            out[key] = std::nullopt;
        else if (left->is_map() && e.value.is_map())
            changed(e.value, *left, key, out);
        else if (!same_value(*left, e.value))
            out[key] = *left;
    }
    for (const auto& e : now.entries)  // added by the forget: its mark, `forgotten`
        if (!was.find(e.key)) {
            Keys key = at;
            key.push_back(e.key);
            out[key] = e.value;
        }
}

}  // namespace

Erased erased_by_forget(const std::filesystem::path& root, const std::string& range,
                        const std::string* prefix) {
    Erased erased;
    auto commits = git_log_changes(root, {}, range, std::nullopt, forget_message, prefix);
    std::set<std::string> blobs;
    for (const auto& c : commits)
        for (const auto& f : c.files) {
            if (!f.before.empty() && !f.after.empty()) blobs.insert({f.before, f.after});
            if (f.before.empty() && erased.purged_by.empty()) erased.purged_by = c.short_hash;
        }
    if (blobs.empty()) return erased;
    std::map<std::string, std::optional<yaml::Node>> docs;
    git_read_blobs(root, {blobs.begin(), blobs.end()},
                   [&](const std::string& id, std::string_view content) {
                       try {
                           docs[id] = yaml::parse(content, id);
                       } catch (const Error&) {
                           docs[id] = std::nullopt;
                       }
                   });
    for (const auto& c : commits)
        for (const auto& f : c.files) {
            auto before = docs.find(f.before), after = docs.find(f.after);
            if (before == docs.end() || after == docs.end() || !before->second || !after->second ||
                !before->second->is_map() || !after->second->is_map())
                continue;
            changed(*before->second, *after->second, {}, erased.fields[f.path]);
        }
    return erased;
}

std::vector<std::pair<Kind, std::string>> forgotten_in_history(const std::filesystem::path& root,
                                                               const std::string& rev) {
    std::vector<std::pair<Kind, std::string>> out;
    auto r =
        run_process({"git", "log", "-E", "--grep=" + forget_message, "--format=%s", rev}, root);
    for (const auto& line : split(r.out, '\n')) {
        auto at = line.rfind(' ');
        if (at == std::string::npos) continue;
        std::string id = line.substr(at + 1);
        auto kind = kind_of_id(id);
        if (kind && valid_id(id, *kind) &&
            line == fmt::format("{}: forget {}", kind_name(*kind), id))
            out.emplace_back(*kind, id);
    }
    return out;
}

void apply_erasure(const Erased& erased, const std::string& file, yaml::Node& doc) {
    auto it = erased.fields.find(file);
    if (it == erased.fields.end()) return;
    for (const auto& [keys, value] : it->second) {
        yaml::Node* group = &doc;
        for (std::size_t i = 0; group && i + 1 < keys.size(); ++i)
            group = group->is_map() ? group->find(keys[i]) : nullptr;
        if (!group || !group->is_map()) continue;
        if (value)
            group->set(keys.back(), *value);
        else
            group->erase(keys.back());
    }
}

}  // namespace vfi
