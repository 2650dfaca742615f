#!/usr/bin/env bash
# Every report's HTML page in a real browser (Debian's headless Chromium): the browser parses
# the headings, tables and charts as elements, fetches nothing, renders a page that is not
# blank, and prints it to PDF. Skipped, saying so, where Chromium is not installed
# (`make test` installs it).
source "$(dirname "$0")/lib.sh"

CHROMIUM=$(command -v chromium || command -v chromium-browser || true)
if [ -z "$CHROMIUM" ]; then
    echo "skipped: chromium is not installed (make test installs Debian's chromium)"
    exit 0
fi

# Headless, offline: every host resolves to nothing, so a page that fetched anything would
# show it missing rather than quietly load it.
browser() {
    timeout 90 "$CHROMIUM" --headless --no-sandbox --disable-gpu --disable-dev-shm-usage \
        --no-first-run --hide-scrollbars --user-data-dir="$WORK/chromium" \
        --host-resolver-rules="MAP * ~NOTFOUND" "$@" 2>>"$WORK/chromium.log"
}

# A PNG's width and height, from its header.
png_size() { od -An -tu1 -j16 -N8 "$1" | awk '{print $1*16777216+$2*65536+$3*256+$4 "x" $5*16777216+$6*65536+$7*256+$8}'; }

DIR=$(sample_data)
for name in summary learning equality activity; do
    "$VFI" -C "$DIR" report $name --from 2022-04-01 --to 2023-10-31 -q -o "$WORK/$name.html"
done
"$VFI" -C "$DIR" report payments --month 2023-03 -q -o "$WORK/payments.html"
"$VFI" -C "$DIR" report statement P-GWA03E --tax-year 2022-23 -q -o "$WORK/statement.html"

t_the_browser_parses_headings_tables_and_charts() {
    local name dom
    for name in summary learning equality payments activity statement; do
        dom=$(browser --dump-dom "file://$WORK/$name.html")
        [[ "$dom" == *"<h1>"*": Voices for Improvement</h1>"* ]] || fail "$name: no heading in the DOM"
        [[ "$dom" == *'<th scope="col">'* ]] || fail "$name: no table header in the DOM"
        [[ "$dom" == *"<footer>Period "*"Data at git commit"* ]] || fail "$name: no footer"
        [[ "$dom" == *"<script"* ]] && fail "$name: the page has a script"
    done
    dom=$(browser --dump-dom "file://$WORK/activity.html")
    [ "$(grep -o '<svg ' <<<"$dom" | wc -l)" -eq 3 ] || fail "activity: the browser did not find 3 charts"
    [ "$(grep -o '<rect ' <<<"$dom" | wc -l)" -gt 40 ] || fail "activity: the charts have no bars"
    [[ "$dom" == *'<desc id="chart-1-desc">Bar chart: '* ]] || fail "activity: a chart lost its description"
    # The Summary a board reads: the figures first, then partners by status, matches by
    # outcome and sessions each month, each chart described in words.
    dom=$(browser --dump-dom "file://$WORK/summary.html")
    [ "$(grep -o '<svg ' <<<"$dom" | wc -l)" -eq 3 ] || fail "summary: the browser did not find 3 charts"
    [[ "$dom" == *'<section class="glance">'*'<h2>At a glance</h2>'* ]] || fail "summary: no headline figures"
    [ "$(grep -o '<section[^>]*>' <<<"$dom" | head -1)" = '<section class="glance">' ] ||
        fail "summary: the headline figures do not come first"
    for title in "Partners by status at the end of the period" "Matches by outcome" "Coaching sessions held each month"; do
        [[ "$dom" == *"<figcaption>$title</figcaption>"* ]] || fail "summary: no chart '$title'"
    done
    [ "$(grep -o '<desc id="chart-[0-9]-desc">Bar chart: ' <<<"$dom" | wc -l)" -eq 3 ] ||
        fail "summary: a chart is not described in words"
    [[ "$dom" == *"leaders coached"* && "$dom" == *"person-hours"* ]] || fail "summary: people supported or person-hours missing"
}

t_the_page_renders_and_is_not_blank() {
    local name size blank
    printf '<!DOCTYPE html><html lang="en-GB"><head><title>blank</title></head><body></body></html>\n' \
        >"$WORK/blank.html"
    browser --window-size=1000,1400 --screenshot="$WORK/blank.png" "file://$WORK/blank.html" >/dev/null
    blank=$(stat -c %s "$WORK/blank.png")
    for name in summary activity payments statement; do
        rm -f "$WORK/$name.png"
        browser --window-size=1000,1400 --screenshot="$WORK/$name.png" "file://$WORK/$name.html" >/dev/null
        [ -s "$WORK/$name.png" ] || {
            fail "$name: no screenshot: $(tail -3 "$WORK/chromium.log")"
            continue
        }
        [ "$(head -c 4 "$WORK/$name.png" | tail -c 3)" = PNG ] || fail "$name: the screenshot is not a PNG"
        [ "$(png_size "$WORK/$name.png")" = 1000x1400 ] || fail "$name: screenshot is $(png_size "$WORK/$name.png")"
        size=$(stat -c %s "$WORK/$name.png")
        # A blank page compresses to a few kilobytes; text, tables and charts to many times that.
        [ "$size" -gt $((blank * 5)) ] || fail "$name: the screenshot looks blank ($size bytes; blank is $blank)"
    done
    # The Summary's first screen, kept beside the test's output for a person to look at.
    if [ -s "$WORK/summary.png" ]; then
        cp "$WORK/summary.png" "${VFI_SCREENSHOTS:-$(dirname "$VFI")}/summary-report.png" &&
            echo "  screenshot of the Summary Report: ${VFI_SCREENSHOTS:-$(dirname "$VFI")}/summary-report.png"
    fi
}

t_the_page_prints_to_pdf() {
    local pages
    browser --no-pdf-header-footer --print-to-pdf="$WORK/activity.pdf" "file://$WORK/activity.html" >/dev/null
    [ "$(head -c 5 "$WORK/activity.pdf")" = "%PDF-" ] || fail "no PDF: $(tail -3 "$WORK/chromium.log")"
    pages=$(grep -a -o '/Count [0-9]*' "$WORK/activity.pdf" | head -1 | awk '{print $2}')
    [ "${pages:-0}" -ge 2 ] || fail "the printed activity report has ${pages:-0} pages"
    # A partner's statement is made to be printed and handed over.
    browser --no-pdf-header-footer --print-to-pdf="$WORK/statement.pdf" "file://$WORK/statement.html" >/dev/null
    [ "$(head -c 5 "$WORK/statement.pdf")" = "%PDF-" ] || fail "no statement PDF: $(tail -3 "$WORK/chromium.log")"
}

run_tests
