#!/usr/bin/env bash
# Injected faults (Debian's fiu-utils): a write, fsync or rename that fails with "no space
# left on device" in the middle of a command. The command exits non-zero with a plain
# message, and every file, and git, is exactly as before. Skipped, saying so, where fiu-run
# is not installed (`make test` installs it).
source "$(dirname "$0")/lib.sh"

if ! command -v fiu-run >/dev/null; then
    echo "skipped: fiu-run is not installed (make test installs Debian's fiu-utils)"
    exit 0
fi

# fiu's preload hooks write, fsync and rename (not renameat2); failinfo 28 is ENOSPC.
FAULTS=(posix/io/rw/write posix/io/sync/fsync posix/io/dir/rename)
injected=0

# COMMAND...: run under each fault in turn on a fresh copy of the sample.
under_each_fault() {
    local fault dir before
    for fault in "${FAULTS[@]}"; do
        dir=$(sample_data)
        before=$(snapshot "$dir")
        local args=("$@")
        args=("${args[@]//@DIR@/$dir}")
        (cd "$dir" && fiu-run -x -c "enable name=$fault,failinfo=28" "$VFI" -C "$dir" "${args[@]}") \
            >"$WORK/.out" 2>"$WORK/.err"
        status=$?
        err=$(cat "$WORK/.err")
        injected=$((injected + 1))
        [ "$status" -ne 0 ] || { fail "$* succeeded despite a failing $fault"; continue; }
        [ "$status" -lt 70 ] || fail "$* under $fault: exit $status (a crash?): $err"
        [[ "$err" == *"No space left on device — the disk is full: free some space and run the command again; nothing was changed"* ]] ||
            fail "$* under $fault: unclear message: $err"
        expect_unchanged "$dir" "$before"
        [ -z "$(find "$dir" -path "$dir/.git" -prune -o -name '.vfi-*' -print)" ] ||
            fail "$* under $fault left scratch files"
        [ -e "$dir/.vfi/journal" ] && fail "$* under $fault left a journal"
    done
}

t_adding_a_record() { under_each_fault partner add --name "Fault Test" --region london; }
t_changing_a_record() { under_each_fault partner set P-0VKX2G "notes=Fault test $(head -c 20000 /dev/zero | tr '\0' x)"; }
t_a_change_of_two_files() { under_each_fault match accept M-5J4V69; }
t_applying_suggestions() { under_each_fault match suggest --apply; }
t_a_partner_leaving_ends_their_matches() { under_each_fault partner status P-MVJ56B withdrawn --reason "Fault test"; }
t_logging_a_session() { under_each_fault session log M-33CYT8 --date 2026-11-20 --minutes 60 --notes "Fault test"; }
t_a_reflection() { under_each_fault reflect add --by P-0VKX2G --stage ad-hoc --changing "Fault test"; }
t_writing_a_report() { under_each_fault report summary -o @DIR@/reports/summary.html; }

# Renames that fail at random in changes of several files (without git, whose own renames
# would fail too): each run lands whole or leaves everything exactly as before.
t_random_rename_failures_land_all_or_nothing() {
    local i dir before after landed=0 refused=0
    dir=$(sample_data)
    for i in $(seq 24); do
        before=$(snapshot "$dir")
        fiu-run -x -c "enable_random name=posix/io/dir/rename,probability=0.4,failinfo=28" \
            "$VFI" -C "$dir" --no-commit match suggest --apply >"$WORK/.out" 2>"$WORK/.err"
        status=$?
        injected=$((injected + 1))
        if [ "$status" -eq 0 ]; then
            landed=$((landed + 1))
            vfi -C "$dir" check
            expect_status 0
            git -C "$dir" add -A && git -C "$dir" commit -qm "applied" >/dev/null
            # Undo the proposals so the next round has the same work to do.
            git -C "$dir" reset -q --hard HEAD~1
        else
            refused=$((refused + 1))
            [ "$status" -eq 6 ] || fail "round $i: exit $status: $(cat "$WORK/.err")"
            expect_unchanged "$dir" "$before"
        fi
    done
    [ "$refused" -gt 0 ] || fail "no round failed: the fault was never injected"
    echo "  random renames: $landed rounds landed whole, $refused left everything as it was"
}

run_tests
echo "  $injected faults injected"
