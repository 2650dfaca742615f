// Small string functions shared by the core and the commands.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace vfi {

std::vector<std::string> split(std::string_view text, char sep);  // trims each part, drops empties
// The parts between separators exactly as they are (paths may hold spaces), empty ones
// dropped: for lines, and the NUL-separated output of `git ... -z`.
std::vector<std::string> split_exact(std::string_view text, char sep);
std::string join(const std::vector<std::string>& parts, std::string_view sep);
std::string trim(std::string_view text);
std::string lower(std::string_view text);
bool starts_with(std::string_view text, std::string_view prefix);
// Lower case with every space, tab and line break taken out: how two spellings of one name,
// email or organisation are compared (`Ann  Smith` and `ann smith` are the same).
std::string squash(std::string_view text);

// Edit distance, for "did you mean".
std::size_t edit_distance(std::string_view a, std::string_view b);
// The candidate nearest to `word`, or "" when none is close enough to suggest.
std::string nearest(std::string_view word, const std::vector<std::string>& candidates);

// `1 row`, `2 rows` (`plural` when it is not `singular` + s).
std::string counted(std::size_t n, std::string_view singular, std::string_view plural = {});

// `a, b or c` for messages.
std::string one_of(const std::vector<std::string>& items);

// Text safe inside HTML or SVG, in an element or a quoted attribute: `&`, `<`, `>` and `"` as
// entities, all else as it is.
std::string escape_html(std::string_view text);

// Valid UTF-8 (no overlongs, no surrogates)? On failure, `bad_offset` is the first bad byte.
bool valid_utf8(std::string_view text, std::size_t* bad_offset = nullptr);

// Text made safe to show on a terminal, as git and ls do: control characters in caret
// notation (ESC as `^[`, CR as `^M`; newline and tab kept), C1 controls, bidirectional
// overrides and invisible characters (U+202E, U+200B, U+FEFF...) as `<U+202E>`, and bytes that
// are not UTF-8 as `\xNN`. A record's text can then never clear the screen, fake a clean
// `vfi check`, or reorder what is read.
std::string visible_controls(std::string_view text);
// How many bytes at the end of `text` could be the start of a character (or of an escape
// sequence vfi itself writes) still to come: a stream keeps them for its next write.
std::size_t incomplete_tail(std::string_view text);

// The columns a terminal gives `text`, as wcswidth() does in a UTF-8 locale whatever the
// locale vfi runs in: two for CJK, Hangul, kana and most emoji, none for a combining accent
// or a zero-width character, one for the rest (a control character or a byte that is not
// UTF-8 counts one). The table is generated from Unicode's data by width_table.py.
std::size_t display_width(std::string_view text);

}  // namespace vfi
