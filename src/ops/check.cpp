#include "vfi/ops/check.hpp"

#include <algorithm>
#include <cstdint>
#include <map>
#include <numeric>
#include <optional>
#include <set>
#include <span>
#include <thread>
#include <tuple>
#include <unordered_map>
#include <unordered_set>

#include <fmt/format.h>

#include <filesystem>

#include "vfi/base/checked.hpp"
#include "vfi/base/id_table.hpp"
#include "vfi/base/money.hpp"
#include "vfi/base/parallel.hpp"
#include "vfi/base/process.hpp"
#include "vfi/base/text.hpp"
#include "vfi/format/schema.hpp"
#include "vfi/format/validate.hpp"
#include "vfi/model/lifecycle.hpp"
#include "vfi/model/programme.hpp"
#include "vfi/model/records.hpp"
#include "vfi/ops/forget.hpp"
#include "vfi/ops/limits.hpp"
#include "vfi/ops/pay.hpp"
#include "vfi/ops/sessions.hpp"
#include "vfi/store/cache.hpp"
#include "vfi/store/erased.hpp"
#include "vfi/store/folder.hpp"
#include "vfi/store/git.hpp"

namespace vfi {
namespace {

// Appends problems about one record, located at the field they concern.
struct Reporter {
    const Record& record;
    std::vector<Problem>& problems;

    void add(std::string_view key, std::string message, std::string hint) {
        const yaml::Node* n = field_node(record.doc, key);
        Location at{record.file, n ? n->mark.line : 1, n ? n->mark.column : 0};
        problems.push_back(Problem{at, std::string(key), std::move(message), std::move(hint)});
    }

    void order(std::string_view first_key, const std::optional<Date>& first,
               std::string_view second_key, const std::optional<Date>& second) {
        if (first && second && *second < *first)
            add(second_key,
                fmt::format("{} is before {} ({})", second->str(), first_key, first->str()),
                "correct one of the two dates");
    }

    void not_future(std::string_view key, const std::optional<Date>& d, const Date& today) {
        if (d && today < *d)
            add(key, fmt::format("{} is in the future", d->str()), "correct the date");
    }

    // The history's last step is the record's status, no step is in the future, and the
    // date fields (joined, started...) say what its steps say.
    void history(Kind kind, const Date& today) {
        for (const auto& [key, sentence] : history_disagreements(record.doc, kind))
            add(key, sentence,
                fmt::format("set the date again with `vfi {0} set {1} {2}=...` (which moves the "
                            "history's step too), or correct the two with `vfi {0} edit {1}`",
                            kind_command(kind), record.id, key));
        const yaml::Node* h = record.doc.find("history");
        if (!h || !h->is_sequence()) return;
        if (h->items.empty())
            return add("history", "is an empty list",
                       "remove the `history:` line, or list each status with the day it began");
        std::vector<WordStep> steps = history_words(kind, record.doc);
        for (const auto& step : steps)
            if (today < step.date)
                return add("history",
                           fmt::format("{} ({}) is in the future", step.date.str(), step.status),
                           "correct the date");
        std::string status = field_text(record.doc, "status");
        if (!steps.empty() && !status.empty() && steps.back().status != status)
            add("history",
                fmt::format("ends with {}, but status is {}", steps.back().status, status),
                fmt::format("a status changes with {}, which adds to the history; correct the "
                            "one that is wrong with `vfi {} edit {}`",
                            kind == Kind::match
                                ? "`vfi match accept`, `pause`, `resume` or `end`"
                                : fmt::format("`vfi {} status`", kind_command(kind)),
                            kind_command(kind), record.id));
    }

    // A record marked forgotten holds nothing but what forget keeps: no other field, and in
    // a group it keeps (training, payment) no other part.
    void forgotten(Kind kind) {
        if (!record.doc.find("forgotten")) return;
        for (const auto& key : not_kept(kind, record.doc)) {
            const Field* f = find_field(kind, key);
            std::string command(kind_command(kind));
            add(key, "is kept on a record marked forgotten",
                f && f->type != FieldType::map
                    ? fmt::format("remove it: `vfi {} set {} {}=`", command, record.id, key)
                    : fmt::format("remove it with `vfi {} edit {}`", command, record.id));
        }
        for (const char* key : {"name", "organisation"})
            if (const yaml::Node* n = record.doc.find(key); n && n->value != "(forgotten)")
                add(key, "is kept on a record marked forgotten",
                    fmt::format("write `{}: (forgotten)`", key));
    }
};

// The records the links are checked over: as loaded, or as a change would leave them. Each
// kind sorted by id, as the store keeps them.
class View {
  public:
    explicit View(const RecordStore& store) {
        for (Kind k : all_kinds)
            for (const auto& r : store.records(k))
                lists_[k].push_back(&r);
    }

    // The same records with `puts` in place of (or beside) the loaded ones and `removes` gone.
    View(const View& before, const std::vector<Record>& puts,
         const std::vector<std::pair<Kind, std::string>>& removes)
        : lists_(before.lists_) {
        for (const auto& [kind, id] : removes) {
            auto& list = lists_[kind];
            auto it = lower(list, id);
            if (it != list.end() && (*it)->id == id) list.erase(it);
        }
        for (const auto& r : puts) {
            auto& list = lists_[r.kind];
            auto it = lower(list, r.id);
            if (it != list.end() && (*it)->id == r.id) {
                *it = &r;
            } else {
                list.insert(it, &r);
            }
        }
    }

    const std::vector<const Record*>& records(Kind kind) const {
        static const std::vector<const Record*> none;
        auto it = lists_.find(kind);
        return it == lists_.end() ? none : it->second;
    }

    const Record* find(std::string_view id) const {
        auto kind = kind_of_id(id);
        if (!kind) return nullptr;
        const auto& list = records(*kind);
        auto it = lower(list, id);
        return it != list.end() && (*it)->id == id ? *it : nullptr;
    }

  private:
    static std::vector<const Record*>::const_iterator lower(const std::vector<const Record*>& list,
                                                            std::string_view id) {
        return std::lower_bound(list.begin(), list.end(), id,
                                [](const Record* r, std::string_view i) { return r->id < i; });
    }
    static std::vector<const Record*>::iterator lower(std::vector<const Record*>& list,
                                                      std::string_view id) {
        return std::lower_bound(list.begin(), list.end(), id,
                                [](const Record* r, std::string_view i) { return r->id < i; });
    }

    std::map<Kind, std::vector<const Record*>> lists_;
};

// Where the `i`th expense of a session is, or its field `key`.
// The form response a reflection was imported from (source.form, .response), and where.
struct Response {
    std::string form, response;
    Location at;
};

std::optional<Response> response_of(const Record& r) {
    const yaml::Node* n = field_node(r.doc, "source.response");
    if (!n || !n->is_scalar()) return std::nullopt;
    return Response{field_text(r.doc, "source.form"), n->value,
                    Location{r.file, n->mark.line, n->mark.column}};
}

// Where a session's date is (a held session's place in same_day's problems).
Location date_of(const Record& r) {
    const yaml::Node* n = field_node(r.doc, "date");
    return Location{r.file, n ? n->mark.line : 1, n ? n->mark.column : 0};
}

Location expense_at(const Record& r, std::size_t i, std::string_view key = {}) {
    const yaml::Node* list = r.doc.find("expenses");
    const yaml::Node* n =
        list && list->is_sequence() && i < list->items.size() ? &list->items[i] : nullptr;
    if (n && !key.empty() && n->is_map())
        if (const yaml::Node* v = n->find(key)) n = v;
    return Location{r.file, n ? n->mark.line : 1, n ? n->mark.column : 0};
}

// A receipt is a file in receipts/, named by its path from the data directory.
bool receipt_path(const std::string& path) {
    if (!path.starts_with("receipts/")) return false;
    std::string_view name = std::string_view(path).substr(9);
    return !name.empty() && name.size() <= 200 && name.front() != '.' &&
           name.find_first_not_of(
               "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789"
               "._-") == std::string_view::npos;
}

// Record ids, looked up by text and kept in no order: `check` puts every record file's in one.
struct TextHash {
    using is_transparent = void;
    std::size_t operator()(std::string_view s) const noexcept {
        return std::hash<std::string_view>{}(s);
    }
};
using IdSet = std::unordered_set<std::string, TextHash, std::equal_to<>>;

// Every record file's id (valid or not), a list per kind, each found through an IdTable of its
// kind (8 bytes a slot: 400,000 ids at ten times the national set). A change's own ids are
// kept beside them, in two small sets.
class Ids {
    static auto id_in(const std::vector<std::string>& list) {  // for an IdTable
        return [&list](std::size_t i) -> std::string_view { return list[i]; };
    }

  public:
    void add(Kind kind, std::vector<std::string> ids) {
        auto& list = of_[static_cast<std::size_t>(kind)];
        list.insert(list.end(), std::make_move_iterator(ids.begin()),
                    std::make_move_iterator(ids.end()));
        tables_[static_cast<std::size_t>(kind)] = IdTable(list.size(), id_in(list));
    }
    void insert(const std::string& id) {
        gone_.erase(id);
        added_.insert(id);
    }
    void erase(const std::string& id) {
        added_.erase(id);
        gone_.insert(id);
    }
    bool count(std::string_view id) const {
        if (added_.count(id)) return true;
        if (gone_.count(id)) return false;
        // The kind its prefix names first; a file of any name may be in any folder.
        auto named = kind_of_id(id);
        if (named && listed(*named, id)) return true;
        for (Kind k : all_kinds)
            if (k != named && listed(k, id)) return true;
        return false;
    }

  private:
    bool listed(Kind kind, std::string_view id) const {
        auto k = static_cast<std::size_t>(kind);
        return tables_[k].find(id, id_in(of_[k])) != IdTable::none;
    }
    std::array<std::vector<std::string>, all_kinds.size()> of_;
    std::array<IdTable, all_kinds.size()> tables_;
    IdSet added_, gone_;
};

// A record named by its id and file, its tree made only when a problem needs the line a field
// is on: a session in the form kept in the cache (RecordStore::TypedStream) has none at hand.
class RecordRef {
  public:
    RecordRef(const Record& r) : id(r.id), file(r.file), record_(&r) {}  // NOLINT: a Record is one
    explicit RecordRef(const KeptRecord& k) : id(k.id), file(k.file), kept_(&k) {}
    std::string_view id, file;
    const Record& record() const {
        if (!record_) record_ = &made_.emplace(kept_->record());
        return *record_;
    }

  private:
    mutable const Record* record_ = nullptr;
    const KeptRecord* kept_ = nullptr;
    mutable std::optional<Record> made_;
};

// Where a field is in a record's file, as Reporter places a problem about it (line 1 when the
// record has no such field).
struct Spot {
    int line = 1, column = 0;
};

Spot spot_of(const Record& r, std::string_view key) {
    const yaml::Node* n = field_node(r.doc, key);
    return n ? Spot{n->mark.line, n->mark.column} : Spot{};
}

// A partner or a match as the link rules read it: typed, with its status as written and where
// the fields their problems name are, so one read in the form the cache keeps (no tree) is
// told of as one read from its file.
struct LinkedPartner {
    Partner partner;
    std::string status, file;
    Spot capacity, conflicts;
};
struct LinkedMatch {
    Match match;
    std::string status, file;
    Spot partner, leader, status_at;
};

LinkedPartner linked_partner(const Record& r, Partner p) {
    return LinkedPartner{std::move(p), field_text(r.doc, "status"), r.file, spot_of(r, "capacity"),
                         spot_of(r, "conflicts")};
}

LinkedMatch linked_match(const Record& r, Match m) {
    return LinkedMatch{std::move(m),          field_text(r.doc, "status"), r.file,
                       spot_of(r, "partner"), spot_of(r, "leader"),        spot_of(r, "status")};
}

// The partners and matches the link rules are checked over, each kind sorted by id.
struct LinkIndex {
    std::vector<LinkedPartner> partners;
    std::vector<LinkedMatch> matches;

    auto partner_id() const {  // for an IdTable
        return [this](std::size_t i) -> std::string_view { return partners[i].partner.id; };
    }
    auto match_id() const {
        return [this](std::size_t i) -> std::string_view { return matches[i].match.id; };
    }

    LinkIndex() = default;
    LinkIndex(LinkIndex&&) = default;
    LinkIndex(const LinkIndex&) = delete;

    // A partner or a match read from its tree.
    void add(const Record& r) {
        if (r.kind == Kind::partner) partners.push_back(linked_partner(r, to_partner(r)));
        if (r.kind == Kind::match) matches.push_back(linked_match(r, to_match(r)));
    }
    // In order of id, and each one's place found by its id: every session looks up its match
    // and its partners, 230,000 at ten times the national set, with no search by halves.
    void sort() {
        std::sort(partners.begin(), partners.end(),
                  [](const auto& a, const auto& b) { return a.partner.id < b.partner.id; });
        std::sort(matches.begin(), matches.end(),
                  [](const auto& a, const auto& b) { return a.match.id < b.match.id; });
        partner_at = IdTable(partners.size(), partner_id());
        match_at = IdTable(matches.size(), match_id());
    }
    const LinkedPartner* partner(std::string_view id) const {
        std::size_t at = partner_at.find(id, partner_id());
        return at == IdTable::none ? nullptr : &partners[at];
    }
    const LinkedMatch* match(std::string_view id) const {
        std::size_t at = match_at.find(id, match_id());
        return at == IdTable::none ? nullptr : &matches[at];
    }

    // The partners and matches of a view (a change's, or the store's).
    static LinkIndex of(const View& view) {
        LinkIndex index;
        for (Kind kind : {Kind::partner, Kind::match})
            for (const Record* r : view.records(kind))
                index.add(*r);
        index.sort();
        return index;
    }

  private:
    // Of ids given twice (two files, one id), the first in order stays, as a search found.
    IdTable partner_at, match_at;
};

// Cross-record rules: references between records and partners' capacity.
struct Links {
    const LinkIndex& index;
    std::vector<Problem>& problems;
    const Ids& files;  // every record file, valid or not

    std::unordered_map<std::string, std::string> leader_status = {};  // of leaders that loaded
    std::map<std::string, Location> matched_at = {};  // leaders `matched`: where their status is
    // The files in receipts/ (not links), when `vfi check` looks; the write gate does not.
    std::optional<std::set<std::string, std::less<>>> receipts = {};
    // Reflections by the form response they were imported from (source.form, .response).
    std::map<std::pair<std::string, std::string>, std::vector<std::pair<std::string, Location>>>
        responses = {};

    // Notes a leader's status (their record may be streamed, so where a problem would be).
    void leader(const Record& r) {
        const yaml::Node* n = field_node(r.doc, "status");
        leader(r.id, field_text(r.doc, "status"),
               Location{r.file, n ? n->mark.line : 1, n ? n->mark.column : 0});
    }
    // `status_at`: where the status is.
    void leader(std::string_view id, const std::string& status, const Location& status_at) {
        leader_status[std::string(id)] = status;
        if (parse_word<LeaderStatus>(status) == LeaderStatus::matched)
            matched_at[std::string(id)] = status_at;
    }

    bool exists(std::string_view id) const { return files.count(id) != 0; }

    // The partner with this id; nullptr when no partner of that id loaded.
    const Partner* partner_of(const std::string& id) const {
        const LinkedPartner* p = index.partner(id);
        return p ? &p->partner : nullptr;
    }

    // A problem at a field of a partner or match (`file`, at `at`).
    void add(const std::string& file, Spot at, std::string_view key, std::string message,
             std::string hint) {
        problems.push_back(Problem{Location{file, at.line, at.column}, std::string(key),
                                   std::move(message), std::move(hint)});
    }

    void reference(const RecordRef& r, std::string_view key, const std::string& id) {
        if (id.empty() || exists(id)) return;
        missing(r.record().file, spot_of(r.record(), key), key, id);
    }
    // `id`, named at `at` in `file`, has no file.
    void missing(const std::string& file, Spot at, std::string_view key, const std::string& id) {
        if (id.empty() || exists(id)) return;
        auto kind = kind_of_id(id);
        add(file, at, key, fmt::format("{} does not exist", id),
            fmt::format("check the id with `vfi {} list`, or restore {} from git",
                        kind ? kind_command(*kind) : "partner",
                        kind ? record_path(*kind, id) : id));
        problems.back().code = ExitCode::not_found;
    }

    // The links of partners, leaders and matches (capacity, running matches, conflicts).
    // A running match needs both people still in it, and a partner who coaches.
    void running_match(const LinkedMatch& lm) {
        const Match& m = lm.match;
        const LinkedPartner* p = index.partner(m.partner);
        auto l = leader_status.find(m.leader);
        if (p && p->partner.contributor)
            add(lm.file, lm.partner, "partner",
                fmt::format("{} is a paid contributor, not a Lived Experience Partner, and is "
                            "never matched",
                            m.partner),
                fmt::format("end it (`vfi match end {} --category other`), or take `contributor` "
                            "off their record if they are a partner",
                            m.id));
        if (p && !trained_and_in(p->partner.status))
            add(lm.file, lm.status_at, "status",
                fmt::format("is {} but partner {} is {}", *m.status, m.partner, p->status),
                fmt::format("end it: `vfi match end {} --category partner-withdrew`", m.id));
        if (l != leader_status.end() &&
            parse_word<LeaderStatus>(l->second) != LeaderStatus::matched)
            add(lm.file, lm.status_at, "status",
                fmt::format("is {} but leader {} is {}", *m.status, m.leader, l->second),
                fmt::format("end it with `vfi match end {} --completed` (or --category "
                            "CATEGORY), or set the leader matched",
                            m.id));
    }

    using Running = std::map<std::string, std::vector<const LinkedMatch*>>;

    void run() {
        for (const auto& lp : index.partners)
            for (const auto& c : lp.partner.conflicts)
                if (valid_id(c, Kind::leader) && !exists(c)) {
                    add(lp.file, lp.conflicts, "conflicts", fmt::format("{} does not exist", c),
                        "remove it, or check the id with `vfi leader list`");
                    problems.back().code = ExitCode::not_found;
                }
        Running busy;     // partner -> active/paused matches
        Running leading;  // leader -> the same
        for (const auto& lm : index.matches) {
            const Match& m = lm.match;
            missing(lm.file, lm.partner, "partner", m.partner);
            missing(lm.file, lm.leader, "leader", m.leader);
            if (running(m.status)) {
                busy[m.partner].push_back(&lm);
                leading[m.leader].push_back(&lm);
                running_match(lm);
            }
        }
        matched_without_a_match(leading);
        // A leader has one partner at a time: two running matches (two proposals, both
        // accepted after a git merge) are named on each of them.
        for (const auto& [leader_id, list] : leading) {
            if (list.size() < 2) continue;
            std::vector<std::string> ids;
            for (const auto* m : list)
                ids.push_back(m->match.id);
            for (std::size_t i = 0; i < list.size(); ++i)
                add(list[i]->file, list[i]->leader, "leader",
                    fmt::format("{} has {} running ({}); a leader has one partner at a time",
                                leader_id, counted(list.size(), "match", "matches"),
                                fmt::join(ids, ", ")),
                    fmt::format("end the one that should not be running, e.g. `vfi match end {} "
                                "--category CATEGORY`",
                                list[i]->match.id));
        }
        for (const auto& [partner_id, list] : busy) {
            const LinkedPartner* partner = index.partner(partner_id);
            if (!partner) continue;
            long capacity = partner->partner.capacity;
            if (static_cast<long>(list.size()) <= capacity) continue;
            std::vector<std::string> ids;
            for (const auto* m : list)
                ids.push_back(m->match.id);
            add(partner->file, partner->capacity, "capacity",
                fmt::format("{} has {} running ({}), more than a capacity of {}", partner_id,
                            counted(list.size(), "match", "matches"), fmt::join(ids, ", "),
                            capacity),
                "end or complete a match, or raise the capacity");
        }
    }

    // A leader matched has a running match (a hand edit, or a match removed, can leave them
    // matched with none, and never suggested again).
    void matched_without_a_match(const Running& leading) {
        for (const auto& [leader_id, where] : matched_at)
            if (!leading.count(leader_id))
                problems.push_back(Problem{
                    where, "status", "is matched, but no active or paused match has this leader",
                    fmt::format("set them waiting for a new partner (`vfi leader status {} "
                                "waiting`), or completed",
                                leader_id),
                    ExitCode::refused});
    }

    // A session's links: its match (and that a coaching session was held after the match
    // started) and the partners it names. Needs the matches loaded. Other involvement that
    // names only a match is paid to the match's partner, so its match must exist too.
    void session(const Record& r) { session(r, to_session(r)); }
    // `date_at`: where its date is, when known without its tree.
    void session(const RecordRef& r, const Session& s, const Location* date_at = nullptr) {
        // A match that loaded has its file: only one that did not is looked for among them.
        const LinkedMatch* m = s.match.empty() ? nullptr : index.match(s.match);
        if (!m) reference(r, "match", s.match);
        if (s.type == SessionType::coaching) {
            if (m) {
                const Match& match = m->match;
                if (match.started && s.date < *match.started && was_due(s.status))
                    Reporter{r.record(), problems}.add(
                        "date",
                        fmt::format("{} is before its match started ({})", s.date.str(),
                                    match.started->str()),
                        "correct the date, or the match's `started` date");
                if (match.ended && *match.ended < s.date && was_due(s.status))
                    Reporter{r.record(), problems}.add(
                        "date",
                        fmt::format("{} is after its match ended ({})", s.date.str(),
                                    match.ended->str()),
                        "correct the date, or the match's `ended` date");
                if (!match.started && was_due(s.status))
                    Reporter{r.record(), problems}.add(
                        "match",
                        fmt::format("{} has not started ({}), so no session of it was held",
                                    s.match, m->status),
                        fmt::format("accept it first (`vfi match accept {}`), or name the "
                                    "match the session belongs to",
                                    s.match));
            }
        }
        for (const auto& p : s.partners) {
            reference(r, "partners", p);
            if (was_due(s.status)) taking_part(r, s, p);
        }
        if (!s.expenses.empty() || !s.fee_declined.empty()) expenses(r, s, m);
        if (was_due(s.status)) {
            // Sessions may be streamed: keep where the problem would be, not the record.
            held.push_back({s.date, session_party(s), std::string(r.id), s.again,
                            date_at ? *date_at : date_of(r.record())});
        }
    }

    // Each expense is claimed by someone who took part, with its receipt in receipts/; a fee
    // is turned down by someone who took part.
    // `m`: the session's match, when it loaded.
    void expenses(const RecordRef& r, const Session& s, const LinkedMatch* m) {
        // Who took part as payments count them: an involvement naming only a match is its
        // partner's.
        const Match* match = m ? &m->match : nullptr;
        std::vector<std::string> who = Programme::partners_of(s, match);
        for (const auto& p : s.fee_declined)
            if (exists(p) && std::find(who.begin(), who.end(), p) == who.end())
                Reporter{r.record(), problems}.add(
                    "fee_declined",
                    fmt::format("{} did not take part in {}, so has no fee to turn down", p, s.id),
                    "correct the partner, or remove them from fee_declined");
        for (std::size_t i = 0; i < s.expenses.size(); ++i) {
            const Expense& e = s.expenses[i];
            if (!e.partner.empty() && exists(e.partner) &&
                std::find(who.begin(), who.end(), e.partner) == who.end())
                problems.push_back(Problem{
                    expense_at(r.record(), i, "partner"), "expenses.partner",
                    fmt::format("{} did not take part in {}, so cannot claim expenses for it",
                                e.partner, s.id),
                    "correct the partner, or claim it against the session they took part in"});
            else if (!e.partner.empty() && !exists(e.partner))
                problems.push_back(Problem{expense_at(r.record(), i, "partner"), "expenses.partner",
                                           fmt::format("{} does not exist", e.partner),
                                           "check the id with `vfi partner list`"});
            if (receipts && receipt_path(e.receipt) && !receipts->count(e.receipt.substr(9)))
                problems.push_back(Problem{
                    expense_at(r.record(), i, "receipt"), "expenses.receipt",
                    fmt::format("{} is not a file in the data directory", e.receipt),
                    fmt::format("restore it from git, or add the receipt again with `vfi expense "
                                "add {} {} --receipt FILE`",
                                s.id, e.partner)});
        }
    }

    // A partner a session names took part on its day: in the programme then, by their history
    // (a session of 2021 may name someone who has left since, never someone not yet there).
    void taking_part(const RecordRef& r, const Session& s, const std::string& id) {
        const Partner* partner = partner_of(id);
        if (!partner) return;
        if (!may_take_part(partner->history.on(s.date)))
            Reporter{r.record(), problems}.add(
                "partners", not_taking_part(*partner, s.date),
                fmt::format("take {} out of the session's partners, or correct its date or their "
                            "history",
                            id));
    }

    struct Held {
        Date day;
        std::string party;  // session_party: its match, or its type, group and partners
        std::string id;
        bool again = false;
        Location where;
    };
    std::vector<Held> held = {};  // every held session; same_day sorts them

    // Held sessions of one match (or one involvement) on one day are one session logged twice
    // (two clones) and would be paid twice, unless all but the first say they are another
    // (`again: true`). The fix named is the same on every line (the last id), so two people
    // following it in two clones do the same.
    void same_day() {
        // Each run of one day and party, in the order the sessions were met: their places are
        // sorted, not the sessions moved (each holds three strings; a national set has 20,000).
        std::vector<std::uint32_t> order(held.size());
        std::iota(order.begin(), order.end(), 0u);
        std::stable_sort(order.begin(), order.end(), [&](std::uint32_t a, std::uint32_t b) {
            return std::tie(held[a].day, held[a].party) < std::tie(held[b].day, held[b].party);
        });
        std::vector<const Held*> list;
        for (std::size_t first = 0; first < order.size();) {
            const Held& one = held[order[first]];
            list.assign(1, &one);
            for (std::size_t at = first + 1; at < order.size(); ++at) {
                const Held& next = held[order[at]];
                if (next.day != one.day || next.party != one.party) break;
                list.push_back(&next);
            }
            first += list.size();
            if (list.size() > 1 || one.again) same_day(list);
        }
    }
    // `list`: held sessions of one day and party, more than one or the one marked again.
    void same_day(std::span<const Held* const> list) {
        std::size_t again = 0;
        for (const Held* h : list)
            again += h->again;
        if (again + 1 == list.size()) return;
        std::vector<std::string> ids;
        for (const Held* h : list)
            ids.push_back(h->id);
        std::sort(ids.begin(), ids.end());
        std::string last = ids.back();
        std::string day = list.front()->day.str();
        const std::string& who = list.front()->party;
        std::string told =
            starts_with(who, "M-")
                ? fmt::format("{} has {} sessions held on {}", who, list.size(), day)
                : fmt::format("{} {} sessions with the same partners were held on {}", list.size(),
                              who.substr(0, who.find(' ')), day);
        std::string what = list.size() == 1
                               ? fmt::format(
                                     "is marked again: true, but no other session of it was held "
                                     "on {}",
                                     day)
                               : fmt::format("{} ({}), {} of them marked again: true", told,
                                             fmt::join(ids, ", "), again);
        std::string fix =
            again + 1 < list.size()
                ? fmt::format(
                      "if one was logged twice, remove {0} (`vfi session remove {0}`); "
                      "if each happened, mark every one but the first again: true "
                      "(`vfi session set {0} again=true`)",
                      last)
                : fmt::format(
                      "the first session of the day is not marked: `vfi session set "
                      "{} again=`",
                      ids.front());
        for (const Held* h : list)
            problems.push_back(Problem{h->where, "date", what, fix});
    }

    void reflection(const Record& r) { reflection(r, to_reflection(r)); }
    void reflection(const Record& r, const Reflection& x) { reflection(r, x, response_of(r)); }
    // `response`: the form response it was imported from, when it was (response_of).
    void reflection(const RecordRef& r, const Reflection& x,
                    const std::optional<Response>& response) {
        if (response)
            responses[{response->form, response->response}].push_back(
                {std::string(r.id), response->at});
        if (x.by != "learning-partner") reference(r, "by", x.by);
        if (x.about != "programme") reference(r, "about", x.about);
        // A partner or leader reflects on their own match, not another pair's.
        if (const LinkedMatch* m = index.match(x.about); m && kind_of_id(x.by)) {
            const Match& match = m->match;
            if (x.by != match.partner && x.by != match.leader)
                Reporter{r.record(), problems}.add(
                    "about",
                    fmt::format("{} is the match of {} and {}, not one of {}'s", match.id,
                                match.partner, match.leader, x.by),
                    "name their own match, or `programme`");
        }
        // The person's own word wins over a quote's: reports leave such a quote out.
        if (x.quotes.empty()) return;
        const Partner* partner = partner_of(x.by);
        if (!partner) return;
        for (const auto& q : x.quotes)
            if (q.consent && !quote_may_be_used(q, partner)) {
                Reporter{r.record(), problems}.add(
                    "quotes",
                    fmt::format("a quote is marked consent: true, but {} said they may not be "
                                "quoted (consent.quotes: false on their record)",
                                x.by),
                    fmt::format("set the quote's consent to false, or, if {} has since agreed, "
                                "`vfi partner set {} consent.quotes=true`",
                                x.by, x.by));
                return;
            }
    }

    // One form response imported twice (in two clones, then merged) would be counted twice:
    // each but the first is named, with the same fix on every line.
    void same_response() {
        for (const auto& [key, list] : responses) {
            if (list.size() < 2) continue;
            auto sorted = list;
            std::sort(sorted.begin(), sorted.end(),
                      [](const auto& a, const auto& b) { return a.first < b.first; });
            for (std::size_t i = 1; i < sorted.size(); ++i)
                problems.push_back(Problem{
                    sorted[i].second, "source.response",
                    fmt::format("{} was imported from the same response of form {} as {}, so "
                                "it would be counted twice",
                                sorted[i].first, key.first, sorted.front().first),
                    fmt::format("remove the second copy (`vfi reflect remove {}`)",
                                sorted[i].first)});
        }
    }
};

}  // namespace

namespace {

// One partner's own rules: dates in order and not in the future, its history, training
// before being active.
void check_partner(Reporter& report, const Record& r, const Date& today) {
    Partner p = to_partner(r);
    if (p.left && p.status && !final(*p.status))
        report.add("left", fmt::format("is set but status is {}", *p.status),
                   "remove `left`, or set the status to alumni or withdrawn");
    report.order("joined", p.joined, "left", p.left);
    report.not_future("joined", p.joined, today);
    report.not_future("left", p.left, today);
    report.not_future("training.completed", p.training_completed, today);
    report.not_future("consent.data", field_date(r.doc, "consent.data"), today);
    report.history(r.kind, today);
    if (auto active = p.history.first(PartnerStatus::active);
        active && *active != Date{} && p.training_completed && *active < *p.training_completed)
        report.add("training.completed",
                   fmt::format("{} is after they became active ({})", p.training_completed->str(),
                               active->str()),
                   "a partner is active only once trained: correct the training date, "
                   "or the day they became active in their history");
    if (trained_and_in(p.status) && !p.training_completed && !p.contributor)
        report.add("status", fmt::format("is {} but training.completed is not set", *p.status),
                   "add the date training was completed under training:, or set the status "
                   "to training");
    report.forgotten(r.kind);
}

// Each expense a session claims: an amount, or miles for mileage; approved by the day.
void check_expenses(const Record& r, const Session& s, const Date& today,
                    std::vector<Problem>& problems) {
    for (std::size_t i = 0; i < s.expenses.size(); ++i) {
        const Expense& e = s.expenses[i];
        auto add = [&](std::string_view key, std::string message, std::string hint) {
            problems.push_back(Problem{expense_at(r, i, key), fmt::format("expenses.{}", key),
                                       std::move(message), std::move(hint)});
        };
        const yaml::Node& item = r.doc.find("expenses")->items[i];
        bool has_amount = item.is_map() && item.find("amount");
        bool has_miles = item.is_map() && item.find("miles");
        if (!e.kind) continue;  // the schema reports it
        if (*e.kind == ExpenseKind::mileage) {
            if (has_amount && !e.approved)
                add("amount", "mileage waiting for approval has no amount yet",
                    "remove it: the amount is worked out from the miles at payments.mileage in "
                    "vfi.yaml when the claim is approved (`vfi expense approve`)");
            if (!has_miles)
                add("kind", "this mileage claim has no miles", "add e.g. `miles: 23.5` to it");
            else if (!e.hundredths || *e.hundredths <= 0 || *e.hundredths > 10000000)
                add("miles",
                    fmt::format("'{}' is not a number of miles", field_text(item, "miles")),
                    "write the miles travelled, with at most two decimals, e.g. 23.5");
        } else {
            if (has_miles)
                add("miles", fmt::format("only mileage is claimed by the mile, not {}", *e.kind),
                    "write the amount spent as `amount:` instead, or make the kind mileage");
            if (!has_amount)
                add("kind", fmt::format("this {} expense has no amount", *e.kind),
                    "add what was spent, e.g. `amount: 12.40`");
            else if (e.pence && *e.pence <= 0)
                add("amount", "an expense is an amount spent, more than 0",
                    "write what was spent, e.g. 12.40; remove the expense if nothing was");
        }
        // Beyond any real claim: a typo, and enough of them would overflow a run's total.
        if (e.pence && *e.pence > 10000000) {
            add("amount", "an expense is at most 100000.00",
                "check the amount: write it in pounds, e.g. 12.40");
        }
        if (e.approved && today < *e.approved)
            add("approved", fmt::format("{} is in the future", e.approved->str()),
                "write the day it was approved");
        if (!e.receipt.empty() && !receipt_path(e.receipt))
            add("receipt", "a receipt is a file in receipts/, with letters, digits, . - and _",
                "add it with `vfi expense add ... --receipt FILE`, which keeps a copy there");
        // Two claims with one receipt: two clones kept receipts under one name, and a merge
        // kept one file (the other claim's receipt is gone from the tree, not from history).
        for (std::size_t j = 0; j < i && !e.receipt.empty(); ++j)
            if (s.expenses[j].receipt == e.receipt) {
                add("receipt",
                    fmt::format("{} is the receipt of claim {} of the list too", e.receipt, j + 1),
                    "each claim keeps its own receipt: find this claim's in git's history "
                    "(`git log --all -- " +
                        e.receipt +
                        "`), keep it under another name in "
                        "receipts/, and write that name here");
                break;
            }
        // The same claim twice is most often one claim entered twice (both sides of a merge
        // kept, or a copy by hand): paid twice, unless it says it is a second one.
        bool again = item.is_map() && parse_boolean(field_text(item, "again")).value_or(false);
        for (std::size_t j = 0; j < i && !again; ++j) {
            const Expense& o = s.expenses[j];
            if (o.partner == e.partner && o.kind == e.kind && o.pence == e.pence &&
                o.hundredths == e.hundredths) {
                add("again",
                    fmt::format("this claim by {} is the same as claim {} of the list: "
                                "entered twice, it is paid twice",
                                e.partner, j + 1),
                    "delete it if it is the same claim; if it is a second one, add `again: true` "
                    "to it");
                break;
            }
        }
    }
}

// One session's own rules: what each type names, and a held session or no-show in the past.
void check_session(Reporter& report, const Record& r, const Session& s, const Date& today) {
    if (s.type == SessionType::coaching && !s.partners.empty())
        report.add("partners", "a coaching session's partner is its match's",
                   "remove `partners:`, or set `type:` to what the session was");
    if (s.type == SessionType::coaching && !s.leaders.empty())
        report.add("leaders", "a coaching session's leader is its match's",
                   "remove `leaders:`; name leaders only on other involvement, such as an "
                   "action learning group");
    if (s.type == SessionType::coaching && s.match.empty())
        report.add("match", "a coaching session needs its match",
                   "add `match: M-...`, or set `type:` to what the session was");
    if (s.type && s.type != SessionType::coaching && s.partners.empty() && s.match.empty())
        report.add("partners",
                   fmt::format("a session of type {} needs the partners who took part", *s.type),
                   "add `partners: [P-..., P-...]`");
    if (was_due(s.status)) report.not_future("date", s.date, today);
    if (r.doc.find("missed") && s.status && s.status != SessionStatus::no_show)
        report.add("missed", fmt::format("is set but status is {}", *s.status),
                   "who missed it is for a no-show: remove `missed`, or make the status "
                   "no-show");
    check_expenses(r, s, today, report.problems);
}

void check_leader(Reporter& report, const Record& r, const Leader& l, const Date& today) {
    auto left = field_date(r.doc, "left");
    if (left && l.status && !final(*l.status))
        report.add("left", fmt::format("is set but status is {}", *l.status),
                   "remove `left`, or set the status to completed or withdrawn");
    report.order("enquired", l.enquired, "left", left);
    report.not_future("enquired", l.enquired, today);
    report.not_future("left", left, today);
    report.history(r.kind, today);
    report.forgotten(r.kind);
}

void check_reflection(Reporter& report, const Reflection& x, const Date& today) {
    report.not_future("date", x.date, today);
}

}  // namespace

void check_record(const Record& r, const Date& today, std::vector<Problem>& problems) {
    Reporter report{r, problems};
    switch (r.kind) {
        case Kind::partner:
            check_partner(report, r, today);
            break;
        case Kind::leader:
            check_leader(report, r, to_leader(r), today);
            break;
        case Kind::match: {
            Match m = to_match(r);
            if ((running(m.status) || m.status == MatchStatus::completed) && !m.started)
                report.add("status", fmt::format("is {} but `started` is not set", *m.status),
                           "add `started:` with the date the match began");
            if (final(m.status) && !m.ended)
                report.add("status", fmt::format("is {} but `ended` is not set", *m.status),
                           "add `ended:` with the date the match finished");
            if (holds_a_place(m.status) && m.ended)
                report.add("ended", fmt::format("is set but status is {}", *m.status),
                           "remove `ended`, or set the status to completed or ended");
            report.order("proposed", m.proposed, "started", m.started);
            report.order("started", m.started, "ended", m.ended);
            report.not_future("started", m.started, today);
            report.not_future("ended", m.ended, today);
            report.history(r.kind, today);
            break;
        }
        case Kind::session:
            check_session(report, r, to_session(r), today);
            break;
        case Kind::reflection:
            check_reflection(report, to_reflection(r), today);
            break;
        case Kind::payment:
            report.not_future("closed", field_date(r.doc, "closed"), today);
            break;
    }
}

std::vector<Problem> load_problems(const RecordStore& store) {
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
    return problems;
}

namespace {

// A person forgotten on this computer (forget keeps their kit in .vfi/forget-ID until the
// history steps are done) whose record lost its `forgotten` mark: a copy made before the
// erasure was merged back, bringing their personal data with it.
// vfi's own folders, which a command that writes needs: a link or a file where one goes is
// named now, not only when the next change refuses.
void own_folders(const RecordStore& store, std::vector<Problem>& problems) {
    for (const std::string& folder : {std::string(".vfi/tmp"), cache_folder()}) {
        try {
            Folder::open(store.root(), folder);
        } catch (const Error& e) {
            problems.push_back(Problem{e.where(), e.field(), e.message(), e.hint()});
        }
    }
}

// Where a problem with a payment run is told: the run's file, at `key` when it has one.
// A partner's declared limit names a rule vfi.yaml has (payment.limit.rule), or gives their own
// figures: not both, as which would hold is not a choice vfi should make.
void limit_problems(const Settings& settings, const Record& r, std::vector<Problem>& problems) {
    if (r.kind != Kind::partner) return;
    const yaml::Node* limit = r.doc.find("payment");
    limit = limit && limit->is_map() ? limit->find("limit") : nullptr;
    if (!limit || !limit->is_map()) return;
    const yaml::Node* rule = limit->find("rule");
    if (!rule || !rule->is_scalar() || rule->value.empty()) return;
    auto at = [&](const yaml::Node& n) { return Location{r.file, n.mark.line, n.mark.column}; };
    if (!known_limit_rule(settings, rule->value)) {
        std::vector<std::string> rules;
        for (const auto& l : settings.limits)
            if (std::find(rules.begin(), rules.end(), l.rule) == rules.end())
                rules.push_back(l.rule);
        problems.push_back(
            Problem{at(*rule), "payment.limit.rule",
                    "the rule named is not a limit in vfi.yaml (the value is confidential: not "
                    "repeated here)",
                    rules.empty() ? std::string("add its figures under payments.limits in vfi.yaml "
                                                "(see docs/format.md), or give the partner's own "
                                                "weekly_pay_up_to and weekly_hours_under instead")
                                  : fmt::format("use one of {}, or add its figures under "
                                                "payments.limits in vfi.yaml",
                                                join(rules, ", "))});
    }
    for (const char* own : {"weekly_pay_up_to", "weekly_hours_under"})
        if (const yaml::Node* n = limit->find(own))
            problems.push_back(Problem{
                at(*n), std::string("payment.limit.") + own,
                fmt::format("the limit names a rule and gives its own {} too", own),
                "keep the rule (its figures are in vfi.yaml) or the partner's own figures, not "
                "both"});
}

Problem run_problem(const Record& r, std::string field, std::string message, std::string hint) {
    const yaml::Node* n = r.doc.find(field.substr(0, field.find('.')));
    return Problem{Location{r.file, n ? n->mark.line : 1, n ? n->mark.column : 0}, std::move(field),
                   std::move(message), std::move(hint)};
}

// The same, at the run's line `i` (its `- ` item), where a line is wrong.
Problem line_problem(const Record& r, std::size_t i, std::string field, std::string message,
                     std::string hint) {
    Problem out = run_problem(r, std::move(field), std::move(message), std::move(hint));
    if (const yaml::Node* lines = r.doc.find("lines");
        lines && lines->is_sequence() && i < lines->items.size())
        out.where = Location{r.file, lines->items[i].mark.line, lines->items[i].mark.column};
    return out;
}

// Whether a partner of this id loaded (was read, and valid).
using PartnerLoaded = std::function<bool(std::string_view)>;

// One run's own sums: the total is its lines' sum, no line is there twice, no line is for a
// day after its month, no partner is unknown.
void one_run_adds_up(const PartnerLoaded& loaded, const Record& r, const PaymentRun& run,
                     std::vector<Problem>& problems) {
    const std::string redo =
        "a run is written by `vfi pay close`, never by hand: put back the "
        "file as it was committed (`git checkout -- FILE`)";
    std::set<std::tuple<std::string, std::string, PayItem>> seen;
    for (std::size_t i = 0; i < run.lines.size(); ++i) {
        const PaidLine& l = run.lines[i];
        if (!seen.insert({l.session, l.partner, l.item}).second)
            problems.push_back(line_problem(
                r, i, "lines",
                fmt::format("{} is paid twice for {} {}", l.partner, l.session, word(l.item)),
                redo));
        if (last_of_month(run.month) < l.date)
            problems.push_back(line_problem(
                r, i, "lines.date", fmt::format("{} is after the month the run pays", l.date.str()),
                redo));
        if (!loaded(l.partner))
            problems.push_back(line_problem(
                r, i, "lines.partner", fmt::format("no partner has the id '{}'", l.partner), redo));
    }
    auto total = parse_pence(field_text(r.doc, "total"));
    long sum = run_totals(run.lines).pence;
    if (total && *total != sum)
        problems.push_back(run_problem(
            r, "total",
            fmt::format("{} is not the sum of the lines ({})", money_text(*total), money_text(sum)),
            redo));
}

// The runs together: one a month, every month from the first to the last (a run deleted from
// the middle would have its month paid again), and each line paid at its rate the first time
// it is paid (what a later line adds is an adjustment, worked out from the sessions).
void payment_runs_agree(const RecordStore& store, const PartnerLoaded& loaded,
                        std::vector<Problem>& problems) {
    std::vector<std::pair<PaymentRun, const Record*>> runs;
    for (const auto& r : store.records(Kind::payment))
        runs.emplace_back(to_payment_run(r), &r);
    std::sort(runs.begin(), runs.end(), [](const auto& a, const auto& b) {
        return std::tie(a.first.month, a.first.id) < std::tie(b.first.month, b.first.id);
    });
    std::set<std::tuple<std::string, std::string, PayItem>> paid;
    for (std::size_t i = 0; i < runs.size(); ++i) {
        const auto& [run, r] = runs[i];
        one_run_adds_up(loaded, *r, run, problems);
        // Every amount is shown and added up in vfi.yaml's currency: a run paid in another is
        // never relabelled (nor added to this one's).
        if (std::string paid_in = field_text(r->doc, "currency");
            !paid_in.empty() && paid_in != store.settings().currency)
            problems.push_back(run_problem(
                *r, "currency",
                fmt::format("this run was paid in {}, and vfi.yaml's payments.currency is now "
                            "{}: its amounts would be shown and added up as {}",
                            paid_in, store.settings().currency, store.settings().currency),
                fmt::format("set payments.currency in vfi.yaml back to {}; a programme's runs "
                            "are all in one currency",
                            paid_in)));
        std::string month = run.month.month_str();
        if (i > 0 && runs[i - 1].first.month == run.month)
            problems.push_back(run_problem(
                *r, "month",
                fmt::format("{} has two payment runs, {} and {}: it would be paid twice (closed "
                            "in two copies of the data, and both merged)",
                            month, runs[i - 1].first.id, run.id),
                "keep the run finance paid from and remove the other with `git rm`; what only "
                "the other paid is then paid in the next run"));
        else if (i > 0 && runs[i - 1].first.month != previous_month(run.month))
            problems.push_back(run_problem(
                *r, "month",
                fmt::format("the run for {} is missing (there are runs before and after it): "
                            "its sessions would be paid again",
                            previous_month(run.month).month_str()),
                "if its run was deleted, put it back from git (`git log --diff-filter=D -- "
                "payments/` finds it); if none was ever closed (two copies of the data closed "
                "different months and were merged), remove the later runs with `git rm` and "
                "close the months in order"));
        for (std::size_t j = 0; j < run.lines.size(); ++j) {
            const PaidLine& l = run.lines[j];
            if (!paid.insert({l.session, l.partner, l.item}).second) continue;
            if (l.item == PayItem::expenses) continue;  // an amount spent, at no rate
            long at_rate = l.minutes ? pay_for_minutes(l.minutes, l.rate) : l.rate;
            if (l.pence != at_rate)
                problems.push_back(line_problem(
                    *r, j, "lines.amount",
                    fmt::format("{} for {} {} is not its rate ({}{})", money_text(l.pence),
                                l.session, word(l.item), money_text(l.rate),
                                l.minutes ? fmt::format(" an hour for {} minutes", l.minutes)
                                          : std::string(" a session")),
                    "a run is written by `vfi pay close`, never by hand: put back the file as "
                    "it was committed (`git checkout -- FILE`)"));
        }
    }
}

// The payment run files a `git log --diff-filter=<filter>` of HEAD names, each with the commit
// that did it: the newest, or the oldest. History alone: kept for HEAD's commit.
std::map<std::string, std::string> payment_log(const RecordStore& store, const std::string& filter,
                                               bool oldest) {
    std::string log = store.kept_for_head("payments-" + filter, [&](const std::string& head) {
        std::vector<std::string> args{
            "git",        "log", "--diff-filter=" + filter, "--relative", "--format=commit %h",
            "--name-only"};
        if (!head.empty()) args.push_back(head);
        args.insert(args.end(), {"--", "payments/"});
        auto r = run_process(args, store.root());
        return r.status == 0 ? r.out : std::string();
    });
    std::map<std::string, std::string> out;
    std::string commit;
    for (const auto& line : split_exact(log, '\n')) {
        if (starts_with(line, "commit "))
            commit = line.substr(7);
        else if (!line.empty() && !commit.empty() && (oldest || !out.count(line)))
            out[line] = commit;
    }
    return out;
}

// A closed run changed since `vfi pay close` wrote it, by a commit or in the working tree:
// finance paid what it said then, so every later run would be worked out from a false record
// (a line taken out is paid again). A change that keeps the sums consistent passes every
// other rule, so git's history is asked. Not in git, or in a shallow clone that lacks the
// commit, nothing can be told.
void runs_unchanged(const RecordStore& store, std::vector<Problem>& problems) {
    if (store.records(Kind::payment).empty() || !store.git()) return;
    std::map<std::string, std::string> changed;  // file -> how
    for (const auto& [file, commit] : payment_log(store, "M", false))
        changed.emplace(file, fmt::format("by commit {}", commit));
    if (store.work_tree().uncommitted) {
        auto now = run_process({"git", "diff", "HEAD", "--relative", "--name-only",
                                "--diff-filter=M", "--", "payments/"},
                               store.root());
        if (now.status == 0)
            for (const auto& line : split_exact(now.out, '\n'))
                if (!line.empty()) changed[line] = "in the working tree, not yet committed";
    }
    if (changed.empty()) return;
    // Changed, and put back since: what matters is whether it is now as it was closed.
    std::map<std::string, std::string> added = payment_log(store, "A", true);
    for (const auto& r : store.records(Kind::payment)) {
        auto it = changed.find(r.file);
        if (it == changed.end()) continue;
        if (auto a = added.find(r.file); a != added.end()) {
            auto was = run_process({"git", "show", a->second + ":./" + r.file}, store.root());
            std::string now;
            try {
                now = read_data_file(store.root(), r.file);
            } catch (const Error&) {
                continue;  // unreadable: reported as such
            }
            if (was.status == 0 && was.out == now) continue;
        }
        problems.push_back(Problem{
            Location{r.file, 1, 0}, "",
            fmt::format("this payment run was changed after it was closed ({}): finance paid "
                        "what it said then",
                        it->second),
            it->second.starts_with("by commit")
                ? fmt::format("a run is written by `vfi pay close`, never by hand: put it back "
                              "as it was closed (`git checkout {}^ -- {}`, then commit)",
                              it->second.substr(10), r.file)
                : fmt::format("a run is written by `vfi pay close`, never by hand: put it back "
                              "with `git checkout -- {}`",
                              r.file)});
    }
}

// A person whose forget is in history (`partner: forget P-…`, in every clone) whose record is
// no longer marked forgotten: a copy from before it was brought back (a revert, a merge that
// kept the old side), with their personal data.
// Whether the record of `id` is marked forgotten, with its file: from the store when it kept
// the record, else read again (the streamed kinds' records are not kept). Nothing when there
// is no such record, or it does not parse (reported as such).
std::optional<std::pair<std::string, bool>> marked_forgotten(const RecordStore& store, Kind kind,
                                                             const std::string& id) {
    if (const Record* r = store.find(id))
        return std::pair{r->file, r->doc.find("forgotten") != nullptr};
    std::string file = record_path(kind, id);
    auto text = store.read_other(file);
    if (!text) return std::nullopt;
    try {
        return std::pair{file, yaml::parse(*text, file).find("forgotten") != nullptr};
    } catch (const Error&) {
        return std::nullopt;
    }
}

void brought_back(const RecordStore& store, std::vector<Problem>& problems) {
    if (!looks_like_git_work_tree(store.root())) return;
    for (const auto& [kind, id] : store.forgotten_in_history()) {
        auto marked = marked_forgotten(store, kind, id);
        if (!marked || marked->second) continue;
        const std::string& file = marked->first;
        if (std::any_of(problems.begin(), problems.end(), [&](const Problem& p) {
                return p.where.file == file && p.field == "forgotten";
            }))
            continue;  // told already, from this computer's own steps
        problems.push_back(Problem{
            Location{file, 1, 0}, "forgotten",
            fmt::format("{} was forgotten (a commit `{}: forget {}` is in the history), but the "
                        "record is no longer marked forgotten: a copy from before the erasure "
                        "was brought back, with their personal data",
                        id, kind_name(kind), id),
            fmt::format("run `vfi {} forget {}` again, and follow the history steps it prints",
                        kind_command(kind), id)});
    }
}

void forgotten_again(const RecordStore& store, std::vector<Problem>& problems) {
    std::optional<Folder> vfi;
    try {
        vfi = Folder::open(store.root(), ".vfi");
    } catch (const Error&) {
        return;
    }
    if (!vfi) return;
    for (const auto& [name, type] : vfi->entries()) {
        if (type != EntryType::folder || !starts_with(name, "forget-")) continue;
        std::string id = name.substr(7);
        auto kind = kind_of_id(id);
        if (!kind || !valid_id(id, *kind)) continue;
        std::string file = record_path(*kind, id);
        bool marked = false;
        if (const Record* r = store.find(id)) {
            marked = r->doc.find("forgotten") != nullptr;
        } else {
            try {
                marked = yaml::parse(read_data_file(store.root(), file), file).find("forgotten");
            } catch (const Error&) {
                continue;  // gone, or unreadable: reported as such
            }
        }
        if (!marked)
            problems.push_back(Problem{
                Location{file, 1, 0}, "forgotten",
                fmt::format("{} was forgotten on this computer (the steps are in .vfi/{}), but "
                            "the record is no longer marked forgotten: a copy made before the "
                            "erasure may have been merged back, with their personal data",
                            id, name),
                fmt::format("run `vfi {} forget {}` again, follow the history steps it prints, "
                            "and make sure everyone deletes their old copy and clones afresh",
                            kind_command(*kind), id)});
    }
}

// A form's start: what it is a form of (its tag, with the layout's version), and the day the
// record's own rules found nothing wrong with it. Those rules stay clean on any later day (the
// one rule that depends on the day is "not in the future"), under the same vfi.yaml (the cache
// keeps a form only under the one it was made under).
void put_form_start(std::string& out, std::string_view tag, const Date& checked) {
    bytes::put_text(out, tag);
    bytes::put_number(out, static_cast<unsigned long long>(checked.days()));
}

// Whether a form is `tag`'s and its record's own rules found nothing on a day not after today.
bool form_serves(bytes::Reader& in, std::string_view tag, const Date& today) {
    if (in.text() != tag) return false;
    auto checked = static_cast<long>(in.number());
    return in.ok && checked <= today.days();
}

void put_spot(std::string& out, Spot at) {
    bytes::put_number(out, static_cast<unsigned long long>(at.line));
    bytes::put_number(out, static_cast<unsigned long long>(at.column));
}

Spot get_spot(bytes::Reader& in) {
    auto line = static_cast<int>(in.number());
    return Spot{line, static_cast<int>(in.number())};
}

void put_place(std::string& out, const Location& at) {
    put_spot(out, Spot{at.line, at.column});
}

Location get_place(bytes::Reader& in, std::string_view file) {
    Spot at = get_spot(in);
    return Location{std::string(file), at.line, at.column};
}

// The form a session is kept in the cache in: the session, and where its date is.
constexpr std::string_view session_form_tag = "session1";

std::string session_form(const Session& s, const Location& date_at, const Date& checked) {
    std::string out;
    put_form_start(out, session_form_tag, checked);
    put_place(out, date_at);
    put_session(out, s);
    return out;
}

// Sessions read for `check_data`: each checked by its own rules (unless its form in the cache
// says they found nothing on a day not after today) and its links, then handed on.
TypedStream session_stream(Links& links, std::vector<Problem>& own, const Date& today,
                           const CheckStream& stream) {
    TypedStream typed;
    typed.record = [&](const Record& r) -> std::optional<std::string> {
        Session s = to_session(r);
        std::size_t before = own.size();
        Reporter report{r, own};
        check_session(report, r, s, today);
        links.session(r, s);
        std::optional<std::string> form;
        if (own.size() == before) form = session_form(s, date_of(r), today);
        stream.session(std::move(s));
        return form;
    };
    typed.kept = [&](const KeptRecord& k) {
        bytes::Reader in{k.form};
        if (!form_serves(in, session_form_tag, today)) return false;
        Location date_at = get_place(in, k.file);
        Session s;
        if (!get_session(in, s) || !in.done()) return false;
        links.session(RecordRef(k), s, &date_at);
        stream.session(std::move(s));
        return true;
    };
    typed.expect = [&](std::size_t n) {
        links.held.reserve(links.held.size() + n);  // most sessions are held: room made once
        if (stream.expect) stream.expect(Kind::session, n);
    };
    return typed;
}

// A leader's form: the leader, and their status as written and where it is.
constexpr std::string_view leader_form_tag = "leader1";

TypedStream leader_stream(Links& links, std::vector<Problem>& own, const Date& today,
                          const CheckStream& stream) {
    TypedStream typed;
    typed.record = [&](const Record& r) -> std::optional<std::string> {
        Leader l = to_leader(r);
        std::size_t before = own.size();
        Reporter report{r, own};
        check_leader(report, r, l, today);
        links.leader(r);
        std::optional<std::string> form;
        if (own.size() == before) {
            const yaml::Node* n = field_node(r.doc, "status");
            form.emplace();
            put_form_start(*form, leader_form_tag, today);
            bytes::put_text(*form, field_text(r.doc, "status"));
            put_place(*form, Location{r.file, n ? n->mark.line : 1, n ? n->mark.column : 0});
            put_leader(*form, l);
        }
        stream.leader(std::move(l));
        return form;
    };
    typed.kept = [&](const KeptRecord& k) {
        bytes::Reader in{k.form};
        if (!form_serves(in, leader_form_tag, today)) return false;
        std::string status(in.text());
        Location status_at = get_place(in, k.file);
        Leader l;
        if (!get_leader(in, l) || !in.done()) return false;
        links.leader(k.id, status, status_at);
        stream.leader(std::move(l));
        return true;
    };
    if (stream.expect) typed.expect = [&](std::size_t n) { stream.expect(Kind::leader, n); };
    return typed;
}

// A reflection's form: the reflection, and the response it was imported from. (2: with what is
// changing, how and why, and the scores, for the Learning Report; a form of 1 is not served.)
constexpr std::string_view reflection_form_tag = "reflection2";

std::string reflection_form(const Reflection& x, const std::optional<Response>& response,
                            const Date& checked) {
    std::string out;
    put_form_start(out, reflection_form_tag, checked);
    out += response ? '\1' : '\0';
    if (response) {
        bytes::put_text(out, response->form);
        bytes::put_text(out, response->response);
        put_place(out, response->at);
    }
    put_reflection(out, x);
    return out;
}

TypedStream reflection_stream(Links& links, std::vector<Problem>& own, const Date& today,
                              const CheckStream& stream) {
    TypedStream typed;
    typed.record = [&](const Record& r) -> std::optional<std::string> {
        Reflection x = to_reflection(r);
        std::size_t before = own.size();
        Reporter report{r, own};
        check_reflection(report, x, today);
        auto response = response_of(r);
        links.reflection(r, x, response);
        std::optional<std::string> form;
        if (own.size() == before) form = reflection_form(x, response, today);
        stream.reflection(std::move(x));
        return form;
    };
    typed.kept = [&](const KeptRecord& k) {
        bytes::Reader in{k.form};
        if (!form_serves(in, reflection_form_tag, today)) return false;
        std::optional<Response> response;
        auto imported = in.number();
        if (imported == 1) {
            response.emplace();
            response->form = in.text();
            response->response = in.text();
            response->at = get_place(in, k.file);
        }
        Reflection x;
        if (imported > 1 || !get_reflection(in, x) || !in.done()) return false;
        links.reflection(RecordRef(k), x, response);
        stream.reflection(std::move(x));
        return true;
    };
    if (stream.expect) typed.expect = [&](std::size_t n) { stream.expect(Kind::reflection, n); };
    return typed;
}

// A partner's form: the partner, their status as written, and where their capacity and
// conflicts are (the link rules' problems about a partner are at those).
constexpr std::string_view partner_form_tag = "partner2";

TypedStream partner_stream(LinkIndex& index, std::vector<Problem>& own, const Date& today,
                           const Settings& settings) {
    TypedStream typed;
    typed.record = [&](const Record& r) -> std::optional<std::string> {
        std::size_t before = own.size();
        check_record(r, today, own);
        limit_problems(settings, r, own);
        index.partners.push_back(linked_partner(r, to_partner(r)));
        if (own.size() != before) return std::nullopt;
        const LinkedPartner& p = index.partners.back();
        std::string form;
        put_form_start(form, partner_form_tag, today);
        bytes::put_text(form, p.status);
        put_spot(form, p.capacity);
        put_spot(form, p.conflicts);
        put_partner(form, p.partner);
        return form;
    };
    typed.kept = [&](const KeptRecord& k) {
        bytes::Reader in{k.form};
        if (!form_serves(in, partner_form_tag, today)) return false;
        LinkedPartner p{{}, std::string(in.text()), std::string(k.file), {}, {}};
        p.capacity = get_spot(in);
        p.conflicts = get_spot(in);
        if (!get_partner(in, p.partner) || !in.done()) return false;
        index.partners.push_back(std::move(p));
        return true;
    };
    typed.expect = [&](std::size_t n) { index.partners.reserve(index.partners.size() + n); };
    return typed;
}

// A match's form: the match, its status as written, and where its partner, leader and status
// are.
constexpr std::string_view match_form_tag = "match1";

TypedStream match_stream(LinkIndex& index, std::vector<Problem>& own, const Date& today) {
    TypedStream typed;
    typed.record = [&](const Record& r) -> std::optional<std::string> {
        std::size_t before = own.size();
        check_record(r, today, own);
        index.matches.push_back(linked_match(r, to_match(r)));
        if (own.size() != before) return std::nullopt;
        const LinkedMatch& m = index.matches.back();
        std::string form;
        put_form_start(form, match_form_tag, today);
        bytes::put_text(form, m.status);
        for (Spot at : {m.partner, m.leader, m.status_at})
            put_spot(form, at);
        put_match(form, m.match);
        return form;
    };
    typed.kept = [&](const KeptRecord& k) {
        bytes::Reader in{k.form};
        if (!form_serves(in, match_form_tag, today)) return false;
        LinkedMatch m{{}, std::string(in.text()), std::string(k.file), {}, {}, {}};
        for (Spot* at : {&m.partner, &m.leader, &m.status_at})
            *at = get_spot(in);
        if (!get_match(in, m.match) || !in.done()) return false;
        index.matches.push_back(std::move(m));
        return true;
    };
    typed.expect = [&](std::size_t n) { index.matches.reserve(index.matches.size() + n); };
    return typed;
}

}  // namespace

std::vector<Problem> check_data(RecordStore& store, const Date& today, const CheckStream* stream) {
    bool stream_reflections = stream && stream->reflection;
    bool stream_leaders = stream && stream->leader;
    bool stream_sessions = stream && stream->session;
    bool stream_partners = stream && stream->partner && stream->match;
    // Payment runs are few (one a month) and the payments report reads them whole.
    std::vector<Kind> kept = {Kind::payment};
    if (!stream_partners) kept.insert(kept.end(), {Kind::partner, Kind::match});
    if (!stream_leaders) kept.push_back(Kind::leader);
    if (!stream_sessions) kept.push_back(Kind::session);
    if (!stream_reflections) kept.push_back(Kind::reflection);
    // Every folder listed first, read after: git, asked beside, answers meanwhile, before the
    // first read needs it (to tell whether vfi's cache can be trusted).
    store.ask_git();
    store.list_ahead(all_kinds);
    Ids files;
    for (Kind k : all_kinds)
        files.add(k, store.ids(k));
    store.load(kept);
    std::vector<Problem> own, between;
    LinkIndex index = LinkIndex::of(View(store));
    // Partners and matches typed, in the form the cache keeps, each checked by its own rules
    // as it is read (unless its form says they found nothing), never held as trees.
    if (stream_partners) {
        store.stream(Kind::partner, partner_stream(index, own, today, store.settings()));
        store.stream(Kind::match, match_stream(index, own, today));
        index.sort();
    }
    Links links{index, between, files};
    for (const auto& r : store.records(Kind::leader))
        links.leader(r);
    if (stream_leaders) store.stream(Kind::leader, leader_stream(links, own, today, *stream));
    // Each record's own rules on a second core while this one checks the links between them.
    Beside own_rules([&] {
        for (Kind k : kept)
            for (const auto& r : store.records(k))
                check_record(r, today, own);
        for (const auto& r : store.records(Kind::partner))
            limit_problems(store.settings(), r, own);
    });
    links.receipts.emplace();
    for (auto& name : store.file_names("receipts"))
        links.receipts->insert(std::move(name));
    links.run();
    for (const auto& r : store.records(Kind::session))
        links.session(r);
    for (const auto& r : store.records(Kind::reflection))
        links.reflection(r);
    own_rules.join();
    // The largest kinds a chunk at a time: each record checked while its tree is at hand, then
    // handed on in the form the command keeps.
    if (stream_sessions) store.stream(Kind::session, session_stream(links, own, today, *stream));
    links.same_day();
    if (stream_reflections)
        store.stream(Kind::reflection, reflection_stream(links, own, today, *stream));
    links.same_response();
    std::vector<Problem> problems = load_problems(store);
    payment_runs_agree(
        store, [&](std::string_view id) { return index.partner(id) != nullptr; }, problems);
    // What is on this computer now, and what history says since: nothing a commit holds.
    if (!store.as_of()) {
        own_folders(store, problems);
        forgotten_again(store, problems);
        runs_unchanged(store, problems);
    }
    brought_back(store, problems);
    problems.insert(problems.end(), own.begin(), own.end());
    problems.insert(problems.end(), between.begin(), between.end());
    std::stable_sort(problems.begin(), problems.end(), [](const Problem& a, const Problem& b) {
        return std::tie(a.where.file, a.where.line, a.where.column) <
               std::tie(b.where.file, b.where.line, b.where.column);
    });
    if (stream_partners) {  // handed on sorted by id, as the store keeps records
        if (stream->expect) stream->expect(Kind::partner, index.partners.size());
        for (auto& p : index.partners)
            stream->partner(std::move(p.partner));
        if (stream->expect) stream->expect(Kind::match, index.matches.size());
        for (auto& m : index.matches)
            stream->match(std::move(m.match));
    }
    return problems;
}

void keep_partners_in(CheckStream& stream, std::vector<Partner>& partners,
                      std::vector<Match>& matches) {
    stream.partner = [&](Partner&& p) { partners.push_back(std::move(p)); };
    stream.match = [&](Match&& m) { matches.push_back(std::move(m)); };
    auto before = stream.expect;
    stream.expect = [&, before](Kind kind, std::size_t n) {
        if (kind == Kind::partner) partners.reserve(partners.size() + n);
        if (kind == Kind::match) matches.reserve(matches.size() + n);
        if (before) before(kind, n);
    };
}

CheckStream keep_in(std::vector<Leader>& leaders, std::vector<Session>& sessions,
                    std::vector<Reflection>* reflections) {
    CheckStream stream;
    stream.leader = [&](Leader&& l) { leaders.push_back(std::move(l)); };
    stream.session = [&](Session&& s) { sessions.push_back(std::move(s)); };
    if (reflections)
        stream.reflection = [reflections](Reflection&& x) { reflections->push_back(std::move(x)); };
    stream.expect = [&, reflections](Kind kind, std::size_t n) {
        if (kind == Kind::session) sessions.reserve(sessions.size() + n);
        if (kind == Kind::leader) leaders.reserve(leaders.size() + n);
        if (kind == Kind::reflection && reflections) reflections->reserve(reflections->size() + n);
    };
    return stream;
}

std::vector<Problem> check_programme(RecordStore& store, const Date& today) {
    CheckStream stream;
    stream.leader = [](Leader&&) {};
    stream.session = [](Session&&) {};
    stream.reflection = [](Reflection&&) {};
    stream.partner = [](Partner&&) {};
    stream.match = [](Match&&) {};
    auto problems = check_data(store, today, &stream);
    // A record git ignores is never committed, nor shared: `git status` says nothing of it.
    if (!store.as_of())
        for (const auto& file : store.work_tree().ignored_records)
            problems.push_back(Problem{
                Location{file, 0, 0},
                {},
                "git ignores this file (a pattern in a .gitignore matches it), so it is never "
                "committed or shared",
                fmt::format("find the pattern with `git check-ignore -v {}` and change it, then "
                            "commit the file",
                            file)});
    return problems;
}

namespace {

// The link problems over `view`, keyed for comparing before and after a change.
std::vector<Problem> links_over(const View& view, const Ids& files) {
    std::vector<Problem> found;
    LinkIndex index = LinkIndex::of(view);
    Links links{index, found, files};
    for (const Record* r : view.records(Kind::leader))
        links.leader(*r);
    links.run();
    for (const Record* r : view.records(Kind::session))
        links.session(*r);
    links.same_day();
    for (const Record* r : view.records(Kind::reflection))
        links.reflection(*r);
    // Between records, a problem is a programme rule the change would break, unless a record
    // it names is missing.
    for (auto& p : found)
        if (p.code == ExitCode::bad_data) p.code = ExitCode::refused;
    return found;
}

// The kinds whose links a change needs loaded: matches always; partners when a partner or
// match is written (capacity, a running match's partner), leaders when a leader or match is;
// sessions when a match's start moves (a session may then be before it); everything when a
// record goes. Other kinds are known by their ids alone.
std::vector<Kind> kinds_for_links(RecordStore& store, const std::vector<Record>& puts,
                                  bool removes) {
    if (removes) return {all_kinds.begin(), all_kinds.end()};
    store.load({Kind::match});
    std::set<Kind> kinds = {Kind::match};
    for (const auto& r : puts) {
        // A reflection needs its partner: their consent to be quoted.
        if (r.kind == Kind::partner || r.kind == Kind::match || r.kind == Kind::reflection)
            kinds.insert(Kind::partner);
        if (r.kind == Kind::leader || r.kind == Kind::match) kinds.insert(Kind::leader);
        // A held session is not one already logged that day, and the partners it names were in
        // the programme on its day.
        if (r.kind == Kind::session) {
            kinds.insert(Kind::session);
            if (r.doc.find("partners")) kinds.insert(Kind::partner);
        }
        if (r.kind != Kind::match) continue;
        const Record* old = store.find(r.id);
        // Held sessions fall between a match's start and its end.
        if (old && (field_text(old->doc, "started") != field_text(r.doc, "started") ||
                    field_text(old->doc, "ended") != field_text(r.doc, "ended")))
            kinds.insert(Kind::session);
    }
    return {kinds.begin(), kinds.end()};
}

// The ids a record names in the fields that refer to other records, with the field.
std::vector<std::pair<std::string_view, std::string>> references(const Record& r) {
    std::vector<std::pair<std::string_view, std::string>> out;
    for (const auto& f : fields_of(r.kind)) {
        bool refers = (f.type == FieldType::id && f.key != "id") || f.type == FieldType::ids ||
                      f.type == FieldType::person || f.type == FieldType::subject ||
                      f.key == "conflicts";
        if (!refers) continue;
        for (auto& value : field_list(r.doc, f.key))
            if (kind_of_id(value)) out.emplace_back(f.key, std::move(value));
    }
    return out;
}

bool ends_with_yaml(std::string_view file) {
    return file.size() > 5 && file.substr(file.size() - 5) == ".yaml";
}

// A record whose links cannot be checked because one they hang on did not load (it has a
// problem of its own: an unclosed quote a colleague left): a record the change names, or,
// when a record goes, any record that might name it. Fixed first, or the change would leave
// what check reports once the broken file is mended.
void unchecked_links(const RecordStore& store, const std::vector<Record>& puts,
                     const std::vector<std::pair<Kind, std::string>>& removes,
                     std::vector<Problem>& problems) {
    std::set<std::string, std::less<>> broken;
    for (const auto& p : store.problems())
        broken.insert(p.where.file);
    auto refuse = [&](Kind kind, const std::string& id) {
        Error e = store.fails_check(kind, id);
        problems.push_back(Problem{e.where(), e.field(), e.message(), e.hint(), e.code()});
    };
    std::set<std::string, std::less<>> refused;
    auto refuse_file = [&](const std::string& file) {
        auto slash = file.find('/');
        if (slash == std::string::npos || !ends_with_yaml(file)) return;
        std::string id = file.substr(slash + 1, file.size() - slash - 6);
        auto kind = kind_of_id(id);
        if (kind && record_path(*kind, id) == file && refused.insert(file).second)
            refuse(*kind, id);
    };
    // The ids the change writes or names, in lower case.
    std::set<std::string, std::less<>> touched, written;
    for (const auto& r : puts) {
        written.insert(r.file);
        touched.insert(lower(r.id));
        for (const auto& [key, value] : references(r)) {
            touched.insert(lower(value));
            Kind kind = *kind_of_id(value);
            if (broken.count(record_path(kind, value))) refuse_file(record_path(kind, value));
        }
    }
    for (const auto& [kind, id] : removes)
        touched.insert(lower(id));
    // A broken record whose text names one of them (the partner of a match whose file has an
    // unclosed quote) may be linked to it: vfi cannot tell how until it is fixed.
    for (const auto& file : broken) {
        if (written.count(file)) continue;  // being written whole: its own checks apply
        std::string text;
        try {
            text = lower(read_data_file(store.root(), file));
        } catch (const Error&) {
            continue;  // a link, a FIFO: named by check, and never one vfi reads
        }
        for (const auto& id : touched)
            if (text.find(id) != std::string::npos) refuse_file(file);
    }
    if (removes.empty()) return;
    for (const auto& file : broken)
        refuse_file(file);
}

}  // namespace

void missing_references(const Record& record, const std::function<bool(std::string_view)>& exists,
                        std::vector<Problem>& problems) {
    for (const auto& [key, value] : references(record))
        if (!exists(value))
            problems.push_back(Problem{
                Location{record.file, 0, 0}, std::string(key),
                fmt::format("{} does not exist", value),
                fmt::format("check the id with `vfi {} list`", kind_command(*kind_of_id(value))),
                ExitCode::not_found});
}

ChangeProblems change_problems(RecordStore& store, const std::vector<Record>& puts,
                               const std::vector<std::pair<Kind, std::string>>& removes,
                               const Date& today) {
    ChangeProblems found;
    std::vector<Problem>& problems = found.own;
    for (const auto& r : puts) {
        std::size_t before = problems.size();
        validate_record(r.kind, r.doc, r.file, r.id, store.settings().vocabularies, problems);
        if (problems.size() == before) check_record(r, today, problems);
        if (problems.size() == before) limit_problems(store.settings(), r, problems);
    }
    if (!problems.empty()) return found;
    store.load(kinds_for_links(store, puts, !removes.empty()));
    // The ids that may be named: of the kinds loaded, and of the kinds the records written
    // name (a reflection about a session), without listing a large folder for nothing.
    std::set<Kind> named = {Kind::partner, Kind::leader, Kind::match};
    if (!store.records(Kind::reflection).empty() || !removes.empty()) named.insert(Kind::session);
    for (const auto& r : puts)
        for (const auto& [key, value] : references(r))
            named.insert(*kind_of_id(value));
    Ids files;
    for (Kind k : named)
        files.add(k, store.ids(k));
    View before(store);
    std::set<std::pair<std::string, std::string>> known;
    for (const auto& p : links_over(before, files))
        known.emplace(p.where.file, p.field);
    for (const auto& [kind, id] : removes)
        files.erase(id);
    for (const auto& r : puts)
        files.insert(r.id);
    // What a record written names must be there: told as a value typed in is.
    for (const auto& r : puts)
        missing_references(
            r, [&](std::string_view id) { return files.count(id) != 0; }, problems);
    if (!problems.empty()) return found;
    unchecked_links(store, puts, removes, problems);
    if (!problems.empty()) return found;
    for (auto& p : links_over(View(before, puts, removes), files))
        if (known.count({p.where.file, p.field}) == 0) found.links.push_back(std::move(p));
    return found;
}

void require_consistent(Kind kind, const std::string& id, const yaml::Node& doc,
                        const Date& today) {
    Record r{kind, id, record_path(kind, id), doc};
    std::vector<Problem> problems;
    check_record(r, today, problems);
    if (!problems.empty()) {
        const auto& p = problems.front();
        throw Error(ExitCode::bad_data, {}, p.field, p.message, p.hint);
    }
}

CheckedText check_record_text(Kind kind, const std::string& id, const std::string& file,
                              const std::string& text, const Vocabularies& vocabularies,
                              const Date& today) {
    CheckedText out;
    try {
        out.doc = yaml::parse(text, file);
        validate_record(kind, out.doc, file, id, vocabularies, out.problems);
        if (out.problems.empty())
            check_record(Record{kind, id, file, out.doc}, today, out.problems);
    } catch (const Error& e) {
        out.problems.push_back(Problem{e.where(), e.field(), e.message(), e.hint()});
    }
    return out;
}

std::vector<std::string> records_naming(RecordStore& store, std::string_view id) {
    store.load({all_kinds.begin(), all_kinds.end()});
    std::vector<std::string> out;
    for (Kind kind : all_kinds)
        for (const auto& r : store.records(kind))
            for (const auto& [key, value] : references(r))
                if (value == id && r.id != id) {
                    out.push_back(r.id);
                    break;
                }
    // A payment run names the partners it paid (finance paid them: they stay); the sessions
    // it paid may go, and the next run takes back what they were paid.
    for (const auto& r : store.records(Kind::payment)) {
        PaymentRun run = to_payment_run(r);
        if (std::any_of(run.lines.begin(), run.lines.end(),
                        [&](const PaidLine& l) { return l.partner == id; }))
            out.push_back(r.id);
    }
    return out;
}

void refuse_removing_what_is_named(RecordStore& store, Kind kind, const std::string& id) {
    // A running match holds its partner's place and its leader: it ends, it does not vanish.
    if (const Record* r = store.find(id); r && kind == Kind::match) {
        Match m = to_match(*r);
        if (running(m.status))
            throw Error(ExitCode::refused, fmt::format("{} is {}", id, *m.status),
                        fmt::format("end it first (`vfi match end {} --category CATEGORY`); a "
                                    "match that never happened can then be removed",
                                    id));
    }
    // A session's expense claims are money someone spent: they never vanish with a duplicate.
    if (const Record* r = store.find(id); r && kind == Kind::session) {
        Session s = to_session(*r);
        if (!s.expenses.empty())
            throw Error(
                ExitCode::refused,
                fmt::format("{} holds {} ({})", id, counted(s.expenses.size(), "expense claim"),
                            join(
                                [&] {
                                    std::vector<std::string> who;
                                    for (const auto& e : s.expenses)
                                        who.push_back(e.partner);
                                    return who;
                                }(),
                                ", ")),
                fmt::format("move the claims to the session that stays (`vfi session edit "
                            "{}`, then the other), or delete them there if they were "
                            "never spent; then remove it",
                            id));
    }
    std::vector<std::string> users = records_naming(store, id);
    if (users.empty()) return;
    std::string command(kind_command(kind));
    std::string instead;
    switch (kind) {
        case Kind::partner:
        case Kind::leader:
            instead = fmt::format(
                "use `vfi {0} status {1} withdrawn` when they leave, or `vfi {0} "
                "forget {1}` to erase their personal data",
                command, id);
            break;
        case Kind::match:
            instead = fmt::format(
                "end it instead (`vfi match end {} --category CATEGORY`), or "
                "correct it with `vfi match set`",
                id);
            break;
        case Kind::session:
            instead = fmt::format(
                "correct it with `vfi session set {}`, or first change what names it", id);
            break;
        case Kind::reflection:
        case Kind::payment:
            instead = "first change what names it";
            break;
    }
    throw Error(ExitCode::refused,
                fmt::format("{} is referred to by {}", id, fmt::join(users, ", ")),
                "records that others refer to are kept so history stays true: " + instead);
}

}  // namespace vfi
