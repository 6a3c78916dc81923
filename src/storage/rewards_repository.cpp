#include "storage/repositories.hpp"
#include "storage/sql_builder.hpp"

namespace zhiyuan::storage {

using namespace domain::rewards;  // NOLINT: this file implements the rewards port

namespace {

constexpr std::string_view kSelectBenefit =
    "SELECT b.id, b.merchant_code, m.name, b.title, b.description, b.category, b.min_star_level, "
    "b.requires_credential, b.county_code, b.valid_from, b.valid_to, b.limit_per_volunteer, b.status "
    "FROM rewards_benefits b JOIN rewards_merchants m ON m.code = b.merchant_code";

Benefit ReadBenefit(const Row& r) {
  Benefit b;
  b.id = BenefitId(r.Int(0));
  b.merchant_code = r.Text(1);
  b.merchant_name = r.Text(2);
  b.title = r.Text(3);
  b.description = r.Text(4);
  b.category = r.Text(5);
  b.min_star_level = int(r.Int(6));
  b.requires_credential = r.Text(7);
  b.county_code = r.Text(8);
  b.valid_from = core::ParseDate(r.Text(9)).value_or(core::Date{});
  b.valid_to = core::ParseDate(r.Text(10)).value_or(core::Date{});
  b.limit_per_volunteer = int(r.Int(11));
  b.active = r.Text(12) == "active";
  return b;
}

constexpr std::string_view kSelectRedemption =
    "SELECT r.id, r.benefit_id, b.title, r.merchant_code, m.name, r.volunteer_id, v.volunteer_number, r.at "
    "FROM rewards_redemptions r JOIN rewards_benefits b ON b.id = r.benefit_id "
    "JOIN rewards_merchants m ON m.code = r.merchant_code JOIN registry_volunteers v ON v.id = r.volunteer_id";

std::vector<Redemption> ReadRedemptions(const std::vector<Row>& rows) {
  std::vector<Redemption> out;
  for (const auto& r : rows)
    out.push_back({r.Int(0), BenefitId(r.Int(1)), r.Text(2), r.Text(3), r.Text(4), core::VolunteerId(r.Int(5)),
                   r.Text(6), core::FromUnix(r.Int(7))});
  return out;
}

}  // namespace

bool SqlRewardRepository::InsertMerchant(const Merchant& m, core::TimePoint at) {
  return conn_.Execute("INSERT INTO rewards_merchants (code, name, category, county_code, address, created_at) "
                       "VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT DO NOTHING",
                       {m.code, m.name, m.category, m.county_code, m.address, core::ToUnix(at)}) == 1;
}

std::optional<Merchant> SqlRewardRepository::FindMerchant(const std::string& code) {
  auto r = conn_.QueryOne("SELECT code, name, category, county_code, address FROM rewards_merchants WHERE code = $1",
                          {code});
  if (!r) return std::nullopt;
  return Merchant{r->Text(0), r->Text(1), r->Text(2), r->Text(3), r->Text(4)};
}

std::vector<Merchant> SqlRewardRepository::Merchants() {
  std::vector<Merchant> out;
  for (const auto& r : conn_.Query("SELECT code, name, category, county_code, address FROM rewards_merchants ORDER BY name"))
    out.push_back({r.Text(0), r.Text(1), r.Text(2), r.Text(3), r.Text(4)});
  return out;
}

BenefitId SqlRewardRepository::InsertBenefit(const Benefit& b, std::optional<core::AccountId> by, core::TimePoint at) {
  auto row = conn_.QueryOne(
      "INSERT INTO rewards_benefits (merchant_code, title, description, category, min_star_level, requires_credential, "
      "county_code, valid_from, valid_to, limit_per_volunteer, status, created_by, created_at) "
      "VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, 'active', $11, $12) RETURNING id",
      {b.merchant_code, b.title, b.description, b.category, b.min_star_level, b.requires_credential, b.county_code,
       core::FormatDate(b.valid_from), core::FormatDate(b.valid_to), b.limit_per_volunteer,
       by ? Value(by->value) : Value(), core::ToUnix(at)});
  return BenefitId(row->Int(0));
}

std::optional<Benefit> SqlRewardRepository::FindBenefit(BenefitId id) {
  static const std::string sql = Sql(kSelectBenefit, " WHERE b.id = $1");
  auto r = conn_.QueryOne(sql, {id.value});
  if (!r) return std::nullopt;
  return ReadBenefit(*r);
}

std::vector<Benefit> SqlRewardRepository::Benefits(core::Date day, const std::string& merchant) {
  static const std::string sql =
      Sql(kSelectBenefit, " WHERE b.status = 'active' AND b.valid_from <= $1 AND b.valid_to >= $1 "
                          "AND ($2 = '' OR b.merchant_code = $2) ORDER BY b.min_star_level, b.id");
  std::vector<Benefit> out;
  for (const auto& r : conn_.Query(sql, {core::FormatDate(day), merchant})) out.push_back(ReadBenefit(r));
  return out;
}

std::vector<Benefit> SqlRewardRepository::AllBenefits(const std::string& merchant) {
  static const std::string sql = Sql(kSelectBenefit, " WHERE ($1 = '' OR b.merchant_code = $1) ORDER BY b.id DESC");
  std::vector<Benefit> out;
  for (const auto& r : conn_.Query(sql, {merchant})) out.push_back(ReadBenefit(r));
  return out;
}

bool SqlRewardRepository::Withdraw(BenefitId id) {
  return conn_.Execute("UPDATE rewards_benefits SET status = 'withdrawn' WHERE id = $1 AND status = 'active'",
                       {id.value}) == 1;
}

bool SqlRewardRepository::TakeUse(BenefitId id, core::VolunteerId volunteer, int limit) {
  return conn_.Execute("INSERT INTO rewards_redemption_counts (benefit_id, volunteer_id, used) VALUES ($1, $2, 1) "
                       "ON CONFLICT (benefit_id, volunteer_id) DO UPDATE SET used = rewards_redemption_counts.used + 1 "
                       "WHERE $3 = 0 OR rewards_redemption_counts.used < $3",
                       {id.value, volunteer.value, limit}) == 1;
}

int SqlRewardRepository::Used(BenefitId id, core::VolunteerId volunteer) {
  auto r = conn_.QueryOne("SELECT used FROM rewards_redemption_counts WHERE benefit_id = $1 AND volunteer_id = $2",
                          {id.value, volunteer.value});
  return r ? int(r->Int(0)) : 0;
}

std::int64_t SqlRewardRepository::InsertRedemption(BenefitId id, core::VolunteerId volunteer,
                                                   const std::string& merchant, core::AccountId by,
                                                   core::TimePoint at) {
  return conn_
      .QueryOne("INSERT INTO rewards_redemptions (benefit_id, volunteer_id, merchant_code, redeemed_by, at) "
                "VALUES ($1, $2, $3, $4, $5) RETURNING id",
                {id.value, volunteer.value, merchant, by.value, core::ToUnix(at)})
      ->Int(0);
}

std::optional<Redemption> SqlRewardRepository::FindRedemption(std::int64_t id) {
  static const std::string sql = Sql(kSelectRedemption, " WHERE r.id = $1");
  auto rows = ReadRedemptions(conn_.Query(sql, {id}));
  if (rows.empty()) return std::nullopt;
  return rows.front();
}

std::vector<Redemption> SqlRewardRepository::RedemptionsOfMerchant(const std::string& merchant, int limit) {
  static const std::string sql = Sql(kSelectRedemption, " WHERE r.merchant_code = $1 ORDER BY r.id DESC LIMIT $2");
  return ReadRedemptions(conn_.Query(sql, {merchant, limit}));
}

std::vector<Redemption> SqlRewardRepository::RedemptionsOfVolunteer(core::VolunteerId volunteer, int limit) {
  static const std::string sql = Sql(kSelectRedemption, " WHERE r.volunteer_id = $1 ORDER BY r.id DESC LIMIT $2");
  return ReadRedemptions(conn_.Query(sql, {volunteer.value, limit}));
}

}  // namespace zhiyuan::storage
