#include "domain/ledger/ledger_service.hpp"

#include <algorithm>

#include "core/validation.hpp"

namespace zhiyuan::domain::ledger {

using core::Error;

namespace {

std::string Id(std::int64_t v) { return std::to_string(v); }
int YearOf(core::Date d) { return int(d.year()); }

bool Contains(const std::vector<std::string>& v, const std::string& x) {
  return std::find(v.begin(), v.end(), x) != v.end();
}

constexpr int kMinutesPerDay = 24 * 60;
constexpr const char* kReasonCodes[] = {"wrong_time", "duplicate", "not_present", "other"};

}  // namespace

void LedgerService::SessionClosed(UnitOfWork& uow, const activities::Activity& activity,
                                  const attendance::Session& session, std::optional<core::AccountId> by) {
  NewEntry e;
  e.volunteer = session.volunteer;
  e.activity = activity.id;
  e.organization = activity.organization;
  e.attendance = session.id;
  e.service_date = session.service_date;
  e.minutes = session.minutes.value_or(0);
  e.kind = EntryKind::kAttendance;
  e.status = EntryStatus::kPending;
  e.created_by = by;
  e.created_at = clock_.Now();  // when it was recorded; the session keeps when the service happened
  (void)uow.Ledger().Insert(e).value();
}

void LedgerService::Credit(UnitOfWork& uow, core::VolunteerId volunteer, core::Date service_date, std::int64_t minutes) {
  uow.Ledger().AddToTotals(volunteer, YearOf(service_date), minutes);
  if (minutes < 0) hours_sink_.HoursReduced(uow, volunteer);
}

std::optional<EntryStatus> LedgerService::Settle(UnitOfWork& uow, const Entry& entry, core::AccountId by,
                                                 core::TimePoint now) {
  auto day = uow.Ledger().ConfirmedMinutesOn(entry.volunteer, entry.service_date);
  EntryStatus to = EntryStatus::kConfirmed;
  switch (RequiredLevel(day, entry.minutes)) {
    case ApprovalLevel::kOrganization: to = EntryStatus::kConfirmed; break;
    case ApprovalLevel::kCounty: to = EntryStatus::kAwaitingCounty; break;
    case ApprovalLevel::kCity: to = EntryStatus::kAwaitingCity; break;
  }
  bool confirmed = to == EntryStatus::kConfirmed;
  if (!uow.Ledger().Transition(entry.id, EntryStatus::kPending, to, confirmed ? std::optional(by) : std::nullopt, now, ""))
    return std::nullopt;
  if (confirmed) Credit(uow, entry.volunteer, entry.service_date, entry.minutes);
  return to;
}

core::Result<ConfirmationResult> LedgerService::Confirm(const Principal& caller, core::ActivityId id,
                                                        const std::vector<core::AttendanceId>& only,
                                                        const audit::RequestMeta& meta) {
  auto uow = store_.Write();
  auto a = uow->Activities().Find(id);
  // 谁组织谁记录: another organisation's activity is outside the caller's scope, 404 as for a nonexistent one.
  if (!a || !caller.IsOrgAdminOf(a->organization)) return Error::NotFound("活动不存在");
  uow->Activities().LockForSignup(id);  // one confirmation run per activity at a time
  auto now = clock_.Now();
  ConfirmationResult result;
  auto pending = uow->Ledger().ForActivity(id, EntryStatus::kPending);
  if (!only.empty()) {
    for (auto att : only) {
      auto it = std::find_if(pending.begin(), pending.end(), [&](const Entry& e) { return e.attendance == att; });
      if (it != pending.end()) continue;
      auto session = uow->Attendance().Find(att);
      std::string why = !session || session->activity != id ? "不是本活动的签到记录"
                        : !session->check_out_at           ? "尚未签退"
                                                           : "已确认或已处理";
      result.skipped.push_back({att, why});
    }
    std::erase_if(pending, [&](const Entry& e) {
      return !e.attendance || std::find(only.begin(), only.end(), *e.attendance) == only.end();
    });
  }
  for (const auto& e : pending) {
    auto settled = Settle(*uow, e, caller.account, now);
    if (!settled) {
      result.skipped.push_back({e.attendance.value_or(core::AttendanceId{}), "已被确认"});
      continue;
    }
    switch (*settled) {
      case EntryStatus::kConfirmed: result.confirmed.push_back(e.id); break;
      case EntryStatus::kAwaitingCounty:
        result.escalated.push_back({e.id, ApprovalLevel::kCounty, "当日累计超过8小时，需上级组织或县区审核"});
        break;
      case EntryStatus::kAwaitingCity:
        result.escalated.push_back({e.id, ApprovalLevel::kCity, "当日累计超过12小时，需市级审核"});
        break;
      default: break;
    }
  }
  uow->Audit().Append(audit::Event(now, meta, caller.account, std::string(caller.PrimaryRole()), "ledger.confirm",
                                   "activity", Id(id.value), "ok",
                                   "{\"confirmed\":" + std::to_string(result.confirmed.size()) +
                                       ",\"escalated\":" + std::to_string(result.escalated.size()) + "}"));
  uow->Commit();
  return result;
}

ReviewScope LedgerService::ScopeOf(UnitOfWork& uow, const Principal& caller) {
  ReviewScope scope;
  scope.city = caller.IsCityAdmin();
  for (const auto& g : caller.roles) {
    if (g.role == identity::Role::kCountyAdmin) scope.counties.push_back(g.county_code);
    if (g.role == identity::Role::kOrgAdmin) scope.parent_organizations.push_back(g.organization);
  }
  (void)uow;
  return scope;
}

core::Result<std::vector<Entry>> LedgerService::Reviews(const Principal& caller) {
  auto uow = store_.Read();
  auto scope = ScopeOf(*uow, caller);
  if (!scope.city && scope.counties.empty() && scope.parent_organizations.empty())
    return Error::Forbidden("只有上级组织、县区或市级管理员可以审核时长");
  return uow->Ledger().AwaitingReview(scope);
}

core::Result<Entry> LedgerService::Review(const Principal& caller, core::LedgerEntryId id, bool approve,
                                          const std::string& reason_in, const audit::RequestMeta& meta) {
  core::Validator v;
  auto reason = v.Text("reason", reason_in, "理由", 200, !approve);
  auto uow = store_.Write();
  auto e = uow->Ledger().Find(id);
  auto scope = ScopeOf(*uow, caller);
  bool county_reviewer = Contains(scope.counties, e ? e->organization_county : "") ||
                         (e && e->organization_parent &&
                          std::find(scope.parent_organizations.begin(), scope.parent_organizations.end(),
                                    *e->organization_parent) != scope.parent_organizations.end());
  bool allowed = e && ((e->status == EntryStatus::kAwaitingCounty && (scope.city || county_reviewer)) ||
                       (e->status == EntryStatus::kAwaitingCity && scope.city));
  if (!allowed) return Error::NotFound("待审核的时长记录不存在");
  ZY_TRY(v.Done());
  auto now = clock_.Now();
  EntryStatus to = EntryStatus::kConfirmed;
  if (!approve)
    to = EntryStatus::kRejected;
  else if (e->status == EntryStatus::kAwaitingCounty && !scope.city &&
           RequiredLevel(uow->Ledger().ConfirmedMinutesOn(e->volunteer, e->service_date), e->minutes) ==
               ApprovalLevel::kCity)
    to = EntryStatus::kAwaitingCity;  // the day grew meanwhile
  bool decided = to != EntryStatus::kAwaitingCity;
  if (!uow->Ledger().Transition(id, e->status, to, decided ? std::optional(caller.account) : std::nullopt, now,
                                approve ? "" : reason))
    return Error::NotFound("待审核的时长记录不存在");  // reviewed by someone else meanwhile
  if (to == EntryStatus::kConfirmed) Credit(*uow, e->volunteer, e->service_date, e->minutes);
  uow->Notifications().Insert(e->volunteer_account, approve ? "服务时长已审核通过" : "服务时长审核未通过",
                              "活动“" + e->activity_title + "”" + core::FormatDate(e->service_date) + "的时长" +
                                  (approve ? "已通过审核。" : "未通过审核，原因：" + reason),
                              "/me/hours", now);
  uow->Audit().Append(audit::Event(now, meta, caller.account, std::string(caller.PrimaryRole()),
                                   approve ? "ledger.approve" : "ledger.reject", "ledger_entry", Id(id.value)));
  auto updated = uow->Ledger().Find(id);
  uow->Commit();
  return *updated;
}

core::Result<CorrectionResult> LedgerService::CorrectIn(UnitOfWork& uow, const Principal& caller, const Entry& e,
                                                        int minutes, const std::string& reason_code,
                                                        const std::string& reason, core::TimePoint now) {
  if (e.status != EntryStatus::kConfirmed || e.kind == EntryKind::kReversal)
    return Error::Conflict("entry_not_correctable", "只能更正已确认的时长记录");
  if (e.reversed) return Error::Conflict("already_reversed", "该记录已被更正过，请更正新的记录");
  auto activity = uow.Activities().Find(e.activity);
  if (minutes < 0 || minutes > activity->DurationMinutes())
    return Error::Field("minutes", "invalid_minutes",
                        "更正后的时长应在0至活动时长" + std::to_string(activity->DurationMinutes()) + "分钟之间");
  NewEntry reversal;
  reversal.volunteer = e.volunteer;
  reversal.activity = e.activity;
  reversal.organization = e.organization;
  reversal.service_date = e.service_date;
  reversal.minutes = -e.minutes;
  reversal.kind = EntryKind::kReversal;
  reversal.status = EntryStatus::kConfirmed;
  reversal.reverses = e.id;
  reversal.reason_code = reason_code;
  reversal.reason = reason;
  reversal.created_by = caller.account;
  reversal.created_at = now;
  ZY_ASSIGN_OR_RETURN(auto reversal_id, uow.Ledger().Insert(reversal));
  // The stars are checked once the replacement is settled, not between the reversal and it.
  uow.Ledger().AddToTotals(e.volunteer, YearOf(e.service_date), -e.minutes);
  CorrectionResult result{*uow.Ledger().Find(reversal_id), std::nullopt};
  if (minutes > 0) {
    NewEntry replacement = reversal;
    replacement.minutes = minutes;
    replacement.kind = EntryKind::kCorrection;
    replacement.status = EntryStatus::kPending;
    replacement.reverses.reset();
    ZY_ASSIGN_OR_RETURN(auto replacement_id, uow.Ledger().Insert(replacement));
    (void)Settle(uow, *uow.Ledger().Find(replacement_id), caller.account, now);
    result.replacement = *uow.Ledger().Find(replacement_id);
  }
  hours_sink_.HoursReduced(uow, e.volunteer);
  uow.Notifications().Insert(e.volunteer_account, "服务时长已更正",
                             "活动“" + e.activity_title + "”" + core::FormatDate(e.service_date) + "的时长由" +
                                 std::to_string(e.minutes) + "分钟更正为" + std::to_string(minutes) + "分钟。原因：" +
                                 reason + "。如有异议可提出申诉。",
                             "/me/hours", now);
  return result;
}

core::Result<CorrectionResult> LedgerService::Correct(const Principal& caller, core::LedgerEntryId id,
                                                      std::optional<int> minutes_in, const std::string& reason_code,
                                                      const std::string& reason_in, const audit::RequestMeta& meta) {
  core::Validator v;
  if (!minutes_in) v.Add("minutes", "required", "请填写更正后的时长（分钟，0 表示撤销）");
  int minutes = minutes_in.value_or(0);
  auto reason = v.Text("reason", reason_in, "更正原因", 200);
  if (std::find(std::begin(kReasonCodes), std::end(kReasonCodes), reason_code) == std::end(kReasonCodes))
    v.Add("reason_code", "invalid_reason_code", "请选择更正类型");
  auto uow = store_.Write();
  auto e = uow->Ledger().Find(id);
  if (!e || !(caller.IsOrgAdminOf(e->organization))) return Error::NotFound("时长记录不存在");
  ZY_TRY(v.Done());
  auto now = clock_.Now();
  ZY_ASSIGN_OR_RETURN(auto result, CorrectIn(*uow, caller, *e, minutes, reason_code, reason, now));
  uow->Audit().Append(audit::Event(now, meta, caller.account, std::string(caller.PrimaryRole()), "ledger.correct",
                                   "ledger_entry", Id(id.value), "ok",
                                   "{\"from\":" + std::to_string(e->minutes) + ",\"to\":" + std::to_string(minutes) +
                                       ",\"reason_code\":\"" + reason_code + "\"}"));
  uow->Commit();
  return result;
}

core::Result<Hours> LedgerService::MyHours(const Principal& caller) {
  if (!caller.volunteer) return Error::Forbidden("当前账户不是志愿者");
  auto uow = store_.Read();
  Hours h;
  h.by_year = uow->Ledger().Totals(*caller.volunteer);
  for (const auto& y : h.by_year) h.confirmed_minutes += y.minutes;
  h.pending_minutes = uow->Ledger().PendingMinutes(*caller.volunteer);
  h.entries = uow->Ledger().OfVolunteer(*caller.volunteer, 500);
  return h;
}

core::Result<std::vector<Entry>> LedgerService::ActivityEntries(const Principal& caller, core::ActivityId id) {
  auto uow = store_.Read();
  auto a = uow->Activities().Find(id);
  // 谁组织谁记录: another organisation's activity is outside the caller's scope, 404 as for a nonexistent one.
  if (!a || !caller.IsOrgAdminOf(a->organization)) return Error::NotFound("活动不存在");
  return uow->Ledger().ForActivity(id, std::nullopt);
}

core::Result<std::vector<MemberHours>> LedgerService::OrganizationHours(const Principal& caller,
                                                                       core::OrganizationId org, int year) {
  if (!caller.IsOrgAdminOf(org)) return Error::NotFound("组织不存在");
  if (year < 2000 || year > 2100) return Error::Field("year", "invalid_year", "年份不正确");
  return store_.Read()->Ledger().OrganizationHours(org, year);
}

core::Result<Entry> LedgerService::RequestRetroEntry(const Principal& caller, core::ActivityId activity_id,
                                                    const std::string& volunteer_number, const std::string& date_text,
                                                    int minutes, const std::string& reason_in,
                                                    const audit::RequestMeta& meta) {
  core::Validator v;
  auto reason = v.Text("reason", reason_in, "补录原因", 200);
  auto day = core::ParseDate(date_text);
  if (!day) v.Add("service_date", "invalid_date", "服务日期格式应为 YYYY-MM-DD");
  if (minutes <= 0 || minutes > kMinutesPerDay) v.Add("minutes", "invalid_minutes", "补录时长应为1至1440分钟（一天）");
  auto uow = store_.Write();
  auto a = uow->Activities().Find(activity_id);
  // 谁组织谁记录: another organisation's activity is outside the caller's scope, 404 as for a nonexistent one.
  if (!a || !caller.IsOrgAdminOf(a->organization)) return Error::NotFound("活动不存在");
  auto volunteer = uow->Volunteers().FindByNumber(volunteer_number);
  if (!volunteer) v.Add("volunteer_number", "unknown_volunteer", "志愿者编号不存在");
  auto now = clock_.Now();
  auto today = core::ChinaDate(now);
  if (day && (*day < core::ChinaDate(a->starts_at) || *day > core::ChinaDate(a->ends_at) || *day > today))
    v.Add("service_date", "date_outside_activity", "服务日期须在活动期间且不晚于今天");
  if (a->status == activities::ActivityStatus::kCancelled)
    v.Add("activity", "activity_cancelled", "已取消的活动不能补录");
  ZY_TRY(v.Done());
  // Nobody serves more than 24 hours in a day, whatever the tiers would approve.
  auto that_day = uow->Ledger().ConfirmedMinutesOn(volunteer->id, *day);
  if (that_day + minutes > kMinutesPerDay)
    return Error::Field("minutes", "exceeds_day",
                        "该志愿者当天已确认" + std::to_string(that_day) + "分钟，补录后将超过24小时");
  auto recorded = uow->Ledger().RecordedMinutes(volunteer->id, activity_id);
  if (recorded + minutes > a->DurationMinutes())
    return Error::Field("minutes", "exceeds_activity_duration",
                        "补录后该志愿者在本活动的时长（" + std::to_string(recorded + minutes) + "分钟）将超过活动时长" +
                            std::to_string(a->DurationMinutes()) + "分钟");
  NewEntry e;
  e.volunteer = volunteer->id;
  e.activity = activity_id;
  e.organization = a->organization;
  e.service_date = *day;
  e.minutes = minutes;
  e.kind = EntryKind::kRetro;
  // Retro-entries always go to the level above; a long day may then need the city too (Review re-checks).
  e.status = RequiredLevel(uow->Ledger().ConfirmedMinutesOn(volunteer->id, *day), minutes) == ApprovalLevel::kCity
                 ? EntryStatus::kAwaitingCity
                 : EntryStatus::kAwaitingCounty;
  e.reason_code = "retro";
  e.reason = reason;
  e.created_by = caller.account;
  e.created_at = now;
  ZY_ASSIGN_OR_RETURN(auto id, uow->Ledger().Insert(e));
  uow->Audit().Append(audit::Event(now, meta, caller.account, std::string(caller.PrimaryRole()), "ledger.retro_request",
                                   "ledger_entry", Id(id.value), "ok", "{\"minutes\":" + std::to_string(minutes) + "}"));
  auto created = uow->Ledger().Find(id);
  uow->Commit();
  return *created;
}

core::Result<Appeal> LedgerService::FileAppeal(const Principal& caller, core::LedgerEntryId entry_id,
                                               const std::string& reason_in, const audit::RequestMeta& meta) {
  core::Validator v;
  auto reason = v.Text("reason", reason_in, "申诉理由", 500);
  auto uow = store_.Write();
  auto e = uow->Ledger().Find(entry_id);
  if (!e || !caller.volunteer || e->volunteer != *caller.volunteer) return Error::NotFound("时长记录不存在");
  ZY_TRY(v.Done());
  if (e->status != EntryStatus::kConfirmed || e->kind == EntryKind::kReversal || e->reversed)
    return Error::Conflict("entry_not_appealable", "只能对已确认且未更正的记录申诉；待审核的记录请联系活动组织方");
  auto now = clock_.Now();
  ZY_ASSIGN_OR_RETURN(auto id, uow->Ledger().InsertAppeal(entry_id, e->volunteer, e->organization, reason, now));
  for (auto admin : uow->Accounts().OrganizationAdmins(e->organization))
    uow->Notifications().Insert(admin, "新的时长申诉",
                                e->volunteer_name + "对“" + e->activity_title + "”" + core::FormatDate(e->service_date) +
                                    "的时长提出申诉：" + reason,
                                "/org/" + Id(e->organization.value) + "/appeals", now);
  uow->Audit().Append(audit::Event(now, meta, caller.account, std::string(caller.PrimaryRole()), "ledger.appeal",
                                   "ledger_appeal", Id(id)));
  auto appeal = uow->Ledger().FindAppeal(id);
  uow->Commit();
  return *appeal;
}

core::Result<std::vector<Appeal>> LedgerService::MyAppeals(const Principal& caller) {
  if (!caller.volunteer) return std::vector<Appeal>{};
  return store_.Read()->Ledger().AppealsOfVolunteer(*caller.volunteer);
}

core::Result<std::vector<Appeal>> LedgerService::OrganizationAppeals(const Principal& caller, core::OrganizationId org,
                                                                     std::optional<AppealStatus> status) {
  if (!caller.IsOrgAdminOf(org)) return Error::NotFound("组织不存在");
  return store_.Read()->Ledger().AppealsOfOrganization(org, status);
}

core::Result<Appeal> LedgerService::DecideAppeal(const Principal& caller, std::int64_t appeal_id,
                                                 std::optional<bool> accept_in, const std::string& reason_in,
                                                 std::optional<int> minutes, const audit::RequestMeta& meta) {
  core::Validator v;
  if (!accept_in) v.Add("accept", "required", "请选择是否采纳申诉");
  bool accept = accept_in.value_or(false);
  auto reason = v.Text("reason", reason_in, "处理意见", 500);
  auto uow = store_.Write();
  auto appeal = uow->Ledger().FindAppeal(appeal_id);
  if (!appeal || !caller.IsOrgAdminOf(appeal->organization)) return Error::NotFound("申诉不存在");
  ZY_TRY(v.Done());
  if (appeal->status != AppealStatus::kOpen) return Error::Conflict("already_decided", "该申诉已处理");
  auto now = clock_.Now();
  std::optional<core::LedgerEntryId> correction;
  if (accept && minutes) {
    auto entry = uow->Ledger().Find(appeal->entry);
    ZY_ASSIGN_OR_RETURN(auto corrected, CorrectIn(*uow, caller, *entry, *minutes, "other", "申诉处理：" + reason, now));
    correction = corrected.replacement ? corrected.replacement->id : corrected.reversal.id;
  }
  uow->Ledger().DecideAppeal(appeal_id, accept ? AppealStatus::kAccepted : AppealStatus::kRejected, reason, correction,
                             caller.account, now);
  uow->Notifications().Insert(appeal->volunteer_account, accept ? "申诉已受理" : "申诉未被采纳",
                              "关于“" + appeal->activity_title + "”时长的申诉：" + reason, "/me/hours", now);
  uow->Audit().Append(audit::Event(now, meta, caller.account, std::string(caller.PrimaryRole()),
                                   accept ? "ledger.appeal_accept" : "ledger.appeal_reject", "ledger_appeal",
                                   Id(appeal_id)));
  auto updated = uow->Ledger().FindAppeal(appeal_id);
  uow->Commit();
  return *updated;
}

}  // namespace zhiyuan::domain::ledger
