#include "storage/sqlite_database.hpp"

#include <sqlite3.h>

#include <exception>
#include <filesystem>
#include <utility>
#include <unordered_map>

namespace zhiyuan::storage {
namespace {

struct SqliteCloser {
  void operator()(sqlite3* db) const { sqlite3_close_v2(db); }
};
struct StmtFinalizer {
  void operator()(sqlite3_stmt* s) const { sqlite3_finalize(s); }
};
using StmtPtr = std::unique_ptr<sqlite3_stmt, StmtFinalizer>;

[[noreturn]] void Fail(sqlite3* db, int rc, std::string_view context) {
  int ext = sqlite3_extended_errcode(db);
  std::string msg = std::string(context) + ": " + sqlite3_errmsg(db);
  DbError::Kind kind = DbError::Kind::kOther;
  if (ext == SQLITE_CONSTRAINT_UNIQUE || ext == SQLITE_CONSTRAINT_PRIMARYKEY)
    kind = DbError::Kind::kUniqueViolation;
  else if (ext == SQLITE_CONSTRAINT_FOREIGNKEY)
    kind = DbError::Kind::kForeignKeyViolation;
  else if (ext == SQLITE_CONSTRAINT_CHECK)
    kind = DbError::Kind::kCheckViolation;
  else if (rc == SQLITE_BUSY || rc == SQLITE_LOCKED)
    kind = DbError::Kind::kBusy;
  // SQLite names the columns of a unique violation in the message ("UNIQUE constraint failed: t.col").
  throw DbError(kind, msg, sqlite3_errmsg(db));
}

class SqliteConnection final : public Connection {
 public:
  SqliteConnection(const std::string& path, bool synchronous_full, int cache_mb) {
    sqlite3* raw = nullptr;
    int rc = sqlite3_open_v2(path.c_str(), &raw,
                             SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX, nullptr);
    db_.reset(raw);
    if (rc != SQLITE_OK) {
      std::string msg = raw ? sqlite3_errmsg(raw) : "out of memory";
      throw DbError(DbError::Kind::kConnection, "cannot open SQLite database " + path + ": " + msg);
    }
    sqlite3_busy_timeout(db_.get(), 10000);
    ExecuteScript("PRAGMA journal_mode=WAL; PRAGMA foreign_keys=ON; PRAGMA temp_store=MEMORY;");
    ExecuteScript(synchronous_full ? "PRAGMA synchronous=FULL;" : "PRAGMA synchronous=NORMAL;");
    ExecuteScript("PRAGMA cache_size=-" + std::to_string(std::max(1, cache_mb) * 1024) + ";");
  }

  std::vector<Row> Query(std::string_view sql, const Params& params) override {
    sqlite3_stmt* stmt = Prepare(sql, params);
    std::vector<Row> rows;
    int columns = sqlite3_column_count(stmt);
    for (;;) {
      int rc = sqlite3_step(stmt);
      if (rc == SQLITE_DONE) break;
      if (rc != SQLITE_ROW) {
        sqlite3_reset(stmt);
        Fail(db_.get(), rc, "query");
      }
      std::vector<Value> cells;
      cells.reserve(columns);
      for (int i = 0; i < columns; ++i) {
        switch (sqlite3_column_type(stmt, i)) {
          case SQLITE_INTEGER: cells.emplace_back(std::int64_t{sqlite3_column_int64(stmt, i)}); break;
          case SQLITE_FLOAT: cells.emplace_back(sqlite3_column_double(stmt, i)); break;
          case SQLITE_NULL: cells.emplace_back(nullptr); break;
          default: {
            auto* text = reinterpret_cast<const char*>(sqlite3_column_text(stmt, i));
            cells.emplace_back(std::string(text, sqlite3_column_bytes(stmt, i)));
          }
        }
      }
      rows.emplace_back(std::move(cells));
    }
    sqlite3_reset(stmt);
    return rows;
  }

  std::int64_t Execute(std::string_view sql, const Params& params) override {
    sqlite3_stmt* stmt = Prepare(sql, params);
    int rc;
    while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
    }
    sqlite3_reset(stmt);
    if (rc != SQLITE_DONE) Fail(db_.get(), rc, "execute");
    return sqlite3_changes64(db_.get());
  }

  void ExecuteScript(std::string_view sql) override {
    std::string text(sql);
    char* err = nullptr;
    int rc = sqlite3_exec(db_.get(), text.c_str(), nullptr, nullptr, &err);
    if (rc != SQLITE_OK) {
      std::string msg = err ? err : "error";
      sqlite3_free(err);
      throw DbError(DbError::Kind::kOther, "script: " + msg);
    }
  }

  Dialect dialect() const override { return Dialect::kSqlite; }

  void BulkInsert(std::string_view table, const std::vector<std::string>& columns,
                  const std::vector<Params>& rows) override {
    std::string sql = "INSERT INTO " + std::string(table) + " (";
    std::string values;
    for (std::size_t i = 0; i < columns.size(); ++i) {
      sql += (i ? ", " : "") + columns[i];
      values += (i ? ", $" : "$") + std::to_string(i + 1);
    }
    sql += ") VALUES (" + values + ")";
    for (const auto& row : rows) Execute(sql, row);
  }

 private:
  sqlite3_stmt* Prepare(std::string_view sql, const Params& params) {
    auto it = cache_.find(std::string(sql));
    sqlite3_stmt* stmt;
    if (it == cache_.end()) {
      std::string rewritten = SqliteDatabase::RewritePlaceholders(sql);
      sqlite3_stmt* raw = nullptr;
      int rc = sqlite3_prepare_v3(db_.get(), rewritten.c_str(), int(rewritten.size()), SQLITE_PREPARE_PERSISTENT,
                                  &raw, nullptr);
      if (rc != SQLITE_OK) Fail(db_.get(), rc, "prepare");
      stmt = raw;
      cache_.emplace(std::string(sql), StmtPtr(raw));
    } else {
      stmt = it->second.get();
    }
    sqlite3_clear_bindings(stmt);
    for (std::size_t i = 0; i < params.size(); ++i) {
      int idx = int(i) + 1;
      const auto& raw = params[i].raw();
      int rc = SQLITE_OK;
      if (std::holds_alternative<std::nullptr_t>(raw))
        rc = sqlite3_bind_null(stmt, idx);
      else if (auto* v = std::get_if<std::int64_t>(&raw))
        rc = sqlite3_bind_int64(stmt, idx, *v);
      else if (auto* d = std::get_if<double>(&raw))
        rc = sqlite3_bind_double(stmt, idx, *d);
      else {
        const auto& s = std::get<std::string>(raw);
        rc = sqlite3_bind_text64(stmt, idx, s.data(), s.size(), SQLITE_TRANSIENT, SQLITE_UTF8);
      }
      if (rc != SQLITE_OK) Fail(db_.get(), rc, "bind");
    }
    return stmt;
  }

  std::unique_ptr<sqlite3, SqliteCloser> db_;
  std::unordered_map<std::string, StmtPtr> cache_;
};

}  // namespace

SqliteDatabase::SqliteDatabase(const DatabaseOptions& options)
    : PooledDatabase(options.pool_size),
      path_(options.url.substr(std::string_view("sqlite:").size())),
      synchronous_full_(options.sqlite_synchronous_full),
      cache_mb_(options.sqlite_cache_mb) {
  std::filesystem::path p(path_);
  if (p.has_parent_path()) std::filesystem::create_directories(p.parent_path());
  OpenEagerly();
}

std::unique_ptr<Connection> SqliteDatabase::OpenConnection() {
  return std::make_unique<SqliteConnection>(path_, synchronous_full_, cache_mb_);
}

namespace {

DbError AsDbError(std::exception_ptr e) {
  try {
    std::rethrow_exception(e);
  } catch (const DbError& db) {
    return db;
  } catch (const std::exception& other) {
    return DbError(DbError::Kind::kOther, other.what());
  } catch (...) {
    return DbError(DbError::Kind::kOther, "unknown failure");
  }
}

}  // namespace

Connection& SqliteWriteGroup::Join() {
  ++waiting_;
  turn_.lock();
  --waiting_;
  try {
    // The batch's first writer needs no savepoint: if it rolls back, the whole (so far empty) batch goes. A
    // savepoint is not free (SQLite keeps each page's prior content for it), and the large transactions (data
    // generation, imports, key rotation) usually come alone.
    savepoint_ = lease_.has_value();
    if (!lease_) {
      lease_.emplace(db_.Acquire());
      batch_ = std::make_shared<Batch>();
      members_ = 0;
      (*lease_)->Execute("BEGIN IMMEDIATE");
    }
    if (savepoint_) (*lease_)->Execute("SAVEPOINT writer");
  } catch (...) {
    GiveUpTurn(AsDbError(std::current_exception()));
    throw;
  }
  return **lease_;
}

void SqliteWriteGroup::Commit() {
  try {
    if (savepoint_) (*lease_)->Execute("RELEASE writer");
  } catch (...) {
    // The transaction itself is in doubt (SQLite rolls a whole transaction back on some errors): the batch fails.
    auto error = AsDbError(std::current_exception());
    GiveUpTurn(error);
    throw error;
  }
  ++members_;
  if (OthersMayJoin()) {
    // Someone is about to write: let them share this commit, and wait for it.
    auto batch = batch_;
    turn_.unlock();
    std::unique_lock lock(batch->mutex);
    batch->done_cv.wait(lock, [&] { return batch->done; });
    if (batch->error) throw *batch->error;
    return;
  }
  auto error = EndBatch(std::nullopt);
  turn_.unlock();
  if (error) throw *error;
}

void SqliteWriteGroup::Leave() noexcept {
  if (!savepoint_) return GiveUpTurn(std::nullopt);  // the first writer: nothing else in the batch to keep
  try {
    (*lease_)->Execute("ROLLBACK TO writer");
    (*lease_)->Execute("RELEASE writer");
  } catch (...) {
    return GiveUpTurn(AsDbError(std::current_exception()));
  }
  if (OthersMayJoin()) return turn_.unlock();
  GiveUpTurn(std::nullopt);
}

void SqliteWriteGroup::GiveUpTurn(std::optional<DbError> error) {
  EndBatch(std::move(error));
  turn_.unlock();
}

std::optional<DbError> SqliteWriteGroup::EndBatch(std::optional<DbError> error) {
  if (lease_) {  // none when Acquire() failed in Join: no transaction to end
    if (!error && members_ > 0) {
      try {
        (*lease_)->Execute("COMMIT");
      } catch (...) {
        error = AsDbError(std::current_exception());
      }
    }
    if (error || members_ == 0) {
      try {
        (*lease_)->Execute("ROLLBACK");
      } catch (const DbError&) {
        lease_->Discard();  // no transaction was open (BEGIN failed), or the connection is in doubt
      }
    }
    lease_.reset();
  }
  if (auto batch = std::exchange(batch_, nullptr)) {
    std::lock_guard lock(batch->mutex);
    batch->done = true;
    batch->error = error;
    batch->done_cv.notify_all();
  }
  return error;
}

std::string SqliteDatabase::RewritePlaceholders(std::string_view sql) {
  std::string out;
  out.reserve(sql.size());
  bool in_string = false;
  for (std::size_t i = 0; i < sql.size(); ++i) {
    char c = sql[i];
    if (c == '\'') in_string = !in_string;
    if (!in_string && c == '$' && i + 1 < sql.size() && sql[i + 1] >= '0' && sql[i + 1] <= '9')
      out.push_back('?');
    else
      out.push_back(c);
  }
  return out;
}

}  // namespace zhiyuan::storage
