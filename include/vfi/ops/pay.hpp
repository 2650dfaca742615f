// What partners are owed for their time, from the sessions at the rates in vfi.yaml, and the
// monthly payment runs that record what was paid (`vfi pay close`). Money is whole pence.
//
// A run pays, for its month, everything owed and not yet paid: the month's own activity, what
// earlier months owe that no run paid (a session logged late, an eligibility recorded late),
// and the difference wherever a paid session was corrected since (an adjustment, negative
// when it was overpaid). So nothing is paid twice and nothing is lost. Activity before the
// first run's month was paid before vfi kept runs, and is left alone.
#pragma once

#include <functional>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "vfi/base/date.hpp"
#include "vfi/format/settings.hpp"
#include "vfi/model/programme.hpp"
#include "vfi/model/records.hpp"
#include "vfi/ops/limits.hpp"

namespace vfi {

class RecordStore;
class Transaction;

// Whether a partner takes a fee for their time: not when their payment.preference is
// expenses-only or declined.
bool takes_fee(const Partner& partner);

// The payment for some minutes at an hourly rate, in pence, to the nearest penny (halves up).
long pay_for_minutes(long minutes, long hourly_pence);
// The rate in force on a day: the one with the latest `from` on or before it, or nullptr.
const PaymentRate* rate_on(const std::vector<PaymentRate>& rates, const Date& day);

// The rate per mile in force on a day, or nullptr; what some miles come to at a rate per
// mile (hundredths of a mile, to the nearest penny, halves up).
const MileageRate* mileage_on(const std::vector<MileageRate>& rates, const Date& day);
long mileage_pence(long hundredths_of_mile, long per_mile_pence);
// What an expense comes to, claimed for a session on `day`: its amount (approved mileage's
// too), or its miles at the rate per mile in force then; none when that cannot be worked out.
std::optional<long> expense_pence(const Expense& e, const Settings& settings, const Date& day);

struct PayLine {
    Date date;
    std::string session, partner, type;
    PayItem item = PayItem::session;
    long minutes = 0;  // 0 for a session fee
    long rate = 0;     // pence per session, or per hour
    long pence = 0;
    // The session's own minutes, whatever the line pays: the hours a fee stands for (a weekly
    // limit on earnings counts them). 0 on a line read back from a run.
    long session_minutes = 0;
};

// Everything some sessions come to: the lines paid, and what was not paid and why.
struct Ledger {
    std::vector<PayLine> lines;
    std::vector<std::string> attention;    // what blocks a payment someone may be owed
    std::map<std::string, long> not_paid;  // partner not eligible, or not recorded -> activities
    std::map<std::string, Date> not_paid_from;  // -> the first of those activities
    std::map<std::string, long> fee_declined;   // partner -> sessions whose fee they turned down
    long cancelled_unpaid = 0, no_shows = 0;
};

// Whether a run already paid a partner for a session (anything of it).
using PaidAlready = std::function<bool(const std::string& session, const std::string& partner)>;

// The sessions dated from..to (and, with a cohort, only coaching of its leaders) as owed.
// A partner not paid for a session a run already paid them for is not counted as not paid.
Ledger work_out_pay(const Programme& programme, const Settings& settings, const Date& from,
                    const Date& to, const std::string& cohort = {},
                    const PaidAlready& paid_already = {});

// The same, of `among` alone (in any order): one partner's sessions, say. A session's lines
// are its own, so each of theirs is as in the whole programme's ledger; what it counts as not
// paid, or as needing attention, is of `among` only.
Ledger work_out_pay_among(const Programme& programme, const Settings& settings,
                          std::vector<const Session*> among, const Date& from, const Date& to);

// Why a line is in a run.
enum class RunWhy { month, earlier, adjustment };
std::string_view run_why_words(RunWhy why);

struct RunLine {
    PayLine line;
    RunWhy why = RunWhy::month;
};

// A month's run: closed (what the record says was paid) or, when its month is not closed, the
// draft `vfi pay close` would record.
struct MonthRun {
    Date month;                     // its first day
    std::optional<PaymentRun> run;  // the record, when closed
    std::vector<RunLine> lines;
    Ledger ledger;  // the month's own activity: attention (from every open month), not paid
    // Partners a draft would pay less than nothing: their lines wait for a later run.
    std::vector<std::string> carried;
    // The weeks meeting the month of partners who declared a weekly limit on earnings.
    std::vector<LimitWeek> limit_weeks;
    // A draft's weeks over a limit (crossing_lines): its lines are in the run, but it is not
    // closed until someone has looked (`pay close --anyway` pays them as they are).
    std::vector<std::string> over_limits;
    // The first run of all, with activity before its month that it takes as paid before vfi
    // kept runs: how many payment lines, from which month. Set by run_to_close alone: only
    // closing a run says it, and it works out the whole history before the month.
    long taken_as_paid = 0;
    Date taken_as_paid_from;
};

// What some lines of a run come to: the sum, and how many partners they pay.
struct RunTotals {
    long pence = 0;
    std::size_t partners = 0;
};
RunTotals run_totals(const std::vector<PaidLine>& lines);
RunTotals run_totals(const std::vector<RunLine>& lines);

// The first day of the month before `month`'s, and of the month after.
Date previous_month(const Date& month);
Date next_month(const Date& month);

// The runs closed, oldest month first.
std::vector<PaymentRun> payment_runs(const RecordStore& store);
// What a coordinator logging or moving a session to `day` should know of the runs: that its
// month is closed and the next run pays it, or that it is before the first run and no run
// pays it; empty when its month is still open to a run.
std::string closed_month_words(RecordStore& store, const Date& day);
// The same for an expense claim for a session on `day`, approved on `approved`: one for
// activity before the first run, approved before that run was closed, is taken as paid
// before vfi kept runs (no run pays it); empty otherwise.
std::string taken_as_paid_claim_words(RecordStore& store, const Date& day, const Date& approved);
MonthRun month_run(const Programme& programme, const Settings& settings,
                   const std::vector<PaymentRun>& runs, const Date& month);

// The run `vfi pay close` would record for `month` (its first day) on `closed`, refusing a
// month already closed, one before a month closed, one whose month before is not closed
// (once there is a run), or a month not ended by then. The first run of all also says what
// it takes as paid (taken_as_paid).
// Also refused unless `again`: a month whose run git's history shows was deleted (closing it
// again would pay twice if finance paid from the first).
MonthRun run_to_close(const RecordStore& store, const Programme& programme, const Date& month,
                      const Date& closed, bool again = false);
// Stages `run` (from run_to_close) in `change` as a payment run record (with no lines when
// the month pays nothing), and sets run.run.
void close_run(RecordStore& store, Transaction& change, MonthRun& run, const Date& closed);

}  // namespace vfi
