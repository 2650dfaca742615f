#!/usr/bin/env bash
# Output is data, never commands: names made of spreadsheet formulas, terminal escapes,
# direction overrides, HTML and Markdown go through every format as text. CSV is opened in
# LibreOffice Calc (headless; `make test` installs libreoffice-calc-nogui), terminal output is
# read through a real pseudo-terminal (script(1)).
source "$(dirname "$0")/lib.sh"

ESC=$'\033'
RLO=$(printf '\xe2\x80\xae') # U+202E, RIGHT-TO-LEFT OVERRIDE
FORMULA='=HYPERLINK("http://example.org/x","click me")'

# The sample with hostile names on partners who are paid in March 2024 and on a leader.
hostile_data() {
    local dir
    dir=$(sample_data)
    "$VFI" -C "$dir" partner set P-0VKX2G "name=$FORMULA" >/dev/null &&
        "$VFI" -C "$dir" partner set P-MVJ56B "name=+cmd|' /C calc'!A0" >/dev/null &&
        "$VFI" -C "$dir" partner set P-2QJS4T "name=@SUM(1+1)*cmd" >/dev/null &&
        "$VFI" -C "$dir" leader set L-07R61X "name=Clear Screen ${RLO}txt.exe" >/dev/null &&
        "$VFI" -C "$dir" leader set L-07R61X "title=<script>alert(1)</script> ![x](http://example.org/t.png) [link](javascript:alert(1))" >/dev/null ||
        return 1
    echo "$dir"
}

DIR=$(hostile_data) || echo "setup failed" >&2

t_csv_cells_that_look_like_formulas_start_with_a_quote() {
    vfi -C "$DIR" partner list --format csv --fields id,name
    expect_status 0
    expect_out_has "P-0VKX2G,\"'=HYPERLINK(\"\"http://example.org/x\"\",\"\"click me\"\")\""
    expect_out_has "P-MVJ56B,'+cmd|' /C calc'!A0"
    expect_out_has "P-2QJS4T,'@SUM(1+1)*cmd"
    vfi -C "$DIR" report payments --month 2023-03 --format csv
    expect_status 0
    grep -q "^[^,]*,[^,]*,[^,]*,[=+@-]" <<<"$out" && fail "a name starts a payments cell with a formula: $out"
    # Numbers stay numbers: amounts are not quoted.
    grep -qE ',[0-9]+\.[0-9]{2},GBP' <<<"$out" || fail "amounts changed: $out"
    return 0
}

t_libreoffice_shows_the_names_as_text_not_formulas() {
    command -v soffice >/dev/null || { echo "  skipped: soffice is not installed (make test installs libreoffice-calc-nogui)"; return; }
    local dir="$WORK/calc"
    mkdir -p "$dir"
    "$VFI" -C "$DIR" partner list --format csv --fields id,name >"$dir/partners.csv"
    "$VFI" -C "$DIR" report payments --month 2023-03 -o "$dir/payments.csv" -q
    # Calc opens the CSV (formulas in it are evaluated on opening) and saves it again.
    HOME="$dir" timeout 120 soffice --headless --norestore --convert-to xlsx --outdir "$dir/x" \
        "$dir/partners.csv" "$dir/payments.csv" >/dev/null 2>&1
    HOME="$dir" timeout 120 soffice --headless --norestore --convert-to csv --outdir "$dir/back" \
        "$dir/x/partners.xlsx" "$dir/x/payments.xlsx" >/dev/null 2>&1
    [ -s "$dir/back/partners.csv" ] || { fail "LibreOffice did not convert the CSV"; return; }
    grep -q "click me" "$dir/back/partners.csv" || fail "the name was lost: $(cat "$dir/back/partners.csv")"
    grep -q "HYPERLINK" "$dir/back/partners.csv" || fail "Calc ran the formula: $(cat "$dir/back/partners.csv")"
    grep -q "cmd|' /C calc'!A0" "$dir/back/partners.csv" || fail "Calc changed a name: $(cat "$dir/back/partners.csv")"
    grep -q "SUM(1+1)" "$dir/back/partners.csv" || fail "Calc ran @SUM: $(cat "$dir/back/partners.csv")"
    grep -q "HYPERLINK" "$dir/back/payments.csv" || fail "Calc ran the formula in payments: $(cat "$dir/back/payments.csv")"
    grep -q "62.5" "$dir/back/payments.csv" || fail "an amount is no longer a number: $(cat "$dir/back/payments.csv")"
}

t_a_terminal_shows_escapes_and_direction_overrides_visibly() {
    command -v script >/dev/null || { echo "  skipped: script(1) is not installed"; return; }
    local shown
    shown=$(script -qec "$VFI -C '$DIR' leader list --fields id,name" /dev/null)
    [[ "$shown" == *"$RLO"* ]] && fail "the direction override reached the terminal"
    [[ "$shown" == *"Clear Screen <U+202E>txt.exe"* ]] || fail "not shown visibly: $(cat -v <<<"$shown")"
    shown=$(script -qec "$VFI -C '$DIR' leader show L-07R61X" /dev/null)
    [[ "$shown" == *"$RLO"* ]] && fail "show let a direction override through"
    [[ "$shown" == *'Clear Screen <U+202E>txt.exe'* ]] || fail "show: $(cat -v <<<"$shown")"
    # Messages too, on standard error wherever it goes.
    vfi -C "$DIR" leader set L-07R61X "region=x${ESC}[31my${RLO}"
    expect_status 3
    [[ "$err" == *"${ESC}"* || "$err" == *"$RLO"* ]] && fail "a message printed a control character raw"
    expect_err_has "'x^[[31my<U+202E>' is not one of"
    # Data to a pipe is the data as it is.
    vfi -C "$DIR" leader show L-07R61X --format json
    [[ "$out" == *"Screen ${RLO}txt"* ]] || fail "JSON lost the character it should carry: $out"
}

# A terminal escape is never kept in a record at all: typed, it is refused (nothing written);
# in a file, as the byte or as a YAML escape (which a colleague can push), check names it and
# no listing shows it (a national team's terminal would act on a region's data).
t_a_terminal_escape_is_never_kept_in_a_record() {
    local dir before
    dir=$(sample_data)
    before=$(snapshot "$dir")
    vfi -C "$dir" leader set L-07R61X "name=Clear${ESC}[2J${ESC}[HScreen"
    expect_status 3
    expect_err_has "leaders/L-07R61X.yaml: name: holds a control character (a terminal escape, a carriage return), which no record may hold — retype it without"
    vfi -C "$dir" partner add --name "Eve${ESC}]0;owned"$'\a'
    expect_status 3
    expect_unchanged "$dir" "$before"
    sed -i 's/^name: .*/name: "Gwen \\e]0;PWNED\\a\\e[2J"/' "$dir/partners/P-0V811T.yaml"
    grep -q 'name: "Gwen \\e' "$dir/partners/P-0V811T.yaml" || fail "setup: $(head -3 "$dir/partners/P-0V811T.yaml")"
    vfi -C "$dir" check
    expect_status 1
    expect_out_has "partners/P-0V811T.yaml:2:13: this backslash \`\\e\` gives a control character, which no record needs (a terminal would act on it)"
    vfi -C "$dir" partner list --fields id,name --format csv
    expect_status 1
    [[ "$out" == *"PWNED"* || "$out" == *"${ESC}"* ]] && fail "the escaped name was listed: $out"
    return 0
}

t_markdown_and_html_show_names_as_text() {
    vfi -C "$DIR" leader list --format csv --fields name,title
    vfi -C "$DIR" report summary --format md
    expect_status 0
    # Nothing a Markdown reader would obey from a record (no titles reach the summary, so use
    # a reflection quote with consent, which the Learning Report prints word for word).
    local r
    r=$("$VFI" -C "$DIR" reflect add --by learning-partner --about programme --stage ad-hoc \
        --changing "<img src=x onerror=alert(1)> ![t](http://example.org/t.png) [a](javascript:x) http://example.org www.example.org" \
        --quote "<script>alert(1)</script> | broken | table" --quote-consent) || { fail "reflect add"; return; }
    vfi -C "$DIR" report learning --format md
    expect_status 0
    [[ "$out" == *"<img"* || "$out" == *"<script>"* ]] && fail "raw HTML in Markdown"
    grep -qP '(?<!\\)\]\((http|javascript)' <<<"$out" && fail "a link or image in Markdown"
    [[ "$out" == *" http://example.org"* || "$out" == *" www.example.org"* ]] && fail "a bare link in Markdown"
    expect_out_has "&lt;script&gt;alert(1)&lt;/script&gt; \\| broken \\| table"
    vfi -C "$DIR" report learning --format html
    [[ "$out" == *"<script>alert"* || "$out" == *"<img src=x"* ]] && fail "raw HTML in the HTML report"
    return 0
}

t_csv_cell_rules() {
    # The rule, cell by cell, through a listing: leading = + - @ and tab are neutralised,
    # numbers are not. (A carriage return is never kept in a record.)
    local dir p
    dir=$(new_data)
    for name in "-12.50" "+3" "-" "@" $'\tTab' "O'Neill" "Plain"; do
        p=$("$VFI" -C "$dir" partner add --name "$name") || fail "add $name"
    done
    vfi -C "$dir" partner list --format csv --fields name
    for cell in "-12.50" "+3" "'-" "'@" $'\'\tTab' "O'Neill" "Plain"; do
        grep -qxF -- "$cell" <<<"$(tr -d '\r"' <<<"$out")" || fail "no cell [$cell] in: $out"
    done
}

run_tests
