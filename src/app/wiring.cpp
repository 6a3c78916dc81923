#include "app/wiring.hpp"

namespace zhiyuan::app {
namespace {

storage::DatabaseOptions DatabaseOptionsFor(const Config& c) {
  storage::DatabaseOptions o;
  o.url = c.database;
  o.pool_size = c.pool_size;
  o.sqlite_cache_mb = c.sqlite_cache_mb;
  return o;
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
      store(*database, audit_chain),
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
