#include "domain/notices/notice_service.hpp"

#include <algorithm>

#include "core/text.hpp"
#include "core/time_format.hpp"
#include "core/validation.hpp"
#include "crypto/crypto.hpp"
#include "domain/registry/identity_documents.hpp"

namespace zhiyuan::domain::notices {

using core::Error;

std::string_view ToString(Standing s) {
  switch (s) {
    case Standing::kAnswered: return "answered";
    case Standing::kAnsweredLate: return "answered_late";
    case Standing::kPending: return "pending";
    case Standing::kLate: return "late";
  }
  return "pending";
}

namespace {

bool Addressed(const Notice& n, units::UnitId unit) {
  return std::find(n.units.begin(), n.units.end(), unit) != n.units.end();
}

bool LooksLikeEmail(std::string_view e) {
  auto at = e.find('@');
  return at != std::string_view::npos && at > 0 && e.find('.', at) != std::string_view::npos &&
         e.back() != '.' && e.find(' ') == std::string_view::npos && e.size() <= 100;
}

// The type from the bytes themselves; nullopt for anything not on the list.
struct FileType {
  std::string_view content_type;
  std::string_view extension;
};
std::optional<FileType> Sniff(std::string_view b) {
  if (b.starts_with("%PDF-")) return FileType{"application/pdf", ".pdf"};
  if (b.starts_with("\x89PNG\r\n\x1a\n")) return FileType{"image/png", ".png"};
  if (b.starts_with("\xFF\xD8\xFF")) return FileType{"image/jpeg", ".jpg"};
  if (b.starts_with(std::string_view("PK\x03\x04", 4))) {
    // Office Open XML: the part names are stored uncompressed in the ZIP's headers, and every such package
    // has its content-types part.
    if (b.find("[Content_Types].xml") == std::string_view::npos) return std::nullopt;
    if (b.find("word/document") != std::string_view::npos)
      return FileType{"application/vnd.openxmlformats-officedocument.wordprocessingml.document", ".docx"};
    if (b.find("xl/workbook") != std::string_view::npos)
      return FileType{"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", ".xlsx"};
  }
  return std::nullopt;
}

// A display name only (the file is stored in the database, never under this name): the base name without
// directories or control characters, at most 80 characters, ending in the extension of what it really is.
std::string CleanFileName(std::string_view given, std::string_view extension) {
  auto slash = given.find_last_of("/\\");
  if (slash != std::string_view::npos) given.remove_prefix(slash + 1);
  std::string name;
  for (std::size_t i = 0; i < given.size(); ++i) {
    auto c = static_cast<unsigned char>(given[i]);
    // Bidirectional overrides and marks (U+200E/F, U+202A–202E, U+2066–2069) could make "fdp.exe" read as "exe.pdf".
    if (c == 0xE2 && i + 2 < given.size()) {
      auto b1 = static_cast<unsigned char>(given[i + 1]), b2 = static_cast<unsigned char>(given[i + 2]);
      if ((b1 == 0x80 && (b2 == 0x8E || b2 == 0x8F || (b2 >= 0xAA && b2 <= 0xAE))) ||
          (b1 == 0x81 && b2 >= 0xA6 && b2 <= 0xA9)) {
        i += 2;
        continue;
      }
    }
    if (c >= 0x20 && c != 0x7f && c != '"') name += char(c);
  }
  if (core::Utf8Length(name) < 0) name.clear();
  auto dot = name.rfind('.');
  auto stem = core::Trim(std::string_view(name).substr(0, dot));  // ".pdf" has no stem at all
  while (!stem.empty() && stem.front() == '.') stem.remove_prefix(1);  // no hidden-file names
  stem = core::Trim(stem);
  if (stem.empty()) return "附件" + std::string(extension);
  return core::Utf8Prefix(stem, 80 - long(extension.size())) + std::string(extension);
}

constexpr std::size_t kMaxAttachments = 10;

}  // namespace

core::Result<Notice> NoticeService::Publish(const Principal& caller, const std::string& title_in,
                                            const std::string& body_in, const std::string& deadline_in,
                                            const std::vector<std::int64_t>& unit_ids, const audit::RequestMeta& meta) {
  if (!caller.IsCityAdmin()) return Error::Forbidden("通知由市级管理员发布");
  core::Validator v;
  Notice n;
  n.title = v.Text("title", title_in, "通知标题", 100);
  n.body = v.Text("body", body_in, "通知内容", 20000);
  auto now = clock_.Now();
  auto deadline = core::ParseRfc3339(deadline_in);
  if (!deadline) v.Add("deadline", "invalid_time", "截止时间格式应为 RFC 3339");
  else if (*deadline <= now) v.Add("deadline", "in_past", "截止时间应晚于现在");
  if (unit_ids.empty()) v.Add("unit_ids", "required", "请选择需要回执的单位");
  auto uow = store_.Write();
  for (auto id : unit_ids) {
    if (!uow->Units().Find(units::UnitId(id))) {
      v.Add("unit_ids", "unknown_unit", "单位（编号" + std::to_string(id) + "）不存在");
      break;
    }
    if (!Addressed(n, units::UnitId(id))) n.units.emplace_back(id);
  }
  ZY_TRY(v.Done());
  n.deadline = *deadline;
  n.published_at = now;
  n.id = uow->Notices().Insert(n, caller.account);
  for (auto unit : n.units)
    for (const auto& c : uow->Units().Contacts(unit))
      uow->Notifications().Insert(c.account, "新通知：" + n.title,
                                  "请于" + core::FormatRfc3339(n.deadline).substr(0, 16) + "前提交回执。",
                                  "/notices/" + std::to_string(n.id.value), now);
  uow->Audit().Append(audit::Event(now, meta, caller.account, std::string(caller.PrimaryRole()), "notice.publish",
                                   "notice", std::to_string(n.id.value), "ok",
                                   "{\"units\":" + std::to_string(n.units.size()) + "}"));
  auto saved = uow->Notices().Find(n.id);
  uow->Commit();
  return *saved;
}

std::vector<Notice> NoticeService::List(const Principal& caller) {
  auto uow = store_.Read();
  if (caller.IsCityAdmin()) return uow->Notices().List({}, true);
  std::vector<units::UnitId> mine;
  for (const auto& u : uow->Units().OfContact(caller.account)) mine.push_back(u.id);
  if (mine.empty()) return {};
  return uow->Notices().List(mine, false);
}

core::Result<Notice> NoticeService::Get(const Principal& caller, NoticeId id) {
  auto uow = store_.Read();
  auto n = uow->Notices().Find(id);
  if (!n) return Error::NotFound("通知不存在");
  if (caller.IsCityAdmin()) return *n;
  for (const auto& u : uow->Units().OfContact(caller.account))
    if (Addressed(*n, u.id)) return *n;
  return Error::NotFound("通知不存在");
}

core::Result<Receipt> NoticeService::Answer(const Principal& caller, NoticeId id, const ReceiptInput& in,
                                            const audit::RequestMeta& meta) {
  auto uow = store_.Write();
  auto n = uow->Notices().Find(id);
  if (!n) return Error::NotFound("通知不存在");
  std::vector<units::UnitId> mine;
  for (const auto& u : uow->Units().OfContact(caller.account))
    if (Addressed(*n, u.id)) mine.push_back(u.id);
  if (mine.empty()) {
    // The city admin sees every notice but answers for no unit; to anyone else the notice does not exist.
    if (caller.IsCityAdmin()) return Error::Forbidden("回执由单位联系人填报");
    return Error::NotFound("通知不存在");
  }
  core::Validator v;
  std::optional<units::UnitId> unit;
  if (in.unit_id) {
    if (std::find(mine.begin(), mine.end(), units::UnitId(*in.unit_id)) != mine.end()) unit = units::UnitId(*in.unit_id);
    else v.Add("unit_id", "not_your_unit", "您不是该单位的联系人，或该单位不在通知范围内");
  } else if (mine.size() == 1) {
    unit = mine.front();
  } else {
    v.Add("unit_id", "required", "您是多个单位的联系人，请选择为哪个单位回执");
  }
  Receipt r;
  r.notice = id;
  r.leader_name = v.Text("leader_name", in.leader_name, "分管领导", 50);
  r.contact_name = v.Text("contact_name", in.contact_name, "联系人", 50);
  r.contact_position = v.Text("contact_position", in.contact_position, "联系人职务", 50);
  if (auto phone = v.Check(registry::CheckMobilePhone(in.contact_phone, "contact_phone"))) {
    r.contact_phone_enc = vault_.cipher.Encrypt("contact_phone", *phone);
    r.contact_phone_masked = core::MaskPhone(*phone);
  }
  r.contact_email = std::string(core::Trim(in.contact_email));
  if (!LooksLikeEmail(r.contact_email)) v.Add("contact_email", "invalid_email", "请填写正确的电子邮箱");
  ZY_TRY(v.Done());
  auto now = clock_.Now();
  r.unit = *unit;
  r.submitted_by = caller.account;
  r.submitted_at = now;
  r.updated_at = now;
  bool first = uow->Notices().UpsertReceipt(r);
  uow->Audit().Append(audit::Event(now, meta, caller.account, std::string(caller.PrimaryRole()),
                                   first ? "notice.receipt" : "notice.receipt_update", "notice",
                                   std::to_string(id.value), "ok", "{\"unit\":" + std::to_string(unit->value) + "}"));
  ReceiptStatus saved;
  for (auto& s : uow->Notices().Statuses(id))
    if (s.unit == *unit) saved = std::move(s);
  uow->Commit();
  return *saved.receipt;
}

core::Result<ReceiptBoard> NoticeService::Board(const Principal& caller, NoticeId id) {
  auto uow = store_.Read();
  auto n = uow->Notices().Find(id);
  if (!n) return Error::NotFound("通知不存在");
  // The city sees every addressed unit; a contact only the units they answer for.
  std::vector<units::UnitId> mine;
  if (!caller.IsCityAdmin()) {
    for (const auto& u : uow->Units().OfContact(caller.account))
      if (Addressed(*n, u.id)) mine.push_back(u.id);
    if (mine.empty()) return Error::NotFound("通知不存在");
  }
  ReceiptBoard board{*n, {}};
  auto now = clock_.Now();
  for (auto& s : uow->Notices().Statuses(id)) {
    if (!caller.IsCityAdmin() && std::find(mine.begin(), mine.end(), s.unit) == mine.end()) continue;
    Standing standing = s.receipt ? (s.receipt->submitted_at <= n->deadline ? Standing::kAnswered : Standing::kAnsweredLate)
                                  : (now > n->deadline ? Standing::kLate : Standing::kPending);
    board.units.push_back({std::move(s), standing});
  }
  return board;
}

core::Result<ReminderResult> NoticeService::Remind(const Principal& caller, NoticeId id, const audit::RequestMeta& meta) {
  if (!caller.IsCityAdmin()) return Error::NotFound("通知不存在");
  auto uow = store_.Write();
  auto n = uow->Notices().Find(id);
  if (!n) return Error::NotFound("通知不存在");
  auto now = clock_.Now();
  ReminderResult result;
  for (const auto& s : uow->Notices().Statuses(id)) {
    if (s.receipt) continue;
    ++result.units;
    for (const auto& c : uow->Units().Contacts(s.unit)) {
      std::string text = "【梅州志愿服务平台】请" + s.unit_name + "于" + core::FormatRfc3339(n->deadline).substr(0, 16) +
                         "前提交《" + n->title + "》回执。";
      uow->Notifications().Insert(c.account, "回执提醒：" + n->title, text, "/notices/" + std::to_string(id.value), now);
      uow->Notices().Outbox("sms", c.account, "回执提醒", text, now);
      ++result.contacts;
    }
  }
  uow->Audit().Append(audit::Event(now, meta, caller.account, std::string(caller.PrimaryRole()), "notice.remind",
                                   "notice", std::to_string(id.value), "ok",
                                   "{\"units\":" + std::to_string(result.units) + "}"));
  uow->Commit();
  return result;
}

core::Result<Attachment> NoticeService::Attach(const Principal& caller, NoticeId id, const std::string& file_name,
                                              std::string_view content, const audit::RequestMeta& meta) {
  if (!caller.IsCityAdmin()) return Error::NotFound("通知不存在");
  auto uow = store_.Write();
  if (!uow->Notices().Find(id)) return Error::NotFound("通知不存在");
  auto type = Sniff(content);
  if (content.empty() || !type)
    return Error{core::ErrorCode::kValidation, "unsupported_file_type",
                 "附件仅支持 PDF、Word（.docx）、Excel（.xlsx）、PNG、JPG 文件", {}};
  if (uow->Notices().Attachments(id).size() >= kMaxAttachments)
    return Error::Conflict("too_many_attachments", "每个通知最多10个附件");
  Attachment a;
  a.notice = id;
  a.file_name = CleanFileName(file_name, type->extension);
  a.content_type = type->content_type;
  a.size = std::int64_t(content.size());
  a.sha256 = crypto::Sha256Hex(content);
  a.uploaded_at = clock_.Now();
  a.id = uow->Notices().InsertAttachment(a, crypto::Base64Encode(content), caller.account);
  uow->Audit().Append(audit::Event(a.uploaded_at, meta, caller.account, std::string(caller.PrimaryRole()),
                                   "notice.attach", "notice", std::to_string(id.value), "ok",
                                   "{\"attachment\":" + std::to_string(a.id.value) + "}"));
  uow->Commit();
  return a;
}

core::Result<std::vector<Attachment>> NoticeService::Attachments(const Principal& caller, NoticeId id) {
  ZY_TRY(Get(caller, id));
  return store_.Read()->Notices().Attachments(id);
}

core::Result<std::pair<Attachment, std::string>> NoticeService::Download(const Principal& caller, NoticeId id,
                                                                         AttachmentId attachment) {
  ZY_TRY(Get(caller, id));
  auto found = store_.Read()->Notices().FindAttachment(id, attachment);
  if (!found) return Error::NotFound("附件不存在");
  auto bytes = crypto::Base64Decode(found->second);
  if (!bytes) return Error::Internal("附件已损坏");
  return std::pair{found->first, std::move(*bytes)};
}

core::Status NoticeService::Detach(const Principal& caller, NoticeId id, AttachmentId attachment,
                                   const audit::RequestMeta& meta) {
  if (!caller.IsCityAdmin()) return Error::NotFound("通知不存在");
  auto uow = store_.Write();
  if (!uow->Notices().DeleteAttachment(id, attachment)) return Error::NotFound("附件不存在");
  uow->Audit().Append(audit::Event(clock_.Now(), meta, caller.account, std::string(caller.PrimaryRole()),
                                   "notice.detach", "notice", std::to_string(id.value), "ok",
                                   "{\"attachment\":" + std::to_string(attachment.value) + "}"));
  uow->Commit();
  return core::Ok();
}

}  // namespace zhiyuan::domain::notices
