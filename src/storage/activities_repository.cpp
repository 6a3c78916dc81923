#include "storage/repositories.hpp"
#include "storage/row_codecs.hpp"
#include "storage/sql_builder.hpp"

namespace zhiyuan::storage {

using namespace domain::activities;  // NOLINT: this file implements the activities ports

namespace {

constexpr std::string_view kSelectActivity =
    "SELECT a.id, a.organization_id, o.name, a.title, a.category, a.recipients, a.content, a.requirements, a.risks, "
    "a.county_code, r.name, a.address, a.latitude, a.longitude, a.geofence_meters, a.starts_at, a.ends_at, a.quota, "
    "a.signup_deadline, a.requires_approval, a.min_age, a.political_requirement, a.required_skills, a.contact_name, "
    "a.contact_phone_enc, a.contact_phone_masked, a.status, a.cancel_reason, a.confirmed_count, "
    "(SELECT COUNT(*) FROM activities_signups s WHERE s.activity_id = a.id AND s.status = 'waitlisted'), "
    "(SELECT COUNT(*) FROM activities_signups s WHERE s.activity_id = a.id AND s.status = 'pending'), "
    "a.created_by, a.created_at, a.published_at "
    "FROM activities_activities a JOIN registry_organizations o ON o.id = a.organization_id "
    "JOIN registry_regions r ON r.code = a.county_code";

Activity ReadActivity(const Row& r) {
  Activity a;
  a.id = core::ActivityId(r.Int(0));
  a.organization = core::OrganizationId(r.Int(1));
  a.organization_name = r.Text(2);
  a.title = r.Text(3);
  a.category = r.Text(4);
  a.recipients = r.Text(5);
  a.content = r.Text(6);
  a.requirements = r.Text(7);
  a.risks = r.Text(8);
  a.county_code = r.Text(9);
  a.county_name = r.Text(10);
  a.address = r.Text(11);
  a.latitude = r.Double(12);
  a.longitude = r.Double(13);
  a.geofence_meters = int(r.Int(14));
  a.starts_at = core::FromUnix(r.Int(15));
  a.ends_at = core::FromUnix(r.Int(16));
  a.quota = int(r.Int(17));
  if (auto d = r.OptInt(18)) a.signup_deadline = core::FromUnix(*d);
  a.requires_approval = r.Bool(19);
  a.min_age = int(r.Int(20));
  a.political_requirement = ParsePoliticalRequirement(r.Text(21)).value_or(PoliticalRequirement::kNone);
  a.required_skills = TagsFromJson(r.Text(22));
  a.contact_name = r.Text(23);
  a.contact_phone_enc = r.Text(24);
  a.contact_phone_masked = r.Text(25);
  a.status = ParseActivityStatus(r.Text(26)).value_or(ActivityStatus::kDraft);
  a.cancel_reason = r.Text(27);
  a.confirmed_count = int(r.Int(28));
  a.waitlist_count = int(r.Int(29));
  a.pending_count = int(r.Int(30));
  a.created_by = core::AccountId(r.Int(31));
  a.created_at = core::FromUnix(r.Int(32));
  if (auto p = r.OptInt(33)) a.published_at = core::FromUnix(*p);
  return a;
}

Params FieldParams(const ActivityFields& f) {
  return {f.title,
          f.category,
          f.recipients,
          f.content,
          f.requirements,
          f.risks,
          f.county_code,
          f.address,
          f.latitude,
          f.longitude,
          f.geofence_meters,
          core::ToUnix(f.starts_at),
          core::ToUnix(f.ends_at),
          f.quota,
          f.signup_deadline ? Value(core::ToUnix(*f.signup_deadline)) : Value(),
          f.requires_approval,
          f.min_age,
          std::string(ToString(f.political_requirement)),
          TagsToJson(f.required_skills),
          f.contact_name,
          f.contact_phone_enc,
          f.contact_phone_masked};
}

// The waiting-list position counts those queued before (queued_at, then id).
constexpr std::string_view kSelectSignup =
    "SELECT s.id, s.activity_id, a.title, s.volunteer_id, v.account_id, v.name, v.volunteer_number, ac.phone_masked, "
    "s.status, CASE WHEN s.status = 'waitlisted' THEN (SELECT COUNT(*) + 1 FROM activities_signups w "
    "  WHERE w.activity_id = s.activity_id AND w.status = 'waitlisted' AND (w.queued_at < s.queued_at OR "
    "  (w.queued_at = s.queued_at AND w.id < s.id))) END, s.reason, s.created_at, s.decided_at "
    "FROM activities_signups s JOIN activities_activities a ON a.id = s.activity_id "
    "JOIN registry_volunteers v ON v.id = s.volunteer_id JOIN identity_accounts ac ON ac.id = v.account_id";

Signup ReadSignup(const Row& r) {
  Signup s;
  s.id = core::SignupId(r.Int(0));
  s.activity = core::ActivityId(r.Int(1));
  s.activity_title = r.Text(2);
  s.volunteer = core::VolunteerId(r.Int(3));
  s.volunteer_account = core::AccountId(r.Int(4));
  s.volunteer_name = r.Text(5);
  s.volunteer_number = r.Text(6);
  s.phone_masked = r.Text(7);
  s.status = ParseSignupStatus(r.Text(8)).value_or(SignupStatus::kPending);
  if (auto p = r.OptInt(9)) s.waitlist_position = int(*p);
  s.reason = r.Text(10);
  s.created_at = core::FromUnix(r.Int(11));
  if (auto d = r.OptInt(12)) s.decided_at = core::FromUnix(*d);
  return s;
}

}  // namespace

core::ActivityId SqlActivityRepository::Insert(core::OrganizationId org, const ActivityFields& f, core::AccountId by,
                                               core::TimePoint at) {
  auto params = FieldParams(f);
  params.insert(params.end(), {org.value, by.value, core::ToUnix(at)});
  auto row = conn_.QueryOne(
      "INSERT INTO activities_activities (title, category, recipients, content, requirements, risks, county_code, "
      "address, latitude, longitude, geofence_meters, starts_at, ends_at, quota, signup_deadline, requires_approval, "
      "min_age, political_requirement, required_skills, contact_name, contact_phone_enc, contact_phone_masked, "
      "organization_id, created_by, created_at, updated_at, status) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, "
      "$11, $12, $13, $14, $15, $16, $17, $18, $19, $20, $21, $22, $23, $24, $25, $25, 'draft') RETURNING id",
      params);
  return core::ActivityId(row->Int(0));
}

void SqlActivityRepository::Update(core::ActivityId id, const ActivityFields& f, core::TimePoint at) {
  auto params = FieldParams(f);
  params.insert(params.end(), {id.value, core::ToUnix(at)});
  conn_.Execute(
      "UPDATE activities_activities SET title = $1, category = $2, recipients = $3, content = $4, requirements = $5, "
      "risks = $6, county_code = $7, address = $8, latitude = $9, longitude = $10, geofence_meters = $11, "
      "starts_at = $12, ends_at = $13, quota = $14, signup_deadline = $15, requires_approval = $16, min_age = $17, "
      "political_requirement = $18, required_skills = $19, contact_name = $20, contact_phone_enc = $21, "
      "contact_phone_masked = $22, updated_at = $24 WHERE id = $23",
      params);
}

std::optional<Activity> SqlActivityRepository::Find(core::ActivityId id) {
  static const std::string sql = Sql(kSelectActivity, " WHERE a.id = $1");
  auto row = conn_.QueryOne(sql, {id.value});
  if (!row) return std::nullopt;
  return ReadActivity(*row);
}

void SqlActivityRepository::LockForSignup(core::ActivityId id) {
  // SQLite already serialises writers (BEGIN IMMEDIATE); PostgreSQL needs the row lock. NO KEY UPDATE still
  // serialises the activity's sign-ups but not the foreign-key checks of rows that point at it (a volunteer's
  // check-out inserting attendance while the organiser confirms hours would otherwise deadlock).
  if (conn_.dialect() == Dialect::kPostgres)
    conn_.Query("SELECT id FROM activities_activities WHERE id = $1 FOR NO KEY UPDATE", {id.value});
}

void SqlActivityRepository::SetStatus(core::ActivityId id, ActivityStatus status, const std::string& reason,
                                      core::TimePoint at) {
  conn_.Execute(
      "UPDATE activities_activities SET status = $2, cancel_reason = $3, updated_at = $4, "
      "published_at = CASE WHEN $2 = 'published' THEN $4 ELSE published_at END WHERE id = $1",
      {id.value, std::string(ToString(status)), reason, core::ToUnix(at)});
}

core::Page<Activity> SqlActivityRepository::Search(const ActivityQuery& q, core::TimePoint now) {
  SqlBuilder b;
  if (!q.include_drafts) b.Where("a.status IN ('published', 'cancelled', 'closed')");  // IN, so indexes apply
  if (q.organization) b.Where("a.organization_id = " + b.Bind(q.organization->value));
  if (q.county_code) b.Where("a.county_code = " + b.Bind(*q.county_code));
  if (q.category) b.Where("a.category = " + b.Bind(*q.category));
  if (q.from) b.Where("a.starts_at >= " + b.Bind(core::ToUnix(*q.from)));
  if (q.to) b.Where("a.starts_at < " + b.Bind(core::ToUnix(*q.to)));
  if (q.wire_status) {
    const auto& w = *q.wire_status;
    auto t = core::ToUnix(now);
    if (w == "published") b.Where("a.status = 'published' AND a.starts_at > " + b.Bind(t));
    else if (w == "running") {
      auto p = b.Bind(t);
      b.Where("a.status = 'published' AND a.starts_at <= " + p + " AND a.ends_at > " + p);
    } else if (w == "finished") b.Where("a.status = 'published' AND a.ends_at <= " + b.Bind(t));
    else b.Where("a.status = " + b.Bind(w));
  }
  if (!q.text.empty()) {
    auto p = b.BindContains(q.text);
    b.Where("(a.title LIKE " + p + " ESCAPE '\\' OR a.content LIKE " + p + " ESCAPE '\\')");
  }
  core::Page<Activity> page;
  page.request = q.page;
  page.total = conn_.QueryOne("SELECT COUNT(*) FROM activities_activities a" + b.where(), b.params())->Int(0);
  auto limit = b.Bind(q.page.page_size);
  auto offset = b.Bind(q.page.offset());
  for (const auto& r : conn_.Query(Sql(kSelectActivity, b.where()) + " ORDER BY a.starts_at, a.id LIMIT " + limit +
                                       " OFFSET " + offset,
                                   b.params()))
    page.items.push_back(ReadActivity(r));
  return page;
}

std::vector<Activity> SqlActivityRepository::Upcoming(core::TimePoint now, int limit) {
  static const std::string sql =
      Sql(kSelectActivity,
        " WHERE a.status = 'published' AND a.starts_at > $1 AND (a.signup_deadline IS NULL OR a.signup_deadline >= $1) "
        "ORDER BY a.starts_at, a.id LIMIT $2");
  std::vector<Activity> out;
  for (const auto& r : conn_.Query(sql, {core::ToUnix(now), limit})) out.push_back(ReadActivity(r));
  return out;
}

bool SqlActivityRepository::TryTakePlace(core::ActivityId id) {
  return conn_.Execute("UPDATE activities_activities SET confirmed_count = confirmed_count + 1 "
                       "WHERE id = $1 AND confirmed_count < quota",
                       {id.value}) == 1;
}

void SqlActivityRepository::ReleasePlace(core::ActivityId id) {
  conn_.Execute("UPDATE activities_activities SET confirmed_count = confirmed_count - 1 WHERE id = $1 AND confirmed_count > 0",
                {id.value});
}

core::Result<core::SignupId> SqlActivityRepository::InsertSignup(core::ActivityId activity, core::VolunteerId volunteer,
                                                                 SignupStatus status, core::TimePoint at) {
  try {
    auto row = conn_.QueryOne(
        "INSERT INTO activities_signups (activity_id, volunteer_id, status, queued_at, created_at, decided_at) "
        "VALUES ($1, $2, $3, $4, $4, $5) RETURNING id",
        {activity.value, volunteer.value, std::string(ToString(status)), core::ToUnix(at),
         status == SignupStatus::kPending ? Value() : Value(core::ToUnix(at))});
    return core::SignupId(row->Int(0));
  } catch (const DbError& e) {
    if (e.kind() == DbError::Kind::kUniqueViolation) return core::Error::Duplicate("already_signed_up", "您已报名该活动");
    throw;
  }
}

void SqlActivityRepository::UpdateSignup(core::SignupId id, SignupStatus status, const std::string& reason,
                                         std::optional<core::AccountId> by, core::TimePoint at, bool requeue) {
  conn_.Execute("UPDATE activities_signups SET status = $2, reason = $3, decided_by = $4, decided_at = $5, "
                "queued_at = CASE WHEN $6 = 1 THEN $5 ELSE queued_at END WHERE id = $1",
                {id.value, std::string(ToString(status)), reason, by ? Value(by->value) : Value(), core::ToUnix(at),
                 requeue ? 1 : 0});
}

std::optional<Signup> SqlActivityRepository::FindSignup(core::ActivityId activity, core::SignupId id) {
  static const std::string sql = Sql(kSelectSignup, " WHERE s.activity_id = $1 AND s.id = $2");
  auto row = conn_.QueryOne(sql, {activity.value, id.value});
  if (!row) return std::nullopt;
  return ReadSignup(*row);
}

std::optional<Signup> SqlActivityRepository::FindSignupOf(core::ActivityId activity, core::VolunteerId volunteer) {
  static const std::string sql = Sql(kSelectSignup, " WHERE s.activity_id = $1 AND s.volunteer_id = $2");
  auto row = conn_.QueryOne(sql, {activity.value, volunteer.value});
  if (!row) return std::nullopt;
  return ReadSignup(*row);
}

std::vector<Signup> SqlActivityRepository::Signups(core::ActivityId activity, std::optional<SignupStatus> status) {
  static const std::string sql =
      Sql(kSelectSignup, " WHERE s.activity_id = $1 AND (CAST($2 AS TEXT) IS NULL OR s.status = $2) ORDER BY s.queued_at, s.id");
  std::vector<Signup> out;
  for (const auto& r : conn_.Query(sql, {activity.value, status ? Value(std::string(ToString(*status))) : Value()}))
    out.push_back(ReadSignup(r));
  return out;
}

std::vector<Signup> SqlActivityRepository::SignupsOf(core::VolunteerId volunteer) {
  static const std::string sql = Sql(kSelectSignup, " WHERE s.volunteer_id = $1 ORDER BY a.starts_at DESC, s.id DESC");
  std::vector<Signup> out;
  for (const auto& r : conn_.Query(sql, {volunteer.value})) out.push_back(ReadSignup(r));
  return out;
}

std::optional<Signup> SqlActivityRepository::FirstWaitlisted(core::ActivityId activity) {
  static const std::string sql =
      Sql(kSelectSignup, " WHERE s.activity_id = $1 AND s.status = 'waitlisted' ORDER BY s.queued_at, s.id LIMIT 1");
  auto row = conn_.QueryOne(sql, {activity.value});
  if (!row) return std::nullopt;
  return ReadSignup(*row);
}

}  // namespace zhiyuan::storage
