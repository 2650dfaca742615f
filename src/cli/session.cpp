// vfi session: log, list, show, set, edit, cancel and due. Notes are confidential: shown by
// show only, never by list. Their help is in help/session*.md.
#include <iostream>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "completion.hpp"
#include "context.hpp"
#include "edit.hpp"
#include "vfi/base/text.hpp"
#include "vfi/format/validate.hpp"
#include "vfi/ops/check.hpp"
#include "vfi/ops/sessions.hpp"
#include "vfi/render/json.hpp"
#include "vfi/store/files.hpp"

namespace vfi::cli {
namespace {

const std::vector<Kind> everything = {Kind::partner, Kind::leader, Kind::match, Kind::session};

void add_log(CLI::App& parent, Globals& globals) {
    auto* cmd = parent.add_subcommand("log");
    struct Args {
        std::string match, type, group, partners, date, minutes, mode, status, category, topics,
            follow_ups, notes, notes_file;
    };
    auto a = std::make_shared<Args>();
    complete_ids(cmd->add_option("MATCH", a->match,
                                 "The match, for a coaching session (its id or unique start)"),
                 {Kind::match});
    complete_vocabulary(
        cmd->add_option("--type", a->type,
                        "coaching (default), action-learning, advisory-group, check-and-challenge, "
                        "interview-panel, "
                        "co-design or training"),
        "session_type");
    cmd->add_option("--group", a->group, "The action learning group");
    complete_ids(cmd->add_option("--partners", a->partners,
                                 "Partners who took part, for other involvement (comma-separated)"),
                 {Kind::partner});
    cmd->add_option("--date", a->date, "When it was (YYYY-MM-DD)")->required();
    cmd->add_option("--minutes", a->minutes, "How long, in minutes");
    complete_vocabulary(cmd->add_option("--mode", a->mode, "online, phone or in-person"), "modes");
    complete_vocabulary(
        cmd->add_option("--status", a->status, "held (default), cancelled or no-show"),
        "session_status");
    complete_vocabulary(cmd->add_option("--category", a->category,
                                        "With --status cancelled: why, one of cancel_categories"),
                        "cancel_categories");
    cmd->add_option("--topics", a->topics, "What was talked about (comma-separated tags)");
    cmd->add_option("--follow-ups", a->follow_ups, "What was agreed (comma-separated)");
    auto* notes = cmd->add_option("--notes", a->notes, "Confidential notes");
    complete_files(cmd->add_option("--notes-file", a->notes_file,
                                   "Read the notes from a file, or - for standard input")
                       ->excludes(notes));
    cmd->callback([&globals, a] {
        no_format(globals);
        if (!a->category.empty() &&
            parse_word<SessionStatus>(a->status) != SessionStatus::cancelled)
            throw Error(ExitCode::usage, {}, "--category",
                        "--category says why a session was cancelled",
                        "give --status cancelled as well, or leave out --category");
        std::string notes = a->notes;
        if (!a->notes_file.empty()) {
            if (a->notes_file == "-") {
                notes.assign(std::istreambuf_iterator<char>(std::cin), {});
                require_text(notes, "(standard input)");
            } else {
                notes = read_file(a->notes_file, a->notes_file);
                require_text(notes, a->notes_file);
            }
            while (!notes.empty() && (notes.back() == '\n' || notes.back() == '\r'))
                notes.pop_back();
        }
        Writing w(globals, everything);
        auto& [store, change] = w;
        Programme programme(store);
        std::vector<Assignment> values;
        auto add = [&](const char* key, const std::string& text, const char* shown) {
            if (!text.empty()) values.push_back(Assignment{key, text, shown});
        };
        if (!a->match.empty()) add("match", store.resolve(Kind::match, a->match), "MATCH");
        std::vector<std::string> partners;
        for (const auto& p : split(a->partners, ','))
            partners.push_back(store.resolve(Kind::partner, p));
        add("type", a->type, "--type");
        add("group", a->group, "--group");
        add("partners", join(partners, ","), "--partners");
        add("date", a->date, "--date");
        add("minutes", a->minutes, "--minutes");
        add("mode", a->mode, "--mode");
        add("status", a->status, "--status");
        add("cancel_category", a->category, "--category");
        add("topics", a->topics, "--topics");
        add("follow_ups", a->follow_ups, "--follow-ups");
        add("notes", notes, "--notes");
        std::string id = store.new_id(Kind::session);
        yaml::Node doc = new_session(store, programme, id, values, Date::today());
        change.put(Kind::session, id, doc, true);
        commit_and_print_id(change, fmt::format("session: log {}", id), id);
    });
}

void add_list(CLI::App& parent, Globals& globals) {
    auto* cmd = parent.add_subcommand("list");
    struct Filters {
        std::string match, partner, leader, group, type, status, from, to;
    };
    auto f = std::make_shared<Filters>();
    complete_ids(cmd->add_option("--match", f->match, "Only this match's sessions"), {Kind::match});
    complete_ids(
        cmd->add_option("--partner", f->partner, "Only sessions this partner took part in"),
        {Kind::partner});
    complete_ids(cmd->add_option("--leader", f->leader, "Only this leader's sessions"),
                 {Kind::leader});
    cmd->add_option("--group", f->group, "Only this action learning group");
    complete_vocabulary(cmd->add_option("--type", f->type, "Only this type"), "session_type");
    complete_vocabulary(
        cmd->add_option("--status", f->status, "Only these statuses (comma-separated)"),
        "session_status");
    cmd->add_option("--from", f->from, "From this date (YYYY-MM-DD)");
    cmd->add_option("--to", f->to, "To this date, inclusive (YYYY-MM-DD)");
    cmd->callback([&globals, f] {
        Format format = chosen_format(globals, Format::table);
        // No --from or --to: every date.
        Date from = f->from.empty() ? Date{1900, 1, 1} : date_option(f->from, "--from");
        Date to = f->to.empty() ? Date{9999, 12, 31} : date_option(f->to, "--to");
        RecordStore store = read_store(globals, everything);
        bool unread = tell_unread(store);  // each problem, before the listing
        const auto& vocab = store.settings().vocabularies;
        auto statuses = split(f->status, ',');
        require_in_vocabulary(vocab, "session_status", statuses, "--status");
        if (!f->type.empty()) require_in_vocabulary(vocab, "session_type", {f->type}, "--type");
        std::string match = f->match.empty() ? "" : store.resolve(Kind::match, f->match);
        std::string partner = f->partner.empty() ? "" : store.resolve(Kind::partner, f->partner);
        std::string leader = f->leader.empty() ? "" : store.resolve(Kind::leader, f->leader);
        Programme programme(store);
        Table t;
        for (const char* c : {"id", "date", "type", "match", "partners", "status"})
            t.add_column(c);
        t.add_column("minutes", ColumnType::number);
        t.add_column("mode");
        t.add_column("topics", ColumnType::list);
        std::vector<const Session*> chosen;
        for (const auto& s : programme.sessions) {
            const Match* m = s.match.empty() ? nullptr : programme.match(s.match);
            std::vector<std::string> who = s.partners;
            if (m && who.empty()) who.push_back(m->partner);
            if (!match.empty() && s.match != match) continue;
            if (!partner.empty() && std::find(who.begin(), who.end(), partner) == who.end())
                continue;
            if (!leader.empty() && (!m || m->leader != leader)) continue;
            if (!f->group.empty() && s.group != f->group && !(m && m->group == f->group)) continue;
            if (!f->type.empty() && word(s.type) != f->type) continue;
            if (!statuses.empty() &&
                std::find(statuses.begin(), statuses.end(), word(s.status)) == statuses.end())
                continue;
            if (s.date < from || to < s.date) continue;
            chosen.push_back(&s);
        }
        std::stable_sort(chosen.begin(), chosen.end(), [](const Session* a, const Session* b) {
            return std::pair(a->date, a->id) < std::pair(b->date, b->id);
        });
        for (const Session* s : chosen) {
            const Match* m = s->match.empty() ? nullptr : programme.match(s->match);
            std::vector<std::string> who = s->partners;
            if (m && who.empty()) who.push_back(m->partner);
            t.add_row({s->id, s->date.str(), std::string(word(s->type)), s->match, join(who, ", "),
                       std::string(word(s->status)), std::to_string(s->minutes), s->mode,
                       Table::list_cell(s->topics)});
        }
        if (format == Format::table && t.rows.empty()) {
            if (!globals.quiet) std::cerr << "No sessions match.\n";
            if (unread) throw ExitCode::problems;
            return;
        }
        std::cout << render(t, format, use_colour(globals));
        if (unread) throw ExitCode::problems;
    });
}

void add_show(CLI::App& parent, Globals& globals) {
    auto* cmd = parent.add_subcommand("show");
    auto id = std::make_shared<std::string>();
    complete_ids(cmd->add_option("ID", *id, "The session's id (or its unique start)")->required(),
                 {Kind::session});
    cmd->callback([&globals, id] {
        Format format =
            chosen_format(globals, Format::table, {Format::table, Format::yaml, Format::json});
        RecordStore store = read_store(globals, {Kind::session});
        const Record& r = existing(store, Kind::session, *id);
        if (format == Format::json) {
            std::cout << record_json(Kind::session, r.doc).dump(2) << '\n';
            return;
        }
        std::cout << yaml::emit(normalise(Kind::session, r.doc));
    });
}

void add_cancel(CLI::App& parent, Globals& globals) {
    auto* cmd = parent.add_subcommand("cancel");
    auto id = std::make_shared<std::string>();
    auto reason = std::make_shared<std::string>();
    auto category = std::make_shared<std::string>();
    complete_ids(cmd->add_option("ID", *id, "The session's id (or its unique start)")->required(),
                 {Kind::session});
    complete_vocabulary(
        cmd->add_option("--category", *category, "Why it was cancelled, one of cancel_categories"),
        "cancel_categories");
    cmd->add_option("--reason", *reason, "Why it was cancelled, in words (confidential)");
    cmd->callback([&globals, id, reason, category] {
        no_format(globals);
        RecordStore store = open_store(globals);
        if (!category->empty())
            require_in_vocabulary(store.settings().vocabularies, "cancel_categories", {*category},
                                  "--category");
        Transaction change(store, change_options(globals), Date::today());
        store.load({Kind::session});
        const Record& r = existing(store, Kind::session, *id);
        if (parse_word<SessionStatus>(field_text(r.doc, "status")) == SessionStatus::cancelled)
            throw Error(ExitCode::refused, fmt::format("{} is already cancelled", r.id),
                        "nothing was changed");
        yaml::Node doc = r.doc;
        doc.set("status", yaml::Node::plain(std::string(word(SessionStatus::cancelled))));
        if (!category->empty()) doc.set("cancel_category", yaml::Node::plain(*category));
        if (!reason->empty()) doc.set("cancel_reason", yaml::Node::text(*reason));
        change.put(Kind::session, r.id, doc, false);
        change.commit(fmt::format("session: cancel {}", r.id));
        say(globals, fmt::format("{} is now cancelled.", r.id));
    });
}

void add_due(CLI::App& parent, Globals& globals) {
    auto* cmd = parent.add_subcommand("due");
    auto weeks = std::make_shared<long>(0);
    auto fail = std::make_shared<bool>(false);
    cmd->add_option("--weeks", *weeks,
                    "How long is too long (default: sessions.due_after_weeks in vfi.yaml, else 6)")
        ->check(CLI::Range(1, 104));
    cmd->add_flag("--fail-if-any", *fail, "Exit 1 when any match is due (for cron)");
    cmd->callback([&globals, weeks, fail] {
        Format format = chosen_format(globals, Format::table);
        RecordStore store = open_store(globals);
        // Leaders and sessions only in their typed form, read a chunk at a time: a national
        // programme's list is made in little memory. Reflections are not needed at all.
        store.load({Kind::partner, Kind::match});
        std::vector<Leader> leaders;
        store.stream(Kind::leader, [&](const Record& r) { leaders.push_back(to_leader(r)); });
        std::vector<Session> sessions;
        store.stream(Kind::session, [&](const Record& r) { sessions.push_back(to_session(r)); });
        Programme programme(store, std::move(leaders), std::move(sessions));
        long w = *weeks > 0 ? *weeks : store.settings().due_after_weeks;
        auto due = sessions_due(programme, Date::today(), w);
        if (due.empty()) {  // silent when nothing is due (JSON: an empty list, for scripts)
            if (format == Format::json && !globals.quiet) std::cout << "[]\n";
            return;
        }
        Table t;
        for (const char* c :
             {"match", "partner", "partner_name", "leader", "leader_name", "last_session"})
            t.add_column(c);
        t.add_column("days", ColumnType::number);
        for (const auto& d : due)
            t.add_row({d.match, d.partner, d.partner_name, d.leader, d.leader_name,
                       d.last_held ? d.last_held->str() : "none since " + d.since.str(),
                       std::to_string(d.days)});
        if (!globals.quiet) std::cout << render(t, format, use_colour(globals));
        if (*fail) throw ExitCode::problems;
    });
}

}  // namespace

void add_session_command(CLI::App& app, Globals& globals) {
    auto* cmd = app.add_subcommand("session");
    cmd->require_subcommand(1);
    add_log(*cmd, globals);
    add_list(*cmd, globals);
    add_show(*cmd, globals);
    add_set_command(*cmd, globals, Kind::session);
    add_edit_command(*cmd, globals, Kind::session);
    add_cancel(*cmd, globals);
    add_due(*cmd, globals);
}

}  // namespace vfi::cli
