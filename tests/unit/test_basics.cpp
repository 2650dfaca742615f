#include <doctest/doctest.h>

#include <set>
#include <unordered_map>

#include <fmt/format.h>

#include "vfi/base/date.hpp"
#include "vfi/base/decimal.hpp"
#include "vfi/base/id_table.hpp"
#include "vfi/base/median.hpp"
#include "vfi/base/memory.hpp"
#include "vfi/base/text.hpp"
#include "vfi/format/kind.hpp"
#include "vfi/format/validate.hpp"
#include "vfi/format/vocabulary.hpp"

using namespace vfi;

TEST_CASE("dates: only real days in YYYY-MM-DD") {
    CHECK(parse_date("2024-02-29").has_value());
    CHECK_FALSE(parse_date("2023-02-29"));
    CHECK_FALSE(parse_date("2023-13-01"));
    CHECK_FALSE(parse_date("2023-1-01"));
    CHECK_FALSE(parse_date("01/02/2023"));
    CHECK_FALSE(parse_date("2023-04-31"));
    CHECK(date_problem("2023-02-30") == "'2023-02-30' does not exist (2023-02 has 28 days)");
    CHECK(date_problem("2023-13-01") == "'2023-13-01' has no month 13");
    CHECK(date_problem("tomorrow") == "'tomorrow' is not a date");
}

TEST_CASE("dates: written day first, as UK spreadsheets write them") {
    CHECK(day_first_parts("18/03/2024") == Date{2024, 3, 18});
    CHECK(day_first_parts("3/4/2024") == Date{2024, 4, 3});
    CHECK(day_first_parts("18-03-2024") == Date{2024, 3, 18});
    CHECK(day_first_parts("18.03.2024") == Date{2024, 3, 18});
    CHECK(day_first_parts("31/02/2024") == Date{2024, 2, 31});  // the parts, real or not
    CHECK_FALSE(day_first_parts("2024-03-18"));
    CHECK_FALSE(day_first_parts("18/03/24"));
    CHECK_FALSE(day_first_parts("18/03-2024"));
    CHECK_FALSE(day_first_parts("118/03/2024"));
    CHECK_FALSE(day_first_parts("18/03/2024 "));
    CHECK_FALSE(day_first_parts("tomorrow"));
}

TEST_CASE("dates: day arithmetic round-trips") {
    Date d{2024, 2, 28};
    CHECK(Date::from_days(d.days() + 1) == Date{2024, 2, 29});
    CHECK(Date::from_days(d.days() + 2) == Date{2024, 3, 1});
    CHECK(Date{1970, 1, 1}.days() == 0);
    CHECK(days_between(Date{2022, 12, 31}, Date{2023, 1, 31}) == 31);
    CHECK(Date{2024, 3, 1}.str() == "2024-03-01");
}

TEST_CASE("ids: prefix, dash, Crockford base-32") {
    CHECK(valid_id("P-7KQ2MD"));
    CHECK(valid_id("P-7KQ2MD", Kind::partner));
    CHECK_FALSE(valid_id("P-7KQ2MD", Kind::leader));
    CHECK_FALSE(valid_id("P-7KQ2M"));   // too short
    CHECK_FALSE(valid_id("P-7KQ2MI"));  // I is not Crockford
    CHECK_FALSE(valid_id("P-7kq2md"));  // lower case
    CHECK_FALSE(valid_id("P-../abc"));  // path characters
    CHECK_FALSE(valid_id("X-7KQ2MD"));
    CHECK(kind_of_id("M-ABCDEF") == Kind::match);
    // Every byte, as the last of an id: only the alphabet's 32 make one.
    int valid = 0;
    for (int b = 0; b < 256; ++b) {
        std::string id = std::string("P-7KQ2M") + static_cast<char>(b);
        CAPTURE(b);
        bool in = crockford_alphabet.find(static_cast<char>(b)) != std::string_view::npos;
        CHECK(valid_id(id) == in);
        valid += in;
    }
    CHECK(valid == 32);
}

TEST_CASE("ids: random, well-formed, and spread") {
    std::set<std::string> seen;
    for (int i = 0; i < 200; ++i) {
        auto id = random_id(Kind::session);
        CHECK(valid_id(id, Kind::session));
        seen.insert(id);
    }
    CHECK(seen.size() == 200);
}

TEST_CASE("numbers are decimal; 010 is refused, never octal") {
    CHECK(parse_integer("10") == 10);
    CHECK(parse_integer("-3") == -3);
    CHECK(parse_integer("0") == 0);
    CHECK_FALSE(parse_integer("010"));
    CHECK_FALSE(parse_integer("0x10"));
    CHECK_FALSE(parse_integer("1e3"));
    CHECK_FALSE(parse_integer(""));
    CHECK_FALSE(parse_integer("99999999999999999999"));
    CHECK(valid_number("4.5"));
    CHECK_FALSE(valid_number("4."));
    CHECK(parse_boolean("Yes") == true);
    CHECK(parse_boolean("false") == false);
    CHECK_FALSE(parse_boolean("maybe"));
}

TEST_CASE("tags") {
    CHECK(valid_tag("west-midlands"));
    CHECK(valid_tag("confidence_coproduction"));
    CHECK_FALSE(valid_tag("West Midlands"));
    CHECK_FALSE(valid_tag("a--b"));
    CHECK_FALSE(valid_tag("-a"));
    CHECK(to_tag("Mental Health!") == "mental-health");
}

TEST_CASE("text: nearest word, UTF-8") {
    CHECK(nearest("chek", {"init", "check"}) == "check");
    CHECK(nearest("zzzzzz", {"init", "check"}).empty());
    CHECK(valid_utf8("Zoë 中文"));
    CHECK_FALSE(valid_utf8("\xC0\xAF"));  // overlong '/'
    CHECK(one_of({"a", "b", "c"}) == "a, b or c");
}

TEST_CASE("display_width: the columns a terminal gives, in any locale") {
    CHECK(display_width("") == 0);
    CHECK(display_width("Zoe Quill") == 9);
    CHECK(display_width("Zoë") == 3);        // ë, one code point
    CHECK(display_width("Zoe\u0308") == 3);  // e and a combining diaeresis
    CHECK(display_width("中文") == 4);
    CHECK(display_width("한국") == 4);                // Hangul syllables
    CHECK(display_width("\u1112\u1161\u11AB") == 2);  // 한 as three jamo
    CHECK(display_width("Ａ") == 2);                  // fullwidth
    CHECK(display_width("😀") == 2);
    CHECK(display_width("👍🏽") == 4);           // and a skin tone, as wcswidth counts it
    CHECK(display_width("a\u200Bb") == 2);           // a zero-width space between
    CHECK(display_width("soft\u00ADhyphen") == 11);  // a soft hyphen is drawn
    CHECK(display_width("\U0002A700") == 2);         // CJK Extension C
    CHECK(display_width("bad\xff") == 4);            // a byte that is not UTF-8 counts one
    CHECK(display_width("tab\t") == 4);              // as does a control character
}

TEST_CASE("vocabularies: built in, extendable where the format says") {
    auto v = Vocabularies::builtin();
    CHECK(v.contains("regions", "west-midlands"));
    CHECK(v.find("ethnicity")->size() == 20);  // 19 Census 2021 groups and prefer-not-to-say
    CHECK(Vocabularies::extendable("regions"));
    CHECK_FALSE(Vocabularies::extendable("partner_status"));
    v.add("regions", "isle-of-man");
    CHECK(v.contains("regions", "isle-of-man"));
}

TEST_CASE("an id fits what a user typed: any case, the kind's letter optional") {
    CHECK(typed_id(Kind::partner, "7kq") == "P-7KQ");
    CHECK(typed_id(Kind::partner, "p-7kq") == "P-7KQ");
    CHECK(id_fits("P-7KQ2MD", "7k"));
    CHECK(id_fits("P-7KQ2MD", "P-7KQ2MD"));
    CHECK(id_fits("P-7KQ2MD", ""));
    CHECK_FALSE(id_fits("P-7KQ2MD", "7m"));
    CHECK_FALSE(id_fits("L-7KQ2MD", "p-7k"));
    CHECK_FALSE(id_fits("learning-partner", "le"));  // not an id
}

TEST_CASE("today is the programme's date, whatever the machine's time zone") {
    // 2026-11-30 11:30 UTC: already 1 December in Kiritimati (UTC+14), still 30 November in London.
    long long t = Date{2026, 11, 30}.days() * 86400LL + 11 * 3600 + 1800;
    CHECK(date_in_zone(t, "Europe/London").str() == "2026-11-30");
    CHECK(date_in_zone(t, "UTC").str() == "2026-11-30");
    if (known_time_zone("Pacific/Kiritimati"))
        CHECK(date_in_zone(t, "Pacific/Kiritimati").str() == "2026-12-01");
    // British Summer Time: 23:30 UTC on 30 June is 1 July in London.
    long long summer = Date{2026, 6, 30}.days() * 86400LL + 23 * 3600 + 1800;
    CHECK(date_in_zone(summer, "Europe/London").str() == "2026-07-01");
    CHECK(date_in_zone(summer, "UTC").str() == "2026-06-30");
    CHECK_FALSE(known_time_zone("Mars/Olympus"));
    CHECK_FALSE(known_time_zone("../../etc/passwd"));
    CHECK(known_time_zone("Europe/London"));
}

TEST_CASE(
    "vfi's own rule for UK time agrees with the time zone database, every hour of two years") {
    // TZDIR pointing nowhere makes vfi use its own rule; the database is the reference.
    if (!known_time_zone("Europe/Paris")) return;  // no database on this machine
    long long start = Date{2025, 1, 1}.days() * 86400LL;
    std::vector<std::string> database;
    for (long long t = start; t < start + 2 * 366 * 86400LL; t += 3600)
        database.push_back(date_in_zone(t, "Europe/London").str());
    setenv("TZDIR", "/nonexistent", 1);
    std::size_t i = 0, differ = 0;
    for (long long t = start; t < start + 2 * 366 * 86400LL; t += 3600, ++i)
        differ += date_in_zone(t, "Europe/London").str() != database[i];
    unsetenv("TZDIR");
    CHECK(differ == 0);
}

TEST_CASE("visible_controls: nothing from a record acts on a terminal") {
    CHECK(visible_controls("plain text, ünïcode ✓") == "plain text, ünïcode ✓");
    CHECK(visible_controls("a\nb\tc") == "a\nb\tc");
    CHECK(visible_controls("\033[2J\033[Hclean") == "^[[2J^[[Hclean");
    CHECK(visible_controls("ok\rfaked") == "ok^Mfaked");
    CHECK(visible_controls(std::string("nul\0byte", 8)) == "nul^@byte");
    CHECK(visible_controls("del\x7f") == "del^?");
    CHECK(visible_controls("\xe2\x80\xaetxt.exe") == "<U+202E>txt.exe");  // right-to-left override
    CHECK(visible_controls("zero\xe2\x80\x8bwidth") == "zero<U+200B>width");  // zero-width space
    CHECK(visible_controls("soft\xc2\xadhyphen") == "soft<U+00AD>hyphen");
    CHECK(visible_controls("\xc2\x9b"
                           "31m") == "<U+009B>31m");                   // C1 CSI
    CHECK(visible_controls("tag\xf3\xa0\x80\xa1") == "tag<U+E0021>");  // a tag character
    CHECK(visible_controls("bad\xff byte") == "bad\\xFF byte");
    // vfi's own bold header passes; nothing else that starts with ESC does.
    CHECK(visible_controls("\033[1mid\033[0m") == "\033[1mid\033[0m");
    CHECK(visible_controls("\033[31mred") == "^[[31mred");
}

TEST_CASE("incomplete_tail: a character or vfi's escape cut between two writes waits") {
    CHECK(incomplete_tail("abc") == 0);
    CHECK(incomplete_tail("ab\xc3") == 1);
    CHECK(incomplete_tail("ab\xe2\x80") == 2);
    CHECK(incomplete_tail("ab\xe2\x80\xae") == 0);
    CHECK(incomplete_tail("ab\033[") == 2);
    CHECK(incomplete_tail("ab\033[3") == 0);
}

TEST_CASE("escape_html: a record's text cannot open a tag or leave an attribute") {
    CHECK(escape_html("a<b>&\"c'") == "a&lt;b&gt;&amp;&quot;c'");
    CHECK(escape_html("") == "");
}

TEST_CASE("median: the middle value, or the mean of the two middle ones") {
    CHECK(median({}) == 0);
    CHECK(median({7}) == 7);
    CHECK(median({9, 1, 4}) == 4);
    CHECK(median({4, 1, 3, 9}) == 3.5);
    CHECK(median({-4, -3}) == -3.5);
}

TEST_CASE("last_of_month: leap years and the year's end") {
    CHECK(last_of_month(Date{2024, 2, 10}) == Date{2024, 2, 29});
    CHECK(last_of_month(Date{2023, 2, 1}) == Date{2023, 2, 28});
    CHECK(last_of_month(Date{1900, 2, 28}) == Date{1900, 2, 28});
    CHECK(last_of_month(Date{2023, 12, 31}) == Date{2023, 12, 31});
    CHECK(last_of_month(Date{2023, 4, 1}) == Date{2023, 4, 30});
}

TEST_CASE("squash: one name however it is spaced or capitalised") {
    CHECK(squash(" Ann  Smith\t") == "annsmith");
    CHECK(squash("NHS Trust\r\n") == "nhstrust");
    CHECK(squash("A.B@Example.org") == "a.b@example.org");
}

TEST_CASE("decimal: tenths worked exactly, halves away from zero, no -0.0") {
    CHECK(tenths_text(tenths_of(17, 4)) == "4.3");  // 4.25: binary floating point gives 4.2
    CHECK(tenths_text(tenths_of(-17, 4)) == "-4.3");
    CHECK(tenths_text(tenths_of(41, 10)) == "4.1");
    CHECK(tenths_text(tenths_of(2, 3)) == "0.7");
    CHECK(signed_tenths_text(tenths_of(-1, 100)) == "+0.0");  // a tiny fall is no change shown
    CHECK(signed_tenths_text(tenths_of(-1, 10)) == "-0.1");
    CHECK(signed_tenths_text(tenths_of(3, 2)) == "+1.5");
    CHECK(tenths_of(5, 0) == 0);
}

TEST_CASE("IdTable: each id's place, the first of two alike, none for an id not held") {
    // Ids that share their first 16 bytes and differ after, that differ only in length, and
    // with a zero byte.
    std::vector<std::string> ids = {"P-000001",
                                    "P-000002",
                                    "L-000001",
                                    "S-0123456789ABCDEF-1",
                                    "S-0123456789ABCDEF-2",
                                    "P-000001",
                                    "M-0",
                                    std::string("M-0\0", 4),
                                    "S-0123456789ABCD",
                                    ""};
    auto id_at = [&](std::size_t i) -> std::string_view { return ids[i]; };
    IdTable table(ids.size(), id_at);
    CHECK(table.find("P-000001", id_at) == 0);  // not 5: the first place stays
    CHECK(table.find("P-000002", id_at) == 1);
    CHECK(table.find("L-000001", id_at) == 2);
    CHECK(table.find("S-0123456789ABCDEF-1", id_at) == 3);
    CHECK(table.find("S-0123456789ABCDEF-2", id_at) == 4);
    CHECK(table.find("M-0", id_at) == 6);
    CHECK(table.find(std::string_view("M-0\0", 4), id_at) == 7);
    CHECK(table.find("S-0123456789ABCD", id_at) == 8);
    CHECK(table.find("", id_at) == 9);
    for (std::string_view absent : {"P-000003", "S-0123456789ABCDEF-3", "M-", "P-00000"})
        CHECK(table.find(absent, id_at) == IdTable::none);
    CHECK(IdTable().find("P-000001", id_at) == IdTable::none);

    // Many ids, so probes run past each other: every one is found at its own place.
    std::vector<std::string> many;
    for (int i = 0; i < 5000; ++i)
        many.push_back(fmt::format("S-{:06}", i * 7919 % 100000));
    auto many_at = [&](std::size_t i) -> std::string_view { return many[i]; };
    IdTable big(many.size(), many_at);
    std::size_t found = 0;
    for (std::size_t i = 0; i < many.size(); ++i)
        found += big.find(many[i], many_at) == i;
    CHECK(found == many.size());
    CHECK(big.find("S-100000", many_at) == IdTable::none);

    // Two ids whose hashes agree in the 32 bits a slot keeps and in the 3 bits that place it in
    // a table of 8 (IdTable hashes with std::hash): one is never taken for the other.
    std::unordered_map<std::uint64_t, std::string> seen;
    std::vector<std::string> twins;
    for (int i = 0; twins.empty() && i < 2'000'000; ++i) {
        std::string id = fmt::format("M-{:07}", i);
        std::uint64_t h = std::hash<std::string_view>{}(id);
        auto [it, fresh] = seen.emplace((h >> 32) << 3 | (h & 7), id);
        if (!fresh) twins = {it->second, id};
    }
    REQUIRE(twins.size() == 2);
    auto twin_at = [&](std::size_t i) -> std::string_view { return twins[i]; };
    IdTable one(1, twin_at);
    CHECK(one.find(twins[0], twin_at) == 0);
    CHECK(one.find(twins[1], twin_at) == IdTable::none);
}

TEST_CASE("leave_to_exit: what it is given is kept, never destroyed") {
    struct Watched {
        explicit Watched(bool& gone) : gone(gone) {}
        ~Watched() { gone = true; }
        bool& gone;
    };
    static bool gone = false;
    auto kept = std::make_unique<Watched>(gone);
    const Watched* at = kept.get();
    leave_to_exit(std::move(kept));
    CHECK_FALSE(gone);
    CHECK(&at->gone == &gone);  // still there to be read
}
