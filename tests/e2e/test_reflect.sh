#!/usr/bin/env bash
# vfi reflect: add from flags or YAML, every refusal writes nothing; list, show, prompts.
source "$(dirname "$0")/lib.sh"

t_add_from_flags() {
    local dir id
    dir=$(sample_data)
    vfi -C "$dir" reflect add --stage midpoint --changing "Directors invite carers first" --how "Sessions" \
        --why "Trust" --barrier "Diary pressure" --enabler "Same partner" --theme power --theme patience \
        --quote "It changed how I chair" --quote-consent --score confidence_coproduction=7
    expect_status 0
    id=$out
    [ "$(cat "$dir/reflections/$id.yaml")" = "id: $id
date: 2026-11-23
by: learning-partner
about: programme
stage: midpoint
changing: Directors invite carers first
how: Sessions
why: Trust
barriers: [Diary pressure]
enablers: [Same partner]
themes: [power, patience]
quotes:
  - text: It changed how I chair
    consent: true
scores:
  confidence_coproduction: 7" ] || fail "record: $(cat "$dir/reflections/$id.yaml")"
    [ "$(git -C "$dir" log -1 --format=%s)" = "reflect: add $id" ] || fail "commit"
}

t_add_from_yaml_keeps_its_comments() {
    local dir id
    dir=$(sample_data)
    printf '# from the end-of-programme interview\nby: L-JB8DXJ\nabout: M-6DQ8MJ\nstage: end\nchanging: |\n  I now plan with carers\n  in the room\nscores:\n  confidence: 8\n' >"$WORK/r.yaml"
    vfi -C "$dir" reflect add --from-file "$WORK/r.yaml" --date 2026-11-01
    expect_status 0
    id=$out
    grep -qx "# from the end-of-programme interview" "$dir/reflections/$id.yaml" || fail "comment lost"
    grep -qx "  in the room" "$dir/reflections/$id.yaml" || fail "text lost"
}

t_add_refusals_write_nothing() {
    local dir before
    dir=$(sample_data)
    before=$(snapshot "$dir")
    vfi -C "$dir" reflect add --by P-ZZZZZZ --changing x
    expect_status 4
    expect_err "vfi: no partner has the id 'P-ZZZZZZ' — list them with \`vfi partner list\`"
    vfi -C "$dir" reflect add --theme powr
    expect_status 3
    expect_err_has "did you mean 'power'? To allow a new value, add it to vocabularies.themes in vfi.yaml"
    vfi -C "$dir" reflect add --score confidence=11
    expect_status 3
    expect_err_has "is not a score from 1 to 10"
    vfi -C "$dir" reflect add --stage final --changing x
    expect_status 3
    vfi -C "$dir" reflect add --date 2027-01-01 --changing x
    expect_status 3
    expect_err_has "is in the future"
    vfi -C "$dir" reflect add </dev/null
    expect_status 2
    expect_err_has "a reflection needs something said"
    vfi -C "$dir" reflect add --changing x --quote-consent
    expect_status 2
    expect_err_has "there is no --quote to consent to"
    printf 'id: R-AAAAAA\nby: learning-partner\n' | "$VFI" -C "$dir" reflect add --from-file - >/dev/null 2>"$WORK/err"
    [ $? -eq 3 ] || fail "an id in the file should be refused"
    grep -q "(standard input):1: id: vfi makes the id of a new reflection" "$WORK/err" || fail "message: $(cat "$WORK/err")"
    expect_unchanged "$dir" "$before"
}

t_ids_may_be_given_by_their_start() {
    local dir id
    dir=$(sample_data)
    vfi -C "$dir" reflect add --by L-RNG8 --about M-WC3 --stage end --score confidence_coproduction=8
    expect_status 0
    id=$out
    grep -qx "by: L-RNG8K3" "$dir/reflections/$id.yaml" || fail "by not resolved"
    grep -qx "about: M-WC3PYN" "$dir/reflections/$id.yaml" || fail "about not resolved"
}

t_list_show_and_prompts() {
    local dir
    dir=$(sample_data)
    vfi -C "$dir" reflect list --by learning-partner --format csv
    expect_status 0
    [ "$(echo "$out" | wc -l)" = 4 ] || fail "three learning-partner reflections expected: $out"
    vfi -C "$dir" reflect list --theme power --stage baseline
    expect_out_has "baseline"
    vfi -C "$dir" reflect prompts --p power
    expect_out "$(printf 'Power\n  - Where was power held, and was it named?\n  - What did anyone give up, or share, to make room for others?')"
    vfi -C "$dir" reflect prompts --p pwer
    expect_status 2
}

t_set_and_edit_a_reflection() {
    local dir id before
    dir=$(sample_data)
    id=$("$VFI" -C "$dir" reflect add --changing "First words" --theme power)
    vfi -C "$dir" reflect set "$id" themes=power,people stage=end
    expect_status 0
    grep -qx "themes: \[power, people\]" "$dir/reflections/$id.yaml" || fail "set themes"
    before=$(snapshot "$dir")
    vfi -C "$dir" reflect set "$id" themes=powr
    expect_status 3
    expect_err_has "did you mean 'power'?"
    vfi -C "$dir" reflect set "$id" by=P-ZZZZZZ
    expect_status 4
    expect_err "vfi: by: P-ZZZZZZ does not exist — check the id with \`vfi partner list\`"
    expect_unchanged "$dir" "$before"
}

t_scores_from_baseline_to_end() {
    local dir
    dir=$(sample_data)
    vfi -C "$dir" reflect scores
    expect_status 0
    expect_out_has "confidence_coproduction              4         4  4.2            7.2       +3.0         +3.0"
    expect_out_has "confidence_coproduction         L-GM6XZS         3    6       3"
    vfi -C "$dir" reflect scores --format json
    expect_out_has '"mean_change": "+3.0"'
    dir=$(new_data)
    vfi -C "$dir" reflect scores
    expect_out "No one has both a baseline and an end score yet."
}

t_themes_rising_and_falling() {
    local dir
    dir=$(sample_data)
    vfi -C "$dir" reflect themes --from 2022-10-01 --to 2023-09-30 --format csv
    expect_status 0
    expect_out_has $'theme,patience,5,0,rising\r'
    expect_out_has $'theme,power,3,8,falling\r'
    vfi -C "$dir" reflect themes --from 2023-01-01 --to 2022-01-01
    expect_status 2
    vfi -C "$dir" reflect themes --from 2022-10-01 --to 2023-09-30 --by learning-partner --format csv
    expect_out_has $'barrier,Competing priorities after winter pressures,1,0,rising\r'
}

t_the_walk_through_the_questions_at_a_terminal() {
    if ! command -v script >/dev/null; then
        echo "  skipped: script (util-linux) is not installed"
        return
    fi
    local dir id
    dir=$(sample_data)
    # Answers, with two wrong ones that are asked again: a misspelt theme, and a score of 11.
    printf '\n\nmidpoint\nLeaders plan with carers\nThrough sessions\nTrust grew\nDiary pressure\nChurn\n\nSame partner\n\npowr\npower,patience\nIt changed how I chair\nyes\nconfidence=11\nconfidence=8\n' \
        >"$WORK/answers"
    script -qec "$VFI -C $dir reflect add" /dev/null <"$WORK/answers" >"$WORK/walk" 2>&1
    status=$?
    expect_status 0
    grep -q "'powr' is not one of" "$WORK/walk" || fail "a wrong theme was not explained"
    grep -q "'confidence=11' is not NAME=1..10" "$WORK/walk" || fail "a wrong score was not explained"
    id=$(git -C "$dir" show --name-only --format= HEAD | sed 's|reflections/||; s|.yaml||')
    [ "$(cat "$dir/reflections/$id.yaml")" = "id: $id
date: 2026-11-23
by: learning-partner
about: programme
stage: midpoint
changing: Leaders plan with carers
how: Through sessions
why: Trust grew
barriers: [Diary pressure, Churn]
enablers: [Same partner]
themes: [power, patience]
quotes:
  - text: It changed how I chair
    consent: true
scores:
  confidence: 8" ] || fail "record: $(cat "$dir/reflections/$id.yaml" 2>&1)"
    # Stopping part-way writes nothing.
    local before
    before=$(snapshot "$dir")
    printf '\n\n' | script -qec "$VFI -C $dir reflect add" /dev/null >"$WORK/walk2" 2>&1
    grep -q "stopped before the end" "$WORK/walk2" || fail "no message when stopped: $(cat "$WORK/walk2")"
    expect_unchanged "$dir" "$before"
}

t_ids_by_their_start_in_any_case_for_by_and_about() {
    local dir before id
    dir=$(sample_data)
    vfi -C "$dir" reflect list --by gm6 --format csv
    expect_status 0
    expect_out_has "R-5W91G8,2022-04-04,L-GM6XZS,M-TZ715X"
    vfi -C "$dir" reflect list --by l-gm6 --about m-tz7 --format csv
    expect_out_has "R-06MCMJ,2022-12-12,L-GM6XZS,M-TZ715X"
    before=$(snapshot "$dir")
    vfi -C "$dir" reflect list --by ZZZ
    expect_status 4
    expect_err "vfi: no partner or leader has the id 'ZZZ' — check the id, or give learning-partner"
    vfi -C "$dir" reflect add --by q-zzz --changing "A fictional note"
    expect_status 4
    expect_unchanged "$dir" "$before"
    vfi -C "$dir" reflect add --by l-gm6 --about m-tz7 --changing "A fictional note"
    expect_status 0
    id=$out
    vfi -C "$dir" reflect show "$id" --format json
    expect_out_has '"by": "L-GM6XZS"'
    expect_out_has '"about": "M-TZ715X"'
}

t_edit_help_and_hints_name_the_reflect_command() {
    vfi reflect edit --help
    expect_status 0
    expect_out_has "vfi reflect edit R-7KQ2"
    [[ "$out" != *"vfi reflection"* ]] || fail "--help names vfi reflection, not a command"
}

run_tests
