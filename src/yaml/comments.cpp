// Finding the comments in a record so a rewrite keeps them. yaml-cpp's parser does not report
// comments, so each candidate `#` is proved to be one: the tree without it must be the same.
#include <algorithm>

#include "vfi/base/error.hpp"
#include "vfi/yaml/yaml.hpp"

namespace vfi::yaml {
namespace {

struct Line {
    std::size_t start;  // offset of the line in the text
    std::size_t hash;   // offset of the candidate `#` within the line, or npos
    bool full;          // nothing but blanks before the `#`
};

// Where a `#` could start a comment: at the line's start or after a blank.
std::size_t candidate(std::string_view line, std::size_t from) {
    for (std::size_t i = from; i < line.size(); ++i)
        if (line[i] == '#' && (i == 0 || line[i - 1] == ' ' || line[i - 1] == '\t')) return i;
    return std::string_view::npos;
}

std::vector<std::string_view> split_lines(std::string_view text, std::vector<std::size_t>& starts) {
    std::vector<std::string_view> lines;
    std::size_t start = 0;
    while (start < text.size()) {
        auto end = text.find('\n', start);
        if (end == std::string_view::npos) end = text.size();
        lines.push_back(text.substr(start, end - start));
        starts.push_back(start);
        start = end + 1;
    }
    return lines;
}

// The text with the given candidates cut to the end of their lines.
std::string without(std::string_view text, const std::vector<std::string_view>& lines,
                    const std::vector<std::size_t>& starts,
                    const std::vector<std::pair<std::size_t, std::size_t>>& cuts) {
    std::string out;
    std::size_t pos = 0;
    for (auto [line, hash] : cuts) {
        std::size_t from = starts[line] + hash;
        std::size_t to = starts[line] + lines[line].size();
        out.append(text.substr(pos, from - pos));
        pos = to;
    }
    out.append(text.substr(pos));
    return out;
}

bool same_tree(const std::string& text, const Node& root) {
    try {
        return same(parse(text, ""), root);
    } catch (const Error&) {
        return false;
    }
}

struct KeyLine {
    int line;
    std::string path;
};

void key_lines(const Node& n, const std::string& path, std::vector<KeyLine>& out) {
    if (n.is_map()) {
        for (const auto& e : n.entries) {
            std::string here = path.empty() ? e.key : path + "." + e.key;
            out.push_back(KeyLine{e.key_mark.line, here});
            key_lines(e.value, here, out);
        }
    } else if (n.is_sequence()) {
        for (std::size_t i = 0; i < n.items.size(); ++i) {
            std::string here = path + "." + std::to_string(i);
            // An item of a block list owns the comments above and beside it.
            if (n.items[i].mark.line > 0 && !n.items[i].is_map())
                out.push_back(KeyLine{n.items[i].mark.line, here});
            key_lines(n.items[i], here, out);
        }
    }
}

std::string trimmed_comment(std::string_view line, std::size_t hash) {
    std::string c(line.substr(hash));
    while (!c.empty() && (c.back() == ' ' || c.back() == '\t' || c.back() == '\r'))
        c.pop_back();
    return c;
}

}  // namespace

Comments find_comments(std::string_view text, const Node& root) {
    Comments found;
    if (text.find('#') == std::string_view::npos) return found;
    std::vector<std::size_t> starts;
    auto lines = split_lines(text, starts);

    // First try: every line's first candidate at once (the usual case: all are comments).
    std::vector<std::pair<std::size_t, std::size_t>> cuts;
    for (std::size_t i = 0; i < lines.size(); ++i)
        if (auto h = candidate(lines[i], 0); h != std::string_view::npos) cuts.push_back({i, h});
    if (cuts.empty()) return found;
    if (!same_tree(without(text, lines, starts, cuts), root)) {
        // Prove them one at a time, trying later `#`s on a line when an earlier one is text.
        std::vector<std::pair<std::size_t, std::size_t>> proved;
        for (auto [line, hash] : cuts) {
            for (auto h = hash; h != std::string_view::npos; h = candidate(lines[line], h + 1)) {
                auto trial = proved;
                trial.push_back({line, h});
                if (same_tree(without(text, lines, starts, trial), root)) {
                    proved = trial;
                    break;
                }
            }
        }
        cuts = proved;
    }

    std::vector<KeyLine> keys;
    key_lines(root, "", keys);
    std::stable_sort(keys.begin(), keys.end(),
                     [](const KeyLine& a, const KeyLine& b) { return a.line < b.line; });
    auto add = [](std::vector<std::pair<std::string, std::string>>& list, const std::string& path,
                  const std::string& text) {
        for (auto& [p, t] : list)
            if (p == path) {
                t += "\n" + text;
                return;
            }
        list.push_back({path, text});
    };
    for (auto [line, hash] : cuts) {
        int number = static_cast<int>(line) + 1;
        std::string comment = trimmed_comment(lines[line], hash);
        bool full = lines[line].find_first_not_of(" \t") == hash;
        if (full) {
            auto next = std::find_if(keys.begin(), keys.end(),
                                     [&](const KeyLine& k) { return k.line > number; });
            if (next == keys.end())
                found.end += (found.end.empty() ? "" : "\n") + comment;
            else
                add(found.before, next->path, comment);
        } else {
            // The innermost key on this line, else the last key above it.
            const KeyLine* owner = nullptr;
            for (const auto& k : keys)
                if (k.line <= number) owner = &k;
            if (owner)
                add(found.after, owner->path, comment);
            else
                found.end += (found.end.empty() ? "" : "\n") + comment;
        }
    }
    return found;
}

}  // namespace vfi::yaml
