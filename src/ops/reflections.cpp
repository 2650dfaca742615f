#include "vfi/ops/reflections.hpp"

#include <algorithm>

#include <fmt/format.h>

#include "vfi/base/text.hpp"
#include "vfi/format/field_input.hpp"
#include "vfi/format/status.hpp"
#include "vfi/format/validate.hpp"
#include "vfi/model/records.hpp"

namespace vfi {

std::string reflection_by(const RecordStore& store, std::string_view text) {
    return store.resolve({Kind::partner, Kind::leader}, text, "learning-partner");
}

std::string reflection_about(const RecordStore& store, std::string_view text) {
    return store.resolve({Kind::match, Kind::session}, text, "programme");
}

void check_reflection_value(const Vocabularies& vocabularies, std::string_view key,
                            std::string_view text) {
    auto scratch = yaml::Node::map();
    assign(scratch, Kind::reflection, key, text, vocabularies, std::string(key),
           Assigning::new_record);
}

std::vector<std::string> score_answer(std::string_view text) {
    auto items = split(text, ',');
    for (const auto& item : items) {
        auto eq = item.find('=');
        auto score = eq == std::string::npos ? std::nullopt : parse_integer(item.substr(eq + 1));
        if (!score || *score < 1 || *score > 10 || !valid_tag(trim(item.substr(0, eq))))
            throw Error(ExitCode::bad_data, {}, "scores",
                        fmt::format("'{}' is not NAME=1..10", item));
    }
    return items;
}

namespace {

// The file's fields, when they can be a new reflection's: `key: value` lines, no id.
yaml::Node file_fields(const ReflectionFile& file) {
    yaml::Node doc = yaml::parse(file.text, file.name);
    if (!doc.is_map())
        throw Error(ExitCode::bad_data, Location{file.name, 1, 0}, {},
                    "expected `key: value` lines",
                    "write the reflection as in docs/format.md, without an id");
    if (const yaml::Entry* id = doc.find_entry("id"))
        throw Error(ExitCode::bad_data, Location{file.name, id->key_mark.line, 0}, "id",
                    "vfi makes the id of a new reflection", "remove the id line");
    return doc;
}

void set_list(yaml::Node& doc, const char* key, const std::vector<std::string>& items, bool tags) {
    if (items.empty()) return;
    auto seq = yaml::Node::sequence();
    for (const auto& item : items) {
        // Tags typed `--theme people, power` come apart at the comma with the space.
        if (tags && !trim(item).empty()) seq.items.push_back(yaml::Node::plain(trim(item)));
        if (!tags) seq.items.push_back(yaml::Node::text(item));
    }
    if (!seq.items.empty()) doc.set(key, seq);
}

void set_quote(yaml::Node& doc, const std::string& text, bool consent) {
    if (text.empty()) return;
    auto quote = yaml::Node::map();
    quote.set("text", yaml::Node::text(text));
    quote.set("consent", yaml::Node::plain(consent ? "true" : "false"));
    auto quotes = yaml::Node::sequence();
    quotes.items.push_back(quote);
    doc.set("quotes", quotes);
}

// Each NAME=VALUE over the file's scores of the same name.
void set_scores(yaml::Node& doc, const std::vector<std::string>& scores) {
    for (const auto& s : scores) {
        if (trim(s).empty()) continue;
        auto [name, value] = split_assignment(trim(s));
        yaml::Node* node = doc.find("scores");
        if (!node) node = &doc.set("scores", yaml::Node::map());
        node->set(name, yaml::Node::plain(value));
    }
}

// The values typed, in the order their mistakes are told.
void set_typed(yaml::Node& doc, const Vocabularies& vocabularies, const ReflectionInput& in) {
    auto set = [&](const char* key, const std::string& text) {
        if (!text.empty())
            assign(doc, Kind::reflection, key, text, vocabularies, key, Assigning::new_record);
    };
    set("by", in.by);
    set("about", in.about);
    set("stage", in.stage);
    set("changing", in.changing);
    set("how", in.how);
    set("why", in.why);
    set_list(doc, "barriers", in.barriers, false);
    set_list(doc, "enablers", in.enablers, false);
    set_list(doc, "themes", in.themes, true);
    set_quote(doc, in.quote, in.quote_consent);
    set_scores(doc, in.scores);
}

Date typed_date(const std::string& text) {
    if (auto d = parse_date(text)) return *d;
    throw Error(ExitCode::bad_data, {}, "date", date_problem(text),
                "write the date as YYYY-MM-DD, e.g. 2024-03-18");
}

// Who or what the reflection names must be a record that loaded. What the file named is
// told at its line.
void require_named_records(const RecordStore& store, const yaml::Node& doc,
                           const ReflectionInput& in) {
    for (auto [key, typed] : {std::pair{"by", &in.by}, std::pair{"about", &in.about}}) {
        std::string ref = field_text(doc, key);
        auto kind = kind_of_id(ref);
        if (!kind || store.find(ref)) continue;
        Location where;
        if (const yaml::Entry* e = doc.find_entry(key); e && in.file && typed->empty())
            where = Location{in.file->name, e->key_mark.line, 0};
        throw Error(ExitCode::not_found, where, key,
                    fmt::format("no {} has the id '{}'", kind_name(*kind), ref),
                    fmt::format("list them with `vfi {} list`", kind_command(*kind)));
    }
}

}  // namespace

yaml::Node new_reflection(const RecordStore& store, const std::string& id,
                          const ReflectionInput& input, const Date& today) {
    ReflectionInput in = input;
    if (!in.by.empty()) in.by = reflection_by(store, in.by);
    if (!in.about.empty()) in.about = reflection_about(store, in.about);
    yaml::Node doc = in.file ? file_fields(*in.file) : yaml::Node::map();
    doc.set("id", yaml::Node::plain(id));
    set_typed(doc, store.settings().vocabularies, in);
    if (!in.date.empty())
        doc.set("date", yaml::Node::plain(typed_date(in.date).str()));
    else if (!doc.find("date"))
        doc.set("date", yaml::Node::plain(today.str()));
    if (!doc.find("by")) doc.set("by", yaml::Node::plain("learning-partner"));
    if (!doc.find("about")) doc.set("about", yaml::Node::plain("programme"));
    require_named_records(store, doc, in);
    return doc;
}

namespace {

bool keeps(const ReflectionFilter& f, const std::optional<Stage>& stage, const Reflection& x) {
    return (f.by.empty() || x.by == f.by) && (f.about.empty() || x.about == f.about) &&
           (!stage || x.stage == stage) &&
           (f.theme.empty() ||
            std::find(x.themes.begin(), x.themes.end(), f.theme) != x.themes.end());
}

}  // namespace

std::string name_of_person(const RecordStore& store, const std::string& id) {
    const Record* r = kind_of_id(id) ? store.find(id) : nullptr;
    return r ? field_text(r->doc, "name") : std::string();
}

Table list_reflections(const RecordStore& store, const ReflectionFilter& filter) {
    ReflectionFilter f = filter;
    if (!f.by.empty()) f.by = reflection_by(store, f.by);
    if (!f.about.empty()) f.about = reflection_about(store, f.about);
    const auto& vocabularies = store.settings().vocabularies;
    if (!f.stage.empty()) require_in_vocabulary(vocabularies, "stages", {f.stage}, "stage");
    if (!f.theme.empty()) require_in_vocabulary(vocabularies, "themes", {f.theme}, "themes");
    std::optional<Stage> stage = parse_word<Stage>(f.stage);

    std::vector<std::pair<Reflection, const Record*>> chosen;
    for (const auto& r : store.records(Kind::reflection))
        if (Reflection x = to_reflection(r); keeps(f, stage, x)) chosen.emplace_back(x, &r);
    std::stable_sort(chosen.begin(), chosen.end(), [](const auto& a, const auto& b) {
        return std::pair(a.first.date, a.first.id) < std::pair(b.first.date, b.first.id);
    });

    Table t;
    for (const char* c : {"id", "date", "by", "by_name", "about", "stage"})
        t.add_column(c);
    t.add_column("themes", ColumnType::list);
    t.add_column("changing");
    for (const auto& [x, r] : chosen)
        t.add_row({x.id, x.date.str(), x.by, name_of_person(store, x.by), x.about,
                   std::string(word(x.stage)), Table::list_cell(x.themes),
                   field_text(r->doc, "changing")});
    return t;
}

}  // namespace vfi
