#include "vfi/table.hpp"

#include <algorithm>

#include <nlohmann/json.hpp>

#include "vfi/text.hpp"
#include "vfi/validate.hpp"
#include "vfi/yaml.hpp"

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

void Table::add_column(std::string name, bool is_numeric) {
    columns.push_back(std::move(name));
    numeric.push_back(is_numeric);
}

void Table::add_row(std::vector<std::string> cells) {
    cells.resize(columns.size());
    rows.push_back(std::move(cells));
}

std::string render_table(const Table& t, bool colour) {
    std::vector<std::size_t> width(t.columns.size());
    for (std::size_t c = 0; c < t.columns.size(); ++c)
        width[c] = display_width(t.columns[c]);
    for (const auto& row : t.rows)
        for (std::size_t c = 0; c < row.size(); ++c)
            width[c] = std::max(width[c], display_width(row[c]));
    auto line = [&](const std::vector<std::string>& cells, bool header) {
        std::string out;
        if (header && colour) out += "\033[1m";
        for (std::size_t c = 0; c < cells.size(); ++c) {
            std::string pad(width[c] - display_width(cells[c]), ' ');
            bool last = c + 1 == cells.size();
            if (t.numeric[c] && !header)
                out += pad + cells[c];
            else
                out += cells[c] + (last ? "" : pad);
            if (!last) out += "  ";
        }
        if (header && colour) out += "\033[0m";
        while (!out.empty() && out.back() == ' ')
            out.pop_back();
        return out + "\n";
    };
    std::string out = line(t.columns, true);
    for (const auto& row : t.rows)
        out += line(row, false);
    return out;
}

std::string render_csv(const Table& t) {
    auto cell = [](const std::string& s) {
        if (s.find_first_of(",\"\r\n") == std::string::npos) return s;
        std::string out = "\"";
        for (char c : s) {
            if (c == '"') out += '"';
            out += c;
        }
        return out + "\"";
    };
    auto line = [&](const std::vector<std::string>& cells) {
        std::string out;
        for (std::size_t c = 0; c < cells.size(); ++c) {
            if (c) out += ',';
            out += cell(cells[c]);
        }
        return out + "\r\n";
    };
    std::string out = line(t.columns);
    for (const auto& row : t.rows)
        out += line(row);
    return out;
}

std::string render_json(const Table& t) {
    auto array = nlohmann::ordered_json::array();
    for (const auto& row : t.rows) {
        nlohmann::ordered_json object = nlohmann::ordered_json::object();
        for (std::size_t c = 0; c < t.columns.size(); ++c) {
            if (t.numeric[c]) {
                if (row[c].empty())
                    object[t.columns[c]] = nullptr;
                else if (auto n = parse_integer(row[c]))
                    object[t.columns[c]] = *n;
                else
                    object[t.columns[c]] = row[c];
            } else {
                object[t.columns[c]] = row[c];
            }
        }
        array.push_back(std::move(object));
    }
    return array.dump(2) + "\n";
}

std::string render_yaml(const Table& t) {
    std::string out;
    for (const auto& row : t.rows) {
        auto map = yaml::Node::map();
        for (std::size_t c = 0; c < t.columns.size(); ++c) {
            if (row[c].empty()) continue;
            map.set(t.columns[c],
                    t.numeric[c] ? yaml::Node::plain(row[c]) : yaml::Node::text(row[c]));
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

std::string render(const Table& t, Format format, bool colour) {
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
