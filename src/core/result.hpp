#pragma once

#include <cassert>
#include <optional>
#include <type_traits>
#include <utility>
#include <variant>

#include "core/error.hpp"

namespace zhiyuan::core {

// A value or an Error: expected outcomes are values, never exceptions (std::expected arrives in C++23).
template <typename T>
class [[nodiscard]] Result {
 public:
  Result(T value) : data_(std::move(value)) {}  // NOLINT: implicit by design
  Result(Error error) : data_(std::move(error)) {}  // NOLINT

  bool ok() const { return data_.index() == 0; }
  explicit operator bool() const { return ok(); }

  T& value() & { assert(ok()); return std::get<0>(data_); }
  const T& value() const& { assert(ok()); return std::get<0>(data_); }
  T&& value() && { assert(ok()); return std::get<0>(std::move(data_)); }
  T& operator*() & { return value(); }
  const T& operator*() const& { return value(); }
  T* operator->() { return &value(); }
  const T* operator->() const { return &value(); }

  const Error& error() const& { assert(!ok()); return std::get<1>(data_); }
  Error&& error() && { assert(!ok()); return std::get<1>(std::move(data_)); }

 private:
  std::variant<T, Error> data_;
};

template <>
class [[nodiscard]] Result<void> {
 public:
  Result() = default;
  Result(Error error) : error_(std::move(error)) {}  // NOLINT

  bool ok() const { return !error_.has_value(); }
  explicit operator bool() const { return ok(); }
  const Error& error() const& { assert(!ok()); return *error_; }
  Error&& error() && { assert(!ok()); return std::move(*error_); }

 private:
  std::optional<Error> error_;
};

using Status = Result<void>;

inline Status Ok() { return {}; }

}  // namespace zhiyuan::core

// Propagates an error from an expression returning Result/Status.
#define ZY_TRY(expr)                                         \
  do {                                                       \
    auto&& zy_try_result_ = (expr);                          \
    if (!zy_try_result_.ok()) return std::move(zy_try_result_).error(); \
  } while (false)

#define ZY_CONCAT_INNER(a, b) a##b
#define ZY_CONCAT(a, b) ZY_CONCAT_INNER(a, b)
// Declares `lhs` from a Result's value, or returns its error.
#define ZY_ASSIGN_OR_RETURN(lhs, expr) ZY_ASSIGN_OR_RETURN_IMPL(ZY_CONCAT(zy_result_, __LINE__), lhs, expr)
#define ZY_ASSIGN_OR_RETURN_IMPL(tmp, lhs, expr) \
  auto tmp = (expr);                             \
  if (!tmp.ok()) return std::move(tmp).error();  \
  lhs = std::move(tmp).value()
