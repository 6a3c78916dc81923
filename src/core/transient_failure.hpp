#pragma once

#include <stdexcept>

namespace zhiyuan::core {

// A failure below the domain that says whether running the same transaction again may succeed: a deadlock
// victim or a serialisation failure on PostgreSQL, a busy SQLite file. The transaction was rolled back, so
// nothing of it was written and the request can simply be handled again (http::Api does, a few times).
class InfrastructureFailure : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
  virtual bool transient() const = 0;
};

}  // namespace zhiyuan::core
