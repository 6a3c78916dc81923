#include "domain/units/unit_service.hpp"

#include "core/validation.hpp"
#include "domain/registry/identity_documents.hpp"

namespace zhiyuan::domain::units {

using core::Error;
using identity::Role;

bool UnitService::Administers(const Principal& caller, const Unit& unit) const {
  return caller.AdministersCounty(unit.region_code) || caller.IsCityAdmin();
}

core::Result<Unit> UnitService::Create(const Principal& caller, const std::string& name_in, const std::string& kind,
                                       const std::string& region_code, const audit::RequestMeta& meta) {
  if (!caller.IsCityAdmin() && !caller.Has(Role::kCountyAdmin)) return Error::Forbidden("单位由县区或市级管理员登记");
  core::Validator v;
  Unit u;
  u.name = v.Text("name", name_in, "单位名称", 100);
  u.kind = kind;
  if (kind != "government" && kind != "institution" && kind != "school" && kind != "enterprise" && kind != "other")
    v.Add("kind", "invalid_kind", "单位类型应为 government、institution、school、enterprise 或 other");
  u.region_code = region_code;
  auto uow = store_.Write();
  auto region = uow->Regions().Find(region_code);
  if (!region) v.Add("region_code", "unknown_region", "所属县区（或市本级 441400）不存在");
  ZY_TRY(v.Done());
  if (!Administers(caller, u)) return Error::Forbidden("只能登记本县区的单位");
  auto now = clock_.Now();
  auto id = uow->Units().Insert(u, caller.account, now);
  if (!id) return Error::Duplicate("unit_exists", "该县区已有同名单位", "name");
  uow->Audit().Append(audit::Event(now, meta, caller.account, std::string(caller.PrimaryRole()), "unit.create", "unit",
                                   std::to_string(id->value)));
  auto saved = uow->Units().Find(*id);
  uow->Commit();
  return *saved;
}

core::Result<std::vector<Unit>> UnitService::Administered(const Principal& caller) {
  if (caller.IsCityAdmin()) return store_.Read()->Units().List({});
  std::vector<std::string> counties;
  for (const auto& g : caller.roles)
    if (g.role == Role::kCountyAdmin) counties.push_back(g.county_code);
  if (counties.empty()) return Error::Forbidden("单位由县区或市级管理员管理");
  return store_.Read()->Units().List(counties);
}

std::vector<Unit> UnitService::Mine(const Principal& caller) { return store_.Read()->Units().OfContact(caller.account); }

core::Result<std::vector<Contact>> UnitService::AddContact(const Principal& caller, UnitId id, const std::string& phone_in,
                                                           const audit::RequestMeta& meta) {
  ZY_ASSIGN_OR_RETURN(auto phone, registry::CheckMobilePhone(phone_in));
  auto uow = store_.Write();
  auto unit = uow->Units().Find(id);
  if (!unit || !Administers(caller, *unit)) return Error::NotFound("单位不存在");
  auto account = uow->Accounts().FindByPhoneIndex(identity_.PhoneIndex(phone));
  if (!account) return Error::Field("phone", "unknown_account", "该手机号尚未注册平台账号，请联系人先注册");
  auto now = clock_.Now();
  uow->Units().AddContact(id, account->id, now);
  uow->Audit().Append(audit::Event(now, meta, caller.account, std::string(caller.PrimaryRole()), "unit.add_contact",
                                   "unit", std::to_string(id.value)));
  auto contacts = uow->Units().Contacts(id);
  uow->Commit();
  return contacts;
}

}  // namespace zhiyuan::domain::units
