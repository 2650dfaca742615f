#!/usr/bin/env bash
# Disclosure control against differencing: two equality reports whose periods differ by one
# day, around a partner who left (or joined) that day, must not give away that partner's
# answers, on constructed programmes and on every population the sample programme can give.
# Also: the same records give the same figures, run after run and in a clone.
source "$(dirname "$0")/lib.sh"

# The title of the equality report's table for each answer.
title_of() {
    case $1 in
    age_band) echo "Age" ;;
    ethnicity) echo "Ethnic group (Census 2021)" ;;
    gender) echo "Gender" ;;
    disability) echo "Disability" ;;
    carer) echo "Unpaid care, hours a week" ;;
    imd_decile) echo "Partners by Index of Multiple Deprivation decile" ;;
    esac
}
TABLES=(age_band ethnicity gender disability carer imd_decile)

# TABLE|ROW|FIGURE for every count of an equality report in CSV (on standard input).
counts_of() {
    tr -d '\r' | sed -nE 's/^[^,]*,("[^"]*"|[^,]*),([^,]*),partners,([^,]*)$/\1|\2|\3/p' | tr -d '"'
}

# TABLE|ROW of every figure that differs between two equality reports (CSV files).
changed_cells() {
    paste -d'|' <(counts_of <"$1") <(counts_of <"$2") |
        awk -F'|' '$1 != $4 || $2 != $5 { print "misaligned"; next } $3 != $6 { print $1 "|" $2 }'
}

# TABLE|ROW of the cells a partner's record is counted in (none without consent).
cells_of() {
    local file=$1 key value
    grep -q '^  equality: true' "$file" || return 0
    for key in "${TABLES[@]}"; do
        value=$(sed -nE "s/^  $key: \"?([^\"]*)\"?$/\1/p" "$file")
        if [ -n "$value" ]; then
            echo "$(title_of $key)|$value"
        elif [ $key != imd_decile ]; then
            echo "$(title_of $key)|not answered"
        fi
    done
}

# WHO CHANGED TABLE: true when the cells of TABLE that changed are exactly those of the people
# who differ between the two reports: the difference names their answers.
pinpoints() {
    local mine theirs title
    title=$(title_of "$3")
    mine=$(grep -F "$title|" <<<"$1" | sort -u)
    theirs=$(grep -F "$title|" <<<"$2" | sort -u)
    [ -n "$theirs" ] && [ "$mine" = "$theirs" ]
}

# A partner record: FILE ID STATUS JOINED LEFT AGE ETHNICITY GENDER DISABILITY CARER DECILE.
write_partner() {
    {
        printf 'id: %s\nname: Partner %s\nstatus: %s\njoined: %s\n' "$2" "$2" "$3" "$4"
        [ -n "$5" ] && printf 'left: %s\n' "$5"
        printf 'training:\n  completed: 2023-12-01\nconsent:\n  equality: true\nequality:\n'
        printf '  age_band: "%s"\n  ethnicity: %s\n  gender: %s\n  disability: %s\n' "$6" "$7" "$8" "$9"
        printf '  carer: "%s"\n  imd_decile: %s\n' "${10}" "${11}"
    } >"$1"
}

# A programme of N partners with everyday answers, all active since 2024-01-01, and one more,
# P-PPPPPP, with the answers given (none shared with anyone else), who left on 2025-03-10.
# The disclosure key is fixed so that the test gives the same result every run.
constructed() {
    local n=$1 key=$2 dir i id
    shift 2
    dir=$(new_data) || return 1
    sed -i "s/^  disclosure_key: .*/  disclosure_key: $key/" "$dir/vfi.yaml"
    local ages=(25-34 35-44 45-54 55-64) ethnicities=(white-british asian-indian black-caribbean white-other)
    local genders=(woman man) disabilities=(no yes-limited-a-little) carers=(none 1-9 10-19)
    for ((i = 0; i < n; i++)); do
        id=$(printf 'P-A%05d' "$i")
        write_partner "$dir/partners/$id.yaml" "$id" active 2024-01-01 "" "${ages[i % 4]}" \
            "${ethnicities[(i / 2) % 4]}" "${genders[i % 2]}" "${disabilities[(i / 3) % 2]}" \
            "${carers[i % 3]}" $((3 + i % 6))
    done
    write_partner "$dir/partners/P-PPPPPP.yaml" P-PPPPPP alumni 2024-01-01 2025-03-10 "$@"
    git -C "$dir" add -A && git -C "$dir" commit -qm "constructed programme" || return 1
    echo "$dir"
}

t_the_day_a_partner_leaves_does_not_give_their_answers_away() {
    local case dir with without changed theirs table pinned=0 tried=0
    local cases=(
        "6 0123456789abcdef0123456789abcdef 16-24 black-african non-binary yes-limited-a-lot 50-plus 1"
        "9 f0e1d2c3b4a5968778695a4b3c2d1e0f 75-plus other-arab other prefer-not-to-say 35-49 10"
        "13 00000000000000000000000000000001 65-74 white-roma non-binary yes-not-limited 20-34 2"
        "17 5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a 16-24 mixed-other other yes-limited-a-lot 50-plus 9"
        "22 c0ffeec0ffeec0ffeec0ffeec0ffee00 prefer-not-to-say asian-chinese non-binary prefer-not-to-say 35-49 1"
        "30 1234567890abcdef1234567890abcdef 75-plus black-other other yes-not-limited 20-34 10"
    )
    for case in "${cases[@]}"; do
        # shellcheck disable=SC2086
        dir=$(constructed $case) || { fail "could not build the programme: $case"; continue; }
        vfi -C "$dir" report equality --from 2025-03-10 --to 2025-06-30 --format csv
        expect_status 0
        with="$WORK/with.csv"
        echo "$out" >"$with"
        vfi -C "$dir" report equality --from 2025-03-11 --to 2025-06-30 --format csv
        expect_status 0
        without="$WORK/without.csv"
        echo "$out" >"$without"
        changed=$(changed_cells "$with" "$without")
        [[ "$changed" == *misaligned* ]] && fail "the two reports' tables differ in shape"
        theirs=$(cells_of "$dir/partners/P-PPPPPP.yaml")
        for table in "${TABLES[@]}"; do
            tried=$((tried + 1))
            if pinpoints "$changed" "$theirs" $table; then
                pinned=$((pinned + 1))
                [ $table = ethnicity ] && fail "the two reports give away the ethnic group of the partner who left ($case)"
            fi
        done
    done
    # Plain rounding gives every one of these answers away (each is the only one in its
    # row: 0 becomes *). With the adjustment redrawn, a table may still change in that one
    # row alone by chance (about 1 in 20 for the smallest), never as a rule.
    [ "$tried" -eq 36 ] || fail "only $tried tables compared"
    [ "$pinned" -le 3 ] || fail "$pinned of $tried tables changed in exactly the leaver's answers"
    echo "  $tried tables around a leaver, $pinned changed in exactly their answers" >&2
}

t_the_day_a_partner_joins_does_not_give_their_answers_away() {
    local dir changed theirs table pinned=0
    dir=$(constructed 11 abcdefabcdefabcdefabcdefabcdef12 55-64 white-british man no none 5)
    # A twelfth partner, with answers nobody else gives, joins on 2025-05-01.
    write_partner "$dir/partners/P-QQQQQQ.yaml" P-QQQQQQ active 2025-05-01 "" 75-plus other-any \
        non-binary yes-limited-a-lot 50-plus 1
    git -C "$dir" add -A && git -C "$dir" commit -qm "a partner joins"
    vfi -C "$dir" report equality --from 2025-04-01 --to 2025-04-30 --format csv
    echo "$out" >"$WORK/before.csv"
    vfi -C "$dir" report equality --from 2025-04-01 --to 2025-05-01 --format csv
    expect_status 0
    echo "$out" >"$WORK/after.csv"
    changed=$(changed_cells "$WORK/before.csv" "$WORK/after.csv")
    theirs=$(cells_of "$dir/partners/P-QQQQQQ.yaml")
    for table in "${TABLES[@]}"; do
        pinpoints "$changed" "$theirs" $table && pinned=$((pinned + 1))
    done
    [ "$pinned" -le 1 ] || fail "$pinned tables changed in exactly the newcomer's answers: $changed"
    # Not by keeping the old figures: the tables are drawn afresh.
    [ "$(wc -l <<<"$changed")" -ge 5 ] || fail "too few figures changed to hide the newcomer: $changed"
}

# The partners of the sample in a period FROM..TO: their file names, one a line.
sample_population() {
    local file joined left
    for file in "$1"/partners/*.yaml; do
        joined=$(sed -n 's/^joined: //p' "$file")
        left=$(sed -n 's/^left: //p' "$file")
        [ -n "$left" ] && [[ "$left" < "$2" ]] && continue
        [ -n "$joined" ] && [[ "$3" < "$joined" ]] && continue
        echo "$file"
    done
}

day_after() { date -u -d "$1 + 1 day" +%F; }
day_before() { date -u -d "$1 - 1 day" +%F; }

# Every pair of periods a day apart that the sample's partners can tell apart: the population
# changes only on a day someone joins (the end of the period crosses it) or leaves (the start
# crosses it), so the pairs are each such day against every kind of other end (before, on and
# after every other such day, and the sample's first and last days). Any other pair of
# adjacent periods holds the same people and so gives the same figures; a sample of those is
# checked byte for byte.
t_every_adjacent_pair_of_periods_in_the_sample() {
    local dir first=2022-02-09 last=2026-11-23 joins leaves ends starts d e pairs=0 differing=0
    local pinned=0 tables=0 from1 to1 from2 to2 changed theirs file table a b
    dir=$(sample_data)
    joins=$(sed -n 's/^joined: //p' "$dir"/partners/*.yaml | sort -u)
    leaves=$(sed -n 's/^left: //p' "$dir"/partners/*.yaml | sort -u)
    ends="$last"
    starts="$first"
    for d in $joins; do ends+=" $(day_before "$d") $d"; done
    for d in $leaves; do starts+=" $d $(day_after "$d")"; done
    compare() { # FROM1 TO1 FROM2 TO2
        [[ "$2" < "$1" || "$4" < "$3" ]] && return
        "$VFI" -C "$dir" report equality --from "$1" --to "$2" --format csv >"$WORK/a.csv" || fail "report $1 $2"
        "$VFI" -C "$dir" report equality --from "$3" --to "$4" --format csv >"$WORK/b.csv" || fail "report $3 $4"
        pairs=$((pairs + 1))
        a=$(sample_population "$dir" "$1" "$2")
        b=$(sample_population "$dir" "$3" "$4")
        if [ "$a" = "$b" ]; then
            cmp -s <(counts_of <"$WORK/a.csv") <(counts_of <"$WORK/b.csv") ||
                fail "the same partners give different figures: $1..$2 and $3..$4"
            return
        fi
        differing=$((differing + 1))
        changed=$(changed_cells "$WORK/a.csv" "$WORK/b.csv")
        theirs=""
        for file in $(comm -3 <(echo "$a") <(echo "$b") | tr -d '\t'); do
            theirs+="$(cells_of "$file")"$'\n'
        done
        for table in "${TABLES[@]}"; do
            grep -qF "$(title_of $table)|" <<<"$theirs" || continue
            tables=$((tables + 1))
            if pinpoints "$changed" "$theirs" $table; then
                pinned=$((pinned + 1))
                [ $table = ethnicity ] && fail "$1..$2 against $3..$4 gives away an ethnic group"
            fi
        done
    }
    for d in $leaves; do
        for e in $ends; do compare "$d" "$e" "$(day_after "$d")" "$e"; done
    done
    for d in $joins; do
        for e in $starts; do compare "$e" "$(day_before "$d")" "$e" "$d"; done
    done
    # Periods a day apart where no one joins or leaves: the very same figures.
    for d in 2022-03-01 2022-07-15 2022-12-31 2023-03-31 2023-09-30 2024-06-01 2025-01-01; do
        compare "$first" "$d" "$first" "$(day_after "$d")"
        compare "$d" "$last" "$(day_after "$d")" "$last"
    done
    # The sample's partners join on two days and leave on two: four changes of population.
    [ "$differing" -ge 4 ] || fail "only $differing pairs of $pairs hold different partners"
    [ "$pinned" -le $((tables / 10)) ] || fail "$pinned of $tables tables changed in exactly the answers of the partners who differ"
    echo "  $pairs pairs of periods, $differing with different partners, $tables tables compared, $pinned changed in exactly their answers" >&2
}

# Leaders L-B00000.. rating `confidence` at baseline (2025-01-10) and at the end: the last
# one on 2025-06-10, the others on 2025-05-01. Ratings are given as "BASELINE END ...".
rated_programme() {
    local key=$1 dir i=0 b e id
    shift
    dir=$(new_data) || return 1
    sed -i "s/^  disclosure_key: .*/  disclosure_key: $key/" "$dir/vfi.yaml"
    while [ $# -ge 2 ]; do
        b=$1 e=$2
        shift 2
        id=$(printf 'L-B%05d' $i)
        printf 'id: %s\nname: Leader %s\norganisation: Org\nstatus: enquiry\n' $id $i >"$dir/leaders/$id.yaml"
        printf 'id: R-B%05d\ndate: 2025-01-10\nby: %s\nstage: baseline\nscores:\n  confidence_coproduction: %s\n' \
            $i $id "$b" >"$dir/reflections/R-B$(printf %05d $i).yaml"
        printf 'id: R-E%05d\ndate: %s\nby: %s\nstage: end\nscores:\n  confidence_coproduction: %s\n' \
            $i "$([ $# -eq 0 ] && echo 2025-06-10 || echo 2025-05-01)" $id "$e" >"$dir/reflections/R-E$(printf %05d $i).yaml"
        i=$((i + 1))
    done
    git -C "$dir" add -A && git -C "$dir" commit -qm "ratings" || return 1
    echo "$dir"
}

# A figure of the learning report's confidence row: people, mean baseline, mean end...
learning_figure() { tr -d '\r' | sed -n "s/^Self-ratings from baseline to end,,confidence_coproduction,$1,//p"; }

t_the_mean_of_six_less_the_mean_of_five_does_not_give_the_sixth_rating() {
    local case dir five six estimate near=0 tried=0 got
    local cases=(
        "0123456789abcdef0123456789abcdef 3 7 4 8 5 6 2 9 6 6 1 10"
        "f0e1d2c3b4a5968778695a4b3c2d1e0f 5 5 5 6 4 7 6 8 5 9 9 2"
        "00000000000000000000000000000001 2 8 3 8 4 9 5 9 6 10 7 3"
        "5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a 6 7 6 7 6 7 6 7 6 7 10 1"
        "c0ffeec0ffeec0ffeec0ffeec0ffee00 4 4 4 5 4 6 4 7 4 8 4 10"
    )
    for case in "${cases[@]}"; do
        # shellcheck disable=SC2086
        dir=$(rated_programme $case) || { fail "could not build: $case"; continue; }
        vfi -C "$dir" report learning --from 2025-01-01 --to 2025-06-09 --format csv
        expect_status 0
        five=$(learning_figure "mean end" <<<"$out")
        vfi -C "$dir" report learning --from 2025-01-01 --to 2025-06-10 --format csv
        six=$(learning_figure "mean end" <<<"$out")
        [ -n "$five" ] && [ -n "$six" ] || { fail "no mean end: $out"; continue; }
        # What plain means would give away: 6 * mean of six - 5 * mean of five.
        estimate=$(awk -v a="$six" -v b="$five" 'BEGIN { printf "%.1f", 6 * a - 5 * b }')
        got=${case##* }
        tried=$((tried + 1))
        awk -v x="$estimate" -v y="$got" 'BEGIN { d = x - y; exit !(d < 0.5 && d > -0.5) }' &&
            near=$((near + 1))
    done
    [ "$tried" -eq 5 ] || fail "only $tried cases"
    [ "$near" -le 1 ] || fail "$near of $tried differences give the sixth person's end rating"
    # Four people: every figure of the row is withheld.
    dir=$(rated_programme 0123456789abcdef0123456789abcdef 3 7 4 8 5 6 2 9)
    vfi -C "$dir" report learning --from 2025-01-01 --to 2025-06-30 --format csv
    for got in people improved "mean baseline" "mean end" "mean change"; do
        [ "$(learning_figure "$got" <<<"$out")" = "*" ] || fail "$got is shown for 4 people: $out"
    done
}

t_the_same_records_give_the_same_figures_every_run_and_in_a_clone() {
    local dir clone name fmt
    dir=$(sample_data)
    clone="$WORK/clone"
    git clone -q "$dir" "$clone"
    for name in equality summary learning; do
        for fmt in table csv json; do
            "$VFI" -C "$dir" report $name --format $fmt >"$WORK/one" 2>/dev/null
            "$VFI" -C "$dir" report $name --format $fmt >"$WORK/two" 2>/dev/null
            "$VFI" -C "$clone" report $name --format $fmt >"$WORK/three" 2>/dev/null
            cmp -s "$WORK/one" "$WORK/two" || fail "$name ($fmt) differs between two runs"
            cmp -s "$WORK/one" "$WORK/three" || fail "$name ($fmt) differs in a clone"
        done
    done
}

t_an_older_data_directory_uses_its_first_commit_and_warns_outside_git() {
    local dir clone other
    dir=$(sample_data)
    sed -i '/disclosure_key/d' "$dir/vfi.yaml"
    git -C "$dir" commit -qam "as an older vfi made it"
    clone="$WORK/older-clone"
    git clone -q "$dir" "$clone"
    vfi -C "$dir" report equality --format csv
    expect_status 0
    expect_err_empty
    other=$out
    vfi -C "$clone" report equality --format csv
    [ "$out" = "$other" ] || fail "a clone of an older data directory gives other figures"
    # Outside git and without a key: the report is made, with a warning giving a key to add.
    rm -rf "$dir/.git"
    vfi -C "$dir" report equality
    expect_status 1
    expect_err_has "vfi: warning: vfi.yaml has no reports.disclosure_key and the data is not in git"
    expect_err_has "disclosure_key: "
    [[ "$out" == *"disclosure_key"* ]] && fail "the report itself mentions the key"
    vfi -C "$dir" report activity
    expect_status 0
}

t_a_key_vfi_cannot_read_stops_reports_and_is_never_repeated() {
    local dir before line
    dir=$(sample_data)
    sed -i 's/^  disclosure_key: .*/  disclosure_key: 9f2c6a1e0b7d48e3a5c1f60d2b8e4a9/' "$dir/vfi.yaml"
    line=$(grep -n disclosure_key "$dir/vfi.yaml" | cut -d: -f1)
    git -C "$dir" commit -qam "a digit lost"
    before=$(snapshot "$dir")
    vfi -C "$dir" report equality
    expect_status 3
    expect_err_has "vfi.yaml:$line:19: reports.disclosure_key: the key is not 32 hexadecimal digits"
    [[ "$err$out" == *9f2c6a1e* ]] && fail "the key is repeated: $err"
    vfi -C "$dir" check
    expect_status 1
    [[ "$err$out" == *9f2c6a1e* ]] && fail "check repeats the key: $out"
    expect_unchanged "$dir" "$before"
}

t_init_writes_a_fresh_key() {
    local one two
    one=$(new_data)
    two=$(new_data)
    grep -qE '^  disclosure_key: [0-9a-f]{32}$' "$one/vfi.yaml" || fail "no key: $(tail -3 "$one/vfi.yaml")"
    [ "$(grep disclosure_key "$one/vfi.yaml")" != "$(grep disclosure_key "$two/vfi.yaml")" ] ||
        fail "two programmes share a key"
}

run_tests
