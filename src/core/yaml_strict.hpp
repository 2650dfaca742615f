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

#include "vfi/yaml.hpp"

namespace vfi::yaml {

// Line and column (1-based, columns in characters) of a byte offset.
Mark position(std::string_view text, std::size_t offset);

// Refuses a control character (YAML allows tab, line breaks and printable text only).
void check_printable(std::string_view text, const std::string& file);

class StrictSyntax {
  public:
    StrictSyntax(std::string_view text, const std::string& file);

    // A scalar starts at yaml-cpp's position `pos`, outside any flow collection; `indent` is
    // the column (0-based) of the block collection it belongs to, -1 at the top.
    void scalar(std::size_t pos, int indent, bool is_key);
    // An outermost flow collection ([...] or {...}) starts at `pos`: checks all of it.
    void flow(std::size_t pos, int indent, bool is_key);
    // After the document: `%` lines (directives) and tabs at the start of lines.
    void finish(bool root_is_map);

  private:
    std::size_t offset(std::size_t pos) const;
    void refuse_unindented(std::size_t pos, int indent) const;
    std::size_t quoted(std::size_t pos, int indent);
    bool indented(std::size_t at, int indent) const;
    std::size_t escape(std::size_t at) const;
    void block_scalar(std::size_t pos, int indent);
    std::size_t flow_plain(std::size_t at) const;
    void check_line_start(std::size_t at) const;
    bool continues_plain(std::size_t at) const;
    [[noreturn]] void refuse_tag(std::size_t at) const;
    [[noreturn]] void refuse(std::size_t at, std::string message, std::string hint) const;

    std::string_view text_;
    const std::string& file_;
    // Byte ranges inside multi-line scalars and flow collections: their lines do not start
    // a YAML line of their own.
    std::vector<std::pair<std::size_t, std::size_t>> inside_;
    // Where each plain scalar outside a flow collection starts, and its collection's indent.
    std::vector<std::pair<std::size_t, int>> plain_;
    // For each carriage return, its offset less the number before it.
    std::vector<std::size_t> carriage_returns_;
};

}  // namespace vfi::yaml
