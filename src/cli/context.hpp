// What every command shares: the global options, opening the store, choosing the output
// format and colour, and writing results.
#pragma once

#include <CLI/CLI.hpp>
#include <functional>
#include <string>

#include "vfi/base/date.hpp"
#include "vfi/ops/transaction.hpp"
#include "vfi/render/table.hpp"
#include "vfi/store/store.hpp"

namespace vfi::cli {

struct Globals {
    std::string data;    // -C/--data
    std::string format;  // --format
    bool quiet = false;
    bool no_color = false;
    bool no_commit = false;
    std::string as_of;              // --as-of: a commit or a date, for commands that read
    bool national = false;          // --national: every region of a national programme (reports)
    const CLI::App* app = nullptr;  // the whole command line, for naming the command run
};

// The words of the command being run (`partner add`), from globals.app.
std::string command_words(const Globals& globals);

// The data directory's store (as of a commit, with --as-of), for a command on its own records.
// Throws Error(usage) for --national, and in a national data directory (vfi.yaml lists
// regions), which keeps no records of its own: its listings, `show`, `check` and reports read
// the regions (they open it with open_here), and a change is made in the region's directory.
RecordStore open_store(const Globals& globals);
// The data directory's store, national or not: for the commands that read the regions
// themselves, and `fetch`.
RecordStore open_here(const Globals& globals);
// open_store, then `kinds` loaded: what a command that only reads begins with.
RecordStore read_store(const Globals& globals, const std::vector<Kind>& kinds);
// What a command that writes begins with: the store opened, its lock taken by the transaction,
// then `kinds` loaded, so nothing read can change before the commit. Use as
// `Writing w(globals, kinds); auto& [store, change] = w;`.
struct Writing {
    Writing(const Globals& globals, const std::vector<Kind>& kinds);
    RecordStore store;
    Transaction change;
};
ChangeOptions change_options(const Globals& globals);
// `globals`, for a command that changes the records: Error(usage) with --as-of.
const Globals& now_only(const Globals& globals);
// The --format asked for, or `fallback`; throws Error(usage) for one not in `allowed`.
Format chosen_format(const Globals& globals, Format fallback,
                     const std::vector<Format>& allowed = {});
Colour use_colour(const Globals& globals);
// For commands that print no data: a --format is a mistake worth saying.
void no_format(const Globals& globals);
// An option whose value is a list, into a string: comma-separated, repeated, or both alike
// (`--status active --status paused` is `--status active,paused`), joined with commas for
// split(). Returns the option.
CLI::Option* list_option(CLI::Option* option);
// A listing's --fields and --sort as typed (match, session and reflect list, reflect scores).
struct Shaping {
    std::string fields, sort;
};
void add_shaping(CLI::App& cmd, Shaping& shaping, bool sorts = true);
// The listing with the columns asked for (people's names only on screen, unless --fields
// names them) and sorted; once every region is in.
Table shaped(const Table& t, const Shaping& shaping, Format format);
// The commands a user sees under `app`, and their names: the hidden helpers (`__complete`,
// `__man`) left out. What --help, the man pages, completion and the messages list.
std::vector<const CLI::App*> visible_subcommands(const CLI::App& app);
std::vector<std::string> visible_names(const CLI::App& app);

// One function per command file adds its subcommand.
void add_init_command(CLI::App& app, Globals& globals);
void add_check_command(CLI::App& app, Globals& globals);
void add_partner_command(CLI::App& app, Globals& globals);
void add_leader_command(CLI::App& app, Globals& globals);
void add_match_command(CLI::App& app, Globals& globals);
void add_session_command(CLI::App& app, Globals& globals);
void add_reflect_command(CLI::App& app, Globals& globals);
void add_report_command(CLI::App& app, Globals& globals);
void add_pay_command(CLI::App& app, Globals& globals);
void add_expense_command(CLI::App& app, Globals& globals);
void add_log_command(CLI::App& app, Globals& globals);
void add_fetch_command(CLI::App& app, Globals& globals);

// A date typed on the command line, or today when empty. Throws Error(usage).
Date date_option(const std::string& text, const std::string& option);
// `--month 2024-03`: the first and last day of that month. Throws Error(usage).
std::pair<Date, Date> month_option(const std::string& text);
// Lands a change that made the record `id` and prints the id alone on stdout, for scripts
// (`id=$(vfi partner add ...)`). When git fails nothing is written, and nothing printed.
// Figures are only true when every record was read and they agree with each other, so every
// problem `vfi check` finds is printed and `what` ("a report") refused, exit status 3.
// `again` says what to run again ("the report").
void refuse_problems(const std::vector<Problem>& problems, std::string_view what,
                     std::string_view again);

void commit_and_print_id(Transaction& change, const std::string& message, const std::string& id);
// Prints a message for the user (not data) unless -q.
void say(const Globals& globals, const std::string& text);

// A listing shows what it could read: each record it could not is named on standard error
// (`file:line: field: what is wrong — how to fix it`), and true is returned so the command
// can finish with exit status 1.
bool tell_unread(const RecordStore& store);

// A listing: `list` over the data directory's records of `kinds`; or, in a national data
// directory (vfi.yaml lists regions) or with --national, over every region at the commit `vfi
// fetch` recorded, one region after another with a `region` column and each id named
// `REGION:ID`. Each record, or region, that could not be read is told on standard error
// first, and `unread` set.
// With `checks_itself`, `list` finds and tells the problems itself (throwing Error for a
// region it will not list), so they are not told twice. `ids` are the filters naming a record
// (`--partner`): nationally each must name its region (`london:P-7KQ2MD`, else Error(usage)),
// that region alone is listed, and the ids are left as the region's own. A filter every
// region refuses (Error usage) is thrown; a region that cannot be listed sets `left_out`.
Table listing(const Globals& globals, const std::vector<Kind>& kinds,
              const std::function<Table(RecordStore&)>& list, bool& unread,
              bool checks_itself = false, const std::vector<std::string*>& ids = {},
              bool* left_out = nullptr);

// For a listing of money across regions: `first` is the first region's currency (set when
// empty); a region paying in another is refused (Error refused), since one column holds one
// currency, and so is one whose payment runs (loaded) were paid in another than its vfi.yaml's
// (Error bad_data).
void same_currency(std::string& first, const RecordStore& store);

// For `show` in a national data directory (or with --national): the store of the region that
// `id` names (`london:P-7KQ2MD`), at the commit `vfi fetch` recorded, with `kinds` loaded, and
// `id` left as the record's own id (`P-7KQ2MD`); a stale region is warned of. Elsewhere,
// read_store(globals, kinds) with `id` untouched. Throws Error(usage) for an id without a
// region, Error(not_found) for a region not listed or never fetched.
RecordStore show_store(const Globals& globals, std::string& id, const std::vector<Kind>& kinds);

}  // namespace vfi::cli
