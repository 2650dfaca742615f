// What the fuzzer runs on each input, shared with the unit test that replays every finding:
// read the bytes as a record of each kind and as vfi.yaml, find its comments, and write back
// every map that validates, which must read back as itself. A vfi::Error is the expected
// answer to bad input; an internal one (a write that would not read back) is a bug.
#pragma once

#include <cstdio>
#include <cstdlib>
#include <string_view>
#include <vector>

#include "vfi/base/error.hpp"
#include "vfi/format/kind.hpp"
#include "vfi/format/settings.hpp"
#include "vfi/format/validate.hpp"
#include "vfi/yaml/yaml.hpp"

namespace vfi::fuzz {

inline void fuzz_record(std::string_view text) {
    try {
        yaml::Node doc = yaml::parse(text, "f.yaml");
        yaml::Comments comments = yaml::find_comments(text, doc);
        std::vector<Problem> settings_problems;
        try {
            read_settings(doc, "vfi.yaml", settings_problems);
        } catch (const Error& e) {
            if (e.code() == ExitCode::internal) throw;
        }
        for (Kind kind : all_kinds) {
            std::vector<Problem> problems;
            validate_record(kind, doc, "f.yaml", std::string(1, kind_prefix(kind)) + "-7KQ2MD",
                            Vocabularies::builtin(), problems);
            for (const auto& p : problems)
                (void)p.describe();
            if (problems.empty()) yaml::emit_checked(normalise(kind, doc), "f.yaml", &comments);
        }
        if (doc.is_map()) yaml::emit_checked(doc, "f.yaml", &comments);
    } catch (const Error& e) {
        if (e.code() == ExitCode::internal) {
            std::fprintf(stderr, "internal error: %s\n", e.what());
            std::abort();
        }
    }
}

}  // namespace vfi::fuzz
