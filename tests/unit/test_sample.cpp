// The sample programme is the first thing a newcomer reads: it must be clean and already in
// the layout vfi writes, so rewriting a record changes only what the command changed.
#include <doctest/doctest.h>

#include <filesystem>

#include "vfi/check.hpp"
#include "vfi/files.hpp"
#include "vfi/store.hpp"
#include "vfi/validate.hpp"

using namespace vfi;

#ifndef VFI_SOURCE_DIR
#define VFI_SOURCE_DIR "."
#endif

TEST_CASE("sample programme: check is clean") {
    RecordStore store(std::filesystem::path(VFI_SOURCE_DIR) / "data/example");
    auto problems = check_data(store);
    for (const auto& p : problems)
        FAIL(p.describe());
    CHECK(store.records(Kind::partner).size() == 12);
    CHECK(store.records(Kind::leader).size() == 20);
}

TEST_CASE("sample programme: every record is in vfi's layout already") {
    RecordStore store(std::filesystem::path(VFI_SOURCE_DIR) / "data/example");
    for (Kind kind : all_kinds) {
        store.load({kind});
        for (const auto& r : store.records(kind)) {
            CAPTURE(r.file);
            std::string text = read_file(store.root() / r.file, r.file);
            CHECK(yaml::emit_checked(normalise(kind, r.doc), r.file) == text);
        }
    }
}
