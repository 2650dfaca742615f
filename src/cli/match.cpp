// vfi match: suggest, add, accept, pause, resume, end, list and show. Every change is made
// under the data directory's lock, so two coordinators can never overfill a partner.
#include <iostream>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "completion.hpp"
#include "context.hpp"
#include "edit.hpp"
#include "option_errors.hpp"
#include "vfi/base/text.hpp"
#include "vfi/format/validate.hpp"
#include "vfi/ops/listing.hpp"
#include "vfi/ops/matches.hpp"
#include "vfi/render/json.hpp"

namespace vfi::cli {
namespace {

const std::vector<Kind> people_and_matches = {Kind::partner, Kind::leader, Kind::match};

// Lands a plan's updates (each checked as `vfi check` would) in one commit.
void write_plan(const Globals& globals, Transaction& change, const StatusPlan& plan,
                const std::string& message, const std::string& done) {
    for (const auto& u : plan.updates) {
        change.put(u.kind, u.id, u.doc, Write::replace);
    }
    change.commit(message);
    say(globals, done);
    for (const auto& note : plan.notes)
        say(globals, note);
}

// The options a move's fields are given with, for its errors.
const OptionNames move_options = {{"date", "--date"}, {"end_category", "--category"}};

std::string id_of(const RecordStore& store, Kind kind, const std::string& text) {
    return store.resolve(kind, text);
}

struct SuggestArgs {
    std::vector<std::string> leaders;
    std::string date;
    bool explain = false, apply = false;
};

void add_suggest_options(CLI::App& cmd, SuggestArgs& a) {
    complete_ids(
        cmd.add_option("--leader", a.leaders, "Only these leaders (repeat, or comma-separated)")
            ->delimiter(','),
        {Kind::leader});
    cmd.add_flag("--explain", a.explain, "Show every criterion and the runner-up partners");
    cmd.add_flag("--apply", a.apply, "Write each suggestion as a proposed match, in one commit");
    cmd.add_option("--date", a.date,
                   "With --apply: the day they were proposed (YYYY-MM-DD; default today)");
}

// The pairs on stdout (JSON: the pairs and the leaders not matched, together); the leaders
// not matched after them in a table, else on stderr, so a CSV holds the pairs alone.
void print_suggestions(const Globals& globals, Format format, const Suggestions& result,
                       bool explain) {
    Table pairs = suggestion_table(result, explain);
    Table unplaced = unplaced_table(result);
    if (format == Format::json) {
        nlohmann::ordered_json out;
        out["pairs"] = nlohmann::ordered_json::parse(render_json(pairs));
        out["unmatched"] = nlohmann::ordered_json::parse(render_json(unplaced));
        std::cout << out.dump(2) << '\n';
    } else if (format == Format::table) {
        if (!result.pairs.empty()) std::cout << render_table(pairs, use_colour(globals));
        if (!result.unplaced.empty()) {
            if (!result.pairs.empty()) std::cout << '\n';
            std::cout << "Not matched:\n" << render_table(unplaced, use_colour(globals));
        }
        if (result.pairs.empty() && result.unplaced.empty())
            say(globals, "No leader is waiting for a partner.");
    } else {
        std::cout << render(pairs, format, Colour::off);
        if (!result.unplaced.empty()) std::cerr << render(unplaced, Format::table, Colour::off);
    }
}

// --apply: every pair proposed, in one commit.
void propose(const Globals& globals, Transaction& change, const RecordStore& store,
             const Programme& programme, const Suggestions& result, const Date& date) {
    NewMatches made = naming_options(
        move_options, [&] { return plan_suggested_matches(store, programme, result, date); });
    for (const auto& u : made.plan.updates)
        change.put(u.kind, u.id, u.doc, u.kind == Kind::match ? Write::create : Write::replace);
    std::string count = counted(made.ids.size(), "match", "matches");
    change.commit(fmt::format("match: propose {}", count));
    if (!globals.quiet) std::cerr << fmt::format("Proposed {}: {}\n", count, join(made.ids, ", "));
}

void add_suggest(CLI::App& parent, Globals& globals) {
    auto* cmd = parent.add_subcommand("suggest");
    auto a = std::make_shared<SuggestArgs>();
    add_suggest_options(*cmd, *a);
    cmd->callback([&globals, a] {
        Format format = chosen_format(globals, Format::table);
        if (!a->date.empty() && !a->apply)
            throw Error(ExitCode::usage, {}, "--date", "gives the day matches are proposed",
                        "use it with --apply");
        Date when = date_option(a->date, "--date");
        RecordStore store = open_store(globals);
        // With --apply the suggestions are worked out under the lock they are written under.
        std::optional<Transaction> change;
        if (a->apply) change.emplace(store, change_options(globals), Date::today());
        store.load(people_and_matches);
        std::vector<std::string> wanted;
        for (const auto& l : a->leaders)
            wanted.push_back(id_of(store, Kind::leader, l));
        Programme programme(store);
        Suggestions result = suggest_matches(programme, store.settings(), wanted);
        print_suggestions(globals, format, result, a->explain);
        if (a->apply && !result.pairs.empty())
            propose(globals, *change, store, programme, result, when);
    });
}

void add_add(CLI::App& parent, Globals& globals) {
    auto* cmd = parent.add_subcommand("add");
    auto partner = std::make_shared<std::string>();
    auto leader = std::make_shared<std::string>();
    auto status = std::make_shared<std::string>(word(MatchStatus::proposed));
    auto start = std::make_shared<std::string>();
    auto group = std::make_shared<std::string>();
    complete_ids(
        cmd->add_option("PARTNER", *partner, "The partner's id (or its unique start)")->required(),
        {Kind::partner});
    complete_ids(
        cmd->add_option("LEADER", *leader, "The leader's id (or its unique start)")->required(),
        {Kind::leader});
    complete_words(
        cmd->add_option("--status", *status, "proposed (default) or active"),
        {std::string(word(MatchStatus::proposed)), std::string(word(MatchStatus::active))});
    cmd->add_option("--date,--start", *start,
                    "When it was proposed, or started if active (YYYY-MM-DD; default today)");
    cmd->add_option("--group", *group, "The action learning group this pair belongs to");
    auto rematch = std::make_shared<bool>(false);
    cmd->add_flag("--rematch", *rematch,
                  "Match a pair again whose earlier match has finished (it is named)");
    cmd->callback([&globals, partner, leader, status, start, group, rematch] {
        no_format(globals);
        Date when = date_option(*start, "--date");
        auto new_status = parse_word<MatchStatus>(*status);
        if (new_status != MatchStatus::proposed && new_status != MatchStatus::active)
            throw Error(ExitCode::usage, {}, "--status",
                        fmt::format("'{}' is not proposed or active", *status),
                        "a new match starts proposed, or active when it has already begun");
        Writing w(globals, people_and_matches);
        auto& [store, change] = w;
        Programme programme(store);
        NewMatch m{.partner = *partner,
                   .leader = *leader,
                   .status = *new_status,
                   .date = when,
                   .group = *group,
                   .score = std::nullopt,
                   .reasons = {},
                   .rematch = *rematch};
        AddedMatch added =
            naming_options({{"status", "--status"}, {"date", "--date"}, {"rematch", "--rematch"}},
                           [&] { return plan_match_add(store, programme, m); });
        for (const auto& u : added.plan.updates)
            change.put(u.kind, u.id, u.doc, u.id == added.id ? Write::create : Write::replace);
        commit_and_print_id(change, fmt::format("match: add {}", added.id), added.id);
        // stdout holds only the id, for scripts; what else changed goes to stderr.
        if (!globals.quiet)
            for (const auto& note : added.plan.notes)
                std::cerr << note << '\n';
    });
}

// accept, pause, resume and end: one match moves, and its leader with it, on the day --date
// gives (each a step of the match's history). What each is, in one table: its status after
// and whether it is an ending (--completed, --category and --reason).
struct Move {
    std::string_view name;
    MatchStatus to;  // end: ended, or completed with --completed
    bool ending;
};

const std::vector<Move>& moves() {
    static const std::vector<Move> table = {
        {"accept", MatchStatus::active, false},
        {"pause", MatchStatus::paused, false},
        {"resume", MatchStatus::active, false},
        {"end", MatchStatus::ended, true},
    };
    return table;
}

void add_move(CLI::App& parent, Globals& globals, const Move& move) {
    auto* cmd = parent.add_subcommand(std::string(move.name));
    auto id = std::make_shared<std::string>();
    auto date = std::make_shared<std::string>();
    auto reason = std::make_shared<std::string>();
    auto category = std::make_shared<std::string>();
    auto completed = std::make_shared<bool>(false);
    add_id_argument(*cmd, *id, Kind::match, "The match's id (or its unique start)");
    cmd->add_option("--date", *date, "When it happened (YYYY-MM-DD; default today)");
    if (move.ending) {
        complete_vocabulary(
            cmd->add_option("--category", *category,
                            "Why it ended early, one of end_categories (required unless "
                            "--completed)"),
            "end_categories");
        cmd->add_option("--reason", *reason, "Why it ended, in words (confidential)");
        cmd->add_flag("--completed", *completed, "It ran its course (else it ended early)");
    }
    cmd->callback([&globals, &move, id, date, reason, category, completed] {
        no_format(globals);
        Date when = date_option(*date, "--date");
        MatchStatus target = *completed ? MatchStatus::completed : move.to;
        if (!category->empty() && *completed)
            throw Error(ExitCode::usage, {}, "--category",
                        "a completed match ran its course: --category is for one that ended "
                        "early",
                        "leave out --category, or --completed if it ended early");
        RecordStore store = open_store(globals);
        if (target == MatchStatus::ended && category->empty())
            throw Error(
                ExitCode::usage, {}, "--category", "say why the match ended early",
                fmt::format("add --category with one of {}, or --completed if it ran its "
                            "course",
                            join(*store.settings().vocabularies.find("end_categories"), ", ")));
        Transaction change(store, change_options(globals), Date::today());
        store.load(people_and_matches);
        std::string match = id_of(store, Kind::match, *id);
        Programme programme(store);
        StatusPlan plan = naming_options(move_options, [&] {
            return plan_match_move(store, programme, match, target, when, *reason, *category);
        });
        write_plan(globals, change, plan, fmt::format("match: {} {}", move.name, match),
                   fmt::format("{} is now {}.", match, target));
    });
}

// `match list`'s options; the statuses comma-separated.
struct ListArgs {
    MatchFilter filter;
    std::string statuses;
    Shaping shaping;
};

void add_list_options(CLI::App& cmd, ListArgs& a) {
    MatchFilter& f = a.filter;
    complete_vocabulary(list_option(cmd.add_option("--status", a.statuses,
                                                   "Only these statuses (comma-separated)")),
                        "match_status");
    complete_ids(cmd.add_option("--partner", f.partner, "Only this partner's matches"),
                 {Kind::partner});
    complete_ids(cmd.add_option("--leader", f.leader, "Only this leader's matches"),
                 {Kind::leader});
    cmd.add_option("--group", f.group, "Only this action learning group");
    cmd.add_option("--cohort", f.cohort, "Only leaders of this programme or cohort");
    add_shaping(cmd, a.shaping);
}

void add_list(CLI::App& parent, Globals& globals) {
    auto* cmd = parent.add_subcommand("list");
    auto a = std::make_shared<ListArgs>();
    add_list_options(*cmd, *a);
    cmd->callback([&globals, a] {
        Format format = chosen_format(globals, Format::table);
        MatchFilter filter = a->filter;
        filter.statuses = split(a->statuses, ',');
        bool unread = false;  // each problem is told before the listing
        Table t = listing(globals, {Kind::partner, Kind::leader, Kind::match, Kind::session},
                          [&](RecordStore& store) {
                              Programme programme(store);
                              return naming_options({{"status", "--status"}}, [&] {
                                  return list_matches(store, programme, filter);
                              });
                          },
                          unread, false, {&filter.partner, &filter.leader});
        t = shaped(t, a->shaping, format);
        if (format == Format::table && t.rows.empty()) {
            if (!globals.quiet) std::cerr << "No matches match.\n";
            if (unread) throw ExitCode::problems;
            return;
        }
        std::cout << render(t, format, use_colour(globals));
        if (unread) throw ExitCode::problems;
    });
}

// The record, then (as a table) who the two are, the sessions held and each session so far.
void print_match(const Globals& globals, Format format, const Record& r,
                 const Programme& programme) {
    Table sessions = match_sessions(programme, r.id);
    if (format == Format::json) {
        nlohmann::ordered_json out;
        out["record"] = record_json(Kind::match, r.doc);
        out["sessions"] = nlohmann::ordered_json::parse(render_json(sessions));
        std::cout << out.dump(2) << '\n';
        return;
    }
    std::cout << yaml::emit(normalise(Kind::match, r.doc));
    if (format == Format::yaml) return;
    std::cout << '\n';
    for (const auto& [label, value] : match_context(programme, r.id))
        std::cout << fmt::format("{:<10}{}\n", label, value);
    if (!sessions.rows.empty()) std::cout << '\n' << render_table(sessions, use_colour(globals));
}

void add_show(CLI::App& parent, Globals& globals) {
    auto* cmd = parent.add_subcommand("show");
    auto id = std::make_shared<std::string>();
    add_id_argument(*cmd, *id, Kind::match, "The match's id (or its unique start)");
    cmd->callback([&globals, id] {
        Format format =
            chosen_format(globals, Format::table, {Format::table, Format::yaml, Format::json});
        std::string own = *id;
        RecordStore store =
            show_store(globals, own, {Kind::partner, Kind::leader, Kind::match, Kind::session});
        std::string match = id_of(store, Kind::match, own);
        const Record* r = store.find(match);
        if (!r) throw store.fails_check(Kind::match, match);
        print_match(globals, format, *r, Programme(store));
    });
}

}  // namespace

void add_match_command(CLI::App& app, Globals& globals) {
    auto* cmd = app.add_subcommand("match");
    cmd->require_subcommand(1);
    add_suggest(*cmd, globals);
    add_add(*cmd, globals);
    for (const Move& move : moves())
        add_move(*cmd, globals, move);
    add_list(*cmd, globals);
    add_show(*cmd, globals);
    add_set_command(*cmd, globals, Kind::match);
    add_edit_command(*cmd, globals, Kind::match);
    add_remove_command(*cmd, globals, Kind::match);
}

}  // namespace vfi::cli
