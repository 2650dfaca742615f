#!/usr/bin/env bash
# vfi report summary: figures that agree with an independent count, every format, -o, and
# nothing confidential in any of them.
source "$(dirname "$0")/lib.sh"

t_summary_agrees_with_an_independent_count() {
    local dir held cancelled noshow minutes hours tenths
    dir=$(sample_data)
    # Coaching sessions are the session files with a match line.
    held=$(grep -l '^match:' "$dir"/sessions/*.yaml | xargs grep -l '^status: held$' | wc -l)
    cancelled=$(grep -l '^match:' "$dir"/sessions/*.yaml | xargs grep -l '^status: cancelled$' | wc -l)
    noshow=$(grep -l '^match:' "$dir"/sessions/*.yaml | xargs grep -l '^status: no-show$' | wc -l)
    minutes=$(grep -l '^match:' "$dir"/sessions/*.yaml | xargs grep -l '^status: held$' | xargs grep -h '^minutes:' |
        awk '{s += $2} END {print s}')
    tenths=$(((minutes * 10 + 30) / 60))
    hours=$((tenths / 10)).$((tenths % 10))
    vfi -C "$dir" report summary --format csv
    expect_status 0
    expect_out_has $"Sessions,,held,value,$held"
    expect_out_has $"Sessions,,cancelled,value,$cancelled"
    expect_out_has $"Sessions,,no-show,value,$noshow"
    expect_out_has $"Sessions,,hours of coaching,value,$hours"
    local active
    active=$(grep -l '^status: active$' "$dir"/partners/*.yaml | wc -l)
    expect_out_has $"Lived Experience Partners,Partners by status at the end of the period,active,count,$active"
}

# Where partners were at the end of a past period, counted from the records by PyYAML: a
# history's last step on or before that day, or, for an older record, its joined and left.
t_a_past_period_counts_partners_where_they_were_then() {
    local dir status n
    dir=$(sample_data)
    python3 - "$dir" 2022-09-30 >"$WORK/expected" <<'PY'
import glob, sys, yaml
day, counts = sys.argv[2], {}
for f in glob.glob(sys.argv[1] + "/partners/*.yaml"):
    r = yaml.safe_load(open(f))
    if "history" in r:
        steps = [s for s in r["history"] if str(s.get("date", "0000")) <= day]
        status = steps[-1]["status"] if steps else None
    else:
        joined, left = str(r.get("joined", "")), str(r.get("left", ""))
        if left and left <= day:
            status = r["status"]
        elif joined and joined <= day:
            status = "active" if r["status"] in ("alumni", "withdrawn") else r["status"]
        else:
            status = None if joined else r["status"]
    if status:
        counts[status] = counts.get(status, 0) + 1
for status in ["enquiry", "training", "active", "paused", "alumni", "withdrawn"]:
    print(status, counts.get(status, 0))
PY
    vfi -C "$dir" report summary --from 2022-04-01 --to 2022-09-30 --format csv
    expect_status 0
    while read -r status n; do
        expect_out_has $"Lived Experience Partners,Partners by status at the end of the period,$status,count,$n"
    done <"$WORK/expected"
    # Not where they are today: the sample's paused partner was active then.
    grep -q "^paused 0$" "$WORK/expected" || fail "expected no one paused then: $(cat "$WORK/expected")"
}

t_every_format_and_output_file() {
    local dir f
    dir=$(sample_data)
    vfi -C "$dir" report summary --format md
    expect_out_has "# Summary Report: Voices for Improvement"
    expect_out_has "| status | count |"
    expect_out_has "Data at git commit $(git -C "$dir" rev-parse --short HEAD)."
    vfi -C "$dir" report summary --format json
    expect_out_has '"report": "summary",'
    vfi -C "$dir" report summary -o "$WORK/summary.html" -q
    expect_status 0
    expect_out_empty
    grep -q '<th scope="col">count</th>' "$WORK/summary.html" || fail "not HTML"
    grep -q '<html lang="en-GB">' "$WORK/summary.html" || fail "no language"
    grep -qi '<script\|http://\|https://' "$WORK/summary.html" && fail "the page fetches or runs something"
    vfi -C "$dir" report summary --from 2023-01-01 --to 2022-01-01
    expect_status 2
    vfi -C "$dir" report summary --cohort no-such-cohort
    expect_status 2
    expect_err_has "no leader is in cohort 'no-such-cohort'"
    vfi -C "$dir" report summary --format xml
    expect_status 2
    vfi -C "$dir" report summary --cohort core20plus5-2022 --format csv
    expect_status 0
    expect_out_has "core20plus5-2022"
    [[ "$out" == *"wm-adass-pilot-2022"* ]] && fail "another cohort shown"
}

t_nothing_confidential_in_any_format() {
    local dir fmt
    dir=$(sample_data)
    for fmt in table md csv json html; do
        vfi -C "$dir" report summary --format $fmt
        expect_status 0
        for secret in "@example.org" "07700" "commissioning board" "Materials sent" "white-british" "Rearranged"; do
            [[ "$out" == *"$secret"* ]] && fail "$fmt report shows '$secret'"
        done
    done
}

t_learning_report_uses_consented_quotes_only() {
    local dir fmt
    dir=$(sample_data)
    for fmt in table md csv json html; do
        vfi -C "$dir" report learning --format $fmt
        expect_status 0
        [[ "$out" == *"I rewrote our engagement plan"* ]] && fail "$fmt shows a quote without consent"
        [[ "$out" == *"L-"* ]] && fail "$fmt names a person"
        for secret in "@example.org" "commissioning board"; do
            [[ "$out" == *"$secret"* ]] && fail "$fmt report shows '$secret'"
        done
    done
    vfi -C "$dir" report learning --from 2022-10-01 --to 2023-09-30 --format csv
    expect_out_has "It is the first time I have been coached by someone who uses the services I run."
    expect_out_has "Leaders name co-production in strategy documents and budgets."
    expect_out_has $'Themes,Themes named in reflections,philosophy,mentions,1\r'
    # Rated by 4 people: withheld, every figure of the row.
    expect_out_has $'Self-ratings from baseline to end,,confidence_coproduction,people,*\r'
    expect_out_has $'Self-ratings from baseline to end,,confidence_coproduction,mean end,*\r'
    # The 5 Ps come first, in their order.
    vfi -C "$dir" report learning --from 2022-10-01 --to 2023-09-30 --format md
    [[ "$out" == *"| philosophy |"*"| people |"*"| power |"*"| patience |"*"| product |"*"| co-production |"* ]] ||
        fail "the 5 Ps do not come first"
}

t_equality_report_hides_small_counts() {
    local dir fmt
    dir=$(sample_data)
    for fmt in table md csv json html; do
        vfi -C "$dir" report equality --format $fmt
        expect_status 0
        [[ "$out" == *"P-"* ]] && fail "$fmt names a partner"
        [[ "$out" == *"Amara"* ]] && fail "$fmt names a person"
    done
    vfi -C "$dir" report equality --format csv
    # Every count is 0, *, or a multiple of 5.
    local bad
    bad=$(echo "$out" | tr -d '\r' | awk -F, 'NR > 1 && $4 == "partners" && $5 !~ /^(0|\*|[0-9]*[05])$/' | head -3)
    [ -z "$bad" ] || fail "an exact small count is shown: $bad"
    expect_out_has "white-british,partners,*"
    vfi -C "$dir" report equality
    expect_out_has "Counts of 1 to 7 are shown as * and others are rounded to the nearest 5"
    sed -i 's/^  disclosure_control: nhs$/  disclosure_control: none/' "$dir/vfi.yaml"
    vfi -C "$dir" report equality --format csv
    expect_out_has "white-british,partners,5"
    vfi -C "$dir" report equality
    expect_out_has "For internal use only; do not publish."
}

t_activity_counts_month_by_month() {
    local dir held2209 enquired
    dir=$(sample_data)
    held2209=$(grep -l '^match:' "$dir"/sessions/*.yaml | xargs grep -l '^date: 2022-09' |
        xargs grep -l '^status: held$' | wc -l)
    enquired=$(grep -h '^enquired: 2022-07' "$dir"/leaders/*.yaml | wc -l)
    vfi -C "$dir" report activity --from 2022-04-01 --to 2023-10-31 --format csv
    expect_status 0
    # A flat CSV: a header and one row per month, 2022-04 to 2023-10.
    [ "$(echo "$out" | wc -l)" -eq 20 ] || fail "expected 19 months and a header: $out"
    expect_out_has $'month,leader enquiries,matches started,sessions held,coaching hours,involvement hours,matches running at month end,of which paused\r'
    [[ "$out" == *$'\n2022-07,'"$enquired"',0,'* ]] || fail "July 2022 enquiries are not $enquired"
    [[ "$out" == *$'\n2022-09,0,0,'"$held2209"','* ]] || fail "September 2022 sessions are not $held2209"
    [[ "$out" == *"total"* ]] && fail "the flat CSV holds a total row"
    vfi -C "$dir" report activity --from 2022-04-01 --to 2023-10-31
    expect_out_has "total "
}

# By default the last twelve whole months, not every month since the programme began; a
# younger programme from its first record's month; --to alone, the twelve months up to it.
t_activity_defaults_to_the_last_twelve_whole_months() {
    local dir
    dir=$(sample_data)
    # Today is 2026-11-23 (VFI_TODAY): December 2025 to November's start, not 2022 onwards.
    vfi -C "$dir" report activity --format csv
    expect_status 0
    out=${out//$'\r'/}
    [ "$(sed -n '2p;$p' <<<"$out" | cut -d, -f1 | tr '\n' ' ')" = "2025-11 2026-10 " ] ||
        fail "not November 2025 to October 2026: $out"
    [ "$(wc -l <<<"$out")" = 13 ] || fail "not twelve months: $out"
    vfi -C "$dir" report activity --to 2023-03-31 --format csv
    out=${out//$'\r'/}
    [ "$(sed -n '2p;$p' <<<"$out" | cut -d, -f1 | tr '\n' ' ')" = "2022-04 2023-03 " ] ||
        fail "--to alone is not the twelve months up to it: $out"
    # A programme younger than a year: from its first record's month.
    dir=$(new_data)
    "$VFI" -C "$dir" partner add --name "Ada Testperson" --status training --date 2026-08-10 >/dev/null || fail "add"
    vfi -C "$dir" report activity --format csv
    expect_status 0
    out=${out//$'\r'/}
    [ "$(sed -n '2p;$p' <<<"$out" | cut -d, -f1 | tr '\n' ' ')" = "2026-08 2026-10 " ] ||
        fail "not from the first record's month (August 2026): $out"
}

t_activity_html_has_charts_with_alt_text() {
    local dir n
    dir=$(sample_data)
    vfi -C "$dir" report activity --from 2022-04-01 --to 2023-10-31 -o "$WORK/activity.html"
    expect_status 0
    n=$(grep -c '<svg .*role="img" aria-labelledby="chart-[0-9]-title chart-[0-9]-desc"' "$WORK/activity.html")
    [ "$n" -eq 3 ] || fail "expected 3 charts, found $n"
    grep -q '<desc id="chart-1-desc">Bar chart: Coaching sessions held each month, 2022-04 to 2023-10 (19 points). sessions held: highest 7 in 2022-09' \
        "$WORK/activity.html" || fail "the first chart has no description"
    grep -q '#0072B2' "$WORK/activity.html" || fail "not the colour-blind-safe palette"
    grep -qi '<script\|http://\|https://' "$WORK/activity.html" && fail "the page fetches or runs something"
    return 0
}

t_activity_for_one_cohort_counts_only_its_leaders() {
    local dir
    dir=$(sample_data)
    vfi -C "$dir" report activity --from 2022-07-01 --to 2022-07-31 --cohort core20plus5-2022 --format csv
    expect_status 0
    expect_out_has "2022-07,$(grep -l '^cohort: core20plus5-2022' "$dir"/leaders/*.yaml | xargs grep -h '^enquired: 2022-07' | wc -l),"
}

t_every_report_refuses_data_it_cannot_read() {
    local dir before name
    dir=$(sample_data)
    echo "name: [unclosed" >>"$dir/partners/P-0VKX2G.yaml"
    git -C "$dir" commit -qam "broken"
    before=$(snapshot "$dir")
    for name in summary learning equality payments activity; do
        vfi -C "$dir" report $name -o "$WORK/out.csv"
        expect_status 3
        expect_err_has "partners/P-0VKX2G.yaml:34:1: name: this key appears twice (first on line 2)"
        expect_err_has "1 problem above: a report runs only on data \`vfi check\` passes, or its figures would leave records out — fix them, then run the report again"
        expect_out_empty
        [ -e "$WORK/out.csv" ] && fail "$name wrote a report from broken data"
    done
    expect_unchanged "$dir" "$before"
}

t_equality_covers_the_whole_programme() {
    local dir
    dir=$(sample_data)
    vfi -C "$dir" report equality --cohort core20plus5-2022
    expect_status 2
    expect_err "vfi: --cohort: the equality report covers the whole programme, not one cohort — leave --cohort out"
}

# A cohort's learning: the reflections of its leaders and of the partners matched with them,
# and those about its matches and sessions; never the Learning Partner's about the programme.
t_learning_by_cohort_and_period() {
    local dir whole pilot
    dir=$(sample_data)
    vfi -C "$dir" report learning --from 2022-01-01 --to 2023-06-30 --format csv
    expect_status 0
    whole=$out
    vfi -C "$dir" report learning --cohort wm-adass-pilot-2022 --from 2022-01-01 --to 2023-06-30 --format csv
    expect_status 0
    pilot=$out
    grep -q "Themes,Themes named in reflections,people,mentions,5" <<<"$pilot" || fail "pilot's people: $pilot"
    grep -q "Themes,Themes named in reflections,people,mentions,10" <<<"$whole" || fail "whole people"
    grep -q "co-production" <<<"$pilot" && fail "the Learning Partner's programme theme is in the cohort's"
    grep -q "Leaders name co-production" <<<"$whole" || fail "the whole programme's Learning Partner reflection"
    grep -q "Leaders name co-production" <<<"$pilot" && fail "the Learning Partner's reflection in the cohort's"
    # The self-ratings of fewer than 5 people show nothing.
    grep -q "Self-ratings from baseline to end,,confidence_coproduction,people,\*" <<<"$pilot" ||
        fail "a cohort's few ratings shown"
    vfi -C "$dir" report learning --cohort nosuch
    expect_status 2
    expect_err "vfi: --cohort: no leader is in cohort 'nosuch' — see the cohorts with \`vfi leader list --fields cohort\`"
}

t_the_footer_says_when_the_data_is_not_committed() {
    local dir
    dir=$(sample_data)
    vfi -C "$dir" report summary
    expect_out_has "Data at git commit $(git -C "$dir" rev-parse --short HEAD). Made by"
    sed -i 's/^      hourly: 25$/      hourly: 26/' "$dir/vfi.yaml"
    vfi -C "$dir" report summary
    expect_status 0
    expect_out_has "Data at git commit $(git -C "$dir" rev-parse --short HEAD) with changes not yet committed, so these figures cannot be traced back exactly."
}

# Every confidential value in the sample: notes, access needs, contact details, reasons for
# leaving, ending or cancelling, and the words of quotes without consent; a line each.
confidential_values() {
    awk '
        function value(s) { sub(/^[^:]*: */, "", s); gsub(/^"|"$/, "", s); return s }
        block { sub(/^ +/, ""); print; block = 0; next }
        /^(notes|access_needs|cancel_reason|end_reason|left_reason): *[|>]/ { block = 1; next }
        /^(notes|access_needs|cancel_reason|end_reason|left_reason):/ { print value($0); next }
        /^  (email|phone|address|postcode):/ { print value($0); next }
        /^  - text:/ { quote = value($0); next }
        /^    consent: false/ { print quote; next }
    ' "$1"/*/*.yaml | grep -v '^ *$' | sort -u
}

t_no_confidential_value_in_any_report_or_format() {
    local dir name fmt value values count=0
    dir=$(sample_data)
    values=$(confidential_values "$dir")
    [ "$(wc -l <<<"$values")" -ge 10 ] || fail "found too few confidential values to test: $values"
    for name in summary learning equality payments activity; do
        for fmt in table md csv json html; do
            vfi -C "$dir" report $name --from 2022-01-01 --to 2023-12-31 --format $fmt
            expect_status 0
            while IFS= read -r value; do
                count=$((count + 1))
                [[ "$out" == *"$value"* ]] && fail "$name ($fmt) shows the confidential '$value'"
            done <<<"$values"
        done
    done
    [ "$count" -gt 250 ] || fail "only $count searches"
}

run_tests
