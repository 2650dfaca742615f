// vfi reflect: add (from flags or a YAML file), list, show, set, edit, and the reflective
// prompts grouped by the 5 Ps of co-production.
#include <unistd.h>

#include <filesystem>
#include <functional>
#include <iostream>
#include <iterator>
#include <optional>

#include <fmt/format.h>

#include <nlohmann/json.hpp>

#include "completion.hpp"
#include "context.hpp"
#include "edit.hpp"
#include "option_errors.hpp"
#include "vfi/base/text.hpp"
#include "vfi/format/status.hpp"
#include "vfi/format/validate.hpp"
#include "vfi/ops/learning.hpp"
#include "vfi/ops/reflect_import.hpp"
#include "vfi/ops/reflections.hpp"
#include "vfi/render/json.hpp"
#include "vfi/store/files.hpp"

namespace vfi::cli {
namespace {

struct Prompt {
    const char* p;
    std::vector<const char*> questions;
};

// The Learning Partner's questions, then the 5 Ps of co-production.
const std::vector<Prompt>& prompts() {
    static const std::vector<Prompt> list = {
        {"learning",
         {"What is changing?", "How is it changing?", "Why is it changing?",
          "What barriers have you met?", "What has helped (enablers)?"}},
        {"philosophy",
         {"Whose decision is this, and who does it affect?",
          "Where did people with lived experience shape a decision this time?"}},
        {"people",
         {"Whose voices were in the room, and whose were missing?",
          "How did lived and learned experience each count?"}},
        {"power",
         {"Where was power held, and was it named?",
          "What did anyone give up, or share, to make room for others?"}},
        {"patience",
         {"Where did we rush, and what did it cost?", "Who needed more time to be heard?"}},
        {"product",
         {"How have you grown through this work?", "What has changed in services or decisions?"}},
    };
    return list;
}

void add_prompts(CLI::App& parent, Globals& globals) {
    auto* cmd = parent.add_subcommand("prompts");
    auto p = std::make_shared<std::string>();
    complete_words(
        cmd->add_option("--p", *p, "Only one P: philosophy, people, power, patience or product"),
        {"philosophy", "people", "power", "patience", "product"});
    cmd->callback([&globals, p] {
        no_format(globals);
        bool found = false;
        for (const auto& group : prompts()) {
            if (!p->empty() && *p != group.p) continue;
            found = true;
            std::string title =
                group.p == std::string("learning") ? "What is changing, how, and why" : group.p;
            title[0] = static_cast<char>(std::toupper(static_cast<unsigned char>(title[0])));
            std::cout << title << '\n';
            for (const char* q : group.questions)
                std::cout << "  - " << q << '\n';
            std::cout << '\n';
        }
        if (!found)
            throw Error(ExitCode::usage, {}, "--p", fmt::format("'{}' is not one of the 5 Ps", *p),
                        "use philosophy, people, power, patience or product");
    });
}

// With a terminal and no text given, `reflect add` asks the questions one by one: the
// Learning Partner's, then the 5 Ps. Each answer is checked as it is given, by the core's
// check of that value.
class Walk {
  public:
    using Check = std::function<void(const std::string&)>;  // throws Error for a wrong answer

    // One line; `fallback` when left empty. Asks again while `check` says what is wrong.
    static std::string ask(const std::string& question, const std::string& fallback,
                           const Check& check = nullptr) {
        while (true) {
            std::cerr << question << (fallback.empty() ? "" : " [" + fallback + "]") << ": "
                      << std::flush;
            std::string line;
            if (!std::getline(std::cin, line))
                throw Error(ExitCode::usage, "stopped before the end",
                            "nothing was written; run it again");
            line = trim(line);
            if (line.empty()) line = fallback;
            std::string wrong = check && !line.empty() ? problem(check, line) : "";
            if (wrong.empty()) return line;
            std::cerr << "  " << wrong << '\n';
        }
    }

    // Several lines, until an empty one.
    static std::vector<std::string> ask_lines(const std::string& question) {
        std::cerr << question << " (one a line; an empty line to finish)\n";
        std::vector<std::string> out;
        while (true) {
            std::cerr << "  - " << std::flush;
            std::string line;
            if (!std::getline(std::cin, line) || trim(line).empty()) return out;
            out.push_back(trim(line));
        }
    }

  private:
    // What `check` finds wrong with `answer`, or "".
    static std::string problem(const Check& check, const std::string& answer) {
        try {
            check(answer);
            return {};
        } catch (const Error& e) {
            return e.message() + (e.hint().empty() ? "" : " — " + e.hint());
        }
    }
};

// Who, about what, at which stage; what is changing, how and why; barriers and enablers.
void ask_what_is_changing(const RecordStore& store, ReflectionInput& in) {
    const auto& vocabularies = store.settings().vocabularies;
    std::cerr << "A reflection: what is changing, how, and why. Press Enter to skip a "
                 "question.\n\n";
    in.by = Walk::ask("Who is reflecting? learning-partner, or a partner or leader id",
                      in.by.empty() ? "learning-partner" : in.by,
                      [&](const std::string& t) { reflection_by(store, t); });
    in.about = Walk::ask("What is it about? programme, or a match or session id",
                         in.about.empty() ? "programme" : in.about,
                         [&](const std::string& t) { reflection_about(store, t); });
    in.stage =
        Walk::ask("Stage: baseline, midpoint, end or ad-hoc",
                  in.stage.empty() ? std::string(word(Stage::ad_hoc)) : in.stage,
                  [&](const std::string& t) { check_reflection_value(vocabularies, "stage", t); });
    in.changing = Walk::ask("What is changing?", "");
    in.how = Walk::ask("How is it changing?", "");
    in.why = Walk::ask("Why is it changing?", "");
    in.barriers = Walk::ask_lines("What barriers have you met?");
    in.enablers = Walk::ask_lines("What has helped (enablers)?");
}

// The 5 Ps, a quote and whether it may be reported, and scores.
void ask_themes_quote_and_scores(const RecordStore& store, ReflectionInput& in) {
    const auto& vocabularies = store.settings().vocabularies;
    std::cerr << "\nThe 5 Ps of co-production: philosophy (whose decision is it?), people "
                 "(whose voices?),\n"
                 "power (was it named?), patience (who needed more time?), product (how "
                 "have people grown?)\n";
    in.themes = split(
        Walk::ask("Which themes does this touch? (comma-separated)", "",
                  [&](const std::string& t) { check_reflection_value(vocabularies, "themes", t); }),
        ',');
    in.quote = Walk::ask("Words to quote (empty for none)", "");
    if (!in.quote.empty())
        in.quote_consent = *parse_boolean(
            Walk::ask("May they be quoted in reports? yes or no", "no", [](const std::string& t) {
                if (!parse_boolean(t)) throw Error(ExitCode::usage, "answer yes or no");
            }));
    in.scores = score_answer(Walk::ask("Scores, NAME=1..10 (comma-separated; empty for none)", "",
                                       [](const std::string& t) { score_answer(t); }));
}

struct AddArgs {
    ReflectionInput in;
    std::string from_file;
};

bool nothing_said(const ReflectionInput& in, const std::string& from_file) {
    return in.changing.empty() && in.how.empty() && in.why.empty() && in.barriers.empty() &&
           in.enablers.empty() && in.themes.empty() && in.quote.empty() && in.scores.empty() &&
           from_file.empty();
}

// What the command line must have: something said, and a quote for --quote-consent.
void require_something_said(const ReflectionInput& in, const std::string& from_file) {
    if (in.quote_consent && in.quote.empty())
        throw Error(ExitCode::usage, {}, "--quote-consent", "there is no --quote to consent to",
                    "give the words with --quote \"...\"");
    if (nothing_said(in, from_file))
        throw Error(ExitCode::usage, "a reflection needs something said",
                    "give --changing, --how, --why, a --barrier, --enabler, --theme, --quote "
                    "or --score; or run it "
                    "at a terminal to be asked the questions");
}

// The options given (or answered) for the fields the core's errors name.
OptionNames add_options_given(const ReflectionInput& in) {
    return given_options({{"by", "--by", !in.by.empty()},
                          {"about", "--about", !in.about.empty()},
                          {"stage", "--stage", !in.stage.empty()},
                          {"date", "--date", !in.date.empty()},
                          {"changing", "--changing", !in.changing.empty()},
                          {"how", "--how", !in.how.empty()},
                          {"why", "--why", !in.why.empty()}});
}

// --from-file: the file, or standard input for `-`.
std::optional<ReflectionFile> reflection_file(const std::string& from_file) {
    if (from_file.empty()) return std::nullopt;
    if (from_file == "-")
        return ReflectionFile{std::string(std::istreambuf_iterator<char>(std::cin), {}),
                              "(standard input)"};
    return ReflectionFile{read_file(from_file, from_file), from_file};
}

void add_add_options(CLI::App* cmd, AddArgs& a) {
    ReflectionInput& in = a.in;
    complete_ids(cmd->add_option("--by", in.by,
                                 "learning-partner, or the id of the partner or leader reflecting"),
                 {Kind::partner, Kind::leader}, {"learning-partner"});
    complete_ids(cmd->add_option("--about", in.about, "programme, or a match or session id"),
                 {Kind::match, Kind::session}, {"programme"});
    complete_vocabulary(cmd->add_option("--stage", in.stage, "baseline, midpoint, end or ad-hoc"),
                        "stages");
    cmd->add_option("--date", in.date, "When (YYYY-MM-DD; default today)");
    cmd->add_option("--changing", in.changing, "What is changing");
    cmd->add_option("--how", in.how, "How it is changing");
    cmd->add_option("--why", in.why, "Why it is changing");
    cmd->add_option("--barrier", in.barriers, "A barrier met (repeat for more)");
    cmd->add_option("--enabler", in.enablers, "An enabler (repeat for more)");
    complete_vocabulary(
        cmd->add_option("--theme", in.themes,
                        "A theme: the 5 Ps or the programme's own (repeat, or comma-separated)")
            ->delimiter(','),
        "themes");
    cmd->add_option("--quote", in.quote, "Words to quote");
    cmd->add_flag("--quote-consent", in.quote_consent, "The person agreed to be quoted");
    cmd->add_option("--score", in.scores, "NAME=1..10, a self-rating (repeat, or comma-separated)")
        ->delimiter(',');
    complete_files(
        cmd->add_option("--from-file", a.from_file,
                        "Read the reflection as YAML from a file, or - for standard input"));
}

void add_add(CLI::App& parent, Globals& globals) {
    auto* cmd = parent.add_subcommand("add");
    auto a = std::make_shared<AddArgs>();
    add_add_options(cmd, *a);
    cmd->callback([&globals, a] {
        no_format(globals);
        RecordStore store = open_store(globals);
        ReflectionInput in = a->in;
        if (nothing_said(in, a->from_file) && isatty(STDIN_FILENO) && isatty(STDERR_FILENO)) {
            // Ask first, lock only to write: nobody waits while a person types.
            store.release_lock();
            ask_what_is_changing(store, in);
            ask_themes_quote_and_scores(store, in);
        }
        Transaction change(store, change_options(globals), Date::today());
        store.load({Kind::partner, Kind::leader, Kind::match, Kind::session});
        std::string id = store.new_id(Kind::reflection);
        require_something_said(in, a->from_file);
        in.file = reflection_file(a->from_file);
        yaml::Node doc = naming_options(
            add_options_given(in), [&] { return new_reflection(store, id, in, Date::today()); });
        change.put(Kind::reflection, id, doc, Write::create, in.file ? &in.file->text : nullptr);
        commit_and_print_id(change, fmt::format("reflect: add {}", id), id);
    });
}

void add_list(CLI::App& parent, Globals& globals) {
    auto* cmd = parent.add_subcommand("list");
    auto f = std::make_shared<ReflectionFilter>();
    complete_ids(
        cmd->add_option("--by", f->by, "Only reflections by this person (or learning-partner)"),
        {Kind::partner, Kind::leader}, {"learning-partner"});
    complete_ids(cmd->add_option("--about", f->about,
                                 "Only reflections about this (programme, a match or a session)"),
                 {Kind::match, Kind::session}, {"programme"});
    complete_vocabulary(cmd->add_option("--stage", f->stage, "Only this stage"), "stages");
    complete_vocabulary(cmd->add_option("--theme", f->theme, "Only reflections with this theme"),
                        "themes");
    auto shaping = std::make_shared<Shaping>();
    add_shaping(*cmd, *shaping);
    cmd->callback([&globals, f, shaping] {
        Format format = chosen_format(globals, Format::table);
        ReflectionFilter filter = *f;
        bool unread = false;  // each problem is told before the listing
        Table t = listing(globals, {Kind::partner, Kind::leader, Kind::reflection},
                          [&](RecordStore& store) {
                              return naming_options(
                                  given_options({{"stage", "--stage", !f->stage.empty()},
                                                 {"themes", "--theme", !f->theme.empty()}}),
                                  [&] { return list_reflections(store, filter); });
                          },
                          unread, false, {&filter.by, &filter.about});
        t = shaped(t, *shaping, format);
        if (format == Format::table && t.rows.empty()) {
            if (!globals.quiet) std::cerr << "No reflections match.\n";
        } else {
            std::cout << render(t, format, use_colour(globals));
        }
        if (unread) throw ExitCode::problems;
    });
}

void add_show(CLI::App& parent, Globals& globals) {
    auto* cmd = parent.add_subcommand("show");
    auto id = std::make_shared<std::string>();
    add_id_argument(*cmd, *id, Kind::reflection, "The reflection's id (or its unique start)");
    cmd->callback([&globals, id] {
        Format format =
            chosen_format(globals, Format::table, {Format::table, Format::yaml, Format::json});
        std::string own = *id;
        RecordStore store = show_store(globals, own, {Kind::reflection});
        const Record& r = existing(store, Kind::reflection, own);
        if (format == Format::json)
            std::cout << record_json(Kind::reflection, r.doc).dump(2) << '\n';
        else
            std::cout << yaml::emit(normalise(Kind::reflection, r.doc));
    });
}

// --who as typed: leaders (the default), partners or everyone.
Raters raters(const std::string& who) {
    if (who.empty() || who == "leaders") return Raters::leaders;
    if (who == "partners") return Raters::partners;
    if (who == "everyone") return Raters::everyone;
    throw Error(ExitCode::usage, {}, "--who", fmt::format("'{}' is not whose ratings to show", who),
                "give leaders (the leaders coached), partners (the partners' own) or everyone");
}

struct ScoresArgs {
    std::string from, to, cohort, who;
    Shaping shaping;
};

void add_scores(CLI::App& parent, Globals& globals) {
    auto* cmd = parent.add_subcommand("scores");
    auto a = std::make_shared<ScoresArgs>();
    cmd->add_option("--from", a->from, "Only end ratings on or after this day (YYYY-MM-DD)");
    cmd->add_option("--to", a->to, "Only end ratings on or before this day (YYYY-MM-DD)");
    cmd->add_option("--cohort", a->cohort,
                    "Only this cohort of leaders, and the partners who coached them");
    complete_words(cmd->add_option("--who", a->who,
                                   "leaders (default), partners (their own change) or everyone"),
                   {"leaders", "partners", "everyone"});
    add_shaping(*cmd, a->shaping, false);
    cmd->callback([&globals, a] {
        Format format = chosen_format(globals, Format::table);
        ScoreFilter filter;
        filter.who = raters(a->who);
        if (!a->from.empty()) filter.from = date_option(a->from, "--from");
        if (!a->to.empty()) filter.to = date_option(a->to, "--to");
        if (filter.to < filter.from)
            throw Error(ExitCode::usage, {}, "--from", "the period ends before it starts",
                        "give --from before --to");
        RecordStore store = read_store(
            globals, {Kind::partner, Kind::leader, Kind::match, Kind::session, Kind::reflection});
        std::optional<CohortMembers> cohort;
        if (!a->cohort.empty()) cohort = cohort_members(Programme(store), a->cohort);
        filter.cohort = cohort ? &*cohort : nullptr;
        auto [all_people, overall] = score_tables(store, filter);
        Table people = shaped(all_people, a->shaping, format);
        if (format == Format::json) {
            nlohmann::ordered_json out;
            out["people"] = nlohmann::ordered_json::parse(render_json(people));
            out["overall"] = nlohmann::ordered_json::parse(render_json(overall));
            std::cout << out.dump(2) << '\n';
        } else if (format == Format::table) {
            if (people.rows.empty()) {
                say(globals, "No one has both a baseline and an end score yet.");
                return;
            }
            std::cout << render_table(overall, use_colour(globals)) << '\n'
                      << render_table(people, use_colour(globals));
        } else {
            std::cout << render(people, format, Colour::off);
        }
    });
}

void add_themes(CLI::App& parent, Globals& globals) {
    auto* cmd = parent.add_subcommand("themes");
    auto from = std::make_shared<std::string>();
    auto to = std::make_shared<std::string>();
    auto by = std::make_shared<std::string>();
    cmd->add_option("--from", *from,
                    "Start of the period (YYYY-MM-DD; default a year before --to)");
    cmd->add_option("--to", *to, "End of the period, inclusive (YYYY-MM-DD; default today)");
    complete_ids(
        cmd->add_option("--by", *by, "Only reflections by this person (or learning-partner)"),
        {Kind::partner, Kind::leader}, {"learning-partner"});
    cmd->callback([&globals, from, to, by] {
        Format format = chosen_format(globals, Format::table);
        Date end = date_option(*to, "--to");
        Date start =
            from->empty() ? Date::from_days(end.days() - 364) : date_option(*from, "--from");
        if (end < start)
            throw Error(ExitCode::usage, {}, "--from", "the period ends before it starts",
                        "give --from before --to");
        RecordStore store = read_store(globals, {Kind::reflection});
        auto [t, compared, first] = mention_trends(store, start, end, *by);
        long days = days_between(start, end) + 1;
        if (format == Format::table && t.rows.empty()) {
            say(globals,
                compared ? fmt::format("No reflections from {} to {}, nor in the {} days "
                                       "before.",
                                       start.str(), end.str(), days)
                         : fmt::format("No reflections from {} to {}.", start.str(), end.str()));
            return;
        }
        if (format == Format::table && !globals.quiet)
            std::cout << (compared
                              ? fmt::format("{} to {} (now), against the {} days before (before)",
                                            start.str(), end.str(), days)
                              : fmt::format("{} to {} (now); nothing to compare with, as the "
                                            "reflections begin on {}",
                                            start.str(), end.str(), first ? first->str() : "-"))
                      << "\n\n";
        std::cout << render(t, format, use_colour(globals));
    });
}

// A file named on the command line; when it cannot be read, the hint says where to look.
std::string read_named_file(const std::string& file) {
    try {
        return read_file(file, file);
    } catch (const Error& e) {
        throw Error(e.code(), e.where(), {}, e.message(), "check the file's name and folder");
    }
}

// On standard error: the questions no field took, then each response that cannot be
// imported, by its line.
void tell_left_out(const ReflectImportPlan& plan) {
    if (!plan.ignored.empty())
        std::cerr << fmt::format(
            "note: not imported (the map file names no field for them): {} — add them under "
            "columns in the map file, or with no field to leave them out quietly\n",
            join(plan.ignored, ", "));
    for (const auto& p : plan.problems)
        std::cerr << p.describe() << '\n';
}

// `3 reflections`, and what else the rows were: `; 2 already imported; skipped 1 row`.
std::string import_counts(const ReflectImportPlan& plan, bool skipped) {
    std::string out = counted(plan.rows.size(), "reflection");
    if (plan.already) out += fmt::format("; {} already imported", plan.already);
    if (!plan.problems.empty())
        out += fmt::format("; {} {}", skipped ? "skipped" : "with problems:",
                           counted(plan.problems.size(), "row"));
    return out;
}

// What an import says it did, on standard error: standard output has only the new ids.
void tell(const Globals& globals, const std::string& text) {
    if (!globals.quiet) std::cerr << text << '\n';
}

// Nothing is written while a response has a problem, unless --skip-invalid; --dry-run says
// what would be; else every new reflection through the write gate in one commit.
void import_responses(const Globals& globals, Transaction& change, const ReflectImportPlan& plan,
                      bool dry_run, bool skip) {
    std::size_t all = plan.rows.size() + plan.already + plan.problems.size();
    if (!plan.problems.empty() && !skip && !dry_run)
        throw Error(
            ExitCode::bad_data,
            fmt::format("{} of {} {} problems; nothing was imported", plan.problems.size(),
                        counted(all, "response"), plan.problems.size() == 1 ? "has" : "have"),
            "fix the rows listed above (or the records they need) and import again, or "
            "add --skip-invalid to import the others");
    if (dry_run) {
        tell(globals,
             fmt::format("Would add {}; nothing was written.", import_counts(plan, false)));
        if (!plan.problems.empty() && !skip) throw ExitCode::bad_data;
        return;
    }
    if (plan.rows.empty()) {
        tell(globals, fmt::format("Nothing to import ({}).", import_counts(plan, skip)));
        return;
    }
    for (const auto& row : plan.rows)
        change.put(Kind::reflection, row.id, row.doc, Write::create);
    // Never a name, an email, nor the form's name (its maker chose it): a count.
    change.commit(fmt::format("reflect: import {}", counted(plan.rows.size(), "reflection")));
    for (const auto& row : plan.rows)
        std::cout << row.id << '\n';
    tell(globals, fmt::format("Added {}.", import_counts(plan, true)));
}

void add_import(CLI::App& parent, Globals& globals) {
    auto* cmd = parent.add_subcommand("import");
    auto file = std::make_shared<std::string>();
    auto map = std::make_shared<std::string>();
    auto dry_run = std::make_shared<bool>(false);
    auto skip = std::make_shared<bool>(false);
    complete_files(cmd->add_option("FILE", *file,
                                   "The form's responses exported as CSV (Microsoft Forms, "
                                   "Google Forms)")
                       ->required());
    complete_files(
        cmd->add_option("--map", *map, "The map file (YAML): which column fills which field")
            ->required());
    cmd->add_flag("--dry-run", *dry_run,
                  "Check every response and say what would be added; write nothing");
    cmd->add_flag("--skip-invalid", *skip, "Add the valid responses and list the others by line");
    cmd->callback([&globals, file, map, dry_run, skip] {
        no_format(globals);
        std::string map_text = read_named_file(*map);
        std::string csv_text = read_named_file(*file);
        // Lock first, then read: who has which email, and what was imported, cannot change.
        Writing w(globals,
                  {Kind::partner, Kind::leader, Kind::match, Kind::session, Kind::reflection});
        auto& [store, change] = w;
        FormMap form = read_form_map(map_text, std::filesystem::path(*map).filename().string(),
                                     store.settings().vocabularies);
        ReflectImportPlan plan = plan_reflect_import(
            store, form, csv_text, std::filesystem::path(*file).filename().string(), Date::today());
        tell_left_out(plan);
        import_responses(globals, change, plan, *dry_run, *skip);
    });
}

}  // namespace

void add_reflect_command(CLI::App& app, Globals& globals) {
    auto* cmd = app.add_subcommand("reflect");
    cmd->require_subcommand(1);
    add_add(*cmd, globals);
    add_list(*cmd, globals);
    add_show(*cmd, globals);
    add_set_command(*cmd, globals, Kind::reflection);
    add_edit_command(*cmd, globals, Kind::reflection);
    add_remove_command(*cmd, globals, Kind::reflection);
    add_import(*cmd, globals);
    add_prompts(*cmd, globals);
    add_themes(*cmd, globals);
    add_scores(*cmd, globals);
}

}  // namespace vfi::cli
