#include "vfi/model/records.hpp"

#include <algorithm>

#include <fmt/format.h>

#include "vfi/base/money.hpp"
#include "vfi/base/text.hpp"
#include "vfi/format/validate.hpp"

namespace vfi {

const yaml::Node* field_node(const yaml::Node& doc, std::string_view key) {
    const yaml::Node* node = &doc;
    while (node && node->is_map()) {
        auto dot = key.find('.');
        node = node->find(key.substr(0, dot));
        if (dot == std::string_view::npos) return node;
        key = key.substr(dot + 1);
    }
    return nullptr;
}

std::string field_text(const yaml::Node& doc, std::string_view key) {
    const yaml::Node* n = field_node(doc, key);
    return n && n->is_scalar() ? n->value : std::string();
}

std::optional<Date> field_date(const yaml::Node& doc, std::string_view key) {
    const yaml::Node* n = field_node(doc, key);
    return n && n->is_scalar() ? parse_date(n->value) : std::nullopt;
}

std::vector<std::string> field_list(const yaml::Node& doc, std::string_view key) {
    std::vector<std::string> out;
    const yaml::Node* n = field_node(doc, key);
    if (!n) return out;
    if (n->is_scalar()) out.push_back(n->value);
    for (const auto& item : n->items)
        if (item.is_scalar()) out.push_back(item.value);
    return out;
}

namespace {

long field_integer(const yaml::Node& doc, std::string_view key) {
    auto n = parse_integer(field_text(doc, key));
    return n ? *n : 0;
}

// What an older record's dates say of its story, as (date field, status) pairs; a final status
// from its leaving date only when its status is final.
std::vector<std::pair<const char*, std::string>> dated_fields(Kind kind,
                                                              const std::string& status) {
    auto word_of = [](auto value) { return std::string(word(value)); };
    switch (kind) {
        case Kind::partner: {
            std::vector<std::pair<const char*, std::string>> out = {
                {"joined", word_of(PartnerStatus::active)}};
            if (final(parse_word<PartnerStatus>(status))) out.emplace_back("left", status);
            return out;
        }
        case Kind::leader: {
            std::vector<std::pair<const char*, std::string>> out = {
                {"enquired", word_of(LeaderStatus::enquiry)}};
            if (final(parse_word<LeaderStatus>(status))) out.emplace_back("left", status);
            return out;
        }
        case Kind::match: {
            std::vector<std::pair<const char*, std::string>> out = {
                {"proposed", word_of(MatchStatus::proposed)},
                {"started", word_of(MatchStatus::active)}};
            if (final(parse_word<MatchStatus>(status))) out.emplace_back("ended", status);
            return out;
        }
        default:
            return {};
    }
}

template <Worded E>
History<E> typed_history(Kind kind, const yaml::Node& doc) {
    History<E> h;
    for (const auto& step : history_words(kind, doc))
        if (auto status = parse_word<E>(step.status)) h.steps.push_back({step.date, *status});
    return h;
}

}  // namespace

std::vector<WordStep> history_words(Kind kind, const yaml::Node& doc) {
    std::vector<WordStep> steps;
    if (const yaml::Node* h = doc.find("history"); h && h->is_sequence()) {
        for (const auto& item : h->items) {
            std::string status = field_text(item, "status");
            std::string date = field_text(item, "date");
            auto when = parse_date(date);
            if (status.empty() || (!date.empty() && !when)) continue;
            steps.push_back({when.value_or(Date{}), status});
        }
        return steps;
    }
    std::string status = field_text(doc, "status");
    for (const auto& [key, step_status] : dated_fields(kind, status))
        if (auto when = field_date(doc, key)) steps.push_back({*when, step_status});
    std::stable_sort(steps.begin(), steps.end(),
                     [](const WordStep& a, const WordStep& b) { return a.date < b.date; });
    if (!status.empty() && (steps.empty() || steps.back().status != status))
        steps.push_back({steps.empty() ? Date{} : steps.back().date, status});
    return steps;
}

Partner to_partner(const Record& r) {
    const auto& d = r.doc;
    Partner p;
    p.id = r.id;
    p.name = field_text(d, "name");
    p.status = parse_word<PartnerStatus>(field_text(d, "status"));
    p.history = typed_history<PartnerStatus>(Kind::partner, d);
    p.region = field_text(d, "region");
    p.joined = field_date(d, "joined");
    p.left = field_date(d, "left");
    p.training_completed = field_date(d, "training.completed");
    p.roles = field_list(d, "roles");
    p.lived_experience = field_list(d, "lived_experience");
    p.interests = field_list(d, "interests");
    p.modes = field_list(d, "modes");
    p.conflicts = field_list(d, "conflicts");
    // One leader at a time unless the record says otherwise.
    auto capacity = parse_integer(field_text(d, "capacity"));
    p.capacity = capacity ? *capacity : 1;
    p.payment_eligible = parse_boolean(field_text(d, "payment.eligible"));
    p.pay_preference =
        parse_word<PayPreference>(field_text(d, "payment.preference")).value_or(PayPreference::fee);
    p.limit.rule = field_text(d, "payment.limit.rule");
    p.limit.pay_up_to = parse_pence(field_text(d, "payment.limit.weekly_pay_up_to"));
    if (auto hours = parse_integer(field_text(d, "payment.limit.weekly_hours_under")))
        p.limit.minutes_under = *hours * 60;
    p.limit.from = field_date(d, "payment.limit.from");
    p.consent_quotes = parse_boolean(field_text(d, "consent.quotes"));
    if (parse_boolean(field_text(d, "consent.equality")).value_or(false)) {
        auto& e = p.equality.emplace();
        for (const auto& q : equality_questions)
            e.*q.answer = field_text(d, "equality." + std::string(q.key));
    }
    p.forgotten = d.find("forgotten") != nullptr;
    p.contributor = parse_boolean(field_text(d, "contributor")).value_or(false);
    return p;
}

Leader to_leader(const Record& r) {
    const auto& d = r.doc;
    Leader l;
    l.id = r.id;
    l.name = field_text(d, "name");
    l.organisation = field_text(d, "organisation");
    l.sector = field_text(d, "sector");
    l.region = field_text(d, "region");
    l.cohort = field_text(d, "cohort");
    l.status = parse_word<LeaderStatus>(field_text(d, "status"));
    l.history = typed_history<LeaderStatus>(Kind::leader, d);
    l.enquired = field_date(d, "enquired");
    l.focus = field_list(d, "focus");
    l.modes = field_list(d, "modes");
    l.forgotten = d.find("forgotten") != nullptr;
    return l;
}

Match to_match(const Record& r) {
    const auto& d = r.doc;
    Match m;
    m.id = r.id;
    m.partner = field_text(d, "partner");
    m.leader = field_text(d, "leader");
    m.status = parse_word<MatchStatus>(field_text(d, "status"));
    m.history = typed_history<MatchStatus>(Kind::match, d);
    m.group = field_text(d, "group");
    m.end_category = field_text(d, "end_category");
    m.proposed = field_date(d, "proposed");
    m.started = field_date(d, "started");
    m.ended = field_date(d, "ended");
    m.planned_sessions = field_integer(d, "planned_sessions");
    return m;
}

Session to_session(const Record& r) {
    const auto& d = r.doc;
    Session s;
    s.id = r.id;
    std::string type = field_text(d, "type");
    s.type = type.empty() ? SessionType::coaching : parse_word<SessionType>(type);
    s.match = field_text(d, "match");
    s.group = field_text(d, "group");
    s.mode = field_text(d, "mode");
    s.status = parse_word<SessionStatus>(field_text(d, "status"));
    s.cancel_category = field_text(d, "cancel_category");
    s.missed = parse_word<Missed>(field_text(d, "missed"));
    s.partners = field_list(d, "partners");
    s.leaders = field_list(d, "leaders");
    s.topics = field_list(d, "topics");
    s.fee_declined = field_list(d, "fee_declined");
    s.date = field_date(d, "date").value_or(Date{});
    s.minutes = field_integer(d, "minutes");
    s.again = parse_boolean(field_text(d, "again")).value_or(false);
    if (const yaml::Node* expenses = d.find("expenses"); expenses && expenses->is_sequence())
        for (const auto& e : expenses->items) {
            std::string amount = field_text(e, "amount"), miles = field_text(e, "miles");
            s.expenses.push_back({.partner = field_text(e, "partner"),
                                  .receipt = field_text(e, "receipt"),
                                  .kind = parse_word<ExpenseKind>(field_text(e, "kind")),
                                  .pence = amount.empty() ? std::nullopt : parse_pence(amount),
                                  .hundredths = miles.empty() ? std::nullopt : parse_pence(miles),
                                  .approved = field_date(e, "approved")});
        }
    return s;
}

namespace {

void put_date(std::string& out, const Date& d) {
    bytes::put_number(out, static_cast<unsigned long long>(d.year));
    bytes::put_number(out, static_cast<unsigned long long>(d.month));
    bytes::put_number(out, static_cast<unsigned long long>(d.day));
}

bool get_date(bytes::Reader& in, Date& d) {
    auto year = in.number(), month = in.number(), day = in.number();
    if (year > 9999 || month > 12 || day > 31) return false;
    d = Date{static_cast<int>(year), static_cast<int>(month), static_cast<int>(day)};
    return in.ok;
}

// An optional as a flag, then the value.
template <class T, class Put>
void put_optional(std::string& out, const std::optional<T>& v, Put put) {
    out += v ? '\1' : '\0';
    if (v) put(*v);
}

template <class T, class Get>
bool get_optional(bytes::Reader& in, std::optional<T>& v, Get get) {
    auto flag = in.number();
    if (flag > 1) return false;
    if (flag == 0) return v.reset(), in.ok;
    v.emplace();
    return get(*v);
}

// A word of a closed list as its place in the list.
template <class E>
void put_word(std::string& out, const std::optional<E>& e) {
    put_optional(out, e, [&](E v) { bytes::put_number(out, static_cast<unsigned>(v)); });
}

template <class E>
bool get_word(bytes::Reader& in, std::optional<E>& e) {
    return get_optional(in, e, [&](E& v) {
        auto n = in.number();
        if (!in.ok || n >= WordTable<E>::rows.size()) return false;
        v = static_cast<E>(n);
        return true;
    });
}

void put_texts(std::string& out, const std::vector<std::string>& list) {
    bytes::put_number(out, list.size());
    for (const auto& s : list)
        bytes::put_text(out, s);
}

bool get_texts(bytes::Reader& in, std::vector<std::string>& list) {
    list.resize(in.count());
    for (auto& s : list)
        s = in.text();
    return in.ok;
}

void put_long(std::string& out, long n) {  // zigzag: small negatives stay small
    bytes::put_number(
        out, (static_cast<unsigned long long>(n) << 1) ^ static_cast<unsigned long long>(n >> 63));
}

long get_long(bytes::Reader& in) {
    auto n = in.number();
    return static_cast<long>((n >> 1) ^ (~(n & 1) + 1));
}

template <class E>
void put_history(std::string& out, const History<E>& history) {
    bytes::put_number(out, history.steps.size());
    for (const auto& step : history.steps) {
        put_date(out, step.date);
        bytes::put_number(out, static_cast<unsigned>(step.status));
    }
}

template <class E>
bool get_history(bytes::Reader& in, History<E>& history) {
    history.steps.resize(in.count());
    for (auto& step : history.steps) {
        if (!get_date(in, step.date)) return false;
        auto status = in.number();
        if (status >= WordTable<E>::rows.size()) return false;
        step.status = static_cast<E>(status);
    }
    return in.ok;
}

void put_day(std::string& out, const std::optional<Date>& d) {
    put_optional(out, d, [&](const Date& v) { put_date(out, v); });
}

bool get_day(bytes::Reader& in, std::optional<Date>& d) {
    return get_optional(in, d, [&](Date& v) { return get_date(in, v); });
}

void put_flag(std::string& out, bool b) {
    out += b ? '\1' : '\0';
}

bool get_flag(bytes::Reader& in, bool& b) {
    auto n = in.number();
    b = n == 1;
    return in.ok && n <= 1;
}

}  // namespace

void put_partner(std::string& out, const Partner& p) {
    for (const std::string* text : {&p.id, &p.name, &p.region, &p.limit.rule})
        bytes::put_text(out, *text);
    put_word(out, p.status);
    put_history(out, p.history);
    for (const auto* day : {&p.joined, &p.left, &p.training_completed, &p.limit.from})
        put_day(out, *day);
    for (const auto* list : {&p.roles, &p.lived_experience, &p.interests, &p.modes, &p.conflicts})
        put_texts(out, *list);
    put_long(out, p.capacity);
    for (const auto* amount : {&p.limit.pay_up_to, &p.limit.minutes_under})
        put_optional(out, *amount, [&](long n) { put_long(out, n); });
    for (const auto* yes : {&p.payment_eligible, &p.consent_quotes})
        put_optional(out, *yes, [&](bool b) { put_flag(out, b); });
    bytes::put_number(out, static_cast<unsigned>(p.pay_preference));
    put_flag(out, p.forgotten);
    put_flag(out, p.contributor);
    put_optional(out, p.equality, [&](const EqualityAnswers& e) {
        for (const auto& q : equality_questions)
            bytes::put_text(out, e.*q.answer);
    });
}

bool get_partner(bytes::Reader& in, Partner& p) {
    for (std::string* text : {&p.id, &p.name, &p.region, &p.limit.rule})
        *text = in.text();
    if (!get_word(in, p.status) || !get_history(in, p.history)) return false;
    for (auto* day : {&p.joined, &p.left, &p.training_completed, &p.limit.from})
        if (!get_day(in, *day)) return false;
    for (auto* list : {&p.roles, &p.lived_experience, &p.interests, &p.modes, &p.conflicts})
        if (!get_texts(in, *list)) return false;
    p.capacity = get_long(in);
    for (auto* amount : {&p.limit.pay_up_to, &p.limit.minutes_under})
        if (!get_optional(in, *amount, [&](long& n) { return n = get_long(in), in.ok; }))
            return false;
    for (auto* yes : {&p.payment_eligible, &p.consent_quotes})
        if (!get_optional(in, *yes, [&](bool& b) { return get_flag(in, b); })) return false;
    auto preference = in.number();
    if (preference >= WordTable<PayPreference>::rows.size()) return false;
    p.pay_preference = static_cast<PayPreference>(preference);
    return get_flag(in, p.forgotten) && get_flag(in, p.contributor) &&
           get_optional(in, p.equality, [&](EqualityAnswers& e) {
               for (const auto& q : equality_questions)
                   e.*q.answer = in.text();
               return in.ok;
           });
}

void put_match(std::string& out, const Match& m) {
    for (const std::string* text : {&m.id, &m.partner, &m.leader, &m.group, &m.end_category})
        bytes::put_text(out, *text);
    put_word(out, m.status);
    put_history(out, m.history);
    for (const auto* day : {&m.proposed, &m.started, &m.ended})
        put_day(out, *day);
    put_long(out, m.planned_sessions);
}

bool get_match(bytes::Reader& in, Match& m) {
    for (std::string* text : {&m.id, &m.partner, &m.leader, &m.group, &m.end_category})
        *text = in.text();
    if (!get_word(in, m.status) || !get_history(in, m.history)) return false;
    for (auto* day : {&m.proposed, &m.started, &m.ended})
        if (!get_day(in, *day)) return false;
    m.planned_sessions = get_long(in);
    return in.ok;
}

void put_session(std::string& out, const Session& s) {
    for (const std::string* text : {&s.id, &s.match, &s.group, &s.mode, &s.cancel_category})
        bytes::put_text(out, *text);
    put_word(out, s.missed);
    put_word(out, s.type);
    put_word(out, s.status);
    for (const auto* list : {&s.partners, &s.leaders, &s.topics, &s.fee_declined})
        put_texts(out, *list);
    put_date(out, s.date);
    put_long(out, s.minutes);
    out += s.again ? '\1' : '\0';
    bytes::put_number(out, s.expenses.size());
    for (const auto& e : s.expenses) {
        bytes::put_text(out, e.partner);
        bytes::put_text(out, e.receipt);
        put_word(out, e.kind);
        put_optional(out, e.pence, [&](long n) { put_long(out, n); });
        put_optional(out, e.hundredths, [&](long n) { put_long(out, n); });
        put_optional(out, e.approved, [&](const Date& d) { put_date(out, d); });
    }
}

bool get_session(bytes::Reader& in, Session& s) {
    for (std::string* text : {&s.id, &s.match, &s.group, &s.mode, &s.cancel_category})
        *text = in.text();
    if (!get_word(in, s.missed) || !get_word(in, s.type) || !get_word(in, s.status)) return false;
    for (auto* list : {&s.partners, &s.leaders, &s.topics, &s.fee_declined})
        if (!get_texts(in, *list)) return false;
    if (!get_date(in, s.date)) return false;
    s.minutes = get_long(in);
    auto again = in.number();
    if (again > 1) return false;
    s.again = again == 1;
    s.expenses.resize(in.count());
    auto get_amount = [&](long& n) { return n = get_long(in), in.ok; };
    for (auto& e : s.expenses) {
        e.partner = in.text();
        e.receipt = in.text();
        if (!get_word(in, e.kind) || !get_optional(in, e.pence, get_amount) ||
            !get_optional(in, e.hundredths, get_amount) ||
            !get_optional(in, e.approved, [&](Date& d) { return get_date(in, d); }))
            return false;
    }
    return in.ok;
}

void put_leader(std::string& out, const Leader& l) {
    for (const std::string* text :
         {&l.id, &l.name, &l.organisation, &l.sector, &l.region, &l.cohort})
        bytes::put_text(out, *text);
    put_word(out, l.status);
    bytes::put_number(out, l.history.steps.size());
    for (const auto& step : l.history.steps) {
        put_date(out, step.date);
        bytes::put_number(out, static_cast<unsigned>(step.status));
    }
    put_optional(out, l.enquired, [&](const Date& d) { put_date(out, d); });
    put_texts(out, l.focus);
    put_texts(out, l.modes);
    out += l.forgotten ? '\1' : '\0';
}

bool get_leader(bytes::Reader& in, Leader& l) {
    for (std::string* text : {&l.id, &l.name, &l.organisation, &l.sector, &l.region, &l.cohort})
        *text = in.text();
    if (!get_word(in, l.status)) return false;
    l.history.steps.resize(in.count());
    for (auto& step : l.history.steps) {
        if (!get_date(in, step.date)) return false;
        auto status = in.number();
        if (status >= WordTable<LeaderStatus>::rows.size()) return false;
        step.status = static_cast<LeaderStatus>(status);
    }
    if (!get_optional(in, l.enquired, [&](Date& d) { return get_date(in, d); }) ||
        !get_texts(in, l.focus) || !get_texts(in, l.modes))
        return false;
    auto forgotten = in.number();
    l.forgotten = forgotten == 1;
    return in.ok && forgotten <= 1;
}

void put_reflection(std::string& out, const Reflection& x) {
    for (const std::string* text : {&x.id, &x.by, &x.about})
        bytes::put_text(out, *text);
    put_word(out, x.stage);
    put_date(out, x.date);
    for (const std::string* text : {&x.changing, &x.how, &x.why})
        bytes::put_text(out, *text);
    for (const auto* list : {&x.themes, &x.barriers, &x.enablers})
        put_texts(out, *list);
    bytes::put_number(out, x.quotes.size());
    for (const auto& q : x.quotes) {
        bytes::put_text(out, q.text);
        out += q.consent ? '\1' : '\0';
    }
    bytes::put_number(out, x.scores.size());
    for (const auto& [score, value] : x.scores) {
        bytes::put_text(out, score);
        put_long(out, value);
    }
}

bool get_reflection(bytes::Reader& in, Reflection& x) {
    for (std::string* text : {&x.id, &x.by, &x.about})
        *text = in.text();
    if (!get_word(in, x.stage) || !get_date(in, x.date)) return false;
    for (std::string* text : {&x.changing, &x.how, &x.why})
        *text = in.text();
    for (auto* list : {&x.themes, &x.barriers, &x.enablers})
        if (!get_texts(in, *list)) return false;
    x.quotes.resize(in.count());
    for (auto& q : x.quotes) {
        q.text = in.text();
        auto consent = in.number();
        if (consent > 1) return false;
        q.consent = consent == 1;
    }
    x.scores.resize(in.count());
    for (auto& [score, value] : x.scores) {
        score = in.text();
        value = get_long(in);
    }
    return in.ok;
}

Reflection to_reflection(const Record& r) {
    const auto& d = r.doc;
    Reflection x;
    x.id = r.id;
    x.by = field_text(d, "by");
    x.about = field_text(d, "about");
    x.stage = parse_word<Stage>(field_text(d, "stage"));
    x.date = field_date(d, "date").value_or(Date{});
    x.changing = field_text(d, "changing");
    x.how = field_text(d, "how");
    x.why = field_text(d, "why");
    x.themes = field_list(d, "themes");
    x.barriers = field_list(d, "barriers");
    x.enablers = field_list(d, "enablers");
    if (const yaml::Node* quotes = d.find("quotes"); quotes && quotes->is_sequence())
        for (const auto& q : quotes->items)
            x.quotes.push_back(
                {field_text(q, "text"), parse_boolean(field_text(q, "consent")).value_or(false)});
    if (const yaml::Node* scores = d.find("scores"); scores && scores->is_map())
        for (const auto& e : scores->entries)
            if (auto value = parse_integer(e.value.value)) x.scores.emplace_back(e.key, *value);
    return x;
}

PaymentRun to_payment_run(const Record& r) {
    const auto& d = r.doc;
    PaymentRun run;
    run.id = r.id;
    run.month = parse_date(field_text(d, "month") + "-01").value_or(Date{});
    run.closed = field_date(d, "closed").value_or(Date{});
    if (const yaml::Node* lines = d.find("lines"); lines && lines->is_sequence())
        for (const auto& l : lines->items)
            run.lines.push_back(
                {.session = field_text(l, "session"),
                 .partner = field_text(l, "partner"),
                 .date = field_date(l, "date").value_or(Date{}),
                 .item = parse_word<PayItem>(field_text(l, "item")).value_or(PayItem::session),
                 .minutes = parse_integer(field_text(l, "minutes")).value_or(0),
                 .rate = parse_pence(field_text(l, "rate")).value_or(0),
                 .pence = parse_pence(field_text(l, "amount")).value_or(0)});
    return run;
}

std::string session_party(const Session& s) {
    if (!s.match.empty()) return s.match;
    std::vector<std::string> partners = s.partners;
    std::sort(partners.begin(), partners.end());
    // The group as a person would read it: `g1 `, `G1` and `g1` are one group.
    return fmt::format("{} {} {}", s.type ? word(*s.type) : "", squash(s.group),
                       fmt::join(partners, ","));
}

std::string session_identity(const Session& s) {
    return s.date.str() + "\t" + session_party(s);
}

bool quote_may_be_used(const Quote& quote, const Partner* by) {
    return quote.consent && !(by && by->consent_quotes == false);
}

}  // namespace vfi
