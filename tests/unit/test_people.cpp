#include <doctest/doctest.h>

#include "temp_dir.hpp"
#include "vfi/base/csv.hpp"
#include "vfi/format/field_input.hpp"
#include "vfi/model/lifecycle.hpp"
#include "vfi/ops/import.hpp"
#include "vfi/ops/listing.hpp"
#include "vfi/ops/people.hpp"
#include "vfi/render/table.hpp"

using namespace vfi;

TEST_CASE("csv: quotes, doubled quotes, BOM, CRLF, blank lines, line numbers") {
    auto rows = parse_csv(
        "\xEF\xBB\xBFName,Notes\r\n\"Okafor, Ada\",\"said \"\"hi\"\"\r\nover two "
        "lines\"\r\n\r\nBen,\r\n",
        "f.csv");
    REQUIRE(rows.size() == 3);
    CHECK(rows[0].cells == std::vector<std::string>{"Name", "Notes"});
    CHECK(rows[1].cells == std::vector<std::string>{"Okafor, Ada", "said \"hi\"\nover two lines"});
    CHECK(rows[1].line == 2);
    CHECK(rows[2].line == 5);
    CHECK(parse_csv("a;b\n1;2\n", "f")[1].cells == std::vector<std::string>{"1", "2"});
    // Excel's rows of empty cells, below the table or between its rows, are blank lines.
    auto excel = parse_csv("a,b\r\n,\r\n1,2\r\n , \r\n\"\",\r\n", "f");
    REQUIRE(excel.size() == 2);
    CHECK(excel[1].line == 3);
    CHECK_THROWS_WITH_AS(parse_csv("a\n\"open\n", "f.csv"), "a quoted cell is never closed", Error);
}

TEST_CASE("import: spreadsheet headers find their fields") {
    CHECK(field_for_header(Kind::partner, "Full Name") == "name");
    CHECK(field_for_header(Kind::partner, " E-mail ") == "contact.email");
    CHECK(field_for_header(Kind::partner, "Training completed") == "training.completed");
    CHECK(field_for_header(Kind::partner, "Lived Experience") == "lived_experience");
    CHECK(field_for_header(Kind::leader, "Job title") == "title");
    CHECK(field_for_header(Kind::leader, "Organization") == "organisation");
    CHECK(field_for_header(Kind::partner, "Shoe size").empty());
}

TEST_CASE("assign: dotted keys make groups; an empty value removes the field and an empty group") {
    auto doc = yaml::Node::map();
    auto vocab = Vocabularies::builtin();
    assign(doc, Kind::partner, "training.completed", "2024-03-18", vocab, "x");
    CHECK(doc.find("training")->find("completed")->value == "2024-03-18");
    assign(doc, Kind::partner, "modes", "online, phone", vocab, "x");
    CHECK(doc.find("modes")->items.size() == 2);
    assign(doc, Kind::partner, "training.completed", "", vocab, "x");
    CHECK(doc.find("training") == nullptr);
    CHECK_THROWS_AS(assign(doc, Kind::partner, "training", "x", vocab, "x"), Error);
    CHECK_THROWS_AS(assign(doc, Kind::partner, "status", "active", vocab, "x"), Error);
    CHECK_THROWS_AS(assign(doc, Kind::partner, "modes", "online,fax", vocab, "x"), Error);
}

TEST_CASE("new_person: defaults and the training rule") {
    auto vocab = Vocabularies::builtin();
    Date today{2026, 11, 23};
    auto leader = new_person(Kind::leader, "L-AAAAAA",
                             {{"name", "A", "--name"}, {"organisation", "O", "--organisation"}},
                             vocab, today);
    CHECK(leader.find("status")->value == "enquiry");
    CHECK(leader.find("enquired")->value == "2026-11-23");
    CHECK_THROWS_WITH_AS(
        new_person(Kind::partner, "P-AAAAAA",
                   {{"name", "A", "--name"}, {"status", "active", "--status"}}, vocab, today),
        "a partner is active only once training is completed", Error);
    auto active = new_person(Kind::partner, "P-AAAAAA",
                             {{"name", "A", "--name"},
                              {"status", "active", "--status"},
                              {"training.completed", "2026-01-01", "--training-completed"}},
                             vocab, today);
    CHECK(active.find("joined")->value == "2026-11-23");
}

namespace {

struct Sample {
    TempDir d;
    Sample() {
        d.write("vfi.yaml", "vfi: 1\nprogramme: Test\n");
        d.write("partners/P-AAAAAA.yaml",
                "id: P-AAAAAA\nname: Ada\nstatus: active\ncapacity: 2\ntraining:\n  completed: "
                "2022-01-01\n"
                "contact:\n  email: ada@example.org\nequality:\n  gender: woman\nnotes: private\n");
        d.write("leaders/L-AAAAAA.yaml",
                "id: L-AAAAAA\nname: Lee\norganisation: Org\nstatus: matched\n");
        d.write(
            "leaders/L-BBBBBB.yaml",
            "id: L-BBBBBB\nname: Bo\norganisation: Org\nstatus: waiting\nenquired: 2022-01-01\n");
        d.write("matches/M-AAAAAA.yaml",
                "id: M-AAAAAA\npartner: P-AAAAAA\nleader: L-AAAAAA\nstatus: active\nstarted: "
                "2022-02-01\n");
        d.write("sessions/S-AAAAAA.yaml",
                "id: S-AAAAAA\nmatch: M-AAAAAA\ndate: 2022-03-01\nminutes: 60\nstatus: "
                "held\nnotes: |\n  Talked about Ada's caring role\n  and the council\n");
        d.write("reflections/R-AAAAAA.yaml",
                "id: R-AAAAAA\ndate: 2022-03-02\nby: P-AAAAAA\nabout: programme\nchanging: a "
                "lot\nthemes: [power]\n");
    }
};

}  // namespace

TEST_CASE("lifecycle: a partner leaving ends the open match and the leader waits again") {
    Sample s;
    RecordStore store(s.d.path);
    store.load({Kind::partner, Kind::leader, Kind::match});
    Programme programme(store);
    auto plan = plan_status_change(store, programme, Kind::partner, "P-AAAAAA", "alumni",
                                   Date{2023, 1, 1}, "");
    REQUIRE(plan.updates.size() == 3);
    CHECK(plan.updates[1].doc.find("status")->value == "ended");
    CHECK(plan.updates[1].doc.find("ended")->value == "2023-01-01");
    CHECK(plan.updates[2].doc.find("status")->value == "waiting");
    CHECK(plan.notes.at(0) ==
          "M-AAAAAA ended (the partner left); L-AAAAAA is waiting for a new partner");
    CHECK_THROWS_AS(plan_status_change(store, programme, Kind::leader, "L-BBBBBB", "matched",
                                       Date{2023, 1, 1}, ""),
                    Error);
}

TEST_CASE("plan_new_person: a fresh id, the record, and who has the same name and email") {
    Sample s;
    RecordStore store(s.d.path);
    store.load({Kind::partner});
    auto added = plan_new_person(
        store, Kind::partner,
        {{"name", " ADA ", "--name"}, {"contact.email", "Ada@Example.org", "--contact-email"}},
        Date{2026, 11, 23});
    CHECK(added.id.starts_with("P-"));
    CHECK(added.id != "P-AAAAAA");
    CHECK(added.doc.find("id")->value == added.id);
    CHECK(added.doc.find("status")->value == "enquiry");
    CHECK(added.same_name_and_email == std::vector<std::string>{"P-AAAAAA"});
    auto other = plan_new_person(
        store, Kind::partner,
        {{"name", "Ada", "--name"}, {"contact.email", "someone@example.org", "--contact-email"}},
        Date{2026, 11, 23});
    CHECK(other.same_name_and_email.empty());
    CHECK_THROWS_AS(plan_new_person(store, Kind::partner, {{"region", "atlantis", "--region"}},
                                    Date{2026, 11, 23}),
                    Error);
}

TEST_CASE("listing: spare places, waiting leaders, confidential fields only by name") {
    Sample s;
    RecordStore store(s.d.path);
    store.load({Kind::partner, Kind::leader, Kind::match, Kind::session});
    Programme programme(store);
    ListOptions o;
    Table t = list_people(store, programme, Kind::partner, o);
    CHECK(t.columns == default_columns(Kind::partner));
    CHECK(render_csv(t).find("notes") == std::string::npos);
    CHECK(t.rows.at(0).back() == "1");  // spare
    o.waiting = true;
    Table w = list_people(store, programme, Kind::leader, o);
    REQUIRE(w.rows.size() == 1);
    CHECK(w.rows[0][0] == "L-BBBBBB");
    ListOptions named;
    named.fields = {"id", "notes", "sessions", "last_session"};
    Table n = list_people(store, programme, Kind::partner, named);
    CHECK(n.rows.at(0) == std::vector<std::string>{"P-AAAAAA", "private", "1", "2022-03-01"});
}
