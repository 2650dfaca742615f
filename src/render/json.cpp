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
                out.push_back(node_json(f && f->type == FieldType::quotes ? &quote_fields : nullptr,
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

}  // namespace

nlohmann::ordered_json record_json(Kind kind, const yaml::Node& doc) {
    return node_json(&fields_of(kind), nullptr, doc);
}

}  // namespace vfi
