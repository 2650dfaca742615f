#include "vfi/ops/transaction.hpp"

#include <algorithm>
#include <set>

#include <fmt/format.h>

#include "vfi/format/validate.hpp"
#include "vfi/model/records.hpp"
#include "vfi/ops/check.hpp"

namespace vfi {

Transaction::Transaction(RecordStore& store, ChangeOptions options, const Date& today)
    : store_(store), today_(today), change_(store, options) {}

void Transaction::put_file(const std::string& relative, const std::string& content, Write how) {
    change_.put_file(relative, content, how);
}

void Transaction::put(Kind kind, const std::string& id, const yaml::Node& doc, Write how,
                      const std::string* source) {
    std::string relative = record_path(kind, id);
    // What is checked is what will be on disk: the staged text, read back.
    Record staged{kind, id, relative,
                  yaml::parse(change_.put(kind, id, doc, how, source), relative)};
    auto same = [&](const Record& r) { return r.kind == kind && r.id == id; };
    if (auto it = std::find_if(puts_.begin(), puts_.end(), same); it != puts_.end()) {
        *it = std::move(staged);
    } else {
        puts_.push_back(std::move(staged));
    }
}

void Transaction::remove(Kind kind, const std::string& id) {
    change_.remove(kind, id);
    removes_.emplace_back(kind, id);
}

// A partner who says they may not be quoted is never quoted: the quotes of theirs marked
// consent: true are marked false in the same change, so their word is kept where reports and
// `check` read it. (Consent given again is not spread back: each quote is agreed one by one.)
void Transaction::follow_consent() {
    std::set<std::string> withdrawn;
    for (const auto& r : puts_) {
        if (r.kind != Kind::partner || to_partner(r).consent_quotes != false) continue;
        const Record* old = store_.find(r.id);
        if (old && to_partner(*old).consent_quotes != false) withdrawn.insert(r.id);
    }
    if (withdrawn.empty()) return;
    store_.load({Kind::reflection});
    std::vector<std::pair<std::string, yaml::Node>> changed;
    for (const auto& x : store_.records(Kind::reflection)) {
        if (!withdrawn.count(field_text(x.doc, "by"))) continue;
        yaml::Node doc = x.doc;
        yaml::Node* quotes = doc.find("quotes");
        if (!quotes || !quotes->is_sequence()) continue;
        bool flipped = false;
        for (auto& q : quotes->items)
            if (q.is_map() && parse_boolean(field_text(q, "consent")).value_or(false)) {
                q.set("consent", yaml::Node::plain("false"));
                flipped = true;
            }
        if (flipped) changed.emplace_back(x.id, std::move(doc));
    }
    // (A plain pair: clang before 16 cannot capture a structured binding.)
    for (auto& one : changed) {
        const std::string& id = one.first;
        if (std::none_of(puts_.begin(), puts_.end(), [&](const Record& r) { return r.id == id; }))
            put(Kind::reflection, id, one.second, Write::replace);
    }
}

Change::Result Transaction::commit(const std::string& message) {
    follow_consent();
    ChangeProblems found = change_problems(store_, puts_, removes_, today_);
    const auto& problems = found.own.empty() ? found.links : found.own;
    if (!problems.empty()) {
        // A problem of a record this command writes says most about what went wrong.
        auto staged = [&](const Problem& q) {
            return std::any_of(puts_.begin(), puts_.end(),
                               [&](const Record& r) { return r.file == q.where.file; });
        };
        auto first = std::find_if(problems.begin(), problems.end(), staged);
        const Problem& p = first != problems.end() ? *first : problems.front();
        // A problem in a record this command writes is told by its field alone, as the value
        // given on the command line or in the editor was; the file is not written yet.
        Location where = p.where;
        for (const auto& r : puts_)
            if (r.file == where.file) where = Location{};
        throw Error(p.code, where, p.field, p.message, p.hint);
    }
    return change_.commit(message);
}

}  // namespace vfi
