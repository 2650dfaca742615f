#!/usr/bin/env bash
# vfi match: optimal, explained suggestions under hard constraints, and every move of a match.
source "$(dirname "$0")/lib.sh"

partner() { # DIR ID LINES...
    local dir=$1 id=$2
    shift 2
    {
        printf 'id: %s\nname: Partner %s\nstatus: active\ntraining:\n  completed: 2022-01-01\n' "$id" "$id"
        printf '%s\n' "$@"
    } >"$dir/partners/$id.yaml"
}

leader() { # DIR ID LINES...
    local dir=$1 id=$2
    shift 2
    {
        printf 'id: %s\nname: Leader %s\nstatus: waiting\nenquired: 2022-01-0%s\n' "$id" "$id" "${id: -1}"
        printf '%s\n' "$@"
    } >"$dir/leaders/$id.yaml"
}

commit_all() { git -C "$1" add -A && git -C "$1" commit -qm "records"; }

# A pair whose match ended may be matched again, only when asked by name, and told which
# match came before; suggestions never rematch them.
t_a_pair_is_matched_again_only_with_rematch() {
    local dir m before p l
    dir=$(new_data)
    partner "$dir" P-AAAAA1 "capacity: 2"
    leader "$dir" L-AAAAA1 "organisation: Org One"
    commit_all "$dir"
    m=$("$VFI" -C "$dir" match add P-AAAAA1 L-AAAAA1 --status active --date 2025-01-06 2>/dev/null)
    "$VFI" -C "$dir" match end "$m" --category personal-circumstances --date 2025-03-03 >/dev/null ||
        fail "end"
    before=$(snapshot "$dir")
    vfi -C "$dir" match add P-AAAAA1 L-AAAAA1 --date 2025-09-01
    expect_status 8
    expect_err "vfi: P-AAAAA1 and L-AAAAA1 were matched before ($m, ended) — to match them again, add --rematch; else choose another partner"
    vfi -C "$dir" match suggest
    expect_out_has "L-AAAAA1"
    expect_out_has "already matched before with P-AAAAA1"
    expect_unchanged "$dir" "$before"
    vfi -C "$dir" match add P-AAAAA1 L-AAAAA1 --date 2025-09-01 --rematch
    expect_status 0
    expect_err "P-AAAAA1 and L-AAAAA1 are matched again (before: $m, ended)."
    vfi -C "$dir" check
    expect_status 0
    # Not while the new one is open, and not for a pair never matched.
    partner "$dir" P-AAAAA2
    leader "$dir" L-AAAAA2 "organisation: Org Two"
    commit_all "$dir"
    before=$(snapshot "$dir")
    vfi -C "$dir" match add P-AAAAA1 L-AAAAA1 --rematch
    expect_status 8
    expect_err_has "L-AAAAA1 already has an open match"
    vfi -C "$dir" match add P-AAAAA2 L-AAAAA2 --rematch
    expect_status 2
    expect_err "vfi: --rematch: P-AAAAA2 and L-AAAAA2 have not been matched before — leave out --rematch"
    expect_unchanged "$dir" "$before"
}

# A match's day is checked against its people's histories: its partner active then, its
# leader enquired and waiting then; suggestions applied on a past day likewise.
t_a_match_is_made_only_with_people_in_the_programme_on_its_day() {
    local dir m before p l
    dir=$(new_data)
    p=$("$VFI" -C "$dir" partner add --name "Test Partner" --modes online --date 2020-03-02)
    "$VFI" -C "$dir" partner status "$p" training --date 2020-04-01 >/dev/null
    "$VFI" -C "$dir" partner set "$p" training.completed=2020-06-26 >/dev/null
    "$VFI" -C "$dir" partner status "$p" active --date 2020-07-01 >/dev/null
    l=$("$VFI" -C "$dir" leader add --name "Test Leader" --organisation "Org" --modes online \
        --status waiting --date 2021-01-05)
    before=$(snapshot "$dir")
    vfi -C "$dir" match add "$p" "$l" --status active --date 2020-06-01
    expect_status 8
    expect_err "vfi: --date: $p was training on 2020-06-01, not active — a match starts only with an active partner: give a day on or after 2020-07-01 ($p became active)"
    vfi -C "$dir" match add "$p" "$l" --date 2020-09-01
    expect_status 8
    expect_err "vfi: --date: $l had not yet enquired on 2020-09-01 — give the day the match was made: on or after the leader's enquiry, while they were waiting"
    vfi -C "$dir" match suggest --apply --date 2020-09-01
    expect_status 8
    expect_err_has "$l had not yet enquired on 2020-09-01"
    expect_unchanged "$dir" "$before"
    m=$("$VFI" -C "$dir" match add "$p" "$l" --date 2021-01-11 2>/dev/null) || fail "proposal"
    vfi -C "$dir" match accept "$m" --date 2021-01-18
    expect_status 0
    # A partner who coaches is not made a contributor, who never is matched.
    before=$(snapshot "$dir")
    vfi -C "$dir" partner set "$p" contributor=true
    expect_status 8
    expect_err_has "$p is a paid contributor, not a Lived Experience Partner, and is never matched"
    expect_unchanged "$dir" "$before"
}

t_the_greedy_trap_places_both_leaders() {
    local dir
    dir=$(new_data)
    # L-AAAAA1 scores higher with P-AAAAA1, but L-AAAAA2 can only meet P-AAAAA1 (online).
    partner "$dir" P-AAAAA1 "interests: [carers, housing]" "modes: [online]" "capacity: 1"
    partner "$dir" P-AAAAA2 "interests: [carers]" "modes: [phone]" "capacity: 1"
    leader "$dir" L-AAAAA1 "organisation: Org One" "focus: [carers, housing]" "modes: [online, phone]"
    leader "$dir" L-AAAAA2 "organisation: Org Two" "focus: [carers]" "modes: [online]"
    commit_all "$dir"
    vfi -C "$dir" match suggest --format csv
    expect_status 0
    expect_out "$(printf 'leader,partner,score,reasons\r\nL-AAAAA1,P-AAAAA2,4,"shared focus: carers (+3), places free: 1 of 1 (+1)"\r\nL-AAAAA2,P-AAAAA1,4,"shared focus: carers (+3), places free: 1 of 1 (+1)"\r')"
}

t_every_hard_constraint_is_kept_and_explained() {
    local dir
    dir=$(new_data)
    partner "$dir" P-AAAAA1 "modes: [phone]" "capacity: 1"                      # no shared mode
    partner "$dir" P-AAAAA2 "modes: [in-person]" "region: london" "capacity: 1" # in person, other region
    partner "$dir" P-AAAAA3 "modes: [online]" "conflicts: [Westvale Council]"   # conflict of interest
    partner "$dir" P-AAAAA4 "modes: [online]" "capacity: 0"                     # at capacity
    partner "$dir" P-AAAAA5 "modes: [online]"                                   # matched before
    printf 'id: P-AAAAA6\nname: Untrained\nstatus: training\nmodes: [online]\n' >"$dir/partners/P-AAAAA6.yaml"
    leader "$dir" L-AAAAA1 "organisation: westvale council" "modes: [online, in-person]" "region: west-midlands"
    printf 'id: M-AAAAA1\npartner: P-AAAAA5\nleader: L-AAAAA1\nstatus: ended\nproposed: 2022-01-01\nended: 2022-02-01\nend_reason: Did not work out\n' >"$dir/matches/M-AAAAA1.yaml"
    commit_all "$dir"
    vfi -C "$dir" check
    expect_status 0
    vfi -C "$dir" match suggest
    expect_status 0
    expect_out_has "Not matched:"
    expect_out_has "L-AAAAA1  the partners sharing a meeting mode are at capacity (P-AAAAA4); those who could meet only in person are in other regions (P-AAAAA2); P-AAAAA3 has a conflict of interest with westvale council; already matched before with P-AAAAA5; P-AAAAA1 share no meeting mode"
    [[ "$out" == *"P-AAAAA6"* ]] && fail "an untrained partner was considered"
}

# A person forgotten at their request keeps their status (forget erases, it does not end
# things), but is never suggested or matched again (found by a hostile review).
t_a_forgotten_person_is_never_matched() {
    local dir before
    dir=$(new_data)
    partner "$dir" P-AAAAA1 "forgotten: 2026-01-01"
    sed -i 's/^name: .*/name: (forgotten)/' "$dir/partners/P-AAAAA1.yaml"
    leader "$dir" L-AAAAA1 "organisation: Org One"
    leader "$dir" L-AAAAA2 "organisation: (forgotten)" "forgotten: 2026-01-01"
    sed -i 's/^name: .*/name: (forgotten)/' "$dir/leaders/L-AAAAA2.yaml"
    partner "$dir" P-AAAAA2 "capacity: 1"
    commit_all "$dir"
    vfi -C "$dir" check
    expect_status 0
    vfi -C "$dir" match suggest --format csv
    expect_status 0
    expect_out "$(printf 'leader,partner,score,reasons\r\nL-AAAAA1,P-AAAAA2,1,places free: 1 of 1 (+1)\r')"
    before=$(snapshot "$dir")
    vfi -C "$dir" match add P-AAAAA1 L-AAAAA1
    expect_status 8
    expect_err "vfi: P-AAAAA1 was forgotten at their request and is not matched again — choose another partner, or see \`vfi match suggest --explain\`"
    vfi -C "$dir" match add P-AAAAA2 L-AAAAA2
    expect_status 8
    expect_err_has "vfi: L-AAAAA2 was forgotten at their request"
    expect_unchanged "$dir" "$before"
    # A proposal made before the forgetting is never accepted (a hostile review).
    printf 'id: M-AAAAA9\npartner: P-AAAAA1\nleader: L-AAAAA1\nstatus: proposed\nproposed: 2025-01-01\n' \
        >"$dir/matches/M-AAAAA9.yaml"
    commit_all "$dir"
    before=$(snapshot "$dir")
    vfi -C "$dir" match accept M-AAAAA9
    expect_status 8
    expect_err "vfi: P-AAAAA1 was forgotten at their request and is not matched again — end this proposal: \`vfi match end M-AAAAA9 --category other\`"
    expect_unchanged "$dir" "$before"
}

t_no_partner_at_all() {
    local dir
    dir=$(new_data)
    leader "$dir" L-AAAAA1 "organisation: Org"
    vfi -C "$dir" match suggest
    expect_out "$(printf 'Not matched:\nleader    reason\nL-AAAAA1  no partner is active and trained yet')"
}

t_equality_answers_change_nothing() {
    local dir first
    dir=$(sample_data)
    vfi -C "$dir" match suggest --explain --format json
    first=$out
    for f in "$dir"/partners/*.yaml; do
        sed -i -e 's/^  ethnicity: .*/  ethnicity: white-roma/' -e 's/^  imd_decile: .*/  imd_decile: 10/' \
            -e 's/^  gender: .*/  gender: other/' -e 's/^  age_band: .*/  age_band: "75-plus"/' "$f"
    done
    vfi -C "$dir" match suggest --explain --format json
    [ "$out" = "$first" ] || fail "suggestions changed with equality answers"
    vfi -C "$dir" match suggest --explain --format json
    [ "$out" = "$first" ] || fail "not deterministic"
}

t_suggest_explains_and_applies_in_one_commit() {
    local dir before
    dir=$(sample_data)
    vfi -C "$dir" match suggest --explain
    expect_status 0
    expect_out_has "leader    partner   score  reasons"
    expect_out_has "runners_up"
    expect_out_has "L-GSE08H  P-WH2MVG      9  shared focus: mental-health, health-inequalities (+6), lived experience of: mental-health (+2), places free: 1 of 2 (+1)"
    vfi -C "$dir" match suggest --apply
    expect_status 0
    expect_err_has "Proposed 3 matches: M-"
    [ "$(git -C "$dir" log -1 --format=%s)" = "match: propose 3 matches" ] || fail "commit"
    [ "$(git -C "$dir" show --name-only --format= HEAD | grep -c matches/)" = 3 ] || fail "three match files"
    grep -rlx "status: proposed" "$dir/matches" | xargs grep -l "^proposed: 2026-11-23" | xargs grep -q "^score: 9" ||
        fail "score not written"
    vfi -C "$dir" check
    expect_status 0
    vfi -C "$dir" match suggest
    expect_out "No leader is waiting for a partner."
}

t_add_checks_every_constraint_and_writes_nothing_when_refused() {
    local dir before
    dir=$(new_data)
    partner "$dir" P-AAAAA1 "modes: [online]" "capacity: 1"
    partner "$dir" P-AAAAA2 "modes: [online]" "conflicts: [Org Two]"
    leader "$dir" L-AAAAA1 "organisation: Org One"
    leader "$dir" L-AAAAA2 "organisation: Org Two"
    commit_all "$dir"
    vfi -C "$dir" match add P-AAAAA1 L-AAAAA1
    expect_status 0
    [[ "$out" =~ ^M-[0-9A-Z]{6}$ ]] || fail "no id printed: $out"
    before=$(snapshot "$dir")
    vfi -C "$dir" match add P-AAAAA1 L-AAAAA2
    expect_status 8
    expect_err "vfi: P-AAAAA1 is at capacity (1 of 1 places taken) — choose another partner, or see \`vfi match suggest --explain\`"
    vfi -C "$dir" match add P-AAAAA2 L-AAAAA2
    expect_status 8
    expect_err_has "P-AAAAA2 has a conflict of interest with Org Two"
    vfi -C "$dir" match add P-AAAAA2 L-AAAAA1
    expect_status 8
    expect_err_has "L-AAAAA1 already has an open match"
    vfi -C "$dir" match add P-AAAAA2 L-AAAAA2 --status ended
    expect_status 2
    vfi -C "$dir" match add P-ZZZZZZ L-AAAAA2
    expect_status 4
    expect_unchanged "$dir" "$before"
}

t_two_coordinators_cannot_overfill_a_partner() {
    local dir i ok=0
    dir=$(new_data)
    partner "$dir" P-AAAAA1 "capacity: 1"
    leader "$dir" L-AAAAA1 "organisation: Org One"
    leader "$dir" L-AAAAA2 "organisation: Org Two"
    commit_all "$dir"
    "$VFI" -C "$dir" match add P-AAAAA1 L-AAAAA1 >"$WORK/a.out" 2>&1 &
    "$VFI" -C "$dir" match add P-AAAAA1 L-AAAAA2 >"$WORK/b.out" 2>&1 &
    wait
    [ "$(ls "$dir/matches" | grep -c yaml)" = 1 ] || fail "expected exactly one match"
    grep -q "at capacity" "$WORK/a.out" "$WORK/b.out" || fail "the loser was not told why"
    [ -z "$(git -C "$dir" status --porcelain)" ] || fail "tree not clean"
}

t_a_match_moves_and_the_leader_follows() {
    local dir m before p l
    dir=$(new_data)
    partner "$dir" P-AAAAA1 "capacity: 2"
    leader "$dir" L-AAAAA1 "organisation: Org One"
    commit_all "$dir"
    m=$("$VFI" -C "$dir" match add P-AAAAA1 L-AAAAA1 --start 2026-01-05)
    vfi -C "$dir" match accept "$m" --date 2026-01-10
    expect_status 0
    expect_out "$(printf '%s is now active.\nL-AAAAA1 is now matched.' "$m")"
    grep -qx "started: 2026-01-10" "$dir/matches/$m.yaml" || fail "started"
    vfi -C "$dir" match accept "$m"
    expect_status 8
    expect_err "vfi: $m is active and cannot become active — from active it can become paused, completed or ended"
    vfi -C "$dir" match pause "$m" --date 2026-03-02
    expect_out "$m is now paused."
    vfi -C "$dir" match resume "$m" --date 2026-04-06
    expect_out "$m is now active."
    before=$(snapshot "$dir")
    vfi -C "$dir" match end "$m"
    expect_status 2
    expect_err "vfi: --category: say why the match ended early — add --category with one of goals-met-early, leader-changed-role, leader-withdrew, partner-withdrew, personal-circumstances, not-a-good-fit, organisational-change, other, or --completed if it ran its course"
    expect_unchanged "$dir" "$before"
    vfi -C "$dir" match end "$m" --reason "Words alone"
    expect_status 2
    expect_err_has "say why the match ended early"
    vfi -C "$dir" match end "$m" --category not-a-god-fit
    expect_status 2
    expect_err_has "did you mean 'not-a-good-fit'?"
    vfi -C "$dir" match end "$m" --completed --category other
    expect_status 2
    expect_err_has "--category is for one that ended early"
    expect_unchanged "$dir" "$before"
    vfi -C "$dir" match end "$m" --completed --date 2026-06-01
    expect_status 0
    expect_out_has "L-AAAAA1 is now completed."
    grep -qx "status: completed" "$dir/leaders/L-AAAAA1.yaml" || fail "leader not completed"
    grep -qx "left: 2026-06-01" "$dir/leaders/L-AAAAA1.yaml" || fail "leader left date"
    [ "$(git -C "$dir" log -1 --format=%s)" = "match: end $m" ] || fail "commit"
    # Every move is a dated step of the match's history, read back by PyYAML.
    python3 - "$dir/matches/$m.yaml" >"$WORK/steps" <<'PY'
import sys, yaml
h = yaml.safe_load(open(sys.argv[1]))["history"]
print(" ".join(f"{s['status']}@{s['date']}" for s in h))
PY
    [ "$(cat "$WORK/steps")" = "proposed@2026-01-05 active@2026-01-10 paused@2026-03-02 active@2026-04-06 completed@2026-06-01" ] ||
        fail "history: $(cat "$WORK/steps")"
    vfi -C "$dir" check
    expect_status 0
}

t_accept_rechecks_capacity() {
    local dir m1 m2 before
    dir=$(new_data)
    partner "$dir" P-AAAAA1 "capacity: 2"
    leader "$dir" L-AAAAA1 "organisation: Org One"
    leader "$dir" L-AAAAA2 "organisation: Org Two"
    commit_all "$dir"
    m1=$("$VFI" -C "$dir" match add P-AAAAA1 L-AAAAA1 2>/dev/null)
    m2=$("$VFI" -C "$dir" match add P-AAAAA1 L-AAAAA2 2>/dev/null)
    "$VFI" -C "$dir" match accept "$m1" >/dev/null
    "$VFI" -C "$dir" partner set P-AAAAA1 capacity=1 >/dev/null
    before=$(snapshot "$dir")
    vfi -C "$dir" match accept "$m2"
    expect_status 8
    expect_err "vfi: P-AAAAA1 already has 1 match running, its whole capacity of 1 — raise the capacity (\`vfi partner set P-AAAAA1 capacity=N\`) or end another match first"
    expect_unchanged "$dir" "$before"
}

t_ending_early_puts_the_leader_back_to_waiting() {
    local dir m
    dir=$(new_data)
    partner "$dir" P-AAAAA1
    leader "$dir" L-AAAAA1 "organisation: Org One"
    commit_all "$dir"
    m=$("$VFI" -C "$dir" match add P-AAAAA1 L-AAAAA1 --status active --start 2026-01-05)
    grep -qx "status: matched" "$dir/leaders/L-AAAAA1.yaml" || fail "leader not matched"
    vfi -C "$dir" match end "$m" --category personal-circumstances --reason "Partner unwell"
    expect_status 0
    expect_out_has "L-AAAAA1 is waiting for a new partner"
    grep -qx "end_category: personal-circumstances" "$dir/matches/$m.yaml" || fail "category"
    grep -qx "end_reason: Partner unwell" "$dir/matches/$m.yaml" || fail "reason"
    vfi -C "$dir" match suggest
    expect_out_has "already matched before with P-AAAAA1"
}

t_list_and_show() {
    local dir
    dir=$(sample_data)
    vfi -C "$dir" match list --status paused
    expect_status 0
    expect_out_has "id        partner   partner_name   leader    leader_name     status  proposed    started     ended  sessions  group"
    vfi -C "$dir" match list --status pausd
    expect_status 2
    expect_err_has "did you mean 'paused'?"
    vfi -C "$dir" match list --cohort wm-adass-pilot-2022 --status completed --format csv
    expect_out_has "wm-action-learning-1"
    vfi -C "$dir" match show "$(git -C "$dir" grep -l 'group: wm-action-learning-1' -- matches | head -1 | sed 's|matches/||; s|.yaml||')"
    expect_status 0
    expect_out_has "sessions  7 held (8 hours 30 minutes)"
    expect_out_has "session   date        status  minutes  mode"
}

t_a_match_that_fails_check_is_named_with_its_problem() {
    local dir before id
    dir=$(sample_data)
    id=$(git -C "$dir" grep -l '^status: paused$' -- matches | head -1 | sed 's|matches/||; s|.yaml||')
    sed -i 's/^status: paused$/status: pausd/' "$dir/matches/$id.yaml"
    git -C "$dir" commit -qam "typo"
    before=$(snapshot "$dir")
    for args in "resume $id" "end $id --completed" "show $id"; do
        # shellcheck disable=SC2086
        vfi -C "$dir" match $args
        expect_status 3
        expect_err_has "vfi: matches/$id.yaml: this record has a problem to fix first: matches/$id.yaml:"
        expect_err_has "status: 'pausd' is not one of"
        expect_err_has "run \`vfi check\` to see it, fix it, then run the command again"
    done
    expect_unchanged "$dir" "$before"
}

t_apply_writes_each_pair_as_a_proposal() {
    local dir a b c
    dir=$(sample_data)
    vfi -C "$dir" match suggest --apply --date 2026-11-02 --format csv
    expect_status 0
    expect_out "$(printf 'leader,partner,score,reasons\r\nL-JDJNFV,P-JWK3TM,4,"shared focus: health-inequalities (+3), places free: 1 of 2 (+1)"\r\nL-5DBGV3,P-MVJ56B,7,"shared focus: carers, co-production (+6), places free: 1 of 3 (+1)"\r\nL-GSE08H,P-WH2MVG,9,"shared focus: mental-health, health-inequalities (+6), lived experience of: mental-health (+2), places free: 1 of 2 (+1)"\r')"
    a=$(git -C "$dir" grep -l '^leader: L-JDJNFV$' -- matches | sed 's|matches/||; s|.yaml||')
    b=$(git -C "$dir" grep -l '^leader: L-5DBGV3$' -- matches | sed 's|matches/||; s|.yaml||')
    c=$(git -C "$dir" grep -l '^leader: L-GSE08H$' -- matches | sed 's|matches/||; s|.yaml||')
    expect_err "Proposed 3 matches: $a, $b, $c"
    [ "$(git -C "$dir" show --name-only --format= HEAD | sort)" = "$(printf 'matches/%s.yaml\n' "$a" "$b" "$c" | sort)" ] ||
        fail "the commit holds more than the three matches"
    [ "$(cat "$dir/matches/$c.yaml")" = "id: $c
partner: P-WH2MVG
leader: L-GSE08H
status: proposed
proposed: 2026-11-02
score: 9
reasons:
  - \"shared focus: mental-health, health-inequalities (+6)\"
  - \"lived experience of: mental-health (+2)\"
  - \"places free: 1 of 2 (+1)\"
history:
  - date: 2026-11-02
    status: proposed" ] || fail "record: $(cat "$dir/matches/$c.yaml")"
}

t_suggest_for_scripts() {
    local dir before
    dir=$(sample_data)
    before=$(snapshot "$dir")
    vfi -C "$dir" match suggest --format json --leader L-JDJNFV,L-D99KNY
    expect_status 0
    expect_out '{
  "pairs": [
    {
      "leader": "L-JDJNFV",
      "partner": "P-WH2MVG",
      "score": 5,
      "reasons": [
        "shared focus: health-inequalities (+3)",
        "same region: london (+1)",
        "places free: 1 of 2 (+1)"
      ]
    }
  ],
  "unmatched": [
    {
      "leader": "L-D99KNY",
      "reason": "L-D99KNY is enquiry, not waiting"
    }
  ]
}'
    vfi -C "$dir" match suggest --explain --format csv --leader L-GSE08H,L-D99KNY
    expect_out "$(printf 'leader,partner,score,reasons,runners_up\r\nL-GSE08H,P-WH2MVG,9,"shared focus: mental-health, health-inequalities (+6), lived experience of: mental-health (+2), places free: 1 of 2 (+1)","P-0VKX2G (7), P-JWK3TM (5), P-MVJ56B (2)"\r')"
    expect_err "$(printf 'leader    reason\nL-D99KNY  L-D99KNY is enquiry, not waiting')"
    vfi -C "$dir" match suggest --leader L-D99KNY,L-3BG3KX
    expect_out "$(printf 'Not matched:\nleader    reason\nL-3BG3KX  L-3BG3KX is enquiry, not waiting\nL-D99KNY  L-D99KNY is enquiry, not waiting')"
    vfi -C "$dir" match suggest --leader L-D99KNY --apply
    expect_status 0
    expect_err_empty
    vfi -C "$dir" match suggest --leader L-ZZZZZZ
    expect_status 4
    expect_err "vfi: no leader has the id 'L-ZZZZZZ' — list them with \`vfi leader list\`"
    expect_unchanged "$dir" "$before"
}

t_moves_name_the_option_at_fault() {
    local dir before
    dir=$(sample_data)
    before=$(snapshot "$dir")
    vfi -C "$dir" match accept M-5J4V69 --date 2020-01-01
    expect_status 3
    expect_err "vfi: --date: 2020-01-01 is before M-5J4V69's last change of status (proposed on 2023-05-02) — give the day it happened, on or after 2023-05-02; if that last change is wrong, correct the history with \`vfi match edit M-5J4V69\`"
    vfi -C "$dir" match end M-5J4V69 --category not-a-god-fit
    expect_status 2
    expect_err "vfi: --category: 'not-a-god-fit' is not one of goals-met-early, leader-changed-role, leader-withdrew, partner-withdrew, personal-circumstances, not-a-good-fit, organisational-change, other — did you mean 'not-a-good-fit'?"
    vfi -C "$dir" match end M-5J4V69 --completed --category other
    expect_status 2
    expect_err "vfi: --category: a completed match ran its course: --category is for one that ended early — leave out --category, or --completed if it ended early"
    vfi -C "$dir" match accept M-5J4V69 --date 2023-02-30
    expect_status 3
    expect_err "vfi: --date: '2023-02-30' does not exist (2023-02 has 28 days) — write the date as YYYY-MM-DD, e.g. 2024-03-18"
    expect_unchanged "$dir" "$before"
}

t_list_filters() {
    local dir before
    dir=$(sample_data)
    vfi -C "$dir" match list --partner P-WH2MVG
    expect_status 0
    # On screen, the names beside the ids; a CSV export has the ids only.
    expect_out "id        partner   partner_name  leader    leader_name   status  proposed    started     ended       sessions  group
M-A02B99  P-WH2MVG  Fola Adeyemi  L-DZECY0  Olu Ogunleye  ended   2022-07-25              2022-08-05         0
M-BXVGEX  P-WH2MVG  Fola Adeyemi  L-NFVZ31  Jo Jessop     active  2022-07-25  2022-08-10                     7"
    vfi -C "$dir" match list --leader L-NFVZ31 --format csv
    expect_out "$(printf 'id,partner,leader,status,proposed,started,ended,sessions,group\r\nM-BXVGEX,P-WH2MVG,L-NFVZ31,active,2022-07-25,2022-08-10,,7,\r')"
    vfi -C "$dir" match list --group wm-action-learning-1 --status completed,ended --format csv
    expect_out "$(printf 'id,partner,leader,status,proposed,started,ended,sessions,group\r\nM-DX9K8Q,P-MVJ56B,L-99XRJ5,completed,2022-03-20,2022-04-05,2022-11-28,7,wm-action-learning-1\r\nM-QQWP3N,P-0VKX2G,L-TRDWZE,completed,2022-03-20,2022-04-11,2023-01-16,8,wm-action-learning-1\r\nM-TZ715X,P-JWK3TM,L-GM6XZS,completed,2022-03-20,2022-04-04,2022-12-12,6,wm-action-learning-1\r')"
    vfi -C "$dir" match list --cohort no-such-cohort
    expect_status 0
    expect_out_empty
    expect_err "No matches match."
    vfi -C "$dir" match list --cohort no-such-cohort --format json
    expect_out "[]"
    before=$(snapshot "$dir")
    vfi -C "$dir" match list --status pausd
    expect_status 2
    expect_err "vfi: --status: 'pausd' is not one of proposed, active, paused, completed, ended — did you mean 'paused'?"
    vfi -C "$dir" match list --partner P-ZZZZZZ
    expect_status 4
    expect_err "vfi: no partner has the id 'P-ZZZZZZ' — list them with \`vfi partner list\`"
    expect_unchanged "$dir" "$before"
}

t_show_names_the_two_and_lists_the_sessions() {
    local dir
    dir=$(sample_data)
    vfi -C "$dir" match show M-BXVGEX
    expect_status 0
    expect_out "id: M-BXVGEX
partner: P-WH2MVG
leader: L-NFVZ31
status: active
proposed: 2022-07-25
started: 2022-08-10
planned_sessions: 8
score: 7
reasons: [shared focus on accessibility, both meet online]

partner   Fola Adeyemi
leader    Jo Jessop, Eastbank NHS Foundation Trust
sessions  7 held (8 hours 30 minutes)

session   date        status   minutes  mode
S-QEZ2M0  2022-08-10  held          60  in-person
S-P940RN  2022-09-14  held          90  online
S-WWD4EK  2022-10-26  held          60  online
S-M5XW4X  2022-11-30  no-show       90  in-person
S-X2JGCF  2023-01-11  held          60  online
S-50497Z  2023-02-15  held          90  online
S-58QNJA  2023-03-29  held          60  in-person
S-Y4RQN2  2023-05-03  held          90  online"
    vfi -C "$dir" match show M-5J4V
    expect_out "id: M-5J4V69
partner: P-MVJ56B
leader: L-07R61X
status: proposed
proposed: 2023-05-02
planned_sessions: 8
score: 7
reasons: [shared focus on co-production, both meet online]

partner   Hamid Sadiq
leader    Priya Patel, Meadowfield ICB
sessions  0 held (0 hours 0 minutes)"
    vfi -C "$dir" match show M-5J4V69 --format yaml
    expect_out "id: M-5J4V69
partner: P-MVJ56B
leader: L-07R61X
status: proposed
proposed: 2023-05-02
planned_sessions: 8
score: 7
reasons: [shared focus on co-production, both meet online]"
    vfi -C "$dir" match show M-5J4V69 --format json
    expect_out '{
  "record": {
    "id": "M-5J4V69",
    "partner": "P-MVJ56B",
    "leader": "L-07R61X",
    "status": "proposed",
    "proposed": "2023-05-02",
    "planned_sessions": 8,
    "score": 7,
    "reasons": [
      "shared focus on co-production",
      "both meet online"
    ]
  },
  "sessions": []
}'
    vfi -C "$dir" match show M-BXVGEX --format json
    expect_out_has '"sessions": [
    {
      "session": "S-QEZ2M0",
      "date": "2022-08-10",
      "status": "held",
      "minutes": 60,
      "mode": "in-person"
    },'
    vfi -C "$dir" match show M-BXVGEX --format csv
    expect_status 2
    vfi -C "$dir" match show M-ZZZZZZ
    expect_status 4
    expect_err "vfi: no match has the id 'M-ZZZZZZ' — list them with \`vfi match list\`"
}

t_add_prints_the_id_alone_and_what_else_changed_on_stderr() {
    local dir m before p l
    dir=$(sample_data)
    vfi -C "$dir" match add p-0vkx L-3BG3KX --group wm-action-learning-2
    expect_status 0
    m=$out
    [[ "$m" =~ ^M-[0-9A-Z]{6}$ ]] || fail "no id printed: $m"
    expect_err "L-3BG3KX is now waiting."
    [ "$(cat "$dir/matches/$m.yaml")" = "id: $m
partner: P-0VKX2G
leader: L-3BG3KX
status: proposed
proposed: 2026-11-23
group: wm-action-learning-2
score: 1
reasons:
  - \"places free: 1 of 2 (+1)\"
history:
  - date: 2026-11-23
    status: proposed" ] || fail "record: $(cat "$dir/matches/$m.yaml")"
    grep -qx "status: waiting" "$dir/leaders/L-3BG3KX.yaml" || fail "leader not waiting"
    [ "$(git -C "$dir" log -1 --format=%s)" = "match: add $m" ] || fail "commit"
    [ "$(git -C "$dir" show --name-only --format= HEAD | sort | tr '\n' ' ')" = "leaders/L-3BG3KX.yaml matches/$m.yaml " ] ||
        fail "commit files"
    before=$(snapshot "$dir")
    vfi -C "$dir" match add P-WH2MVG L-D99KNY --status ended
    expect_status 2
    expect_err "vfi: --status: 'ended' is not proposed or active — a new match starts proposed, or active when it has already begun"
    vfi -C "$dir" match add P-WH2MVG L-D99KNY --date 2026-02-30
    expect_status 3
    expect_err "vfi: --date: '2026-02-30' does not exist (2026-02 has 28 days) — write the date as YYYY-MM-DD, e.g. 2024-03-18"
    vfi -C "$dir" match add P-WH2MVG L-ZZZZZZ
    expect_status 4
    expect_err "vfi: no leader has the id 'L-ZZZZZZ' — list them with \`vfi leader list\`"
    expect_unchanged "$dir" "$before"
}

# Matches are corrected like every other record: set (dates, planned sessions, group), and
# remove for a match made by mistake that nothing refers to and that is not running.
t_a_match_is_corrected_with_set_and_removed_when_made_by_mistake() {
    local dir before m
    dir=$(sample_data)
    vfi -C "$dir" match set M-33CYT8 planned_sessions=9 group=wm-action-learning-1
    expect_status 0
    expect_out "Updated M-33CYT8 (planned_sessions, group)."
    grep -qx "planned_sessions: 9" "$dir/matches/M-33CYT8.yaml" || fail "planned_sessions not set"
    [ "$(git -C "$dir" log -1 --format=%s)" = "match: set M-33CYT8" ] || fail "commit: $(git -C "$dir" log -1 --format=%s)"
    before=$(snapshot "$dir")
    # A start after its held sessions is refused, naming the session.
    vfi -C "$dir" match set M-33CYT8 started=2026-11-22
    expect_status 8
    expect_err_has "date: 2023-"
    expect_err_has "is before its match started (2026-11-22) — correct the date, or the match's \`started\` date"
    vfi -C "$dir" match set M-33CYT8 partner=P-0VKX2G
    expect_status 2
    expect_err "vfi: partner: a match's partner and leader never change — if the pair is wrong, remove the match (\`vfi match remove ID\`, when nothing refers to it) or end it, then add the right pair with \`vfi match add\`"
    vfi -C "$dir" match remove M-33CYT8
    expect_status 8
    expect_err "vfi: M-33CYT8 is active — end it first (\`vfi match end M-33CYT8 --category CATEGORY\`); a match that never happened can then be removed"
    expect_unchanged "$dir" "$before"
    m=$(grep -l "^status: proposed" "$dir"/matches/*.yaml | head -1 | xargs basename | sed 's/.yaml//')
    vfi -C "$dir" match remove "$m"
    expect_status 0
    expect_out "Removed $m."
    [ -e "$dir/matches/$m.yaml" ] && fail "not removed"
    [ "$(git -C "$dir" log -1 --format=%s)" = "match: remove $m" ] || fail "commit: $(git -C "$dir" log -1 --format=%s)"
    vfi -C "$dir" check
    expect_status 0
    # An ended match that sessions name stays.
    m=$(grep -l "^status: completed" "$dir"/matches/*.yaml | head -1 | xargs basename | sed 's/.yaml//')
    before=$(snapshot "$dir")
    vfi -C "$dir" match remove "$m"
    expect_status 8
    expect_err_has "vfi: $m is referred to by S-"
    expect_err_has "records that others refer to are kept so history stays true: end it instead"
    expect_unchanged "$dir" "$before"
}

# --status repeated or comma-separated alike; --sort -COLUMN; names in an export only when
# --fields names them.
t_list_sorts_and_picks_columns() {
    local dir
    dir=$(sample_data)
    vfi -C "$dir" match list --group wm-action-learning-1 --status completed --status ended \
        --sort -started --fields id,started,partner_name --format csv
    expect_status 0
    expect_out "$(printf 'id,started,partner_name\r\nM-QQWP3N,2022-04-11,Bronwen Hale\r\nM-DX9K8Q,2022-04-05,Hamid Sadiq\r\nM-TZ715X,2022-04-04,Amara Okafor\r')"
    vfi -C "$dir" match list --group wm-action-learning-1 --format csv
    expect_out_lacks "Amara"
    vfi -C "$dir" match list --fields id,leader_nam
    expect_status 2
    expect_err_has "vfi: --fields: this listing has no column 'leader_nam' — did you mean 'leader_name'?"
    vfi -C "$dir" partner list --status active --status paused --fields id,status --format csv
    expect_status 0
    expect_out_has "active"
    expect_out_has "paused"
}

run_tests
