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
    printf '# from the end-of-programme interview\nby: L-JB8DXJ\nabout: M-6DQ8MJ\nstage: end\nchanging: |\n  I now plan with carers\n  in the room\nscores:\n  confidence_coproduction: 8\n' >"$WORK/r.yaml"
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
    vfi -C "$dir" reflect add --score confidence_coproduction=11
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

t_add_refusals_say_exactly_what_is_wrong() {
    local dir before
    dir=$(sample_data)
    before=$(snapshot "$dir")
    vfi -C "$dir" reflect add --by zzz --changing x
    expect_status 4
    expect_err "vfi: no partner or leader has the id 'zzz' — check the id, or give learning-partner"
    vfi -C "$dir" reflect add --by l-0 --changing x
    expect_status 2
    expect_err "vfi: 'l-0' could be L-07R61X, L-0YNDC5 — type more of the id"
    vfi -C "$dir" reflect add --about M-ZZZZZZ --changing x
    expect_status 4
    expect_err "vfi: no match has the id 'M-ZZZZZZ' — list them with \`vfi match list\`"
    vfi -C "$dir" reflect add --about foo --changing x
    expect_status 4
    expect_err "vfi: no match or session has the id 'foo' — check the id, or give programme"
    vfi -C "$dir" reflect add --stage final --changing x
    expect_status 3
    expect_err "vfi: --stage: 'final' is not one of baseline, midpoint, end, ad-hoc"
    vfi -C "$dir" reflect add --stage END --changing x
    expect_status 3
    expect_err "vfi: --stage: 'END' is not one of baseline, midpoint, end, ad-hoc — did you mean 'end'?"
    vfi -C "$dir" reflect add --theme powr
    expect_status 3
    expect_err "vfi: themes: 'powr' is not one of philosophy, people, power, patience, product, co-production — did you mean 'power'? To allow a new value, add it to vocabularies.themes in vfi.yaml"
    vfi -C "$dir" reflect add --score confidence_coproduction=11
    expect_status 3
    expect_err "vfi: scores.confidence_coproduction: '11' is not a score from 1 to 10 — write a whole number from 1 to 10"
    vfi -C "$dir" reflect add --score confidence_coproduction
    expect_status 2
    expect_err "vfi: 'confidence_coproduction' is not KEY=VALUE — write e.g. region=london, or training.completed=2024-03-18; an empty value removes the field"
    vfi -C "$dir" reflect add --score "Bad Name=3"
    expect_status 3
    expect_err "vfi: scores.Bad Name: 'Bad Name' is not a score name — use lower-case words joined by _ or -"
    # Score names come from vocabularies.scores: a baseline and an end must name one thing alike.
    vfi -C "$dir" reflect add --score confidence-coproduction=6
    expect_status 3
    expect_err "vfi: scores.confidence-coproduction: 'confidence-coproduction' is not one of the score names, confidence_coproduction, understanding_lived_experience — did you mean 'confidence_coproduction'? Or, to rate something new, add its name to vocabularies.scores in vfi.yaml"
    vfi -C "$dir" reflect add --date 2026-13-01 --changing x
    expect_status 3
    expect_err "vfi: --date: '2026-13-01' has no month 13 — write the date as YYYY-MM-DD, e.g. 2024-03-18"
    vfi -C "$dir" reflect add --date 2027-01-01 --changing x
    expect_status 3
    expect_err "vfi: date: 2027-01-01 is in the future — correct the date"
    vfi -C "$dir" reflect add --changing x --quote-consent
    expect_status 2
    expect_err 'vfi: --quote-consent: there is no --quote to consent to — give the words with --quote "..."'
    vfi -C "$dir" reflect add </dev/null
    expect_status 2
    expect_err "vfi: a reflection needs something said — give --changing, --how, --why, a --barrier, --enabler, --theme, --quote or --score; or run it at a terminal to be asked the questions"
    # With several mistakes, the one told is the first: an id, then the stage, then the date,
    # then what the whole record breaks.
    vfi -C "$dir" reflect add --by zzz --stage final --changing x
    expect_err "vfi: no partner or leader has the id 'zzz' — check the id, or give learning-partner"
    vfi -C "$dir" reflect add --stage final --date bad --changing x
    expect_err "vfi: --stage: 'final' is not one of baseline, midpoint, end, ad-hoc"
    vfi -C "$dir" reflect add --date bad --theme powr
    expect_err "vfi: --date: 'bad' is not a date — write the date as YYYY-MM-DD, e.g. 2024-03-18"
    vfi -C "$dir" reflect add --score a=11 --theme powr
    expect_err_has "vfi: themes: 'powr' is not one of"
    expect_unchanged "$dir" "$before"
}

t_add_from_a_file_refusals_name_the_field() {
    local dir before f=$WORK/r.yaml
    dir=$(sample_data)
    before=$(snapshot "$dir")
    printf -- '- a\n- b\n' >"$f"
    vfi -C "$dir" reflect add --from-file "$f"
    expect_status 3
    expect_err "vfi: $f:1: expected \`key: value\` lines — write the reflection as in docs/format.md, without an id"
    printf 'stage: final\n' >"$f"
    vfi -C "$dir" reflect add --from-file "$f"
    expect_status 3
    expect_err "vfi: stage: 'final' is not one of baseline, midpoint, end, ad-hoc"
    printf 'by: L-RNG8\n' >"$f"
    vfi -C "$dir" reflect add --from-file "$f"
    expect_status 3
    expect_err "vfi: by: 'L-RNG8' is not learning-partner, a partner id or a leader id — write learning-partner, or the id of the partner or leader who reflected"
    # Who or what a file names must be there; the message names the file's field and line,
    # not an option nobody gave.
    printf 'by: L-ZZZZZZ\n' >"$f"
    vfi -C "$dir" reflect add --from-file "$f"
    expect_status 4
    expect_err "vfi: $f:1: by: no leader has the id 'L-ZZZZZZ' — list them with \`vfi leader list\`"
    printf 'changing: x\nabout: S-ZZZZZZ\n' >"$f"
    vfi -C "$dir" reflect add --from-file "$f"
    expect_status 4
    expect_err "vfi: $f:2: about: no session has the id 'S-ZZZZZZ' — list them with \`vfi session list\`"
    printf 'by: L-ZZZZZZ\n' >"$f"
    vfi -C "$dir" reflect add --from-file "$f" --stage final
    expect_status 3
    expect_err "vfi: --stage: 'final' is not one of baseline, midpoint, end, ad-hoc"
    printf 'date: 2030-01-01\n' >"$f"
    vfi -C "$dir" reflect add --from-file "$f"
    expect_status 3
    expect_err "vfi: date: 2030-01-01 is in the future — correct the date"
    expect_unchanged "$dir" "$before"
    # Options win over the file's values, --date too, so a --date that is not a date is refused.
    printf 'date: 2023-01-01\nchanging: x\n' >"$f"
    vfi -C "$dir" reflect add --from-file "$f" --date 2023-02-30
    expect_status 3
    expect_err "vfi: --date: '2023-02-30' does not exist (2023-02 has 28 days) — write the date as YYYY-MM-DD, e.g. 2024-03-18"
    expect_unchanged "$dir" "$before"
    printf 'by: L-ZZZZZZ\nstage: final\ndate: 2023-01-01\nchanging: x\n' >"$f"
    vfi -C "$dir" reflect add --from-file "$f" --by l-rng8 --stage end --date 2023-02-02
    expect_status 0
    grep -qx "by: L-RNG8K3" "$dir/reflections/$out.yaml" || fail "--by did not win"
    grep -qx "stage: end" "$dir/reflections/$out.yaml" || fail "--stage did not win"
    grep -qx "date: 2023-02-02" "$dir/reflections/$out.yaml" || fail "--date did not win"
}

t_list_filters_and_order() {
    local dir
    dir=$(sample_data)
    vfi -C "$dir" reflect list --stage end --format csv
    expect_status 0
    expect_out "$(printf '%s\r\n' 'id,date,by,about,stage,themes,changing' \
        'R-WADKDY,2022-11-28,L-99XRJ5,M-DX9K8Q,end,"product, patience",I now plan decisions with carers in the room.' \
        'R-06MCMJ,2022-12-12,L-GM6XZS,M-TZ715X,end,"product, patience",I now plan decisions with carers in the room.' \
        'R-2S3ZMM,2023-01-16,L-TRDWZE,M-QQWP3N,end,"product, patience",I now plan decisions with carers in the room.' \
        'R-P9794B,2023-04-03,L-DJJHMY,M-SAZYVB,end,"product, patience",I now plan decisions with carers in the room.' \
        'R-WTPCC3,2023-04-26,learning-partner,programme,end,"product, philosophy, co-production",Leaders name co-production in strategy documents and budgets.')"
    vfi -C "$dir" reflect list --theme patience --stage midpoint
    expect_out "id        date        by                by_name  about      stage     themes                   changing
R-S1N1DK  2022-10-12  learning-partner           programme  midpoint  patience, people, power  Directors describe changing how they run meetings, with carers invited to speak first."
    vfi -C "$dir" reflect list --by P-0VKX2G
    expect_status 0
    expect_out_empty
    expect_err "No reflections match."
    vfi -C "$dir" reflect list --by P-0VKX2G --format csv
    expect_out "$(printf 'id,date,by,about,stage,themes,changing\r')"
}

t_list_refuses_a_stage_or_theme_that_is_none() {
    local dir
    dir=$(sample_data)
    vfi -C "$dir" reflect list --stage midpiont
    expect_status 2
    expect_err "vfi: --stage: 'midpiont' is not one of baseline, midpoint, end, ad-hoc — did you mean 'midpoint'?"
    vfi -C "$dir" reflect list --theme powr
    expect_status 2
    expect_err "vfi: --theme: 'powr' is not one of philosophy, people, power, patience, product, co-production — did you mean 'power'?"
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
    expect_out_has "confidence_coproduction              4         4  4.3            7.3       +3.0         +3.0"
    expect_out_has "confidence_coproduction         L-GM6XZS  Alex Ashworth         3    6       3"
    vfi -C "$dir" reflect scores --format json
    expect_out_has '"mean_change": "+3.0"'
    dir=$(new_data)
    vfi -C "$dir" reflect scores
    expect_out "No one has both a baseline and an end score yet."
}

t_themes_rising_and_falling() {
    local dir
    dir=$(sample_data)
    vfi -C "$dir" reflect themes --from 2023-01-01 --to 2023-06-30 --format csv
    expect_status 0
    expect_out_has $'theme,product,3,2,rising\r'
    expect_out_has $'theme,power,2,5,falling\r'
    vfi -C "$dir" reflect themes --from 2023-01-01 --to 2022-01-01
    expect_status 2
    vfi -C "$dir" reflect themes --from 2023-01-01 --to 2023-06-30 --by learning-partner --format csv
    expect_out_has $'barrier,Competing priorities after winter pressures,1,0,rising\r'
    # The 365 days before reach back past the first reflection (2022-04-04): nothing to compare
    # with, so no trend (every theme would be "rising" against nothing).
    vfi -C "$dir" reflect themes --from 2022-10-01 --to 2023-09-30 --format csv
    expect_status 0
    expect_out_has $'theme,patience,5,,\r'
    [[ "$out" != *rising* && "$out" != *falling* ]] || fail "a trend against nothing: $out"
    vfi -C "$dir" reflect themes --from 2022-10-01 --to 2023-09-30
    expect_out_has "2022-10-01 to 2023-09-30 (now); nothing to compare with, as the reflections begin on 2022-04-04"
}

t_the_walk_through_the_questions_at_a_terminal() {
    if ! command -v script >/dev/null; then
        echo "  skipped: script (util-linux) is not installed"
        return
    fi
    local dir id
    dir=$(sample_data)
    # Answers, with two wrong ones that are asked again: a misspelt theme, and a score of 11.
    printf '\n\nmidpoint\nLeaders plan with carers\nThrough sessions\nTrust grew\nDiary pressure\nChurn\n\nSame partner\n\npowr\npower,patience\nIt changed how I chair\nyes\nconfidence_coproduction=11\nconfidence_coproduction=8\n' \
        >"$WORK/answers"
    script -qec "$VFI -C $dir reflect add" /dev/null <"$WORK/answers" >"$WORK/walk" 2>&1
    status=$?
    expect_status 0
    grep -q "'powr' is not one of" "$WORK/walk" || fail "a wrong theme was not explained"
    grep -q "'confidence_coproduction=11' is not NAME=1..10" "$WORK/walk" || fail "a wrong score was not explained"
    # The questions, in order, and each wrong answer explained before it is asked again (the
    # terminal's echo of the answers comes first, so it is left out).
    [ "$(tr -d '\r' <"$WORK/walk" | sed -n '/^A reflection:/,$p' | sed 's/R-[0-9A-Z]*$/R-ID/')" = "A reflection: what is changing, how, and why. Press Enter to skip a question.

Who is reflecting? learning-partner, or a partner or leader id [learning-partner]: \
What is it about? programme, or a match or session id [programme]: \
Stage: baseline, midpoint, end or ad-hoc [ad-hoc]: \
What is changing?: How is it changing?: Why is it changing?: \
What barriers have you met? (one a line; an empty line to finish)
  -   -   - What has helped (enablers)? (one a line; an empty line to finish)
  -   - 
The 5 Ps of co-production: philosophy (whose decision is it?), people (whose voices?),
power (was it named?), patience (who needed more time?), product (how have people grown?)
Which themes does this touch? (comma-separated):   \
'powr' is not one of philosophy, people, power, patience, product, co-production — \
did you mean 'power'? To allow a new value, add it to vocabularies.themes in vfi.yaml
Which themes does this touch? (comma-separated): Words to quote (empty for none): \
May they be quoted in reports? yes or no [no]: \
Scores, NAME=1..10 (comma-separated; empty for none):   'confidence_coproduction=11' is not NAME=1..10
Scores, NAME=1..10 (comma-separated; empty for none): R-ID" ] ||
        fail "the questions: $(tr -d '\r' <"$WORK/walk")"
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
  confidence_coproduction: 8" ] || fail "record: $(cat "$dir/reflections/$id.yaml" 2>&1)"
    # Stopping part-way writes nothing.
    local before
    before=$(snapshot "$dir")
    printf '\n\n' | script -qec "$VFI -C $dir reflect add" /dev/null >"$WORK/walk2" 2>&1
    tr -d '\r' <"$WORK/walk2" |
        grep -q "Stage: baseline, midpoint, end or ad-hoc \[ad-hoc\]: vfi: stopped before the end — nothing was written; run it again$" ||
        fail "no message when stopped: $(cat "$WORK/walk2")"
    expect_unchanged "$dir" "$before"
}

t_the_walk_takes_ids_as_the_options_do() {
    if ! command -v script >/dev/null; then
        skip "script (util-linux) is not installed"
        return
    fi
    local dir id
    dir=$(sample_data)
    # Who and what are looked up as they are answered: an id nobody has is asked again (not
    # refused after every other question), and the start of an id in any case is enough.
    # "true" is as good an answer as "yes" to whether they may be quoted.
    printf 'L-ZZZZZZ\nl-rng8\nzzz\nm-wc3\nfinal\nend\nMore listening\n\n\n\n\n\nWe listened\ntrue\nconfidence_coproduction=8\n' \
        >"$WORK/answers"
    script -qec "$VFI -C $dir reflect add" /dev/null <"$WORK/answers" >"$WORK/walk" 2>&1
    grep -q "  no leader has the id 'L-ZZZZZZ' — list them with \`vfi leader list\`" "$WORK/walk" ||
        fail "an unknown leader was not explained: $(cat "$WORK/walk")"
    grep -q "  no match or session has the id 'zzz' — check the id, or give programme" "$WORK/walk" ||
        fail "an unknown subject was not explained"
    grep -q "  'final' is not one of baseline, midpoint, end, ad-hoc" "$WORK/walk" ||
        fail "a wrong stage was not explained"
    id=$(git -C "$dir" log -1 --format=%s | sed -n 's/^reflect: add //p')
    [ "$(cat "$dir/reflections/$id.yaml" 2>&1)" = "id: $id
date: 2026-11-23
by: L-RNG8K3
about: M-WC3PYN
stage: end
changing: More listening
quotes:
  - text: We listened
    consent: true
scores:
  confidence_coproduction: 8" ] || fail "record: $(cat "$dir/reflections/$id.yaml" 2>&1)"
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

# A partner's own `consent.quotes: false` wins over a quote marked consent: true: add refuses,
# a later withdrawal takes the quote out of every report at once, and check names it.
t_the_persons_consent_to_be_quoted_wins() {
    local dir before r
    dir=$(sample_data)
    grep -q "quotes: false" "$dir/partners/P-GWA03E.yaml" || { fail "setup: P-GWA03E"; return; }
    before=$(snapshot "$dir")
    vfi -C "$dir" reflect add --by P-GWA03E --stage ad-hoc --date 2026-11-20 --changing "Something" \
        --quote "Words never to be shared" --quote-consent
    expect_status 8
    expect_err "vfi: quotes: a quote is marked consent: true, but P-GWA03E said they may not be quoted (consent.quotes: false on their record) — set the quote's consent to false, or, if P-GWA03E has since agreed, \`vfi partner set P-GWA03E consent.quotes=true\`"
    expect_unchanged "$dir" "$before"
    "$VFI" -C "$dir" partner set P-JWK3TM consent.quotes=true >/dev/null || fail "setup: consent"
    r=$("$VFI" -C "$dir" reflect add --by P-JWK3TM --stage ad-hoc --date 2026-11-20 --changing "Something" \
        --quote "Words shared then withdrawn" --quote-consent) || fail "add with consent: $r"
    vfi -C "$dir" report learning --from 2026-11-20 --to 2026-11-20
    expect_out_has "Words shared then withdrawn"
    # Withdrawn: their quotes are marked consent: false in the same commit, and every report
    # leaves them out.
    vfi -C "$dir" partner set P-JWK3TM consent.quotes=false
    expect_status 0
    [ "$(git -C "$dir" show --name-only --format= HEAD | sort | tr '\n' ' ')" = "partners/P-JWK3TM.yaml reflections/$r.yaml " ] ||
        fail "the commit holds: $(git -C "$dir" show --name-only --format= HEAD)"
    grep -q "consent: false" "$dir/reflections/$r.yaml" || fail "the quote is still marked consent: true"
    for format in table md csv json html; do
        "$VFI" -C "$dir" report learning --from 2026-11-20 --to 2026-11-20 --format $format >"$WORK/learning.out" ||
            fail "report learning --format $format failed"
        grep -q "Words shared then withdrawn" "$WORK/learning.out" && fail "the withdrawn quote is in the $format report"
        grep -q "Self-ratings" "$WORK/learning.out" || fail "the $format report is empty"
    done
    # Marked true again by hand (or a merge): check names it.
    sed -i 's/consent: false/consent: true/' "$dir/reflections/$r.yaml"
    vfi -C "$dir" check
    expect_status 1
    expect_out_has "reflections/$r.yaml:8:3: quotes: a quote is marked consent: true, but P-JWK3TM said they may not be quoted"
}

# The partners' own change: rated with their own score names, shown with --who partners,
# and by cohort and period.
t_scores_of_partners_cohorts_and_periods() {
    local dir before
    dir=$(sample_data)
    before=$(snapshot "$dir")
    vfi -C "$dir" reflect add --by P-JWK3TM --stage baseline --date 2022-04-01 --score confidence_coproduction=4
    expect_status 3
    expect_err_has "scores.confidence_coproduction: 'confidence_coproduction' is one of the leaders' score names, and this reflection is by a partner — check who it is by (\`by:\`); a partner rates confidence_coaching, influence, wellbeing"
    expect_unchanged "$dir" "$before"
    # Comma-separated or repeated alike.
    "$VFI" -C "$dir" reflect add --by P-JWK3TM --stage baseline --date 2022-04-01 \
        --score confidence_coaching=4,wellbeing=5 >/dev/null || { fail "setup: baseline"; return; }
    "$VFI" -C "$dir" reflect add --by P-JWK3TM --stage end --date 2022-12-12 \
        --score confidence_coaching=7 --score wellbeing=6 --theme people,power >/dev/null ||
        { fail "setup: end"; return; }
    vfi -C "$dir" reflect scores --who partners
    expect_status 0
    expect_out_has "confidence_coaching  P-JWK3TM  Amara Okafor         4    7       3"
    expect_out_has "wellbeing            P-JWK3TM  Amara Okafor         5    6       1"
    vfi -C "$dir" reflect scores
    expect_out_lacks "P-JWK3TM"
    # An export names no one unless asked.
    vfi -C "$dir" reflect scores --who partners --format csv
    expect_out_lacks "Amara"
    expect_out_has "confidence_coaching,P-JWK3TM,4,7,3"
    vfi -C "$dir" reflect scores --who partners --format csv --fields person,name,change
    expect_out_has "P-JWK3TM,Amara Okafor,3"
    # Their leader (L-GM6XZS, M-TZ715X) is in the pilot cohort; the other cohort has neither.
    vfi -C "$dir" reflect scores --who everyone --cohort wm-adass-pilot-2022 --format csv
    expect_out_has "confidence_coaching (partners),P-JWK3TM,4,7,3"
    expect_out_has "confidence_coproduction,L-GM6XZS,3,6,3"
    vfi -C "$dir" reflect scores --who partners --cohort core20plus5-2022
    expect_out "No one has both a baseline and an end score yet."
    vfi -C "$dir" reflect scores --who partners --from 2023-01-01
    expect_out "No one has both a baseline and an end score yet."
    vfi -C "$dir" reflect scores --who partner
    expect_status 2
    expect_err "vfi: --who: 'partner' is not whose ratings to show — give leaders (the leaders coached), partners (the partners' own) or everyone"
    vfi -C "$dir" reflect scores --from 2023-01-01 --to 2022-01-01
    expect_status 2
    # The Learning Report shows them beside the leaders', never from fewer than 5 people.
    vfi -C "$dir" report learning --from 2022-01-01 --to 2023-06-30 --format csv
    expect_out_has "Partners' own change: self-ratings from baseline to end,,confidence_coaching,people,*"
    expect_out_lacks "Amara"
}

# Names beside ids on screen only; --sort and --fields; lists typed either way.
t_list_names_sort_and_fields() {
    local dir
    dir=$(sample_data)
    vfi -C "$dir" reflect list --stage end --sort -date --fields id,date,by_name
    expect_status 0
    expect_out "id        date        by_name
R-WTPCC3  2023-04-26
R-P9794B  2023-04-03  Liam Lockwood
R-2S3ZMM  2023-01-16  Beth Bellamy
R-06MCMJ  2022-12-12  Alex Ashworth
R-WADKDY  2022-11-28  Chris Carver"
    vfi -C "$dir" reflect list --stage end --format json
    expect_out_lacks "Ashworth"
    vfi -C "$dir" reflect list --sort dat
    expect_status 2
    expect_err_has "vfi: --sort: this listing has no column 'dat' — did you mean 'date'?"
}

run_tests
