#include "vfi/render/json.hpp"

#include "vfi/format/schema.hpp"
#include "vfi/format/validate.hpp"

namespace vfi {
namespace {

nlohmann::ordered_json scalar_json(const Field* f, const yaml::Node& n) {
    if (f && (f->type == FieldType::integer || f->type == FieldType::scores))
        if (auto i = parse_integer(n.value)) return *i;
    if (f && f->type == FieldType::number && valid_number(n.value)) {
        if (auto i = parse_integer(n.value)) return *i;
        return std::stod(n.value);
    }
    if (f && f->type == FieldType::boolean)
        if (auto b = parse_boolean(n.value)) return *b;
    return n.value;
}

nlohmann::ordered_json node_json(const std::vector<Field>* fields, const Field* f,
                                 const yaml::Node& n) {
    switch (n.type) {
        case yaml::Node::Type::null:
            return nullptr;
        case yaml::Node::Type::scalar:
            return scalar_json(f, n);
        case yaml::Node::Type::sequence: {
            auto out = nlohmann::ordered_json::array();
            static const std::vector<Field> quote_fields = {{"text", FieldType::text},
                                                            {"consent", FieldType::boolean}};
            for (const auto& item : n.items)
                out.push_back(node_json(f && f->type == FieldType::quotes    ? &quote_fields
                                        : f && f->type == FieldType::history ? &f->fields
                                                                             : nullptr,
                                        f, item));
            return out;
        }
        case yaml::Node::Type::map: {
            auto out = nlohmann::ordered_json::object();
            const std::vector<Field>* inner = f && f->type == FieldType::map ? &f->fields : fields;
            for (const auto& e : n.entries) {
                const Field* child = inner ? find_field(*inner, e.key) : nullptr;
                if (f && f->type == FieldType::scores) child = f;
                out[e.key] = node_json(nullptr, child, e.value);
            }
            return out;
        }
    }
    return nullptr;
}

// `12.5`, `-0.25`: a number with a fractional part, written as a JSON number.
bool is_decimal(const std::string& s) {
    std::size_t i = s.size() > 1 && s[0] == '-' ? 1 : 0, dot = s.find('.');
    if (dot == std::string::npos || dot == i || dot + 1 == s.size()) return false;
    for (std::size_t k = i; k < s.size(); ++k)
        if (k != dot && (s[k] < '0' || s[k] > '9')) return false;
    return true;
}

nlohmann::ordered_json cell_json(ColumnType type, const std::string& cell) {
    if (type == ColumnType::list) return Table::list_items(cell);
    if (type != ColumnType::number) return cell;
    if (cell.empty()) return nullptr;
    if (auto n = parse_integer(cell)) return *n;
    if (is_decimal(cell)) return std::stod(cell);
    return cell;
}

}  // namespace

nlohmann::ordered_json record_json(Kind kind, const yaml::Node& doc) {
    return node_json(&fields_of(kind), nullptr, doc);
}

nlohmann::ordered_json table_json(const Table& t) {
    auto array = nlohmann::ordered_json::array();
    for (const auto& row : t.rows) {
        nlohmann::ordered_json object = nlohmann::ordered_json::object();
        for (std::size_t c = 0; c < t.columns.size(); ++c)
            object[t.columns[c]] = cell_json(t.types[c], row[c]);
        array.push_back(std::move(object));
    }
    return array;
}

}  // namespace vfi
