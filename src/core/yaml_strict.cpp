// YAML 1.2's rules yaml-cpp 0.7 does not keep (yaml_strict.hpp says which and why).
#include "yaml_strict.hpp"

#include <algorithm>
#include <climits>
#include <cstdint>

#include <fmt/format.h>

#include "vfi/error.hpp"

namespace vfi::yaml {

namespace {

constexpr auto npos = std::string_view::npos;

bool is_break(char c) {
    return c == '\n' || c == '\r';
}
bool is_blank(char c) {
    return c == ' ' || c == '\t';
}
bool is_flow_indicator(char c) {
    return c == ',' || c == '[' || c == ']' || c == '{' || c == '}';
}

// The offset of the next line's start after `at` (the text's size on the last line).
std::size_t next_line(std::string_view text, std::size_t at) {
    while (at < text.size() && !is_break(text[at]))
        ++at;
    if (at < text.size() && text[at] == '\r' && at + 1 < text.size() && text[at + 1] == '\n') ++at;
    return std::min(at + 1, text.size());
}

int hex_value(char c) {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
}

// How to show the character at `at` in a message: `\q` for ASCII, else no quote.
std::string shown_escape(std::string_view text, std::size_t at) {
    char c = at < text.size() ? text[at] : ' ';
    if (c > ' ' && c < 0x7F) return fmt::format("`\\{}` ", c);
    return {};
}

}  // namespace

Mark position(std::string_view text, std::size_t offset) {
    Mark m{1, 1};
    for (std::size_t i = 0; i < offset && i < text.size(); ++i) {
        if (text[i] == '\n') {
            ++m.line;
            m.column = 1;
        } else if ((static_cast<unsigned char>(text[i]) & 0xC0) != 0x80) {
            ++m.column;
        }
    }
    return m;
}

// YAML (and libyaml) allow tab, line breaks and printable characters only; yaml-cpp takes
// any byte. A control character is invisible in most editors and usually comes from text
// pasted out of another program.
void check_printable(std::string_view text, const std::string& file) {
    for (std::size_t i = 0; i < text.size(); ++i) {
        auto c = static_cast<unsigned char>(text[i]);
        std::uint32_t code = 0;
        if (c >= 0x20 && c < 0x7F) continue;
        if (c < 0x20) {
            if (c == '\t' || c == '\n') continue;
            if (c == '\r' && i + 1 < text.size() && text[i + 1] == '\n') continue;
            if (c == '\r') {
                // A line break for YAML and libyaml, while yaml-cpp drops it and joins the lines.
                Mark at = position(text, i);
                throw Error(ExitCode::bad_data, Location{file, at.line, at.column}, {},
                            "the file holds a carriage return (CR) that is not followed by a line "
                            "feed: YAML takes it for a line break, yaml-cpp for nothing",
                            "save the file with ordinary line endings (LF, or CR LF as on "
                            "Windows); a text pasted from another program can bring one along");
            }
            code = c;
        } else if (c == 0x7F) {
            code = c;
        } else if (c == 0xC2 && i + 1 < text.size()) {  // U+0080 to U+009F, but for U+0085
            auto next = static_cast<unsigned char>(text[i + 1]);
            if (next > 0x9F || next == 0x85) continue;
            code = next;
        } else if (c == 0xEF && i + 2 < text.size() && text[i + 1] == '\xBF' &&
                   (text[i + 2] == '\xBE' || text[i + 2] == '\xBF')) {
            code = text[i + 2] == '\xBE' ? 0xFFFE : 0xFFFF;
        } else if (c == 0xEF && i > 0 && i + 2 < text.size() && text[i + 1] == '\xBB' &&
                   text[i + 2] == '\xBF') {
            // A byte order mark belongs at the start of the file only; yaml-cpp reads one at
            // the start of a line into the key, libyaml skips it but counts it as indentation.
            code = 0xFEFF;
        } else {
            continue;
        }
        Mark at = position(text, i);
        throw Error(ExitCode::bad_data, Location{file, at.line, at.column}, {},
                    fmt::format("the file holds an invisible control character (U+{:04X})", code),
                    "delete it (text pasted from another program can bring one along): retype "
                    "the text around this place");
    }
}

StrictSyntax::StrictSyntax(std::string_view text, const std::string& file)
    : text_(text), file_(file) {
    for (std::size_t at = text.find('\r'); at != npos; at = text.find('\r', at + 1))
        carriage_returns_.push_back(at - carriage_returns_.size());
}

// yaml-cpp's positions do not count the carriage returns it drops (of CR LF line ends).
std::size_t StrictSyntax::offset(std::size_t pos) const {
    auto before = std::upper_bound(carriage_returns_.begin(), carriage_returns_.end(), pos);
    return pos + static_cast<std::size_t>(before - carriage_returns_.begin());
}

void StrictSyntax::refuse(std::size_t at, std::string message, std::string hint) const {
    Mark m = position(text_, at);
    throw Error(ExitCode::bad_data, Location{file_, m.line, m.column}, {}, std::move(message),
                std::move(hint));
}

// yaml-cpp gives quoted text the tag `!`, and takes `!` followed by what cannot be in a tag
// for that tag too (`!\0: y` as the key `\0`), so the reader lets it through and this
// refuses it.
void StrictSyntax::refuse_tag(std::size_t at) const {
    refuse(at, "YAML tags ('!') are not used in vfi records",
           "remove the tag; put quotes around a value that must stay text");
}

void StrictSyntax::scalar(std::size_t at, int indent, bool is_key) {
    std::size_t pos = offset(at);
    if (pos < text_.size() && text_[pos] == '!') {
        // `! text` (the tag that says "not a number") is harmless; `!x` is a tag.
        if (pos + 1 < text_.size() && !is_blank(text_[pos + 1]) && !is_break(text_[pos + 1]))
            refuse_tag(pos);
        while (pos + 1 < text_.size() && (is_blank(text_[pos + 1]) || is_break(text_[pos + 1])))
            ++pos;
        ++pos;
    }
    if (pos >= text_.size()) return;
    const char c = text_[pos];
    if (!is_key && c != '|' && c != '>') refuse_unindented(pos, indent);
    if (c == '"' || c == '\'')
        quoted(pos, indent);
    else if ((c == '|' || c == '>') && !is_key)
        block_scalar(pos, indent);
    else if (!is_key)
        plain_.emplace_back(pos, indent);
}

// A value that starts a line must be indented under its key (or the - of its list item):
// yaml-cpp reads `key:` then `"text"` or `[a, b]` on the next line at the key's column as
// the key's value, YAML and libyaml as a key without its colon.
void StrictSyntax::refuse_unindented(std::size_t pos, int indent) const {
    std::size_t start = pos;
    while (start > 0 && text_[start - 1] == ' ')
        --start;
    if (start > 0 && !is_break(text_[start - 1])) return;  // not the first thing on its line
    if (static_cast<int>(pos - start) > indent) return;
    refuse(pos, "this value is on a line of its own but not indented under its key",
           "indent it under the key, or put it on the key's line after the colon");
}

// The quoted scalar opening at `pos`: its escapes are ones YAML knows, it is closed, and each
// line it runs on to is indented under the collection it belongs to (more than `indent`).
// yaml-cpp 0.7 checks neither of the last two: it scans a quoted scalar with an indentation
// of 0 (ScanQuotedScalar in scantoken.cpp), so lines that are not indented under the key go
// into the text; and ScanScalar (scanscalar.cpp) throws "illegal EOF in scalar" only when the
// input ends inside a line, so when the file ends with a line break the scalar just ends
// there as if closed. A missing closing quote thus takes every line after it into the text,
// `vfi check` finds nothing wrong, and the next write leaves those lines out.
// Returns the offset just past the closing quote.
std::size_t StrictSyntax::quoted(std::size_t pos, int indent) {
    const char quote = text_[pos];
    std::size_t stray = npos;  // the first line that is not indented under the key
    bool lines = false;
    std::size_t i = pos + 1;
    while (i < text_.size()) {
        char c = text_[i];
        if (c == quote) {
            if (quote == '\'' && i + 1 < text_.size() && text_[i + 1] == '\'') {
                i += 2;  // '' is a quote inside single-quoted text
                continue;
            }
            break;
        }
        if (c == '\\' && quote == '"') {
            i = escape(i);
        } else if (is_break(c)) {
            i = next_line(text_, i);
            lines = true;
            if (stray == npos && !indented(i, indent)) stray = i;
        } else {
            ++i;
        }
    }
    const int line = position(text_, pos).line;
    if (i >= text_.size())
        refuse(pos,
               "this quoted text is never closed, so every line after it is read as part of it",
               fmt::format("add the closing {} at the end of the value on line {}", quote, line));
    if (stray != npos)
        refuse(pos,
               fmt::format("this quoted text runs on to line {}, which is not indented under it, "
                           "so the lines up to the next {} are read as part of the text",
                           position(text_, stray).line, quote),
               fmt::format("add the closing {} at the end of the value on line {}, or indent "
                           "the lines that continue it",
                           quote, line));
    if (lines) inside_.emplace_back(pos, i);
    return i + 1;
}

// Does the line starting at `at` hold nothing, or start with more than `indent` spaces?
bool StrictSyntax::indented(std::size_t at, int indent) const {
    std::size_t spaces = 0;
    while (at + spaces < text_.size() && text_[at + spaces] == ' ')
        ++spaces;
    std::size_t first = at + spaces;
    while (first < text_.size() && is_blank(text_[first]))
        ++first;
    return first == text_.size() || is_break(text_[first]) || static_cast<int>(spaces) > indent;
}

// The escape at `at` (a backslash in double-quoted text) is one YAML knows: yaml-cpp takes
// `\'` for a quote, and makes invalid text of `\ud800`. Returns the offset after it.
std::size_t StrictSyntax::escape(std::size_t at) const {
    if (at + 1 >= text_.size()) return at + 1;
    const char c = text_[at + 1];
    const int digits = c == 'x' ? 2 : c == 'u' ? 4 : c == 'U' ? 8 : 0;
    if (digits == 0) {
        if (is_break(c)) return at + 1;  // a line break kept out of the text
        if (std::string_view("0abt\tnvfre \"/\\N_LP").find(c) == npos)
            refuse(at,
                   fmt::format("this backslash {}is not an escape YAML knows",
                               shown_escape(text_, at + 1)),
                   "write \\\\ for a backslash, or use single quotes ('...'), inside which a "
                   "backslash is plain text");
        return at + 2;
    }
    std::uint32_t code = 0;
    for (int k = 0; k < digits; ++k) {
        int v = at + 2 + k < text_.size() ? hex_value(text_[at + 2 + k]) : -1;
        if (v < 0) {
            code = 0xD800;  // reported below
            break;
        }
        code = code * 16 + static_cast<std::uint32_t>(v);
    }
    if ((code >= 0xD800 && code <= 0xDFFF) || code > 0x10FFFF)
        refuse(
            at,
            fmt::format("this backslash {}does not give a character", shown_escape(text_, at + 1)),
            "write the character itself instead of its code");
    return at + 2 + static_cast<std::size_t>(digits);
}

// A block of text (| or >) at `pos`. Until its indentation is known (from its first line of
// text, or the header's digit), libyaml wants only spaces at the start of its lines, where
// yaml-cpp takes a tab for part of the text.
void StrictSyntax::block_scalar(std::size_t pos, int indent) {
    bool given = false;
    std::size_t i = pos + 1;
    while (i < text_.size() && !is_break(text_[i])) {
        given = given || (text_[i] >= '1' && text_[i] <= '9');
        ++i;
    }
    std::size_t end = next_line(text_, i);
    bool known = given;
    while (end < text_.size() && indented(end, indent)) {
        std::size_t first = end;
        while (first < text_.size() && text_[first] == ' ')
            ++first;
        if (!known && first < text_.size() && text_[first] == '\t')
            refuse(first, "a tab at the start of this block of text, where YAML wants spaces",
                   fmt::format("YAML cannot tell how far a tab indents: use spaces at the start "
                               "of line {}",
                               position(text_, first).line));
        known = known || (first < text_.size() && !is_break(text_[first]));
        end = next_line(text_, end);
    }
    inside_.emplace_back(pos, end);
}

// An outermost flow collection ([...] or {...}) at `pos`. yaml-cpp reads `[, a]` and
// `[a, , b]` with empty entries, and `[:x]`, `{x: :x}` and `[a:, b]` as text with a colon
// where YAML 1.1 and libyaml see an indicator. Its quoted scalars get the checks above.
void StrictSyntax::flow(std::size_t at, int indent, bool is_key) {
    enum class Last { open, comma, indicator, plain, closed };
    Last last = Last::open;
    int depth = 0;
    const std::size_t pos = offset(at);
    if (!is_key) refuse_unindented(pos, indent);
    std::size_t i = pos;
    while (i < text_.size()) {
        const char c = text_[i];
        const char next = i + 1 < text_.size() ? text_[i + 1] : '\n';
        if (is_blank(c) || is_break(c)) {
            ++i;
        } else if (c == '#') {
            while (i < text_.size() && !is_break(text_[i]))
                ++i;
        } else if (c == '[' || c == '{') {
            ++depth;
            ++i;
            last = Last::open;
        } else if (c == ']' || c == '}') {
            ++i;
            last = Last::closed;
            if (--depth == 0) break;
        } else if (c == ',') {
            if (last == Last::open || last == Last::comma)
                refuse(i, "an empty entry between brackets (two commas, or a comma first)",
                       "remove the extra comma");
            ++i;
            last = Last::comma;
        } else if (c == '"' || c == '\'') {
            i = quoted(i, indent);
            last = Last::closed;
        } else if ((c == '?' || c == ':') &&
                   (is_blank(next) || is_break(next) || is_flow_indicator(next))) {
            ++i;
            last = Last::indicator;
        } else if (c == ':' && last == Last::closed) {
            ++i;  // `"key":value`
            last = Last::indicator;
        } else if (c == ':') {
            refuse(i, "a value between brackets starts with a colon",
                   "put the value in quotes, or remove the colon");
        } else if (c == '!' && !is_blank(next) && !is_break(next)) {
            refuse_tag(i);
        } else if (c == '!') {
            ++i;
        } else {
            i = flow_plain(i);
            last = Last::plain;
        }
    }
    inside_.emplace_back(pos, i);
}

// The plain scalar at `at` inside a flow collection; returns the offset after it.
std::size_t StrictSyntax::flow_plain(std::size_t at) const {
    std::size_t i = at;
    while (i < text_.size() && !is_flow_indicator(text_[i])) {
        const char c = text_[i];
        const char next = i + 1 < text_.size() ? text_[i + 1] : '\n';
        if (c == ':' && (is_blank(next) || is_break(next))) break;
        if (c == ':' && (is_flow_indicator(next) || next == '?'))
            refuse(i, "a colon right before a comma or bracket",
                   "put a space after the colon, or put the value in quotes");
        if (c == '#' && i > at && (is_blank(text_[i - 1]) || is_break(text_[i - 1]))) break;
        ++i;
    }
    return i;
}

// After the document, each line that starts outside a multi-line scalar or flow collection.
// Only for a map, the one kind of document vfi reads: elsewhere (a top-level scalar) a line
// could start inside text these checks do not follow.
void StrictSyntax::finish(bool root_is_map) {
    if (!root_is_map) return;
    std::sort(inside_.begin(), inside_.end());
    std::sort(plain_.begin(), plain_.end());
    auto span = inside_.begin();
    for (std::size_t at = 0; at < text_.size(); at = next_line(text_, at)) {
        while (span != inside_.end() && span->second <= at)
            ++span;
        if (span != inside_.end() && span->first < at) continue;
        check_line_start(at);
    }
}

// yaml-cpp takes a line starting with % for a directive wherever it is, and skips it: in a
// record that is a line of data lost. And libyaml wants spaces, not tabs, before the first
// thing on a line and after a - ? or : that starts it.
void StrictSyntax::check_line_start(std::size_t at) const {
    if (text_[at] == '%')
        refuse(at, "a line starting with % is a YAML directive, which yaml-cpp skips",
               "vfi records use no directives: remove the % (or the line, if it is not part of the "
               "record)");
    std::size_t i = at;
    for (;;) {
        while (i < text_.size() && text_[i] == ' ')
            ++i;
        if (i < text_.size() && text_[i] == '\t') {
            if (continues_plain(at)) return;
            refuse(i, "a tab at the start of a line, where YAML wants spaces",
                   fmt::format("replace the tab on line {} with spaces", position(text_, i).line));
        }
        const char c = i < text_.size() ? text_[i] : ' ';
        const char next = i + 1 < text_.size() ? text_[i + 1] : '\n';
        if ((c == '-' || c == '?' || c == ':') && (is_blank(next) || is_break(next))) {
            ++i;
            continue;
        }
        return;
    }
}

// Does the line at `at` continue a plain scalar begun above it (it and every line between
// indented under that scalar's collection)? Then a tab after its indentation is text.
bool StrictSyntax::continues_plain(std::size_t at) const {
    auto after = std::lower_bound(plain_.begin(), plain_.end(), std::make_pair(at, INT_MIN));
    if (after == plain_.begin()) return false;
    const auto [start, indent] = *std::prev(after);
    std::size_t spaces = 0;
    while (at + spaces < text_.size() && text_[at + spaces] == ' ')
        ++spaces;
    if (static_cast<int>(spaces) <= indent) return false;
    for (std::size_t line = next_line(text_, start); line < at; line = next_line(text_, line))
        if (!indented(line, indent)) return false;
    return true;
}

}  // namespace vfi::yaml
