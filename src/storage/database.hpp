#pragma once

#include <algorithm>
#include <condition_variable>
#include <cstdint>
#include <initializer_list>
#include <memory>
#include <mutex>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <type_traits>
#include <utility>
#include <variant>
#include <vector>

#include "core/transient_failure.hpp"

namespace zhiyuan::storage {

enum class Dialect { kSqlite, kPostgres };

// A bound SQL parameter or a result cell. Booleans are stored as 0/1 integers on both backends,
// times as Unix seconds, sensitive values as ciphertext text: one representation everywhere.
class Value {
 public:
  Value() : v_(nullptr) {}
  Value(std::nullptr_t) : v_(nullptr) {}
  template <typename T>
    requires(std::is_integral_v<T> && !std::is_same_v<T, bool>)
  Value(T v) : v_(static_cast<std::int64_t>(v)) {}
  Value(bool v) : v_(std::int64_t{v ? 1 : 0}) {}
  Value(double v) : v_(v) {}
  Value(std::string v) : v_(std::move(v)) {}
  Value(std::string_view v) : v_(std::string(v)) {}
  Value(const char* v) : v_(std::string(v)) {}
  template <typename T>
  Value(const std::optional<T>& v) : v_(nullptr) {
    if (v) *this = Value(*v);
  }

  bool is_null() const { return std::holds_alternative<std::nullptr_t>(v_); }
  const std::variant<std::nullptr_t, std::int64_t, double, std::string>& raw() const { return v_; }
  std::int64_t AsInt() const;
  double AsDouble() const;
  std::string AsText() const;

 private:
  std::variant<std::nullptr_t, std::int64_t, double, std::string> v_;
};

using Params = std::vector<Value>;

class Row {
 public:
  explicit Row(std::vector<Value> cells) : cells_(std::move(cells)) {}
  std::size_t size() const { return cells_.size(); }
  bool IsNull(std::size_t i) const { return cells_.at(i).is_null(); }
  std::int64_t Int(std::size_t i) const { return cells_.at(i).AsInt(); }
  double Double(std::size_t i) const { return cells_.at(i).AsDouble(); }
  bool Bool(std::size_t i) const { return Int(i) != 0; }
  std::string Text(std::size_t i) const { return cells_.at(i).AsText(); }
  std::optional<std::int64_t> OptInt(std::size_t i) const {
    return IsNull(i) ? std::nullopt : std::optional(Int(i));
  }
  std::optional<std::string> OptText(std::size_t i) const {
    return IsNull(i) ? std::nullopt : std::optional(Text(i));
  }

 private:
  std::vector<Value> cells_;
};

// An infrastructure or constraint failure reported by the driver. Repositories translate the expected
// kinds (a unique violation is a duplicate, kAlreadyExists); the rest reach the server boundary as 500.
class DbError : public core::InfrastructureFailure {
 public:
  enum class Kind { kUniqueViolation, kForeignKeyViolation, kCheckViolation, kBusy, kConnection, kOther };
  DbError(Kind kind, std::string message, std::string constraint = {})
      : core::InfrastructureFailure(std::move(message)), kind_(kind), constraint_(std::move(constraint)) {}
  Kind kind() const { return kind_; }
  // kBusy: a deadlock victim or serialisation failure (PostgreSQL), a busy file (SQLite), rolled back whole.
  bool transient() const override { return kind_ == Kind::kBusy; }
  // The violated constraint or index name when the driver says it (PostgreSQL), else the message text.
  const std::string& constraint() const { return constraint_; }

 private:
  Kind kind_;
  std::string constraint_;
};

// One database session. SQL is written once with $1..$N placeholders; the SQLite adapter rewrites them.
// Statements are prepared once per connection and cached.
class Connection {
 public:
  virtual ~Connection() = default;
  virtual std::vector<Row> Query(std::string_view sql, const Params& params = {}) = 0;
  // Returns the number of rows changed.
  virtual std::int64_t Execute(std::string_view sql, const Params& params = {}) = 0;
  // Runs several statements without parameters (migrations).
  virtual void ExecuteScript(std::string_view sql) = 0;
  virtual Dialect dialect() const = 0;
  // Appends many rows in one go: PostgreSQL COPY (a prepared insert per row is ~10k rows/s there), SQLite
  // one prepared statement reused. Runs inside the caller's transaction.
  virtual void BulkInsert(std::string_view table, const std::vector<std::string>& columns,
                          const std::vector<Params>& rows) = 0;

  std::optional<Row> QueryOne(std::string_view sql, const Params& params = {}) {
    auto rows = Query(sql, params);
    if (rows.empty()) return std::nullopt;
    return std::move(rows.front());
  }
};

class Database;

// A connection borrowed from the pool; returned when the lease ends.
class Lease {
 public:
  Lease(Database* owner, std::unique_ptr<Connection> conn) : owner_(owner), conn_(std::move(conn)) {}
  Lease(Lease&& other) noexcept : owner_(std::exchange(other.owner_, nullptr)), conn_(std::move(other.conn_)) {}
  Lease& operator=(Lease&&) = delete;
  ~Lease();
  Connection& operator*() { return *conn_; }
  Connection* operator->() { return conn_.get(); }
  // Drops a broken connection instead of returning it to the pool.
  void Discard() { conn_.reset(); }

 private:
  Database* owner_;
  std::unique_ptr<Connection> conn_;
};

enum class TxMode { kRead, kWrite };

// A backend that groups the commits of concurrent write transactions (SQLite: SqliteWriteGroup). The writer
// whose turn it is joins, works on the connection it is given, then commits or leaves.
class WriteGroup {
 public:
  virtual ~WriteGroup() = default;
  // Waits for the writer's turn; the caller's statements then run on the returned connection.
  virtual Connection& Join() = 0;
  // Returns once the caller's work is durable; throws DbError (nothing of it kept) when it could not be.
  virtual void Commit() = 0;
  // Undoes the caller's work and gives up the turn.
  virtual void Leave() noexcept = 0;
};

// One transaction: rolls back in its destructor unless Commit() was called (userver's habit).
class Transaction {
 public:
  Transaction(Database& db, TxMode mode);
  Transaction(const Transaction&) = delete;
  Transaction& operator=(const Transaction&) = delete;
  ~Transaction();
  Connection& conn() { return *conn_; }
  void Commit();

 private:
  WriteGroup* group_ = nullptr;  // a grouped write; otherwise a pooled connection of its own
  std::optional<Lease> lease_;
  Connection* conn_ = nullptr;
  bool open_ = true;
};

struct DatabaseOptions {
  std::string url;           // "sqlite:PATH" or "postgresql://…"
  int pool_size = 8;
  std::string pg_schema;     // PostgreSQL: a schema to create and use (tests isolate themselves this way)
  bool sqlite_synchronous_full = true;
  int sqlite_cache_mb = 16;  // page cache per connection; bulk loads of millions of rows want far more
};

class Database {
 public:
  virtual ~Database() = default;
  // Opens a pool for the URL; throws DbError when it cannot connect.
  static std::unique_ptr<Database> Open(const DatabaseOptions& options);

  virtual Lease Acquire() = 0;
  virtual Dialect dialect() const = 0;
  // Write transactions go through this when the backend groups their commits (SQLite has one writer at a
  // time anyway); nullptr when each is its own transaction on a pooled connection (PostgreSQL).
  virtual WriteGroup* write_group() { return nullptr; }
  virtual std::string Describe() const = 0;  // for logs, never with a password

 protected:
  friend class Lease;
  virtual void Release(std::unique_ptr<Connection> conn) = 0;
};

// A bounded pool of connections opened on demand; the backends supply OpenConnection().
class PooledDatabase : public Database {
 public:
  Lease Acquire() override;

 protected:
  explicit PooledDatabase(int max_size) : max_size_(std::size_t(std::max(1, max_size))) {}
  virtual std::unique_ptr<Connection> OpenConnection() = 0;
  void Release(std::unique_ptr<Connection> conn) override;
  // Opens the first connection now, so a bad URL or path fails at start-up, not on the first request.
  void OpenEagerly();

 private:
  std::size_t max_size_;
  std::size_t created_ = 0;
  std::mutex mutex_;
  std::condition_variable available_;
  std::vector<std::unique_ptr<Connection>> idle_;
};

std::string DescribeUrl(const std::string& url);  // the URL with any password removed

}  // namespace zhiyuan::storage
