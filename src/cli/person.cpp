// partner/leader add, list, show, set, edit, status, import and remove: parse the arguments,
// call the core, print the result. The rules live in the core (people, import, assign,
// lifecycle, listing). Their help is in help/partner-*.md and help/leader-*.md.
#include "person.hpp"
#include "completion.hpp"

#include "edit.hpp"
#include "forget.hpp"
#include "option_errors.hpp"

#include <unistd.h>

#include <algorithm>
#include <filesystem>
#include <iostream>

#include <fmt/format.h>

#include "vfi/base/process.hpp"
#include "vfi/base/text.hpp"
#include "vfi/format/field_input.hpp"
#include "vfi/format/validate.hpp"
#include "vfi/model/lifecycle.hpp"
#include "vfi/ops/check.hpp"
#include "vfi/ops/import.hpp"
#include "vfi/ops/listing.hpp"
#include "vfi/ops/people.hpp"
#include "vfi/render/json.hpp"
#include "vfi/store/files.hpp"
#include "vfi/store/git.hpp"

namespace vfi::cli {
namespace {

std::string name_of(Kind kind) {
    return std::string(kind_name(kind));
}

// `training.completed` -> `--training-completed`
std::string flag_of(const std::string& key) {
    std::string flag = "--";
    for (char c : key)
        flag += (c == '.' || c == '_') ? '-' : c;
    return flag;
}

const std::vector<Kind> people_and_matches = {Kind::partner, Kind::leader, Kind::match};
const std::vector<Kind> everything = {Kind::partner, Kind::leader, Kind::match, Kind::session,
                                      Kind::reflection};

// A flag for a field of a new record: its name with a dash for each dot or underscore, its
// help from the schema, completing what the field may hold.
CLI::Option* field_option(CLI::App* cmd, Kind kind, const std::string& key, std::string& value) {
    const Field* f = find_field(kind, key);
    std::string help = std::string(f->help);
    if (is_list(f->type)) help += " (comma-separated)";
    if (f->type == FieldType::date) help += " (YYYY-MM-DD)";
    auto* opt = cmd->add_option(flag_of(key), value, help);
    if (is_list(f->type)) list_option(opt);
    if (f->required && key != "status") opt->required();  // the status starts at enquiry
    if (!f->vocabulary.empty())
        complete_vocabulary(opt, std::string(f->vocabulary));
    else if (f->type == FieldType::id || f->type == FieldType::ids)
        complete_ids(opt, {f->refers_to});
    else if (f->type == FieldType::boolean)
        complete_words(opt, {"true", "false"});
    return opt;
}

void add_add(CLI::App& parent, Globals& globals, Kind kind) {
    auto* cmd = parent.add_subcommand("add");
    auto keys = settable_keys(kind);
    // Every field has a flag, but for the id (vfi makes it) and `forgotten` (only forget sets it).
    std::erase_if(keys, [](const std::string& k) { return k == "id" || k == "forgotten"; });
    auto values = std::make_shared<std::vector<std::string>>(keys.size());
    std::vector<CLI::Option*> options;
    for (std::size_t i = 0; i < keys.size(); ++i)
        options.push_back(field_option(cmd, kind, keys[i], (*values)[i]));
    auto date = std::make_shared<std::string>();
    cmd->add_option("--date", *date,
                    "The day their status began, e.g. when they enquired (YYYY-MM-DD; default "
                    "today, or the joined/left/enquired date given)");
    cmd->callback([&globals, kind, keys, values, options, date] {
        no_format(globals);
        std::optional<Date> since;
        if (!date->empty()) since = date_option(*date, "--date");
        std::vector<Assignment> given;
        for (std::size_t i = 0; i < keys.size(); ++i)
            if (options[i]->count() > 0)
                given.push_back(Assignment{keys[i], (*values)[i], flag_of(keys[i])});
        // Lock first, then read: every check below sees what no other vfi can change meanwhile.
        Writing w(globals, {kind});
        auto& [store, change] = w;
        NewPerson added = naming_options({{"date", "--date"}}, [&] {
            return plan_new_person(store, kind, given, Date::today(), since);
        });
        for (const auto& same : added.same_name_and_email)
            std::cerr << fmt::format(
                "note: {} has the same name and email; check this is not the same person\n", same);
        change.put(kind, added.id, added.doc, Write::create);
        commit_and_print_id(change, fmt::format("{}: add {}", name_of(kind), added.id), added.id);
    });
}

// The filters of `list`, into `o`; --status and --fields as typed, split when it runs.
void list_filters(CLI::App* cmd, Kind kind, ListOptions& o, std::string& statuses,
                  std::string& fields) {
    complete_vocabulary(
        list_option(cmd->add_option("--status", statuses, "Only these statuses (comma-separated)")),
        name_of(kind) + "_status");
    complete_vocabulary(cmd->add_option("--region", o.region, "Only this region"), "regions");
    cmd->add_option(
        "--cohort", o.cohort,
        kind == Kind::partner ? "Only this training cohort" : "Only this programme or cohort");
    if (kind == Kind::partner) {
        cmd->add_option("--interest", o.tag, "Only partners with this interest");
        cmd->add_flag("--available", o.available,
                      "Only partners who can take a leader now (active, trained, a place free)");
    } else {
        cmd->add_option("--focus", o.tag, "Only leaders with this focus area");
        cmd->add_flag("--waiting", o.waiting,
                      "Only leaders waiting for a partner, longest waiting first");
    }
    list_option(cmd->add_option(
        "--fields", fields,
        "Columns to show (comma-separated); confidential fields appear only when named here"));
    cmd->add_option("--sort", o.sort,
                    "Sort by this column (default: name); -COLUMN sorts the other way round")
        ->allow_extra_args(false);
}

void add_list(CLI::App& parent, Globals& globals, Kind kind) {
    auto* cmd = parent.add_subcommand("list");
    auto o = std::make_shared<ListOptions>();
    auto statuses = std::make_shared<std::string>();
    auto fields = std::make_shared<std::string>();
    list_filters(cmd, kind, *o, *statuses, *fields);
    cmd->callback([&globals, kind, o, statuses, fields] {
        Format format = chosen_format(globals, Format::table);
        o->statuses = split(*statuses, ',');
        o->fields = split(*fields, ',');
        bool unread = false;  // each problem is told before the listing
        Table table = listing(
            globals, kinds_for_listing(kind, o->fields, o->sort),
            [&](RecordStore& store) {
                Programme programme(store);
                return list_people(store, programme, kind, *o);
            },
            unread);
        if (format == Format::table && table.rows.empty()) {
            if (!globals.quiet) std::cerr << fmt::format("No {}s match.\n", name_of(kind));
            if (unread) throw ExitCode::problems;
            return;
        }
        std::cout << render(table, format, use_colour(globals));
        if (unread) throw ExitCode::problems;
    });
}

void add_show(CLI::App& parent, Globals& globals, Kind kind) {
    auto* cmd = parent.add_subcommand("show");
    auto id = std::make_shared<std::string>();
    add_id_argument(*cmd, *id, kind);
    cmd->callback([&globals, kind, id] {
        Format format =
            chosen_format(globals, Format::table, {Format::table, Format::yaml, Format::json});
        std::string own = *id;
        RecordStore store = show_store(globals, own, everything);
        const Record& r = existing(store, kind, own);
        Programme programme(store);
        auto context = person_context(programme, kind, r.id);
        if (format == Format::json) {
            nlohmann::ordered_json out;
            out["record"] = record_json(kind, r.doc);
            auto ctx = nlohmann::ordered_json::object();
            for (const auto& [key, value] : context) {
                auto& slot = ctx[key];
                if (key == "match")
                    slot.push_back(value);
                else
                    slot = value;
            }
            out["context"] = ctx;
            std::cout << out.dump(2) << '\n';
            return;
        }
        std::cout << yaml::emit(normalise(kind, r.doc));
        if (format == Format::yaml) {
            std::cout << "# worked out by vfi:\n";
            for (const auto& [key, value] : context)
                std::cout << "# " << key << ": " << value << '\n';
            return;
        }
        std::cout << '\n';
        std::size_t width = 0;
        for (const auto& [key, value] : context)
            width = std::max(width, key.size());
        for (const auto& [key, value] : context)
            std::cout << fmt::format("{:<{}}  {}\n", key, width, value);
    });
}

void add_status(CLI::App& parent, Globals& globals, Kind kind) {
    auto* cmd = parent.add_subcommand("status");
    auto id = std::make_shared<std::string>();
    auto to = std::make_shared<std::string>();
    auto date = std::make_shared<std::string>();
    auto reason = std::make_shared<std::string>();
    add_id_argument(*cmd, *id, kind);
    complete_vocabulary(
        cmd->add_option("STATUS", *to,
                        kind == Kind::partner
                            ? "enquiry, training, active, paused, alumni or withdrawn"
                            : "enquiry, waiting, matched, completed or withdrawn")
            ->required(),
        name_of(kind) + "_status");
    cmd->add_option("--date", *date, "When it happened (YYYY-MM-DD; default today)");
    cmd->add_option("--reason", *reason, "Why they left (kept as left_reason, confidential)");
    cmd->callback([&globals, kind, id, to, date, reason] {
        no_format(globals);
        Date when = date_option(*date, "--date");
        // Lock first, then read: every check below sees what no other vfi can change meanwhile.
        Writing w(globals, people_and_matches);
        auto& [store, change] = w;
        const Record& r = existing(store, kind, *id);
        Programme programme(store);
        StatusPlan plan = naming_options({{"date", "--date"}}, [&] {
            return plan_status_change(store, programme, kind, r.id, *to, when, *reason);
        });
        for (const auto& u : plan.updates) {
            change.put(u.kind, u.id, u.doc, Write::replace);
        }
        change.commit(fmt::format("{}: status {} {}", name_of(kind), r.id, *to));
        say(globals, fmt::format("{} is now {}.", r.id, *to));
        for (const auto& note : plan.notes)
            say(globals, note);
    });
}

// Each --map "COLUMN=field" as a pair of column and field; one with no = is a usage error.
std::vector<std::pair<std::string, std::string>> column_maps(const std::vector<std::string>& maps) {
    std::vector<std::pair<std::string, std::string>> out;
    for (const auto& m : maps) {
        auto eq = m.find('=');
        if (eq == std::string::npos)
            throw Error(ExitCode::usage, {}, "--map", fmt::format("'{}' is not COLUMN=field", m),
                        "write e.g. --map \"Home region=region\"");
        out.push_back({trim(m.substr(0, eq)), trim(m.substr(eq + 1))});
    }
    return out;
}

// The CSV file as named on the command line; when it cannot be read, the hint says where to look.
std::string read_csv_file(const std::string& file) {
    try {
        return read_file(file, file);
    } catch (const Error& e) {
        throw Error(e.code(), e.where(), {}, e.message(), "check the file's name and folder");
    }
}

// On standard error, what will not be imported: the columns no field took; then, by line, each
// row's problems and the notes on its values (a suggestion taken, a value close to one used).
void tell_left_out(const ImportPlan& plan) {
    if (!plan.ignored.empty())
        std::cerr << fmt::format(
            "note: not imported (no matching field): {} — use --map \"COLUMN=field\" to import "
            "one\n",
            join(plan.ignored, ", "));
    std::vector<const Problem*> told;
    for (const auto& n : plan.notes)
        told.push_back(&n);
    for (const auto& p : plan.problems)
        told.push_back(&p);
    std::stable_sort(told.begin(), told.end(), [](const Problem* a, const Problem* b) {
        return a->where.line < b->where.line;
    });
    for (const auto* p : told)
        std::cerr << p->describe() << '\n';
}

// `1 of 3 rows has problems`
std::string rows_with_problems(const ImportPlan& plan) {
    return fmt::format("{} of {} {} problems", plan.invalid_rows,
                       counted(plan.invalid_rows + plan.rows.size(), "row"),
                       plan.invalid_rows == 1 ? "has" : "have");
}

// Nothing is imported while a row has a problem, unless --skip-invalid says to leave it out.
Error nothing_imported(const ImportPlan& plan) {
    return Error(ExitCode::bad_data, rows_with_problems(plan) + "; nothing was imported",
                 "fix the rows listed above and import again, or add --skip-invalid to import the "
                 "others");
}

// Every row has a problem: there are no others to import, with --skip-invalid or without.
Error no_valid_rows(const ImportPlan& plan) {
    return Error(ExitCode::bad_data, rows_with_problems(plan) + "; nothing was imported",
                 "fix the rows listed above and import again");
}

// --dry-run: what would be added; exit status 3 when a row has a problem and would stop it
// (with --skip-invalid, when no row could be added).
void tell_dry_run(const Globals& globals, Kind kind, const ImportPlan& plan, bool skip) {
    say(globals,
        fmt::format("Would add {}{}; nothing was written.",
                    counted(plan.rows.size(), name_of(kind)),
                    plan.invalid_rows == 0
                        ? ""
                        : fmt::format(" ({} with problems)", counted(plan.invalid_rows, "row"))));
    if (plan.invalid_rows != 0 && (!skip || plan.rows.empty())) throw ExitCode::bad_data;
}

// Every valid row in one commit, then each new id on standard output, for scripts.
void write_rows(const Globals& globals, Transaction& change, Kind kind, const ImportPlan& plan) {
    for (const auto& row : plan.rows)
        change.put(kind, row.id, row.doc, Write::create);
    change.commit(fmt::format("{}: import {} record{}", name_of(kind), plan.rows.size(),
                              plan.rows.size() == 1 ? "" : "s"));
    for (const auto& row : plan.rows)
        std::cout << row.id << '\n';
    if (!globals.quiet)
        std::cerr << fmt::format(
            "Added {}{}.\n", counted(plan.rows.size(), name_of(kind)),
            plan.invalid_rows == 0
                ? ""
                : fmt::format("; skipped {}", counted(plan.invalid_rows, "row")));
}

// The options of `import`, as typed.
struct ImportArgs {
    std::string file;
    std::vector<std::string> maps;
    bool dry_run = false;
    bool skip = false;
    bool day_first = false;
    bool accept = false;
    std::string date;
};

void import_options(CLI::App* cmd, ImportArgs& a) {
    complete_files(cmd->add_option("FILE", a.file, "The CSV file; its first row names the columns")
                       ->required());
    cmd->add_option("--map", a.maps,
                    "COLUMN=field: which field a column fills (COLUMN= leaves it out)");
    cmd->add_flag("--dry-run", a.dry_run,
                  "Check every row and say what would be added; write nothing");
    cmd->add_flag("--skip-invalid", a.skip, "Add the valid rows and list the others by line");
    cmd->add_option("--date", a.date,
                    "The day each row's status began, e.g. when they enquired (YYYY-MM-DD; "
                    "default: its joined/left/enquired date, else today)");
    cmd->add_flag("--day-first", a.day_first,
                  "Read dates such as 18/03/2024 as day/month/year, as UK spreadsheets write them");
    cmd->add_flag("--accept-suggestions", a.accept,
                  "Take a value written another way than vfi lists it (West Midlands for "
                  "west-midlands), and say each on standard error");
}

void add_import(CLI::App& parent, Globals& globals, Kind kind) {
    auto* cmd = parent.add_subcommand("import");
    auto a = std::make_shared<ImportArgs>();
    import_options(cmd, *a);
    cmd->callback([&globals, kind, a] {
        no_format(globals);
        std::optional<Date> since;
        if (!a->date.empty()) since = date_option(a->date, "--date");
        if (since && Date::today() < *since)
            throw Error(ExitCode::bad_data, {}, "--date",
                        fmt::format("{} is in the future", since->str()),
                        "give the day their status began: today or earlier");
        // Lock first, then read: every check below sees what no other vfi can change meanwhile.
        Writing w(globals, {kind});
        auto& [store, change] = w;
        ImportOptions options;
        options.today = Date::today();
        options.since = since;
        options.map = column_maps(a->maps);
        options.day_first = a->day_first;
        options.accept_suggestions = a->accept;
        std::string shown = std::filesystem::path(a->file).filename().string();
        std::string text = read_csv_file(a->file);
        ImportPlan plan = plan_import(store, kind, text, shown, options);
        tell_left_out(plan);
        if (a->dry_run) return tell_dry_run(globals, kind, plan, a->skip);
        if (plan.invalid_rows != 0 && plan.rows.empty()) throw no_valid_rows(plan);
        if (plan.invalid_rows != 0 && !a->skip) throw nothing_imported(plan);
        if (plan.rows.empty())
            say(globals, "Nothing to import.");
        else
            write_rows(globals, change, kind, plan);
    });
}

}  // namespace

void add_person_commands(CLI::App& command, Globals& globals, Kind kind) {
    add_add(command, globals, kind);
    add_list(command, globals, kind);
    add_show(command, globals, kind);
    add_set_command(command, globals, kind);
    add_edit_command(command, globals, kind);
    add_status(command, globals, kind);
    add_import(command, globals, kind);
    add_forget_command(command, globals, kind);
    add_remove_command(command, globals, kind);
}

}  // namespace vfi::cli
