#!/usr/bin/env bash
# vfi check: silent on clean data; one plain line per problem with file, line and field;
# never changes a file; hostile input gets an error, not a crash or a hang.
source "$(dirname "$0")/lib.sh"

# A valid partner record with the given id; extra lines appended.
partner() { # ID [LINES...]
    local id=$1
    shift
    printf 'id: %s\nname: Test Person\nstatus: enquiry\n' "$id"
    local line
    for line in "$@"; do printf '%s\n' "$line"; done
}

# Writes FILE in a fresh data directory, runs check, and checks exit 1, the message, and
# that nothing changed.
check_reports() { # RELATIVE-FILE CONTENT EXPECTED-STDOUT-FRAGMENT [COUNT-LINE]
    local dir before
    dir=$(new_data)
    printf '%s' "$2" >"$dir/$1"
    git -C "$dir" add -A && git -C "$dir" commit -qm "bad record"
    before=$(snapshot "$dir")
    vfi -C "$dir" check
    expect_status 1
    expect_out_has "$3"
    expect_out_has "${4:-1 problem in 1 file}"
    expect_err_empty
    expect_unchanged "$dir" "$before"
}

t_clean_sample_is_silent() {
    local dir before
    dir=$(sample_data)
    before=$(snapshot "$dir")
    vfi -C "$dir" check
    expect_status 0
    expect_out_empty
    expect_err_empty
    expect_unchanged "$dir" "$before"
}

t_value_outside_vocabulary() {
    check_reports partners/P-7KQ2MD.yaml "$(printf 'id: P-7KQ2MD\nname: Test Person\nregion: london\nstatus: sleeping\n')" \
        "partners/P-7KQ2MD.yaml:4:9: status: 'sleeping' is not one of enquiry, training, active, paused, alumni, withdrawn"
}

t_region_suggests_nearest_and_vocabulary() {
    check_reports partners/P-7KQ2MD.yaml "$(partner P-7KQ2MD 'region: west-midland')" \
        "partners/P-7KQ2MD.yaml:4:9: region: 'west-midland' is not one of"
    expect_out_has "did you mean 'west-midlands'? To allow a new value, add it to vocabularies.regions in vfi.yaml"
}

t_duplicate_key_from_a_merge() {
    check_reports partners/P-7KQ2MD.yaml "$(partner P-7KQ2MD 'status: active')" \
        "partners/P-7KQ2MD.yaml:4:1: status: this key appears twice (first on line 3)"
}

t_conflict_markers() {
    check_reports partners/P-7KQ2MD.yaml "$(printf 'id: P-7KQ2MD\nname: Test Person\n<<<<<<< HEAD\nstatus: active\n=======\nstatus: paused\n>>>>>>> other\n')" \
        "partners/P-7KQ2MD.yaml:3:1: unresolved git merge conflict — keep the lines you want"
}

t_second_document() {
    check_reports partners/P-7KQ2MD.yaml "$(partner P-7KQ2MD '---' 'id: P-7KQ2MD')" \
        "partners/P-7KQ2MD.yaml:5:1: the file holds a second YAML document"
}

t_nul_byte() {
    check_reports partners/P-7KQ2MD.yaml "$(printf 'id: P-7KQ2MD\nname: Te')$(printf '\001')st" \
        "partners/P-7KQ2MD.yaml:" # a control character in a plain scalar is not valid YAML
    local dir before
    dir=$(new_data)
    printf 'id: P-7KQ2MD\nname: Te\0st\nstatus: enquiry\n' >"$dir/partners/P-7KQ2MD.yaml"
    before=$(snapshot "$dir")
    vfi -C "$dir" check
    expect_status 1
    expect_out_has "partners/P-7KQ2MD.yaml:2:9: the file holds a NUL byte"
    expect_unchanged "$dir" "$before"
}

t_invalid_utf8() {
    check_reports partners/P-7KQ2MD.yaml "$(printf 'id: P-7KQ2MD\nname: Caf\xe9\nstatus: enquiry\n')" \
        "partners/P-7KQ2MD.yaml:2:10: the file is not valid UTF-8 text — save it as UTF-8"
}

t_oversized_file() {
    check_reports partners/P-7KQ2MD.yaml "$(partner P-7KQ2MD "notes: $(head -c 1100000 /dev/zero | tr '\0' a)")" \
        "partners/P-7KQ2MD.yaml: the file is 1100054 bytes, over the limit of 1048576 — a record is a few hundred bytes"
}

t_anchors_and_aliases() {
    check_reports partners/P-7KQ2MD.yaml "$(partner P-7KQ2MD 'interests: &a [x, y]' 'lived_experience: *a')" \
        "partners/P-7KQ2MD.yaml:4:12: anchors (&name) are not allowed in vfi records"
}

t_deep_nesting() {
    check_reports partners/P-7KQ2MD.yaml "$(partner P-7KQ2MD "notes: $(printf '[%.0s' {1..5000})")" \
        "partners/P-7KQ2MD.yaml:4:"
}

t_wrong_type() {
    check_reports partners/P-7KQ2MD.yaml "$(partner P-7KQ2MD 'capacity: two')" \
        "partners/P-7KQ2MD.yaml:4:11: capacity: 'two' is not a whole number — write digits only"
}

t_octal_looking_number_is_refused() {
    check_reports partners/P-7KQ2MD.yaml "$(partner P-7KQ2MD 'capacity: 010')" \
        "capacity: '010' is not a whole number"
}

t_date_that_does_not_exist() {
    check_reports partners/P-7KQ2MD.yaml "$(partner P-7KQ2MD 'joined: 2023-02-29')" \
        "partners/P-7KQ2MD.yaml:4:9: joined: '2023-02-29' does not exist (2023-02 has 28 days) — write the date as YYYY-MM-DD"
}

t_id_with_path_characters() {
    check_reports partners/P-7KQ2MD.yaml "$(printf 'id: ../P-7KQ2MD\nname: X\nstatus: enquiry\n')" \
        "partners/P-7KQ2MD.yaml:1:5: id: '../P-7KQ2MD' is not a partner id"
}

t_id_differs_from_file_name() {
    check_reports partners/P-7KQ2MD.yaml "$(partner P-AAAAAA)" \
        "partners/P-7KQ2MD.yaml:1:5: id: 'P-AAAAAA' does not match the file name P-7KQ2MD.yaml — write \`id: P-7KQ2MD\`, or rename the file to P-AAAAAA.yaml"
}

t_missing_required_field_with_typo_hint() {
    check_reports partners/P-7KQ2MD.yaml "$(printf 'id: P-7KQ2MD\nname: X\nstauts: active\n')" \
        "partners/P-7KQ2MD.yaml:1: status: required field is missing — the file has 'stauts' on line 3: did you mean 'status'?"
}

t_reference_to_missing_record() {
    check_reports matches/M-7KQ2MD.yaml "$(printf 'id: M-7KQ2MD\npartner: P-AAAAAA\nleader: L-BBBBBB\nstatus: proposed\n')" \
        "matches/M-7KQ2MD.yaml:2:10: partner: P-AAAAAA does not exist — check the id with \`vfi partner list\`, or restore partners/P-AAAAAA.yaml from git" \
        "2 problems in 1 file"
}

# The reported case: a closing quote left out at the end of a value. yaml-cpp took every line
# below into the text, check passed, and the next `leader set` wrote the record without them.
t_unclosed_quote_is_refused_and_nothing_is_written() {
    local dir before file=leaders/L-JB8DXJ.yaml
    dir=$(sample_data)
    sed -i 's/^preferences: .*/preferences: "Someone who has cared for a parent/' "$dir/$file"
    grep -q '^  email: ' "$dir/$file" || fail "the sample leader has no contact block below"
    git -C "$dir" commit -qam "a hand edit"
    before=$(snapshot "$dir")
    vfi -C "$dir" check
    expect_status 1
    expect_out_has "$file:13:14: this quoted text is never closed, so every line after it is read as part of it — add the closing \" at the end of the value on line 13"
    expect_out_has "1 problem in 1 file"
    vfi -C "$dir" leader set L-JB8DXJ title=x
    expect_status 3
    expect_err_has "$file:13:14: this quoted text is never closed"
    expect_unchanged "$dir" "$before"
    [ "$(commit_count "$dir")" -eq 2 ] || fail "a commit was made"
}

# Closed lines later, the quote still takes the lines between (libyaml accepts this one).
t_quote_running_on_over_keys_is_refused() {
    check_reports partners/P-7KQ2MD.yaml "$(partner P-7KQ2MD 'notes: "Met at the workshop' 'region: london' 'heard_about_us: radio advert"')" \
        "partners/P-7KQ2MD.yaml:4:8: this quoted text runs on to line 5, which is not indented under it"
}

t_stray_file_in_a_record_folder() {
    check_reports partners/ada.yaml "$(partner P-7KQ2MD)" \
        "partners/ada.yaml: not a record file name — records are named by their id"
}

t_partner_over_capacity() {
    local dir
    dir=$(new_data)
    partner P-AAAAAA 'status: active' >/dev/null
    printf 'id: P-AAAAAA\nname: X\nstatus: active\ncapacity: 1\ntraining:\n  completed: 2022-01-01\n' >"$dir/partners/P-AAAAAA.yaml"
    printf 'id: L-AAAAAA\nname: Y\norganisation: Org\nstatus: matched\n' >"$dir/leaders/L-AAAAAA.yaml"
    printf 'id: L-BBBBBB\nname: Z\norganisation: Org\nstatus: matched\n' >"$dir/leaders/L-BBBBBB.yaml"
    for m in AAAAAA BBBBBB; do
        printf 'id: M-%s\npartner: P-AAAAAA\nleader: L-%s\nstatus: active\nstarted: 2022-02-01\n' $m $m >"$dir/matches/M-$m.yaml"
    done
    vfi -C "$dir" check
    expect_status 1
    expect_out_has "partners/P-AAAAAA.yaml:4:11: capacity: P-AAAAAA has 2 matches running (M-AAAAAA, M-BBBBBB), more than a capacity of 1 — end or complete a match, or raise the capacity"
}

t_a_running_match_needs_both_people_in_it() {
    local dir
    dir=$(new_data)
    printf 'id: P-AAAAAA\nname: X\nstatus: alumni\nleft: 2023-01-01\ntraining:\n  completed: 2022-01-01\n' >"$dir/partners/P-AAAAAA.yaml"
    printf 'id: L-AAAAAA\nname: Y\norganisation: Org\nstatus: waiting\n' >"$dir/leaders/L-AAAAAA.yaml"
    printf 'id: M-AAAAAA\npartner: P-AAAAAA\nleader: L-AAAAAA\nstatus: active\nstarted: 2022-02-01\n' >"$dir/matches/M-AAAAAA.yaml"
    vfi -C "$dir" check
    expect_status 1
    expect_out_has "matches/M-AAAAAA.yaml:4:9: status: is active but partner P-AAAAAA is alumni — end it: \`vfi match end M-AAAAAA --category partner-withdrew\`"
    expect_out_has "matches/M-AAAAAA.yaml:4:9: status: is active but leader L-AAAAAA is waiting"
}

t_status_and_dates_disagree() {
    check_reports partners/P-7KQ2MD.yaml "$(partner P-7KQ2MD 'left: 2023-01-01')" \
        "partners/P-7KQ2MD.yaml:4:7: left: is set but status is enquiry"
}

t_newer_format_version_is_refused() {
    local dir before
    dir=$(new_data)
    sed -i 's/^vfi: 1$/vfi: 2/' "$dir/vfi.yaml"
    before=$(snapshot "$dir")
    vfi -C "$dir" check
    expect_status 3
    expect_err_has "vfi.yaml:3:6: vfi: this data is in format 2, newer than this vfi reads (1) — upgrade vfi"
    expect_unchanged "$dir" "$before"
}

t_json_output_for_scripts() {
    local dir
    dir=$(new_data)
    partner P-7KQ2MD 'capacity: -1' >"$dir/partners/P-7KQ2MD.yaml"
    vfi -C "$dir" check --format json
    expect_status 1
    expect_out_has '"file": "partners/P-7KQ2MD.yaml",'
    expect_out_has '"line": 4,'
    expect_out_has '"field": "capacity",'
    expect_out_has '"message": "-1 is outside 0–50",'
}

t_json_output_is_an_empty_array_when_clean() {
    local dir
    dir=$(new_data)
    vfi -C "$dir" check --format json
    expect_status 0
    expect_out "[]"
}

t_misspelt_setting_is_reported() {
    local dir before
    dir=$(new_data)
    sed -i 's/^  autocommit: true$/  autocomit: false/' "$dir/vfi.yaml"
    before=$(snapshot "$dir")
    vfi -C "$dir" check
    expect_status 1
    expect_out_has "vfi.yaml:9:3: git.autocomit: vfi does not know this setting, so it has no effect — did you mean 'autocommit'?"
    expect_unchanged "$dir" "$before"
}

t_check_quiet_only_sets_the_status() {
    local dir
    dir=$(new_data)
    partner P-7KQ2MD 'capacity: -1' >"$dir/partners/P-7KQ2MD.yaml"
    vfi -C "$dir" check -q
    expect_status 1
    expect_out_empty
}

t_finds_the_directory_like_git() {
    local dir
    dir=$(new_data)
    mkdir -p "$dir/exports/deeper"
    (cd "$dir/exports/deeper" && "$VFI" check) || fail "check from a subfolder failed"
    VFI_DATA="$dir" vfi check
    expect_status 0
    (cd "$WORK" && "$VFI" check >/dev/null 2>"$WORK/.err2")
    [ $? -eq 4 ] || fail "outside a data directory should exit 4"
    grep -q "no vfi data directory here or in any folder above — cd into one, pass -C DIR, set VFI_DATA" "$WORK/.err2" ||
        fail "message: $(cat "$WORK/.err2")"
    vfi -C "$WORK/nowhere" check
    expect_status 4
    expect_err "vfi: $WORK/nowhere is not a vfi data directory (no vfi.yaml there; given by -C) — check the path, or create one with \`vfi init $WORK/nowhere\`"
}

t_folder_inside_a_record_folder() {
    local dir
    dir=$(new_data)
    mkdir "$dir/partners/archive"
    vfi -C "$dir" check
    expect_status 1
    expect_out_has "partners/archive: a folder inside a record folder — vfi reads only the files directly in partners/: move the folder out"
}

t_scratch_files_are_never_read_as_records() {
    local dir
    dir=$(new_data)
    echo "garbage: [" >"$dir/partners/.vfi-tmp.P-7KQ2MD.yaml.ABCDEF"
    vfi -C "$dir" check
    expect_status 0
}

t_mistyped_command_suggests_the_nearest() {
    vfi chek
    expect_status 2
    expect_err_has "vfi: 'chek' is not a vfi command — did you mean \`vfi check\`?"
    vfi --bogus-option check
    expect_status 2
    expect_err_has "vfi: "
}

t_help_and_version() {
    vfi --help
    expect_status 0
    expect_out_has "Example:"
    expect_out_has "Exit status:"
    vfi check --help
    expect_status 0
    expect_out_has "vfi check --format json"
    vfi init --help
    expect_status 0
    expect_out_has "Example:"
    vfi --version
    expect_status 0
    expect_out_has "vfi 0."
}

t_yaml_test_suite_documents_as_records() {
    local corpus="$SHARED/corpus/yaml-test-suite"
    if [ ! -d "$corpus" ]; then
        skip "$corpus is absent (it ships beside the repository, not in it)"
        return
    fi
    local dir i=0 f id
    dir=$(new_data)
    local alphabet=0123456789ABCDEFGHJKMNPQRSTVWXYZ
    for f in "$corpus"/*.yaml; do
        id=P-$(printf '%06d' "$i" | tr 0-9 "${alphabet:0:10}")${alphabet:$((i % 32)):1}
        cp "$f" "$dir/partners/$id.yaml"
        i=$((i + 1))
    done
    local before
    before=$(snapshot "$dir")
    timeout 60 "$VFI" -C "$dir" check >"$WORK/corpus.out" 2>"$WORK/corpus.err"
    status=$?
    expect_status 1
    [ -s "$WORK/corpus.err" ] && fail "stderr: $(head -3 "$WORK/corpus.err")"
    local missing=0
    for f in "$dir"/partners/P-*.yaml; do
        grep -q "^partners/$(basename "$f")" "$WORK/corpus.out" || missing=$((missing + 1))
    done
    [ "$missing" -eq 0 ] || fail "$missing of $i documents got no message naming their file"
    expect_unchanged "$dir" "$before"
}

# Rules check missed (issue 16's trial): a leader matched with no running match (a hand
# edit), and a person reflecting on another pair's match.
t_a_matched_leader_without_a_match_and_a_reflection_on_another_pair() {
    local dir before l
    dir=$(sample_data)
    l=$(sed -n 's/^leader: //p' "$dir/matches/M-33CYT8.yaml")
    sed -i 's/^status: active/status: completed/; s/^started: \(.*\)/started: \1\nended: 2024-01-10/' "$dir/matches/M-33CYT8.yaml"
    before=$(snapshot "$dir")
    vfi -C "$dir" check
    expect_status 1
    expect_out_has "leaders/$l.yaml:"
    expect_out_has "status: is matched, but no active or paused match has this leader — set them waiting for a new partner (\`vfi leader status $l waiting\`), or completed"
    expect_unchanged "$dir" "$before"
    dir=$(sample_data)
    before=$(snapshot "$dir")
    vfi -C "$dir" reflect add --by P-MVJ56B --about M-6DQ8MJ --stage ad-hoc --changing "Something"
    expect_status 8
    expect_err "vfi: about: M-6DQ8MJ is the match of P-JWK3TM and L-JB8DXJ, not one of P-MVJ56B's — name their own match, or \`programme\`"
    expect_unchanged "$dir" "$before"
}

run_tests
