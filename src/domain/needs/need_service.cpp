#include "domain/needs/need_service.hpp"

#include "core/time_format.hpp"
#include "core/validation.hpp"
#include "domain/registry/identity_documents.hpp"

namespace zhiyuan::domain::needs {

using core::Error;
using identity::Role;

namespace {
std::string Id(std::int64_t v) { return std::to_string(v); }
}  // namespace

bool NeedService::CanSee(const Principal& caller, const Need& n) const {
  return n.posted_by == caller.account || caller.AdministersCounty(n.county_code) ||
         (n.organization && caller.IsOrgAdminOf(*n.organization));
}

core::Result<Need> NeedService::Post(const Principal& caller, const PostNeed& in, const audit::RequestMeta& meta) {
  core::Validator v;
  NeedFields f;
  f.title = v.Text("title", in.title, "需求名称", 100);
  f.description = v.Text("description", in.description, "需求内容", 2000);
  f.recipients = v.Text("recipients", in.recipients, "服务对象", 100);
  f.address = v.Text("address", in.address, "服务地点", 200);
  f.contact_name = v.Text("contact_name", in.contact_name, "联系人", 50);
  f.county_code = in.county_code;
  f.latitude = in.latitude;
  f.longitude = in.longitude;
  if ((f.latitude && (*f.latitude < -90 || *f.latitude > 90)) || (f.longitude && (*f.longitude < -180 || *f.longitude > 180)))
    v.Add("latitude", "invalid_coordinates", "经纬度不正确");
  auto from = core::ParseRfc3339(in.wanted_from);
  auto to = core::ParseRfc3339(in.wanted_to);
  if (!from) v.Add("wanted_from", "invalid_time", "期望开始时间格式应为 RFC 3339");
  if (!to) v.Add("wanted_to", "invalid_time", "期望结束时间格式应为 RFC 3339");
  if (from && to && *to <= *from) v.Add("wanted_to", "ends_before_start", "期望结束时间应晚于开始时间");
  if (from && *from < clock_.Now() - std::chrono::hours(24)) v.Add("wanted_from", "in_past", "期望时间不能早于今天");
  if (auto phone = v.Check(registry::CheckMobilePhone(in.contact_phone, "contact_phone"))) {
    f.contact_phone_enc = vault_.cipher.Encrypt("contact_phone", *phone);
    f.contact_phone_masked = core::MaskPhone(*phone);
  }
  auto uow = store_.Write();
  auto county = uow->Regions().Find(in.county_code);
  if (!county || county->level != "county") v.Add("county_code", "unknown_county", "请选择服务所在县（市、区）");
  ZY_TRY(v.Done());
  f.wanted_from = *from;
  f.wanted_to = *to;
  auto now = clock_.Now();
  auto id = uow->Needs().Insert(f, caller.account, now);
  uow->Audit().Append(audit::Event(now, meta, caller.account, std::string(caller.PrimaryRole()), "need.post", "need",
                                   Id(id.value)));
  auto need = uow->Needs().Find(id);
  uow->Commit();
  return *need;
}

core::Result<Need> NeedService::Get(const Principal& caller, NeedId id) {
  auto n = store_.Read()->Needs().Find(id);
  if (!n || !CanSee(caller, *n)) return Error::NotFound("需求不存在");
  return *n;
}

core::Result<core::Page<Need>> NeedService::Search(const Principal& caller, std::optional<NeedStatus> status, bool mine,
                                                   core::PageRequest page) {
  NeedQuery q;
  q.status = status;
  q.page = page;
  if (mine) {
    q.posted_by = caller.account;
  } else {
    q.all = caller.IsCityAdmin();
    for (const auto& g : caller.roles) {
      if (g.role == Role::kCountyAdmin) q.counties.push_back(g.county_code);
      if (g.role == Role::kOrgAdmin) q.organizations.push_back(g.organization);
    }
    if (!q.all && q.counties.empty() && q.organizations.empty()) q.posted_by = caller.account;
  }
  return store_.Read()->Needs().Search(q);
}

core::Result<Need> NeedService::Step(const Principal& caller, NeedId id, const audit::RequestMeta& meta,
                                     const char* action,
                                     const std::function<core::Result<NeedUpdate>(const Need&)>& decide) {
  auto uow = store_.Write();
  auto n = uow->Needs().Find(id);
  if (!n || !CanSee(caller, *n)) return Error::NotFound("需求不存在");
  ZY_ASSIGN_OR_RETURN(auto update, decide(*n));
  if (update.organization && *update.organization) {
    auto org = uow->Organizations().Find(**update.organization);
    if (!org || org->status != registry::OrgStatus::kApproved)
      return Error::Field("organization_id", "unknown_organization", "组织不存在或未通过审核");
  }
  auto now = clock_.Now();
  if (!uow->Needs().Update(id, n->status, update, now))
    return Error::Conflict("need_changed", "需求状态已变化，请刷新后重试");
  uow->Audit().Append(audit::Event(now, meta, caller.account, std::string(caller.PrimaryRole()), action, "need",
                                   Id(id.value)));
  auto updated = uow->Needs().Find(id);
  uow->Commit();
  return *updated;
}

core::Result<Need> NeedService::Dispatch(const Principal& caller, NeedId id, std::optional<core::OrganizationId> org,
                                         const std::string& note, const audit::RequestMeta& meta) {
  return Step(caller, id, meta, "need.dispatch", [&](const Need& n) -> core::Result<NeedUpdate> {
    if (!caller.AdministersCounty(n.county_code)) return Error::Forbidden("只有需求所在县区或市级管理员可以派单");
    if (!org) return Error::Field("organization_id", "required", "请选择接单组织");
    if (n.status != NeedStatus::kOpen) return Error::Conflict("need_not_open", "该需求已派单或已结束");
    if (core::Utf8Length(note) > 200) return Error::Field("note", "too_long", "派单说明不能超过200个字");
    NeedUpdate u{NeedStatus::kDispatched};
    u.organization = std::optional<core::OrganizationId>(*org);
    u.dispatch_note = std::string(core::Trim(note));
    u.dispatched_by = caller.account;
    return u;
  });
}

core::Result<Need> NeedService::Accept(const Principal& caller, NeedId id, const audit::RequestMeta& meta) {
  return Step(caller, id, meta, "need.accept", [&](const Need& n) -> core::Result<NeedUpdate> {
    if (!n.organization || !caller.IsOrgAdminOf(*n.organization)) return Error::Forbidden("只有接单组织的管理员可以接单");
    if (n.status != NeedStatus::kDispatched) return Error::Conflict("need_not_dispatched", "该需求不在待接单状态");
    return NeedUpdate{NeedStatus::kAccepted};
  });
}

core::Result<Need> NeedService::Decline(const Principal& caller, NeedId id, const std::string& reason,
                                        const audit::RequestMeta& meta) {
  return Step(caller, id, meta, "need.decline", [&](const Need& n) -> core::Result<NeedUpdate> {
    if (!n.organization || !caller.IsOrgAdminOf(*n.organization)) return Error::Forbidden("只有接单组织的管理员可以退回");
    if (n.status != NeedStatus::kDispatched) return Error::Conflict("need_not_dispatched", "该需求不在待接单状态");
    auto text = std::string(core::Trim(reason));
    if (text.empty()) return Error::Field("reason", "required", "请填写退回原因");
    if (core::Utf8Length(text) > 200) return Error::Field("reason", "too_long", "退回原因不能超过200个字");
    NeedUpdate u{NeedStatus::kOpen};
    u.organization = std::optional<core::OrganizationId>{};
    u.decline_reason = text;
    return u;
  });
}

core::Result<activities::Activity> NeedService::CreateActivity(const Principal& caller, NeedId id,
                                                               activities::ActivityInput in,
                                                               const audit::RequestMeta& meta) {
  auto uow = store_.Write();
  auto found = uow->Needs().Find(id);
  if (!found || !CanSee(caller, *found)) return Error::NotFound("需求不存在");
  const Need& n = *found;
  if (!n.organization || !caller.IsOrgAdminOf(*n.organization)) return Error::Forbidden("只有接单组织的管理员可以据此发起活动");
  if (n.status != NeedStatus::kAccepted) return Error::Conflict("need_not_accepted", "请先接单");
  // Prefill from the need; what the organiser sent wins.
  in.organization_id = n.organization->value;
  if (!in.title) in.title = n.title;
  if (!in.content) in.content = n.description;
  if (!in.recipients) in.recipients = n.recipients;
  if (!in.county_code) in.county_code = n.county_code;
  if (!in.address) in.address = n.address;
  if (!in.latitude && n.latitude) in.latitude = n.latitude;
  if (!in.longitude && n.longitude) in.longitude = n.longitude;
  if (!in.starts_at) in.starts_at = core::FormatRfc3339(n.wanted_from);
  if (!in.ends_at) in.ends_at = core::FormatRfc3339(n.wanted_to);
  ZY_ASSIGN_OR_RETURN(auto activity, activities_.CreateIn(*uow, caller, in, meta));
  NeedUpdate u{NeedStatus::kScheduled};
  u.activity = activity.id;
  // Conditional on `accepted`: of two concurrent requests one makes the activity, the other rolls back.
  if (!uow->Needs().Update(id, NeedStatus::kAccepted, u, clock_.Now()))
    return Error::Conflict("need_changed", "该需求已据此发起活动");
  uow->Commit();
  return activity;
}

core::Result<Need> NeedService::Confirm(const Principal& caller, NeedId id, int rating, const std::string& feedback,
                                        const audit::RequestMeta& meta) {
  return Step(caller, id, meta, "need.confirm", [&](const Need& n) -> core::Result<NeedUpdate> {
    if (n.posted_by != caller.account) return Error::Forbidden("只有提出需求的人可以确认服务");
    if (n.status != NeedStatus::kScheduled) return Error::Conflict("need_not_scheduled", "服务尚未安排，不能确认");
    auto activity = n.activity ? store_.Read()->Activities().Find(*n.activity) : std::nullopt;
    if (!activity || activity->status == activities::ActivityStatus::kDraft ||
        activity->status == activities::ActivityStatus::kCancelled || activity->ends_at > clock_.Now())
      return Error::Conflict("service_not_done", "服务活动结束后才能确认和评价");
    if (rating < 1 || rating > 5) return Error::Field("rating", "invalid_rating", "评分应为1至5分");
    if (core::Utf8Length(feedback) > 500) return Error::Field("feedback", "too_long", "评价不能超过500个字");
    NeedUpdate u{NeedStatus::kCompleted};
    u.rating = rating;
    u.feedback = std::string(core::Trim(feedback));
    return u;
  });
}

core::Result<Need> NeedService::Cancel(const Principal& caller, NeedId id, const audit::RequestMeta& meta) {
  return Step(caller, id, meta, "need.cancel", [&](const Need& n) -> core::Result<NeedUpdate> {
    if (n.posted_by != caller.account) return Error::Forbidden("只有提出需求的人可以撤回");
    if (n.status != NeedStatus::kOpen && n.status != NeedStatus::kDispatched)
      return Error::Conflict("need_in_progress", "需求已被接单，不能撤回");
    return NeedUpdate{NeedStatus::kCancelled};
  });
}

}  // namespace zhiyuan::domain::needs
