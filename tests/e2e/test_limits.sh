#!/usr/bin/env bash
# Benefit limits: a partner declares a weekly limit on earnings (a named rule with dated figures
# in vfi.yaml, or their own); `session log` warns when a session takes them over it, the
# month's payment run flags the week and is not closed until someone looks, `report payments
# --check-limits` exits 1, and the limit itself appears in no report but their own statement.
source "$(dirname "$0")/lib.sh"

# One paid partner on ESA (permitted work: under 16 hours and up to £183.50 a week until
# 6 April 2025, £195.50 from 7 April, as `vfi init` writes the rule), coaching one leader;
# £62.50 a session, £25 an hour of involvement, as the sample's rates.
limit_data() {
    local dir
    dir=$(new_data)
    mkdir -p "$dir/partners" "$dir/leaders" "$dir/matches" "$dir/sessions"
    printf 'id: P-HMTS01\nname: Test Limited Partner\nstatus: active\njoined: 2024-06-01\ntraining:\n  completed: 2024-06-01\npayment:\n  eligible: true\n  limit:\n    rule: esa-permitted-work\n' \
        >"$dir/partners/P-HMTS01.yaml"
    printf 'id: P-HMTS02\nname: Test Other Partner\nstatus: active\njoined: 2024-06-01\ntraining:\n  completed: 2024-06-01\npayment:\n  eligible: true\n' \
        >"$dir/partners/P-HMTS02.yaml"
    printf 'id: L-HMTS01\nname: Test Leader\norganisation: Test Trust\nstatus: matched\nenquired: 2024-06-01\n' \
        >"$dir/leaders/L-HMTS01.yaml"
    printf 'id: M-HMTS01\npartner: P-HMTS01\nleader: L-HMTS01\nstatus: active\nstarted: 2025-01-06\n' \
        >"$dir/matches/M-HMTS01.yaml"
    git -C "$dir" add -A && git -C "$dir" commit -qm "limit test data"
    echo "$dir"
}

involvement() { # DIR DATE MINUTES [PARTNERS]: logs involvement; prints its id, warnings to $WORK/warn
    VFI_TODAY=2026-11-23 "$VFI" -C "$1" session log --type co-design --partners "${4:-P-HMTS01}" \
        --date "$2" --minutes "$3" 2>"$WORK/warn"
}

t_a_session_that_crosses_is_warned_at_log_time_and_flagged_in_the_run() {
    local dir id snap
    dir=$(limit_data)
    # Tuesday 10 June 2025: 5 hours, £125, within £195.50 and 16 hours: no warning.
    id=$(involvement "$dir" 2025-06-10 300) || fail "logging failed: $(cat "$WORK/warn")"
    [ -s "$WORK/warn" ] && fail "warned within the limit: $(cat "$WORK/warn")"
    # Thursday 12 June: 4 hours more, £100: £225 in the week of 9 to 15 June.
    id=$(involvement "$dir" 2025-06-12 240) || fail "logging failed: $(cat "$WORK/warn")"
    grep -q "vfi: warning: this session takes P-HMTS01's week of 2025-06-09 to 2025-06-15 to 225.00 GBP and 9.00 hours, over the weekly limit on earnings they declared (its pay) — it is logged" "$WORK/warn" ||
        fail "no warning at log time: [$(cat "$WORK/warn")]"
    grep -q "195.50\|esa" "$WORK/warn" && fail "the warning states the limit"
    [ -f "$dir/sessions/$id.yaml" ] || fail "the session was not logged"
    [ "$(git -C "$dir" log -1 --format=%s)" = "session: log $id" ] || fail "the session was not committed"
    # The month's run flags the week, without the limit, and exits 1.
    vfi -C "$dir" report payments --month 2025-06
    expect_status 1
    expect_out_has "Weekly limits on earnings"
    expect_out_has "P-HMTS01  Test Limited Partner  2025-06-09  2025-06-15           2   9.00     225.00"
    expect_err_has "P-HMTS01's week of 2025-06-09 to 2025-06-15 (225.00 GBP and 9.00 hours) would go over the weekly limit on earnings they declared"
    [[ "$out" == *195.50* || "$out" == *esa-permitted-work* ]] && fail "the payments report states the limit"
    # Closing waits until someone has looked; nothing is written.
    snap=$(snapshot "$dir")
    vfi -C "$dir" pay close --month 2025-06 --date 2025-07-01
    expect_status 1
    expect_err_has "1 thing needs attention before paying, so 2025-06 was not closed — talk with each partner named first; then close with --anyway to pay the weeks as they are"
    expect_unchanged "$dir" "$snap"
    vfi -C "$dir" pay close --month 2025-06 --date 2025-07-01 --anyway
    expect_status 0
    expect_out_has "225.00 GBP to 1 partner in 2 lines"
    expect_err_has "vfi: warning: paid in this run as it is (--anyway): P-HMTS01's week of 2025-06-09 to 2025-06-15"
}

t_the_figures_are_the_ones_in_force_that_week_and_own_limits_count_hours() {
    local dir
    dir=$(limit_data)
    # £187.50 (7.5 hours) in the week of 31 March 2025 is over £183.50; the same from 7 April
    # is within £195.50.
    involvement "$dir" 2025-04-01 450 >/dev/null
    grep -q "week of 2025-03-31 to 2025-04-06" "$WORK/warn" || fail "March's figures not used: [$(cat "$WORK/warn")]"
    involvement "$dir" 2025-04-08 450 >/dev/null
    [ -s "$WORK/warn" ] && fail "April's new figures not used: $(cat "$WORK/warn")"
    vfi -C "$dir" report payments --from 2025-03-01 --to 2025-04-30 --check-limits
    expect_status 1
    expect_out_has "2025-03-31  2025-04-06"
    [[ "$out" == *"2025-04-07  2025-04-13"* ]] && fail "a week within its limit was flagged"
    vfi -C "$dir" report payments --from 2025-03-01 --to 2025-04-30
    expect_status 0
    [[ "$out" == *"Weekly limits"* ]] && fail "limits were checked without --check-limits"
    # The partner's own figures: fewer than 3 hours a week, whatever the pay.
    vfi -C "$dir" partner set P-HMTS02 payment.limit.weekly_hours_under=3
    expect_status 0
    involvement "$dir" 2025-05-06 180 P-HMTS02 >/dev/null
    grep -q "P-HMTS02's week of 2025-05-05 to 2025-05-11 to 75.00 GBP and 3.00 hours, over the weekly limit on earnings they declared (its hours)" "$WORK/warn" ||
        fail "own hours limit not checked: [$(cat "$WORK/warn")]"
}

# A coaching session is paid a fee, not by the hour, but the hours a limit counts are its own
# length and its paid preparation (2.50 and 0.50 hours here): they make a week over a limit of
# under 3 hours, where the preparation alone would not.
t_a_coaching_session_counts_its_own_length_in_the_weeks_hours() {
    local dir
    dir=$(limit_data)
    printf 'id: L-HMTS02\nname: Test Second Leader\norganisation: Test Trust\nstatus: matched\nenquired: 2024-06-01\n' \
        >"$dir/leaders/L-HMTS02.yaml"
    printf 'id: M-HMTS02\npartner: P-HMTS02\nleader: L-HMTS02\nstatus: active\nstarted: 2025-01-06\n' \
        >"$dir/matches/M-HMTS02.yaml"
    git -C "$dir" add -A && git -C "$dir" commit -qm "a second match"
    "$VFI" -C "$dir" partner set P-HMTS02 payment.limit.weekly_hours_under=3 >/dev/null || fail "set"
    VFI_TODAY=2026-11-23 "$VFI" -C "$dir" session log M-HMTS02 --date 2025-05-06 --minutes 150 \
        >/dev/null 2>"$WORK/warn" || fail "logging failed: $(cat "$WORK/warn")"
    grep -q "P-HMTS02's week of 2025-05-05 to 2025-05-11 to 62.50 GBP and 3.00 hours, over the weekly limit on earnings they declared (its hours)" "$WORK/warn" ||
        fail "the session's length not counted at log time: [$(cat "$WORK/warn")]"
    vfi -C "$dir" report payments --from 2025-05-02 --to 2025-05-31 --check-limits
    expect_status 1
    expect_out_has "P-HMTS02  Test Other Partner  2025-05-05  2025-05-11           1   3.00      62.50"
    vfi -C "$dir" report statement P-HMTS02 --tax-year 2025-26
    expect_status 0
    expect_out_has "2025-05-05      2025-05-11            1   3.00       62.50"
}

# Group involvement names its partners in any order: a limited partner named second is
# checked as one named first.
t_a_limited_partner_named_after_another_is_checked() {
    local dir
    dir=$(limit_data)
    involvement "$dir" 2025-06-10 300 P-HMTS02,P-HMTS01 >/dev/null || fail "logging failed: $(cat "$WORK/warn")"
    involvement "$dir" 2025-06-12 240 P-HMTS02,P-HMTS01 >/dev/null || fail "logging failed: $(cat "$WORK/warn")"
    vfi -C "$dir" report payments --from 2025-06-02 --to 2025-06-30 --check-limits
    expect_status 1
    expect_out_has "P-HMTS01  Test Limited Partner  2025-06-09  2025-06-15           2   9.00     225.00"
    vfi -C "$dir" report statement P-HMTS01 --tax-year 2025-26
    expect_out_has "2025-06-09      2025-06-15            2   9.00      225.00           195.50           16  over"
}

t_the_limit_is_confidential_but_in_the_partners_own_statement() {
    local dir f
    dir=$(limit_data)
    involvement "$dir" 2025-06-10 300 >/dev/null
    involvement "$dir" 2025-06-12 240 >/dev/null
    for f in table csv json html md; do
        vfi -C "$dir" report payments --month 2025-06 --format $f
        [[ "$out" == *195.50* || "$out" == *esa-permitted* || "$out" == *183.50* ]] &&
            fail "payments ($f) states the limit"
    done
    # A listing of the payment group leaves the limit out unless it is named.
    vfi -C "$dir" partner list --fields id,payment --format csv
    expect_status 0
    expect_out_has "id,payment.eligible,payment.preference"
    [[ "$out" == *limit* || "$out" == *esa-permitted* ]] && fail "--fields payment lists the limit: $out"
    vfi -C "$dir" partner list --fields id,payment.limit --format csv
    expect_out_has "esa-permitted-work"
    for r in summary activity; do
        vfi -C "$dir" report $r --format csv
        [[ "$out" == *esa-permitted* || "$out" == *195.50* ]] && fail "$r states the limit"
    done
    vfi -C "$dir" report statement P-HMTS01 --tax-year 2025-26
    expect_status 0
    expect_out_has "Test Limited Partner declared a weekly limit on earnings (the rule esa-permitted-work in vfi.yaml"
    expect_out_has "2025-06-09      2025-06-15            2   9.00      225.00           195.50           16  over"
}

t_a_rule_vfi_yaml_lacks_is_refused_and_named_by_check() {
    local dir snap
    dir=$(limit_data)
    snap=$(snapshot "$dir")
    vfi -C "$dir" partner set P-HMTS02 payment.limit.rule=esa
    expect_status 3
    expect_err "vfi: payment.limit.rule: the rule named is not a limit in vfi.yaml (the value is confidential: not repeated here) — use one of esa-permitted-work, carers-allowance, or add its figures under payments.limits in vfi.yaml"
    vfi -C "$dir" partner set P-HMTS01 payment.limit.weekly_pay_up_to=100
    expect_status 3
    expect_err_has "payment.limit.weekly_pay_up_to: the limit names a rule and gives its own weekly_pay_up_to too"
    vfi -C "$dir" partner set P-HMTS02 payment.preference=sometimes
    expect_status 3
    expect_err_has "payment.preference"
    expect_unchanged "$dir" "$snap"
    # A hand edit is named at its line.
    sed -i 's/rule: esa-permitted-work/rule: esa-permited-work/' "$dir/partners/P-HMTS01.yaml"
    vfi -C "$dir" check
    expect_status 1
    expect_out_has "partners/P-HMTS01.yaml:10:11: payment.limit.rule: the rule named is not a limit in vfi.yaml (the value is confidential: not repeated here) — use one of esa-permitted-work"
    # The confidential value is never repeated, even on standard error where cron mails it.
    [[ "$out$err" == *esa-permited-work* ]] && fail "check repeats the confidential rule name"
}

t_bad_limits_in_vfi_yaml_are_named_at_their_line() {
    local dir
    dir=$(limit_data)
    python3 - "$dir/vfi.yaml" <<'PY'
import sys
p = sys.argv[1]
t = open(p).read()
t = t.replace("      weekly_pay_up_to: 195.50\n", "      weekly_pay_up_to: 195.50\n      week_starts: someday\n", 1)
open(p, "w").write(t)
PY
    vfi -C "$dir" check
    expect_status 1
    expect_out_has "payments.limits.week_starts: 'someday' is not a day of the week — write monday (the default), tuesday, ... or sunday"
}

t_a_partner_who_declines_payment_is_not_paid_and_says_why() {
    local dir
    dir=$(limit_data)
    vfi -C "$dir" partner set P-HMTS02 payment.preference=declined
    expect_status 0
    involvement "$dir" 2025-06-10 300 P-HMTS01,P-HMTS02 >/dev/null
    vfi -C "$dir" partner set P-HMTS01 payment.preference=expenses-only
    vfi -C "$dir" report payments --month 2025-06
    expect_status 0
    expect_out_has "P-HMTS02  Test Other Partner             1  chose not to be paid (payment.preference: declined)"
    expect_out_has "P-HMTS01  Test Limited Partner           1  chose expenses only (payment.preference: expenses-only)"
    vfi -C "$dir" report payments --month 2025-06 --format csv
    [ "$(printf '%s\n' "$out" | wc -l)" -eq 1 ] || fail "someone who takes no fee is in the finance CSV: $out"
}

t_forgetting_a_partner_erases_their_limit_but_keeps_their_preference() {
    local dir
    dir=$(limit_data)
    vfi -C "$dir" partner set P-HMTS01 payment.preference=declined
    expect_status 0
    vfi -C "$dir" partner forget P-HMTS01
    expect_status 0
    grep -q "limit\\|esa-permitted-work" "$dir/partners/P-HMTS01.yaml" &&
        fail "the forgotten record keeps their limit: $(cat "$dir/partners/P-HMTS01.yaml")"
    # What they declined stays declined: a later run never pays it.
    grep -q "preference: declined" "$dir/partners/P-HMTS01.yaml" ||
        fail "the preference was erased: $(cat "$dir/partners/P-HMTS01.yaml")"
    grep -q "eligible: true" "$dir/partners/P-HMTS01.yaml" || fail "payment.eligible was not kept"
    vfi -C "$dir" check
    expect_status 0
}

t_a_late_session_in_a_closed_month_is_checked_in_the_run_that_pays_it() {
    local dir
    dir=$(limit_data)
    involvement "$dir" 2025-04-22 240 >/dev/null
    vfi -C "$dir" pay close --month 2025-04 --date 2025-05-01
    expect_status 0
    # Logged in May for April (closed): paid by May's run, so May's run checks its week.
    involvement "$dir" 2025-04-24 240 >/dev/null
    grep -q "week of 2025-04-21 to 2025-04-27" "$WORK/warn" || fail "no warning at log time: [$(cat "$WORK/warn")]"
    vfi -C "$dir" report payments --month 2025-05
    expect_status 1
    expect_out_has "P-HMTS01  Test Limited Partner  2025-04-21  2025-04-27           2   8.00     200.00"
    vfi -C "$dir" pay close --month 2025-05 --date 2025-06-01
    expect_status 1
    expect_err_has "P-HMTS01's week of 2025-04-21 to 2025-04-27 (200.00 GBP and 8.00 hours) would go over"
}

t_choosing_not_to_take_fees_never_takes_back_what_was_paid() {
    local dir
    dir=$(limit_data)
    involvement "$dir" 2025-05-06 120 P-HMTS02 >/dev/null
    vfi -C "$dir" pay close --month 2025-05 --date 2025-06-01
    expect_status 0
    for choice in expenses-only declined; do
        vfi -C "$dir" partner set P-HMTS02 payment.preference=$choice
        expect_status 0
        vfi -C "$dir" report payments --month 2025-06
        expect_status 0
        [[ "$out$err" == *overpaid* ]] && fail "$choice took back what was paid: $out $err"
        # Their statement still shows what May's run paid them.
        vfi -C "$dir" report statement P-HMTS02 --tax-year 2025-26
        expect_status 0
        expect_out_has "2025-05-06  2025-05-05      "
        expect_out_has "in the 2025-05 run"
        expect_out_has "In all: 1 session or activity over 2.00 hours, 50.00 GBP in fees."
    done
    vfi -C "$dir" partner set P-HMTS02 payment.eligible=false
    vfi -C "$dir" report statement P-HMTS02 --tax-year 2025-26
    expect_out_has "In all: 1 session or activity over 2.00 hours, 50.00 GBP in fees."
}

t_a_statement_judges_a_week_its_period_cuts_on_the_whole_week() {
    local dir
    dir=$(limit_data)
    # Friday 4 and Sunday 6 April 2025: £187.50 in the week of 31 March, over £183.50; the tax
    # year 2025-26 holds only the Sunday.
    involvement "$dir" 2025-04-04 270 >/dev/null
    involvement "$dir" 2025-04-06 180 >/dev/null
    vfi -C "$dir" report statement P-HMTS01 --tax-year 2025-26
    expect_status 0
    expect_out_has "2025-03-31      2025-04-06            1   3.00       75.00           183.50           16  over (the whole week: 187.50 GBP, 7.50 hours)"
}

# The partner turns down the fee for one session to stay within their limit: that session
# alone is not paid (its expenses still are), the week is within the limit, and no later
# run pays it, whatever their payment.preference (which covers every session unpaid).
t_a_fee_turned_down_for_one_session_keeps_the_week_within_the_limit() {
    local dir first second snap
    dir=$(limit_data)
    first=$(involvement "$dir" 2025-06-10 300) || fail "logging failed: $(cat "$WORK/warn")"
    second=$(involvement "$dir" 2025-06-12 240) || fail "logging failed: $(cat "$WORK/warn")"
    "$VFI" -C "$dir" expense add "$second" P-HMTS01 --amount 6.40 --approve >/dev/null
    vfi -C "$dir" session set "$second" fee_declined=P-HMTS01
    expect_status 0
    vfi -C "$dir" report payments --month 2025-06 --format md
    expect_status 0
    expect_out_has "| P-HMTS01 | Test Limited Partner | 1 | turned down the fee for these sessions (fee_declined) |"
    expect_out_has "| P-HMTS01 | Test Limited Partner | 0 | 0.00 | 5.00 | 131.40 | 0.00 | 0.00 | 6.40 | 131.40 |"
    vfi -C "$dir" pay close --month 2025-06 --date 2025-07-01
    expect_status 0
    # A later run never pays it, even once they take fees again.
    vfi -C "$dir" report payments --month 2025-07 --format csv
    [ "$(tr -d '\r' <<<"$out" | wc -l)" = 1 ] || fail "July pays the fee turned down: $out"
    vfi -C "$dir" report statement P-HMTS01 --tax-year 2025-26
    expect_out_has "Test Limited Partner turned down the fee for 1 activity in the period."
    # Only someone who took part can turn a fee down.
    snap=$(snapshot "$dir")
    vfi -C "$dir" session set "$first" fee_declined=P-HMTS02
    expect_status 8
    expect_err_has "fee_declined: P-HMTS02 did not take part in $first, so has no fee to turn down"
    expect_unchanged "$dir" "$snap"
}

# A limit declared in the middle of the year holds from the week it was declared in, never
# before: an earlier week over its figures is not flagged, and the statement says no limit
# was in force then (it showed the limit for weeks before the partner told anyone).
t_a_limit_holds_from_the_week_it_was_declared() {
    local dir
    dir=$(limit_data)
    involvement "$dir" 2025-06-10 300 >/dev/null
    involvement "$dir" 2025-06-12 240 >/dev/null
    involvement "$dir" 2025-06-24 300 >/dev/null
    involvement "$dir" 2025-06-26 240 >/dev/null
    "$VFI" -C "$dir" partner set P-HMTS01 payment.limit.from=2025-06-25 >/dev/null || fail "set"
    vfi -C "$dir" report payments --month 2025-06
    expect_status 1
    expect_err_has "P-HMTS01's week of 2025-06-23 to 2025-06-29 (225.00 GBP and 9.00 hours) would go over"
    [[ "$err" == *2025-06-09* ]] && fail "a week before the limit was declared is flagged: $err"
    vfi -C "$dir" report statement P-HMTS01 --tax-year 2025-26
    expect_status 0
    expect_out_has "2025-06-09      2025-06-15            2   9.00      225.00                                none in force"
    expect_out_has "2025-06-23      2025-06-29            2   9.00      225.00           195.50           16  over"
}

run_tests
