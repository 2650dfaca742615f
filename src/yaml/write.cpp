// Writing YAML in vfi's one fixed layout: two-space indents, short lists of words in flow
// style, text quoted whenever its plain form could be read as something else, and literal
// blocks for text of several lines. Every file is re-read and compared before it is used.
#include <fmt/format.h>

#include "strict.hpp"
#include "vfi/base/error.hpp"
#include "vfi/base/text.hpp"
#include "vfi/yaml/yaml.hpp"

namespace vfi::yaml {
namespace {

constexpr std::size_t flow_width = 80;

bool is_keyword(std::string_view s) {
    static constexpr std::string_view words[] = {
        "~",     "null",  "Null",  "NULL",  "y",    "Y",    "yes",  "Yes",  "YES",
        "n",     "N",     "no",    "No",    "NO",   "true", "True", "TRUE", "false",
        "False", "FALSE", "on",    "On",    "ON",   "off",  "Off",  "OFF",  ".inf",
        ".Inf",  ".INF",  "-.inf", "+.inf", ".nan", ".NaN", ".NAN", "=",    "<<"};
    for (auto w : words)
        if (s == w) return true;
    return false;
}

bool is_digit(char c) {
    return c >= '0' && c <= '9';
}

}  // namespace

namespace {

// Could the plain form be read as something other than this text (a number, a date, a
// boolean, null)? `0123`, `2024-01-05`, `1:20`, `-5`, `yes`, `~`.
bool ambiguous(std::string_view s) {
    if (s.empty() || is_keyword(s)) return true;
    if (is_digit(s.front())) return true;
    return (s.front() == '-' || s.front() == '+' || s.front() == '.') && s.size() > 1 &&
           (is_digit(s[1]) || s[1] == '.');
}

// Would the plain form break the YAML around it or lose characters?
bool structural(std::string_view s, Context context) {
    if (s.empty()) return true;
    if (s.front() == ' ' || s.back() == ' ' || s.front() == '\t' || s.back() == '\t') return true;
    static constexpr std::string_view indicators = "-?:,[]{}#&*!|>'\"%@`";
    bool minus_then_word = s.front() == '-' && s.size() > 1 && s[1] != ' ';
    if (indicators.find(s.front()) != std::string_view::npos && !minus_then_word) return true;
    if (s.back() == ':') return true;
    // A key at the start of a line that begins like a git conflict marker would read back as one.
    if (starts_with(s, "<<<<<<<") || starts_with(s, "=======")) return true;
    // ... and one that begins like a document marker (`--- F`) would end the document.
    if ((starts_with(s, "---") || starts_with(s, "...")) &&
        (s.size() == 3 || s[3] == ' ' || s[3] == '\t'))
        return true;
    if (s.find(": ") != std::string_view::npos || s.find(" #") != std::string_view::npos ||
        s.find(":\t") != std::string_view::npos || s.find("\t#") != std::string_view::npos)
        return true;
    for (unsigned char c : s)
        if (c < 0x20 || c == 0x7F) return true;
    // yaml-cpp 0.7 also refuses a `?` anywhere in a plain scalar inside [...]: `[40?.yaml]`.
    if (context == Context::flow && s.find_first_of(",[]{}?") != std::string_view::npos)
        return true;
    // Unicode line and paragraph separators, NEL and the BOM read oddly in some parsers.
    for (auto odd : {"\xE2\x80\xA8", "\xE2\x80\xA9", "\xEF\xBB\xBF", "\xC2\x85"})
        if (s.find(odd) != std::string_view::npos) return true;
    return has_unprintable(s);
}

}  // namespace

bool needs_quotes(std::string_view s, Context context) {
    return ambiguous(s) || structural(s, context);
}

namespace {

std::string double_quoted(std::string_view s) {
    std::string out = "\"";
    for (unsigned char c : s) {
        switch (c) {
            case '"':
                out += "\\\"";
                break;
            case '\\':
                out += "\\\\";
                break;
            case '\n':
                out += "\\n";
                break;
            case '\t':
                out += "\\t";
                break;
            case '\r':
                out += "\\r";
                break;
            default:
                if (c < 0x20 || c == 0x7F)
                    out += fmt::format("\\x{:02X}", c);
                else
                    out += static_cast<char>(c);
        }
    }
    // U+2028/2029/0085/FEFF are escaped so the file stays plain to read.
    std::string escaped;
    for (std::size_t i = 0; i < out.size(); ++i) {
        auto rest = std::string_view(out).substr(i);
        if (starts_with(rest, "\xE2\x80\xA8")) {
            escaped += "\\L";
            i += 2;
        } else if (starts_with(rest, "\xE2\x80\xA9")) {
            escaped += "\\P";
            i += 2;
        } else if (starts_with(rest, "\xC2\x85")) {
            escaped += "\\u0085";  // yaml-cpp 0.7 reads `\N` as the lone byte 0x85
            i += 1;
        } else if (starts_with(rest, "\xEF\xBB\xBF")) {
            escaped += "\\uFEFF";
            i += 2;
        } else if (std::size_t n = unprintable_at(rest, 0); n != 0) {
            // C1 controls, U+FFFE and U+FFFF: the reader refuses them raw, as YAML does.
            std::uint32_t code =
                n == 2 ? static_cast<unsigned char>(rest[1]) : 0xFFFE + (rest[2] == '\xBF' ? 1 : 0);
            escaped += fmt::format("\\u{:04X}", code);
            i += n - 1;
        } else {
            escaped += out[i];
        }
    }
    return escaped + "\"";
}

// A literal block (`|`) keeps text of several lines readable. Only used where it reads back
// exactly; otherwise the text is double-quoted.
bool literal_fits(std::string_view s) {
    if (s.find('\n') == std::string_view::npos) return false;
    if (s.front() == ' ' || s.front() == '\n' || s.front() == '\t') return false;
    if (s.find_first_not_of('\n') == std::string_view::npos) return false;
    for (unsigned char c : s)
        if ((c < 0x20 && c != '\n' && c != '\t') || c == 0x7F || c == '\r') return false;
    // A line of only spaces or tabs would be read as indentation.
    std::size_t start = 0;
    while (start < s.size()) {
        auto end = s.find('\n', start);
        if (end == std::string_view::npos) end = s.size();
        auto line = s.substr(start, end - start);
        if (!line.empty() && line.find_first_not_of(" \t") == std::string_view::npos) return false;
        start = end + 1;
    }
    if (s.find("\xE2\x80\xA8") != std::string_view::npos ||
        s.find("\xE2\x80\xA9") != std::string_view::npos ||
        s.find("\xC2\x85") != std::string_view::npos ||
        s.find("\xEF\xBB\xBF") != std::string_view::npos)
        return false;
    return !has_unprintable(s);
}

void literal(std::string& out, std::string_view s, int indent) {
    std::size_t trailing = 0;
    while (trailing < s.size() && s[s.size() - 1 - trailing] == '\n')
        ++trailing;
    out += trailing == 0 ? "|-" : trailing == 1 ? "|" : "|+";
    out += '\n';
    std::string pad(static_cast<std::size_t>(indent), ' ');
    std::string_view body = s.substr(0, s.size() - trailing);
    std::size_t start = 0;
    while (start <= body.size()) {
        auto end = body.find('\n', start);
        if (end == std::string_view::npos) end = body.size();
        auto line = body.substr(start, end - start);
        if (!line.empty()) out += pad;
        out += line;
        out += '\n';
        start = end + 1;
    }
    for (std::size_t i = 1; i < trailing; ++i)
        out += '\n';
}

std::string scalar(const Node& n, Context context) {
    if (n.is_null()) return "";
    // Text is quoted when it could be misread; a plain value (a number, a date, `true`, or a
    // plain scalar read from a file) is written as it is unless that would break the YAML.
    if (n.quoted ? !needs_quotes(n.value, context) : !structural(n.value, context)) return n.value;
    return double_quoted(n.value);
}

bool flow_fits(const Node& seq, std::size_t used) {
    std::size_t width = used + 2;
    for (const auto& item : seq.items) {
        if (!item.is_scalar() || item.value.find('\n') != std::string::npos) return false;
        if (item.quoted ? needs_quotes(item.value, Context::flow)
                        : structural(item.value, Context::flow))
            return false;
        width += scalar(item, Context::flow).size() + 2;
    }
    return width <= flow_width;
}

struct Emitter {
    const Comments* comments;

    const std::string* lookup(const std::vector<std::pair<std::string, std::string>>& list,
                              const std::string& path) const {
        for (const auto& [p, text] : list)
            if (p == path) return &text;
        return nullptr;
    }
    const std::string* before(const std::string& path) const {
        return comments ? lookup(comments->before, path) : nullptr;
    }
    const std::string* after(const std::string& path) const {
        return comments ? lookup(comments->after, path) : nullptr;
    }

    // Comments on a list's items keep it in block style, one item a line, so they have a place.
    bool items_have_comments(const Node& seq, const std::string& path) const {
        for (std::size_t i = 0; i < seq.items.size(); ++i) {
            std::string here = path + "." + std::to_string(i);
            if (before(here) || after(here)) return true;
        }
        return false;
    }

    // A map's first key goes on a line of its own, or on the line of the `- ` before it.
    enum class FirstKey { own_line, after_dash };
    void emit_map(std::string& out, const Node& map, int indent, FirstKey first_key,
                  const std::string& path);
    void emit_sequence(std::string& out, const Node& seq, int indent, const std::string& path);
    void emit_value(std::string& out, const Node& n, int indent, std::size_t used,
                    const std::string& path, const std::string* trailing);
};

// Does the value end on the line of its key (so a comment can follow it there)?
bool one_line(const Node& n, std::size_t used) {
    if (n.is_scalar()) return !(n.quoted && literal_fits(n.value));
    if (n.is_sequence()) return n.items.empty() || flow_fits(n, used);
    if (n.is_map()) return n.entries.empty();
    return true;
}

void comment_lines(std::string& out, const std::string& text, int indent) {
    std::string pad(static_cast<std::size_t>(indent), ' ');
    std::size_t start = 0;
    while (start < text.size()) {
        auto end = text.find('\n', start);
        if (end == std::string::npos) end = text.size();
        out += pad + text.substr(start, end - start) + "\n";
        start = end + 1;
    }
}

// Writes what follows `key:` (or `- `), starting on the same line.
void Emitter::emit_value(std::string& out, const Node& n, int indent, std::size_t used,
                         const std::string& path, const std::string* trailing) {
    std::string comment = trailing ? "  " + *trailing : "";
    switch (n.type) {
        case Node::Type::null:
            out += comment + '\n';
            return;
        case Node::Type::scalar:
            if (n.quoted && literal_fits(n.value)) {
                out += ' ';
                literal(out, n.value, indent + 2);
                return;
            }
            out += ' ';
            out += scalar(n, Context::block);
            out += comment + '\n';
            return;
        case Node::Type::sequence:
            if (n.items.empty()) {
                out += " []" + comment + "\n";
            } else if (flow_fits(n, used) && !items_have_comments(n, path)) {
                out += " [";
                for (std::size_t i = 0; i < n.items.size(); ++i) {
                    if (i) out += ", ";
                    out += scalar(n.items[i], Context::flow);
                }
                out += "]" + comment + "\n";
            } else {
                out += comment + '\n';
                emit_sequence(out, n, indent + 2, path);
            }
            return;
        case Node::Type::map:
            if (n.entries.empty()) {
                out += " {}" + comment + "\n";
            } else {
                out += comment + '\n';
                emit_map(out, n, indent + 2, FirstKey::own_line, path);
            }
            return;
    }
}

std::string key_text(const std::string& key) {
    return needs_quotes(key) ? double_quoted(key) : key;
}

void Emitter::emit_map(std::string& out, const Node& map, int indent, FirstKey first_key,
                       const std::string& path) {
    std::string pad(static_cast<std::size_t>(indent), ' ');
    bool first = true;
    for (const auto& e : map.entries) {
        std::string here = path.empty() ? e.key : path + "." + e.key;
        std::string key = key_text(e.key);
        std::size_t used = static_cast<std::size_t>(indent) + key.size() + 1;
        const std::string* above = before(here);
        const std::string* trailing = after(here);
        // A comment that cannot end the key's line (the value runs on) goes above the key.
        std::string moved;
        bool runs_on = !one_line(e.value, used) ||
                       (e.value.is_sequence() && items_have_comments(e.value, here));
        if (trailing && runs_on) {
            moved = (above ? *above + "\n" : "") + *trailing;
            above = &moved;
            trailing = nullptr;
        }
        bool after_dash = first && first_key == FirstKey::after_dash;
        if (above && !after_dash) comment_lines(out, *above, indent);
        if (!after_dash) out += pad;
        first = false;
        out += key;
        out += ':';
        emit_value(out, e.value, indent, used, here, trailing);
    }
}

void Emitter::emit_sequence(std::string& out, const Node& seq, int indent,
                            const std::string& path) {
    std::string pad(static_cast<std::size_t>(indent), ' ');
    for (std::size_t i = 0; i < seq.items.size(); ++i) {
        const Node& item = seq.items[i];
        std::string here = path + "." + std::to_string(i);
        bool is_map = item.is_map() && !item.entries.empty();
        const std::string* trailing = is_map ? nullptr : after(here);
        if (is_map) {
            if (const std::string* above = before(here + "." + item.entries.front().key))
                comment_lines(out, *above, indent);
        } else if (const std::string* above = before(here)) {
            comment_lines(out, *above, indent);
        }
        // A comment that cannot end the item's line (a block of text follows the dash) goes
        // above the item, as it does above a key.
        if (trailing && !one_line(item, static_cast<std::size_t>(indent) + 1)) {
            comment_lines(out, *trailing, indent);
            trailing = nullptr;
        }
        out += pad;
        out += '-';
        if (is_map) {
            out += ' ';
            emit_map(out, item, indent + 2, FirstKey::after_dash, here);
        } else {
            emit_value(out, item, indent, static_cast<std::size_t>(indent) + 1, here, trailing);
        }
    }
}

}  // namespace

std::string text_scalar(std::string_view s) {
    return needs_quotes(s) ? double_quoted(s) : std::string(s);
}

std::string emit(const Node& root, const Comments* comments) {
    std::string out;
    if (root.is_map()) {
        if (root.entries.empty()) return "{}\n";
        Emitter{comments}.emit_map(out, root, 0, Emitter::FirstKey::own_line, "");
        if (comments && !comments->end.empty()) comment_lines(out, comments->end, 0);
    } else {
        throw Error(ExitCode::internal, "vfi tried to write a record that is not a map",
                    "this is a bug in vfi: please report it");
    }
    return out;
}

namespace {

// A control character in `text` (a terminal's ESC, a carriage return, a C1 control but the
// next-line character, U+FFFE or U+FFFF), which no file vfi reads may hold; tab and line feed
// are text.
bool holds_control(std::string_view text) {
    for (std::size_t i = 0; i < text.size(); ++i) {
        auto c = static_cast<unsigned char>(text[i]);
        if ((c < 0x20 && c != '\t' && c != '\n') || c == 0x7F) return true;
        auto next = [&](std::size_t k) {
            return i + k < text.size() ? static_cast<unsigned char>(text[i + k]) : 0;
        };
        if (c == 0xC2 && next(1) >= 0x80 && next(1) <= 0x9F && next(1) != 0x85) return true;
        if (c == 0xEF && next(1) == 0xBF && (next(2) == 0xBE || next(2) == 0xBF)) return true;
    }
    return false;
}

// The first value that is not UTF-8 text, the first holding a control character, and the
// largest value, with their dotted fields.
struct ValueScan {
    std::string bad_field;
    std::string control_field;
    std::string largest_field;
    std::size_t largest = 0;

    void scan(const Node& n, const std::string& path) {
        switch (n.type) {
            case Node::Type::scalar:
                if (bad_field.empty() && !valid_utf8(n.value)) bad_field = path;
                if (control_field.empty() && holds_control(n.value)) control_field = path;
                if (n.value.size() > largest) largest = n.value.size(), largest_field = path;
                break;
            case Node::Type::sequence:
                for (std::size_t i = 0; i < n.items.size(); ++i)
                    scan(n.items[i], path + (path.empty() ? "" : ".") + std::to_string(i));
                break;
            case Node::Type::map:
                for (const auto& e : n.entries) {
                    if (bad_field.empty() && !valid_utf8(e.key)) bad_field = path;
                    scan(e.value, path + (path.empty() ? "" : ".") + e.key);
                }
                break;
            case Node::Type::null:
                break;
        }
    }
};

}  // namespace

std::string emit_checked(const Node& root, const std::string& file, const Comments* comments) {
    // What a person typed or a file gave that no record may hold is their mistake, said as
    // such (exit 3), not a failure to read back what vfi wrote.
    ValueScan values;
    values.scan(root, "");
    if (!values.bad_field.empty())
        throw Error(ExitCode::bad_data, Location{file, 0, 0}, values.bad_field,
                    "is not valid UTF-8 text",
                    "retype it; if it came from a file, save that file as UTF-8 first; nothing "
                    "was written");
    if (!values.control_field.empty())
        throw Error(ExitCode::bad_data, Location{file, 0, 0}, values.control_field,
                    "holds a control character (a terminal escape, a carriage return), which "
                    "no record may hold",
                    "retype it without; if it came from a file, save that file with ordinary "
                    "line endings first; nothing was written");
    std::string text = emit(root, comments);
    if (text.size() > Limits{}.max_bytes)
        throw Error(ExitCode::bad_data, Location{file, 0, 0}, values.largest_field,
                    fmt::format("would make the record {} bytes, over the limit of {}", text.size(),
                                Limits{}.max_bytes),
                    "a record holds notes, not documents: keep long text in a file outside vfi "
                    "and say in the record where it is; nothing was written");
    Node back;
    try {
        back = parse(text, file);
    } catch (const Error& e) {
        throw Error(
            ExitCode::internal, Location{file, 0, 0}, {},
            "vfi produced YAML it cannot read back (" + e.message() + "); nothing was written",
            "this is a bug in vfi: please report it with the command you ran");
    }
    if (!same(root, back))
        throw Error(ExitCode::internal, Location{file, 0, 0}, {},
                    "vfi produced YAML that reads back differently; nothing was written",
                    "this is a bug in vfi: please report it with the command you ran");
    return text;
}

}  // namespace vfi::yaml
