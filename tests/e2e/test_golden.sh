#!/usr/bin/env bash
# Every report in every format on the sample programme, compared byte for byte with the files
# in tests/golden/. A change to a report shows up here as a diff to read and accept:
#   UPDATE_GOLDEN=1 VFI_BIN=build/vfi VFI_SOURCE=. bash tests/e2e/test_golden.sh
source "$(dirname "$0")/lib.sh"

GOLDEN="$SOURCE/tests/golden"

# The sample in a git repository whose one commit has a fixed date, so its hash (printed in
# every report's footer) is the same on every machine.
golden_data() {
    local dir
    dir=$(mktemp -d "$WORK/golden.XXXXXX")
    cp -r "$SOURCE/data/example/." "$dir/"
    git -C "$dir" init -q && git -C "$dir" add -A &&
        GIT_AUTHOR_DATE="2026-01-01T00:00:00Z" GIT_COMMITTER_DATE="2026-01-01T00:00:00Z" \
            git -C "$dir" commit -qm "sample" || return 1
    echo "$dir"
}

# NAME ARGS...: the report's golden files are NAME.txt (the terminal table), .md, .csv,
# .json and .html.
check_report() {
    local name=$1 format ext actual
    shift
    for format in table md csv json html; do
        ext=$format
        [ "$format" = table ] && ext=txt
        actual="$WORK/$name.$ext"
        "$VFI" -C "$DIR" report "$@" --format "$format" >"$actual" 2>"$WORK/.err" ||
            fail "$name ($format) failed: $(cat "$WORK/.err")"
        if [ -n "${UPDATE_GOLDEN:-}" ]; then
            cp "$actual" "$GOLDEN/$name.$ext"
        elif [ ! -f "$GOLDEN/$name.$ext" ]; then
            fail "no golden file tests/golden/$name.$ext (run with UPDATE_GOLDEN=1 to make it)"
        else
            diff -u "$GOLDEN/$name.$ext" "$actual" >"$WORK/.diff" ||
                fail "$name ($format) differs from tests/golden/$name.$ext:
$(head -40 "$WORK/.diff")"
        fi
    done
}

t_summary() { check_report summary summary --from 2022-04-01 --to 2023-09-30; }
t_summary_for_a_cohort() { check_report summary-cohort summary --from 2022-04-01 --to 2023-09-30 --cohort core20plus5-2022; }
t_learning() { check_report learning learning --from 2022-10-01 --to 2023-09-30; }
t_equality() { check_report equality equality; }
t_payments() { check_report payments payments --month 2023-03; }
t_activity() { check_report activity activity --from 2022-04-01 --to 2023-10-31; }

# The same figures when every record comes from the parse cache: the first run fills it
# (every file counts as settled), the second reads only from it.
t_reports_from_the_cache_match_too() {
    local dir
    dir=$(golden_data)
    VFI_CACHE_SETTLE_SECONDS=-100 "$VFI" -C "$dir" check || fail "check failed"
    [ -s "$dir/.vfi/cache/$(id -u)/sessions" ] || fail "no cache was written"
    VFI_CACHE_SETTLE_SECONDS=-100 "$VFI" -C "$dir" report summary --from 2022-04-01 --to 2023-09-30 \
        --format csv >"$WORK/cached.csv"
    diff -u "$GOLDEN/summary.csv" "$WORK/cached.csv" >"$WORK/.diff" ||
        fail "the summary from the cache differs: $(head -20 "$WORK/.diff")"
    VFI_CACHE_SETTLE_SECONDS=-100 "$VFI" -C "$dir" report learning --from 2022-10-01 --to 2023-09-30 \
        --format json >"$WORK/cached.json"
    diff -u "$GOLDEN/learning.json" "$WORK/cached.json" >"$WORK/.diff" ||
        fail "the learning report from the cache differs: $(head -20 "$WORK/.diff")"
}

t_the_footer_names_the_data_commit() {
    [ -f "$GOLDEN/summary.txt" ] || return 0
    grep -q "Data at git commit $(git -C "$DIR" rev-parse --short HEAD)\." "$GOLDEN/summary.txt" ||
        fail "the golden summary does not name the data's commit"
}

DIR=$(golden_data)
run_tests
