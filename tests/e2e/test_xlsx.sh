#!/usr/bin/env bash
# Reports as Excel workbooks (`-o FILE.xlsx`), read back by a real reader, openpyxl (Debian's
# python3-openpyxl, which `make test` installs): dates are date cells, money is a number in
# the programme's currency, ids and names are text cells (a name starting with = is never a
# formula), and the figures are the CSV's, cell for cell. Skipped, saying so, without openpyxl.
source "$(dirname "$0")/lib.sh"

PY=
for candidate in python3 /usr/bin/python3; do
    if "$candidate" -c 'import openpyxl' 2>/dev/null; then
        PY=$candidate
        break
    fi
done
if [ -z "$PY" ]; then
    echo "skipped: openpyxl is not installed (make test installs Debian's python3-openpyxl)"
    exit 0
fi

# A paid partner whose name a spreadsheet would run as a formula, and one whose name is digits
# with a leading zero; two sessions each in January 2024, and one owed from December.
xlsx_data() {
    local dir
    dir=$(new_data)
    mkdir -p "$dir/partners" "$dir/leaders" "$dir/matches" "$dir/sessions"
    printf 'id: P-XSXS01\nname: "=HYPERLINK(\\"http://example.invalid\\",\\"x\\")"\nstatus: active\njoined: 2023-06-01\ntraining:\n  completed: 2023-06-01\npayment:\n  eligible: true\n' \
        >"$dir/partners/P-XSXS01.yaml"
    printf 'id: P-XSXS02\nname: "007"\nstatus: active\njoined: 2023-06-01\ntraining:\n  completed: 2023-06-01\npayment:\n  eligible: true\n' \
        >"$dir/partners/P-XSXS02.yaml"
    for n in 1 2; do
        printf 'id: L-XSXS0%s\nname: Test Leader %s\norganisation: Test Trust\nstatus: matched\nenquired: 2023-06-01\n' "$n" "$n" \
            >"$dir/leaders/L-XSXS0$n.yaml"
        printf 'id: M-XSXS0%s\npartner: P-XSXS0%s\nleader: L-XSXS0%s\nstatus: active\nstarted: 2023-12-01\n' "$n" "$n" "$n" \
            >"$dir/matches/M-XSXS0$n.yaml"
    done
    git -C "$dir" add -A && git -C "$dir" commit -qm "xlsx test data"
    for d in 2023-12-12 2024-01-10 2024-01-24; do
        VFI_TODAY=2026-11-23 "$VFI" -C "$dir" session log M-XSXS01 --date $d --minutes 60 >/dev/null
    done
    VFI_TODAY=2026-11-23 "$VFI" -C "$dir" session log M-XSXS02 --date 2024-01-15 --minutes 60 >/dev/null
    echo "$dir"
}

t_a_payment_runs_workbook_has_typed_cells_and_the_csvs_figures() {
    local dir
    dir=$(xlsx_data)
    # December's run pays December's session, so January's pays its own three.
    vfi -C "$dir" pay close --month 2023-12 --date 2024-01-01
    expect_status 0
    vfi -C "$dir" report payments --month 2024-01 -o "$WORK/pay.xlsx"
    expect_status 0
    expect_out "Wrote the payments report to $WORK/pay.xlsx."
    vfi -C "$dir" report payments --month 2024-01 --format csv
    expect_status 0
    printf '%s\n' "$out" >"$WORK/pay.csv"
    "$PY" - "$WORK/pay.xlsx" "$WORK/pay.csv" <<'PY' || fail "the workbook does not read back as typed cells"
import csv, datetime, sys
from decimal import Decimal
import openpyxl
wb = openpyxl.load_workbook(sys.argv[1])
assert wb.sheetnames[0] == "Payments" and wb.sheetnames[-1] == "About", wb.sheetnames
rows = list(wb["Payments"].iter_rows())
expected = list(csv.reader(open(sys.argv[2], newline="")))
header = [c.value for c in rows[0]]
assert header == expected[0], (header, expected[0])
assert len(rows) == len(expected) == 3, (len(rows), len(expected))
money = {"this_month", "earlier_months", "adjustments", "of_which_expenses", "amount"}
numbers = {"sessions", "preparation_minutes", "involvement_minutes"}
for row, want in zip(rows[1:], expected[1:]):
    for name, cell, text in zip(header, row, want):
        if name.startswith("period_"):
            assert cell.is_date and cell.value == datetime.datetime.fromisoformat(text), (name, cell.value)
            assert cell.number_format == "yyyy-mm-dd", cell.number_format
        elif name in money:
            assert cell.data_type == "n" and "£" in cell.number_format, (name, cell.data_type, cell.number_format)
            assert Decimal(str(cell.value)).quantize(Decimal("0.01")) == Decimal(text), (name, cell.value, text)
        elif name in numbers:
            assert cell.data_type == "n" and cell.value == int(text), (name, cell.value, text)
        else:
            # Text stays text: the formula-like name and the digits with a leading zero.
            assert cell.data_type == "s" and cell.value == text.lstrip("'"), (name, cell.value, text)
names = {r[4].value for r in rows[1:]}
assert names == {'=HYPERLINK("http://example.invalid","x")', "007"}, names
# No cell anywhere in the workbook is a formula.
for ws in wb.worksheets:
    for r in ws.iter_rows():
        for c in r:
            assert c.data_type != "f", (ws.title, c.coordinate, c.value)
# The lines sheet: dates as dates, amounts adding up to the total paid.
lines = list(wb["Every payment line"].iter_rows(values_only=True))
head = list(lines[0])
amount = head.index("amount (GBP)")
assert all(isinstance(l[0], datetime.datetime) for l in lines[1:]), lines
total = sum(Decimal(str(l[amount])).quantize(Decimal("0.01")) for l in lines[1:])
col = expected[0].index("amount")
assert total == sum(Decimal(r[col]) for r in expected[1:]) == Decimal("187.50"), total
about = [r for r in wb["About"].iter_rows(values_only=True)]
assert any(r[0] == "Data" and "Data at git commit" in r[1] for r in about), about
PY
}

t_the_same_report_gives_the_same_workbook_byte_for_byte() {
    local dir
    dir=$(sample_data)
    vfi -C "$dir" report summary --from 2022-04-01 --to 2023-10-31 -q -o "$WORK/a.xlsx"
    expect_status 0
    expect_out_empty
    sleep 1
    vfi -C "$dir" report summary --from 2022-04-01 --to 2023-10-31 -q -o "$WORK/b.xlsx"
    cmp -s "$WORK/a.xlsx" "$WORK/b.xlsx" || fail "two runs of one report gave different workbooks"
    # Every table of the report is a sheet, its counts numbers.
    "$PY" - "$WORK/a.xlsx" <<'PY' || fail "the summary workbook does not read back"
import sys, openpyxl
wb = openpyxl.load_workbook(sys.argv[1])
assert len(wb.sheetnames) >= 5 and wb.sheetnames[-1] == "About", wb.sheetnames
assert all(len(n) <= 31 for n in wb.sheetnames), wb.sheetnames
assert len(set(n.lower() for n in wb.sheetnames)) == len(wb.sheetnames), wb.sheetnames
# The headline figures first, then partners by status.
glance = list(wb.worksheets[0].iter_rows(values_only=True))
assert glance[0] == ("figure", "value"), glance[0]
first = list(wb.worksheets[1].iter_rows(values_only=True))
assert first[0] == ("status", "count"), first[0]
assert all(isinstance(r[1], int) or isinstance(r[1], str) for r in first[1:]), first
assert any(isinstance(r[1], int) for r in first[1:]), first
PY
}

t_a_workbook_goes_to_a_pipe_but_never_onto_a_terminal() {
    local dir
    dir=$(sample_data)
    "$VFI" -C "$dir" report summary --format xlsx >"$WORK/piped.xlsx" ||
        fail "--format xlsx to a pipe failed"
    [ "$(head -c 2 "$WORK/piped.xlsx")" = "PK" ] || fail "what was piped is not a zip file"
    if command -v script >/dev/null; then
        local snap
        snap=$(snapshot "$dir")
        script -qec "'$VFI' -C '$dir' report summary --format xlsx" /dev/null >"$WORK/tty.out" 2>&1
        grep -q "cannot be shown in a terminal" "$WORK/tty.out" ||
            fail "a workbook on a terminal was not refused: $(head -c 300 "$WORK/tty.out" | od -c | head -5)"
        grep -q "write it to a file, e.g. -o payments.xlsx" "$WORK/tty.out" || fail "no fix named"
        expect_unchanged "$dir" "$snap"
    else
        skip "util-linux's script is not installed to give vfi a terminal"
    fi
}

t_a_workbook_that_cannot_be_written_leaves_nothing() {
    local dir snap
    dir=$(sample_data)
    snap=$(snapshot "$dir")
    mkdir "$WORK/tmp"
    mkdir "$WORK/taken.xlsx"
    TMPDIR="$WORK/tmp" vfi -C "$dir" report summary -o "$WORK/taken.xlsx"
    [ "$status" -ne 0 ] || fail "a workbook was written over a folder"
    expect_err_has "taken.xlsx"
    [ -z "$(ls -A "$WORK/taken.xlsx")" ] || fail "something was written into the folder"
    expect_unchanged "$dir" "$snap"
    # A report's temporary workbook never stays behind.
    [ -z "$(ls -A "$WORK/tmp")" ] || fail "a temporary workbook was left: $(ls -A "$WORK/tmp")"
    # The folder vfi makes the workbook in is TMPDIR's: one it cannot write is said plainly.
    TMPDIR="$WORK/no-such-tmp" vfi -C "$dir" report summary -o "$WORK/summary.xlsx"
    [ "$status" -ne 0 ] || fail "a workbook was made with no temporary folder"
    expect_err_has "temporary file"
    [ ! -e "$WORK/summary.xlsx" ] || fail "a workbook was written"
    expect_unchanged "$dir" "$snap"
}

t_a_report_is_never_written_over_vfis_or_gits_own_files() {
    local dir snap place
    dir=$(sample_data)
    # receipts/ too: a report written over a kept receipt put everyone's pay in its place.
    mkdir -p "$dir/receipts"
    snap=$(snapshot "$dir")
    for place in vfi.yaml .gitignore partners/summary.xlsx .git/summary.xlsx .vfi/summary.xlsx receipts/S-ABC123-P-ABC123-1.csv; do
        vfi -C "$dir" report summary --format xlsx -o "$dir/$place"
        expect_status 2
        expect_err_has "where vfi keeps"
        expect_err_has "nothing was written"
    done
    expect_unchanged "$dir" "$snap"
}

run_tests
