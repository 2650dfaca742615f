#!/usr/bin/env bash
# A coordinator's story, end to end: a programme entered from its real history (partners
# recruited in March 2020, a regional pilot coaching 2 of 14 directors, an advisory group and
# an outside interview panel member, newcomers of 2026), corrected, paid and reported; every
# figure checked against a count made from the files by PyYAML, not by vfi.
source "$(dirname "$0")/lib.sh"

story() { # prints the data directory, the story entered
    local dir p l m i s
    dir=$(new_data) || return 1
    # The rates the programme paid from 2020 (the template's begin in 2021).
    # Figures exact here (disclosure control is tested on its own), to compare with a count.
    sed -i 's/^    - from: 2021-04-01$/    - from: 2020-01-01/; s/^  disclosure_control: nhs$/  disclosure_control: none/' \
        "$dir/vfi.yaml"
    git -C "$dir" commit -qam "rates from 2020"
    # Six partners recruited in March 2020; trained by June; active in July. The sixth
    # withdrew in May 2021.
    for i in 1 2 3 4 5 6; do
        p=$("$VFI" -C "$dir" partner add --name "Story Partner $i" --region west-midlands \
            --modes online --capacity 1 --payment-eligible true --consent-equality true \
            --equality-gender woman --date "2020-03-0$i") || return 1
        "$VFI" -C "$dir" partner status "$p" training --date 2020-04-01 >/dev/null || return 1
        "$VFI" -C "$dir" partner set "$p" training.completed=2020-06-26 >/dev/null || return 1
        "$VFI" -C "$dir" partner status "$p" active --date 2020-07-01 >/dev/null || return 1
        echo "$p" >>"$dir.partners"
    done
    "$VFI" -C "$dir" partner status "$(sed -n 6p "$dir.partners")" withdrawn --date 2021-05-10 \
        >/dev/null || return 1
    # Three people who enquired this autumn, and an outside interview panel member.
    for i in 1 2 3; do
        "$VFI" -C "$dir" partner add --name "New Enquirer $i" --consent-equality true \
            --equality-gender man --date "2026-10-0$i" >/dev/null || return 1
    done
    "$VFI" -C "$dir" partner add --name "Panel Contributor" --contributor true --status active \
        --payment-eligible true --date 2020-09-01 >"$dir.contributor" || return 1
    # The regional pilot: 14 directors waiting from June 2020; two coached from July, one of
    # those matches paused from December to February.
    for i in $(seq -w 1 14); do
        "$VFI" -C "$dir" leader add --name "Pilot Director $i" --organisation "Council $i" \
            --region west-midlands --modes online --cohort wm-pilot-2020 --status waiting \
            --date 2020-06-15 >>"$dir.leaders" || return 1
    done
    for i in 1 2; do
        m=$("$VFI" -C "$dir" match add "$(sed -n ${i}p "$dir.partners")" \
            "$(sed -n ${i}p "$dir.leaders")" --status active --date 2020-07-13 2>/dev/null) ||
            return 1
        echo "$m" >>"$dir.matches"
    done
    m=$(sed -n 1p "$dir.matches")
    "$VFI" -C "$dir" match pause "$m" --date 2020-12-14 >/dev/null || return 1
    "$VFI" -C "$dir" match resume "$m" --date 2021-02-01 >/dev/null || return 1
    # A year of monthly sessions, backfilled; none while paused.
    for m in $(cat "$dir.matches"); do
        for d in 2020-07-20 2020-08-17 2020-09-21 2020-10-19 2020-11-16 2020-12-21 2021-01-18 \
            2021-02-15 2021-03-15 2021-04-19 2021-05-17 2021-06-21; do
            if [ "$m" = "$(sed -n 1p "$dir.matches")" ] && [[ "$d" == 2020-12-21 || "$d" == 2021-01-18 ]]; then
                continue
            fi
            "$VFI" -C "$dir" session log "$m" --date "$d" --minutes 60 --mode online >/dev/null ||
                return 1
        done
    done
    # The advisory group in November 2020 (three partners), and an interview panel with the
    # outside contributor.
    "$VFI" -C "$dir" session log --type advisory-group --date 2020-11-05 --minutes 120 \
        --partners "$(sed -n 3p "$dir.partners"),$(sed -n 4p "$dir.partners"),$(sed -n 5p "$dir.partners")" \
        >/dev/null || return 1
    "$VFI" -C "$dir" session log --type interview-panel --date 2020-11-26 --minutes 180 \
        --partners "$(cat "$dir.contributor"),$(sed -n 3p "$dir.partners")" >/dev/null || return 1
    # Mistakes, corrected: a session logged twice from a second clone (refused), one logged
    # in error and removed, and a match proposed to the wrong leader and removed.
    "$VFI" -C "$dir" session log "$(sed -n 2p "$dir.matches")" --date 2020-11-16 --minutes 60 \
        >/dev/null 2>&1 && return 1
    s=$("$VFI" -C "$dir" session log --type advisory-group --date 2020-11-06 --minutes 60 \
        --partners "$(sed -n 3p "$dir.partners")") || return 1
    "$VFI" -C "$dir" session remove "$s" >/dev/null || return 1
    m=$("$VFI" -C "$dir" match add "$(sed -n 3p "$dir.partners")" "$(sed -n 3p "$dir.leaders")" \
        --date 2021-01-04 2>/dev/null) || return 1
    "$VFI" -C "$dir" match remove "$m" >/dev/null || return 1
    "$VFI" -C "$dir" leader status "$(sed -n 3p "$dir.leaders")" waiting --date 2021-01-05 \
        >/dev/null 2>&1 || true
    echo "$dir"
}

# What the files say, counted by PyYAML: each record's status at DAY from its history;
# sessions held and their minutes from FROM to TO.
count() { # DIR FROM TO
    python3 - "$@" <<'PY'
import glob, sys, yaml
root, start, end = sys.argv[1], sys.argv[2], sys.argv[3]
def load(kind):
    return [yaml.safe_load(open(f)) for f in sorted(glob.glob(f"{root}/{kind}/*.yaml"))]
def status_on(r, day):
    steps = [s for s in r["history"] if str(s["date"]) <= day]
    return steps[-1]["status"] if steps else None
partners = [p for p in load("partners") if not p.get("contributor")]
at_end = [status_on(p, end) for p in partners]
for s in ["enquiry", "training", "active", "paused", "alumni", "withdrawn"]:
    print(f"partners {s} {at_end.count(s)}")
became = sum(1 for p in partners for s in p["history"][:] if s["status"] == "active"
             and start <= str(s["date"]) <= end and s == next(x for x in p["history"] if x["status"] == "active"))
print(f"became-active {became}")
during = sum(1 for p in partners if p["history"] and str(p["history"][0]["date"]) <= end
             and status_on(p, start) not in ("alumni", "withdrawn"))
print(f"equality-consented {during}")
matches = load("matches")
print(f"matches-active {sum(1 for m in matches if status_on(m, end) == 'active')}")
print(f"matches-paused {sum(1 for m in matches if status_on(m, end) == 'paused')}")
coaching = [s for s in load("sessions") if s.get("match") and s["status"] == "held"
            and start <= str(s["date"]) <= end]
print(f"held {len(coaching)}")
minutes = sum(s["minutes"] for s in coaching)
print(f"hours {(minutes * 10 + 30) // 60 // 10}.{(minutes * 10 + 30) // 60 % 10}")
PY
}

# The value of the summary's CSV row SECTION,TABLE,ROW,COLUMN.
figure() { tr -d '\r' <<<"$out" | awk -F, -v key="$1" 'index($0, key ",") == 1 { print $NF }'; }

t_a_backfilled_year_is_reported_as_it_was() {
    local dir expected
    dir=$(story) || { fail "the story could not be entered"; return; }
    vfi -C "$dir" check
    expect_status 0
    count "$dir" 2020-04-01 2021-03-31 >"$WORK/expected"
    vfi -C "$dir" report summary --from 2020-04-01 --to 2021-03-31 --format csv
    expect_status 0
    while read -r what status n; do
        [ "$what" = partners ] || continue
        [ "$(figure "Lived Experience Partners,Partners by status at the end of the period,$status,count")" = "$n" ] ||
            fail "partners $status: vfi says $(figure "Lived Experience Partners,Partners by status at the end of the period,$status,count"), the files $n"
    done <"$WORK/expected"
    expected=$(awk '$1 == "became-active" { print $2 }' "$WORK/expected")
    [ "$(figure "Lived Experience Partners,In the period,became active,count")" = "$expected" ] ||
        fail "became active: $(figure "Lived Experience Partners,In the period,became active,count") not $expected"
    expected=$(awk '$1 == "matches-active" { print $2 }' "$WORK/expected")
    [ "$(figure "Matches,,active at the end of the period,count")" = "$expected" ] || fail "matches active"
    expected=$(awk '$1 == "held" { print $2 }' "$WORK/expected")
    [ "$(figure "Sessions,,held,value")" = "$expected" ] || fail "held: $(figure "Sessions,,held,value") not $expected"
    expected=$(awk '$1 == "hours" { print $2 }' "$WORK/expected")
    [ "$(figure "Sessions,,hours of coaching,value")" = "$expected" ] || fail "hours"
    # Over the winter, one match was paused: the files and vfi agree at the end of January.
    count "$dir" 2020-04-01 2021-01-31 >"$WORK/expected"
    vfi -C "$dir" report summary --from 2020-04-01 --to 2021-01-31 --format csv
    expected=$(awk '$1 == "matches-paused" { print $2 }' "$WORK/expected")
    [ "$expected" = 1 ] || fail "the files say $expected paused"
    [ "$(figure "Matches,,paused at the end of the period,count")" = 1 ] || fail "paused at the end of January"
    # Nobody who enquired in 2026 is a partner of 2020-21, and the contributor never is.
    [ "$(awk '$1 == "partners" && $2 == "enquiry" { print $3 }' "$WORK/expected")" = 0 ] ||
        fail "the files count 2026's enquirers in 2020"
    vfi -C "$dir" report equality --from 2020-04-01 --to 2021-03-31 --format csv
    expect_status 0
    expected=$(count "$dir" 2020-04-01 2021-03-31 | awk '$1 == "equality-consented" { print $2 }')
    [ "$expected" = 6 ] || fail "the files say $expected partners in 2020-21"
    tr -d '\r' <<<"$out" | grep -q "being counted: 6\. " ||
        fail "the equality report does not count the six partners of 2020-21: $out"
}

# November 2020, paid: the monthly sessions at 50 + 30 minutes' preparation at 25 an hour,
# the advisory group's two hours at 25, and the panel's three hours, for the contributor too.
t_a_backfilled_month_is_paid_to_the_penny() {
    local dir p1 p3 c
    dir=$(story) || { fail "the story could not be entered"; return; }
    p1=$(sed -n 1p "$dir.partners")
    p3=$(sed -n 3p "$dir.partners")
    c=$(cat "$dir.contributor")
    vfi -C "$dir" report payments --month 2020-11 --format csv
    expect_status 0
    # Partner 1: one coaching session, 50 + 12.50.
    expect_out_has "2020-11-01,2020-11-30,not closed,$p1,Story Partner 1,1,30,0,62.50,0.00,0.00,0.00,62.50,GBP"
    # Partner 3: the advisory group (120 min, 50.00) and the panel (180 min, 75.00).
    expect_out_has "2020-11-01,2020-11-30,not closed,$p3,Story Partner 3,0,0,300,125.00,0.00,0.00,0.00,125.00,GBP"
    expect_out_has "2020-11-01,2020-11-30,not closed,$c,Panel Contributor,0,0,180,75.00,0.00,0.00,0.00,75.00,GBP"
    [ "$(tr -d '\r' <<<"$out" | grep -c "^2020-11-01,")" = 6 ] ||
        fail "not six partners paid: $out"
}

run_tests
