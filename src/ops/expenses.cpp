// Expenses: claimed on a session's record, approved, listed. What they pay is ops/pay's.
#include "vfi/ops/expenses.hpp"

#include <algorithm>
#include <cctype>
#include <filesystem>

#include <fmt/format.h>

#include "vfi/base/checked.hpp"
#include "vfi/base/error.hpp"
#include "vfi/base/money.hpp"
#include "vfi/model/programme.hpp"
#include "vfi/model/records.hpp"
#include "vfi/ops/pay.hpp"
#include "vfi/ops/transaction.hpp"
#include "vfi/store/files.hpp"
#include "vfi/store/folder.hpp"
#include "vfi/store/store.hpp"

namespace vfi {
namespace {

constexpr std::uintmax_t receipt_limit = 10u << 20;

// Who took part in a session, as payments count them (Programme::partners_of): an
// involvement that names only a match is its partner's.
std::vector<std::string> taking_part(const RecordStore& store, const Session& session) {
    const Record* m = session.match.empty() ? nullptr : store.find(session.match);
    if (!m || m->kind != Kind::match) return Programme::partners_of(session, nullptr);
    Match match = to_match(*m);
    return Programme::partners_of(session, &match);
}

// The receipt file's extension as kept: lower case letters and digits, or none.
std::string receipt_extension(const std::filesystem::path& file) {
    std::string ext = file.extension().string();
    if (ext.size() < 2 || ext.size() > 6) return {};
    std::string out = ".";
    for (char c : ext.substr(1)) {
        if (!std::isalnum(static_cast<unsigned char>(c))) return {};
        out += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    }
    return out;
}

std::string read_receipt_file(const std::string& file) {
    std::error_code ec;
    auto status = std::filesystem::status(file, ec);
    if (ec || !std::filesystem::exists(status))
        throw Error(ExitCode::not_found, {}, "--receipt", fmt::format("no file '{}'", file),
                    "give the path of the receipt's file (a scan, photo or PDF)");
    if (!std::filesystem::is_regular_file(status))
        throw Error(ExitCode::usage, {}, "--receipt", fmt::format("'{}' is not a file", file),
                    "give the path of the receipt's file (a scan, photo or PDF)");
    if (std::filesystem::file_size(file, ec) > receipt_limit)
        throw Error(ExitCode::usage, {}, "--receipt",
                    fmt::format("'{}' is larger than 10 MB", file),
                    "make it smaller (a PDF or a photo at a lower resolution) and add it again");
    std::string content = read_file(file, file);
    if (content.size() > receipt_limit)
        throw Error(ExitCode::usage, {}, "--receipt",
                    fmt::format("'{}' is larger than 10 MB", file),
                    "make it smaller (a PDF or a photo at a lower resolution) and add it again");
    return content;
}

// A name in receipts/ for the next receipt of a partner's claim on a session: the ids and a
// number, never a person's name.
std::string receipt_name(const RecordStore& store, const Record& session,
                         const std::string& partner, const std::string& ext) {
    auto folder = Folder::open(store.root(), "receipts");
    for (int n = 1;; ++n) {
        std::string name = fmt::format("{}-{}-{}{}", session.id, partner, n, ext);
        if (folder && folder->type_of(name) != EntryType::missing) continue;
        bool named = false;
        if (const yaml::Node* list = session.doc.find("expenses"); list && list->is_sequence())
            for (const auto& e : list->items)
                if (field_text(e, "receipt") == "receipts/" + name) named = true;
        if (!named) return "receipts/" + name;
    }
}

long claimed_pence(const RecordStore& store, const Record& session, const ExpenseClaim& claim) {
    Date day = field_date(session.doc, "date").value_or(Date{});
    if (claim.kind == ExpenseKind::mileage) {
        if (!claim.amount.empty() || claim.miles.empty())
            throw Error(ExitCode::usage, {}, "--miles",
                        "mileage is claimed by the mile: give --miles, not --amount",
                        "e.g. `--miles 23.5`; the amount is worked out at payments.mileage");
        auto hundredths = parse_pence(claim.miles);
        if (!hundredths || *hundredths <= 0 || *hundredths > 10000000)
            throw Error(ExitCode::usage, {}, "--miles",
                        fmt::format("'{}' is not a number of miles", claim.miles),
                        "write the miles travelled, with at most two decimals, e.g. 23.5");
        const MileageRate* rate = mileage_on(store.settings().mileage, day);
        if (!rate)
            throw Error(ExitCode::refused, {}, "--miles",
                        fmt::format("no rate per mile is in force on {}", day.str()),
                        fmt::format("add one starting on or before {} under payments.mileage in "
                                    "vfi.yaml (e.g. `- from: {}` and `per_mile: 0.45`)",
                                    day.str(), day.str()));
        return mileage_pence(*hundredths, rate->per_mile_pence);
    }
    if (!claim.miles.empty() || claim.amount.empty())
        throw Error(ExitCode::usage, {}, "--amount",
                    fmt::format("a {} expense is an amount spent: give --amount", claim.kind),
                    "e.g. `--amount 12.40`; only mileage is claimed with --miles");
    auto pence = parse_pence(claim.amount);
    if (!pence || *pence <= 0 || *pence > 10000000)
        throw Error(ExitCode::usage, {}, "--amount",
                    fmt::format("'{}' is not an amount spent", claim.amount),
                    "write pounds with at most two decimals, more than 0, e.g. 12.40");
    return *pence;
}

}  // namespace

void read_receipt(ExpenseClaim& claim) {
    if (!claim.receipt.empty()) claim.receipt_content = read_receipt_file(claim.receipt);
}

AddedExpense add_expense(RecordStore& store, Transaction& change, const ExpenseClaim& claim) {
    std::string id = store.resolve(Kind::session, claim.session);
    const Record* session = store.find(id);
    if (!session) throw store.fails_check(Kind::session, id);
    std::string partner = store.resolve(Kind::partner, claim.partner);
    Session s = to_session(*session);
    auto who = taking_part(store, s);
    if (std::find(who.begin(), who.end(), partner) == who.end())
        throw Error(
            ExitCode::refused, {}, "PARTNER",
            fmt::format("{} did not take part in {}, so cannot claim expenses for it", partner, id),
            who.empty()
                ? std::string("check the session with `vfi session show`")
                : fmt::format("{} took part in it; check the session's id", fmt::join(who, ", ")));
    AddedExpense out{id, partner, {}, claimed_pence(store, *session, claim), s.date};
    // The same claim twice is most often one claim entered twice: paid twice, unless said.
    Date day = s.date;
    if (!claim.again)
        for (const auto& e : s.expenses)
            if (e.partner == partner && e.kind == claim.kind &&
                expense_pence(e, store.settings(), day) == out.pence)
                throw Error(ExitCode::refused, {}, "",
                            fmt::format("{} already has a {} expense of {} {} claimed by {}", id,
                                        claim.kind, money_text(out.pence),
                                        store.settings().currency, partner),
                            "see it with `vfi expense list`; if this is a second one, add it "
                            "with --again");
    auto item = yaml::Node::map();
    item.set("partner", yaml::Node::plain(partner));
    item.set("kind", yaml::Node::plain(std::string(word(claim.kind))));
    if (claim.kind == ExpenseKind::mileage) item.set("miles", yaml::Node::plain(claim.miles));
    // Mileage gets its amount when approved, at the rate per mile then in force.
    if (claim.kind != ExpenseKind::mileage || claim.approved)
        item.set("amount", yaml::Node::plain(money_text(out.pence)));
    if (!claim.receipt.empty()) {
        std::string content =
            claim.receipt_content ? *claim.receipt_content : read_receipt_file(claim.receipt);
        out.receipt = receipt_name(store, *session, partner, receipt_extension(claim.receipt));
        item.set("receipt", yaml::Node::plain(out.receipt));
        change.put_file(out.receipt, content);
    }
    if (!claim.note.empty()) item.set("note", yaml::Node::text(claim.note));
    if (claim.approved) item.set("approved", yaml::Node::plain(claim.approved->str()));
    if (claim.again) item.set("again", yaml::Node::plain("true"));
    yaml::Node doc = session->doc;
    yaml::Node* list = doc.find("expenses");
    if (!list || !list->is_sequence()) {
        doc.set("expenses", yaml::Node::sequence());
        list = doc.find("expenses");
    }
    list->items.push_back(item);
    change.put(Kind::session, id, doc, Write::replace);
    return out;
}

ApprovedExpenses approve_expenses(RecordStore& store, Transaction& change,
                                  const std::string& session, const std::string& partner,
                                  const Date& day, std::optional<ExpenseKind> kind) {
    std::string id = store.resolve(Kind::session, session);
    const Record* r = store.find(id);
    if (!r) throw store.fails_check(Kind::session, id);
    std::string who = partner.empty() ? std::string() : store.resolve(Kind::partner, partner);
    yaml::Node doc = r->doc;
    Date date = field_date(doc, "date").value_or(Date{});
    ApprovedExpenses out{id, 0, 0, date};
    if (yaml::Node* list = doc.find("expenses"); list && list->is_sequence())
        for (auto& item : list->items) {
            if (!item.is_map() || item.find("approved")) continue;
            if (!who.empty() && field_text(item, "partner") != who) continue;
            if (kind && field_text(item, "kind") != word(*kind)) continue;
            Expense e{.partner = field_text(item, "partner"),
                      .receipt = {},
                      .kind = parse_word<ExpenseKind>(field_text(item, "kind")),
                      .pence = parse_pence(field_text(item, "amount")),
                      .hundredths = parse_pence(field_text(item, "miles")),
                      .approved = day};
            std::optional<long> pence = expense_pence(e, store.settings(), date);
            if (!pence)
                throw Error(ExitCode::refused, {}, "",
                            fmt::format("the mileage {} claimed for {} cannot be approved: no "
                                        "rate per mile is in force on {}",
                                        e.partner, id, date.str()),
                            fmt::format("add one starting on or before {} under payments.mileage "
                                        "in vfi.yaml, then approve it",
                                        date.str()));
            // Approved mileage keeps its amount, so a rate changed later never reprices it.
            if (e.kind == ExpenseKind::mileage && !item.find("amount"))
                item.set("amount", yaml::Node::plain(money_text(*pence)));
            item.set("approved", yaml::Node::plain(day.str()));
            ++out.count;
            out.pence += *pence;
        }
    if (out.count == 0)
        throw Error(ExitCode::refused, {}, "",
                    fmt::format("no {}expense claimed{} for {} waits for approval",
                                kind ? std::string(word(*kind)) + " " : std::string(),
                                who.empty() ? std::string() : " by " + who, id),
                    fmt::format("see what is claimed with `vfi expense list --waiting`"));
    change.put(Kind::session, id, doc, Write::replace);
    return out;
}

RemovedExpenses remove_expenses(RecordStore& store, Transaction& change, const std::string& session,
                                const std::string& partner, std::optional<ExpenseKind> kind) {
    std::string id = store.resolve(Kind::session, session);
    const Record* r = store.find(id);
    if (!r) throw store.fails_check(Kind::session, id);
    RemovedExpenses out{id, store.resolve(Kind::partner, partner), 0, 0, 0, {}};
    yaml::Node doc = r->doc;
    Date date = field_date(doc, "date").value_or(Date{});
    Session s = to_session(*r);
    yaml::Node* list = doc.find("expenses");
    if (list && list->is_sequence() && list->items.size() == s.expenses.size()) {
        std::vector<yaml::Node> kept;
        for (std::size_t i = 0; i < s.expenses.size(); ++i) {
            const Expense& e = s.expenses[i];
            if (e.partner != out.partner || (kind && e.kind != kind)) {
                kept.push_back(list->items[i]);
                continue;
            }
            ++out.count;
            out.pence =
                checked_add(out.pence, expense_pence(e, store.settings(), date).value_or(0));
            if (e.approved) ++out.paid;
            if (!e.receipt.empty()) out.receipts.push_back(e.receipt);
        }
        list->items = std::move(kept);
        if (list->items.empty()) doc.erase("expenses");
    }
    if (out.count == 0)
        throw Error(ExitCode::refused, {}, "",
                    fmt::format("{} has no {}expense claimed on {}", out.partner,
                                kind ? std::string(word(*kind)) + " " : std::string(), id),
                    "see what is claimed with `vfi expense list`");
    change.put(Kind::session, id, doc, Write::replace);
    return out;
}

std::vector<ExpenseRow> list_expenses(RecordStore& store, const Date& from, const Date& to,
                                      bool waiting) {
    std::vector<ExpenseRow> out;
    const Settings& settings = store.settings();
    store.stream(Kind::session, [&](const Record& r) {
        if (!r.doc.find("expenses")) return;
        Session s = to_session(r);
        if (s.date < from || to < s.date) return;
        for (const auto& e : s.expenses) {
            if (!e.kind || (waiting && e.approved)) continue;
            out.push_back({s.id, e.partner, e.receipt, s.date, *e.kind,
                           expense_pence(e, settings, s.date), e.approved});
        }
    });
    std::stable_sort(out.begin(), out.end(), [](const ExpenseRow& a, const ExpenseRow& b) {
        return std::tie(a.date, a.session) < std::tie(b.date, b.session);
    });
    return out;
}

}  // namespace vfi
