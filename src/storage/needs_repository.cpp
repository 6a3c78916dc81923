#include "storage/repositories.hpp"
#include "storage/sql_builder.hpp"

namespace zhiyuan::storage {

using namespace domain::needs;  // NOLINT: this file implements the needs port

namespace {

constexpr std::string_view kSelectNeed =
    "SELECT n.id, n.title, n.description, n.recipients, n.county_code, r.name, n.address, n.latitude, n.longitude, "
    "n.wanted_from, n.wanted_to, n.contact_name, n.contact_phone_enc, n.contact_phone_masked, n.status, n.posted_by, "
    "n.posted_at, n.organization_id, COALESCE(o.name, ''), n.dispatch_note, n.dispatched_at, n.decline_reason, "
    "n.accepted_at, n.activity_id, n.rating, n.feedback, n.completed_at "
    "FROM needs_needs n JOIN registry_regions r ON r.code = n.county_code "
    "LEFT JOIN registry_organizations o ON o.id = n.organization_id";

Need ReadNeed(const Row& r) {
  Need n;
  n.id = NeedId(r.Int(0));
  n.title = r.Text(1);
  n.description = r.Text(2);
  n.recipients = r.Text(3);
  n.county_code = r.Text(4);
  n.county_name = r.Text(5);
  n.address = r.Text(6);
  if (!r.IsNull(7)) n.latitude = r.Double(7);
  if (!r.IsNull(8)) n.longitude = r.Double(8);
  n.wanted_from = core::FromUnix(r.Int(9));
  n.wanted_to = core::FromUnix(r.Int(10));
  n.contact_name = r.Text(11);
  n.contact_phone_enc = r.Text(12);
  n.contact_phone_masked = r.Text(13);
  n.status = ParseNeedStatus(r.Text(14)).value_or(NeedStatus::kOpen);
  n.posted_by = core::AccountId(r.Int(15));
  n.posted_at = core::FromUnix(r.Int(16));
  if (auto o = r.OptInt(17)) n.organization = core::OrganizationId(*o);
  n.organization_name = r.Text(18);
  n.dispatch_note = r.Text(19);
  if (auto d = r.OptInt(20)) n.dispatched_at = core::FromUnix(*d);
  n.decline_reason = r.Text(21);
  if (auto a = r.OptInt(22)) n.accepted_at = core::FromUnix(*a);
  if (auto a = r.OptInt(23)) n.activity = core::ActivityId(*a);
  if (auto g = r.OptInt(24)) n.rating = int(*g);
  n.feedback = r.Text(25);
  if (auto c = r.OptInt(26)) n.completed_at = core::FromUnix(*c);
  return n;
}

}  // namespace

NeedId SqlNeedRepository::Insert(const NeedFields& f, core::AccountId by, core::TimePoint at) {
  auto row = conn_.QueryOne(
      "INSERT INTO needs_needs (title, description, recipients, county_code, address, latitude, longitude, wanted_from, "
      "wanted_to, contact_name, contact_phone_enc, contact_phone_masked, status, posted_by, posted_at, updated_at) "
      "VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, 'open', $13, $14, $14) RETURNING id",
      {f.title, f.description, f.recipients, f.county_code, f.address, Value(f.latitude), Value(f.longitude),
       core::ToUnix(f.wanted_from), core::ToUnix(f.wanted_to), f.contact_name, f.contact_phone_enc,
       f.contact_phone_masked, by.value, core::ToUnix(at)});
  return NeedId(row->Int(0));
}

std::optional<Need> SqlNeedRepository::Find(NeedId id) {
  static const std::string sql = std::string(kSelectNeed) + " WHERE n.id = $1";
  auto row = conn_.QueryOne(sql, {id.value});
  if (!row) return std::nullopt;
  return ReadNeed(*row);
}

bool SqlNeedRepository::Update(NeedId id, NeedStatus from, const NeedUpdate& u, core::TimePoint at) {
  bool set_org = u.organization.has_value();
  Value org = set_org && *u.organization ? Value((*u.organization)->value) : Value();
  return conn_.Execute(
      "UPDATE needs_needs SET status = $2, updated_at = $3, "
      "organization_id = CASE WHEN $4 = 1 THEN $5 ELSE organization_id END, "
      "dispatch_note = COALESCE($6, dispatch_note), dispatched_by = COALESCE($7, dispatched_by), "
      "decline_reason = COALESCE($8, decline_reason), activity_id = COALESCE($9, activity_id), "
      "rating = COALESCE($10, rating), feedback = COALESCE($11, feedback), "
      "dispatched_at = CASE WHEN $2 = 'dispatched' THEN $3 ELSE dispatched_at END, "
      "accepted_at = CASE WHEN $2 = 'accepted' THEN $3 ELSE accepted_at END, "
      "completed_at = CASE WHEN $2 = 'completed' THEN $3 ELSE completed_at END WHERE id = $1 AND status = $12",
      {id.value, std::string(ToString(u.status)), core::ToUnix(at), set_org ? 1 : 0, org, Value(u.dispatch_note),
       u.dispatched_by ? Value(u.dispatched_by->value) : Value(), Value(u.decline_reason),
       u.activity ? Value(u.activity->value) : Value(), Value(u.rating), Value(u.feedback),
       std::string(ToString(from))}) == 1;
}

core::Page<Need> SqlNeedRepository::Search(const NeedQuery& q) {
  SqlBuilder b;
  if (q.status) b.Where("n.status = " + b.Bind(std::string(ToString(*q.status))));
  if (q.posted_by) {
    b.Where("n.posted_by = " + b.Bind(q.posted_by->value));
  } else if (!q.all) {
    std::string scope;
    auto add = [&](const std::string& c) { scope += (scope.empty() ? "" : " OR ") + c; };
    for (const auto& c : q.counties) add("n.county_code = " + b.Bind(c));
    for (const auto& o : q.organizations) add("n.organization_id = " + b.Bind(o.value));
    b.Where(scope.empty() ? "1 = 0" : "(" + scope + ")");
  }
  core::Page<Need> page;
  page.request = q.page;
  page.total = conn_.QueryOne("SELECT COUNT(*) FROM needs_needs n" + b.where(), b.params())->Int(0);
  auto limit = b.Bind(q.page.page_size);
  auto offset = b.Bind(q.page.offset());
  for (const auto& r : conn_.Query(std::string(kSelectNeed) + b.where() + " ORDER BY n.id DESC LIMIT " + limit +
                                       " OFFSET " + offset,
                                   b.params()))
    page.items.push_back(ReadNeed(r));
  return page;
}

}  // namespace zhiyuan::storage
