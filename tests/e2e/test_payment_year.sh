#!/usr/bin/env bash
# A whole tax year of monthly payment runs, as a coordinator lives it: sessions logged late,
# paid sessions corrected and cancelled, expenses claimed and approved late, and a partner on
# ESA crossing their weekly limit in the middle of a month (warned when it is logged, flagged
# by the run). At the end, an independent count of the records (PyYAML, not vfi) must agree
# with every run's lines and with each partner's statement for the year: nothing paid twice,
# nothing lost, expenses never counted as earnings.
source "$(dirname "$0")/lib.sh"

# Two paid partners, each coaching one leader from April 2025; P-YEAR01 is on ESA (permitted
# work: under 16 hours and up to £195.50 a week from 7 April 2025, as `vfi init` writes it).
# The rates are init's: £50 a session with 30 minutes' preparation at £25 an hour; 45p a mile.
year_data() {
    local dir p
    dir=$(new_data) || return 1
    mkdir -p "$dir/partners" "$dir/leaders" "$dir/matches"
    printf 'id: P-YEAR01\nname: Test Limited Partner\nstatus: active\njoined: 2025-01-06\ntraining:\n  completed: 2025-01-06\npayment:\n  eligible: true\n  limit:\n    rule: esa-permitted-work\n' \
        >"$dir/partners/P-YEAR01.yaml"
    printf 'id: P-YEAR02\nname: Test Other Partner\nstatus: active\njoined: 2025-01-06\ntraining:\n  completed: 2025-01-06\npayment:\n  eligible: true\n' \
        >"$dir/partners/P-YEAR02.yaml"
    for p in 01 02; do
        printf 'id: L-YEAR%s\nname: Test Leader %s\norganisation: Test Trust\nstatus: matched\nenquired: 2025-01-06\n' \
            "$p" "$p" >"$dir/leaders/L-YEAR$p.yaml"
        printf 'id: M-YEAR%s\npartner: P-YEAR%s\nleader: L-YEAR%s\nstatus: active\nstarted: 2025-04-01\n' \
            "$p" "$p" "$p" >"$dir/matches/M-YEAR$p.yaml"
    done
    git -C "$dir" add -A && git -C "$dir" commit -qm "payment year test data" || return 1
    echo "$dir"
}

# Each command as the coordinator types it, stopping the test at the first that fails.
do_vfi() { # DIR ARGS...: runs vfi in DIR; prints its stdout; stderr goes to $WORK/said
    local dir=$1
    shift
    "$VFI" -C "$dir" "$@" 2>"$WORK/said" || { fail "vfi $* failed: $(cat "$WORK/said")"; return 1; }
}
coach() { do_vfi "$1" session log "M-YEAR$2" --date "$3" --minutes 60; }                   # DIR 01|02 DATE
involve() { do_vfi "$1" session log --type co-design --partners "$2" --date "$3" --minutes "$4"; } # DIR PARTNERS DATE MINUTES

month_after() { date -d "$1-01 +1 month" +%Y-%m; }

# Closes MONTH on the first of the next month, as the cron job would, and says whether it
# waited for someone to look (a claim not approved, or a week over a limit).
close() { # DIR MONTH [--anyway]
    local dir=$1 month=$2
    shift 2
    "$VFI" -C "$dir" pay close --month "$month" --date "$(month_after "$month")-01" "$@" >/dev/null 2>"$WORK/said"
}

t_a_tax_year_of_runs_agrees_with_an_independent_count() {
    local dir m s id snap month day
    dir=$(year_data) || return
    for month in 2025-04 2025-05 2025-06 2025-07 2025-08 2025-09 2025-10 2025-11 2025-12 2026-01 2026-02 2026-03; do
        # Coaching on the 8th for both (the 7th when the 8th is a weekend day is no matter).
        s=$(coach "$dir" 01 "$month-08") || return
        coach "$dir" 02 "$month-09" >/dev/null || return
        # P-YEAR02 takes the train to every session and claims it with a receipt, approved
        # when logged; P-YEAR01 drives and their mileage is approved only the next month.
        id=$(coach "$dir" 02 "$month-20") || return
        printf 'fictional ticket %s\n' "$month" >"$WORK/ticket.txt"
        do_vfi "$dir" expense add "$id" P-YEAR02 --amount 12.40 --receipt "$WORK/ticket.txt" --approve >/dev/null || return
        do_vfi "$dir" expense add "$s" P-YEAR01 --miles 23.5 >/dev/null || return
        # Every third month, a session from the month before turns up after it was paid.
        if [ $((10#${month#*-} % 3)) = 0 ]; then
            coach "$dir" 02 "$(date -d "$month-01 -1 day" +%Y-%m-%d)" >/dev/null || return
        fi
        # Both sit on a co-design group every other month: two and a half hours.
        if [ $((10#${month#*-} % 2)) = 0 ]; then
            involve "$dir" P-YEAR01,P-YEAR02 "$month-14" 150 >/dev/null || return
        fi
        case $month in
        2025-08)
            # June's co-design group turns out to have run three hours, not two and a half;
            # May's first coaching session of P-YEAR02 was in fact cancelled.
            id=$("$VFI" -C "$dir" session list --type co-design --from 2025-06-01 --to 2025-06-30 --format csv | sed -n 2p | cut -d, -f1)
            do_vfi "$dir" session set "$id" minutes=180 >/dev/null || return
            id=$("$VFI" -C "$dir" session list --match M-YEAR02 --from 2025-05-09 --to 2025-05-09 --format csv | sed -n 2p | cut -d, -f1)
            do_vfi "$dir" session cancel "$id" --category other >/dev/null || return
            ;;
        2025-11)
            # Coaching on Monday 10 November (£62.50), a four-hour co-design day on Wednesday
            # 12th (£100), then coaching on Friday 14th: £225 in the week of 10 to 16 November,
            # over £195.50, warned as the third is logged (and logged all the same).
            coach "$dir" 01 2025-11-10 >/dev/null || return
            involve "$dir" P-YEAR01 2025-11-12 240 >/dev/null || return
            [ -s "$WORK/said" ] && fail "warned before the week went over: $(cat "$WORK/said")"
            coach "$dir" 01 2025-11-14 >/dev/null || return
            grep -q "vfi: warning: this session takes P-YEAR01's week of 2025-11-10 to 2025-11-16 to 225.00 GBP and 7.00 hours, over the weekly limit on earnings they declared" "$WORK/said" ||
                fail "no warning at log time: [$(cat "$WORK/said")]"
            ;;
        esac
        # Last month's mileage is approved now, before this month is closed.
        if [ "$month" != 2025-04 ]; then
            for s in $("$VFI" -C "$dir" expense list --waiting --format csv | awk -F, -v m="$(date -d "$month-01 -1 day" +%Y-%m)" 'NR > 1 && index($1, m) == 1 { print $2 }'); do
                do_vfi "$dir" expense approve "$s" P-YEAR01 --date "$month-02" >/dev/null || return
            done
        fi
        # The month's own mileage still waits, so every close needs someone to look first.
        snap=$(snapshot "$dir")
        close "$dir" "$month" && fail "closed $month with a claim waiting for approval"
        expect_unchanged "$dir" "$snap"
        if [ "$month" = 2025-11 ]; then
            grep -q "P-YEAR01's week of 2025-11-10 to 2025-11-16 (225.00 GBP and 7.00 hours) would go over the weekly limit on earnings they declared" "$WORK/said" ||
                fail "the run does not flag the week over the limit: [$(cat "$WORK/said")]"
            grep -q "195.50\|esa-permitted-work" "$WORK/said" && fail "the run states the limit"
        fi
        close "$dir" "$month" --anyway || fail "closing $month: $(cat "$WORK/said")"
    done
    # The last month's mileage, approved in April 2026, is paid by April's run.
    for s in $("$VFI" -C "$dir" expense list --waiting --format csv | awk -F, 'NR > 1 { print $2 }'); do
        do_vfi "$dir" expense approve "$s" P-YEAR01 --date 2026-04-02 >/dev/null || return
    done
    close "$dir" 2026-04 || fail "closing 2026-04: $(cat "$WORK/said")"
    vfi -C "$dir" check
    expect_status 0
    vfi -C "$dir" pay list --format csv
    [ "$(tr -d '\r' <<<"$out" | wc -l)" = 14 ] || fail "not thirteen runs: $out"
    for p in 01 02; do
        vfi -C "$dir" report statement "P-YEAR$p" --tax-year 2025-26 --format csv
        expect_status 0
        printf '%s\n' "$out" >"$WORK/statement-$p.csv"
    done
    python3 - "$dir" "$WORK" <<'PY' || fail "the runs or the statements differ from an independent count"
import csv, datetime, glob, sys
from decimal import Decimal
import yaml

data, work = sys.argv[1], sys.argv[2]
start, end = datetime.date(2025, 4, 6), datetime.date(2026, 4, 5)
cents = Decimal("0.01")
fees = {"P-YEAR01": {}, "P-YEAR02": {}}       # partner -> session -> (date, fee, minutes)
expenses = {"P-YEAR01": {}, "P-YEAR02": {}}   # partner -> session -> amount
partner_of = {"M-YEAR01": "P-YEAR01", "M-YEAR02": "P-YEAR02"}
for path in glob.glob(data + "/sessions/*.yaml"):
    s = yaml.safe_load(open(path))
    if s.get("status", "held") != "held":
        continue
    if s.get("type", "coaching") == "coaching":
        fees[partner_of[s["match"]]][s["id"]] = (s["date"], Decimal("62.50"), s["minutes"] + 30)
    else:
        for p in s["partners"]:
            fees[p][s["id"]] = (s["date"], (Decimal(s["minutes"]) * 25 / 60).quantize(cents), s["minutes"])
    for claim in s.get("expenses", []):
        assert claim.get("approved"), claim
        amount = Decimal(str(claim["amount"])) if "amount" in claim else None
        if claim["kind"] == "mileage":
            worked = (Decimal(str(claim["miles"])) * Decimal("0.45")).quantize(cents)
            assert amount is None or amount == worked, (claim, worked)
            amount = worked
        expenses[claim["partner"]][s["id"]] = expenses[claim["partner"]].get(s["id"], 0) + amount

# Every run's lines, summed per partner, pay exactly what the records are owed: the sessions
# cancelled after they were paid are taken back, the one corrected is paid its difference.
paid = {"P-YEAR01": Decimal(0), "P-YEAR02": Decimal(0)}
paid_expenses = {"P-YEAR01": Decimal(0), "P-YEAR02": Decimal(0)}
paid_in = {}   # (session, partner) -> the runs that hold a line of it: month -> closed
for path in glob.glob(data + "/payments/*.yaml"):
    run = yaml.safe_load(open(path))
    assert Decimal(str(run["total"])) == sum(Decimal(str(l["amount"])) for l in run["lines"]), path
    for line in run["lines"]:
        paid[line["partner"]] += Decimal(str(line["amount"]))
        paid_in.setdefault((line["session"], line["partner"]), {})[run["month"]] = run["closed"]
        if line["item"] == "expenses":
            paid_expenses[line["partner"]] += Decimal(str(line["amount"]))
# The story happened: a cancelled paid session taken back, the corrected group paid its extra
# half hour twice (once to each partner), late sessions paid in the month after theirs, and
# the mileage approved a month late paid a run later than its fee.
lines = [(run["month"], l) for run in map(lambda f: yaml.safe_load(open(f)), glob.glob(data + "/payments/*.yaml"))
         for l in run["lines"]]
# (An adjustment's minutes are the change: a line reads as minutes at its rate.)
taken = [l for m, l in lines if m == "2025-08" and l["date"] == datetime.date(2025, 5, 9)]
assert sorted((l["item"], l.get("minutes"), l["amount"]) for l in taken) == [("preparation", -30, -12.5), ("session", None, -50)], taken
extra = [l for m, l in lines if m == "2025-08" and l["date"] == datetime.date(2025, 6, 14)]
assert sorted((l["partner"], l["minutes"], l["amount"]) for l in extra) == [("P-YEAR01", 30, 12.5), ("P-YEAR02", 30, 12.5)], extra
late = [(m, l["date"]) for m, l in lines if l["item"] == "session" and l["amount"] > 0 and l["date"].strftime("%Y-%m") < m]
assert len(late) == 4 and all(d.day >= 28 for m, d in late), late
assert all(m > l["date"].strftime("%Y-%m") for m, l in lines if l["item"] == "expenses" and l["partner"] == "P-YEAR01")
for p in fees:
    owed_fees = sum(fee for _, fee, _ in fees[p].values())
    owed_expenses = sum(expenses[p].values())
    assert paid[p] == owed_fees + owed_expenses, (p, paid[p], owed_fees, owed_expenses)
    assert paid_expenses[p] == owed_expenses, (p, paid_expenses[p], owed_expenses)

# Each statement: every session of the tax year with its fee and expenses apart, each marked
# paid by a run, and totals that are the sums of its lines.
for p, number in (("P-YEAR01", "01"), ("P-YEAR02", "02")):
    rows = list(csv.DictReader(open(f"{work}/statement-{number}.csv", newline="")))
    want = {sid: v for sid, v in fees[p].items() if start <= v[0] <= end}
    for sid in expenses[p]:
        assert sid in fees[p], (p, sid)
    got = {r["session"]: r for r in rows}
    assert set(got) == set(want), (p, sorted(set(got) ^ set(want)))
    for sid, (day, fee, minutes) in want.items():
        r = got[sid]
        assert r["partner_id"] == p, r
        assert r["date"] == day.isoformat(), (r, day)
        monday = day - datetime.timedelta(days=day.weekday())
        assert r["week_from"] == monday.isoformat(), r
        assert Decimal(r["fee"]) == fee, (r, fee)
        assert Decimal(r["expenses"] or "0") == expenses[p].get(sid, 0), (r, expenses[p].get(sid))
        assert int(r["minutes"]) == minutes, (r, minutes)
        months = sorted(paid_in[(sid, p)].items())
        named = "in " + " and ".join(f"the {m} run (closed {c})" for m, c in months)
        assert r["paid"] == named, (r, months)
print("independent count agrees")
PY
    # The statement's page states the year's two totals, fees and expenses, apart.
    vfi -C "$dir" report statement P-YEAR01 --tax-year 2025-26
    expect_status 0
    expect_out_has "in the tax year 2025-26 (6 April 2025 to 5 April 2026)"
    [[ "$out" == *P-YEAR02* || "$out" == *"Test Other Partner"* ]] && fail "the statement names another partner"
    [[ "$out" == *195.50* || "$out" == *esa-permitted-work* ]] || fail "the partner's own statement does not state their limit"
    true
}

run_tests
