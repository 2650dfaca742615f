#!/usr/bin/env bash
# vfi report statement: one partner's payments for a tax year, checked against an independent
# count from the records (PyYAML), with weeks Monday to Sunday, runs named, and nothing about
# anyone else.
source "$(dirname "$0")/lib.sh"

# Two paid partners; the first coached one leader through the 2025-26 tax year and its edges,
# and both sat on an advisory group. £50 a session with 30 minutes' preparation at £25 an hour.
statement_data() {
    local dir
    dir=$(new_data)
    mkdir -p "$dir/partners" "$dir/leaders" "$dir/matches" "$dir/sessions"
    printf 'id: P-STMT01\nname: Test Statement Partner\nstatus: active\njoined: 2024-06-01\ntraining:\n  completed: 2024-06-01\npayment:\n  eligible: true\n' \
        >"$dir/partners/P-STMT01.yaml"
    printf 'id: P-STMT02\nname: Other Group Member\nstatus: active\njoined: 2024-06-01\ntraining:\n  completed: 2024-06-01\npayment:\n  eligible: true\n' \
        >"$dir/partners/P-STMT02.yaml"
    printf 'id: L-STMT01\nname: Test Leader\norganisation: Test Trust\nstatus: matched\nenquired: 2024-06-01\n' \
        >"$dir/leaders/L-STMT01.yaml"
    printf 'id: M-STMT01\npartner: P-STMT01\nleader: L-STMT01\nstatus: active\nstarted: 2025-01-06\n' \
        >"$dir/matches/M-STMT01.yaml"
    git -C "$dir" add -A && git -C "$dir" commit -qm "statement test data"
    local log=("$VFI" -C "$dir" session log)
    # 5 April 2025 is the last day of 2024-25; 6 April the first of 2025-26; 5 April 2026 its last.
    for d in 2025-04-05 2025-04-06 2025-04-08 2025-05-12 2025-11-03 2026-04-05 2026-04-06; do
        VFI_TODAY=2026-11-23 "${log[@]}" M-STMT01 --date $d --minutes 60 >/dev/null || return 1
    done
    VFI_TODAY=2026-11-23 "${log[@]}" M-STMT01 --date 2025-06-02 --status cancelled \
        --category partner-unavailable >/dev/null || return 1
    VFI_TODAY=2026-11-23 "${log[@]}" --type advisory-group --partners P-STMT01,P-STMT02 \
        --date 2025-04-10 --minutes 150 >/dev/null || return 1
    echo "$dir"
}

t_a_tax_years_statement_matches_an_independent_count() {
    local dir
    dir=$(statement_data) || fail "could not make the data"
    vfi -C "$dir" report statement P-STMT01 --tax-year 2025-26 --format csv
    expect_status 0
    printf '%s\n' "$out" >"$WORK/statement.csv"
    python3 - "$dir" "$WORK/statement.csv" <<'PY' || fail "the statement differs from the records"
import csv, datetime, glob, sys
from decimal import Decimal
import yaml
data, statement = sys.argv[1], sys.argv[2]
start, end = datetime.date(2025, 4, 6), datetime.date(2026, 4, 5)
want = {}
for path in glob.glob(data + "/sessions/*.yaml"):
    s = yaml.safe_load(open(path))
    day = s["date"]
    if not (start <= day <= end) or s.get("status", "held") != "held":
        continue
    if s.get("type", "coaching") == "coaching":
        # Coaching: £50 plus 30 minutes' preparation at £25 an hour; hours worked with it.
        want[s["id"]] = (day, Decimal("62.50"), s["minutes"] + 30)
    elif "P-STMT01" in s.get("partners", []):
        want[s["id"]] = (day, Decimal(s["minutes"]) * 25 / 60, s["minutes"])
rows = list(csv.DictReader(open(statement, newline="")))
got = {r["session"]: r for r in rows}
assert set(got) == set(want), (sorted(got), sorted(want))
for sid, (day, fee, minutes) in want.items():
    r = got[sid]
    assert r["partner_id"] == "P-STMT01" and r["name"] == "Test Statement Partner", r
    assert r["date"] == day.isoformat(), (r, day)
    monday = day - datetime.timedelta(days=day.weekday())
    assert r["week_from"] == monday.isoformat(), r
    assert r["week_to"] == (monday + datetime.timedelta(days=6)).isoformat(), r
    assert Decimal(r["fee"]) == fee.quantize(Decimal("0.01")), (r, fee)
    assert int(r["minutes"]) == minutes, (r, minutes)
    assert r["paid"] == "no payment run recorded", r
total = sum(Decimal(r["fee"]) for r in rows)
assert total == Decimal("5") * Decimal("62.50") + Decimal("62.50"), total
PY
    # The page: the total and each week's, the tax year named, nobody else in it.
    vfi -C "$dir" report statement P-STMT01 --tax-year 2025-26
    expect_status 0
    expect_out_has "in the tax year 2025-26 (6 April 2025 to 5 April 2026)"
    expect_out_has "In all: 6 sessions or activities over 10.00 hours, 375.00 GBP in fees."
    # 6 April 2025 is a Sunday, so it closes the week of Monday 31 March; the 8th and the
    # group on the 10th share the next.
    expect_out_has "2025-03-31      2025-04-06            1   1.50       62.50"
    expect_out_has "2025-04-07      2025-04-13            2   4.00      125.00"
    expect_out_has "total                                 6  10.00      375.00"
    [[ "$out" != *P-STMT02* && "$out" != *"Other Group Member"* ]] ||
        fail "the statement names another partner"
    [[ "$out" != *2025-04-05* && "$out" != *2026-04-06* ]] ||
        fail "the statement holds a day outside the tax year"
}

t_runs_paid_and_not_yet_paid_are_named_and_late_sessions_follow() {
    local dir
    dir=$(statement_data) || fail "could not make the data"
    vfi -C "$dir" pay close --month 2025-04 --date 2025-05-01
    expect_status 0
    vfi -C "$dir" report statement P-STMT01 --from 2025-04-01 --to 2025-05-31 --format csv
    expect_status 0
    expect_out_has "2025-04-05,2025-03-31,2025-04-06,"
    expect_out_has ",in the 2025-04 run (closed 2025-05-01)"
    expect_out_has "2025-05-12,2025-05-12,2025-05-18,"
    expect_out_has ",not yet paid"
    vfi -C "$dir" report statement P-STMT01 --from 2025-04-01 --to 2025-05-31
    expect_out_has 'A line marked "not yet paid" is owed and will be paid in the next monthly payment run'
    # The HTML page is the same statement, printable, naming only its partner.
    vfi -C "$dir" report statement P-STMT01 --tax-year 2025-26 -q -o "$WORK/statement.html"
    expect_status 0
    grep -q "Statement for Test Statement Partner" "$WORK/statement.html" || fail "no heading"
    grep -q "P-STMT02\|Other Group Member" "$WORK/statement.html" && fail "the page names another partner"
    true
}

# A session a run paid, cancelled since (not paid when cancelled): its row keeps what was paid,
# with the session's type and its hours (its hour, and the half hour of preparation paid).
t_a_paid_session_cancelled_since_keeps_its_type_and_hours() {
    local dir id
    dir=$(statement_data) || fail "could not make the data"
    vfi -C "$dir" pay close --month 2025-04 --date 2025-05-01
    expect_status 0
    id=$(grep -l "^date: 2025-04-08" "$dir"/sessions/*.yaml | xargs -n1 basename | sed 's/\.yaml$//')
    [ -n "$id" ] || fail "no session on 2025-04-08"
    vfi -C "$dir" session cancel "$id" --category partner-unavailable
    expect_status 0
    vfi -C "$dir" report statement P-STMT01 --from 2025-04-06 --to 2025-04-09 --format csv
    expect_status 0
    expect_out_has "2025-04-08,2025-04-07,2025-04-13,$id,coaching,90,1.50,62.50,"
}

t_bad_asks_are_refused_with_what_to_do_and_nothing_written() {
    local dir snap
    dir=$(statement_data) || fail "could not make the data"
    snap=$(snapshot "$dir")
    vfi -C "$dir" report statement P-NOPE99 --tax-year 2025-26
    expect_status 4
    expect_err "vfi: PARTNER: no partner has the id 'P-NOPE99' — list them with \`vfi partner list\`"
    vfi -C "$dir" report statement P-STMT01 --tax-year 2025
    expect_status 2
    expect_err "vfi: --tax-year: '2025' is not a tax year — give the years it spans, e.g. --tax-year 2025-26 for 6 April 2025 to 5 April 2026"
    vfi -C "$dir" report statement P-STMT01 --tax-year 2025-27
    expect_status 2
    vfi -C "$dir" report statement P-STMT01 --tax-year 2025-26 --from 2025-01-01
    expect_status 2
    expect_err_has "--tax-year and --from/--to both given"
    vfi -C "$dir" report statement --tax-year 2025-26
    expect_status 2
    expect_err_has "PARTNER"
    vfi -C "$dir" report statement P-STMT01 --cohort wm
    expect_status 2
    expect_unchanged "$dir" "$snap"
}

t_without_a_period_it_is_the_tax_year_so_far() {
    local dir
    dir=$(statement_data) || fail "could not make the data"
    VFI_TODAY=2026-04-20 vfi -C "$dir" report statement P-STMT01 --format csv
    expect_status 0
    [ "$(printf '%s\n' "$out" | tail -n +2 | cut -d, -f3 | tr '\n' ' ')" = "2026-04-06 " ] ||
        fail "the tax year so far should hold 6 April 2026 alone: $out"
}

run_tests
