#include "domain/units/unit_service.hpp"

#include <map>

#include "core/text.hpp"
#include "core/time_format.hpp"
#include "core/validation.hpp"
#include "crypto/crypto.hpp"
#include "domain/registry/identity_documents.hpp"
#include "domain/registry/registry.hpp"

namespace zhiyuan::domain::units {

using core::Error;
using identity::Role;

namespace {

// 共青团员 / 中共党员 / 中共预备党员 (or their short forms or codes): the roster lists members only.
std::optional<std::string> RosterPoliticalStatus(std::string_view text) {
  auto status = registry::ParsePoliticalStatusLabel(core::Trim(text));
  if (!status || !(registry::IsPartyMember(*status) || registry::IsLeagueMember(*status))) return std::nullopt;
  return std::string(registry::ToString(*status));
}

}  // namespace

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
  if (counties.empty()) return Mine(caller);  // a unit contact's own units; nobody else's
  return store_.Read()->Units().List(counties);
}

std::vector<Unit> UnitService::Mine(const Principal& caller) { return store_.Read()->Units().OfContact(caller.account); }

core::Result<std::vector<Contact>> UnitService::AddContact(const Principal& caller, UnitId id, const std::string& phone_in,
                                                           const audit::RequestMeta& meta) {
  auto uow = store_.Write();
  auto unit = uow->Units().Find(id);
  if (!unit || !Administers(caller, *unit)) return Error::NotFound("单位不存在");
  ZY_ASSIGN_OR_RETURN(auto phone, registry::CheckMobilePhone(phone_in));
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

core::Result<Unit> UnitService::RosterUnit(UnitOfWork& uow, const Principal& caller, UnitId id) {
  auto unit = uow.Units().Find(id);
  if (!unit || (!Administers(caller, *unit) && !uow.Units().IsContact(id, caller.account)))
    return Error::NotFound("单位不存在");
  return *unit;
}

core::Result<RosterImportResult> UnitService::ImportRoster(const Principal& caller, UnitId id,
                                                           const std::string& file_name,
                                                           const std::string& file_sha256, const core::Sheet& sheet,
                                                           const audit::RequestMeta& meta) {
  ZY_TRY(CheckRosterAccess(caller, id));  // outsiders learn nothing about the file, not even its faults
  // The roster's columns under the names units use (Chinese first) and the English ones the API documents.
  core::SheetColumns columns(sheet, {{"姓名", "name"},
                                     {"name", "name"},
                                     {"身份证号码", "id_number"},
                                     {"身份证号", "id_number"},
                                     {"公民身份号码", "id_number"},
                                     {"id_number", "id_number"},
                                     {"政治面貌", "political_status"},
                                     {"political_status", "political_status"},
                                     {"手机号码", "phone"},
                                     {"手机号", "phone"},
                                     {"手机", "phone"},
                                     {"phone", "phone"},
                                     {"部门", "department"},
                                     {"所在部门", "department"},
                                     {"department", "department"}});
  std::string missing;
  for (auto [field, label] : {std::pair{"name", "姓名"}, {"id_number", "身份证号码"}, {"political_status", "政治面貌"}})
    if (!columns.Has(field)) missing += std::string(missing.empty() ? "" : "、") + label;
  if (!missing.empty())
    return Error{core::ErrorCode::kValidation, "roster_unreadable",
                 "花名册缺少必填列：" + missing + "（第一行应为表头：姓名、身份证号码、政治面貌、手机号码、部门）", {}};
  auto cell = [&](const std::vector<std::string>& row, std::string_view field) { return columns.Cell(row, field); };

  RosterImportResult result;
  auto& imp = result.import;
  imp.unit = id;
  auto name = core::Trim(file_name);
  imp.file_name = name.empty() || core::Utf8Length(name) < 0 ? "花名册" : core::Utf8Prefix(name, 100);
  imp.file_sha256 = file_sha256;
  auto now = clock_.Now();
  auto today = core::ChinaDate(now);
  // Check every row first; the good ones, merged by ID number (the last row wins), are then written.
  std::map<std::string, std::pair<int, RosterMember>> good;  // by blind index
  for (std::size_t r = 0; r < sheet.rows.size(); ++r) {
    const auto& row = sheet.rows[r];
    int line = columns.LineOf(sheet, r);
    ++imp.rows;
    std::vector<core::RowError> errors;
    auto fail = [&](std::string field, std::string code, std::string message) {
      errors.push_back({line, std::move(field), std::move(code), std::move(message)});
    };
    RosterMember m;
    m.name = cell(row, "name");
    if (m.name.empty()) fail("name", "required", "姓名不能为空");
    else if (core::Utf8Length(m.name) > 50) fail("name", "too_long", "姓名不能超过50个字");
    auto id_text = cell(row, "id_number");
    std::string id_number;
    if (id_text.empty()) {
      fail("id_number", "required", "身份证号码不能为空");
    } else if (id_text.find_first_of("Ee") != std::string::npos && id_text.find('+') != std::string::npos) {
      fail("id_number", "stored_as_number", "身份证号码被表格软件存成了数字（" + id_text + "），请把该列设为文本后重新填写");
    } else if (auto facts = registry::CheckResidentId(id_text, today); !facts.ok()) {
      const auto& e = facts.error();
      fail("id_number", e.fields.empty() ? e.code : e.fields[0].code,
           e.fields.empty() ? e.message : e.fields[0].message);
    } else {
      id_number = facts->normalized;
    }
    auto political = RosterPoliticalStatus(cell(row, "political_status"));
    if (!political)
      fail("political_status", "invalid_political_status", "政治面貌应为“共青团员”“中共党员”或“中共预备党员”");
    auto phone_text = cell(row, "phone");
    std::optional<std::string> phone;
    if (!phone_text.empty()) {
      auto p = registry::CheckMobilePhone(phone_text);
      if (p.ok()) phone = *p;
      else fail("phone", "invalid_phone", "手机号码应为11位中国大陆手机号");
    }
    m.department = cell(row, "department");
    if (core::Utf8Length(m.department) > 100) fail("department", "too_long", "部门不能超过100个字");
    if (!errors.empty()) {
      ++imp.rejected;
      for (auto& e : errors) core::Report(result.errors, std::move(e));  // in file order, as the rows come
      continue;
    }
    m.id_bidx = vault_.index.Of("id_number", id_number);
    m.id_enc = vault_.cipher.Encrypt("id_number", id_number);
    m.id_masked = core::MaskIdNumber(id_number);
    m.political_status = *political;
    if (phone) {
      m.phone_enc = vault_.cipher.Encrypt("phone", *phone);
      m.phone_masked = core::MaskPhone(*phone);
    }
    m.digest = vault_.index.Of("roster_row", m.name + '\x1f' + id_number + '\x1f' + m.political_status + '\x1f' +
                                                  phone.value_or("") + '\x1f' + m.department);
    auto [it, fresh] = good.try_emplace(m.id_bidx, line, m);
    if (!fresh) {
      ++imp.duplicates_merged;
      it->second = {line, std::move(m)};
    }
  }

  auto uow = store_.Write();
  ZY_ASSIGN_OR_RETURN(auto unit, RosterUnit(*uow, caller, id));
  for (const auto& [bidx, entry] : good) {
    switch (uow->Units().UpsertRosterMember(id, entry.second, now)) {
      case Upserted::kAdded: ++imp.added; break;
      case Upserted::kUpdated: ++imp.updated; break;
      case Upserted::kUnchanged: ++imp.unchanged; break;
    }
  }
  imp.imported_by = caller.account;
  imp.imported_by_name = caller.name;
  imp.imported_at = now;
  imp.id = uow->Units().InsertRosterImport(imp);
  uow->Audit().Append(audit::Event(now, meta, caller.account, std::string(caller.PrimaryRole()), "unit.roster_import",
                                   "unit", std::to_string(id.value)));
  uow->Commit();
  return result;
}

core::Status UnitService::CheckRosterAccess(const Principal& caller, UnitId id) {
  ZY_TRY(RosterUnit(*store_.Read(), caller, id));
  return core::Ok();
}

core::Result<std::vector<RosterImport>> UnitService::RosterImports(const Principal& caller, UnitId id) {
  auto uow = store_.Read();
  ZY_TRY(RosterUnit(*uow, caller, id));
  return uow->Units().RosterImports(id, 50);
}

core::Result<RosterView> UnitService::Roster(const Principal& caller, UnitId id, int year, RosterFilter filter,
                                            core::PageRequest page) {
  auto uow = store_.Read();
  ZY_ASSIGN_OR_RETURN(auto unit, RosterUnit(*uow, caller, id));
  RosterView view{unit, year, uow->Units().Summary(id, year), uow->Units().Roster(id, year, filter, page)};
  return view;
}

core::Result<std::pair<Unit, std::string>> UnitService::Invitation(const Principal& caller, UnitId id) {
  auto uow = store_.Write();
  ZY_ASSIGN_OR_RETURN(auto unit, RosterUnit(*uow, caller, id));
  auto token = uow->Units().Invitation(id, crypto::RandomToken(18), clock_.Now());
  uow->Commit();
  return std::pair{unit, token};
}

core::Result<Unit> UnitService::UnitOfInvitation(const std::string& token) {
  auto uow = store_.Read();
  auto id = token.size() > 100 ? std::nullopt : uow->Units().FindByInvitation(token);
  auto unit = id ? uow->Units().Find(*id) : std::nullopt;
  if (!unit) return Error::NotFound("邀请链接无效，请向单位联系人索取新的链接");
  return *unit;
}

core::Result<Joined> UnitService::Join(const Principal& caller, const std::string& token,
                                       const audit::RequestMeta& meta) {
  ZY_ASSIGN_OR_RETURN(auto unit, UnitOfInvitation(token));
  auto uow = store_.Write();
  auto volunteer = uow->Volunteers().FindByAccount(caller.account);
  if (!volunteer)
    return Error{core::ErrorCode::kValidation, "no_volunteer_profile", "请先完成志愿者注册，再加入单位", {}};
  auto now = clock_.Now();
  Joined joined{unit, uow->Units().Join(unit.id, volunteer->id, now), now};
  if (joined.first)
    uow->Audit().Append(audit::Event(now, meta, caller.account, std::string(caller.PrimaryRole()), "unit.join", "unit",
                                     std::to_string(unit.id.value)));
  uow->Commit();
  return joined;
}

}  // namespace zhiyuan::domain::units
