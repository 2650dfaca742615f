#include "vfi/format/schema.hpp"

namespace vfi {
namespace {

using T = FieldType;

std::vector<Field> contact_fields() {
    return {{.key = "email", .type = T::text, .confidential = true, .help = "email address"},
            {.key = "phone", .type = T::text, .confidential = true, .help = "telephone number"}};
}

Field field(std::string_view key, T type, std::string_view help, std::string_view vocabulary = {}) {
    return {.key = key, .type = type, .vocabulary = vocabulary, .help = help};
}

Field required(Field f) {
    f.required = true;
    return f;
}

Field confidential(Field f) {
    f.confidential = true;
    for (auto& child : f.fields)
        child.confidential = true;
    return f;
}

Field bounded(Field f, long min, long max) {
    f.min = min;
    f.max = max;
    return f;
}

Field ref(Field f, Kind kind) {
    f.refers_to = kind;
    return f;
}

Field map(std::string_view key, std::vector<Field> fields, std::string_view help) {
    return {.key = key, .type = T::map, .fields = std::move(fields), .help = help};
}

// Every status the record has had, with the day it began: the record's dated story, which
// reports read "in the period" and "at the end of the period" from. `status` is its last step.
Field history_field(std::string_view status_vocabulary) {
    return {.key = "history",
            .type = T::history,
            .fields = {field("date", T::date, "the day the status began"),
                       required(field("status", T::choice, "the status", status_vocabulary))},
            .help = "every status it has had and the day each began, oldest first"};
}

Field id_field(Kind kind) {
    return ref(required(field("id", T::id, "the record's id; equals the file name")), kind);
}

std::vector<Field> partner_fields() {
    return {
        id_field(Kind::partner),
        required(field("name", T::text, "full name")),
        field("preferred_name", T::text, "the name they like to be called"),
        field("pronouns", T::text, "e.g. she/her"),
        required(field("status", T::choice, "where they are in the programme", "partner_status")),
        field("joined", T::date, "the day they became active"),
        field("left", T::date, "the day they became alumni or withdrew"),
        confidential(field("left_reason", T::text, "why they left")),
        field("forgotten", T::date, "the day their personal data was erased"),
        field("contributor", T::boolean,
              "true: a paid contributor, not a Lived Experience Partner (never matched, never in "
              "partner figures)"),
        field("roles", T::tags, "what they do in the programme", "roles"),
        field("lived_experience", T::tags, "conditions, caring, disability, as tags"),
        field("interests", T::tags, "compared with leaders' focus"),
        field("region", T::tag, "where they live", "regions"),
        field("modes", T::tags, "how they can meet", "modes"),
        bounded(field("capacity", T::integer, "how many leaders at once (1 when not given)"), 0,
                50),
        map("training",
            {field("cohort", T::text, "the training cohort"),
             field("completed", T::date, "the day they completed training"),
             field("modules", T::tags, "modules completed")},
            "coaching and mentoring training"),
        field("conflicts", T::texts, "organisations or leader ids never to be matched"),
        confidential(field("access_needs", T::text, "reasonable adjustments")),
        confidential(map("contact", contact_fields(), "how to reach them")),
        map("consent",
            {field("data", T::date, "the day they consented to their data being kept"),
             field("quotes", T::boolean, "whether their words may be quoted"),
             field("equality", T::boolean, "whether their equality answers may be counted")},
            "what they agreed to"),
        confidential(map("equality",
                         {field("age_band", T::choice, "age band", "age_band"),
                          field("ethnicity", T::choice, "Census 2021 ethnic group", "ethnicity"),
                          field("gender", T::choice, "gender", "gender"),
                          field("disability", T::choice, "disability", "disability"),
                          field("carer", T::choice, "unpaid care, hours a week", "carer"),
                          bounded(field("imd_decile", T::integer, "1 = most deprived"), 1, 10),
                          field("imd_edition", T::choice, "IMD edition", "imd_edition")},
                         "equality monitoring, never used to match")),
        map("payment",
            {field("eligible", T::boolean, "whether they are paid for their time"),
             field("preference", T::choice,
                   "how they want to be paid: fee (the default), voucher, expenses-only or "
                   "declined",
                   "pay_preferences"),
             confidential(
                 map("limit",
                     {field("rule", T::tag, "a rule under payments.limits in vfi.yaml"),
                      field("weekly_pay_up_to", T::money, "their own limit: pay a week, at most"),
                      bounded(field("weekly_hours_under", T::integer,
                                    "their own limit: hours a week, fewer than"),
                              1, 168),
                      field("from", T::date,
                            "the day they declared it: weeks before its week are not held to it")},
                     "a weekly limit on earnings they declared (a benefit's rule, or their own)"))},
            "involvement payments"),
        confidential(field("notes", T::text, "anything else")),
        history_field("partner_status"),
    };
}

std::vector<Field> leader_fields() {
    return {
        id_field(Kind::leader),
        required(field("name", T::text, "full name")),
        field("title", T::text, "job title"),
        required(field("organisation", T::text, "where they work")),
        field("sector", T::choice, "the kind of organisation", "sectors"),
        field("region", T::tag, "where they work", "regions"),
        field("cohort", T::text, "programme or cohort, e.g. core20plus5-2022"),
        required(field("status", T::choice, "where they are in the programme", "leader_status")),
        field("enquired", T::date, "the day they first asked"),
        field("left", T::date, "the day they completed or withdrew"),
        confidential(field("left_reason", T::text, "why they left")),
        field("forgotten", T::date, "the day their personal data was erased"),
        field("goals", T::text, "what they want from coaching"),
        field("focus", T::tags, "focus areas, compared with partners' interests"),
        field("modes", T::tags, "how they can meet", "modes"),
        field("preferences", T::text, "about their partner"),
        confidential(map("contact", contact_fields(), "how to reach them")),
        confidential(field("notes", T::text, "anything else")),
        history_field("leader_status"),
    };
}

std::vector<Field> match_fields() {
    return {
        id_field(Kind::match),
        required(ref(field("partner", T::id, "the partner coaching"), Kind::partner)),
        required(ref(field("leader", T::id, "the leader coached"), Kind::leader)),
        required(field("status", T::choice, "where the match is", "match_status")),
        field("proposed", T::date, "the day it was proposed"),
        field("started", T::date, "the day it became active"),
        field("ended", T::date, "the day it completed or ended"),
        field("end_category", T::choice, "why it ended early, as a category", "end_categories"),
        confidential(field("end_reason", T::text, "why it ended, in words")),
        bounded(field("planned_sessions", T::integer, "sessions planned"), 0, 100),
        field("group", T::text, "action learning group"),
        field("score", T::number, "the score it was suggested with"),
        field("reasons", T::texts, "why it was suggested"),
        history_field("match_status"),
    };
}

// An expense a partner claims for a session or involvement: reimbursed with the payment run
// once approved, and never counted as earnings.
Field expenses_field() {
    return {.key = "expenses",
            .type = T::items,
            .fields = {required(ref(field("partner", T::id, "the partner who claims it"),
                                    Kind::partner)),
                       required(field("kind", T::choice, "travel, mileage, care or other",
                                      "expense_kinds")),
                       field("amount", T::money, "what was spent (not for mileage)"),
                       field("miles", T::number, "for mileage: the miles travelled"),
                       field("receipt", T::text, "the receipt's file, in receipts/"),
                       confidential(field("note", T::text, "what it was for")),
                       field("approved", T::date, "the day it was approved; none while it waits"),
                       field("again", T::boolean,
                             "true: a second claim the same as one before it, on purpose")},
            .help =
                "expenses claimed for it: reimbursed with the payment run once approved, "
                "never earnings"};
}

std::vector<Field> session_fields() {
    return {
        id_field(Kind::session),
        field("type", T::choice, "coaching (default) or another involvement", "session_type"),
        ref(field("match", T::id, "the match, for coaching"), Kind::match),
        field("group", T::text, "action learning group"),
        ref(field("partners", T::ids, "who took part, for types without a match"), Kind::partner),
        ref(field("leaders", T::ids, "leaders who took part, e.g. in an action learning group"),
            Kind::leader),
        required(field("date", T::date, "the day it happened")),
        bounded(field("minutes", T::integer, "how long"), 1, 1440),
        field("mode", T::choice, "how it happened", "modes"),
        required(field("status", T::choice, "held, cancelled or no-show", "session_status")),
        field("missed", T::choice, "for a no-show: who did not come (leader, partner or both)",
              "missed"),
        field("again", T::boolean,
              "true: another session of its match held the same day, on purpose"),
        ref(field("fee_declined", T::ids,
                  "partners who turned down the fee for this session (expenses are still paid)"),
            Kind::partner),
        field("topics", T::tags, "what was talked about"),
        field("follow_ups", T::texts, "what was agreed"),
        field("cancel_category", T::choice, "why it was cancelled, as a category",
              "cancel_categories"),
        confidential(field("cancel_reason", T::text, "why it was cancelled, in words")),
        confidential(field("notes", T::text, "session notes")),
        expenses_field(),
    };
}

std::vector<Field> reflection_fields() {
    return {
        id_field(Kind::reflection),
        required(field("date", T::date, "the day of the reflection")),
        field("by", T::person, "learning-partner, a partner id or a leader id"),
        field("about", T::subject, "programme, a match id or a session id"),
        field("stage", T::choice, "baseline, midpoint, end or ad-hoc", "stages"),
        field("changing", T::text, "what is changing"),
        field("how", T::text, "how it is changing"),
        field("why", T::text, "why it is changing"),
        field("barriers", T::texts, "barriers met"),
        field("enablers", T::texts, "enablers met"),
        field("themes", T::tags, "the 5 Ps and the programme's own themes", "themes"),
        field("quotes", T::quotes, "quotes, each with consent"),
        field("scores", T::scores, "self-ratings 1-10, e.g. confidence_coproduction"),
        map("source",
            {field("form", T::tag, "the form's name, from its map file"),
             field("response", T::text, "the response's id or timestamp in the form's export")},
            "the online form response it was imported from (`vfi reflect import`)"),
    };
}

// A payment run: what was paid to whom when a month was closed (`vfi pay close`). Its lines
// are the record finance paid from; later runs add to them, never change them.
std::vector<Field> payment_fields() {
    auto line = std::vector<Field>{
        required(ref(field("session", T::id, "the session paid for"), Kind::session)),
        required(ref(field("partner", T::id, "the partner paid"), Kind::partner)),
        required(field("date", T::date, "the session's date")),
        required(field("item", T::choice, "what is paid for", "pay_items")),
        bounded(field("minutes", T::integer,
                      "the minutes paid by the hour; on an adjustment, the change"),
                -100000, 100000),
        field("rate", T::money, "the rate paid: per session, or per hour with minutes"),
        required(field("amount", T::money,
                       "the amount; negative for what an earlier run "
                       "overpaid")),
    };
    return {
        id_field(Kind::payment),
        required(field("month", T::month, "the month the run pays (YYYY-MM)")),
        required(field("closed", T::date, "the day the run was closed")),
        field("currency", T::text, "the currency of the amounts"),
        {.key = "lines",
         .type = T::items,
         .fields = std::move(line),
         .help = "every amount paid: new for the month, owed from earlier months, adjustments"},
        field("total", T::money, "the sum of the lines"),
    };
}

}  // namespace

const std::vector<Field>& quote_fields() {
    static const std::vector<Field> fields = {
        {.key = "text", .type = FieldType::text, .required = true},
        {.key = "consent", .type = FieldType::boolean, .required = true}};
    return fields;
}

const std::vector<Field>& fields_of(Kind kind) {
    static const std::vector<Field> partner = partner_fields();
    static const std::vector<Field> leader = leader_fields();
    static const std::vector<Field> match = match_fields();
    static const std::vector<Field> session = session_fields();
    static const std::vector<Field> reflection = reflection_fields();
    static const std::vector<Field> payment = payment_fields();
    return of_kind(kind, partner, leader, match, session, reflection, payment);
}

const Field* find_field(const std::vector<Field>& fields, std::string_view key) {
    auto dot = key.find('.');
    auto head = key.substr(0, dot);
    for (const auto& f : fields) {
        if (f.key != head) continue;
        if (dot == std::string_view::npos) return &f;
        return f.type == FieldType::map ? find_field(f.fields, key.substr(dot + 1)) : nullptr;
    }
    return nullptr;
}

const Field* find_field(Kind kind, std::string_view key) {
    return find_field(fields_of(kind), key);
}

bool is_list(FieldType type) {
    return type == FieldType::texts || type == FieldType::tags || type == FieldType::ids ||
           type == FieldType::quotes || type == FieldType::history || type == FieldType::items;
}

std::string_view type_words(const Field& f) {
    switch (f.type) {
        case T::text:
            return "text";
        case T::date:
            return "a date (YYYY-MM-DD)";
        case T::integer:
            return "a whole number";
        case T::number:
            return "a number";
        case T::boolean:
            return "true or false";
        case T::choice:
            return "one of a list";
        case T::tag:
            return "a tag (lower-case words joined by dashes)";
        case T::texts:
            return "a list of text";
        case T::tags:
            return "a list of tags";
        case T::id:
            return "a record id";
        case T::ids:
            return "a list of record ids";
        case T::map:
            return "a group of fields";
        case T::quotes:
            return "a list of quotes (text, consent)";
        case T::history:
            return "a list of statuses with dates (date, status)";
        case T::scores:
            return "a map of score names to 1-10";
        case T::person:
            return "learning-partner, a partner id or a leader id";
        case T::subject:
            return "programme, a match id or a session id";
        case T::items:
            return "a list of groups of fields";
        case T::money:
            return "an amount (e.g. 50 or 12.50)";
        case T::month:
            return "a month (YYYY-MM)";
    }
    return "a value";
}

}  // namespace vfi
