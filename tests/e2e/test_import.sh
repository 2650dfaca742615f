#!/usr/bin/env bash
# partner and leader import: the spreadsheets teams keep (Excel's empty rows), and nothing
# written on bad input.
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

run_tests
