// Reading YAML: guards first (size, bytes, merge markers), then yaml-cpp's event parser into
// our own tree, refusing anchors, aliases, tags, duplicate keys, deep nesting, a second document,
// and (yaml_strict.cpp) what yaml-cpp 0.7 accepts but YAML 1.2 refuses, such as a quote never
// closed.
#include <istream>
#include <streambuf>
#include <unordered_set>

#include <fmt/format.h>
#include <yaml-cpp/depthguard.h>
#include <yaml-cpp/eventhandler.h>
#include <yaml-cpp/exceptions.h>
#include <yaml-cpp/mark.h>
#include <yaml-cpp/parser.h>

#include "strict.hpp"
#include "vfi/base/error.hpp"
#include "vfi/base/text.hpp"
#include "vfi/yaml/yaml.hpp"

namespace vfi::yaml {

Node Node::text(std::string s) {
    Node n;
    n.type = Type::scalar;
    n.value = std::move(s);
    n.quoted = true;
    return n;
}

Node Node::plain(std::string s) {
    Node n;
    n.type = Type::scalar;
    n.value = std::move(s);
    return n;
}

Node Node::sequence() {
    Node n;
    n.type = Type::sequence;
    return n;
}

Node Node::map() {
    Node n;
    n.type = Type::map;
    return n;
}

const Entry* Node::find_entry(std::string_view key) const {
    for (const auto& e : entries)
        if (e.key == key) return &e;
    return nullptr;
}

const Node* Node::find(std::string_view key) const {
    const Entry* e = find_entry(key);
    return e ? &e->value : nullptr;
}

Node* Node::find(std::string_view key) {
    for (auto& e : entries)
        if (e.key == key) return &e.value;
    return nullptr;
}

Node& Node::set(std::string_view key, Node value) {
    if (Node* existing = find(key)) {
        *existing = std::move(value);
        return *existing;
    }
    entries.push_back(Entry{std::string(key), {}, std::move(value)});
    return entries.back().value;
}

bool Node::erase(std::string_view key) {
    for (auto it = entries.begin(); it != entries.end(); ++it)
        if (it->key == key) {
            entries.erase(it);
            return true;
        }
    return false;
}

bool same(const Node& a, const Node& b) {
    if (a.type != b.type) return false;
    switch (a.type) {
        case Node::Type::null:
            return true;
        case Node::Type::scalar:
            return a.value == b.value;
        case Node::Type::sequence:
            if (a.items.size() != b.items.size()) return false;
            for (std::size_t i = 0; i < a.items.size(); ++i)
                if (!same(a.items[i], b.items[i])) return false;
            return true;
        case Node::Type::map:
            if (a.entries.size() != b.entries.size()) return false;
            for (std::size_t i = 0; i < a.entries.size(); ++i)
                if (a.entries[i].key != b.entries[i].key ||
                    !same(a.entries[i].value, b.entries[i].value))
                    return false;
            return true;
    }
    return false;
}

namespace {

constexpr std::size_t max_key_length = 200;

Error bad(const std::string& file, Mark at, std::string message, std::string hint) {
    return Error(ExitCode::bad_data, Location{file, at.line, at.column}, {}, std::move(message),
                 std::move(hint));
}

Mark mark_of(const YAML::Mark& m) {
    return Mark{m.line + 1, m.column + 1};
}

void check_bytes(std::string_view text, const std::string& file, const Limits& limits) {
    // Read from git, a larger file is handed over cut to one byte over the limit.
    if (text.size() > limits.max_bytes)
        throw bad(file, {},
                  text.size() == limits.max_bytes + 1
                      ? fmt::format("the file is over the limit of {} bytes", limits.max_bytes)
                      : fmt::format("the file is {} bytes, over the limit of {}", text.size(),
                                    limits.max_bytes),
                  "a record is a few hundred bytes: check this is the right file, or move long "
                  "text out of it");
    if (auto nul = text.find('\0'); nul != std::string_view::npos)
        throw bad(file, position(text, nul), "the file holds a NUL byte",
                  "it is not a text file: restore it from git (`git checkout -- FILE`)");
    std::size_t bad_at = 0;
    if (!valid_utf8(text, &bad_at))
        throw bad(file, position(text, bad_at), "the file is not valid UTF-8 text",
                  "save it as UTF-8 in your editor, or retype the character at this place");
    // Git conflict markers: a merge left both versions in the file.
    std::size_t line_start = 0;
    while (line_start < text.size()) {
        auto end = text.find('\n', line_start);
        if (end == std::string_view::npos) end = text.size();
        auto line = text.substr(line_start, end - line_start);
        if (starts_with(line, "<<<<<<<") || starts_with(line, ">>>>>>>") ||
            (starts_with(line, "=======") && trim(line) == "=======") ||
            starts_with(line, "|||||||"))
            throw bad(file, position(text, line_start), "unresolved git merge conflict",
                      "keep the lines you want between the <<<<<<< and >>>>>>> markers, delete the "
                      "markers, then run `vfi check` and commit");
        line_start = end + 1;
    }
    check_printable(text, file);
}

class membuf : public std::streambuf {
  public:
    membuf(const char* begin, std::size_t size) {
        char* b = const_cast<char*>(begin);
        setg(b, b, b + size);
    }
};

class TreeBuilder : public YAML::EventHandler {
  public:
    // `strict` (may be null) is told where each node starts, to check what yaml-cpp does not.
    TreeBuilder(const std::string& file, int max_depth, StrictSyntax* strict)
        : file_(file), max_depth_(max_depth), strict_(strict) {}

    Node root;
    bool have_root = false;

    void OnDocumentStart(const YAML::Mark&) override {}
    void OnDocumentEnd() override {}

    void OnNull(const YAML::Mark& m, YAML::anchor_t anchor) override {
        refuse_anchor(m, anchor);
        if (strict_ && !in_flow()) strict_->null(m.pos, indent(), is_key());
        node_pos_ = m.pos;
        Node n;
        n.mark = mark_of(m);
        add(std::move(n));
    }
    void OnAlias(const YAML::Mark& m, YAML::anchor_t) override {
        throw bad(file_, mark_of(m), "aliases (*name) are not allowed in vfi records",
                  "write the value out in full instead of referring to an anchor");
    }
    void OnAnchor(const YAML::Mark& m, const std::string&) override { refuse_anchor(m, 1); }
    void OnScalar(const YAML::Mark& m, const std::string& tag, YAML::anchor_t anchor,
                  const std::string& value) override {
        refuse_anchor(m, anchor);
        if (tag != "!") refuse_tag(m, tag);  // quoted text has the tag `!`
        if (strict_ && !in_flow()) strict_->scalar(m.pos, indent(), is_key(), value.empty());
        node_pos_ = m.pos;
        Node n = Node::plain(value);
        n.quoted = tag == "!";
        if (n.quoted) repair_escapes(n.value);
        n.mark = mark_of(m);
        add(std::move(n));
    }
    void OnSequenceStart(const YAML::Mark& m, const std::string& tag, YAML::anchor_t anchor,
                         YAML::EmitterStyle::value style) override {
        start(Node::sequence(), m, tag, anchor, style);
    }
    void OnSequenceEnd() override { stack_.pop_back(); }
    void OnMapStart(const YAML::Mark& m, const std::string& tag, YAML::anchor_t anchor,
                    YAML::EmitterStyle::value style) override {
        start(Node::map(), m, tag, anchor, style);
    }
    void OnMapEnd() override { stack_.pop_back(); }

  private:
    // A sequence or map begins: no anchor or tag, and it is where the next nodes go.
    void start(Node n, const YAML::Mark& m, const std::string& tag, YAML::anchor_t anchor,
               YAML::EmitterStyle::value style) {
        refuse_anchor(m, anchor);
        refuse_tag(m, tag);
        n.mark = mark_of(m);
        add(std::move(n), collection(m, style));
    }

    // Where a collection sits: the indentation of the innermost block collection around its
    // contents (its own column when it is one), and whether it is inside [...] or {...}.
    struct Layout {
        int indent;
        bool flow;
    };
    struct Frame {
        Node* node;
        Layout layout = {-1, false};
        bool have_key = false;
        std::string key = {};
        Mark key_mark = {};
        std::size_t key_pos = 0;
        std::unordered_set<std::string> keys = {};  // used once a map grows large
    };

    int indent() const { return stack_.empty() ? -1 : stack_.back().layout.indent; }
    bool in_flow() const { return !stack_.empty() && stack_.back().layout.flow; }
    bool is_key() const {
        return !stack_.empty() && stack_.back().node->is_map() && !stack_.back().have_key;
    }
    Layout collection(const YAML::Mark& m, YAML::EmitterStyle::value style) {
        if (style != YAML::EmitterStyle::Flow) return Layout{m.column, in_flow()};
        if (strict_ && !in_flow()) strict_->flow(m.pos, indent(), is_key());
        return Layout{indent(), true};
    }

    void refuse_anchor(const YAML::Mark& m, YAML::anchor_t anchor) {
        if (anchor != YAML::NullAnchor)
            throw bad(file_, mark_of(m), "anchors (&name) are not allowed in vfi records",
                      "remove the &name and write each value out in full");
    }
    void refuse_tag(const YAML::Mark& m, const std::string& tag) {
        if (!tag.empty() && tag != "?")
            throw bad(file_, mark_of(m),
                      fmt::format("YAML tags ('{}') are not used in vfi records", tag),
                      "remove the tag; put quotes around a value that must stay text");
    }

    // A scalar or null (no layout), or a collection opening (its layout).
    void add(Node n, Layout layout = {-1, false}) {
        bool container = n.is_sequence() || n.is_map();
        if (container && static_cast<int>(stack_.size()) >= max_depth_)
            throw bad(file_, n.mark,
                      fmt::format("the data is nested more than {} levels deep", max_depth_),
                      "a vfi record needs at most 3 levels: check the indentation");
        Node* placed = nullptr;
        if (stack_.empty()) {
            root = std::move(n);
            have_root = true;
            placed = &root;
        } else {
            Frame& f = stack_.back();
            Node& parent = *f.node;
            if (parent.is_sequence()) {
                parent.items.push_back(std::move(n));
                placed = &parent.items.back();
            } else if (!f.have_key) {
                take_key(f, n);
                return;
            } else {
                refuse_missing_colon(f, n);
                parent.entries.push_back(Entry{std::move(f.key), f.key_mark, std::move(n)});
                f.have_key = false;
                placed = &parent.entries.back().value;
            }
        }
        if (container) stack_.push_back(Frame{placed, layout});
    }

    // yaml-cpp reads a last line without a colon (`invalid` after `key: value`) as a key
    // with no value, the null's mark being the key's own; YAML has no such key. (The mark is
    // the key's too for `key:` ending a file without a line break: that one has its colon.)
    void refuse_missing_colon(const Frame& f, const Node& value) const {
        if (value.is_null() && !f.layout.flow && value.mark.line == f.key_mark.line &&
            value.mark.column == f.key_mark.column && strict_ && !strict_->key_has_colon(f.key_pos))
            throw bad(file_, f.key_mark,
                      "this line is not `key: value`: it has no colon followed by a space",
                      "add the colon and a space after the key; if the line continues the text "
                      "above it, indent it under that text");
    }

    void take_key(Frame& f, const Node& key) {
        if (!key.is_scalar() || key.value.empty())
            throw bad(file_, key.mark, "a key must be a plain word such as `status`",
                      "check the indentation and the colons on this line");
        // No field name is long; a key of hundreds of characters is text that lost its line
        // break (and YAML allows a key of at most 1024, so vfi could not write it back).
        if (key.value.size() > max_key_length)
            throw bad(file_, key.mark,
                      fmt::format("a key of {} characters is not a field name", key.value.size()),
                      "check for a missing line break or a stray colon in this text");
        Node& parent = *f.node;
        const Entry* first = nullptr;
        if (parent.entries.size() < 32) {
            first = parent.find_entry(key.value);
        } else {
            if (f.keys.empty())
                for (const auto& e : parent.entries)
                    f.keys.insert(e.key);
            if (!f.keys.insert(key.value).second) first = parent.find_entry(key.value);
        }
        if (first)
            throw Error(
                ExitCode::bad_data, Location{file_, key.mark.line, key.mark.column}, key.value,
                fmt::format("this key appears twice (first on line {})", first->key_mark.line),
                "a git merge can leave two versions of one line: keep the right one and "
                "delete the other");
        f.key = key.value;
        f.key_mark = key.mark;
        f.key_pos = node_pos_;
        f.have_key = true;
    }

    const std::string& file_;
    int max_depth_;
    StrictSyntax* strict_;
    std::size_t node_pos_ = 0;  // where the last scalar or null starts
    std::vector<Frame> stack_;
};

}  // namespace

Node parse(std::string_view text, const std::string& file, const Limits& limits) {
    check_bytes(text, file, limits);
    if (starts_with(text, "\xEF\xBB\xBF")) text.remove_prefix(3);  // a BOM some editors add

    membuf buffer(text.data(), text.size());
    std::istream in(&buffer);
    StrictSyntax strict(text, file);
    TreeBuilder builder(file, limits.max_depth, &strict);
    try {
        YAML::Parser parser(in);
        if (!parser.HandleNextDocument(builder) || !builder.have_root)
            throw bad(file, {}, "the file is empty",
                      "a record needs at least its `id:` line: restore it from git or delete it");
        TreeBuilder second(file, limits.max_depth, nullptr);
        if (parser.HandleNextDocument(second)) {
            Mark at = second.have_root ? second.root.mark : Mark{};
            // yaml-cpp can return documents without moving on (`,`): that is broken YAML.
            if (at.line == builder.root.mark.line && at.column == builder.root.mark.column)
                throw bad(file, at, "this is not valid YAML",
                          "check the indentation, colons and quotes on this line");
            throw bad(file, at, "the file holds a second YAML document",
                      "one file holds one record: remove the `---` line and what follows it");
        }
        strict.finish(builder.root.is_map());
    } catch (const YAML::DeepRecursion& e) {
        throw bad(file, mark_of(e.mark), "the data is nested too deeply",
                  "a vfi record needs at most 3 levels: check the indentation");
    } catch (const YAML::Exception& e) {
        std::string what = e.msg.empty() ? "the YAML is malformed" : e.msg;
        throw bad(file, e.mark.is_null() ? Mark{} : mark_of(e.mark),
                  fmt::format("this is not valid YAML ({})", what),
                  "check the indentation, colons and quotes on this line and the one before");
    }
    return std::move(builder.root);
}

}  // namespace vfi::yaml
