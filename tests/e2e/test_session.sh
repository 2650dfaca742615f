#!/usr/bin/env bash
# vfi session: log (every refusal writes nothing), list without notes, show, cancel, due.
source "$(dirname "$0")/lib.sh"

ACTIVE=M-33CYT8   # an active match in the sample programme
PROPOSED=M-5J4V69 # a proposed one
AMARA=P-JWK3TM

t_log_a_coaching_session() {
    local dir id
    dir=$(sample_data)
    vfi -C "$dir" session log $ACTIVE --date 2026-11-20 --minutes 60 --mode online --topics power,trust \
        --notes "Talked about the board"
    expect_status 0
    [[ "$out" =~ ^S-[0-9A-Z]{6}$ ]] || fail "no id: $out"
    id=$out
    [ "$(cat "$dir/sessions/$id.yaml")" = "id: $id
match: $ACTIVE
date: 2026-11-20
minutes: 60
mode: online
status: held
topics: [power, trust]
notes: Talked about the board" ] || fail "record: $(cat "$dir/sessions/$id.yaml")"
    [ "$(git -C "$dir" log -1 --format=%s)" = "session: log $id" ] || fail "commit"
    printf 'line one\nline two\n' | "$VFI" -C "$dir" session log $ACTIVE --date 2026-11-21 --minutes 30 --notes-file - >"$WORK/id"
    grep -q "  line two" "$dir/sessions/$(cat "$WORK/id").yaml" || fail "notes from stdin"
}

t_log_refusals_write_nothing() {
    local dir before
    dir=$(sample_data)
    before=$(snapshot "$dir")
    vfi -C "$dir" session log $ACTIVE --date 2026-02-30 --minutes 60
    expect_status 3
    expect_err_has "date: '2026-02-30' does not exist (2026-02 has 28 days)"
    vfi -C "$dir" session log $ACTIVE --date 2027-01-01 --minutes 60
    expect_status 3
    expect_err "vfi: date: 2027-01-01 is in the future — correct the date"
    vfi -C "$dir" session log $ACTIVE --date 2026-11-01 --minutes 0
    expect_status 3
    expect_err_has "minutes: 0 is outside 1–1440"
    vfi -C "$dir" session log $PROPOSED --date 2026-11-01 --minutes 60
    expect_status 8
    expect_err "vfi: $PROPOSED is proposed, not active or paused — accept it first: \`vfi match accept $PROPOSED\`"
    vfi -C "$dir" session log --type advisory-group --partners P-6TSW8H --date 2026-11-01 --minutes 60
    expect_status 8
    expect_err_has "not in the programme"
    vfi -C "$dir" session log --type advisory-group --date 2026-11-01 --minutes 60
    expect_status 2
    expect_err_has "needs the partners who took part"
    vfi -C "$dir" session log --date 2026-11-01 --minutes 60
    expect_status 2
    expect_err_has "a coaching session needs its match"
    expect_unchanged "$dir" "$before"
}

t_list_never_shows_notes() {
    local dir
    dir=$(sample_data)
    vfi -C "$dir" session list --match $ACTIVE --format json
    expect_status 0
    [[ "$out" == *"commissioning board"* ]] && fail "notes in list"
    expect_out_has '"match": "M-33CYT8"'
    vfi -C "$dir" session list --from 2022-06-01 --to 2022-06-30 --type action-learning --format csv
    expect_out "$(printf 'id,date,type,match,partners,status,minutes,mode,topics\r\nS-V5Y910,2022-06-08,action-learning,,"P-JWK3TM, P-0VKX2G, P-MVJ56B",held,120,online,"co-production, power"\r')"
    vfi -C "$dir" session list --status helt
    expect_status 2
    expect_err "vfi: --status: 'helt' is not one of held, cancelled, no-show — did you mean 'held'?"
    vfi -C "$dir" session list --type coachng
    expect_status 2
    expect_err_has "did you mean 'coaching'?"
    vfi -C "$dir" session show "$(git -C "$dir" grep -l "match: $ACTIVE" -- sessions | head -1 | sed 's|sessions/||; s|.yaml||')"
    expect_out_has "notes: |"
}

t_cancel_and_set() {
    local dir id before
    dir=$(sample_data)
    id=$("$VFI" -C "$dir" session log $ACTIVE --date 2026-11-20 --minutes 60)
    before=$(snapshot "$dir")
    vfi -C "$dir" session cancel "$id" --category leader-unavalable
    expect_status 2
    expect_err "vfi: --category: 'leader-unavalable' is not one of leader-unavailable, partner-unavailable, rescheduled, technical-problem, personal-circumstances, other — did you mean 'leader-unavailable'?"
    expect_unchanged "$dir" "$before"
    vfi -C "$dir" session cancel "$id" --category leader-unavailable --reason "Leader unwell"
    expect_status 0
    grep -qx "status: cancelled" "$dir/sessions/$id.yaml" || fail "not cancelled"
    grep -qx "cancel_category: leader-unavailable" "$dir/sessions/$id.yaml" || fail "category"
    grep -qx "cancel_reason: Leader unwell" "$dir/sessions/$id.yaml" || fail "reason"
    vfi -C "$dir" session cancel "$id"
    expect_status 8
    vfi -C "$dir" session set "$id" minutes=90 topics=carers
    expect_status 0
    grep -qx "minutes: 90" "$dir/sessions/$id.yaml" || fail "set"
}

t_due_lists_the_quiet_matches_for_cron() {
    local dir
    dir=$(sample_data)
    vfi -C "$dir" session due
    expect_status 0
    expect_out_has "match     partner   partner_name  leader    leader_name    last_session  days"
    expect_out_has "M-64VS1D  P-GWA03E  Deepa Raman   L-QX2CDZ  Imran Iqbal    2023-05-01    1302"
    vfi -C "$dir" session due --fail-if-any --format csv
    expect_status 1
    VFI_TODAY=2023-05-10 vfi -C "$dir" session due --fail-if-any
    expect_status 0
    expect_out_empty
    VFI_TODAY=2023-06-20 vfi -C "$dir" session due --weeks 6
    expect_out_has "M-64VS1D"
    [[ "$out" == *"M-6DQ8MJ"* ]] && fail "a match with a recent session is listed"
}

t_more_refusals_and_json_for_scripts() {
    local dir before id
    dir=$(sample_data)
    before=$(snapshot "$dir")
    vfi -C "$dir" session log $ACTIVE --date 2020-01-01 --minutes 60
    expect_status 3
    expect_err_has "vfi: --date: 2020-01-01 is before $ACTIVE started"
    vfi -C "$dir" session due --weeks 0
    expect_status 2
    expect_unchanged "$dir" "$before"
    VFI_TODAY=2023-05-10 vfi -C "$dir" session due --format json
    expect_status 0
    expect_out "[]"
    id=$("$VFI" -C "$dir" session log $ACTIVE --date 2026-11-20 --minutes 60)
    vfi -C "$dir" session set "$id" status=no-show
    expect_status 0
    grep -qx "status: no-show" "$dir/sessions/$id.yaml" || fail "status not set"
}

t_edit_a_session_in_an_editor() {
    local dir id before
    dir=$(sample_data)
    id=$("$VFI" -C "$dir" session log $ACTIVE --date 2026-11-20 --minutes 60)
    printf '#!/bin/sh\nsed -i "s/^minutes: 60$/minutes: 75/" "$1"\n' >"$WORK/ed.sh"
    chmod +x "$WORK/ed.sh"
    EDITOR="$WORK/ed.sh" vfi -C "$dir" session edit "$id"
    expect_status 0
    grep -qx "minutes: 75" "$dir/sessions/$id.yaml" || fail "edit not saved"
    [ "$(git -C "$dir" log -1 --format=%s)" = "session: edit $id" ] || fail "commit"
    printf '#!/bin/sh\nsed -i "s/^date: 2026-11-20$/date: 2027-11-20/" "$1"\n' >"$WORK/future.sh"
    chmod +x "$WORK/future.sh"
    before=$(snapshot "$dir")
    EDITOR="$WORK/future.sh" vfi -C "$dir" session edit "$id" </dev/null
    expect_status 3
    expect_err_has "date: 2027-11-20 is in the future"
    expect_unchanged "$dir" "$before"
}

run_tests
