#!/usr/bin/env bash
# A national programme across regional teams: each region a git repository of its own (local
# bare repositories here, as a team's remote would be), fetched by `vfi fetch` into .vfi/ and
# read at the commit fetched.yaml records. The national figures are checked against counts made
# independently from the regions' files; a stale region, a broken one, different vocabularies,
# ids that collide, a national commit read again --as-of, a region's history rewritten, and
# every bad input a plain message.
source "$(dirname "$0")/lib.sh"

# region NAME: a bare repository holding a copy of the sample programme, and a clone of it
# where the region's team works ($WORK/NAME-team); prints the bare repository's path.
region() {
    local team="$WORK/$1-team" bare="$WORK/$1.git"
    rm -rf "$team" "$bare"
    mkdir -p "$team" && cp -r "$SOURCE/data/example/." "$team/" && rm -rf "$team/.vfi"
    git -C "$team" init -q -b main && git -C "$team" add -A && git -C "$team" commit -qm "sample $1" &&
        git clone -q --bare "$team" "$bare" && git -C "$team" remote add origin "$bare" &&
        echo "$bare"
}

# push NAME MESSAGE: the region's team commits what changed and pushes.
push() {
    git -C "$WORK/$1-team" add -A && git -C "$WORK/$1-team" commit -qm "$2" &&
        git -C "$WORK/$1-team" push -q origin main
}

# national REGION...: a national data directory listing these regions (disclosure control off,
# so figures can be checked exactly); prints its path.
national() {
    local dir r
    dir=$(new_data) || return 1
    { echo "regions:"; for r in "$@"; do printf '  - name: %s\n    git: %s\n' "$r" "$WORK/$r.git"; done; } >>"$dir/vfi.yaml"
    sed -i 's/disclosure_control: nhs/disclosure_control: none/' "$dir/vfi.yaml"
    grep -q 'disclosure_control: none' "$dir/vfi.yaml" || printf 'reports:\n  disclosure_control: none\n' >>"$dir/vfi.yaml"
    git -C "$dir" add vfi.yaml && git -C "$dir" commit -qm regions && echo "$dir"
}

# figure JSON TABLE ROW COLUMN: one cell of a report in JSON.
figure() {
    # The report through a file: a national report's JSON is larger than one argument may be.
    printf '%s' "$1" >"$WORK/figure.json"
    shift
    python3 - "$WORK/figure.json" "$@" <<'PY'
import json, sys
report = json.load(open(sys.argv[1]))
for s in report["sections"]:
    for t in s["tables"]:
        if t["title"] != sys.argv[2]: continue
        for row in t["rows"]:
            if list(row.values())[0] == sys.argv[3]: print(row[sys.argv[4]]); sys.exit(0)
print("missing"); sys.exit(1)
PY
}

# count DIR...: sessions held and coaching minutes, and partners active, counted from the
# regions' files with PyYAML, independently of vfi.
count() {
    python3 - "$@" <<'PY'
import glob, sys, yaml
held = minutes = active = 0
for d in sys.argv[1:]:
    for f in glob.glob(d + "/sessions/*.yaml"):
        s = yaml.safe_load(open(f))
        if s.get("type", "coaching") == "coaching" and s.get("status") == "held":
            held += 1; minutes += int(s.get("minutes", 0))
    for f in glob.glob(d + "/partners/*.yaml"):
        p = yaml.safe_load(open(f))
        if p.get("status") == "active" and not p.get("contributor"): active += 1
print(held, round(minutes / 60, 1), active)
PY
}

t_national_figures_are_the_sums_of_the_regions() {
    region west-midlands >/dev/null && region north-west >/dev/null && region london >/dev/null || return $(fail "setup")
    # North West adds a partner and logs sessions of its own.
    "$VFI" -C "$WORK/north-west-team" --no-commit partner add --name "Ada Testperson" --status active --joined 2026-01-05 --training-completed 2026-01-02 >/dev/null || return $(fail "partner add")
    push north-west "a partner"
    local dir
    dir=$(national west-midlands north-west london) || return $(fail "setup")
    vfi -C "$dir" fetch
    expect_status 0
    expect_out_has "west-midlands: fetched"
    [ "$(git -C "$dir" log -1 --format=%s)" = "fetch: the regions' commits" ] || fail "fetch made no commit"
    [ "$(git -C "$dir" show --stat --format= HEAD | head -1 | awk '{print $1}')" = "fetched.yaml" ] || fail "the commit holds more than fetched.yaml"
    vfi -C "$dir" report summary --format json
    expect_status 0
    read -r held hours active < <(count "$WORK/west-midlands-team" "$WORK/north-west-team" "$WORK/london-team")
    [ "$(figure "$out" "" held value)" = "$held" ] || fail "held: $(figure "$out" "" held value), counted $held"
    [ "$(figure "$out" "" "hours of coaching" value)" = "$hours" ] || fail "hours differ from $hours"
    [ "$(figure "$out" "Partners by status at the end of the period" active count)" = "$active" ] || fail "active partners differ from $active"
    # Ids collide (every region began as the same sample): each region's records still count.
    [ "$(figure "$out" "Figures by region" "all regions" "sessions held")" = "$held" ] || fail "the breakdown's total is not the sum"
    local nw
    nw=$(figure "$out" "Figures by region" north-west "partners active")
    [ "$nw" = "$(($(figure "$out" "Figures by region" london "partners active") + 1))" ] || fail "north-west's own partner is not counted: $nw"
    python3 -c "import json,sys; r=json.loads(sys.argv[1]); assert [g['name'] for g in r['regions']]==['west-midlands','north-west','london'], r['regions']" "$out" || fail "the regions read are not named in the JSON"
    # Sessions each month: the months of the national period, added up from every region.
    [[ "$out" == *'"month": "2022-04"'* && "$out" != *'"month": "1900-01"'* && "$out" != *'"month": "2021-'* ]] ||
        fail "the monthly sessions are not the period's months"
    vfi -C "$dir" report summary
    expect_out_has "Regions: west-midlands at commit"
}

# same_cells OWN NATIONAL [REGION]: the categorised tables of a region's own Summary Report (JSON)
# are cell for cell those of the national one: its row of the tables by region, or (with no
# REGION) the national tables themselves.
same_cells() {
    python3 - "$@" <<'PY'
import json, sys
own, nat = json.loads(sys.argv[1]), json.loads(sys.argv[2])
region = sys.argv[3] if len(sys.argv) > 3 else None
def table(r, title):
    for s in r["sections"]:
        for t in s["tables"]:
            if t["title"] == title: return t["rows"]
for title in ("Why matches ended early", "Why coaching sessions were cancelled"):
    if region is None:
        assert table(own, title) == table(nat, title), (title, table(own, title), table(nat, title))
        continue
    theirs = {row["category"]: row[list(row)[1]] for row in table(own, title)}
    row = [x for x in table(nat, title + ", by region") if x["region"] == region][0]
    for k, v in theirs.items():
        assert row[k] == v, (title, k, row[k], v)
PY
}

t_disclosure_is_applied_after_summing() {
    region west-midlands >/dev/null && region london >/dev/null || return $(fail "setup")
    local dir
    dir=$(national west-midlands london) || return $(fail "setup")
    sed -i 's/disclosure_control: none/disclosure_control: nhs/' "$dir/vfi.yaml"
    git -C "$dir" commit -qam nhs
    "$VFI" -C "$dir" fetch -q || return $(fail "fetch")
    vfi -C "$dir" report summary --format json
    expect_status 0
    # Every published category cell is 0, * or a multiple of 5: the national ones from the exact
    # sums, each region's from its own counts. The sample's 3 cancellations for
    # "rescheduled" in each region sum to 6: exactly that is never shown.
    python3 - "$out" <<'PY' || fail "a category cell escaped disclosure control"
import json, sys
r = json.loads(sys.argv[1])
cells = 0
for s in r["sections"]:
    for t in s["tables"]:
        if not t["title"].startswith("Why"): continue
        for row in t["rows"]:
            for v in list(row.values())[1:]:
                cells += 1
                assert v in (0, "*") or int(v) % 5 == 0, (t["title"], row)
assert cells > 20, cells
PY
    # Each region's cells are its own report's, to the figure: two draws of one count would
    # let the noise be averaged away.
    local own
    own=$("$VFI" -C "$WORK/london-team" report summary --from 2021-01-01 --to 2026-11-30 --format json)
    vfi -C "$dir" report summary --from 2021-01-01 --to 2026-11-30 --format json
    same_cells "$own" "$out" london || fail "a region's cells differ from its own report's"
    # A national table all of one region's records is that region's own, cell for cell.
    local one
    one=$(national london) || return $(fail "setup")
    sed -i 's/disclosure_control: none/disclosure_control: nhs/' "$one/vfi.yaml" && git -C "$one" commit -qam nhs
    "$VFI" -C "$one" fetch -q || return $(fail "fetch")
    vfi -C "$one" report summary --from 2021-01-01 --to 2026-11-30 --format json
    same_cells "$own" "$out" || fail "a one-region national table differs from the region's own"
}

t_stale_region_keeps_its_commit_and_is_named() {
    region west-midlands >/dev/null && region london >/dev/null || return $(fail "setup")
    local dir commit
    dir=$(national west-midlands london) || return $(fail "setup")
    "$VFI" -C "$dir" fetch -q || return $(fail "fetch")
    commit=$(git --git-dir="$WORK/london.git" rev-parse HEAD)
    mv "$WORK/london.git" "$WORK/london-moved.git"
    vfi -C "$dir" fetch
    expect_status 1
    expect_err_has "london: could not be fetched, so reports keep reading commit ${commit:0:7}"
    expect_out_has "west-midlands: unchanged"
    grep -q "commit: $commit" "$dir/fetched.yaml" || fail "the last commit fetched was not kept"
    grep -q "failed: " "$dir/fetched.yaml" || fail "the failure is not recorded"
    vfi -C "$dir" partner list
    expect_status 1
    expect_err_has "region london is stale: read as at commit ${commit:0:7}"
    vfi -C "$dir" report summary
    expect_status 1
    expect_err_has "region london is stale: its figures are from commit ${commit:0:7}, fetched on $(date -u +%F)"
    expect_out_has "london at commit ${commit:0:7} of $(date -u +%F) fetched $(date -u +%F) (stale)"
    expect_out_has "london is counted as it was at commit ${commit:0:7}"
    expect_out_has "london "  # still counted, by region
    mv "$WORK/london-moved.git" "$WORK/london.git"
    vfi -C "$dir" fetch
    expect_status 0
    grep -q "failed: " "$dir/fetched.yaml" && fail "a fetch that worked left the region stale"
}

t_broken_region_is_named_and_left_out() {
    region west-midlands >/dev/null && region london >/dev/null || return $(fail "setup")
    local dir p two
    dir=$(national west-midlands london) || return $(fail "setup")
    "$VFI" -C "$dir" fetch -q || return $(fail "fetch")
    "$VFI" -C "$dir" report summary --format json >"$WORK/two.json" || return $(fail "report")
    # London's team commits a record vfi check refuses, by hand.
    p=$(ls "$WORK/london-team/partners" | head -1)
    sed -i 's/^status: .*/status: retired/' "$WORK/london-team/partners/$p"
    push london "by hand"
    # Said by the fetch itself (a cron job's mail), not first in a funder's report.
    vfi -C "$dir" fetch -q
    expect_status 1
    expect_err_has "vfi: warning: london: its data at this commit fails \`vfi check\` (1 problem), so every report leaves it out until its team puts it right — the first: london:"
    vfi -C "$dir" report summary --format json
    expect_status 1
    expect_err_has "region london fails \`vfi check\` (1 problem), so it is left out of these figures"
    expect_err_has "london:$(git --git-dir="$WORK/london.git" rev-parse --short HEAD):partners/$p"
    two=$(cat "$WORK/two.json")
    [ "$(figure "$out" "" held value)" = "$(($(figure "$two" "" held value) / 2))" ] || fail "the broken region's figures were counted"
    [ "$(figure "$out" "Figures by region" london "sessions held")" = "missing" ] || fail "the broken region has a row"
    [ "$(figure "$out" "Figures by region" "all regions counted" "sessions held")" != "missing" ] || fail "the total row does not say a region is missing"
    python3 -c "import json,sys; r=json.loads(sys.argv[1]); assert r['regions'][1]['left_out'] is True" "$out" || fail "the JSON does not say london was left out"
    vfi -C "$dir" check
    expect_status 1
    expect_out_has "london:$(git --git-dir="$WORK/london.git" rev-parse --short HEAD):partners/$p"
    vfi -C "$dir" report summary
    expect_out_has "london is not counted: its data at commit $(git --git-dir="$WORK/london.git" rev-parse --short HEAD) fails"
    [[ "$out" == *retired* ]] && fail "the report body shows a record's content"
}

t_different_vocabularies_are_said() {
    region west-midlands >/dev/null && region london >/dev/null || return $(fail "setup")
    sed -i 's/^  themes: \[co-production\]/  themes: [co-production]\n  end_categories: [funding-ended]/' "$WORK/london-team/vfi.yaml"
    push london "a category of our own"
    local dir
    dir=$(national west-midlands london) || return $(fail "setup")
    "$VFI" -C "$dir" fetch -q || return $(fail "fetch")
    vfi -C "$dir" report summary
    expect_status 0
    expect_out_has "'funding-ended' (why a match ended early) is only in the vocabulary of london"
}

t_a_national_commit_pins_every_region() {
    region west-midlands >/dev/null && region london >/dev/null || return $(fail "setup")
    local dir first
    dir=$(national west-midlands london) || return $(fail "setup")
    "$VFI" -C "$dir" fetch -q || return $(fail "fetch")
    first=$(git -C "$dir" rev-parse --short HEAD)
    "$VFI" -C "$dir" report summary --to 2026-06-30 >"$WORK/then.txt" || return $(fail "report")
    "$VFI" -C "$WORK/london-team" --no-commit partner add --name "Bo Testperson" --status active --joined 2026-01-05 --training-completed 2026-01-02 >/dev/null
    push london "a partner"
    "$VFI" -C "$dir" fetch -q || return $(fail "fetch")
    vfi -C "$dir" report summary --to 2026-06-30
    [ "$out" != "$(cat "$WORK/then.txt")" ] || fail "the new partner changed nothing"
    vfi -C "$dir" --as-of "$first" report summary --to 2026-06-30
    expect_status 0
    [ "$out" = "$(cat "$WORK/then.txt")" ] || fail "--as-of the national commit differs: $(diff <(echo "$out") "$WORK/then.txt" | head -5)"
}

t_rewritten_region_is_fetched_afresh() {
    region london >/dev/null || return $(fail "setup")
    local dir old p
    dir=$(national london) || return $(fail "setup")
    "$VFI" -C "$dir" fetch -q || return $(fail "fetch")
    old=$(git --git-dir="$WORK/london.git" rev-parse HEAD)
    # The region's history rewritten, as the purge steps of forget do, and pushed by force.
    p=$(ls "$WORK/london-team/partners" | head -1)
    local blob
    blob=$(git -C "$WORK/london-team" rev-parse "HEAD:partners/$p")
    sed -i 's/^name: .*/name: Zed Rewritten/' "$WORK/london-team/partners/$p"
    git -C "$WORK/london-team" commit -q -a --amend -m sample &&
        git -C "$WORK/london-team" push -q -f origin main || return $(fail "rewrite")
    git --git-dir="$WORK/london.git" gc -q --prune=now
    vfi -C "$dir" fetch
    expect_status 0
    expect_out_has "london: its history was rewritten"
    git --git-dir="$dir/.vfi/regions/london.git" cat-file -e "$old" 2>/dev/null && fail "the old commit is still in the copy"
    git --git-dir="$dir/.vfi/regions/london.git" cat-file -e "$blob" 2>/dev/null && fail "the record's old version is still in the copy"
    vfi -C "$dir" report summary
    expect_status 0
}

t_bad_input_is_refused_plainly() {
    region london >/dev/null || return $(fail "setup")
    local plain dir before
    plain=$(new_data) || return $(fail "setup")
    before=$(snapshot "$plain")
    vfi -C "$plain" report summary --national
    expect_status 2
    expect_err_has "vfi.yaml lists no regions"
    vfi -C "$plain" fetch
    expect_status 2
    expect_err_has "list each regional team's repository under \`regions:\`"
    vfi -C "$plain" partner list --national
    expect_status 2
    expect_err_has "vfi.yaml lists no regions"
    vfi -C "$plain" session due --national
    expect_status 2
    expect_err_has "vfi.yaml lists no regions"
    vfi -C "$plain" log --national
    expect_status 2
    expect_err_has "--national: reads every region of a national programme, which the reports, \`vfi check\`, the listings and \`show\` do; \`vfi log\` works on one data directory's own records"
    expect_unchanged "$plain" "$before"
    dir=$(national london) || return $(fail "setup")
    before=$(snapshot "$dir")
    # It keeps no records of its own: one added here no report or listing would ever count.
    vfi -C "$dir" partner add --name "Ann Example"
    expect_status 2
    expect_err "vfi: this is a national data directory (vfi.yaml lists regions): it keeps no records of its own, so \`vfi partner add\` has nothing to work on here — run it in a region's own data directory (its team's clone); here, the reports, listings, \`show\` and \`vfi check\` read every region as the last \`vfi fetch\` left it"
    vfi -C "$dir" reflect scores
    expect_status 2
    expect_err_has "so \`vfi reflect scores\` has nothing to work on here"
    vfi -C "$dir" partner forget london:P-0V811T
    expect_status 2
    expect_err_has "so \`vfi partner forget\` has nothing to work on here"
    expect_unchanged "$dir" "$before"
    # A record copied in by hand is named by check, committed or not.
    cp "$WORK/london-team/partners/P-0V811T.yaml" "$dir/partners/" && git -C "$dir" add partners && git -C "$dir" commit -qm "a stray record"
    vfi -C "$dir" check
    expect_status 1
    expect_out_has "partners/P-0V811T.yaml: a record in a national data directory, which keeps none: no report or listing here counts it, and it may hold a person's details — keep it in its region's own data directory, and remove it here with \`git rm\`"
    git -C "$dir" rm -q partners/P-0V811T.yaml && git -C "$dir" commit -qm "removed"
    before=$(snapshot "$dir")
    vfi -C "$dir" report summary
    expect_status 1
    expect_err_has "region london has never been fetched"
    vfi -C "$dir" fetch nowhere
    expect_status 2
    expect_err_has "vfi.yaml lists no region 'nowhere' — give a name from \`regions:\` in vfi.yaml: london"
    vfi -C "$dir" fetch londn
    expect_status 2
    expect_err_has "did you mean london?"
    vfi -C "$dir" --as-of HEAD fetch
    expect_status 2
    # A copy vfi did not make (a folder someone put there) is never fetched into.
    mkdir -p "$dir/.vfi/regions/london.git"
    vfi -C "$dir" fetch
    expect_status 3
    expect_err_has ".vfi/regions/london.git: is not a copy vfi made"
    expect_unchanged "$dir" "$before"
    rm -rf "$dir/.vfi/regions/london.git"
    ln -s "$WORK/london.git" "$dir/.vfi/regions/london.git"
    vfi -C "$dir" fetch
    expect_status 3
    expect_unchanged "$dir" "$before"
    # A region vfi.yaml cannot name.
    printf '  - name: West Midlands\n    git: x\n  - name: ok\n    git: --upload-pack=touch\n  - name: typo\n    git: x\n    pth: programme\n' >>"$dir/vfi.yaml"
    vfi -C "$dir" check
    expect_status 1
    expect_out_has "regions.name: 'West Midlands' is not a region name"
    [[ "$out" == *"never been fetched"* ]] && fail "check read the regions of a vfi.yaml it cannot read"
    expect_out_has "regions.git: '--upload-pack=touch' is not a git repository"
    expect_out_has "regions.pth: vfi does not know this setting of a region — did you mean 'path'?"
    # A region whose first fetch failed is not "never fetched" as if nobody tried: the day it
    # began to fail is said, and how to see why.
    dir=$(national gone) || return $(fail "setup")
    vfi -C "$dir" fetch
    expect_status 1
    vfi -C "$dir" report summary
    expect_status 1
    expect_err_has "region gone has never been fetched: fetching it has failed since $(date -u +%F), so it is left out of these figures — run \`vfi fetch gone\` to see why"
    vfi -C "$dir" partner list
    expect_status 1
    expect_err_has "region gone is not listed: it has never been fetched: fetching it has failed since"
    vfi -C "$dir" check
    expect_status 1
    expect_out_has "gone: the region has never been fetched: fetching it has failed since"
}

# csv_total CSV COLUMN: the sum of a column of a flat CSV report (amounts to the penny).
csv_total() {
    python3 - "$@" <<'PY'
import csv, io, sys
from decimal import Decimal
rows = list(csv.DictReader(io.StringIO(sys.argv[1])))
print(sum(Decimal(r[sys.argv[2]]) for r in rows))
PY
}

t_payments_are_each_region_at_its_own_rates() {
    region west-midlands >/dev/null && region london >/dev/null || return $(fail "setup")
    sed -i 's/^      session: 50$/      session: 60/' "$WORK/london-team/vfi.yaml"
    push london "our own session rate"
    local dir wm ln
    dir=$(national west-midlands london) || return $(fail "setup")
    "$VFI" -C "$dir" fetch -q || return $(fail "fetch")
    wm=$("$VFI" -C "$WORK/west-midlands-team" report payments --month 2023-03 --format csv)
    ln=$("$VFI" -C "$WORK/london-team" report payments --month 2023-03 --format csv)
    vfi -C "$dir" report payments --month 2023-03 --format csv
    expect_status 0
    [ "$(csv_total "$out" amount)" = "$(python3 -c "import sys; from decimal import Decimal as D; print(D(sys.argv[1]) + D(sys.argv[2]))" "$(csv_total "$wm" amount)" "$(csv_total "$ln" amount)")" ] ||
        fail "the national amounts are not the sum of the regions' own"
    [ "$(csv_total "$ln" amount)" != "$(csv_total "$wm" amount)" ] || fail "london's own rate made no difference"
    expect_out_has ",london:P-"
    vfi -C "$dir" report payments --month 2023-03
    grep -q "^london  *2021-04-01  *60.00" <<<"$out" || fail "london's own rate is not shown: $out"
    expect_out_has "all regions    total"
}

t_activity_adds_up_month_by_month() {
    region west-midlands >/dev/null && region london >/dev/null || return $(fail "setup")
    local dir wm ln
    dir=$(national west-midlands london) || return $(fail "setup")
    "$VFI" -C "$dir" fetch -q || return $(fail "fetch")
    wm=$("$VFI" -C "$WORK/west-midlands-team" report activity --from 2022-01-01 --to 2023-12-31 --format csv)
    vfi -C "$dir" report activity --from 2022-01-01 --to 2023-12-31 --format csv
    expect_status 0
    [ "$(csv_total "$out" "sessions held")" = "$(($(csv_total "$wm" "sessions held") * 2))" ] || fail "sessions held are not the sum"
    vfi -C "$dir" report activity --from 2022-01-01 --to 2023-12-31
    expect_status 0
    expect_out_has "Each region over the period"
    # The regions' row of totals, from the minutes added up.
    local held
    held=$(csv_total "$wm" "sessions held")
    grep -Eq "^all regions +[0-9]+ +[0-9]+ +$((held * 2)) " <<<"$out" || fail "no total of every region ($((held * 2)) sessions): $out"
}

t_a_statement_is_one_region_s() {
    region west-midlands >/dev/null && region london >/dev/null || return $(fail "setup")
    local dir p
    dir=$(national west-midlands london) || return $(fail "setup")
    "$VFI" -C "$dir" fetch -q || return $(fail "fetch")
    p=$(grep -l "^status: active" "$WORK/london-team/partners/"*.yaml | head -1 | xargs basename | sed 's/\.yaml//')
    vfi -C "$dir" report statement "london:$p" --tax-year 2022-23
    expect_status 0
    expect_out_has "london  2022-"
    expect_out_has "london:S-"
    [[ "$out" == *"west-midlands"* ]] && fail "a statement shows another region"
    # One partner's statement (for the DWP, say) is their region's, never "national".
    [ "$(head -1 <<<"$out")" = "$("$VFI" -C "$WORK/london-team" report statement "$p" --tax-year 2022-23 | head -1)" ] ||
        fail "the statement's title is not the region's own: $(head -1 <<<"$out")"
    [[ "$out" == *"all regions"* ]] && fail "a statement totals 'all regions'"
    expect_out_has "london  total"
    vfi -C "$dir" report statement "$p" --tax-year 2022-23
    expect_status 2
    expect_err_has "'$p' does not name a region and a partner — give the region, a colon and the partner's id, e.g. west-midlands:P-7KQ2MD"
    vfi -C "$dir" report statement "london:P-0000000" --tax-year 2022-23
    expect_status 4
}

t_a_copy_that_came_through_git_is_never_run() {
    region london >/dev/null || return $(fail "setup")
    local dir before copy
    dir=$(national london) || return $(fail "setup")
    "$VFI" -C "$dir" fetch -q || return $(fail "fetch")
    copy="$dir/.vfi/regions/london.git"
    # Someone commits the copy with a config that runs a program when git shows a signature.
    printf '#!/bin/sh\ntouch "%s/ran"\nexit 1\n' "$WORK" >"$copy/evil" && chmod +x "$copy/evil"
    git --git-dir="$copy" config log.showSignature true && git --git-dir="$copy" config gpg.program "$copy/evil"
    git -C "$dir" add -f .vfi && git -C "$dir" commit -qm "fetch: the regions' commits"
    before=$(snapshot "$dir")
    vfi -C "$dir" report summary
    expect_status 3
    expect_err_has ".vfi: holds files git tracks"
    vfi -C "$dir" fetch
    expect_status 3
    [ -e "$WORK/ran" ] && fail "a program in a committed copy ran"
    expect_unchanged "$dir" "$before"
    # Taken out of git but left on the disk, as `git rm --cached` leaves it: still not vfi's.
    git -C "$dir" rm -r -q --cached .vfi && git -C "$dir" commit -qm untrack
    vfi -C "$dir" report summary
    expect_status 3
    expect_err_has ".vfi/regions/london.git: is not a copy vfi made (its config sets log.showsignature)"
    vfi -C "$dir" fetch
    expect_status 3
    expect_err_has "delete it with \`rm -rf .vfi/regions/london.git\`"
    [ -e "$WORK/ran" ] && fail "a program in a copy vfi did not make ran"
    rm -rf "$copy"
    vfi -C "$dir" fetch
    expect_status 0
}

t_a_colleague_s_copy_is_remade_after_a_purge() {
    region london >/dev/null || return $(fail "setup")
    local dir other old blob p
    dir=$(national london) || return $(fail "setup")
    "$VFI" -C "$dir" fetch -q || return $(fail "fetch")
    "$VFI" -C "$dir" report summary >/dev/null || return $(fail "report")
    git clone -q --bare "$dir" "$WORK/national.git" && git -C "$dir" remote add origin "$WORK/national.git" &&
        git -C "$dir" push -q origin HEAD || return $(fail "setup")
    other="$WORK/colleague"
    git clone -q "$WORK/national.git" "$other" && "$VFI" -C "$other" fetch -q || return $(fail "clone")
    old=$(git --git-dir="$WORK/london.git" rev-parse HEAD)
    p=$(ls "$WORK/london-team/partners" | head -1)
    blob=$(git -C "$WORK/london-team" rev-parse "HEAD:partners/$p")
    local name
    name=$(sed -n 's/^name: //p' "$WORK/london-team/partners/$p")
    sed -i 's/^name: .*/name: Zed Rewritten/' "$WORK/london-team/partners/$p"
    git -C "$WORK/london-team" commit -q -a --amend -m "sample london" && git -C "$WORK/london-team" push -q -f origin main
    git --git-dir="$WORK/london.git" gc -q --prune=now
    "$VFI" -C "$dir" fetch -q && git -C "$dir" push -q origin HEAD || return $(fail "fetch")
    # The fetch checks the new commit, which fills the caches again: with nothing of the old.
    grep -aqF "$name" "$dir/.vfi/cache/"*/objects.london.* 2>/dev/null && fail "the caches of the old history were kept"
    git -C "$other" pull -q || return $(fail "pull")
    vfi -C "$other" fetch
    expect_status 0
    expect_out_has "london: its history was rewritten"
    git --git-dir="$other/.vfi/regions/london.git" cat-file -e "$blob" 2>/dev/null && fail "the colleague's copy still holds the old record"
    git --git-dir="$other/.vfi/regions/london.git" cat-file -e "$old" 2>/dev/null && fail "the colleague's copy still holds the old commit"
}

t_a_region_vfi_yaml_cannot_name_stops_everything() {
    region london >/dev/null && region north-west >/dev/null || return $(fail "setup")
    local dir before
    dir=$(national london north-west) || return $(fail "setup")
    "$VFI" -C "$dir" fetch -q || return $(fail "fetch")
    sed -i 's/name: north-west/name: North-West/' "$dir/vfi.yaml" && git -C "$dir" commit -qam typo
    before=$(snapshot "$dir")
    vfi -C "$dir" report summary
    expect_status 3
    expect_err_has "regions.name: 'North-West' is not a region name"
    vfi -C "$dir" fetch
    expect_status 3
    expect_unchanged "$dir" "$before"
}

t_the_same_repository_twice_is_said() {
    region london >/dev/null || return $(fail "setup")
    local dir
    dir=$(new_data) || return $(fail "setup")
    printf 'regions:\n  - name: london\n    git: %s\n  - name: london-again\n    git: file://%s/\n' "$WORK/london.git" "$WORK/london.git" >>"$dir/vfi.yaml"
    git -C "$dir" commit -qam regions
    vfi -C "$dir" fetch
    expect_status 3
    expect_err_has "regions.git: region 'london-again' is the same repository as region 'london', so its records would be counted twice"
    # A mirror under another address vfi.yaml cannot tell: the copies' histories can, even a
    # commit apart.
    git clone -q --bare "$WORK/london.git" "$WORK/mirror.git"
    sed -i "s#git: file://$WORK/london.git/#git: $WORK/mirror.git#" "$dir/vfi.yaml" && git -C "$dir" commit -qam mirror
    git -C "$WORK/london-team" commit -q --allow-empty -m later && git -C "$WORK/london-team" push -q origin main
    "$VFI" -C "$dir" fetch -q || return $(fail "fetch")
    vfi -C "$dir" report payments --month 2023-03
    expect_status 3
    expect_err_has "regions london and london-again are one repository listed twice (the copy of london holds the commit read for london-again), so its records would be counted twice — list it once under"
    expect_out_empty
    vfi -C "$dir" check
    expect_status 1
    expect_out_has "regions london and london-again are one repository listed twice"
    # Taken out of vfi.yaml: its copy and caches go at the next fetch.
    "$VFI" -C "$dir" report summary >/dev/null 2>&1
    sed -i '/london-again/,$d' "$dir/vfi.yaml" && git -C "$dir" commit -qam "one london"
    vfi -C "$dir" fetch
    expect_status 0
    expect_out_has "london-again: no longer listed in vfi.yaml, so its copy and caches were deleted"
    [ -e "$dir/.vfi/regions/london-again.git" ] && fail "the copy of a region no longer listed was kept"
    [ -n "$(ls "$dir/.vfi/cache/"*/objects.london-again.* 2>/dev/null)" ] && fail "its caches were kept"
    vfi -C "$dir" report summary
    expect_status 0
    # Not one repository: two data directories in folders of one repository, and a region
    # that merged another's history into its own (keeping only its own files).
    region leeds >/dev/null || return $(fail "setup")
    local mono="$WORK/mono-team"
    mkdir -p "$mono" && cp -r "$WORK/london-team/." "$mono/north" && cp -r "$WORK/london-team/." "$mono/south" &&
        rm -rf "$mono/north/.git" "$mono/south/.git" && git -C "$mono" init -qb main && git -C "$mono" add -A &&
        git -C "$mono" commit -qm two && git clone -q --bare "$mono" "$WORK/mono.git" || return $(fail "setup")
    git -C "$WORK/leeds-team" fetch -q "$WORK/london.git" main &&
        git -C "$WORK/leeds-team" merge -q -s ours --allow-unrelated-histories -m template FETCH_HEAD &&
        git -C "$WORK/leeds-team" push -q origin main || return $(fail "merge")
    printf '  - name: leeds\n    git: %s\n  - name: north\n    git: %s\n    path: north\n  - name: south\n    git: %s\n    path: ./south/\n' \
        "$WORK/leeds.git" "$WORK/mono.git" "$WORK/mono.git" >>"$dir/vfi.yaml"
    git -C "$dir" commit -qam "more regions"
    "$VFI" -C "$dir" fetch -q || return $(fail "fetch")
    vfi -C "$dir" report summary
    expect_status 0
    [[ "$err" != *"listed twice"* ]] || fail "regions that are not one repository were refused: $err"
    expect_out_has "north"
    expect_out_has "south"
}

t_a_copy_must_be_what_vfi_made() {
    region london >/dev/null && region north-west >/dev/null || return $(fail "setup")
    local dir copy wrong
    dir=$(national london north-west) || return $(fail "setup")
    "$VFI" -C "$dir" fetch -q || return $(fail "fetch")
    copy="$dir/.vfi/regions/london.git"
    cp "$copy/config" "$WORK/config.saved"
    # A setting hidden after 80 KB of comments is still found: the config is too long to be vfi's.
    { cat "$WORK/config.saved"; head -c 90000 /dev/zero | tr '\0' '#'; printf '\n[core]\n\tsshCommand = touch %s/ran\n' "$WORK"; } >"$copy/config"
    vfi -C "$dir" report summary
    expect_status 3
    expect_err_has "is not a copy vfi made (its config is longer than vfi writes)"
    cp "$WORK/config.saved" "$copy/config"
    for wrong in ".git" "objects/info/alternates" "refs/replace"; do
        mkdir -p "$(dirname "$copy/$wrong")"
        if [ "$wrong" = "refs/replace" ]; then mkdir -p "$copy/$wrong"; else : >"$copy/$wrong"; fi
        vfi -C "$dir" check
        expect_status 3
        expect_err_has "is not a copy vfi made (it has"
        rm -rf "${copy:?}/$wrong"
    done
    # fetched.yaml pointing a region at another region's commit.
    sed -i "/^london:/,/^[a-z]/ s/commit: .*/commit: $(git --git-dir="$WORK/north-west.git" rev-parse HEAD)/" "$dir/fetched.yaml"
    vfi -C "$dir" report summary
    expect_status 3
    expect_err_has "regions north-west and london are one repository listed twice"
    [ -e "$WORK/ran" ] && fail "a program in a copy's config ran"
    return 0
}

t_payments_in_two_currencies_are_refused() {
    region west-midlands >/dev/null && region london >/dev/null || return $(fail "setup")
    sed -i 's/currency: GBP/currency: EUR/' "$WORK/london-team/vfi.yaml"
    push london "euros"
    local dir
    dir=$(national west-midlands london) || return $(fail "setup")
    "$VFI" -C "$dir" fetch -q || return $(fail "fetch")
    vfi -C "$dir" report payments --month 2023-03
    expect_status 3
    expect_err_has "region west-midlands pays in GBP and region london in EUR, so their amounts cannot be added up"
}

t_a_fetch_that_brings_nothing_or_hangs_fails_plainly() {
    region london >/dev/null || return $(fail "setup")
    local dir port pid
    dir=$(national london) || return $(fail "setup")
    # A shallow clone as a region: git's fetch may bring no commit.
    git clone -q --depth 1 "file://$WORK/london.git" "$WORK/shallow" || return $(fail "clone")
    printf '  - name: shallow\n    git: %s\n' "$WORK/shallow" >>"$dir/vfi.yaml" && git -C "$dir" commit -qam shallow
    vfi -C "$dir" fetch
    grep -q "commit: refs" "$dir/fetched.yaml" && fail "fetched.yaml holds a ref for a commit"
    vfi -C "$dir" report summary
    [ "$status" -le 1 ] || fail "the report fails after fetching a shallow region (status $status): $err"
    # A server that accepts and never answers: stopped, named, the other regions kept.
    port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
    python3 -c 'import socket, sys, time
s = socket.socket(); s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1); s.bind(("127.0.0.1", int(sys.argv[1]))); s.listen(5)
conns = []
while True:
    c, _ = s.accept(); conns.append(c)' "$port" &
    pid=$!
    sleep 0.5
    sed -i "s#git: $WORK/shallow#git: http://127.0.0.1:$port/r.git#" "$dir/vfi.yaml" && git -C "$dir" commit -qam silent
    VFI_FETCH_TIMEOUT=3 vfi -C "$dir" fetch
    kill "$pid" 2>/dev/null
    expect_status 1
    expect_err_has "shallow: could not be fetched"
    expect_err_has "the fetch was stopped after 3 seconds"
    expect_out_has "london: unchanged"
}

t_equality_adds_up_then_hides_small_counts() {
    region west-midlands >/dev/null && region london >/dev/null || return $(fail "setup")
    local dir consented own
    dir=$(national west-midlands london) || return $(fail "setup")
    "$VFI" -C "$dir" fetch -q || return $(fail "fetch")
    consented=$(python3 - "$WORK/west-midlands-team" "$WORK/london-team" <<'PY'
import glob, sys, yaml
n = 0
for d in sys.argv[1:]:
    for f in glob.glob(d + "/partners/*.yaml"):
        p = yaml.safe_load(open(f))
        if (p.get("consent") or {}).get("equality") is True and not p.get("contributor"): n += 1
print(n)
PY
)
    vfi -C "$dir" report equality
    expect_status 0
    expect_out_has "National Equality Report"
    expect_out_has "being counted: $consented."
    # With disclosure control, each region's row is its own report's.
    sed -i 's/disclosure_control: none/disclosure_control: nhs/' "$dir/vfi.yaml" && git -C "$dir" commit -qam nhs
    own=$("$VFI" -C "$WORK/london-team" report equality --from 2021-01-01 --to 2026-11-30 | grep -o "being counted: [0-9*]*")
    vfi -C "$dir" report equality --from 2021-01-01 --to 2026-11-30
    grep -q "^london  *${own#being counted: } " <<<"$out" || fail "london's row is not its own report's ($own): $out"
    # The West Midlands left out (it fails check): every table is then all London's partners,
    # and is published as London's own report publishes it, never a second draw of its counts.
    printf 'id: P-BR0KEN\nname: [\n' >"$WORK/west-midlands-team/partners/P-BR0KEN.yaml"
    push west-midlands "a broken record"
    "$VFI" -C "$dir" fetch -q 2>/dev/null  # exit 1: the West Midlands fails check
    own=$("$VFI" -C "$WORK/london-team" report equality --from 2021-01-01 --to 2026-11-30 --format csv | grep "^Partners by")
    vfi -C "$dir" report equality --from 2021-01-01 --to 2026-11-30 --format csv
    expect_status 1
    [ "$(grep "^Partners by" <<<"$out")" = "$own" ] || fail "the national tables of london alone differ from london's own: $(diff <(echo "$own") <(grep "^Partners by" <<<"$out") | head -5)"
    # Answer lists that differ are said.
    sed -i 's/^vocabularies:$/vocabularies:\n  age_band: [16-24, 25-34, 35-44, 45-54, 55-64, 65-74, 75-plus, prefer-not-to-say, under-16]/' "$WORK/london-team/vfi.yaml"
    grep -q "under-16" "$WORK/london-team/vfi.yaml" || { fail "setup: no age band added"; return; }
    git -C "$WORK/west-midlands-team" rm -q partners/P-BR0KEN.yaml && push west-midlands "fixed"
    push london "our own age bands"
    "$VFI" -C "$dir" fetch -q || return $(fail "fetch")
    vfi -C "$dir" report equality --from 2021-01-01 --to 2026-11-30
    expect_out_has "The regions' answer lists differ, and were merged"
    expect_out_has "'under-16' is an answer only london offers"
}

t_listings_name_each_record_with_its_region() {
    region west-midlands >/dev/null && region london >/dev/null || return $(fail "setup")
    local dir n p
    dir=$(national west-midlands london) || return $(fail "setup")
    "$VFI" -C "$dir" fetch -q || return $(fail "fetch")
    n=$(ls "$WORK/west-midlands-team/partners" "$WORK/london-team/partners" | grep -c '^P-')
    p=$(ls "$WORK/london-team/partners" | head -1 | sed 's/\.yaml//')
    vfi -C "$dir" partner list --status enquiry,training,active,paused,alumni,withdrawn --format csv
    expect_status 0
    out=${out//$'\r'/}
    [ "$(($(wc -l <<<"$out") - 1))" = "$n" ] || fail "the national listing has $(($(wc -l <<<"$out") - 1)) partners, the regions $n"
    # The same id in both regions is two people, each named with their region.
    expect_out_has "west-midlands,west-midlands:$p,"
    expect_out_has "london,london:$p,"
    [[ "$(head -1 <<<"$out")" == team,id,* ]] || fail "the region's team column is not first: $(head -1 <<<"$out")"
    vfi -C "$dir" match list
    expect_status 0
    expect_out_has "london:M-"
    expect_out_has "london:P-"
    vfi -C "$dir" session list --from 2023-03-01 --to 2023-03-31
    expect_status 0
    expect_out_has "london:S-"
    # A filter naming a record names its region: that region alone is listed.
    local m
    m=$(grep -l "^partner: $p" "$WORK/london-team/matches/"*.yaml | wc -l)
    vfi -C "$dir" match list --partner "london:$p" --format csv
    expect_status 0
    out=${out//$'\r'/}
    [ "$(($(wc -l <<<"$out") - 1))" = "$m" ] || fail "london:$p has $m matches, listed $(($(wc -l <<<"$out") - 1)): $out"
    [[ "$out" != *west-midlands* ]] || fail "another region's matches are listed for london:$p: $out"
    vfi -C "$dir" match list --partner "$p"
    expect_status 2
    expect_err_has "'$p' names no region, and this reads a national programme, whose regions' ids may be the same — name the region as REGION:ID, e.g. west-midlands:$p"
    vfi -C "$dir" session list --partner "london:$p" --leader "west-midlands:L-X"
    expect_status 2
    expect_err_has "are of different regions — give ids of one region at a time"
    vfi -C "$dir" reflect list --about programme
    expect_status 0
    expect_out_has "west-midlands:R-"
    # A name that looks like ids is a name: only columns of ids get the region.
    "$VFI" -C "$WORK/london-team" partner set "$p" "name=P-0V811T, P-GWA03E" >/dev/null || return $(fail "set")
    git -C "$WORK/london-team" push -q origin main && "$VFI" -C "$dir" fetch -q || return $(fail "fetch")
    vfi -C "$dir" partner list --status enquiry,training,active,paused,alumni,withdrawn --format csv --fields id,name
    expect_out_has "london:$p,\"P-0V811T, P-GWA03E\""
    vfi -C "$dir" match list --partner "london:"
    expect_status 2
    expect_err_has "'london:' names a region and no record"
    # A filter no region takes is a mistake said once (exit 2), not each region "not listed".
    vfi -C "$dir" partner list --status activ
    expect_status 2
    [ "$(grep -c . <<<"$err")" = 1 ] || fail "a bad filter is said more than once: $err"
    expect_err_has "--status: 'activ'"
    [[ "$err" != *"not listed"* ]] || fail "a bad filter is told as a region not listed: $err"
}

t_learning_adds_up_the_regions_reflections() {
    region west-midlands >/dev/null && region london >/dev/null || return $(fail "setup")
    local dir wm ln
    dir=$(national west-midlands london) || return $(fail "setup")
    "$VFI" -C "$dir" fetch -q || return $(fail "fetch")
    wm=$("$VFI" -C "$WORK/west-midlands-team" report learning --from 2022-01-01 --to 2026-11-30 --format json)
    ln=$("$VFI" -C "$WORK/london-team" report learning --from 2022-01-01 --to 2026-11-30 --format json)
    vfi -C "$dir" report learning --from 2022-01-01 --to 2026-11-30 --format json
    expect_status 0
    python3 - "$wm" "$ln" "$out" <<'PY' || fail "the national mentions are not the sum of the regions'"
import json, sys
wm, ln, nat = (json.loads(a) for a in sys.argv[1:4])
def mentions(r):
    for s in r["sections"]:
        for t in s["tables"]:
            if t["title"] == "Themes named in reflections":
                return {row["theme"]: row["mentions"] for row in t["rows"]}
a, b, n = mentions(wm), mentions(ln), mentions(nat)
assert n and all(n[k] == a.get(k, 0) + b.get(k, 0) for k in n), (a, b, n)
assert nat["title"] == "National Learning Report"
PY
}

t_due_expenses_runs_and_show_read_every_region() {
    region west-midlands >/dev/null && region london >/dev/null || return $(fail "setup")
    local dir n p s m
    # London claims an expense and both close March 2023, each at its own rate.
    s=$(grep -l "status: held" "$WORK/london-team/sessions/"*.yaml | head -1)
    m=$(sed -n 's/^match: //p' "$s") && p=$(sed -n 's/^partner: //p' "$WORK/london-team/matches/$m.yaml")
    s=$(basename "$s" .yaml)
    "$VFI" -C "$WORK/london-team" expense add "$s" "$p" --amount 7.50 >/dev/null || return $(fail "expense add")
    "$VFI" -C "$WORK/london-team" pay close --month 2023-03 --date 2023-04-01 >/dev/null 2>&1 || return $(fail "pay close")
    "$VFI" -C "$WORK/west-midlands-team" pay close --month 2023-03 --date 2023-04-01 >/dev/null 2>&1 || return $(fail "pay close")
    git -C "$WORK/london-team" push -q origin main && git -C "$WORK/west-midlands-team" push -q origin main || return $(fail "push")
    dir=$(national west-midlands london) || return $(fail "setup")
    "$VFI" -C "$dir" fetch -q || return $(fail "fetch")
    # session due: every region's due matches, as many as the regions' own lists.
    n=$(("$(VFI_TODAY=2026-11-30 "$VFI" -C "$WORK/west-midlands-team" session due --format csv | wc -l)" +
        "$(VFI_TODAY=2026-11-30 "$VFI" -C "$WORK/london-team" session due --format csv | wc -l)" - 1))
    VFI_TODAY=2026-11-30 vfi -C "$dir" session due --format csv --fail-if-any
    expect_status 1
    out=${out//$'\r'/}
    [ "$(wc -l <<<"$out")" = "$n" ] || fail "the national due list has $(wc -l <<<"$out") lines, the regions' $n"
    expect_out_has "london,london:M-"
    expect_out_has "west-midlands,west-midlands:M-"
    vfi -C "$dir" expense list --format csv
    expect_status 0
    expect_out_has "london,2022-"
    expect_out_has ",london:$s,london:$p,travel,7.50,"
    vfi -C "$dir" pay list --format csv
    expect_status 0
    expect_out_has "west-midlands,west-midlands:Y-"
    expect_out_has "london,london:Y-"
    # show: the region named, the record its own.
    vfi -C "$dir" partner show "london:$p"
    expect_status 0
    expect_out_has "id: $p"
    vfi -C "$dir" match show "london:$m"
    expect_status 0
    vfi -C "$dir" session show "london:$s"
    expect_status 0
    expect_out_has "id: $s"
    local before
    before=$(snapshot "$dir")
    vfi -C "$dir" partner show "$p"
    expect_status 2
    expect_err_has "names no region, and this reads a national programme, whose regions' ids may be the same — name the region as REGION:ID, e.g. west-midlands:$p (the regions: west-midlands, london)"
    vfi -C "$dir" partner show "londn:$p"
    expect_status 4
    expect_err_has "no region is named 'londn' in vfi.yaml — did you mean 'london'? the regions are west-midlands, london"
    expect_unchanged "$dir" "$before"
    # A region paying in another currency cannot share a column of amounts: it is named, left out.
    sed -i 's/currency: GBP/currency: EUR/' "$WORK/london-team/vfi.yaml"
    push london "euros"
    "$VFI" -C "$dir" fetch -q 2>/dev/null  # exit 1: london's run was paid in GBP
    vfi -C "$dir" pay list --format csv
    expect_status 1
    expect_out_has "west-midlands,west-midlands:Y-"
    [[ "$out" != *"london:Y-"* ]] || fail "london's runs are listed in another currency: $out"
    expect_err_has "region london is not listed: its payment run Y-"
    expect_err_has "was paid in GBP, and its vfi.yaml now says EUR, so its amounts cannot be listed in either"
    vfi -C "$dir" expense list --format csv
    expect_status 1
    [[ "$out" != *"london"* ]] || fail "london's claims are listed in EUR: $out"
    # A region whose data fails check is named and left out of the due list, never in silence.
    printf 'id: P-BROKEN\nname: [\n' >"$WORK/london-team/partners/P-BR0KEN.yaml"
    push london "a broken record"
    "$VFI" -C "$dir" fetch -q 2>/dev/null  # exit 1: london fails check
    # Exit status 3, not 1: a cron script takes 1 for "here is the whole list of what is due".
    VFI_TODAY=2026-11-30 vfi -C "$dir" session due --format csv
    expect_status 3
    [[ "$out" != *"london:M-"* ]] || fail "a region failing check is listed: $out"
    expect_out_has "west-midlands:M-"
    expect_err_has "region london is not listed: 2 problems above, so its matches are not in this list — its team must put them right"
    expect_err_has "partners/P-BR0KEN.yaml"
    expect_err_has "vfi: the list leaves out the regions named above (exit status 3)"
    vfi -C "$dir" session show "london:$s"
    expect_status 0
}

t_fetched_yaml_merged_badly_or_fetched_twice_at_once() {
    region london >/dev/null || return $(fail "setup")
    local dir i pinned
    dir=$(national london) || return $(fail "setup")
    "$VFI" -C "$dir" fetch -q || return $(fail "fetch")
    # Two clones' fetches merged with the conflict markers committed: fetch writes it afresh.
    { echo "<<<<<<< HEAD"; cat "$dir/fetched.yaml"; echo "======="; cat "$dir/fetched.yaml"; echo ">>>>>>> theirs"; } >"$WORK/f"
    mv "$WORK/f" "$dir/fetched.yaml" && git -C "$dir" commit -qam "a merge, badly" || return $(fail "setup")
    vfi -C "$dir" report summary
    expect_status 3
    expect_err_has "fetched.yaml:1:1: unresolved git merge conflict — run \`vfi fetch\`, which writes it afresh from the regions"
    vfi -C "$dir" fetch
    expect_status 0
    expect_err_has "vfi: note: fetched.yaml:1:1: unresolved git merge conflict; it is written afresh from the commits fetched now"
    grep -q "<<<<<<<" "$dir/fetched.yaml" && fail "the markers are still there"
    vfi -C "$dir" report summary
    expect_status 0
    # Two fetches at once (cron and a person) after the region's history was rewritten: each
    # runs alone, so the commit recorded is the region's, and its copy holds it.
    for i in 1 2 3; do
        git -C "$WORK/london-team" commit -q --amend -m "rewritten $i" && git -C "$WORK/london-team" push -qf origin main
        "$VFI" -C "$dir" fetch -q & "$VFI" -C "$dir" fetch -q; wait
        pinned=$(sed -n 's/^  commit: //p' "$dir/fetched.yaml")
        [ "$pinned" = "$(git -C "$WORK/london.git" rev-parse HEAD)" ] || fail "round $i: fetched.yaml records $pinned, not the region's HEAD"
    done
    vfi -C "$dir" report summary
    expect_status 0
    # Merged badly while the region cannot be reached: the copy's commit is kept, stale, never
    # "never fetched".
    mv "$WORK/london.git" "$WORK/london-away.git"
    { echo "<<<<<<< HEAD"; cat "$dir/fetched.yaml"; echo "======="; echo ">>>>>>> theirs"; } >"$WORK/f"
    mv "$WORK/f" "$dir/fetched.yaml" && git -C "$dir" commit -qam "a merge, badly, again" || return $(fail "setup")
    vfi -C "$dir" fetch
    expect_status 1
    expect_err_has "london: could not be fetched, so reports keep reading commit ${pinned:0:7} and say it is stale"
    vfi -C "$dir" report summary
    expect_status 1
    expect_err_has "region london is stale"
    mv "$WORK/london-away.git" "$WORK/london.git"
}

t_a_huge_file_pushed_by_a_region_is_never_read_whole() {
    region london >/dev/null || return $(fail "setup")
    local dir kb
    # 200 MB of spaces: about 200 KB through git, as a colleague could push it.
    { echo "id: P-ZZZZZZ"; echo "name: Zed"; head -c 200000000 /dev/zero | tr '\0' ' '; } >"$WORK/london-team/partners/P-ZZZZZZ.yaml"
    push london "a huge file"
    dir=$(national london) || return $(fail "setup")
    "$VFI" -C "$dir" fetch -q 2>/dev/null  # exit 1: london fails check
    vfi -C "$dir" partner list
    expect_status 1
    expect_err_has "london:"
    expect_err_has "partners/P-ZZZZZZ.yaml: the file is over the limit of 1048576 bytes"
    [ -x /usr/bin/time ] || { echo "  skipped the memory figure: /usr/bin/time is not installed (make test installs time)"; return; }
    [[ "$VFI" == *asan* ]] && return  # AddressSanitizer's own memory is no measure
    /usr/bin/time -o "$WORK/rss" -f "%M" "$VFI" -C "$dir" partner list >/dev/null 2>&1
    kb=$(tail -1 "$WORK/rss")
    [ "$kb" -lt 100000 ] || fail "listing took $kb KB: the file was read whole"
}

run_tests
