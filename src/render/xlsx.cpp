// A report as an Excel workbook, through libxlsxwriter (Debian's libxlsxwriter-dev). Every cell
// is typed by its column: a date column's cells are dates, a money column's numbers in the
// programme's currency, a number column's numbers, and everything else text, written as a
// string cell, so an id keeps its leading zeros and a name starting with `=` is never a formula.
// libxlsxwriter writes only to a named file: the workbook is made in a private temporary file,
// read back and removed, so the caller writes it through the same gate as every other report.
#include <unistd.h>
#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <filesystem>
#include <fstream>
#include <map>
#include <set>
#include <sstream>

#include <fmt/format.h>
#include <xlsxwriter.h>

#include "vfi/base/date.hpp"
#include "vfi/base/error.hpp"
#include "vfi/base/money.hpp"
#include "vfi/base/text.hpp"
#include "vfi/render/report.hpp"

namespace vfi {
namespace {

// Excel's limits: a cell holds at most 32,767 characters, a sheet 1,048,576 rows.
constexpr std::size_t max_cell = 32767;
constexpr std::size_t max_rows = 1048576;

// Text cut to what a cell holds, never inside a UTF-8 character.
std::string cell_string(std::string text) {
    if (text.size() <= max_cell) return text;
    std::size_t end = max_cell;
    while (end > 0 && (static_cast<unsigned char>(text[end]) & 0xC0) == 0x80)
        --end;
    text.resize(end);
    return text;
}

// A sheet's name: at most 31 characters, none of []:*?/\, not starting or ending with ', and
// unlike every other sheet's in the workbook (case aside, as Excel compares them).
std::string sheet_name(std::string_view wanted, std::set<std::string>& taken) {
    std::string base;
    for (char c : wanted) {
        if (std::string_view("[]:*?/\\").find(c) != std::string_view::npos ||
            static_cast<unsigned char>(c) < 0x20)
            base += ' ';
        else
            base += c;
    }
    while (!base.empty() && (base.front() == '\'' || base.front() == ' '))
        base.erase(base.begin());
    while (!base.empty() && (base.back() == '\'' || base.back() == ' '))
        base.pop_back();
    if (base.empty()) base = "Table";
    // At most `chars` characters, counted as Excel does (UTF-8 characters, not bytes), cut
    // at a word with an ellipsis when the name is longer.
    auto cut = [](const std::string& s, std::size_t chars) {
        std::vector<std::size_t> starts;  // where each character begins
        for (std::size_t i = 0; i < s.size(); ++i)
            if ((static_cast<unsigned char>(s[i]) & 0xC0) != 0x80) starts.push_back(i);
        if (starts.size() <= chars) return s;
        std::string head = s.substr(0, starts[chars - 1]);
        if (auto space = head.rfind(' '); space != std::string::npos && space >= head.size() / 2)
            head.resize(space);
        while (!head.empty() && (head.back() == ' ' || head.back() == '\'' || head.back() == ','))
            head.pop_back();
        return head + "\xE2\x80\xA6";
    };
    std::string name = cut(base, 31);
    for (int n = 2; taken.count(lower(name)); ++n) {
        std::string suffix = fmt::format(" ({})", n);
        name = cut(base, 31 - suffix.size()) + suffix;
    }
    taken.insert(lower(name));
    return name;
}

// Excel's number format for an amount in `currency`: the symbol for the three it is most
// often asked for, else the code after the amount (quoted, so nothing in it is a format code).
std::string money_format(const std::string& currency) {
    if (currency == "GBP") return "\xC2\xA3#,##0.00;-\xC2\xA3#,##0.00";
    if (currency == "EUR") return "\xE2\x82\xAC#,##0.00;-\xE2\x82\xAC#,##0.00";
    if (currency == "USD") return "$#,##0.00;-$#,##0.00";
    std::string code;
    for (char c : currency)
        if (c != '"' && c != '\\' && static_cast<unsigned char>(c) >= 0x20) code += c;
    if (code.empty()) return "#,##0.00";
    return fmt::format("#,##0.00 \"{}\"", code);
}

class Workbook {
  public:
    Workbook(const std::string& path, const Report& r) {
        book_ = workbook_new(path.c_str());
        if (!book_) fail("vfi could not start the workbook");
        // The same report gives the same bytes: the file says it was made on the period's last
        // day, not now.
        std::tm tm{};
        tm.tm_year = r.to.year - 1900;
        tm.tm_mon = r.to.month - 1;
        tm.tm_mday = r.to.day;
        tm.tm_hour = 12;
        props_.created = timegm(&tm);
        title_ = r.title + " \xE2\x80\x94 " + r.programme;
        comments_ = "Made by vfi " VFI_VERSION;
        props_.title = title_.data();
        props_.comments = comments_.data();
        workbook_set_properties(book_, &props_);
        bold_ = workbook_add_format(book_);
        format_set_bold(bold_);
        date_ = workbook_add_format(book_);
        format_set_num_format(date_, "yyyy-mm-dd");
        money_ = workbook_add_format(book_);
        format_set_num_format(money_, money_format(r.currency).c_str());
        wrap_ = workbook_add_format(book_);
        format_set_text_wrap(wrap_);
    }
    ~Workbook() {
        if (book_) workbook_close(book_);
    }
    Workbook(const Workbook&) = delete;
    Workbook& operator=(const Workbook&) = delete;

    void table(const std::string& title, const Table& t) {
        if (t.rows.size() + 1 > max_rows)
            fail(fmt::format("the table '{}' has {} rows, more than a sheet holds", title,
                             t.rows.size()));
        lxw_worksheet* ws = workbook_add_worksheet(book_, sheet_name(title, taken_).c_str());
        if (!ws) fail("vfi could not add a sheet");
        std::vector<std::size_t> width(t.columns.size(), 8);
        for (std::size_t c = 0; c < t.columns.size(); ++c) {
            worksheet_write_string(ws, 0, col(c), cell_string(t.columns[c]).c_str(), bold_);
            width[c] = std::max(width[c], display_width(t.columns[c]));
        }
        for (std::size_t r = 0; r < t.rows.size(); ++r) {
            for (std::size_t c = 0; c < t.columns.size() && c < t.rows[r].size(); ++c) {
                std::string text = t.types[c] == ColumnType::list
                                       ? join(Table::list_items(t.rows[r][c]), ", ")
                                       : t.rows[r][c];
                cell(ws, static_cast<lxw_row_t>(r + 1), col(c), t.types[c], text);
                width[c] = std::max(width[c], display_width(text));
            }
        }
        for (std::size_t c = 0; c < t.columns.size(); ++c)
            worksheet_set_column(ws, col(c), col(c),
                                 static_cast<double>(std::min<std::size_t>(width[c], 60) + 2),
                                 nullptr);
        worksheet_freeze_panes(ws, 1, 0);
        if (!t.columns.empty())
            worksheet_autofilter(ws, 0, 0, static_cast<lxw_row_t>(t.rows.size()),
                                 col(t.columns.size() - 1));
    }

    // The words around the figures: title, period, commit, notes and what needs attention.
    void about(const std::vector<std::pair<std::string, std::string>>& lines) {
        lxw_worksheet* ws = workbook_add_worksheet(book_, sheet_name("About", taken_).c_str());
        if (!ws) fail("vfi could not add a sheet");
        worksheet_set_column(ws, 0, 0, 24, bold_);
        worksheet_set_column(ws, 1, 1, 100, wrap_);
        lxw_row_t row = 0;
        for (const auto& [key, value] : lines) {
            if (!key.empty()) worksheet_write_string(ws, row, 0, cell_string(key).c_str(), bold_);
            if (!value.empty())
                worksheet_write_string(ws, row, 1, cell_string(value).c_str(), wrap_);
            ++row;
        }
    }

    void close() {
        lxw_error error = workbook_close(book_);
        book_ = nullptr;
        if (error != LXW_NO_ERROR)
            fail(fmt::format("vfi could not write the workbook ({})", lxw_strerror(error)));
    }

  private:
    static lxw_col_t col(std::size_t c) { return static_cast<lxw_col_t>(c); }

    [[noreturn]] static void fail(const std::string& what) {
        throw Error(ExitCode::io, {}, "--output", what,
                    "write the report as .csv instead; nothing was written");
    }

    void cell(lxw_worksheet* ws, lxw_row_t row, lxw_col_t c, ColumnType type,
              const std::string& text) {
        if (text.empty()) return;
        if (type == ColumnType::date) {
            if (auto d = parse_date(text)) {
                lxw_datetime dt{d->year, d->month, d->day, 0, 0, 0.0};
                worksheet_write_datetime(ws, row, c, &dt, date_);
                return;
            }
        } else if (type == ColumnType::money) {
            if (auto pence = parse_pence(text)) {
                worksheet_write_number(ws, row, c, static_cast<double>(*pence) / 100.0, money_);
                return;
            }
        } else if (type == ColumnType::number && is_number_text(text)) {
            worksheet_write_number(ws, row, c, std::strtod(text.c_str(), nullptr), nullptr);
            return;
        }
        // Text, and a figure a report shows in words (`fewer than 5`): a string cell, which a
        // spreadsheet never reads as a formula or a number.
        worksheet_write_string(ws, row, c, cell_string(text).c_str(), nullptr);
    }

    lxw_workbook* book_ = nullptr;
    lxw_doc_properties props_{};
    std::string title_, comments_;
    lxw_format* bold_ = nullptr;
    lxw_format* date_ = nullptr;
    lxw_format* money_ = nullptr;
    lxw_format* wrap_ = nullptr;
    std::set<std::string> taken_;
};

// A private file to make the workbook in, removed whatever happens.
class TempFile {
  public:
    TempFile() {
        std::error_code ec;
        std::filesystem::path folder = std::filesystem::temp_directory_path(ec);
        std::string pattern = (folder / "vfi-report-XXXXXX.xlsx").string();
        int fd = ec ? -1 : mkstemps(pattern.data(), 5);
        if (fd < 0)
            throw Error(ExitCode::io, {}, "--output",
                        "vfi could not make a temporary file for the workbook",
                        "set TMPDIR to a folder you can write (or unset it to use /tmp); nothing "
                        "was written");
        ::close(fd);
        path_ = pattern;
    }
    ~TempFile() {
        std::error_code ec;
        std::filesystem::remove(path_, ec);
    }
    TempFile(const TempFile&) = delete;
    TempFile& operator=(const TempFile&) = delete;
    const std::string& path() const { return path_; }

  private:
    std::string path_;
};

}  // namespace

std::string render_xlsx(const Report& report) {
    TempFile file;
    {
        Workbook book(file.path(), report);
        if (report.flat_csv) book.table(report.title, *report.flat_csv);
        for (const auto& section : report.sections)
            for (const auto& t : section.tables)
                // A sheet is named by its table's title, or by its section when the title is a
                // sentence too long for a tab.
                book.table(t.title.empty() || (t.title.size() > 31 && !section.heading.empty())
                               ? section.heading
                               : t.title,
                           t.table);
        std::vector<std::pair<std::string, std::string>> lines = {
            {report.title, report.programme},
            {"Period", report.from.str() + " to " + report.to.str()},
        };
        if (!report.cohort.empty()) lines.push_back({"Cohort", report.cohort});
        lines.push_back({"Data", report_footer(report)});
        for (const auto& w : report.warnings)
            lines.push_back({"Needs attention", w});
        for (const auto& section : report.sections) {
            lines.push_back({"", ""});
            lines.push_back({section.heading, ""});
            for (const auto& p : section.paragraphs)
                lines.push_back({"", p});
            for (const auto& t : section.tables)
                if (!t.note.empty()) lines.push_back({"", t.note});
        }
        book.about(lines);
        book.close();
    }
    std::ifstream in(file.path(), std::ios::binary);
    std::ostringstream bytes;
    bytes << in.rdbuf();
    return bytes.str();
}

}  // namespace vfi
