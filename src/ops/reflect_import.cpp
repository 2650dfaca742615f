#include "vfi/ops/reflect_import.hpp"

#include <algorithm>
#include <map>
#include <set>

#include <fmt/format.h>

#include "vfi/base/csv.hpp"
#include "vfi/base/text.hpp"
#include "vfi/format/validate.hpp"
#include "vfi/model/records.hpp"
#include "vfi/ops/check.hpp"
#include "vfi/ops/reflections.hpp"
#include "vfi/yaml/yaml.hpp"

namespace vfi {
namespace {

const std::vector<std::string> map_keys = {"form",  "service", "response", "timestamp", "dates",
                                           "email", "stage",   "about",    "split",     "columns"};
const std::vector<std::string> text_fields = {"changing", "how", "why", "quote"};
const std::vector<std::string> list_fields = {"barriers", "enablers", "themes"};

[[noreturn]] void wrong(const std::string& file, int line, const std::string& key,
                        const std::string& message, const std::string& hint) {
    throw Error(ExitCode::bad_data, Location{file, line, 0}, key, message, hint);
}

// The text of a one-line value; a list or a map is a mistake.
std::string scalar_text(const std::string& file, const std::string& key, const yaml::Node& v) {
    if (v.is_null()) return {};
    if (!v.is_scalar())
        wrong(file, v.mark.line, key, "expected one value here",
              fmt::format("write `{}: VALUE` on one line", key));
    return trim(v.value);
}

// `values:` under a question: each answer as the form writes it, and what it stands for.
AnswerValues answer_values(const std::string& file, const std::string& key, const yaml::Node& v) {
    if (!v.is_map())
        wrong(file, v.mark.line, key, "expected each answer and what it stands for",
              "write e.g. `\"Before coaching\": baseline` indented under values");
    AnswerValues out;
    for (const auto& e : v.entries)
        out.push_back({e.key, scalar_text(file, key, e.value)});
    return out;
}

// What an answer of the list stands for must be allowed where it goes.
void check_values(const std::string& file, const FormColumn& c, const Vocabularies& vocabularies,
                  const yaml::Node& v) {
    for (std::size_t i = 0; i < c.values.size(); ++i) {
        const std::string& to = c.values[i].second;
        int line = v.entries[i].key_mark.line;
        auto bad = [&](const std::string& what, const std::string& hint) {
            wrong(file, line, c.column.key + ".values", fmt::format("'{}' is not {}", to, what),
                  hint);
        };
        if (c.field == "stage" && !vocabularies.contains("stages", to))
            bad("a stage", "write baseline, midpoint, end or ad-hoc");
        if (c.field == "themes" && !vocabularies.contains("themes", to)) {
            std::string near = nearest(to, *vocabularies.find("themes"));
            bad("one of the themes",
                fmt::format("{}to allow a new theme, add it to vocabularies.themes in vfi.yaml",
                            near.empty() ? "" : fmt::format("did you mean '{}'? Or, ", near)));
        }
        if (c.field == "quote_consent" && !parse_boolean(to)) bad("yes or no", "write yes or no");
        auto n = parse_integer(to);
        if (starts_with(c.field, "scores.") && (!n || *n < 1 || *n > 10))
            bad("a score from 1 to 10", "write a whole number from 1 to 10");
    }
}

// The field a question fills: one of the reflection's, or scores.NAME with NAME a score name.
void check_field(const std::string& file, int line, const std::string& field,
                 const Vocabularies& vocabularies) {
    if (starts_with(field, "scores.")) {
        std::string name = field.substr(7);
        // A leaders' form rates `scores`, a partners' their own `partner_scores`: each
        // response is checked against its respondent's list when it is written.
        if (vocabularies.contains("scores", name) || vocabularies.contains("partner_scores", name))
            return;
        std::vector<std::string> names = *vocabularies.find("scores");
        const auto& partners = *vocabularies.find("partner_scores");
        names.insert(names.end(), partners.begin(), partners.end());
        std::string near = nearest(name, names);
        wrong(file, line, "columns",
              fmt::format("'{}' is not one of the score names, {}", name, join(names, ", ")),
              fmt::format("{}to rate something new, add its name to vocabularies.scores (or, "
                          "for partners' own, vocabularies.partner_scores) in vfi.yaml",
                          near.empty() ? "" : fmt::format("did you mean 'scores.{}'? Or, ", near)));
    }
    std::vector<std::string> fields = text_fields;
    fields.insert(fields.end(), list_fields.begin(), list_fields.end());
    fields.push_back("quote_consent");
    if (std::find(fields.begin(), fields.end(), field) != fields.end()) return;
    std::string near = nearest(field, fields);
    wrong(file, line, "columns", fmt::format("'{}' is not a field a question can fill", field),
          near.empty() ? "write one of " + join(fields, ", ") + ", or scores.NAME"
                       : fmt::format("did you mean '{}'?", near));
}

std::optional<std::string> split_of(const std::string& file, const std::string& key,
                                    const yaml::Node& v) {
    std::string s = v.is_scalar() ? v.value : scalar_text(file, key, v);
    if (s == "no" || s == "none" || s == "false" || s.empty()) return std::string();
    return s;
}

// One entry of `columns:` (or `stage:` as a map): `QUESTION: FIELD`, or `QUESTION:` with
// `field`, `split` and `values` under it.
FormColumn form_column(const std::string& file, const yaml::Entry& e, const std::string& key,
                       const Vocabularies& vocabularies) {
    FormColumn c{MapColumn{e.key, e.key_mark.line, key}, {}, {}, {}};
    const yaml::Node* values = nullptr;
    if (e.value.is_map()) {
        for (const auto& sub : e.value.entries) {
            if (sub.key == "field")
                c.field = scalar_text(file, key + ".field", sub.value);
            else if (sub.key == "split")
                c.split = split_of(file, key + ".split", sub.value);
            else if (sub.key == "values")
                c.values = answer_values(file, key + ".values", *(values = &sub.value));
            else
                wrong(file, sub.key_mark.line, key,
                      fmt::format("'{}' is not something a question can say", sub.key),
                      "write field, split or values under it");
        }
        if (c.field.empty())
            wrong(file, e.key_mark.line, key, "the question says no field",
                  "write `field: FIELD` under it, e.g. `field: changing`");
    } else {
        c.field = scalar_text(file, key, e.value);
    }
    if (c.field.empty()) return c;  // left out
    check_field(file, e.key_mark.line, c.field, vocabularies);
    if (values) check_values(file, c, vocabularies, *values);
    return c;
}

void read_columns(FormMap& m, const yaml::Node& v, const Vocabularies& vocabularies) {
    if (!v.is_map() || v.entries.empty())
        wrong(m.file, v.mark.line, "columns", "expected each question and the field it fills",
              "write e.g. `\"What is changing for you?\": changing` indented under columns");
    std::set<std::string> filled;
    for (const auto& e : v.entries) {
        FormColumn c = form_column(m.file, e, "columns", vocabularies);
        if (c.field.empty()) {
            m.left_out.push_back(c.column);
            continue;
        }
        bool list = std::find(list_fields.begin(), list_fields.end(), c.field) != list_fields.end();
        if (!list && !filled.insert(c.field).second)
            wrong(m.file, e.key_mark.line, "columns", fmt::format("two questions fill {}", c.field),
                  "choose one; only barriers, enablers and themes take several questions");
        m.columns.push_back(std::move(c));
    }
}

void read_stage(FormMap& m, const yaml::Entry& e, const Vocabularies& vocabularies) {
    if (!e.value.is_map()) {
        m.stage = scalar_text(m.file, "stage", e.value);
        if (!m.stage.empty() && !vocabularies.contains("stages", m.stage))
            wrong(m.file, e.value.mark.line, "stage", fmt::format("'{}' is not a stage", m.stage),
                  "write baseline, midpoint, end or ad-hoc, or `column:` with the question that "
                  "says it");
        return;
    }
    const yaml::Node* column = e.value.find("column");
    if (!column || !column->is_scalar())
        wrong(m.file, e.key_mark.line, "stage", "the stage says no column",
              "write `column: QUESTION` under stage, or a stage: baseline, midpoint, end, ad-hoc");
    for (const auto& sub : e.value.entries)
        if (sub.key != "column" && sub.key != "values")
            wrong(m.file, sub.key_mark.line, "stage",
                  fmt::format("'{}' is not something the stage can say", sub.key),
                  "write column and values under it");
    FormColumn c{MapColumn{column->value, column->mark.line, "stage"}, "stage", {}, {}};
    if (const yaml::Node* values = e.value.find("values")) {
        c.values = answer_values(m.file, "stage.values", *values);
        check_values(m.file, c, vocabularies, *values);
    }
    m.stage_column = std::move(c);
}

std::optional<DateOrder> date_order(const std::string& file, const yaml::Node& v) {
    std::string s = scalar_text(file, "dates", v);
    if (s == "day-first") return DateOrder::day_first;
    if (s == "month-first") return DateOrder::month_first;
    wrong(file, v.mark.line, "dates", fmt::format("'{}' is not an order of dates", s),
          "write day-first (18/03/2024, a UK sheet) or month-first (3/18/2024, a US sheet)");
}

// What each service's export calls its columns, and how it writes them.
void service_defaults(FormMap& m, int line) {
    if (m.service == "microsoft") {
        if (!m.response) m.response = MapColumn{"ID", 0, "response"};
        if (m.timestamp.name.empty()) m.timestamp = {"Completion time", 0, "timestamp"};
        if (m.email.name.empty()) m.email = {"Email", 0, "email"};
        if (!m.dates) m.dates = DateOrder::month_first;
        if (m.separator.empty()) m.separator = ";";
    } else if (m.service == "google") {
        if (m.timestamp.name.empty()) m.timestamp = {"Timestamp", 0, "timestamp"};
        if (m.email.name.empty()) m.email = {"Email Address", 0, "email"};
        if (m.separator.empty()) m.separator = ",";
    } else if (!m.service.empty()) {
        wrong(m.file, line, "service", fmt::format("'{}' is not a service vfi knows", m.service),
              "write microsoft or google, or leave it out and name the columns yourself");
    }
    if (m.separator.empty()) m.separator = ";";
}

// What must be known whatever the service: the form's name, who answered, when.
void require_basics(const FormMap& m, int line) {
    if (m.form.empty())
        wrong(m.file, 1, "form", "the map file does not name the form",
              "add e.g. `form: baseline-2024`, a name kept in each reflection it imports");
    if (!valid_tag(m.form))
        wrong(m.file, 1, "form", fmt::format("'{}' is not a tag", m.form),
              fmt::format("write lower-case words joined by dashes, e.g. {}", to_tag(m.form)));
    if (m.email.name.empty())
        wrong(m.file, line, "email", "the map file does not say which column has the email",
              "add `email: COLUMN`, or `service: microsoft` or `service: google`");
    if (m.timestamp.name.empty())
        wrong(m.file, line, "timestamp",
              "the map file does not say which column has the time of each response",
              "add `timestamp: COLUMN`, or `service: microsoft` or `service: google`");
    if (!m.dates)
        wrong(m.file, line, "dates", "the map file does not say how the dates are written",
              "add `dates: day-first` (18/03/2024, a UK sheet) or `dates: month-first` "
              "(3/18/2024, a US sheet)");
    if (m.columns.empty())
        wrong(m.file, line, "columns", "no question fills a field",
              "list each question under columns with the field it fills");
}

}  // namespace

FormMap read_form_map(const std::string& text, const std::string& file,
                      const Vocabularies& vocabularies) {
    yaml::Node root = yaml::parse(text, file);
    FormMap m;
    m.file = file;
    if (!root.is_map())
        wrong(file, 1, {}, "expected `key: value` lines",
              "write the map file as in docs/format.md (Map files of online forms)");
    int service_line = 0;
    for (const auto& e : root.entries) {
        const std::string& k = e.key;
        auto col = [&] { return MapColumn{scalar_text(file, k, e.value), e.value.mark.line, k}; };
        if (k == "form")
            m.form = scalar_text(file, k, e.value);
        else if (k == "service") {
            m.service = scalar_text(file, k, e.value);
            service_line = e.value.mark.line;
        } else if (k == "response")
            m.response = col();
        else if (k == "timestamp")
            m.timestamp = col();
        else if (k == "email")
            m.email = col();
        else if (k == "dates")
            m.dates = date_order(file, e.value);
        else if (k == "split")
            m.separator = *split_of(file, k, e.value);
        else if (k == "stage")
            read_stage(m, e, vocabularies);
        else if (k == "about") {
            m.about = scalar_text(file, k, e.value);
            m.about_line = e.value.mark.line;
        } else if (k == "columns")
            read_columns(m, e.value, vocabularies);
        else {
            std::string near = nearest(k, map_keys);
            wrong(file, e.key_mark.line, k, "a map file has no such key",
                  near.empty() ? "the keys are " + join(map_keys, ", ")
                               : fmt::format("did you mean '{}'?", near));
        }
    }
    service_defaults(m, service_line);
    if (m.about.empty()) m.about = "programme";
    // What is missing is told at the service, whose defaults did not give it.
    require_basics(m, service_line ? service_line : 1);
    return m;
}

namespace {

// One or two digits (`07` is 7: times and days are written so), else nullopt.
std::optional<long> small_number(std::string_view text) {
    if (text.empty() || text.size() > 2) return std::nullopt;
    long n = 0;
    for (char c : text) {
        if (c < '0' || c > '9') return std::nullopt;
        n = n * 10 + (c - '0');
    }
    return n;
}

// `9:41:07`, `09:41`, `9:41:07 AM`: as `09:41:07`; "" when it is not a time.
std::string clock_time(std::string_view text) {
    std::string t = trim(text);
    bool pm = false, am = false;
    std::string up = lower(t);
    if (up.size() > 2 && (up.ends_with("pm") || up.ends_with("am"))) {
        pm = up.ends_with("pm");
        am = !pm;
        t = trim(t.substr(0, t.size() - 2));
    }
    auto parts = split_exact(t, ':');
    if (parts.size() < 2 || parts.size() > 3) return {};
    std::vector<long> n;
    for (const auto& p : parts) {
        auto v = small_number(p);
        if (!v) return {};
        n.push_back(*v);
    }
    if (n.size() == 2) n.push_back(0);
    if ((am || pm) && (n[0] < 1 || n[0] > 12)) return {};
    if (pm && n[0] != 12) n[0] += 12;
    if (am && n[0] == 12) n[0] = 0;
    if (n[0] > 23 || n[1] > 59 || n[2] > 59) return {};
    return fmt::format("{:02}:{:02}:{:02}", n[0], n[1], n[2]);
}

}  // namespace

std::optional<FormTime> parse_form_time(std::string_view text, DateOrder order) {
    std::string t = trim(text);
    auto gap = t.find_first_of(" T");
    std::string day = t.substr(0, gap);
    std::string time = gap == std::string::npos ? "00:00:00" : clock_time(t.substr(gap + 1));
    if (time.empty()) return std::nullopt;
    std::optional<Date> date = parse_date(day);
    if (!date) {
        auto parts = split_exact(day, '/');
        if (parts.size() != 3) return std::nullopt;
        auto a = small_number(parts[0]), b = small_number(parts[1]);
        std::optional<long> y;
        if (parts[2].size() == 2) {
            y = small_number(parts[2]);
            if (y) *y += 2000;  // Microsoft's export writes 2024 as 24
        } else if (parts[2].size() == 4 && parts[2][0] != '0') {
            y = parse_integer(parts[2]);
        }
        if (!a || !b || !y) return std::nullopt;
        long d = order == DateOrder::day_first ? *a : *b;
        long mo = order == DateOrder::day_first ? *b : *a;
        date = parse_date(fmt::format("{:04}-{:02}-{:02}", *y, mo, d));
        if (!date) return std::nullopt;
    }
    return FormTime{*date, date->str() + "T" + time};
}

namespace {

// A question, short enough to name in a message: one line, at most 40 characters.
std::string shown_column(std::string_view header) {
    std::string one;
    for (char c : header)
        if (c == '\n' || c == '\r' || c == '\t') {
            if (!one.empty() && one.back() != ' ') one += ' ';
        } else {
            one += c;
        }
    one = trim(one);
    if (one.size() <= 40) return one;
    std::size_t cut = 39;
    while (cut > 0 && (static_cast<unsigned char>(one[cut]) & 0xC0) == 0x80)
        --cut;
    return trim(one.substr(0, cut)) + "…";
}

// The column of the export a map file's column names: the one with the same heading (case,
// spaces and punctuation forgiven), else the one heading that starts so.
std::size_t find_column(const std::vector<std::string>& header, const MapColumn& c,
                        const std::string& map_file, const std::string& csv_file) {
    std::string want = column_key(c.name);
    std::vector<std::size_t> starting;
    for (std::size_t i = 0; i < header.size(); ++i) {
        std::string have = column_key(header[i]);
        if (have == want) return i;
        if (!want.empty() && starts_with(have, want)) starting.push_back(i);
    }
    if (starting.size() == 1) return starting.front();
    std::vector<std::string> shown;
    for (const auto& h : header)
        shown.push_back("'" + shown_column(h) + "'");
    if (starting.size() > 1)
        wrong(map_file, c.line, c.key,
              fmt::format("'{}' is the start of several columns of {}: '{}' and '{}'",
                          shown_column(c.name), csv_file, shown_column(header[starting[0]]),
                          shown_column(header[starting[1]])),
              "write more of the question");
    wrong(map_file, c.line, c.key,
          fmt::format("{} has no column '{}'", csv_file, shown_column(c.name)),
          c.line == 0 ? fmt::format("name it with `{}: COLUMN` in the map file; the columns are {}",
                                    c.key, join(shown, ", "))
                      : "the columns are " + join(shown, ", "));
}

// The columns every export of the service has, never a question.
bool service_column(const FormMap& m, const std::string& header) {
    static const std::vector<std::string> microsoft = {"id",    "start_time", "completion_time",
                                                       "email", "name",       "last_modified_time"};
    static const std::vector<std::string> google = {"timestamp", "email_address", "score"};
    const auto& known = m.service == "microsoft" ? microsoft : google;
    return !m.service.empty() &&
           std::find(known.begin(), known.end(), column_key(header)) != known.end();
}

// Where each column the map file names is in the export.
struct Layout {
    std::vector<std::string> header;
    std::size_t email = 0, timestamp = 0;
    std::optional<std::size_t> response, stage;
    std::vector<std::size_t> columns;  // as FormMap::columns
};

Layout layout_of(const FormMap& m, const std::vector<std::string>& header,
                 const std::string& csv_file, std::vector<std::string>& ignored) {
    Layout l;
    l.header = header;
    auto at = [&](const MapColumn& c) { return find_column(header, c, m.file, csv_file); };
    l.email = at(m.email);
    l.timestamp = at(m.timestamp);
    if (m.response) l.response = at(*m.response);
    if (m.stage_column) l.stage = at(m.stage_column->column);
    for (const auto& c : m.columns) {
        l.columns.push_back(at(c.column));
        if (l.columns.back() == l.email)
            wrong(m.file, c.column.line, "columns",
                  fmt::format("'{}' is the email column, and vfi never keeps a respondent's "
                              "email in a reflection",
                              shown_column(c.column.name)),
                  "leave it out of columns: the email only finds who answered");
    }
    // Two columns with one heading: which holds the answer (or the email) is a guess.
    std::vector<std::size_t> named(l.columns.begin(), l.columns.end());
    named.insert(named.end(), {l.email, l.timestamp});
    if (l.response) named.push_back(*l.response);
    if (l.stage) named.push_back(*l.stage);
    for (std::size_t i : named)
        for (std::size_t j = 0; j < header.size(); ++j)
            if (j != i && column_key(header[j]) == column_key(header[i]))
                throw Error(
                    ExitCode::bad_data, Location{csv_file, 1, 0}, shown_column(header[i]),
                    fmt::format("two columns are headed '{}' (columns {} and {})",
                                shown_column(header[i]), std::min(i, j) + 1, std::max(i, j) + 1),
                    "export the form again, or rename one of them in the file");
    std::set<std::size_t> used(l.columns.begin(), l.columns.end());
    used.insert({l.email, l.timestamp});
    if (l.response) used.insert(*l.response);
    if (l.stage) used.insert(*l.stage);
    for (const auto& c : m.left_out)
        used.insert(at(c));
    for (std::size_t i = 0; i < header.size(); ++i)
        if (!used.count(i) && !header[i].empty() && !service_column(m, header[i]))
            ignored.push_back(shown_column(header[i]));
    return l;
}

// Partners' and leaders' emails (trimmed, in lower case) and whose they are.
std::map<std::string, std::vector<std::string>> people_by_email(const RecordStore& store) {
    std::map<std::string, std::vector<std::string>> out;
    for (Kind kind : {Kind::partner, Kind::leader})
        for (const auto& r : store.records(kind))
            if (std::string email = lower(trim(field_text(r.doc, "contact.email"))); !email.empty())
                out[email].push_back(r.id);
    return out;
}

// One response: its line's problem, thrown with the column it is in.
struct RowProblem {
    std::string column;
    std::string message, hint;
};
[[noreturn]] void row_wrong(std::string column, std::string message, std::string hint) {
    throw RowProblem{std::move(column), std::move(message), std::move(hint)};
}

// Everything the rows share while they are read.
struct Reading {
    const RecordStore& store;
    const FormMap& map;
    const Layout& layout;
    std::string about;
    std::map<std::string, std::vector<std::string>> emails;
    // The form's responses already in a reflection: which, and by whom.
    std::map<std::string, std::pair<std::string, std::string>> imported;
    std::map<std::string, int> seen;  // response -> its line in this file
    std::set<std::string> ids;        // reflection ids taken
};

std::string person_of(const Reading& r, const std::string& cell) {
    std::string column = shown_column(r.layout.header[r.layout.email]);
    std::string email = lower(trim(cell));
    if (email.empty() || email == "anonymous")
        row_wrong(column, "the response gives no email, so vfi cannot tell who answered",
                  "ask them to answer again signed in, or add their reflection with `vfi reflect "
                  "add`; the form must record each respondent's email");
    auto found = r.emails.find(email);
    if (found == r.emails.end())
        row_wrong(column,
                  "no partner or leader has this email (not repeated here, as emails are "
                  "confidential)",
                  "add it to the person's record, with `vfi leader set ID contact.email=...` or "
                  "`vfi partner set ID contact.email=...`, and import again");
    if (found->second.size() > 1)
        row_wrong(column,
                  fmt::format("{} all have this email, so vfi cannot tell who answered",
                              join(found->second, ", ")),
                  "correct the email on the records that are not theirs, with `vfi partner set` "
                  "or `vfi leader set`");
    return found->second.front();
}

// The parts of `text` between separators, each trimmed, empty ones dropped.
std::vector<std::string> split_on(std::string_view text, std::string_view sep) {
    std::vector<std::string> out;
    std::size_t from = 0;
    while (from <= text.size()) {
        std::size_t to = text.find(sep, from);
        if (to == std::string_view::npos) to = text.size();
        if (std::string part = trim(text.substr(from, to - from)); !part.empty())
            out.push_back(part);
        from = to + sep.size();
    }
    return out;
}

// What an answer stands for, in `values` (answers compared as headings are).
std::optional<std::string> value_of(const AnswerValues& values, std::string_view answer) {
    std::string key = column_key(answer);
    for (const auto& [a, v] : values)
        if (column_key(a) == key) return v;
    return std::nullopt;
}

// The answers ticked in one cell, each as `values` has it (or as written when it has none).
// Parts are joined again to find an answer with the separator in it: Google joins ticked
// boxes with ", ", whatever commas the answers hold.
std::vector<std::string> answers(const Reading& r, const FormColumn& c, const std::string& cell) {
    std::string sep = trim(c.split ? *c.split : r.map.separator);
    std::vector<std::string> parts =
        sep.empty() ? std::vector<std::string>{trim(cell)} : split_on(cell, sep);
    if (c.values.empty()) return parts;
    std::vector<std::string> out;
    for (std::size_t i = 0; i < parts.size();) {
        std::size_t j = parts.size();
        std::optional<std::string> found;
        while (j > i && !found) {
            std::vector<std::string> some(parts.begin() + static_cast<long>(i),
                                          parts.begin() + static_cast<long>(j));
            if (!(found = value_of(c.values, join(some, sep + " ")))) --j;
        }
        if (!found)
            row_wrong(
                shown_column(c.column.name),
                fmt::format("'{}' is not one of the answers listed under its values", parts[i]),
                fmt::format("add it under values in {} (line {}), with what it stands for",
                            r.map.file, c.column.line));
        out.push_back(*found);
        i = j;
    }
    return out;
}

// A cell's answer to a one-answer question, as `values` has it (or as written).
std::string one_answer(const FormColumn& c, const std::string& cell, const std::string& file) {
    if (c.values.empty()) return cell;
    if (auto v = value_of(c.values, cell)) return *v;
    row_wrong(shown_column(c.column.name),
              fmt::format("'{}' is not one of the answers listed under its values", cell),
              fmt::format("add it under values in {} (line {}), with what it stands for", file,
                          c.column.line));
}

// What one question's answer gives the reflection.
void take_answer(const Reading& r, const FormColumn& c, const std::string& cell,
                 ReflectionInput& in) {
    const std::string& f = c.field;
    if (f == "changing")
        in.changing = cell;
    else if (f == "how")
        in.how = cell;
    else if (f == "why")
        in.why = cell;
    else if (f == "quote")
        in.quote = cell;
    else if (f == "barriers" || f == "enablers") {
        auto items = answers(r, c, cell);
        auto& list = f == "barriers" ? in.barriers : in.enablers;
        list.insert(list.end(), items.begin(), items.end());
    } else if (f == "themes") {
        for (const auto& t : answers(r, c, cell))
            in.themes.push_back(c.values.empty() ? to_tag(t) : t);
    } else if (f == "quote_consent") {
        std::string yes = one_answer(c, cell, r.map.file);
        auto b = parse_boolean(lower(yes));
        if (!b)
            row_wrong(shown_column(c.column.name), fmt::format("'{}' is not yes or no", yes),
                      fmt::format("list its answers under values in {} (line {}), each with yes "
                                  "or no",
                                  r.map.file, c.column.line));
        in.quote_consent = *b;
    } else if (starts_with(f, "scores.")) {
        in.scores.push_back(f.substr(7) + "=" + one_answer(c, cell, r.map.file));
    }
}

bool says_nothing(const ReflectionInput& in) {
    return in.changing.empty() && in.how.empty() && in.why.empty() && in.barriers.empty() &&
           in.enablers.empty() && in.themes.empty() && in.quote.empty() && in.scores.empty();
}

// The column that gave a field of the reflection, for a problem with it.
std::string column_for(const Reading& r, const std::string& field) {
    if (field == "date") return shown_column(r.layout.header[r.layout.timestamp]);
    if (field == "stage" && r.map.stage_column)
        return shown_column(r.map.stage_column->column.name);
    for (const auto& c : r.map.columns)
        if (c.field == field || starts_with(field, c.field + ".") ||
            (c.field == "quote" && starts_with(field, "quotes")))
            return shown_column(c.column.name);
    return field;
}

std::string cell_at(const CsvRow& row, std::size_t i) {
    return i < row.cells.size() ? row.cells[i] : std::string();
}

// When the response was given: its day, and the moment that tells it from others.
FormTime time_of(const Reading& r, const CsvRow& row) {
    std::string cell = cell_at(row, r.layout.timestamp);
    bool day_first = *r.map.dates == DateOrder::day_first;
    if (auto t = parse_form_time(cell, *r.map.dates)) return *t;
    row_wrong(shown_column(r.layout.header[r.layout.timestamp]),
              fmt::format("'{}' is not a date and time written {} ({})", cell,
                          day_first ? "day first" : "month first",
                          day_first ? "18/03/2024 09:41:07" : "3/18/2024 9:41:07"),
              fmt::format("the map file says `dates: {}`; if the export writes them {} first, "
                          "write `dates: {}` in {}",
                          day_first ? "day-first" : "month-first", day_first ? "month" : "day",
                          day_first ? "month-first" : "day-first", r.map.file));
}

// The checks of the write gate that one new reflection can be held to alone, and the two
// between records that a response can break: a quote the partner said no to, a match that is
// not theirs.
void check_as_written(const Reading& r, const std::string& id, const yaml::Node& doc,
                      const Date& today) {
    std::vector<Problem> problems;
    const std::string file = record_path(Kind::reflection, id);
    validate_record(Kind::reflection, doc, file, id, r.store.settings().vocabularies, problems);
    if (problems.empty()) check_record(Record{Kind::reflection, id, file, doc}, today, problems);
    if (!problems.empty())
        row_wrong(column_for(r, problems.front().field), problems.front().message,
                  problems.front().hint);
    // What the write gate refuses of the text itself (a control character, a record over the
    // limit): told at the row, so --dry-run and --skip-invalid see it.
    try {
        yaml::emit_checked(normalise(Kind::reflection, doc), file);
    } catch (const Error& e) {
        row_wrong(column_for(r, e.field()), e.message(),
                  "correct the cell in the export, or leave the row out with --skip-invalid");
    }
    Reflection x = to_reflection(Record{Kind::reflection, id, file, doc});
    if (const Record* m = r.store.find(x.about); m && m->kind == Kind::match) {
        Match match = to_match(*m);
        if (x.by != match.partner && x.by != match.leader)
            row_wrong(shown_column(r.layout.header[r.layout.email]),
                      fmt::format("{} answered, but the map file's about is {}, the match of {} "
                                  "and {}",
                                  x.by, match.id, match.partner, match.leader),
                      "import only their match's responses, or write `about: programme`");
    }
    const Record* by = r.store.find(x.by);
    if (!by || by->kind != Kind::partner) return;
    Partner partner = to_partner(*by);
    for (const auto& q : x.quotes)
        if (q.consent && !quote_may_be_used(q, &partner))
            row_wrong(column_for(r, "quotes"),
                      fmt::format("the answer says they may be quoted, but {} said they may not "
                                  "(consent.quotes: false on their record)",
                                  x.by),
                      fmt::format("ask them; if they have since agreed, `vfi partner set {} "
                                  "consent.quotes=true` and import again",
                                  x.by));
}

// Who answered, and the response's id: the export's own, or (Google's, which has none) the
// moment it was given and who gave it, as two people may answer in the same second. Nullopt
// when the response was imported before: by the same person, or by one whose email is gone
// (forgotten); by another person, it is a problem, never a response quietly dropped.
std::optional<std::pair<std::string, std::string>> respondent(const Reading& r, const CsvRow& row,
                                                              const FormTime& time) {
    std::string response = r.layout.response ? cell_at(row, *r.layout.response) : time.moment;
    if (response.empty())
        row_wrong(shown_column(r.layout.header[*r.layout.response]), "the response has no id",
                  "check the row: every response of the export has one");
    std::string person;
    try {
        person = person_of(r, cell_at(row, r.layout.email));
    } catch (const RowProblem&) {
        auto near = r.imported.lower_bound(response);
        bool known = near != r.imported.end() &&
                     (near->first == response || starts_with(near->first, response + " "));
        if (known) return std::nullopt;
        throw;
    }
    if (!r.layout.response) {
        // An id kept as the moment alone (before the respondent was part of it), by them.
        if (auto old = r.imported.find(response);
            old != r.imported.end() && old->second.second == person)
            return std::nullopt;
        response += " " + person;
    }
    auto it = r.imported.find(response);
    if (it == r.imported.end()) return std::pair{response, person};
    if (it->second.second == person) return std::nullopt;
    row_wrong(
        shown_column(r.layout.header[r.layout.response ? *r.layout.response : r.layout.timestamp]),
        fmt::format("response {} of form {} is already in {}, by {}, but {} gave this one",
                    response, r.map.form, it->second.first, it->second.second, person),
        fmt::format("check that {} came from this form's export; if not, remove it (`vfi "
                    "reflect remove {}`) and import again",
                    it->second.first, it->second.first));
}

// One response as a new reflection; nullopt when it was imported before.
std::optional<ReflectImportRow> read_row(Reading& r, const CsvRow& row, const Date& today) {
    FormTime time = time_of(r, row);
    auto who = respondent(r, row, time);
    if (!who) return std::nullopt;
    auto [response, person] = *who;
    if (auto [earlier, added] = r.seen.insert({response, row.line}); !added)
        row_wrong(r.layout.response ? shown_column(r.layout.header[*r.layout.response])
                                    : shown_column(r.layout.header[r.layout.timestamp]),
                  fmt::format("the same response as the row on line {}", earlier->second),
                  "remove one of the two rows");
    ReflectionInput in;
    in.by = person;
    in.about = r.about;
    in.date = time.date.str();
    in.stage = r.map.stage;
    if (r.layout.stage)
        if (std::string cell = cell_at(row, *r.layout.stage); !cell.empty()) {
            std::string stage = one_answer(*r.map.stage_column, cell, r.map.file);
            in.stage = r.map.stage_column->values.empty() ? to_tag(stage) : stage;
        }
    for (std::size_t i = 0; i < r.map.columns.size(); ++i)
        if (std::string cell = cell_at(row, r.layout.columns[i]); !cell.empty())
            take_answer(r, r.map.columns[i], cell, in);
    if (says_nothing(in))
        row_wrong({}, "the response answers none of the questions the map file names",
                  "leave it out with --skip-invalid, or check the questions under columns in " +
                      r.map.file);
    std::string id;
    do
        id = random_id(Kind::reflection);
    while (r.ids.count(id));
    yaml::Node doc;
    try {
        doc = new_reflection(r.store, id, in, today);
    } catch (const Error& e) {
        row_wrong(column_for(r, e.field()), e.message(), e.hint());
    }
    auto source = yaml::Node::map();
    source.set("form", yaml::Node::plain(r.map.form));
    source.set("response", yaml::Node::text(response));
    doc.set("source", source);
    check_as_written(r, id, doc, today);
    r.ids.insert(id);
    return ReflectImportRow{row.line, id, std::move(doc)};
}

// The map file's `about`, as an id or `programme`; a mistake is told at its line.
std::string about_of(const RecordStore& store, const FormMap& map) {
    try {
        return reflection_about(store, map.about);
    } catch (const Error& e) {
        wrong(map.file, map.about_line, "about", e.message(), e.hint());
    }
}

// The responses of the form already imported, by the id kept in their reflection's source.
std::map<std::string, std::pair<std::string, std::string>> imported_responses(
    const RecordStore& store, const std::string& form) {
    std::map<std::string, std::pair<std::string, std::string>> out;
    for (const auto& r : store.records(Kind::reflection))
        if (field_text(r.doc, "source.form") == form)
            out[field_text(r.doc, "source.response")] = {r.id, field_text(r.doc, "by")};
    return out;
}

// A time that only the other order reads (`30/10/2024 09:41` month first) shows the whole
// file's dates are written the other way: every row's would be read wrongly (1/11 as 11
// January), so the file is refused, --skip-invalid or not.
void require_date_order(const FormMap& map, const Layout& layout, const std::vector<CsvRow>& rows,
                        const std::string& csv_file) {
    DateOrder other =
        *map.dates == DateOrder::day_first ? DateOrder::month_first : DateOrder::day_first;
    bool day_first = *map.dates == DateOrder::day_first;
    for (std::size_t i = 1; i < rows.size(); ++i) {
        std::string cell = cell_at(rows[i], layout.timestamp);
        if (parse_form_time(cell, *map.dates) || !parse_form_time(cell, other)) continue;
        throw Error(
            ExitCode::bad_data, Location{csv_file, rows[i].line, 0},
            shown_column(layout.header[layout.timestamp]),
            fmt::format("'{}' can only be read {} first, so this export writes its dates {} "
                        "first and every row's date would be read wrongly",
                        cell, day_first ? "month" : "day", day_first ? "month" : "day"),
            fmt::format("write `dates: {}` in {} and import again (nothing was imported)",
                        day_first ? "month-first" : "day-first", map.file));
    }
}

}  // namespace

ReflectImportPlan plan_reflect_import(const RecordStore& store, const FormMap& map,
                                      const std::string& csv_text, const std::string& csv_file,
                                      const Date& today) {
    ReflectImportPlan plan;
    auto rows = parse_csv(csv_text, csv_file);
    if (rows.empty())
        throw Error(ExitCode::bad_data, Location{csv_file, 0, 0}, {}, "the file has no rows",
                    "export the form's responses again: the first row names the questions");
    Layout layout = layout_of(map, rows.front().cells, csv_file, plan.ignored);
    require_date_order(map, layout, rows, csv_file);
    Reading r{store,
              map,
              layout,
              about_of(store, map),
              people_by_email(store),
              imported_responses(store, map.form),
              {},
              {}};
    for (auto& id : store.ids(Kind::reflection))
        r.ids.insert(std::move(id));
    const std::size_t columns = layout.header.size();
    for (std::size_t i = 1; i < rows.size(); ++i) {
        const CsvRow& row = rows[i];
        auto problem = [&](std::string field, std::string message, std::string hint) {
            plan.problems.push_back(Problem{Location{csv_file, row.line, 0}, std::move(field),
                                            std::move(message), std::move(hint)});
        };
        if (row.cells.size() > columns &&
            std::any_of(row.cells.begin() + static_cast<long>(columns), row.cells.end(),
                        [](const std::string& c) { return !c.empty(); })) {
            problem({},
                    fmt::format("the row has {} cells but the first row names {} columns",
                                row.cells.size(), columns),
                    "check for a comma inside a cell that is not in quotes");
            continue;
        }
        try {
            if (auto made = read_row(r, row, today))
                plan.rows.push_back(std::move(*made));
            else
                ++plan.already;
        } catch (const RowProblem& p) {
            problem(p.column, p.message, p.hint);
        } catch (const Error& e) {
            problem(e.field(), e.message(), e.hint());
        }
    }
    return plan;
}

}  // namespace vfi
