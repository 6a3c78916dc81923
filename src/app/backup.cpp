#include "app/backup.hpp"

#include <fcntl.h>
#include <libpq-fe.h>
#include <poll.h>
#include <spawn.h>
#include <sqlite3.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <cerrno>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <sstream>
#include <stdexcept>
#include <string>
#include <thread>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/file.hpp"
#include "core/time_format.hpp"
#include "crypto/crypto.hpp"
#include "storage/database.hpp"
#include "storage/migrations.hpp"

extern char** environ;

namespace zhiyuan::app {
namespace {

using storage::Dialect;

constexpr int kOk = 0;
constexpr int kFailed = 1;
constexpr int kUsage = 2;

// A refusal or failure with the exit code it maps to; the message goes to stderr as is.
struct Refusal {
  int code;
  std::string message;
};

int Report(const Refusal& r) {
  std::cerr << "zhiyuan: " << r.message << "\n";
  return r.code;
}

int LatestSchemaVersion(Dialect dialect) {
  const auto& all = storage::MigrationsFor(dialect);
  return all.empty() ? 0 : all.back().version;
}

std::string SystemError(const std::string& what) {
  return what + ": " + std::strerror(errno);
}

// ---- files
// --------------------------------------------------------------------------------------------------

enum class FileKind { kMissing, kSqlite, kPgDump, kOther };

// Tells the two backup formats apart by their magic bytes, so a restore can name the mistake.
FileKind DetectFile(const std::string& path) {
  std::error_code ec;
  if (!std::filesystem::is_regular_file(path, ec)) return FileKind::kMissing;
  std::FILE* f = std::fopen(path.c_str(), "rb");
  if (!f) return FileKind::kOther;
  std::array<char, 16> head{};
  std::size_t n = std::fread(head.data(), 1, head.size(), f);
  std::fclose(f);
  if (n == 16 && std::memcmp(head.data(), "SQLite format 3\0", 16) == 0) return FileKind::kSqlite;
  if (n >= 5 && std::memcmp(head.data(), "PGDMP", 5) == 0) return FileKind::kPgDump;
  return FileKind::kOther;
}

// The backup is written beside PATH as PATH.tmp and renamed into place only when complete, so a file at PATH
// is always a whole backup. Created exclusively and 0600: it holds (encrypted) personal data.
class PartialFile {
 public:
  explicit PartialFile(std::string final_path) : final_(std::move(final_path)), tmp_(final_ + ".tmp") {}
  PartialFile(const PartialFile&) = delete;
  PartialFile& operator=(const PartialFile&) = delete;
  ~PartialFile() {
    if (created_ && !published_) {
      std::remove(tmp_.c_str());
      std::remove((tmp_ + "-journal").c_str());
      std::remove((tmp_ + "-wal").c_str());
      std::remove((tmp_ + "-shm").c_str());
    }
  }

  const std::string& tmp() const { return tmp_; }

  // Returns a refusal when PATH exists, its folder does not, or PATH.tmp is left from another backup.
  std::optional<Refusal> Create() {
    std::error_code ec;
    if (std::filesystem::exists(final_, ec))
      return Refusal{kUsage,
                     final_ + " already exists; a backup never overwrites a file (choose a new path)"};
    auto parent = std::filesystem::path(final_).parent_path();
    if (!parent.empty() && !std::filesystem::is_directory(parent, ec))
      return Refusal{kUsage, "the folder " + parent.string() + " does not exist"};
    int fd = ::open(tmp_.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
    if (fd < 0) {
      if (errno == EEXIST)
        return Refusal{kFailed, tmp_ +
                                    " exists: another backup to this path is running, or one was "
                                    "interrupted (remove it if no backup is running)"};
      return Refusal{kFailed, SystemError("cannot create " + tmp_)};
    }
    ::close(fd);
    created_ = true;
    return std::nullopt;
  }

  // Flushes the finished file to disk and renames it to PATH without replacing a file that appeared
  // meanwhile.
  std::optional<Refusal> Publish() {
    int fd = ::open(tmp_.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0 || ::fsync(fd) != 0) {
      auto r = Refusal{kFailed, SystemError("cannot flush " + tmp_)};
      if (fd >= 0) ::close(fd);
      return r;
    }
    ::close(fd);
    if (::renameat2(AT_FDCWD, tmp_.c_str(), AT_FDCWD, final_.c_str(), RENAME_NOREPLACE) != 0) {
      if (errno == EEXIST) return Refusal{kUsage, final_ + " appeared during the backup; not overwritten"};
      if (errno != EINVAL && errno != ENOSYS) return Refusal{kFailed, SystemError("cannot rename " + tmp_)};
      // A file system without RENAME_NOREPLACE: link() refuses an existing target just the same.
      if (::link(tmp_.c_str(), final_.c_str()) != 0)
        return Refusal{kFailed, SystemError("cannot link " + tmp_)};
      std::remove(tmp_.c_str());
    }
    published_ = true;
    auto parent = std::filesystem::path(final_).parent_path();
    int dir = ::open(parent.empty() ? "." : parent.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (dir >= 0) {
      ::fsync(dir);  // the rename itself survives a power cut
      ::close(dir);
    }
    return std::nullopt;
  }

 private:
  std::string final_;
  std::string tmp_;
  bool created_ = false;
  bool published_ = false;
};

struct Census {
  int schema_version = 0;
  int tables = 0;
  std::int64_t rows = 0;
};

std::string Describe(const Census& c) {
  return "schema version " + std::to_string(c.schema_version) + ", " + std::to_string(c.tables) +
         " tables, " + std::to_string(c.rows) + " rows";
}

std::string Megabytes(const std::string& path) {
  std::error_code ec;
  auto bytes = std::filesystem::file_size(path, ec);
  if (ec) return "?";
  std::ostringstream out;
  out.setf(std::ios::fixed);
  out.precision(1);
  out << double(bytes) / (1024.0 * 1024.0) << " MB";
  return out.str();
}

void PrintNewerSchemaNote(const Census& c, Dialect dialect) {
  int latest = LatestSchemaVersion(dialect);
  if (c.schema_version < latest)
    std::cout << "the database is at schema version " << c.schema_version
              << "; `zhiyuan migrate` (or the next "
              << "`zhiyuan serve`) brings it to " << latest << "\n";
}

// ---- SQLite
// -------------------------------------------------------------------------------------------------

struct SqliteCloser {
  void operator()(sqlite3* db) const { sqlite3_close_v2(db); }
};
using SqlitePtr = std::unique_ptr<sqlite3, SqliteCloser>;
struct StmtFinalizer {
  void operator()(sqlite3_stmt* s) const { sqlite3_finalize(s); }
};
using StmtPtr = std::unique_ptr<sqlite3_stmt, StmtFinalizer>;

class SqliteFailure : public std::runtime_error {
 public:
  explicit SqliteFailure(const std::string& message) : std::runtime_error(message) {}
};

SqlitePtr OpenSqlite(const std::string& path, int flags) {
  sqlite3* raw = nullptr;
  int rc = sqlite3_open_v2(path.c_str(), &raw, flags | SQLITE_OPEN_NOMUTEX, nullptr);
  SqlitePtr db(raw);
  if (rc != SQLITE_OK)
    throw SqliteFailure("cannot open " + path + ": " + (raw ? sqlite3_errmsg(raw) : "out of memory"));
  sqlite3_busy_timeout(db.get(), 10000);
  return db;
}

// Runs one statement and returns its rows as text (NULL as an empty string).
std::vector<std::vector<std::string>> SqliteRows(sqlite3* db, const std::string& sql) {
  sqlite3_stmt* raw = nullptr;
  if (sqlite3_prepare_v2(db, sql.c_str(), int(sql.size()), &raw, nullptr) != SQLITE_OK)
    throw SqliteFailure(sqlite3_errmsg(db));
  StmtPtr stmt(raw);
  std::vector<std::vector<std::string>> rows;
  int rc;
  while ((rc = sqlite3_step(stmt.get())) == SQLITE_ROW) {
    std::vector<std::string> row;
    for (int i = 0; i < sqlite3_column_count(stmt.get()); ++i) {
      auto* text = reinterpret_cast<const char*>(sqlite3_column_text(stmt.get(), i));
      row.emplace_back(text ? text : "");
    }
    rows.push_back(std::move(row));
  }
  if (rc != SQLITE_DONE) throw SqliteFailure(sqlite3_errmsg(db));
  return rows;
}

std::string QuoteIdentifier(const std::string& name) {
  std::string out = "\"";
  for (char c : name) out += c == '"' ? std::string("\"\"") : std::string(1, c);
  return out + "\"";
}

// The schema version of a Zhiyuan database, or nullopt when it has no migrations table (not one of ours).
std::optional<int> SqliteSchemaVersion(sqlite3* db) {
  if (SqliteRows(db, "SELECT 1 FROM sqlite_schema WHERE type = 'table' AND name = 'schema_migrations'")
          .empty())
    return std::nullopt;
  auto rows = SqliteRows(db, "SELECT COALESCE(MAX(version), 0) FROM schema_migrations");
  return std::stoi(rows.at(0).at(0));
}

Census SqliteCensus(sqlite3* db) {
  Census c;
  c.schema_version = SqliteSchemaVersion(db).value_or(0);
  for (const auto& t : SqliteRows(db,
                                  "SELECT name FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE "
                                  "'sqlite\\_%' ESCAPE '\\' ORDER BY name")) {
    ++c.tables;
    c.rows += std::stoll(SqliteRows(db, "SELECT count(*) FROM " + QuoteIdentifier(t.at(0))).at(0).at(0));
  }
  return c;
}

// Copies every page of `from` into `to` in one step. One step (-1) reads the source in a single read
// transaction: a consistent snapshot that, in WAL mode, never blocks the running server's writers. Stepping
// in chunks would let a write by the server between chunks restart the copy, possibly forever under load.
void SqliteCopy(sqlite3* from, sqlite3* to) {
  sqlite3_backup* backup = sqlite3_backup_init(to, "main", from, "main");
  if (!backup) throw SqliteFailure(sqlite3_errmsg(to));
  int rc;
  auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(60);
  while ((rc = sqlite3_backup_step(backup, -1)) == SQLITE_BUSY || rc == SQLITE_LOCKED) {
    if (std::chrono::steady_clock::now() > deadline) break;
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  sqlite3_backup_finish(backup);
  if (rc != SQLITE_DONE) {
    std::string why = sqlite3_errstr(rc);
    if (sqlite3_errcode(to) != SQLITE_OK) why += std::string(" (") + sqlite3_errmsg(to) + ")";
    throw SqliteFailure("the copy failed: " + why);
  }
}

void SqliteQuickCheck(sqlite3* db, const std::string& what) {
  auto rows = SqliteRows(db, "PRAGMA quick_check");
  if (rows.size() != 1 || rows[0].at(0) != "ok")
    throw SqliteFailure(what + " fails SQLite's quick_check: " + (rows.empty() ? "" : rows[0].at(0)));
}

// The id of another process that has the database open, if any. Every connection to a WAL database holds a
// read lock on the "DMS" byte (offset 128) of the -shm file while it is open (sqlite.org/walformat.html);
// F_GETLK reports a conflicting lock of another process and never our own.
//
// The descriptor is deliberately left open until the process exits: closing any descriptor of a file drops
// all of this process's POSIX locks on it, including those of our own SQLite connections (fcntl semantics).
std::optional<pid_t> OtherProcessUsing(const std::string& db_path) {
  int fd = ::open((db_path + "-shm").c_str(), O_RDWR | O_CLOEXEC);
  if (fd < 0) return std::nullopt;  // no -shm: no connection in WAL mode
  struct flock probe {};
  probe.l_type = F_WRLCK;
  probe.l_whence = SEEK_SET;
  probe.l_start = 128;
  probe.l_len = 1;
  if (::fcntl(fd, F_GETLK, &probe) != 0 || probe.l_type == F_UNLCK) return std::nullopt;
  return probe.l_pid;
}

std::string SqlitePathOf(const Config& config) {
  return config.database.substr(std::string_view("sqlite:").size());
}

int BackupSqlite(Wiring& w, const std::string& path) {
  std::string live = SqlitePathOf(w.config);
  auto source = OpenSqlite(live, SQLITE_OPEN_READONLY);
  if (!SqliteSchemaVersion(source.get()).value_or(0))
    return Report(
        {kFailed, w.config.database + " holds no Zhiyuan data (no migrations applied): nothing to back up"});

  PartialFile out(path);
  if (auto refused = out.Create()) return Report(*refused);
  Census census;
  {
    auto target = OpenSqlite(out.tmp(), SQLITE_OPEN_READWRITE);
    SqliteCopy(source.get(), target.get());
    source.reset();
    // The copied header still says WAL; make the backup one self-contained file (no -wal or -shm beside it).
    auto mode = SqliteRows(target.get(), "PRAGMA journal_mode=DELETE");
    if (mode.empty() || mode[0].at(0) != "delete")
      throw SqliteFailure("cannot leave WAL mode in " + out.tmp());
    SqliteQuickCheck(target.get(), "the copy");
    census = SqliteCensus(target.get());
  }
  if (auto refused = out.Publish()) return Report(*refused);
  std::cout << "backup of " << w.config.database << " written to " << path << " (SQLite, " << Megabytes(path)
            << "): " << Describe(census) << "\n"
            << "the key file (" << w.config.key_file << ") is not in the backup: keep a copy of it, apart\n";
  return kOk;
}

int RestoreSqlite(Wiring& w, const std::string& path) {
  switch (DetectFile(path)) {
    case FileKind::kMissing:
      return Report({kUsage, path + ": no such file"});
    case FileKind::kPgDump:
      return Report(
          {kUsage, path + " is a PostgreSQL backup (pg_dump); this database is " + w.config.database});
    case FileKind::kOther:
      return Report({kUsage, path + " is not a backup written by `zhiyuan backup`"});
    case FileKind::kSqlite:
      break;
  }
  auto source = OpenSqlite(path, SQLITE_OPEN_READONLY);
  std::optional<int> version;
  try {
    version = SqliteSchemaVersion(source.get());
  } catch (const SqliteFailure& e) {
    return Report({kUsage, path + " is not a readable SQLite database: " + e.what()});
  }
  if (!version || *version == 0)
    return Report({kUsage, path + " is a SQLite file but not a Zhiyuan database"});
  int latest = LatestSchemaVersion(Dialect::kSqlite);
  if (*version > latest)
    return Report({kUsage, path + " has schema version " + std::to_string(*version) +
                               ", newer than this "
                               "zhiyuan knows (" +
                               std::to_string(latest) + "): restore it with a newer release"});
  try {
    SqliteQuickCheck(source.get(), path);
  } catch (const SqliteFailure& e) {
    return Report({kFailed, std::string(e.what()) + ": the backup is damaged; nothing was changed"});
  }

  std::string live = SqlitePathOf(w.config);
  if (auto pid = OtherProcessUsing(live))
    return Report(
        {kFailed, "process " + std::to_string(*pid) + " has " + live +
                      " open (a running `zhiyuan "
                      "serve`?): stop every server using the database, then restore; nothing was changed"});
  auto target = OpenSqlite(live, SQLITE_OPEN_READWRITE);
  // One write transaction on the target: it ends either with every page of the backup or as it was.
  SqliteCopy(source.get(), target.get());
  auto census = SqliteCensus(target.get());
  std::cout << "restored " << path << " into " << w.config.database << ": " << Describe(census) << "\n";
  PrintNewerSchemaNote(census, Dialect::kSqlite);
  return kOk;
}

// ---- PostgreSQL
// ---------------------------------------------------------------------------------------------

struct ProcessResult {
  int status = -1;  // the exit status, or -1 when it could not run or was killed by a signal
  std::string out;
  std::string err;
};

// Runs a program with an argument vector (never through a shell, so no path or name is ever interpreted) and
// the environment plus `extra_env`; collects its standard output and error.
ProcessResult RunProcess(const std::vector<std::string>& argv,
                         const std::map<std::string, std::string>& extra_env) {
  std::vector<std::string> env_strings;
  for (char** e = environ; *e; ++e) {
    std::string entry(*e);
    if (!extra_env.count(entry.substr(0, entry.find('=')))) env_strings.push_back(std::move(entry));
  }
  for (const auto& [k, v] : extra_env) env_strings.push_back(k + "=" + v);
  std::vector<char*> envp, args;
  for (auto& s : env_strings) envp.push_back(s.data());
  envp.push_back(nullptr);
  std::vector<std::string> argv_copy = argv;
  for (auto& s : argv_copy) args.push_back(s.data());
  args.push_back(nullptr);

  ProcessResult result;
  int out_pipe[2], err_pipe[2];
  if (::pipe2(out_pipe, O_CLOEXEC) != 0) {
    result.err = SystemError("pipe");
    return result;
  }
  if (::pipe2(err_pipe, O_CLOEXEC) != 0) {
    result.err = SystemError("pipe");
    ::close(out_pipe[0]);
    ::close(out_pipe[1]);
    return result;
  }
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0);
  posix_spawn_file_actions_adddup2(&actions, out_pipe[1], 1);
  posix_spawn_file_actions_adddup2(&actions, err_pipe[1], 2);
  pid_t pid = 0;
  int rc = posix_spawnp(&pid, args[0], &actions, nullptr, args.data(), envp.data());
  posix_spawn_file_actions_destroy(&actions);
  ::close(out_pipe[1]);
  ::close(err_pipe[1]);
  if (rc != 0) {
    ::close(out_pipe[0]);
    ::close(err_pipe[0]);
    result.err = "cannot run " + argv[0] + ": " + std::strerror(rc);
    return result;
  }
  std::array<pollfd, 2> fds{{{out_pipe[0], POLLIN, 0}, {err_pipe[0], POLLIN, 0}}};
  std::array<std::string*, 2> sinks{&result.out, &result.err};
  int open_fds = 2;
  char buffer[65536];
  while (open_fds > 0) {
    if (::poll(fds.data(), fds.size(), -1) < 0) {
      if (errno == EINTR) continue;
      break;
    }
    for (std::size_t i = 0; i < fds.size(); ++i) {
      if (fds[i].fd < 0 || !(fds[i].revents & (POLLIN | POLLHUP | POLLERR))) continue;
      ssize_t n = ::read(fds[i].fd, buffer, sizeof buffer);
      if (n > 0) {
        sinks[i]->append(buffer, std::size_t(n));
      } else if (n == 0 || errno != EINTR) {
        ::close(fds[i].fd);
        fds[i].fd = -1;
        --open_fds;
      }
    }
  }
  for (auto& f : fds)
    if (f.fd >= 0) ::close(f.fd);
  int status = 0;
  while (::waitpid(pid, &status, 0) < 0 && errno == EINTR) {
  }
  result.status = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  return result;
}

// pg_dump and pg_restore must be at least as new as the server: prefer Debian's binaries for the server's
// major version, else whatever is on PATH (Debian's wrapper there picks a version itself).
std::string PgTool(const std::string& tool, int server_major) {
  std::string versioned = "/usr/lib/postgresql/" + std::to_string(server_major) + "/bin/" + tool;
  if (::access(versioned.c_str(), X_OK) == 0) return versioned;
  return tool;
}

// How pg_dump and pg_restore connect: the same settings as the server's URL, handed over as libpq environment
// variables (PGHOST, PGPASSWORD, …) so that no password appears in the process list.
struct PgTarget {
  std::map<std::string, std::string> env;
  std::string dbname;
  int server_major = 0;
};

PgTarget PgTargetOf(Wiring& w, const char* application_name) {
  PgTarget t;
  char* error = nullptr;
  PQconninfoOption* options = PQconninfoParse(w.config.database.c_str(), &error);
  if (!options) {
    std::string why = error ? error : "out of memory";
    PQfreemem(error);
    throw std::runtime_error("cannot parse the database URL: " + why);
  }
  for (PQconninfoOption* o = options; o->keyword; ++o)
    if (o->val && *o->val && o->envvar) t.env[o->envvar] = o->val;
  PQconninfoFree(options);
  auto lease = w.database->Acquire();
  auto row = lease->QueryOne("SELECT current_database(), current_setting('server_version_num')::int / 10000");
  t.dbname = row->Text(0);
  t.server_major = int(row->Int(1));
  t.env["PGDATABASE"] = t.dbname;
  if (!t.env.count("PGAPPNAME")) t.env["PGAPPNAME"] = application_name;
  return t;
}

std::string ConninfoDbname(const std::string& name) {
  std::string out = "dbname='";
  for (char c : name) {
    if (c == '\'' || c == '\\') out += '\\';
    out += c;
  }
  return out + "'";
}

std::string Trimmed(std::string s) {
  while (!s.empty() && (s.back() == '\n' || s.back() == '\r' || s.back() == ' ')) s.pop_back();
  return s;
}

std::optional<int> PgSchemaVersion(storage::Connection& conn) {
  auto exists = conn.QueryOne("SELECT to_regclass('schema_migrations') IS NOT NULL");
  if (!exists || !exists->Bool(0)) return std::nullopt;
  return int(conn.QueryOne("SELECT COALESCE(MAX(version), 0) FROM schema_migrations")->Int(0));
}

// The objects (tables and views as "relation schema.name", functions as "function schema.name") of the live
// database outside PostgreSQL's own schemas and extensions.
std::set<std::string> PgLiveObjects(Wiring& w) {
  auto lease = w.database->Acquire();
  auto rows = lease->Query(
      "SELECT 'relation ' || n.nspname || '.' || c.relname FROM pg_class c "
      "JOIN pg_namespace n ON n.oid = c.relnamespace "
      "WHERE c.relkind IN ('r', 'p', 'v', 'm') AND n.nspname NOT IN ('pg_catalog', 'information_schema') "
      "AND n.nspname NOT LIKE 'pg\\_toast%' AND n.nspname NOT LIKE 'pg\\_temp%' "
      "AND NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.classid = 'pg_class'::regclass AND d.objid = c.oid "
      "AND d.deptype = 'e') "
      "UNION SELECT 'function ' || n.nspname || '.' || p.proname FROM pg_proc p "
      "JOIN pg_namespace n ON n.oid = p.pronamespace "
      "WHERE n.nspname NOT IN ('pg_catalog', 'information_schema') "
      "AND NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.classid = 'pg_proc'::regclass AND d.objid = p.oid "
      "AND d.deptype = 'e')");
  std::set<std::string> out;
  for (const auto& r : rows) out.insert(r.Text(0));
  return out;
}

// The same kinds of objects, read from `pg_restore --list` (lines "ID; OID OID TYPE SCHEMA NAME OWNER").
std::set<std::string> PgArchiveObjects(const std::string& toc) {
  std::set<std::string> out;
  std::istringstream lines(toc);
  std::string line;
  while (std::getline(lines, line)) {
    if (line.empty() || line[0] == ';') continue;
    std::istringstream words(line);
    std::string id, oid1, oid2, type;
    words >> id >> oid1 >> oid2 >> type;
    std::string kind;
    if (type == "TABLE" || type == "VIEW") {
      kind = "relation";
    } else if (type == "MATERIALIZED") {
      words >> type;  // "MATERIALIZED VIEW"
      kind = "relation";
    } else if (type == "FUNCTION" || type == "PROCEDURE" || type == "AGGREGATE") {
      kind = "function";
    } else {
      continue;
    }
    std::string schema, name;
    words >> schema >> name;
    if (schema == "DATA" || name.empty()) continue;  // "TABLE DATA": contents, not the table
    if (kind == "function") name = name.substr(0, name.find('('));
    out.insert(kind + " " + schema + "." + name);
  }
  return out;
}

// The highest version in the archive's schema_migrations rows (COPY text: the version is the first field).
std::optional<int> PgArchiveSchemaVersion(const std::string& data_sql) {
  std::istringstream lines(data_sql);
  std::string line;
  bool in_copy = false, seen = false;
  int version = 0;
  while (std::getline(lines, line)) {
    if (!in_copy) {
      if (line.rfind("COPY ", 0) == 0 && line.find("schema_migrations") != std::string::npos)
        in_copy = seen = true;
      continue;
    }
    if (line == "\\.") break;
    try {
      version = std::max(version, std::stoi(line.substr(0, line.find('\t'))));
    } catch (const std::exception&) {
      return std::nullopt;
    }
  }
  if (!seen) return std::nullopt;
  return version;
}

Census PgCensus(storage::Connection& conn) {
  Census c;
  c.schema_version = PgSchemaVersion(conn).value_or(0);
  auto tables = conn.Query(
      "SELECT quote_ident(n.nspname) || '.' || quote_ident(c.relname) FROM pg_class c "
      "JOIN pg_namespace n ON n.oid = c.relnamespace WHERE c.relkind IN ('r', 'p') "
      "AND n.nspname NOT IN ('pg_catalog', 'information_schema') AND n.nspname NOT LIKE 'pg\\_%' ORDER BY 1");
  for (const auto& t : tables) {
    ++c.tables;
    c.rows += conn.QueryOne("SELECT count(*) FROM " + t.Text(0))->Int(0);
  }
  return c;
}

int BackupPostgres(Wiring& w, const std::string& path) {
  PgTarget target = PgTargetOf(w, "zhiyuan backup");
  // One repeatable-read snapshot, exported to pg_dump: the figures printed below count exactly the rows the
  // archive holds (a restore prints the same ones), while the server keeps writing.
  storage::Transaction snapshot(*w.database, storage::TxMode::kRead);
  auto& conn = snapshot.conn();
  conn.ExecuteScript("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY");
  auto snapshot_id = conn.QueryOne("SELECT pg_export_snapshot()")->Text(0);
  if (!PgSchemaVersion(conn).value_or(0))
    return Report({kFailed, w.database->Describe() +
                                " holds no Zhiyuan data (no migrations applied): nothing to "
                                "back up"});
  PartialFile out(path);
  if (auto refused = out.Create()) return Report(*refused);
  auto census = PgCensus(conn);
  auto dump = RunProcess({PgTool("pg_dump", target.server_major), "--format=custom", "--no-password",
                          "--snapshot=" + snapshot_id, "--file=" + out.tmp()},
                         target.env);
  if (dump.status != 0)
    return Report({kFailed, "pg_dump failed (exit " + std::to_string(dump.status) +
                                "); no backup written:\n" + Trimmed(dump.err)});
  if (!dump.err.empty()) std::cerr << dump.err;
  if (auto refused = out.Publish()) return Report(*refused);
  std::cout << "backup of " << w.database->Describe() << " written to " << path << " (pg_dump custom format, "
            << Megabytes(path) << "): " << Describe(census) << "\n"
            << "the key file (" << w.config.key_file << ") is not in the backup: keep a copy of it, apart\n";
  return kOk;
}

int RestorePostgres(Wiring& w, const std::string& path) {
  switch (DetectFile(path)) {
    case FileKind::kMissing:
      return Report({kUsage, path + ": no such file"});
    case FileKind::kSqlite:
      return Report({kUsage, path + " is a SQLite backup; this database is " + w.database->Describe()});
    case FileKind::kOther:
      return Report({kUsage, path + " is not a backup written by `zhiyuan backup`"});
    case FileKind::kPgDump:
      break;
  }
  PgTarget target = PgTargetOf(w, "zhiyuan restore");
  auto tool = PgTool("pg_restore", target.server_major);
  auto toc = RunProcess({tool, "--list", path}, {});
  if (toc.status != 0)
    return Report({kUsage, path + " is not a readable pg_dump archive:\n" + Trimmed(toc.err)});
  auto archived = PgArchiveObjects(toc.out);
  bool has_migrations = std::any_of(archived.begin(), archived.end(), [](const std::string& o) {
    return o.size() > 18 && o.rfind("relation ", 0) == 0 && o.ends_with(".schema_migrations");
  });
  if (!has_migrations) return Report({kUsage, path + " is a pg_dump archive but not of a Zhiyuan database"});
  auto data = RunProcess({tool, "--data-only", "--table=schema_migrations", "--file=-", path}, {});
  auto version = data.status == 0 ? PgArchiveSchemaVersion(data.out) : std::nullopt;
  if (!version || *version == 0)
    return Report({kUsage, path + " has no readable schema version (not a Zhiyuan backup?)"});
  int latest = LatestSchemaVersion(Dialect::kPostgres);
  if (*version > latest)
    return Report({kUsage, path + " has schema version " + std::to_string(*version) +
                               ", newer than this "
                               "zhiyuan knows (" +
                               std::to_string(latest) + "): restore it with a newer release"});

  {
    auto lease = w.database->Acquire();
    auto others = lease->QueryOne(
        "SELECT count(*), COALESCE(string_agg(DISTINCT COALESCE(NULLIF(application_name, ''), "
        "host(client_addr), 'local socket'), ', '), '') FROM pg_stat_activity "
        "WHERE datname = current_database() AND pid <> pg_backend_pid() AND backend_type = 'client backend'");
    if (others->Int(0) > 0)
      return Report({kFailed, std::to_string(others->Int(0)) + " other session(s) are connected to " +
                                  w.database->Describe() + " (" + others->Text(1) +
                                  "): stop every server using "
                                  "the database, then restore; nothing was changed"});
  }
  // pg_restore --clean replaces the archive's own objects; anything else would survive the restore and break
  // the next migration (a table from a newer release, say), so the database must hold nothing more.
  std::vector<std::string> extra;
  for (const auto& o : PgLiveObjects(w))
    if (!archived.count(o)) extra.push_back(o.substr(o.find(' ') + 1));
  if (!extra.empty()) {
    std::string list;
    for (std::size_t i = 0; i < extra.size() && i < 5; ++i) list += (i ? ", " : "") + extra[i];
    if (extra.size() > 5) list += ", … (" + std::to_string(extra.size()) + " in all)";
    return Report(
        {kFailed, "the database holds objects the backup does not (" + list +
                      "); they would survive "
                      "the restore: restore into a new, empty database (createdb) instead; nothing was "
                      "changed"});
  }

  // One transaction: on any error pg_restore stops and PostgreSQL rolls everything back.
  auto restore =
      RunProcess({tool, "--clean", "--if-exists", "--single-transaction", "--exit-on-error", "--no-owner",
                  "--no-password", "--dbname=" + ConninfoDbname(target.dbname), path},
                 target.env);
  if (restore.status != 0)
    return Report({kFailed, "pg_restore failed (exit " + std::to_string(restore.status) +
                                "); the database is "
                                "unchanged:\n" +
                                Trimmed(restore.err)});
  if (!restore.err.empty()) std::cerr << restore.err;
  auto lease = w.database->Acquire();
  auto census = PgCensus(*lease);
  std::cout << "restored " << path << " into " << w.database->Describe() << ": " << Describe(census) << "\n";
  PrintNewerSchemaNote(census, Dialect::kPostgres);
  return kOk;
}

}  // namespace

int Backup(Wiring& w, const std::string& path) {
  try {
    return w.database->dialect() == Dialect::kSqlite ? BackupSqlite(w, path) : BackupPostgres(w, path);
  } catch (const SqliteFailure& e) {
    return Report({kFailed, std::string("backup failed: ") + e.what() + "; no backup written"});
  }
}

int Restore(Wiring& w, const std::string& path) {
  try {
    return w.database->dialect() == Dialect::kSqlite ? RestoreSqlite(w, path) : RestorePostgres(w, path);
  } catch (const SqliteFailure& e) {
    return Report({kFailed, std::string("restore failed: ") + e.what()});
  }
}

// ---- audit archival 审计日志归档 -------------------------------------------------------------------------------

namespace {

nlohmann::json RecordJson(const domain::audit::AuditEvent& e) {
  return {{"id", e.id},
          {"at", core::ToUnix(e.at)},
          {"actor_id", e.actor ? nlohmann::json(e.actor->value) : nlohmann::json(nullptr)},
          {"actor_role", e.actor_role},
          {"action", e.action},
          {"object_type", e.object_type},
          {"object_id", e.object_id},
          {"result", e.result},
          {"request_id", e.request_id},
          {"ip", e.ip},
          {"detail", e.detail},
          {"prev_hash", e.prev_hash},
          {"hash", e.hash}};
}

domain::audit::AuditEvent RecordFrom(const nlohmann::json& j) {
  domain::audit::AuditEvent e;
  e.id = j.at("id").get<std::int64_t>();
  e.at = core::FromUnix(j.at("at").get<std::int64_t>());
  if (!j.at("actor_id").is_null()) e.actor = core::AccountId(j.at("actor_id").get<std::int64_t>());
  for (auto [name, field] : {std::pair{"actor_role", &e.actor_role}, std::pair{"action", &e.action},
                             std::pair{"object_type", &e.object_type}, std::pair{"object_id", &e.object_id},
                             std::pair{"result", &e.result}, std::pair{"request_id", &e.request_id},
                             std::pair{"ip", &e.ip}, std::pair{"detail", &e.detail},
                             std::pair{"prev_hash", &e.prev_hash}, std::pair{"hash", &e.hash}})
    *field = j.at(name).get<std::string>();
  return e;
}

}  // namespace

int AuditArchive(Wiring& w, const std::string& before_text, const std::string& path, int retention_days) {
  auto before_day = core::ParseDate(before_text);
  if (!before_day) return Report({kUsage, "--before wants a date YYYY-MM-DD"});
  // Midnight in Beijing starting that day: records before it go.
  auto before = core::FromUnix(std::chrono::sys_days(*before_day).time_since_epoch() / std::chrono::seconds(1) - 8 * 3600);
  auto keep_from = core::ChinaDate(w.clock.Now() - std::chrono::days(retention_days));
  if (retention_days > 0 && *before_day > keep_from)
    return Report({kUsage, "records from " + core::FormatDate(keep_from) + " on are within the retention period (" +
                               std::to_string(retention_days) + " days) and stay in the database"});
  auto report = w.audit.Verify();
  if (!report.intact())
    return Report({kFailed, "the audit chain is broken (run `zhiyuan audit verify`); nothing archived"});
  auto anchor = w.audit.LatestArchive();
  std::int64_t after = anchor ? anchor->through_id : 0;
  std::string after_hash = anchor ? anchor->through_hash : "";
  std::string text = nlohmann::json{{"zhiyuan_audit_archive", 1}, {"after_id", after}, {"after_hash", after_hash}}.dump() + "\n";
  domain::audit::Archive archive;
  for (std::int64_t next = after;;) {
    auto batch = w.audit.ChainAfter(next, 5000);
    bool reached = false;
    for (const auto& e : batch) {
      if (e.at >= before) {
        reached = true;  // the chain is archived as a prefix: it stops at the first record to keep
        break;
      }
      if (!archive.first_id) archive.first_id = e.id;
      archive.through_id = e.id;
      archive.through_hash = e.hash;
      ++archive.records;
      text += RecordJson(e).dump() + "\n";
      next = e.id;
    }
    if (reached || batch.size() < 5000) break;
  }
  if (!archive.records) {
    std::cout << "nothing to archive before " << before_text << "\n";
    return kOk;
  }
  text += nlohmann::json{{"through_id", archive.through_id}, {"through_hash", archive.through_hash},
                         {"records", archive.records}}
              .dump() +
          "\n";
  archive.file_sha256 = crypto::Sha256Hex(text);
  archive.file_name = std::filesystem::path(path).filename().string();
  PartialFile file(path);
  if (auto refusal = file.Create()) return Report(*refusal);
  {
    std::ofstream out(file.tmp(), std::ios::binary | std::ios::trunc);
    out << text;
    if (!out.flush()) return Report({kFailed, SystemError("cannot write " + file.tmp())});
  }
  if (auto refusal = file.Publish()) return Report(*refusal);
  // Only once the file is safely on disk do the records leave the database.
  auto done = w.audit.CommitArchive(archive, after, {"cli", ""});
  if (!done.ok()) return Report({kFailed, done.error().message + " (the file " + path + " was written; remove it)"});
  std::cout << "archived records " << archive.first_id << "–" << archive.through_id << " (" << archive.records
            << ") to " << path << ", SHA-256 " << archive.file_sha256 << "\n";
  return kOk;
}

int AuditVerifyArchive(Wiring& w, const std::string& path) {
  auto text = core::ReadWholeFile(path);
  if (!text) return Report({kUsage, SystemError("cannot read " + path)});
  std::istringstream lines(*text);
  std::string line;
  std::vector<nlohmann::json> rows;
  while (std::getline(lines, line))
    if (!line.empty()) rows.push_back(nlohmann::json::parse(line, nullptr, false));
  auto broken = [&](const std::string& why) { return Report({kFailed, "archive " + path + " broken: " + why}); };
  if (rows.size() < 2 || rows.front().is_discarded() || !rows.front().contains("zhiyuan_audit_archive") ||
      rows.back().is_discarded() || !rows.back().contains("through_id"))
    return broken("not an audit archive, or cut off");
  std::string prev = rows.front().value("after_hash", "");
  std::int64_t last = rows.front().value("after_id", std::int64_t{0});
  for (std::size_t i = 1; i + 1 < rows.size(); ++i) {
    if (rows[i].is_discarded()) return broken("line " + std::to_string(i + 1) + " is not JSON");
    domain::audit::AuditEvent e;
    try {
      e = RecordFrom(rows[i]);
    } catch (const std::exception&) {
      return broken("line " + std::to_string(i + 1) + " is not a record");
    }
    if (e.id != last + 1 || e.prev_hash != prev || !crypto::ConstantTimeEquals(e.hash, w.audit.chain().Link(e, prev)))
      return broken("record " + std::to_string(e.id) + " does not match its link or does not follow record " +
                    std::to_string(last));
    prev = e.hash;
    last = e.id;
  }
  if (rows.back().value("through_id", std::int64_t{-1}) != last || rows.back().value("through_hash", "") != prev)
    return broken("its last line does not name its last record");
  auto sha = crypto::Sha256Hex(*text);
  std::cout << "archive " << path << ": " << rows.size() - 2 << " record(s) through " << last
            << ", links intact, SHA-256 " << sha << "\n";
  return kOk;
}

}  // namespace zhiyuan::app
