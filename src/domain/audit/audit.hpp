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
};

struct AuditQuery {
  std::optional<core::AccountId> actor;
  std::string action;
  std::optional<core::TimePoint> from;
  std::optional<core::TimePoint> to;
  core::PageRequest page;
};

class AuditRepository {
 public:
  virtual ~AuditRepository() = default;
  virtual void Append(const AuditEvent& event) = 0;
  virtual core::Page<AuditEvent> Search(const AuditQuery& query) = 0;
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
