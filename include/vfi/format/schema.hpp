// The record format as data: every field of every kind, its type, its vocabulary, whether it
// is required or confidential. Validation, key order on output, `set KEY=VALUE` and the
// confidential filter of listings all read these tables.
#pragma once

#include <string_view>
#include <vector>

#include "vfi/format/kind.hpp"

namespace vfi {

enum class FieldType {
    text,     // a string, one line or several
    date,     // YYYY-MM-DD
    integer,  // a whole number within [min, max]
    number,   // a decimal number
    boolean,  // true or false
    choice,   // one value of `vocabulary`
    tag,      // one tag, from `vocabulary` when it names one
    texts,    // a list of strings
    tags,     // a list of tags, from `vocabulary` when it names one
    id,       // a record id of kind `refers_to`
    ids,      // a list of record ids of kind `refers_to`
    map,      // nested `fields`
    quotes,   // a list of {text, consent}
    history,  // a list of {date, status}, oldest first: `fields` are the two
    scores,   // a map of tag -> integer 1..10
    person,   // `learning-partner`, a partner id or a leader id
    subject,  // `programme`, a match id or a session id
    items,    // a list of groups of `fields` (a payment run's lines)
    money,    // an amount of money: digits, with at most two decimals (`50`, `12.50`)
    month,    // YYYY-MM
};

struct Field {
    std::string_view key;
    FieldType type;
    std::string_view vocabulary = {};
    bool required = false;
    bool confidential = false;
    std::vector<Field> fields = {};
    long min = 0;
    long max = 0;  // bounds apply when max > min
    Kind refers_to = Kind::partner;
    std::string_view help = {};
};

// The fields of a kind, in the order they are written.
const std::vector<Field>& fields_of(Kind kind);

// The fields of each item of a `quotes` list: its text and whether the person consented to it
// being quoted, both required.
const std::vector<Field>& quote_fields();
// A field by dotted key (`training.completed`), or nullptr.
const Field* find_field(Kind kind, std::string_view dotted_key);
const Field* find_field(const std::vector<Field>& fields, std::string_view dotted_key);
// Is this a list type?
bool is_list(FieldType type);
// A short description of the type for messages: "a date (YYYY-MM-DD)".
std::string_view type_words(const Field& field);

}  // namespace vfi
