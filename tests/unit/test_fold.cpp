#include <doctest/doctest.h>

#include <cstdint>
#include <string>
#include <vector>

#include "vfi/base/fold.hpp"
#include "vfi/ops/forget.hpp"

using namespace vfi;

// Names are matched in one folded form, for today's files and for history alike.

TEST_CASE("fold: every apostrophe is one, and a doubled one (YAML's '') is one") {
    for (const char* typed : {"Siobhan O'Brien", "Siobhan O’Brien", "Siobhan O‘Brien",
                              "Siobhan OʼBrien", "Siobhan O′Brien", "Siobhan O`Brien",
                              "Siobhan O´Brien", "Siobhan O''Brien", "SIOBHAN O’BRIEN"})
        CHECK(fold_name(typed) == "siobhan o'brien");
}

TEST_CASE("fold: every space, line break and hyphen is one space; YAML folding too") {
    for (const char* typed :
         {"Nadia Fenwick Hale", "Nadia\u00a0Fenwick\u2009Hale", "Nadia\u2002Fenwick\u202fHale",
          "Nadia\u205fFenwick\u3000Hale", "Nadia\tFenwick  Hale", "Nadia\n  Fenwick\r\n\tHale",
          "Nadia Fenwick-Hale", "Nadia Fenwick\u2010Hale", "Nadia Fenwick\u2011Hale",
          "Nadia Fenwick\u2013Hale", "Nadia Fenwick\u2014Hale", "Nadia Fenwick - Hale",
          "Nadia\u2028Fenwick\u0085Hale", "  Nadia Fenwick Hale \n"})
        CHECK(fold_name(typed) == "nadia fenwick hale");
    // A comment going on onto its next line.
    CHECK(fold_text("# met Nadia\n  # Fenwick Hale").text == "# met nadia fenwick hale");
    // A `#` inside a line is text.
    CHECK(fold_text("Nadia #Fenwick").text == "nadia #fenwick");
}

TEST_CASE("fold: case and accents of Latin, Greek and Cyrillic, however composed") {
    CHECK(fold_name("Ömer Çelik") == "omer celik");
    CHECK(fold_name("ömer çelik") == "omer celik");
    CHECK(fold_name("O\u0308mer C\u0327elik") == "omer celik");  // accents as separate marks
    CHECK(fold_name("ÉMILE ZOLÀ") == fold_name("émile zolà"));
    CHECK(fold_name("Łukasz Żółć") == "lukasz zolc");
    CHECK(fold_name("Søren Ærø") == "soren aero");
    CHECK(fold_name("STRAUSS") == fold_name("Strauß"));
    CHECK(fold_name("Đorđe Ǆuro") == "dorde dzuro");
    CHECK(fold_name("İlkay Işık") == "ilkay isik");
    CHECK(fold_name("Nguyễn Thị Ánh") == "nguyen thi anh");  // Latin Extended Additional
    CHECK(fold_name("Griﬃths") == "griffiths");              // a ligature, as copied from a PDF
    CHECK(fold_name("ΣΩΚΡΆΤΗΣ ΠΑΠΑΔΌΠΟΥΛΟΣ") == fold_name("σωκράτης παπαδόπουλος"));
    CHECK(fold_name("Σωκράτης") == fold_name("σωκρατησ"));  // final sigma
    CHECK(fold_name("ЁЛКИН Пётр") == fold_name("ёлкин петр"));
    CHECK(fold_name("Ёлкин") == "\u0435\u043b\u043a\u0438\u043d");
    // Scripts without case stay as written; invisible characters go.
    CHECK(fold_name("陈 明") == "陈 明");
    CHECK(fold_name("Gw\u00aden Pr\u200byce\u200d") == "gwen pryce");
}

TEST_CASE("fold: offsets lead back to the original text") {
    Folded f = fold_text("A\u00a0Ö", Offsets::kept);  // A, NBSP (2 bytes), Ö (2 bytes)
    CHECK(f.text == "a o");
    CHECK(f.from == std::vector<std::size_t>{0, 1, 3});
    // Bad UTF-8 stays as it is, and never stops the search.
    CHECK(fold_text("\xff Ada \xc3").text == "\xff ada \xc3");
}

TEST_CASE("fold: whole words only, however the neighbours are written") {
    NamingWords gwen{"name", fold_name("Gwen Pryce")};
    CHECK(find_words("met Gwen Pryce’s partner", gwen) == std::vector<std::size_t>{4});
    CHECK(find_words("“Gwen Pryce”", gwen) == std::vector<std::size_t>{3});
    CHECK(find_words("—Gwen Pryce—", gwen) == std::vector<std::size_t>{3});
    CHECK(find_words("🙂Gwen Pryce", gwen) == std::vector<std::size_t>{4});
    CHECK(find_words("(gwen\n    pryce)", gwen) == std::vector<std::size_t>{1});
    CHECK(find_words("Gwen Pryces", gwen).empty());
    CHECK(find_words("Gwen PryceÉ", gwen).empty());
    CHECK(find_words("ÄGwen Pryce", gwen).empty());
    CHECK(find_words("陈Gwen Pryce", gwen).empty());
    CHECK(find_words("Gwen Pryce2", gwen).empty());
    NamingWords omer{"name", fold_name("Ömer Çelik")};
    CHECK(find_words("Dear  ömer\u00a0çelik,", omer) == std::vector<std::size_t>{6});
    NamingWords email{"email address", fold_name("Gwen.Jones@Example.org")};
    CHECK(find_words("write to gwen.jones@example.org.", email) == std::vector<std::size_t>{9});
    CHECK(find_words("agwen.jones@example.org", email).empty());
    CHECK(find_words("gwen.jones@example.organic", email).empty());
}

TEST_CASE("fold: many needles at once, ids anywhere and names as whole words") {
    Needles needles;
    needles.add(fold_name("M-AAAAAA"), Within::anywhere);
    needles.add(fold_name("S-BBBBBB"), Within::anywhere);
    needles.add(fold_name("Gwen Pryce"), Within::whole_words);
    needles.add(fold_name("gwen@example.org"), Within::whole_words);
    CHECK(needles.in(fold_text("about: m-aaaaaa\n").text));
    CHECK(needles.in(fold_text("xS-BBBBBBx").text));
    CHECK(needles.in(fold_text("notes: |\n  Gwen\n  Pryce").text));
    CHECK(needles.in(fold_text("<GWEN@EXAMPLE.ORG>").text));
    CHECK_FALSE(needles.in(fold_text("Gwen Pryceson, M-AAAAAB, agwen@example.org").text));
    CHECK_FALSE(needles.in(fold_text("").text));
    CHECK_FALSE(Needles().in("anything"));
}

TEST_CASE("fold: a version in history names them in its text or in its YAML values") {
    std::vector<NamingWords> words = {{"name", fold_name("Gwen Pryce")},
                                      {"email address", fold_name("gwen.p@example.org")}};
    Needles needles = naming_needles({"P-AAAAAA"}, words);
    CHECK(names_them("notes: |-\n  Spoke to partner Gwen\n  Pryce about May\n", needles));
    CHECK(names_them("notes: >\n  Spoke to partner Gwen\n\n  Pryce\n", needles));
    CHECK(names_them("notes: 'Gwen Pryce''s call'\n", needles));
    CHECK(names_them("# Gwen\n# Pryce\nid: L-AAAAAA\n", needles));
    // Escapes in double quotes: a line break, a letter, a line's end escaped.
    CHECK(names_them("notes: \"Spoke to Gwen\\nPryce\"\n", needles));
    CHECK(names_them("notes: \"Spoke to G\\u0077en\\tPryce\"\n", needles));
    CHECK(names_them("notes: \"Spoke to Gwen \\\n  Pryce\"\n", needles));
    CHECK(names_them("notes: \"GWEN.P\\x40example.org\"\n", needles));
    CHECK(names_them("by: p-aaaaaa\n", needles));
    CHECK_FALSE(names_them("notes: \"Spoke to Gwen\\nJones\"\n", needles));
    CHECK_FALSE(names_them("notes: Gwen\n---\nnot: [one document\n", needles));
}

TEST_CASE("fold: any bytes at all fold, with an offset for each byte, in order") {
    std::uint32_t seed = 12345;
    for (int round = 0; round < 2000; ++round) {
        std::string text;
        for (int i = 0; i < round % 40; ++i) {
            seed = seed * 1664525 + 1013904223;
            // Mostly the bytes that matter here: UTF-8 lead and continuation bytes, spaces,
            // apostrophes, `#`, line breaks.
            static const unsigned char pick[] = {0xC2, 0xA0, 0xE2, 0x80, 0x99, 0xCC, 0x88, 0xF0,
                                                 0x9F, 0xFF, '\n', ' ',  '#',  '\'', 'A',  '-'};
            text += static_cast<char>(seed >> 28 < 12 ? pick[(seed >> 8) % 16] : seed >> 16);
        }
        Folded f = fold_text(text, Offsets::kept);
        REQUIRE(f.from.size() == f.text.size());
        for (std::size_t i = 0; i < f.from.size(); ++i) {
            REQUIRE(f.from[i] < text.size());
            if (i > 0) REQUIRE(f.from[i] >= f.from[i - 1]);
        }
        find_folded(f.text, fold_name(text));
    }
}
