#pragma once

#include <algorithm>
#include <cstdint>
#include <vector>

namespace zhiyuan::core {

struct PageRequest {
  int page = 1;        // from 1
  int page_size = 20;  // at most kMaxPageSize
  static constexpr int kMaxPageSize = 100;

  static PageRequest Of(int page, int page_size) {
    return {std::max(1, page), std::clamp(page_size, 1, kMaxPageSize)};
  }
  std::int64_t offset() const { return std::int64_t(page - 1) * page_size; }
};

template <typename T>
struct Page {
  std::vector<T> items;
  std::int64_t total = 0;
  PageRequest request;
};

}  // namespace zhiyuan::core
