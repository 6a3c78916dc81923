#include "storage/repositories.hpp"
#include "storage/sql_builder.hpp"

namespace zhiyuan::storage {

using domain::identity::Account;
using domain::identity::Role;
using domain::identity::RoleGrant;
using domain::identity::Session;
using domain::identity::SessionView;

namespace {

constexpr std::string_view kAccountColumns =
    "id, name, phone_masked, password_hash, failed_logins, locked_until, password_changed_at, created_at, status";

Account ReadAccount(const Row& r, std::size_t o = 0) {
  Account a;
  a.id = core::AccountId(r.Int(o + 0));
  a.name = r.Text(o + 1);
  a.phone_masked = r.Text(o + 2);
  a.password_hash = r.Text(o + 3);
  a.failed_logins = int(r.Int(o + 4));
  if (auto l = r.OptInt(o + 5)) a.locked_until = core::FromUnix(*l);
  a.password_changed_at = core::FromUnix(r.Int(o + 6));
  a.created_at = core::FromUnix(r.Int(o + 7));
  a.status = r.Text(o + 8);
  return a;
}

const std::string kSelectAccountById = "SELECT " + std::string(kAccountColumns) + " FROM identity_accounts WHERE id = $1";
const std::string kSelectAccountByPhone =
    "SELECT " + std::string(kAccountColumns) + " FROM identity_accounts WHERE phone_bidx = $1";
const std::string kResolveSession =
    "SELECT s.token_hash, s.account_id, s.csrf_token, s.created_at, s.last_seen_at, v.id, "
    "a.id, a.name, a.phone_masked, a.password_hash, a.failed_logins, a.locked_until, a.password_changed_at, "
    "a.created_at, a.status FROM identity_sessions s JOIN identity_accounts a ON a.id = s.account_id "
    "LEFT JOIN registry_volunteers v ON v.account_id = a.id WHERE s.token_hash = $1";

}  // namespace

core::Result<core::AccountId> SqlAccountRepository::Insert(const domain::identity::NewAccount& a) {
  try {
    auto row = conn_.QueryOne(
        "INSERT INTO identity_accounts (name, phone_enc, phone_bidx, phone_masked, password_hash, failed_logins, "
        "password_changed_at, created_at) VALUES ($1, $2, $3, $4, $5, 0, $6, $6) RETURNING id",
        {a.name, a.phone_enc, a.phone_bidx, a.phone_masked, a.password_hash, core::ToUnix(a.created_at)});
    return core::AccountId(row->Int(0));
  } catch (const DbError& e) {
    if (e.kind() == DbError::Kind::kUniqueViolation)
      return core::Error::Duplicate("duplicate_phone", "该手机号码已注册，请直接登录", "phone");
    throw;
  }
}

std::optional<Account> SqlAccountRepository::Find(core::AccountId id) {
  auto row = conn_.QueryOne(kSelectAccountById, {id.value});
  if (!row) return std::nullopt;
  return ReadAccount(*row);
}

std::optional<Account> SqlAccountRepository::FindByPhoneIndex(const std::string& bidx) {
  auto row = conn_.QueryOne(kSelectAccountByPhone, {bidx});
  if (!row) return std::nullopt;
  return ReadAccount(*row);
}

void SqlAccountRepository::UpdateLoginState(core::AccountId id, int failed, std::optional<core::TimePoint> locked) {
  conn_.Execute("UPDATE identity_accounts SET failed_logins = $2, locked_until = $3 WHERE id = $1",
                {id.value, failed, locked ? Value(core::ToUnix(*locked)) : Value()});
}

std::optional<SqlAccountRepository::SecondFactor> SqlAccountRepository::FindSecondFactor(core::AccountId id) {
  auto row = conn_.QueryOne("SELECT totp_secret_enc, totp_last_step FROM identity_accounts WHERE id = $1 AND "
                            "totp_secret_enc IS NOT NULL",
                            {id.value});
  if (!row) return std::nullopt;
  return SecondFactor{row->Text(0), row->Int(1)};
}

void SqlAccountRepository::SetSecondFactor(core::AccountId id, const std::string& secret_enc) {
  conn_.Execute("UPDATE identity_accounts SET totp_secret_enc = $2, totp_last_step = 0 WHERE id = $1",
                {id.value, secret_enc});
}

bool SqlAccountRepository::UseSecondFactorStep(core::AccountId id, std::int64_t step) {
  return conn_
      .QueryOne("UPDATE identity_accounts SET totp_last_step = $2 WHERE id = $1 AND totp_last_step < $2 RETURNING id",
                {id.value, step})
      .has_value();
}

void SqlAccountRepository::UpdatePassword(core::AccountId id, const std::string& hash, core::TimePoint at) {
  conn_.Execute("UPDATE identity_accounts SET password_hash = $2, password_changed_at = $3 WHERE id = $1",
                {id.value, hash, core::ToUnix(at)});
}

std::optional<std::string> SqlAccountRepository::PhoneCiphertext(core::AccountId id) {
  auto row = conn_.QueryOne("SELECT phone_enc FROM identity_accounts WHERE id = $1", {id.value});
  if (!row) return std::nullopt;
  return row->Text(0);
}

void SqlAccountRepository::Close(core::AccountId id, const std::string& phone_enc, const std::string& phone_bidx,
                                 core::TimePoint at) {
  // '!' is no Argon2id hash, so no password ever verifies against it.
  conn_.Execute("UPDATE identity_accounts SET name = '已注销用户', phone_enc = $2, phone_bidx = $3, phone_masked = '', "
                "password_hash = '!', password_changed_at = $4, totp_secret_enc = NULL, failed_logins = 0, "
                "locked_until = NULL, status = 'closed' WHERE id = $1",
                {id.value, phone_enc, phone_bidx, core::ToUnix(at)});
  conn_.Execute("DELETE FROM identity_sessions WHERE account_id = $1", {id.value});
  conn_.Execute("DELETE FROM identity_role_grants WHERE account_id = $1", {id.value});
  conn_.Execute("DELETE FROM identity_activations WHERE account_id = $1", {id.value});
}

void SqlAccountRepository::SetStatus(core::AccountId id, const std::string& status) {
  conn_.Execute("UPDATE identity_accounts SET status = $2 WHERE id = $1", {id.value, status});
}

bool SqlAccountRepository::Revoke(core::AccountId id, const RoleGrant& grant) {
  return conn_.Execute("DELETE FROM identity_role_grants WHERE account_id = $1 AND role = $2 AND county_code = $3 AND "
                       "organization_id = $4 AND partner_code = $5",
                       {id.value, std::string(domain::identity::ToString(grant.role)), grant.county_code,
                        grant.organization.value, grant.partner_code}) > 0;
}

std::vector<RoleGrant> SqlAccountRepository::Grants(core::AccountId id) {
  std::vector<RoleGrant> out;
  for (const auto& r : conn_.Query("SELECT role, organization_id, county_code, partner_code FROM identity_role_grants "
                                   "WHERE account_id = $1 ORDER BY id",
                                   {id.value})) {
    auto role = domain::identity::ParseRole(r.Text(0));
    if (role) out.push_back({*role, core::OrganizationId(r.Int(1)), r.Text(2), r.Text(3)});
  }
  return out;
}

std::vector<core::AccountId> SqlAccountRepository::OrganizationAdmins(core::OrganizationId org) {
  std::vector<core::AccountId> out;
  for (const auto& r : conn_.Query("SELECT account_id FROM identity_role_grants WHERE role = 'org_admin' "
                                   "AND organization_id = $1 ORDER BY account_id",
                                   {org.value}))
    out.emplace_back(r.Int(0));
  return out;
}

void SqlAccountRepository::InsertActivation(const std::string& token_hash, core::AccountId id,
                                            core::TimePoint expires_at, core::TimePoint at) {
  conn_.Execute("INSERT INTO identity_activations (token_hash, account_id, expires_at, created_at) "
                "VALUES ($1, $2, $3, $4)",
                {token_hash, id.value, core::ToUnix(expires_at), core::ToUnix(at)});
}

std::optional<std::pair<core::AccountId, core::TimePoint>> SqlAccountRepository::FindActivation(
    const std::string& token_hash) {
  auto r = conn_.QueryOne("SELECT account_id, expires_at FROM identity_activations "
                          "WHERE token_hash = $1 AND used_at IS NULL",
                          {token_hash});
  if (!r) return std::nullopt;
  return std::pair{core::AccountId(r->Int(0)), core::FromUnix(r->Int(1))};
}

std::optional<core::TimePoint> SqlAccountRepository::LatestActivation(core::AccountId id) {
  auto r = conn_.QueryOne("SELECT MAX(created_at) FROM identity_activations WHERE account_id = $1", {id.value});
  if (!r || r->IsNull(0)) return std::nullopt;
  return core::FromUnix(r->Int(0));
}

bool SqlAccountRepository::UseActivation(const std::string& token_hash, core::TimePoint at) {
  return conn_
      .QueryOne("UPDATE identity_activations SET used_at = $2 WHERE token_hash = $1 AND used_at IS NULL "
                "RETURNING account_id",
                {token_hash, core::ToUnix(at)})
      .has_value();
}

void SqlAccountRepository::Grant(core::AccountId id, const RoleGrant& g, core::TimePoint at,
                                 std::optional<core::AccountId> by) {
  conn_.Execute(
      "INSERT INTO identity_role_grants (account_id, role, county_code, organization_id, partner_code, granted_at, "
      "granted_by) VALUES ($1, $2, $3, $4, $5, $6, $7) "
      "ON CONFLICT (account_id, role, county_code, organization_id, partner_code) DO NOTHING",
      {id.value, std::string(domain::identity::ToString(g.role)), g.county_code, g.organization.value, g.partner_code,
       core::ToUnix(at), by ? Value(by->value) : Value()});
}

namespace {

// The staff columns after the account's: an enrolled authenticator and the number of live sessions.
const std::string kSelectStaff =
    "SELECT a.id, a.name, a.phone_masked, a.password_hash, a.failed_logins, a.locked_until, a.password_changed_at, "
    "a.created_at, a.status, CASE WHEN a.totp_secret_enc IS NULL THEN 0 ELSE 1 END, "
    "(SELECT COUNT(*) FROM identity_sessions s WHERE s.account_id = a.id) FROM identity_accounts a";

domain::identity::StaffAccount ReadStaff(const Row& r, SqlAccountRepository& accounts, core::TimePoint now) {
  domain::identity::StaffAccount staff;
  staff.account = ReadAccount(r);
  staff.account.password_hash.clear();  // never leaves the repository in this view
  staff.second_factor = r.Int(9) != 0;
  staff.sessions = int(r.Int(10));
  staff.locked = staff.account.locked_until && *staff.account.locked_until > now;
  staff.grants = accounts.Grants(staff.account.id);
  return staff;
}

}  // namespace

core::Page<domain::identity::StaffAccount> SqlAccountRepository::ListStaff(const domain::identity::StaffFilter& f) {
  SqlBuilder b;
  b.Where("a.status <> 'closed'");
  if (f.role.empty()) {
    b.Where("EXISTS (SELECT 1 FROM identity_role_grants g WHERE g.account_id = a.id)");
  } else {
    b.Where("EXISTS (SELECT 1 FROM identity_role_grants g WHERE g.account_id = a.id AND g.role = " + b.Bind(f.role) + ")");
  }
  if (!f.name_contains.empty() && !f.phone_bidx.empty()) {
    auto pattern = b.BindContains(f.name_contains);
    b.Where("(a.name LIKE " + pattern + " ESCAPE '\\' OR a.phone_bidx = " + b.Bind(f.phone_bidx) + ")");
  } else if (!f.name_contains.empty()) {
    b.Where("a.name LIKE " + b.BindContains(f.name_contains) + " ESCAPE '\\'");
  } else if (!f.phone_bidx.empty()) {
    b.Where("a.phone_bidx = " + b.Bind(f.phone_bidx));
  }
  if (f.status == "locked") {
    b.Where("a.locked_until > " + b.Bind(core::ToUnix(f.now)));
  } else if (!f.status.empty()) {
    b.Where("a.status = " + b.Bind(f.status));
  }
  core::Page<domain::identity::StaffAccount> page;
  page.request = f.page;
  page.total = conn_.QueryOne("SELECT COUNT(*) FROM identity_accounts a" + b.where(), b.params())->Int(0);
  auto limit = b.Bind(f.page.page_size);
  auto offset = b.Bind(f.page.offset());
  for (const auto& r : conn_.Query(kSelectStaff + b.where() + " ORDER BY a.id DESC LIMIT " + limit + " OFFSET " + offset,
                                   b.params()))
    page.items.push_back(ReadStaff(r, *this, f.now));
  return page;
}

std::optional<domain::identity::StaffAccount> SqlAccountRepository::FindStaff(core::AccountId id, core::TimePoint now) {
  static const std::string sql = kSelectStaff + " WHERE a.id = $1";
  auto row = conn_.QueryOne(sql, {id.value});
  if (!row) return std::nullopt;
  return ReadStaff(*row, *this, now);
}

void SqlSessionRepository::Insert(const Session& s) {
  conn_.Execute("INSERT INTO identity_sessions (token_hash, account_id, csrf_token, created_at, last_seen_at) "
                "VALUES ($1, $2, $3, $4, $5)",
                {s.token_hash, s.account.value, s.csrf_token, core::ToUnix(s.created_at), core::ToUnix(s.last_seen_at)});
}

std::optional<SessionView> SqlSessionRepository::Resolve(const std::string& token_hash) {
  auto row = conn_.QueryOne(kResolveSession, {token_hash});
  if (!row) return std::nullopt;
  SessionView v;
  v.session = Session{row->Text(0), core::AccountId(row->Int(1)), row->Text(2), core::FromUnix(row->Int(3)),
                      core::FromUnix(row->Int(4))};
  if (auto vid = row->OptInt(5)) v.volunteer = core::VolunteerId(*vid);
  v.account = ReadAccount(*row, 6);
  SqlAccountRepository accounts(conn_);
  v.grants = accounts.Grants(v.account.id);
  return v;
}

void SqlSessionRepository::Touch(const std::string& token_hash, core::TimePoint at) {
  // Never backwards: with several server instances, each flushes the touches it saw, in any order.
  conn_.Execute("UPDATE identity_sessions SET last_seen_at = $2 WHERE token_hash = $1 AND last_seen_at < $2",
                {token_hash, core::ToUnix(at)});
}

void SqlSessionRepository::Delete(const std::string& token_hash) {
  conn_.Execute("DELETE FROM identity_sessions WHERE token_hash = $1", {token_hash});
}

void SqlSessionRepository::DeleteForAccount(core::AccountId id, const std::string& except_hash) {
  conn_.Execute("DELETE FROM identity_sessions WHERE account_id = $1 AND token_hash <> $2", {id.value, except_hash});
}

std::int64_t SqlSessionRepository::DeleteIdleSince(core::TimePoint before) {
  return conn_.Execute("DELETE FROM identity_sessions WHERE last_seen_at < $1", {core::ToUnix(before)});
}

void SqlNotificationRepository::Insert(core::AccountId account, const std::string& title, const std::string& body,
                                       const std::string& link, core::TimePoint at) {
  conn_.Execute("INSERT INTO identity_notifications (account_id, title, body, link, created_at) VALUES ($1, $2, $3, $4, $5)",
                {account.value, title, body, link, core::ToUnix(at)});
}

std::vector<domain::identity::Notification> SqlNotificationRepository::Latest(core::AccountId account, int limit) {
  std::vector<domain::identity::Notification> out;
  for (const auto& r : conn_.Query("SELECT id, title, body, link, created_at, read_at FROM identity_notifications "
                                   "WHERE account_id = $1 ORDER BY id DESC LIMIT $2",
                                   {account.value, limit})) {
    domain::identity::Notification n{r.Int(0), r.Text(1), r.Text(2), r.Text(3), core::FromUnix(r.Int(4)), std::nullopt};
    if (auto read = r.OptInt(5)) n.read_at = core::FromUnix(*read);
    out.push_back(std::move(n));
  }
  return out;
}

void SqlNotificationRepository::MarkAllRead(core::AccountId account, core::TimePoint at) {
  conn_.Execute("UPDATE identity_notifications SET read_at = $2 WHERE account_id = $1 AND read_at IS NULL",
                {account.value, core::ToUnix(at)});
}

// ---- RateLimitRepository

std::int64_t SqlRateLimitRepository::Hit(const std::string& bucket, std::int64_t window_start) {
  auto hits = conn_
                  .QueryOne("INSERT INTO security_rate_limits (bucket, window_start, hits) VALUES ($1, $2, 1) "
                            "ON CONFLICT (bucket, window_start) DO UPDATE SET hits = security_rate_limits.hits + 1 "
                            "RETURNING hits",
                            {bucket, window_start})
                  ->Int(0);
  if (hits == 1)
    conn_.Execute("DELETE FROM security_rate_limits WHERE bucket = $1 AND window_start < $2", {bucket, window_start});
  return hits;
}

}  // namespace zhiyuan::storage
