#include "domain/activities/activity_service.hpp"

#include <algorithm>

#include "core/time_format.hpp"
#include "core/validation.hpp"
#include "domain/registry/identity_documents.hpp"

namespace zhiyuan::domain::activities {

using core::Error;

namespace {

constexpr auto kMaxDuration = std::chrono::hours(24 * 366);

std::string Id(std::int64_t v) { return std::to_string(v); }

std::string Role(const Principal& p) { return std::string(p.PrimaryRole()); }

std::string FormatChina(core::TimePoint t) {
  auto s = core::FormatRfc3339(t);  // 2027-01-01T09:00:00+08:00
  return s.substr(0, 10) + " " + s.substr(11, 5);
}

bool HasSkill(const registry::Volunteer& v, const std::string& skill) {
  return std::find(v.skills.begin(), v.skills.end(), skill) != v.skills.end();
}

}  // namespace

std::optional<Error> ActivityService::Ineligible(const Activity& a, const registry::Volunteer& v) {
  auto refuse = [](std::string code, std::string message) {
    return Error::Field("activity", std::move(code), std::move(message));
  };
  if (a.min_age > 0 && core::AgeOn(v.birth_date, core::ChinaDate(a.starts_at)) < a.min_age)
    return refuse("too_young", "该活动要求年满" + std::to_string(a.min_age) + "周岁");
  using registry::IsLeagueMember;
  using registry::IsPartyMember;
  switch (a.political_requirement) {
    case PoliticalRequirement::kNone: break;
    case PoliticalRequirement::kPartyMember:
      if (!IsPartyMember(v.political_status)) return refuse("political_requirement", "该活动仅限中共党员（含预备党员）报名");
      break;
    case PoliticalRequirement::kLeagueMember:
      if (!IsLeagueMember(v.political_status)) return refuse("political_requirement", "该活动仅限共青团员报名");
      break;
    case PoliticalRequirement::kPartyOrLeague:
      if (!IsPartyMember(v.political_status) && !IsLeagueMember(v.political_status))
        return refuse("political_requirement", "该活动仅限党员、团员报名");
      break;
  }
  std::string missing;
  for (const auto& s : a.required_skills)
    if (!HasSkill(v, s)) missing += (missing.empty() ? "" : "、") + s;
  if (!missing.empty()) return refuse("missing_skills", "该活动要求具备技能：" + missing + "（可在个人资料中补充）");
  return std::nullopt;
}

core::Result<ActivityFields> ActivityService::Validate(UnitOfWork& uow, const ActivityInput& in,
                                                       const ActivityFields* current) {
  core::Validator v;
  ActivityFields f = current ? *current : ActivityFields{};
  bool create = current == nullptr;
  auto text = [&](const char* field, const std::optional<std::string>& value, std::string& target, const char* label,
                  long max, bool required) {
    if (value) target = v.Text(field, *value, label, max, required);
    else if (create && required) v.Add(field, "required", std::string("请填写") + label);
  };
  text("title", in.title, f.title, "活动名称", 100, true);
  text("category", in.category, f.category, "服务类别", 30, true);
  text("recipients", in.recipients, f.recipients, "服务对象", 100, true);
  text("content", in.content, f.content, "活动内容", 5000, true);
  text("requirements", in.requirements, f.requirements, "参与要求", 2000, false);
  text("risks", in.risks, f.risks, "风险提示", 2000, false);
  text("address", in.address, f.address, "详细地址", 200, true);
  text("contact_name", in.contact_name, f.contact_name, "联系人", 50, true);
  if (in.county_code) {
    auto county = uow.Regions().Find(*in.county_code);
    if (!county || county->level != "county") v.Add("county_code", "unknown_county", "请选择活动所在县（市、区）");
    f.county_code = *in.county_code;
  } else if (create) {
    v.Add("county_code", "required", "请选择活动所在县（市、区）");
  }
  if (in.latitude) {
    if (*in.latitude < -90 || *in.latitude > 90) v.Add("latitude", "invalid_latitude", "纬度应在-90至90之间");
    f.latitude = *in.latitude;
  } else if (create) {
    v.Add("latitude", "required", "请填写活动地点的纬度");
  }
  if (in.longitude) {
    if (*in.longitude < -180 || *in.longitude > 180) v.Add("longitude", "invalid_longitude", "经度应在-180至180之间");
    f.longitude = *in.longitude;
  } else if (create) {
    v.Add("longitude", "required", "请填写活动地点的经度");
  }
  if (in.geofence_meters) {
    if (*in.geofence_meters < 50 || *in.geofence_meters > 5000)
      v.Add("geofence_meters", "invalid_geofence", "签到范围应在50至5000米之间");
    f.geofence_meters = int(*in.geofence_meters);
  }
  bool times_ok = true;  // the start, end and deadline are compared only when all of them parsed
  auto time = [&](const char* field, const std::optional<std::string>& value, core::TimePoint& target, const char* label) {
    if (!value) {
      if (create) v.Add(field, "required", std::string("请填写") + label), times_ok = false;
      return;
    }
    auto t = core::ParseRfc3339(*value);
    if (!t) {
      v.Add(field, "invalid_time", std::string(label) + "格式应为 RFC 3339，例如 2027-01-01T09:00:00+08:00");
      times_ok = false;
    } else {
      target = std::chrono::floor<std::chrono::minutes>(*t);  // to the minute
    }
  };
  time("starts_at", in.starts_at, f.starts_at, "开始时间");
  time("ends_at", in.ends_at, f.ends_at, "结束时间");
  if (in.signup_deadline) {
    if (in.signup_deadline->empty()) {
      f.signup_deadline.reset();
    } else if (auto t = core::ParseRfc3339(*in.signup_deadline)) {
      f.signup_deadline = *t;
    } else {
      v.Add("signup_deadline", "invalid_time", "报名截止时间格式不正确");
      times_ok = false;
    }
  }
  if (times_ok) {
    if (f.ends_at <= f.starts_at) v.Add("ends_at", "ends_before_start", "结束时间应晚于开始时间");
    else if (f.ends_at - f.starts_at > kMaxDuration) v.Add("ends_at", "too_long", "一个活动的时长不能超过一年");
    if (f.signup_deadline && *f.signup_deadline > f.starts_at)
      v.Add("signup_deadline", "deadline_after_start", "报名截止时间不能晚于活动开始时间");
  }
  if (in.quota) {
    if (*in.quota < 1 || *in.quota > 100000) v.Add("quota", "invalid_quota", "招募人数应为1至100000");
    f.quota = int(*in.quota);
  } else if (create) {
    v.Add("quota", "required", "请填写招募人数");
  }
  if (in.requires_approval) f.requires_approval = *in.requires_approval;
  if (in.min_age) {
    if (*in.min_age < 0 || *in.min_age > 100) v.Add("min_age", "invalid_min_age", "最低年龄应为0至100");
    f.min_age = int(*in.min_age);
  }
  if (in.political_requirement) {
    auto p = ParsePoliticalRequirement(in.political_requirement->empty() ? "none" : *in.political_requirement);
    if (!p) v.Add("political_requirement", "invalid_political_requirement", "政治面貌要求不正确");
    else f.political_requirement = *p;
  }
  if (in.required_skills) {
    f.required_skills.clear();
    for (const auto& s : *in.required_skills) {
      auto t = v.Text("required_skills", s, "技能", 20, false);
      if (!t.empty() && std::find(f.required_skills.begin(), f.required_skills.end(), t) == f.required_skills.end())
        f.required_skills.push_back(t);
    }
  }
  if (in.contact_phone) {
    if (auto phone = v.Check(registry::CheckMobilePhone(*in.contact_phone, "contact_phone"))) {
      f.contact_phone_enc = vault_.cipher.Encrypt("contact_phone", *phone);
      f.contact_phone_masked = core::MaskPhone(*phone);
    }
  } else if (create) {
    v.Add("contact_phone", "required", "请填写联系电话");
  }
  ZY_TRY(v.Done());
  return f;
}

core::Result<Activity> ActivityService::Administered(UnitOfWork& uow, const Principal& caller, core::ActivityId id) {
  auto a = uow.Activities().Find(id);
  // Another organisation's activity is outside the caller's scope: the same 404 as a nonexistent one, even when
  // it is published and anyone may read it (SPEC §1).
  if (!a || !caller.IsOrgAdminOf(a->organization)) return Error::NotFound("活动不存在");
  return *a;
}

core::Result<Activity> ActivityService::Create(const Principal& caller, const ActivityInput& in,
                                               const audit::RequestMeta& meta) {
  auto uow = store_.Write();
  ZY_ASSIGN_OR_RETURN(auto created, CreateIn(*uow, caller, in, meta));
  uow->Commit();
  return created;
}

core::Result<Activity> ActivityService::CreateIn(UnitOfWork& uow_ref, const Principal& caller, const ActivityInput& in,
                                                 const audit::RequestMeta& meta) {
  if (!in.organization_id) return Error::Field("organization_id", "required", "请选择发布活动的组织");
  core::OrganizationId org_id(*in.organization_id);
  auto* uow = &uow_ref;
  auto org = uow->Organizations().Find(org_id);
  if (!org) return Error::Field("organization_id", "unknown_organization", "组织不存在");
  if (!caller.IsOrgAdminOf(org_id)) return Error::Forbidden("只有该组织的管理员可以发布活动");
  if (org->status != registry::OrgStatus::kApproved)
    return Error::Conflict("organization_not_approved", "组织通过审核后才能发布活动");
  ZY_ASSIGN_OR_RETURN(auto fields, Validate(*uow, in, nullptr));
  auto now = clock_.Now();
  auto id = uow->Activities().Insert(org_id, fields, caller.account, now);
  uow->Audit().Append(audit::Event(now, meta, caller.account, Role(caller), "activity.create", "activity", Id(id.value)));
  return *uow->Activities().Find(id);
}

core::Result<Activity> ActivityService::Edit(const Principal& caller, core::ActivityId id, const ActivityInput& in,
                                             const audit::RequestMeta& meta) {
  auto uow = store_.Write();
  ZY_ASSIGN_OR_RETURN(auto a, Administered(*uow, caller, id));
  if (a.status == ActivityStatus::kCancelled || a.status == ActivityStatus::kClosed)
    return Error::Conflict("activity_not_editable", "已取消或已结束的活动不能修改");
  uow->Activities().LockForSignup(id);
  ZY_ASSIGN_OR_RETURN(auto fields, Validate(*uow, in, &a));
  auto now = clock_.Now();
  if (a.status == ActivityStatus::kPublished) {
    bool times_changed = fields.starts_at != a.starts_at || fields.ends_at != a.ends_at;
    if (times_changed && (a.starts_at <= now || fields.starts_at <= now))
      return Error::Field("starts_at", "activity_in_past", "已开始的活动不能改期，改期后的开始时间也须在未来");
    auto confirmed = uow->Activities().Find(id)->confirmed_count;
    if (fields.quota < confirmed)
      return Error::Field("quota", "quota_below_confirmed", "招募人数不能少于已录取的" + std::to_string(confirmed) + "人");
  }
  uow->Activities().Update(id, fields, now);
  if (a.status == ActivityStatus::kPublished) {
    auto updated = uow->Activities().Find(id);
    PromoteWaitlisted(*uow, *updated, now);  // a larger quota takes people off the waiting list
  }
  uow->Audit().Append(audit::Event(now, meta, caller.account, Role(caller), "activity.edit", "activity", Id(id.value)));
  auto updated = uow->Activities().Find(id);
  uow->Commit();
  return *updated;
}

core::Result<Activity> ActivityService::Publish(const Principal& caller, core::ActivityId id,
                                                const audit::RequestMeta& meta) {
  auto uow = store_.Write();
  ZY_ASSIGN_OR_RETURN(auto a, Administered(*uow, caller, id));
  if (a.status != ActivityStatus::kDraft) return Error::Conflict("already_published", "该活动已发布或已结束");
  auto now = clock_.Now();
  if (a.starts_at <= now)
    return Error::Field("starts_at", "activity_in_past",
                        "只能发布未开始的活动；已发生的志愿服务请通过补录申请记录时长");
  uow->Activities().SetStatus(id, ActivityStatus::kPublished, "", now);
  uow->Audit().Append(audit::Event(now, meta, caller.account, Role(caller), "activity.publish", "activity", Id(id.value)));
  auto updated = uow->Activities().Find(id);
  uow->Commit();
  return *updated;
}

core::Result<Activity> ActivityService::Cancel(const Principal& caller, core::ActivityId id, const std::string& reason_in,
                                               const audit::RequestMeta& meta) {
  core::Validator v;
  auto reason = v.Text("reason", reason_in, "取消原因", 200);
  auto uow = store_.Write();
  ZY_ASSIGN_OR_RETURN(auto a, Administered(*uow, caller, id));
  ZY_TRY(v.Done());
  if (a.status == ActivityStatus::kCancelled || a.status == ActivityStatus::kClosed)
    return Error::Conflict("activity_not_editable", "该活动已取消或已结束");
  auto now = clock_.Now();
  if (a.status == ActivityStatus::kPublished && a.ends_at <= now)
    return Error::Conflict("activity_finished", "活动已结束，不能取消；请关闭活动");
  uow->Activities().LockForSignup(id);
  uow->Activities().SetStatus(id, ActivityStatus::kCancelled, reason, now);
  for (const auto& s : uow->Activities().Signups(id, std::nullopt)) {
    if (s.status == SignupStatus::kRejected || s.status == SignupStatus::kCancelled) continue;
    uow->Notifications().Insert(s.volunteer_account, "活动已取消：" + a.title,
                                "您报名的活动“" + a.title + "”（" + FormatChina(a.starts_at) + "）已取消。原因：" + reason,
                                "/activities/" + Id(id.value), now);
  }
  uow->Audit().Append(audit::Event(now, meta, caller.account, Role(caller), "activity.cancel", "activity", Id(id.value)));
  auto updated = uow->Activities().Find(id);
  uow->Commit();
  return *updated;
}

core::Result<Activity> ActivityService::Close(const Principal& caller, core::ActivityId id,
                                              const audit::RequestMeta& meta) {
  auto uow = store_.Write();
  ZY_ASSIGN_OR_RETURN(auto a, Administered(*uow, caller, id));
  auto now = clock_.Now();
  if (a.status != ActivityStatus::kPublished || a.ends_at > now)
    return Error::Conflict("activity_not_finished", "只有已结束的活动可以关闭");
  uow->Activities().SetStatus(id, ActivityStatus::kClosed, "", now);
  uow->Audit().Append(audit::Event(now, meta, caller.account, Role(caller), "activity.close", "activity", Id(id.value)));
  auto updated = uow->Activities().Find(id);
  uow->Commit();
  return *updated;
}

core::Result<Activity> ActivityService::Get(const Principal* caller, core::ActivityId id) {
  auto a = store_.Read()->Activities().Find(id);
  if (!a) return Error::NotFound("活动不存在");
  if (a->status == ActivityStatus::kDraft && !(caller && caller->IsOrgAdminOf(a->organization)))
    return Error::NotFound("活动不存在");
  return *a;
}

core::Result<core::Page<Activity>> ActivityService::Search(const Principal* caller, ActivityQuery query) {
  query.include_drafts = query.organization && caller && caller->IsOrgAdminOf(*query.organization);
  if (query.wire_status && *query.wire_status == "draft" && !query.include_drafts) {
    core::Page<Activity> empty;
    empty.request = query.page;
    return empty;
  }
  // The public search may be a moment behind (the read replica); an organisation's own list, drafts included,
  // shows its admin's latest changes.
  auto uow = query.include_drafts ? store_.Read() : store_.ReadStale();
  return uow->Activities().Search(query, clock_.Now());
}

core::Result<std::vector<Recommendation>> ActivityService::Recommended(const Principal& caller) {
  if (!caller.volunteer) return Error::Forbidden("只有志愿者可以获取推荐活动");
  auto uow = store_.Read();
  auto v = uow->Volunteers().Find(*caller.volunteer);
  auto now = clock_.Now();
  std::vector<core::ActivityId> signed_up;
  for (const auto& s : uow->Activities().SignupsOf(*caller.volunteer)) signed_up.push_back(s.activity);
  std::vector<std::pair<int, Recommendation>> scored;
  for (auto& a : uow->Activities().Upcoming(now, 500)) {
    if (Ineligible(a, *v) || std::find(signed_up.begin(), signed_up.end(), a.id) != signed_up.end()) continue;
    Recommendation r{a, {}};
    int score = 0;
    if (a.county_code == v->county_code) score += 3, r.reasons.push_back("在您所在的" + v->county_name);
    if (std::find(v->service_categories.begin(), v->service_categories.end(), a.category) != v->service_categories.end())
      score += 2, r.reasons.push_back("服务类别：" + a.category);
    for (const auto& s : a.required_skills)
      if (HasSkill(*v, s)) score += 1, r.reasons.push_back("用得上您的技能：" + s);
    if (score == 0) continue;
    scored.emplace_back(score, std::move(r));
  }
  std::stable_sort(scored.begin(), scored.end(), [](const auto& x, const auto& y) { return x.first > y.first; });
  std::vector<Recommendation> out;
  for (auto& [score, r] : scored) {
    if (out.size() == 20) break;
    out.push_back(std::move(r));
  }
  return out;
}

core::Result<Signup> ActivityService::SignUp(const Principal& caller, core::ActivityId id, const audit::RequestMeta& meta) {
  if (!caller.volunteer) return Error::Forbidden("只有注册志愿者可以报名");
  auto uow = store_.Write();
  uow->Activities().LockForSignup(id);
  auto a = uow->Activities().Find(id);
  if (!a || a->status == ActivityStatus::kDraft) return Error::NotFound("活动不存在");
  auto now = clock_.Now();
  if (a->status != ActivityStatus::kPublished)
    return Error::Field("activity", "activity_not_open", "该活动已取消或已结束，不能报名");
  if (now >= a->starts_at || (a->signup_deadline && now > *a->signup_deadline))
    return Error::Field("activity", "signup_closed", "报名已截止");
  auto volunteer = uow->Volunteers().Find(*caller.volunteer);
  if (auto refusal = Ineligible(*a, *volunteer)) return *refusal;
  auto existing = uow->Activities().FindSignupOf(id, *caller.volunteer);
  if (existing && existing->status != SignupStatus::kCancelled && existing->status != SignupStatus::kRejected)
    return Error::Duplicate("already_signed_up", "您已报名该活动");
  SignupStatus status = a->requires_approval               ? SignupStatus::kPending
                        : uow->Activities().TryTakePlace(id) ? SignupStatus::kConfirmed
                                                             : SignupStatus::kWaitlisted;
  core::SignupId signup_id;
  if (existing) {
    uow->Activities().UpdateSignup(existing->id, status, "", std::nullopt, now, true);
    signup_id = existing->id;
  } else {
    ZY_ASSIGN_OR_RETURN(signup_id, uow->Activities().InsertSignup(id, *caller.volunteer, status, now));
  }
  uow->Audit().Append(audit::Event(now, meta, caller.account, Role(caller), "signup.create", "signup", Id(signup_id.value),
                                   "ok", "{\"status\":\"" + std::string(ToString(status)) + "\"}"));
  auto signup = uow->Activities().FindSignup(id, signup_id);
  uow->Commit();
  return *signup;
}

void ActivityService::PromoteWaitlisted(UnitOfWork& uow, const Activity& a, core::TimePoint now) {
  while (auto next = uow.Activities().FirstWaitlisted(a.id)) {
    if (!uow.Activities().TryTakePlace(a.id)) break;
    uow.Activities().UpdateSignup(next->id, SignupStatus::kConfirmed, "", std::nullopt, now, false);
    uow.Notifications().Insert(next->volunteer_account, "候补成功：" + a.title,
                               "您已从候补名单转为正式录取：“" + a.title + "”（" + FormatChina(a.starts_at) + "）。",
                               "/activities/" + Id(a.id.value), now);
  }
}

core::Result<Signup> ActivityService::CancelSignup(const Principal& caller, core::ActivityId id,
                                                   const audit::RequestMeta& meta) {
  if (!caller.volunteer) return Error::Forbidden("只有志愿者可以取消报名");
  auto uow = store_.Write();
  uow->Activities().LockForSignup(id);
  auto a = uow->Activities().Find(id);
  auto s = a ? uow->Activities().FindSignupOf(id, *caller.volunteer) : std::nullopt;
  if (!s || s->status == SignupStatus::kCancelled || s->status == SignupStatus::kRejected)
    return Error::NotFound("您没有报名该活动");
  auto now = clock_.Now();
  if (now >= a->starts_at) return Error::Conflict("activity_started", "活动已开始，不能取消报名");
  Withdraw(*uow, *a, *s, caller.account, now);
  uow->Audit().Append(audit::Event(now, meta, caller.account, Role(caller), "signup.cancel", "signup", Id(s->id.value)));
  auto updated = uow->Activities().FindSignup(id, s->id);
  uow->Commit();
  return *updated;
}

void ActivityService::Withdraw(UnitOfWork& uow, const Activity& activity, const Signup& signup, core::AccountId by,
                               core::TimePoint now) {
  uow.Activities().UpdateSignup(signup.id, SignupStatus::kCancelled, "", by, now, false);
  if (signup.status == SignupStatus::kConfirmed && activity.status == ActivityStatus::kPublished) {
    uow.Activities().ReleasePlace(activity.id);
    PromoteWaitlisted(uow, activity, now);
  }
}

void ActivityService::WithdrawFromUpcoming(UnitOfWork& uow, core::VolunteerId volunteer, core::AccountId by,
                                           core::TimePoint now) {
  for (const auto& s : uow.Activities().SignupsOf(volunteer)) {
    if (s.status == SignupStatus::kCancelled || s.status == SignupStatus::kRejected) continue;
    uow.Activities().LockForSignup(s.activity);
    auto a = uow.Activities().Find(s.activity);
    if (!a || now >= a->starts_at) continue;  // what has started stays: its attendance and hours are records
    Withdraw(uow, *a, s, by, now);
  }
}

core::Result<Signup> ActivityService::DecideSignup(const Principal& caller, core::ActivityId id, core::SignupId signup_id,
                                                   bool approve, const std::string& reason_in,
                                                   const audit::RequestMeta& meta) {
  core::Validator v;
  auto reason = v.Text("reason", reason_in, "理由", 200, !approve);
  auto uow = store_.Write();
  ZY_ASSIGN_OR_RETURN(auto a, Administered(*uow, caller, id));
  ZY_TRY(v.Done());
  uow->Activities().LockForSignup(id);
  auto s = uow->Activities().FindSignup(id, signup_id);
  if (!s) return Error::NotFound("报名记录不存在");
  if (s->status != SignupStatus::kPending) return Error::Conflict("already_decided", "该报名已处理");
  if (a.status != ActivityStatus::kPublished) return Error::Conflict("activity_not_open", "该活动已取消或已结束");
  auto now = clock_.Now();
  SignupStatus status = !approve                           ? SignupStatus::kRejected
                        : uow->Activities().TryTakePlace(id) ? SignupStatus::kConfirmed
                                                             : SignupStatus::kWaitlisted;
  uow->Activities().UpdateSignup(signup_id, status, reason, caller.account, now, status == SignupStatus::kWaitlisted);
  uow->Notifications().Insert(s->volunteer_account, (approve ? "报名已通过：" : "报名未通过：") + a.title,
                              status == SignupStatus::kConfirmed    ? "您已被录取，请按时参加。"
                              : status == SignupStatus::kWaitlisted ? "名额已满，您已进入候补名单。"
                                                                    : "未通过原因：" + reason,
                              "/activities/" + Id(id.value), now);
  uow->Audit().Append(audit::Event(now, meta, caller.account, Role(caller), approve ? "signup.approve" : "signup.reject",
                                   "signup", Id(signup_id.value)));
  auto updated = uow->Activities().FindSignup(id, signup_id);
  uow->Commit();
  return *updated;
}

core::Result<std::vector<Signup>> ActivityService::Signups(const Principal& caller, core::ActivityId id,
                                                           std::optional<SignupStatus> status) {
  auto uow = store_.Read();
  ZY_TRY(Administered(*uow, caller, id));
  return uow->Activities().Signups(id, status);
}

core::Result<std::vector<Signup>> ActivityService::MySignups(const Principal& caller) {
  if (!caller.volunteer) return std::vector<Signup>{};
  return store_.Read()->Activities().SignupsOf(*caller.volunteer);
}

std::optional<Signup> ActivityService::MySignup(const Principal* caller, core::ActivityId id) {
  if (!caller || !caller->volunteer) return std::nullopt;
  return store_.Read()->Activities().FindSignupOf(id, *caller->volunteer);
}

}  // namespace zhiyuan::domain::activities
