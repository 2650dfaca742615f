#include "vfi/base/error.hpp"

#include <fmt/format.h>

namespace vfi {

std::string describe(const Location& where, const std::string& field, const std::string& message,
                     const std::string& hint) {
    std::string out;
    if (!where.file.empty()) {
        out += where.file;
        if (where.line > 0) {
            out += fmt::format(":{}", where.line);
            if (where.column > 0) out += fmt::format(":{}", where.column);
        }
        out += ": ";
    }
    if (!field.empty()) out += field + ": ";
    out += message;
    if (!hint.empty()) out += " — " + hint;
    return out;
}

std::string Error::describe() const {
    return vfi::describe(where_, field_, message_, hint_);
}

std::string Problem::describe() const {
    return vfi::describe(where, field, message, hint);
}

}  // namespace vfi
