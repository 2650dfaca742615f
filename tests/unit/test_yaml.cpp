#include <doctest/doctest.h>

#include "vfi/base/error.hpp"
#include "vfi/yaml/yaml.hpp"

#include "records_dir.hpp"

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

// What yaml-cpp 0.7 accepts but YAML 1.2 and libyaml refuse (src/yaml/strict.hpp). Each
// case gives the line vfi reports; tests/fuzz/regressions/ keeps a file for each.
TEST_CASE("strict: a quote never closed would swallow the lines below it") {
    CHECK(parse_error("id: P-7KQ2MD\npreferences: \"Someone who has cared for a parent\ncontact:\n"
                      "  email: someone@example.org\n") ==
          "partners/P-7KQ2MD.yaml:2:14: this quoted text is never closed, so every line after it "
          "is read as part of it — add the closing \" at the end of the value on line 2");
    CHECK(parse_error("id: P-7KQ2MD\nname: 'Ada\nstatus: active\n")
              .find(":2:7: this quoted text is never closed") != std::string::npos);
}

TEST_CASE("strict: a quote after a tag, and a tab after a block's text, are checked too") {
    CHECK(parse_error("-: ! \"").find(":1:6: this quoted text is never closed") !=
          std::string::npos);
    CHECK(parse_error("a: !\n '\n\n").find(":2:2: this quoted text is never closed") !=
          std::string::npos);
    CHECK(parse_error("k: |-\n  x\n # c\n \t\n").find(":4:2: a tab at the start of a line") !=
          std::string::npos);
    CHECK(parse_error("? |\n  \tx\n: v\n").find(":2:3: a tab at the start of this block") !=
          std::string::npos);
}

TEST_CASE("strict: quoted text running on over lines not indented under it") {
    // A later quote closes it: libyaml accepts this, YAML 1.2 does not, and the lines between
    // would be lost on the next write all the same.
    CHECK(parse_error("id: P-7KQ2MD\npreferences: \"Someone who cared\ncontact:\n"
                      "  email: someone@example.org\nnotes: a\"\n") ==
          "partners/P-7KQ2MD.yaml:2:14: this quoted text runs on to line 3, which is not indented "
          "under it, so the lines up to the next \" are read as part of the text — add the "
          "closing \" at the end of the value on line 2, or indent the lines that continue it");
    CHECK(parse_error("foo: \"bar\n\tbaz\"\n").find(":1:6: this quoted text runs on to line 2") !=
          std::string::npos);  // a tab does not indent
    CHECK(parse_error("a:\n  - x\n  - \"y\n  z\"\n").find(":3:5: this quoted text runs on") !=
          std::string::npos);  // under a list item, more than the - 's column
    // Indented under its key, quoted text may run on: that stays as it was.
    CHECK(yaml::parse("a: \"x\n  y\"\nb: 'p\n q'\n", "f").find("a")->value == "x y");
    CHECK(yaml::parse("a:\n  - \"y\n   z\"\n", "f").find("a")->items.at(0).value == "y z");
    CHECK(yaml::parse("a: \"x\n  %y\"\n", "f").find("a")->value == "x %y");
}

TEST_CASE("strict: empty lines ending quoted text, which yaml-cpp trims") {
    CHECK(parse_error("a: 'x'\nb: '\n\n  '\n") ==
          "partners/P-7KQ2MD.yaml:2:4: this quoted text holds nothing but line breaks, which vfi "
          "would lose — write \"\\n\" on one line for a line break, or \"\" for no text");
    CHECK(yaml::parse("a: '\n  '\nb: \"\\n\"\nc: \"x\n\n  y\"\n", "f").find("c")->value == "x\ny");
    CHECK(parse_error("a: 'x\n\n\n  '\n") ==
          "partners/P-7KQ2MD.yaml:1:4: this quoted text ends with empty lines, which vfi would "
          "lose — remove the empty lines before the closing quote, or write the text as a | "
          "block");
    CHECK(yaml::parse("a: 'x\n\n  '\n", "f").find("a")->value == "x\n");  // one is kept
}

TEST_CASE("strict: a folded block kept whole (>+) ending in empty lines, which yaml-cpp drops") {
    CHECK(parse_error("notes: >+\n  First call.\n\nstatus: active\n") ==
          "partners/P-7KQ2MD.yaml:1:8: this folded block of text (>+) ends with empty lines, which "
          "vfi would lose — remove the empty lines at its end, or make it a | block");
    CHECK(
        parse_error("a: >-\n  x\n  y\n  ")
            .find(
                ":1:4: the file ends with a line of spaces after this folded block of text (>)") !=
        std::string::npos);
    Node ok = yaml::parse("a: >+\n  x\nb: |+\n  y\n\nc: >\n  z\n\n", "f");
    CHECK(ok.find("a")->value == "x\n");
    CHECK(ok.find("b")->value == "y\n\n");
    CHECK(ok.find("c")->value == "z\n");
}

TEST_CASE("strict: an escape YAML does not know") {
    CHECK(parse_error("a: \"it\\'s\"\n") ==
          "partners/P-7KQ2MD.yaml:1:7: this backslash `\\'` is not an escape YAML knows — write "
          "\\\\ for a backslash, or use single quotes ('...'), inside which a backslash is plain "
          "text");
    CHECK(yaml::parse("a: \"\\t\\n\\\\ \\\" \\x41 \\u00e9 \\N\"\n", "f").find("a")->value ==
          "\t\n\\ \" A \xC3\xA9 \xC2\x85");
    // yaml-cpp makes lone bytes (not UTF-8) of \N and \_; the write after failed.
    Node odd = yaml::parse("a: \"x\\Ny\\_z\"\n", "f");
    CHECK(odd.find("a")->value == "x\xC2\x85y\xC2\xA0z");
    CHECK(yaml::parse(yaml::emit_checked(odd, "f"), "f").find("a")->value == odd.find("a")->value);
}

TEST_CASE("strict: a line of text that starts with ? - or : alone is refused") {
    // libyaml reads `u#v ?`; yaml-cpp does too, but not after a tagged key (`? !  F` then
    // ` ?`), where it reads a new key: a fuzz finding.
    CHECK(parse_error("a: u#v\n  ?\nb: c\n") ==
          "partners/P-7KQ2MD.yaml:2:3: this line continues the text above it, but starts with ? "
          "alone, which YAML readers do not agree on — put the text on one line, or in quotes");
    // A tagged key on the line after its lone `?` is refused at its tag (a later fuzz finding).
    CHECK(parse_error("?\n !\tF\n ?\n !\tE").find(":2:2: this ! starts a YAML tag") !=
          std::string::npos);
    CHECK(parse_error("a: b\n  -\n")
              .find(":2:3: this line continues the text above it, but "
                    "starts with - alone") != std::string::npos);
    // An item of its own is not text going on.
    CHECK(yaml::parse("a:\n  - x\n  -\n", "f").find("a")->items.size() == 2);
}

TEST_CASE("strict: a last line without its colon") {
    CHECK(parse_error("id: P-7KQ2MD\nname: Ada\nstatus\n") ==
          "partners/P-7KQ2MD.yaml:3:1: this line is not `key: value`: it has no colon followed "
          "by a space — add the colon and a space after the key; if the line continues the text "
          "above it, indent it under that text");
    CHECK(parse_error("id: P-7KQ2MD\nnotes:\n  first: x\n  second\n")
              .find(":4:3: this line is not `key: value`") != std::string::npos);
    CHECK(parse_error("a:\nb:c\n").find(":2:1: this line is not `key: value`") !=
          std::string::npos);
    // An explicit key (`? key`) needs no colon; an empty value after the colon is fine.
    CHECK(yaml::parse("? k\na:\n", "f").find("k")->is_null());
}

TEST_CASE("strict: what the checks must let through (libyaml reads these too)") {
    // `key:` ending a file without a line break: yaml-cpp gives its null the key's place.
    CHECK(yaml::parse("id: P-7KQ2MD\npronouns:", "f").find("pronouns")->is_null());
    // A tag on an empty item, then the next item at the same column.
    CHECK(yaml::parse("a:\n- !\n- b\n", "f").find("a")->items.size() == 2);
    // A tag on a key at the start of a line; a key that starts with a null word.
    CHECK(yaml::parse("a:\n  b:\n!   c  : d\n", "f").find("c")->value == "d");
    CHECK(yaml::parse("-:\n~ !k: x\n", "f").find("~ !k")->value == "x");
    // Blanks ending in a tab before a comment, or inside an explicit key's text.
    Node n = yaml::parse("fo: a\n \t# c\n? x\n \ty\n: z\n", "f");
    CHECK(n.find("x y")->value == "z");
}

TEST_CASE("strict: a line starting with % is a directive yaml-cpp skips, data and all") {
    CHECK(parse_error("%name: Ada\nid: P-7KQ2MD\n") ==
          "partners/P-7KQ2MD.yaml:1:1: a line starting with % is a YAML directive, which "
          "yaml-cpp skips — vfi records use no directives: remove the % (or the line, if it is "
          "not part of the record)");
    CHECK(parse_error("id: P-7KQ2MD\n%status: active\n").find(":2:1: a line starting with %") !=
          std::string::npos);
    // Valid YAML, refused all the same: vfi writes no directives.
    CHECK(parse_error("%YAML 1.2\n---\nid: P-7KQ2MD\n").find(":1:1: a line starting with %") !=
          std::string::npos);
}

TEST_CASE("strict: a value on the next line must be indented under its key") {
    CHECK(parse_error("a:\n\"b\"\n") ==
          "partners/P-7KQ2MD.yaml:2:1: this value is on a line of its own but not indented under "
          "its key — indent it under the key, or put it on the key's line after the colon");
    CHECK(parse_error("a:\n[b]\nc: d\n").find(":2:1: this value is on a line of its own") !=
          std::string::npos);
    CHECK(yaml::parse("a:\n  \"b\"\nc:\n- d\n", "f").find("c")->items.size() == 1);
}

TEST_CASE("strict: [...] and {...} as libyaml reads them") {
    CHECK(parse_error("a: [x, , y]\n") ==
          "partners/P-7KQ2MD.yaml:1:8: an empty entry between brackets (two commas, or a comma "
          "first) — remove the extra comma");
    CHECK(parse_error("a: [, x]\n").find(":1:5: an empty entry between brackets") !=
          std::string::npos);
    CHECK(parse_error("a: [:x]\n") ==
          "partners/P-7KQ2MD.yaml:1:5: a value between brackets starts with a colon — put the "
          "value in quotes, or remove the colon");
    CHECK(parse_error("a: {x: :y}\n").find(":1:8: a value between brackets starts with a colon") !=
          std::string::npos);
    CHECK(parse_error("a: [x:, y]\n") ==
          "partners/P-7KQ2MD.yaml:1:6: a colon right before a comma or bracket — put a space "
          "after the colon, or put the value in quotes");
    CHECK(parse_error("a: [x\n\ty]\n").find(":2:1: a tab at the start of a line") !=
          std::string::npos);
    CHECK(parse_error("a: [one, ? ne,, two]\n").find(":1:15: an empty entry between brackets") !=
          std::string::npos);
    CHECK(parse_error("a: [one, ? , two]\n").find(":1:10: a ? with no key after it") !=
          std::string::npos);
    Node ok = yaml::parse("a: [x, ]\nb: {\"k\":v, w: 1}\nc: [b,\tc, d:e, \"q\"]\n", "f");
    CHECK(ok.find("a")->items.size() == 1);
    CHECK(ok.find("b")->find("k")->value == "v");
    CHECK(ok.find("c")->items.at(2).value == "d:e");
}

TEST_CASE("strict: tabs where YAML wants spaces") {
    CHECK(parse_error("a:\n  -\tx\n") ==
          "partners/P-7KQ2MD.yaml:2:4: a tab at the start of a line, where YAML wants spaces — "
          "replace the tab on line 2 with spaces");
    CHECK(parse_error("\t{a: 1}\n").find(":1:1: a tab at the start of a line") !=
          std::string::npos);
    CHECK(parse_error(" \t\na: 1\n").find(":1:2: a tab at the start of a line") !=
          std::string::npos);
    CHECK(parse_error("a: |\n \tx\n") ==
          "partners/P-7KQ2MD.yaml:2:2: a tab at the start of this block of text, where YAML "
          "wants spaces — YAML cannot tell how far a tab indents: use spaces at the start of "
          "line 2");
    // Tabs after a key's colon, in text, after a block's indentation, in a comment: as before.
    Node ok = yaml::parse("a:\tb\nc: d\t# e\nf: |\n  x\n  \ty\ng: h\n  \ti\n", "f");
    CHECK(ok.find("a")->value == "b");
    CHECK(ok.find("f")->value == "x\n\ty\n");
    CHECK(ok.find("g")->value == "h i");
}

TEST_CASE("strict: characters YAML does not allow") {
    CHECK(parse_error("a: x\x0By\n") ==
          "partners/P-7KQ2MD.yaml:1:5: the file holds an invisible control character (U+000B) — "
          "delete it (text pasted from another program can bring one along): retype the text "
          "around this place");
    CHECK(parse_error("a: x\xC2\x90y\n")
              .find(":1:5: the file holds an invisible control "
                    "character (U+0090)") != std::string::npos);
    CHECK(parse_error("a: x\xEF\xBF\xBEy\n").find("(U+FFFE)") != std::string::npos);
    CHECK(parse_error("a: x\ry\n") ==
          "partners/P-7KQ2MD.yaml:1:5: the file holds a carriage return (CR) that is not "
          "followed by a line feed: YAML takes it for a line break, yaml-cpp for nothing — save "
          "the file with ordinary line endings (LF, or CR LF as on Windows); text pasted from "
          "another program can bring one along");
    CHECK(parse_error("a: x\n\xEF\xBB\xBF"
                      "b: y\n") ==
          "partners/P-7KQ2MD.yaml:2:1: the file holds an invisible byte order mark (U+FEFF) "
          "after its start — delete it (text pasted from another program can bring one along): "
          "retype the start of this line");
    // Windows line ends, next-line and line-separator characters in text: as before.
    Node ok = yaml::parse("a: \"x\r\n  y\"\r\nb: [1, 2]\r\nc: p\xC2\x85q\xE2\x80\xA8r\r\n", "f");
    CHECK(ok.find("a")->value == "x y");
    CHECK(ok.find("b")->items.size() == 2);
}

TEST_CASE("strict: a ! glued to text is a tag, not the start of the text") {
    CHECK(parse_error("!\\0: x\n") ==
          "partners/P-7KQ2MD.yaml:1:1: this ! starts a YAML tag, which vfi records do not use — "
          "remove the !; put quotes around a value that must stay text");
    CHECK(yaml::parse("a: ! x\n", "f").find("a")->value == "x");  // `! ` only says "text"
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
    for (std::string s :
         {"a\nb", "a\nb\n", "a\nb\n\n\n", "a\n\nb", "a\n  indented\nb", "  lead\nx", "x\n \ny",
          "tab\tin\nline", "é ü 中文 \xE2\x80\xA8 sep", "next \xC2\x85 line",
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

TEST_CASE("emit: a control character no file may hold is the typist's mistake, named") {
    // A terminal escape typed into a name would act on every terminal that lists it: refused as
    // bad data, the field named, as the loader refuses it in a file (as a byte or an escape).
    for (std::string s : {"\x1B]0;owned\x07", "\x01 control", "cr\rin", "c1 \xC2\x90 control",
                          "not \xEF\xBF\xBE a character", "x\n\xC2\x9F", "del\x7F"}) {
        CAPTURE(s);
        Node m = Node::map();
        m.set("id", Node::plain("P-AAAAAA"));
        auto seq = Node::sequence();
        seq.items.push_back(Node::text(s));
        m.set("barriers", seq);
        CHECK(test::thrown([&] { yaml::emit_checked(m, "f.yaml"); }) ==
              "3 f.yaml: barriers.0: holds a control character (a terminal escape, a carriage "
              "return), which no record may hold — retype it without; if it came from a file, "
              "save that file with ordinary line endings first; nothing was written");
    }
    for (std::string_view escape : {"\\e", "\\r", "\\0", "\\x1b", "\\u009B", "\\uFFFF"}) {
        CAPTURE(escape);
        std::string said = test::thrown(
            [&] { yaml::parse("name: \"a " + std::string(escape) + " b\"\n", "f.yaml"); });
        CHECK(said.find("gives a control character, which no record needs") != std::string::npos);
    }
    CHECK(yaml::parse("name: \"tab\\there\\nand \\N\"\n", "f.yaml").find("name")->value ==
          "tab\there\nand \xC2\x85");
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

#include "shared_corpus.hpp"

TEST_CASE(
    "the YAML test suite: every document parses or fails with a located error; maps re-emit "
    "exactly" *
    doctest::test_suite("shared") * doctest::skip(test::yaml_test_suite_absent()) *
    doctest::description(test::yaml_test_suite_note())) {
    std::filesystem::path corpus = test::yaml_test_suite();
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
