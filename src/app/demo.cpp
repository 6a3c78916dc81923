#include "app/demo.hpp"

#include <random>

#include "core/text.hpp"
#include "crypto/crypto.hpp"
#include "domain/registry/identity_documents.hpp"

namespace zhiyuan::app {

namespace registry = domain::registry;
namespace identity = domain::identity;

namespace {

constexpr const char* kCityAdminPhone = "13800000001";
constexpr const char* kAuditorPhone = "13800000002";
constexpr const char* kSecurityAdminPhone = "13800000003";
constexpr const char* kBankOperatorPhone = "13600000001";  // 中国银行梅州分行
constexpr const char* kMerchantPhone = "13600000002";      // 爱心商家
constexpr const char* kUnitContactPhone = "13700000001";   // 梅江区教育局's contact (单位联系人)

// Partners and merchants with their benefits (嘉许回馈), valid for the demo year.
void AddRewards(domain::UnitOfWork& uow, core::TimePoint now) {
  using domain::rewards::Benefit;
  using domain::rewards::Merchant;
  for (const auto& m : {Merchant{"kedu-books", "客都书店（爱心商家）", "merchant", "441402", "梅江区江南路"},
                        Merchant{"mz-bus", "梅州市公交集团", "transport", "", "梅州市"},
                        Merchant{"picc-mz", "人保财险梅州分公司", "insurance", "", "梅州市"}})
    (void)uow.Rewards().InsertMerchant(m, now);
  auto year_from = core::Date(std::chrono::year(2026), std::chrono::January, std::chrono::day(1));
  auto year_to = core::Date(std::chrono::year(2027), std::chrono::December, std::chrono::day(31));
  Benefit books{{}, "kedu-books", "", "三星级志愿者购书八折", "凭电子志愿者证购书享八折，每人限2次。", "discount", 3, "", "",
                year_from, year_to, 2, true};
  Benefit bus{{}, "mz-bus", "", "持证志愿者免费乘坐公交", "持注册志愿者证或梅州志愿者卡的志愿者免费乘坐市区公交。", "transport", 0,
              "either", "", year_from, year_to, 0, true};
  Benefit insurance{{}, "picc-mz", "", "志愿服务期间意外险", "注册志愿者在平台登记的服务期间享受意外伤害保险。", "insurance", 0, "",
                    "", year_from, year_to, 0, true};
  for (const auto& b : {books, bus, insurance}) (void)uow.Rewards().InsertBenefit(b, std::nullopt, now);
}

const std::vector<std::pair<std::string, std::string>> kCounties{
    {"441402", "梅江区"}, {"441403", "梅县区"}, {"441422", "大埔县"}, {"441423", "丰顺县"},
    {"441424", "五华县"}, {"441426", "平远县"}, {"441427", "蕉岭县"}, {"441481", "兴宁市"}};

const std::vector<std::string> kSurnames{"李", "张", "黄", "陈", "刘", "钟", "曾", "罗", "温", "谢",
                                         "古", "廖", "叶", "邱", "林", "何", "朱", "杨", "吴", "潘"};
const std::vector<std::string> kGiven{"伟", "芳", "敏", "静", "强", "磊", "洋", "艳", "勇", "军", "杰", "娟",
                                      "涛", "明", "超", "秀", "霞", "平", "刚", "桂", "嘉", "梓", "浩", "欣"};
const std::vector<std::string> kSkills{"急救", "心理咨询", "摄影", "翻译", "驾驶", "法律咨询", "支教", "客家山歌"};
const std::vector<std::string> kCategories{"应急救援", "助老助残", "文明交通", "环境保护", "社区服务", "大型赛会",
                                           "医疗卫生", "支教助学"};

std::string CountyAdminPhone(std::size_t i) { return "138000000" + std::to_string(11 + i); }
std::string VolunteerPhone(int i) {
  char buf[16];
  std::snprintf(buf, sizeof buf, "139%08d", i);
  return buf;
}

std::string CreditCode(std::mt19937& rng, const std::string& region, char dept, char type) {
  static constexpr std::string_view kAlphabet = "0123456789ABCDEFGHJKLMNPQRTUWXY";
  std::string code{dept, type};
  code += region;
  for (int i = 0; i < 9; ++i) code += kAlphabet[rng() % 10];  // organisation codes are mostly digits
  code += registry::CreditCodeCheckChar(code);
  return code;
}

std::string ResidentId(std::mt19937& rng, const std::string& region, int year, bool male) {
  char body[32];
  int month = 1 + int(rng() % 12), day = 1 + int(rng() % 28), seq = int(rng() % 100);
  int gender_digit = int(rng() % 5) * 2 + (male ? 1 : 0);
  std::snprintf(body, sizeof body, "%s%04d%02d%02d%02d%d", region.c_str(), year, month, day, seq, gender_digit);
  std::string id(body);
  return id + registry::ResidentIdCheckChar(id);
}

// Hours each demo volunteer has served with their organisation this year, so the hours record, proofs and
// stars have something to show: the demo volunteer (member 2) is past 2★, member 3 past 3★.
int DemoHours(int phone_seq, std::mt19937& rng) {
  if (phone_seq == 2) return 320;
  if (phone_seq == 3) return 640;
  return int(rng() % 60);
}

// A year-round activity of the organisation, with confirmed entries of at most 8 h a day (the organiser's
// own confirmation tier), written straight into the ledger with the yearly totals kept in step.
void AddServiceHistory(domain::UnitOfWork& uow, core::OrganizationId org, const std::string& org_name,
                       const std::string& county_code, const std::vector<std::pair<core::VolunteerId, int>>& hours,
                       core::AccountId by, core::TimePoint now, std::mt19937& rng) {
  domain::activities::ActivityFields a;
  a.title = org_name + "2026年常态化志愿服务";
  a.category = kCategories[rng() % kCategories.size()];
  a.recipients = "社区居民";
  a.content = "全年常态化开展的志愿服务项目（演示数据）。";
  a.county_code = county_code;
  a.address = "梅州市";
  a.latitude = 24.2886;
  a.longitude = 116.1226;
  a.starts_at = core::ParseRfc3339("2026-01-05T08:00:00+08:00").value();
  a.ends_at = core::ParseRfc3339("2026-11-20T18:00:00+08:00").value();
  a.quota = 50;
  a.contact_name = org_name;
  auto activity = uow.Activities().Insert(org, a, by, now);
  uow.Activities().SetStatus(activity, domain::activities::ActivityStatus::kPublished, "", now);
  auto first = std::chrono::sys_days(core::Date(std::chrono::year(2026), std::chrono::January, std::chrono::day(5)));
  for (const auto& [volunteer, total] : hours) {
    int left = total * 60;
    for (int day = 0; left > 0; day += 3) {
      domain::ledger::NewEntry e;
      e.volunteer = volunteer;
      e.activity = activity;
      e.organization = org;
      e.service_date = core::Date(first + std::chrono::days(day));
      e.minutes = std::min(left, 480);
      e.status = domain::ledger::EntryStatus::kConfirmed;
      e.created_by = by;
      e.created_at = now;
      (void)uow.Ledger().Insert(e).value();
      uow.Ledger().AddToTotals(volunteer, 2026, e.minutes);
      left -= e.minutes;
    }
  }
}

// Two units (全面动员) and an open notice to both: 梅江区教育局 with its contact, 五华县人民医院 without one yet.
void AddUnits(domain::UnitOfWork& uow, core::AccountId city_admin, core::AccountId contact, core::TimePoint now) {
  domain::units::Unit school{{}, "梅江区教育局", "government", "441402", "", 0};
  domain::units::Unit hospital{{}, "五华县人民医院", "institution", "441424", "", 0};
  auto school_id = *uow.Units().Insert(school, city_admin, now);
  auto hospital_id = *uow.Units().Insert(hospital, city_admin, now);
  uow.Units().AddContact(school_id, contact, now);
  domain::notices::Notice n;
  n.title = "关于报送志愿服务工作联系人回执的通知";
  n.body = "请各单位于截止时间前登录平台报送回执：单位名称、负责领导、指定联络员（姓名、职务、手机、邮箱）。"
           "各单位党员、团员须于年内完成志愿者注册，并参加不少于20小时的志愿服务（演示数据）。";
  n.deadline = now + std::chrono::days(14);
  n.published_at = now;
  n.units = {school_id, hospital_id};
  (void)uow.Notices().Insert(n, city_admin);
}

// Two published stories (宣传) so the home page shows what the feature is for.
void AddStories(domain::UnitOfWork& uow, core::AccountId city_admin, core::TimePoint now) {
  struct Seed {
    const char* title;
    const char* kind;
    const char* region;
    const char* summary;
    const char* body;
  };
  const Seed seeds[] = {
      {"“志愿红”点亮客家围龙屋：梅江区社区志愿服务的经验", "practice", "441402",
       "梅江区以社区为单位组建志愿服务队，让党员、团员就近参与助老、环境整治和文明劝导（演示数据）。",
       "梅江区以社区为单位组建志愿服务队，依托“一网一证一卡”平台发布活动、记录时长。\n\n"
       "党员、团员通过单位花名册和邀请二维码完成注册，就近参与助老、环境整治和文明劝导，"
       "年内人均服务时长明显提高。（演示数据）"},
      {"二十年如一日的“客家阿姨”：五星级志愿者的故事", "volunteer", "441400",
       "她坚持在社区义务辅导留守儿童二十年，累计服务时长超过1500小时（演示数据）。",
       "她是一名退休教师，二十年来每周为社区留守儿童义务辅导功课。\n\n"
       "平台记录的服务时长超过1500小时，经公示认定为五星级志愿者。（演示数据）"}};
  for (const auto& s : seeds) {
    domain::stories::Story story;
    story.title = s.title;
    story.kind = s.kind;
    story.region_code = s.region;
    story.summary = s.summary;
    story.body = s.body;
    story.status = "draft";
    story.author = city_admin;
    story.created_at = story.updated_at = now;
    auto id = uow.Stories().Insert(story);
    uow.Stories().SetStatus(id, "published", now, now);
  }
}

}  // namespace

std::vector<DemoLogin> DemoLogins() {
  return {{"市级管理员（团市委）", kCityAdminPhone},
          {"梅江区县区管理员", CountyAdminPhone(0)},
          {"审计员", kAuditorPhone},
          {"安全管理员", kSecurityAdminPhone},
          {"银行经办（中国银行）", kBankOperatorPhone},
          {"爱心商家（客都书店）", kMerchantPhone},
          {"组织管理员（梅江区志愿者协会）", VolunteerPhone(1)},
          {"单位联系人（梅江区教育局）", kUnitContactPhone},
          {"志愿者", VolunteerPhone(2)}};
}

bool DemoLoaded(Wiring& w) {
  auto uow = w.store.Read();
  return uow->Accounts().FindByPhoneIndex(w.identity.PhoneIndex(kCityAdminPhone)).has_value();
}

std::vector<DemoLogin> LoadDemo(Wiring& w) {
  std::mt19937 rng(20170512);  // the notice's receipt deadline: 2017-05-12
  // Demo accounts share one password, so one Argon2id hash serves them all (each real account has its own).
  std::string hash = w.hasher.Hash(kDemoPassword);
  auto now = w.clock.Now();
  auto uow = w.store.Write();
  auto account = [&](const std::string& name, const std::string& phone) {
    return w.identity.InsertAccount(*uow, name, phone, hash).value();
  };
  auto demo_totp = *crypto::Base32Decode(kDemoTotpSecret);
  auto admin = [&](const std::string& name, const std::string& phone) {
    auto id = account(name, phone);
    w.identity.EnrolSecondFactor(*uow, id, demo_totp);
    return id;
  };
  auto city_admin = admin("团市委管理员", kCityAdminPhone);
  uow->Accounts().Grant(city_admin, {identity::Role::kCityAdmin, {}, ""}, now, std::nullopt);
  uow->Accounts().Grant(admin("安全审计员", kAuditorPhone), {identity::Role::kAuditor, {}, ""}, now, std::nullopt);
  uow->Accounts().Grant(admin("信息安全管理员", kSecurityAdminPhone), {identity::Role::kSecurityAdmin, {}, ""}, now,
                        std::nullopt);
  uow->Accounts().Grant(account("中国银行梅州分行经办", kBankOperatorPhone), {identity::Role::kBankOperator, {}, "", "boc"},
                        now, std::nullopt);
  AddRewards(*uow, now);
  uow->Accounts().Grant(account("客都书店店员", kMerchantPhone), {identity::Role::kMerchant, {}, "", "kedu-books"}, now,
                        std::nullopt);
  for (std::size_t i = 0; i < kCounties.size(); ++i)
    uow->Accounts().Grant(admin(kCounties[i].second + "团委管理员", CountyAdminPhone(i)),
                          {identity::Role::kCountyAdmin, {}, kCounties[i].first}, now, std::nullopt);

  int phone_seq = 1;
  std::optional<core::VolunteerId> three_star;  // certified in an earlier publicity, for the merchant story
  for (const auto& [code, county] : kCounties) {
    struct OrgSeed {
      std::string name;
      std::string type;
      char dept, kind;
    };
    std::vector<OrgSeed> seeds{{county + "志愿者协会", "social_organization", '5', '1'},
                               {"共青团" + county + "委员会青年志愿者服务队", "league_org", '1', '1'},
                               {county + "城区社区志愿服务队", "grassroots_team", '5', '3'}};
    for (std::size_t k = 0; k < seeds.size(); ++k) {
      // Volunteers of this organisation: the first is its admin.
      std::vector<core::VolunteerId> members;
      std::vector<std::pair<core::VolunteerId, int>> hours;
      for (int n = 0; n < 6; ++n, ++phone_seq) {
        bool male = rng() % 2 == 0;
        int year = 1965 + int(rng() % 40);
        std::string id_number = ResidentId(rng, code, year, male);
        std::string name = kSurnames[rng() % kSurnames.size()] + kGiven[rng() % kGiven.size()] +
                           (rng() % 2 ? kGiven[rng() % kGiven.size()] : "");
        std::string phone = VolunteerPhone(phone_seq);
        auto facts = registry::CheckResidentId(id_number, core::ChinaDate(now)).value();
        registry::NewVolunteer v;
        v.account = account(name, phone);
        v.name = name;
        v.id_type = registry::IdType::kResidentId;
        v.id_number_enc = w.cipher.Encrypt("id_number", id_number);
        v.id_number_bidx = w.blind_index.Of("id_number", id_number);
        v.id_number_masked = core::MaskIdNumber(id_number);
        v.gender = facts.gender;
        v.birth_date = facts.birth_date;
        v.county_code = code;
        static const registry::PoliticalStatus kStatuses[] = {
            registry::PoliticalStatus::kMasses, registry::PoliticalStatus::kLeagueMember,
            registry::PoliticalStatus::kPartyMember, registry::PoliticalStatus::kMasses,
            registry::PoliticalStatus::kLeagueMember};
        v.political_status = seeds[k].type == "league_org" ? registry::PoliticalStatus::kLeagueMember
                                                           : kStatuses[rng() % std::size(kStatuses)];
        v.skills = {kSkills[rng() % kSkills.size()]};
        v.service_categories = {kCategories[rng() % kCategories.size()], kCategories[rng() % kCategories.size()]};
        if (v.service_categories[0] == v.service_categories[1]) v.service_categories.pop_back();
        v.availability = rng() % 2 ? "周末" : "工作日晚上";
        v.real_name_status = "verified";
        v.registered_at = now;
        members.push_back(uow->Volunteers().Insert(v).value());
        if (int h = DemoHours(phone_seq, rng); h > 0) hours.emplace_back(members.back(), h);
        if (phone_seq == 3) three_star = members.back();
      }
      registry::NewOrganization o;
      o.name = seeds[k].name;
      if (seeds[k].type != "grassroots_team") o.credit_code = CreditCode(rng, code, seeds[k].dept, seeds[k].kind);
      o.type = seeds[k].type;
      o.county_code = code;
      o.contact_name = uow->Volunteers().Find(members.front())->name;
      std::string contact = VolunteerPhone(phone_seq - 6);
      o.contact_phone_enc = w.cipher.Encrypt("contact_phone", contact);
      o.contact_phone_masked = core::MaskPhone(contact);
      o.description = "梅州市" + county + "的志愿服务组织（演示数据）。";
      o.applied_by = uow->Volunteers().Find(members.front())->account;
      o.applied_at = now;
      auto org = uow->Organizations().Insert(o).value();
      uow->Organizations().Decide(org, registry::OrgStatus::kApproved, "", "", o.applied_by, now);
      uow->Accounts().Grant(o.applied_by, {identity::Role::kOrgAdmin, org, ""}, now, std::nullopt);
      for (auto m : members) (void)uow->Organizations().InsertMembership(org, m, registry::MembershipStatus::kApproved, now);
      AddServiceHistory(*uow, org, o.name, code, hours, o.applied_by, now, rng);
      if (seeds[k].type == "league_org") {
        registry::Team team{{}, org, county + "团员志愿服务队", registry::TeamKind::kLeagueMember, "共青团员组成的志愿服务队", now, 0};
        auto team_id = uow->Organizations().InsertTeam(team).value();
        for (auto m : members) (void)uow->Organizations().AddTeamMember(team_id, m, now);
      }
    }
  }
  if (three_star) {
    uow->Stars().SaveStanding({*three_star, 3, now, std::nullopt}, now);
    uow->Stars().AddEvent({0, *three_star, domain::recognition::EventKind::kCertified, 3, 0, "publicity_passed",
                           "2026年第一批星级志愿者认定公示（演示数据）", std::nullopt, std::nullopt, std::nullopt, now});
  }
  // One application waiting for the 梅江区 county admin, so the approval page has work on first start.
  registry::NewOrganization pending;
  pending.name = "梅江区江南街道爱心志愿服务队";
  pending.type = "grassroots_team";
  pending.county_code = "441402";
  pending.contact_name = "李嘉欣";
  pending.contact_phone_enc = w.cipher.Encrypt("contact_phone", VolunteerPhone(2));
  pending.contact_phone_masked = core::MaskPhone(VolunteerPhone(2));
  pending.description = "江南街道居民自发组建的志愿服务队，开展助老、环境清洁活动（演示数据）。";
  pending.applied_by = *w.identity.InsertAccount(*uow, "演示申请人", "13700000009", hash);
  pending.applied_at = now;
  auto pending_id = uow->Organizations().Insert(pending).value();
  uow->Accounts().Grant(pending.applied_by, {identity::Role::kOrgAdmin, pending_id, ""}, now, std::nullopt);
  AddUnits(*uow, city_admin, account("陈志明", kUnitContactPhone), now);
  AddStories(*uow, city_admin, now);
  uow->Audit().Append(domain::audit::Event(now, {"demo", ""}, std::nullopt, "system", "demo.load", "", ""));
  uow->Commit();
  return DemoLogins();
}

}  // namespace zhiyuan::app
