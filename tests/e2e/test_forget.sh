#!/usr/bin/env bash
# partner/leader forget: a person with data in every place it can be is forgotten, the
# printed history steps are followed in the user's copy (a bare repository stands in for the
# shared server), and then nothing of them is left anywhere: not in any file, not in any
# commit, not in any object of a fresh clone. Each refusal changes nothing. --purge-steps
# prints the steps again after a kill. Fictional people only.
source "$(dirname "$0")/lib.sh"

P=P-NFH7Q2   # the partner who asks to be forgotten
P2=P-K8M4RT  # another partner, in a group session with them
L=L-0M3X9A   # the leader they coached
L2=L-BR5T6C  # another leader
M=M-Q4D2ZZ   # their match
M2=M-X7W3EE  # another pair's match
NAME="Nadia Fenwick-Hale"
EMAIL="nadia.fh@example.org"
PHONE="07700 900555"
# Every confidential value holds SECRET, so one search finds any of them.

# Writes a record file as given.
put() { mkdir -p "$(dirname "$DIR/$1")" && printf '%s\n' "$2" >"$DIR/$1"; }
commit() { git -C "$DIR" add -A && git -C "$DIR" commit -qm "$1"; }

# A data directory whose path holds a space and a quote, linked to a bare "origin", with
# the partner's data in every place it can be, some of it only in history.
rich_data() {
    local origin="$WORK/origin $RANDOM.git"
    DIR="$WORK/Jo's Programme $RANDOM"
    git init -q --bare -b main "$origin"
    "$VFI" init "$DIR" >/dev/null || return 1
    git -C "$DIR" remote add origin "$origin"
    put partners/$P.yaml "id: $P
name: $NAME
preferred_name: Nadia FH
pronouns: she/her
status: active
joined: 2022-02-14
roles: [lived-experience-partner, advisory-group]
lived_experience: [mental-health]
region: west-midlands
modes: [online]
capacity: 2
training:
  cohort: lep-2022-a
  completed: 2022-02-09
  assessor_remarks: SECRET-training-remark
payment:
  eligible: true
  account_name: SECRET-account-name
  sort_code: SECRET-sort-code
access_needs: SECRET-access
contact:
  email: $EMAIL
  phone: \"$PHONE\"
equality:
  ethnicity: black-caribbean
  disability: yes-limited-a-lot
emergency_contact: SECRET-emergency
notes: SECRET-partner-notes"
    put partners/$P2.yaml "id: $P2
name: Ravi Brook
status: active
joined: 2022-02-14
region: london
modes: [online]
training:
  completed: 2022-02-09"
    put leaders/$L.yaml "id: $L
name: Omar Lindqvist
organisation: Westvale Council
status: completed
enquired: 2022-01-10
left: 2023-01-31"
    put leaders/$L2.yaml "id: $L2
name: Bea Rook
organisation: Eastbank NHS Trust
status: waiting
enquired: 2022-01-10
preferences: someone who has used mental health services"
    put matches/$M.yaml "id: $M
partner: $P
leader: $L
status: completed
proposed: 2022-03-01
started: 2022-03-07
ended: 2023-01-31
end_reason: SECRET-end-reason
end_category: other
score: 7.5
reasons: [\"SECRET-reason: shared lived experience: mental-health\"]
referral_note: SECRET-referral"
    put sessions/S-AAAA01.yaml "# SECRET-comment about the session
id: S-AAAA01
match: $M
date: 2022-04-01
minutes: 60
status: held
topics: [power]
follow_ups: [SECRET-follow-up]
private_aside: SECRET-aside
notes: SECRET-session-notes"
    put sessions/S-AAAA02.yaml "id: S-AAAA02
match: $M
date: 2022-05-01
status: cancelled
cancel_reason: SECRET-cancel-reason"
    put sessions/S-AAAA03.yaml "id: S-AAAA03
type: advisory-group
partners: [$P, $P2]
date: 2022-06-01
minutes: 90
status: held
notes: SECRET-group-notes"
    put sessions/S-AAAA04.yaml "id: S-AAAA04
match: $M
date: 2022-07-01
minutes: 45
status: held
notes: SECRET-cleared-earlier"
    put sessions/S-AAAA05.yaml "id: S-AAAA05
match: $M
date: 2022-08-01
minutes: 45
status: held
notes: SECRET-deleted-session"
    put reflections/R-AAAA01.yaml "id: R-AAAA01
date: 2022-09-01
by: $P
about: $M
stage: midpoint
changing: SECRET-changing
how: SECRET-how
barriers: [SECRET-barrier]
themes: [power]
quotes:
  - text: SECRET-quote
    consent: true
scores:
  confidence_coaching: 6
private_thoughts: SECRET-private-thoughts"
    put reflections/R-AAAA02.yaml "id: R-AAAA02
date: 2022-09-02
by: $L
about: $M
stage: end
changing: more listening
themes: [people]"
    put notes.txt "Contact $NAME on $EMAIL or $PHONE"
    mkdir -p "$DIR/old"
    printf 'name,email\n%s,%s\n' "$NAME" "$EMAIL" >"$DIR/old/volunteers.csv"
    commit "records" || return 1
    # Earlier edits that leave the data only in history: notes cleared by `set`, a file
    # reworded, a session deleted, a spreadsheet renamed and then deleted.
    "$VFI" -C "$DIR" session set S-AAAA04 notes= >/dev/null || return 1
    put notes.txt "Contact the programme team"
    git -C "$DIR" rm -q sessions/S-AAAA05.yaml
    git -C "$DIR" mv old/volunteers.csv old/imported.csv
    commit "tidy" || return 1
    git -C "$DIR" rm -q old/imported.csv
    commit "imported" || return 1
    git -C "$DIR" push -q origin main || return 1
    # An edit of their record given up, kept in .vfi.
    printf 'id: %s\nname: %s\nnotes: SECRET-draft\n' $P "$NAME" >"$DIR/.vfi/edit-$P.yaml"
    cp "$DIR/partners/$P.yaml" "$DIR/.vfi/edit-$P.base"
    "$VFI" -C "$DIR" check >&2 || { echo "rich_data: check failed" >&2; return 1; }
}

# Every trace of the person in a repository: files outside .git, any commit of any branch,
# any object git still has. Prints what it finds.
traces() {
    local repo=$1
    # The markers are upper case (vfi.yaml's own comments speak of a secret key).
    { grep -r -l -e SECRET --exclude-dir=.git "$repo"
      grep -r -l -i -e "$NAME" -e "$EMAIL" -e "$PHONE" --exclude-dir=.git "$repo"; } | sort -u
    git -C "$repo" log --all -p | grep -e SECRET -e "$NAME" -e "$EMAIL" -e "$PHONE" | head -5
    git -C "$repo" log --all -p | grep -i -e "$NAME" -e "$EMAIL" | head -5
    git -C "$repo" cat-file --batch-all-objects --batch |
        grep -a -e SECRET -e "$NAME" -e "$EMAIL" -e "$PHONE" | head -5
    git -C "$repo" cat-file --batch-all-objects --batch | grep -a -i -e "$NAME" -e "$EMAIL" | head -5
    git -C "$repo" log --all -p -- "partners/$P.yaml" | grep -e equality -e ethnicity | head -2
}

# The commands the forget output gives in a step (the line after "N." that starts with cd).
step_command() { printf '%s\n' "$2" | sed -n "/^  $1\\. /,/^  [0-9]\\. /p" | grep '^       cd ' | sed 's/^       //'; }

t_forget_then_the_printed_steps_leave_no_trace_anywhere() {
    if ! command -v git-filter-repo >/dev/null; then
        echo "  skipped: git-filter-repo is not installed (Makefile PACKAGES lists it)"
        return
    fi
    rich_data || { fail "setup"; return; }
    # Records read as of a commit are cached by vfi: those caches must not keep them. The
    # working tree's cache would answer for HEAD's blobs once it trusts its stamps (a second
    # after `check` wrote it, so on a slow run only): without it the object cache is written.
    rm -f "$DIR"/.vfi/cache/*/partners
    "$VFI" -C "$DIR" --as-of HEAD partner list >/dev/null || fail "--as-of"
    ls "$DIR"/.vfi/cache/*/objects.partners >/dev/null || fail "no object cache to test"
    vfi -C "$DIR" partner forget $P
    expect_status 0
    expect_err_empty
    local printed=$out
    expect_out_has "Forgot $P: erased name, preferred_name, pronouns, lived_experience, training.assessor_remarks, payment.account_name, payment.sort_code, access_needs, contact, equality, emergency_contact, notes from partners/$P.yaml."
    expect_out_has "Cleared the reasons and end reasons of 1 match ($M)"
    expect_out_has "Cleared the notes, follow-ups and cancel reasons of 3 sessions (S-AAAA01, S-AAAA02, S-AAAA03)."
    expect_out_has "Cleared what $P said in 1 reflection (R-AAAA01)"
    expect_out_has "Deleted 2 unsaved edit files of their records (.vfi/edit-$P.yaml, .vfi/edit-$P.base)."
    [ -e "$DIR/.vfi/edit-$P.yaml" ] && fail "the unsaved edit is still there"
    [ "$(git -C "$DIR" log -1 --format=%s)" = "partner: forget $P" ] || fail "commit message"
    [ -z "$(git -C "$DIR" status --porcelain)" ] || fail "tree not clean"
    # The working tree and HEAD are already clean; the anonymous facts stay.
    grep -r -i -e SECRET -e "$NAME" -e "$EMAIL" "$DIR"/partners "$DIR"/matches "$DIR"/sessions \
        "$DIR"/reflections && fail "still in the records"
    grep -qx "  eligible: true" "$DIR/partners/$P.yaml" || fail "payment.eligible lost"
    grep -qx "  completed: 2022-02-09" "$DIR/partners/$P.yaml" || fail "training.completed lost"
    grep -qx "end_category: other" "$DIR/matches/$M.yaml" || fail "end_category lost"
    grep -qx "score: 7.5" "$DIR/matches/$M.yaml" || fail "score lost"
    grep -qx "minutes: 60" "$DIR/sessions/S-AAAA01.yaml" || fail "minutes lost"
    grep -q "confidence_coaching: 6" "$DIR/reflections/R-AAAA01.yaml" || fail "scores lost"
    vfi -C "$DIR" check
    expect_status 0
    # Their history in plain words shows when fields changed, never what they held: not in
    # their record, nor in the records the forget cleaned (the match's reasons, the sessions'
    # notes), in any field asked for by name; nor does a record read as it was before.
    vfi -C "$DIR" log $P --fields name,contact,notes
    expect_status 0
    expect_out_has "(forgotten)"
    [[ "$out" == *"$NAME"* || "$out" == *"$EMAIL"* || "$out" == *SECRET* ]] && fail "log shows their data"
    vfi -C "$DIR" log --format json
    expect_status 0
    [[ "$out" == *"$NAME"* || "$out" == *"$EMAIL"* || "$out" == *SECRET* ]] && fail "log shows their data: $(grep -o '"[^"]*SECRET[^"]*"' <<<"$out" | head -3)"
    vfi -C "$DIR" log $M --fields reasons,end_reason,referral_note
    [[ "$out" == *SECRET* ]] && fail "log shows the match's reasons"
    vfi -C "$DIR" log S-AAAA01 --fields notes,follow_ups
    [[ "$out" == *SECRET* ]] && fail "log shows the session's notes"
    vfi -C "$DIR" --as-of HEAD~1 partner show $P --format json
    expect_status 0
    [[ "$out" == *"$NAME"* || "$out" == *SECRET* ]] && fail "--as-of before the forget shows their data"
    vfi -C "$DIR" --as-of HEAD~1 match show $M --format json
    [[ "$out" == *SECRET* ]] && fail "--as-of before the forget shows the match's reasons"
    # The kit: every file that ever held their data, deleted and renamed ones included.
    local kit="$DIR/.vfi/forget-$P" f
    for f in partners/$P.yaml matches/$M.yaml sessions/S-AAAA01.yaml sessions/S-AAAA04.yaml \
        sessions/S-AAAA05.yaml reflections/R-AAAA01.yaml reflections/R-AAAA02.yaml notes.txt \
        old/volunteers.csv old/imported.csv; do
        grep -qxF "literal:$f" "$kit/paths.txt" || fail "paths.txt lacks $f"
    done
    grep -qF "literal:leaders/$L2.yaml" "$kit/paths.txt" && fail "paths.txt names an unrelated record"
    cmp -s "$kit/files/partners/$P.yaml" "$DIR/partners/$P.yaml" || fail "kit copy differs"
    git -C "$DIR" push -q origin main || fail "push"

    # The steps exactly as printed, every path quoted (the folder's name has a space and a quote).
    local s2 s3 s4
    s2=$(step_command 2 "$printed")
    s3=$(step_command 3 "$printed")
    s4=$(step_command 4 "$printed")
    [ -n "$s2" ] && [ -n "$s3" ] && [ -n "$s4" ] || fail "steps not found in: $printed"
    (cd "$WORK" && bash -ec "$s2") >/dev/null 2>&1 || fail "step 2 failed: $s2"
    (cd "$WORK" && bash -ec "$s3") >/dev/null 2>&1 || fail "step 3 failed: $s3"
    (cd "$WORK" && bash -ec "$s4") >/dev/null 2>&1 || fail "step 4 failed: $s4"
    # Step 5: a fresh clone, and the user's own copy, hold nothing of them.
    # (--no-local: only what the server gives a clone, as over the network; the server itself
    # keeps the old objects until it is cleaned up, which the guide explains.)
    git clone -q --no-local "$(git -C "$DIR" remote get-url origin)" "$WORK/fresh-forget"
    local found
    found=$(traces "$WORK/fresh-forget")
    [ -z "$found" ] || fail "the fresh clone still holds: $found"
    found=$(traces "$DIR" | grep -v "^$DIR/.vfi/forget-$P/")
    [ -z "$found" ] || fail "the user's copy still holds: $found"
    vfi -C "$WORK/fresh-forget" check
    expect_status 0
    # History before the purge lacks their files: a report as of then says so.
    vfi -C "$WORK/fresh-forget" report summary --as-of HEAD~1
    expect_status 1
    expect_err_has "a person was erased from git history after commit $(git -C "$WORK/fresh-forget" rev-parse --short HEAD~1)"
    [ "$(ls "$WORK/fresh-forget/sessions" | wc -l)" = 4 ] || fail "sessions lost"
    grep -qx "name: (forgotten)" "$WORK/fresh-forget/partners/$P.yaml" || fail "record lost"
    grep -qx "changing: more listening" "$WORK/fresh-forget/reflections/R-AAAA02.yaml" ||
        fail "the leader's reflection lost"
    vfi -C "$DIR" partner forget --purge-steps $P
    expect_status 0
    expect_out_has "Git history holds no earlier version of the"
}

t_a_leader_brought_back_in_another_clone_is_named() {
    # Leaders are read a chunk at a time by check (none kept): their file is read again.
    rich_data || { fail "setup"; return; }
    "$VFI" -C "$DIR" leader forget $L2 >/dev/null || { fail "forget"; return; }
    local other="$WORK/other-leader-clone"
    git clone -q "$DIR" "$other" || { fail "clone"; return; }
    git -C "$other" revert --no-edit HEAD >/dev/null || { fail "revert"; return; }
    vfi -C "$other" check
    expect_status 1
    expect_out_has "leaders/$L2.yaml:1: forgotten: $L2 was forgotten (a commit \`leader: forget $L2\` is in the history), but the record is no longer marked forgotten"
}

t_an_old_copy_brought_back_in_another_clone_is_named() {
    rich_data || { fail "setup"; return; }
    "$VFI" -C "$DIR" partner forget $P >/dev/null || { fail "forget"; return; }
    local other="$WORK/other-clone"
    git clone -q "$DIR" "$other" || { fail "clone"; return; }
    git -C "$other" checkout -q HEAD~1 -- "partners/$P.yaml"
    git -C "$other" commit -qm "put back" || { fail "commit"; return; }
    vfi -C "$other" check
    expect_status 1
    expect_out_has "partners/$P.yaml:1: forgotten: $P was forgotten (a commit \`partner: forget $P\` is in the history), but the record is no longer marked forgotten"
    vfi -C "$other" report summary
    expect_status 3
    [[ "$out" == *"$NAME"* || "$err" == *"$NAME"* ]] && fail "the report shows their name"
    vfi -C "$other" check --as-of HEAD
    expect_status 1
    expect_out_has "was forgotten"
}

t_a_record_about_them_with_a_problem_stops_forget() {
    local before
    rich_data || { fail "setup"; return; }
    sed -i 's/^date: 2022-05-01$/date: 2022-13-01/' "$DIR/sessions/S-AAAA02.yaml"
    # A broken record about someone else does not.
    put sessions/S-BBBB01.yaml "id: S-BBBB01
match: $M2
date: 2022-13-01
status: held"
    commit "broken"
    before=$(snapshot "$DIR")
    vfi -C "$DIR" partner forget $P
    expect_status 3
    expect_out_empty
    expect_err "sessions/S-AAAA02.yaml:3:7: date: '2022-13-01' has no month 13 — write the date as YYYY-MM-DD, e.g. 2024-03-18
vfi: 1 record about $P has a problem — forget must read every record about them to erase what it holds: fix each problem above (\`vfi check\` lists them all), then run forget again; nothing was changed"
    expect_unchanged "$DIR" "$before"
    [ -e "$DIR/.vfi/edit-$P.yaml" ] || fail "the unsaved edit was deleted"
    [ -e "$DIR/.vfi/forget-$P" ] && fail "a kit was made"
    # A copy of one of their records under a name vfi does not read, and their own record.
    sed -i 's/^date: 2022-13-01$/date: 2022-05-01/' "$DIR/sessions/S-AAAA02.yaml"
    cp "$DIR/sessions/S-AAAA01.yaml" "$DIR/sessions/S-AAAA01 (copy).yaml"
    sed -i 's/^status: active$/status: activ/' "$DIR/partners/$P.yaml"
    before=$(snapshot "$DIR")
    vfi -C "$DIR" partner forget $P
    expect_status 3
    expect_err_has "partners/$P.yaml:5:9: status: 'activ' is not one of"
    expect_err_has "sessions/S-AAAA01 (copy).yaml: not a record file name — "
    expect_err_has "vfi: 2 records about $P have a problem"
    expect_unchanged "$DIR" "$before"
}

t_their_name_in_other_records_stops_forget_without_showing_it() {
    local before
    rich_data || { fail "setup"; return; }
    put leaders/$L2.yaml "id: $L2
name: Bea Rook
organisation: Eastbank NHS Trust
status: waiting
enquired: 2022-01-10
preferences: someone like NADIA
  fenwick-hale"
    put reflections/R-AAAA03.yaml "# Ask $EMAIL first
id: R-AAAA03
date: 2022-09-03
by: learning-partner
about: programme
changing: more co-production"
    put notes.txt "Nadia Fenwick-Hale"
    commit "mentions"
    printf 'id: %s\nname: Bea Rook\nnotes: met %s\n' $L2 "$NAME" >"$DIR/.vfi/edit-$L2.yaml"
    before=$(snapshot "$DIR")
    vfi -C "$DIR" partner forget $P
    expect_status 3
    expect_out_empty
    expect_err ".vfi/edit-$L2.yaml:3: holds $P's name — an edit you gave up: finish it (\`vfi leader edit $L2\`) or delete the file
leaders/$L2.yaml:6:14: preferences: holds $P's name — reword it so it does not name them (\`vfi leader edit $L2\`)
notes.txt:1: holds $P's name — reword it so it does not name them, or delete the file (and commit that)
reflections/R-AAAA03.yaml:1: a comment holds $P's email address — remove the comment or reword it (\`vfi reflect edit R-AAAA03\`)
vfi: 4 places that forget would keep hold $P's name or email address — forget cannot reword what others wrote: reword each place above so it does not name them (the text is not shown here), then run forget again; nothing was changed"
    [[ "$err" == *Nadia* || "$err" == *"$EMAIL"* ]] && fail "the message shows the text"
    expect_unchanged "$DIR" "$before"
    [ -e "$DIR/.vfi/edit-$P.yaml" ] || fail "the unsaved edit was deleted"
    [ -e "$DIR/.vfi/forget-$P" ] && fail "a kit was made"
}

# Runs `forget $P` with a git hook ($1: pre-commit or post-commit, exiting $2) that kills it.
forget_killed_in_hook() {
    cat >"$DIR/.git/hooks/$1" <<EOF
#!/bin/sh
while [ ! -s "$WORK/forget.pid" ]; do sleep 0.01; done
kill -9 \$(cat "$WORK/forget.pid")
exit ${2:-0}
EOF
    chmod +x "$DIR/.git/hooks/$1"
    rm -f "$WORK/forget.pid"
    (
        "$VFI" -C "$DIR" partner forget $P >/dev/null 2>&1 &
        echo $! >"$WORK/forget.pid"
        wait $!
        echo $? >"$WORK/forget.status"
    ) 2>/dev/null
    [ "$(cat "$WORK/forget.status")" = 137 ] || fail "forget was not killed"
    rm "$DIR/.git/hooks/$1"
}

t_purge_steps_again_after_a_kill() {
    local quoted head
    rich_data || { fail "setup"; return; }
    quoted=$(printf '%s' "$DIR" | sed "s/'/'\\\\''/g")
    vfi -C "$DIR" partner forget --purge-steps $P
    expect_status 4
    expect_err "vfi: $P has not been forgotten, so there are no steps — \`vfi partner forget $P\` erases their personal data and prints them"
    # Killed once the records have landed, before git has committed them: the next command
    # puts them back, and git's index with them; forget can be run again.
    head=$(git -C "$DIR" rev-parse HEAD)
    forget_killed_in_hook pre-commit 1
    grep -qx "name: (forgotten)" "$DIR/partners/$P.yaml" || fail "the records did not land"
    vfi -C "$DIR" partner forget --purge-steps $P
    expect_status 4
    expect_err_has "$P has not been forgotten"
    grep -qx "name: (forgotten)" "$DIR/partners/$P.yaml" && fail "the records were not put back"
    [ "$(git -C "$DIR" rev-parse HEAD)" = "$head" ] || fail "a commit was made"
    [ -z "$(git -C "$DIR" status --porcelain)" ] || fail "git status: $(git -C "$DIR" status --porcelain)"
    # Killed after git committed them, before vfi printed the steps: the change stays, and
    # the steps are printed again.
    forget_killed_in_hook post-commit
    [ "$(git -C "$DIR" rev-parse HEAD~1)" = "$head" ] || fail "no commit was made"
    vfi -C "$DIR" partner forget --purge-steps nfh7
    expect_status 0
    expect_err_empty
    expect_out_has "git filter-repo --force --invert-paths --paths-from-file '$quoted/.vfi/forget-$P/paths.txt'"
    expect_out_has "To see these steps again: vfi partner forget --purge-steps $P"
    grep -qx "name: (forgotten)" "$DIR/partners/$P.yaml" || fail "the records were put back"
    [ -z "$(git -C "$DIR" status --porcelain)" ] || fail "git status: $(git -C "$DIR" status --porcelain)"
    vfi -C "$DIR" partner forget $P
    expect_status 8
    expect_err "vfi: $P was already forgotten on 2026-11-23 — nothing was changed; \`vfi partner forget --purge-steps $P\` prints the steps for git history again"
    rm -r "$DIR/.vfi/forget-$P"
    vfi -C "$DIR" partner forget --purge-steps $P
    expect_status 4
    expect_err "vfi: .vfi/forget-$P: $P was forgotten on 2026-11-23, but the steps for erasing them from git history are not here — they are kept only on the computer where forget ran, and deleted once the steps are done"
}

t_check_finds_any_other_part_on_a_forgotten_record() {
    rich_data || { fail "setup"; return; }
    "$VFI" -C "$DIR" partner forget $P >/dev/null || { fail "forget"; return; }
    # A part of payment put back by hand.
    sed -i '/^payment:$/a\  account_name: Someone' "$DIR/partners/$P.yaml"
    vfi -C "$DIR" check
    expect_status 1
    expect_out_has "payment.account_name: is kept on a record marked forgotten — remove it with \`vfi partner edit $P\`"
}

t_leader_forget_keeps_the_organisation_required() {
    rich_data || { fail "setup"; return; }
    vfi -C "$DIR" leader forget $L
    expect_status 0
    expect_out_has "Forgot $L: erased name, organisation from leaders/$L.yaml."
    grep -qx "organisation: (forgotten)" "$DIR/leaders/$L.yaml" || fail "organisation"
    # Their match and its sessions are cleared too: they are about both people.
    grep -q SECRET "$DIR/matches/$M.yaml" "$DIR/sessions/S-AAAA01.yaml" && fail "match or session kept"
    vfi -C "$DIR" check
    expect_status 0
}

# A leader in an action learning group: the group's session is theirs too, so its notes go,
# and its list of leaders (ids, not names) and its history of statuses stay.
t_leader_forget_clears_the_group_sessions_they_were_in() {
    local dir s
    dir=$(sample_data)
    s=$("$VFI" -C "$dir" session log --type action-learning --partners P-JWK3TM \
        --leaders L-3BG3KX,L-C09M1H --date 2026-11-02 --minutes 120 --notes "Kept private") ||
        { fail "setup"; return; }
    "$VFI" -C "$dir" leader status L-3BG3KX waiting --date 2026-11-03 >/dev/null || fail "status"
    printf '    note: Maya Test said she was unwell\n' >>"$dir/leaders/L-3BG3KX.yaml"
    git -C "$dir" commit -qam "a note written into a history step"
    vfi -C "$dir" leader forget L-3BG3KX
    expect_status 0
    grep -q "Kept private" "$dir/sessions/$s.yaml" && fail "the group session's notes were kept"
    grep -qx "leaders: \[L-3BG3KX, L-C09M1H\]" "$dir/sessions/$s.yaml" || fail "leaders lost: $(cat "$dir/sessions/$s.yaml")"
    grep -q "Maya" "$dir/leaders/L-3BG3KX.yaml" && fail "a note in the history was kept"
    grep -qx "    status: waiting" "$dir/leaders/L-3BG3KX.yaml" || fail "history lost: $(cat "$dir/leaders/L-3BG3KX.yaml")"
    vfi -C "$dir" check
    expect_status 0
}

t_forget_on_the_sample_programme() {
    local dir kit amara=P-JWK3TM
    dir=$(sample_data)
    kit="$dir/.vfi/forget-$amara"
    vfi -C "$dir" partner forget $amara
    expect_status 0
    expect_out_has "Forgot $amara: erased name, pronouns, lived_experience, interests, contact, consent, equality from partners/$amara.yaml."
    expect_out_has "Cleared the notes, follow-ups and cancel reasons of 15 sessions"
    expect_out_has "Git history still holds earlier versions of 26 files, in 1 commit."
    expect_out_has "git filter-repo --force --invert-paths --paths-from-file '$kit/paths.txt'"
    [ "$(git -C "$dir" log -1 --format=%s)" = "partner: forget $amara" ] || fail "commit message"
    git -C "$dir" grep -q -i "Amara" HEAD -- . && fail "the name is still in the tree"
    git -C "$dir" grep -q "amara.okafor@example.org" HEAD -- . && fail "the email is still in the tree"
    grep -qx "status: active" "$dir/partners/$amara.yaml" || fail "status lost"
    grep -qx "joined: 2022-02-14" "$dir/partners/$amara.yaml" || fail "dates lost"
    [ "$(grep -c '^literal:' "$kit/paths.txt")" = 26 ] || fail "paths.txt: $(cat "$kit/paths.txt")"
    cmp -s "$kit/files/partners/$amara.yaml" "$dir/partners/$amara.yaml" || fail "kit copy differs"
    [ -z "$(git -C "$dir" status --porcelain)" ] || fail "tree not clean"
    vfi -C "$dir" check
    expect_status 0
    vfi -C "$dir" partner forget $amara
    expect_status 8
}

# A data directory inside a larger repository: the records read as they were before a forget
# are read as the forget left them there too, whether from git or from the working tree's cache.
t_as_of_before_a_forget_inside_a_larger_repository() {
    local repo dir amara=P-JWK3TM
    repo=$(mktemp -d "$WORK/larger.XXXXXX")
    dir="$repo/programme"
    mkdir "$dir" && cp -r "$SOURCE/data/example/." "$dir/" && rm -rf "$dir/.vfi"
    git -C "$repo" init -q && git -C "$repo" add -A && git -C "$repo" commit -qm "records" ||
        { fail "setup"; return; }
    VFI_CACHE_SETTLE_SECONDS=-100 "$VFI" -C "$dir" partner forget $amara >/dev/null ||
        { fail "forget"; return; }
    VFI_CACHE_SETTLE_SECONDS=-100 "$VFI" -C "$dir" report summary >/dev/null || fail "summary"
    vfi -C "$dir" --as-of HEAD~1 partner show $amara --format json
    expect_status 0
    [[ "$out" == *Amara* || "$out" == *amara.okafor* ]] && fail "--as-of before the forget shows their data"
    vfi -C "$dir" --as-of HEAD~1 report summary --format json
    expect_status 0
    vfi -C "$dir" --as-of HEAD~1 check
    expect_status 0
}

t_purge_steps_put_back_the_files_as_they_are_now() {
    local dir
    dir=$(sample_data)
    "$VFI" -C "$dir" partner forget P-2QJS4T >/dev/null || { fail "forget"; return; }
    # The natural next step, before the history steps are followed.
    "$VFI" -C "$dir" partner status P-2QJS4T withdrawn >/dev/null || { fail "status"; return; }
    vfi -C "$dir" partner forget --purge-steps P-2QJS4T
    expect_status 0
    grep -qx "status: withdrawn" "$dir/.vfi/forget-P-2QJS4T/files/partners/P-2QJS4T.yaml" ||
        fail "step 3 would put back the record as it was at forget: $(cat "$dir/.vfi/forget-P-2QJS4T/files/partners/P-2QJS4T.yaml")"
    # A forgotten record given personal data again is never put back.
    printf 'contact:\n  email: someone@example.org\n' >>"$dir/partners/P-2QJS4T.yaml"
    vfi -C "$dir" partner forget --purge-steps P-2QJS4T
    expect_status 3
    expect_err_has "partners/P-2QJS4T.yaml:"
    expect_err_has "step 3 of the steps puts this file back as it is now"
    grep -q "someone@example.org" -r "$dir/.vfi/forget-P-2QJS4T" && fail "personal data went into the kit"
    return 0
}

t_a_kit_someone_committed_is_never_used() {
    local dir clone
    dir=$(sample_data)
    "$VFI" -C "$dir" partner forget P-2QJS4T >/dev/null || { fail "forget"; return; }
    # A hostile kit: paths.txt naming vfi.yaml, a copy of a record to put back.
    printf 'literal:vfi.yaml\n' >"$dir/.vfi/forget-P-2QJS4T/paths.txt"
    git -C "$dir" add -f .vfi/forget-P-2QJS4T && git -C "$dir" commit -qm "planted kit"
    clone="$WORK/kit-clone"
    git clone -q "$dir" "$clone"
    vfi -C "$clone" partner forget --purge-steps P-2QJS4T
    expect_status 3
    expect_err_has ".vfi/forget-P-2QJS4T: vfi cannot prove it made these steps (git tracks it), so it will not print them"
    expect_out_empty
}

t_a_forgotten_record_merged_back_is_named_by_check() {
    local dir
    dir=$(sample_data)
    "$VFI" -C "$dir" partner forget P-2QJS4T >/dev/null || { fail "forget"; return; }
    # A colleague's copy from before the erasure, merged with their version kept (`--ours`).
    git -C "$dir" show HEAD~1:partners/P-2QJS4T.yaml >"$dir/partners/P-2QJS4T.yaml"
    git -C "$dir" commit -qam "merged an old copy"
    vfi -C "$dir" check
    expect_status 1
    expect_out_has "partners/P-2QJS4T.yaml:1: forgotten: P-2QJS4T was forgotten on this computer (the steps are in .vfi/forget-P-2QJS4T), but the record is no longer marked forgotten"
    expect_out_has "run \`vfi partner forget P-2QJS4T\` again"
    # Reports refuse to count it meanwhile.
    vfi -C "$dir" report summary
    expect_status 3
}

# Their name in another record's text however it was typed: a curly apostrophe (as Word and
# Outlook write it), a no-break space (as pasted from the web), capitals outside ASCII, curly
# quotes and a dash around it. Each stops forget; once reworded, history still holds the
# name in those forms, so those files go from history and nothing of them is put back.
t_their_name_however_typed_stops_forget() {
    local dir p q before kit l nbsp=$'\302\240'
    dir=$(sample_data)
    p=$("$VFI" -C "$dir" partner add --name "Siobhan O'Brien" --region london --modes online) &&
        q=$("$VFI" -C "$dir" partner add --name "Ömer Çelik" --region london --modes online) &&
        "$VFI" -C "$dir" leader set L-07R61X "notes=Introduced by Siobhan O’Brien" -q &&
        "$VFI" -C "$dir" leader set L-0YNDC5 "notes=Siobhan${nbsp}O'Brien will cover" -q &&
        "$VFI" -C "$dir" leader set L-5DBGV3 "notes=She asked for “SIOBHAN O’BRIEN—or someone like her”" -q &&
        "$VFI" -C "$dir" leader set L-3BG3KX "notes=Introduced by ömer çelik" -q || { fail "setup"; return; }
    before=$(snapshot "$dir")
    vfi -C "$dir" partner forget $p
    expect_status 3
    expect_out_empty
    expect_err "leaders/L-07R61X.yaml:15:8: notes: holds $p's name — reword it so it does not name them (\`vfi leader edit L-07R61X\`)
leaders/L-0YNDC5.yaml:15:8: notes: holds $p's name — reword it so it does not name them (\`vfi leader edit L-0YNDC5\`)
leaders/L-5DBGV3.yaml:16:8: notes: holds $p's name — reword it so it does not name them (\`vfi leader edit L-5DBGV3\`)
vfi: 3 places that forget would keep hold $p's name or email address — forget cannot reword what others wrote: reword each place above so it does not name them (the text is not shown here), then run forget again; nothing was changed"
    [[ "$err" == *[Ss][Ii][Oo][Bb][Hh][Aa][Nn]* ]] && fail "the message shows the text"
    expect_unchanged "$dir" "$before"
    [ -e "$dir/.vfi/forget-$p" ] && fail "a kit was made"
    vfi -C "$dir" partner forget $q
    expect_status 3
    expect_err_has "leaders/L-3BG3KX.yaml:15:8: notes: holds $q's name — reword it"
    expect_err_has "vfi: 1 place that forget would keep holds $q's name or email address"
    expect_unchanged "$dir" "$before"
    # Reworded: forget goes ahead.
    for l in L-07R61X L-0YNDC5 L-5DBGV3 L-3BG3KX; do
        "$VFI" -C "$dir" leader set $l "notes=Introduced by a partner" -q || fail "reword $l"
    done
    for l in $p $q; do
        vfi -C "$dir" partner forget $l
        expect_status 0
    done
    kit="$dir/.vfi/forget-$p"
    for l in L-07R61X L-0YNDC5 L-5DBGV3; do
        grep -qxF "literal:leaders/$l.yaml" "$kit/paths.txt" || fail "$p's paths.txt lacks $l"
    done
    grep -qF L-3BG3KX "$kit/paths.txt" && fail "$p's paths.txt names a record about someone else"
    grep -qxF "literal:leaders/L-3BG3KX.yaml" "$dir/.vfi/forget-$q/paths.txt" ||
        fail "$q's paths.txt lacks L-3BG3KX"
    grep -r -l -i -e siobhan -e "o.brien" -e "mer .elik" "$dir/.vfi" && fail "a kit holds their name"
    return 0
}

# Every version of every file in history is searched, for every name and email address the
# person's record ever had (she married and changed her address), however it was written: a
# name wrapped onto the next line of a block of notes, in capitals with a no-break space, as
# an escape in double quotes, in a file since deleted. The printed steps, followed in the
# user's copy, leave none of it in a fresh clone: not in any commit, not in any object.
t_every_name_they_had_leaves_history_however_written() {
    if ! command -v git-filter-repo >/dev/null; then
        echo "  skipped: git-filter-repo is not installed (Makefile PACKAGES lists it)"
        return
    fi
    local dir origin printed s found gwen=P-0V811T nbsp=$'\302\240'
    dir=$(sample_data)
    DIR=$dir  # for commit
    origin="$WORK/origin-gwen.git"
    git init -q --bare "$origin" && git -C "$dir" remote add origin "$origin" || { fail "setup"; return; }
    { "$VFI" -C "$dir" leader set L-07R61X "notes=Spoke to partner Gwen
  Pryce about covering May" -q &&
        "$VFI" -C "$dir" leader set L-07R61X "notes=Spoke to a partner about covering May" -q &&
        "$VFI" -C "$dir" leader set L-0YNDC5 "notes=GWEN${nbsp}PRYCE recommended this leader" -q &&
        "$VFI" -C "$dir" leader set L-0YNDC5 "notes=Recommended by a partner" -q &&
        printf 'notes: "Ask G\\u0077en\\nPryce or write to gwen.pryce\\x40example.org"\n' \
            >>"$dir/leaders/L-3BG3KX.yaml" && commit "by hand" &&
        "$VFI" -C "$dir" leader set L-3BG3KX "notes=" -q &&
        printf 'Gwen\n  Pryce, gwen.pryce@example.org\n' >"$dir/contacts.txt" && commit "contacts" &&
        git -C "$dir" rm -q contacts.txt && commit "no contacts" &&
        "$VFI" -C "$dir" partner set $gwen "name=Gwen Jones" contact.email=gwen.jones@example.org -q &&
        "$VFI" -C "$dir" leader set L-5DBGV3 "notes=Ask Gwen
  Jones" -q && "$VFI" -C "$dir" leader set L-5DBGV3 "notes=" -q &&
        "$VFI" -C "$dir" leader set L-63T0Q3 "notes=Ask Gwen${nbsp}Jones" -q &&
        "$VFI" -C "$dir" leader set L-63T0Q3 "notes=" -q &&
        git -C "$dir" push -q origin HEAD; } >/dev/null || { fail "setup"; return; }
    vfi -C "$dir" partner forget $gwen
    expect_status 0
    printed=$out
    for f in leaders/L-07R61X.yaml leaders/L-0YNDC5.yaml leaders/L-3BG3KX.yaml contacts.txt \
        leaders/L-5DBGV3.yaml leaders/L-63T0Q3.yaml; do
        grep -qxF "literal:$f" "$dir/.vfi/forget-$gwen/paths.txt" || fail "paths.txt lacks $f"
    done
    git -C "$dir" push -q origin HEAD || fail "push"
    for s in 2 3 4; do
        (cd "$WORK" && bash -ec "$(step_command $s "$printed")") >/dev/null 2>&1 || fail "step $s failed"
    done
    git clone -q --no-local "$origin" "$WORK/fresh-gwen"
    found=$( { git -C "$WORK/fresh-gwen" log --all -p
               git -C "$WORK/fresh-gwen" cat-file --batch-all-objects --batch; } |
        grep -a -i -e gwen -e pryce -e jones)
    [ -z "$found" ] || fail "the fresh clone still holds: $(printf '%s' "$found" | head -5)"
    grep -qx "name: (forgotten)" "$WORK/fresh-gwen/partners/$gwen.yaml" || fail "record lost"
    grep -qx "notes: Recommended by a partner" "$WORK/fresh-gwen/leaders/L-0YNDC5.yaml" ||
        fail "today's version of a leader was not put back"
}

# A message a person wrote that names them (vfi never does) is found and named in the steps,
# with how to rewrite it; step 2 alone would keep it. Found by a hostile review.
t_commit_and_tag_messages_that_name_them_are_named_in_the_steps() {
    local commit tag
    rich_data || { fail "setup"; return; }
    echo "minutes" >"$DIR/minutes.txt"
    git -C "$DIR" add minutes.txt
    git -C "$DIR" commit -qm "Minutes (asked for by ${NAME%% *})" -m "Thanks, $NAME"
    commit=$(git -C "$DIR" rev-parse HEAD | cut -c1-12)
    git -C "$DIR" tag -a v1 -m "Release, with thanks to nadia FH"
    tag=$(git -C "$DIR" rev-parse v1 | cut -c1-12)
    vfi -C "$DIR" partner forget $P
    expect_status 0
    expect_out_has "The messages of 2 commits or tags name them too ("
    expect_out_has "$commit"
    expect_out_has "$tag"
    expect_out_has "in step 2 add --replace-message FILE, FILE holding a line \`TEXT==>(forgotten)\`"
    vfi -C "$DIR" partner forget --purge-steps $P
    expect_out_has "The messages of 2 commits or tags name them too ("
}

run_tests
