#!/usr/bin/env bash
# Writing commands killed with SIGKILL at random moments: afterwards every record parses,
# none is torn, `vfi check` passes, a change of several files is all there or not at all,
# and the next command sweeps the scratch files. 120 kills; 400 with VFI_LONG_TESTS=1
# (.ci/run sets it).
source "$(dirname "$0")/lib.sh"

KILLS=120
[ -n "${VFI_LONG_TESTS:-}" ] && KILLS=400

# Runs vfi in the background and kills it after a random 0 to 29 ms; waits for any git it
# started to let go of the index. Sets $killed when the command had not finished.
run_and_kill() {
    local pid delay
    "$VFI" "$@" >/dev/null 2>&1 &
    pid=$!
    delay=$((RANDOM % 30))
    sleep "0.$(printf '%03d' "$delay")"
    killed=0
    kill -9 "$pid" 2>/dev/null && killed=1
    wait "$pid" 2>/dev/null
    for _ in $(seq 100); do
        [ -e "$DIR/.git/index.lock" ] || break
        sleep 0.02
    done
}

scratch_files() { find "$DIR" -path "$DIR/.git" -prune -o -name '.vfi-*' -print | wc -l; }

t_killed_writers_leave_every_record_whole() {
    local i p l m before big kinds=0 interrupted=0 journals=0 pending=0
    p=$("$VFI" -C "$DIR" partner add --name "Kill Test Partner" --region london --modes online \
        --capacity 50 --status training) || { fail "setup"; return; }
    "$VFI" -C "$DIR" partner set "$p" training.completed=2026-11-01 >/dev/null &&
        "$VFI" -C "$DIR" partner status "$p" active >/dev/null || { fail "setup"; return; }
    big=$(head -c 60000 /dev/zero | tr '\0' 'x')
    for i in $(seq "$KILLS"); do
        case $((i % 4)) in
        0) run_and_kill -C "$DIR" partner add --name "Kill Test $i" --region london --modes online ;;
        1) run_and_kill -C "$DIR" partner set "$p" "notes=$i $big" ;;
        2 | 3)
            # A change of two files (the match and its leader): accept, or end.
            l=$("$VFI" -C "$DIR" leader add --name "Kill Test Leader $i" --organisation "Test Trust" \
                --status waiting --modes online 2>/dev/null)
            m=$("$VFI" -C "$DIR" match add "$p" "$l" 2>/dev/null) || { fail "match add $i: $m"; continue; }
            if [ $((i % 4)) = 3 ]; then
                "$VFI" -C "$DIR" match accept "$m" >/dev/null 2>&1 || fail "accept $i"
                run_and_kill -C "$DIR" match end "$m" --category other --reason "Kill test"
            else
                run_and_kill -C "$DIR" match accept "$m"
            fi
            ;;
        esac
        interrupted=$((interrupted + killed))
        [ -e "$DIR/.vfi/journal" ] && journals=$((journals + 1))
        [ "$(scratch_files)" -gt 0 ] && pending=$((pending + 1))
        # A reader puts back an interrupted change of several files, then finds nothing wrong.
        vfi -C "$DIR" check
        [ "$status" -eq 0 ] || {
            fail "after kill $i: vfi check: $out $err"
            return
        }
        [ -e "$DIR/.vfi/journal" ] && fail "after kill $i: the journal is still there"
        if [ $((i % 4)) -ge 2 ]; then
            # Both files tell the same story: the leader is matched exactly when the match is active.
            local ms ls
            ms=$(sed -n 's/^status: //p' "$DIR/matches/$m.yaml")
            ls=$(sed -n 's/^status: //p' "$DIR/leaders/$l.yaml")
            case "$ms/$ls" in
            proposed/waiting | active/matched | ended/waiting) ;;
            *) fail "after kill $i: match $ms but leader $ls" ;;
            esac
            # Free the partner's place for the next round.
            [ "$ms" = ended ] || "$VFI" -C "$DIR" match end "$m" --category other --reason "Kill test" >/dev/null 2>&1 ||
                fail "could not end $m"
        fi
    done
    # The next writer sweeps what the kills left.
    vfi -C "$DIR" partner set "$p" notes=done
    expect_status 0
    [ "$(scratch_files)" -eq 0 ] || fail "scratch files left: $(find "$DIR" -name '.vfi-*')"
    git -C "$DIR" fsck --no-progress >/dev/null 2>&1 || fail "git fsck fails"
    echo "  $KILLS commands run, $interrupted killed before they finished, $journals left an undo journal, $pending left scratch files"
}

DIR=$(sample_data)
run_tests
