// The one place vfi touches YAML. It wraps yaml-cpp's event parser and guards its traps:
// a size cap, a depth cap, no anchors or aliases, no duplicate keys, git conflict markers
// reported as an unresolved merge, one document per file, valid UTF-8 without NULs.
// Scalars stay text: numbers, dates and booleans are read by the schema, never by yaml-cpp.
// Writing uses our own emitter with one fixed layout, quoting every ambiguous string.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace vfi::yaml {

struct Mark {
    int line = 0;    // 1-based; 0 for a node made by the program
    int column = 0;  // 1-based
};

struct Entry;

struct Node {
    enum class Type { null, scalar, sequence, map };

    Type type = Type::null;
    // Scalars: the text. `quoted` is true when the value is a string that must read back as a
    // string (it was quoted in the file, or the schema says it is text): the emitter then
    // quotes it whenever the plain form would be ambiguous (`yes`, `0123`, `2024-01-05`).
    std::string value;
    bool quoted = false;
    std::vector<Node> items;     // sequences
    std::vector<Entry> entries;  // maps, in order
    Mark mark;

    static Node text(std::string s);   // a string
    static Node plain(std::string s);  // a number, date or boolean, written as is
    static Node sequence();
    static Node map();

    bool is_null() const { return type == Type::null; }
    bool is_scalar() const { return type == Type::scalar; }
    bool is_sequence() const { return type == Type::sequence; }
    bool is_map() const { return type == Type::map; }

    // Maps: the value under `key`, or nullptr.
    const Node* find(std::string_view key) const;
    Node* find(std::string_view key);
    const Entry* find_entry(std::string_view key) const;
    // Maps: replace the value under `key`, or append the key.
    Node& set(std::string_view key, Node value);
    bool erase(std::string_view key);
};

struct Entry {
    std::string key;
    Mark key_mark;
    Node value;
};

// Same type and same text everywhere (marks and styles ignored).
bool same(const Node& a, const Node& b);

struct Limits {
    std::size_t max_bytes = 1 << 20;  // 1 MiB: a record is a few hundred bytes
    int max_depth = 16;               // a record needs 3 levels
};

// Parses one YAML document into a tree. Throws vfi::Error (bad_data) naming `file`, the line,
// the column and what to do. The root may be any node; callers check it is a map.
Node parse(std::string_view text, const std::string& file, const Limits& limits = {});

// Comments a person wrote in a file, tied to the keys they sit on or above, so a rewrite
// keeps them. Paths are dotted keys, with list positions as numbers: `quotes.0.text`.
struct Comments {
    std::vector<std::pair<std::string, std::string>> before;  // path -> `# ...` lines above it
    std::vector<std::pair<std::string, std::string>> after;   // path -> `# ...` at its line's end
    std::string end;                                          // `# ...` lines after the last key
    bool empty() const { return before.empty() && after.empty() && end.empty(); }
};

// Finds the comments in `text`, whose tree is `root`. A `#` counts as a comment only when
// removing it and the rest of its line leaves the tree exactly as it was, so a `#` inside
// quotes or a block of text is never taken for one.
Comments find_comments(std::string_view text, const Node& root);

// Writes a map in vfi's fixed layout, ending with a newline. The order of keys is the
// node's order. The result is re-read by `emit_checked`, never by this function.
std::string emit(const Node& root, const Comments* comments = nullptr);

// emit() and then parse() the result and compare: a guard against writing a file that
// would not read back as the same record. Throws vfi::Error (internal) on a mismatch.
std::string emit_checked(const Node& root, const std::string& file,
                         const Comments* comments = nullptr);

// A one-line string as YAML text: plain when safe, else double-quoted.
std::string text_scalar(std::string_view s);

// Where a scalar is written: a value of its own, or an item inside [...].
enum class Context { block, flow };

// Would this string need quotes in YAML to stay a string? (Exposed for tests.)
bool needs_quotes(std::string_view s, Context context = Context::block);

}  // namespace vfi::yaml
