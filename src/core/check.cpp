#include "vfi/check.hpp"

#include <algorithm>
#include <map>
#include <set>

#include <fmt/format.h>

#include "vfi/records.hpp"

namespace vfi {
namespace {

struct Rules {
    const RecordStore& store;
    std::vector<Problem>& problems;
    Date today = Date::today();

    void add(const Record& r, std::string_view key, std::string message, std::string hint) {
        const yaml::Node* n = field_node(r.doc, key);
        Location at{r.file, n ? n->mark.line : 1, n ? n->mark.column : 0};
        problems.push_back(Problem{at, std::string(key), std::move(message), std::move(hint)});
    }

    std::set<std::string, std::less<>> files = {};  // every record file, valid or not

    bool exists(std::string_view id) const { return files.count(id) != 0; }

    void reference(const Record& r, std::string_view key, const std::string& id) {
        if (id.empty() || exists(id)) return;
        auto kind = kind_of_id(id);
        add(r, key, fmt::format("{} does not exist", id),
            fmt::format("check the id with `vfi {} list`, or restore {} from git",
                        kind ? kind_name(*kind) : "partner", kind ? record_path(*kind, id) : id));
    }

    void order(const Record& r, std::string_view first_key, const std::optional<Date>& first,
               std::string_view second_key, const std::optional<Date>& second) {
        if (first && second && *second < *first)
            add(r, second_key,
                fmt::format("{} is before {} ({})", second->str(), first_key, first->str()),
                fmt::format("correct one of the two dates"));
    }

    void not_future(const Record& r, std::string_view key, const std::optional<Date>& d) {
        if (d && today < *d)
            add(r, key, fmt::format("{} is in the future", d->str()), "correct the date");
    }

    void partners() {
        for (const auto& r : store.records(Kind::partner)) {
            Partner p = to_partner(r);
            bool gone = p.status == "alumni" || p.status == "withdrawn";
            if (p.left && !gone)
                add(r, "left", fmt::format("is set but status is {}", p.status),
                    "remove `left`, or set the status to alumni or withdrawn");
            order(r, "joined", p.joined, "left", p.left);
            not_future(r, "joined", p.joined);
            not_future(r, "left", p.left);
            if ((p.status == "active" || p.status == "paused") && !p.training_completed)
                add(r, "status", fmt::format("is {} but training.completed is not set", p.status),
                    "add the date training was completed under training:, or set the status to "
                    "training");
            for (const auto& c : p.conflicts)
                if (valid_id(c, Kind::leader) && !exists(c))
                    add(r, "conflicts", fmt::format("{} does not exist", c),
                        "remove it, or check the id with `vfi leader list`");
        }
    }

    void leaders() {
        for (const auto& r : store.records(Kind::leader)) {
            Leader l = to_leader(r);
            not_future(r, "enquired", l.enquired);
        }
    }

    void matches() {
        std::map<std::string, std::vector<const Record*>> busy;  // partner -> active/paused matches
        for (const auto& r : store.records(Kind::match)) {
            Match m = to_match(r);
            reference(r, "partner", m.partner);
            reference(r, "leader", m.leader);
            if ((m.status == "active" || m.status == "paused" || m.status == "completed") &&
                !m.started)
                add(r, "status", fmt::format("is {} but `started` is not set", m.status),
                    "add `started:` with the date the match began");
            if ((m.status == "completed" || m.status == "ended") && !m.ended)
                add(r, "status", fmt::format("is {} but `ended` is not set", m.status),
                    "add `ended:` with the date the match finished");
            if ((m.status == "proposed" || m.status == "active" || m.status == "paused") && m.ended)
                add(r, "ended", fmt::format("is set but status is {}", m.status),
                    "remove `ended`, or set the status to completed or ended");
            order(r, "proposed", m.proposed, "started", m.started);
            order(r, "started", m.started, "ended", m.ended);
            not_future(r, "started", m.started);
            not_future(r, "ended", m.ended);
            if (m.status == "active" || m.status == "paused") busy[m.partner].push_back(&r);
        }
        for (const auto& [partner_id, list] : busy) {
            const Record* partner = store.find(partner_id);
            if (!partner) continue;
            long capacity = to_partner(*partner).capacity;
            if (static_cast<long>(list.size()) <= capacity) continue;
            std::vector<std::string> ids;
            for (const auto* m : list)
                ids.push_back(m->id);
            add(*partner, "capacity",
                fmt::format("{} has {} active or paused matches but capacity {} ({})", partner_id,
                            list.size(), capacity, fmt::join(ids, ", ")),
                "raise the capacity, or end or complete a match");
        }
    }

    void sessions() {
        for (const auto& r : store.records(Kind::session)) {
            Session s = to_session(r);
            if (s.type == "coaching") {
                if (s.match.empty())
                    add(r, "match", "a coaching session needs its match",
                        "add `match: M-...`, or set `type:` to what the session was");
                reference(r, "match", s.match);
                if (const Record* m = store.find(s.match)) {
                    Match match = to_match(*m);
                    if (match.started && s.date < *match.started && s.status == "held")
                        add(r, "date",
                            fmt::format("{} is before its match started ({})", s.date.str(),
                                        match.started->str()),
                            "correct the date, or the match's `started` date");
                }
            } else if (s.partners.empty() && s.match.empty()) {
                add(r, "partners",
                    fmt::format("a session of type {} needs the partners who took part", s.type),
                    "add `partners: [P-..., P-...]`");
            }
            for (const auto& p : s.partners)
                reference(r, "partners", p);
            if (s.status == "held") not_future(r, "date", s.date);
        }
    }

    void reflections() {
        for (const auto& r : store.records(Kind::reflection)) {
            Reflection x = to_reflection(r);
            if (x.by != "learning-partner") reference(r, "by", x.by);
            if (x.about != "programme") reference(r, "about", x.about);
            not_future(r, "date", x.date);
        }
    }
};

}  // namespace

std::vector<Problem> check_data(RecordStore& store) {
    std::vector<Kind> kinds(all_kinds.begin(), all_kinds.end());
    store.load(kinds);
    std::vector<Problem> problems = store.settings_problems();
    problems.insert(problems.end(), store.problems().begin(), store.problems().end());
    for (const auto& file : store.strangers()) {
        if (file.back() == '/') {
            std::string folder = file.substr(0, file.find('/') + 1);
            problems.push_back(
                Problem{Location{file.substr(0, file.size() - 1), 0, 0},
                        {},
                        "a folder inside a record folder",
                        fmt::format("vfi reads only the files directly in {}: move the folder out",
                                    folder)});
            continue;
        }
        problems.push_back(
            Problem{Location{file, 0, 0},
                    {},
                    "not a record file name",
                    "records are named by their id, e.g. P-7KQ2MD.yaml: rename the file or "
                    "move it out of the data directory"});
    }
    Rules rules{store, problems};
    for (Kind k : all_kinds)
        for (auto& id : store.ids(k))
            rules.files.insert(std::move(id));
    rules.partners();
    rules.leaders();
    rules.matches();
    rules.sessions();
    rules.reflections();
    std::stable_sort(problems.begin(), problems.end(), [](const Problem& a, const Problem& b) {
        return std::tie(a.where.file, a.where.line, a.where.column) <
               std::tie(b.where.file, b.where.line, b.where.column);
    });
    return problems;
}

}  // namespace vfi
