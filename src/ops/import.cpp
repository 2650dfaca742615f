#include "vfi/ops/import.hpp"

#include <algorithm>
#include <map>
#include <set>

#include <fmt/format.h>

#include "vfi/base/csv.hpp"
#include "vfi/base/text.hpp"
#include "vfi/format/field_input.hpp"
#include "vfi/ops/check.hpp"
#include "vfi/ops/people.hpp"

namespace vfi {
namespace {

// Headers teams use for fields named otherwise here.
const std::vector<std::pair<std::string, std::string>>& aliases() {
    static const std::vector<std::pair<std::string, std::string>> list = {
        {"full_name", "name"},
        {"email", "contact.email"},
        {"e_mail", "contact.email"},
        {"email_address", "contact.email"},
        {"phone", "contact.phone"},
        {"telephone", "contact.phone"},
        {"mobile", "contact.phone"},
        {"phone_number", "contact.phone"},
        {"job_title", "title"},
        {"role", "title"},
        {"organization", "organisation"},
        {"org", "organisation"},
        {"date_joined", "joined"},
        {"joined_date", "joined"},
        {"enquiry_date", "enquired"},
        {"date_of_enquiry", "enquired"},
        {"date_left", "left"},
        {"access_requirements", "access_needs"},
        {"reasonable_adjustments", "access_needs"},
        {"meeting_modes", "modes"},
        {"programme", "cohort"},
    };
    return list;
}

}  // namespace

std::string field_for_header(Kind kind, const std::string& header) {
    std::string h = column_key(header);
    if (h.empty()) return {};
    auto keys = settable_keys(kind);
    for (const auto& key : keys)
        if (column_key(key) == h) return key;
    for (const auto& [alias, key] : aliases())
        if (alias == h && std::find(keys.begin(), keys.end(), key) != keys.end()) return key;
    // The last part of a grouped field, when only one field ends so: `Completed` is
    // training.completed.
    std::string found;
    for (const auto& key : keys) {
        auto dot = key.rfind('.');
        if (dot != std::string::npos && column_key(key.substr(dot + 1)) == h) {
            if (!found.empty()) return {};
            found = key;
        }
    }
    return found;
}

ImportPlan plan_import(const RecordStore& store, Kind kind, const std::string& csv_text,
                       const std::string& file, const ImportOptions& options) {
    ImportPlan plan;
    auto rows = parse_csv(csv_text, file);
    if (rows.empty())
        throw Error(ExitCode::bad_data, Location{file, 0, 0}, {}, "the file has no rows",
                    "the first row names the columns, e.g. Name,Email,Region");
    const auto& header = rows.front().cells;
    auto keys = settable_keys(kind);

    for (const auto& [column, field] : options.map) {
        std::string wanted = column_key(column);  // (clang 14 cannot capture a structured binding)
        bool found = std::any_of(header.begin(), header.end(),
                                 [&](const std::string& h) { return column_key(h) == wanted; });
        if (!found)
            throw Error(ExitCode::usage, {}, "--map",
                        fmt::format("the file has no column '{}'", column),
                        "its columns are " + join(header, ", "));
        if (!field.empty() && std::find(keys.begin(), keys.end(), field) == keys.end()) {
            std::string near = nearest(field, keys);
            throw Error(ExitCode::usage, {}, "--map",
                        fmt::format("'{}' is not a {} field", field, kind_name(kind)),
                        near.empty() ? "the fields are " + join(keys, ", ")
                                     : fmt::format("did you mean '{}'?", near));
        }
    }
    std::set<std::string> used;
    for (const auto& h : header) {
        std::string field = field_for_header(kind, h);
        for (const auto& [column, mapped] : options.map)
            if (column_key(column) == column_key(h)) field = mapped;
        if (field == "id") field.clear();  // vfi makes the ids
        if (!field.empty() && !used.insert(field).second)
            throw Error(ExitCode::usage, Location{file, rows.front().line, 0}, {},
                        fmt::format("two columns would fill {} (the second is '{}')", field, h),
                        fmt::format("choose one with --map \"{}=\" to leave the other out", h));
        bool left_out = std::any_of(options.map.begin(), options.map.end(), [&](const auto& m) {
            return column_key(m.first) == column_key(h) && m.second.empty();
        });
        if (field.empty() && !h.empty() && !left_out) plan.ignored.push_back(h);
        plan.columns.push_back({h, field});
    }
    if (std::none_of(plan.columns.begin(), plan.columns.end(),
                     [](const auto& c) { return c.second == "name"; }))
        throw Error(ExitCode::usage, Location{file, rows.front().line, 0}, {},
                    "no column gives the name",
                    "name the column Name, or use --map \"YOUR COLUMN=name\"");

    std::set<std::string> ids;
    for (const auto& id : store.ids(kind))
        ids.insert(id);
    const Date& today = options.today;
    std::map<Kind, std::set<std::string, std::less<>>> known;  // the ids of each kind named
    auto named = [&](std::string_view other) {
        Kind k = *kind_of_id(other);
        if (!known.count(k))
            for (auto& i : store.ids(k))
                known[k].insert(std::move(i));
        return known[k].count(other) != 0;
    };
    for (std::size_t r = 1; r < rows.size(); ++r) {
        const auto& row = rows[r];
        std::vector<Assignment> values;
        for (std::size_t c = 0; c < plan.columns.size() && c < row.cells.size(); ++c)
            if (!plan.columns[c].second.empty() && !row.cells[c].empty())
                values.push_back(
                    Assignment{plan.columns[c].second, row.cells[c], plan.columns[c].first});
        if (row.cells.size() > header.size() &&
            std::any_of(row.cells.begin() + static_cast<long>(header.size()), row.cells.end(),
                        [](const std::string& c) { return !c.empty(); })) {
            plan.problems.push_back(
                Problem{Location{file, row.line, 0},
                        {},
                        fmt::format("the row has {} cells but the header names {} columns",
                                    row.cells.size(), header.size()),
                        "check for a comma inside a cell that is not in quotes"});
            continue;
        }
        std::string id;
        do
            id = random_id(kind);
        while (ids.count(id));
        try {
            yaml::Node doc =
                new_person(kind, id, values, store.settings().vocabularies, today, options.since);
            std::string duplicate;
            for (const auto& existing : store.records(kind))
                if (same_person(existing.doc, doc)) duplicate = existing.id;
            for (const auto& earlier : plan.rows)
                if (same_person(earlier.doc, doc))
                    duplicate = fmt::format("the row on line {}", earlier.line);
            if (!duplicate.empty()) {
                plan.problems.push_back(
                    Problem{Location{file, row.line, 0},
                            {},
                            fmt::format("the same person (name and email) as {}", duplicate),
                            "remove the row, or use --skip-invalid to import the others"});
                continue;
            }
            // What the row names must exist (a conflict with a leader id), as the write gate
            // will insist: told here, by line, so --dry-run and --skip-invalid see it.
            std::vector<Problem> missing;
            missing_references(Record{kind, id, file, doc}, named, missing);
            if (!missing.empty()) {
                for (auto& p : missing)
                    p.where = Location{file, row.line, 0};
                plan.problems.push_back(std::move(missing.front()));
                continue;
            }
            ids.insert(id);
            plan.rows.push_back(ImportRow{row.line, id, std::move(doc)});
        } catch (const Error& e) {
            plan.problems.push_back(
                Problem{Location{file, row.line, 0}, e.field(), e.message(), e.hint()});
        }
    }
    return plan;
}

}  // namespace vfi
