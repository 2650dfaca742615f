#!/usr/bin/env bash
# vfi pay: monthly payment runs. A run records what a month paid; a session logged late for a
# closed month is paid in the next run, a correction to a paid session is an adjustment, and
# over a year nothing is paid twice and nothing is lost (checked against an independent count).
source "$(dirname "$0")/lib.sh"

# One paid partner coached by one leader since January 2024; £50 a session with 30 minutes'
# preparation at £25 an hour (£62.50 a session), as the sample's rates.
pay_data() {
    local dir
    dir=$(new_data)
    mkdir -p "$dir/partners" "$dir/leaders" "$dir/matches" "$dir/sessions"
    printf 'id: P-PAYR01\nname: Test Paid Partner\nstatus: active\njoined: 2023-06-01\ntraining:\n  completed: 2023-06-01\npayment:\n  eligible: true\n' \
        >"$dir/partners/P-PAYR01.yaml"
    printf 'id: L-PAYR01\nname: Test Leader\norganisation: Test Trust\nstatus: matched\nenquired: 2023-06-01\n' \
        >"$dir/leaders/L-PAYR01.yaml"
    printf 'id: M-PAYR01\npartner: P-PAYR01\nleader: L-PAYR01\nstatus: active\nstarted: 2024-01-02\n' \
        >"$dir/matches/M-PAYR01.yaml"
    git -C "$dir" add -A && git -C "$dir" commit -qm "pay test data"
    echo "$dir"
}

held() { # DIR DATE [MINUTES]: logs a coaching session, prints its id
    VFI_TODAY=2026-11-23 "$VFI" -C "$1" session log M-PAYR01 --date "$2" --minutes "${3:-60}"
}

t_closing_a_month_records_its_run_and_commits_only_it() {
    local dir snap
    dir=$(pay_data)
    held "$dir" 2024-01-10 >/dev/null
    held "$dir" 2024-01-24 >/dev/null
    echo "someone else's work" >"$dir/notes.txt"
    git -C "$dir" add notes.txt
    vfi -C "$dir" report payments --month 2024-01 --format csv
    expect_status 0
    expect_out_has "2024-01-01,2024-01-31,not closed,P-PAYR01,Test Paid Partner,2,60,0,125.00,0.00,0.00,0.00,125.00,GBP"
    vfi -C "$dir" pay close --month 2024-01 --date 2024-02-01
    expect_status 0
    expect_out_has "Closed 2024-01 (Y-"
    expect_out_has "125.00 GBP to 1 partner in 4 lines."
    local run
    run=$(ls "$dir/payments")
    [ "$(git -C "$dir" show --name-only --format= HEAD)" = "payments/$run" ] ||
        fail "the commit holds more than the run: $(git -C "$dir" show --name-only --format= HEAD)"
    [ "$(git -C "$dir" log -1 --format=%s)" = "pay: close 2024-01 (${run%.yaml})" ] ||
        fail "commit message: $(git -C "$dir" log -1 --format=%s)"
    git -C "$dir" diff --cached --name-only | grep -qx notes.txt || fail "the staged work was lost"
    # The record, as a YAML reader reads it: amounts exact, the lines add up to the total.
    python3 - "$dir/payments/$run" <<'PY' || fail "the run does not read back"
import sys, yaml
from decimal import Decimal
run = yaml.safe_load(open(sys.argv[1]))
assert run["month"] == "2024-01" and str(run["closed"]) == "2024-02-01", run
lines = run["lines"]
assert [l["item"] for l in lines] == ["session", "preparation"] * 2, lines
assert sum(Decimal(str(l["amount"])) for l in lines) == Decimal("125.00") == Decimal(str(run["total"]))
PY
    # The closed month's report is the run as recorded.
    vfi -C "$dir" report payments --month 2024-01 --format csv
    expect_out_has "2024-01-01,2024-01-31,${run%.yaml},P-PAYR01,Test Paid Partner,2,60,0,125.00,0.00,0.00,0.00,125.00,GBP"
    vfi -C "$dir" pay list --format csv
    expect_status 0
    expect_out_has "${run%.yaml},2024-01,2024-02-01,1,4,125.00"
    # Money in JSON is an exact decimal string, never a float.
    vfi -C "$dir" report payments --month 2024-01 --format json
    python3 -c '
import json, sys
r = json.loads(sys.argv[1])
owed = [t for s in r["sections"] if s["heading"] == "Owed to each partner" for t in s["tables"]][0]
row = owed["rows"][0]
assert row["amount (GBP)"] == "125.00" and row["sessions"] == 2, row
' "$out" || fail "money in JSON is not an exact string: $out"
    vfi -C "$dir" check
    expect_status 0
}

t_the_first_run_says_what_it_takes_as_paid_before() {
    local dir
    dir=$(pay_data)
    held "$dir" 2024-01-10 >/dev/null
    held "$dir" 2024-02-07 >/dev/null
    vfi -C "$dir" pay close --month 2024-02 --date 2024-03-01
    expect_status 0
    expect_err "vfi: note: this is the first payment run: the 2 payment lines of activity from 2024-01 to the end of 2024-01 are taken as paid before vfi kept runs, and no run pays them; if some were never paid, remove this run (\`git revert HEAD\`) and close the earliest unpaid month first"
    # Only the first says so.
    vfi -C "$dir" pay close --month 2024-03 --date 2024-04-01
    expect_status 0
    expect_err_empty
    # A session logged for a day before the first run is paid by no run: said as it is logged.
    vfi -C "$dir" session log M-PAYR01 --date 2024-01-24 --minutes 60
    expect_status 0
    expect_err "vfi: note: 2024-01-24 is before the first payment run (2024-02, $(basename "$(grep -l '^month: 2024-02' "$dir"/payments/*.yaml)" .yaml)): activity before it was paid before vfi kept runs, so no run pays this session — if it is owed, pay it by hand and tell finance"
}

t_a_late_session_is_paid_next_month_once() {
    local dir
    dir=$(pay_data)
    held "$dir" 2024-01-10 >/dev/null
    vfi -C "$dir" pay close --month 2024-01 --date 2024-02-01
    expect_status 0
    # Logged after January was paid: February's run pays it, marked as owed from earlier,
    # and the coordinator is told so as it is logged.
    vfi -C "$dir" session log M-PAYR01 --date 2024-01-30 --minutes 60
    expect_status 0
    expect_err "vfi: note: 2024-01 is closed (its payment run is paid), so what this session is owed is paid by the next run, for 2024-02, as owed from an earlier month"
    vfi -C "$dir" session log M-PAYR01 --date 2024-02-14 --minutes 60
    expect_err_empty
    vfi -C "$dir" report payments --month 2024-02 --format md
    expect_status 0
    expect_out_has "| 2024-01-30 | S-"
    expect_out_has "| 50.00 a session | 50.00 | owed from an earlier month |"
    expect_out_has "| P-PAYR01 | Test Paid Partner | 2 | 1.00 | 0.00 | 62.50 | 62.50 | 0.00 | 0.00 | 125.00 |"
    vfi -C "$dir" pay close --month 2024-02 --date 2024-03-01
    expect_status 0
    expect_out_has "Owed from earlier months: 62.50."
    # March pays neither again.
    held "$dir" 2024-03-05 >/dev/null
    vfi -C "$dir" report payments --month 2024-03 --format csv
    expect_out_has "not closed,P-PAYR01,Test Paid Partner,1,30,0,62.50,0.00,0.00,0.00,62.50,GBP"
}

t_a_corrected_paid_session_is_an_adjustment_and_an_overpayment_is_carried() {
    local dir s1 snap
    dir=$(pay_data)
    s1=$(held "$dir" 2024-01-10)
    printf 'id: S-PAYV01\ntype: advisory-group\npartners: [P-PAYR01]\ndate: 2024-01-12\nminutes: 60\nstatus: held\n' \
        >"$dir/sessions/S-PAYV01.yaml"
    git -C "$dir" add -A && git -C "$dir" commit -qm "involvement"
    vfi -C "$dir" pay close --month 2024-01 --date 2024-02-01
    expect_status 0
    expect_out_has "87.50 GBP"
    # The advisory group ran 90 minutes, not 60: 12.50 more. The coaching session never
    # happened: 62.50 back. February owes nothing else, so the partner is 50.00 overpaid:
    # never a negative payment, it waits to be set against what they are owed later.
    VFI_TODAY=2026-11-23 "$VFI" -C "$dir" session set S-PAYV01 minutes=90 >/dev/null
    VFI_TODAY=2026-11-23 "$VFI" -C "$dir" session remove "$s1" >/dev/null || fail "remove"
    vfi -C "$dir" report payments --month 2024-02 --format md
    expect_status 0
    expect_out_has "## Set against later runs"
    expect_out_has "P-PAYR01 was overpaid by 50.00"
    expect_out_has "| total | 0 partners | 0 | 0.00 | 0.00 | 0.00 | 0.00 | 0.00 | 0.00 |"
    vfi -C "$dir" pay close --month 2024-02 --date 2024-03-01
    expect_status 0
    expect_out_has "nothing to pay."
    expect_err_has "vfi: note: P-PAYR01 was overpaid by 50.00"
    # March: a session (62.50) less the 50.00 carried = 12.50, every line saying why.
    held "$dir" 2024-03-05 >/dev/null
    vfi -C "$dir" report payments --month 2024-03 --format md
    expect_status 0
    # An adjustment line is the change, minutes and money: 30 more minutes at 25.00 an hour;
    # the removed session's preparation taken back, 30 minutes less.
    expect_out_has "| 2024-01-12 | S-PAYV01 | P-PAYR01 | advisory-group | involvement | 30 | 25.00 an hour | 12.50 | adjustment to a paid session |"
    expect_out_has "| $s1 | P-PAYR01 | (removed) | session |  | 50.00 a session | -50.00 | adjustment to a paid session |"
    expect_out_has "| $s1 | P-PAYR01 | (removed) | preparation | -30 | 25.00 an hour | -12.50 | adjustment to a paid session |"
    # The columns add up to the amount: a session taken back for one held, 30 minutes of
    # preparation for 30 taken back, and the group's 30 minutes more (12.50).
    expect_out_has "| P-PAYR01 | Test Paid Partner | 0 | 0.00 | 0.50 | 62.50 | 0.00 | -50.00 | 0.00 | 12.50 |"
    vfi -C "$dir" pay close --month 2024-03 --date 2024-04-01
    expect_status 0
    expect_out_has "Adjustments to paid sessions: -50.00."
    # Settled: April owes nothing more.
    vfi -C "$dir" report payments --month 2024-04 --format csv
    expect_status 0
    [ "$(tr -d '\r' <<<"$out" | wc -l)" = 1 ] || fail "April pays January again: $out"
}

# A paid session whose date is corrected to before the first run's month is still owed what
# it was paid: nothing is taken back, and nothing is paid again.
t_a_paid_session_moved_before_the_first_run_is_not_taken_back() {
    local dir s1
    dir=$(pay_data)
    sed -i 's/^started: 2024-01-02$/started: 2023-12-01/' "$dir/matches/M-PAYR01.yaml"
    git -C "$dir" commit -qam "started earlier"
    s1=$(held "$dir" 2024-01-10)
    vfi -C "$dir" pay close --month 2024-01 --date 2024-02-01
    expect_status 0
    expect_out_has "62.50 GBP to 1 partner in 2 lines."
    VFI_TODAY=2026-11-23 "$VFI" -C "$dir" session set "$s1" date=2023-12-28 >/dev/null ||
        fail "the date was not corrected"
    vfi -C "$dir" report payments --month 2024-02 --format md
    expect_status 0
    expect_out_has "| total | 0 partners | 0 | 0.00 | 0.00 | 0.00 | 0.00 | 0.00 | 0.00 | 0.00 |"
    expect_out_lacks "overpaid"
    expect_out_lacks "$s1"
}

# What a month's report counts as not paid is that month's, not every month's since the first
# run: January's cancellation is not counted again in February.
t_a_months_report_counts_what_that_month_did_not_pay() {
    local dir
    dir=$(pay_data)
    VFI_TODAY=2026-11-23 "$VFI" -C "$dir" session log M-PAYR01 --date 2024-01-17 --status cancelled \
        --category leader-unavailable >/dev/null || fail "the cancellation was not logged"
    held "$dir" 2024-01-10 >/dev/null
    vfi -C "$dir" pay close --month 2024-01 --date 2024-02-01
    expect_status 0
    vfi -C "$dir" report payments --month 2024-01 --format md
    expect_out_has "Cancelled sessions not paid: 1."
    held "$dir" 2024-02-07 >/dev/null
    vfi -C "$dir" report payments --month 2024-02 --format md
    expect_status 0
    expect_out_has "Cancelled sessions not paid: 0."
}

t_stopping_pay_never_takes_back_the_past() {
    local dir
    dir=$(pay_data)
    held "$dir" 2024-01-10 >/dev/null
    vfi -C "$dir" pay close --month 2024-01 --date 2024-02-01
    VFI_TODAY=2026-11-23 "$VFI" -C "$dir" partner set P-PAYR01 payment.eligible=false >/dev/null
    vfi -C "$dir" report payments --month 2024-02 --format csv
    expect_status 0
    [ "$(tr -d '\r' <<<"$out" | wc -l)" = 1 ] || fail "January's pay is taken back: $out"
}

# Eligibility taken out of the record (a hand edit, or `payment.eligible=`) is not news that
# the partner was overpaid: nothing paid is taken back, and February's session waits until it
# is recorded again (a coordinator was told a partner owed everything she was ever paid).
t_eligibility_no_longer_recorded_takes_nothing_back() {
    local dir
    dir=$(pay_data)
    held "$dir" 2024-01-10 >/dev/null
    vfi -C "$dir" pay close --month 2024-01 --date 2024-02-01
    held "$dir" 2024-02-07 >/dev/null
    VFI_TODAY=2026-11-23 "$VFI" -C "$dir" partner set P-PAYR01 payment.eligible= >/dev/null
    vfi -C "$dir" report payments --month 2024-02
    expect_status 1
    [[ "$out$err" == *overpaid* || "$out" == *-50.00* ]] && fail "January's pay is taken back: $out $err"
    expect_err "vfi: warning: P-PAYR01 is not paid for 1 activity from 2024-02-01 to 2024-02-29: payment.eligible is not recorded — record it with \`vfi partner set P-PAYR01 payment.eligible=true\`, or \`payment.eligible=false\` if they are not paid."
    VFI_TODAY=2026-11-23 "$VFI" -C "$dir" partner set P-PAYR01 payment.eligible=true >/dev/null
    vfi -C "$dir" report payments --month 2024-02 --format csv
    expect_status 0
    expect_out_has ",P-PAYR01,Test Paid Partner,1,30,0,62.50,0.00,0.00,0.00,62.50,GBP"
}

t_a_rate_changed_later_never_reprices_a_closed_month() {
    local dir
    dir=$(pay_data)
    held "$dir" 2024-01-10 >/dev/null
    vfi -C "$dir" pay close --month 2024-01 --date 2024-02-01
    # The fee and the minutes of preparation both edited in place (a review found the
    # minutes repriced January).
    sed -i 's/^      session: 50$/      session: 45/; s/^      prep_minutes: 30$/      prep_minutes: 60/' "$dir/vfi.yaml"
    git -C "$dir" commit -qam "rates"
    held "$dir" 2024-02-07 >/dev/null
    vfi -C "$dir" report payments --month 2024-02 --format csv
    expect_status 0
    expect_out_has "not closed,P-PAYR01,Test Paid Partner,1,60,0,70.00,0.00,0.00,0.00,70.00,GBP"
    [ "$(tr -d '\r' <<<"$out" | wc -l)" = 2 ] || fail "January is repriced: $out"
}

t_months_close_once_in_order_and_ended() {
    local dir snap
    dir=$(pay_data)
    held "$dir" 2024-01-10 >/dev/null
    held "$dir" 2024-03-10 >/dev/null
    vfi -C "$dir" pay close --month 2024-03 --date 2024-04-01
    expect_status 0
    snap=$(snapshot "$dir")
    vfi -C "$dir" pay close --month 2024-03
    expect_status 8
    expect_err_has "month: 2024-03 was closed on 2024-04-01 (Y-"
    vfi -C "$dir" pay close --month 2024-02
    expect_status 8
    expect_err "vfi: month: 2024-03 is closed, and it comes after 2024-02 — months are closed in order; what 2024-02 still owes is paid in the next month's run"
    vfi -C "$dir" pay close --month 2024-05
    expect_status 8
    expect_err "vfi: month: 2024-04 is not closed yet, and comes before 2024-05 — months are closed in order, each once: the first not closed is 2024-04, so close it first (\`vfi pay close --month 2024-04\`), then each month after it"
    # Months behind: the first not closed is named, not the month before.
    vfi -C "$dir" pay close --month 2024-07
    expect_status 8
    expect_err_has "the first not closed is 2024-04, so close it first (\`vfi pay close --month 2024-04\`)"
    vfi -C "$dir" report payments --month 2024-05
    expect_status 0
    expect_out_has "It cannot be closed yet: the next month to close is 2024-04 (\`vfi pay close --month 2024-04\`)"
    vfi -C "$dir" pay close --month 2024-04 --date 2024-04-20
    expect_status 8
    expect_err "vfi: month: 2024-04 has not ended on 2024-04-20 — close a month once it has ended, on or after 2024-04-30"
    vfi -C "$dir" pay close --month 2024-13
    expect_status 2
    expect_err_has "'2024-13' is not a month"
    vfi -C "$dir" pay close --month 2024-04 --date 2024-04-31
    expect_status 3
    expect_unchanged "$dir" "$snap"
    # A month with nothing to pay is closed too, so every month has its run.
    vfi -C "$dir" pay close --month 2024-04
    expect_status 0
    expect_out_has "Closed 2024-04 (Y-"
    expect_out_has "nothing to pay."
    # January, before the first run's month, was paid before vfi kept runs.
    vfi -C "$dir" report payments --month 2024-05 --format csv
    [ "$(tr -d '\r' <<<"$out" | wc -l)" = 1 ] || fail "January is paid again: $out"
    # A run deleted from the middle would pay its month again: check names the gap.
    vfi -C "$dir" pay close --month 2024-05
    expect_status 0
    git -C "$dir" rm -q "$(grep -l 'month: 2024-04' "$dir"/payments/*.yaml)"
    git -C "$dir" commit -qm "a run deleted"
    vfi -C "$dir" check
    expect_status 1
    expect_out_has "month: the run for 2024-04 is missing (there are runs before and after it): its sessions would be paid again"
    expect_out_has "if none was ever closed (two copies of the data closed different months and were merged), remove the later runs with \`git rm\` and close the months in order"
}

t_a_month_whose_run_was_removed_is_not_closed_again_unasked() {
    local dir run snap
    dir=$(pay_data)
    held "$dir" 2024-01-10 >/dev/null
    vfi -C "$dir" pay close --month 2024-01 --date 2024-02-01
    run=$(ls "$dir/payments")
    git -C "$dir" rm -q "payments/$run" && git -C "$dir" commit -qm "oops"
    snap=$(snapshot "$dir")
    vfi -C "$dir" pay close --month 2024-01 --date 2024-02-01
    expect_status 8
    expect_err_has "month: 2024-01 was closed before, and its run removed: payments/$run (deleted in commit "
    expect_err_has "if it was never paid, close the month again with --again"
    expect_unchanged "$dir" "$snap"
    vfi -C "$dir" pay close --month 2024-01 --date 2024-02-01 --again
    expect_status 0
    expect_out_has "62.50 GBP to 1 partner"
}

t_a_run_is_refused_on_data_check_refuses() {
    local dir snap
    dir=$(pay_data)
    held "$dir" 2024-01-10 >/dev/null
    printf 'id: S-BRKN01\ndate: 2024-01-11\nstatus: sleeping\nmatch: M-PAYR01\n' >"$dir/sessions/S-BRKN01.yaml"
    snap=$(snapshot "$dir")
    vfi -C "$dir" pay close --month 2024-01
    expect_status 3
    expect_err_has "sessions/S-BRKN01.yaml:3:9: status: 'sleeping' is not one of"
    expect_unchanged "$dir" "$snap"
}

t_a_hand_edited_run_is_checked() {
    local dir run
    dir=$(pay_data)
    held "$dir" 2024-01-10 >/dev/null
    vfi -C "$dir" pay close --month 2024-01 --date 2024-02-01
    run=$(ls "$dir/payments")
    cp "$dir/payments/$run" "$WORK/run.yaml"
    sed -i 's/amount: 50.00/amount: 50.001/; s/^month: 2024-01/month: 2024-1/' "$dir/payments/$run"
    vfi -C "$dir" check
    expect_status 1
    expect_out_has "payments/$run:2:8: month: '2024-1' is not a month — write it as YYYY-MM, e.g. 2026-10"
    expect_out_has "lines.amount: '50.001' is not an amount of money — write pounds with at most two decimals, e.g. 50 or 12.50"
    # An amount raised by hand, the total with it: not the rate, so check names it.
    sed 's/amount: 50.00/amount: 500.00/; s/^total: 62.50/total: 512.50/' "$WORK/run.yaml" >"$dir/payments/$run"
    vfi -C "$dir" check
    expect_status 1
    expect_out_has "lines.amount: 500.00 for S-"
    expect_out_has "session is not its rate (50.00 a session)"
    # The total left as it was: named too; and a line written twice.
    sed 's/amount: 50.00/amount: 500.00/' "$WORK/run.yaml" >"$dir/payments/$run"
    vfi -C "$dir" check
    expect_out_has "total: 62.50 is not the sum of the lines (512.50)"
    vfi -C "$dir" report payments --month 2024-02
    expect_status 3
}

# A run paid in one currency is never shown, nor added up, in another: vfi.yaml's currency
# changed after it was closed is named by check, and the reports refuse until it is put back.
t_a_run_paid_in_another_currency_is_named() {
    local dir run
    dir=$(pay_data)
    held "$dir" 2024-01-10 >/dev/null
    sed -i 's/currency: GBP/currency: EUR/' "$dir/vfi.yaml" && git -C "$dir" commit -qam euros
    "$VFI" -C "$dir" pay close --month 2024-01 --date 2024-02-01 >/dev/null 2>&1 || return $(fail "pay close")
    run=$(ls "$dir/payments")
    grep -q "^currency: EUR" "$dir/payments/$run" || fail "the run does not say EUR: $(cat "$dir/payments/$run")"
    sed -i 's/currency: EUR/currency: GBP/' "$dir/vfi.yaml" && git -C "$dir" commit -qam pounds
    vfi -C "$dir" check
    expect_status 1
    expect_out_has "payments/$run:"
    expect_out_has "currency: this run was paid in EUR, and vfi.yaml's payments.currency is now GBP: its amounts would be shown and added up as GBP — set payments.currency in vfi.yaml back to EUR; a programme's runs are all in one currency"
    vfi -C "$dir" report payments --month 2024-01
    expect_status 3
    vfi -C "$dir" pay list
    expect_status 3
    expect_err_has "its payment run $(basename "$run" .yaml) was paid in EUR, and its vfi.yaml now says GBP"
}

# A consistent hand edit passes every rule of the file itself (a line taken out with the total
# lowered to match): git's history names it, committed or not, or the line would be paid again.
t_a_run_changed_after_it_was_closed_is_named_from_git() {
    local dir run snap
    dir=$(pay_data)
    held "$dir" 2024-01-10 >/dev/null
    held "$dir" 2024-01-24 >/dev/null
    vfi -C "$dir" pay close --month 2024-01 --date 2024-02-01
    expect_status 0
    run=$(ls "$dir/payments")
    python3 - "$dir/payments/$run" <<'PY'
import sys
p = sys.argv[1]
lines = open(p).read().split("\n")
# Drop the first line item (5 lines: session, partner, date, item, rate, amount) and lower the
# total to match, as a careless edit would.
start = next(i for i, l in enumerate(lines) if l.startswith("  - "))
end = next(i for i in range(start + 1, len(lines)) if lines[i].startswith("  - "))
del lines[start:end]
lines = [("total: 75.00" if l.startswith("total:") else l) for l in lines]
open(p, "w").write("\n".join(lines))
PY
    vfi -C "$dir" check
    expect_status 1
    expect_out_has "payments/$run:1: this payment run was changed after it was closed (in the working tree, not yet committed)"
    expect_out_has "put it back with \`git checkout -- payments/$run\`"
    git -C "$dir" commit -qam "tidy the run"
    local commit
    commit=$(git -C "$dir" rev-parse --short HEAD)
    vfi -C "$dir" check
    expect_status 1
    expect_out_has "payments/$run:1: this payment run was changed after it was closed (by commit $commit)"
    expect_out_has "\`git checkout $commit^ -- payments/$run\`, then commit"
    # The second time history is not asked again (kept for this commit): the same answer. A
    # git first on PATH notes what it is asked and hands it to the real one.
    mkdir -p "$WORK/shim"
    printf '#!/bin/sh\necho "$*" >>"%s"\nexec %s "$@"\n' "$WORK/asked" "$(command -v git)" \
        >"$WORK/shim/git"
    chmod +x "$WORK/shim/git"
    : >"$WORK/asked"
    PATH="$WORK/shim:$PATH" vfi -C "$dir" check
    expect_status 1
    expect_out_has "payments/$run:1: this payment run was changed after it was closed (by commit $commit)"
    grep -q "rev-parse" "$WORK/asked" || fail "the shim saw no git at all"
    grep -q "^log" "$WORK/asked" && fail "check asked git's history again for the same commit"
    # Nothing is paid again while it stands.
    snap=$(snapshot "$dir")
    vfi -C "$dir" pay close --month 2024-02 --date 2024-03-01
    expect_status 3
    expect_unchanged "$dir" "$snap"
    # Put back as the message says: check passes again.
    git -C "$dir" checkout -q "$commit^" -- "payments/$run"
    git -C "$dir" commit -qm "put the run back"
    vfi -C "$dir" check
    expect_status 0
}

t_a_month_closed_in_two_clones_is_named_after_the_merge() {
    local dir other
    dir=$(pay_data)
    held "$dir" 2024-01-10 >/dev/null
    other="$WORK/other-clone"
    git clone -q "$dir" "$other"
    git -C "$other" config user.email other@example.org && git -C "$other" config user.name Other
    vfi -C "$dir" pay close --month 2024-01 --date 2024-02-01
    expect_status 0
    vfi -C "$other" pay close --month 2024-01 --date 2024-02-02
    expect_status 0
    # Different files, so git merges them without a conflict: check must catch it.
    git -C "$dir" pull -q --no-rebase --no-edit "$other" 2>/dev/null || fail "the merge failed"
    [ "$(ls "$dir/payments" | wc -l)" = 2 ] || fail "not two runs after the merge"
    vfi -C "$dir" check
    expect_status 1
    expect_out_has "month: 2024-01 has two payment runs, Y-"
    expect_out_has "it would be paid twice"
    vfi -C "$dir" report payments --month 2024-02
    expect_status 3
    vfi -C "$dir" pay close --month 2024-02
    expect_status 3
}

# A year of monthly runs with sessions logged late and corrected: every session is paid
# exactly once, at its rate, whatever month it was logged in.
t_a_year_of_runs_pays_each_session_once() {
    local dir m next late
    dir=$(pay_data)
    for m in 01 02 03 04 05 06 07 08 09 10 11 12; do
        held "$dir" "2024-$m-08" >/dev/null
        # Every third month, a session from the month before is logged after it was closed.
        if [ $((10#$m % 3)) = 0 ]; then
            late=$(printf '2024-%02d-27' $((10#$m - 1)))
            held "$dir" "$late" >/dev/null
        fi
        # In June, a May session turns out to have been cancelled.
        if [ "$m" = 06 ]; then
            s=$(VFI_TODAY=2026-11-23 "$VFI" -C "$dir" session list --format csv | grep ",2024-05-08," | cut -d, -f1)
            VFI_TODAY=2026-11-23 "$VFI" -C "$dir" session cancel "$s" --category other >/dev/null
            held "$dir" 2024-06-20 >/dev/null
        fi
        next=$(printf '2024-%02d-01' $((10#$m + 1)))
        [ "$m" = 12 ] && next=2025-01-01
        VFI_TODAY=2026-11-23 "$VFI" -C "$dir" pay close --month "2024-$m" --date "$next" --anyway >/dev/null ||
            fail "closing 2024-$m"
    done
    # Paid, over all runs, from the records; owed, from the session files by an independent
    # count: every held coaching session is 62.50.
    python3 - "$dir" <<'PY' || fail "the runs do not add up to what the sessions are owed"
import glob, sys, yaml
from decimal import Decimal
d = sys.argv[1]
paid = sum(Decimal(str(l["amount"])) for f in glob.glob(d + "/payments/*.yaml")
           for l in yaml.safe_load(open(f))["lines"])
held = [s for s in (yaml.safe_load(open(f)) for f in glob.glob(d + "/sessions/*.yaml"))
        if s["status"] == "held"]
owed = Decimal("62.50") * len(held)
assert len(glob.glob(d + "/payments/*.yaml")) == 12
assert paid == owed, (paid, owed, len(held))
PY
    vfi -C "$dir" pay list --format csv
    [ "$(tr -d '\r' <<<"$out" | wc -l)" = 13 ] || fail "not twelve runs: $out"
}

# A partner a run paid is never removed (finance paid them; the run names them): removing
# them stopped every payment command with a message about editing runs (a hostile review).
t_a_partner_a_run_paid_is_not_removed() {
    local dir s snap
    dir=$(pay_data)
    s=$(held "$dir" 2024-01-10)
    vfi -C "$dir" pay close --month 2024-01 --date 2024-02-01
    expect_status 0
    VFI_TODAY=2026-11-23 "$VFI" -C "$dir" session remove "$s" >/dev/null || fail "removing the session"
    VFI_TODAY=2026-11-23 "$VFI" -C "$dir" match remove M-PAYR01 >/dev/null 2>&1
    snap=$(snapshot "$dir")
    vfi -C "$dir" partner remove P-PAYR01
    expect_status 8
    expect_err_has "vfi: P-PAYR01 is referred to by "
    expect_err_has "$(basename "$(ls "$dir"/payments/*.yaml)" .yaml)"
    expect_unchanged "$dir" "$snap"
    vfi -C "$dir" report payments --month 2024-02
    [ "$status" -ne 3 ] || fail "payments refused after a partner remove: $err"
}

# A run pays from the records as committed: a hand edit not committed (a paid claim made
# larger, say) is refused, so every payment traces to a commit (a hostile review).
t_a_month_is_not_closed_from_records_not_committed() {
    local dir s snap
    dir=$(pay_data)
    s=$(held "$dir" 2024-01-10)
    sed -i 's/^minutes: 60$/minutes: 600/' "$dir/sessions/$s.yaml"
    snap=$(snapshot "$dir")
    vfi -C "$dir" pay close --month 2024-01 --date 2024-02-01
    expect_status 8
    expect_err "vfi: the records have changes not yet committed (\`git status\` shows them): a payment run pays from the records as committed, so each payment can be traced — commit them (\`git add -A && git commit -m \"...\"\`) or put them back (\`git checkout -- FILE\`), then close the month"
    expect_unchanged "$dir" "$snap"
    # A file that is not a record (an export saved in the folder) does not stop it.
    git -C "$dir" checkout -q -- sessions
    printf 'a,b\n' >"$dir/export.csv"
    vfi -C "$dir" pay close --month 2024-01 --date 2024-02-01
    expect_status 0
}

# A month whose lines for a partner come to exactly nothing (a paid session cancelled, one
# held) pays them nothing, and says so: they vanished from the run in silence (a review).
t_a_partner_whose_lines_come_to_nothing_is_named() {
    local dir s
    dir=$(pay_data)
    s=$(held "$dir" 2024-01-10)
    vfi -C "$dir" pay close --month 2024-01 --date 2024-02-01
    VFI_TODAY=2026-11-23 "$VFI" -C "$dir" session cancel "$s" --category other >/dev/null || fail "cancel"
    held "$dir" 2024-02-07 >/dev/null
    vfi -C "$dir" pay close --month 2024-02 --date 2024-03-01
    expect_status 0
    expect_out_has "nothing to pay."
    expect_err "vfi: note: P-PAYR01 is paid nothing in this run: what a paid session since cancelled, removed or corrected takes back is what they are owed now. Their lines wait, and are settled in a later run."
    # March pays nothing either, until they are owed something more.
    vfi -C "$dir" report payments --month 2024-03 --format csv
    expect_status 0
    [ "$(tr -d '\r' <<<"$out" | wc -l)" = 1 ] || fail "March pays: $out"
    held "$dir" 2024-03-06 >/dev/null
    vfi -C "$dir" report payments --month 2024-03 --format csv
    expect_out_has "not closed,P-PAYR01,Test Paid Partner,1,30,0,62.50,62.50,-62.50,0.00,62.50,GBP"
}

run_tests
