#!/usr/bin/env bash
# A programme with folders of thousands of records, in git, as the bench's generator makes it.
# vfi reads a large folder in chunks of 1,024 files, reading the next on helper threads while
# this one is taken; the other e2e folders are too small for that. Every record must still count
# once, cold (no cache) and warm, and problems in different chunks come in order of file name.
source "$(dirname "$0")/lib.sh"

# A tenth of the national set (2,211 sessions: three chunks) committed in a new repository;
# prints its path.
large_data() {
    local dir="$WORK/large"
    rm -rf "$dir"
    python3 "$SOURCE/tests/bench/generate.py" national "$dir" --scale 0.1 >/dev/null || return 1
    git -C "$dir" init -q && git -C "$dir" add -A && git -C "$dir" commit -qm "generated" || return 1
    echo "$dir"
}

# held DIR: coaching sessions held, counted with PyYAML, independently of vfi.
held() {
    python3 - "$1" <<'PY'
import glob, sys, yaml
print(sum(1 for f in glob.glob(sys.argv[1] + "/sessions/*.yaml")
          if (s := yaml.safe_load(open(f))).get("type", "coaching") == "coaching"
          and s.get("status") == "held"))
PY
}

# held_figure: the summary's coaching sessions held, from $out (JSON).
held_figure() {
    printf '%s' "$out" | python3 -c '
import json, sys
for s in json.load(sys.stdin)["sections"]:
    for t in s["tables"]:
        for row in t["rows"]:
            if row.get("coaching sessions") == "held": print(row["value"])'
}

t_a_large_folder_counts_every_record_once_cold_and_warm() {
    local dir count cold
    dir=$(large_data) || return $(fail "setup")
    sed -i 's/^reports:/reports:\n  disclosure_control: none/' "$dir/vfi.yaml"
    git -C "$dir" commit -qam "exact figures" || return $(fail "setup")
    count=$(held "$dir")
    [ "$count" -gt 1500 ] || return $(fail "the generator made only $count held sessions")
    [ -e "$dir/.vfi" ] && return $(fail "a cache before the first run")
    vfi -C "$dir" report summary --from 2010-01-01 --to 2026-11-23 --format json
    expect_status 0
    cold=$out
    [ "$(held_figure)" = "$count" ] || fail "cold: held $(held_figure), counted $count"
    vfi -C "$dir" report summary --from 2010-01-01 --to 2026-11-23 --format json
    expect_status 0
    [ "$(held_figure)" = "$count" ] || fail "warm: held $(held_figure), counted $count"
    [ "$out" = "$cold" ] || fail "the warm report differs from the cold one"
}

t_problems_in_different_chunks_come_in_order_of_name_cold_and_warm() {
    local dir names first middle last expected before n
    dir=$(large_data) || return $(fail "setup")
    # The 5th, 1,500th and 2,211th file: one in each chunk of 1,024.
    names=$(ls "$dir/sessions")
    first=$(sed -n 5p <<<"$names") middle=$(sed -n 1500p <<<"$names") last=$(sed -n 2211p <<<"$names")
    [ -n "$last" ] || return $(fail "fewer sessions than expected")
    for n in "$last" "$first" "$middle"; do
        sed -i 's/^minutes: .*/minutes: forty/' "$dir/sessions/$n"
    done
    expected=""
    for n in "$first" "$middle" "$last"; do
        expected+="sessions/$n:4:10: minutes: 'forty' is not a whole number — write digits only, without leading zeros, e.g. 2"$'\n'
    done
    expected+="3 problems in 3 files"
    before=$(snapshot "$dir")
    rm -rf "$dir/.vfi"
    vfi -C "$dir" check
    expect_status 1
    [ "$out$err" = "$expected" ] || fail "cold: [$out$err], expected [$expected]"
    vfi -C "$dir" check
    expect_status 1
    [ "$out$err" = "$expected" ] || fail "warm: [$out$err], expected [$expected]"
    expect_unchanged "$dir" "$before"
    # Mended, the next run sees it: the cache is never stale.
    git -C "$dir" checkout -q -- sessions
    vfi -C "$dir" check
    expect_status 0
    expect_out_empty
    expect_err_empty
}

run_tests
