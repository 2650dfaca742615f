// A git blob id held in place: what the work-tree check and a commit's listing keep of each
// file, with no allocation of its own.
#pragma once

#include <array>
#include <cstddef>
#include <string>
#include <string_view>

namespace vfi {

// A git blob id (SHA-1's 20 bytes, SHA-256's 32), held in place as bytes: a national folder's
// 40,000 files need no allocation each, and a third of the room their hex would take. Text that
// is not such an id in lowercase hex is held as none.
class BlobId {
  public:
    BlobId() = default;
    explicit BlobId(std::string_view hex);
    std::string hex() const;
    bool empty() const { return size_ == 0; }
    // Is it this id, given as bytes (as git's index holds it)?
    bool is(const unsigned char* bytes, std::size_t n) const;

  private:
    std::array<unsigned char, 32> bytes_{};
    unsigned char size_ = 0;
};

}  // namespace vfi
