// vfi expense: what partners spent to take part, claimed on a session (add), approved
// (approve), taken off (remove) and listed (list); the next payment run reimburses what is approved
// (ops/pay). Their help is help/expense-*.md.
#include <iostream>
#include <memory>

#include <fmt/format.h>

#include "completion.hpp"
#include "context.hpp"
#include "vfi/base/money.hpp"
#include "vfi/base/text.hpp"
#include "vfi/ops/expenses.hpp"
#include "vfi/ops/pay.hpp"
#include "vfi/ops/transaction.hpp"

namespace vfi::cli {
namespace {

const std::vector<Kind> linked = {Kind::partner, Kind::match, Kind::session};

// An approval is of a claim someone has seen: never a day still to come.
Date not_future(const Date& day, const Date& today, const char* option) {
    if (today < day)
        throw Error(ExitCode::usage, {}, option, fmt::format("{} is in the future", day.str()),
                    "give the day it was approved: today or earlier");
    return day;
}

struct AddArgs {
    std::string session, partner, kind, amount, miles, receipt, note, approved;
    bool approve = false, again = false;
};

// --kind as given: none when not given; refused when it is not a kind of expense.
std::optional<ExpenseKind> kind_option(const std::string& text) {
    if (text.empty()) return std::nullopt;
    auto kind = parse_word<ExpenseKind>(text);
    if (!kind)
        throw Error(ExitCode::usage, {}, "--kind",
                    fmt::format("'{}' is not a kind of expense", text),
                    "use travel, mileage, care or other");
    return kind;
}

void add_add(CLI::App& parent, Globals& globals) {
    auto* cmd = parent.add_subcommand("add");
    auto a = std::make_shared<AddArgs>();
    add_id_argument(*cmd, a->session, Kind::session, "The session (its id or unique start)");
    complete_ids(cmd->add_option("PARTNER", a->partner,
                                 "The partner who claims it (their id or its unique start)")
                     ->required(),
                 {Kind::partner});
    complete_vocabulary(cmd->add_option("--kind", a->kind,
                                        "travel (default with --amount), care or other; "
                                        "mileage with --miles"),
                        "expense_kinds");
    cmd->add_option("--amount", a->amount, "What was spent, e.g. 12.40");
    cmd->add_option("--miles", a->miles, "For mileage: the miles travelled, e.g. 23.5");
    complete_files(cmd->add_option("--receipt", a->receipt,
                                   "The receipt's file: a copy is kept in receipts/"));
    cmd->add_option("--note", a->note, "What it was for (confidential)");
    auto* approve = cmd->add_flag("--approve", a->approve, "Approve it now (you checked it)");
    cmd->add_option("--approved", a->approved, "Approved on this day (YYYY-MM-DD)")
        ->excludes(approve);
    cmd->add_flag("--again", a->again,
                  "A second claim the same as one on the session already (refused without it)");
    cmd->callback([&globals, a] {
        no_format(globals);
        Date today = Date::today();
        ExpenseClaim claim{.session = a->session,
                           .partner = a->partner,
                           .kind = a->miles.empty() ? ExpenseKind::travel : ExpenseKind::mileage,
                           .amount = a->amount,
                           .miles = a->miles,
                           .receipt = a->receipt,
                           .receipt_content = std::nullopt,
                           .note = a->note,
                           .approved = std::nullopt,
                           .again = a->again};
        if (auto kind = kind_option(a->kind)) claim.kind = *kind;
        if (!a->approved.empty())
            claim.approved =
                not_future(date_option(a->approved, "--approved"), today, "--approved");
        if (a->approve) claim.approved = today;
        read_receipt(claim);  // before the lock: a slow file holds no one up
        RecordStore store = open_store(globals);
        Transaction change(store, change_options(globals), today);
        store.load(linked);
        AddedExpense added = add_expense(store, change, claim);
        change.commit(
            fmt::format("expense: {} {} for {}", word(claim.kind), added.partner, added.session));
        std::string currency = store.settings().currency;
        std::string taken = claim.approved
                                ? taken_as_paid_claim_words(store, added.date, *claim.approved)
                                : std::string();
        say(globals,
            fmt::format("{} expense of {} {} claimed by {} for {}{}{}.", word(claim.kind),
                        money_text(added.pence), currency, added.partner, added.session,
                        added.receipt.empty() ? "" : ", receipt kept as " + added.receipt,
                        !claim.approved ? fmt::format("; approve it with `vfi expense approve {} "
                                                      "{}`",
                                                      added.session, added.partner)
                        : taken.empty() ? ", approved: the next payment run pays it"
                                        : ", approved"));
        if (!taken.empty()) std::cerr << "vfi: note: " << taken << '\n';
    });
}

void add_approve(CLI::App& parent, Globals& globals) {
    auto* cmd = parent.add_subcommand("approve");
    auto session = std::make_shared<std::string>();
    auto partner = std::make_shared<std::string>();
    auto date = std::make_shared<std::string>();
    add_id_argument(*cmd, *session, Kind::session, "The session (its id or unique start)");
    complete_ids(cmd->add_option("PARTNER", *partner,
                                 "Only this partner's claims (default: every claim waiting)"),
                 {Kind::partner});
    cmd->add_option("--date", *date, "The day it was approved (YYYY-MM-DD; default: today)");
    auto kind = std::make_shared<std::string>();
    complete_vocabulary(cmd->add_option("--kind", *kind, "Only claims of this kind"),
                        "expense_kinds");
    cmd->callback([&globals, session, partner, date, kind] {
        no_format(globals);
        Date today = Date::today();
        Date day =
            date->empty() ? today : not_future(date_option(*date, "--date"), today, "--date");
        std::optional<ExpenseKind> only = kind_option(*kind);
        RecordStore store = open_store(globals);
        Transaction change(store, change_options(globals), today);
        store.load(linked);
        ApprovedExpenses done = approve_expenses(store, change, *session, *partner, day, only);
        change.commit(
            fmt::format("expense: approve {} for {}", counted(done.count, "claim"), done.session));
        std::string taken = taken_as_paid_claim_words(store, done.date, day);
        say(globals, fmt::format("Approved {} for {}: {} {}{}.", counted(done.count, "claim"),
                                 done.session, money_text(done.pence), store.settings().currency,
                                 !taken.empty() ? std::string()
                                                : fmt::format("; the next payment run pays {}",
                                                              done.count == 1 ? "it" : "them")));
        if (!taken.empty()) std::cerr << "vfi: note: " << taken << '\n';
    });
}

void add_remove(CLI::App& parent, Globals& globals) {
    auto* cmd = parent.add_subcommand("remove");
    auto session = std::make_shared<std::string>();
    auto partner = std::make_shared<std::string>();
    auto kind = std::make_shared<std::string>();
    add_id_argument(*cmd, *session, Kind::session, "The session (its id or unique start)");
    complete_ids(
        cmd->add_option("PARTNER", *partner, "The partner whose claims are taken off")->required(),
        {Kind::partner});
    complete_vocabulary(cmd->add_option("--kind", *kind, "Only claims of this kind"),
                        "expense_kinds");
    cmd->callback([&globals, session, partner, kind] {
        no_format(globals);
        std::optional<ExpenseKind> only = kind_option(*kind);
        RecordStore store = open_store(globals);
        Transaction change(store, change_options(globals), Date::today());
        store.load(linked);
        RemovedExpenses done = remove_expenses(store, change, *session, *partner, only);
        change.commit(fmt::format("expense: remove {} of {} for {}", counted(done.count, "claim"),
                                  done.partner, done.session));
        std::string words = fmt::format("Removed {} of {} for {}: {} {}.",
                                        counted(done.count, "claim"), done.partner, done.session,
                                        money_text(done.pence), store.settings().currency);
        if (done.paid > 0) words += " If a payment run paid it, the next run takes it back.";
        if (!done.receipts.empty())
            words += fmt::format(
                " The receipt stays in receipts/ ({}): remove it with `git rm` "
                "if it is not needed.",
                fmt::join(done.receipts, ", "));
        say(globals, words);
    });
}

// The claims from `first` to `last` (only those waiting, with `waiting`), as listed.
Table expense_table(RecordStore& store, const Date& first, const Date& last, bool waiting) {
    Table t;
    t.add_column("date", ColumnType::date);
    t.add_column("session");
    t.add_column("partner");
    t.add_column("kind");
    t.add_column(fmt::format("amount ({})", store.settings().currency), ColumnType::money);
    t.add_column("receipt");
    t.add_column("approved", ColumnType::date);
    for (const auto& e : list_expenses(store, first, last, waiting))
        t.add_row({e.date.str(), e.session, e.partner, std::string(word(e.kind)),
                   e.pence ? money_text(*e.pence) : std::string("no rate per mile"), e.receipt,
                   e.approved ? e.approved->str() : std::string()});
    return t;
}

void add_list(CLI::App& parent, Globals& globals) {
    auto* cmd = parent.add_subcommand("list");
    auto waiting = std::make_shared<bool>(false);
    auto from = std::make_shared<std::string>();
    auto to = std::make_shared<std::string>();
    cmd->add_flag("--waiting", *waiting, "Only the claims waiting for approval");
    cmd->add_option("--from", *from, "Sessions on or after this day (YYYY-MM-DD)");
    cmd->add_option("--to", *to, "Sessions on or before this day (YYYY-MM-DD)");
    cmd->callback([&globals, waiting, from, to] {
        Format format = chosen_format(globals, Format::table);
        Date first = from->empty() ? Date{1, 1, 1} : date_option(*from, "--from");
        Date last = to->empty() ? Date{9999, 12, 31} : date_option(*to, "--to");
        bool unread = false;   // each problem is told before the listing
        std::string currency;  // the first region's: every amount in one column is in it
        // The sessions are read as they are listed, not loaded first: each that cannot be read
        // is told once they all have been.
        Table t = listing(
            globals, {Kind::payment},
            [&](RecordStore& store) {
                Table part = expense_table(store, first, last, *waiting);
                unread = tell_unread(store) || unread;
                same_currency(currency, store);
                return part;
            },
            unread, true);
        if (!globals.quiet && (!t.rows.empty() || format == Format::json))
            std::cout << render(t, format, use_colour(globals));
        if (unread) throw ExitCode::problems;
    });
}

}  // namespace

void add_expense_command(CLI::App& app, Globals& globals) {
    auto* cmd = app.add_subcommand("expense");
    cmd->require_subcommand(1);
    add_add(*cmd, globals);
    add_approve(*cmd, globals);
    add_remove(*cmd, globals);
    add_list(*cmd, globals);
}

}  // namespace vfi::cli
