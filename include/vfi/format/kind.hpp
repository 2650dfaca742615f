// The six kinds of record and their ids: a kind prefix, a dash and random Crockford base-32.
#pragma once

#include <array>
#include <optional>
#include <string>
#include <string_view>

namespace vfi {

enum class Kind { partner, leader, match, session, reflection, payment };

inline constexpr std::array<Kind, 6> all_kinds = {Kind::partner, Kind::leader,     Kind::match,
                                                  Kind::session, Kind::reflection, Kind::payment};

// The one of six values, given in the order of Kind, that belongs to `kind`: for the tables
// kept a kind at a time (its fields, the fields forget keeps).
template <class T>
const T& of_kind(Kind kind, const T& partner, const T& leader, const T& match, const T& session,
                 const T& reflection, const T& payment) {
    switch (kind) {
        case Kind::payment:
            return payment;
        case Kind::leader:
            return leader;
        case Kind::match:
            return match;
        case Kind::session:
            return session;
        case Kind::reflection:
            return reflection;
        case Kind::partner:
            break;
    }
    return partner;
}

std::string_view kind_name(Kind kind);     // "partner"
std::string_view kind_folder(Kind kind);   // "partners"
std::string_view kind_command(Kind kind);  // the vfi command for it: "partner", "reflect"
char kind_prefix(Kind kind);               // 'P'
std::optional<Kind> kind_from_name(std::string_view name);
std::optional<Kind> kind_from_prefix(char prefix);

inline constexpr std::string_view crockford_alphabet = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";
inline constexpr std::size_t id_random_length = 6;
// One of the alphabet's 32 characters (upper case: what ids are written in).
bool is_crockford(char c);

// `P-7KQ2MD`: the right prefix, a dash, at least six Crockford base-32 characters.
bool valid_id(std::string_view id);
bool valid_id(std::string_view id, Kind kind);
// The start of an id as a user typed it, in any case and with or without the kind's letter
// (`7k`, `p-7k`), written as ids are: `P-7K`. What RecordStore::resolve looks ids up by.
std::string typed_id(Kind kind, std::string_view typed);
// Does the id start that way? `7k` fits P-7KQ2MD, and nothing typed fits every id. What
// completion offers.
bool id_fits(std::string_view id, std::string_view typed);
// The kind an id names, from its prefix.
std::optional<Kind> kind_of_id(std::string_view id);
// A fresh id from the operating system's random source (never from a name), or, when
// VFI_ID_SEED is set (tests and the guide's examples), the next of a repeatable sequence.
std::string random_id(Kind kind);
// Always from the operating system's random source: for scratch file names, which must never
// repeat between two commands running at once.
std::string os_random_id(Kind kind);
// 32 random hexadecimal digits (128 bits) for a secret key, such as a programme's
// `reports.disclosure_key`; repeatable under VFI_ID_SEED, as ids are.
std::string random_hex_key();

}  // namespace vfi
