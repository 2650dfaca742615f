#!/usr/bin/env bash
# vfi report payments: the rate in force on each date, preparation, hourly involvement,
# eligibility, late cancellations, the finance CSV, and the period options.
source "$(dirname "$0")/lib.sh"

partner() { # DIR ID NAME ELIGIBLE(true|false|"")
    {
        printf 'id: %s\nname: %s\nstatus: active\ntraining:\n  completed: 2023-01-10\n' "$2" "$3"
        [ -n "$4" ] && printf 'payment:\n  eligible: %s\n' "$4"
    } >"$1/partners/$2.yaml"
}

session() { # DIR ID DATE STATUS [more YAML lines...]
    local dir=$1 id=$2 date=$3 status=$4
    shift 4
    { printf 'id: %s\ndate: %s\nstatus: %s\n' "$id" "$date" "$status"; printf '%s\n' "$@"; } \
        >"$dir/sessions/$id.yaml"
}

# Three partners (one paid, one not, one whose eligibility is not recorded and who has taken
# no part yet), a leader and a match; a rate rise on 2024-03-15.
payments_data() {
    local dir
    dir=$(new_data)
    mkdir -p "$dir/partners" "$dir/leaders" "$dir/matches" "$dir/sessions"
    partner "$dir" P-PAYD01 "Test Partner Paid" true
    partner "$dir" P-NPAY01 "Test Partner Unpaid" false
    partner "$dir" P-NSET01 "Test Partner Unsaid" ""
    printf 'id: L-HEAD01\nname: Test Leader\norganisation: Test Trust\nstatus: matched\ncohort: c1\n' \
        >"$dir/leaders/L-HEAD01.yaml"
    printf 'id: M-MTCH01\npartner: P-PAYD01\nleader: L-HEAD01\nstatus: active\nstarted: 2024-01-05\n' \
        >"$dir/matches/M-MTCH01.yaml"
    sed -i 's/^      hourly: 25$/      hourly: 25\n    - from: 2024-03-15\n      session: 60\n      prep_minutes: 45\n      hourly: 30/' \
        "$dir/vfi.yaml"
    session "$dir" S-CCCC01 2024-03-01 held "match: M-MTCH01" "minutes: 60"
    session "$dir" S-CCCC02 2024-03-20 held "match: M-MTCH01" "minutes: 60"
    session "$dir" S-CCCC03 2024-03-22 cancelled "match: M-MTCH01"
    session "$dir" S-CCCC04 2024-03-25 no-show "match: M-MTCH01"
    session "$dir" S-CCCC05 2024-02-28 held "match: M-MTCH01" "minutes: 60"
    session "$dir" S-VVVV01 2024-03-10 held "type: advisory-group" "partners: [P-PAYD01, P-NPAY01]" "minutes: 45"
    session "$dir" S-VVVV02 2024-03-18 held "type: co-design" "partners: [P-PAYD01]" "minutes: 100"
    git -C "$dir" add -A && git -C "$dir" commit -qm "payments test data"
    echo "$dir"
}

t_the_data_is_valid() {
    local dir
    dir=$(payments_data)
    vfi -C "$dir" check
    expect_status 0
}

t_amounts_follow_the_rate_in_force_on_each_date() {
    local dir
    dir=$(payments_data)
    vfi -C "$dir" report payments --month 2024-03 --format md
    expect_status 0
    # 2024-03-01 at the old rate: 50 + 30 min at 25/h = 12.50.
    expect_out_has "| 2024-03-01 | S-CCCC01 | P-PAYD01 | coaching | session |  | 50.00 a session | 50.00 | this month |"
    expect_out_has "| 2024-03-01 | S-CCCC01 | P-PAYD01 | coaching | preparation | 30 | 25.00 an hour | 12.50 | this month |"
    # 2024-03-20 at the new rate: 60 + 45 min at 30/h = 22.50.
    expect_out_has "| 2024-03-20 | S-CCCC02 | P-PAYD01 | coaching | session |  | 60.00 a session | 60.00 | this month |"
    expect_out_has "| 2024-03-20 | S-CCCC02 | P-PAYD01 | coaching | preparation | 45 | 30.00 an hour | 22.50 | this month |"
    # Involvement by the hour: 45 min at 25/h = 18.75; 100 min at 30/h = 50.00.
    expect_out_has "| 2024-03-10 | S-VVVV01 | P-PAYD01 | advisory-group | involvement | 45 | 25.00 an hour | 18.75 | this month |"
    expect_out_has "| 2024-03-18 | S-VVVV02 | P-PAYD01 | co-design | involvement | 100 | 30.00 an hour | 50.00 | this month |"
    # 50 + 12.50 + 60 + 22.50 + 18.75 + 50 = 213.75; the February session is outside the month.
    expect_out_has "| P-PAYD01 | Test Partner Paid | 2 | 1.25 | 2.42 | 213.75 |"
    expect_out_has "| total | 1 partner | 2 | 1.25 | 2.42 | 213.75 |"
    [[ "$out" == *"S-CCCC05"* ]] && fail "a session outside the month is paid"
    [[ "$out" == *"S-CCCC03 "* ]] && fail "a cancelled session is paid"
    expect_out_has "Cancelled sessions not paid: 1. No-shows not paid: 1."
}

t_only_eligible_partners_are_paid_and_the_rest_are_named_with_a_fix() {
    local dir
    dir=$(payments_data)
    vfi -C "$dir" report payments --month 2024-03
    expect_status 0
    expect_out_has "P-NPAY01  Test Partner Unpaid           1  not eligible for payment (payment.eligible: false)"
    [[ "$out" == *"P-NSET01"* ]] && fail "a partner who took no part is named"
    vfi -C "$dir" report payments --month 2024-03 --format csv
    [[ "$out" == *"P-NPAY01"* || "$out" == *"P-NSET01"* ]] && fail "the finance CSV pays someone not eligible"
}

t_late_cancellations_are_paid_when_vfi_yaml_says_so() {
    local dir
    dir=$(payments_data)
    sed -i 's/^  late_cancellations: false$/  late_cancellations: true/' "$dir/vfi.yaml"
    vfi -C "$dir" report payments --month 2024-03 --format md
    expect_status 0
    expect_out_has "| 2024-03-22 | S-CCCC03 | P-PAYD01 | coaching | session (cancelled late) |  | 60.00 a session | 60.00 | this month |"
    expect_out_has "| total | 1 partner | 3 | 2.00 | 2.42 | 296.25 |"
    expect_out_has "Cancelled coaching and action learning sessions are paid as late cancellations"
    expect_out_has "Cancelled sessions not paid: 0. No-shows not paid: 1."
}

# A no-show records who did not come; vfi.yaml says whether the partner who came and prepared
# is paid when it was the leader. Until who missed it is recorded, it needs attention.
t_a_no_show_the_leader_missed_is_paid_when_vfi_yaml_says_so() {
    local dir before
    dir=$(payments_data)
    vfi -C "$dir" report payments --month 2024-03 --format md
    expect_out_has "No-shows are not paid (payments.leader_no_shows is false in vfi.yaml)."
    sed -i 's/^  leader_no_shows: false$/  leader_no_shows: true/' "$dir/vfi.yaml"
    git -C "$dir" commit -qam "pay leader no-shows"
    vfi -C "$dir" report payments --month 2024-03 --format md
    expect_status 1
    expect_out_has "S-CCCC04 (coaching no-show on 2024-03-25) is not paid yet: who did not come is not recorded, and the partner is paid when it was the leader (payments.leader_no_shows) — record it with \`vfi session set S-CCCC04 missed=leader\` (or partner, or both)."
    "$VFI" -C "$dir" session set S-CCCC04 missed=leader >/dev/null || fail "set missed"
    vfi -C "$dir" report payments --month 2024-03 --format md
    expect_status 0
    expect_out_has "| 2024-03-25 | S-CCCC04 | P-PAYD01 | coaching | session (the leader did not come) |  | 60.00 a session | 60.00 | this month |"
    expect_out_has "| 2024-03-25 | S-CCCC04 | P-PAYD01 | coaching | preparation | 45 | 30.00 an hour | 22.50 | this month |"
    expect_out_has "| total | 1 partner | 3 | 2.00 | 2.42 | 296.25 |"
    expect_out_has "No-shows not paid: 0."
    "$VFI" -C "$dir" session set S-CCCC04 missed=partner >/dev/null || fail "set missed"
    vfi -C "$dir" report payments --month 2024-03 --format md
    expect_status 0
    expect_out_has "| total | 1 partner | 2 | 1.25 | 2.42 | 213.75 |"
    expect_out_has "No-shows not paid: 1."
    # Who missed it belongs to a no-show, and is one of three words.
    before=$(snapshot "$dir")
    vfi -C "$dir" session set S-CCCC01 missed=leader
    expect_status 3
    expect_err_has "missed: is set but status is held — who missed it is for a no-show: remove \`missed\`, or make the status no-show"
    vfi -C "$dir" session log M-MTCH01 --date 2024-03-26 --status no-show --missed leadr
    expect_status 3
    expect_err_has "vfi: --missed: 'leadr' is not one of leader, partner, both — did you mean 'leader'?"
    expect_unchanged "$dir" "$before"
    vfi -C "$dir" session log M-MTCH01 --date 2024-03-26 --status no-show --missed both
    expect_status 0
    grep -qx "missed: both" "$dir/sessions/$out.yaml" || fail "missed not kept: $(cat "$dir/sessions/$out.yaml")"
}

# Someone paid for involvement who is not a Lived Experience Partner (an outside interview
# panel member): paid like a partner, never matched, and no partner figure counts them.
t_a_paid_contributor_is_paid_and_kept_out_of_partner_figures() {
    local dir c before summary equality
    dir=$(sample_data)
    "$VFI" -C "$dir" report summary --format csv | grep "^Lived Experience Partners," >"$WORK/before-summary"
    "$VFI" -C "$dir" report equality --format csv | grep -v "^about," >"$WORK/before-equality"
    vfi -C "$dir" partner add --name "Test Panel Member" --contributor true --status active \
        --payment-eligible true --roles interview-panel --date 2026-10-01 --modes online
    expect_status 0
    c=$out
    vfi -C "$dir" session log --type interview-panel --partners "$c,P-JWK3TM" --date 2026-10-14 --minutes 180
    expect_status 0
    vfi -C "$dir" report payments --month 2026-10 --format csv
    expect_status 0
    expect_out_has "2026-10-01,2026-10-31,not closed,$c,Test Panel Member,0,0,180,75.00,0.00,0.00,0.00,75.00,GBP"
    "$VFI" -C "$dir" report summary --format csv | grep "^Lived Experience Partners," >"$WORK/after-summary"
    summary=$(diff "$WORK/before-summary" "$WORK/after-summary" | grep '^[<>]' | tr -d '\r')
    [ "$summary" = "> Lived Experience Partners,,note 1,text,Paid contributors who are not Lived Experience Partners (contributor: true) are not counted here; their involvement is counted under Sessions." ] ||
        fail "the partner figures moved: $summary"
    "$VFI" -C "$dir" report equality --format csv | grep -v "^about," >"$WORK/after-equality"
    equality=$(diff "$WORK/before-equality" "$WORK/after-equality" | grep '^[<>]')
    [ -z "$equality" ] || fail "the equality report moved: $equality"
    before=$(snapshot "$dir")
    vfi -C "$dir" match add "$c" L-3BG3KX
    expect_status 8
    expect_err "vfi: $c is a paid contributor, not a Lived Experience Partner, and is never matched — choose another partner, or see \`vfi match suggest --explain\`"
    vfi -C "$dir" partner list --available --format csv
    [[ "$out" == *"$c"* ]] && fail "a contributor is listed as available to coach"
    expect_unchanged "$dir" "$before"
    vfi -C "$dir" check
    expect_status 0
}

t_with_a_cohort_only_its_sessions_are_counted() {
    local dir
    dir=$(payments_data)
    printf 'id: L-HEAD02\nname: Test Leader Two\norganisation: Test Trust\nstatus: matched\ncohort: c2\n' \
        >"$dir/leaders/L-HEAD02.yaml"
    printf 'id: M-MTCH02\npartner: P-PAYD01\nleader: L-HEAD02\nstatus: active\nstarted: 2024-01-05\n' \
        >"$dir/matches/M-MTCH02.yaml"
    echo "capacity: 2" >>"$dir/partners/P-PAYD01.yaml"
    session "$dir" S-CCCC06 2024-03-05 cancelled "match: M-MTCH02"
    session "$dir" S-CCCC07 2024-03-06 held "match: M-MTCH02" "minutes: 60"
    vfi -C "$dir" report payments --month 2024-03 --cohort c2 --format md
    expect_status 0
    expect_out_has "| total | 1 partner | 1 | 0.50 | 0.00 | 0.00 | 62.50 |"
    expect_out_has "Cancelled sessions not paid: 1. No-shows not paid: 0."
}

t_cancelled_involvement_is_never_paid() {
    local dir
    dir=$(payments_data)
    sed -i 's/^  late_cancellations: false$/  late_cancellations: true/' "$dir/vfi.yaml"
    session "$dir" S-VVVV04 2024-03-12 cancelled "type: co-design" "partners: [P-PAYD01]" "minutes: 120"
    vfi -C "$dir" report payments --month 2024-03 --format md
    expect_status 0
    [[ "$out" == *"S-VVVV04"* ]] && fail "cancelled involvement is paid"
    expect_out_has "Cancelled sessions not paid: 1."
}

t_involvement_naming_only_a_match_pays_the_match_partner() {
    local dir
    dir=$(payments_data)
    session "$dir" S-VVVV05 2024-03-12 held "type: co-design" "match: M-MTCH01" "minutes: 60"
    vfi -C "$dir" check
    expect_status 0
    vfi -C "$dir" session list --partner P-PAYD01
    expect_out_has "S-VVVV05"
    vfi -C "$dir" report payments --month 2024-03 --format md
    expect_status 0
    expect_out_has "| 2024-03-12 | S-VVVV05 | P-PAYD01 | co-design | involvement | 60 | 25.00 an hour | 25.00 | this month |"
    expect_out_has "| total | 1 partner | 2 | 1.25 | 3.42 | 238.75 |"
}

t_unrecorded_eligibility_of_someone_who_took_part_needs_attention() {
    local dir
    dir=$(payments_data)
    session "$dir" S-VVVV06 2024-03-11 held "type: check-and-challenge" "partners: [P-NSET01]" "minutes: 60"
    git -C "$dir" add -A && git -C "$dir" commit -qm "an unrecorded partner takes part"
    vfi -C "$dir" report payments --month 2024-03 -q -o "$WORK/pay.csv"
    expect_status 1
    expect_out_empty
    expect_err "vfi: warning: P-NSET01 is not paid for 1 activity from 2024-03-01 to 2024-03-31: payment.eligible is not recorded — record it with \`vfi partner set P-NSET01 payment.eligible=true\`, or \`payment.eligible=false\` if they are not paid."
    [[ "$(cat "$WORK/pay.csv")" == *"P-NSET01"* ]] && fail "the CSV pays someone not eligible"
    vfi -C "$dir" report payments --month 2024-03
    expect_status 1
    [[ "$out" == "Payments: "*"Needs attention before paying"*"P-NSET01 is not paid for 1 activity"*"Owed to each partner"* ]] ||
        fail "the unrecorded eligibility is not under Needs attention: $out"
    expect_out_has "P-NSET01  Test Partner Unsaid           1  eligibility not recorded (see Needs attention before paying)"
    vfi -C "$dir" partner set P-NSET01 payment.eligible=false
    expect_status 0
    vfi -C "$dir" report payments --month 2024-03
    expect_status 0
    expect_err_empty
    [[ "$out" == *"Needs attention"* ]] && fail "a recorded false still needs attention"
    expect_out_has "P-NSET01  Test Partner Unsaid           1  not eligible for payment (payment.eligible: false)"
}

t_not_paid_names_every_ineligible_partner_and_only_what_is_owed_needs_attention() {
    local dir
    dir=$(payments_data)
    # Blocked for P-PAYD01 (no minutes): needs attention, and P-NPAY01 is still not paid.
    session "$dir" S-VVVV07 2024-03-13 held "type: co-design" "partners: [P-PAYD01, P-NPAY01]"
    vfi -C "$dir" report payments --month 2024-03
    expect_status 1
    expect_err_has "vfi: warning: S-VVVV07 (co-design on 2024-03-13) is not paid: it has no minutes"
    expect_out_has "P-NPAY01  Test Partner Unpaid           2  not eligible for payment (payment.eligible: false)"
    # Only an ineligible partner, no minutes: nothing is owed, so nothing needs attention.
    session "$dir" S-VVVV07 2024-03-13 held "type: co-design" "partners: [P-NPAY01]"
    vfi -C "$dir" report payments --month 2024-03
    expect_status 0
    expect_err_empty
    [[ "$out" == *"Needs attention"* ]] && fail "a session nobody is owed for needs attention"
    expect_out_has "P-NPAY01  Test Partner Unpaid           2  not eligible for payment (payment.eligible: false)"
}

t_the_finance_csv_is_one_row_per_partner() {
    local dir
    dir=$(payments_data)
    vfi -C "$dir" report payments --month 2024-03 -o "$WORK/pay.csv"
    expect_status 0
    expect_out "Wrote the payments report to $WORK/pay.csv."
    [ "$(cat "$WORK/pay.csv")" = $'period_from,period_to,run,partner_id,name,sessions,preparation_minutes,involvement_minutes,this_month,earlier_months,adjustments,of_which_expenses,amount,currency\r
2024-03-01,2024-03-31,not closed,P-PAYD01,Test Partner Paid,2,75,145,213.75,0.00,0.00,0.00,213.75,GBP\r' ] ||
        fail "unexpected CSV: $(cat "$WORK/pay.csv")"
    vfi -C "$dir" report payments --month 2024-03 --format json
    expect_out_has '"amount (GBP)": "213.75"'
}

t_a_session_with_no_rate_or_no_minutes_needs_attention() {
    local dir
    dir=$(payments_data)
    sed -i 's/^    - from: 2021-04-01$/    - from: 2024-03-05/' "$dir/vfi.yaml"
    session "$dir" S-VVVV03 2024-03-19 held "type: interview-panel" "partners: [P-PAYD01]"
    vfi -C "$dir" report payments --month 2024-03
    expect_status 1
    expect_err_has "vfi: warning: S-CCCC01 on 2024-03-01 is not paid: no payment rate is in force on that date"
    expect_err_has "vfi: warning: S-VVVV03 (interview-panel on 2024-03-19) is not paid"
    expect_out_has "S-CCCC01 on 2024-03-01 is not paid: no payment rate is in force on that date — add a rate starting on or before 2024-03-01 under payments.rates in vfi.yaml."
    expect_out_has "S-VVVV03 (interview-panel on 2024-03-19) is not paid: it has no minutes, and involvement is paid by the hour — record them with \`vfi session set S-VVVV03 minutes=90\`."
    [[ "$out" == "Payments: "*"Needs attention before paying"*"Owed to each partner"* ]] ||
        fail "what needs attention does not come first"
}

t_the_period_defaults_to_last_month() {
    local dir
    dir=$(payments_data)
    VFI_TODAY=2024-04-09 vfi -C "$dir" report payments --format csv
    expect_status 0
    expect_out_has "2024-03-01,2024-03-31,not closed,P-PAYD01"
    VFI_TODAY=2024-01-09 vfi -C "$(new_data)" report payments
    expect_status 0
    expect_out_has "Period 2023-12-01 to 2023-12-31."
    vfi -C "$dir" report payments --from 2024-01-01 --to 2024-03-31 --format csv
    expect_out_has "2024-01-01,2024-03-31,P-PAYD01,Test Partner Paid,3,"
}

t_bad_periods_are_refused_with_what_to_do() {
    local dir before
    dir=$(payments_data)
    before=$(snapshot "$dir")
    vfi -C "$dir" report payments --month 2024-13
    expect_status 2
    expect_err_has "'2024-13' is not a month — give it as YYYY-MM, e.g. --month 2024-03"
    vfi -C "$dir" report payments --month March
    expect_status 2
    expect_err_has "'March' is not a month"
    vfi -C "$dir" report payments --month 2024-03 --from 2024-01-01
    expect_status 2
    expect_err_has "give a month, or a period with --from and --to, not both"
    vfi -C "$dir" report summary --month 2024-03
    expect_status 2
    vfi -C "$dir" report payments --month 2024-03 -o "$WORK/payments.pdf"
    expect_status 2
    expect_err_has "vfi cannot tell a report format from '$WORK/payments.pdf' — write .html and print it to PDF from a browser"
    vfi -C "$dir" report payments --month 2024-03 -o "$WORK/payments"
    expect_status 2
    expect_err_has "end the name in .txt, .md, .csv, .json, .html or .xlsx, or give --format"
    [ -e "$WORK/payments.pdf" ] || [ -e "$WORK/payments" ] && fail "wrote a file with no format"
    expect_unchanged "$dir" "$before"
}

t_nothing_confidential_in_any_format() {
    local dir fmt secret
    dir=$(sample_data)
    for fmt in table md csv json html; do
        vfi -C "$dir" report payments --month 2023-03 --format $fmt
        expect_status 0
        for secret in "@example.org" "07700" "Materials sent" "white-british" "Rearranged" "yes-limited"; do
            [[ "$out" == *"$secret"* ]] && fail "$fmt payments shows '$secret'"
        done
    done
}

run_tests
