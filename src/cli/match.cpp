// vfi match: suggest, add, accept, pause, resume, end, list and show. Every change is made
// under the data directory's lock, so two coordinators can never overfill a partner. Their
// help is in help/match*.md.
#include <iostream>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "completion.hpp"
#include "context.hpp"
#include "vfi/base/text.hpp"
#include "vfi/format/validate.hpp"
#include "vfi/ops/check.hpp"
#include "vfi/ops/matches.hpp"
#include "vfi/render/json.hpp"

namespace vfi::cli {
namespace {

const std::vector<Kind> people_and_matches = {Kind::partner, Kind::leader, Kind::match};

// Lands a plan's updates (each checked as `vfi check` would) in one commit.
void write_plan(const Globals& globals, Transaction& change, const StatusPlan& plan,
                const std::string& message, const std::string& done) {
    for (const auto& u : plan.updates) {
        change.put(u.kind, u.id, u.doc, false);
    }
    change.commit(message);
    say(globals, done);
    for (const auto& note : plan.notes)
        say(globals, note);
}

std::string id_of(const RecordStore& store, Kind kind, const std::string& text) {
    return store.resolve(kind, text);
}

void add_suggest(CLI::App& parent, Globals& globals) {
    auto* cmd = parent.add_subcommand("suggest");
    auto leaders = std::make_shared<std::vector<std::string>>();
    auto explain = std::make_shared<bool>(false);
    auto apply = std::make_shared<bool>(false);
    complete_ids(
        cmd->add_option("--leader", *leaders, "Only these leaders (repeat, or comma-separated)")
            ->delimiter(','),
        {Kind::leader});
    cmd->add_flag("--explain", *explain, "Show every criterion and the runner-up partners");
    cmd->add_flag("--apply", *apply, "Write each suggestion as a proposed match, in one commit");
    cmd->callback([&globals, leaders, explain, apply] {
        Format format = chosen_format(globals, Format::table);
        RecordStore store = open_store(globals);
        // With --apply the suggestions are worked out under the lock they are written under.
        std::optional<Transaction> change;
        if (*apply) change.emplace(store, change_options(globals), Date::today());
        store.load(people_and_matches);
        std::vector<std::string> wanted;
        for (const auto& l : *leaders)
            wanted.push_back(id_of(store, Kind::leader, l));
        Programme programme(store);
        Suggestions result = suggest_matches(programme, store.settings(), wanted);

        Table pairs;
        pairs.add_column("leader");
        pairs.add_column("partner");
        pairs.add_column("score", ColumnType::number);
        pairs.add_column("reasons", ColumnType::list);
        if (*explain) pairs.add_column("runners_up", ColumnType::list);
        for (const auto& s : result.pairs) {
            std::vector<std::string> row = {s.leader, s.partner, std::to_string(s.score.total),
                                            Table::list_cell(s.score.reasons())};
            if (*explain) {
                std::vector<std::string> others;
                for (const auto& [id, score] : s.runners_up)
                    others.push_back(fmt::format("{} ({})", id, score));
                row.push_back(Table::list_cell(others));
            }
            pairs.add_row(row);
        }
        Table unplaced;
        unplaced.add_column("leader");
        unplaced.add_column("reason");
        for (const auto& u : result.unplaced)
            unplaced.add_row({u.leader, u.reason});

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
            std::cout << render(pairs, format, false);
            if (!result.unplaced.empty()) std::cerr << render(unplaced, Format::table, false);
        }
        if (!*apply || result.pairs.empty()) return;
        StatusPlan all;
        std::vector<std::string> ids;
        Date today = Date::today();
        for (const auto& s : result.pairs) {
            std::string id;
            do
                id = store.new_id(Kind::match);
            while (std::find(ids.begin(), ids.end(), id) != ids.end());
            ids.push_back(id);
            NewMatch m{.partner = s.partner,
                       .leader = s.leader,
                       .status = MatchStatus::proposed,
                       .date = today,
                       .group = {},
                       .score = s.score,
                       .reasons = {}};
            auto plan = plan_new_match(store, programme, id, m);
            for (auto& u : plan.updates)
                all.updates.push_back(std::move(u));
        }
        for (const auto& u : all.updates)
            change->put(u.kind, u.id, u.doc, u.kind == Kind::match);
        change->commit(fmt::format("match: propose {}", counted(ids.size(), "match", "matches")));
        if (!globals.quiet)
            std::cerr << fmt::format("Proposed {}: {}\n", counted(ids.size(), "match", "matches"),
                                     join(ids, ", "));
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
    cmd->add_option("--start", *start,
                    "When it was proposed, or started if active (YYYY-MM-DD; default today)");
    cmd->add_option("--group", *group, "The action learning group this pair belongs to");
    cmd->callback([&globals, partner, leader, status, start, group] {
        no_format(globals);
        Date when = date_option(*start, "--start");
        auto new_status = parse_word<MatchStatus>(*status);
        if (new_status != MatchStatus::proposed && new_status != MatchStatus::active)
            throw Error(ExitCode::usage, {}, "--status",
                        fmt::format("'{}' is not proposed or active", *status),
                        "a new match starts proposed, or active when it has already begun");
        Writing w(globals, people_and_matches);
        auto& [store, change] = w;
        std::string p = id_of(store, Kind::partner, *partner);
        std::string l = id_of(store, Kind::leader, *leader);
        Programme programme(store);
        std::string id = store.new_id(Kind::match);
        NewMatch m{.partner = p,
                   .leader = l,
                   .status = *new_status,
                   .date = when,
                   .group = *group,
                   .score = std::nullopt,
                   .reasons = {}};
        StatusPlan plan = plan_new_match(store, programme, id, m);
        for (const auto& u : plan.updates) {
            change.put(u.kind, u.id, u.doc, u.id == id);
        }
        commit_and_print_id(change, fmt::format("match: add {}", id), id);
        // stdout holds only the id, for scripts; what else changed goes to stderr.
        if (!globals.quiet)
            for (const auto& note : plan.notes)
                std::cerr << note << '\n';
    });
}

// accept, pause, resume and end: one match moves, and its leader with it. What each is, in
// one table: its status after, whether it keeps a date (a pause keeps none; a start and an end
// do) and whether it is an ending (--completed, --category and --reason).
struct Move {
    std::string_view name;
    MatchStatus to;  // end: ended, or completed with --completed
    bool dated, ending;
};

const std::vector<Move>& moves() {
    static const std::vector<Move> table = {
        {"accept", MatchStatus::active, true, false},
        {"pause", MatchStatus::paused, false, false},
        {"resume", MatchStatus::active, false, false},
        {"end", MatchStatus::ended, true, true},
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
    complete_ids(cmd->add_option("ID", *id, "The match's id (or its unique start)")->required(),
                 {Kind::match});
    if (move.dated)
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
        StatusPlan plan =
            plan_match_move(store, programme, match, target, when, *reason, *category);
        write_plan(globals, change, plan, fmt::format("match: {} {}", move.name, match),
                   fmt::format("{} is now {}.", match, target));
    });
}

void add_list(CLI::App& parent, Globals& globals) {
    auto* cmd = parent.add_subcommand("list");
    struct Filters {
        std::string status, partner, leader, group, cohort;
    };
    auto f = std::make_shared<Filters>();
    complete_vocabulary(
        cmd->add_option("--status", f->status, "Only these statuses (comma-separated)"),
        "match_status");
    complete_ids(cmd->add_option("--partner", f->partner, "Only this partner's matches"),
                 {Kind::partner});
    complete_ids(cmd->add_option("--leader", f->leader, "Only this leader's matches"),
                 {Kind::leader});
    cmd->add_option("--group", f->group, "Only this action learning group");
    cmd->add_option("--cohort", f->cohort, "Only leaders of this programme or cohort");
    cmd->callback([&globals, f] {
        Format format = chosen_format(globals, Format::table);
        RecordStore store =
            read_store(globals, {Kind::partner, Kind::leader, Kind::match, Kind::session});
        bool unread = tell_unread(store);  // each problem, before the listing
        auto statuses = split(f->status, ',');
        require_in_vocabulary(store.settings().vocabularies, "match_status", statuses, "--status");
        std::string partner = f->partner.empty() ? "" : id_of(store, Kind::partner, f->partner);
        std::string leader = f->leader.empty() ? "" : id_of(store, Kind::leader, f->leader);
        Programme programme(store);
        Table t;
        for (const char* c : {"id", "partner", "leader", "status", "proposed", "started", "ended"})
            t.add_column(c);
        t.add_column("sessions", ColumnType::number);
        t.add_column("group");
        for (const auto& m : programme.matches) {
            if (!statuses.empty() &&
                std::find(statuses.begin(), statuses.end(), word(m.status)) == statuses.end())
                continue;
            if (!partner.empty() && m.partner != partner) continue;
            if (!leader.empty() && m.leader != leader) continue;
            if (!f->group.empty() && m.group != f->group) continue;
            const Leader* l = programme.leader(m.leader);
            if (!f->cohort.empty() && (!l || l->cohort != f->cohort)) continue;
            long held = 0;
            for (const Session* s : programme.sessions_of_match(m.id))
                held += s->status == SessionStatus::held;
            t.add_row({m.id, m.partner, m.leader, std::string(word(m.status)),
                       m.proposed ? m.proposed->str() : "", m.started ? m.started->str() : "",
                       m.ended ? m.ended->str() : "", std::to_string(held), m.group});
        }
        if (format == Format::table && t.rows.empty()) {
            if (!globals.quiet) std::cerr << "No matches match.\n";
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
    complete_ids(cmd->add_option("ID", *id, "The match's id (or its unique start)")->required(),
                 {Kind::match});
    cmd->callback([&globals, id] {
        Format format =
            chosen_format(globals, Format::table, {Format::table, Format::yaml, Format::json});
        RecordStore store =
            read_store(globals, {Kind::partner, Kind::leader, Kind::match, Kind::session});
        std::string match = id_of(store, Kind::match, *id);
        const Record* r = store.find(match);
        if (!r) throw store.fails_check(Kind::match, match);
        Programme programme(store);
        Table sessions;
        sessions.add_column("session");
        sessions.add_column("date");
        sessions.add_column("status");
        sessions.add_column("minutes", ColumnType::number);
        sessions.add_column("mode");
        long held = 0, minutes = 0;
        for (const Session* s : programme.sessions_of_match(match)) {
            sessions.add_row({s->id, s->date.str(), std::string(word(s->status)),
                              std::to_string(s->minutes), s->mode});
            if (s->status == SessionStatus::held) ++held, minutes += s->minutes;
        }
        if (format == Format::json) {
            nlohmann::ordered_json out;
            out["record"] = record_json(Kind::match, r->doc);
            out["sessions"] = nlohmann::ordered_json::parse(render_json(sessions));
            std::cout << out.dump(2) << '\n';
            return;
        }
        std::cout << yaml::emit(normalise(Kind::match, r->doc));
        if (format == Format::yaml) return;
        const Partner* p = programme.partner(field_text(r->doc, "partner"));
        const Leader* l = programme.leader(field_text(r->doc, "leader"));
        std::cout << fmt::format(
            "\npartner   {}\nleader    {}{}\nsessions  {} held ({} hours {} minutes)\n",
            p ? p->name : "?", l ? l->name : "?", l ? ", " + l->organisation : "", held,
            minutes / 60, minutes % 60);
        if (!sessions.rows.empty())
            std::cout << '\n' << render_table(sessions, use_colour(globals));
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
}

}  // namespace vfi::cli
