#include "vfi/format/field_input.hpp"

#include <fmt/format.h>

#include "vfi/base/error.hpp"
#include "vfi/base/text.hpp"
#include "vfi/format/schema.hpp"
#include "vfi/format/validate.hpp"

namespace vfi {
namespace {

void collect_keys(const std::vector<Field>& fields, const std::string& prefix,
                  std::vector<std::string>& out) {
    for (const auto& f : fields) {
        std::string key = prefix + std::string(f.key);
        if (f.type == FieldType::map)
            collect_keys(f.fields, key + ".", out);
        else if (f.type != FieldType::history)  // each status command adds to it
            out.push_back(key);
    }
}

std::string text_of(const yaml::Node& doc, std::string_view key) {
    const yaml::Node* n = doc.is_map() ? doc.find(key) : nullptr;
    return n && n->is_scalar() ? n->value : std::string();
}

}  // namespace

std::vector<std::string> settable_keys(Kind kind) {
    std::vector<std::string> out;
    collect_keys(fields_of(kind), "", out);
    return out;
}

std::pair<std::string, std::string> split_assignment(std::string_view text) {
    auto eq = text.find('=');
    if (eq == std::string_view::npos || eq == 0) {
        // Repeated only when it is a bare key: `notes:Cares for her father` may hold a
        // confidential value.
        bool bare_key = text.size() <= 40 && !text.empty() &&
                        text.find_first_not_of("abcdefghijklmnopqrstuvwxyz0123456789_.-") ==
                            std::string_view::npos;
        throw Error(ExitCode::usage,
                    bare_key ? fmt::format("'{}' is not KEY=VALUE", text)
                             : std::string("an argument is not KEY=VALUE (it is not repeated "
                                           "here, as it may hold a confidential value)"),
                    "write e.g. region=london, or training.completed=2024-03-18; an empty value "
                    "removes the field");
    }
    return {trim(text.substr(0, eq)), std::string(text.substr(eq + 1))};
}

void assign(yaml::Node& doc, Kind kind, std::string_view key, std::string_view text,
            const Vocabularies& vocabularies, const std::string& shown, Assigning assigning) {
    const Field* field = find_field(kind, key);
    if (!field || field->type == FieldType::map) {
        auto keys = settable_keys(kind);
        std::string near = nearest(key, keys);
        std::string hint =
            near.empty() ? fmt::format("the {} fields are {}", kind_name(kind), join(keys, ", "))
                         : fmt::format("did you mean '{}'?", near);
        if (field)
            throw Error(ExitCode::usage, {}, shown, fmt::format("'{}' is a group of fields", key),
                        fmt::format("set one of its parts, e.g. {}.{}=...", key,
                                    field->fields.front().key));
        throw Error(ExitCode::usage, {}, shown,
                    fmt::format("'{}' is not a {} field", key, kind_name(kind)), hint);
    }
    if (key == "forgotten")
        throw Error(ExitCode::usage, {}, shown, "only `forget` marks a record forgotten",
                    fmt::format("use `vfi {} forget ID`, which also erases the personal data",
                                kind_command(kind)));
    if (key == "history")
        throw Error(ExitCode::usage, {}, shown,
                    "vfi keeps the history: each change of status adds to it",
                    kind == Kind::match
                        ? std::string("use `vfi match accept`, `pause`, `resume` or `end` with "
                                      "--date; to correct a step, edit the record with `vfi match "
                                      "edit ID`")
                        : fmt::format("use `vfi {0} status ID NEW_STATUS --date YYYY-MM-DD`; to "
                                      "correct a step, edit the record with `vfi {0} edit ID`",
                                      kind_command(kind)));
    if (assigning != Assigning::new_record && key == "id")
        throw Error(ExitCode::usage, {}, shown, "a record's id never changes",
                    "add a new record instead, or ask for help if the id is wrong");
    // A match is its pair: another partner or leader is another match, and moving one would
    // move its sessions held, and their pay, to someone who was not there.
    if (assigning != Assigning::new_record && kind == Kind::match &&
        (key == "partner" || key == "leader"))
        throw Error(ExitCode::usage, {}, shown, "a match's partner and leader never change",
                    "if the pair is wrong, remove the match (`vfi match remove ID`, when nothing "
                    "refers to it) or end it, then add the right pair with `vfi match add`");
    bool has_lifecycle = kind == Kind::partner || kind == Kind::leader || kind == Kind::match;
    if (assigning != Assigning::new_record && key == "status" && has_lifecycle &&
        !(assigning == Assigning::repair &&
          !vocabularies.contains(field->vocabulary, text_of(doc, "status"))))
        throw Error(
            ExitCode::usage, {}, shown, "the status changes through its own command",
            kind == Kind::match
                ? std::string("use `vfi match accept`, `pause`, `resume` or `end`, which keep the "
                              "dates and the "
                              "leader right")
                : fmt::format("use `vfi {} status ID NEW_STATUS`, which also keeps the dates right",
                              kind_command(kind)));

    yaml::Node value = value_from_text(*field, text);
    if (!value.is_null()) {
        std::vector<Problem> problems;
        validate_value(*field, value, std::string(key), "", vocabularies, problems);
        if (!problems.empty()) {
            const auto& p = problems.front();
            throw Error(ExitCode::bad_data, {}, shown, p.message, p.hint);
        }
    } else if (field->required) {
        throw Error(ExitCode::bad_data, {}, shown, "this field is required and cannot be emptied",
                    "give it a value");
    }

    // Walk (and make) the maps down to the field.
    yaml::Node* node = &doc;
    std::string_view rest = key;
    while (true) {
        auto dot = rest.find('.');
        std::string part(rest.substr(0, dot));
        if (dot == std::string_view::npos) {
            if (value.is_null())
                node->erase(part);
            else
                node->set(part, std::move(value));
            break;
        }
        yaml::Node* child = node->find(part);
        if (!child || !child->is_map()) {
            if (value.is_null()) break;  // nothing to remove
            child = &node->set(part, yaml::Node::map());
        }
        node = child;
        rest = rest.substr(dot + 1);
    }
    // A group left empty goes too.
    if (value.is_null())
        if (auto dot = key.find('.'); dot != std::string_view::npos)
            if (yaml::Node* parent = doc.find(key.substr(0, dot));
                parent && parent->is_map() && parent->entries.empty())
                doc.erase(key.substr(0, dot));
}

void require_valid(Kind kind, const yaml::Node& doc, const std::string& id,
                   const Vocabularies& vocabularies) {
    std::vector<Problem> problems;
    validate_record(kind, doc, "", id, vocabularies, problems);
    if (!problems.empty()) {
        const auto& p = problems.front();
        throw Error(ExitCode::bad_data, {}, p.field, p.message, p.hint);
    }
}

}  // namespace vfi
