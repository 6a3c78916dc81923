#include "domain/notices/notice_service.hpp"

#include <algorithm>

#include "core/text.hpp"
#include "core/time_format.hpp"
#include "core/validation.hpp"
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
  if (mine.empty()) return Error::NotFound("通知不存在");
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
  if (!caller.IsCityAdmin()) return Error::NotFound("通知不存在");
  auto uow = store_.Read();
  auto n = uow->Notices().Find(id);
  if (!n) return Error::NotFound("通知不存在");
  ReceiptBoard board{*n, {}};
  auto now = clock_.Now();
  for (auto& s : uow->Notices().Statuses(id)) {
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

}  // namespace zhiyuan::domain::notices
