#include "vfi/format/kind.hpp"

#include <array>
#include <cstdint>
#include <cstdlib>
#include <fstream>
#include <map>

#include <fmt/format.h>

#include "vfi/base/error.hpp"

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
        case Kind::payment:
            return "payment run";
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
        case Kind::payment:
            return "payments";
    }
    return "";
}

std::string_view kind_command(Kind kind) {
    return kind == Kind::reflection ? "reflect" : kind == Kind::payment ? "pay" : kind_name(kind);
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
        case Kind::payment:
            return 'Y';
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

namespace {

// Each byte's place in the alphabet looked up, not searched for: every record file a command
// lists has its id checked.
constexpr std::array<bool, 256> in_crockford = [] {
    std::array<bool, 256> in{};
    for (char c : crockford_alphabet)
        in[static_cast<unsigned char>(c)] = true;
    return in;
}();

}  // namespace

bool is_crockford(char c) {
    return in_crockford[static_cast<unsigned char>(c)];
}

namespace {

// A dash and the random part, whatever the prefix.
bool valid_after_prefix(std::string_view id) {
    if (id.size() < 2 + id_random_length || id[1] != '-') return false;
    for (char c : id.substr(2))
        if (!is_crockford(c)) return false;
    return true;
}

}  // namespace

bool valid_id(std::string_view id) {
    return valid_after_prefix(id) && kind_from_prefix(id[0]);
}

bool valid_id(std::string_view id, Kind kind) {
    return valid_after_prefix(id) && id[0] == kind_prefix(kind);
}

std::string typed_id(Kind kind, std::string_view typed) {
    std::string wanted;
    for (char c : typed)
        wanted += static_cast<char>(c >= 'a' && c <= 'z' ? c - 'a' + 'A' : c);
    std::string prefix{kind_prefix(kind), '-'};
    if (wanted.compare(0, prefix.size(), prefix) != 0) wanted = prefix + wanted;
    return wanted;
}

bool id_fits(std::string_view id, std::string_view typed) {
    auto kind = kind_of_id(id);
    if (!kind) return false;
    std::string wanted = typed_id(*kind, typed);
    return id.substr(0, wanted.size()) == wanted;
}

std::optional<Kind> kind_of_id(std::string_view id) {
    if (!valid_id(id)) return std::nullopt;
    return kind_from_prefix(id[0]);
}

namespace {

std::string id_from(Kind kind, const unsigned char* bytes) {
    std::string id{kind_prefix(kind), '-'};
    for (std::size_t i = 0; i < id_random_length; ++i)
        id += crockford_alphabet[bytes[i] & 31];
    return id;
}

// VFI_ID_SEED: the same ids, in the same order, on every run (splitmix64 over the seed, the
// stream and a count), for tests and the guide's examples. new_id skips an id a file has, so
// a sequence of commands run again makes the same records. `stream` is a kind's prefix, or
// 'K' for a programme's disclosure key.
bool seeded_bytes(char stream, unsigned char* bytes, std::size_t n) {
    static const char* seed = std::getenv("VFI_ID_SEED");
    if (!seed || !*seed) return false;
    // One sequence per kind, so the first leader and the first match of a run differ.
    static std::map<char, std::uint64_t> states;
    auto [it, fresh] = states.try_emplace(stream, 0);
    if (fresh) {
        std::uint64_t h = 0xCBF29CE484222325ULL;  // FNV-1a: the same on every machine
        for (const char* c = seed; *c; ++c)
            h = (h ^ static_cast<unsigned char>(*c)) * 0x100000001B3ULL;
        h = (h ^ static_cast<unsigned char>(stream)) * 0x100000001B3ULL;
        it->second = h;
    }
    std::uint64_t& state = it->second;
    for (std::size_t i = 0; i < n; ++i) {
        std::uint64_t z = (state += 0x9E3779B97F4A7C15ULL);
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
        bytes[i] = static_cast<unsigned char>((z ^ (z >> 31)) & 0xFF);
    }
    return true;
}

void os_random_bytes(unsigned char* bytes, std::size_t n, const char* what) {
    std::ifstream random("/dev/urandom", std::ios::binary);
    if (!random.read(reinterpret_cast<char*>(bytes), static_cast<std::streamsize>(n)))
        throw Error(ExitCode::io, fmt::format("cannot read /dev/urandom to make {}", what),
                    "check that /dev/urandom exists and is readable");
}

}  // namespace

std::string os_random_id(Kind kind) {
    unsigned char bytes[id_random_length];
    os_random_bytes(bytes, sizeof bytes, "a new id");
    return id_from(kind, bytes);
}

std::string random_id(Kind kind) {
    unsigned char bytes[id_random_length];
    if (seeded_bytes(kind_prefix(kind), bytes, sizeof bytes)) return id_from(kind, bytes);
    return os_random_id(kind);
}

std::string random_hex_key() {
    unsigned char bytes[16];
    if (!seeded_bytes('K', bytes, sizeof bytes)) os_random_bytes(bytes, sizeof bytes, "a key");
    std::string out;
    for (unsigned char b : bytes)
        out += fmt::format("{:02x}", b);
    return out;
}

}  // namespace vfi
