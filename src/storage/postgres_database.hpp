#pragma once

#include <condition_variable>
#include <mutex>
#include <string>
#include <vector>

#include "storage/database.hpp"

namespace zhiyuan::storage {

// PostgreSQL through libpq with a bounded connection pool. Statements are prepared once per connection.
class PostgresDatabase final : public PooledDatabase {
 public:
  explicit PostgresDatabase(const DatabaseOptions& options);
  Dialect dialect() const override { return Dialect::kPostgres; }
  std::string Describe() const override { return DescribeUrl(url_); }

 protected:
  std::unique_ptr<Connection> OpenConnection() override;
  // A connection whose server went away (a restart, a failover, a dead replica) is closed instead of pooled, so
  // the next Acquire() connects afresh; libpq never reconnects by itself.
  void Release(std::unique_ptr<Connection> conn) override;

 private:

  std::string url_;
  std::string schema_;
};

}  // namespace zhiyuan::storage
