#include "vfi/ops/people.hpp"

#include <fmt/format.h>

#include "vfi/base/text.hpp"
#include "vfi/format/field_input.hpp"
#include "vfi/format/schema.hpp"
#include "vfi/format/validate.hpp"
#include "vfi/model/lifecycle.hpp"
#include "vfi/model/records.hpp"
#include "vfi/ops/check.hpp"

namespace vfi {

yaml::Node new_person(Kind kind, const std::string& id, const std::vector<Assignment>& values,
                      const Vocabularies& vocabularies, const Date& today,
                      const std::optional<Date>& since) {
    auto doc = yaml::Node::map();
    doc.set("id", yaml::Node::plain(id));
    for (const auto& v : values) {
        if (v.key == "id")
            throw Error(ExitCode::usage, {}, v.shown, "vfi makes the id of a new record",
                        "leave the id out; vfi prints the new one");
        assign(doc, kind, v.key, v.text, vocabularies, v.shown, Assigning::new_record);
    }
    if (since && today < *since)
        throw Error(ExitCode::bad_data, {}, "date",
                    fmt::format("{} is in the future", since->str()),
                    "give the day their status began: today or earlier");
    if (!doc.find("status"))
        doc.set("status", yaml::Node::plain(std::string(kind == Kind::partner
                                                            ? word(PartnerStatus::enquiry)
                                                            : word(LeaderStatus::enquiry))));
    std::string status = field_text(doc, "status");
    const Date day = since.value_or(today);
    auto set_day = [&](std::string_view key) {
        if (!doc.find(key)) doc.set(key, yaml::Node::plain(day.str()));
    };
    // The day the status began: the date field that says so (joined for active...), else
    // --date, else (a leader) the day they enquired, else today.
    std::string_view began_key;
    if (kind == Kind::partner) {
        auto p = parse_word<PartnerStatus>(status);
        bool contributor = parse_boolean(field_text(doc, "contributor")).value_or(false);
        if (trained_and_in(p) && !field_date(doc, "training.completed") && !contributor)
            throw Error(ExitCode::bad_data, {}, "status",
                        fmt::format("a partner is {} only once training is completed", status),
                        "give training.completed (the date training was completed) too, or start "
                        "at enquiry or training");
        if (p == PartnerStatus::active) began_key = "joined";
        if (final(p)) began_key = "left";
    } else {
        auto l = parse_word<LeaderStatus>(status);
        if (l == LeaderStatus::matched)
            throw Error(ExitCode::bad_data, {}, "status",
                        "a leader becomes matched when a match is accepted",
                        "add them as waiting, then use `vfi match add` and `vfi match accept`");
        if (l == LeaderStatus::enquiry) began_key = "enquired";
        if (final(l)) began_key = "left";
    }
    std::optional<Date> began = began_key.empty() ? std::nullopt : field_date(doc, began_key);
    if (!began) began = since;
    // A leader added as waiting with the day they enquired has waited since then, not today
    // (else a match begun in between would be refused).
    if (!began && kind == Kind::leader) began = field_date(doc, "enquired");
    if (!began_key.empty()) set_day(began_key);
    if (kind == Kind::leader) set_day("enquired");
    doc.set("history", first_history(status, began.value_or(today)));
    require_valid(kind, doc, id, vocabularies);
    require_consistent(kind, id, doc, today);
    return doc;
}

bool same_person(const yaml::Node& a, const yaml::Node& b) {
    std::string email_a = squash(field_text(a, "contact.email"));
    return !email_a.empty() && squash(field_text(a, "name")) == squash(field_text(b, "name")) &&
           email_a == squash(field_text(b, "contact.email"));
}

NewPerson plan_new_person(const RecordStore& store, Kind kind,
                          const std::vector<Assignment>& values, const Date& today,
                          const std::optional<Date>& since) {
    NewPerson added;
    added.id = store.new_id(kind);
    added.doc = new_person(kind, added.id, values, store.settings().vocabularies, today, since);
    for (const auto& r : store.records(kind))
        if (same_person(r.doc, added.doc)) added.same_name_and_email.push_back(r.id);
    return added;
}

}  // namespace vfi
