// vfi pay: the monthly payment runs. `close` records what a month pays (ops/pay), `list` the
// runs recorded. Their help is help/pay-*.md.
#include <iostream>
#include <memory>
#include <set>

#include <fmt/format.h>

#include "context.hpp"
#include "vfi/base/checked.hpp"
#include "vfi/base/money.hpp"
#include "vfi/base/text.hpp"
#include "vfi/ops/check.hpp"
#include "vfi/ops/pay.hpp"
#include "vfi/report/catalogue.hpp"

namespace vfi::cli {
namespace {

struct CloseArgs {
    std::string month, date;
    bool anyway = false, again = false;
};

// "Closed 2026-10 (Y-…): 640.00 GBP to 4 partners, of which …".
std::string closed_words(const MonthRun& run, const std::string& currency) {
    long earlier = 0, adjusted = 0;
    for (const auto& [line, why] : run.lines) {
        if (why == RunWhy::earlier) earlier = checked_add(earlier, line.pence);
        if (why == RunWhy::adjustment) adjusted = checked_add(adjusted, line.pence);
    }
    RunTotals totals = run_totals(run.lines);
    if (run.lines.empty())
        return fmt::format("Closed {} ({}): nothing to pay.", run.month.month_str(), run.run->id);
    std::string out =
        fmt::format("Closed {} ({}): {} {} to {} in {}.", run.month.month_str(), run.run->id,
                    money_text(totals.pence), currency, counted(totals.partners, "partner"),
                    counted(run.lines.size(), "line"));
    if (earlier) out += fmt::format(" Owed from earlier months: {}.", money_text(earlier));
    if (adjusted) out += fmt::format(" Adjustments to paid sessions: {}.", money_text(adjusted));
    return out + fmt::format(" For finance: vfi report payments --month {} -o payments.csv",
                             run.month.month_str());
}

// A run closed with money someone may be owed left out is a month's wait for them: so it
// needs --anyway, and a cron job that closes the month stops and tells the team instead.
void refuse_attention(const MonthRun& run, bool anyway) {
    std::size_t n = run.ledger.attention.size() + run.over_limits.size();
    if (anyway || n == 0) return;
    for (const auto& why : run.ledger.attention)
        std::cerr << "vfi: warning: " << why << '\n';
    for (const auto& why : run.over_limits)
        std::cerr << "vfi: warning: " << why << '\n';
    std::string hint =
        run.ledger.attention.empty()
            ? "talk with each partner named first; then close with --anyway to pay the weeks "
              "as they are, or change what they are paid and run it again"
        : run.over_limits.empty()
            ? "put each right (the warnings above say how) and run it again; or close without "
              "them with --anyway, and they are paid in a later run once put right"
            : "put each right (the warnings above say how) and run it again; or close with "
              "--anyway: what is left out is paid in a later run once put right, and the weeks "
              "over a limit are paid as they are";
    throw Error(ExitCode::problems, {}, "",
                fmt::format("{} need{} attention before paying, so {} was not closed",
                            counted(n, "thing"), n == 1 ? "s" : "", run.month.month_str()),
                hint);
}

void add_close(CLI::App& parent, Globals& globals) {
    auto* cmd = parent.add_subcommand("close");
    auto a = std::make_shared<CloseArgs>();
    cmd->add_option("--month", a->month, "The month to close (YYYY-MM; default: last month)");
    cmd->add_option("--date", a->date, "The day it is closed (YYYY-MM-DD; default: today)");
    cmd->add_flag("--anyway", a->anyway,
                  "Close even when something needs attention: it is paid in a later run once "
                  "put right");
    cmd->add_flag("--again", a->again,
                  "Close a month whose run was removed, when finance never paid from it");
    cmd->callback([&globals, a] {
        no_format(globals);
        Date today = Date::today();
        Date closed = date_option(a->date, "--date");
        Date month = a->month.empty() ? month_before(today).first : month_option(a->month).first;
        RecordStore store = open_store(globals);
        Transaction change(store, change_options(globals), today);
        // A run pays from the records as they are: every one read, and agreeing.
        refuse_problems(check_data(store, today), "a payment run", "`vfi pay close`");
        Programme programme(store);
        MonthRun run = run_to_close(store, programme, month, closed, a->again);
        refuse_attention(run, a->anyway);
        close_run(store, change, run, closed);
        change.commit(fmt::format("pay: close {} ({})", month.month_str(), run.run->id));
        for (const auto& why : run.ledger.attention)
            std::cerr << "vfi: warning: not in this run, paid in a later one once put right: "
                      << why << '\n';
        for (const auto& why : run.over_limits)
            std::cerr << "vfi: warning: paid in this run as it is (--anyway): " << why << '\n';
        for (const auto& why : run.carried)
            std::cerr << "vfi: note: " << why << '\n';
        if (run.taken_as_paid > 0)
            std::cerr << fmt::format(
                "vfi: note: this is the first payment run: the {} payment lines of activity from "
                "{} to the end of {} are taken as paid before vfi kept runs, and no run pays "
                "them; if some were never paid, remove this run (`git revert HEAD`) and close "
                "the earliest unpaid month first\n",
                run.taken_as_paid, run.taken_as_paid_from.month_str(),
                previous_month(run.month).month_str());
        say(globals, closed_words(run, store.settings().currency));
    });
}

// The payment runs, as listed: id, month, closed, partners, lines and total.
Table runs_table(const RecordStore& store) {
    Table t;
    t.add_column("id");
    t.add_column("month");
    t.add_column("closed");
    t.add_column("partners", ColumnType::number);
    t.add_column("lines", ColumnType::number);
    t.add_column(fmt::format("total ({})", store.settings().currency), ColumnType::money);
    for (const auto& run : payment_runs(store)) {
        RunTotals totals = run_totals(run.lines);
        t.add_row({run.id, run.month.month_str(), run.closed.str(), std::to_string(totals.partners),
                   std::to_string(run.lines.size()), money_text(totals.pence)});
    }
    return t;
}

void add_list(CLI::App& parent, Globals& globals) {
    auto* cmd = parent.add_subcommand("list");
    cmd->callback([&globals] {
        Format format = chosen_format(globals, Format::table);
        bool unread = false;   // each problem is told before the listing
        std::string currency;  // the first region's: every amount in one column is in it
        Table t = listing(
            globals, {Kind::payment},
            [&](RecordStore& store) {
                same_currency(currency, store);
                return runs_table(store);
            },
            unread);
        if (!globals.quiet && (!t.rows.empty() || format == Format::json))
            std::cout << render(t, format, use_colour(globals));
        if (unread) throw ExitCode::problems;
    });
}

}  // namespace

void add_pay_command(CLI::App& app, Globals& globals) {
    auto* cmd = app.add_subcommand("pay");
    cmd->require_subcommand(1);
    add_close(*cmd, globals);
    add_list(*cmd, globals);
}

}  // namespace vfi::cli
