// vfi session: log, list, show, set, edit, cancel and due. Notes are confidential: shown by
// show only, never by list.
#include <iostream>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "completion.hpp"
#include "context.hpp"
#include "edit.hpp"
#include "option_errors.hpp"
#include "vfi/base/money.hpp"
#include "vfi/base/text.hpp"
#include "vfi/format/validate.hpp"
#include "vfi/model/records.hpp"
#include "vfi/ops/limits.hpp"
#include "vfi/ops/listing.hpp"
#include "vfi/ops/pay.hpp"
#include "vfi/ops/sessions.hpp"
#include "vfi/render/json.hpp"
#include "vfi/store/files.hpp"

namespace vfi::cli {
namespace {

const std::vector<Kind> everything = {Kind::partner, Kind::leader, Kind::match, Kind::session};

// `session log`'s options, as SessionLog fields; --notes-file is read into notes.
struct LogArgs {
    SessionLog log;
    std::string notes_file;
};

void add_log_options(CLI::App& cmd, LogArgs& a) {
    complete_ids(cmd.add_option("MATCH", a.log.match,
                                "The match, for a coaching session (its id or unique start)"),
                 {Kind::match});
    complete_vocabulary(
        cmd.add_option("--type", a.log.type,
                       "coaching (default), action-learning, advisory-group, check-and-challenge, "
                       "interview-panel, co-design or training"),
        "session_type");
    cmd.add_option("--group", a.log.group, "The action learning group");
    complete_ids(list_option(cmd.add_option(
                     "--partners", a.log.partners,
                     "Partners who took part, for other involvement (comma-separated)")),
                 {Kind::partner});
    complete_ids(list_option(cmd.add_option("--leaders", a.log.leaders,
                                            "Leaders who took part, for other involvement such "
                                            "as an action learning group (comma-separated)")),
                 {Kind::leader});
    cmd.add_option("--date", a.log.date, "When it was (YYYY-MM-DD)")->required();
    cmd.add_option("--minutes", a.log.minutes, "How long, in minutes");
    complete_vocabulary(cmd.add_option("--mode", a.log.mode, "online, phone or in-person"),
                        "modes");
    complete_vocabulary(
        cmd.add_option("--status", a.log.status, "held (default), cancelled or no-show"),
        "session_status");
    complete_vocabulary(cmd.add_option("--category", a.log.cancel_category,
                                       "With --status cancelled: why, one of cancel_categories"),
                        "cancel_categories");
    complete_vocabulary(cmd.add_option("--missed", a.log.missed,
                                       "With --status no-show: who did not come (leader, partner "
                                       "or both)"),
                        "missed");
    list_option(
        cmd.add_option("--topics", a.log.topics, "What was talked about (comma-separated tags)"));
    list_option(
        cmd.add_option("--follow-ups", a.log.follow_ups, "What was agreed (comma-separated)"));
    cmd.add_flag("--again", a.log.again,
                 "Another session of the match held the same day (one is refused without it)");
    auto* notes = cmd.add_option("--notes", a.log.notes, "Confidential notes");
    complete_files(cmd.add_option("--notes-file", a.notes_file,
                                  "Read the notes from a file, or - for standard input")
                       ->excludes(notes));
}

// The fields a new session's errors name, as the options that give them.
const OptionNames log_options = {{"match", "MATCH"},
                                 {"type", "--type"},
                                 {"group", "--group"},
                                 {"partners", "--partners"},
                                 {"leaders", "--leaders"},
                                 {"date", "--date"},
                                 {"minutes", "--minutes"},
                                 {"mode", "--mode"},
                                 {"status", "--status"},
                                 {"cancel_category", "--category"},
                                 {"missed", "--missed"},
                                 {"topics", "--topics"},
                                 {"follow_ups", "--follow-ups"},
                                 {"notes", "--notes"},
                                 {"again", "--again"}};

// --category without --status cancelled is a mistake in the command line itself.
void require_cancelled_for_category(const SessionLog& log) {
    if (!log.cancel_category.empty() &&
        parse_word<SessionStatus>(log.status) != SessionStatus::cancelled)
        throw Error(ExitCode::usage, {}, "--category",
                    "--category says why a session was cancelled",
                    "give --status cancelled as well, or leave out --category");
}

// The notes from --notes-file (a file, or - for standard input), without the line breaks
// that end it; else --notes as typed.
std::string notes_from(const LogArgs& a) {
    if (a.notes_file.empty()) return a.log.notes;
    std::string notes;
    if (a.notes_file == "-") {
        notes.assign(std::istreambuf_iterator<char>(std::cin), {});
        require_text(notes, "(standard input)");
    } else {
        notes = read_file(a.notes_file, a.notes_file);
        require_text(notes, a.notes_file);
    }
    while (!notes.empty() && (notes.back() == '\n' || notes.back() == '\r'))
        notes.pop_back();
    return notes;
}

void add_log(CLI::App& parent, Globals& globals) {
    auto* cmd = parent.add_subcommand("log");
    auto a = std::make_shared<LogArgs>();
    add_log_options(*cmd, *a);
    cmd->callback([&globals, a] {
        no_format(globals);
        require_cancelled_for_category(a->log);
        SessionLog log = a->log;
        log.notes = notes_from(*a);
        Writing w(globals, everything);
        auto& [store, change] = w;
        Programme programme(store);
        NewSession s =
            naming_options(log_options, [&] { return plan_new_session(store, programme, log); });
        change.put(Kind::session, s.id, s.doc, Write::create);
        // Before it is committed: a week this session takes a partner over the weekly limit on
        // earnings they declared (the session happened, so it is logged all the same).
        Session added =
            to_session(Record{Kind::session, s.id, record_path(Kind::session, s.id), s.doc});
        for (const auto& w : crossed_with(programme, store.settings(), added))
            std::cerr << fmt::format(
                "vfi: warning: this session takes {}'s week of {} to {} to {} {} and {} hours, "
                "over the weekly limit on earnings they declared ({}) — it is logged; talk with "
                "them before it is paid (the month's payment run will need attention until then), "
                "and see their weeks with `vfi report statement {}`\n",
                w.partner, w.from.str(), w.to.str(), money_text(w.pence), store.settings().currency,
                hours_text(hundredths_of_hour(w.minutes)), over_words(w), w.partner);
        // The write gate says what `vfi check` would of the record alone (a held session in
        // the future), naming the field as check does.
        commit_and_print_id(change, fmt::format("session: log {}", s.id), s.id);
        if (auto words = closed_month_words(store, added.date); !words.empty())
            std::cerr << "vfi: note: " << words << "\n";
    });
}

// `session list`'s options; the statuses comma-separated, the dates as typed.
struct ListArgs {
    SessionFilter filter;
    std::string statuses, from, to;
    Shaping shaping;
};

void add_list_options(CLI::App& cmd, ListArgs& a) {
    SessionFilter& f = a.filter;
    complete_ids(cmd.add_option("--match", f.match, "Only this match's sessions"), {Kind::match});
    complete_ids(cmd.add_option("--partner", f.partner, "Only sessions this partner took part in"),
                 {Kind::partner});
    complete_ids(cmd.add_option("--leader", f.leader, "Only this leader's sessions"),
                 {Kind::leader});
    cmd.add_option("--group", f.group, "Only this action learning group");
    complete_vocabulary(cmd.add_option("--type", f.type, "Only this type"), "session_type");
    complete_vocabulary(list_option(cmd.add_option("--status", a.statuses,
                                                   "Only these statuses (comma-separated)")),
                        "session_status");
    cmd.add_option("--from", a.from, "From this date (YYYY-MM-DD)");
    cmd.add_option("--to", a.to, "To this date, inclusive (YYYY-MM-DD)");
    add_shaping(cmd, a.shaping);
}

// The fields a listing's errors name, as the options that give them.
const OptionNames list_options = {{"status", "--status"}, {"type", "--type"}};

void add_list(CLI::App& parent, Globals& globals) {
    auto* cmd = parent.add_subcommand("list");
    auto a = std::make_shared<ListArgs>();
    add_list_options(*cmd, *a);
    cmd->callback([&globals, a] {
        Format format = chosen_format(globals, Format::table);
        SessionFilter filter = a->filter;
        filter.statuses = split(a->statuses, ',');
        // No --from or --to: every date.
        if (!a->from.empty()) filter.from = date_option(a->from, "--from");
        if (!a->to.empty()) filter.to = date_option(a->to, "--to");
        bool unread = false;  // each problem is told before the listing
        Table t = listing(globals, everything,
                          [&](RecordStore& store) {
                              Programme programme(store);
                              return naming_options(list_options, [&] {
                                  return list_sessions(store, programme, filter);
                              });
                          },
                          unread, false, {&filter.match, &filter.partner, &filter.leader});
        t = shaped(t, a->shaping, format);
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
    add_id_argument(*cmd, *id, Kind::session, "The session's id (or its unique start)");
    cmd->callback([&globals, id] {
        Format format =
            chosen_format(globals, Format::table, {Format::table, Format::yaml, Format::json});
        std::string own = *id;
        RecordStore store = show_store(globals, own, {Kind::session});
        const Record& r = existing(store, Kind::session, own);
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
    add_id_argument(*cmd, *id, Kind::session, "The session's id (or its unique start)");
    complete_vocabulary(
        cmd->add_option("--category", *category, "Why it was cancelled, one of cancel_categories"),
        "cancel_categories");
    cmd->add_option("--reason", *reason, "Why it was cancelled, in words (confidential)");
    cmd->callback([&globals, id, reason, category] {
        no_format(globals);
        RecordStore store = open_store(globals);
        // A category not in the list is told at once, before waiting for the lock.
        if (!category->empty())
            require_in_vocabulary(store.settings().vocabularies, "cancel_categories", {*category},
                                  "--category");
        Transaction change(store, change_options(globals), Date::today());
        store.load({Kind::session});
        Update u = naming_options({{"cancel_category", "--category"}}, [&] {
            return plan_session_cancel(store, *id, *category, *reason);
        });
        change.put(Kind::session, u.id, u.doc, Write::replace);
        change.commit(fmt::format("session: cancel {}", u.id));
        say(globals, fmt::format("{} is now cancelled.", u.id));
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
        bool unread = false;    // a region stale, or not listed (national)
        bool left_out = false;  // a region not listed: the list is not whole
        Table t = listing(
            globals, {},
            [&](RecordStore& store) {
                auto [due, problems] = find_sessions_due(store, Date::today(), *weeks);
                if (!store.region().empty() && !problems.empty()) {
                    for (const auto& p : problems)
                        std::cerr << p.describe() << "\n";
                    throw Error(ExitCode::bad_data,
                                fmt::format("{} above, so its matches are not in this list",
                                            counted(problems.size(), "problem")),
                                "its team must put them right (`vfi check` here names them)");
                }
                refuse_problems(problems, "session due", "it");
                return due_table(due);
            },
            unread, true, {}, &left_out);
        // A list with a region left out must not pass for the whole list (exit 1 is "due").
        auto done = [&] {
            if (left_out) {
                std::cerr << "vfi: the list leaves out the regions named above (exit status 3)\n";
                throw ExitCode::bad_data;
            }
            if (unread) throw ExitCode::problems;
        };
        if (t.rows.empty()) {  // silent when nothing is due (JSON: an empty list, for scripts)
            if (format == Format::json && !globals.quiet) std::cout << "[]\n";
            done();
            return;
        }
        if (!globals.quiet) std::cout << render(t, format, use_colour(globals));
        done();
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
    add_remove_command(*cmd, globals, Kind::session);
    add_cancel(*cmd, globals);
    add_due(*cmd, globals);
}

}  // namespace vfi::cli
