#include "domain/recognition/star_service.hpp"

#include "core/text.hpp"
#include "core/validation.hpp"

namespace zhiyuan::domain::recognition {

using core::Error;

namespace {

std::string Stars(int level) { return std::to_string(level) + "星级"; }

audit::AuditEvent Audited(const Principal& caller, const audit::RequestMeta& meta, core::TimePoint at,
                          std::string action, std::string type, std::int64_t id, std::string detail = {}) {
  return audit::Event(at, meta, caller.account, std::string(caller.PrimaryRole()), std::move(action), std::move(type),
                      std::to_string(id), "ok", std::move(detail));
}

}  // namespace

StarSummary StarService::SummaryOf(UnitOfWork& uow, core::VolunteerId volunteer, bool with_events) {
  auto rules = uow.Stars().Rules();
  auto standing = uow.Stars().StandingOf(volunteer);
  StarSummary s;
  s.confirmed_minutes = uow.Ledger().ConfirmedMinutes(volunteer);
  auto today = core::ChinaDate(clock_.Now());
  bool barred = standing.barred_until && today <= *standing.barred_until;
  s.star_level = barred ? 0 : rules.LevelFor(s.confirmed_minutes);
  s.certified_level = standing.certified_level;
  if (standing.barred_until && barred) s.barred_until = standing.barred_until;
  int reached = rules.LevelFor(s.confirmed_minutes);
  if (auto next = rules.ThresholdOf(reached + 1); next && !barred) {
    s.next_level = reached + 1;
    s.minutes_to_next = *next - s.confirmed_minutes;
  }
  if (with_events) s.events = uow.Stars().Events(volunteer);
  return s;
}

StarSummary StarService::Summary(core::VolunteerId volunteer) {
  auto uow = store_.Read();
  return SummaryOf(*uow, volunteer, false);
}

core::Result<StarSummary> StarService::Mine(const Principal& caller) {
  if (!caller.volunteer) return Error::Forbidden("只有注册志愿者有星级");
  auto uow = store_.Read();
  return SummaryOf(*uow, *caller.volunteer, true);
}

core::Result<core::Page<Eligible>> StarService::EligibleList(const Principal& caller, core::PageRequest page) {
  if (!caller.IsCityAdmin()) return Error::Forbidden("星级认定由市级管理员办理");
  auto uow = store_.Read();
  return uow->Stars().EligibleOn(core::ChinaDate(clock_.Now()), page);
}

core::Result<PublicityDetail> StarService::OpenPublicity(const Principal& caller, const std::string& title_in,
                                                         int working_days,
                                                         const std::optional<std::vector<core::VolunteerId>>& volunteers,
                                                         const audit::RequestMeta& meta) {
  if (!caller.IsCityAdmin()) return Error::Forbidden("星级认定由市级管理员办理");
  core::Validator v;
  auto title = v.Text("title", title_in, "公示标题", 100);
  auto uow = store_.Write();
  auto rules = uow->Stars().Rules();
  if (working_days < rules.publicity_min_working_days || working_days > 30)
    v.Add("working_days", "publicity_too_short",
          "公示期应为" + std::to_string(rules.publicity_min_working_days) + "至30个工作日");
  ZY_TRY(v.Done());
  auto now = clock_.Now();
  auto today = core::ChinaDate(now);
  // Who is listed: the eligible list, checked again here so a stale page cannot list someone not eligible.
  auto eligible = uow->Stars().EligibleOn(today, {1, 500}).items;
  std::vector<Eligible> chosen;
  if (!volunteers) {
    chosen = eligible;
  } else {
    if (volunteers->empty()) return Error::Field("volunteer_ids", "required", "请选择列入公示的志愿者");
    std::vector<core::VolunteerId> unique;
    for (auto id : *volunteers)
      if (std::find(unique.begin(), unique.end(), id) == unique.end()) unique.push_back(id);
    for (auto id : unique) {
      auto it = std::find_if(eligible.begin(), eligible.end(), [&](const Eligible& e) { return e.volunteer == id; });
      if (it == eligible.end())
        return Error::Field("volunteer_ids", "not_eligible",
                            "志愿者（编号" + std::to_string(id.value) + "）目前不符合星级认定条件或已在公示中");
      chosen.push_back(*it);
    }
  }
  if (chosen.empty()) return Error::Conflict("nobody_eligible", "目前没有符合条件的志愿者");
  auto id = uow->Stars().InsertPublicity(title, today, AddWorkingDays(today, working_days), caller.account, now);
  for (const auto& e : chosen) {
    if (!uow->Stars().InsertCandidate(id, e.volunteer, e.eligible_level, e.confirmed_minutes))
      return Error::Conflict("already_on_publicity", e.name + "已在另一公示名单中");
    if (auto vol = uow->Volunteers().Find(e.volunteer))
      uow->Notifications().Insert(vol->account, "星级认定公示：" + Stars(e.eligible_level),
                                  "您已列入" + Stars(e.eligible_level) + "志愿者认定公示名单，公示期满且无异议后予以认定。",
                                  "/me/stars", now);
  }
  uow->Audit().Append(Audited(caller, meta, now, "stars.publicity.open", "star_publicity", id.value,
                              "{\"candidates\":" + std::to_string(chosen.size()) + "}"));
  PublicityDetail detail{*uow->Stars().FindPublicity(id), uow->Stars().Candidates(id)};
  uow->Commit();
  return detail;
}

std::vector<Publicity> StarService::Publicities() { return store_.Read()->Stars().Publicities(50); }

core::Result<PublicityDetail> StarService::PublicityOf(PublicityId id) {
  auto uow = store_.Read();
  auto p = uow->Stars().FindPublicity(id);
  if (!p) return Error::NotFound("公示不存在");
  return PublicityDetail{*p, uow->Stars().Candidates(id)};
}

core::Result<Objection> StarService::Object(const Principal& caller, CandidateId candidate, const std::string& reason_in,
                                            const audit::RequestMeta& meta) {
  core::Validator v;
  auto reason = v.Text("reason", reason_in, "异议理由", 500);
  if (v.ok() && core::Utf8Length(reason) < 10) v.Add("reason", "too_short", "请写明异议的事实和理由（不少于10个字）");
  ZY_TRY(v.Done());
  auto uow = store_.Write();
  auto c = uow->Stars().FindCandidate(candidate);
  if (!c) return Error::NotFound("公示对象不存在");
  auto p = uow->Stars().FindPublicity(c->publicity);
  auto now = clock_.Now();
  if (p->status != PublicityStatus::kOpen || core::ChinaDate(now) > p->ends_on)
    return Error::Conflict("publicity_over", "公示期已结束，不再受理异议");
  if (c->status != CandidateStatus::kPublicized) return Error::Conflict("candidate_withdrawn", "该公示对象已撤出名单");
  auto id = uow->Stars().InsertObjection(candidate, caller.account, reason, now);
  uow->Audit().Append(Audited(caller, meta, now, "stars.objection.file", "star_objection", id.value));
  auto o = uow->Stars().FindObjection(id);
  uow->Commit();
  return *o;
}

core::Result<std::vector<Objection>> StarService::Objections(const Principal& caller, PublicityId id) {
  auto uow = store_.Read();
  if (!caller.IsCityAdmin() || !uow->Stars().FindPublicity(id)) return Error::NotFound("公示不存在");
  return uow->Stars().Objections(id);
}

core::Result<Objection> StarService::Decide(const Principal& caller, ObjectionId id, bool uphold,
                                            const std::string& reason_in, const audit::RequestMeta& meta) {
  if (!caller.IsCityAdmin()) return Error::Forbidden("异议由市级管理员核查处理");
  core::Validator v;
  auto reason = v.Text("reason", reason_in, "处理意见", 500);
  ZY_TRY(v.Done());
  auto uow = store_.Write();
  auto o = uow->Stars().FindObjection(id);
  if (!o) return Error::NotFound("异议不存在");
  auto now = clock_.Now();
  if (!uow->Stars().DecideObjection(id, uphold ? ObjectionStatus::kUpheld : ObjectionStatus::kDismissed, reason,
                                    caller.account, now))
    return Error::Conflict("objection_decided", "该异议已处理");
  if (uphold) {
    auto c = uow->Stars().FindCandidate(o->candidate);
    if (uow->Stars().SetCandidateStatus(o->candidate, CandidateStatus::kPublicized, CandidateStatus::kWithdrawn,
                                        "异议成立：" + reason))
      uow->Notifications().Insert(c->volunteer_account, "星级认定未通过",
                                  "公示期间收到的异议经核查成立，" + Stars(c->level) + "认定未予通过。处理意见：" + reason,
                                  "/me/stars", now);
  }
  uow->Audit().Append(Audited(caller, meta, now, uphold ? "stars.objection.uphold" : "stars.objection.dismiss",
                              "star_objection", id.value));
  auto decided = uow->Stars().FindObjection(id);
  uow->Commit();
  return *decided;
}

core::Result<PublicityDetail> StarService::Close(const Principal& caller, PublicityId id,
                                                 const audit::RequestMeta& meta) {
  if (!caller.IsCityAdmin()) return Error::Forbidden("星级认定由市级管理员办理");
  auto uow = store_.Write();
  auto p = uow->Stars().FindPublicity(id);
  if (!p) return Error::NotFound("公示不存在");
  auto now = clock_.Now();
  auto today = core::ChinaDate(now);
  if (p->status != PublicityStatus::kOpen) return Error::Conflict("publicity_closed", "该公示已结束");
  if (today <= p->ends_on)
    return Error::Conflict("publicity_not_over", "公示期至" + core::FormatDate(p->ends_on) + "，期满后方可认定");
  if (p->open_objections > 0) return Error::Conflict("objections_open", "还有未处理的异议，请先核查处理");
  if (!uow->Stars().ClosePublicity(id, caller.account, now)) return Error::Conflict("publicity_closed", "该公示已结束");
  int certified = 0;
  for (const auto& c : uow->Stars().Candidates(id)) {
    if (c.status != CandidateStatus::kPublicized) continue;
    auto summary = SummaryOf(*uow, c.volunteer, false);
    if (summary.star_level < c.level) {
      (void)uow->Stars().SetCandidateStatus(c.id, CandidateStatus::kPublicized, CandidateStatus::kWithdrawn,
                                            "公示期间时长变动，已不满足" + Stars(c.level) + "条件");
      continue;
    }
    auto standing = uow->Stars().StandingOf(c.volunteer);
    int previous = standing.certified_level;
    standing.certified_level = std::max(previous, c.level);
    standing.certified_at = now;
    uow->Stars().SaveStanding(standing, now);
    uow->Stars().AddEvent({0, c.volunteer, EventKind::kCertified, standing.certified_level, previous, "publicity_passed",
                           p->title, id, std::nullopt, caller.account, now});
    (void)uow->Stars().SetCandidateStatus(c.id, CandidateStatus::kPublicized, CandidateStatus::kCertified,
                                          "公示期满无异议");
    uow->Notifications().Insert(c.volunteer_account, "星级认定通过：" + Stars(c.level),
                                "经公示无异议，您已被认定为" + Stars(c.level) + "志愿者，已记入志愿者档案。", "/me/stars",
                                now);
    ++certified;
  }
  uow->Audit().Append(Audited(caller, meta, now, "stars.publicity.close", "star_publicity", id.value,
                              "{\"certified\":" + std::to_string(certified) + "}"));
  PublicityDetail detail{*uow->Stars().FindPublicity(id), uow->Stars().Candidates(id)};
  uow->Commit();
  return detail;
}

core::Result<StarSummary> StarService::RevokeForFalsification(const Principal& caller, core::VolunteerId volunteer,
                                                              const std::string& reason_in, int bar_years,
                                                              const audit::RequestMeta& meta) {
  if (!caller.IsCityAdmin()) return Error::Forbidden("星级撤销由市级管理员办理");
  core::Validator v;
  auto reason = v.Text("reason", reason_in, "撤销原因", 500);
  auto uow = store_.Write();
  auto rules = uow->Stars().Rules();
  if (bar_years < rules.bar_min_years || bar_years > rules.bar_max_years)
    v.Add("bar_years", "invalid_bar_years",
          "禁止申请期限应为" + std::to_string(rules.bar_min_years) + "至" + std::to_string(rules.bar_max_years) + "年");
  ZY_TRY(v.Done());
  auto vol = uow->Volunteers().Find(volunteer);
  if (!vol) return Error::NotFound("志愿者不存在");
  auto now = clock_.Now();
  auto today = core::ChinaDate(now);
  auto standing = uow->Stars().StandingOf(volunteer);
  if (standing.barred_until && today <= *standing.barred_until && standing.certified_level == 0)
    return Error::Conflict("already_barred", "该志愿者已因虚假时长被撤销星级，禁止期至" +
                                                 core::FormatDate(*standing.barred_until));
  int previous = standing.certified_level;
  standing.certified_level = 0;
  core::Date until{today.year() + std::chrono::years(bar_years), today.month(), today.day()};
  if (!until.ok()) until = core::Date(std::chrono::year_month_day_last(until.year(), std::chrono::month_day_last(until.month())));
  standing.barred_until = until;
  uow->Stars().SaveStanding(standing, now);
  uow->Stars().AddEvent({0, volunteer, EventKind::kRevoked, 0, previous, "falsified", reason, std::nullopt,
                         standing.barred_until, caller.account, now});
  uow->Notifications().Insert(vol->account, "星级已撤销",
                              "经核查存在虚假志愿服务时长，星级已撤销，" + core::FormatDate(*standing.barred_until) +
                                  "前不得申请星级认定。原因：" + reason,
                              "/me/stars", now);
  uow->Audit().Append(Audited(caller, meta, now, "stars.revoke", "volunteer", volunteer.value,
                              "{\"bar_years\":" + std::to_string(bar_years) + "}"));
  auto summary = SummaryOf(*uow, volunteer, true);
  uow->Commit();
  return summary;
}

core::Result<GoodStandingList> StarService::GoodStanding(const Principal& caller, int min_star_level, int min_hours,
                                                         bool full_export, const audit::RequestMeta& meta) {
  if (!caller.IsCityAdmin()) return Error::Forbidden("守信激励名单由市级管理员导出");
  core::Validator v;
  if (min_star_level < 1 || min_star_level > 5) v.Add("min_star", "invalid_level", "星级条件应为1至5");
  if (min_hours < 1 || min_hours > 100000) v.Add("min_hours", "invalid_hours", "时长条件应为1至100000小时");
  ZY_TRY(v.Done());
  auto now = clock_.Now();
  auto uow = store_.Write();
  GoodStandingList list{min_star_level, std::int64_t(min_hours) * 60,
                        uow->Stars().GoodStanding(min_star_level, std::int64_t(min_hours) * 60, core::ChinaDate(now))};
  if (full_export)
    for (auto& r : list.records) r.id_number = vault_.cipher.Decrypt("id_number", r.id_number_enc).value_or("");
  uow->Audit().Append(audit::Event(now, meta, caller.account, std::string(caller.PrimaryRole()),
                                   full_export ? "credit.export" : "credit.preview", "credit_list", "", "ok",
                                   "{\"min_star\":" + std::to_string(min_star_level) + ",\"min_hours\":" +
                                       std::to_string(min_hours) + ",\"rows\":" + std::to_string(list.records.size()) +
                                       "}"));
  uow->Commit();
  return list;
}

void StarService::HoursReduced(UnitOfWork& uow, core::VolunteerId volunteer) {
  auto standing = uow.Stars().StandingOf(volunteer);
  if (standing.certified_level == 0) return;
  auto rules = uow.Stars().Rules();
  int supported = rules.LevelFor(uow.Ledger().ConfirmedMinutes(volunteer));
  if (supported >= standing.certified_level) return;
  auto now = clock_.Now();
  int previous = standing.certified_level;
  standing.certified_level = supported;
  uow.Stars().SaveStanding(standing, now);
  uow.Stars().AddEvent({0, volunteer, EventKind::kRevoked, supported, previous, "hours_reversed",
                        "已确认时长更正后低于" + Stars(previous) + "标准", std::nullopt, std::nullopt, std::nullopt, now});
  if (auto vol = uow.Volunteers().Find(volunteer))
    uow.Notifications().Insert(vol->account, "星级已调整",
                               "您的已确认服务时长更正后低于" + Stars(previous) + "标准，星级调整为" +
                                   (supported ? Stars(supported) : std::string("无星级")) + "。",
                               "/me/stars", now);
}

}  // namespace zhiyuan::domain::recognition
