#include "vfi/render/table.hpp"

#include <algorithm>

#include <nlohmann/json.hpp>

#include "vfi/base/text.hpp"
#include "vfi/format/validate.hpp"
#include "vfi/render/json.hpp"
#include "vfi/yaml/yaml.hpp"

namespace vfi {

std::optional<Format> format_from_name(std::string_view name) {
    if (name == "table") return Format::table;
    if (name == "yaml") return Format::yaml;
    if (name == "json") return Format::json;
    if (name == "csv") return Format::csv;
    return std::nullopt;
}

std::vector<std::string> format_names() {
    return {"table", "yaml", "json", "csv"};
}

namespace {

// A cell as a person reads it: list items joined by commas.
std::string shown(const Table& t, std::size_t column, const std::string& cell) {
    return t.types[column] == ColumnType::list ? join(Table::list_items(cell), ", ") : cell;
}

}  // namespace

std::string render_table(const Table& t, Colour colour) {
    // Each cell as shown, and its width: measured once, for its column's width and its pad.
    struct Cell {
        std::string text;
        std::size_t width = 0;
    };
    std::vector<Cell> header;
    std::vector<std::size_t> width;
    header.reserve(t.columns.size());
    width.reserve(t.columns.size());
    for (const auto& name : t.columns) {
        header.push_back(Cell{name, display_width(name)});
        width.push_back(header.back().width);
    }
    std::vector<std::vector<Cell>> rows;
    rows.reserve(t.rows.size());
    for (const auto& row : t.rows) {
        std::vector<Cell> cells;
        cells.reserve(row.size());
        for (std::size_t c = 0; c < row.size(); ++c) {
            std::string text = shown(t, c, row[c]);
            // One line per row: line breaks in text are shown as spaces.
            for (auto& ch : text)
                if (ch == '\n' || ch == '\r' || ch == '\t') ch = ' ';
            std::size_t w = display_width(text);
            width[c] = std::max(width[c], w);
            cells.push_back(Cell{std::move(text), w});
        }
        rows.push_back(std::move(cells));
    }
    std::string out;
    auto line = [&](const std::vector<Cell>& cells, bool header) {
        std::size_t begin = out.size();
        if (header && colour == Colour::on) out += "\033[1m";
        for (std::size_t c = 0; c < cells.size(); ++c) {
            std::size_t pad = width[c] - cells[c].width;
            bool last = c + 1 == cells.size();
            if (right_aligned(t.types[c]) && !header) {
                out.append(pad, ' ');
                out += cells[c].text;
            } else {
                out += cells[c].text;
                if (!last) out.append(pad, ' ');
            }
            if (!last) out += "  ";
        }
        if (header && colour == Colour::on) out += "\033[0m";
        while (out.size() > begin && out.back() == ' ')
            out.pop_back();
        out += '\n';
    };
    line(header, true);
    for (const auto& row : rows)
        line(row, false);
    return out;
}

std::string csv_cell(std::string_view s) {
    std::string text(s);
    // A cell a spreadsheet would take for a formula (`=HYPERLINK(...)`, `+cmd|...`, `@SUM(1)`)
    // starts with a quote instead, as OWASP recommends, so it is shown as the text it is;
    // a real number (`-12.50`) stays a number.
    if (!text.empty() && std::string_view("=+-@\t\r").find(text[0]) != std::string_view::npos &&
        !is_number_text(text))
        text.insert(0, 1, '\'');
    if (text.find_first_of(",\"\r\n") == std::string::npos) return text;
    std::string out = "\"";
    for (char c : text) {
        if (c == '"') out += '"';
        out += c;
    }
    return out + "\"";
}

std::string render_csv(const Table& t) {
    auto cell = [](const std::string& s) { return csv_cell(s); };
    auto line = [&](const std::vector<std::string>& cells, bool header) {
        std::string out;
        for (std::size_t c = 0; c < cells.size(); ++c) {
            if (c) out += ',';
            out += cell(header ? cells[c] : shown(t, c, cells[c]));
        }
        return out + "\r\n";
    };
    std::string out = line(t.columns, true);
    for (const auto& row : t.rows)
        out += line(row, false);
    return out;
}

std::string render_json(const Table& t) {
    return table_json(t).dump(2) + "\n";
}

std::string render_yaml(const Table& t) {
    std::string out;
    for (const auto& row : t.rows) {
        auto map = yaml::Node::map();
        for (std::size_t c = 0; c < t.columns.size(); ++c) {
            if (row[c].empty()) continue;
            if (t.types[c] == ColumnType::list) {
                auto list = yaml::Node::sequence();
                for (auto& item : Table::list_items(row[c]))
                    list.items.push_back(yaml::Node::text(item));
                map.set(t.columns[c], std::move(list));
            } else {
                map.set(t.columns[c], t.types[c] == ColumnType::number ? yaml::Node::plain(row[c])
                                                                       : yaml::Node::text(row[c]));
            }
        }
        std::string item = yaml::emit(map);
        // Indent the map under a `- `.
        std::string indented = "- ";
        for (std::size_t i = 0; i < item.size(); ++i) {
            indented += item[i];
            if (item[i] == '\n' && i + 1 < item.size()) indented += "  ";
        }
        out += map.entries.empty() ? "- {}\n" : indented;
    }
    return out.empty() ? "[]\n" : out;
}

std::string render(const Table& t, Format format, Colour colour) {
    switch (format) {
        case Format::table:
            return render_table(t, colour);
        case Format::yaml:
            return render_yaml(t);
        case Format::json:
            return render_json(t);
        case Format::csv:
            return render_csv(t);
    }
    return {};
}

}  // namespace vfi
