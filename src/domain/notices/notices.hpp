#pragma once

#include <optional>
#include <string>
#include <vector>

#include "core/clock.hpp"
#include "core/ids.hpp"
#include "domain/units/units.hpp"

namespace zhiyuan::domain::notices {

using NoticeId = core::Id<struct NoticeTag>;

// 通知: what the city asks of units, by a deadline.
struct Notice {
  NoticeId id;
  std::string title;
  std::string body;
  core::TimePoint deadline;
  core::TimePoint published_at;
  std::vector<units::UnitId> units;
  int answered = 0;
};

using AttachmentId = core::Id<struct AttachmentTag>;

// 附件: an operation manual or form sent with a notice. Kept in the database (base64), not on a disk under
// the web root: served only through the API to those who may read the notice, and shared by every app node.
struct Attachment {
  AttachmentId id;
  NoticeId notice;
  std::string file_name;     // a clean base name, its extension matching the content
  std::string content_type;  // decided from the bytes, never from what the uploader claimed
  std::int64_t size = 0;
  std::string sha256;
  core::TimePoint uploaded_at;
};

// 回执: the unit's responsible leader and designated contact.
struct Receipt {
  NoticeId notice;
  units::UnitId unit;
  std::string leader_name;
  std::string contact_name;
  std::string contact_position;
  std::string contact_phone_enc;
  std::string contact_phone_masked;
  std::string contact_email;
  core::AccountId submitted_by;
  core::TimePoint submitted_at;
  core::TimePoint updated_at;
};

// One addressed unit's standing on a notice.
struct ReceiptStatus {
  units::UnitId unit;
  std::string unit_name;
  std::string region_name;
  std::optional<Receipt> receipt;
};

class NoticeRepository {
 public:
  virtual ~NoticeRepository() = default;
  virtual NoticeId Insert(const Notice& notice, core::AccountId by) = 0;
  virtual std::optional<Notice> Find(NoticeId id) = 0;
  // Newest first: all (empty list) or those addressed to any of the units.
  virtual std::vector<Notice> List(const std::vector<units::UnitId>& units, bool all) = 0;
  // Inserts or replaces the unit's receipt (a unit may correct it); returns true when it is the first.
  virtual bool UpsertReceipt(const Receipt& receipt) = 0;
  virtual std::vector<ReceiptStatus> Statuses(NoticeId id) = 0;
  virtual AttachmentId InsertAttachment(const Attachment& attachment, const std::string& content_base64,
                                        core::AccountId by) = 0;
  virtual std::vector<Attachment> Attachments(NoticeId id) = 0;
  // The attachment with its content (base64), when it belongs to the notice.
  virtual std::optional<std::pair<Attachment, std::string>> FindAttachment(NoticeId id, AttachmentId attachment) = 0;
  virtual bool DeleteAttachment(NoticeId id, AttachmentId attachment) = 0;
  virtual void Outbox(const std::string& channel, std::optional<core::AccountId> account, const std::string& subject,
                      const std::string& body, core::TimePoint at) = 0;
};

}  // namespace zhiyuan::domain::notices
