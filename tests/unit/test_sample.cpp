// The sample programme is the first thing a newcomer reads: it must be clean and already in
// the layout vfi writes, so rewriting a record changes only what the command changed.
#include <doctest/doctest.h>

#include <filesystem>

#include "temp_dir.hpp"
#include "vfi/format/validate.hpp"
#include "vfi/ops/check.hpp"
#include "vfi/store/files.hpp"
#include "vfi/store/store.hpp"

using namespace vfi;

#ifndef VFI_SOURCE_DIR
#define VFI_SOURCE_DIR "."
#endif

namespace {

// A copy of the sample, so reading it (which may write .vfi/cache) leaves the tree alone.
struct SampleCopy {
    TempDir d;
    SampleCopy() {
        for (const auto& e : std::filesystem::directory_iterator(
                 std::filesystem::path(VFI_SOURCE_DIR) / "data/example"))
            if (e.path().filename() != ".vfi")
                std::filesystem::copy(e.path(), d.path / e.path().filename(),
                                      std::filesystem::copy_options::recursive);
    }
};

}  // namespace

TEST_CASE("sample programme: check is clean") {
    SampleCopy sample;
    RecordStore store(sample.d.path);
    auto problems = check_data(store, Date::today());
    for (const auto& p : problems)
        FAIL(p.describe());
    CHECK(store.records(Kind::partner).size() == 12);
    CHECK(store.records(Kind::leader).size() == 20);
}

TEST_CASE("sample programme: every record is in vfi's layout already") {
    SampleCopy sample;
    RecordStore store(sample.d.path);
    for (Kind kind : all_kinds) {
        store.load({kind});
        for (const auto& r : store.records(kind)) {
            CAPTURE(r.file);
            std::string text = read_file(store.root() / r.file, r.file);
            CHECK(yaml::emit_checked(normalise(kind, r.doc), r.file) == text);
        }
    }
}

TEST_CASE("check streaming the large kinds finds exactly what check keeping them finds") {
    SampleCopy sample;
    // A session of a match that does not exist, a leader no longer matched to a running match,
    // and a reflection by nobody: problems found only through the links between records.
    sample.d.write("sessions/S-ZZZZZ1.yaml",
                   "id: S-ZZZZZ1\nmatch: M-ZZZZZZ\ndate: 2023-01-01\nstatus: held\nminutes: 60\n");
    sample.d.write(
        "reflections/R-ZZZZZ1.yaml",
        "id: R-ZZZZZ1\ndate: 2023-01-01\nby: P-ZZZZZZ\nabout: programme\nstage: ad-hoc\n");
    std::string leader = sample.d.read("leaders/L-C09M1H.yaml");
    REQUIRE(leader.find("status: matched") != std::string::npos);
    leader.replace(leader.find("status: matched"), 15, "status: waiting");
    sample.d.write("leaders/L-C09M1H.yaml", leader);

    RecordStore kept(sample.d.path);
    auto expected = check_data(kept, Date::today());
    REQUIRE(expected.size() == 3);

    RecordStore streamed(sample.d.path);
    std::size_t leaders = 0, sessions = 0, reflections = 0;
    CheckStream stream;
    stream.leader = [&](Leader&&) { ++leaders; };
    stream.session = [&](Session&&) { ++sessions; };
    stream.reflection = [&](Reflection&&) { ++reflections; };
    auto got = check_data(streamed, Date::today(), &stream);
    REQUIRE(got.size() == expected.size());
    for (std::size_t i = 0; i < got.size(); ++i)
        CHECK(got[i].describe() == expected[i].describe());
    CHECK(leaders == kept.records(Kind::leader).size());
    CHECK(sessions == kept.records(Kind::session).size());
    CHECK(reflections == kept.records(Kind::reflection).size());
    // Nothing of the streamed kinds is kept.
    CHECK(streamed.records(Kind::session).empty());
    CHECK(streamed.records(Kind::leader).empty());
    CHECK(streamed.records(Kind::partner).size() == 12);

    // Only what has a callback is streamed; the rest is kept as usual.
    RecordStore leaders_only(sample.d.path);
    CheckStream some;
    some.leader = [](Leader&&) {};
    CHECK(check_data(leaders_only, Date::today(), &some).size() == expected.size());
    CHECK(leaders_only.records(Kind::leader).empty());
    CHECK(leaders_only.records(Kind::session).size() == kept.records(Kind::session).size());
}
