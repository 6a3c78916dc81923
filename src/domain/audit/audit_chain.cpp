#include <string>

#include "core/time_format.hpp"
#include "crypto/crypto.hpp"
#include "domain/audit/audit.hpp"
#include "domain/audit/audit_service.hpp"

namespace zhiyuan::domain::audit {

namespace {

// Length-prefixed fields, so no two different records encode alike ("ab","c" ≠ "a","bc").
void Put(std::string& out, std::string_view field) {
  out += std::to_string(field.size());
  out += ':';
  out += field;
  out += ';';
}

}  // namespace

std::string AuditChain::Link(const AuditEvent& e, std::string_view prev_hash) const {
  std::string text;
  Put(text, "zhiyuan-audit-v1");
  Put(text, std::to_string(e.id));
  Put(text, std::to_string(core::ToUnix(e.at)));
  Put(text, e.actor ? std::to_string(e.actor->value) : std::string());
  for (std::string_view f : {std::string_view(e.actor_role), std::string_view(e.action), std::string_view(e.object_type),
                             std::string_view(e.object_id), std::string_view(e.result), std::string_view(e.request_id),
                             std::string_view(e.ip), std::string_view(e.detail), prev_hash})
    Put(text, f);
  return crypto::HmacSha256Hex(key_, text);
}

std::string AuditChain::Head(std::int64_t last_id, std::string_view last_hash) const {
  std::string text;
  Put(text, "zhiyuan-audit-head-v1");
  Put(text, std::to_string(last_id));
  Put(text, last_hash);
  return crypto::HmacSha256Hex(key_, text);
}

std::string AuditChain::ArchiveSeal(const Archive& a) const {
  std::string text;
  Put(text, "zhiyuan-audit-archive-v1");
  for (auto n : {a.first_id, a.through_id, a.records}) Put(text, std::to_string(n));
  Put(text, a.through_hash);
  Put(text, a.file_sha256);
  return crypto::HmacSha256Hex(key_, text);
}

AuditService::ChainReport AuditService::Verify() {
  constexpr int kBatch = 5000;
  ChainReport report;
  auto uow = store_.Read();
  auto& log = uow->Audit();
  // The head is read first: records committed while the walk goes on come after it, and are judged by their
  // links like the rest.
  auto head = log.Head();
  bool head_seen = head.last_id == 0;
  std::string prev;
  std::int64_t after = 0;
  // Archived records are gone from the table: the newest archive's last link is where the chain goes on.
  if (auto anchor = log.LatestArchive()) {
    if (!crypto::ConstantTimeEquals(anchor->seal, chain_.ArchiveSeal(*anchor))) {
      report.broken_at = 0;
      report.reason = "the record of archive " + std::to_string(anchor->id) + " was altered";
      return report;
    }
    prev = anchor->through_hash;
    after = anchor->through_id;
    report.archived_through = anchor->through_id;
    head_seen = head_seen || (head.last_id == after && head.last_hash == prev);
  }
  for (;;) {
    auto batch = log.ChainAfter(after, kBatch);
    for (const auto& e : batch) {
      if (e.prev_hash != prev) {
        report.broken_at = e.id;
        report.reason = report.records == 0 ? (after > 0 ? "it does not follow the last archived record " +
                                                                  std::to_string(after)
                                                            : "the first record does not start the chain")
                                             : "it does not follow record " + std::to_string(after) +
                                                   " (a record between them was deleted, or this one inserted)";
        return report;
      }
      if (!crypto::ConstantTimeEquals(e.hash, chain_.Link(e, prev))) {
        report.broken_at = e.id;
        report.reason = "its contents do not match its link (edited, or written around the application)";
        return report;
      }
      if (e.id == head.last_id && e.hash == head.last_hash) head_seen = true;
      prev = e.hash;
      after = e.id;
      report.last_id = e.id;
      ++report.records;
    }
    if (int(batch.size()) < kBatch) break;
  }
  bool sealed = head.seal.empty() ? head.last_id == 0
                                  : crypto::ConstantTimeEquals(head.seal, chain_.Head(head.last_id, head.last_hash));
  if (!sealed) {
    report.broken_at = 0;
    report.reason = "the chain's head was altered";
  } else if (!head_seen) {
    report.broken_at = 0;
    report.reason = "the chain ends at record " + std::to_string(after) + " but its head names record " +
                    std::to_string(head.last_id) + " (records were cut off)";
  }
  return report;
}

core::Status AuditService::CommitArchive(Archive archive, std::int64_t after_id, const RequestMeta& meta) {
  auto uow = store_.Write();
  auto anchor = uow->Audit().LatestArchive();
  if ((anchor ? anchor->through_id : 0) != after_id)
    return core::Error::Conflict("archive_moved", "another archive was made meanwhile; run the command again");
  archive.archived_at = clock_.Now();
  archive.seal = chain_.ArchiveSeal(archive);
  uow->Audit().InsertArchive(archive);
  auto removed = uow->Audit().DeleteThrough(archive.through_id);
  if (removed != archive.records)
    return core::Error::Conflict("archive_mismatch", "the log changed under the archive; nothing was removed");
  uow->Audit().Append(Event(archive.archived_at, meta, std::nullopt, "system", "audit.archive", "audit_log",
                            std::to_string(archive.through_id), "ok",
                            R"({"first_id":)" + std::to_string(archive.first_id) + R"(,"records":)" +
                                std::to_string(archive.records) + R"(,"file_sha256":")" + archive.file_sha256 + "\"}"));
  uow->Commit();
  return core::Ok();
}

std::int64_t AuditService::LinkRecordsBeforeTheChain() {
  auto uow = store_.Write();
  auto linked = uow->Audit().LinkRecordsBeforeTheChain();
  uow->Commit();
  return linked;
}

}  // namespace zhiyuan::domain::audit
