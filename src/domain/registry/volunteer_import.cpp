#include "domain/registry/volunteer_import.hpp"

#include <set>

#include "core/time_format.hpp"
#include "domain/registry/identity_documents.hpp"

namespace zhiyuan::domain::registry {

using core::Error;

void VolunteerImportService::SendActivation(UnitOfWork& uow, core::AccountId account, const std::string& name,
                                            const std::string& org_name, core::TimePoint now) {
  auto token = identity_.IssueActivation(uow, account);
  uow.Notices().Outbox("sms", account, "志愿者账号激活",
                       "【梅州志愿服务平台】" + name + "您好，" + org_name +
                           "已为您登记注册志愿者。请在30天内打开链接设置登录密码：" + public_url_ + "/activate/" + token,
                       now);
}

core::Result<VolunteerImportResult> VolunteerImportService::Import(const identity::Principal& caller,
                                                                   core::OrganizationId org_id,
                                                                   const core::Sheet& sheet,
                                                                   const audit::RequestMeta& meta) {
  std::optional<Organization> org;
  std::vector<Region> counties;
  {
    auto uow = store_.Read();
    org = uow->Organizations().Find(org_id);
    if (!org || !caller.IsOrgAdminOf(org_id)) return Error::NotFound("组织不存在");
    if (org->status != OrgStatus::kApproved) return Error::Conflict("org_not_approved", "组织通过审核后才能导入志愿者");
    for (auto& r : uow->Regions().List())
      if (r.level == "county") counties.push_back(std::move(r));
  }
  core::SheetColumns columns(sheet, {{"姓名", "name"},
                                     {"name", "name"},
                                     {"身份证号码", "id_number"},
                                     {"身份证号", "id_number"},
                                     {"公民身份号码", "id_number"},
                                     {"id_number", "id_number"},
                                     {"手机号码", "phone"},
                                     {"手机号", "phone"},
                                     {"手机", "phone"},
                                     {"phone", "phone"},
                                     {"政治面貌", "political_status"},
                                     {"political_status", "political_status"},
                                     {"所在县区", "county"},
                                     {"县区", "county"},
                                     {"county", "county"}});
  std::string missing;
  for (auto [field, label] : {std::pair{"name", "姓名"}, {"id_number", "身份证号码"}, {"phone", "手机号码"}})
    if (!columns.Has(field)) missing += std::string(missing.empty() ? "" : "、") + label;
  if (!missing.empty())
    return Error{core::ErrorCode::kValidation, "sheet_unreadable",
                 "表格缺少必填列：" + missing + "（第一行应为表头：姓名、身份证号码、手机号码、政治面貌、所在县区）", {}};

  // Check every row before the transaction (and hash nothing: these accounts get no password yet).
  struct Row {
    int line;
    std::string name, id_number, phone, county;
    PoliticalStatus political;
    ResidentIdFacts facts;
  };
  std::vector<Row> good;
  VolunteerImportResult result;
  auto now = clock_.Now();
  auto today = core::ChinaDate(now);
  std::set<std::string> seen_ids, seen_phones;
  for (std::size_t r = 0; r < sheet.rows.size(); ++r) {
    const auto& cells = sheet.rows[r];
    int line = columns.LineOf(sheet, r);
    ++result.rows;
    std::vector<core::RowError> errors;
    auto fail = [&](std::string field, std::string code, std::string message) {
      errors.push_back({line, std::move(field), std::move(code), std::move(message)});
    };
    Row row{line, columns.Cell(cells, "name"), {}, {}, {}, PoliticalStatus::kMasses, {}};
    if (row.name.empty()) fail("name", "required", "姓名不能为空");
    else if (core::Utf8Length(row.name) > 50) fail("name", "too_long", "姓名不能超过50个字");
    auto facts = CheckResidentId(columns.Cell(cells, "id_number"), today);
    if (!facts.ok()) {
      const auto& e = facts.error();
      fail("id_number", e.fields.empty() ? e.code : e.fields[0].code, e.fields.empty() ? e.message : e.fields[0].message);
    } else if (core::AgeOn(facts->birth_date, today) < 18) {
      fail("id_number", "minor", "未满18周岁的志愿者须在监护人同意下本人注册，不能批量导入");
    } else {
      row.facts = *facts;
      row.id_number = facts->normalized;
    }
    auto phone = CheckMobilePhone(columns.Cell(cells, "phone"));
    if (!phone.ok()) fail("phone", "invalid_phone", "手机号码应为11位中国大陆手机号");
    else row.phone = *phone;
    auto political_text = columns.Cell(cells, "political_status");
    if (!political_text.empty()) {
      auto p = ParsePoliticalStatusLabel(political_text);
      if (!p) fail("political_status", "invalid_political_status", "政治面貌应为中共党员、中共预备党员、共青团员或群众");
      else row.political = *p;
    }
    row.county = org->county_code;  // by default the organisation's county
    if (auto county = columns.Cell(cells, "county"); !county.empty()) {
      auto it = std::find_if(counties.begin(), counties.end(),
                             [&](const Region& c) { return c.code == county || c.name == county; });
      if (it == counties.end()) fail("county", "unknown_county", "所在县区应为梅州市的县（市、区）名称或代码");
      else row.county = it->code;
    }
    // A repeat counts against the row that was kept, so rejected rows claim no ID or phone.
    if (errors.empty() && seen_ids.contains(row.id_number))
      fail("id_number", "duplicate_row", "该身份证号码在文件中重复出现");
    if (errors.empty() && seen_phones.contains(row.phone))
      fail("phone", "duplicate_row", "该手机号码在文件中重复出现");
    if (errors.empty()) {
      seen_ids.insert(row.id_number);
      seen_phones.insert(row.phone);
      good.push_back(std::move(row));
    } else {
      ++result.rejected;
      for (auto& e : errors) core::Report(result.errors, std::move(e));
    }
  }

  auto uow = store_.Write();
  for (const auto& row : good) {
    auto bidx = vault_.index.Of("id_number", row.id_number);
    if (auto existing = uow->Volunteers().FindByIdIndex(bidx)) {
      auto membership = uow->Organizations().FindMembershipOf(org_id, *existing);
      auto volunteer = uow->Volunteers().Find(*existing);
      if (membership && membership->status == MembershipStatus::kApproved) {
        // Registered by us but never activated: a lost or expired link is sent again (at most once a day).
        auto account = uow->Accounts().Find(volunteer->account);
        auto last = uow->Accounts().LatestActivation(volunteer->account);
        if (account && account->password_hash == identity::IdentityService::kNoPassword &&
            (!last || now - *last >= std::chrono::hours(24))) {
          SendActivation(*uow, volunteer->account, volunteer->name, org->name, now);
          ++result.resent;
        } else {
          ++result.unchanged;
        }
      } else {
        if (membership)
          uow->Organizations().DecideMembership(membership->id, MembershipStatus::kApproved, "", caller.account, now);
        else
          (void)uow->Organizations().InsertMembership(org_id, *existing, MembershipStatus::kApproved, now);
        uow->Notifications().Insert(volunteer->account, "您已加入" + org->name,
                                    org->name + "已将您登记为本组织志愿者，可在“我的组织”中查看。", "/me", now);
        ++result.joined;
      }
      continue;
    }
    if (uow->Accounts().FindByPhoneIndex(identity_.PhoneIndex(row.phone))) {
      ++result.rejected;
      core::Report(result.errors, {row.line, "phone", "duplicate_phone", "该手机号已被其他账号使用，请核对或由本人注册"});
      continue;
    }
    auto account = identity_.InsertAccount(*uow, row.name, row.phone, identity::IdentityService::kNoPassword);
    if (!account.ok()) return account.error();
    NewVolunteer nv;
    nv.account = *account;
    nv.name = row.name;
    nv.id_type = IdType::kResidentId;
    nv.id_number_enc = vault_.cipher.Encrypt("id_number", row.id_number);
    nv.id_number_bidx = bidx;
    nv.id_number_masked = core::MaskIdNumber(row.id_number);
    nv.gender = row.facts.gender;
    nv.birth_date = row.facts.birth_date;
    nv.county_code = row.county;
    nv.political_status = row.political;
    nv.real_name_status = verifier_.Verify(row.name, IdType::kResidentId, row.id_number);
    nv.registered_at = now;
    auto volunteer = uow->Volunteers().Insert(nv);
    if (!volunteer.ok()) return volunteer.error();
    (void)uow->Organizations().InsertMembership(org_id, *volunteer, MembershipStatus::kApproved, now);
    SendActivation(*uow, *account, row.name, org->name, now);
    ++result.created;
  }
  uow->Audit().Append(audit::Event(now, meta, caller.account, std::string(caller.PrimaryRole()),
                                   "organization.import_volunteers", "organization", std::to_string(org_id.value), "ok",
                                   "{\"created\":" + std::to_string(result.created) +
                                       ",\"joined\":" + std::to_string(result.joined) +
                                       ",\"rejected\":" + std::to_string(result.rejected) + "}"));
  uow->Commit();
  std::stable_sort(result.errors.begin(), result.errors.end(),
                   [](const core::RowError& a, const core::RowError& b) { return a.line < b.line; });
  return result;
}

}  // namespace zhiyuan::domain::registry
