#!/usr/bin/env bash
# vfi reflect import: the responses to a Microsoft Forms or Google Forms questionnaire, exported
# as CSV (tests/e2e/forms/, built by hand in each service's layout), as reflections. Who answered
# is found by email and the email never kept; a response imported before is skipped; a row
# with a problem stops everything unless --skip-invalid.
source "$(dirname "$0")/lib.sh"

FORMS="$SOURCE/tests/e2e/forms"

# A data directory with the people who answered the forms (fictional), each with an email;
# their ids in DANA, SAM, INES (leaders) and KOFI (a partner).
setup() {
    dir=$(new_data) || return 1
    DANA=$("$VFI" -C "$dir" leader add --name "Dana Whitlow" --organisation "Ashby Council" \
        --contact-email dana.whitlow@example.org 2>/dev/null) &&
        SAM=$("$VFI" -C "$dir" leader add --name "Sam Orrell" --organisation "Ashby Council" \
            --contact-email sam.orrell@example.org 2>/dev/null) &&
        INES=$("$VFI" -C "$dir" leader add --name "Ines Harrow" --organisation "Fenby NHS Trust" \
            --contact-email " Ines.Harrow@example.org" 2>/dev/null) &&
        KOFI=$("$VFI" -C "$dir" partner add --name "Kofi Mensah" \
            --contact-email kofi.mensah@example.org 2>/dev/null) || {
        fail "setup"
        return 1
    }
    # Kofi, a partner, answers the Google form's co-production question too: this programme
    # asks partners it as well (a partner's ratings come from partner_scores).
    sed -i 's/^vocabularies:$/vocabularies:\n  partner_scores: [confidence_coproduction]/' "$dir/vfi.yaml"
    git -C "$dir" commit -qam "partners rate co-production too" || { fail "setup: vfi.yaml"; return 1; }
}

# The reflection that `source.response` names, as its file's text.
reflection_of() { # RESPONSE
    local f
    f=$(grep -lE "^  response: \"?$1( [PL]-[0-9A-Z]+)?\"?\$" "$dir"/reflections/*.yaml) || return 1
    cat "$f"
}

# No respondent's email in any file but the person's own record, nor in the last commit.
no_email_leaked() {
    local leaked
    leaked=$(cd "$dir" && grep -rli "example.org" --exclude-dir=.git --exclude-dir=.vfi \
        --exclude-dir=leaders --exclude-dir=partners .)
    [ -z "$leaked" ] || fail "an email is in $leaked"
    git -C "$dir" show --format=%B HEAD | grep -qi "example.org" && fail "an email is in the commit"
    return 0
}

t_microsoft_export() {
    setup || return
    head -c 3 "$FORMS/microsoft.csv" | od -An -tx1 | grep -q "ef bb bf" || fail "the fixture lost its BOM"
    vfi -C "$dir" reflect import "$FORMS/microsoft.csv" --map "$FORMS/microsoft.yaml"
    expect_status 0
    expect_err "Added 3 reflections."
    [ "$(echo "$out" | grep -c '^R-')" = 3 ] || fail "ids: $out"
    [ "$(git -C "$dir" log -1 --format=%s)" = "reflect: import 3 reflections" ] || fail "commit"
    [ "$(git -C "$dir" show --stat --format= HEAD | grep -c reflections/)" = 3 ] || fail "one commit"
    # The ID column is read though the file starts with a byte order mark.
    [ "$(reflection_of 1)" = "id: $(echo "$out" | head -1)
date: 2024-03-18
by: $DANA
about: programme
stage: baseline
changing: Carers now sit on our commissioning panel.
how: We pay them for their time, and papers go out a week early.
why: Hearing it first hand changed what we count as \"evidence\".
barriers: [Board papers go out too late; diaries are full]
themes: [power, people]
quotes:
  - text: It changed how I chair a meeting.
    consent: true
scores:
  confidence_coproduction: 7
  understanding_lived_experience: 6
source:
  form: leaders-baseline-2024
  response: \"1\"" ] || fail "record: $(reflection_of 1)"
    # Emails matched whatever their case and spaces; a "No" to quoting with no quote is nothing.
    reflection_of 2 | grep -qx "by: $SAM" || fail "Sam: $(reflection_of 2)"
    reflection_of 2 | grep -q "quotes" && fail "a quote from nothing"
    reflection_of 3 | grep -qx "by: $INES" || fail "Ines: $(reflection_of 3)"
    reflection_of 3 | grep -qx "date: 2024-03-21" || fail "Ines's date"
    reflection_of 3 | grep -qx "  quarterly review." || fail "a line break in an answer"
    no_email_leaked
    vfi -C "$dir" check
    expect_status 0
}

t_google_export_uk_dates() {
    setup || return
    vfi -C "$dir" reflect import "$FORMS/google-uk.csv" --map "$FORMS/google.yaml"
    expect_status 0
    expect_err "Added 2 reflections."
    [ "$(reflection_of 2024-03-18T09:41:07)" = "id: $(echo "$out" | head -1)
date: 2024-03-18
by: $KOFI
about: programme
stage: baseline
changing: She now asks who is missing from the room.
enablers:
  - Time, a budget line, a good partner
themes: [power, people]
scores:
  confidence_coproduction: 6
source:
  form: partners-2024
  response: \"2024-03-18T09:41:07 $KOFI\"" ] || fail "record: $(reflection_of 2024-03-18T09:41:07)"
    reflection_of 2024-11-02T17:05:59 | grep -qx "stage: end" || fail "the end stage"
    reflection_of 2024-11-02T17:05:59 | grep -qx "themes: \[power, patience, product\]" ||
        fail "themes: $(reflection_of 2024-11-02T17:05:59)"
    no_email_leaked
}

t_google_export_us_dates() {
    setup || return
    sed 's/^dates: day-first/dates: month-first/' "$FORMS/google.yaml" >"$WORK/us.yaml"
    vfi -C "$dir" reflect import "$FORMS/google-us.csv" --map "$WORK/us.yaml"
    expect_status 0
    reflection_of 2024-03-18T09:41:07 | grep -qx "date: 2024-03-18" || fail "March"
    reflection_of 2024-11-02T17:05:59 | grep -qx "date: 2024-11-02" || fail "November"
    # Read day first, the US export is refused whole at the first day that cannot be one.
    setup || return
    vfi -C "$dir" reflect import "$FORMS/google-us.csv" --map "$FORMS/google.yaml"
    expect_status 3
    expect_err_has "google-us.csv:3: Timestamp: '3/18/2024 9:41:07' can only be read month first, so this export writes its dates month first and every row's date would be read wrongly — write \`dates: month-first\` in google.yaml and import again (nothing was imported)"
}

t_reimport_skips_what_was_imported() {
    setup || return
    vfi -C "$dir" reflect import "$FORMS/microsoft.csv" --map "$FORMS/microsoft.yaml"
    expect_status 0
    local commits before
    commits=$(commit_count "$dir")
    before=$(snapshot "$dir")
    vfi -C "$dir" reflect import "$FORMS/microsoft.csv" --map "$FORMS/microsoft.yaml"
    expect_status 0
    expect_out_empty
    expect_err "Nothing to import (0 reflections; 3 already imported)."
    expect_unchanged "$dir" "$before"
    # The form's later export has one response more: only that one is added.
    { cat "$FORMS/microsoft.csv"; echo '4,4/2/24 10:00:00,4/2/24 10:07:30,dana.whitlow@example.org,Dana Whitlow,,Papers go out two weeks early now.,,,Patience;,8,7,,,'; } >"$WORK/later.csv"
    vfi -C "$dir" reflect import "$WORK/later.csv" --map "$FORMS/microsoft.yaml"
    expect_status 0
    expect_err "Added 1 reflection; 3 already imported."
    [ "$(commit_count "$dir")" = $((commits + 1)) ] || fail "one commit more"
    reflection_of 4 | grep -qx "date: 2024-04-02" || fail "the new response"
    [ "$(ls "$dir/reflections" | wc -l)" = 4 ] || fail "four reflections"
    # Another form's response 1 is another response.
    sed 's/^form: .*/form: leaders-end-2024/' "$FORMS/microsoft.yaml" >"$WORK/end.yaml"
    vfi -C "$dir" reflect import "$FORMS/microsoft.csv" --map "$WORK/end.yaml" --dry-run
    expect_status 0
    expect_err "Would add 3 reflections; nothing was written."
}

t_unmatched_email_stops_the_import() {
    setup || return
    sed 's/sam.orrell/sam.orel/I' "$FORMS/microsoft.csv" >"$WORK/typo.csv"
    local before commits
    before=$(snapshot "$dir")
    commits=$(commit_count "$dir")
    vfi -C "$dir" reflect import "$WORK/typo.csv" --map "$FORMS/microsoft.yaml"
    expect_status 3
    expect_out_empty
    expect_err "typo.csv:5: Email: no partner or leader has this email (not repeated here, as emails are confidential) — add it to the person's record, with \`vfi leader set ID contact.email=...\` or \`vfi partner set ID contact.email=...\`, and import again
vfi: 1 of 3 responses has problems; nothing was imported — fix the rows listed above (or the records they need) and import again, or add --skip-invalid to import the others"
    [[ "$err" == *orel* ]] && fail "the email is repeated"
    expect_unchanged "$dir" "$before"
    [ "$(commit_count "$dir")" = "$commits" ] || fail "a commit"
    # Once their record has the email, the response is theirs.
    vfi -C "$dir" leader set "$SAM" contact.email=sam.orel@example.org
    vfi -C "$dir" reflect import "$WORK/typo.csv" --map "$FORMS/microsoft.yaml"
    expect_status 0
    reflection_of 2 | grep -qx "by: $SAM" || fail "Sam's"
}

t_skip_invalid_imports_the_others() {
    setup || return
    sed 's/sam.orrell/sam.orel/I' "$FORMS/microsoft.csv" >"$WORK/typo.csv"
    vfi -C "$dir" reflect import "$WORK/typo.csv" --map "$FORMS/microsoft.yaml" --skip-invalid
    expect_status 0
    expect_err_has "typo.csv:5: Email: no partner or leader has this email"
    expect_err_has "Added 2 reflections; skipped 1 row."
    [ "$(echo "$out" | wc -l)" = 2 ] || fail "ids: $out"
    [ "$(ls "$dir/reflections" | wc -l)" = 2 ] || fail "two reflections"
    reflection_of 2 && fail "the skipped response was written"
    no_email_leaked
}

t_dry_run_writes_nothing() {
    setup || return
    local before
    before=$(snapshot "$dir")
    vfi -C "$dir" reflect import "$FORMS/microsoft.csv" --map "$FORMS/microsoft.yaml" --dry-run
    expect_status 0
    expect_out_empty
    expect_err "Would add 3 reflections; nothing was written."
    expect_unchanged "$dir" "$before"
    sed 's/sam.orrell/sam.orel/I' "$FORMS/microsoft.csv" >"$WORK/typo.csv"
    vfi -C "$dir" reflect import "$WORK/typo.csv" --map "$FORMS/microsoft.yaml" --dry-run
    expect_status 3
    expect_err_has "Would add 2 reflections; with problems: 1 row; nothing was written."
    vfi -C "$dir" reflect import "$WORK/typo.csv" --map "$FORMS/microsoft.yaml" --dry-run --skip-invalid
    expect_status 0
    expect_unchanged "$dir" "$before"
}

t_score_out_of_range() {
    setup || return
    sed 's/^1,\(.*\),Power;People;,7,6,/1,\1,Power;People;,11,6,/' "$FORMS/microsoft.csv" >"$WORK/eleven.csv"
    grep -q ",11,6," "$WORK/eleven.csv" || fail "setup: no 11"
    local before
    before=$(snapshot "$dir")
    vfi -C "$dir" reflect import "$WORK/eleven.csv" --map "$FORMS/microsoft.yaml"
    expect_status 3
    expect_err_has "eleven.csv:4: How confident are you co-producing deci…: '11' is not a score from 1 to 10 — write a whole number from 1 to 10"
    expect_unchanged "$dir" "$before"
}

t_answers_not_listed_and_themes_not_known() {
    setup || return
    sed 's/Patience – giving people time/Patience – giving people more time/' "$FORMS/google-uk.csv" >"$WORK/g.csv"
    vfi -C "$dir" reflect import "$WORK/g.csv" --map "$FORMS/google.yaml"
    expect_status 3
    expect_err_has "g.csv:4: Which of these has your coaching touche…: 'Patience – giving people more time' is not one of the answers listed under its values — add it under values in google.yaml (line 13), with what it stands for"
    sed 's/Power;People;/Powr;People;/' "$FORMS/microsoft.csv" >"$WORK/m.csv"
    vfi -C "$dir" reflect import "$WORK/m.csv" --map "$FORMS/microsoft.yaml"
    expect_status 3
    expect_err_has "m.csv:4: Which of the 5 Ps of co-production does…:"
    expect_err_has "did you mean 'power'?"
}

t_bad_map_file() {
    setup || return
    local before
    before=$(snapshot "$dir")
    sed 's/^stage: baseline/stage: baseline\ndats: day-first/' "$FORMS/microsoft.yaml" >"$WORK/form.yaml"
    vfi -C "$dir" reflect import "$FORMS/microsoft.csv" --map "$WORK/form.yaml"
    expect_status 3
    expect_err "vfi: form.yaml:6: dats: a map file has no such key — did you mean 'dates'?"
    sed 's/scores.confidence_coproduction/scores.confidence/' "$FORMS/microsoft.yaml" >"$WORK/form.yaml"
    vfi -C "$dir" reflect import "$FORMS/microsoft.csv" --map "$WORK/form.yaml"
    expect_status 3
    expect_err "vfi: form.yaml:11: columns: 'confidence' is not one of the score names, confidence_coproduction, understanding_lived_experience, confidence_coaching, influence, wellbeing, confidence_coproduction — did you mean 'scores.confidence_coproduction'? Or, to rate something new, add its name to vocabularies.scores (or, for partners' own, vocabularies.partner_scores) in vfi.yaml"
    sed 's/"How is it changing?": how/"How is it changng?": how/' "$FORMS/microsoft.yaml" >"$WORK/form.yaml"
    vfi -C "$dir" reflect import "$FORMS/microsoft.csv" --map "$WORK/form.yaml"
    expect_status 3
    expect_err_has "vfi: form.yaml:8: columns: microsoft.csv has no column 'How is it changng?' — the columns are 'ID', 'Start time',"
    sed 's/^stage: baseline/stage: final/' "$FORMS/microsoft.yaml" >"$WORK/form.yaml"
    vfi -C "$dir" reflect import "$FORMS/microsoft.csv" --map "$WORK/form.yaml"
    expect_status 3
    expect_err_has "vfi: form.yaml:5: stage: 'final' is not a stage — write baseline, midpoint, end or ad-hoc"
    grep -v '^dates:' "$FORMS/google.yaml" >"$WORK/form.yaml"
    vfi -C "$dir" reflect import "$FORMS/google-uk.csv" --map "$WORK/form.yaml"
    expect_status 3
    expect_err_has "dates: the map file does not say how the dates are written — add \`dates: day-first\`"
    grep -v '^form:' "$FORMS/google.yaml" >"$WORK/form.yaml"
    vfi -C "$dir" reflect import "$FORMS/google-uk.csv" --map "$WORK/form.yaml"
    expect_status 3
    expect_err_has "form.yaml:1: form: the map file does not name the form"
    printf 'form: x\nservice: microsoft\ncolumns: [a, b]\n' >"$WORK/form.yaml"
    vfi -C "$dir" reflect import "$FORMS/microsoft.csv" --map "$WORK/form.yaml"
    expect_status 3
    expect_err_has "form.yaml:3: columns: expected each question and the field it fills"
    vfi -C "$dir" reflect import "$FORMS/microsoft.csv" --map "$WORK/none.yaml"
    expect_status 4
    vfi -C "$dir" reflect import "$FORMS/microsoft.csv"
    expect_status 2
    expect_unchanged "$dir" "$before"
}

t_a_column_the_map_does_not_name_is_noted() {
    setup || return
    grep -v '"A few words we may quote"' "$FORMS/microsoft.yaml" >"$WORK/form.yaml"
    vfi -C "$dir" reflect import "$FORMS/microsoft.csv" --map "$WORK/form.yaml" --dry-run
    expect_status 0
    expect_err_has "note: not imported (the map file names no field for them): A few words we may quote —"
    [[ "$err" == *"Start time"* ]] && fail "a column every Microsoft export has is noted"
    [[ "$err" == *"Name,"* ]] && fail "a column left out is noted"
    return 0
}

t_quote_a_partner_said_no_to() {
    setup || return
    vfi -C "$dir" partner set "$KOFI" consent.quotes=false
    printf 'form: quotes\nservice: google\ndates: day-first\ncolumns:\n  Quote: quote\n  May we: quote_consent\n' >"$WORK/q.yaml"
    printf 'Timestamp,Email Address,Quote,May we quote you?\n18/03/2024 09:41:07,kofi.mensah@example.org,Power was named,Yes\n' >"$WORK/q.csv"
    vfi -C "$dir" reflect import "$WORK/q.csv" --map "$WORK/q.yaml"
    expect_status 3
    expect_err_has "q.csv:2: Quote: the answer says they may be quoted, but $KOFI said they may not (consent.quotes: false on their record)"
}

t_forget_keeps_the_source_so_the_response_stays_imported() {
    setup || return
    vfi -C "$dir" reflect import "$FORMS/microsoft.csv" --map "$FORMS/microsoft.yaml"
    expect_status 0
    vfi -C "$dir" leader forget "$SAM"
    expect_status 0
    reflection_of 2 | grep -qx "by: $SAM" || fail "by"
    reflection_of 2 | grep -q "changing" && fail "what they said is kept"
    reflection_of 2 | grep -qx "  form: leaders-baseline-2024" || fail "source: $(reflection_of 2)"
    # Their email is gone from their record, yet their response is known: not theirs to refuse.
    vfi -C "$dir" reflect import "$FORMS/microsoft.csv" --map "$FORMS/microsoft.yaml"
    expect_status 0
    expect_err "Nothing to import (0 reflections; 3 already imported)."
    vfi -C "$dir" check
    expect_status 0
}

t_reports_read_imported_reflections() {
    setup || return
    vfi -C "$dir" reflect import "$FORMS/google-uk.csv" --map "$FORMS/google.yaml"
    expect_status 0
    vfi -C "$dir" reflect scores --who partners
    expect_status 0
    expect_out_has "confidence_coproduction"
    vfi -C "$dir" report learning --from 2024-01-01 --to 2024-12-31 --format json
    expect_status 0
    [[ "$out" == *partners-2024* || "$out" == *example.org* ]] && fail "a report shows the source or an email"
    return 0
}

# A map file that says the wrong order of dates: one date only the other order reads shows
# it, and the whole file is refused (--skip-invalid too), never rows read as other days.
t_the_wrong_order_of_dates_refuses_the_file() {
    setup || return
    local before
    sed 's/^dates: day-first/dates: month-first/' "$FORMS/google.yaml" >"$WORK/wrong.yaml"
    before=$(snapshot "$dir")
    vfi -C "$dir" reflect import "$FORMS/google-uk.csv" --map "$WORK/wrong.yaml" --skip-invalid
    expect_status 3
    expect_err "vfi: google-uk.csv:3: Timestamp: '18/03/2024 09:41:07' can only be read day first, so this export writes its dates day first and every row's date would be read wrongly — write \`dates: day-first\` in wrong.yaml and import again (nothing was imported)"
    expect_unchanged "$dir" "$before"
}

# One response imported in two clones and merged is counted twice: check names the copy.
t_a_response_imported_twice_is_named_by_check() {
    setup || return
    local first copy
    "$VFI" -C "$dir" reflect import "$FORMS/google-uk.csv" --map "$FORMS/google.yaml" >/dev/null 2>&1 ||
        { fail "setup: import"; return; }
    first=$(grep -l "response: \"2024-03-18T09:41:07 " "$dir"/reflections/*.yaml)
    copy="$dir/reflections/R-ZZZZZZ.yaml"
    sed 's/^id: .*/id: R-ZZZZZZ/' "$first" >"$copy"
    vfi -C "$dir" check
    expect_status 1
    expect_out_has "reflections/R-ZZZZZZ.yaml:"
    expect_out_has "source.response: R-ZZZZZZ was imported from the same response of form partners-2024 as $(basename "$first" .yaml), so it would be counted twice — remove the second copy (\`vfi reflect remove R-ZZZZZZ\`)"
}

# Found by the hostile review: responses that must never be dropped, and cells and files
# that must never be kept or half-imported.
t_two_people_in_one_second_and_a_response_claimed_by_another() {
    setup || return
    printf 'Timestamp,Email Address,What is changing for the leader you coach?\n18/03/2024 09:41:07,dana.whitlow@example.org,a\n18/03/2024 09:41:07,sam.orrell@example.org,b\n' >"$WORK/g.csv"
    printf 'form: workshop\nservice: google\ndates: day-first\nstage: end\ncolumns:\n  What is changing: changing\n' >"$WORK/g.yaml"
    vfi -C "$dir" reflect import "$WORK/g.csv" --map "$WORK/g.yaml"
    expect_status 0
    expect_err "Added 2 reflections."
    # A reflection that claims Microsoft response 2 (Sam's) for another person: Sam's answer
    # is never quietly taken as imported.
    printf 'date: 2024-03-01\nby: %s\nchanging: claimed\nsource:\n  form: leaders-baseline-2024\n  response: "2"\n' "$DANA" >"$WORK/claim.yaml"
    "$VFI" -C "$dir" reflect add --from-file "$WORK/claim.yaml" >/dev/null || { fail "setup: claim"; return; }
    vfi -C "$dir" reflect import "$FORMS/microsoft.csv" --map "$FORMS/microsoft.yaml" --skip-invalid
    expect_status 0
    expect_err_has "microsoft.csv:"
    expect_err_has "ID: response 2 of form leaders-baseline-2024 is already in R-"
    expect_err_has ", by $DANA, but $SAM gave this one — check that R-"
}

t_cells_and_files_that_are_refused() {
    setup || return
    local before
    before=$(snapshot "$dir")
    # The email column sent to a field: refused, nothing written.
    printf 'form: f\nservice: microsoft\nstage: end\ncolumns:\n  Em: changing\n' >"$WORK/em.yaml"
    vfi -C "$dir" reflect import "$FORMS/microsoft.csv" --map "$WORK/em.yaml"
    expect_status 3
    expect_err "vfi: em.yaml:5: columns: 'Em' is the email column, and vfi never keeps a respondent's email in a reflection — leave it out of columns: the email only finds who answered"
    # Two columns with one heading.
    printf 'ID,Completion time,Email,What is changing,Email\n43,3/18/24 9:41:07,dana.whitlow@example.org,x,sam.orrell@example.org\n' >"$WORK/dup.csv"
    printf 'form: f\nservice: microsoft\nstage: end\ncolumns:\n  What is changing: changing\n' >"$WORK/f.yaml"
    vfi -C "$dir" reflect import "$WORK/dup.csv" --map "$WORK/f.yaml"
    expect_status 3
    expect_err "vfi: dup.csv:1: Email: two columns are headed 'Email' (columns 3 and 5) — export the form again, or rename one of them in the file"
    # A terminal escape in an answer: that row's problem, at its line, seen by --dry-run.
    printf 'ID,Completion time,Email,What is changing\n1,3/18/24 9:41:07,dana.whitlow@example.org,fine\n2,3/18/24 9:42:07,sam.orrell@example.org,\033]0;pwned\007x\n' >"$WORK/esc.csv"
    vfi -C "$dir" reflect import "$WORK/esc.csv" --map "$WORK/f.yaml" --dry-run
    expect_status 3
    expect_err_has "esc.csv:3: What is changing: "
    expect_unchanged "$dir" "$before"
    vfi -C "$dir" reflect import "$WORK/esc.csv" --map "$WORK/f.yaml" --skip-invalid
    expect_status 0
    expect_err_has "Added 1 reflection; skipped 1 row."
    # Excel for Mac's "CSV (Macintosh)": lines end with a lone CR.
    printf 'ID,Completion time,Email,What is changing\r7,3/19/24 9:41:07,ines.harrow@example.org,mac line ends\r' >"$WORK/mac.csv"
    vfi -C "$dir" reflect import "$WORK/mac.csv" --map "$WORK/f.yaml"
    expect_status 0
    expect_err "Added 1 reflection."
    grep -rqx "changing: mac line ends" "$dir/reflections" || fail "the Mac file's answer"
    no_email_leaked
}

# A Google response kept by its moment alone (as the first imports kept it) is still known
# as imported when its respondent gave it again in the export.
t_a_google_response_kept_by_its_moment_alone_is_known() {
    setup || return
    printf 'date: 2024-03-18\nby: %s\nchanging: kept before\nsource:\n  form: partners-2024\n  response: "2024-03-18T09:41:07"\n' "$KOFI" >"$WORK/old.yaml"
    "$VFI" -C "$dir" reflect add --from-file "$WORK/old.yaml" >/dev/null || { fail "setup: old"; return; }
    vfi -C "$dir" reflect import "$FORMS/google-uk.csv" --map "$FORMS/google.yaml"
    expect_status 0
    expect_err "Added 1 reflection; 1 already imported."
}

run_tests
