#include "vfi/format/validate.hpp"

#include <set>

#include <fmt/format.h>

#include "vfi/base/date.hpp"
#include "vfi/base/money.hpp"
#include "vfi/base/text.hpp"

namespace vfi {

std::optional<long> parse_integer(std::string_view t) {
    std::size_t i = 0;
    bool negative = false;
    if (!t.empty() && (t[0] == '-' || t[0] == '+')) {
        negative = t[0] == '-';
        i = 1;
    }
    if (i >= t.size() || t.size() - i > 15) return std::nullopt;
    if (t[i] == '0' && t.size() - i > 1) return std::nullopt;  // `010` is not a number here
    long n = 0;
    for (; i < t.size(); ++i) {
        if (t[i] < '0' || t[i] > '9') return std::nullopt;
        n = n * 10 + (t[i] - '0');
    }
    return negative ? -n : n;
}

std::optional<bool> parse_boolean(std::string_view t) {
    auto l = lower(t);
    if (l == "true" || l == "yes") return true;
    if (l == "false" || l == "no") return false;
    return std::nullopt;
}

bool valid_number(std::string_view t) {
    auto dot = t.find('.');
    if (dot == std::string_view::npos) return parse_integer(t).has_value();
    auto whole = t.substr(0, dot);
    auto frac = t.substr(dot + 1);
    if (frac.empty() || frac.size() > 6) return false;
    for (char c : frac)
        if (c < '0' || c > '9') return false;
    return whole == "-0" || whole == "0" || parse_integer(whole).has_value();
}

namespace {

using T = FieldType;

struct Checker {
    const std::string& file;
    const Vocabularies& vocab;
    std::vector<Problem>& problems;
    // The names a reflection's scores come from: a partner's own (`partner_scores`), a
    // leader's or the programme's (`scores`); empty when the record is not known (one value
    // typed), and then either list's.
    std::string score_names{};

    void add(const yaml::Node& at, const std::string& key, std::string message,
             std::string hint = {}) {
        problems.push_back(Problem{Location{file, at.mark.line, at.mark.column}, key,
                                   std::move(message), std::move(hint)});
    }

    bool scalar(const Field& f, const yaml::Node& v, const std::string& key) {
        if (v.is_scalar()) return true;
        add(v, key,
            fmt::format("expected {}, found {}", type_words(f),
                        v.is_map() ? "a group of fields" : "a list"),
            "write a single value after the colon");
        return false;
    }

    // A confidential field's value (an equality answer, a note) is never repeated in a message,
    // nor is a near guess of it: the message names the field and what may be written.
    std::string shown(const Field& f, const yaml::Node& v) {
        return f.confidential ? "the value given" : fmt::format("'{}'", v.value);
    }

    void secret(const yaml::Node& v, const std::string& key, std::string problem,
                std::string allowed) {
        add(v, key, "the value given " + problem,
            "it is not repeated here, as the field is confidential; " + allowed);
    }

    void in_vocabulary(const Field& f, const yaml::Node& v, const std::string& key) {
        const auto* list = vocab.find(f.vocabulary);
        if (!list) return;
        if (vocab.contains(f.vocabulary, v.value)) return;
        if (f.confidential)
            return secret(v, key, "is not one of " + join(*list, ", "),
                          "write one of those, spelt exactly as shown");
        std::string hint;
        auto near = nearest(v.value, *list);
        if (!near.empty()) hint = fmt::format("did you mean '{}'?", near);
        if (Vocabularies::extendable(f.vocabulary)) {
            hint += hint.empty() ? "to allow" : " To allow";
            hint +=
                fmt::format(" a new value, add it to vocabularies.{} in vfi.yaml", f.vocabulary);
        }
        add(v, key, fmt::format("'{}' is not one of {}", v.value, join(*list, ", ")), hint);
    }

    void tag(const Field& f, const yaml::Node& v, const std::string& key) {
        if (!scalar(f, v, key)) return;
        if (!f.vocabulary.empty()) return in_vocabulary(f, v, key);
        if (!valid_tag(v.value)) {
            if (f.confidential)
                return secret(v, key, "is not a tag",
                              "use lower-case words joined by dashes, e.g. mental-health");
            auto suggestion = to_tag(v.value);
            add(v, key, fmt::format("'{}' is not a tag", v.value),
                suggestion.empty()
                    ? "use lower-case words joined by dashes, e.g. mental-health"
                    : fmt::format("use lower-case words joined by dashes: '{}'", suggestion));
        }
    }

    void id(const Field& f, Kind kind, const yaml::Node& v, const std::string& key) {
        if (valid_id(v.value, kind)) return;
        add(v, key, fmt::format("{} is not a {} id", shown(f, v), kind_name(kind)),
            fmt::format("{} ids look like {}-7KQ2MD", kind_name(kind), kind_prefix(kind)));
    }

    std::string dot(const std::string& key, std::string_view sub) {
        return key.empty() ? std::string(sub) : key + "." + std::string(sub);
    }

    // A list of ids names each record once: a partner listed twice in a session would be
    // paid twice.
    void no_repeats(const yaml::Node& v, const std::string& key) {
        if (!v.is_sequence()) return;
        std::set<std::string> seen;
        for (const auto& item : v.items)
            if (item.is_scalar() && !seen.insert(item.value).second)
                add(item, key, fmt::format("{} is listed more than once", item.value),
                    "list each record once");
    }

    void list(const Field& f, const yaml::Node& v, const std::string& key,
              void (Checker::*each)(const Field&, const yaml::Node&, const std::string&)) {
        if (v.is_scalar()) {
            // A single value where a list is expected is accepted as a list of one.
            (this->*each)(f, v, key);
            return;
        }
        if (!v.is_sequence()) {
            add(v, key, fmt::format("expected {}, found a group of fields", type_words(f)),
                "write the items as [a, b] or one `- item` per line");
            return;
        }
        for (const auto& item : v.items) {
            if (item.is_null()) {
                add(item, key, "an empty item in the list", "remove the empty `-` line");
                continue;
            }
            (this->*each)(f, item, key);
        }
    }

    void text_item(const Field& f, const yaml::Node& v, const std::string& key) {
        scalar(f, v, key);
    }
    void tag_item(const Field& f, const yaml::Node& v, const std::string& key) { tag(f, v, key); }
    void id_item(const Field& f, const yaml::Node& v, const std::string& key) {
        if (scalar(f, v, key)) id(f, f.refers_to, v, key);
    }

    void map(const std::vector<Field>& fields, const yaml::Node& v, const std::string& key) {
        if (!v.is_map()) {
            add(v, key, "expected a group of fields (`name: value` lines indented under it)",
                "indent each field by two spaces under this key");
            return;
        }
        for (const auto& f : fields) {
            const yaml::Entry* e = v.find_entry(f.key);
            if (!e || e->value.is_null()) {
                if (f.required) missing(f, v, dot(key, f.key));
                continue;
            }
            value(f, e->value, dot(key, f.key));
        }
        // Keys vfi does not know are kept and never read; one a letter or two away from a
        // field the record lacks is surely that field misspelt, and would be silently ignored.
        for (const auto& e : v.entries) {
            if (e.key.size() <= 2 || find_field(fields, e.key)) continue;
            for (const auto& f : fields) {
                if (f.required || v.find_entry(f.key) || edit_distance(e.key, f.key) > 2) continue;
                problems.push_back(Problem{
                    Location{file, e.key_mark.line, e.key_mark.column}, dot(key, e.key),
                    fmt::format("'{}' is not a field vfi knows, so it is never read", e.key),
                    fmt::format("did you mean '{}'? Rename it", f.key)});
                break;
            }
        }
    }

    void missing(const Field& f, const yaml::Node& parent, const std::string& key) {
        std::string hint = fmt::format("add a line `{}: ...` ({})", f.key, type_words(f));
        if (const auto* list = vocab.find(f.vocabulary))
            hint = fmt::format("add a line `{}: {}` (one of {})", f.key, list->front(),
                               join(*list, ", "));
        // A key close to this one is probably a typo for it.
        for (const auto& e : parent.entries)
            if (e.key != f.key && edit_distance(e.key, f.key) <= 2 && e.key.size() > 2)
                hint = fmt::format("the file has '{}' on line {}: did you mean '{}'?", e.key,
                                   e.key_mark.line, f.key);
        problems.push_back(
            Problem{Location{file, parent.mark.line, 0}, key, "required field is missing", hint});
    }

    void value(const Field& f, const yaml::Node& v, const std::string& key) {
        switch (f.type) {
            case T::text:
                scalar(f, v, key);
                return;
            case T::date:
                if (scalar(f, v, key) && !parse_date(v.value))
                    add(v, key,
                        f.confidential ? "the value given is not a date that exists"
                                       : date_problem(v.value),
                        "write the date as YYYY-MM-DD, e.g. 2024-03-18");
                return;
            case T::integer: {
                if (!scalar(f, v, key)) return;
                auto n = parse_integer(v.value);
                if (!n)
                    add(v, key, fmt::format("{} is not a whole number", shown(f, v)),
                        "write digits only, without leading zeros, e.g. 2");
                else if (f.max > f.min && (*n < f.min || *n > f.max))
                    add(v, key,
                        f.confidential
                            ? fmt::format("the value given is outside {}–{}", f.min, f.max)
                            : fmt::format("{} is outside {}–{}", *n, f.min, f.max),
                        fmt::format("use a number from {} to {}", f.min, f.max));
                return;
            }
            case T::number:
                if (scalar(f, v, key) && !valid_number(v.value))
                    add(v, key, fmt::format("{} is not a number", shown(f, v)),
                        "write e.g. 12 or 4.5");
                return;
            case T::boolean:
                if (scalar(f, v, key) && !parse_boolean(v.value))
                    add(v, key, fmt::format("{} is not true or false", shown(f, v)),
                        "write true or false");
                return;
            case T::choice:
                if (scalar(f, v, key)) in_vocabulary(f, v, key);
                return;
            case T::tag:
                tag(f, v, key);
                return;
            case T::texts:
                return list(f, v, key, &Checker::text_item);
            case T::tags:
                return list(f, v, key, &Checker::tag_item);
            case T::id:
                if (scalar(f, v, key)) id(f, f.refers_to, v, key);
                return;
            case T::ids:
                list(f, v, key, &Checker::id_item);
                return no_repeats(v, key);
            case T::map:
                return map(f.fields, v, key);
            case T::quotes:
                return quotes(v, key);
            case T::history:
                return history(f, v, key);
            case T::scores:
                return scores(v, key);
            case T::person:
                if (scalar(f, v, key) && v.value != "learning-partner" &&
                    !valid_id(v.value, Kind::partner) && !valid_id(v.value, Kind::leader))
                    add(v, key,
                        fmt::format("'{}' is not learning-partner, a partner id or a leader id",
                                    v.value),
                        "write learning-partner, or the id of the partner or leader who reflected");
                return;
            case T::items:
                if (!v.is_sequence())
                    return add(v, key, "expected a list of groups of fields",
                               "write each as `- name: value` lines, one group per `-`");
                for (const auto& item : v.items)
                    map(f.fields, item, key);
                return;
            case T::money:
                if (scalar(f, v, key) && !parse_pence(v.value))
                    add(v, key, fmt::format("{} is not an amount of money", shown(f, v)),
                        "write pounds with at most two decimals, e.g. 50 or 12.50");
                return;
            case T::month:
                if (scalar(f, v, key) && !parse_date(v.value + "-01"))
                    add(v, key, fmt::format("{} is not a month", shown(f, v)),
                        "write it as YYYY-MM, e.g. 2026-10");
                return;
            case T::subject:
                if (scalar(f, v, key) && v.value != "programme" &&
                    !valid_id(v.value, Kind::match) && !valid_id(v.value, Kind::session))
                    add(v, key,
                        fmt::format("'{}' is not programme, a match id or a session id", v.value),
                        "write programme, or the id of the match or session reflected on");
                return;
        }
    }

    void quotes(const yaml::Node& v, const std::string& key) {
        if (!v.is_sequence()) {
            add(v, key, "expected a list of quotes",
                "write each as `- text: \"...\"` with `consent: true` or false under it");
            return;
        }
        for (const auto& q : v.items)
            map(quote_fields(), q, key);
    }

    // Each step a status and the day it began, oldest first; only the first may be undated
    // (a status held since before the history was kept).
    void history(const Field& f, const yaml::Node& v, const std::string& key) {
        if (!v.is_sequence()) {
            add(v, key, "expected a list of statuses with dates",
                "write each as `- date: YYYY-MM-DD` with `status: ...` under it, oldest first");
            return;
        }
        std::optional<Date> last;
        for (std::size_t i = 0; i < v.items.size(); ++i) {
            const yaml::Node& step = v.items[i];
            std::size_t before = problems.size();
            map(f.fields, step, key);
            if (problems.size() != before) continue;
            const yaml::Node* date = step.find("date");
            std::optional<Date> when =
                date && date->is_scalar() ? parse_date(date->value) : std::nullopt;
            if (!when) {
                if (i > 0)
                    add(step, dot(key, "date"), "only the first status may be without a date",
                        "add `date: YYYY-MM-DD`, the day this status began");
                continue;
            }
            if (last && *when < *last)
                add(*date, dot(key, "date"),
                    fmt::format("{} is before the status above it ({})", when->str(), last->str()),
                    "keep the statuses oldest first, each on or after the day of the one above");
            last = when;
        }
    }

    std::string other_scores() const {
        return score_names == "partner_scores" ? "scores" : "partner_scores";
    }

    bool known_score(const std::string& name) const {
        if (!score_names.empty()) return vocab.contains(score_names, name);
        return vocab.contains("scores", name) || vocab.contains("partner_scores", name);
    }

    void scores(const yaml::Node& v, const std::string& key) {
        if (!v.is_map()) {
            add(v, key, "expected score names with a number 1–10 each",
                "write e.g. `confidence_coproduction: 6` indented under scores");
            return;
        }
        for (const auto& e : v.entries) {
            std::string sub = dot(key, e.key);
            if (!valid_tag(e.key))
                problems.push_back(Problem{Location{file, e.key_mark.line, e.key_mark.column}, sub,
                                           fmt::format("'{}' is not a score name", e.key),
                                           "use lower-case words joined by _ or -"});
            else if (!known_score(e.key) && !score_names.empty() &&
                     vocab.contains(other_scores(), e.key)) {
                bool partner = score_names == "partner_scores";
                problems.push_back(Problem{
                    Location{file, e.key_mark.line, e.key_mark.column}, sub,
                    fmt::format("'{}' is one of the {} score names, and this reflection is by a "
                                "{}",
                                e.key, partner ? "leaders'" : "partners'",
                                partner ? "partner" : "leader or the Learning Partner"),
                    fmt::format("check who it is by (`by:`); a {} rates {}",
                                partner ? "partner" : "leader",
                                join(*vocab.find(score_names), ", "))});
            } else if (!known_score(e.key)) {
                std::string list = score_names.empty() ? "scores" : score_names;
                const auto& names = *vocab.find(list);
                std::string near = nearest(e.key, names);
                problems.push_back(Problem{
                    Location{file, e.key_mark.line, e.key_mark.column}, sub,
                    fmt::format("'{}' is not one of the {}score names, {}", e.key,
                                list == "partner_scores" ? "partners' " : "", join(names, ", ")),
                    fmt::format("{}to rate something new, add its name to vocabularies.{} in "
                                "vfi.yaml",
                                near.empty() ? "" : fmt::format("did you mean '{}'? Or, ", near),
                                list)});
            }
            auto n = e.value.is_scalar() ? parse_integer(e.value.value) : std::nullopt;
            if (!n || *n < 1 || *n > 10)
                add(e.value, sub, fmt::format("'{}' is not a score from 1 to 10", e.value.value),
                    "write a whole number from 1 to 10");
        }
    }
};

}  // namespace

void validate_value(const Field& field, const yaml::Node& value, const std::string& key,
                    const std::string& file, const Vocabularies& vocabularies,
                    std::vector<Problem>& problems) {
    Checker{file, vocabularies, problems}.value(field, value, key);
}

void validate_record(Kind kind, const yaml::Node& root, const std::string& file,
                     std::string_view expected_id, const Vocabularies& vocabularies,
                     std::vector<Problem>& problems) {
    Checker checker{file, vocabularies, problems};
    if (kind == Kind::reflection) {
        const yaml::Node* by = root.is_map() ? root.find("by") : nullptr;
        bool partner = by && by->is_scalar() && kind_of_id(by->value) == Kind::partner;
        checker.score_names = partner ? "partner_scores" : "scores";
    }
    if (!root.is_map()) {
        checker.add(root, "", "a record must be a list of `key: value` lines",
                    fmt::format("start the file with `id: {}`", expected_id));
        return;
    }
    std::size_t before = problems.size();
    checker.map(fields_of(kind), root, "");
    const yaml::Node* id = root.find("id");
    bool id_ok =
        problems.size() == before || !(id && id->is_scalar() && !valid_id(id->value, kind));
    if (id && id->is_scalar() && id_ok && id->value != expected_id)
        checker.add(
            *id, "id",
            fmt::format("'{}' does not match the file name {}.yaml", id->value, expected_id),
            fmt::format("write `id: {}`, or rename the file to {}.yaml", expected_id, id->value));
}

yaml::Node value_from_text(const Field& f, std::string_view text) {
    if (trim(text).empty()) return yaml::Node{};
    switch (f.type) {
        case T::texts:
        case T::tags:
        case T::ids: {
            auto list = yaml::Node::sequence();
            for (auto& part : split(text, ','))
                list.items.push_back(f.type == T::texts ? yaml::Node::text(part)
                                                        : yaml::Node::plain(part));
            return list;
        }
        case T::text:
            return yaml::Node::text(std::string(text));
        case T::boolean:
            if (auto b = parse_boolean(trim(text))) return yaml::Node::plain(*b ? "true" : "false");
            return yaml::Node::text(trim(text));
        default:
            return yaml::Node::text(trim(text));
    }
}

namespace {

yaml::Node normalise_value(const Field& f, const yaml::Node& v);

yaml::Node normalise_map(const std::vector<Field>& fields, const yaml::Node& v) {
    if (!v.is_map()) return v;
    auto out = yaml::Node::map();
    out.mark = v.mark;
    for (const auto& f : fields)
        if (const auto* e = v.find_entry(f.key); e && !e->value.is_null())
            out.entries.push_back(yaml::Entry{e->key, e->key_mark, normalise_value(f, e->value)});
    for (const auto& e : v.entries)
        if (!find_field(fields, e.key)) out.entries.push_back(e);
    return out;
}

yaml::Node normalise_scalar(const Field& f, yaml::Node v) {
    if (!v.is_scalar()) return v;
    switch (f.type) {
        case T::text:
        case T::texts:
            v.quoted = true;
            break;
        case T::boolean:
            if (auto b = parse_boolean(v.value)) v = yaml::Node::plain(*b ? "true" : "false");
            break;
        case T::choice:
        case T::tag:
        case T::tags:
            // `2019`, `1-9`, `16-24` are vocabulary words: keep them text so they read back as
            // such.
            v.quoted = true;
            break;
        default:
            v.quoted = false;
            break;
    }
    return v;
}

yaml::Node normalise_value(const Field& f, const yaml::Node& v) {
    if (f.type == T::map) return normalise_map(f.fields, v);
    if (f.type == T::quotes && v.is_sequence()) {
        auto out = v;
        for (auto& q : out.items)
            q = normalise_map(quote_fields(), q);
        return out;
    }
    if ((f.type == T::history || f.type == T::items) && v.is_sequence()) {
        auto out = v;
        for (auto& step : out.items)
            step = normalise_map(f.fields, step);
        return out;
    }
    if (v.is_sequence()) {
        auto out = v;
        for (auto& item : out.items)
            item = normalise_scalar(f, item);
        return out;
    }
    return normalise_scalar(f, v);
}

}  // namespace

yaml::Node normalise(Kind kind, const yaml::Node& root) {
    return normalise_map(fields_of(kind), root);
}

}  // namespace vfi
