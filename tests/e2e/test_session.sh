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
    # Two years without a session: the quietest match, not one with a session since.
    "$VFI" -C "$dir" session log M-6DQ8MJ --date 2026-11-02 --minutes 60 >/dev/null || fail "log"
    vfi -C "$dir" session due --weeks 104
    expect_out_has "M-64VS1D"
    [[ "$out" == *"M-6DQ8MJ"* ]] && fail "a match with a recent session is listed"
    vfi -C "$(new_data)" session due --fail-if-any
    expect_status 0
    expect_out_empty
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
    vfi -C "$(new_data)" session due --format json
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

t_log_names_the_option_at_fault() {
    local dir before
    dir=$(sample_data)
    before=$(snapshot "$dir")
    vfi -C "$dir" session log --date 2026-11-01 --minutes 60
    expect_status 2
    expect_err "vfi: MATCH: a coaching session needs its match — give the match id first, e.g. \`vfi session log M-4ZK --date ...\`, or --type for other involvement"
    vfi -C "$dir" session log --type advisory-group --date 2026-11-01
    expect_status 2
    expect_err "vfi: --partners: a session of type advisory-group needs the partners who took part — add --partners P-...,P-..."
    vfi -C "$dir" session log --type advisory-group --partners P-6TSW8H --date 2026-11-01
    expect_status 8
    expect_err "vfi: --partners: P-6TSW8H was withdrawn on 2026-11-01, not in the programme — only partners in training, active or paused take part in sessions"
    vfi -C "$dir" session log --type advisory-group --partners P-JWK3TM,P-ZZZZZZ --date 2026-11-01
    expect_status 4
    expect_err "vfi: no partner has the id 'P-ZZZZZZ' — list them with \`vfi partner list\`"
    vfi -C "$dir" session log M-ZZZZZZ --date 2026-11-01
    expect_status 4
    expect_err "vfi: no match has the id 'M-ZZZZZZ' — list them with \`vfi match list\`"
    vfi -C "$dir" session log $ACTIVE --date 2026-11-01 --category rescheduled
    expect_status 2
    expect_err "vfi: --category: --category says why a session was cancelled — give --status cancelled as well, or leave out --category"
    vfi -C "$dir" session log $ACTIVE --date 2026-11-01 --status cancelled --category rescheduld
    expect_status 3
    expect_err "vfi: --category: 'rescheduld' is not one of leader-unavailable, partner-unavailable, rescheduled, technical-problem, personal-circumstances, other — did you mean 'rescheduled'? To allow a new value, add it to vocabularies.cancel_categories in vfi.yaml"
    vfi -C "$dir" session log $ACTIVE --date 2026-11-01 --type coachin
    expect_status 3
    expect_err "vfi: --type: 'coachin' is not one of coaching, action-learning, advisory-group, check-and-challenge, interview-panel, co-design, training — did you mean 'coaching'?"
    vfi -C "$dir" session log $ACTIVE --date 2026-02-30
    expect_status 3
    expect_err "vfi: --date: '2026-02-30' does not exist (2026-02 has 28 days) — write the date as YYYY-MM-DD, e.g. 2024-03-18"
    vfi -C "$dir" session log $ACTIVE --date 2026-11-01 --minutes 0
    expect_status 3
    expect_err "vfi: --minutes: 0 is outside 1–1440 — use a number from 1 to 1440"
    vfi -C "$dir" session log $ACTIVE --date 2026-11-01 --mode carrier-pigeon
    expect_status 3
    expect_err "vfi: --mode: 'carrier-pigeon' is not one of online, phone, in-person"
    vfi -C "$dir" session log $ACTIVE --date 2026-11-01 --status helt
    expect_status 3
    expect_err "vfi: --status: 'helt' is not one of held, cancelled, no-show — did you mean 'held'?"
    vfi -C "$dir" session log $ACTIVE --date 2026-11-01 --topics "Bad Tag"
    expect_status 3
    expect_err "vfi: --topics: 'Bad Tag' is not a tag — use lower-case words joined by dashes: 'bad-tag'"
    vfi -C "$dir" session log $ACTIVE --date 2020-01-01 --minutes 60
    expect_status 3
    expect_err "vfi: --date: 2020-01-01 is before $ACTIVE started (2023-01-10) — check the date"
    expect_unchanged "$dir" "$before"
}

t_log_other_involvement() {
    local dir id
    dir=$(sample_data)
    vfi -C "$dir" session log --type advisory-group --group "Board review" --partners p-jwk3,P-0VKX2G \
        --date 2026-11-20 --minutes 45 --follow-ups "send minutes,book room"
    expect_status 0
    id=$out
    [ "$(cat "$dir/sessions/$id.yaml")" = "id: $id
type: advisory-group
group: Board review
partners: [P-JWK3TM, P-0VKX2G]
date: 2026-11-20
minutes: 45
status: held
follow_ups: [send minutes, book room]" ] || fail "record: $(cat "$dir/sessions/$id.yaml")"
    vfi -C "$dir" session log $ACTIVE --date 2026-11-21 --status cancelled --category rescheduled
    expect_status 0
    [ "$(cat "$dir/sessions/$out.yaml")" = "id: $out
match: $ACTIVE
date: 2026-11-21
status: cancelled
cancel_category: rescheduled" ] || fail "record: $(cat "$dir/sessions/$out.yaml")"
}

# An action learning group of directors: the leaders who took part are on the session, listed
# under each of them, and never on a coaching session (its leader is its match's).
t_leaders_take_part_in_group_sessions() {
    local dir id before
    dir=$(sample_data)
    vfi -C "$dir" session log --type action-learning --group wm-action-learning-1 --partners P-JWK3TM \
        --leaders l-c09m,L-3BG3KX --date 2026-11-02 --minutes 120
    expect_status 0
    id=$out
    [ "$(cat "$dir/sessions/$id.yaml")" = "id: $id
type: action-learning
group: wm-action-learning-1
partners: [P-JWK3TM]
leaders: [L-C09M1H, L-3BG3KX]
date: 2026-11-02
minutes: 120
status: held" ] || fail "record: $(cat "$dir/sessions/$id.yaml")"
    vfi -C "$dir" session list --leader L-C09M1H --format csv
    expect_status 0
    expect_out_has "$id,2026-11-02,action-learning"
    before=$(snapshot "$dir")
    vfi -C "$dir" session log $ACTIVE --leaders L-JB8DXJ --date 2026-11-03 --minutes 60
    expect_status 3
    expect_err_has "a coaching session's leader is its match's — remove \`leaders:\`"
    vfi -C "$dir" session log --type action-learning --partners P-JWK3TM --leaders L-ZZZZZZ --date 2026-11-03 --minutes 60
    expect_status 4
    expect_err "vfi: no leader has the id 'L-ZZZZZZ' — list them with \`vfi leader list\`"
    vfi -C "$dir" session set "$id" leaders=L-C09M1H,L-C09M1H
    expect_status 3
    expect_err_has "L-C09M1H is listed more than once"
    # A leader a session names is not removed from under it.
    vfi -C "$dir" leader remove L-3BG3KX
    expect_status 8
    expect_err_has "vfi: L-3BG3KX is referred to by $id"
    expect_unchanged "$dir" "$before"
}

# A session is checked against the histories: its partners were in the programme on its day;
# a no-show (which may be paid) is in the past, within its match, and one a day like a held
# session; a group's name is read as a person would.
t_sessions_are_checked_against_the_day_they_happened() {
    local dir before
    dir=$(sample_data)
    before=$(snapshot "$dir")
    vfi -C "$dir" session log --type advisory-group --partners $AMARA --date 2021-06-01 --minutes 60
    expect_status 8
    expect_err "vfi: --partners: $AMARA was not yet in the programme on 2021-06-01 — only partners in training, active or paused take part in sessions"
    vfi -C "$dir" session log $ACTIVE --date 2026-12-20 --status no-show --missed leader
    expect_status 3
    expect_err_has "2026-12-20 is in the future"
    vfi -C "$dir" session log $ACTIVE --date 2022-12-01 --status no-show --missed leader
    expect_status 3
    expect_err_has "2022-12-01 is before $ACTIVE started (2023-01-10)"
    vfi -C "$dir" session log $ACTIVE --date 2023-01-10 --status no-show --missed leader
    expect_status 8
    expect_err_has "a session of $ACTIVE was already held on 2023-01-10"
    expect_unchanged "$dir" "$before"
    "$VFI" -C "$dir" session log --type action-learning --group "g1" --partners $AMARA \
        --date 2026-11-02 --minutes 60 >/dev/null || fail "the first group session"
    before=$(snapshot "$dir")
    vfi -C "$dir" session log --type action-learning --group "G1 " --partners $AMARA \
        --date 2026-11-02 --minutes 60
    expect_status 8
    expect_err_has "was already held on 2026-11-02"
    vfi -C "$dir" session set S-G0QTZE partners=$AMARA
    expect_status 3
    expect_err_has "partners: a coaching session's partner is its match's"
    expect_unchanged "$dir" "$before"
    # Put in by hand: vfi check names the partner who was not there yet.
    printf 'id: S-HAND01\ntype: advisory-group\npartners: [%s]\ndate: 2021-06-01\nminutes: 60\nstatus: held\n' \
        $AMARA >"$dir/sessions/S-HAND01.yaml"
    vfi -C "$dir" check
    expect_status 1
    expect_out_has "sessions/S-HAND01.yaml:3:11: partners: $AMARA was not yet in the programme on 2021-06-01 — take $AMARA out of the session's partners, or correct its date or their history"
}

t_list_filters_and_orders_by_date() {
    local dir before
    dir=$(sample_data)
    # --partner finds a coaching session through its match, and other involvement by name.
    vfi -C "$dir" session list --partner P-JWK3TM --status held,no-show --to 2022-09-30
    expect_status 0
    expect_out "id        date        type             match     partners                      status  minutes  mode       topics
S-PNR2WH  2022-04-04  coaching         M-TZ715X  P-JWK3TM                      held         60  in-person  co-production, power
S-PVHP80  2022-05-09  coaching         M-TZ715X  P-JWK3TM                      held         90  online     listening, trust
S-V5Y910  2022-06-08  action-learning            P-JWK3TM, P-0VKX2G, P-MVJ56B  held        120  online     co-production, power
S-C7YR1Q  2022-07-25  coaching         M-TZ715X  P-JWK3TM                      held         90  in-person  health-inequalities, data
S-S732Y7  2022-09-05  coaching         M-TZ715X  P-JWK3TM                      held         60  online     workforce, culture
S-HPAVYA  2022-09-14  action-learning            P-JWK3TM, P-0VKX2G, P-MVJ56B  held        120  online     co-production, power"
    # --group finds sessions of the group's matches and the group's own.
    vfi -C "$dir" session list --group wm-action-learning-1 --from 2022-06-01 --to 2022-06-30 --format csv
    expect_out "$(printf 'id,date,type,match,partners,status,minutes,mode,topics\r\nS-V5Y910,2022-06-08,action-learning,,"P-JWK3TM, P-0VKX2G, P-MVJ56B",held,120,online,"co-production, power"\r\nS-S8YNAM,2022-06-20,coaching,M-TZ715X,P-JWK3TM,cancelled,60,online,\r\nS-N3W2GC,2022-06-21,coaching,M-DX9K8Q,P-MVJ56B,held,60,online,"workforce, culture"\r\nS-7P37J7,2022-06-27,coaching,M-QQWP3N,P-0VKX2G,held,60,online,"health-inequalities, data"\r')"
    vfi -C "$dir" session list --leader L-QX2CDZ --from 2023-04-01 --format json
    expect_out '[
  {
    "id": "S-V1MNZC",
    "date": "2023-05-01",
    "type": "coaching",
    "match": "M-64VS1D",
    "partners": "P-GWA03E",
    "status": "held",
    "minutes": 90,
    "mode": "online",
    "topics": [
      "health-inequalities",
      "data"
    ]
  }
]'
    vfi -C "$dir" session list --type training
    expect_status 0
    expect_out_empty
    expect_err "No sessions match."
    vfi -C "$dir" -q session list --type training
    expect_err_empty
    vfi -C "$dir" session list --type training --format csv
    expect_out "$(printf 'id,date,type,match,partners,status,minutes,mode,topics\r')"
    before=$(snapshot "$dir")
    vfi -C "$dir" session list --type coachng
    expect_status 2
    expect_err "vfi: --type: 'coachng' is not one of coaching, action-learning, advisory-group, check-and-challenge, interview-panel, co-design, training — did you mean 'coaching'?"
    vfi -C "$dir" session list --from 2022-13-01
    expect_status 3
    expect_err "vfi: --from: '2022-13-01' has no month 13 — write the date as YYYY-MM-DD, e.g. 2024-03-18"
    vfi -C "$dir" session list --to 2022-02-30
    expect_status 3
    expect_err "vfi: --to: '2022-02-30' does not exist (2022-02 has 28 days) — write the date as YYYY-MM-DD, e.g. 2024-03-18"
    vfi -C "$dir" session list --match M-ZZZZZZ
    expect_status 4
    expect_err "vfi: no match has the id 'M-ZZZZZZ' — list them with \`vfi match list\`"
    vfi -C "$dir" session list --partner P-ZZZZZZ
    expect_status 4
    vfi -C "$dir" session list --leader L-ZZZZZZ
    expect_status 4
    expect_err "vfi: no leader has the id 'L-ZZZZZZ' — list them with \`vfi leader list\`"
    expect_unchanged "$dir" "$before"
}

t_list_shows_what_it_could_read_and_exits_1() {
    local dir
    dir=$(sample_data)
    printf 'id: S-AAAAAA\nmatch: M-33CYT8\ndate: 2026-02-30\nstatus: held\n' >"$dir/sessions/S-AAAAAA.yaml"
    vfi -C "$dir" session list --match M-TZ715X --to 2022-06-30
    expect_status 1
    expect_out "id        date        type      match     partners  status     minutes  mode       topics
S-PNR2WH  2022-04-04  coaching  M-TZ715X  P-JWK3TM  held            60  in-person  co-production, power
S-PVHP80  2022-05-09  coaching  M-TZ715X  P-JWK3TM  held            90  online     listening, trust
S-S8YNAM  2022-06-20  coaching  M-TZ715X  P-JWK3TM  cancelled       60  online"
    expect_err_has "sessions/S-AAAAAA.yaml:3:7: date:"
    expect_err_has "vfi: a record with this problem is not listed"
    vfi -C "$dir" session list --type training
    expect_status 1
    expect_err_has "No sessions match."
}

t_cancel_refusals_and_due_in_full() {
    local dir id m before
    dir=$(sample_data)
    id=$("$VFI" -C "$dir" session log $ACTIVE --date 2026-11-20 --minutes 60)
    vfi -C "$dir" session cancel "${id,,}"
    expect_status 0
    expect_out "$id is now cancelled."
    [ "$(cat "$dir/sessions/$id.yaml")" = "id: $id
match: $ACTIVE
date: 2026-11-20
minutes: 60
status: cancelled" ] || fail "record: $(cat "$dir/sessions/$id.yaml")"
    [ "$(git -C "$dir" log -1 --format=%s)" = "session: cancel $id" ] || fail "commit"
    before=$(snapshot "$dir")
    vfi -C "$dir" session cancel "$id" --category rescheduled
    expect_status 8
    expect_err "vfi: $id is already cancelled — nothing was changed"
    vfi -C "$dir" session cancel S-ZZZZZZ
    expect_status 4
    expect_err "vfi: no session has the id 'S-ZZZZZZ' — list them with \`vfi session list\`"
    expect_unchanged "$dir" "$before"
    m=$("$VFI" -C "$dir" match add P-0VKX2G L-3BG3KX --status active --start 2026-09-01 2>/dev/null)
    vfi -C "$dir" session due
    expect_status 0
    expect_out "match     partner   partner_name  leader    leader_name    last_session           days
M-64VS1D  P-GWA03E  Deepa Raman   L-QX2CDZ  Imran Iqbal    2023-05-01             1302
M-BXVGEX  P-WH2MVG  Fola Adeyemi  L-NFVZ31  Jo Jessop      2023-05-03             1300
M-WC3PYN  P-2QJS4T  Callum Reid   L-RNG8K3  Morag McLeish  2023-05-23             1280
M-6DQ8MJ  P-JWK3TM  Amara Okafor  L-JB8DXJ  Elliot Ellery  2023-10-02             1148
M-33CYT8  P-MVJ56B  Hamid Sadiq   L-C09M1H  Fiona Fenwick  2023-10-03             1147
$m  P-0VKX2G  Bronwen Hale  L-3BG3KX  Una Underwood  none since 2026-09-01    83"
    vfi -C "$dir" session due --weeks 100 --format json
    expect_out_has '[
  {
    "match": "M-64VS1D",
    "partner": "P-GWA03E",
    "partner_name": "Deepa Raman",
    "leader": "L-QX2CDZ",
    "leader_name": "Imran Iqbal",
    "last_session": "2023-05-01",
    "days": 1302
  },
  {
    "match": "M-BXVGEX",
    "partner": "P-WH2MVG",
    "partner_name": "Fola Adeyemi",
    "leader": "L-NFVZ31",
    "leader_name": "Jo Jessop",
    "last_session": "2023-05-03",
    "days": 1300
  },'
    [ "$(grep -c '"match"' <<<"$out")" = 5 ] || fail "not the five due over 100 weeks: $out"
    vfi -C "$dir" -q session due --fail-if-any
    expect_status 1
    expect_out_empty
}

# The same session logged twice would be paid twice: a second held session of one match on
# one day needs --again; two that arrive through git (two clones) are named by check, and
# the extra one can be removed.
t_one_match_one_day_one_session_unless_again() {
    local dir before s1 s2 clone
    dir=$(sample_data)
    s1=$("$VFI" -C "$dir" session log M-33CYT8 --date 2026-11-20 --minutes 60) || { fail "first: $s1"; return; }
    before=$(snapshot "$dir")
    vfi -C "$dir" session log M-33CYT8 --date 2026-11-20 --minutes 60
    expect_status 8
    expect_err "vfi: --date: a session of M-33CYT8 was already held on 2026-11-20 ($s1) — if this is another session that day, log it with --again; if it is the same one, it is logged already (\`vfi session show $s1\`)"
    vfi -C "$dir" session log M-33CYT8 --date 2026-11-19 --minutes 30 --again
    expect_status 2
    expect_err "vfi: --again: no other session of M-33CYT8 was held on 2026-11-19 — leave out --again: it is for a second session of the same day"
    expect_unchanged "$dir" "$before"
    # Involvement too: the same partners, type and group on one day.
    "$VFI" -C "$dir" session log --type advisory-group --partners P-0VKX2G,P-JWK3TM --date 2026-11-18 --minutes 90 >/dev/null ||
        fail "first advisory group"
    vfi -C "$dir" session log --type advisory-group --partners P-JWK3TM,P-0VKX2G --date 2026-11-18 --minutes 90
    expect_status 8
    expect_err_has "vfi: --date: a session of type advisory-group with the same partners was already held on 2026-11-18 (S-"
    before=$(snapshot "$dir")
    expect_unchanged "$dir" "$before"
    vfi -C "$dir" session log M-33CYT8 --date 2026-11-20 --minutes 30 --again
    expect_status 0
    grep -qx "again: true" "$dir/sessions/$out.yaml" || fail "no again: true in $out"
    vfi -C "$dir" check
    expect_status 0
    # Two clones each log the same session; merged, check names both.
    clone="$WORK/clone-$RANDOM"
    git clone -q "$dir" "$clone"
    s1=$("$VFI" -C "$dir" session log M-33CYT8 --date 2026-11-21 --minutes 60) || fail "log in the first"
    s2=$("$VFI" -C "$clone" session log M-33CYT8 --date 2026-11-21 --minutes 60) || fail "log in the clone"
    git -C "$dir" pull -q --no-rebase "$clone" main >/dev/null 2>&1 || fail "merge"
    vfi -C "$dir" check
    expect_status 1
    expect_out_has "sessions/$s1.yaml:"
    local last
    last=$(printf '%s\n' "$s1" "$s2" | sort | tail -1)
    expect_out_has ": date: M-33CYT8 has 2 sessions held on 2026-11-21 ("
    expect_out_has "), 0 of them marked again: true — if one was logged twice, remove $last (\`vfi session remove $last\`); if each happened, mark every one but the first again: true (\`vfi session set $last again=true\`)"
    [ "$(grep -c "remove $last" <<<"$out")" = 2 ] || fail "each line should name the same session to remove"
    s2=$last
    vfi -C "$dir" report payments --month 2026-11
    expect_status 3
    vfi -C "$dir" session remove "$s2"
    expect_status 0
    expect_out "Removed $s2."
    [ -e "$dir/sessions/$s2.yaml" ] && fail "not removed"
    vfi -C "$dir" check
    expect_status 0
}

t_a_session_a_reflection_names_is_not_removed() {
    local dir before s
    dir=$(sample_data)
    s=$("$VFI" -C "$dir" session log M-33CYT8 --date 2026-11-20 --minutes 60) || { fail "log: $s"; return; }
    "$VFI" -C "$dir" reflect add --by P-MVJ56B --about "$s" --stage ad-hoc --date 2026-11-20 \
        --changing "Something" >/dev/null || { fail "reflect add"; return; }
    before=$(snapshot "$dir")
    vfi -C "$dir" session remove "$s"
    expect_status 8
    expect_err_has "vfi: $s is referred to by R-"
    expect_err_has "correct it with \`vfi session set $s\`, or first change what names it"
    expect_unchanged "$dir" "$before"
}

# The Monday cron job never runs on broken records without a word: like the reports, every
# problem and exit status 3 (an invalid due_after_weeks was ignored, and a broken partner
# gave rows with empty names and exit 0).
t_due_refuses_records_check_would_report() {
    local dir
    dir=$(sample_data)
    sed -i 's/^  due_after_weeks: .*/  due_after_weeks: six/' "$dir/vfi.yaml"
    grep -q "due_after_weeks: six" "$dir/vfi.yaml" || { fail "setup: no due_after_weeks"; return; }
    vfi -C "$dir" session due --fail-if-any
    expect_status 3
    expect_out ""
    expect_err_has "vfi.yaml:"
    expect_err_has "sessions.due_after_weeks: 'six' is not a whole number from 1 to 104"
    expect_err_has "vfi: 1 problem above: session due runs only on data \`vfi check\` passes, or its figures would leave records out — fix them, then run it again"
    git -C "$dir" checkout -q vfi.yaml
    printf 'name: [\n' >>"$dir/partners/P-MVJ56B.yaml"
    vfi -C "$dir" session due
    expect_status 3
    expect_err_has "partners/P-MVJ56B.yaml:"
}

run_tests
