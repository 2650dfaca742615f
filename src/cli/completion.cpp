// vfi completion: prints a completion script for bash, zsh or fish. The hidden
// `vfi __complete` is what the scripts call for what only the data directory knows: record
// ids and the lists vfi.yaml may extend.
#include "completion.hpp"

#include <iostream>
#include <map>

#include <fmt/format.h>

#include "context.hpp"
#include "vfi/base/text.hpp"
#include "vfi/format/vocabulary.hpp"

namespace vfi::cli {
namespace {

std::map<const CLI::Option*, Completion>& notes() {
    static std::map<const CLI::Option*, Completion> all;
    return all;
}

// Does a word that is not an id (`learning-partner`, a region) start as typed, in any case?
bool starts_as_typed(std::string_view word, std::string_view typed) {
    return word.size() >= typed.size() && lower(word.substr(0, typed.size())) == lower(typed);
}

// What `vfi __complete` prints: never an error, as a shell shows whatever it is given.
void print_helper_words(const Globals& globals, const std::vector<std::string>& args,
                        const std::string& typed) {
    if (args.empty()) return;
    auto say = [&typed](const std::string& word) {
        if (kind_of_id(word) ? id_fits(word, typed) : starts_as_typed(word, typed))
            std::cout << word << '\n';
    };
    try {
        RecordStore store = open_here(globals);
        if (args[0] == "ids") {
            for (std::size_t i = 1; i < args.size(); ++i) {
                if (auto kind = kind_from_name(args[i])) {
                    for (const auto& id : store.ids(*kind))
                        say(id);
                } else {
                    say(args[i]);
                }
            }
        } else if (args[0] == "vocabulary" && args.size() == 2) {
            if (const auto* list = store.settings().vocabularies.find(args[1]))
                for (const auto& v : *list)
                    say(v);
        }
    } catch (const std::exception&) {
        // no data directory, or a broken vfi.yaml: nothing to offer
    }
}

}  // namespace

void complete_ids(CLI::Option* option, std::vector<Kind> kinds, std::vector<std::string> also) {
    Completion c;
    c.helper.push_back("ids");
    for (Kind k : kinds)
        c.helper.emplace_back(kind_name(k));
    for (auto& a : also)
        c.helper.push_back(std::move(a));
    notes()[option] = c;
}

void complete_vocabulary(CLI::Option* option, const std::string& list) {
    Completion c;
    if (Vocabularies::extendable(list) || Vocabularies::replaceable(list)) {
        c.helper = {"vocabulary", list};
    } else {
        static const Vocabularies builtin = Vocabularies::builtin();
        if (const auto* words = builtin.find(list)) c.words = *words;
    }
    notes()[option] = c;
}

void complete_words(CLI::Option* option, std::vector<std::string> words) {
    notes()[option] = Completion{std::move(words), {}};
}

void complete_files(CLI::Option* option) {
    Completion c;
    c.special = Completion::Special::files;
    notes()[option] = c;
}

void complete_dirs(CLI::Option* option) {
    Completion c;
    c.special = Completion::Special::dirs;
    notes()[option] = c;
}

const Completion* completion_of(const CLI::Option* option) {
    auto it = notes().find(option);
    return it == notes().end() ? nullptr : &it->second;
}

void add_completion_command(CLI::App& app, Globals& globals) {
    auto* cmd = app.add_subcommand("completion");
    auto shell = std::make_shared<std::string>();
    auto* opt = cmd->add_option("SHELL", *shell, "bash, zsh or fish")->required();
    complete_words(opt, {"bash", "zsh", "fish"});
    cmd->callback([&app, &globals, shell] {
        no_format(globals);
        if (*shell == "bash") {
            std::cout << bash_completion(app);
        } else if (*shell == "zsh") {
            std::cout << zsh_completion(app);
        } else if (*shell == "fish") {
            std::cout << fish_completion(app);
        } else {
            throw Error(ExitCode::usage, {}, "SHELL",
                        fmt::format("'{}' is not a shell vfi completes", *shell),
                        "use bash, zsh or fish");
        }
    });

    // Hidden: the scripts call it when TAB is pressed.
    auto* helper = app.add_subcommand("__complete", "Words for the completion scripts");
    helper->group("");
    auto args = std::make_shared<std::vector<std::string>>();
    auto typed = std::make_shared<std::string>();
    helper->add_option("WORDS", *args, "ids KIND... | vocabulary LIST");
    helper->add_option("--prefix", *typed, "Only the words that fit what has been typed");
    helper->callback([&globals, args, typed] { print_helper_words(globals, *args, *typed); });
}

void add_id_argument(CLI::App& cmd, std::string& id, Kind kind, const std::string& help) {
    complete_ids(cmd.add_option("ID", id, help)->required(), {kind});
}

}  // namespace vfi::cli
