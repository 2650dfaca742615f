#include <doctest/doctest.h>

#include "vfi/error.hpp"
#include "vfi/yaml.hpp"

using namespace vfi;
using yaml::Node;

namespace {

// The error parse() throws for `text`, described in one line.
std::string parse_error(std::string_view text) {
    try {
        yaml::parse(text, "partners/P-7KQ2MD.yaml");
    } catch (const Error& e) {
        CHECK(e.code() == ExitCode::bad_data);
        return e.describe();
    }
    return "(no error)";
}

Node round_trip(const Node& n) {
    return yaml::parse(yaml::emit_checked(n, "t.yaml"), "t.yaml");
}

}  // namespace

TEST_CASE("parse: a record becomes an ordered map with 1-based marks") {
    Node n = yaml::parse("id: P-7KQ2MD\nname: Ada\nmodes: [online, phone]\n", "f");
    REQUIRE(n.is_map());
    REQUIRE(n.entries.size() == 3);
    CHECK(n.entries[1].key == "name");
    CHECK(n.find("name")->value == "Ada");
    CHECK(n.find("name")->mark.line == 2);
    CHECK(n.find("name")->mark.column == 7);
    CHECK(n.find("modes")->items.size() == 2);
}

TEST_CASE("parse: scalars stay text; quoted ones are marked") {
    Node n = yaml::parse("a: 010\nb: '010'\nc: yes\nd:\n", "f");
    CHECK(n.find("a")->value == "010");
    CHECK_FALSE(n.find("a")->quoted);
    CHECK(n.find("b")->quoted);
    CHECK(n.find("c")->value == "yes");
    CHECK(n.find("d")->is_null());
}

TEST_CASE("parse: duplicate keys are refused with both lines") {
    auto e = parse_error("id: P-7KQ2MD\nstatus: active\nname: A\nstatus: paused\n");
    CHECK(e.find("partners/P-7KQ2MD.yaml:4:1: status: this key appears twice (first on line 2)") ==
          0);
    CHECK(e.find("keep the right one") != std::string::npos);
}

TEST_CASE("parse: duplicate keys in a large map are found too") {
    std::string text;
    for (int i = 0; i < 100; ++i)
        text += "k" + std::to_string(i) + ": v\n";
    text += "k7: again\n";
    CHECK(parse_error(text).find(":101:1: k7: this key appears twice (first on line 8)") !=
          std::string::npos);
}

TEST_CASE("parse: anchors and aliases are refused (billion laughs, cycles)") {
    CHECK(parse_error("a: &x [1, 2]\nb: *x\n").find("anchors (&name) are not allowed") !=
          std::string::npos);
    CHECK(parse_error("a: &a [*a]\n").find("not allowed") != std::string::npos);
    std::string laughs = "a: &a [\"lol\",\"lol\"]\nb: &b [*a,*a,*a]\nc: &c [*b,*b,*b]\n";
    CHECK(parse_error(laughs).find(":1:4:") != std::string::npos);
}

TEST_CASE("parse: git conflict markers are an unresolved merge") {
    auto e = parse_error(
        "id: P-7KQ2MD\n<<<<<<< HEAD\nstatus: active\n=======\nstatus: paused\n>>>>>>> b\n");
    CHECK(e.find("partners/P-7KQ2MD.yaml:2:1: unresolved git merge conflict") == 0);
}

TEST_CASE("parse: one document only") {
    auto e = parse_error("id: P-7KQ2MD\n---\nid: P-AAAAAA\n");
    CHECK(e.find("second YAML document") != std::string::npos);
    CHECK(e.find(":3:1:") != std::string::npos);
}

TEST_CASE("parse: bytes are checked before yaml-cpp sees them") {
    CHECK(parse_error(std::string("id: P-7\0KQ\n", 11)).find(":1:8: the file holds a NUL byte") !=
          std::string::npos);
    CHECK(parse_error("name: \xC3\x28\n").find(":1:7: the file is not valid UTF-8") !=
          std::string::npos);
    CHECK(parse_error("name: \xED\xA0\x80\n").find("not valid UTF-8") !=
          std::string::npos);  // a surrogate
    CHECK(parse_error("").find("the file is empty") != std::string::npos);
    CHECK(parse_error(std::string((1 << 20) + 1, 'a')).find("over the limit") != std::string::npos);
}

TEST_CASE("parse: deep nesting stops at the depth cap") {
    std::string deep = "a: " + std::string(30, '[') + std::string(30, ']');
    CHECK(parse_error(deep).find(":1:19: the data is nested more than 16 levels deep") !=
          std::string::npos);
    std::string block;
    for (int i = 0; i < 40; ++i)
        block += std::string(static_cast<std::size_t>(2 * i), ' ') + "k:\n";
    CHECK(parse_error(block).find("nested more than 16") != std::string::npos);
    // Unclosed brackets by the hundred thousand: an error, not a stack overflow.
    CHECK(parse_error(std::string(100000, '[')).find("partners/P-7KQ2MD.yaml:1:1:") == 0);
    std::string shallow = "a: [[[[1]]]]\n";
    CHECK_NOTHROW(yaml::parse(shallow, "f"));
}

TEST_CASE("parse: yaml-cpp's LoadAll(\",\") trap terminates with an error") {
    CHECK(parse_error(",").find("not valid YAML") != std::string::npos);
}

TEST_CASE("parse: tags and complex keys are refused") {
    CHECK(parse_error("a: !!str 5\n").find("tags") != std::string::npos);
    CHECK(parse_error("? [a]\n: b\n").find("a key must be a plain word") != std::string::npos);
}

TEST_CASE("parse: a UTF-8 byte order mark is accepted") {
    CHECK(yaml::parse("\xEF\xBB\xBFid: P-7KQ2MD\n", "f").find("id")->value == "P-7KQ2MD");
}

TEST_CASE("emit: ambiguous strings are quoted, so they read back as text") {
    for (std::string s :
         {"yes",  "no",  "off", "On",   "null", "~",       "0123",        "2024-01-05",
          "1:20", "-5",  ".5",  "true", "",     " padded", "a: b",        "a #b",
          "#x",   "- x", "[x]", "{x}",  "*x",   "&x",      "!x",          "%x",
          "@x",   "`x",  "'x",  "\"x",  "x:",   "?",       "line\nbreak", "tab\there"}) {
        CAPTURE(s);
        Node m = Node::map();
        m.set("name", Node::text(s));
        Node back = round_trip(m);
        CHECK(back.find("name")->value == s);
    }
    CHECK(yaml::needs_quotes("yes"));
    CHECK(yaml::needs_quotes("0123"));
    CHECK(yaml::needs_quotes("2024-01-05"));
    CHECK_FALSE(yaml::needs_quotes("Ada Lovelace"));
    CHECK_FALSE(yaml::needs_quotes("west-midlands"));
}

TEST_CASE("emit: one fixed layout") {
    Node m = Node::map();
    m.set("id", Node::plain("P-7KQ2MD"));
    m.set("name", Node::text("Ada"));
    auto modes = Node::sequence();
    modes.items = {Node::text("online"), Node::text("phone")};
    m.set("modes", modes);
    auto training = Node::map();
    training.set("completed", Node::plain("2024-01-05"));
    m.set("training", training);
    auto quotes = Node::sequence();
    auto q = Node::map();
    q.set("text", Node::text("It helped."));
    q.set("consent", Node::plain("true"));
    quotes.items.push_back(q);
    m.set("quotes", quotes);
    m.set("notes", Node::text("first line\nsecond line\n"));
    CHECK(yaml::emit(m) ==
          "id: P-7KQ2MD\n"
          "name: Ada\n"
          "modes: [online, phone]\n"
          "training:\n"
          "  completed: 2024-01-05\n"
          "quotes:\n"
          "  - text: It helped.\n"
          "    consent: true\n"
          "notes: |\n"
          "  first line\n"
          "  second line\n");
}

TEST_CASE("emit: text of several lines and odd characters reads back exactly") {
    for (std::string s : {"a\nb", "a\nb\n", "a\nb\n\n\n", "a\n\nb", "a\n  indented\nb", "  lead\nx",
                          "x\n \ny", "tab\tin\nline", "é ü 中文 \xE2\x80\xA8 sep", "\x01 control",
                          "back\\slash \"quote\"", "trailing space \nx", "\n\nleading"}) {
        CAPTURE(s);
        Node m = Node::map();
        m.set("notes", Node::text(s));
        auto seq = Node::sequence();
        seq.items.push_back(Node::text(s));
        m.set("barriers", seq);
        Node back = round_trip(m);
        CHECK(back.find("notes")->value == s);
        CHECK(back.find("barriers")->items.at(0).value == s);
    }
}

TEST_CASE("emit: lists with commas or long items use block style") {
    Node m = Node::map();
    auto seq = Node::sequence();
    seq.items = {Node::text("a, b"), Node::text("c")};
    m.set("reasons", seq);
    CHECK(yaml::emit(m) == "reasons:\n  - a, b\n  - c\n");
    CHECK(round_trip(m).find("reasons")->items.size() == 2);
}

TEST_CASE("emit: unknown keys keep their plain or quoted form") {
    Node n = yaml::parse("id: P-7KQ2MD\nextra: yes\nother: 'no'\nnested: {a: 1}\n", "f");
    std::string out = yaml::emit(n);
    CHECK(out.find("extra: yes\n") != std::string::npos);
    CHECK(out.find("other: \"no\"\n") != std::string::npos);
    CHECK(out.find("nested:\n  a: 1\n") != std::string::npos);
}

TEST_CASE("emit: a plain list item with ? reads back (yaml-cpp refuses it inside [...])") {
    Node n = yaml::parse("files:\n  - 40?.yaml\n  - a\n", "f");
    std::string out = yaml::emit_checked(n, "f");
    CHECK(out.find("40?.yaml") != std::string::npos);
    CHECK(yaml::parse(out, "f").find("files")->items.at(0).value == "40?.yaml");
}

#include <filesystem>
#include <fstream>
#include <sstream>

TEST_CASE(
    "the YAML test suite: every document parses or fails with a located error; maps re-emit "
    "exactly") {
    std::filesystem::path corpus = std::filesystem::path(VFI_SHARED_DIR) / "corpus/yaml-test-suite";
    if (!std::filesystem::is_directory(corpus)) {
        MESSAGE("skipped: " << corpus.string()
                            << " is absent (it ships beside the repository, not in it)");
        return;
    }
    int documents = 0;
    int parsed = 0;
    int round_tripped = 0;
    for (const auto& entry : std::filesystem::directory_iterator(corpus)) {
        if (entry.path().extension() != ".yaml") continue;
        ++documents;
        std::ifstream in(entry.path(), std::ios::binary);
        std::stringstream text;
        text << in.rdbuf();
        std::string name = entry.path().filename().string();
        CAPTURE(name);
        try {
            Node n = yaml::parse(text.str(), name);
            ++parsed;
            if (n.is_map()) {
                CHECK_NOTHROW(yaml::emit_checked(n, name));
                ++round_tripped;
            }
        } catch (const Error& e) {
            CHECK(e.code() == ExitCode::bad_data);
            CHECK(e.where().file == name);
            CHECK_FALSE(e.message().empty());
        }
    }
    CHECK(documents == 402);
    MESSAGE(documents << " documents: " << parsed << " parsed, " << round_tripped
                      << " maps re-emitted");
}

TEST_CASE("comments: kept on rewrite, tied to their keys") {
    std::string text =
        "# Partner record, kept by the coordinator\n"
        "id: P-7KQ2MD\n"
        "name: \"Ada # not a comment\"\n"
        "status: paused  # until March\n"
        "# contact details checked 2024\n"
        "contact:\n"
        "  email: a@example.org  # work address\n"
        "notes: |\n"
        "  # this line is text, not a comment\n"
        "  second line\n"
        "quotes:\n"
        "  # the first quote\n"
        "  - text: hi\n"
        "    consent: true\n"
        "# end of file\n";
    Node root = yaml::parse(text, "f");
    auto comments = yaml::find_comments(text, root);
    CHECK(yaml::emit_checked(root, "f", &comments) == text);
    CHECK(comments.end == "# end of file");
    REQUIRE(comments.after.size() == 2);
    CHECK(comments.after[0] == std::pair<std::string, std::string>{"status", "# until March"});

    // A changed value keeps the comment on its line; a new layout keeps every comment.
    root.set("status", Node::plain("active"));
    std::string out = yaml::emit_checked(root, "f", &comments);
    CHECK(out.find("status: active  # until March\n") != std::string::npos);
}

TEST_CASE("comments: a comment after a key whose value runs on goes above it") {
    std::string text = "id: P-7KQ2MD\nreasons:  # why\n  - a, b\n";
    Node root = yaml::parse(text, "f");
    auto comments = yaml::find_comments(text, root);
    CHECK(yaml::emit_checked(root, "f", &comments) == "id: P-7KQ2MD\n# why\nreasons:\n  - a, b\n");
}

TEST_CASE("comments: a file without any is untouched by the search") {
    Node root = yaml::parse("id: P-7KQ2MD\n", "f");
    CHECK(yaml::find_comments("id: P-7KQ2MD\n", root).empty());
}

TEST_CASE("comments: on the items of a list, kept beside their items") {
    std::string text =
        "id: P-7KQ2MD\n"
        "barriers:\n"
        "  # from the spring workshop\n"
        "  - Diary pressure\n"
        "  - Short notice  # twice in May\n"
        "themes: [power]\n";
    Node root = yaml::parse(text, "f");
    auto comments = yaml::find_comments(text, root);
    CHECK(yaml::emit_checked(root, "f", &comments) == text);
}

TEST_CASE("yaml: a next-line character (U+0085) inside a value reads back as written") {
    std::string text = "id: P-H5T40\xc2\x85name:x\nstatus: enquiry\n";
    auto doc = vfi::yaml::parse(text, "f.yaml");
    INFO("value: [" << doc.find("id")->value << "]");
    std::string out = vfi::yaml::emit(doc);
    INFO("emitted: [" << out << "]");
    CHECK_NOTHROW(vfi::yaml::emit_checked(doc, "f.yaml"));
}
