#pragma once

#include <optional>
#include <string>
#include <vector>

#include "domain/audit/audit.hpp"
#include "domain/identity/identity_service.hpp"
#include "domain/notices/notices.hpp"
#include "domain/store.hpp"

namespace zhiyuan::domain::notices {

using identity::Principal;

struct ReceiptInput {
  std::optional<std::int64_t> unit_id;  // needed only when the caller answers for several addressed units
  std::string leader_name;
  std::string contact_name;
  std::string contact_position;
  std::string contact_phone;
  std::string contact_email;
};

enum class Standing { kAnswered, kAnsweredLate, kPending, kLate };
std::string_view ToString(Standing standing);

struct UnitStanding {
  ReceiptStatus status;
  Standing standing = Standing::kPending;
};

struct ReceiptBoard {
  Notice notice;
  std::vector<UnitStanding> units;
};

struct ReminderResult {
  int units = 0;     // units reminded (not answered yet)
  int contacts = 0;  // accounts notified
};

// Notices and receipts (回执): the city publishes a notice to units with a deadline; each unit's contact
// returns the receipt; the city sees who answered, who is late, and reminds the rest (in-app notification,
// plus an SMS written to the outbox for the gateway).
class NoticeService {
 public:
  NoticeService(Store& store, identity::Vault vault, const core::Clock& clock)
      : store_(store), vault_(vault), clock_(clock) {}

  core::Result<Notice> Publish(const Principal& caller, const std::string& title, const std::string& body,
                               const std::string& deadline, const std::vector<std::int64_t>& unit_ids,
                               const audit::RequestMeta& meta);
  // The city admin: every notice; a unit contact: those addressed to their units.
  std::vector<Notice> List(const Principal& caller);
  core::Result<Notice> Get(const Principal& caller, NoticeId id);
  // A unit contact answers for their unit (回执); the city admin, who sees the notice but answers for no unit, gets
  // kPermissionDenied; anyone else kNotFound.
  core::Result<Receipt> Answer(const Principal& caller, NoticeId id, const ReceiptInput& input,
                               const audit::RequestMeta& meta);
  // The city admin: every addressed unit; a unit contact: their own units' standing and receipts.
  core::Result<ReceiptBoard> Board(const Principal& caller, NoticeId id);
  core::Result<ReminderResult> Remind(const Principal& caller, NoticeId id, const audit::RequestMeta& meta);

  // Attachments (city admin): PDF, Word (.docx), Excel (.xlsx), PNG or JPEG, recognised by content, ≤ 10 a notice.
  core::Result<Attachment> Attach(const Principal& caller, NoticeId id, const std::string& file_name,
                                  std::string_view content, const audit::RequestMeta& meta);
  core::Result<std::vector<Attachment>> Attachments(const Principal& caller, NoticeId id);
  // The file for whoever may read the notice.
  core::Result<std::pair<Attachment, std::string>> Download(const Principal& caller, NoticeId id,
                                                            AttachmentId attachment);
  core::Status Detach(const Principal& caller, NoticeId id, AttachmentId attachment, const audit::RequestMeta& meta);

 private:
  Store& store_;
  identity::Vault vault_;
  const core::Clock& clock_;
};

}  // namespace zhiyuan::domain::notices
