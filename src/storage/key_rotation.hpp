#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <string>
#include <vector>

#include "crypto/crypto.hpp"
#include "storage/database.hpp"

namespace zhiyuan::storage {

// A column of crypto::FieldCipher ciphertexts. `key` names the columns identifying a row (its primary key, in
// order; `integer` says how to bind them), `field` the name the domain encrypts the column's values under
// (their authenticated data). Empty strings and NULLs in these columns mean "no value".
struct EncryptedColumn {
  struct KeyPart {
    std::string name;
    bool integer;
  };
  std::string table;
  std::vector<KeyPart> key;
  std::string column;
  std::string field;

  std::string Name() const { return table + "." + column; }
};

// Every `*_enc` column of the schema (both migration sets): the one list `zhiyuan keys` works from. A migration
// adding such a column adds it here; an integration test compares this list with the schema.
const std::vector<EncryptedColumn>& EncryptedColumns();

// How many values of one column name each key version. Labels are "k1", "k2", …, or "unrecognised" for a value
// not in the cipher's "kN:…" format.
struct ColumnCensus {
  const EncryptedColumn* column;
  std::map<std::string, std::int64_t> by_version;
};
std::vector<ColumnCensus> CountCiphertexts(Database& db);

// How many values, across every encrypted column, are on a version other than `version`.
std::int64_t CountNotOnVersion(Database& db, int version);

// One table's re-encryption so far (or, with done, in all).
struct TableRotation {
  std::string table;
  std::int64_t rows_rewritten = 0;
  std::int64_t values_rewritten = 0;
  std::int64_t values_changed_meanwhile = 0;  // another writer replaced the value first: left to it
  std::int64_t values_unreadable = 0;         // did not decrypt under any known version: left as they are
  double seconds = 0;
  bool done = false;
};

struct RotationOptions {
  int batch_rows = 1000;
  // Called after every batch and once more when a table is done.
  std::function<void(const TableRotation&)> on_progress;
};

struct RotationReport {
  int version = 0;  // the version the values now use
  std::vector<TableRotation> tables;
  std::vector<std::string> unreadable;  // "table.column (key)" of the first few values that did not decrypt
  std::int64_t ValuesRewritten() const;
  std::int64_t ValuesUnreadable() const;
};

// Re-encrypts under the cipher's newest version every value of EncryptedColumns() that names another version:
// table by table, in primary-key order, in batches of `batch_rows` rows, each batch one write transaction, so
// servers keep serving between batches and an interruption loses at most one batch (run it again to finish).
// Each update is conditional on the old ciphertext, so a value a server rewrote meanwhile is left to it.
RotationReport ReencryptAll(Database& db, const crypto::FieldCipher& cipher, const RotationOptions& options);

}  // namespace zhiyuan::storage
