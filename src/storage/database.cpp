#include "storage/database.hpp"

#include <charconv>
#include <regex>

#include "storage/postgres_database.hpp"
#include "storage/sqlite_database.hpp"

namespace zhiyuan::storage {

std::int64_t Value::AsInt() const {
  if (auto* i = std::get_if<std::int64_t>(&v_)) return *i;
  if (auto* d = std::get_if<double>(&v_)) return static_cast<std::int64_t>(*d);
  if (auto* s = std::get_if<std::string>(&v_)) {
    std::int64_t out = 0;
    auto [p, ec] = std::from_chars(s->data(), s->data() + s->size(), out);
    if (ec == std::errc() && p == s->data() + s->size()) return out;
    if (*s == "t") return 1;  // PostgreSQL boolean in text format
    if (*s == "f") return 0;
    throw DbError(DbError::Kind::kOther, "not an integer: " + *s);
  }
  throw DbError(DbError::Kind::kOther, "NULL where an integer was expected");
}

double Value::AsDouble() const {
  if (auto* d = std::get_if<double>(&v_)) return *d;
  if (auto* i = std::get_if<std::int64_t>(&v_)) return static_cast<double>(*i);
  if (auto* s = std::get_if<std::string>(&v_)) return std::stod(*s);
  throw DbError(DbError::Kind::kOther, "NULL where a number was expected");
}

std::string Value::AsText() const {
  if (auto* s = std::get_if<std::string>(&v_)) return *s;
  if (auto* i = std::get_if<std::int64_t>(&v_)) return std::to_string(*i);
  if (auto* d = std::get_if<double>(&v_)) return std::to_string(*d);
  return {};
}

Lease::~Lease() {
  // A discarded connection (conn_ empty) is still reported, so the pool can open a replacement.
  if (owner_) owner_->Release(std::move(conn_));
}

Transaction::Transaction(Database& db, TxMode mode)
    : group_(mode == TxMode::kWrite ? db.write_group() : nullptr) {
  if (group_) {
    conn_ = &group_->Join();
    return;
  }
  lease_.emplace(db.Acquire());
  conn_ = &**lease_;
  conn_->Execute("BEGIN");
}

Transaction::~Transaction() {
  if (!open_) return;
  if (group_) {
    group_->Leave();
    return;
  }
  try {
    conn_->Execute("ROLLBACK");
  } catch (const DbError&) {
    lease_->Discard();  // the connection is in an unknown state; never reuse it
  }
}

void Transaction::Commit() {
  open_ = false;
  if (group_) {
    group_->Commit();
    return;
  }
  try {
    conn_->Execute("COMMIT");
  } catch (...) {
    lease_->Discard();
    throw;
  }
}

Lease PooledDatabase::Acquire() {
  std::unique_lock lock(mutex_);
  for (;;) {
    if (!idle_.empty()) {
      auto conn = std::move(idle_.back());
      idle_.pop_back();
      return Lease(this, std::move(conn));
    }
    if (created_ < max_size_) {
      ++created_;
      lock.unlock();
      try {
        return Lease(this, OpenConnection());
      } catch (...) {
        std::lock_guard relock(mutex_);
        --created_;
        available_.notify_one();
        throw;
      }
    }
    available_.wait(lock);
  }
}

void PooledDatabase::Release(std::unique_ptr<Connection> conn) {
  std::lock_guard lock(mutex_);
  if (conn)
    idle_.push_back(std::move(conn));
  else
    --created_;
  available_.notify_one();
}

void PooledDatabase::OpenEagerly() {
  auto conn = OpenConnection();
  std::lock_guard lock(mutex_);
  ++created_;
  idle_.push_back(std::move(conn));
}

std::unique_ptr<Database> Database::Open(const DatabaseOptions& options) {
  if (options.url.rfind("sqlite:", 0) == 0) return std::make_unique<SqliteDatabase>(options);
  if (options.url.rfind("postgresql://", 0) == 0 || options.url.rfind("postgres://", 0) == 0)
    return std::make_unique<PostgresDatabase>(options);
  throw DbError(DbError::Kind::kConnection, "unsupported database URL (use sqlite:PATH or postgresql://…)");
}

std::string DescribeUrl(const std::string& url) {
  static const std::regex kPassword(R"(://([^:/@]+):[^@]*@)");
  return std::regex_replace(url, kPassword, "://$1:***@");
}

}  // namespace zhiyuan::storage
