#include "option_errors.hpp"

namespace vfi::cli {

Error naming_option(const Error& e, const OptionNames& options) {
    auto it = options.find(e.field());
    if (it == options.end() || !e.where().file.empty()) return e;
    return Error(e.code(), e.where(), it->second, e.message(), e.hint());
}

OptionNames given_options(std::initializer_list<OptionGiven> options) {
    OptionNames out;
    for (const auto& o : options)
        if (o.given) out.emplace(o.field, o.option);
    return out;
}

}  // namespace vfi::cli
