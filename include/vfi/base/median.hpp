// The median of whole numbers: the one figure every report and listing means by it.
#pragma once

#include <algorithm>
#include <vector>

namespace vfi {

// The middle value once sorted, or the mean of the two middle values when there is an even
// number of them (so it may end in .5); 0 for none.
inline double median(std::vector<long> values) {
    if (values.empty()) return 0;
    std::sort(values.begin(), values.end());
    std::size_t n = values.size();
    return n % 2 ? static_cast<double>(values[n / 2])
                 : static_cast<double>(values[n / 2 - 1] + values[n / 2]) / 2.0;
}

}  // namespace vfi
