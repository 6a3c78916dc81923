#pragma once

#include "domain/identity/principal.hpp"
#include "domain/store.hpp"

namespace zhiyuan::domain::audit {

// The auditor's window on the log (three-role separation: the auditor reads it and changes nothing,
// and nobody else reads it).
class AuditService {
 public:
  explicit AuditService(Store& store) : store_(store) {}
  core::Result<core::Page<AuditEvent>> Search(const identity::Principal& caller, const AuditQuery& query) {
    if (!caller.IsAuditor()) return core::Error::Forbidden("只有审计员可以查看审计日志");
    return store_.Read()->Audit().Search(query);
  }

 private:
  Store& store_;
};

}  // namespace zhiyuan::domain::audit
