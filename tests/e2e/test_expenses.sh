#!/usr/bin/env bash
# Expenses: a partner's travel (with a receipt kept in receipts/), mileage at the rate per mile
# in vfi.yaml, care cover and other costs, claimed against a session, approved, and reimbursed
# by the month's payment run apart from any fee; never earnings, so never counted against a
# weekly limit, and shown apart on the partner's statement.
source "$(dirname "$0")/lib.sh"

# Two partners on a co-design day: one paid a fee and on ESA (a weekly limit), one who chose
# expenses only. £25 an hour of involvement, 45p a mile (as `vfi init` writes them).
expense_data() {
    local dir
    dir=$(new_data)
    mkdir -p "$dir/partners"
    printf 'id: P-EXPS01\nname: Test Claiming Partner\nstatus: active\njoined: 2024-06-01\ntraining:\n  completed: 2024-06-01\npayment:\n  eligible: true\n  limit:\n    rule: esa-permitted-work\n' \
        >"$dir/partners/P-EXPS01.yaml"
    printf 'id: P-EXPS02\nname: Test Expenses Partner\nstatus: active\njoined: 2024-06-01\ntraining:\n  completed: 2024-06-01\npayment:\n  eligible: true\n  preference: expenses-only\n' \
        >"$dir/partners/P-EXPS02.yaml"
    printf 'id: P-EXPS03\nname: Test Absent Partner\nstatus: active\njoined: 2024-06-01\ntraining:\n  completed: 2024-06-01\npayment:\n  eligible: true\n' \
        >"$dir/partners/P-EXPS03.yaml"
    git -C "$dir" add -A && git -C "$dir" commit -qm "expense test data"
    echo "$dir"
}

day() { # DIR DATE MINUTES: logs a co-design day for both partners; prints its id
    VFI_TODAY=2026-11-23 "$VFI" -C "$1" session log --type co-design --partners P-EXPS01,P-EXPS02 \
        --date "$2" --minutes "$3" 2>"$WORK/warn"
}

t_claimed_approved_and_paid_apart_from_the_fee() {
    local dir id
    dir=$(expense_data)
    id=$(day "$dir" 2025-06-10 240) || fail "logging failed: $(cat "$WORK/warn")"
    printf '%%PDF-1.4\n\0binary\xff receipt\n' >"$WORK/Train Ticket.PDF"
    vfi -C "$dir" expense add "$id" P-EXPS01 --amount 12.40 --receipt "$WORK/Train Ticket.PDF"
    expect_status 0
    expect_out "travel expense of 12.40 GBP claimed by P-EXPS01 for $id, receipt kept as receipts/$id-P-EXPS01-1.pdf; approve it with \`vfi expense approve $id P-EXPS01\`."
    cmp -s "$WORK/Train Ticket.PDF" "$dir/receipts/$id-P-EXPS01-1.pdf" || fail "the receipt was not kept byte for byte"
    # The commit holds the session and the receipt, and nothing else.
    [ "$(git -C "$dir" show --name-only --format= HEAD | sort | tr '\n' ' ')" = "receipts/$id-P-EXPS01-1.pdf sessions/$id.yaml " ] ||
        fail "the commit holds: $(git -C "$dir" show --name-only --format= HEAD)"
    git -C "$dir" log -1 --format=%s | grep -q "Test" && fail "a name in the commit message"
    # 23.5 miles at 45p: 10.575, so 10.58.
    vfi -C "$dir" expense add "$id" P-EXPS02 --miles 23.5
    expect_status 0
    expect_out_has "mileage expense of 10.58 GBP claimed by P-EXPS02"
    vfi -C "$dir" expense add "$id" P-EXPS02 --kind care --amount 30 --note "cover for Mum"
    expect_status 0
    # What a person reading the record with PyYAML sees.
    python3 - "$dir/sessions/$id.yaml" <<'PY' || fail "the record is not what PyYAML reads"
import sys, yaml
d = yaml.safe_load(open(sys.argv[1]))
e = d["expenses"]
assert [x["kind"] for x in e] == ["travel", "mileage", "care"], e
assert str(e[0]["amount"]) == "12.4" and e[0]["receipt"].startswith("receipts/"), e[0]
assert e[1]["miles"] == 23.5 and "amount" not in e[1], e[1]
assert e[2]["note"] == "cover for Mum" and not any("approved" in x for x in e), e
PY
    vfi -C "$dir" expense list --waiting
    expect_status 0
    expect_out_has "2025-06-10  $id  P-EXPS02  mileage         10.58"
    [[ "$out" == *"cover for Mum"* ]] && fail "the list shows a confidential note"
    # Waiting claims hold the run back.
    vfi -C "$dir" report payments --month 2025-06
    expect_out_has "travel expense of 12.40 GBP claimed by P-EXPS01 waits for approval — approve it with \`vfi expense approve $id P-EXPS01\`"
    vfi -C "$dir" pay close --month 2025-06 --date 2025-07-01
    expect_status 1
    expect_err_has "3 things need attention before paying, so 2025-06 was not closed"
    vfi -C "$dir" expense approve "$id" --date 2025-06-20
    expect_status 0
    expect_out "Approved 3 claims for $id: 52.98 GBP; the next payment run pays them."
    vfi -C "$dir" expense list --waiting
    expect_out_empty
    # The run: P-EXPS01 a fee of 4 hours (100.00) and 12.40 of expenses; P-EXPS02 no fee (expenses
    # only) and 40.58.
    vfi -C "$dir" report payments --month 2025-06 -o "$WORK/finance.csv"
    expect_status 0
    python3 - "$WORK/finance.csv" <<'PY' || fail "finance CSV: $(cat "$WORK/finance.csv")"
import csv, sys
rows = {r["partner_id"]: r for r in csv.DictReader(open(sys.argv[1]))}
assert rows["P-EXPS01"]["of_which_expenses"] == "12.40" and rows["P-EXPS01"]["amount"] == "112.40", rows
assert rows["P-EXPS02"]["of_which_expenses"] == "40.58" and rows["P-EXPS02"]["amount"] == "40.58", rows
assert rows["P-EXPS02"]["involvement_minutes"] == "0", rows
PY
    vfi -C "$dir" pay close --month 2025-06 --date 2025-07-01
    expect_status 0
    expect_out_has "Closed 2025-06"
    expect_out_has "152.98 GBP to 2 partners in 3 lines"
    python3 - "$dir"/payments/*.yaml <<'PY' || fail "run record: $(cat "$dir"/payments/*.yaml)"
import sys, yaml
lines = yaml.safe_load(open(sys.argv[1]))["lines"]
exp = [l for l in lines if l["item"] == "expenses"]
assert sorted(str(l["amount"]) for l in exp) == ["12.4", "40.58"], exp
assert all("rate" not in l for l in exp), exp
PY
    vfi -C "$dir" check
    expect_status 0
    # The statement shows the expenses apart; the weeks count only the fee.
    vfi -C "$dir" report statement P-EXPS01 --tax-year 2025-26
    expect_status 0
    expect_out_has "In all: 1 session or activity over 4.00 hours, 100.00 GBP in fees; and 12.40 GBP of expenses reimbursed, which are not earnings."
    expect_out_has "2025-06-09      2025-06-15            1   4.00      100.00"
    vfi -C "$dir" report statement P-EXPS02 --tax-year 2025-26 -o "$WORK/statement.csv"
    expect_status 0
    grep -q ",0.00,40.58,GBP," "$WORK/statement.csv" || fail "statement CSV: $(cat "$WORK/statement.csv")"
    # Paid expenses only: no week had a fee, said in words, not an empty table.
    vfi -C "$dir" report statement P-EXPS02 --tax-year 2025-26
    expect_out_has "No week in the period had paid involvement: Test Expenses Partner was paid no fee in it."
    [[ "$out" == *"week ending"* ]] && fail "an empty weekly table: $out"
    true
}

t_expenses_never_count_against_a_weekly_limit() {
    local dir id
    dir=$(expense_data)
    # 7 hours (175.00) is within £195.50; 150.00 of care cover on top is not earnings.
    id=$(day "$dir" 2025-06-10 420) || fail "logging failed: $(cat "$WORK/warn")"
    vfi -C "$dir" expense add "$id" P-EXPS01 --kind care --amount 150 --approve
    expect_status 0
    vfi -C "$dir" report payments --month 2025-06 --check-limits
    expect_status 0
    [[ "$out" == *"Weekly limits on earnings"* ]] && fail "expenses counted as earnings: $out"
    vfi -C "$dir" report statement P-EXPS01 --tax-year 2025-26
    expect_status 0
    expect_out_has "2025-06-09      2025-06-15            1   7.00      175.00           195.50           16  within"
    # 8 hours more fee in the week is over: the fees alone decide.
    day "$dir" 2025-06-12 60 >/dev/null
    vfi -C "$dir" report payments --month 2025-06 --check-limits
    expect_status 1
    expect_out_has "P-EXPS01  Test Claiming Partner  2025-06-09  2025-06-15           2   8.00     200.00"
}

t_a_claim_approved_after_the_run_is_paid_in_the_next() {
    local dir id
    dir=$(expense_data)
    id=$(day "$dir" 2025-06-10 60) || fail "logging failed: $(cat "$WORK/warn")"
    vfi -C "$dir" pay close --month 2025-06 --date 2025-07-01
    expect_status 0
    vfi -C "$dir" expense add "$id" P-EXPS01 --amount 8.20 --approved 2025-07-03
    expect_status 0
    vfi -C "$dir" report payments --month 2025-07
    expect_status 0
    expect_out_has "2025-06-10  $id  P-EXPS01  co-design  expenses                               8.20  owed from an earlier month"
    vfi -C "$dir" pay close --month 2025-07 --date 2025-08-01
    expect_status 0
    expect_out_has "8.20 GBP to 1 partner in 1 line"
    # A second claim for the same session, approved later, is an adjustment; nothing twice.
    vfi -C "$dir" expense add "$id" P-EXPS01 --amount 4 --approve
    vfi -C "$dir" report payments --month 2025-08
    expect_out_has "expenses                               4.00  adjustment to a paid session"
}

t_bad_claims_are_refused_and_nothing_changes() {
    local dir id snap
    dir=$(expense_data)
    id=$(day "$dir" 2025-06-10 60) || fail "logging failed: $(cat "$WORK/warn")"
    snap=$(snapshot "$dir")
    vfi -C "$dir" expense add "$id" P-EXPS03 --amount 5
    expect_status 8
    expect_err "vfi: PARTNER: P-EXPS03 did not take part in $id, so cannot claim expenses for it — P-EXPS01, P-EXPS02 took part in it; check the session's id"
    vfi -C "$dir" expense add "$id" P-EXPS01 --kind mileage --amount 5
    expect_status 2
    expect_err_has "mileage is claimed by the mile: give --miles, not --amount"
    vfi -C "$dir" expense add "$id" P-EXPS01 --amount 5 --miles 3
    expect_status 2
    expect_err_has "mileage is claimed by the mile: give --miles, not --amount"
    vfi -C "$dir" expense add "$id" P-EXPS01 --amount 12.345
    expect_status 2
    expect_err "vfi: --amount: '12.345' is not an amount spent — write pounds with at most two decimals, more than 0, e.g. 12.40"
    vfi -C "$dir" expense add "$id" P-EXPS01 --amount -3
    expect_status 2
    vfi -C "$dir" expense add "$id" P-EXPS01 --kind taxi --amount 3
    expect_status 2
    expect_err_has "'taxi' is not a kind of expense"
    vfi -C "$dir" expense add "$id" P-EXPS01 --amount 3 --receipt "$WORK/no-such.pdf"
    expect_status 4
    expect_err_has "no file '$WORK/no-such.pdf'"
    vfi -C "$dir" expense add "$id" P-EXPS01 --amount 3 --receipt "$WORK"
    expect_status 2
    expect_err_has "is not a file"
    vfi -C "$dir" expense add "$id" P-EXPS01 --amount 3 --approved 2999-01-01
    expect_status 2
    expect_err "vfi: --approved: 2999-01-01 is in the future — give the day it was approved: today or earlier"
    vfi -C "$dir" expense add S-ZZZZZZ P-EXPS01 --amount 3
    expect_status 4
    vfi -C "$dir" expense approve "$id"
    expect_status 8
    expect_err "vfi: no expense claimed for $id waits for approval — see what is claimed with \`vfi expense list --waiting\`"
    # No rate per mile for the day.
    expect_unchanged "$dir" "$snap"
    python3 - "$dir/vfi.yaml" <<'PY'
import sys
p = sys.argv[1]; s = open(p).read()
s = s.replace("  mileage:\n    - from: 2021-04-01\n", "  mileage:\n    - from: 2026-01-01\n")
open(p, "w").write(s)
PY
    git -C "$dir" commit -qam "mileage from 2026"
    snap=$(snapshot "$dir")
    vfi -C "$dir" expense add "$id" P-EXPS01 --miles 10
    expect_status 8
    expect_err "vfi: --miles: no rate per mile is in force on 2025-06-10 — add one starting on or before 2025-06-10 under payments.mileage in vfi.yaml (e.g. \`- from: 2025-06-10\` and \`per_mile: 0.45\`)"
    expect_unchanged "$dir" "$snap"
}

t_check_finds_what_a_hand_edit_broke() {
    local dir id
    dir=$(expense_data)
    id=$(day "$dir" 2025-06-10 60) || fail "logging failed: $(cat "$WORK/warn")"
    mkdir -p "$dir/receipts"
    ln -s /etc/passwd "$dir/receipts/linked.pdf"
    cat >>"$dir/sessions/$id.yaml" <<'YAML'
expenses:
  - partner: P-EXPS01
    kind: mileage
    amount: 5
  - partner: P-EXPS03
    kind: travel
    amount: 2
  - partner: P-EXPS01
    kind: travel
    amount: 3
    receipt: ../vfi.yaml
  - partner: P-EXPS01
    kind: other
    amount: 4
    receipt: receipts/linked.pdf
  - partner: P-EXPS02
    kind: care
    miles: 4
YAML
    local base
    base=$(wc -l <"$dir/sessions/$id.yaml")
    base=$((base - 18))  # the line before `expenses:`
    vfi -C "$dir" check
    expect_status 1
    expect_out_has "sessions/$id.yaml:$((base + 3)):11: expenses.kind: this mileage claim has no miles — add e.g. \`miles: 23.5\` to it"
    expect_out_has "sessions/$id.yaml:$((base + 4)):13: expenses.amount: mileage waiting for approval has no amount yet — remove it: the amount is worked out from the miles at payments.mileage in vfi.yaml when the claim is approved"
    expect_out_has "sessions/$id.yaml:$((base + 5)):14: expenses.partner: P-EXPS03 did not take part in $id, so cannot claim expenses for it — correct the partner, or claim it against the session they took part in"
    expect_out_has "sessions/$id.yaml:$((base + 11)):14: expenses.receipt: a receipt is a file in receipts/"
    expect_out_has "sessions/$id.yaml:$((base + 15)):14: expenses.receipt: receipts/linked.pdf is not a file in the data directory"
    expect_out_has "sessions/$id.yaml:$((base + 17)):11: expenses.kind: this care expense has no amount"
    expect_out_has "expenses.miles: only mileage is claimed by the mile, not care"
    expect_out_has "7 problems in 1 file"
    # The run pays none of what is wrong.
    vfi -C "$dir" report payments --month 2025-06
    [[ "$out" == *"expenses  "* ]] && fail "a broken claim was paid: $out"
    true
}

t_forget_keeps_what_was_paid_back_and_clears_the_notes() {
    local dir id
    dir=$(expense_data)
    id=$(day "$dir" 2025-06-10 60) || fail "logging failed: $(cat "$WORK/warn")"
    printf 'ticket\n' >"$WORK/ticket.pdf"
    vfi -C "$dir" expense add "$id" P-EXPS01 --amount 5 --note "cover for Mum" --approve --receipt "$WORK/ticket.pdf"
    vfi -C "$dir" expense add "$id" P-EXPS02 --amount 7 --note "taxi from the hospital" --approve
    vfi -C "$dir" pay close --month 2025-06 --date 2025-07-01
    expect_status 0
    vfi -C "$dir" partner forget P-EXPS01
    expect_status 0
    expect_out_has "Cleared the notes, follow-ups, cancel reasons and expense notes of 1 session ($id); expenses claimed stay, as what was paid back."
    expect_out_has "1 receipt of their expenses is kept in receipts/ (receipts/$id-P-EXPS01-1.pdf)"
    grep -q "cover for Mum\|taxi from" "$dir/sessions/$id.yaml" && fail "an expense note survived forget"
    [ "$(grep -c "amount:" "$dir/sessions/$id.yaml")" = 2 ] || fail "forget dropped a claim: $(cat "$dir/sessions/$id.yaml")"
    # Nothing paid is taken back from either partner.
    vfi -C "$dir" report payments --month 2025-07 --format csv
    expect_status 0
    [ "$(printf '%s\n' "$out" | wc -l)" = 1 ] || fail "July pays or takes back: $out"
    vfi -C "$dir" check
    expect_status 0
}

t_the_same_claim_twice_is_refused_unless_again() {
    local dir id snap
    dir=$(expense_data)
    id=$(day "$dir" 2025-06-10 60) || fail "logging failed: $(cat "$WORK/warn")"
    vfi -C "$dir" expense add "$id" P-EXPS01 --amount 3
    expect_status 0
    snap=$(snapshot "$dir")
    vfi -C "$dir" expense add "$id" P-EXPS01 --amount 3.00 --note "the same ticket"
    expect_status 8
    expect_err "vfi: $id already has a travel expense of 3.00 GBP claimed by P-EXPS01 — see it with \`vfi expense list\`; if this is a second one, add it with --again"
    expect_unchanged "$dir" "$snap"
    # Another partner's, another kind or amount, or --again, is a claim of its own.
    vfi -C "$dir" expense add "$id" P-EXPS02 --amount 3
    expect_status 0
    vfi -C "$dir" expense add "$id" P-EXPS01 --amount 3 --again
    expect_status 0
    vfi -C "$dir" expense list --format csv
    [ "$(printf '%s\n' "$out" | grep -c ",P-EXPS01,travel,3.00,")" = 2 ] || fail "list: $out"
    grep -q "again: true" "$dir/sessions/$id.yaml" || fail "the second claim does not say so"
    vfi -C "$dir" check
    expect_status 0
    # The same claim copied by hand (or both sides of a merge kept) is named by check.
    printf '  - partner: P-EXPS02\n    kind: travel\n    amount: 3.00\n' >>"$dir/sessions/$id.yaml"
    vfi -C "$dir" check
    expect_status 1
    expect_out_has "expenses.again: this claim by P-EXPS02 is the same as claim 2 of the list: entered twice, it is paid twice — delete it if it is the same claim; if it is a second one, add \`again: true\` to it"
}

# Two clones each keep a receipt as receipts/S-…-P-…-1.pdf; the merge keeps one file, and
# both claims name it: check says so (a hostile review).
t_two_claims_naming_one_receipt_are_named_by_check() {
    local dir id
    dir=$(expense_data)
    id=$(day "$dir" 2025-06-10 60) || fail "logging failed: $(cat "$WORK/warn")"
    printf 'fictional ticket\n' >"$WORK/a.pdf"
    "$VFI" -C "$dir" expense add "$id" P-EXPS01 --amount 14.60 --receipt "$WORK/a.pdf" >/dev/null
    printf '  - partner: P-EXPS01\n    kind: travel\n    amount: 3.20\n    receipt: receipts/%s-P-EXPS01-1.pdf\n' "$id" >>"$dir/sessions/$id.yaml"
    vfi -C "$dir" check
    expect_status 1
    expect_out_has "expenses.receipt: receipts/$id-P-EXPS01-1.pdf is the receipt of claim 1 of the list too — each claim keeps its own receipt"
}

t_a_session_holding_claims_is_not_removed() {
    local dir id snap
    dir=$(expense_data)
    id=$(day "$dir" 2025-06-10 60) || fail "logging failed: $(cat "$WORK/warn")"
    vfi -C "$dir" expense add "$id" P-EXPS01 --miles 13.5 --approve
    snap=$(snapshot "$dir")
    vfi -C "$dir" session remove "$id"
    expect_status 8
    expect_err "vfi: $id holds 1 expense claim (P-EXPS01) — move the claims to the session that stays (\`vfi session edit $id\`, then the other), or delete them there if they were never spent; then remove it"
    expect_unchanged "$dir" "$snap"
}

t_a_paid_claim_taken_out_is_taken_back_even_from_an_expenses_only_partner() {
    local dir id
    dir=$(expense_data)
    id=$(day "$dir" 2025-06-10 60) || fail "logging failed: $(cat "$WORK/warn")"
    vfi -C "$dir" expense add "$id" P-EXPS02 --amount 20 --approve
    vfi -C "$dir" pay close --month 2025-06 --date 2025-07-01
    expect_status 0
    # The claim was a mistake: it is deleted from the record by hand.
    python3 - "$dir/sessions/$id.yaml" <<'PY'
import sys
p = sys.argv[1]; s = open(p).read()
open(p, "w").write(s[:s.index("expenses:")])
PY
    git -C "$dir" commit -qam "withdraw a claim"
    vfi -C "$dir" report payments --month 2025-07
    expect_status 0
    expect_out_has "P-EXPS02 was overpaid by 20.00"
}

t_a_kill_while_keeping_a_receipt_is_put_right_by_the_next_command() {
    local dir id pid
    dir=$(expense_data)
    id=$(day "$dir" 2025-06-10 60) || fail "logging failed: $(cat "$WORK/warn")"
    printf 'ticket\n' >"$WORK/ticket.pdf"
    # git's commit is slow (a hook), and vfi is killed while it waits for it.
    printf '#!/bin/sh\nsleep 2\n' >"$dir/.git/hooks/pre-commit"
    chmod +x "$dir/.git/hooks/pre-commit"
    "$VFI" -C "$dir" expense add "$id" P-EXPS01 --amount 5 --receipt "$WORK/ticket.pdf" >/dev/null 2>&1 &
    pid=$!
    sleep 1
    kill -9 "$pid" 2>/dev/null
    wait "$pid" 2>/dev/null
    sleep 2
    rm -f "$dir/.git/hooks/pre-commit"
    # The journal names the receipt: vfi wrote it, and acts on it.
    vfi -C "$dir" expense approve "$id"
    [ "$status" = 0 ] || [ "$status" = 8 ] || fail "after the kill: exit $status: $err"
    [[ "$err" == *"cannot prove it wrote this undo journal"* ]] && fail "the journal naming a receipt was refused: $err"
    vfi -C "$dir" check
    expect_status 0
    [ -z "$(git -C "$dir" status --porcelain)" ] || fail "left behind: $(git -C "$dir" status --porcelain)"
}

t_a_rate_per_mile_changed_later_never_reprices_approved_mileage() {
    local dir id
    dir=$(expense_data)
    id=$(day "$dir" 2025-06-10 60) || fail "logging failed: $(cat "$WORK/warn")"
    vfi -C "$dir" expense add "$id" P-EXPS02 --miles 100
    vfi -C "$dir" expense approve "$id" --date 2025-06-20
    expect_out "Approved 1 claim for $id: 45.00 GBP; the next payment run pays it."
    grep -q "amount: 45.00" "$dir/sessions/$id.yaml" || fail "approval did not keep the amount: $(cat "$dir/sessions/$id.yaml")"
    vfi -C "$dir" pay close --month 2025-06 --date 2025-07-01
    expect_status 0
    sed -i 's/per_mile: 0.45/per_mile: 0.90/' "$dir/vfi.yaml"
    git -C "$dir" commit -qam "mileage rate"
    vfi -C "$dir" report payments --month 2025-07 --format csv
    expect_status 0
    [ "$(printf '%s\n' "$out" | wc -l)" = 1 ] || fail "July repriced paid mileage: $out"
    vfi -C "$dir" check
    expect_status 0
}

t_odd_rates_per_mile_and_amounts_are_named_by_check() {
    local dir id
    dir=$(expense_data)
    sed -i 's/per_mile: 0.45/per_mile: -0.45/' "$dir/vfi.yaml"
    vfi -C "$dir" check
    expect_status 1
    expect_out_has "payments.mileage.per_mile: '-0.45' is not an amount of money"
    git -C "$dir" checkout -q vfi.yaml
    python3 - "$dir/vfi.yaml" <<'PY'
import sys
p = sys.argv[1]; s = open(p).read()
s = s.replace("  mileage:\n    - from: 2021-04-01\n      per_mile: 0.45\n", "  mileage:\n    from: 2021-04-01\n    per_mile: 0.45\n")
open(p, "w").write(s)
PY
    vfi -C "$dir" check
    expect_status 1
    expect_out_has "payments.mileage: the rates per mile are a list, one per date"
    git -C "$dir" checkout -q vfi.yaml
    id=$(day "$dir" 2025-06-10 60) || fail "logging failed: $(cat "$WORK/warn")"
    printf 'expenses:\n  - partner: P-EXPS01\n    kind: travel\n    amount: 999999999.99\n    approved: 2025-06-20\n' >>"$dir/sessions/$id.yaml"
    vfi -C "$dir" check
    expect_status 1
    expect_out_has "expenses.amount: an expense is at most 100000.00"
    # --approve and --approved are one or the other.
    git -C "$dir" checkout -q .
    vfi -C "$dir" expense add "$id" P-EXPS01 --amount 3 --approve --approved 2025-06-20
    expect_status 2
}

t_a_claim_for_activity_before_the_first_run_approved_since_is_paid() {
    local dir early late
    dir=$(expense_data)
    early=$(day "$dir" 2025-04-10 60) || fail "logging failed: $(cat "$WORK/warn")"
    # Approved before vfi kept runs: paid then, as the activity was.
    vfi -C "$dir" expense add "$early" P-EXPS01 --amount 9 --approved 2025-04-20
    late=$(day "$dir" 2025-05-10 60) || fail "logging failed: $(cat "$WORK/warn")"
    vfi -C "$dir" pay close --month 2025-05 --date 2025-06-02
    expect_status 0
    expect_out_has "25.00 GBP to 1 partner in 1 line"
    # Entered after the first run was closed but approved (backdated) before it: taken as paid
    # with that activity, and said so (it was silent, and the money lost: a hostile review).
    vfi -C "$dir" expense add "$early" P-EXPS01 --kind care --amount 12 --approved 2025-05-30
    expect_status 0
    expect_out "care expense of 12.00 GBP claimed by P-EXPS01 for $early, approved."
    expect_err "vfi: note: the session is before the first payment run (2025-05, $(basename "$(ls "$dir"/payments/*.yaml)" .yaml)), and the claim was approved on 2025-05-30, before that run was closed on 2025-06-02: it is taken as paid before vfi kept runs, and no run pays it — if it is still owed, approve it on 2025-06-02 or later (\`vfi expense remove\`, then add it again with --approved)"
    "$VFI" -C "$dir" expense remove "$early" P-EXPS01 --kind care >/dev/null || fail "remove"
    # Claimed after the first run was closed: no one paid it before, so June's run does.
    vfi -C "$dir" expense add "$early" P-EXPS01 --amount 33 --approved 2025-06-05 --again
    expect_status 0
    expect_err_empty
    vfi -C "$dir" report payments --month 2025-06
    expect_status 0
    expect_out_has "2025-04-10  $early  P-EXPS01  co-design  expenses                              33.00  owed from an earlier month"
    [[ "$out" == *"42.00"* ]] && fail "the claim paid before vfi kept runs was paid again: $out"
    vfi -C "$dir" pay close --month 2025-06 --date 2025-07-01
    expect_status 0
    expect_out_has "33.00 GBP to 1 partner in 1 line"
    vfi -C "$dir" report payments --month 2025-07 --format csv
    [ "$(printf '%s\n' "$out" | wc -l)" = 1 ] || fail "July pays it again: $out"
}

t_a_closed_months_csv_is_complete_even_with_a_claim_left_waiting() {
    local dir id
    dir=$(expense_data)
    id=$(day "$dir" 2025-06-10 60) || fail "logging failed: $(cat "$WORK/warn")"
    vfi -C "$dir" expense add "$id" P-EXPS01 --amount 4.50
    vfi -C "$dir" pay close --month 2025-06 --date 2025-07-01 --anyway
    expect_status 0
    vfi -C "$dir" report payments --month 2025-06 -q -o "$WORK/june.csv"
    expect_status 0
    expect_err_empty
    # The next run is where it waits.
    vfi -C "$dir" report payments --month 2025-07
    expect_status 1
    expect_err_has "travel expense of 4.50 GBP claimed by P-EXPS01 waits for approval"
}

# An involvement that names only a match (the format allows it) is its partner's: they are
# paid for it, so they may claim for it, check agrees, and the run pays the claim.
t_a_partner_paid_for_involvement_through_a_match_may_claim_for_it() {
    local dir
    dir=$(expense_data)
    mkdir -p "$dir/leaders" "$dir/matches" "$dir/sessions"
    printf 'id: L-EXPS01\nname: Test Leader\norganisation: Test Trust\nstatus: matched\nenquired: 2024-06-01\n' \
        >"$dir/leaders/L-EXPS01.yaml"
    printf 'id: M-EXPS01\npartner: P-EXPS03\nleader: L-EXPS01\nstatus: active\nstarted: 2025-01-06\n' \
        >"$dir/matches/M-EXPS01.yaml"
    printf 'id: S-EXPM01\ntype: co-design\nmatch: M-EXPS01\ndate: 2025-06-11\nminutes: 120\nstatus: held\n' \
        >"$dir/sessions/S-EXPM01.yaml"
    git -C "$dir" add -A && git -C "$dir" commit -qm "involvement through a match"
    vfi -C "$dir" expense add S-EXPM01 P-EXPS03 --amount 7.20 --approved 2025-06-12
    expect_status 0
    expect_out_has "travel expense of 7.20 GBP claimed by P-EXPS03 for S-EXPM01"
    vfi -C "$dir" check
    expect_status 0
    vfi -C "$dir" report payments --month 2025-06 --format csv
    expect_status 0
    expect_out_has "P-EXPS03,Test Absent Partner,0,0,120,57.20,0.00,0.00,7.20,57.20,GBP"
}

# One kind approved and another turned down: `approve --kind` and `remove`; a paid claim
# removed is taken back by the next run, and its receipt stays, named.
t_one_kind_is_approved_and_another_turned_down() {
    local dir id snap
    dir=$(expense_data)
    id=$(day "$dir" 2025-06-10 60) || fail "logging failed: $(cat "$WORK/warn")"
    printf 'fictional receipt\n' >"$WORK/care.pdf"
    "$VFI" -C "$dir" expense add "$id" P-EXPS01 --kind care --amount 30 --receipt "$WORK/care.pdf" >/dev/null
    "$VFI" -C "$dir" expense add "$id" P-EXPS01 --miles 10 >/dev/null
    vfi -C "$dir" expense approve "$id" P-EXPS01 --kind care --date 2025-06-11
    expect_status 0
    expect_out "Approved 1 claim for $id: 30.00 GBP; the next payment run pays it."
    vfi -C "$dir" expense list --waiting --format csv
    expect_out_has "$id,P-EXPS01,mileage,4.50,,"
    [[ "$out" == *care* ]] && fail "the care claim still waits: $out"
    # Nothing of that kind waits now; a kind that is not one: refused, nothing written.
    snap=$(snapshot "$dir")
    vfi -C "$dir" expense approve "$id" P-EXPS01 --kind care
    expect_status 8
    expect_err "vfi: no care expense claimed by P-EXPS01 for $id waits for approval — see what is claimed with \`vfi expense list --waiting\`"
    vfi -C "$dir" expense remove "$id" P-EXPS01 --kind bus
    expect_status 2
    expect_err "vfi: --kind: 'bus' is not a kind of expense — use travel, mileage, care or other"
    vfi -C "$dir" expense remove "$id" P-EXPS02
    expect_status 8
    expect_err "vfi: P-EXPS02 has no expense claimed on $id — see what is claimed with \`vfi expense list\`"
    expect_unchanged "$dir" "$snap"
    # The mileage is turned down: taken off, committed alone.
    vfi -C "$dir" expense remove "$id" P-EXPS01 --kind mileage
    expect_status 0
    expect_out "Removed 1 claim of P-EXPS01 for $id: 4.50 GBP."
    [ "$(git -C "$dir" log -1 --format=%s)" = "expense: remove 1 claim of P-EXPS01 for $id" ] || fail "not committed"
    [ "$(git -C "$dir" show --name-only --format= HEAD)" = "sessions/$id.yaml" ] || fail "the commit holds more than the session"
    grep -q "mileage" "$dir/sessions/$id.yaml" && fail "the mileage claim is still in the record"
    grep -q "kind: care" "$dir/sessions/$id.yaml" || fail "the care claim went too"
    # The care claim is paid; found to be wrong after, removed: the next run takes it back.
    vfi -C "$dir" pay close --month 2025-06 --date 2025-07-01
    expect_status 0
    vfi -C "$dir" expense remove "$id" P-EXPS01
    expect_status 0
    expect_out "Removed 1 claim of P-EXPS01 for $id: 30.00 GBP. If a payment run paid it, the next run takes it back. The receipt stays in receipts/ (receipts/$id-P-EXPS01-1.pdf): remove it with \`git rm\` if it is not needed."
    [ -f "$dir/receipts/$id-P-EXPS01-1.pdf" ] || fail "the receipt went"
    grep -q "expenses" "$dir/sessions/$id.yaml" && fail "an empty expenses list is left"
    vfi -C "$dir" report payments --month 2025-07 --format md
    expect_out_has "P-EXPS01 was overpaid by 30.00"
    vfi -C "$dir" check
    expect_status 0
}

# The sessions are read as the claims are listed: one that cannot be read is told once, with
# its file and line, the other claims are still listed, the status is 1 and nothing changes.
t_a_session_that_cannot_be_read_is_told_once_and_the_rest_listed() {
    local dir one two before
    dir=$(expense_data)
    one=$(day "$dir" 2025-06-10 60) || fail "logging failed: $(cat "$WORK/warn")"
    two=$(day "$dir" 2025-06-17 60) || fail "logging failed: $(cat "$WORK/warn")"
    vfi -C "$dir" expense add "$one" P-EXPS01 --amount 3
    vfi -C "$dir" expense add "$two" P-EXPS02 --amount 4
    expect_status 0
    sed -i 's/^date: 2025-06-17$/date: 2025-06-31/' "$dir/sessions/$two.yaml"
    grep -q "2025-06-31" "$dir/sessions/$two.yaml" || fail "the session was not broken"
    before=$(snapshot "$dir")
    vfi -C "$dir" expense list --waiting
    expect_status 1
    expect_out_has "2025-06-10  $one  P-EXPS01  travel"
    expect_out_lacks "$two"
    expect_err_has "sessions/$two.yaml:"
    expect_err_has "not listed — fix it, then list again"
    [ "$(grep -c "sessions/$two.yaml:" <<<"$err")" = 1 ] || fail "the problem is not told once: [$err]"
    expect_unchanged "$dir" "$before"
}

run_tests
