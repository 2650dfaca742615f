// forget: what a forgotten person's records keep, what stops forget, and the plan of changes.
// The searches for their name and the git history kit are in forget_search.cpp.
#include "vfi/ops/forget.hpp"

#include <algorithm>
#include <filesystem>
#include <map>
#include <set>

#include <fmt/format.h>

#include "vfi/base/fold.hpp"
#include "vfi/base/text.hpp"
#include "vfi/model/records.hpp"
#include "vfi/ops/check.hpp"
#include "vfi/store/files.hpp"

namespace vfi {
namespace {

enum class Keep { no, whole, parts };

// How the dotted `key` is kept: whole, as a group of some of its parts, or not at all.
Keep how_kept(const std::vector<std::string>& kept, const std::string& key) {
    Keep how = Keep::no;
    for (const auto& k : kept) {
        if (k == key) return Keep::whole;
        if (k.size() > key.size() && starts_with(k, key) && k[key.size()] == '.') how = Keep::parts;
    }
    return how;
}

// Copies into `to` what `kept` keeps of the map `from`; names what it leaves in `dropped`.
// A history keeps each step's day and status, and nothing written beside them.
void keep_steps(yaml::Node& history, std::vector<std::string>& dropped) {
    for (auto& step : history.items)
        std::erase_if(step.entries, [&](const yaml::Entry& e) {
            bool other = e.key != "date" && e.key != "status";
            if (other) dropped.push_back("history." + e.key);
            return other;
        });
}

// A session's expenses are what was paid back, kept as payment runs are; only a claim's note
// (free text) goes.
void keep_claims(yaml::Node& expenses, std::vector<std::string>& dropped) {
    static const std::vector<std::string> kept = {"partner", "kind",    "amount",
                                                  "miles",   "receipt", "approved"};
    for (auto& claim : expenses.items)
        std::erase_if(claim.entries, [&](const yaml::Entry& e) {
            bool other = std::find(kept.begin(), kept.end(), e.key) == kept.end();
            if (other) dropped.push_back("expenses." + e.key);
            return other;
        });
}

void keep_entries(const std::vector<std::string>& kept, const yaml::Node& from, yaml::Node& to,
                  const std::string& prefix, std::vector<std::string>& dropped) {
    for (const auto& e : from.entries) {
        std::string key = prefix + e.key;
        switch (how_kept(kept, key)) {
            case Keep::whole:
                to.entries.push_back(e);
                if (key == "history") keep_steps(to.entries.back().value, dropped);
                if (key == "expenses" && to.entries.back().value.is_sequence())
                    keep_claims(to.entries.back().value, dropped);
                break;
            case Keep::parts: {
                if (!e.value.is_map()) {
                    dropped.push_back(key);
                    break;
                }
                yaml::Node part = yaml::Node::map();
                part.mark = e.value.mark;
                keep_entries(kept, e.value, part, key + ".", dropped);
                if (!part.entries.empty())
                    to.entries.push_back(yaml::Entry{e.key, e.key_mark, part});
                break;
            }
            case Keep::no:
                dropped.push_back(key);
                break;
        }
    }
}

// How many words, separated by spaces or line breaks, `text` has.
std::size_t words_of(std::string_view text) {
    std::size_t words = 0;
    bool in_word = false;
    for (char c : text) {
        bool space = c == ' ' || c == '\t' || c == '\n' || c == '\r';
        if (!space && !in_word) ++words;
        in_word = !space;
    }
    return words;
}

// The values of their name, preferred_name and contact.email in one version of their record,
// as (field, value): read as YAML, or, when that version does not parse (a conflict left in
// it, say), from every line such as `name: ...`.
using Names = std::vector<std::pair<std::string, std::string>>;

Names names_in(std::string_view text) {
    try {
        yaml::Node doc = yaml::parse(text, "record");
        return {{"name", field_text(doc, "name")},
                {"preferred_name", field_text(doc, "preferred_name")},
                {"email", field_text(doc, "contact.email")}};
    } catch (const Error&) {
    }
    Names found;
    for (const auto& line : split(text, '\n')) {
        auto colon = line.find(':');
        if (colon == std::string::npos) continue;
        std::string key = trim(line.substr(0, colon));
        std::string value = trim(line.substr(colon + 1));
        if (value.size() >= 2 && (value.front() == '"' || value.front() == '\'') &&
            value.back() == value.front())
            value = value.substr(1, value.size() - 2);
        if (key == "name" || key == "preferred_name" || key == "email")
            found.emplace_back(key, value);
    }
    return found;
}

// Their name, a preferred name of two words or more (one word alone, such as a first name,
// would stop forget for everyone who shares it), and their email address: today's, then
// those of earlier versions of their record that differ.
std::vector<NamingWords> naming_words(const yaml::Node& doc,
                                      const std::vector<std::string>& earlier) {
    std::vector<NamingWords> out;
    std::set<std::string> seen;
    auto add = [&](const Names& names, const std::string& when) {
        for (const auto& [field, value] : names) {
            std::string folded = fold_name(value);
            bool wanted = field == "name"    ? !folded.empty() && value != "(forgotten)"
                          : field == "email" ? words_of(value) == 1
                                             : words_of(value) >= 2;
            if (wanted && seen.insert(folded).second)
                out.push_back({when + (field == "email" ? "email address" : "name"), folded});
        }
    };
    add({{"name", field_text(doc, "name")},
         {"preferred_name", field_text(doc, "preferred_name")},
         {"email", field_text(doc, "contact.email")}},
        "");
    for (const auto& text : earlier)
        add(names_in(text), "earlier ");
    return out;
}

// The records about a person: their matches, the sessions of those matches and sessions
// listing them, reflections they gave and reflections about their matches and sessions.
struct Related {
    std::vector<const Record*> matches, sessions, given, about;
    std::vector<std::string> ids;  // theirs, their matches' and their sessions'
};

Related related_to(const RecordStore& store, Kind kind, const std::string& id) {
    Related rel;
    rel.ids.push_back(id);
    std::set<std::string> subjects;
    for (const auto& m : store.records(Kind::match))
        if (field_text(m.doc, kind == Kind::partner ? "partner" : "leader") == id) {
            rel.matches.push_back(&m);
            rel.ids.push_back(m.id);
            subjects.insert(m.id);
        }
    for (const auto& s : store.records(Kind::session)) {
        auto ps = field_list(s.doc, kind == Kind::partner ? "partners" : "leaders");
        if (subjects.count(field_text(s.doc, "match")) == 0 &&
            std::find(ps.begin(), ps.end(), id) == ps.end())
            continue;
        rel.sessions.push_back(&s);
        rel.ids.push_back(s.id);
    }
    for (const auto* s : rel.sessions)
        subjects.insert(s->id);
    for (const auto& x : store.records(Kind::reflection)) {
        if (field_text(x.doc, "by") == id)
            rel.given.push_back(&x);
        else if (subjects.count(field_text(x.doc, "about")) != 0)
            rel.about.push_back(&x);
    }
    return rel;
}

// Does the file (or any file in the folder) at `path` hold any of `needles` (lower case)?
// One that cannot be read might: true.
bool holds_any(const std::filesystem::path& path, const std::vector<std::string>& needles) {
    namespace fs = std::filesystem;
    std::error_code ec;
    auto status = fs::symlink_status(path, ec);
    if (ec || fs::is_symlink(status)) return false;  // never followed
    if (fs::is_directory(status)) {
        for (auto it = fs::recursive_directory_iterator(path, ec);
             !ec && it != fs::recursive_directory_iterator(); it.increment(ec))
            if (it->is_regular_file(ec) && !it->is_symlink(ec) && holds_any(it->path(), needles))
                return true;
        return static_cast<bool>(ec);
    }
    try {
        std::string text = lower(read_file(path, path.filename().string()));
        for (const auto& n : needles)
            if (text.find(n) != std::string::npos) return true;
        return false;
    } catch (const Error&) {
        return true;
    }
}

std::string clearing_note(std::string_view what, const std::vector<std::string>& ids,
                          std::string_view singular, std::string_view plural,
                          std::string_view tail = {}) {
    return fmt::format("Cleared {} {} ({}){}.", what, counted(ids.size(), singular, plural),
                       join(ids, ", "), tail);
}

}  // namespace

const std::vector<std::string>& kept_when_forgotten(Kind kind) {
    static const std::vector<std::string> partner = {"id",
                                                     "name",
                                                     "status",
                                                     "joined",
                                                     "left",
                                                     "forgotten",
                                                     "roles",
                                                     "region",
                                                     "modes",
                                                     "capacity",
                                                     "training.cohort",
                                                     "training.completed",
                                                     "training.modules",
                                                     "payment.eligible",
                                                     "payment.preference",
                                                     "history"};
    static const std::vector<std::string> leader = {
        "id",     "name",     "organisation", "sector",    "region", "cohort",
        "status", "enquired", "left",         "forgotten", "modes",  "history"};
    // end_category and cancel_category: the reason an ending or cancellation falls under, from
    // a fixed list, never free text.
    static const std::vector<std::string> match = {
        "id",    "partner",      "leader",           "status", "proposed", "started",
        "ended", "end_category", "planned_sessions", "group",  "score",    "history"};
    static const std::vector<std::string> session = {
        "id",      "type", "match",  "group",  "partners",        "leaders", "date",
        "minutes", "mode", "status", "topics", "cancel_category", "expenses"};
    // source: the form and response it was imported from, never who answered; kept so that
    // importing the form's export again does not bring back what they said.
    static const std::vector<std::string> reflection = {"id",    "date",   "by",     "about",
                                                        "stage", "themes", "scores", "source"};
    // A payment run names people only by id: it is the record of what was paid, kept whole.
    static const std::vector<std::string> payment = {"id",       "month", "closed",
                                                     "currency", "lines", "total"};
    return of_kind(kind, partner, leader, match, session, reflection, payment);
}

std::vector<std::string> not_kept(Kind kind, const yaml::Node& doc) {
    yaml::Node kept = yaml::Node::map();
    std::vector<std::string> dropped;
    keep_entries(kept_when_forgotten(kind), doc, kept, "", dropped);
    return dropped;
}

yaml::Node keep_only(Kind kind, const yaml::Node& doc) {
    yaml::Node kept = yaml::Node::map();
    kept.mark = doc.mark;
    std::vector<std::string> dropped;
    keep_entries(kept_when_forgotten(kind), doc, kept, "", dropped);
    return kept;
}

std::vector<Problem> forget_blockers(const RecordStore& store, Kind kind, const std::string& id) {
    std::vector<std::string> needles;
    for (const auto& i : related_to(store, kind, id).ids)
        needles.push_back(lower(i));
    std::string own = record_path(kind, id);
    std::map<std::string, bool> about_them;  // file -> verdict
    std::vector<Problem> blockers;
    for (const auto& p : load_problems(store)) {
        const std::string& file = p.where.file;
        bool in_records = std::any_of(all_kinds.begin(), all_kinds.end(), [&](Kind k) {
            return starts_with(file, std::string(kind_folder(k)) + "/");
        });
        if (!in_records) continue;  // vfi.yaml: about the programme, not a person
        auto [it, fresh] = about_them.try_emplace(file, false);
        if (fresh) it->second = file == own || holds_any(store.root() / file, needles);
        if (it->second) blockers.push_back(p);
    }
    return blockers;
}

ForgetPlan plan_forget(const RecordStore& store, Kind kind, const std::string& id,
                       const Date& today, const std::vector<std::string>& earlier) {
    ForgetPlan plan;
    const Record& person = store.require(id);
    Related rel = related_to(store, kind, id);
    plan.words = naming_words(person.doc, earlier);
    plan.ids = rel.ids;

    auto dropped = not_kept(kind, person.doc);
    for (const auto& e : person.doc.entries) {
        if (e.key == "name" || (kind == Kind::leader && e.key == "organisation"))
            plan.removed.push_back(e.key);
        for (const auto& d : dropped)
            if (d == e.key || starts_with(d, e.key + ".")) plan.removed.push_back(d);
    }
    Update self{kind, id, keep_only(kind, person.doc)};
    self.doc.set("name", yaml::Node::text("(forgotten)"));
    if (kind == Kind::leader) self.doc.set("organisation", yaml::Node::text("(forgotten)"));
    self.doc.set("forgotten", yaml::Node::plain(today.str()));
    plan.updates.push_back(std::move(self));
    plan.related.push_back(person.file);

    // Every record of theirs is rewritten (its comments go too); those whose data changed
    // are named.
    auto clear = [&](const std::vector<const Record*>& records) {
        std::vector<std::string> cleared;
        for (const auto* r : records) {
            Update u{r->kind, r->id, keep_only(r->kind, r->doc)};
            if (!yaml::same(u.doc, r->doc)) cleared.push_back(r->id);
            plan.updates.push_back(std::move(u));
            plan.related.push_back(r->file);
        }
        return cleared;
    };
    auto matches = clear(rel.matches);
    auto sessions = clear(rel.sessions);
    auto given = clear(rel.given);
    for (const auto* x : rel.about)
        plan.related.push_back(x->file);

    if (!matches.empty())
        plan.notes.push_back(clearing_note("the reasons and end reasons of", matches, "match",
                                           "matches", "; dates, status and score stay"));
    if (!sessions.empty())
        plan.notes.push_back(
            std::any_of(rel.sessions.begin(), rel.sessions.end(),
                        [](const Record* s) { return s->doc.find("expenses") != nullptr; })
                ? clearing_note("the notes, follow-ups, cancel reasons and expense notes of",
                                sessions, "session", "sessions",
                                "; expenses claimed stay, as what was paid back")
                : clearing_note("the notes, follow-ups and cancel reasons of", sessions, "session",
                                "sessions"));
    // Receipts are finance records, kept as the payment runs are; a person may be named on
    // one, so say where they are.
    std::vector<std::string> receipts;
    for (const auto* s : rel.sessions)
        for (const auto& e : to_session(*s).expenses)
            if (e.partner == id && !e.receipt.empty()) receipts.push_back(e.receipt);
    if (!receipts.empty())
        plan.notes.push_back(fmt::format(
            "{} of their expenses {} kept in receipts/ ({}): finance records, which may "
            "show their name; delete {} with `git rm` once no longer needed for the accounts.",
            counted(receipts.size(), "receipt"), receipts.size() == 1 ? "is" : "are",
            join(receipts, ", "), receipts.size() == 1 ? "it" : "them"));
    if (!given.empty())
        plan.notes.push_back(clearing_note(fmt::format("what {} said in", id), given, "reflection",
                                           "reflections",
                                           "; dates, stages, themes and scores stay"));

    namespace fs = std::filesystem;
    for (const auto& u : plan.updates)
        for (const char* end : {".yaml", ".base"}) {
            std::string draft = fmt::format(".vfi/edit-{}{}", u.id, end);
            std::error_code ec;
            if (fs::exists(fs::symlink_status(store.root() / draft, ec)))
                plan.drafts.push_back(draft);
        }
    return plan;
}

}  // namespace vfi
