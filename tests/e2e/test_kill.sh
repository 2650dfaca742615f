#!/usr/bin/env bash
# Writing commands killed with SIGKILL at random moments: afterwards every record parses,
# none is torn, `vfi check` passes, a change is all there and committed or not at all,
# and the next command sweeps the scratch files. 120 kills; 400 with VFI_LONG_TESTS=1
# (.ci/run sets it).
source "$(dirname "$0")/lib.sh"

KILLS=120
[ -n "${VFI_LONG_TESTS:-}" ] && KILLS=400

# Runs vfi in the background and kills it after a random 0 to 59 ms (into its git commit);
# waits for any git it started to finish. Sets $killed when the command had not finished.
run_and_kill() {
    local pid delay
    # In a process group of its own, so the git it started (which lives on, as it would) can
    # be waited for: the next command must not race a commit still being made.
    setsid "$VFI" "$@" >/dev/null 2>&1 &
    pid=$!
    delay=$((RANDOM % 60))
    sleep "0.$(printf '%03d' "$delay")"
    killed=0
    kill -9 "$pid" 2>/dev/null && killed=1
    wait "$pid" 2>/dev/null
    for _ in $(seq 250); do
        kill -0 -- "-$pid" 2>/dev/null || break
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
        # Each change is in history or not at all: none is left written or staged uncommitted.
        [ -z "$(git -C "$DIR" status --porcelain)" ] ||
            fail "after kill $i: git status: $(git -C "$DIR" status --porcelain)"
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

# Killed while git commits (a pre-commit hook stops it): the next command puts the files back
# and takes them out of git's index, so history and the files agree; a lock git left on its
# index stops every change (nothing written) until it is removed, and holds no reader up.
t_killed_while_git_commits_nothing_is_left_half_done() {
    local dir before p
    dir=$(sample_data)
    before=$(snapshot "$dir")
    cat >"$dir/.git/hooks/pre-commit" <<EOF
#!/bin/sh
kill -9 \$PPID 2>/dev/null  # git itself, so its index stays locked as after a crash
while [ ! -s "$WORK/kill.pid" ]; do sleep 0.01; done
kill -9 \$(cat "$WORK/kill.pid")
exit 1
EOF
    chmod +x "$dir/.git/hooks/pre-commit"
    rm -f "$WORK/kill.pid"
    "$VFI" -C "$dir" match accept M-5J4V69 >/dev/null 2>&1 &
    echo $! >"$WORK/kill.pid"
    wait $! 2>/dev/null
    rm "$dir/.git/hooks/pre-commit"
    grep -qx "status: active" "$dir/matches/M-5J4V69.yaml" || fail "the files did not land"
    [ -e "$dir/.vfi/journal" ] || fail "no journal"
    [ -e "$dir/.git/index.lock" ] || fail "git's index is not locked"
    # Every change is refused while git's index is locked, and the interrupted one waits.
    vfi -C "$dir" partner set P-0VKX2G notes=x
    expect_status 7
    expect_err "vfi: git's index is locked (.git/index.lock): another git command is running, or one was stopped part-way — wait for it to finish; if no git command is running, remove the lock (\`rm .git/index.lock\`, from the top of the repository) and run the command again; nothing was changed"
    # While git holds its index (it may still be committing) nothing is touched: the files
    # are the change's, whole, and the journal waits.
    grep -qx "status: active" "$dir/matches/M-5J4V69.yaml" || fail "the files were touched while git held its index"
    [ -e "$dir/.vfi/journal" ] || fail "the journal went while git held its index"
    rm "$dir/.git/index.lock"
    # The next command, a reader, puts it all back.
    vfi -C "$dir" check
    expect_status 0
    expect_unchanged "$dir" "$before"
    [ -z "$(git -C "$dir" status --porcelain)" ] || fail "git status: $(git -C "$dir" status --porcelain)"
    [ -e "$dir/.vfi/journal" ] && fail "the journal is still there"
    # A lock left with no change waiting: writers refuse up front, readers read.
    touch "$dir/.git/index.lock"
    vfi -C "$dir" partner add --name "Locked Out"
    expect_status 7
    expect_err_has "git's index is locked (.git/index.lock)"
    expect_unchanged "$dir" "$before"
    vfi -C "$dir" partner list -q
    expect_status 0
    rm "$dir/.git/index.lock"
    # Killed after git committed: the change is kept whole, and nothing is put back.
    printf '#!/bin/sh\nkill -9 $(cat "%s")\n' "$WORK/kill.pid" >"$dir/.git/hooks/post-commit"
    chmod +x "$dir/.git/hooks/post-commit"
    rm -f "$WORK/kill.pid"
    "$VFI" -C "$dir" match accept M-5J4V69 >/dev/null 2>&1 &
    echo $! >"$WORK/kill.pid"
    wait $! 2>/dev/null
    rm "$dir/.git/hooks/post-commit"
    vfi -C "$dir" check
    expect_status 0
    grep -qx "status: active" "$dir/matches/M-5J4V69.yaml" || fail "the committed change was put back"
    [ "$(git -C "$dir" log -1 --format=%s)" = "match: accept M-5J4V69" ] || fail "no commit: $(git -C "$dir" log -1 --format=%s)"
    [ -z "$(git -C "$dir" status --porcelain)" ] || fail "git status: $(git -C "$dir" status --porcelain)"
}

# git killed while it commits (vfi lives on and sees it fail): the files go back at once; git's
# index, locked, is put back by the first command once the lock is removed; readers read on
# meanwhile and changes are refused. Found by a hostile review.
t_git_killed_while_it_commits_is_put_back_index_and_all() {
    local dir before
    dir=$(sample_data)
    before=$(snapshot "$dir")
    printf '#!/bin/sh\nkill -9 $PPID\n' >"$dir/.git/hooks/pre-commit"
    chmod +x "$dir/.git/hooks/pre-commit"
    vfi -C "$dir" partner set P-0VKX2G notes="Not kept"
    rm "$dir/.git/hooks/pre-commit"
    expect_status 7
    expect_err_has "the files were put back, but git's index still holds the change and is locked (.git/index.lock): if no git command is running, remove the lock, then run any vfi command, which takes the change out of git's index; do not commit until then"
    grep -q "Not kept" "$dir/partners/P-0VKX2G.yaml" && fail "the file was not put back"
    vfi -C "$dir" partner show P-0VKX2G
    expect_status 0
    vfi -C "$dir" partner set P-0VKX2G notes="Still locked"
    expect_status 7
    expect_err_has "git's index is locked (.git/index.lock)"
    rm -f "$dir/.git/index.lock" "$dir"/.git/next-index-*.lock
    vfi -C "$dir" check
    expect_status 0
    expect_unchanged "$dir" "$before"
    [ -e "$dir/.vfi/journal" ] && fail "the journal is still there"
}

# Killed before its commit, then the user commits something else (or pulls) before running
# vfi again: HEAD has moved, but not with this change, so it is still put back.
t_a_commit_of_something_else_after_a_kill_does_not_keep_the_change() {
    local dir
    dir=$(sample_data)
    cat >"$dir/.git/hooks/pre-commit" <<EOF
#!/bin/sh
while [ ! -s "$WORK/kill2.pid" ]; do sleep 0.01; done
kill -9 \$(cat "$WORK/kill2.pid")
exit 1
EOF
    chmod +x "$dir/.git/hooks/pre-commit"
    rm -f "$WORK/kill2.pid"
    "$VFI" -C "$dir" partner set P-0VKX2G notes="Half made" >/dev/null 2>&1 &
    echo $! >"$WORK/kill2.pid"
    wait $! 2>/dev/null
    rm "$dir/.git/hooks/pre-commit"
    grep -q "Half made" "$dir/partners/P-0VKX2G.yaml" || fail "the change did not land"
    echo "minutes" >"$dir/minutes.txt"
    git -C "$dir" add minutes.txt && git -C "$dir" commit -qm "minutes" minutes.txt
    vfi -C "$dir" partner list -q
    expect_status 0
    grep -q "Half made" "$dir/partners/P-0VKX2G.yaml" && fail "the change was kept without its commit"
    [ -z "$(git -C "$dir" status --porcelain)" ] || fail "git status: $(git -C "$dir" status --porcelain)"
}

# The user commits everything staged (a plain `git commit`) after vfi was killed before its
# own commit: the change is in history now, so it is kept, files and all. Found by a review.
t_a_commit_that_swept_up_the_change_keeps_it() {
    local dir
    dir=$(sample_data)
    printf '#!/bin/sh\nkill -9 $(ps -o ppid= -p $PPID)\nexit 1\n' >"$dir/.git/hooks/pre-commit"
    chmod +x "$dir/.git/hooks/pre-commit"
    vfi -C "$dir" match accept M-5J4V69
    rm "$dir/.git/hooks/pre-commit"
    [ -e "$dir/.vfi/journal" ] || { fail "vfi was not killed during its commit"; return; }
    echo "minutes" >"$dir/README.txt"
    git -C "$dir" add README.txt && git -C "$dir" commit -qm "add readme"
    vfi -C "$dir" check
    expect_status 0
    grep -qx "status: active" "$dir/matches/M-5J4V69.yaml" || fail "the change in history was put back on disk"
    [ -z "$(git -C "$dir" status --porcelain)" ] || fail "git status: $(git -C "$dir" status --porcelain)"
    [ -e "$dir/.vfi/journal" ] && fail "the journal is still there"
}

# vfi killed while its git is still committing (a slow hook): nothing is touched while git
# holds its index; once git has committed, the change is kept whole. Found by a review.
t_a_git_still_committing_after_vfi_was_killed_is_left_to_finish() {
    local dir pid
    dir=$(sample_data)
    rm -f "$WORK/hook-running"
    printf '#!/bin/sh\ntouch "%s"\nsleep 2\n' "$WORK/hook-running" >"$dir/.git/hooks/pre-commit"
    chmod +x "$dir/.git/hooks/pre-commit"
    "$VFI" -C "$dir" match accept M-5J4V69 >/dev/null 2>&1 &
    pid=$!
    for _ in $(seq 250); do [ -e "$WORK/hook-running" ] && break; sleep 0.02; done
    kill -9 "$pid"
    wait "$pid" 2>/dev/null
    [ -e "$dir/.git/index.lock" ] || { fail "git was not committing when vfi was killed"; return; }
    # A reader meanwhile changes nothing and reads the change whole.
    vfi -C "$dir" match list --status active
    expect_status 0
    expect_out_has "M-5J4V69"
    for _ in $(seq 200); do [ -e "$dir/.git/index.lock" ] || break; sleep 0.05; done
    rm "$dir/.git/hooks/pre-commit"
    vfi -C "$dir" partner set P-0VKX2G notes=after
    expect_status 0
    [ "$(git -C "$dir" log -2 --format=%s | tail -1)" = "match: accept M-5J4V69" ] || fail "git's commit: $(git -C "$dir" log -2 --format=%s)"
    git -C "$dir" show HEAD~1:leaders/L-$(sed -n 's/^leader: L-//p' "$dir/matches/M-5J4V69.yaml").yaml | grep -qx "status: matched" ||
        fail "the leader's half of the change is not in history"
    [ -z "$(git -C "$dir" status --porcelain)" ] || fail "git status: $(git -C "$dir" status --porcelain)"
    vfi -C "$dir" check
    expect_status 0
}

# vfi killed alone (a TERM from cron or timeout, a KILL) while its git is starting to commit,
# before git locks its index: git holds vfi's lock until it ends, so no other vfi puts the
# files back under the commit being made (found by a hostile review: the commit held a part
# of an import the files no longer had).
t_a_git_not_yet_committing_when_vfi_was_killed_keeps_the_lock() {
    local dir pid real
    dir=$(sample_data)
    real=$(command -v git)
    mkdir -p "$WORK/slowgit"
    rm -f "$WORK/git-waiting" "$WORK/git-done"
    cat >"$WORK/slowgit/git" <<EOF
#!/bin/sh
for a in "\$@"; do
    if [ "\$a" = commit ]; then touch "$WORK/git-waiting"; sleep 2; "$real" "\$@"; s=\$?; touch "$WORK/git-done"; exit \$s; fi
done
exec "$real" "\$@"
EOF
    chmod +x "$WORK/slowgit/git"
    PATH="$WORK/slowgit:$PATH" "$VFI" -C "$dir" match accept M-5J4V69 >/dev/null 2>&1 &
    pid=$!
    for _ in $(seq 250); do [ -e "$WORK/git-waiting" ] && break; sleep 0.02; done
    kill -9 "$pid"
    wait "$pid" 2>/dev/null
    [ -e "$WORK/git-done" ] && { fail "git finished before vfi was killed"; return; }
    # Meanwhile a command waits for the lock (or says it is held): it never puts files back.
    "$VFI" -C "$dir" check >/dev/null 2>&1
    grep -qx "status: active" "$dir/matches/M-5J4V69.yaml" || fail "the files were put back while git was committing"
    for _ in $(seq 200); do [ -e "$WORK/git-done" ] && break; sleep 0.05; done
    vfi -C "$dir" check
    expect_status 0
    [ "$(git -C "$dir" log -1 --format=%s)" = "match: accept M-5J4V69" ] || fail "git's commit: $(git -C "$dir" log -1 --format=%s)"
    grep -qx "status: active" "$dir/matches/M-5J4V69.yaml" || fail "the committed change was put back"
    [ -z "$(git -C "$dir" status --porcelain)" ] || fail "git status: $(git -C "$dir" status --porcelain)"
}

DIR=$(sample_data)
run_tests
