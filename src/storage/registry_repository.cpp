#include "storage/repositories.hpp"
#include "storage/row_codecs.hpp"
#include "storage/sql_builder.hpp"

namespace zhiyuan::storage {

using namespace domain::registry;  // NOLINT: this file implements the registry ports

namespace {


// ---- regions

// A county shows its latest figure; a city shows the sum of its counties for the latest year in which every one
// of them has a figure, so a new figure for one county does not make the city total mix years.
constexpr std::string_view kCompleteYear =
    "(SELECT p2.year FROM registry_region_populations p2 JOIN registry_regions c2 ON c2.code = p2.region_code "
    "WHERE c2.parent_code = r.code GROUP BY p2.year HAVING COUNT(*) = "
    "(SELECT COUNT(*) FROM registry_regions c WHERE c.parent_code = r.code) ORDER BY p2.year DESC LIMIT 1)";
const std::string kSelectRegion =
    "SELECT r.code, r.name, r.level, COALESCE(r.parent_code, ''), "
    "CASE WHEN r.level = 'city' THEN (SELECT SUM(p.population) FROM registry_region_populations p "
    "  JOIN registry_regions c ON c.code = p.region_code WHERE c.parent_code = r.code "
    "  AND p.year = " + std::string(kCompleteYear) + ") "
    "ELSE (SELECT p.population FROM registry_region_populations p WHERE p.region_code = r.code "
    "  ORDER BY p.year DESC LIMIT 1) END, "
    "CASE WHEN r.level = 'city' THEN " + std::string(kCompleteYear) + " "
    "ELSE (SELECT MAX(p.year) FROM registry_region_populations p WHERE p.region_code = r.code) END "
    "FROM registry_regions r";

Region ReadRegion(const Row& r) {
  Region out{r.Text(0), r.Text(1), r.Text(2), r.Text(3), r.OptInt(4), std::nullopt};
  if (auto y = r.OptInt(5)) out.population_year = int(*y);
  return out;
}

// ---- volunteers

constexpr std::string_view kSelectVolunteer =
    "SELECT v.id, v.account_id, v.volunteer_number, v.name, v.id_type, v.id_number_masked, v.gender, v.birth_date, "
    "a.phone_masked, v.county_code, r.name, v.political_status, v.skills, v.service_categories, v.availability, "
    "v.emergency_contact_name, v.emergency_contact_phone_masked, v.guardian_name, v.guardian_phone_masked, "
    "v.guardian_consent, v.real_name_status, v.registered_at "
    "FROM registry_volunteers v JOIN identity_accounts a ON a.id = v.account_id "
    "JOIN registry_regions r ON r.code = v.county_code";

Volunteer ReadVolunteer(const Row& r) {
  Volunteer v;
  v.id = core::VolunteerId(r.Int(0));
  v.account = core::AccountId(r.Int(1));
  v.volunteer_number = r.Text(2);
  v.name = r.Text(3);
  v.id_type = ParseIdType(r.Text(4)).value_or(IdType::kResidentId);
  v.id_number_masked = r.Text(5);
  v.gender = ParseGender(r.Text(6)).value_or(Gender::kMale);
  v.birth_date = core::ParseDate(r.Text(7)).value_or(core::Date{});
  v.phone_masked = r.Text(8);
  v.county_code = r.Text(9);
  v.county_name = r.Text(10);
  v.political_status = ParsePoliticalStatus(r.Text(11)).value_or(PoliticalStatus::kMasses);
  v.skills = TagsFromJson(r.Text(12));
  v.service_categories = TagsFromJson(r.Text(13));
  v.availability = r.Text(14);
  v.emergency_contact_name = r.Text(15);
  v.emergency_contact_phone_masked = r.Text(16);
  v.guardian_name = r.Text(17);
  v.guardian_phone_masked = r.Text(18);
  v.guardian_consent = r.Bool(19);
  v.real_name_status = r.Text(20);
  v.registered_at = core::FromUnix(r.Int(21));
  return v;
}

// 志愿者编号: "ZY" + registration year + the id padded to 8 digits; unrelated to the ID number.
std::string VolunteerNumber(core::TimePoint registered, std::int64_t id) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "ZY%04d%08lld", int(core::ChinaDate(registered).year()), static_cast<long long>(id));
  return buf;
}

// ---- organisations

constexpr std::string_view kSelectOrganization =
    "SELECT o.id, o.name, o.credit_code, o.credit_code_valid, o.credit_code_note, o.credit_code_override_reason, "
    "o.type, o.county_code, r.name, o.parent_id, COALESCE(p.name, ''), o.contact_name, o.contact_phone_masked, "
    "o.description, o.status, o.status_reason, o.applied_by, o.applied_at, o.decided_at, "
    "(SELECT COUNT(*) FROM registry_memberships m WHERE m.organization_id = o.id AND m.status = 'approved'), "
    "o.person_in_charge FROM registry_organizations o JOIN registry_regions r ON r.code = o.county_code "
    "LEFT JOIN registry_organizations p ON p.id = o.parent_id";

Organization ReadOrganization(const Row& r) {
  Organization o;
  o.id = core::OrganizationId(r.Int(0));
  o.name = r.Text(1);
  o.credit_code = r.OptText(2);
  o.credit_code_valid = r.Bool(3);
  o.credit_code_note = r.Text(4);
  o.credit_code_override_reason = r.Text(5);
  o.type = r.Text(6);
  o.county_code = r.Text(7);
  o.county_name = r.Text(8);
  if (auto p = r.OptInt(9)) o.parent_id = core::OrganizationId(*p);
  o.parent_name = r.Text(10);
  o.contact_name = r.Text(11);
  o.contact_phone_masked = r.Text(12);
  o.description = r.Text(13);
  o.status = ParseOrgStatus(r.Text(14)).value_or(OrgStatus::kPending);
  o.status_reason = r.Text(15);
  o.applied_by = core::AccountId(r.Int(16));
  o.applied_at = core::FromUnix(r.Int(17));
  if (auto d = r.OptInt(18)) o.decided_at = core::FromUnix(*d);
  o.member_count = r.Int(19);
  o.person_in_charge = r.Text(20);
  return o;
}

constexpr std::string_view kSelectMembership =
    "SELECT m.id, m.organization_id, o.name, m.volunteer_id, v.name, v.volunteer_number, m.status, "
    "EXISTS (SELECT 1 FROM identity_role_grants g WHERE g.account_id = v.account_id AND g.role = 'org_admin' "
    "AND g.organization_id = m.organization_id), m.requested_at, m.decided_at, m.reason "
    "FROM registry_memberships m JOIN registry_volunteers v ON v.id = m.volunteer_id "
    "JOIN registry_organizations o ON o.id = m.organization_id";

Membership ReadMembership(const Row& r) {
  Membership m;
  m.id = core::MembershipId(r.Int(0));
  m.organization = core::OrganizationId(r.Int(1));
  m.organization_name = r.Text(2);
  m.volunteer = core::VolunteerId(r.Int(3));
  m.volunteer_name = r.Text(4);
  m.volunteer_number = r.Text(5);
  m.status = ParseMembershipStatus(r.Text(6)).value_or(MembershipStatus::kPending);
  m.is_admin = r.Bool(7);
  m.requested_at = core::FromUnix(r.Int(8));
  if (auto d = r.OptInt(9)) m.decided_at = core::FromUnix(*d);
  m.reason = r.Text(10);
  return m;
}

constexpr std::string_view kSelectTeam =
    "SELECT t.id, t.organization_id, t.name, t.kind, t.description, t.created_at, "
    "(SELECT COUNT(*) FROM registry_team_members tm WHERE tm.team_id = t.id) FROM registry_teams t";

Team ReadTeam(const Row& r) {
  return Team{core::TeamId(r.Int(0)), core::OrganizationId(r.Int(1)), r.Text(2),
              ParseTeamKind(r.Text(3)).value_or(TeamKind::kGeneral), r.Text(4), core::FromUnix(r.Int(5)), r.Int(6)};
}

}  // namespace

// ---- RegionRepository

std::vector<Region> SqlRegionRepository::List() {
  static const std::string sql = Sql(kSelectRegion, " WHERE r.code = $1 OR r.parent_code = $1 ORDER BY r.sort_order");
  std::vector<Region> out;
  for (const auto& r : conn_.Query(sql, {std::string(kHomeCity)})) out.push_back(ReadRegion(r));
  return out;
}

std::optional<Region> SqlRegionRepository::Find(const std::string& code) {
  static const std::string sql = Sql(kSelectRegion, " WHERE r.code = $1 AND (r.code = $2 OR r.parent_code = $2)");
  auto row = conn_.QueryOne(sql, {code, std::string(kHomeCity)});
  if (!row) return std::nullopt;
  return ReadRegion(*row);
}

std::vector<PopulationEntry> SqlRegionRepository::Populations(const std::string& code) {
  std::vector<PopulationEntry> out;
  for (const auto& r : conn_.Query("SELECT region_code, year, population, note, updated_at, updated_by "
                                   "FROM registry_region_populations WHERE region_code = $1 ORDER BY year DESC",
                                   {code})) {
    PopulationEntry e{r.Text(0), int(r.Int(1)), r.Int(2), r.Text(3), core::FromUnix(r.Int(4)), std::nullopt};
    if (auto by = r.OptInt(5)) e.updated_by = core::AccountId(*by);
    out.push_back(std::move(e));
  }
  return out;
}

void SqlRegionRepository::UpsertPopulation(const PopulationEntry& e) {
  conn_.Execute(
      "INSERT INTO registry_region_populations (region_code, year, population, note, updated_at, updated_by) "
      "VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (region_code, year) DO UPDATE SET population = excluded.population, "
      "note = excluded.note, updated_at = excluded.updated_at, updated_by = excluded.updated_by",
      {e.region_code, e.year, e.population, e.note, core::ToUnix(e.updated_at),
       e.updated_by ? Value(e.updated_by->value) : Value()});
}

// ---- VolunteerRepository

core::Result<core::VolunteerId> SqlVolunteerRepository::Insert(const NewVolunteer& v) {
  try {
    // The number derives from the id, which exists only after the insert: a unique placeholder first.
    auto row = conn_.QueryOne(
        "INSERT INTO registry_volunteers (account_id, volunteer_number, name, id_type, id_number_enc, id_number_bidx, "
        "id_number_masked, gender, birth_date, county_code, political_status, skills, service_categories, "
        "availability, emergency_contact_name, emergency_contact_phone_enc, emergency_contact_phone_masked, "
        "guardian_name, guardian_phone_enc, guardian_phone_masked, guardian_consent, real_name_status, "
        "registered_at, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, "
        "$17, $18, $19, $20, $21, $22, $23, $23) RETURNING id",
        {v.account.value, "pending:" + v.id_number_bidx, v.name, std::string(ToString(v.id_type)), v.id_number_enc,
         v.id_number_bidx, v.id_number_masked, std::string(ToString(v.gender)), core::FormatDate(v.birth_date),
         v.county_code, std::string(ToString(v.political_status)), TagsToJson(v.skills), TagsToJson(v.service_categories),
         v.availability, v.emergency_contact_name, v.emergency_contact_phone_enc, v.emergency_contact_phone_masked,
         v.guardian_name, v.guardian_phone_enc, v.guardian_phone_masked, v.guardian_consent, v.real_name_status,
         core::ToUnix(v.registered_at)});
    auto id = row->Int(0);
    conn_.Execute("UPDATE registry_volunteers SET volunteer_number = $2 WHERE id = $1",
                  {id, VolunteerNumber(v.registered_at, id)});
    return core::VolunteerId(id);
  } catch (const DbError& e) {
    if (IsUniqueViolation(e, "id_number_bidx"))
      return core::Error::Duplicate("duplicate_id_number", "该证件号码已注册，请直接登录或找回密码", "id_number");
    if (IsUniqueViolation(e, "account_id")) return core::Error::Duplicate("already_volunteer", "该账户已注册为志愿者");
    throw;
  }
}

std::optional<Volunteer> SqlVolunteerRepository::Find(core::VolunteerId id) {
  static const std::string sql = Sql(kSelectVolunteer, " WHERE v.id = $1");
  auto row = conn_.QueryOne(sql, {id.value});
  if (!row) return std::nullopt;
  return ReadVolunteer(*row);
}

std::optional<Volunteer> SqlVolunteerRepository::FindByAccount(core::AccountId account) {
  static const std::string sql = Sql(kSelectVolunteer, " WHERE v.account_id = $1");
  auto row = conn_.QueryOne(sql, {account.value});
  if (!row) return std::nullopt;
  return ReadVolunteer(*row);
}

std::optional<Volunteer> SqlVolunteerRepository::FindByNumber(const std::string& number) {
  static const std::string sql = Sql(kSelectVolunteer, " WHERE v.volunteer_number = $1");
  auto row = conn_.QueryOne(sql, {number});
  if (!row) return std::nullopt;
  return ReadVolunteer(*row);
}

bool SqlVolunteerRepository::IdNumberTaken(const std::string& bidx) {
  return conn_.QueryOne("SELECT 1 FROM registry_volunteers WHERE id_number_bidx = $1", {bidx}).has_value();
}

std::optional<core::VolunteerId> SqlVolunteerRepository::FindByIdIndex(const std::string& bidx) {
  auto r = conn_.QueryOne("SELECT id FROM registry_volunteers WHERE id_number_bidx = $1", {bidx});
  if (!r) return std::nullopt;
  return core::VolunteerId(r->Int(0));
}

core::Page<Volunteer> SqlVolunteerRepository::Search(const VolunteerQuery& q) {
  SqlBuilder b;
  if (q.county_code) b.Where("v.county_code = " + b.Bind(*q.county_code));
  if (!q.text.empty()) {
    auto pattern = b.BindContains(q.text);
    b.Where("(v.name LIKE " + pattern + " ESCAPE '\\' OR v.volunteer_number = " + b.Bind(q.text) + ")");
  }
  core::Page<Volunteer> page;
  page.request = q.page;
  page.total = conn_.QueryOne("SELECT COUNT(*) FROM registry_volunteers v" + b.where(), b.params())->Int(0);
  auto limit = b.Bind(q.page.page_size);
  auto offset = b.Bind(q.page.offset());
  for (const auto& r : conn_.Query(Sql(kSelectVolunteer, b.where()) + " ORDER BY v.id DESC LIMIT " + limit + " OFFSET " + offset,
                                   b.params()))
    page.items.push_back(ReadVolunteer(r));
  return page;
}

std::optional<SqlVolunteerRepository::Ciphertexts> SqlVolunteerRepository::PersonalCiphertexts(core::VolunteerId id) {
  auto row = conn_.QueryOne("SELECT id_number_enc, emergency_contact_phone_enc, guardian_phone_enc "
                            "FROM registry_volunteers WHERE id = $1",
                            {id.value});
  if (!row) return std::nullopt;
  return Ciphertexts{row->Text(0), row->Text(1), row->Text(2)};
}

void SqlVolunteerRepository::Anonymise(core::VolunteerId id, const std::string& empty_enc,
                                       const std::string& id_number_bidx, core::TimePoint at) {
  conn_.Execute(
      "UPDATE registry_volunteers SET name = '已注销志愿者', id_number_enc = $2, id_number_bidx = $3, "
      "id_number_masked = '', birth_date = substr(birth_date, 1, 4) || '-01-01', skills = '[]', "
      "service_categories = '[]', availability = '', emergency_contact_name = '', emergency_contact_phone_enc = '', "
      "emergency_contact_phone_masked = '', guardian_name = '', guardian_phone_enc = '', guardian_phone_masked = '', "
      "updated_at = $4 WHERE id = $1",
      {id.value, empty_enc, id_number_bidx, core::ToUnix(at)});
}

void SqlVolunteerRepository::Update(core::VolunteerId id, const VolunteerProfilePatch& p, core::TimePoint at) {
  // COALESCE keeps unset fields: one statement for every combination of changes.
  conn_.Execute(
      "UPDATE registry_volunteers SET political_status = COALESCE($2, political_status), "
      "skills = COALESCE($3, skills), service_categories = COALESCE($4, service_categories), "
      "availability = COALESCE($5, availability), emergency_contact_name = COALESCE($6, emergency_contact_name), "
      "emergency_contact_phone_enc = COALESCE($7, emergency_contact_phone_enc), "
      "emergency_contact_phone_masked = COALESCE($8, emergency_contact_phone_masked), "
      "county_code = COALESCE($9, county_code), updated_at = $10 WHERE id = $1",
      {id.value,
       p.political_status ? Value(std::string(ToString(*p.political_status))) : Value(),
       p.skills ? Value(TagsToJson(*p.skills)) : Value(),
       p.service_categories ? Value(TagsToJson(*p.service_categories)) : Value(),
       Value(p.availability), Value(p.emergency_contact_name), Value(p.emergency_contact_phone_enc),
       Value(p.emergency_contact_phone_masked), Value(p.county_code), core::ToUnix(at)});
}

// ---- OrganizationRepository

core::Result<core::OrganizationId> SqlOrganizationRepository::Insert(const NewOrganization& o) {
  try {
    auto row = conn_.QueryOne(
        "INSERT INTO registry_organizations (name, credit_code, credit_code_valid, credit_code_note, type, county_code, "
        "parent_id, contact_name, contact_phone_enc, contact_phone_masked, description, status, applied_by, "
        "applied_at, person_in_charge) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, 'pending', $12, $13, $14) "
        "RETURNING id",
        {o.name, Value(o.credit_code), o.credit_code_valid, o.credit_code_note, o.type, o.county_code,
         o.parent_id ? Value(o.parent_id->value) : Value(), o.contact_name, o.contact_phone_enc, o.contact_phone_masked,
         o.description, o.applied_by.value, core::ToUnix(o.applied_at), o.person_in_charge});
    return core::OrganizationId(row->Int(0));
  } catch (const DbError& e) {
    if (IsUniqueViolation(e, "credit_code"))
      return core::Error::Duplicate("duplicate_credit_code", "该统一社会信用代码已有组织登记", "credit_code");
    throw;
  }
}

std::optional<Organization> SqlOrganizationRepository::Find(core::OrganizationId id) {
  static const std::string sql = Sql(kSelectOrganization, " WHERE o.id = $1");
  auto row = conn_.QueryOne(sql, {id.value});
  if (!row) return std::nullopt;
  return ReadOrganization(*row);
}

core::Page<Organization> SqlOrganizationRepository::Search(const OrganizationQuery& q) {
  SqlBuilder b;
  if (!q.statuses.empty()) {
    std::string in;
    for (auto s : q.statuses) in += (in.empty() ? "" : ", ") + b.Bind(std::string(ToString(s)));
    b.Where("o.status IN (" + in + ")");
  }
  if (!q.unapproved_visible)
    b.Where("o.status = 'approved'");
  else if (q.unapproved_only_in_county)
    b.Where("(o.status = 'approved' OR o.county_code = " + b.Bind(*q.unapproved_only_in_county) + ")");
  if (q.county_code) b.Where("o.county_code = " + b.Bind(*q.county_code));
  if (q.related_to) {
    auto a = b.Bind(q.related_to->value);
    b.Where("(EXISTS (SELECT 1 FROM identity_role_grants g WHERE g.account_id = " + a +
            " AND g.role = 'org_admin' AND g.organization_id = o.id) OR EXISTS (SELECT 1 FROM registry_memberships m "
            "JOIN registry_volunteers v ON v.id = m.volunteer_id WHERE m.organization_id = o.id AND v.account_id = " +
            a + " AND m.status IN ('approved', 'pending')))");
  }
  if (!q.text.empty()) b.Where("o.name LIKE " + b.BindContains(q.text) + " ESCAPE '\\'");
  core::Page<Organization> page;
  page.request = q.page;
  page.total = conn_.QueryOne("SELECT COUNT(*) FROM registry_organizations o" + b.where(), b.params())->Int(0);
  auto limit = b.Bind(q.page.page_size);
  auto offset = b.Bind(q.page.offset());
  for (const auto& r :
       conn_.Query(Sql(kSelectOrganization, b.where()) + " ORDER BY o.id DESC LIMIT " + limit + " OFFSET " + offset,
                   b.params()))
    page.items.push_back(ReadOrganization(r));
  return page;
}

void SqlOrganizationRepository::Decide(core::OrganizationId id, OrgStatus status, const std::string& reason,
                                       const std::string& override_reason, core::AccountId by, core::TimePoint at) {
  conn_.Execute("UPDATE registry_organizations SET status = $2, status_reason = $3, credit_code_override_reason = $4, "
                "decided_by = $5, decided_at = $6 WHERE id = $1",
                {id.value, std::string(ToString(status)), reason, override_reason, by.value, core::ToUnix(at)});
}

core::Result<core::MembershipId> SqlOrganizationRepository::InsertMembership(core::OrganizationId org,
                                                                            core::VolunteerId volunteer,
                                                                            MembershipStatus status,
                                                                            core::TimePoint at) {
  try {
    auto row = conn_.QueryOne(
        "INSERT INTO registry_memberships (organization_id, volunteer_id, status, requested_at, decided_at) "
        "VALUES ($1, $2, $3, $4, $5) RETURNING id",
        {org.value, volunteer.value, std::string(ToString(status)), core::ToUnix(at),
         status == MembershipStatus::kPending ? Value() : Value(core::ToUnix(at))});
    return core::MembershipId(row->Int(0));
  } catch (const DbError& e) {
    if (e.kind() == DbError::Kind::kUniqueViolation) return core::Error::Duplicate("already_member", "已是该组织成员或已申请");
    throw;
  }
}

std::optional<Membership> SqlOrganizationRepository::FindMembership(core::OrganizationId org, core::MembershipId id) {
  static const std::string sql = Sql(kSelectMembership, " WHERE m.organization_id = $1 AND m.id = $2");
  auto row = conn_.QueryOne(sql, {org.value, id.value});
  if (!row) return std::nullopt;
  return ReadMembership(*row);
}

std::optional<Membership> SqlOrganizationRepository::FindMembershipOf(core::OrganizationId org,
                                                                      core::VolunteerId volunteer) {
  static const std::string sql = Sql(kSelectMembership, " WHERE m.organization_id = $1 AND m.volunteer_id = $2");
  auto row = conn_.QueryOne(sql, {org.value, volunteer.value});
  if (!row) return std::nullopt;
  return ReadMembership(*row);
}

std::vector<Membership> SqlOrganizationRepository::Memberships(core::OrganizationId org,
                                                               std::optional<MembershipStatus> status) {
  static const std::string sql = Sql(kSelectMembership,
                                   " WHERE m.organization_id = $1 AND (CAST($2 AS TEXT) IS NULL OR m.status = $2) "
                                   "ORDER BY m.id");
  std::vector<Membership> out;
  for (const auto& r : conn_.Query(sql, {org.value, status ? Value(std::string(ToString(*status))) : Value()}))
    out.push_back(ReadMembership(r));
  return out;
}

std::vector<Membership> SqlOrganizationRepository::MembershipsOf(core::VolunteerId volunteer) {
  static const std::string sql = Sql(kSelectMembership, " WHERE m.volunteer_id = $1 ORDER BY m.id");
  std::vector<Membership> out;
  for (const auto& r : conn_.Query(sql, {volunteer.value})) out.push_back(ReadMembership(r));
  return out;
}

void SqlOrganizationRepository::DecideMembership(core::MembershipId id, MembershipStatus status,
                                                 const std::string& reason, core::AccountId by, core::TimePoint at) {
  bool pending = status == MembershipStatus::kPending;
  conn_.Execute("UPDATE registry_memberships SET status = $2, reason = $3, decided_by = $4, decided_at = $5, "
                "requested_at = CASE WHEN $2 = 'pending' THEN $6 ELSE requested_at END WHERE id = $1",
                {id.value, std::string(ToString(status)), reason, pending ? Value() : Value(by.value),
                 pending ? Value() : Value(core::ToUnix(at)), core::ToUnix(at)});
}

bool SqlOrganizationRepository::VolunteerInOrgAdministeredBy(core::VolunteerId volunteer, core::AccountId account) {
  return conn_
      .QueryOne("SELECT 1 FROM registry_memberships m JOIN identity_role_grants g ON g.organization_id = "
                "m.organization_id AND g.role = 'org_admin' WHERE m.volunteer_id = $1 AND g.account_id = $2 "
                "AND m.status IN ('approved', 'pending')",
                {volunteer.value, account.value})
      .has_value();
}

core::Result<core::TeamId> SqlOrganizationRepository::InsertTeam(const Team& t) {
  try {
    auto row = conn_.QueryOne("INSERT INTO registry_teams (organization_id, name, kind, description, created_at) "
                              "VALUES ($1, $2, $3, $4, $5) RETURNING id",
                              {t.organization.value, t.name, std::string(ToString(t.kind)), t.description,
                               core::ToUnix(t.created_at)});
    return core::TeamId(row->Int(0));
  } catch (const DbError& e) {
    if (e.kind() == DbError::Kind::kUniqueViolation)
      return core::Error::Duplicate("duplicate_team_name", "本组织已有同名队伍", "name");
    throw;
  }
}

std::vector<Team> SqlOrganizationRepository::Teams(core::OrganizationId org) {
  static const std::string sql = Sql(kSelectTeam, " WHERE t.organization_id = $1 ORDER BY t.id");
  std::vector<Team> out;
  for (const auto& r : conn_.Query(sql, {org.value})) out.push_back(ReadTeam(r));
  return out;
}

std::optional<Team> SqlOrganizationRepository::FindTeam(core::OrganizationId org, core::TeamId id) {
  static const std::string sql = Sql(kSelectTeam, " WHERE t.organization_id = $1 AND t.id = $2");
  auto row = conn_.QueryOne(sql, {org.value, id.value});
  if (!row) return std::nullopt;
  return ReadTeam(*row);
}

core::Status SqlOrganizationRepository::AddTeamMember(core::TeamId team, core::VolunteerId volunteer,
                                                      core::TimePoint at) {
  try {
    conn_.Execute("INSERT INTO registry_team_members (team_id, volunteer_id, added_at) VALUES ($1, $2, $3)",
                  {team.value, volunteer.value, core::ToUnix(at)});
    return core::Ok();
  } catch (const DbError& e) {
    if (e.kind() == DbError::Kind::kUniqueViolation) return core::Error::Duplicate("already_in_team", "该志愿者已在队伍中");
    throw;
  }
}

std::vector<TeamMember> SqlOrganizationRepository::TeamMembers(core::TeamId team) {
  std::vector<TeamMember> out;
  for (const auto& r : conn_.Query("SELECT v.id, v.name, v.volunteer_number, v.political_status, tm.added_at "
                                   "FROM registry_team_members tm JOIN registry_volunteers v ON v.id = tm.volunteer_id "
                                   "WHERE tm.team_id = $1 ORDER BY tm.added_at, v.id",
                                   {team.value}))
    out.push_back({core::VolunteerId(r.Int(0)), r.Text(1), r.Text(2),
                   ParsePoliticalStatus(r.Text(3)).value_or(PoliticalStatus::kMasses), core::FromUnix(r.Int(4))});
  return out;
}

}  // namespace zhiyuan::storage
