#pragma once

#include <optional>
#include <string>
#include <vector>

#include "core/clock.hpp"
#include "core/ids.hpp"
#include "core/paging.hpp"

namespace zhiyuan::domain::audit {

// One line of the append-only audit log (SPEC §4): who did what to which object, and how it ended.
// Never holds a sensitive value in clear: details name fields, not their contents.
struct AuditEvent {
  std::int64_t id = 0;
  core::TimePoint at;
  std::optional<core::AccountId> actor;
  std::string actor_role;
  std::string action;       // "volunteer.register", "session.login", "organization.approve"…
  std::string object_type;  // "volunteer", "organization", "account"…
  std::string object_id;
  std::string result;       // "ok", "denied", "failed"
  std::string request_id;
  std::string ip;
  std::string detail;       // JSON text
  // The chain 审计链 (see AuditChain): this record's link and the previous record's.
  std::string prev_hash;
  std::string hash;
};

struct AuditQuery {
  std::optional<core::AccountId> actor;
  std::string action;
  std::string result;  // "ok", "denied"…; empty: any
  std::optional<core::TimePoint> from;
  std::optional<core::TimePoint> to;
  core::PageRequest page;
};

// An archive 归档: the records first_id..through_id of the chain, moved to a file by `zhiyuan audit archive`;
// the newest one anchors what stays in audit_log. `seal` is AuditChain::ArchiveSeal of the other fields.
struct Archive {
  std::int64_t id = 0;
  std::int64_t first_id = 0;
  std::int64_t through_id = 0;
  std::string through_hash;
  std::int64_t records = 0;
  std::string file_sha256;
  std::string file_name;
  core::TimePoint archived_at;
  std::string seal;
};

// The audit log is a hash chain: each record's `hash` is a keyed hash (HMAC-SHA-256 under a subkey of the
// master key, which the database never holds) of its own fields and of the previous record's hash, and the
// chain's head (last id and hash) is kept beside it under its own keyed hash. Editing, deleting, inserting or
// reordering a record, or cutting off the newest ones, breaks a link that only the key can mend.
class AuditChain {
 public:
  explicit AuditChain(std::string key) : key_(std::move(key)) {}
  // The link of `e` (its id and fields) after the record whose link is `prev_hash`.
  std::string Link(const AuditEvent& e, std::string_view prev_hash) const;
  // The seal of the chain's head: the last record's id and link.
  std::string Head(std::int64_t last_id, std::string_view last_hash) const;
  // The seal of an archive's row: what it took (ids, last link, count) and the file's hash.
  std::string ArchiveSeal(const Archive& archive) const;

 private:
  std::string key_;
};

struct ChainHead {
  std::int64_t last_id = 0;
  std::string last_hash;
  std::string seal;  // AuditChain::Head of the two; empty before the first record
};

class AuditRepository {
 public:
  virtual ~AuditRepository() = default;
  // Appended when the unit of work commits, as the transaction's last step: the chain's head is locked only
  // from there to the commit.
  virtual void Append(const AuditEvent& event) = 0;
  virtual core::Page<AuditEvent> Search(const AuditQuery& query) = 0;
  // For `zhiyuan audit verify`: records after `after_id` in id order, and the chain's head.
  virtual std::vector<AuditEvent> ChainAfter(std::int64_t after_id, int limit) = 0;
  virtual ChainHead Head() = 0;
  // Links the records of a log that never had a chain (every record unlinked, the head empty); otherwise
  // nothing. Returns how many it linked.
  virtual std::int64_t LinkRecordsBeforeTheChain() = 0;
  // Archival: the newest archive (the anchor of the records left), a new one, and removing what it took.
  virtual std::optional<Archive> LatestArchive() = 0;
  virtual void InsertArchive(const Archive& archive) = 0;
  virtual std::int64_t DeleteThrough(std::int64_t through_id) = 0;
};

// Where a request came from, for the audit log.
struct RequestMeta {
  std::string request_id;
  std::string ip;
};

}  // namespace zhiyuan::domain::audit

namespace zhiyuan::domain::audit {

// Builds an event from the caller and request; `detail` is JSON text without sensitive values.
inline AuditEvent Event(core::TimePoint at, const RequestMeta& meta, std::optional<core::AccountId> actor,
                        std::string actor_role, std::string action, std::string object_type, std::string object_id,
                        std::string result = "ok", std::string detail = {}) {
  AuditEvent e;
  e.at = at;
  e.actor = actor;
  e.actor_role = std::move(actor_role);
  e.action = std::move(action);
  e.object_type = std::move(object_type);
  e.object_id = std::move(object_id);
  e.result = std::move(result);
  e.request_id = meta.request_id;
  e.ip = meta.ip;
  e.detail = std::move(detail);
  return e;
}

}  // namespace zhiyuan::domain::audit
