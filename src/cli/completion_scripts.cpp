// The completion scripts, written from the command tree: for each command its subcommands,
// its options, which options take a value and what to offer for it, and what to offer in
// each positional place. The walk over the words typed so far is the same in each shell.
#include <fmt/format.h>

#include "completion.hpp"
#include "context.hpp"
#include "vfi/base/text.hpp"

namespace vfi::cli {
namespace {

// One place a value goes: after an option (`--region`) or in a positional place (`#1`).
struct Slot {
    std::string key;
    const Completion* completion = nullptr;
};

struct Command {
    std::string path;  // "" for vfi itself, "partner show"
    std::vector<std::string> subcommands;
    std::vector<std::string> options;  // every name, --long and -s
    std::vector<Slot> valued;          // options taking a value, each name, then positions
    bool repeats = false;              // the last positional takes any number of words
    const Completion* last_positional = nullptr;
};

void walk(const CLI::App& app, const std::string& path, std::vector<Command>& out) {
    Command c;
    c.path = path;
    c.subcommands = visible_names(app);
    int position = 0;
    for (const CLI::Option* o : app.get_options({})) {
        if (o->get_group().empty()) continue;  // hidden
        if (o->get_positional() && o->get_lnames().empty() && o->get_snames().empty()) {
            ++position;
            c.valued.push_back({"#" + std::to_string(position), completion_of(o)});
            c.repeats = o->get_items_expected_max() > 1;
            c.last_positional = completion_of(o);
            continue;
        }
        std::vector<std::string> names;
        for (const auto& l : o->get_lnames())
            names.push_back("--" + l);
        for (const auto& s : o->get_snames())
            names.push_back("-" + s);
        for (const auto& n : names) {
            c.options.push_back(n);
            if (o->get_expected_max() != 0) c.valued.push_back({n, completion_of(o)});
        }
    }
    out.push_back(c);
    for (const CLI::App* sub : visible_subcommands(app))
        walk(*sub, path.empty() ? sub->get_name() : path + " " + sub->get_name(), out);
}

std::vector<Command> commands_of(const CLI::App& app) {
    std::vector<Command> out;
    walk(app, "", out);
    return out;
}

// What a value is, as the walker understands it: words, `@files`, `@dirs`, or `@helper ...`.
std::string what_to_offer(const Completion* c) {
    if (!c) return "";
    if (c->special == Completion::Special::files) return "@files";
    if (c->special == Completion::Special::dirs) return "@dirs";
    if (!c->helper.empty()) {
        std::string s = "@helper " + join(c->helper, " ");
        if (!c->words.empty()) s += " " + join(c->words, " ");
        return s;
    }
    return join(c->words, " ");
}

// Where a completion pattern may match more than itself: anything before it, or after it.
struct Stars {
    bool before = false;
    bool after = false;
};

// How a shell writes the lookup tables: a function switching on its arguments, one case a
// line. bash and zsh share the POSIX `case`; fish has `switch`.
struct Dialect {
    bool fish;

    std::string open(std::string_view name, std::string_view key) const {
        return fish ? fmt::format("function {}\n    switch {}\n", name, key)
                    : fmt::format("{}() {{\n    case {} in\n", name, key);
    }
    // `pattern` is matched literally, with `*` before or after it when asked.
    std::string entry(std::string_view pattern, std::string_view body, Stars stars = {}) const {
        std::string before = stars.before ? "*" : "", after = stars.after ? "*" : "";
        return fish ? fmt::format("        case '{}{}{}'\n            {}\n", before, pattern, after,
                                  body)
                    : fmt::format("        {}'{}'{}) {} ;;\n", before, pattern, after, body);
    }
    std::string words(const std::vector<std::string>& list) const {
        return fish ? "printf '%s\\n' -- " + join(list, " ") : "echo '" + join(list, " ") + "'";
    }
    // Closes the switch; `always` runs after it whatever matched.
    std::string close(const std::string& always = {}) const {
        std::string tail = always.empty() ? "" : "    " + always + "\n";
        return (fish ? "    end\n" + tail + "end\n\n" : "    esac\n" + tail + "}\n\n");
    }
};

// The three lookups every script's walk uses: the subcommands of a command, its options, and
// what to offer for an option's value or a positional place (`#1`); the options of vfi
// itself go anywhere.
std::string tables(const std::vector<Command>& commands, const Dialect& d) {
    const Command& root = commands.front();
    std::string arg1 = d.fish ? "$argv[1]" : "$1";
    std::string both = d.fish ? "\"$argv[1]|$argv[2]\"" : "\"$1|$2\"";
    std::string s = d.open("_vfi_subcommands", arg1);
    for (const auto& c : commands)
        if (!c.subcommands.empty()) s += d.entry(c.path, d.words(c.subcommands));
    s += d.close() + d.open("_vfi_options", arg1);
    for (const auto& c : commands)
        if (!c.path.empty() && !c.options.empty()) s += d.entry(c.path, d.words(c.options));
    s += d.close(d.words(root.options)) + d.open("_vfi_slot", both);
    auto offer = [](const Completion* c) { return "echo '=" + what_to_offer(c) + "'"; };
    for (const auto& c : commands) {
        if (c.path.empty()) continue;
        for (const auto& v : c.valued)
            s += d.entry(c.path + "|" + v.key, offer(v.completion));
        if (c.repeats) s += d.entry(c.path + "|#", offer(c.last_positional), {.after = true});
    }
    for (const auto& v : root.valued)
        s += d.entry("|" + v.key, offer(v.completion), {.before = true});
    return s + d.close();
}

}  // namespace

// The walk over the words typed, the same in bash and zsh.
const char* const posix_walk = R"SH(
# The words before the one being completed ("$@"): which command they reach (cmdpath), the
# option whose value comes next (pending), how many positional words the command has
# (npos), and -C, where the records are (data). The caller declares them local.
_vfi_walk() {
    local w slot
    for w in "$@"; do
        [[ $w == "=" ]] && continue  # bash splits --status=pa at the =
        if [[ -n $pending ]]; then
            [[ $pending == -C || $pending == --data ]] && data=$(_vfi_path "$w")
            pending=""
            continue
        fi
        case $w in
            -C=* | --data=*) data=$(_vfi_path "${w#*=}"); continue ;;
            -*=*) continue ;;
            -*) slot=$(_vfi_slot "$cmdpath" "$w"); [[ -n $slot ]] && pending=$w; continue ;;
        esac
        if [[ " $(_vfi_subcommands "$cmdpath") " == *" $w "* ]]; then
            cmdpath=${cmdpath:+$cmdpath }$w
            npos=0
        else
            npos=$((npos + 1))
        fi
    done
}

# What to offer for the word being typed ($1), after _vfi_walk: words, @files, @dirs, or
# @helper and the arguments of `vfi __complete`.
_vfi_offer() {
    local offer
    if [[ -n $pending ]]; then
        offer=$(_vfi_slot "$cmdpath" "$pending")
    elif [[ $1 == -* ]]; then
        offer="=$(_vfi_options "$cmdpath")"
    else
        offer="=$(_vfi_subcommands "$cmdpath")"
        [[ $offer == "=" ]] && offer=$(_vfi_slot "$cmdpath" "#$((npos + 1))")
    fi
    printf '%s' "${offer#=}"
}
)SH";

std::string bash_completion(const CLI::App& app) {
    auto commands = commands_of(app);
    std::string s =
        "# bash completion for vfi, written by `vfi completion bash` from its command tree.\n"
        "# Use: source <(vfi completion bash), in ~/.bashrc for every shell; `make install` puts\n"
        "# it where bash-completion finds it.\n\n";
    s += tables(commands, Dialect{.fish = false}) + posix_walk;
    s += R"SH(
_vfi() {
    local cur=${COMP_WORDS[COMP_CWORD]} cmdpath="" data="" npos=0 pending="" before=""
    _vfi_walk "${COMP_WORDS[@]:1:COMP_CWORD-1}"
    [[ $cur == "=" ]] && cur=""
    if [[ -z $pending && $cur == -*=* ]]; then  # when `=` does not split words
        pending=${cur%%=*}
        before=$pending=
        cur=${cur#*=}
    fi
    local offer
    offer=$(_vfi_offer "$cur")
    # A comma-separated list: complete the word after the last comma.
    if [[ $cur == *,* && $offer != @files && $offer != @dirs ]]; then
        before=$before${cur%,*},
        cur=${cur##*,}
    fi
    COMPREPLY=()
    local word
    case $offer in
        @files | @dirs)
            local -a found
            if [[ $offer == @files ]]; then
                mapfile -t found < <(compgen -f -- "$cur")
            else
                mapfile -t found < <(compgen -d -- "$cur")
            fi
            for word in "${found[@]}"; do COMPREPLY+=("$before$word"); done
            compopt -o filenames 2>/dev/null ;;
        @helper*)
            # vfi picks the ids that fit, as it reads them: in any case, the letter optional
            for word in $("${COMP_WORDS[0]}" ${data:+-C "$data"} __complete --prefix="$cur" ${offer#@helper } 2>/dev/null); do
                COMPREPLY+=("$before$word")
            done ;;
        *)
            for word in $(compgen -W "$offer" -- "$cur"); do COMPREPLY+=("$before$word"); done ;;
    esac
    return 0
}

# A folder as typed: `~/x`, `"My Programme"` or `My\ Programme` as the path it names.
_vfi_path() {
    local p=$1
    p=${p/#\~/$HOME}
    [[ $p == \"*\" || $p == \'*\' ]] && p=${p:1:${#p}-2}
    printf '%s' "${p//\\ / }"
}
complete -F _vfi vfi
)SH";
    return s;
}

std::string zsh_completion(const CLI::App& app) {
    auto commands = commands_of(app);
    std::string s =
        "#compdef vfi\n"
        "# zsh completion for vfi, written by `vfi completion zsh` from its command tree.\n"
        "# Use: source <(vfi completion zsh), after compinit in ~/.zshrc; or save it as _vfi in a\n"
        "# folder of $fpath, as `make install` does.\n\n";
    s += tables(commands, Dialect{.fish = false}) + posix_walk;
    s += R"SH(
_vfi_path() {
    print -r -- ${${(Q)1}/#\~/$HOME}
}

_vfi() {
    local cur=${words[CURRENT]} cmdpath="" data="" npos=0 pending=""
    _vfi_walk "${(@)words[2,CURRENT-1]}"
    if [[ -z $pending && $cur == -*=* ]]; then
        pending=${cur%%=*}
        compset -P '*='
        cur=${cur#*=}
    fi
    local offer
    offer=$(_vfi_offer "$cur")
    case $offer in
        @files) _files ;;
        @dirs) _files -/ ;;
        *)
            compset -P '*,'
            if [[ $offer == @helper* ]]; then
                local -a where
                [[ -n $data ]] && where=(-C "$data")
                offer=$(${words[1]} $where __complete --prefix="${cur##*,}" ${=offer#@helper } 2>/dev/null)
            fi
            compadd -- ${=offer} ;;
    esac
}

if [[ ${zsh_eval_context[-1]} == loadautofunc ]]; then
    _vfi "$@"
else
    compdef _vfi vfi
fi
)SH";
    return s;
}

// The fish function that completes a word: the walk over the words typed, as posix_walk's in
// bash and zsh but in fish's syntax, then what to offer for the word.
const char* const fish_complete = R"SH(
function __vfi_complete
    set -l tokens (commandline -opc)
    set -l cur (commandline -ct)
    set -l cmdpath ''
    set -l data ''
    set -l npos 0
    set -l pending ''
    for w in $tokens[2..-1]
        if test -n "$pending"
            contains -- $pending -C --data; and set data (string replace -r '^~' $HOME -- $w)
            set pending ''
            continue
        end
        switch $w
            case '-C=*' '--data=*'
                set data (string replace -r '^[^=]*=' '' -- $w)
                set data (string replace -r '^~' $HOME -- $data)
                continue
            case '-*=*'
                continue
            case '-*'
                set -l slot (_vfi_slot "$cmdpath" $w)
                test -n "$slot"; and set pending $w
                continue
        end
        if contains -- $w (_vfi_subcommands "$cmdpath")
            set cmdpath (string trim -- "$cmdpath $w")
            set npos 0
        else
            set npos (math $npos + 1)
        end
    end
    set -l before ''
    if test -z "$pending"; and string match -q -- '-*=*' $cur
        set pending (string split -m1 = -- $cur)[1]
        set before "$pending="
        set cur (string split -m1 = -- $cur)[2]
    end
    set -l offer
    if test -n "$pending"
        set offer (_vfi_slot "$cmdpath" $pending)
    else if string match -q -- '-*' $cur
        set offer (string join ' ' -- (_vfi_options "$cmdpath"))
    else
        set offer (string join ' ' -- (_vfi_subcommands "$cmdpath"))
        test -z "$offer"; and set offer (_vfi_slot "$cmdpath" "#"(math $npos + 1))
    end
    set offer (string replace -r '^=' '' -- "$offer")
    switch "$offer"
        case '@files'
            for f in (__fish_complete_path $cur)
                printf '%s%s\n' $before $f
            end
            return
        case '@dirs'
            for f in (__fish_complete_directories $cur)
                printf '%s%s\n' $before $f
            end
            return
    end
    string match -q -- '*,*' $cur; and set before $before(string replace -r '[^,]*$' '' -- $cur)
    set -l last (string replace -r '^.*,' '' -- $cur)
    switch "$offer"
        case '@helper*'
            set -l args (string split ' ' -- (string replace '@helper ' '' -- $offer))
            set -l where
            test -n "$data"; and set where -C $data
            set offer ($tokens[1] $where __complete --prefix=$last $args 2>/dev/null)
        case '*'
            set offer (string split ' ' -- $offer)
    end
    for o in $offer
        test -n "$o"; and printf '%s%s\n' $before $o
    end
end

complete -c vfi -f -a '(__vfi_complete)'
)SH";

std::string fish_completion(const CLI::App& app) {
    auto commands = commands_of(app);
    std::string s =
        "# fish completion for vfi, written by `vfi completion fish` from its command tree.\n"
        "# Use: vfi completion fish | source, in ~/.config/fish/config.fish; `make install` puts\n"
        "# it where fish finds it.\n\n";
    return s + tables(commands, Dialect{.fish = true}) + fish_complete;
}

}  // namespace vfi::cli
