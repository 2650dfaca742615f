#include "vfi/ops/listing.hpp"

#include <algorithm>
#include <cstdlib>
#include <limits>

#include <fmt/format.h>

#include "vfi/base/text.hpp"
#include "vfi/format/schema.hpp"
#include "vfi/format/validate.hpp"

namespace vfi {

std::vector<std::string> computed_columns(Kind kind) {
    if (kind == Kind::partner) return {"places", "spare", "sessions", "last_session"};
    return {"partner", "match", "sessions", "last_session"};
}

std::vector<std::string> default_columns(Kind kind) {
    if (kind == Kind::partner)
        return {"id", "name", "status", "region", "modes", "capacity", "spare"};
    return {"id", "name", "organisation", "cohort", "status", "region", "partner"};
}

std::vector<Kind> kinds_for_listing(Kind kind, const std::vector<std::string>& fields,
                                    const std::string& sort) {
    std::vector<Kind> kinds = {kind, Kind::match};
    auto wants_sessions = [](const std::string& c) {
        return c == "sessions" || c == "last_session";
    };
    std::string by = sort.starts_with('-') ? sort.substr(1) : sort;
    if (std::any_of(fields.begin(), fields.end(), wants_sessions) || wants_sessions(by))
        kinds.push_back(Kind::session);
    return kinds;
}

namespace {

struct Column {
    std::string name;
    const Field* field = nullptr;  // nullptr for a computed column
    ColumnType type = ColumnType::text;
};

ColumnType type_of(const Field& f) {
    if (f.type == FieldType::integer || f.type == FieldType::number) return ColumnType::number;
    if (is_list(f.type)) return ColumnType::list;
    return ColumnType::text;
}

// Expands `contact` into `contact.email`, `contact.phone`; checks each name.
std::vector<Column> resolve_columns(Kind kind, const std::vector<std::string>& names,
                                    const std::string& option = "--fields") {
    std::vector<Column> out;
    auto computed = computed_columns(kind);
    for (const auto& name : names) {
        if (std::find(computed.begin(), computed.end(), name) != computed.end()) {
            bool number = name == "places" || name == "spare" || name == "sessions";
            out.push_back(Column{name, nullptr, number ? ColumnType::number : ColumnType::text});
            continue;
        }
        const Field* f = find_field(kind, name);
        if (!f) {
            auto choices = computed;
            for (const auto& f2 : fields_of(kind))
                choices.emplace_back(f2.key);
            std::string near = nearest(name, choices);
            throw Error(ExitCode::usage, {}, option,
                        fmt::format("'{}' is not a {} field", name, kind_name(kind)),
                        near.empty() ? "the fields are " + join(choices, ", ")
                                     : fmt::format("did you mean '{}'?", near));
        }
        if (f->type == FieldType::map) {
            // A confidential part of a group that is not itself confidential (a partner's
            // weekly limit, in `payment`) is shown only when it is named.
            for (const auto& child : f->fields)
                if (f->confidential || !child.confidential)
                    out.push_back(
                        Column{name + "." + std::string(child.key), &child, type_of(child)});
            continue;
        }
        if (f->type == FieldType::scores) {
            out.push_back(Column{name, f, ColumnType::text});
            continue;
        }
        out.push_back(Column{name, f, type_of(*f)});
    }
    return out;
}

std::string last_held(const std::vector<const Session*>& sessions) {
    std::string last;
    for (const Session* s : sessions)
        if (s->status == SessionStatus::held) last = s->date.str();
    return last;
}

long held(const std::vector<const Session*>& sessions) {
    return std::count_if(sessions.begin(), sessions.end(),
                         [](const Session* s) { return s->status == SessionStatus::held; });
}

std::string computed(const Programme& programme, Kind kind, const std::string& id,
                     const std::string& column) {
    if (kind == Kind::partner) {
        const Partner* p = programme.partner(id);
        if (!p) return {};
        if (column == "places") return std::to_string(programme.places_taken(id));
        if (column == "spare")
            return p->status == PartnerStatus::active ? std::to_string(programme.spare_capacity(*p))
                                                      : "";
        auto sessions = programme.sessions_of_partner(id);
        if (column == "sessions") return std::to_string(held(sessions));
        return last_held(sessions);
    }
    if (column == "partner" || column == "match") {
        // The open match: a leader whose match ended has no partner now.
        const Match* current = nullptr;
        for (const Match* m : programme.matches_of_leader(id))
            if (holds_a_place(m->status)) current = m;
        if (!current) return {};
        return column == "partner" ? current->partner : current->id;
    }
    auto sessions = programme.sessions_of_leader(id);
    if (column == "sessions") return std::to_string(held(sessions));
    return last_held(sessions);
}

std::string cell(const Record& r, const Column& c, const Programme& programme) {
    if (!c.field) return computed(programme, r.kind, r.id, c.name);
    const yaml::Node* n = field_node(r.doc, c.name);
    if (!n || n->is_null()) return {};
    if (n->is_scalar()) return n->value;
    if (n->is_sequence()) {
        std::vector<std::string> items;
        // A quote by its text; a step of a history as `active 2020-07-01`.
        for (const auto& item : n->items)
            items.push_back(!item.is_map() ? item.value
                            : c.field->type == FieldType::history
                                ? trim(field_text(item, "status") + " " + field_text(item, "date"))
                                : field_text(item, "text"));
        return Table::list_cell(items);
    }
    std::vector<std::string> parts;
    for (const auto& e : n->entries)
        parts.push_back(e.key + "=" + e.value.value);
    return join(parts, ", ");
}

bool has(const std::vector<std::string>& list, const std::string& value) {
    return std::find(list.begin(), list.end(), value) != list.end();
}

}  // namespace

Table list_people(const RecordStore& store, const Programme& programme, Kind kind,
                  const ListOptions& o) {
    const auto& vocab = store.settings().vocabularies;
    require_in_vocabulary(vocab, kind == Kind::partner ? "partner_status" : "leader_status",
                          o.statuses, "--status");
    if (!o.region.empty()) require_in_vocabulary(vocab, "regions", {o.region}, "--region");
    auto columns = resolve_columns(kind, o.fields.empty() ? default_columns(kind) : o.fields);
    std::vector<const Record*> chosen;
    for (const auto& r : store.records(kind)) {
        if (kind == Kind::partner) {
            const Partner* p = programme.partner(r.id);
            if (!o.statuses.empty() && !has(o.statuses, std::string(word(p->status)))) continue;
            if (!o.region.empty() && p->region != o.region) continue;
            if (!o.cohort.empty() && field_text(r.doc, "training.cohort") != o.cohort) continue;
            if (!o.tag.empty() && !has(p->interests, o.tag)) continue;
            if (o.available && !programme.available(*p)) continue;
        } else {
            const Leader* l = programme.leader(r.id);
            if (!o.statuses.empty() && !has(o.statuses, std::string(word(l->status)))) continue;
            if (!o.region.empty() && l->region != o.region) continue;
            if (!o.cohort.empty() && l->cohort != o.cohort) continue;
            if (!o.tag.empty() && !has(l->focus, o.tag)) continue;
            if (o.waiting && !programme.waiting(*l)) continue;
        }
        chosen.push_back(&r);
    }

    Table table;
    for (const auto& c : columns)
        table.add_column(c.name, c.type);
    std::vector<std::vector<std::string>> rows;
    for (const Record* r : chosen) {
        std::vector<std::string> row;
        for (const auto& c : columns)
            row.push_back(cell(*r, c, programme));
        rows.push_back(std::move(row));
    }

    // Sort: a chosen column (`-column` the other way round); else leaders waiting longest
    // first; else by name, then id.
    std::string sort = o.sort;
    bool descending = sort.starts_with('-');
    if (descending) sort.erase(0, 1);
    if (sort.empty()) sort = (kind == Kind::leader && o.waiting) ? "enquired" : "name";
    auto sort_columns = resolve_columns(kind, {sort}, "--sort");
    // The order of the rows tells a confidential column as surely as the column: it may
    // order them only where --fields shows it.
    auto top = find_field(kind, sort.substr(0, sort.find('.')));
    bool secret = (top && top->confidential) ||
                  (sort_columns.front().field && sort_columns.front().field->confidential);
    if (secret && !has(o.fields, sort))
        throw Error(
            ExitCode::usage, {}, "--sort",
            fmt::format("{} is confidential, and the order of the rows would tell it", sort),
            fmt::format("name it in --fields too (--fields id,name,{0} --sort {1}{0}), or "
                        "sort by another column",
                        sort, descending ? "-" : ""));
    std::vector<std::pair<std::string, std::size_t>> keys;
    for (std::size_t i = 0; i < chosen.size(); ++i) {
        std::string key = cell(*chosen[i], sort_columns.front(), programme);
        if (sort_columns.front().type == ColumnType::number) key = fmt::format("{:>12}", key);
        keys.push_back({lower(key) + '\x01' + chosen[i]->id, i});
    }
    std::sort(keys.begin(), keys.end());
    if (descending) std::reverse(keys.begin(), keys.end());
    for (const auto& [key, i] : keys)
        table.add_row(std::move(rows[i]));
    return table;
}

std::vector<std::pair<std::string, std::string>> person_context(const Programme& programme,
                                                                Kind kind, const std::string& id) {
    std::vector<std::pair<std::string, std::string>> out;
    auto describe = [&](const Match* m) {
        std::string other = kind == Kind::partner ? m->leader : m->partner;
        std::optional<Date> when = m->ended ? m->ended : m->started ? m->started : m->proposed;
        std::string since = when ? (running(m->status) ? " since " : " ") + when->str() : "";
        return fmt::format("{} with {} ({}{})", m->id, other, word(m->status), since);
    };
    auto matches =
        kind == Kind::partner ? programme.matches_of_partner(id) : programme.matches_of_leader(id);
    for (const Match* m : matches)
        out.push_back({"match", describe(m)});
    if (kind == Kind::partner) {
        if (const Partner* p = programme.partner(id); p && p->status == PartnerStatus::active)
            out.push_back({"spare capacity",
                           fmt::format("{} of {}", programme.spare_capacity(*p), p->capacity)});
    }
    auto sessions = kind == Kind::partner ? programme.sessions_of_partner(id)
                                          : programme.sessions_of_leader(id);
    long count = held(sessions);
    long minutes = 0;
    for (const Session* s : sessions)
        if (s->status == SessionStatus::held) minutes += s->minutes;
    out.push_back({"sessions held",
                   fmt::format("{} ({} hours {} minutes)", count, minutes / 60, minutes % 60)});
    std::string last = last_held(sessions);
    if (!last.empty()) out.push_back({"last session", last});
    return out;
}

namespace {

// The filter with its ids resolved.
struct ResolvedSessionFilter {
    SessionFilter f;
    bool keeps(const Programme& programme, const Session& s) const {
        const Match* m = s.match.empty() ? nullptr : programme.match(s.match);
        if (!f.match.empty() && s.match != f.match) return false;
        if (!f.partner.empty() && !has(programme.partners_of(s), f.partner)) return false;
        if (!f.leader.empty() && !has(programme.leaders_of(s), f.leader)) return false;
        if (!f.group.empty() && s.group != f.group && !(m && m->group == f.group)) return false;
        if (!f.type.empty() && word(s.type) != f.type) return false;
        if (!f.statuses.empty() && !has(f.statuses, std::string(word(s.status)))) return false;
        return !(s.date < f.from || f.to < s.date);
    }
};

}  // namespace

Table list_sessions(const RecordStore& store, const Programme& programme,
                    const SessionFilter& filter) {
    const auto& vocab = store.settings().vocabularies;
    require_in_vocabulary(vocab, "session_status", filter.statuses, "status");
    if (!filter.type.empty()) require_in_vocabulary(vocab, "session_type", {filter.type}, "type");
    ResolvedSessionFilter chosen{filter};
    auto resolve = [&](std::string& id, Kind kind) {
        if (!id.empty()) id = store.resolve(kind, id);
    };
    resolve(chosen.f.match, Kind::match);
    resolve(chosen.f.partner, Kind::partner);
    resolve(chosen.f.leader, Kind::leader);
    std::vector<const Session*> sessions;
    for (const auto& s : programme.sessions)
        if (chosen.keeps(programme, s)) sessions.push_back(&s);
    std::stable_sort(sessions.begin(), sessions.end(), [](const Session* a, const Session* b) {
        return std::pair(a->date, a->id) < std::pair(b->date, b->id);
    });
    Table t;
    for (const char* c : {"id", "date", "type", "match", "partners", "status"})
        t.add_column(c);
    t.add_column("minutes", ColumnType::number);
    t.add_column("mode");
    t.add_column("topics", ColumnType::list);
    for (const Session* s : sessions)
        t.add_row({s->id, s->date.str(), std::string(word(s->type)), s->match,
                   join(programme.partners_of(*s), ", "), std::string(word(s->status)),
                   std::to_string(s->minutes), s->mode, Table::list_cell(s->topics)});
    return t;
}

Table list_matches(const RecordStore& store, const Programme& programme,
                   const MatchFilter& filter) {
    require_in_vocabulary(store.settings().vocabularies, "match_status", filter.statuses, "status");
    std::string partner =
        filter.partner.empty() ? "" : store.resolve(Kind::partner, filter.partner);
    std::string leader = filter.leader.empty() ? "" : store.resolve(Kind::leader, filter.leader);
    Table t;
    for (const char* c : {"id", "partner", "partner_name", "leader", "leader_name", "status",
                          "proposed", "started", "ended"})
        t.add_column(c);
    t.add_column("sessions", ColumnType::number);
    t.add_column("group");
    for (const auto& m : programme.matches) {
        if (!filter.statuses.empty() && !has(filter.statuses, std::string(word(m.status))))
            continue;
        if (!partner.empty() && m.partner != partner) continue;
        if (!leader.empty() && m.leader != leader) continue;
        if (!filter.group.empty() && m.group != filter.group) continue;
        const Leader* l = programme.leader(m.leader);
        if (!filter.cohort.empty() && (!l || l->cohort != filter.cohort)) continue;
        const Partner* p = programme.partner(m.partner);
        t.add_row({m.id, m.partner, p ? p->name : "", m.leader, l ? l->name : "",
                   std::string(word(m.status)), m.proposed ? m.proposed->str() : "",
                   m.started ? m.started->str() : "", m.ended ? m.ended->str() : "",
                   std::to_string(held(programme.sessions_of_match(m.id))), m.group});
    }
    return t;
}

std::vector<std::pair<std::string, std::string>> match_context(const Programme& programme,
                                                               const std::string& id) {
    const Match* m = programme.match(id);
    const Partner* p = m ? programme.partner(m->partner) : nullptr;
    const Leader* l = m ? programme.leader(m->leader) : nullptr;
    auto sessions = programme.sessions_of_match(id);
    long minutes = 0;
    for (const Session* s : sessions)
        if (s->status == SessionStatus::held) minutes += s->minutes;
    return {{"partner", p ? p->name : "?"},
            {"leader", l ? l->name + ", " + l->organisation : "?"},
            {"sessions", fmt::format("{} held ({} hours {} minutes)", held(sessions), minutes / 60,
                                     minutes % 60)}};
}

Table match_sessions(const Programme& programme, const std::string& id) {
    Table t;
    t.add_column("session");
    t.add_column("date");
    t.add_column("status");
    t.add_column("minutes", ColumnType::number);
    t.add_column("mode");
    for (const Session* s : programme.sessions_of_match(id))
        t.add_row({s->id, s->date.str(), std::string(word(s->status)), std::to_string(s->minutes),
                   s->mode});
    return t;
}

}  // namespace vfi

namespace vfi {
namespace {

std::size_t column_named(const Table& t, const std::string& name, const std::string& option) {
    auto at = std::find(t.columns.begin(), t.columns.end(), name);
    if (at != t.columns.end()) return static_cast<std::size_t>(at - t.columns.begin());
    std::string near = nearest(name, t.columns);
    throw Error(ExitCode::usage, {}, option, fmt::format("this listing has no column '{}'", name),
                near.empty() ? "its columns are " + join(t.columns, ", ")
                             : fmt::format("did you mean '{}'?", near));
}

}  // namespace

bool is_name_column(const std::string& column) {
    return column == "name" || column.ends_with("_name");
}

Table choose_columns(const Table& t, const std::vector<std::string>& fields, bool with_names,
                     const std::string& option) {
    std::vector<std::size_t> kept;
    for (const auto& f : fields)
        kept.push_back(column_named(t, f, option));
    if (fields.empty())
        for (std::size_t c = 0; c < t.columns.size(); ++c)
            if (with_names || !is_name_column(t.columns[c])) kept.push_back(c);
    Table out;
    for (std::size_t c : kept)
        out.add_column(t.columns[c], t.types[c]);
    for (const auto& row : t.rows) {
        std::vector<std::string> cells;
        for (std::size_t c : kept)
            cells.push_back(c < row.size() ? row[c] : std::string());
        out.add_row(std::move(cells));
    }
    return out;
}

void sort_rows(Table& t, const std::string& by, const std::string& option) {
    if (by.empty()) return;
    bool descending = by.starts_with('-');
    std::size_t c = column_named(t, descending ? by.substr(1) : by, option);
    bool figures = right_aligned(t.types[c]);
    auto key = [&](const std::vector<std::string>& row) {
        std::string cell = c < row.size() ? row[c] : std::string();
        // Figures compare as numbers do (`9` before `10`); an empty cell, or `*`, first.
        if (!figures) return std::pair(0.0, lower(cell));
        char* end = nullptr;
        double value = std::strtod(cell.c_str(), &end);
        bool number = !cell.empty() && end && *end == '\0';
        return std::pair(number ? value : -std::numeric_limits<double>::infinity(), cell);
    };
    std::stable_sort(t.rows.begin(), t.rows.end(), [&](const auto& a, const auto& b) {
        return descending ? key(b) < key(a) : key(a) < key(b);
    });
}

}  // namespace vfi
