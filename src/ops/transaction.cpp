#include "vfi/ops/transaction.hpp"

#include <algorithm>

#include <fmt/format.h>

#include "vfi/ops/check.hpp"

namespace vfi {

Transaction::Transaction(RecordStore& store, ChangeOptions options, const Date& today)
    : store_(store), today_(today), change_(store, options) {}

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

Change::Result Transaction::commit(const std::string& message) {
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
