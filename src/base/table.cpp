#include "vfi/base/table.hpp"

namespace vfi {

void Table::add_column(std::string name, ColumnType type) {
    columns.push_back(std::move(name));
    types.push_back(type);
}

std::string Table::list_cell(const std::vector<std::string>& items) {
    std::string out;
    for (std::size_t i = 0; i < items.size(); ++i) {
        if (i) out += list_separator;
        out += items[i];
    }
    return out;
}

std::vector<std::string> Table::list_items(const std::string& cell) {
    std::vector<std::string> out;
    if (cell.empty()) return out;
    std::size_t start = 0;
    while (true) {
        auto end = cell.find(list_separator, start);
        out.push_back(
            cell.substr(start, end == std::string::npos ? std::string::npos : end - start));
        if (end == std::string::npos) break;
        start = end + 1;
    }
    return out;
}

bool is_number_text(std::string_view s) {
    std::size_t i = !s.empty() && (s[0] == '-' || s[0] == '+') ? 1 : 0;
    std::size_t digits = 0, dot = std::string_view::npos;
    for (std::size_t k = i; k < s.size(); ++k) {
        if (s[k] == '.' && dot == std::string_view::npos && k > i) {
            dot = k;
        } else if (s[k] >= '0' && s[k] <= '9') {
            ++digits;
        } else {
            return false;
        }
    }
    return digits > 0 && dot != s.size() - 1;
}

void Table::add_row(std::vector<std::string> cells) {
    cells.resize(columns.size());
    rows.push_back(std::move(cells));
}

}  // namespace vfi
