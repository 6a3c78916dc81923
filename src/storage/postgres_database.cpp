#include "storage/postgres_database.hpp"

#include <libpq-fe.h>

#include <cstring>
#include <unordered_map>

namespace zhiyuan::storage {
namespace {

struct ConnCloser {
  void operator()(PGconn* c) const { PQfinish(c); }
};
struct ResultClearer {
  void operator()(PGresult* r) const { PQclear(r); }
};
using ResultPtr = std::unique_ptr<PGresult, ResultClearer>;

// SQLSTATE classes we translate; everything else is an infrastructure fault.
DbError ToError(PGconn* conn, const PGresult* res, std::string_view context) {
  const char* state = res ? PQresultErrorField(res, PG_DIAG_SQLSTATE) : nullptr;
  const char* constraint = res ? PQresultErrorField(res, PG_DIAG_CONSTRAINT_NAME) : nullptr;
  std::string msg = std::string(context) + ": " + (res ? PQresultErrorMessage(res) : PQerrorMessage(conn));
  DbError::Kind kind = DbError::Kind::kOther;
  if (state) {
    if (std::strcmp(state, "23505") == 0) kind = DbError::Kind::kUniqueViolation;
    else if (std::strcmp(state, "23503") == 0) kind = DbError::Kind::kForeignKeyViolation;
    else if (std::strcmp(state, "23514") == 0) kind = DbError::Kind::kCheckViolation;
    else if (std::strcmp(state, "40001") == 0 || std::strcmp(state, "40P01") == 0) kind = DbError::Kind::kBusy;
    else if (std::strncmp(state, "08", 2) == 0) kind = DbError::Kind::kConnection;
  } else if (PQstatus(conn) != CONNECTION_OK) {
    kind = DbError::Kind::kConnection;
  }
  return DbError(kind, msg, constraint ? constraint : "");
}

class PostgresConnection final : public Connection {
 public:
  PostgresConnection(const std::string& url, const std::string& schema) {
    conn_.reset(PQconnectdb(url.c_str()));
    if (!conn_ || PQstatus(conn_.get()) != CONNECTION_OK) {
      std::string msg = conn_ ? PQerrorMessage(conn_.get()) : "out of memory";
      throw DbError(DbError::Kind::kConnection, "cannot connect to PostgreSQL " + DescribeUrl(url) + ": " + msg);
    }
    ExecuteScript("SET client_min_messages TO warning; SET TIME ZONE 'UTC'");
    if (!schema.empty()) {
      std::string quoted = "\"" + schema + "\"";
      ExecuteScript("CREATE SCHEMA IF NOT EXISTS " + quoted + "; SET search_path TO " + quoted);
    }
  }

  bool Broken() const { return PQstatus(conn_.get()) != CONNECTION_OK; }

  std::vector<Row> Query(std::string_view sql, const Params& params) override {
    ResultPtr res = Run(sql, params);
    int n = PQntuples(res.get());
    int columns = PQnfields(res.get());
    std::vector<Row> rows;
    rows.reserve(n);
    for (int r = 0; r < n; ++r) {
      std::vector<Value> cells;
      cells.reserve(columns);
      for (int c = 0; c < columns; ++c) {
        if (PQgetisnull(res.get(), r, c))
          cells.emplace_back(nullptr);
        else
          cells.emplace_back(std::string(PQgetvalue(res.get(), r, c), PQgetlength(res.get(), r, c)));
      }
      rows.emplace_back(std::move(cells));
    }
    return rows;
  }

  std::int64_t Execute(std::string_view sql, const Params& params) override {
    ResultPtr res = Run(sql, params);
    const char* n = PQcmdTuples(res.get());
    return (n && *n) ? std::stoll(n) : 0;
  }

  void ExecuteScript(std::string_view sql) override {
    ResultPtr res(PQexec(conn_.get(), std::string(sql).c_str()));
    auto st = PQresultStatus(res.get());
    if (st != PGRES_COMMAND_OK && st != PGRES_TUPLES_OK) throw ToError(conn_.get(), res.get(), "script");
  }

  Dialect dialect() const override { return Dialect::kPostgres; }

  void BulkInsert(std::string_view table, const std::vector<std::string>& columns,
                  const std::vector<Params>& rows) override {
    std::string sql = "COPY " + std::string(table) + " (";
    for (std::size_t i = 0; i < columns.size(); ++i) sql += (i ? ", " : "") + columns[i];
    sql += ") FROM STDIN";
    ResultPtr start(PQexec(conn_.get(), sql.c_str()));
    if (PQresultStatus(start.get()) != PGRES_COPY_IN) throw ToError(conn_.get(), start.get(), "copy");
    std::string buffer;
    auto flush = [&] {
      if (PQputCopyData(conn_.get(), buffer.data(), int(buffer.size())) != 1)
        throw DbError(DbError::Kind::kConnection, std::string("copy data: ") + PQerrorMessage(conn_.get()));
      buffer.clear();
    };
    for (const auto& row : rows) {
      for (std::size_t i = 0; i < row.size(); ++i) {
        if (i) buffer += '\t';
        if (row[i].is_null()) {
          buffer += "\\N";
          continue;
        }
        for (char c : row[i].AsText()) {  // COPY text format escapes
          switch (c) {
            case '\\': buffer += "\\\\"; break;
            case '\t': buffer += "\\t"; break;
            case '\n': buffer += "\\n"; break;
            case '\r': buffer += "\\r"; break;
            default: buffer += c;
          }
        }
      }
      buffer += '\n';
      if (buffer.size() > (1 << 20)) flush();
    }
    if (!buffer.empty()) flush();
    if (PQputCopyEnd(conn_.get(), nullptr) != 1)
      throw DbError(DbError::Kind::kConnection, std::string("copy end: ") + PQerrorMessage(conn_.get()));
    ResultPtr done(PQgetResult(conn_.get()));
    if (PQresultStatus(done.get()) != PGRES_COMMAND_OK) throw ToError(conn_.get(), done.get(), "copy");
    while (ResultPtr extra{PQgetResult(conn_.get())}) {
    }
  }

 private:
  ResultPtr Run(std::string_view sql, const Params& params) {
    std::string key(sql);
    auto it = prepared_.find(key);
    if (it == prepared_.end()) {
      std::string name = "zy" + std::to_string(prepared_.size() + 1);
      ResultPtr prep(PQprepare(conn_.get(), name.c_str(), key.c_str(), 0, nullptr));
      if (PQresultStatus(prep.get()) != PGRES_COMMAND_OK) throw ToError(conn_.get(), prep.get(), "prepare");
      it = prepared_.emplace(std::move(key), std::move(name)).first;
    }
    std::vector<std::string> texts(params.size());
    std::vector<const char*> values(params.size(), nullptr);
    for (std::size_t i = 0; i < params.size(); ++i) {
      if (params[i].is_null()) continue;
      texts[i] = params[i].AsText();
      values[i] = texts[i].c_str();
    }
    ResultPtr res(PQexecPrepared(conn_.get(), it->second.c_str(), int(params.size()), values.data(), nullptr,
                                 nullptr, 0));
    auto st = PQresultStatus(res.get());
    if (st != PGRES_COMMAND_OK && st != PGRES_TUPLES_OK) throw ToError(conn_.get(), res.get(), "statement");
    return res;
  }

  std::unique_ptr<PGconn, ConnCloser> conn_;
  std::unordered_map<std::string, std::string> prepared_;
};

}  // namespace

PostgresDatabase::PostgresDatabase(const DatabaseOptions& options)
    : PooledDatabase(options.pool_size), url_(options.url), schema_(options.pg_schema) {
  OpenEagerly();
}

std::unique_ptr<Connection> PostgresDatabase::OpenConnection() {
  return std::make_unique<PostgresConnection>(url_, schema_);
}

void PostgresDatabase::Release(std::unique_ptr<Connection> conn) {
  if (conn && static_cast<PostgresConnection&>(*conn).Broken()) conn.reset();
  PooledDatabase::Release(std::move(conn));
}

}  // namespace zhiyuan::storage
