#!/usr/bin/env bash
# A marker in every confidential field of the sample (notes, access needs, contact details,
# reasons for leaving and cancelling, quotes without consent), then every report in every
# format and every listing and export searched for it. Also: files 0600, folders 0700.
source "$(dirname "$0")/lib.sh"

# The sample with "SECRETMARK" and the record's id in each confidential field; prints its path.
marked_data() {
    local dir id set=0
    dir=$(sample_data)
    for id in $(ls "$dir/partners" | sed 's/\.yaml$//'); do
        "$VFI" -C "$dir" partner set "$id" "notes=SECRETMARK $id notes" "access_needs=SECRETMARK $id access" \
            "contact.email=secretmark.$id@example.org" "contact.phone=SECRETMARK $id phone" >/dev/null 2>&1 &&
            set=$((set + 4))
        grep -q '^left_reason:' "$dir/partners/$id.yaml" &&
            "$VFI" -C "$dir" partner set "$id" "left_reason=SECRETMARK $id left" >/dev/null 2>&1 && set=$((set + 1))
    done
    for id in $(ls "$dir/leaders" | sed 's/\.yaml$//'); do
        "$VFI" -C "$dir" leader set "$id" "notes=SECRETMARK $id notes" \
            "contact.email=secretmark.$id@example.org" "contact.phone=SECRETMARK $id phone" >/dev/null 2>&1 &&
            set=$((set + 3))
    done
    for id in $(ls "$dir/sessions" | sed 's/\.yaml$//'); do
        "$VFI" -C "$dir" session set "$id" "notes=SECRETMARK $id notes" >/dev/null 2>&1 && set=$((set + 1))
        grep -q '^status: cancelled' "$dir/sessions/$id.yaml" &&
            "$VFI" -C "$dir" session set "$id" "cancel_reason=SECRETMARK $id cancelled" >/dev/null 2>&1 &&
            set=$((set + 1))
    done
    # Reasons a match ended, in words: marked in place (no command sets them but `end`).
    for id in $(grep -l '^end_reason:' "$dir"/matches/*.yaml); do
        sed -i 's/^end_reason: /end_reason: SECRETMARK /' "$id" && set=$((set + 1))
    done
    # Quotes without consent: marked in place.
    sed -i '/^  - text: /{N;s/^  - text: \(.*\)\n    consent: false/  - text: SECRETMARK \1\n    consent: false/}' \
        "$dir"/reflections/*.yaml
    git -C "$dir" commit -qam "marked" 2>/dev/null
    echo "$set" >"$dir.markers"
    echo "$dir"
}

DIR=$(marked_data)
searched=0

# LABEL: fails when the last command's output holds a marker.
no_marker() {
    searched=$((searched + 1))
    grep -qi secretmark <<<"$out$err" && fail "$1 shows a confidential field: $(grep -io '.\{30\}secretmark.\{30\}' <<<"$out$err" | head -2)"
    return 0
}

t_the_markers_are_in_place() {
    local n
    n=$(grep -rl SECRETMARK "$DIR"/partners "$DIR"/leaders "$DIR"/sessions "$DIR"/reflections | wc -l)
    [ "$(cat "$DIR.markers")" -ge 150 ] || fail "only $(cat "$DIR.markers") fields were marked"
    [ "$n" -gt 100 ] || fail "only $n files hold a marker"
    vfi -C "$DIR" check
    expect_status 0
}

t_no_report_in_any_format_shows_a_marker() {
    local name fmt
    for name in summary learning equality payments activity; do
        for fmt in table md csv json html; do
            if [ $name = payments ]; then
                vfi -C "$DIR" report payments --from 2022-01-01 --to 2023-12-31 --format $fmt
            else
                vfi -C "$DIR" report $name --from 2022-01-01 --to 2023-12-31 --format $fmt
            fi
            expect_status 0
            no_marker "report $name ($fmt)"
        done
    done
}

t_no_listing_or_export_shows_a_marker() {
    local kind fmt
    for kind in partner leader match session reflect; do
        for fmt in table json csv yaml; do
            vfi -C "$DIR" $kind list --format $fmt
            expect_status 0
            no_marker "$kind list ($fmt)"
        done
    done
    for fmt in table json csv; do
        vfi -C "$DIR" partner list --available --format $fmt
        no_marker "partner list --available ($fmt)"
        vfi -C "$DIR" leader list --waiting --format $fmt
        no_marker "leader list --waiting ($fmt)"
        vfi -C "$DIR" match suggest --explain --format $fmt
        no_marker "match suggest ($fmt)"
        vfi -C "$DIR" session due --format $fmt
        no_marker "session due ($fmt)"
    done
    vfi -C "$DIR" reflect themes --from 2022-01-01
    no_marker "reflect themes"
    vfi -C "$DIR" reflect scores
    no_marker "reflect scores"
    vfi -C "$DIR" check --format json
    no_marker "check"
}

t_a_confidential_field_is_shown_only_when_named() {
    local id
    id=$(ls "$DIR/partners" | head -1 | sed 's/\.yaml$//')
    vfi -C "$DIR" partner list --fields id,notes --format csv
    expect_status 0
    expect_out_has "SECRETMARK $id notes"
    vfi -C "$DIR" partner show "$id"
    expect_out_has "SECRETMARK $id access"
}

# A mistake in a confidential field is reported by naming the field and what may be written,
# never by repeating the value or a guess near it, whichever way the value came in.
t_a_message_never_repeats_a_confidential_value() {
    local dir id before
    dir=$(new_data)
    id=$("$VFI" -C "$dir" partner add --name "Message Test")
    before=$(snapshot "$dir")
    vfi -C "$dir" partner set "$id" equality.ethnicity=black-afrcan
    expect_status 3
    expect_err_has "equality.ethnicity: the value given is not one of asian-bangladeshi"
    expect_err_has "it is not repeated here, as the field is confidential"
    [[ "$err" == *afrcan* || "$err" == *"did you mean"* ]] && fail "set repeats the value: $err"
    vfi -C "$dir" partner set "$id" equality.imd_decile=12
    expect_status 3
    expect_err_has "equality.imd_decile: the value given is outside 1–10"
    [[ "$err" == *12* ]] && fail "set repeats the decile: $err"
    vfi -C "$dir" partner set "$id" "notes:Cares for her mother"
    expect_status 2
    [[ "$err" == *Cares* ]] && fail "a broken KEY=VALUE is repeated: $err"
    vfi -C "$dir" partner add --name "Another Person" --equality-gender wman
    expect_status 3
    [[ "$err" == *wman* ]] && fail "add repeats the value: $err"
    printf 'Name,Ethnicity,Disability\nAb Cd,Black Afrcan,no\nEf Gh,white-british,Limited alot\n' >"$WORK/people.csv"
    vfi -C "$dir" partner import "$WORK/people.csv"
    expect_status 3
    expect_err_has "people.csv:2: Ethnicity: the value given is not one of"
    expect_err_has "people.csv:3: Disability: the value given is not one of"
    [[ "$err$out" == *Afrcan* || "$err$out" == *alot* ]] && fail "import repeats a value: $err"
    expect_unchanged "$dir" "$before"
    # In a record file: `vfi check`, and `edit`.
    printf 'equality:\n  gender: wman\n  carer: twenty-hours\n' >>"$dir/partners/$id.yaml"
    vfi -C "$dir" check
    expect_status 1
    expect_out_has "partners/$id.yaml:"
    [[ "$err$out" == *wman* || "$err$out" == *twenty* ]] && fail "check repeats a value: $out"
    git -C "$dir" checkout -q -- partners
    printf '#!/bin/sh\nprintf "equality:\\n  ethnicity: black-afrcan\\n" >>"$1"\n' >"$WORK/editor"
    chmod +x "$WORK/editor"
    EDITOR="$WORK/editor" vfi -C "$dir" partner edit "$id"
    expect_status 3
    [[ "$err$out" == *afrcan* ]] && fail "edit repeats the value: $err"
    # A field that is not confidential still gets its guess.
    vfi -C "$dir" partner set "$id" region=north-wst
    expect_err_has "did you mean 'north-west'?"
}

t_files_are_0600_and_folders_0700() {
    local dir id mode
    dir=$(new_data)
    id=$("$VFI" -C "$dir" partner add --name "Mode Test")
    [ "$(stat -c %a "$dir/partners/$id.yaml")" = 600 ] || fail "record is $(stat -c %a "$dir/partners/$id.yaml")"
    [ "$(stat -c %a "$dir/partners")" = 700 ] || fail "folder is $(stat -c %a "$dir/partners")"
    [ "$(stat -c %a "$dir/.vfi")" = 700 ] || fail ".vfi is $(stat -c %a "$dir/.vfi")"
    "$VFI" -C "$dir" report summary -o "$dir/../reports/summary.html" -q
    [ "$(stat -c %a "$dir/../reports/summary.html")" = 600 ] || fail "report is $(stat -c %a "$dir/../reports/summary.html")"
    [ "$(stat -c %a "$dir/../reports")" = 700 ] || fail "report folder is $(stat -c %a "$dir/../reports")"
    # A stricter umask is kept.
    mode=$(umask 0077 && d=$(mktemp -d "$WORK/strict.XXXXXX") && "$VFI" init "$d/p" --no-git >/dev/null &&
        i=$("$VFI" -C "$d/p" partner add --name "Umask Test") && stat -c %a "$d/p/partners/$i.yaml")
    [ "$mode" = 600 ] || fail "with umask 077 a record is $mode"
    mode=$(umask 0277 && d=$(mktemp -d "$WORK/stricter.XXXXXX") && "$VFI" init "$d/p" --no-git >/dev/null 2>&1 &&
        i=$("$VFI" -C "$d/p" partner add --name "Umask Test" 2>/dev/null) && stat -c %a "$d/p/partners/$i.yaml")
    [ -z "$mode" ] || [ "$mode" = 400 ] || fail "with umask 277 a record is $mode"
}

run_tests
echo "  $(cat "$DIR.markers") confidential fields marked; $searched outputs searched"
