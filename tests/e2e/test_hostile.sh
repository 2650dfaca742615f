#!/usr/bin/env bash
# The hostile input corpus (tests/hostile/: each file says where it goes and what the message
# must say) and the YAML test suite's documents placed where records are expected. check,
# the listing of that kind and every report meet each with a message naming the file (and
# the line, where the file has one), a non-zero exit, no crash, no hang, nothing changed.
source "$(dirname "$0")/lib.sh"

CORPUS="$SOURCE/tests/hostile"
REPORTS=(summary learning equality payments activity)
cases=0
runs=0

# DIR PLACE: the listing that reads what is at PLACE.
listing_for() {
    case $1 in
    matches/*) echo "match list" ;;
    sessions/*) echo "session list" ;;
    leaders/*) echo "leader list" ;;
    reflections/*) echo "reflect list" ;;
    *) echo "partner list" ;;
    esac
}

# NAME PLACE EXPECT LISTING LINE CONTENT-FILE: puts the content in place on a fresh copy of the
# sample and runs every command against it. EXPECT `ok`: an extreme but valid file every
# command accepts. LISTING `ok`: the listing may succeed (a reference between records is
# check's and the reports' business). LINE `no`: the message has no line to give.
meet() {
    local name=$1 place=$2 expect=$3 listing=$4 line=$5 content=$6 dir before shown cmd
    dir=$(sample_data)
    if [[ "$place" == */ ]]; then
        mkdir -p "$dir/$place"
        shown=${place%/}
        line=no
    else
        mkdir -p "$(dirname "$dir/$place")"
        cp "$content" "$dir/$place"
        shown=$place
    fi
    [ "$place" = vfi.yaml ] && line=no
    before=$(snapshot "$dir")
    cases=$((cases + 1))
    local commands=("check" "$(listing_for "$place")")
    for cmd in "${REPORTS[@]}"; do commands+=("report $cmd"); done
    for cmd in "${commands[@]}"; do
        # shellcheck disable=SC2086
        timeout 20 "$VFI" -C "$dir" $cmd >"$WORK/.out" 2>"$WORK/.err"
        status=$?
        runs=$((runs + 1))
        out=$(cat "$WORK/.out" "$WORK/.err")
        [ "$status" -eq 124 ] && fail "$name: vfi $cmd hung (killed after 20 s)"
        [ "$status" -lt 70 ] || fail "$name: vfi $cmd crashed or failed inside (exit $status): $out"
        if [ "$expect" = ok ] || { [ "$listing" = ok ] && [[ "$cmd" == *" list" ]]; }; then
            [ "$status" -eq 0 ] || fail "$name: vfi $cmd refused a valid file (exit $status): $out"
            continue
        fi
        [ "$status" -ne 0 ] || fail "$name: vfi $cmd succeeded"
        [[ "$out" == *"$shown"* ]] || fail "$name: vfi $cmd does not name $shown: $out"
        [ "$line" = no ] || grep -q "$shown:[0-9]" <<<"$out" || fail "$name: vfi $cmd gives no line in $shown: $out"
        [ -n "$expect" ] && [[ "$out" != *"$expect"* ]] && fail "$name: vfi $cmd does not say '$expect': $out"
    done
    expect_unchanged "$dir" "$before"
}

header() { sed -n "s/^# $1: //p" "$2" | head -1; }

t_the_hostile_corpus() {
    local file name
    for file in "$CORPUS"/*.yaml; do
        name=$(basename "$file" .yaml)
        # Only the header lines go: a file whose body is empty stays empty.
        tail -n +$(($(grep -c -E '^# (place|expect|listing|line): ' "$file") + 1)) "$file" >"$WORK/content"
        meet "$name" "$(header place "$file")" "$(header expect "$file")" \
            "$(header listing "$file")" "$(header line "$file")" "$WORK/content"
    done
}

t_a_file_over_the_size_cap() {
    { printf 'id: P-H5T401\nname: Big\nstatus: enquiry\nnotes: '; head -c 3000000 /dev/zero | tr '\0' x; echo; } >"$WORK/big"
    meet "over-the-cap" "partners/P-H5T401.yaml" "over the limit" "" no "$WORK/big"
}

# Every document of the YAML test suite as a partner record: one check names each file.
t_the_yaml_test_suite_as_records() {
    local suite="$SHARED/corpus/yaml-test-suite" dir i=0 id file digits=0123456789ABCDEFGHJKMNPQRSTVWXYZ
    if [ ! -d "$suite" ]; then
        skip "$suite is absent (it ships beside the repository, not in it)"
        return
    fi
    dir=$(sample_data)
    for file in "$suite"/*.yaml; do
        id="P-Z$(printf '%s' "${digits:$((i / 1024 % 32)):1}${digits:$((i / 32 % 32)):1}${digits:$((i % 32)):1}")Q0"
        cp "$file" "$dir/partners/$id.yaml"
        i=$((i + 1))
    done
    local before
    before=$(snapshot "$dir")
    timeout 60 "$VFI" -C "$dir" check >"$WORK/.out" 2>&1
    status=$?
    [ "$status" -eq 1 ] || fail "check of the YAML test suite: exit $status"
    local named
    named=$(grep -o '^partners/P-Z[0-9A-Z]*Q0\.yaml' "$WORK/.out" | sort -u | wc -l)
    [ "$named" -eq "$i" ] || fail "check named $named of the $i files"
    expect_unchanged "$dir" "$before"
    echo "  YAML test suite: $i documents placed as records, each named by check"
}

run_tests
echo "  $cases hostile cases, $runs commands run against them"
