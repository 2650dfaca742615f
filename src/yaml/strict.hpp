// What yaml-cpp 0.7 accepts but YAML 1.2 (and libyaml, a strict parser) refuse: a quote
// never closed, text running on over lines that are not indented under it, a line without
// its colon, a stray `%` line, an unknown escape, a control character, a tab where YAML
// wants spaces... Several of these lose data: the lines they swallow vanish on the next
// write. The reader (yaml_read.cpp) calls this for each node yaml-cpp reports, with where
// the node sits; only the text of quoted and block scalars, of flow collections and the
// start of each line is scanned again, so reading stays fast.
// tests/fuzz/fuzz_diff_main.cpp checks it against libyaml.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "vfi/yaml/yaml.hpp"

namespace vfi::yaml {

// Line and column (1-based, columns in characters) of a byte offset.
Mark position(std::string_view text, std::size_t offset);

// The length in bytes of the character at `at` when YAML allows it only escaped (a C1
// control other than U+0085, U+FFFE or U+FFFF), else 0. C0 controls are not counted here.
std::size_t unprintable_at(std::string_view text, std::size_t at);
bool has_unprintable(std::string_view text);

// yaml-cpp 0.7 reads the escapes `\N` and `\_` as the lone bytes 0x85 and 0xA0, which are
// not UTF-8 (and made the next write fail): this makes them U+0085 and U+00A0.
void repair_escapes(std::string& value);

// Refuses a control character (YAML allows tab, line breaks and printable text only).
void check_printable(std::string_view text, const std::string& file);

class StrictSyntax {
  public:
    StrictSyntax(std::string_view text, const std::string& file)
        : text_(text), file_(file), question_marks_(text.find('?') != text.npos) {
        plain_.reserve(32);
    }

    // A scalar starts at byte `pos`, outside any flow collection; `indent` is
    // the column (0-based) of the block collection it belongs to, -1 at the top.
    // `empty`: yaml-cpp read no text there (only a tag, say).
    void scalar(std::size_t pos, int indent, bool is_key, bool empty);
    // A null (`~`, `null`, or nothing) that yaml-cpp reports at byte `pos`.
    void null(std::size_t pos, int indent, bool is_key);
    // An outermost flow collection ([...] or {...}) starts at `pos`: checks all of it.
    void flow(std::size_t pos, int indent, bool is_key);
    // Is the key at byte `pos` followed by its colon on its line?
    bool key_has_colon(std::size_t pos) const;
    // After the document: `%` lines (directives) and tabs at the start of lines.
    void finish(bool root_is_map);

  private:
    std::size_t past_separation(std::size_t at) const;
    bool empty_quoted(std::size_t at) const;
    void refuse_unindented(std::size_t pos, int indent, bool is_key) const;
    bool after_question_mark(std::size_t start, std::size_t column) const;
    bool explicit_key(std::size_t pos) const;
    std::size_t quoted(std::size_t pos, int indent);
    bool indented(std::size_t at, int indent) const;
    std::size_t escape(std::size_t at) const;
    void control_escape(std::size_t at) const;
    void block_scalar(std::size_t pos, int indent);
    std::size_t flow_plain(std::size_t at, int indent) const;
    void check_line_start(std::size_t at) const;
    bool continues_plain(std::size_t at) const;
    [[noreturn]] void refuse_tag(std::size_t at) const;
    [[noreturn]] void refuse(std::size_t at, std::string message, std::string hint) const;

    std::string_view text_;
    const std::string& file_;
    bool question_marks_;  // any `?` at all (an explicit key needs one)
    // Byte ranges inside multi-line scalars and flow collections: their lines do not start
    // a YAML line of their own.
    std::vector<std::pair<std::size_t, std::size_t>> inside_;
    // Where each plain scalar outside a flow collection starts, and its collection's indent.
    std::vector<std::pair<std::size_t, int>> plain_;
};

}  // namespace vfi::yaml
