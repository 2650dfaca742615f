#include "vfi/store/blob_id.hpp"

#include <array>
#include <cstring>

namespace vfi {

namespace {

// Each byte's value as a lowercase hex digit, or -1: looked up, as every record file's id is
// read from the cache.
constexpr std::array<signed char, 256> hex_digit = [] {
    std::array<signed char, 256> value{};
    value.fill(-1);
    for (int c = '0'; c <= '9'; ++c)
        value[static_cast<std::size_t>(c)] = static_cast<signed char>(c - '0');
    for (int c = 'a'; c <= 'f'; ++c)
        value[static_cast<std::size_t>(c)] = static_cast<signed char>(c - 'a' + 10);
    return value;
}();

}  // namespace

BlobId::BlobId(std::string_view hex) {
    if (hex.size() % 2 || hex.size() > 2 * bytes_.size()) return;
    for (std::size_t i = 0; i < hex.size(); i += 2) {
        int high = hex_digit[static_cast<unsigned char>(hex[i])];
        int low = hex_digit[static_cast<unsigned char>(hex[i + 1])];
        if (high < 0 || low < 0) return;
        bytes_[i / 2] = static_cast<unsigned char>(high << 4 | low);
    }
    size_ = static_cast<unsigned char>(hex.size() / 2);
}

std::string BlobId::hex() const {
    static constexpr char digits[] = "0123456789abcdef";
    std::string out;
    out.reserve(2 * size_);
    for (std::size_t i = 0; i < size_; ++i)
        out += digits[bytes_[i] >> 4], out += digits[bytes_[i] & 15];
    return out;
}

bool BlobId::is(const unsigned char* bytes, std::size_t n) const {
    return size_ != 0 && n == size_ && std::memcmp(bytes, bytes_.data(), n) == 0;
}

}  // namespace vfi
