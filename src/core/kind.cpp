#include "vfi/kind.hpp"

#include <fstream>

#include "vfi/error.hpp"

namespace vfi {

std::string_view kind_name(Kind kind) {
    switch (kind) {
        case Kind::partner:
            return "partner";
        case Kind::leader:
            return "leader";
        case Kind::match:
            return "match";
        case Kind::session:
            return "session";
        case Kind::reflection:
            return "reflection";
    }
    return "record";
}

std::string_view kind_folder(Kind kind) {
    switch (kind) {
        case Kind::partner:
            return "partners";
        case Kind::leader:
            return "leaders";
        case Kind::match:
            return "matches";
        case Kind::session:
            return "sessions";
        case Kind::reflection:
            return "reflections";
    }
    return "";
}

std::string_view kind_command(Kind kind) {
    return kind == Kind::reflection ? "reflect" : kind_name(kind);
}

char kind_prefix(Kind kind) {
    switch (kind) {
        case Kind::partner:
            return 'P';
        case Kind::leader:
            return 'L';
        case Kind::match:
            return 'M';
        case Kind::session:
            return 'S';
        case Kind::reflection:
            return 'R';
    }
    return '?';
}

std::optional<Kind> kind_from_name(std::string_view name) {
    for (Kind k : all_kinds)
        if (kind_name(k) == name || kind_folder(k) == name) return k;
    return std::nullopt;
}

std::optional<Kind> kind_from_prefix(char prefix) {
    for (Kind k : all_kinds)
        if (kind_prefix(k) == prefix) return k;
    return std::nullopt;
}

bool valid_id(std::string_view id) {
    if (id.size() < 2 + id_random_length || id[1] != '-' || !kind_from_prefix(id[0])) return false;
    for (char c : id.substr(2))
        if (crockford_alphabet.find(c) == std::string_view::npos) return false;
    return true;
}

bool valid_id(std::string_view id, Kind kind) {
    return valid_id(id) && id[0] == kind_prefix(kind);
}

std::optional<Kind> kind_of_id(std::string_view id) {
    if (!valid_id(id)) return std::nullopt;
    return kind_from_prefix(id[0]);
}

std::string random_id(Kind kind) {
    unsigned char bytes[id_random_length];
    std::ifstream random("/dev/urandom", std::ios::binary);
    if (!random.read(reinterpret_cast<char*>(bytes), sizeof bytes))
        throw Error(ExitCode::io, "cannot read /dev/urandom to make a new id",
                    "check that /dev/urandom exists and is readable");
    std::string id{kind_prefix(kind), '-'};
    for (unsigned char b : bytes)
        id += crockford_alphabet[b & 31];
    return id;
}

}  // namespace vfi
