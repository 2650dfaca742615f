// docs/format.md describes every file and field: each field of each kind in its kind's
// section, and each key vfi reads in vfi.yaml in the settings section. A field added to the
// schema without a word in the docs fails here.
#include <doctest/doctest.h>

#include <filesystem>

#include "vfi/base/error.hpp"
#include "vfi/format/kind.hpp"
#include "vfi/format/schema.hpp"
#include "vfi/format/settings.hpp"
#include "vfi/store/files.hpp"

using namespace vfi;

#ifndef VFI_SOURCE_DIR
#define VFI_SOURCE_DIR "."
#endif

namespace {

std::string format_md() {
    return read_file(std::filesystem::path(VFI_SOURCE_DIR) / "docs/format.md", "docs/format.md");
}

// The text from the `## ` heading that contains `title` to the next `## ` heading.
std::string section(const std::string& doc, const std::string& title) {
    std::size_t at = 0;
    while ((at = doc.find("\n## ", at)) != std::string::npos) {
        std::size_t eol = doc.find('\n', at + 1);
        if (doc.substr(at, eol - at).find(title) != std::string::npos) {
            std::size_t end = doc.find("\n## ", eol);
            return doc.substr(eol, end == std::string::npos ? std::string::npos : end - eol);
        }
        at = eol;
    }
    return {};
}

// A key is described when the section names it in code: `training.completed`, or the short
// forms the tables use (`.ethnicity` after `equality.age_band`), or in an example (`from:`).
bool describes(const std::string& text, const std::string& dotted) {
    std::string leaf = dotted.substr(dotted.rfind('.') + 1);
    return text.find("`" + dotted + "`") != std::string::npos ||
           text.find("`." + leaf + "`") != std::string::npos ||
           text.find("`" + leaf + "`") != std::string::npos ||
           text.find("\n" + leaf + ":") != std::string::npos ||
           text.find(" " + leaf + ":") != std::string::npos;
}

void leaves(const std::vector<Field>& fields, const std::string& prefix,
            std::vector<std::string>& out) {
    for (const auto& f : fields) {
        std::string key = prefix + std::string(f.key);
        if (f.type == FieldType::map)
            leaves(f.fields, key + ".", out);
        else
            out.push_back(key);
    }
}

}  // namespace

TEST_CASE("format.md describes every field of every kind") {
    std::string doc = format_md();
    for (Kind kind : {Kind::partner, Kind::leader, Kind::match, Kind::session, Kind::reflection}) {
        std::string text = section(doc, std::string(kind_folder(kind)) + "/");
        INFO("kind: " << kind_name(kind));
        REQUIRE_FALSE(text.empty());
        std::vector<std::string> keys;
        leaves(fields_of(kind), "", keys);
        CHECK(keys.size() > 3);
        for (const auto& key : keys) {
            INFO("field: " << key);
            CHECK(describes(text, key));
        }
    }
}

TEST_CASE("format.md describes every key vfi reads in vfi.yaml") {
    std::string doc = format_md();
    std::string text = section(doc, "vfi.yaml");
    REQUIRE_FALSE(text.empty());
    for (const auto& [where, keys] : settings_keys())
        for (const auto& key : keys) {
            std::string dotted = where.empty() ? key : where + "." + key;
            INFO("setting: " << dotted);
            CHECK(describes(text, dotted));
        }
    for (const char* rate_key : {"from", "session", "prep_minutes", "hourly"}) {
        INFO("payments.rates: " << rate_key);
        CHECK(describes(text, std::string("payments.rates.") + rate_key));
    }
}

TEST_CASE("describes() finds a key only where it is named") {
    CHECK(describes("| `training.completed` | date |", "training.completed"));
    CHECK(describes("| `equality.age_band`, `.ethnicity` |", "equality.ethnicity"));
    CHECK(describes("```yaml\nregion: north-west\n```", "region"));
    CHECK_FALSE(describes("the region of the partner", "region"));
    CHECK_FALSE(describes("| `regions` |", "region"));
}

// docs/vfi.md's EXIT STATUS table and the one in error.hpp (from which --help and the man
// pages are written) list the same codes in the same order, each meaning what it is called.
TEST_CASE("docs/vfi.md lists the exit codes of error.hpp") {
    std::string doc =
        read_file(std::filesystem::path(VFI_SOURCE_DIR) / "docs/vfi.md", "docs/vfi.md");
    std::string table = section(doc, "EXIT STATUS");
    REQUIRE(!table.empty());
    std::vector<std::pair<int, std::string>> rows;
    std::size_t at = 0;
    while ((at = table.find("\n| ", at)) != std::string::npos) {
        std::size_t bar = table.find(" | ", at + 3);
        std::size_t eol = table.find('\n', at + 1);
        std::string first = table.substr(at + 3, bar - at - 3);
        at = eol;
        if (first.empty() || first.find_first_not_of("0123456789") != std::string::npos) continue;
        rows.emplace_back(std::stoi(first), table.substr(bar + 3, eol - bar - 3));
    }
    REQUIRE(rows.size() == std::size(exit_codes));
    for (std::size_t i = 0; i < rows.size(); ++i) {
        CAPTURE(rows[i].second);
        CHECK(rows[i].first == static_cast<int>(exit_codes[i].code));
        CHECK(rows[i].second.rfind(exit_codes[i].name, 0) == 0);
    }
}
