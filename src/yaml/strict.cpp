// YAML 1.2's rules yaml-cpp 0.7 does not keep (yaml_strict.hpp says which and why).
#include "strict.hpp"

#include <algorithm>
#include <climits>
#include <cstdint>
#include <cstring>

#include <fmt/format.h>

#include "vfi/base/error.hpp"
#include "vfi/base/text.hpp"

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

// The offset of the next line's start after `at` (the text's size on the last line). A
// carriage return is always followed by a line feed here: check_printable refuses the rest.
std::size_t next_line(std::string_view text, std::size_t at) {
    if (at >= text.size()) return text.size();
    const void* feed = std::memchr(text.data() + at, '\n', text.size() - at);
    return feed ? static_cast<std::size_t>(static_cast<const char*>(feed) - text.data()) + 1
                : text.size();
}

// Are the 8 bytes at `p` all printable ASCII (0x20 to 0x7E)? No byte below 0x20, none equal
// to 0x7F, none with the high bit set.
bool printable_ascii(const char* p) {
    std::uint64_t w = 0;
    std::memcpy(&w, p, 8);
    constexpr std::uint64_t ones = 0x0101010101010101, highs = 0x8080808080808080;
    const std::uint64_t below = (w - ones * 0x20) & ~w & highs;
    const std::uint64_t del = w ^ (ones * 0x7F);
    return (below | ((del - ones) & ~del & highs) | (w & highs)) == 0;
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

std::size_t unprintable_at(std::string_view text, std::size_t at) {
    if (at + 1 >= text.size()) return 0;
    const auto c = static_cast<unsigned char>(text[at]);
    const auto next = static_cast<unsigned char>(text[at + 1]);
    if (c == 0xC2 && next >= 0x80 && next <= 0x9F && next != 0x85) return 2;
    if (c == 0xEF && next == 0xBF && at + 2 < text.size() &&
        (text[at + 2] == '\xBE' || text[at + 2] == '\xBF'))
        return 3;
    return 0;
}

bool has_unprintable(std::string_view text) {
    for (std::size_t at = text.find_first_of("\xC2\xEF"); at != npos;
         at = text.find_first_of("\xC2\xEF", at + 1))
        if (unprintable_at(text, at) != 0) return true;
    return false;
}

// YAML (and libyaml) allow tab, line breaks and printable characters only; yaml-cpp takes
// any byte. A control character is invisible in most editors and usually comes from text
// pasted out of another program. yaml-cpp also drops a carriage return, where YAML reads a
// line break, and reads a byte order mark at the start of a line into the key.
void check_printable(std::string_view text, const std::string& file) {
    auto refuse = [&](std::size_t i, std::string message, std::string hint) {
        Mark at = position(text, i);
        throw Error(ExitCode::bad_data, Location{file, at.line, at.column}, {}, std::move(message),
                    std::move(hint));
    };
    const std::string pasted = "text pasted from another program can bring one along";
    for (std::size_t i = 0; i < text.size(); ++i) {
        while (i + 8 <= text.size() && printable_ascii(text.data() + i))
            i += 8;  // most of any file, 8 bytes at a time
        while (i < text.size() && static_cast<unsigned char>(text[i] - 0x20) < 0x5F)
            ++i;
        if (i == text.size()) break;
        const auto c = static_cast<unsigned char>(text[i]);
        if (c == '\t' || c == '\n') continue;
        if (c == '\r' && i + 1 < text.size() && text[i + 1] == '\n') continue;
        if (c == '\r')
            refuse(
                i,
                "the file holds a carriage return (CR) that is not followed by a line feed: "
                "YAML takes it for a line break, yaml-cpp for nothing",
                "save the file with ordinary line endings (LF, or CR LF as on Windows); " + pasted);
        if (i > 0 && text.substr(i, 3) == "\xEF\xBB\xBF")
            refuse(i, "the file holds an invisible byte order mark (U+FEFF) after its start",
                   "delete it (" + pasted + "): retype the start of this line");
        std::uint32_t code = c;
        if (c >= 0x80) {
            const std::size_t n = unprintable_at(text, i);
            if (n == 0) continue;
            code = n == 2 ? static_cast<unsigned char>(text[i + 1])
                          : 0xFFFE + (text[i + 2] == '\xBF' ? 1 : 0);
        }
        refuse(i, fmt::format("the file holds an invisible control character (U+{:04X})", code),
               "delete it (" + pasted + "): retype the text around this place");
    }
}

void repair_escapes(std::string& value) {
    std::size_t at = 0;
    while (!valid_utf8(value, &at) && at < value.size() &&
           (value[at] == '\x85' || value[at] == '\xA0'))
        value.insert(at, 1, '\xC2');
}

void StrictSyntax::refuse(std::size_t at, std::string message, std::string hint) const {
    Mark m = position(text_, at);
    throw Error(ExitCode::bad_data, Location{file_, m.line, m.column}, {}, std::move(message),
                std::move(hint));
}

// yaml-cpp gives quoted text the tag `!`, and takes `!` followed by what cannot be in its
// tags for that tag too (`!\0: y` as the key `\0`, where libyaml reads the tag `!\0`), so
// the reader lets it through and this refuses any tag but the bare `!`.
void StrictSyntax::refuse_tag(std::size_t at) const {
    refuse(at, "this ! starts a YAML tag, which vfi records do not use",
           "remove the !; put quotes around a value that must stay text");
}

void StrictSyntax::scalar(std::size_t pos, int indent, bool is_key, bool empty) {
    if (pos >= text_.size()) return;
    const std::size_t node = pos;  // where the node starts: its tag, if it has one
    if (text_[pos] == '!') {
        // A tagged key on the line after its lone `?`: yaml-cpp then reads the lines after it
        // as libyaml does not (a fuzz finding). No record has either.
        std::size_t line = pos;
        while (line > 0 && is_blank(text_[line - 1]))
            --line;
        if (question_marks_ && (line == 0 || is_break(text_[line - 1])) &&
            after_question_mark(line, npos))
            refuse_tag(pos);
        // `! text` (the tag that says "not a number") is harmless; `!x` is a tag.
        if (pos + 1 < text_.size() && !is_blank(text_[pos + 1]) && !is_break(text_[pos + 1]))
            refuse_tag(pos);
        // Alone at the start of a line, it may be the tag of the key there (`! key: value`).
        const std::size_t content = past_separation(pos + 1);
        const bool same_line = text_.substr(pos, content - pos).find('\n') == npos;
        if (!(same_line && key_has_colon(content))) refuse_unindented(pos, indent, is_key);
        if (empty && !empty_quoted(content)) return;  // the tag is all there is
        // Its text on a later line is still its node's: indented under it, key or not (libyaml
        // ends the node at a line less indented; yaml-cpp takes the text as the tagged node).
        if (!same_line) refuse_unindented(content, indent, false);
        pos = content;
        if (pos >= text_.size()) return;
    }
    const char c = text_[pos];
    if (c != '|' && c != '>') refuse_unindented(pos, indent, is_key);
    if (c == '"' || c == '\'')
        quoted(pos, indent);
    else if (c == '|' || c == '>')
        block_scalar(pos, indent);
    else if (!is_key || explicit_key(node))
        plain_.emplace_back(pos, indent);
}

// Is there a quote at `at` that yaml-cpp may read as empty text: nothing but blanks, line
// breaks and (in double quotes) escaped line breaks up to its closing quote, or to the end of
// the file?
bool StrictSyntax::empty_quoted(std::size_t at) const {
    if (at >= text_.size() || (text_[at] != '"' && text_[at] != '\'')) return false;
    std::size_t other = text_.find_first_not_of(" \t\r\n", at + 1);
    while (other != npos && text_[other] == '\\' && text_[at] == '"' && other + 1 < text_.size() &&
           is_break(text_[other + 1]))
        other = text_.find_first_not_of(" \t\r\n", other + 1);
    return other == npos || text_[other] == text_[at];
}

// Is the key at `pos` an explicit one, after a `?`? (It may run on over lines.)
bool StrictSyntax::explicit_key(std::size_t pos) const {
    if (!question_marks_) return false;
    std::size_t start = pos;  // the start of its line, if only blanks come before it
    while (start > 0 && is_blank(text_[start - 1]))
        --start;
    if (start == 0 || is_break(text_[start - 1])) return after_question_mark(start, npos);
    if (text_[start - 1] != '?') return false;
    // The ? starts its line, or follows other indicators there (not text, not a comment).
    for (std::size_t i = start - 1; i > 0 && !is_break(text_[i - 1]); --i)
        if (!is_blank(text_[i - 1]) && text_[i - 1] != '-' && text_[i - 1] != '?') return false;
    return true;
}

bool StrictSyntax::key_has_colon(std::size_t pos) const {
    std::size_t i = pos;
    if (i < text_.size() && (text_[i] == '"' || text_[i] == '\'')) {
        const char quote = text_[i++];
        for (; i < text_.size(); ++i) {
            if (text_[i] == '\\' && quote == '"')
                ++i;
            else if (text_[i] == quote && quote == '\'' && i + 1 < text_.size() &&
                     text_[i + 1] == '\'')
                ++i;
            else if (text_[i] == quote)
                break;
        }
        for (++i; i < text_.size() && is_blank(text_[i]); ++i) {
        }
        return i < text_.size() && text_[i] == ':';
    }
    for (; i < text_.size() && !is_break(text_[i]); ++i) {
        const char next = i + 1 < text_.size() ? text_[i + 1] : '\n';
        if (text_[i] == ':' && (is_blank(next) || is_break(next))) return true;
        if (text_[i] == '#' && i > pos && is_blank(text_[i - 1])) return false;
    }
    return false;
}

// yaml-cpp reports `~` and `null` as a null, where a tag may come first too.
void StrictSyntax::null(std::size_t pos, int indent, bool is_key) {
    if (pos >= text_.size()) return;
    if (text_[pos] == '!') return scalar(pos, indent, is_key, true);
    // (Its position is the next thing's for an empty value: only a null word alone on its
    // line, but for a comment, is the null itself.)
    for (std::string_view word : {"~", "null", "Null", "NULL"})
        if (text_.substr(pos, word.size()) == word) {
            std::size_t after = pos + word.size();
            while (after < text_.size() && is_blank(text_[after]))
                ++after;
            if (after == text_.size() || is_break(text_[after]) ||
                (text_[after] == '#' && is_blank(text_[after - 1]))) {
                refuse_unindented(pos, indent, is_key);
                if (!is_key) plain_.emplace_back(pos, indent);  // plain text, to libyaml
            }
        }
}

// The offset of the first thing after `at` that is not blank, a line break or a comment.
std::size_t StrictSyntax::past_separation(std::size_t at) const {
    while (at < text_.size()) {
        if (is_blank(text_[at]) || is_break(text_[at]))
            ++at;
        else if (text_[at] == '#')
            at = next_line(text_, at);
        else
            break;
    }
    return at;
}

// A value that starts a line must be indented under its key (or the - of its list item):
// yaml-cpp reads `key:` then `"text"` or `[a, b]` on the next line at the key's column as
// the key's value, YAML and libyaml as a key without its colon. Likewise a key on the line
// after its `?`.
void StrictSyntax::refuse_unindented(std::size_t pos, int indent, bool is_key) const {
    std::size_t start = pos;
    while (start > 0 && text_[start - 1] == ' ')
        --start;
    if (start > 0 && !is_break(text_[start - 1])) return;  // not the first thing on its line
    if (static_cast<int>(pos - start) > indent) return;
    if (!is_key)
        refuse(pos, "this value is on a line of its own but not indented under its key",
               "indent it under the key, or put it on the key's line after the colon");
    if (question_marks_ && after_question_mark(start, pos - start))
        refuse(pos, "this key is on the line after its ? but not indented under it",
               "put the key on the line of the ?, or indent it");
}

// Is the line before the one at `start` (passing over blank and comment lines) a lone `?`
// at column `column` (any column for npos)? (One further right is text a line of its own.)
bool StrictSyntax::after_question_mark(std::size_t start, std::size_t column) const {
    for (std::size_t end = start; end > 0;) {
        std::size_t begin = end - 1;
        while (begin > 0 && !is_break(text_[begin - 1]))
            --begin;
        std::string_view line = text_.substr(begin, end - 1 - begin);
        end = begin;
        std::size_t first = line.find_first_not_of(" \t");
        if (first == npos || line[first] == '#') continue;
        if (line[first] != '?' || (column != npos && first != column)) return false;
        std::size_t rest = line.find_first_not_of(" \t", first + 1);
        return first + 1 == line.size() ||
               (is_blank(line[first + 1]) && (rest == npos || line[rest] == '#'));
    }
    return false;
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
    int lines = 0;
    int trailing = 0;   // line breaks since the last character other than a space or tab
    bool blank = true;  // nothing but spaces, tabs and line breaks
    std::size_t i = pos + 1;
    while (i < text_.size()) {
        char c = text_[i];
        if (c == quote && !(quote == '\'' && i + 1 < text_.size() && text_[i + 1] == '\'')) break;
        if (is_break(c)) {
            i = next_line(text_, i);
            ++lines;
            ++trailing;
            if (stray == npos && !indented(i, indent)) stray = i;
            continue;
        }
        if (!is_blank(c)) {
            blank = false;
            trailing = 0;
        }
        if (c == '\\' && quote == '"')
            i = escape(i);
        else
            i += c == quote ? 2 : 1;  // '' is a quote inside single-quoted text
    }
    if (i < text_.size() && stray == npos) {
        // yaml-cpp keeps at most one line break at the end of quoted text (none when there is
        // nothing else), where YAML keeps one for each empty line.
        if (blank && lines > 1)
            refuse(pos, "this quoted text holds nothing but line breaks, which vfi would lose",
                   "write \"\\n\" on one line for a line break, or \"\" for no text");
        if (trailing > 2)
            refuse(pos, "this quoted text ends with empty lines, which vfi would lose",
                   "remove the empty lines before the closing quote, or write the text as a | "
                   "block");
        if (lines > 0) inside_.emplace_back(pos, i);
        return i + 1;
    }
    const int line = position(text_, pos).line;
    if (i >= text_.size())
        refuse(pos,
               "this quoted text is never closed, so every line after it is read as part of it",
               fmt::format("add the closing {} at the end of the value on line {}", quote, line));
    refuse(pos,
           fmt::format("this quoted text runs on to line {}, which is not indented under it, so "
                       "the lines up to the next {} are read as part of the text",
                       position(text_, stray).line, quote),
           fmt::format("add the closing {} at the end of the value on line {}, or indent the "
                       "lines that continue it",
                       quote, line));
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

// An escape at `at` that gives a control character the file may not hold as itself (a
// terminal's ESC, a carriage return): refused, vfi's own rule (libyaml takes it).
void StrictSyntax::control_escape(std::size_t at) const {
    refuse(at,
           fmt::format("this backslash {}gives a control character, which no record needs (a "
                       "terminal would act on it)",
                       shown_escape(text_, at + 1)),
           "delete it, or write \\\\ for a backslash");
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
        // What the file may not hold as a byte, it may not hold as an escape either.
        if (std::string_view("0abvfre").find(c) != npos) control_escape(at);
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
    if ((code < 0x20 && code != '\t' && code != '\n') ||
        (code >= 0x7F && code <= 0x9F && code != 0x85) || code == 0xFFFE || code == 0xFFFF)
        control_escape(at);
    return at + 2 + static_cast<std::size_t>(digits);
}

// A block of text (| or >) at `pos`. Until its indentation is known (from its first line of
// text, or the header's digit), libyaml wants only spaces at the start of its lines, where
// yaml-cpp takes a tab for part of the text. And yaml-cpp drops the empty lines that end a
// folded block kept whole (`>+`), which YAML keeps.
void StrictSyntax::block_scalar(std::size_t pos, int indent) {
    int content = -1;  // the indentation of its text, once known
    bool keep = false;
    std::size_t i = pos + 1;
    for (; i < text_.size() && std::string_view("+-123456789").find(text_[i]) != npos; ++i) {
        if (text_[i] != '+' && text_[i] != '-') content = std::max(indent, 0) + text_[i] - '0';
        keep = keep || text_[i] == '+';
    }
    std::size_t end = next_line(text_, i);
    bool ends_empty = false;
    int widest_empty = 0;  // the most spaces on an empty line before the first line of text
    while (end < text_.size()) {
        std::size_t first = end;
        while (first < text_.size() && text_[first] == ' ')
            ++first;
        const int spaces = static_cast<int>(first - end);
        const bool empty = first == text_.size() || is_break(text_[first]);
        if (content < 0 && first < text_.size() && text_[first] == '\t')
            refuse(first, "a tab at the start of this block of text, where YAML wants spaces",
                   fmt::format("YAML cannot tell how far a tab indents: use spaces at the start "
                               "of line {}",
                               position(text_, first).line));
        if (!empty && spaces < std::max(content, indent + 1)) break;  // the block has ended
        // libyaml takes the indentation from the widest empty line above the first line of
        // text, and so ends the block at a line yaml-cpp reads as its text (YAML says such
        // empty lines are an error).
        if (!empty && content < 0 && spaces < widest_empty)
            refuse(end,
                   "an empty line at the start of this block of text has more spaces than its "
                   "first line of text",
                   fmt::format("remove the spaces from the empty lines above line {}",
                               position(text_, end).line));
        if (empty && content < 0) widest_empty = std::max(widest_empty, spaces);
        if (!empty && content < 0) content = spaces;
        ends_empty = empty;
        end = next_line(text_, end);
    }
    if (text_[pos] == '>' && keep && ends_empty)
        refuse(pos, "this folded block of text (>+) ends with empty lines, which vfi would lose",
               "remove the empty lines at its end, or make it a | block");
    // yaml-cpp also adds a space to a folded block when the file ends in a line of spaces.
    if (text_[pos] == '>' && ends_empty && end == text_.size() && text_.back() == ' ')
        refuse(pos,
               "the file ends with a line of spaces after this folded block of text (>), "
               "which vfi would read as a space more",
               "delete the spaces on the last line of the file");
    inside_.emplace_back(pos, end);
}

// An outermost flow collection ([...] or {...}) at `pos`. yaml-cpp reads `[, a]` and
// `[a, , b]` with empty entries, and `[:x]`, `{x: :x}` and `[a:, b]` as text with a colon
// where YAML 1.1 and libyaml see an indicator. Its quoted scalars get the checks above.
void StrictSyntax::flow(std::size_t pos, int indent, bool is_key) {
    enum class Last { open, comma, indicator, plain, closed };
    Last last = Last::open;
    int depth = 0;
    refuse_unindented(pos, indent, is_key);
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
        } else if (c == '?' && (is_blank(next) || is_break(next) || is_flow_indicator(next))) {
            // An empty explicit key: yaml-cpp reads `[a, ? , , b]` with one entry more than
            // libyaml does; a record never needs one.
            std::size_t after = past_separation(i + 1);
            if (after < text_.size() && is_flow_indicator(text_[after]))
                refuse(i, "a ? with no key after it between brackets",
                       "remove the ?, or put it in quotes");
            ++i;
            last = Last::indicator;
        } else if (c == ':' && (is_blank(next) || is_break(next) || is_flow_indicator(next))) {
            ++i;
            last = Last::indicator;
        } else if (c == ':' && last == Last::closed) {
            ++i;  // `"key":value`
            last = Last::indicator;
        } else if (c == ':') {
            refuse(i, "a value between brackets starts with a colon",
                   "put the value in quotes, or remove the colon");
        } else if (c == '!' && !is_blank(next) && !is_break(next) && next != ',') {
            refuse_tag(i);  // libyaml takes a tag ended by ] or } for a broken one
        } else if (c == '!') {
            ++i;  // `! `: the node after it, or an empty one
            last = Last::plain;
        } else if (c == '&' || c == '*') {
            // An anchor or alias (the reader refuses both): its name is not text to check.
            while (i < text_.size() && !is_blank(text_[i]) && !is_break(text_[i]) &&
                   !is_flow_indicator(text_[i]))
                ++i;
            last = Last::closed;  // an alias, or an anchored node (maybe empty)
        } else {
            i = flow_plain(i, indent);
            last = Last::plain;
        }
    }
    inside_.emplace_back(pos, i);
}

// The plain scalar at `at` inside a flow collection; returns the offset after it. Where it
// runs on to another line, libyaml wants spaces, not tabs, up to the column after `indent`.
std::size_t StrictSyntax::flow_plain(std::size_t at, int indent) const {
    std::size_t i = at;
    while (i < text_.size() && !is_flow_indicator(text_[i])) {
        const char c = text_[i];
        const char next = i + 1 < text_.size() ? text_[i + 1] : '\n';
        if (c == ':' && (is_blank(next) || is_break(next))) break;
        if (c == ':' && (is_flow_indicator(next) || next == '?'))
            refuse(i, "a colon right before a comma or bracket",
                   "put a space after the colon, or put the value in quotes");
        if (c == '#' && i > at && (is_blank(text_[i - 1]) || is_break(text_[i - 1]))) break;
        if (is_break(c)) {
            i = next_line(text_, i);
            for (int column = 0; i < text_.size() && is_blank(text_[i]); ++i, ++column)
                if (text_[i] == '\t' && column <= indent)
                    refuse(i, "a tab at the start of a line, where YAML wants spaces",
                           fmt::format("replace the tab on line {} with spaces",
                                       position(text_, i).line));
            continue;
        }
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
    // Text that runs on to a line starting with ? - or : and a blank is still text to libyaml
    // (`? c` continues the key above it, and so does `? ` with nothing or only a comment after
    // it, the comment ending the text); yaml-cpp reads a new key or item there. A lone `?` is
    // text to both, unless the text above had a tag (`? !  F` then ` ?`), when yaml-cpp reads
    // a new key again: so any of these alone on a continued line is refused.
    if (std::size_t first = text_.find_first_not_of(' ', at); first < text_.size()) {
        const char c = text_[first];
        const char next = first + 1 < text_.size() ? text_[first + 1] : '\n';
        if ((c == '-' || c == '?' || c == ':') && (is_blank(next) || is_break(next)) &&
            continues_plain(at))
            refuse(first,
                   fmt::format("this line continues the text above it, but starts with {} {}, "
                               "which YAML readers do not agree on",
                               c, is_blank(next) ? "and a space" : "alone"),
                   "put the text on one line, or in quotes");
    }
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
    // A comment ends a plain scalar (libyaml still counts the blanks before it as the
    // scalar's, when the comment is on a line of its own).
    for (std::size_t i = start + 1; i < at; ++i)
        if (text_[i] == '#' && (is_blank(text_[i - 1]) || is_break(text_[i - 1]))) return false;
    for (std::size_t line = next_line(text_, start); line < at; line = next_line(text_, line))
        if (!indented(line, indent)) return false;
    return true;
}

}  // namespace vfi::yaml
