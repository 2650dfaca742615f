// The differential check of vfi's YAML loader against libyaml, a strict parser: every text
// vfi accepts must be one libyaml accepts too, or a hand edit that broke the YAML (a quote
// never closed) could load as something else and be written back without the lines it hid.
// vfi may refuse more than libyaml (anchors, tags, a second document...), never less.
// Used by the fuzz target vfi_fuzz_diff (make fuzz) and by the unit test that runs it over
// the YAML test suite and every finding. libyaml is linked only there, never into vfi.
#pragma once

#include <yaml.h>

#include <string>
#include <string_view>

#include <fmt/format.h>

#include "vfi/error.hpp"
#include "vfi/yaml.hpp"

namespace vfi::fuzz {

// Empty when libyaml reads `text` as a YAML stream; else its complaint, with line and column.
inline std::string libyaml_complaint(std::string_view text) {
    yaml_parser_t parser;
    if (!yaml_parser_initialize(&parser)) return "libyaml could not start";
    yaml_parser_set_input_string(&parser, reinterpret_cast<const unsigned char*>(text.data()),
                                 text.size());
    std::string complaint;
    for (;;) {
        yaml_event_t event;
        if (!yaml_parser_parse(&parser, &event)) {
            complaint = fmt::format(
                "{}:{}: {}{}{}", parser.problem_mark.line + 1, parser.problem_mark.column + 1,
                parser.problem ? parser.problem : "error", parser.context ? ", " : "",
                parser.context ? parser.context : "");
            break;
        }
        bool end = event.type == YAML_STREAM_END_EVENT;
        yaml_event_delete(&event);
        if (end) break;
    }
    yaml_parser_delete(&parser);
    return complaint;
}

// libyaml follows YAML 1.1 where it takes U+0085, U+2028 and U+2029 for line breaks; in
// YAML 1.2 (and vfi) they are ordinary characters. Each becomes as many `x` for libyaml.
inline std::string as_yaml_1_2(std::string_view text) {
    std::string out(text);
    for (std::size_t i = 0; i + 1 < out.size(); ++i) {
        if (out[i] == '\xC2' && out[i + 1] == '\x85')
            out.replace(i, 2, "xx");
        else if (i + 2 < out.size() && out[i] == '\xE2' && out[i + 1] == '\x80' &&
                 (out[i + 2] == '\xA8' || out[i + 2] == '\xA9'))
            out.replace(i, 3, "xxx");
    }
    return out;
}

// Empty when vfi and libyaml agree (or vfi refuses); else what vfi accepted and libyaml not.
// Only a map counts as accepted: every file vfi reads must be one, the callers refuse the rest.
inline std::string yaml_disagreement(std::string_view text) {
    try {
        if (!yaml::parse(text, "f.yaml").is_map()) return {};
    } catch (const Error&) {
        return {};  // vfi refusing is always allowed
    }
    std::string complaint = libyaml_complaint(as_yaml_1_2(text));
    if (complaint.empty()) return {};
    return fmt::format("vfi accepts what libyaml refuses ({})", complaint);
}

}  // namespace vfi::fuzz
