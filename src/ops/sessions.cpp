#include "vfi/ops/sessions.hpp"

#include <algorithm>

#include <fmt/format.h>

#include "vfi/base/text.hpp"
#include "vfi/format/field_input.hpp"
#include "vfi/format/validate.hpp"
#include "vfi/ops/check.hpp"

namespace vfi {

namespace {

// A coaching session is logged for a running match, and a held one not before it started.
void require_running_match(const Programme& programme, const yaml::Node& doc) {
    std::string match = field_text(doc, "match");
    if (match.empty())
        throw Error(ExitCode::usage, {}, "match", "a coaching session needs its match",
                    "give the match id first, e.g. `vfi session log M-4ZK --date ...`, or "
                    "--type for other involvement");
    const Match* m = programme.match(match);
    if (!m)
        throw Error(ExitCode::not_found, fmt::format("no match has the id '{}'", match),
                    "list them with `vfi match list`");
    if (!running(m->status))
        throw Error(ExitCode::refused,
                    fmt::format("{} is {}, not active or paused", match, word(m->status)),
                    m->status == MatchStatus::proposed
                        ? fmt::format("accept it first: `vfi match accept {}`", match)
                        : "log sessions only for running matches");
    auto date = field_date(doc, "date");
    if (date && m->started && *date < *m->started &&
        was_due(parse_word<SessionStatus>(field_text(doc, "status"))))
        throw Error(
            ExitCode::bad_data, {}, "date",
            fmt::format("{} is before {} started ({})", date->str(), match, m->started->str()),
            "check the date");
}

}  // namespace

std::string not_taking_part(const Partner& p, const Date& day) {
    auto then = p.history.on(day);
    return then ? fmt::format("{} was {} on {}, not in the programme", p.id, word(*then), day.str())
                : fmt::format("{} was not yet in the programme on {}", p.id, day.str());
}

namespace {

// Other involvement names the partners who took part, each in the programme on its day.
void require_partners_taking_part(const RecordStore& store, const Programme& programme,
                                  const yaml::Node& doc) {
    auto broken = [&](const std::string& id) {
        const auto& problems = store.problems();
        return std::any_of(problems.begin(), problems.end(), [&](const Problem& q) {
            return q.where.file == record_path(Kind::partner, id);
        });
    };
    auto date = field_date(doc, "date");
    bool due = was_due(parse_word<SessionStatus>(field_text(doc, "status")));
    for (const auto& p : field_list(doc, "partners")) {
        const Partner* partner = programme.partner(p);
        if (!partner && broken(p)) throw store.fails_check(Kind::partner, p);
        if (!partner)
            throw Error(ExitCode::not_found, {}, "partners",
                        fmt::format("no partner has the id '{}'", p),
                        "list them with `vfi partner list`");
        // In the programme on the session's day, by their history: a session of 2021 may name
        // someone who has left since, never someone who had not yet enquired.
        auto then = date && due ? partner->history.on(*date) : partner->status;
        if (!may_take_part(then))
            throw Error(ExitCode::refused, {}, "partners",
                        date && due ? not_taking_part(*partner, *date)
                                    : fmt::format("{} is {}, not in the programme", p,
                                                  word(partner->status)),
                        "only partners in training, active or paused take part in sessions");
    }
}

// One held session of a match a day, unless the new one says it is another (`again`): the
// same session logged twice (in two clones, say) would be paid twice. And one that says it is
// another needs a first.
void require_not_logged_already(const Programme& programme, const yaml::Node& doc) {
    Session made = to_session(Record{Kind::session, "", "", doc});
    if (!field_date(doc, "date") || !was_due(made.status) ||
        (made.match.empty() && made.partners.empty()))
        return;
    std::string identity = session_identity(made);
    const Session* first = nullptr;
    auto candidates = made.match.empty() ? programme.sessions_of_partner(made.partners.front())
                                         : programme.sessions_of_match(made.match);
    for (const Session* s : candidates)
        if (was_due(s->status) && session_identity(*s) == identity && (!first || !s->again))
            first = s;
    std::string which =
        made.match.empty()
            ? fmt::format("a session of type {} with the same partners", word(*made.type))
            : fmt::format("a session of {}", made.match);
    bool again = parse_boolean(field_text(doc, "again")).value_or(false);
    if (first && !again)
        throw Error(ExitCode::refused, {}, "date",
                    fmt::format("{} was already {} on {} ({})", which,
                                first->status == SessionStatus::held ? "held" : "due (a no-show)",
                                made.date.str(), first->id),
                    fmt::format("if this is another session that day, log it with --again; "
                                "if it is the same one, it is logged already (`vfi session "
                                "show {}`)",
                                first->id));
    if (!first && again)
        throw Error(ExitCode::usage, {}, "again",
                    fmt::format("no other {} was held on {}", which.substr(2), made.date.str()),
                    "leave out --again: it is for a second session of the same day");
}

}  // namespace

yaml::Node new_session(const RecordStore& store, const Programme& programme, const std::string& id,
                       const std::vector<Assignment>& values) {
    auto doc = yaml::Node::map();
    doc.set("id", yaml::Node::plain(id));
    for (const auto& v : values)
        assign(doc, Kind::session, v.key, v.text, store.settings().vocabularies, v.shown,
               Assigning::new_record);
    if (!doc.find("status"))
        doc.set("status", yaml::Node::plain(std::string(word(SessionStatus::held))));
    std::string type = field_text(doc, "type");
    if (type.empty() || parse_word<SessionType>(type) == SessionType::coaching) {
        doc.erase("type");  // the default is not written
        require_running_match(programme, doc);
    } else if (field_list(doc, "partners").empty()) {
        throw Error(ExitCode::usage, {}, "partners",
                    fmt::format("a session of type {} needs the partners who took part", type),
                    "add --partners P-...,P-...");
    }
    require_partners_taking_part(store, programme, doc);
    require_not_logged_already(programme, doc);
    return doc;
}

NewSession plan_new_session(const RecordStore& store, const Programme& programme,
                            const SessionLog& log) {
    std::vector<Assignment> values;
    auto add = [&](const char* key, const std::string& text) {
        if (!text.empty()) values.push_back(Assignment{key, text, key});
    };
    if (!log.match.empty()) add("match", store.resolve(Kind::match, log.match));
    std::vector<std::string> partners;
    for (const auto& p : split(log.partners, ','))
        partners.push_back(store.resolve(Kind::partner, p));
    add("type", log.type);
    add("group", log.group);
    add("partners", join(partners, ","));
    std::vector<std::string> leaders;
    for (const auto& l : split(log.leaders, ','))
        leaders.push_back(store.resolve(Kind::leader, l));
    add("leaders", join(leaders, ","));
    add("date", log.date);
    add("minutes", log.minutes);
    add("mode", log.mode);
    add("status", log.status);
    add("cancel_category", log.cancel_category);
    add("missed", log.missed);
    add("topics", log.topics);
    add("follow_ups", log.follow_ups);
    add("notes", log.notes);
    if (log.again) add("again", "true");
    std::string id = store.new_id(Kind::session);
    return NewSession{id, new_session(store, programme, id, values)};
}

std::vector<DueMatch> sessions_due(const Programme& programme, const Date& today, long weeks) {
    std::vector<DueMatch> out;
    for (const auto& m : programme.matches) {
        if (m.status != MatchStatus::active) continue;
        std::optional<Date> last;
        for (const Session* s : programme.sessions_of_match(m.id))
            if (s->status == SessionStatus::held && (!last || *last < s->date)) last = s->date;
        std::optional<Date> since = last ? last : m.started ? m.started : m.proposed;
        if (!since) continue;
        long days = days_between(*since, today);
        if (days < weeks * 7) continue;
        const Partner* p = programme.partner(m.partner);
        const Leader* l = programme.leader(m.leader);
        out.push_back(DueMatch{.match = m.id,
                               .partner = m.partner,
                               .partner_name = p ? p->name : "",
                               .leader = m.leader,
                               .leader_name = l ? l->name : "",
                               .last_held = last,
                               .since = *since,
                               .days = days});
    }
    std::stable_sort(out.begin(), out.end(), [](const DueMatch& a, const DueMatch& b) {
        return std::pair(a.since, a.match) < std::pair(b.since, b.match);
    });
    return out;
}

FoundDue find_sessions_due(RecordStore& store, const Date& today, long weeks) {
    // Checked as `vfi check` checks, while the records are read once: a broken record would
    // leave a match out (or in) without a word, and cron would never know.
    std::vector<Leader> leaders;
    std::vector<Session> sessions;
    CheckStream stream = keep_in(leaders, sessions);
    stream.reflection = [](Reflection&&) {};
    std::vector<Partner> partners;
    std::vector<Match> matches;
    keep_partners_in(stream, partners, matches);
    FoundDue found;
    found.problems = check_data(store, today, &stream);
    if (!found.problems.empty()) return found;
    Programme programme(store, std::move(leaders), std::move(sessions), {}, std::move(partners),
                        std::move(matches));
    found.due =
        sessions_due(programme, today, weeks > 0 ? weeks : store.settings().due_after_weeks);
    return found;
}

Table due_table(const std::vector<DueMatch>& due) {
    Table t;
    for (const char* c :
         {"match", "partner", "partner_name", "leader", "leader_name", "last_session"})
        t.add_column(c);
    t.add_column("days", ColumnType::number);
    for (const auto& d : due)
        t.add_row({d.match, d.partner, d.partner_name, d.leader, d.leader_name,
                   d.last_held ? d.last_held->str() : "none since " + d.since.str(),
                   std::to_string(d.days)});
    return t;
}

Update plan_session_cancel(const RecordStore& store, const std::string& id,
                           const std::string& category, const std::string& reason) {
    if (!category.empty())
        require_in_vocabulary(store.settings().vocabularies, "cancel_categories", {category},
                              "cancel_category");
    std::string session = store.resolve(Kind::session, id);
    const Record* r = store.find(session);
    if (!r) throw store.fails_check(Kind::session, session);
    if (parse_word<SessionStatus>(field_text(r->doc, "status")) == SessionStatus::cancelled)
        throw Error(ExitCode::refused, fmt::format("{} is already cancelled", r->id),
                    "nothing was changed");
    Update u{Kind::session, r->id, r->doc};
    u.doc.set("status", yaml::Node::plain(std::string(word(SessionStatus::cancelled))));
    if (!category.empty()) u.doc.set("cancel_category", yaml::Node::plain(category));
    if (!reason.empty()) u.doc.set("cancel_reason", yaml::Node::text(reason));
    return u;
}

}  // namespace vfi
