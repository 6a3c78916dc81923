#include "app/wiring.hpp"

#include <spdlog/spdlog.h>

#include <stdexcept>

namespace zhiyuan::app {
namespace {

storage::DatabaseOptions DatabaseOptionsFor(const Config& c) {
  storage::DatabaseOptions o;
  o.url = c.database;
  o.pool_size = c.pool_size;
  o.sqlite_cache_mb = c.sqlite_cache_mb;
  return o;
}

// The read replica named by read_database_url (nullptr when none). Only a PostgreSQL primary has one.
std::unique_ptr<storage::ReadReplica> ReadReplicaFor(const Config& c, storage::Database& primary) {
  if (c.read_database_url.empty()) return nullptr;
  const std::string& url = c.read_database_url;
  bool pg = url.rfind("postgresql://", 0) == 0 || url.rfind("postgres://", 0) == 0;
  if (!pg || primary.dialect() != storage::Dialect::kPostgres)
    throw std::runtime_error("configuration: read_database_url must name a PostgreSQL streaming replica of a "
                             "PostgreSQL database (postgresql://…)");
  if (c.read_max_lag_ms < 0) throw std::runtime_error("configuration: read_max_lag_ms must not be negative");
  storage::ReadReplicaOptions o;
  o.database.url = c.read_database_url;
  o.database.pool_size = c.pool_size;
  o.max_lag = std::chrono::milliseconds(c.read_max_lag_ms);
  o.report = [](bool fallback, const std::string& message) {
    if (fallback)
      spdlog::warn("{}", message);
    else
      spdlog::info("{}", message);
  };
  return std::make_unique<storage::ReadReplica>(primary, std::move(o));
}

domain::identity::IdentityPolicy PolicyFor(const Config& c) {
  domain::identity::IdentityPolicy p;
  p.idle_timeout = std::chrono::minutes(c.idle_timeout_minutes);
  p.max_failed_logins = c.max_failed_logins;
  p.lock_duration = std::chrono::minutes(c.lock_minutes);
  p.min_password_length = c.min_password_length;
  p.min_password_classes = c.min_password_classes;
  p.password_max_age = std::chrono::hours(24 * c.password_max_age_days);
  return p;
}

}  // namespace

Wiring::Wiring(const Config& c)
    : config(c),
      master_key(crypto::MasterKey::LoadOrCreate(c.key_file)),
      cipher(master_key, crypto::KeyRing::PathFor(c.key_file)),
      blind_index(master_key),
      hasher(crypto::PasswordHasher::Interactive(), 2),
      database(storage::Database::Open(DatabaseOptionsFor(c))),
      audit_chain(master_key.Derive(6, "zyaudit1")),
      read_replica(ReadReplicaFor(c, *database)),
      store(*database, audit_chain, read_replica.get()),
      identity(store, {cipher, blind_index}, hasher, clock, PolicyFor(c)),
      regions(store, clock),
      volunteers(store, identity, {cipher, blind_index}, real_name_verifier, clock),
      organizations(store, {cipher, blind_index}, clock),
      volunteer_imports(store, identity, {cipher, blind_index}, real_name_verifier, c.PublicUrl(), clock),
      audit(store, audit_chain, clock),
      rate_limiter(store, clock, c.rate_limits),
      checkin_tokens(master_key.Derive(3, "zyqrtok1")),
      volunteer_passes(master_key.Derive(4, "zypass01")),
      activities(store, {cipher, blind_index}, clock),
      stars(store, {cipher, blind_index}, clock),
      ledger(store, stars, clock),
      attendance(store, checkin_tokens, volunteer_passes, ledger, clock),
      needs(store, activities, {cipher, blind_index}, clock),
      proof_pdf(c.pdf_font),
      proofs(store, proof_pdf, master_key.Derive(5, "zyproof1"), c.PublicUrl(), clock),
      credentials(store, {cipher, blind_index}, stars, volunteer_passes, clock),
      rewards(store, credentials, clock),
      targets(store, clock),
      units(store, identity, {cipher, blind_index}, clock),
      notices(store, {cipher, blind_index}, clock),
      stories(store, clock),
      privacy(store, {cipher, blind_index}, hasher, activities, clock) {}

http::Services Wiring::services() {
  return http::Services{store,  identity, regions, volunteers, organizations, activities, attendance, ledger,
                        needs,  proofs,   stars,   credentials, rewards, targets, units, notices, stories, volunteer_imports, audit,
                        privacy, rate_limiter, volunteer_passes, clock};
}

}  // namespace zhiyuan::app
