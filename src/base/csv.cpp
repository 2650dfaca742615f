#include "vfi/base/csv.hpp"

#include <algorithm>

#include <fmt/format.h>

#include "vfi/base/error.hpp"
#include "vfi/base/text.hpp"

namespace vfi {

namespace {

void require_utf8(std::string_view text, const std::string& file) {
    std::size_t bad = 0;
    if (valid_utf8(text, &bad)) return;
    int line = 1;
    for (std::size_t i = 0; i < bad; ++i)
        if (text[i] == '\n') ++line;
    throw Error(ExitCode::bad_data, Location{file, line, 0}, {}, "the file is not UTF-8 text",
                "in your spreadsheet, save as \"CSV UTF-8 (comma delimited)\"");
}

// Cells trimmed; a row of empty cells (`,,,,`, as Excel saves the rows below a table) is a
// blank line.
void tidy(std::vector<CsvRow>& rows) {
    for (auto& r : rows)
        for (auto& c : r.cells)
            c = trim(c);
    std::erase_if(rows, [](const CsvRow& r) {
        return std::all_of(r.cells.begin(), r.cells.end(),
                           [](const std::string& c) { return c.empty(); });
    });
}

}  // namespace

std::vector<CsvRow> parse_csv(std::string_view text, const std::string& file) {
    if (starts_with(text, "\xEF\xBB\xBF")) text.remove_prefix(3);
    require_utf8(text, file);
    auto header_end = text.find_first_of("\r\n");
    std::string_view header = text.substr(0, header_end);
    char sep =
        header.find(',') == std::string_view::npos && header.find(';') != std::string_view::npos
            ? ';'
            : ',';

    std::vector<CsvRow> rows;
    CsvRow row;
    std::string cell;
    bool quoted = false;
    bool any = false;  // the row has content
    int line = 1;
    int quote_line = 0;
    row.line = 1;
    auto end_cell = [&] {
        row.cells.push_back(cell);
        cell.clear();
    };
    auto end_row = [&] {
        end_cell();
        if (any) rows.push_back(std::move(row));
        row = CsvRow{};
        row.line = line;
        any = false;
    };
    for (std::size_t i = 0; i < text.size(); ++i) {
        char c = text[i];
        if (quoted) {
            if (c == '"') {
                if (i + 1 < text.size() && text[i + 1] == '"') {
                    cell += '"';
                    ++i;
                } else {
                    quoted = false;
                }
            } else if (c == '\r') {
                // A lone \r ends a line in a cell as \n does (a Mac's CSV); \r\n is one.
                if (i + 1 >= text.size() || text[i + 1] != '\n') ++line, cell += '\n';
            } else {
                if (c == '\n') ++line;
                cell += c;
            }
            continue;
        }
        if (c == '"') {
            quoted = true;
            any = true;
            quote_line = line;
        } else if (c == sep) {
            any = true;
            end_cell();
        } else if (c == '\n') {
            ++line;
            end_row();
        } else if (c == '\r') {
            // Windows line ends: the \n that follows ends the row; alone (Excel for Mac's
            // "CSV (Macintosh)"), it ends the row itself.
            if (i + 1 >= text.size() || text[i + 1] != '\n') ++line, end_row();
        } else {
            if (c != ' ' && c != '\t') any = true;
            cell += c;
        }
    }
    if (quoted)
        throw Error(
            ExitCode::bad_data, Location{file, quote_line, 0}, {}, "a quoted cell is never closed",
            "check the quotes (\") in this row: a quote inside a cell is written twice (\"\")");
    end_row();
    tidy(rows);
    return rows;
}

std::string column_key(std::string_view text) {
    std::string out;
    bool gap = false;
    for (char c : lower(text)) {
        if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')) {
            if (gap && !out.empty()) out += '_';
            gap = false;
            out += c;
        } else {
            gap = true;
        }
    }
    return out;
}

}  // namespace vfi
