// The core names a record's fields (`stage`); a person typed the value with an option
// (`--stage`). These put the option the person gave in the message, so it says what to fix.
#pragma once

#include <initializer_list>
#include <map>
#include <string>
#include <utility>

#include "vfi/base/error.hpp"

namespace vfi::cli {

// Each field a person gave a value for, and the option they gave it with: {"stage",
// "--stage"}. Leave out a field whose option was not given: then the value came from
// elsewhere (a file, a default), and the field is the right name for it.
using OptionNames = std::map<std::string, std::string>;

// `e` naming the option instead of the field, when `options` has the field and `e` is not
// located in a file (an error in a file is about that file's field); else `e` as it is.
Error naming_option(const Error& e, const OptionNames& options);

// Runs `work` (a core call), rethrowing its Error through naming_option.
template <class Work>
decltype(auto) naming_options(const OptionNames& options, Work&& work) {
    try {
        return std::forward<Work>(work)();
    } catch (const Error& e) {
        throw naming_option(e, options);
    }
}

struct OptionGiven {
    const char* field;
    const char* option;
    bool given;
};
// The names of the options that were given: given_options({{"stage", "--stage", !stage.empty()}}).
OptionNames given_options(std::initializer_list<OptionGiven> options);

}  // namespace vfi::cli
