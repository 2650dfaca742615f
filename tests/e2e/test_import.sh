#!/usr/bin/env bash
# partner and leader import: the spreadsheets teams keep (Excel's empty rows, UK dates, values
# written their own way), every problem of a row told at once, and nothing written on bad input.
source "$(dirname "$0")/lib.sh"

# record DIR FOLDER NAME — the record whose name is NAME, printed (empty when there is none).
record() {
    local file
    file=$(grep -lx "name: $3" "$1/$2"/*.yaml 2>/dev/null | head -1)
    [ -n "$file" ] && cat "$file"
}

# Excel saves the rows below a table, and rows cleared in it, as `,,,,`: skipped, not problems.
t_import_skips_rows_of_empty_cells() {
    local dir before
    dir=$(new_data)
    printf 'Name,Email,Region,Modes\r\nAda One,ada@example.org,london,online\r\n,,,\r\n , ,"", \r\nBen Two,ben@example.org,wales,phone\r\n,,,\r\n,,,\r\n\r\n' >"$WORK/excel.csv"
    before=$(snapshot "$dir")
    vfi -C "$dir" partner import "$WORK/excel.csv" --dry-run
    expect_status 0
    expect_out "Would add 2 partners; nothing was written."
    expect_err_empty
    expect_unchanged "$dir" "$before"
    vfi -C "$dir" partner import "$WORK/excel.csv"
    expect_status 0
    expect_err "Added 2 partners."
    [ "$(echo "$out" | wc -l)" = 2 ] || fail "expected two ids: $out"
    # A row with a name among empty cells is a row, and its line is the file's.
    printf 'Name,Region\n,,\nCy Three,atlantis\n,\n' >"$WORK/third.csv"
    before=$(snapshot "$dir")
    vfi -C "$dir" partner import "$WORK/third.csv"
    expect_status 3
    expect_err_has "third.csv:3: Region: 'atlantis' is not one of"
    expect_err_has "vfi: 1 of 1 row has problems; nothing was imported"
    expect_unchanged "$dir" "$before"
}

# A row with several mistakes lists them all, each with its line, column and fix: one dry run
# shows everything to correct.
t_import_tells_every_problem_of_a_row_at_once() {
    local dir before
    dir=$(new_data)
    printf 'Name,Joined,Region,Status,Capacity,Modes\nAda One,2024-13-01,atlantis,actve,many,fax\nBen Two,2024-01-01,london,enquiry,1,online\n' >"$WORK/many.csv"
    before=$(snapshot "$dir")
    vfi -C "$dir" partner import "$WORK/many.csv" --dry-run
    expect_status 3
    expect_out "Would add 1 partner (1 row with problems); nothing was written."
    expect_err_has "many.csv:2: Joined: '2024-13-01' has no month 13 — write the date as YYYY-MM-DD"
    expect_err_has "many.csv:2: Region: 'atlantis' is not one of north-east,"
    expect_err_has "many.csv:2: Status: 'actve' is not one of enquiry, training, active, paused, alumni, withdrawn — did you mean 'active'?"
    expect_err_has "many.csv:2: Capacity: 'many' is not a whole number — write digits only"
    expect_err_has "many.csv:2: Modes: 'fax' is not one of online, phone, in-person — write one of those"
    [ "$(grep -c '^many.csv:2: ' <<<"$err")" = 5 ] || fail "expected five problems on line 2: $err"
    vfi -C "$dir" partner import "$WORK/many.csv"
    expect_status 3
    expect_err_has "vfi: 1 of 2 rows has problems; nothing was imported — fix the rows listed above and import again, or add --skip-invalid to import the others"
    [ "$(grep -c '^many.csv:2: ' <<<"$err")" = 5 ] || fail "expected five problems on line 2: $err"
    expect_unchanged "$dir" "$before"
    # Each value right, what is wrong between them is told next.
    printf 'Name,Status\nCy Three,active\n' >"$WORK/untrained.csv"
    vfi -C "$dir" partner import "$WORK/untrained.csv"
    expect_status 3
    expect_err_has "untrained.csv:2: status: a partner is active only once training is completed — give training.completed"
    expect_unchanged "$dir" "$before"
}

# UK spreadsheets write 18/03/2024: refused without --day-first (03/04/2024 could be either),
# read as day/month/year with it.
t_import_reads_uk_dates_with_day_first() {
    local dir before
    dir=$(new_data)
    printf 'Name,Status,Training completed,Joined\nAda One,active,18/03/2024,2024-04-01\nBen Two,active,3/4/2024,18-04-2024\n' >"$WORK/uk.csv"
    before=$(snapshot "$dir")
    vfi -C "$dir" partner import "$WORK/uk.csv"
    expect_status 3
    expect_err_has "uk.csv:2: Training completed: '18/03/2024' is not a date written YYYY-MM-DD — pass --day-first to read it as day/month/year (2024-03-18), or write it as 2024-03-18"
    expect_err_has "uk.csv:3: Training completed: '3/4/2024' is not a date written YYYY-MM-DD — pass --day-first to read it as day/month/year (2024-04-03)"
    expect_err_has "uk.csv:3: Joined: '18-04-2024' is not a date written YYYY-MM-DD — pass --day-first"
    expect_unchanged "$dir" "$before"
    vfi -C "$dir" partner import "$WORK/uk.csv" --day-first
    expect_status 0
    expect_err "Added 2 partners."
    record "$dir" partners "Ada One" | grep -qx "  completed: 2024-03-18" || fail "Ada: $(record "$dir" partners "Ada One")"
    record "$dir" partners "Ben Two" | grep -qx "  completed: 2024-04-03" || fail "Ben: $(record "$dir" partners "Ben Two")"
    record "$dir" partners "Ben Two" | grep -qx "joined: 2024-04-18" || fail "Ben joined: $(record "$dir" partners "Ben Two")"
    # Read day first, a day that does not exist is refused; one written month first
    # (03/18/2024) is no day/month/year at all.
    printf 'Name,Joined\nCy Three,31/02/2024\nDi Four,03/18/2024\n' >"$WORK/bad.csv"
    before=$(snapshot "$dir")
    vfi -C "$dir" partner import "$WORK/bad.csv" --day-first
    expect_status 3
    expect_err_has "bad.csv:2: Joined: '31/02/2024' does not exist (2024-02 has 29 days), read day first — --day-first reads dates as day/month/year"
    expect_err_has "bad.csv:3: Joined: '03/18/2024' has no month 18, read day first"
    vfi -C "$dir" partner import "$WORK/bad.csv"
    expect_status 3
    expect_err_has "bad.csv:3: Joined: '03/18/2024' is not a date written YYYY-MM-DD — write the date as YYYY-MM-DD, e.g. 2024-03-18"
    expect_unchanged "$dir" "$before"
}

# A listed value or a tag written another way is refused with the way vfi writes it, or taken
# (and said) with --accept-suggestions. A confidential value is never repeated.
t_import_accepts_suggestions_when_asked() {
    local dir before
    dir=$(new_data)
    printf 'Name,Region,Status,Modes,Interests,Gender\nAda One,West Midlands,Training,"Online, In person",Mental Health,Woman\nBen Two,london,enquiry,phone,carers,\n' >"$WORK/ways.csv"
    before=$(snapshot "$dir")
    vfi -C "$dir" partner import "$WORK/ways.csv"
    expect_status 3
    expect_err_has "ways.csv:2: Region: 'West Midlands' is not written as vfi lists it — write it as west-midlands, or pass --accept-suggestions to take that"
    expect_err_has "ways.csv:2: Status: 'Training' is not written as vfi lists it — write it as training, or pass --accept-suggestions"
    expect_err_has "ways.csv:2: Modes: 'Online, In person' is not written as vfi lists it — write it as online, in-person, or pass --accept-suggestions"
    expect_err_has "ways.csv:2: Interests: 'Mental Health' is not written as tags are — write it as mental-health, or pass --accept-suggestions"
    expect_err_has "ways.csv:2: Gender: the value given is written another way than the list — it is not repeated here, as the field is confidential;"
    [[ "$err" != *Woman* && "$err" != *woman* ]] || fail "the confidential value was repeated: $err"
    expect_unchanged "$dir" "$before"
    vfi -C "$dir" partner import "$WORK/ways.csv" --accept-suggestions
    expect_status 0
    expect_err "ways.csv:2: Region: took 'West Midlands' as west-midlands
ways.csv:2: Status: took 'Training' as training
ways.csv:2: Modes: took 'Online, In person' as online, in-person
ways.csv:2: Interests: took 'Mental Health' as mental-health
ways.csv:2: Gender: took the value given as spelt in the list (not repeated here, as the field is confidential)
Added 2 partners."
    local ada
    ada=$(record "$dir" partners "Ada One")
    for line in "status: training" "region: west-midlands" "modes: [online, in-person]" "interests: [mental-health]" "  gender: woman"; do
        grep -Fqx "$line" <<<"$ada" || fail "Ada lacks [$line]: $ada"
    done
    # A typo is a guess, not a spelling: told, never taken.
    printf 'Name,Region\nCy Three,londn\n' >"$WORK/typo.csv"
    before=$(snapshot "$dir")
    vfi -C "$dir" partner import "$WORK/typo.csv" --accept-suggestions
    expect_status 3
    expect_err_has "typo.csv:2: Region: 'londn' is not one of"
    expect_err_has "did you mean 'london'?"
    expect_unchanged "$dir" "$before"
}

# A cohort is free text and a new one is allowed: one the records write another way is noted
# (taken with --accept-suggestions), one close in spelling noted with "did you mean"; another
# year's cohort is no slip.
t_import_notes_a_cohort_close_to_one_used() {
    local dir before
    dir=$(new_data)
    "$VFI" -C "$dir" leader add --name "Lee One" --organisation "Org A" --cohort 2024-cohort >/dev/null || fail "setup"
    printf 'Name,Organisation,Cohort\nLee Two,Org B,2024 Cohrt\nLee Three,Org C,2025-cohort\nLee Four,Org D,2024 Cohort\n' >"$WORK/cohorts.csv"
    before=$(snapshot "$dir")
    vfi -C "$dir" leader import "$WORK/cohorts.csv" --dry-run
    expect_status 0
    expect_out "Would add 3 leaders; nothing was written."
    expect_err "cohorts.csv:2: Cohort: '2024 Cohrt' is new to the leaders' cohort, kept as written — did you mean '2024-cohort'? If so, correct the cell, or the record afterwards with \`vfi leader set ID cohort=2024-cohort\`
cohorts.csv:4: Cohort: '2024 Cohort' is kept as written, though other leaders have it as 2024-cohort — if it is the same, write it as 2024-cohort, or pass --accept-suggestions to take that"
    expect_unchanged "$dir" "$before"
    vfi -C "$dir" leader import "$WORK/cohorts.csv" --accept-suggestions
    expect_status 0
    expect_err_has "cohorts.csv:2: Cohort: '2024 Cohrt' is new to the leaders' cohort, kept as written — did you mean '2024-cohort'?"
    expect_err_has "cohorts.csv:4: Cohort: took '2024 Cohort' as 2024-cohort"
    [[ "$err" != *"cohorts.csv:3"* ]] || fail "2025-cohort was noted: $err"
    record "$dir" leaders "Lee Four" | grep -qx "cohort: \"2024-cohort\"" || fail "Lee Four: $(record "$dir" leaders "Lee Four")"
    record "$dir" leaders "Lee Two" | grep -qx "cohort: \"2024 Cohrt\"" || fail "Lee Two: $(record "$dir" leaders "Lee Two")"
    # A partner's training cohort is compared with the other partners'.
    "$VFI" -C "$dir" partner add --name "Ada One" --training-cohort "Spring 2024" >/dev/null || fail "setup"
    printf 'Name,Cohort\nBen Two,spring-2024\n' >"$WORK/training.csv"
    vfi -C "$dir" partner import "$WORK/training.csv" --dry-run
    expect_status 0
    expect_err "training.csv:2: Cohort: 'spring-2024' is kept as written, though other partners have it as Spring 2024 — if it is the same, write it as Spring 2024, or pass --accept-suggestions to take that"
}

# Someone who passed --skip-invalid is never told to pass it; with nothing valid to import,
# nobody is told to import "the others".
t_import_never_asks_for_the_option_given() {
    local dir before
    dir=$(new_data)
    "$VFI" -C "$dir" partner add --name "Ada One" --contact-email ada@example.org >/dev/null || fail "setup"
    printf 'Name,Email,Region\nAda One,ada@example.org,london\nBen Two,ben@example.org,atlantis\nCy Three,cy@example.org,wales\nCy Three,CY@example.org,wales\n' >"$WORK/mixed.csv"
    before=$(snapshot "$dir")
    vfi -C "$dir" partner import "$WORK/mixed.csv" --skip-invalid --dry-run
    expect_status 0
    expect_out "Would add 1 partner (3 rows with problems); nothing was written."
    expect_err_has "mixed.csv:2: the same person (name and email) as P-"
    expect_err_has "— remove the row: they are already there (\`vfi partner show P-"
    expect_err_has "mixed.csv:5: the same person (name and email) as the row on line 4 — remove one of the two rows"
    [[ "$err" != *"--skip-invalid"* ]] || fail "told to pass --skip-invalid: $err"
    expect_unchanged "$dir" "$before"
    vfi -C "$dir" partner import "$WORK/mixed.csv" --skip-invalid
    expect_status 0
    expect_err_has "Added 1 partner; skipped 3 rows."
    [[ "$err" != *"--skip-invalid"* ]] || fail "told to pass --skip-invalid: $err"
    # Every row refused: nothing to import, with the option or without, and no "others".
    printf 'Name,Region\nDi Four,atlantis\nEd Five,mars\n' >"$WORK/none.csv"
    before=$(snapshot "$dir")
    vfi -C "$dir" partner import "$WORK/none.csv" --skip-invalid
    expect_status 3
    expect_err_has "vfi: 2 of 2 rows have problems; nothing was imported — fix the rows listed above and import again"
    [[ "$err" != *"--skip-invalid"* ]] || fail "told to pass --skip-invalid: $err"
    vfi -C "$dir" partner import "$WORK/none.csv"
    expect_status 3
    [[ "$err" != *"--skip-invalid"* ]] || fail "told to pass --skip-invalid with no others to import: $err"
    vfi -C "$dir" partner import "$WORK/none.csv" --skip-invalid --dry-run
    expect_status 3
    expect_out "Would add 0 partners (2 rows with problems); nothing was written."
    expect_unchanged "$dir" "$before"
}

# Leaders import as partners do: the headers their spreadsheets use, --date, --day-first,
# --accept-suggestions, duplicates (a leader also by name and organisation), and the
# organisation each needs.
t_leader_import_is_as_complete_as_partner_import() {
    local dir before
    dir=$(new_data)
    printf 'Full name,Job title,Employer,Programme,Status,Date enquired,Focus areas,Email\nLee One,Chief Nurse,Org A,2024-cohort,Waiting,05/02/2024,Mental Health,lee@example.org\nLee Two,Director,Org B,2024-cohort,enquiry,,carers,\n' >"$WORK/leaders.csv"
    before=$(snapshot "$dir")
    vfi -C "$dir" leader import "$WORK/leaders.csv" --date 2024-01-15
    expect_status 3
    expect_err_has "leaders.csv:2: Status: 'Waiting' is not written as vfi lists it — write it as waiting, or pass --accept-suggestions to take that"
    expect_err_has "leaders.csv:2: Date enquired: '05/02/2024' is not a date written YYYY-MM-DD — pass --day-first to read it as day/month/year (2024-02-05)"
    expect_err_has "leaders.csv:2: Focus areas: 'Mental Health' is not written as tags are — write it as mental-health"
    expect_unchanged "$dir" "$before"
    vfi -C "$dir" leader import "$WORK/leaders.csv" --date 2024-01-15 --day-first --accept-suggestions
    expect_status 0
    expect_err_has "Added 2 leaders."
    local lee
    lee=$(record "$dir" leaders "Lee One")
    for line in "title: Chief Nurse" "organisation: Org A" "cohort: \"2024-cohort\"" "status: waiting" "enquired: 2024-02-05" "focus: [mental-health]" "  email: lee@example.org"; do
        grep -Fqx "$line" <<<"$lee" || fail "Lee One lacks [$line]: $lee"
    done
    record "$dir" leaders "Lee Two" | grep -qx "enquired: 2024-01-15" || fail "--date: $(record "$dir" leaders "Lee Two")"
    # Again: the same people, by name and email, or by name and organisation without an email.
    before=$(snapshot "$dir")
    vfi -C "$dir" leader import "$WORK/leaders.csv" --day-first --accept-suggestions
    expect_status 3
    expect_err_has "leaders.csv:2: the same person (name and email) as L-"
    expect_err_has "leaders.csv:3: the same person (name and organisation) as L-"
    expect_err_has "vfi: 2 of 2 rows have problems; nothing was imported — fix the rows listed above and import again"
    expect_unchanged "$dir" "$before"
    # The organisation: a column for it, and a value in each row.
    printf 'Name,Cohort\nLee Three,2024-cohort\n' >"$WORK/noorg.csv"
    vfi -C "$dir" leader import "$WORK/noorg.csv"
    expect_status 2
    expect_err "vfi: noorg.csv:1: no column gives the organisation — name the column Organisation, or use --map \"YOUR COLUMN=organisation\""
    printf 'Name,Organisation,Status\nLee Three,,matched\nLee Four,Org D,matched\nLee Five,Org E,waiting\n' >"$WORK/rows.csv"
    vfi -C "$dir" leader import "$WORK/rows.csv"
    expect_status 3
    expect_err_has "rows.csv:2: Organisation: the cell is empty, and every leader needs an organisation — fill it in, or remove the row"
    expect_err_has "rows.csv:3: status: a leader becomes matched when a match is accepted"
    expect_err_has "vfi: 2 of 3 rows have problems; nothing was imported"
    expect_unchanged "$dir" "$before"
    vfi -C "$dir" leader import "$WORK/rows.csv" --skip-invalid
    expect_status 0
    expect_err_has "Added 1 leader; skipped 2 rows."
}

run_tests
