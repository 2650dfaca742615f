// The differential check of vfi's YAML loader against libyaml, a strict parser: every text
// vfi accepts must be one libyaml accepts too, and read as the same tree, or a hand edit that
// broke the YAML (a quote never closed) could load as something else and be written back
// without the lines it hid. vfi may refuse more than libyaml (anchors, tags, a second
// document...), never less. Used by the fuzz target vfi_fuzz_diff (make fuzz) and by the unit
// test that runs it over the YAML test suite and every finding. libyaml is linked only there,
// never into vfi.
#pragma once

#include <yaml-cpp/eventhandler.h>
#include <yaml-cpp/exceptions.h>
#include <yaml-cpp/parser.h>
#include <yaml.h>

#include <sstream>

#include <string>
#include <string_view>
#include <vector>

#include <fmt/format.h>

#include "vfi/base/error.hpp"
#include "vfi/yaml/yaml.hpp"

namespace vfi::fuzz {

// libyaml's reading of `text`: empty when it reads it as a YAML stream, else its complaint
// with line and column. `first` gets the first document as a tree of vfi nodes: a plain
// `~`, `null` or nothing is a null, as vfi reads it.
inline std::string libyaml_read(std::string_view text, yaml::Node* first = nullptr) {
    yaml_parser_t parser;
    if (!yaml_parser_initialize(&parser)) return "libyaml could not start";
    yaml_parser_set_input_string(&parser, reinterpret_cast<const unsigned char*>(text.data()),
                                 text.size());
    struct Frame {
        yaml::Node node;
        std::string key = {};
        bool have_key = false;
    };
    std::vector<Frame> stack;
    int documents = 0;
    auto place = [&](yaml::Node n) {
        if (stack.empty()) {
            if (first && documents == 1) *first = std::move(n);
            return;
        }
        Frame& f = stack.back();
        if (f.node.is_sequence()) {
            f.node.items.push_back(std::move(n));
        } else if (!f.have_key) {
            f.key = n.value;
            f.have_key = true;
        } else {
            f.node.entries.push_back(yaml::Entry{f.key, {}, std::move(n)});
            f.have_key = false;
        }
    };
    std::string complaint;
    for (bool end = false; !end;) {
        yaml_event_t event;
        if (!yaml_parser_parse(&parser, &event)) {
            complaint = fmt::format(
                "{}:{}: {}{}{}", parser.problem_mark.line + 1, parser.problem_mark.column + 1,
                parser.problem ? parser.problem : "error", parser.context ? ", " : "",
                parser.context ? parser.context : "");
            break;
        }
        switch (event.type) {
            case YAML_DOCUMENT_START_EVENT:
                ++documents;
                break;
            case YAML_SCALAR_EVENT: {
                std::string value(reinterpret_cast<const char*>(event.data.scalar.value),
                                  event.data.scalar.length);
                bool plain = event.data.scalar.style == YAML_PLAIN_SCALAR_STYLE &&
                             event.data.scalar.tag == nullptr;
                if (plain && (value.empty() || value == "~" || value == "null" || value == "Null" ||
                              value == "NULL"))
                    place(yaml::Node{});
                else
                    place(yaml::Node::text(std::move(value)));
                break;
            }
            case YAML_ALIAS_EVENT:
                place(yaml::Node{});
                break;
            case YAML_SEQUENCE_START_EVENT:
                stack.push_back(Frame{yaml::Node::sequence()});
                break;
            case YAML_MAPPING_START_EVENT:
                stack.push_back(Frame{yaml::Node::map()});
                break;
            case YAML_SEQUENCE_END_EVENT:
            case YAML_MAPPING_END_EVENT: {
                yaml::Node done = std::move(stack.back().node);
                stack.pop_back();
                place(std::move(done));
                break;
            }
            case YAML_STREAM_END_EVENT:
                end = true;
                break;
            default:
                break;
        }
        yaml_event_delete(&event);
    }
    yaml_parser_delete(&parser);
    return complaint;
}

inline std::string libyaml_complaint(std::string_view text) {
    return libyaml_read(text);
}

// libyaml follows YAML 1.1 where it takes U+0085, U+2028 and U+2029 for line breaks; in
// YAML 1.2 (and vfi) they are ordinary characters. For libyaml each becomes another such
// character of as many bytes, one YAML 1.1 has no special use for (é, €).
inline std::string as_yaml_1_2(std::string_view text) {
    std::string out(text);
    for (std::size_t i = 0; i + 1 < out.size(); ++i) {
        if (out[i] == '\xC2' && out[i + 1] == '\x85')
            out.replace(i, 2, "\xC3\xA9");
        else if (i + 2 < out.size() && out[i] == '\xE2' && out[i + 1] == '\x80' &&
                 (out[i + 2] == '\xA8' || out[i + 2] == '\xA9'))
            out.replace(i, 3, "\xE2\x82\xAC");
    }
    return out;
}

// Does yaml-cpp on its own read `text` (its first two documents) without an error?
inline bool yaml_cpp_accepts(std::string_view text) {
    struct Ignore : YAML::EventHandler {
        void OnDocumentStart(const YAML::Mark&) override {}
        void OnDocumentEnd() override {}
        void OnNull(const YAML::Mark&, YAML::anchor_t) override {}
        void OnAlias(const YAML::Mark&, YAML::anchor_t) override {}
        void OnScalar(const YAML::Mark&, const std::string&, YAML::anchor_t,
                      const std::string&) override {}
        void OnSequenceStart(const YAML::Mark&, const std::string&, YAML::anchor_t,
                             YAML::EmitterStyle::value) override {}
        void OnSequenceEnd() override {}
        void OnMapStart(const YAML::Mark&, const std::string&, YAML::anchor_t,
                        YAML::EmitterStyle::value) override {}
        void OnMapEnd() override {}
    } ignore;
    std::istringstream in{std::string(text)};
    try {
        YAML::Parser parser(in);
        for (int document = 0; document < 2 && parser.HandleNextDocument(ignore); ++document) {
        }
    } catch (const YAML::Exception&) {
        return false;
    }
    return true;
}

// The refusals yaml_strict.cpp adds only to agree with libyaml: where libyaml and yaml-cpp
// both read the text, vfi refusing it with one of these is a mistake of vfi's. (Its other
// refusals are deliberate: YAML 1.2 rules libyaml does not keep, text yaml-cpp would change
// such as a lone carriage return, and what vfi records never use.)
inline bool only_to_agree(const std::string& message) {
    for (std::string_view rule :
         {"this quoted text is never closed", "is not an escape YAML knows",
          "does not give a character", "this line is not `key: value`",
          "this value is on a line of its own", "this key is on the line after its ?",
          "an empty entry between brackets", "a value between brackets starts with a colon",
          "a colon right before a comma or bracket", "a tab at the start of",
          "invisible control character"})
        if (message.find(rule) != std::string::npos) return true;
    return false;
}

// Empty when vfi and libyaml agree; else what vfi accepted and libyaml not, read otherwise,
// or refused only to agree with libyaml where libyaml accepts. Only a map counts as accepted:
// every file vfi reads must be one, the callers refuse the rest.
inline std::string yaml_disagreement(std::string_view text) {
    const std::string translated = as_yaml_1_2(text);
    yaml::Node ours;
    try {
        ours = yaml::parse(text, "f.yaml");
        if (!ours.is_map()) return {};
    } catch (const Error& e) {
        if (only_to_agree(e.message()) && libyaml_read(translated).empty() &&
            yaml_cpp_accepts(text))
            return "vfi refuses what libyaml accepts: " + e.describe();
        return {};  // vfi may refuse more
    }
    yaml::Node theirs;
    std::string complaint = libyaml_read(translated, &theirs);
    if (!complaint.empty()) return fmt::format("vfi accepts what libyaml refuses ({})", complaint);
    // Where U+0085 and the like were replaced, the texts differ by design.
    if (translated == text && !yaml::same(ours, theirs))
        return "vfi reads other values than libyaml: " + yaml::emit(theirs);
    return {};
}

}  // namespace vfi::fuzz
