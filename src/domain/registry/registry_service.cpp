#include "domain/registry/registry_service.hpp"

#include <algorithm>

#include "core/validation.hpp"

namespace zhiyuan::domain::registry {

using core::Error;
using identity::Role;

namespace {

constexpr int kMaxTags = 20;
constexpr long kMaxTagChars = 20;

std::vector<std::string> CleanTags(core::Validator& v, std::string_view field, const std::vector<std::string>& tags,
                                   std::string_view label) {
  std::vector<std::string> out;
  for (const auto& t : tags) {
    auto s = v.Text(field, t, label, kMaxTagChars, false);
    if (!s.empty() && std::find(out.begin(), out.end(), s) == out.end()) out.push_back(s);
  }
  if (out.size() > kMaxTags) v.Add(std::string(field), "too_many", std::string(label) + "最多" + std::to_string(kMaxTags) + "项");
  return out;
}

std::string Quote(std::string_view s) {
  std::string out = "\"";
  for (char c : s) {
    if (c == '"' || c == '\\') out.push_back('\\');
    if (static_cast<unsigned char>(c) >= 0x20) out.push_back(c);
  }
  return out + "\"";
}

std::string Id(std::int64_t v) { return std::to_string(v); }

}  // namespace

// ---- RegionService ------------------------------------------------------------------------------------

std::vector<Region> RegionService::List() { return store_.Read()->Regions().List(); }

core::Result<std::vector<PopulationEntry>> RegionService::Populations(const std::string& code) {
  auto uow = store_.Read();
  if (!uow->Regions().Find(code)) return Error::NotFound("行政区划不存在");
  return uow->Regions().Populations(code);
}

core::Result<PopulationEntry> RegionService::SetPopulation(const Principal& caller, const std::string& code, int year,
                                                           std::int64_t population, const std::string& note,
                                                           const audit::RequestMeta& meta) {
  if (!caller.IsCityAdmin()) return Error::Forbidden("只有市级管理员可以维护常住人口数据");
  core::Validator v;
  int this_year = int(core::ChinaDate(clock_.Now()).year());
  if (year < 2000 || year > this_year) v.Add("year", "invalid_year", "年份应在2000年至今年之间");
  if (population <= 0 || population > 200'000'000) v.Add("population", "invalid_population", "常住人口应为正整数（人）");
  auto clean_note = v.Text("note", note, "备注", 200, false);
  ZY_TRY(v.Done());
  auto uow = store_.Write();
  auto region = uow->Regions().Find(code);
  if (!region) return Error::NotFound("行政区划不存在");
  if (region->level != "county") return Error::Field("code", "not_a_county", "城市人口为各县区之和，请修改县区数据");
  std::optional<std::int64_t> previous;
  for (const auto& e : uow->Regions().Populations(code))
    if (e.year == year) previous = e.population;
  PopulationEntry entry{code, year, population, clean_note, clock_.Now(), caller.account};
  uow->Regions().UpsertPopulation(entry);
  uow->Audit().Append(audit::Event(entry.updated_at, meta, caller.account, std::string(caller.PrimaryRole()),
                                   "region.set_population", "region", code, "ok",
                                   "{\"year\":" + std::to_string(year) + ",\"population\":" + std::to_string(population) +
                                       ",\"previous\":" + (previous ? std::to_string(*previous) : "null") + "}"));
  uow->Commit();
  return entry;
}

// ---- VolunteerService ---------------------------------------------------------------------------------

core::Result<Volunteer> VolunteerService::Register(const RegisterVolunteer& c, const audit::RequestMeta& meta) {
  core::Validator v;
  auto today = core::ChinaDate(clock_.Now());
  auto name = v.Text("name", c.name, "姓名", 50);
  auto id_type = ParseIdType(c.id_type.empty() ? "resident_id" : c.id_type);
  if (!id_type) v.Add("id_type", "invalid_id_type", "证件类型不正确");

  std::string id_number;
  std::optional<core::Date> birth;
  std::optional<Gender> gender;
  if (id_type == IdType::kResidentId) {
    if (auto facts = v.Check(CheckResidentId(c.id_number, today))) {
      id_number = facts->normalized;
      birth = facts->birth_date;
      gender = facts->gender;
    }
  } else if (id_type) {
    if (auto n = v.Check(CheckOtherIdNumber(*id_type, c.id_number))) id_number = *n;
    gender = ParseGender(c.gender);
    if (!gender) v.Add("gender", "required", "请选择性别");
    birth = core::ParseDate(c.birth_date);
    if (!birth || *birth > today || int(birth->year()) < 1900) {
      v.Add("birth_date", "invalid_birth_date", "请填写正确的出生日期（YYYY-MM-DD）");
      birth.reset();
    }
  }
  auto phone = v.Check(CheckMobilePhone(c.phone));
  v.Check(identity::CheckPasswordPolicy(c.password, identity_.policy()));
  auto political = ParsePoliticalStatus(c.political_status.empty() ? "masses" : c.political_status);
  if (!political) v.Add("political_status", "invalid_political_status", "政治面貌不正确");
  auto skills = CleanTags(v, "skills", c.skills, "技能");
  auto categories = CleanTags(v, "service_categories", c.service_categories, "服务类别");
  auto availability = v.Text("availability", c.availability, "可服务时间", 200, false);
  auto emergency_name = v.Text("emergency_contact_name", c.emergency_contact_name, "紧急联系人", 50, false);
  std::optional<std::string> emergency_phone;
  if (!core::Trim(c.emergency_contact_phone).empty())
    emergency_phone = v.Check(CheckMobilePhone(c.emergency_contact_phone, "emergency_contact_phone"));

  bool minor = birth && core::AgeOn(*birth, today) < 18;
  std::string guardian_name;
  std::optional<std::string> guardian_phone;
  if (minor) {
    guardian_name = v.Text("guardian_name", c.guardian_name, "监护人姓名", 50);
    guardian_phone = v.Check(CheckMobilePhone(c.guardian_phone, "guardian_phone"));
    if (!c.guardian_consent)
      v.Add("guardian_consent", "guardian_consent_required", "未满18周岁的志愿者注册须经监护人同意");
  }
  {
    auto uow = store_.Read();
    auto county = uow->Regions().Find(c.county_code);
    if (!county || county->level != "county") v.Add("county_code", "unknown_county", "请选择所在县（市、区）");
    ZY_TRY(v.Done());
    if (uow->Volunteers().IdNumberTaken(vault_.index.Of("id_number", id_number)))
      return Error::Duplicate("duplicate_id_number", "该证件号码已注册，请直接登录或找回密码", "id_number");
    if (uow->Accounts().FindByPhoneIndex(identity_.PhoneIndex(*phone)))
      return Error::Duplicate("duplicate_phone", "该手机号码已注册，请直接登录", "phone");
  }
  // Hash before the write transaction: Argon2id takes ~70 ms and must not hold the writer.
  auto password_hash = identity_.HashPassword(c.password);
  auto real_name = verifier_.Verify(name, *id_type, id_number);
  auto now = clock_.Now();

  auto uow = store_.Write();
  ZY_ASSIGN_OR_RETURN(auto account, identity_.InsertAccount(*uow, name, *phone, password_hash));
  NewVolunteer nv;
  nv.account = account;
  nv.name = name;
  nv.id_type = *id_type;
  nv.id_number_enc = vault_.cipher.Encrypt("id_number", id_number);
  nv.id_number_bidx = vault_.index.Of("id_number", id_number);
  nv.id_number_masked = core::MaskIdNumber(id_number);
  nv.gender = *gender;
  nv.birth_date = *birth;
  nv.county_code = c.county_code;
  nv.political_status = *political;
  nv.skills = skills;
  nv.service_categories = categories;
  nv.availability = availability;
  nv.emergency_contact_name = emergency_name;
  if (emergency_phone) {
    nv.emergency_contact_phone_enc = vault_.cipher.Encrypt("emergency_contact_phone", *emergency_phone);
    nv.emergency_contact_phone_masked = core::MaskPhone(*emergency_phone);
  }
  if (minor) {
    nv.guardian_name = guardian_name;
    nv.guardian_phone_enc = vault_.cipher.Encrypt("guardian_phone", *guardian_phone);
    nv.guardian_phone_masked = core::MaskPhone(*guardian_phone);
    nv.guardian_consent = true;
  }
  nv.real_name_status = real_name;
  nv.registered_at = now;
  ZY_ASSIGN_OR_RETURN(auto id, uow->Volunteers().Insert(nv));
  uow->Audit().Append(audit::Event(now, meta, account, "volunteer", "volunteer.register", "volunteer", Id(id.value), "ok",
                                   "{\"county\":" + Quote(c.county_code) + ",\"minor\":" + (minor ? "true" : "false") +
                                       ",\"real_name\":" + Quote(real_name) + "}"));
  auto created = uow->Volunteers().Find(id);
  uow->Commit();
  return *created;
}

core::Result<Volunteer> VolunteerService::Get(const Principal& caller, core::VolunteerId id,
                                              const audit::RequestMeta& meta) {
  auto uow = store_.Read();
  auto volunteer = uow->Volunteers().Find(id);
  if (!volunteer) return Error::NotFound("志愿者不存在");
  bool self = caller.volunteer == id;
  bool allowed = self || caller.AdministersCounty(volunteer->county_code) ||
                 (caller.Has(Role::kOrgAdmin) && uow->Organizations().VolunteerInOrgAdministeredBy(id, caller.account));
  if (!allowed) return Error::NotFound("志愿者不存在");
  uow.reset();
  if (!self) {
    // Reading another person's personal data is a sensitive read (SPEC §4): audit it.
    auto w = store_.Write();
    w->Audit().Append(audit::Event(clock_.Now(), meta, caller.account, std::string(caller.PrimaryRole()),
                                   "volunteer.read", "volunteer", Id(id.value)));
    w->Commit();
  }
  return *volunteer;
}

core::Result<core::Page<Volunteer>> VolunteerService::Search(const Principal& caller, VolunteerQuery query) {
  if (!caller.IsCityAdmin()) {
    if (!caller.Has(Role::kCountyAdmin)) return Error::Forbidden("只有县区或市级管理员可以查询志愿者");
    if (query.county_code && !caller.IsCountyAdminOf(*query.county_code)) return Error::Forbidden("只能查询本县区的志愿者");
    if (!query.county_code)
      for (const auto& g : caller.roles)
        if (g.role == Role::kCountyAdmin) query.county_code = g.county_code;
  }
  return store_.Read()->Volunteers().Search(query);
}

core::Result<Volunteer> VolunteerService::UpdateOwnProfile(const Principal& caller, const UpdateProfile& c,
                                                           const audit::RequestMeta& meta) {
  if (!caller.volunteer) return Error::Forbidden("当前账户不是志愿者");
  core::Validator v;
  VolunteerProfilePatch patch;
  std::vector<std::string> changed;
  if (c.political_status) {
    patch.political_status = ParsePoliticalStatus(*c.political_status);
    if (!patch.political_status) v.Add("political_status", "invalid_political_status", "政治面貌不正确");
    changed.push_back("political_status");
  }
  if (c.skills) patch.skills = CleanTags(v, "skills", *c.skills, "技能"), changed.push_back("skills");
  if (c.service_categories)
    patch.service_categories = CleanTags(v, "service_categories", *c.service_categories, "服务类别"),
    changed.push_back("service_categories");
  if (c.availability) patch.availability = v.Text("availability", *c.availability, "可服务时间", 200, false), changed.push_back("availability");
  if (c.emergency_contact_name)
    patch.emergency_contact_name = v.Text("emergency_contact_name", *c.emergency_contact_name, "紧急联系人", 50, false),
    changed.push_back("emergency_contact_name");
  if (c.emergency_contact_phone) {
    changed.push_back("emergency_contact_phone");
    if (core::Trim(*c.emergency_contact_phone).empty()) {
      patch.emergency_contact_phone_enc = "";
      patch.emergency_contact_phone_masked = "";
    } else if (auto p = v.Check(CheckMobilePhone(*c.emergency_contact_phone, "emergency_contact_phone"))) {
      patch.emergency_contact_phone_enc = vault_.cipher.Encrypt("emergency_contact_phone", *p);
      patch.emergency_contact_phone_masked = core::MaskPhone(*p);
    }
  }
  auto uow = store_.Write();
  if (c.county_code) {
    auto county = uow->Regions().Find(*c.county_code);
    if (!county || county->level != "county") v.Add("county_code", "unknown_county", "请选择所在县（市、区）");
    patch.county_code = c.county_code;
    changed.push_back("county_code");
  }
  ZY_TRY(v.Done());
  auto now = clock_.Now();
  uow->Volunteers().Update(*caller.volunteer, patch, now);
  std::string fields;
  for (const auto& f : changed) fields += (fields.empty() ? "" : ",") + Quote(f);
  uow->Audit().Append(audit::Event(now, meta, caller.account, std::string(caller.PrimaryRole()), "volunteer.update_profile",
                                   "volunteer", Id(caller.volunteer->value), "ok", "{\"fields\":[" + fields + "]}"));
  auto updated = uow->Volunteers().Find(*caller.volunteer);
  uow->Commit();
  return *updated;
}

std::optional<Volunteer> VolunteerService::OfAccount(core::AccountId account) {
  return store_.Read()->Volunteers().FindByAccount(account);
}

// ---- OrganizationService ------------------------------------------------------------------------------

core::Result<Organization> OrganizationService::Visible(UnitOfWork& uow, const Principal* caller,
                                                       core::OrganizationId id) {
  auto org = uow.Organizations().Find(id);
  if (!org) return Error::NotFound("组织不存在");
  if (org->status == OrgStatus::kApproved) return *org;
  if (caller && (caller->IsOrgAdminOf(id) || caller->AdministersCounty(org->county_code))) return *org;
  return Error::NotFound("组织不存在");
}

core::Result<Organization> OrganizationService::Administered(UnitOfWork& uow, const Principal& caller,
                                                            core::OrganizationId id) {
  ZY_ASSIGN_OR_RETURN(auto org, Visible(uow, &caller, id));
  // Administering another organisation is outside the caller's scope: 404 as for a nonexistent one (SPEC §1).
  if (!caller.IsOrgAdminOf(id)) return Error::NotFound("组织不存在");
  return org;
}

core::Result<Organization> OrganizationService::Apply(const Principal& caller, const ApplyOrganization& c,
                                                      const audit::RequestMeta& meta) {
  core::Validator v;
  auto name = v.Text("name", c.name, "组织名称", 100);
  if (!IsOrganizationType(c.type)) v.Add("type", "invalid_type", "请选择组织类型");
  std::optional<std::string> credit_code;
  bool credit_valid = true;
  auto note = v.Text("credit_code_note", c.credit_code_note, "代码说明", 200, false);
  std::string raw_code(core::Trim(c.credit_code));
  if (raw_code.empty()) {
    if (c.type != "grassroots_team")
      v.Add("credit_code", "required", "请填写统一社会信用代码（未登记的基层志愿服务队可不填）");
  } else {
    auto checked = CheckCreditCode(raw_code);
    if (checked.ok()) {
      credit_code = *checked;
    } else if (checked.error().fields.front().code == "invalid_credit_code" && !note.empty()) {
      // A historic code that fails the check: accepted for review, flagged, and the approver must say why.
      credit_code = raw_code;
      for (auto& ch : *credit_code) ch = char(std::toupper(static_cast<unsigned char>(ch)));
      credit_valid = false;
    } else {
      v.Check(core::Status(checked.error()));
    }
  }
  auto contact_name = v.Text("contact_name", c.contact_name, "联系人", 50);
  auto contact_phone = v.Check(CheckMobilePhone(c.contact_phone, "contact_phone"));
  auto description = v.Text("description", c.description, "组织简介", 2000, false);
  auto person_in_charge = v.Text("person_in_charge", c.person_in_charge, "负责人", 50, false);
  auto uow = store_.Write();
  auto county = uow->Regions().Find(c.county_code);
  if (!county || county->level != "county") v.Add("county_code", "unknown_county", "请选择所属县（市、区）");
  if (c.parent_id) {
    auto parent = uow->Organizations().Find(core::OrganizationId(*c.parent_id));
    if (!parent || parent->status != OrgStatus::kApproved) v.Add("parent_id", "unknown_parent", "上级组织不存在或未通过审核");
  }
  ZY_TRY(v.Done());
  // The applicant becomes its admin: not an auditor's or a security administrator's role (三员分立).
  ZY_TRY(identity::IdentityService::RoleConflict(Role::kOrgAdmin, uow->Accounts().Grants(caller.account)));
  auto now = clock_.Now();
  NewOrganization org{name, credit_code, credit_valid, credit_valid ? "" : note, c.type, c.county_code,
                      c.parent_id ? std::optional(core::OrganizationId(*c.parent_id)) : std::nullopt, contact_name,
                      vault_.cipher.Encrypt("contact_phone", *contact_phone), core::MaskPhone(*contact_phone),
                      description, caller.account, now, person_in_charge};
  ZY_ASSIGN_OR_RETURN(auto id, uow->Organizations().Insert(org));
  uow->Accounts().Grant(caller.account, identity::RoleGrant{Role::kOrgAdmin, id, ""}, now, caller.account);
  if (caller.volunteer) {
    auto m = uow->Organizations().InsertMembership(id, *caller.volunteer, MembershipStatus::kApproved, now);
    if (!m.ok()) return std::move(m).error();
  }
  uow->Audit().Append(audit::Event(now, meta, caller.account, std::string(caller.PrimaryRole()), "organization.apply",
                                   "organization", Id(id.value), "ok",
                                   "{\"county\":" + Quote(c.county_code) + ",\"credit_code_valid\":" +
                                       (credit_valid ? "true" : "false") + "}"));
  auto created = uow->Organizations().Find(id);
  uow->Commit();
  return *created;
}

core::Result<Organization> OrganizationService::Get(const Principal* caller, core::OrganizationId id) {
  auto uow = store_.Read();
  return Visible(*uow, caller, id);
}

core::Result<core::Page<Organization>> OrganizationService::Search(const Principal* caller, OrganizationQuery query,
                                                                   bool mine) {
  if (mine) {
    if (!caller) return Error::Unauthenticated();
    query.related_to = caller->account;
    query.unapproved_visible = true;
  } else if (caller && caller->IsCityAdmin()) {
    query.unapproved_visible = true;
  } else if (caller && caller->Has(Role::kCountyAdmin)) {
    // A county admin sees every approved organisation and the unapproved ones of their county.
    for (const auto& g : caller->roles)
      if (g.role == Role::kCountyAdmin) query.unapproved_only_in_county = g.county_code;
    query.unapproved_visible = true;
  }
  return store_.Read()->Organizations().Search(query);
}

core::Result<Organization> OrganizationService::Approve(const Principal& caller, core::OrganizationId id,
                                                        const std::string& override_reason,
                                                        const audit::RequestMeta& meta) {
  if (!caller.IsAnyAdmin()) return Error::Forbidden("只有县区或市级管理员可以审核组织");
  auto uow = store_.Write();
  auto org = uow->Organizations().Find(id);
  if (!org || !caller.AdministersCounty(org->county_code)) return Error::NotFound("组织不存在");
  if (org->status != OrgStatus::kPending) return Error::Conflict("already_decided", "该组织申请已审核");
  std::string reason(core::Trim(override_reason));
  if (!org->credit_code_valid && reason.empty())
    return Error::Field("credit_code_override_reason", "override_reason_required",
                        "该组织的统一社会信用代码未通过校验，批准前须填写核实说明");
  if (core::Utf8Length(reason) > 200) return Error::Field("credit_code_override_reason", "too_long", "说明不能超过200个字");
  auto now = clock_.Now();
  uow->Organizations().Decide(id, OrgStatus::kApproved, "", org->credit_code_valid ? "" : reason, caller.account, now);
  uow->Audit().Append(audit::Event(now, meta, caller.account, std::string(caller.PrimaryRole()), "organization.approve",
                                   "organization", Id(id.value), "ok",
                                   org->credit_code_valid ? "{}"
                                                          : "{\"credit_code_override_reason\":" + Quote(reason) + "}"));
  auto updated = uow->Organizations().Find(id);
  uow->Commit();
  return *updated;
}

core::Result<Organization> OrganizationService::Reject(const Principal& caller, core::OrganizationId id,
                                                       const std::string& reason_in, const audit::RequestMeta& meta) {
  if (!caller.IsAnyAdmin()) return Error::Forbidden("只有县区或市级管理员可以审核组织");
  core::Validator v;
  auto reason = v.Text("reason", reason_in, "驳回理由", 200);
  auto uow = store_.Write();
  auto org = uow->Organizations().Find(id);
  if (!org || !caller.AdministersCounty(org->county_code)) return Error::NotFound("组织不存在");
  ZY_TRY(v.Done());
  if (org->status != OrgStatus::kPending) return Error::Conflict("already_decided", "该组织申请已审核");
  auto now = clock_.Now();
  uow->Organizations().Decide(id, OrgStatus::kRejected, reason, "", caller.account, now);
  uow->Audit().Append(audit::Event(now, meta, caller.account, std::string(caller.PrimaryRole()), "organization.reject",
                                   "organization", Id(id.value), "ok", "{\"reason\":" + Quote(reason) + "}"));
  auto updated = uow->Organizations().Find(id);
  uow->Commit();
  return *updated;
}

core::Result<Membership> OrganizationService::RequestMembership(const Principal& caller, core::OrganizationId id,
                                                                const audit::RequestMeta& meta) {
  if (!caller.volunteer) return Error::Forbidden("只有注册志愿者可以申请加入组织");
  auto uow = store_.Write();
  ZY_ASSIGN_OR_RETURN(auto org, Visible(*uow, &caller, id));
  if (org.status != OrgStatus::kApproved) return Error::Conflict("organization_not_approved", "该组织尚未通过审核");
  auto now = clock_.Now();
  if (auto existing = uow->Organizations().FindMembershipOf(id, *caller.volunteer)) {
    if (existing->status == MembershipStatus::kPending || existing->status == MembershipStatus::kApproved)
      return Error::Duplicate("already_member", existing->status == MembershipStatus::kPending ? "已提交加入申请，请等待审核"
                                                                                           : "您已是该组织成员");
    // A rejected or departed volunteer may ask again: the same row goes back to pending.
    uow->Organizations().DecideMembership(existing->id, MembershipStatus::kPending, "", caller.account, now);
  } else {
    ZY_TRY(uow->Organizations().InsertMembership(id, *caller.volunteer, MembershipStatus::kPending, now));
  }
  auto m = uow->Organizations().FindMembershipOf(id, *caller.volunteer);
  uow->Audit().Append(audit::Event(now, meta, caller.account, std::string(caller.PrimaryRole()), "membership.request",
                                   "membership", Id(m->id.value)));
  uow->Commit();
  return *m;
}

core::Result<std::vector<Membership>> OrganizationService::Memberships(const Principal& caller, core::OrganizationId id,
                                                                       std::optional<MembershipStatus> status) {
  auto uow = store_.Read();
  ZY_TRY(Administered(*uow, caller, id));
  return uow->Organizations().Memberships(id, status);
}

core::Result<Membership> OrganizationService::DecideMembership(const Principal& caller, core::OrganizationId id,
                                                               core::MembershipId membership, bool approve,
                                                               const std::string& reason_in,
                                                               const audit::RequestMeta& meta) {
  auto uow = store_.Write();
  ZY_TRY(Administered(*uow, caller, id));
  auto m = uow->Organizations().FindMembership(id, membership);
  if (!m) return Error::NotFound("申请不存在");
  if (m->status != MembershipStatus::kPending) return Error::Conflict("already_decided", "该申请已处理");
  core::Validator v;
  auto reason = v.Text("reason", reason_in, "理由", 200, !approve);
  ZY_TRY(v.Done());
  auto now = clock_.Now();
  uow->Organizations().DecideMembership(membership, approve ? MembershipStatus::kApproved : MembershipStatus::kRejected,
                                        reason, caller.account, now);
  uow->Audit().Append(audit::Event(now, meta, caller.account, std::string(caller.PrimaryRole()),
                                   approve ? "membership.approve" : "membership.reject", "membership",
                                   Id(membership.value)));
  auto updated = uow->Organizations().FindMembership(id, membership);
  uow->Commit();
  return *updated;
}

core::Result<std::vector<Membership>> OrganizationService::MyMemberships(const Principal& caller) {
  if (!caller.volunteer) return std::vector<Membership>{};
  return store_.Read()->Organizations().MembershipsOf(*caller.volunteer);
}

core::Status OrganizationService::AddAdmin(const Principal& caller, core::OrganizationId id,
                                           std::optional<core::VolunteerId> chosen, const audit::RequestMeta& meta) {
  auto uow = store_.Write();
  ZY_TRY(Administered(*uow, caller, id));
  if (!chosen) return Error::Field("volunteer_id", "required", "请选择志愿者");
  auto volunteer = *chosen;
  auto m = uow->Organizations().FindMembershipOf(id, volunteer);
  if (!m || m->status != MembershipStatus::kApproved)
    return Error::Field("volunteer_id", "not_a_member", "只能将本组织的正式成员设为管理员");
  auto v = uow->Volunteers().Find(volunteer);
  ZY_TRY(identity::IdentityService::RoleConflict(Role::kOrgAdmin, uow->Accounts().Grants(v->account), "volunteer_id"));
  auto now = clock_.Now();
  uow->Accounts().Grant(v->account, identity::RoleGrant{Role::kOrgAdmin, id, ""}, now, caller.account);
  uow->Audit().Append(audit::Event(now, meta, caller.account, std::string(caller.PrimaryRole()), "organization.add_admin",
                                   "organization", Id(id.value), "ok",
                                   "{\"volunteer_id\":" + Id(volunteer.value) + "}"));
  uow->Commit();
  return core::Ok();
}

core::Result<Team> OrganizationService::CreateTeam(const Principal& caller, core::OrganizationId id,
                                                   const registry::CreateTeam& c, const audit::RequestMeta& meta) {
  core::Validator v;
  auto name = v.Text("name", c.name, "队伍名称", 50);
  auto kind = ParseTeamKind(c.kind.empty() ? "general" : c.kind);
  if (!kind) v.Add("kind", "invalid_kind", "队伍类型不正确");
  auto description = v.Text("description", c.description, "队伍简介", 500, false);
  auto uow = store_.Write();
  ZY_ASSIGN_OR_RETURN(auto org, Administered(*uow, caller, id));
  ZY_TRY(v.Done());
  if (org.status != OrgStatus::kApproved) return Error::Conflict("organization_not_approved", "组织通过审核后才能建立队伍");
  auto now = clock_.Now();
  Team team{{}, id, name, *kind, description, now, 0};
  ZY_ASSIGN_OR_RETURN(team.id, uow->Organizations().InsertTeam(team));
  uow->Audit().Append(audit::Event(now, meta, caller.account, std::string(caller.PrimaryRole()), "team.create", "team",
                                   Id(team.id.value)));
  uow->Commit();
  return team;
}

core::Result<std::vector<Team>> OrganizationService::Teams(const Principal* caller, core::OrganizationId id) {
  auto uow = store_.Read();
  ZY_TRY(Visible(*uow, caller, id));
  return uow->Organizations().Teams(id);
}

core::Status OrganizationService::AddTeamMember(const Principal& caller, core::OrganizationId id, core::TeamId team_id,
                                                std::optional<core::VolunteerId> chosen,
                                                const audit::RequestMeta& meta) {
  auto uow = store_.Write();
  ZY_TRY(Administered(*uow, caller, id));
  auto team = uow->Organizations().FindTeam(id, team_id);
  if (!team) return Error::NotFound("队伍不存在");
  if (!chosen) return Error::Field("volunteer_id", "required", "请选择志愿者");
  auto volunteer = *chosen;
  auto m = uow->Organizations().FindMembershipOf(id, volunteer);
  if (!m || m->status != MembershipStatus::kApproved)
    return Error::Field("volunteer_id", "not_a_member", "只能将本组织的正式成员加入队伍");
  auto v = uow->Volunteers().Find(volunteer);
  if (team->kind == TeamKind::kPartyMember && !IsPartyMember(v->political_status))
    return Error::Field("volunteer_id", "not_party_member", "党员志愿服务队只接收中共党员（含预备党员）");
  if (team->kind == TeamKind::kLeagueMember && !IsLeagueMember(v->political_status))
    return Error::Field("volunteer_id", "not_league_member", "团员志愿服务队只接收共青团员");
  auto now = clock_.Now();
  ZY_TRY(uow->Organizations().AddTeamMember(team_id, volunteer, now));
  uow->Audit().Append(audit::Event(now, meta, caller.account, std::string(caller.PrimaryRole()), "team.add_member", "team",
                                   Id(team_id.value), "ok", "{\"volunteer_id\":" + Id(volunteer.value) + "}"));
  uow->Commit();
  return core::Ok();
}

core::Result<std::vector<TeamMember>> OrganizationService::TeamMembers(const Principal& caller, core::OrganizationId id,
                                                                     core::TeamId team) {
  auto uow = store_.Read();
  ZY_TRY(Administered(*uow, caller, id));
  if (!uow->Organizations().FindTeam(id, team)) return Error::NotFound("队伍不存在");
  return uow->Organizations().TeamMembers(team);
}

}  // namespace zhiyuan::domain::registry
