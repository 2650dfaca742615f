// vfi reflect: add (from flags or a YAML file), list, show, set, edit, and the reflective
// prompts grouped by the 5 Ps of co-production. Their help is in help/reflect*.md.
#include <unistd.h>

#include <functional>
#include <iostream>

#include <fmt/format.h>

#include "completion.hpp"
#include "context.hpp"
#include "edit.hpp"
#include "vfi/format/field_input.hpp"
#include "vfi/ops/check.hpp"
#include "vfi/ops/learning.hpp"
#include "vfi/render/json.hpp"
#include "vfi/store/files.hpp"

#include <nlohmann/json.hpp>
#include "vfi/base/text.hpp"
#include "vfi/format/validate.hpp"
#include "vfi/model/records.hpp"

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
// Learning Partner's, then the 5 Ps. Each answer is checked as it is given.
class Walk {
  public:
    explicit Walk(const Vocabularies& vocab) : vocab_(vocab) {}

    // One line; `fallback` when left empty. Asks again while `check` says what is wrong.
    std::string ask(const std::string& question, const std::string& fallback,
                    const std::function<std::string(const std::string&)>& check = nullptr) {
        while (true) {
            std::cerr << question << (fallback.empty() ? "" : " [" + fallback + "]") << ": "
                      << std::flush;
            std::string line;
            if (!std::getline(std::cin, line))
                throw Error(ExitCode::usage, "stopped before the end",
                            "nothing was written; run it again");
            line = trim(line);
            if (line.empty()) line = fallback;
            std::string problem = check && !line.empty() ? check(line) : "";
            if (problem.empty()) return line;
            std::cerr << "  " << problem << '\n';
        }
    }

    // Several lines, until an empty one.
    std::vector<std::string> ask_lines(const std::string& question) {
        std::cerr << question << " (one a line; an empty line to finish)\n";
        std::vector<std::string> out;
        while (true) {
            std::cerr << "  - " << std::flush;
            std::string line;
            if (!std::getline(std::cin, line) || trim(line).empty()) return out;
            out.push_back(trim(line));
        }
    }

    // A problem with `text` as the value of `key`, or "".
    std::string problem(const char* key, const std::string& text) {
        try {
            auto scratch = yaml::Node::map();
            assign(scratch, Kind::reflection, key, text, vocab_, key, true);
            return {};
        } catch (const Error& e) {
            return e.message() + (e.hint().empty() ? "" : " — " + e.hint());
        }
    }

  private:
    const Vocabularies& vocab_;
};

void add_add(CLI::App& parent, Globals& globals) {
    auto* cmd = parent.add_subcommand("add");
    struct Args {
        std::string by, about, stage, date, changing, how, why, quote, from_file;
        std::vector<std::string> barriers, enablers, themes, scores;
        bool consent = false;
    };
    auto a = std::make_shared<Args>();
    complete_ids(cmd->add_option("--by", a->by,
                                 "learning-partner, or the id of the partner or leader reflecting"),
                 {Kind::partner, Kind::leader}, {"learning-partner"});
    complete_ids(cmd->add_option("--about", a->about, "programme, or a match or session id"),
                 {Kind::match, Kind::session}, {"programme"});
    complete_vocabulary(cmd->add_option("--stage", a->stage, "baseline, midpoint, end or ad-hoc"),
                        "stages");
    cmd->add_option("--date", a->date, "When (YYYY-MM-DD; default today)");
    cmd->add_option("--changing", a->changing, "What is changing");
    cmd->add_option("--how", a->how, "How it is changing");
    cmd->add_option("--why", a->why, "Why it is changing");
    cmd->add_option("--barrier", a->barriers, "A barrier met (repeat for more)");
    cmd->add_option("--enabler", a->enablers, "An enabler (repeat for more)");
    complete_vocabulary(
        cmd->add_option("--theme", a->themes, "A theme: the 5 Ps or the programme's own (repeat)"),
        "themes");
    cmd->add_option("--quote", a->quote, "Words to quote");
    cmd->add_flag("--quote-consent", a->consent, "The person agreed to be quoted");
    cmd->add_option("--score", a->scores, "NAME=1..10, a self-rating (repeat)");
    complete_files(
        cmd->add_option("--from-file", a->from_file,
                        "Read the reflection as YAML from a file, or - for standard input"));
    cmd->callback([&globals, a] {
        no_format(globals);
        RecordStore store = open_store(globals);
        const auto& vocab = store.settings().vocabularies;
        yaml::Node doc = yaml::Node::map();
        std::string source;
        bool nothing_given = a->changing.empty() && a->how.empty() && a->why.empty() &&
                             a->barriers.empty() && a->enablers.empty() && a->themes.empty() &&
                             a->quote.empty() && a->scores.empty() && a->from_file.empty();
        if (nothing_given && isatty(STDIN_FILENO) && isatty(STDERR_FILENO)) {
            // Ask first, lock only to write: nobody waits while a person types.
            store.release_lock();
            Walk walk(vocab);
            std::cerr << "A reflection: what is changing, how, and why. Press Enter to skip a "
                         "question.\n\n";
            a->by = walk.ask("Who is reflecting? learning-partner, or a partner or leader id",
                             a->by.empty() ? "learning-partner" : a->by,
                             [&](const std::string& t) { return walk.problem("by", t); });
            a->about = walk.ask("What is it about? programme, or a match or session id",
                                a->about.empty() ? "programme" : a->about,
                                [&](const std::string& t) { return walk.problem("about", t); });
            a->stage = walk.ask("Stage: baseline, midpoint, end or ad-hoc",
                                a->stage.empty() ? std::string(word(Stage::ad_hoc)) : a->stage,
                                [&](const std::string& t) { return walk.problem("stage", t); });
            a->changing = walk.ask("What is changing?", "");
            a->how = walk.ask("How is it changing?", "");
            a->why = walk.ask("Why is it changing?", "");
            a->barriers = walk.ask_lines("What barriers have you met?");
            a->enablers = walk.ask_lines("What has helped (enablers)?");
            std::cerr << "\nThe 5 Ps of co-production: philosophy (whose decision is it?), people "
                         "(whose voices?),\n"
                         "power (was it named?), patience (who needed more time?), product (how "
                         "have people grown?)\n";
            a->themes =
                split(walk.ask("Which themes does this touch? (comma-separated)", "",
                               [&](const std::string& t) { return walk.problem("themes", t); }),
                      ',');
            a->quote = walk.ask("Words to quote (empty for none)", "");
            if (!a->quote.empty())
                a->consent = lower(walk.ask("May they be quoted in reports? yes or no", "no",
                                            [](const std::string& t) {
                                                return parse_boolean(t) ? "" : "answer yes or no";
                                            })) == "yes";
            a->scores = split(
                walk.ask("Scores, NAME=1..10 (comma-separated; empty for none)", "",
                         [&](const std::string& t) {
                             for (const auto& s : split(t, ',')) {
                                 auto eq = s.find('=');
                                 auto n = eq == std::string::npos ? std::nullopt
                                                                  : parse_integer(s.substr(eq + 1));
                                 if (!n || *n < 1 || *n > 10 || !valid_tag(trim(s.substr(0, eq))))
                                     return fmt::format("'{}' is not NAME=1..10", s);
                             }
                             return std::string();
                         }),
                ',');
        }
        Transaction change(store, change_options(globals), Date::today());
        store.load({Kind::partner, Kind::leader, Kind::match, Kind::session});
        std::string id = store.new_id(Kind::reflection);
        if (a->consent && a->quote.empty())
            throw Error(ExitCode::usage, {}, "--quote-consent", "there is no --quote to consent to",
                        "give the words with --quote \"...\"");
        if (a->changing.empty() && a->how.empty() && a->why.empty() && a->barriers.empty() &&
            a->enablers.empty() && a->themes.empty() && a->quote.empty() && a->scores.empty() &&
            a->from_file.empty())
            throw Error(ExitCode::usage, "a reflection needs something said",
                        "give --changing, --how, --why, a --barrier, --enabler, --theme, --quote "
                        "or --score; or run it "
                        "at a terminal to be asked the questions");
        // Ids may be given by their unique start, as everywhere.
        if (!a->by.empty())
            a->by = store.resolve({Kind::partner, Kind::leader}, a->by, "learning-partner");
        if (!a->about.empty())
            a->about = store.resolve({Kind::match, Kind::session}, a->about, "programme");
        if (!a->from_file.empty()) {
            source = a->from_file == "-" ? std::string(std::istreambuf_iterator<char>(std::cin), {})
                                         : read_file(a->from_file, a->from_file);
            std::string shown = a->from_file == "-" ? "(standard input)" : a->from_file;
            doc = yaml::parse(source, shown);
            if (!doc.is_map())
                throw Error(ExitCode::bad_data, Location{shown, 1, 0}, {},
                            "expected `key: value` lines",
                            "write the reflection as in docs/format.md, without an id");
            if (doc.find("id"))
                throw Error(ExitCode::bad_data,
                            Location{shown, doc.find_entry("id")->key_mark.line, 0}, "id",
                            "vfi makes the id of a new reflection", "remove the id line");
        }
        doc.set("id", yaml::Node::plain(id));
        auto set = [&](const char* key, const std::string& text, const char* shown) {
            if (!text.empty()) assign(doc, Kind::reflection, key, text, vocab, shown, true);
        };
        set("by", a->by, "--by");
        set("about", a->about, "--about");
        set("stage", a->stage, "--stage");
        set("changing", a->changing, "--changing");
        set("how", a->how, "--how");
        set("why", a->why, "--why");
        auto list = [&](const char* key, const std::vector<std::string>& items, bool tags) {
            if (items.empty()) return;
            auto seq = yaml::Node::sequence();
            for (const auto& i : items)
                seq.items.push_back(tags ? yaml::Node::plain(i) : yaml::Node::text(i));
            doc.set(key, seq);
        };
        list("barriers", a->barriers, false);
        list("enablers", a->enablers, false);
        list("themes", a->themes, true);
        if (!a->quote.empty()) {
            auto q = yaml::Node::map();
            q.set("text", yaml::Node::text(a->quote));
            q.set("consent", yaml::Node::plain(a->consent ? "true" : "false"));
            auto quotes = yaml::Node::sequence();
            quotes.items.push_back(q);
            doc.set("quotes", quotes);
        }
        for (const auto& s : a->scores) {
            auto [name, value] = split_assignment(s);
            yaml::Node* scores = doc.find("scores");
            if (!scores) scores = &doc.set("scores", yaml::Node::map());
            scores->set(name, yaml::Node::plain(value));
        }
        if (!doc.find("date"))
            doc.set("date", yaml::Node::plain(date_option(a->date, "--date").str()));
        if (!doc.find("by")) doc.set("by", yaml::Node::plain("learning-partner"));
        if (!doc.find("about")) doc.set("about", yaml::Node::plain("programme"));
        for (const char* key : {"by", "about"}) {
            std::string ref = field_text(doc, key);
            if (auto k = kind_of_id(ref); k && !store.find(ref))
                throw Error(ExitCode::not_found, {}, std::string("--") + key,
                            fmt::format("no {} has the id '{}'", kind_name(*k), ref),
                            fmt::format("list them with `vfi {} list`", kind_command(*k)));
        }
        change.put(Kind::reflection, id, doc, true, source.empty() ? nullptr : &source);
        commit_and_print_id(change, fmt::format("reflect: add {}", id), id);
    });
}

void add_list(CLI::App& parent, Globals& globals) {
    auto* cmd = parent.add_subcommand("list");
    struct Filters {
        std::string by, about, stage, theme;
    };
    auto f = std::make_shared<Filters>();
    complete_ids(
        cmd->add_option("--by", f->by, "Only reflections by this person (or learning-partner)"),
        {Kind::partner, Kind::leader}, {"learning-partner"});
    complete_ids(cmd->add_option("--about", f->about,
                                 "Only reflections about this (programme, a match or a session)"),
                 {Kind::match, Kind::session}, {"programme"});
    complete_vocabulary(cmd->add_option("--stage", f->stage, "Only this stage"), "stages");
    complete_vocabulary(cmd->add_option("--theme", f->theme, "Only reflections with this theme"),
                        "themes");
    cmd->callback([&globals, f] {
        Format format = chosen_format(globals, Format::table);
        RecordStore store = read_store(globals, {Kind::reflection});
        if (!f->by.empty())
            f->by = store.resolve({Kind::partner, Kind::leader}, f->by, "learning-partner");
        if (!f->about.empty())
            f->about = store.resolve({Kind::match, Kind::session}, f->about, "programme");
        bool unread = tell_unread(store);  // each problem, before the listing
        Table t;
        for (const char* c : {"id", "date", "by", "about", "stage"})
            t.add_column(c);
        t.add_column("themes", ColumnType::list);
        t.add_column("changing");
        std::vector<const Record*> chosen;
        for (const auto& r : store.records(Kind::reflection)) {
            Reflection x = to_reflection(r);
            if (!f->by.empty() && x.by != f->by) continue;
            if (!f->about.empty() && x.about != f->about) continue;
            if (!f->stage.empty() && word(x.stage) != f->stage) continue;
            if (!f->theme.empty() &&
                std::find(x.themes.begin(), x.themes.end(), f->theme) == x.themes.end())
                continue;
            chosen.push_back(&r);
        }
        std::stable_sort(chosen.begin(), chosen.end(), [](const Record* a, const Record* b) {
            return std::pair(field_text(a->doc, "date"), a->id) <
                   std::pair(field_text(b->doc, "date"), b->id);
        });
        for (const Record* r : chosen) {
            Reflection x = to_reflection(*r);
            t.add_row({x.id, x.date.str(), x.by, x.about, std::string(word(x.stage)),
                       Table::list_cell(x.themes), field_text(r->doc, "changing")});
        }
        if (format == Format::table && t.rows.empty()) {
            if (!globals.quiet) std::cerr << "No reflections match.\n";
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
    complete_ids(
        cmd->add_option("ID", *id, "The reflection's id (or its unique start)")->required(),
        {Kind::reflection});
    cmd->callback([&globals, id] {
        Format format =
            chosen_format(globals, Format::table, {Format::table, Format::yaml, Format::json});
        RecordStore store = read_store(globals, {Kind::reflection});
        const Record& r = existing(store, Kind::reflection, *id);
        if (format == Format::json)
            std::cout << record_json(Kind::reflection, r.doc).dump(2) << '\n';
        else
            std::cout << yaml::emit(normalise(Kind::reflection, r.doc));
    });
}

void add_scores(CLI::App& parent, Globals& globals) {
    auto* cmd = parent.add_subcommand("scores");
    cmd->callback([&globals] {
        Format format = chosen_format(globals, Format::table);
        RecordStore store = read_store(globals, {Kind::reflection});
        auto changes = score_changes(store);
        auto summary = summarise_scores(changes);
        Table people;
        for (const char* c : {"score", "person"})
            people.add_column(c);
        for (const char* c : {"baseline", "end", "change"})
            people.add_column(c, ColumnType::number);
        for (const auto& c : changes)
            people.add_row({c.score, c.person, std::to_string(c.baseline), std::to_string(c.end),
                            std::to_string(c.end - c.baseline)});
        Table overall;
        overall.add_column("score");
        for (const char* c : {"people", "improved"})
            overall.add_column(c, ColumnType::number);
        for (const char* c : {"mean_baseline", "mean_end", "mean_change", "median_change"})
            overall.add_column(c);
        for (const auto& s : summary)
            overall.add_row(
                {s.score, std::to_string(s.people), std::to_string(s.improved),
                 fmt::format("{:.1f}", s.mean_baseline), fmt::format("{:.1f}", s.mean_end),
                 fmt::format("{:+.1f}", s.mean_change), fmt::format("{:+.1f}", s.median_change)});
        if (format == Format::json) {
            nlohmann::ordered_json out;
            out["people"] = nlohmann::ordered_json::parse(render_json(people));
            out["overall"] = nlohmann::ordered_json::parse(render_json(overall));
            std::cout << out.dump(2) << '\n';
        } else if (format == Format::table) {
            if (changes.empty()) {
                say(globals, "No one has both a baseline and an end score yet.");
                return;
            }
            std::cout << render_table(overall, use_colour(globals)) << '\n'
                      << render_table(people, use_colour(globals));
        } else {
            std::cout << render(people, format, false);
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
        std::string who =
            by->empty() ? ""
                        : store.resolve({Kind::partner, Kind::leader}, *by, "learning-partner");
        auto mentions = count_mentions(store, start, end, who);
        Table t;
        t.add_column("kind");
        t.add_column("text");
        t.add_column("now", ColumnType::number);
        t.add_column("before", ColumnType::number);
        t.add_column("trend");
        for (const auto& m : mentions)
            t.add_row({m.what, m.text, std::to_string(m.now), std::to_string(m.before),
                       m.now > m.before   ? "rising"
                       : m.now < m.before ? "falling"
                                          : "steady"});
        if (format == Format::table && t.rows.empty()) {
            say(globals, fmt::format("No reflections from {} to {}, nor in the {} days before.",
                                     start.str(), end.str(), days_between(start, end) + 1));
            return;
        }
        if (format == Format::table && !globals.quiet)
            std::cout << fmt::format("{} to {} (now), against the {} days before (before)\n\n",
                                     start.str(), end.str(), days_between(start, end) + 1);
        std::cout << render(t, format, use_colour(globals));
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
    add_prompts(*cmd, globals);
    add_themes(*cmd, globals);
    add_scores(*cmd, globals);
}

}  // namespace vfi::cli
