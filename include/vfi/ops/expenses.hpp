// Expenses partners claim for a session or involvement (travel, mileage, care cover, other):
// added to the session's record with any receipt kept in receipts/, approved, and then
// reimbursed by the next payment run (ops/pay), never counted as earnings.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "vfi/base/date.hpp"
#include "vfi/format/status.hpp"

namespace vfi {

class RecordStore;
class Transaction;

struct ExpenseClaim {
    std::string session, partner;  // ids, or their unique starts
    ExpenseKind kind = ExpenseKind::travel;
    std::string amount, miles;                   // as typed: one of the two, as the kind needs
    std::string receipt;                         // a file to keep a copy of in receipts/, or ""
    std::optional<std::string> receipt_content;  // its bytes, read by read_receipt
    std::string note;                            // confidential
    std::optional<Date> approved;
    bool again = false;  // the same claim is on the session already, and this is another
};

struct AddedExpense {
    std::string session, partner, receipt;  // receipt: its path in the data directory, or ""
    long pence = 0;                         // what it comes to (mileage at the rate per mile)
    Date date;                              // the session's
};

// Reads the claim's receipt (a regular file up to 10 MB) into receipt_content: before the
// data directory is locked, so a file slow to read never holds other writers up.
void read_receipt(ExpenseClaim& claim);

// Stages the claim on its session in `change` (and the receipt's copy), refusing what `vfi
// check` would refuse with a message that names the option to correct.
AddedExpense add_expense(RecordStore& store, Transaction& change, const ExpenseClaim& claim);

struct ApprovedExpenses {
    std::string session;
    long count = 0, pence = 0;
    Date date;  // the session's
};

// Stages the approval, on `day`, of every claim on the session waiting for it (only the
// partner's, when one is named, and only of `kind`, when given). Refused when none waits.
ApprovedExpenses approve_expenses(RecordStore& store, Transaction& change,
                                  const std::string& session, const std::string& partner,
                                  const Date& day, std::optional<ExpenseKind> kind = {});

struct RemovedExpenses {
    std::string session, partner;
    long count = 0, pence = 0;
    long paid = 0;                      // of them, approved: a run may have paid them
    std::vector<std::string> receipts;  // their receipts, left in receipts/
};

// Stages taking the partner's claims (only of `kind`, when given) off the session: a claim
// turned down, or entered by mistake. Refused when the partner has none there.
RemovedExpenses remove_expenses(RecordStore& store, Transaction& change, const std::string& session,
                                const std::string& partner, std::optional<ExpenseKind> kind = {});

struct ExpenseRow {
    std::string session, partner, receipt;
    Date date;
    ExpenseKind kind = ExpenseKind::other;
    std::optional<long> pence;  // none: mileage with no rate per mile for its day
    std::optional<Date> approved;
};

// Every claim dated from..to, oldest first; only those waiting for approval when `waiting`.
// Reads the sessions a chunk at a time without keeping them (a session that cannot be read is
// left out and in store.problems()), so a national programme's claims list in little memory.
std::vector<ExpenseRow> list_expenses(RecordStore& store, const Date& from, const Date& to,
                                      bool waiting);

}  // namespace vfi
