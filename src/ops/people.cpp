#include "vfi/ops/people.hpp"

#include <fmt/format.h>

#include "vfi/base/text.hpp"
#include "vfi/format/field_input.hpp"
#include "vfi/format/schema.hpp"
#include "vfi/format/validate.hpp"
#include "vfi/model/records.hpp"
#include "vfi/ops/check.hpp"

namespace vfi {

yaml::Node new_person(Kind kind, const std::string& id, const std::vector<Assignment>& values,
                      const Vocabularies& vocabularies, const Date& today) {
    auto doc = yaml::Node::map();
    doc.set("id", yaml::Node::plain(id));
    for (const auto& v : values) {
        if (v.key == "id")
            throw Error(ExitCode::usage, {}, v.shown, "vfi makes the id of a new record",
                        "leave the id out; vfi prints the new one");
        assign(doc, kind, v.key, v.text, vocabularies, v.shown, true);
    }
    if (!doc.find("status")) doc.set("status", yaml::Node::plain("enquiry"));
    std::string status = field_text(doc, "status");
    if (kind == Kind::partner) {
        if ((status == "active" || status == "paused") && !field_date(doc, "training.completed"))
            throw Error(ExitCode::bad_data, {}, "status",
                        fmt::format("a partner is {} only once training is completed", status),
                        "give training.completed (the date training was completed) too, or start "
                        "at enquiry "
                        "or training");
        if (status == "active" && !doc.find("joined"))
            doc.set("joined", yaml::Node::plain(today.str()));
        if ((status == "alumni" || status == "withdrawn") && !doc.find("left"))
            doc.set("left", yaml::Node::plain(today.str()));
    } else {
        if (status == "matched")
            throw Error(ExitCode::bad_data, {}, "status",
                        "a leader becomes matched when a match is accepted",
                        "add them as waiting, then use `vfi match add` and `vfi match accept`");
        if (!doc.find("enquired")) doc.set("enquired", yaml::Node::plain(today.str()));
        if ((status == "completed" || status == "withdrawn") && !doc.find("left"))
            doc.set("left", yaml::Node::plain(today.str()));
    }
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
                          const std::vector<Assignment>& values, const Date& today) {
    NewPerson added;
    added.id = store.new_id(kind);
    added.doc = new_person(kind, added.id, values, store.settings().vocabularies, today);
    for (const auto& r : store.records(kind))
        if (same_person(r.doc, added.doc)) added.same_name_and_email.push_back(r.id);
    return added;
}

}  // namespace vfi
