#!/usr/bin/env bash
# What arrives through git is untrusted, .vfi/ included: links, FIFOs, a journal or a cache
# forced past .gitignore, drafts someone committed. vfi never follows a link, never waits on
# a FIFO, never acts on a file it cannot prove it made, and touches nothing outside the data
# directory. Also: what git status shows, the modes of what vfi writes, a missing or refusing
# git, and readers that see each change whole without waiting for a person.
source "$(dirname "$0")/lib.sh"

# A clone of DIR (a repository with `origin` pushed to), as a colleague gets it; prints its path.
fresh_clone() {
    local dir=$1 clone
    clone=$(mktemp -d "$WORK/clone.XXXXXX")
    rm -rf "$clone" && git clone -q "$dir" "$clone" || return 1
    echo "$clone"
}

# The state of everything outside the data directories this test made: a file and a folder.
outside_state() { find "$WORK/outside" -printf '%p %m %s\n' | sort; cat "$WORK/outside/keep.txt"; }

setup_outside() {
    rm -rf "$WORK/outside"
    mkdir -p "$WORK/outside/folder"
    echo "must survive" >"$WORK/outside/keep.txt"
}

t_a_journal_that_came_through_git_is_never_acted_on() {
    local dir clone before outside
    setup_outside
    dir=$(sample_data)
    # A hostile commit: a link to a file outside, and a journal forced past .gitignore that
    # says the change made vfi.yaml and that link new, so undoing it would delete both.
    ln -s "$WORK/outside/keep.txt" "$dir/partners/P-ZZZZZZ.yaml"
    mkdir -p "$dir/.vfi"
    printf 'vfi.yaml\t-\t1\npartners/P-ZZZZZZ.yaml\t-\t1\n' >"$dir/.vfi/journal"
    git -C "$dir" add -f .vfi/journal partners/P-ZZZZZZ.yaml && git -C "$dir" commit -qm "planted"
    clone=$(fresh_clone "$dir")
    before=$(snapshot "$clone")
    outside=$(outside_state)
    vfi -C "$clone" check
    expect_status 3
    expect_err_has ".vfi/journal: vfi cannot prove it wrote this undo journal"
    expect_err_has "delete it (\`rm .vfi/journal\`)"
    expect_unchanged "$clone" "$before"
    [ -f "$clone/vfi.yaml" ] || fail "vfi.yaml was deleted"
    [ -f "$clone/.vfi/journal" ] || fail "the journal was acted on"
    [ "$(outside_state)" = "$outside" ] || fail "something outside the data directory changed"
    # A writer refuses the same way, writing nothing.
    vfi -C "$clone" partner add --name "Test Person"
    expect_status 3
    expect_unchanged "$clone" "$before"
    # Even a journal in vfi's own format naming a real record is refused when git tracks it.
    printf 'partners/P-0VKX2G.yaml\t-\t%s\n' "$(stat -c %i "$clone/partners/P-0VKX2G.yaml")" \
        >"$clone/.vfi/journal"
    chmod 600 "$clone/.vfi/journal"
    vfi -C "$clone" check
    expect_status 3
    expect_err_has "(git tracks it, or cannot be run to say it does not)"
    [ -f "$clone/partners/P-0VKX2G.yaml" ] || fail "a record was deleted"
}

t_a_planted_cache_or_link_in_vfi_folder_writes_nothing_outside() {
    local dir pid outside
    setup_outside
    dir=$(sample_data)
    local mine="$dir/.vfi/cache/$(id -u)"
    mkdir -p "$mine"
    # The old scratch names were predictable (by process id): links at each of them.
    for pid in $(seq 2 400); do
        ln -s "$WORK/outside/keep.txt" "$dir/.vfi/.vfi-cache.partners.$pid"
        ln -s "$WORK/outside/keep.txt" "$dir/.vfi/cache/.vfi-cache.partners.$pid"
    done
    ln -s "$WORK/outside/keep.txt" "$dir/.vfi/cache/partners"
    ln -s "$WORK/outside/keep.txt" "$mine/partners"
    ln -s "$WORK/outside/folder" "$mine/sessions"
    outside=$(outside_state)
    vfi -C "$dir" check
    expect_status 0
    vfi -C "$dir" report summary
    expect_status 0
    [ "$(outside_state)" = "$outside" ] || fail "vfi wrote outside the data directory: $(outside_state)"
    # The cache folder itself a link: ignored, never written through.
    rm -rf "$dir/.vfi/cache"
    ln -s "$WORK/outside/folder" "$dir/.vfi/cache"
    vfi -C "$dir" check
    expect_status 1
    expect_out_has ".vfi/cache: is a symbolic link, and vfi never follows a link inside a data directory"
    [ "$(outside_state)" = "$outside" ] || fail "vfi wrote through .vfi/cache: $(outside_state)"
}

t_a_parse_cache_that_came_through_git_is_never_read() {
    local dir mine truth
    dir=$(sample_data)
    mine="$dir/.vfi/cache/$(id -u)"
    truth=$(VFI_CACHE_SETTLE_SECONDS=-100 "$VFI" -C "$dir" session list)
    [ -s "$mine/sessions" ] || { fail "no cache made"; return; }
    # Someone commits their cache; another, who knows the files' stamps from it, makes every
    # session of one match say another (same length: every entry still reads).
    git -C "$dir" add -f .vfi/cache && git -C "$dir" commit -qm "cache" || { fail "commit"; return; }
    sed -i 's/M-TZ715X/M-DX9K8Q/g' "$mine/sessions"
    git -C "$dir" commit -qam "tidy" || { fail "commit"; return; }
    vfi -C "$dir" session list
    expect_status 0
    [ "$out" = "$truth" ] || fail "a cache that came through git was read: $(diff <(echo "$truth") <(echo "$out"))"
    vfi -C "$dir" check
    expect_status 0
    [ -z "$(git -C "$dir" status --porcelain)" ] || fail "vfi wrote a cache git tracks: $(git -C "$dir" status --porcelain)"
}

t_a_cache_with_a_forged_count_is_ignored() {
    local dir mine magic
    dir=$(sample_data)
    mine="$dir/.vfi/cache/$(id -u)"
    mkdir -p "$mine" && chmod 700 "$dir/.vfi" "$dir/.vfi/cache" "$mine"
    # The header this very vfi writes (its format's name, its version), then a count of
    # entries no file could hold, and nothing after it.
    magic=$(grep -a -o -m1 'VFICACHE[0-9]*' "$VFI" | head -1)
    [ -n "$magic" ] || { fail "no cache format named in $VFI"; return; }
    printf '%s\n%s\n\x10%s\xff\xff\xff\xff\xff\xff\xff\xff\x3f' "$magic" "$("$VFI" --version | awk '{print $NF}')" \
        0123456789abcdef >"$mine/sessions"
    chmod 600 "$mine/sessions"
    vfi -C "$dir" check
    expect_status 0
    vfi -C "$dir" report summary
    expect_status 0
}

t_vfi_folder_that_is_a_link_is_refused() {
    local dir outside before
    setup_outside
    dir=$(sample_data)
    ln -s "$WORK/outside/folder" "$dir/.vfi"
    before=$(snapshot "$dir")
    outside=$(outside_state)
    vfi -C "$dir" partner set P-0VKX2G notes=x
    expect_status 3
    expect_err_has ".vfi: is a symbolic link, and vfi never follows a link inside a data directory"
    expect_unchanged "$dir" "$before"
    [ "$(outside_state)" = "$outside" ] || fail "vfi wrote through the .vfi link"
}

t_a_record_that_is_a_link_is_named_and_never_written_through() {
    local dir before outside
    setup_outside
    dir=$(sample_data)
    cp "$dir/partners/P-0VKX2G.yaml" "$WORK/outside/keep.txt"
    rm "$dir/partners/P-0VKX2G.yaml"
    ln -s "$WORK/outside/keep.txt" "$dir/partners/P-0VKX2G.yaml"
    git -C "$dir" add -A && git -C "$dir" commit -qm "a link"
    before=$(snapshot "$dir")
    outside=$(outside_state)
    vfi -C "$dir" check
    expect_status 1
    expect_out_has "partners/P-0VKX2G.yaml: is a symbolic link, and vfi never follows a link inside a data directory — put the real file here instead of the link, or delete the link"
    vfi -C "$dir" partner set P-0VKX2G notes=x
    expect_status 3
    expect_unchanged "$dir" "$before"
    [ "$(outside_state)" = "$outside" ] || fail "vfi wrote through the link"
    [ -L "$dir/partners/P-0VKX2G.yaml" ] || fail "the link was replaced"
}

t_a_record_folder_that_is_a_link_is_named() {
    local dir outside
    setup_outside
    dir=$(sample_data)
    mv "$dir/reflections" "$WORK/outside/reflections"
    ln -s "$WORK/outside/reflections" "$dir/reflections"
    outside=$(outside_state)
    vfi -C "$dir" check
    expect_status 1
    expect_out_has "reflections: is a symbolic link, and vfi never follows a link inside a data directory"
    vfi -C "$dir" reflect add --by learning-partner --changing "Test"
    expect_status 3
    expect_err_has "reflections: is a symbolic link"
    [ "$(outside_state)" = "$outside" ] || fail "vfi wrote through the folder link"
}

t_a_fifo_named_like_a_record_is_named_not_waited_on() {
    local dir
    dir=$(sample_data)
    mkfifo "$dir/sessions/S-F1F000.yaml"
    "$VFI" -C "$dir" partner list >/dev/null 2>&1 # no session is read: must not hang either
    timeout 10 "$VFI" -C "$dir" check >"$WORK/.out" 2>"$WORK/.err"
    status=$?
    out=$(cat "$WORK/.out")
    [ "$status" -eq 124 ] && fail "vfi check hung on a FIFO"
    expect_status 1
    expect_out_has "sessions/S-F1F000.yaml: is a FIFO (a named pipe), not a regular file — move it out of the data directory"
    timeout 10 "$VFI" -C "$dir" report summary >/dev/null 2>&1
    [ $? -eq 124 ] && fail "vfi report hung on a FIFO"
}

t_a_draft_someone_committed_is_never_saved_into_a_record() {
    local dir clone before
    dir=$(sample_data)
    mkdir -p "$dir/.vfi"
    sed 's/^name: .*/name: Planted Name/' "$dir/partners/P-0VKX2G.yaml" >"$dir/.vfi/edit-P-0VKX2G.yaml"
    cp "$dir/partners/P-0VKX2G.yaml" "$dir/.vfi/edit-P-0VKX2G.base"
    git -C "$dir" add -f .vfi && git -C "$dir" commit -qm "planted draft"
    clone=$(fresh_clone "$dir")
    before=$(snapshot "$clone")
    EDITOR=true vfi -C "$clone" partner edit P-0VKX2G
    expect_status 3
    expect_err_has ".vfi/edit-P-0VKX2G.yaml: vfi cannot prove it kept this draft, so it will not use it"
    expect_unchanged "$clone" "$before"
    grep -q "Planted Name" "$clone/partners/P-0VKX2G.yaml" && fail "the planted draft was saved"
    return 0
}

t_vfi_folder_never_shows_in_git_status_nor_makes_a_report_uncommitted() {
    local dir
    # A data directory made by hand, with no .gitignore at all.
    dir=$(sample_data)
    rm -f "$dir/.gitignore"
    git -C "$dir" add -A && git -C "$dir" commit -qm "no gitignore"
    vfi -C "$dir" check
    vfi -C "$dir" partner set P-0VKX2G notes=x
    expect_status 0
    [ -d "$dir/.vfi" ] || fail "no .vfi was made"
    [ -z "$(git -C "$dir" status --porcelain)" ] || fail "git status shows: $(git -C "$dir" status --porcelain)"
    # Scratch files a killed command left beside the records are not data either.
    mkdir -p "$dir/.vfi/tmp" && echo torn >"$dir/.vfi/tmp/.vfi-tmp.P-0VKX2G.yaml.X1Y2Z3"
    vfi -C "$dir" report summary --format md
    expect_status 0
    [[ "$out" == *"with changes not yet committed"* ]] && fail "a scratch file made the report uncommitted"
    git -C "$dir" add -A
    git -C "$dir" diff --cached --name-only | grep -q '\.vfi' && fail "git add -A takes vfi's files"
    return 0
}

t_no_file_vfi_writes_is_open_to_group_or_world() {
    local dir p bad
    dir=$(sample_data)
    chmod 666 "$dir/partners/P-0VKX2G.yaml" # as a careless copy leaves it
    umask 000
    vfi -C "$dir" partner set P-0VKX2G notes=x
    p=$("$VFI" -C "$dir" partner add --name "Mode Test")
    vfi -C "$dir" report summary -o "$WORK/modes/summary.html"
    umask 022
    bad=$(find "$dir" "$WORK/modes" -path "$dir/.git" -prune -o -newer "$dir/vfi.yaml" -perm /022 -print)
    [ -z "$bad" ] || fail "group- or world-writable: $bad"
    [ "$(stat -c %a "$dir/partners/P-0VKX2G.yaml")" = 600 ] || fail "mode $(stat -c %a "$dir/partners/P-0VKX2G.yaml")"
    [ "$(stat -c %a "$dir/partners/$p.yaml")" = 600 ] || fail "a new record is not 0600"
}

t_a_repository_shared_by_a_group_gets_group_modes() {
    local dir p
    dir=$(sample_data)
    git -C "$dir" config core.sharedRepository group
    p=$("$VFI" -C "$dir" partner add --name "Group Test") || fail "add failed"
    [ "$(stat -c %a "$dir/partners/$p.yaml")" = 660 ] || fail "new record is $(stat -c %a "$dir/partners/$p.yaml"), not 660"
    vfi -C "$dir" partner set P-0VKX2G notes=x
    [ "$(stat -c %a "$dir/partners/P-0VKX2G.yaml")" = 660 ] || fail "rewritten record is not 660"
    rm -rf "$dir/.vfi"
    vfi -C "$dir" check
    [ "$(stat -c %a "$dir/.vfi")" = 2770 ] || fail ".vfi is $(stat -c %a "$dir/.vfi"), not 2770"
    [ "$(stat -c %a "$dir/.vfi/lock")" = 660 ] || fail ".vfi/lock is not 660"
}

t_missing_git_refuses_up_front_and_changes_nothing() {
    local dir before
    dir=$(sample_data)
    before=$(snapshot "$dir")
    PATH=/nonexistent "$VFI" -C "$dir" partner set P-0VKX2G notes=x >"$WORK/.out" 2>"$WORK/.err"
    status=$?
    err=$(cat "$WORK/.err")
    expect_status 7
    expect_err_has "git cannot be run (it is not installed, or not on PATH), so this change could not be committed — install git"
    expect_unchanged "$dir" "$before"
    # --no-commit is the way to change the files anyway.
    PATH=/nonexistent "$VFI" -C "$dir" --no-commit partner set P-0VKX2G notes=x >/dev/null 2>&1 ||
        fail "--no-commit did not change the files without git"
    # A report says it cannot be traced, not that the data is not in git.
    PATH=/nonexistent "$VFI" -C "$dir" report summary --format md >"$WORK/.out" 2>/dev/null
    grep -q "Data in git, but git could not be run, so these figures cannot be traced to a commit" "$WORK/.out" ||
        fail "the footer: $(tail -1 "$WORK/.out")"
    # vfi init makes nothing it cannot put in git.
    PATH=/nonexistent "$VFI" init "$WORK/no-git-here" >/dev/null 2>"$WORK/.err"
    [ $? -eq 7 ] || fail "init without git did not exit 7"
    grep -q "give --no-git to make it without git; nothing was created" "$WORK/.err" || fail "init: $(cat "$WORK/.err")"
    [ -e "$WORK/no-git-here" ] && fail "init made a folder it could not put in git"
    return 0
}

t_git_refusing_the_repository_refuses_up_front() {
    local dir before bin
    dir=$(sample_data)
    bin="$WORK/refusing-git"
    mkdir -p "$bin"
    # git as it answers in a repository another user owns.
    printf '#!/bin/sh\necho "fatal: detected dubious ownership in repository at '"'"'%s'"'"'" >&2\necho "To add an exception for this directory, call:" >&2\necho "	git config --global --add safe.directory %s" >&2\nexit 128\n' "$dir" "$dir" >"$bin/git"
    chmod +x "$bin/git"
    before=$(snapshot "$dir")
    PATH="$bin:$PATH" vfi -C "$dir" partner set P-0VKX2G notes=x
    expect_status 7
    expect_err_has "git refuses to work in this repository: fatal: detected dubious ownership"
    expect_err_has "tell git so: \`git config --global --add safe.directory '$dir'\`"
    expect_unchanged "$dir" "$before"
}

t_readers_wait_for_a_change_to_land_whole() {
    local dir writer started
    dir=$(sample_data)
    # A pre-commit hook holds the writer between landing its files and committing them.
    printf '#!/bin/sh\ntouch "%s/landed"\nsleep 2\n' "$WORK" >"$dir/.git/hooks/pre-commit"
    chmod +x "$dir/.git/hooks/pre-commit"
    rm -f "$WORK/landed"
    "$VFI" -C "$dir" match accept M-5J4V69 >/dev/null 2>&1 &
    writer=$!
    for _ in $(seq 200); do [ -e "$WORK/landed" ] && break; sleep 0.02; done
    [ -e "$WORK/landed" ] || fail "the writer never reached its commit"
    started=$(date +%s%N)
    vfi -C "$dir" check
    expect_status 0
    kill -0 "$writer" 2>/dev/null && fail "check finished before the writer had"
    wait "$writer" || fail "the writer failed"
    [ $(($(date +%s%N) - started)) -gt 500000000 ] || fail "check did not wait for the writer"
}

t_a_pager_left_open_holds_nobody_up() {
    local dir i started
    dir=$(sample_data)
    # Enough partners that their listing fills a pipe, so the reader blocks while writing it.
    for i in $(seq 1000 3999); do
        printf 'id: P-PG%s\nname: Pager Test Person Number %s\nstatus: enquiry\n' "$i" "$i" >"$dir/partners/P-PG$i.yaml"
    done
    git -C "$dir" add -A && git -C "$dir" commit -qm "many partners"
    "$VFI" -C "$dir" partner list --fields id,name | (sleep 8; cat >/dev/null) &
    local pager=$!
    sleep 1
    started=$(date +%s)
    vfi -C "$dir" partner set P-0VKX2G notes=paging
    expect_status 0
    [ $(($(date +%s) - started)) -lt 5 ] || fail "a writer waited on a reader whose pager was not reading"
    wait "$pager" 2>/dev/null
}

t_a_person_typing_holds_nobody_up() {
    local dir started
    command -v script >/dev/null || { echo "  (skipped: script(1) is not installed)"; return; }
    dir=$(sample_data)
    mkfifo "$WORK/typing"
    # reflect add at a terminal, waiting at its first question for as long as the FIFO is open.
    (exec 3>"$WORK/typing"; sleep 8) &
    local holder=$!
    script -qec "$VFI -C '$dir' reflect add" /dev/null <"$WORK/typing" >/dev/null 2>&1 &
    local asking=$!
    sleep 1
    started=$(date +%s)
    vfi -C "$dir" check
    expect_status 0
    vfi -C "$dir" partner set P-0VKX2G notes=typing
    expect_status 0
    [ $(($(date +%s) - started)) -lt 5 ] || fail "a reader or writer waited on a person typing"
    kill "$holder" "$asking" 2>/dev/null
    wait 2>/dev/null
}

t_text_that_no_record_can_hold_is_bad_data_not_a_crash() {
    local dir before
    dir=$(sample_data)
    before=$(snapshot "$dir")
    vfi -C "$dir" partner set P-0VKX2G "notes=bad $(printf '\xff') byte"
    expect_status 3
    expect_err_has "partners/P-0VKX2G.yaml: notes: is not valid UTF-8 text — retype it"
    printf 'fine\nbad \xc3 here\n' >"$WORK/bad-notes.txt"
    vfi -C "$dir" session log M-33CYT8 --date 2026-11-20 --minutes 60 --notes-file "$WORK/bad-notes.txt"
    expect_status 3
    expect_err_has "$WORK/bad-notes.txt:2:5: is not valid UTF-8 text"
    head -c 1100000 /dev/zero | tr '\0' x >"$WORK/long-notes.txt"
    vfi -C "$dir" session log M-33CYT8 --date 2026-11-20 --minutes 60 --notes-file "$WORK/long-notes.txt"
    expect_status 3
    expect_err_has "notes: would make the record 1100079 bytes, over the limit of 1048576"
    expect_unchanged "$dir" "$before"
}

t_money_beyond_any_real_rate_is_refused_never_wrapped() {
    local dir
    dir=$(sample_data)
    sed -i 's/hourly: 25/hourly: 999999999999999/' "$dir/vfi.yaml"
    git -C "$dir" commit -qam "a typo"
    vfi -C "$dir" check
    expect_status 1
    expect_out_has "vfi.yaml:23:15: payments.rates.hourly: '999999999999999' is more than £10000 a session or hour"
    vfi -C "$dir" report payments --month 2023-03
    expect_status 3
    [[ "$out" == *"-74457345618211"* ]] && fail "a wrapped-round amount was printed"
    return 0
}

t_today_is_the_programmes_date_whatever_the_machines_zone() {
    local dir l london
    dir=$(new_data)
    # Kiritimati is 14 hours ahead of UTC: for most of London's day it is already tomorrow there.
    london=$(TZ=Europe/London date +%F)
    l=$(env -u VFI_TODAY TZ=Pacific/Kiritimati "$VFI" -C "$dir" leader add --name "Zone Test" --organisation "Test Trust")
    [ "$(sed -n 's/^enquired: //p' "$dir/leaders/$l.yaml")" = "$london" ] ||
        fail "enquired $(sed -n 's/^enquired: //p' "$dir/leaders/$l.yaml"), but it is $london in London"
    env -u VFI_TODAY "$VFI" -C "$dir" check || fail "check refuses what add wrote"
    # Another zone for the programme, and one vfi does not know.
    sed -i 's|^time_zone: .*|time_zone: Mars/Olympus|' "$dir/vfi.yaml"
    vfi -C "$dir" check
    expect_status 1
    expect_out_has "vfi.yaml:7:12: time_zone: 'Mars/Olympus' is not a time zone vfi knows"
}

t_a_partner_listed_twice_is_never_paid_twice() {
    local dir before
    dir=$(sample_data)
    before=$(snapshot "$dir")
    vfi -C "$dir" session log --type advisory-group --partners P-JWK3TM,P-JWK3TM,p-jwk3 --date 2024-03-20 --minutes 120
    expect_status 3
    expect_err_has "--partners: P-JWK3TM is listed more than once — list each record once"
    expect_unchanged "$dir" "$before"
    # By hand, through git: check names it, and payments refuse to count it.
    printf 'id: S-D0BB1E\ntype: advisory-group\npartners: [P-JWK3TM, P-JWK3TM]\ndate: 2024-03-20\nminutes: 120\nstatus: held\n' \
        >"$dir/sessions/S-D0BB1E.yaml"
    vfi -C "$dir" check
    expect_status 1
    expect_out_has "sessions/S-D0BB1E.yaml:3:22: partners: P-JWK3TM is listed more than once"
    vfi -C "$dir" report payments --month 2024-03
    expect_status 3
}

t_two_rates_from_one_day_are_refused() {
    local dir
    dir=$(sample_data)
    sed -i 's/^  rates:$/  rates:\n    - from: 2021-04-01\n      session: 60\n      hourly: 30/' "$dir/vfi.yaml"
    vfi -C "$dir" check
    expect_status 1
    expect_out_has "payments.rates.from: another rate also starts on 2021-04-01 — keep one rate for each date"
}

t_a_record_git_ignores_is_named_and_never_counted_as_committed() {
    local dir before p
    dir=$(sample_data)
    echo '*.yaml' >>"$dir/.gitignore"
    git -C "$dir" add .gitignore && git -C "$dir" commit -qm "keep exports out"
    before=$(snapshot "$dir")
    vfi -C "$dir" partner add --name "Ignored Person"
    expect_status 7
    expect_err_has "a pattern in a .gitignore matches these files, so git leaves them out: find it with \`git check-ignore -v FILE\`, change it, then run the command again; nothing was changed"
    expect_unchanged "$dir" "$before"
    # One made by hand, or with --no-commit, is named, and keeps reports from saying all is committed.
    p=$("$VFI" -C "$dir" --no-commit partner add --name "Ignored Person") || fail "--no-commit add"
    vfi -C "$dir" check
    expect_status 1
    expect_out_has "partners/$p.yaml: git ignores this file (a pattern in a .gitignore matches it), so it is never committed or shared"
    vfi -C "$dir" report summary --format md
    expect_out_has "with changes not yet committed"
}

t_a_report_is_never_written_through_a_linked_folder_in_the_data_directory() {
    local dir outside
    setup_outside
    dir=$(sample_data)
    ln -s "$WORK/outside/folder" "$dir/reports"
    git -C "$dir" add reports && git -C "$dir" commit -qm "a link"
    outside=$(outside_state)
    vfi -C "$dir" report summary -o "$dir/reports/summary.html"
    expect_status 3
    expect_err_has "reports: is a symbolic link, and vfi never follows a link inside a data directory"
    [ "$(outside_state)" = "$outside" ] || fail "the report went through the link"
}

t_a_repository_shared_by_a_group_stays_shared_when_git_refuses() {
    local dir bin p
    dir=$(sample_data)
    git -C "$dir" config core.sharedRepository group
    bin="$WORK/refusing-git-2"
    mkdir -p "$bin"
    printf '#!/bin/sh\necho "fatal: detected dubious ownership in repository" >&2\nexit 128\n' >"$bin/git"
    chmod +x "$bin/git"
    rm -rf "$dir/.vfi"
    PATH="$bin:$PATH" "$VFI" -C "$dir" check >/dev/null 2>&1
    [ "$(stat -c %a "$dir/.vfi")" = 2770 ] || fail ".vfi is $(stat -c %a "$dir/.vfi") when git refuses, not 2770"
    p=$(PATH="$bin:$PATH" "$VFI" -C "$dir" --no-commit partner add --name "Group Test") || fail "add"
    [ "$(stat -c %a "$dir/partners/$p.yaml")" = 660 ] || fail "a record is $(stat -c %a "$dir/partners/$p.yaml") when git refuses"
}

t_a_draft_is_never_trusted_when_git_cannot_say_who_made_it() {
    local dir clone
    dir=$(sample_data)
    mkdir -p "$dir/.vfi"
    sed 's/^name: .*/name: Planted Name/' "$dir/partners/P-0VKX2G.yaml" >"$dir/.vfi/edit-P-0VKX2G.yaml"
    cp "$dir/partners/P-0VKX2G.yaml" "$dir/.vfi/edit-P-0VKX2G.base"
    git -C "$dir" add -f .vfi && git -C "$dir" commit -qm "planted draft"
    clone=$(fresh_clone "$dir")
    EDITOR=true PATH=/nonexistent "$VFI" -C "$clone" --no-commit partner edit P-0VKX2G >/dev/null 2>"$WORK/.err"
    [ $? -eq 3 ] || fail "edit used a draft it could not prove it kept"
    grep -q "vfi cannot prove it kept this draft" "$WORK/.err" || fail "$(cat "$WORK/.err")"
    grep -q "Planted Name" "$clone/partners/P-0VKX2G.yaml" && fail "the planted draft was saved"
    return 0
}

run_tests
