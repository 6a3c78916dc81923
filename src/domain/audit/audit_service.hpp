#pragma once

#include "core/clock.hpp"
#include "domain/identity/principal.hpp"
#include "domain/store.hpp"

namespace zhiyuan::domain::audit {

// The auditor's window on the log (three-role separation: the auditor reads it and changes nothing,
// and nobody else reads it).
class AuditService {
 public:
  AuditService(Store& store, const AuditChain& chain, const core::Clock& clock)
      : store_(store), chain_(chain), clock_(clock) {}
  // The auditor's searches are themselves recorded (audit.search, with the filters as `filters_json`), in the
  // same transaction as the read, so who looked at the log is in the log.
  core::Result<core::Page<AuditEvent>> Search(const identity::Principal& caller, const AuditQuery& query,
                                              const RequestMeta& meta, std::string filters_json) {
    if (!caller.IsAuditor()) return core::Error::Forbidden("只有审计员可以查看审计日志");
    auto uow = store_.Write();
    auto page = uow->Audit().Search(query);
    uow->Audit().Append(Event(clock_.Now(), meta, caller.account, std::string(caller.PrimaryRole()), "audit.search", "audit_log", "",
                              "ok", std::move(filters_json)));
    uow->Commit();
    return page;
  }

  // `zhiyuan audit verify`: walks the whole chain. `broken_at` names the first record whose link fails (0 for
  // the head), with why; `records` counts the records checked before it.
  struct ChainReport {
    std::int64_t records = 0;
    std::int64_t last_id = 0;
    std::int64_t archived_through = 0;  // records up to this id are in archive files
    std::optional<std::int64_t> broken_at;
    std::string reason;
    bool intact() const { return !broken_at; }
  };
  ChainReport Verify();
  // A refused request (a forged or expired session on a protected route, another's object, an oversized body,
  // a bad bank signature): recorded on its own, since the request itself wrote nothing.
  void RecordRefusal(AuditEvent event) {
    auto uow = store_.Write();
    uow->Audit().Append(std::move(event));
    uow->Commit();
  }
  // Links the records written before the chain existed (migration 0021), once, when the chain is still empty.
  // Returns how many it linked.
  std::int64_t LinkRecordsBeforeTheChain();

  // 归档 (`zhiyuan audit archive`): the app reads the records after the anchor in chain order, writes them to
  // a file, then CommitArchive records the archive (sealed) and deletes what it took, in one transaction.
  std::optional<Archive> LatestArchive() { return store_.Read()->Audit().LatestArchive(); }
  std::vector<AuditEvent> ChainAfter(std::int64_t after_id, int limit) {
    return store_.Read()->Audit().ChainAfter(after_id, limit);
  }
  // kConflict "archive_moved" when another archive was made since `after_id` was read.
  core::Status CommitArchive(Archive archive, std::int64_t after_id, const RequestMeta& meta);
  const AuditChain& chain() const { return chain_; }

 private:
  Store& store_;
  const AuditChain& chain_;
  const core::Clock& clock_;
};

}  // namespace zhiyuan::domain::audit
