// The lists of allowed values: built in, extended (or, for equality fields, replaced) by
// `vocabularies:` in vfi.yaml.
#pragma once

#include <map>
#include <string>
#include <string_view>
#include <vector>

namespace vfi {

class Vocabularies {
  public:
    // The built-in lists from the record format.
    static Vocabularies builtin();

    const std::vector<std::string>* find(std::string_view name) const;
    bool contains(std::string_view name, std::string_view value) const;
    // Names a user may extend or replace in vfi.yaml.
    static bool extendable(std::string_view name);
    static bool replaceable(std::string_view name);  // the equality monitoring lists
    void add(std::string_view name, const std::string& value);
    void replace(std::string_view name, std::vector<std::string> values);
    std::vector<std::string> names() const;

  private:
    std::map<std::string, std::vector<std::string>, std::less<>> lists_;
};

// A filter value no record could have is a typo, not an empty result: throws Error(usage)
// naming `option`, the allowed values and the nearest one.
void require_in_vocabulary(const Vocabularies& vocabularies, std::string_view list,
                           const std::vector<std::string>& values, const std::string& option);

// `west-midlands`, `mental-health`, `confidence_coproduction`: lower-case words and digits
// joined by single dashes or underscores.
bool valid_tag(std::string_view tag);
// A tag made from free text: `Mental Health` -> `mental-health` (for hints).
std::string to_tag(std::string_view text);

}  // namespace vfi
