// zhiyuan: the Zhiyuan (志愿) volunteer-service platform — one binary, several subcommands.
#include <CLI/CLI.hpp>
#include <spdlog/sinks/stdout_color_sinks.h>
#include <spdlog/spdlog.h>

#include <chrono>
#include <iostream>
#include <optional>

#include <nlohmann/json.hpp>

#include "app/backup.hpp"
#include "app/demo.hpp"
#include "app/generate.hpp"
#include "app/keys.hpp"
#include "app/wiring.hpp"
#include "domain/identity/totp.hpp"
#include "http/server.hpp"
#include "storage/migrations.hpp"

namespace {

using namespace zhiyuan;  // NOLINT

void SetUpLogging(const std::string& level) {
  auto logger = spdlog::stderr_color_mt("zhiyuan");
  logger->set_pattern("%Y-%m-%dT%H:%M:%S.%e%z %^%l%$ %v");
  logger->set_level(spdlog::level::from_str(level));
  spdlog::set_default_logger(logger);
}

int Migrate(app::Wiring& w) {
  int applied = storage::Migrate(*w.database);
  spdlog::info("database {}: schema version {} ({} migration(s) applied)", w.database->Describe(),
               storage::CurrentSchemaVersion(*w.database), applied);
  if (auto linked = w.audit.LinkRecordsBeforeTheChain())
    spdlog::info("audit log: {} record(s) written before the hash chain linked into it", linked);
  return 0;
}

// `audit verify`: exits 0 when the audit log's hash chain is intact, 1 naming the first broken record.
int AuditVerify(app::Wiring& w) {
  Migrate(w);
  auto started = std::chrono::steady_clock::now();
  auto report = w.audit.Verify();
  auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - started);
  if (report.intact()) {
    std::cout << "audit chain intact: " << report.records << " record(s)"
              << (report.records ? ", the last " + std::to_string(report.last_id) : "")
              << (report.archived_through ? ", after the archived records up to " +
                                                std::to_string(report.archived_through)
                                          : "")
              << ", checked in "
              << ms.count() << " ms\n";
    return 0;
  }
  if (*report.broken_at == 0)
    std::cout << "audit chain broken after " << report.records << " intact record(s): " << report.reason << "\n";
  else
    std::cout << "audit chain broken at record " << *report.broken_at << ": " << report.reason << " (" << report.records
              << " intact record(s) before it)\n";
  return 1;
}

void PrintLogins(const std::vector<app::DemoLogin>& logins) {
  std::cout << "演示账号（密码均为 " << app::kDemoPassword << "）：\n";
  for (const auto& l : logins) std::cout << "  " << l.who << "：" << l.phone << "\n";
  std::cout << "管理员（市级、县区、审计员）登录还需动态口令：在身份验证器中添加 "
            << domain::identity::totp::Uri(*crypto::Base32Decode(app::kDemoTotpSecret), "demo-admin") << "\n";
}

int Serve(app::Wiring& w, bool demo) {
  Migrate(w);
  if (!w.config.rate_limits)
    spdlog::warn("rate limits are OFF (ZHIYUAN_RATE_LIMITS=off): only for load tests and benchmarks; account "
                 "lock-out after failed log-ins stays on");
  if (w.read_replica) w.read_replica->Choose();  // the first probe, so the log says where those reads go
  if (demo && !w.database->Describe().empty() && !app::DemoLoaded(w)) {
    spdlog::info("first start: loading the Meizhou demo data");
    app::LoadDemo(w);
  }
  http::ApiOptions api_options;
  api_options.cookie_secure = w.config.cookie_secure;
  api_options.web_root = w.config.web_root;
  api_options.public_url = w.config.PublicUrl();
  api_options.pdf_font = w.config.pdf_font;
  api_options.trusted_proxies = w.config.trusted_proxies;
  http::Api api(w.services(), api_options);
  http::ServerOptions options;
  options.address = w.config.ListenHost();
  options.port = w.config.ListenPort();
  options.threads = w.config.threads;
  options.max_body_bytes = api_options.max_upload_bytes;
  http::Serve(options, api, [&] {
    spdlog::info("listening on http://{}:{}/ (database {})", options.address, options.port, w.database->Describe());
    if (demo) {
      std::cout << "\n梅州志愿服务平台已启动： http://" << options.address << ":" << options.port << "/\n";
      PrintLogins(app::DemoLogins());
      std::cout << std::endl;
    }
  });
  w.identity.FlushSessionTouches();
  spdlog::info("stopped");
  return 0;
}

int AdminCreate(app::Wiring& w, const std::string& phone, const std::string& role_text, const std::string& county,
                const std::string& partner, const std::string& name) {
  Migrate(w);
  auto role = domain::identity::ParseRole(role_text);
  if (!role) {
    std::cerr << "unknown role: " << role_text
              << " (city_admin, county_admin, auditor, security_admin, bank_operator or merchant)\n";
    return 2;
  }
  if (*role == domain::identity::Role::kCountyAdmin && county.empty()) {
    std::cerr << "--county CODE is required for a county admin\n";
    return 2;
  }
  // Partner roles name a partner that must exist: a bank (`banks add`) or a merchant (POST /api/v1/merchants).
  if (*role == domain::identity::Role::kBankOperator || *role == domain::identity::Role::kMerchant) {
    auto uow = w.store.Read();
    bool bank = *role == domain::identity::Role::kBankOperator;
    bool known = bank ? uow->Credentials().FindBank(partner).has_value() : uow->Rewards().FindMerchant(partner).has_value();
    if (!known) {
      std::cerr << "--partner " << (partner.empty() ? "CODE" : partner) << ": no such " << (bank ? "bank" : "merchant")
                << "\n";
      return 2;
    }
  }
  std::string password;
  std::getline(std::cin, password);
  if (!password.empty() && password.back() == '\r') password.pop_back();
  auto id = w.identity.CreateAdmin({name, phone, password, *role, county, partner}, {"cli", ""});
  if (!id.ok()) {
    std::cerr << "error: " << id.error().message;
    for (const auto& f : id.error().fields) std::cerr << " [" << f.field << "] " << f.message;
    std::cerr << "\n";
    return 1;
  }
  std::cout << "account " << id->id.value << " is now " << role_text << (county.empty() ? "" : " of " + county)
            << (partner.empty() ? "" : " of " + partner) << "\n";
  if (id->totp_uri)
    std::cout << "second factor (add to an authenticator app; log-in asks for its 6-digit code):\n"
              << *id->totp_uri << "\n";
  return 0;
}

void PrintDiscrepancies(const domain::targets::ConsistencyReport& report) {
  for (const auto& d : report.discrepancies)
    std::cout << d.year << " " << d.county_code << " " << d.figure << ": counters " << d.counted << ", records "
              << d.recounted << "\n";
}

// `targets check`: compares the target desk's counters with a recount from the raw records; exits 1 when they
// disagree. With --repair it then rebuilds the counters and checks again: 0 when they now agree.
int TargetsCheck(app::Wiring& w, std::optional<int> year, bool repair) {
  Migrate(w);
  auto started = std::chrono::steady_clock::now();
  auto report = w.targets.Check(year);
  auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - started);
  std::string years = report.years.empty() ? "no year with figures"
                      : report.years.size() == 1
                          ? std::to_string(report.years.front())
                          : std::to_string(report.years.front()) + "–" + std::to_string(report.years.back()) + " (" +
                                std::to_string(report.years.size()) + " years)";
  PrintDiscrepancies(report);
  std::cout << "checked " << years << " in " << ms.count() << " ms: "
            << (report.consistent() ? "the counters agree with the records"
                                    : std::to_string(report.discrepancies.size()) + " figure(s) differ")
            << "\n";
  if (report.consistent() || !repair) return report.consistent() ? 0 : 1;
  w.targets.RebuildCounters();
  auto again = w.targets.Check(year);
  PrintDiscrepancies(again);
  std::cout << (again.consistent() ? "repaired: the counters were rebuilt from the records and agree with them"
                                   : "the counters still differ after the rebuild")
            << "\n";
  return again.consistent() ? 0 : 1;
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App cli{"Zhiyuan (志愿) — Meizhou volunteer-service platform"};
  cli.require_subcommand(1);
  std::string config_path = "zhiyuan.conf";
  auto* config_opt = cli.add_option("--config", config_path, "configuration file (key = value)");

  auto* serve = cli.add_subcommand("serve", "migrate, then serve the API and web app");
  bool demo_on_first_start = false;
  serve->add_flag("--demo", demo_on_first_start, "load the demo data when the database has none");
  std::string read_database_url;
  serve->add_option("--read-database-url", read_database_url,
                    "a PostgreSQL streaming replica for dashboards and the public search (ZHIYUAN_READ_DATABASE_URL)");
  auto* migrate = cli.add_subcommand("migrate", "apply pending database migrations");
  auto* demo = cli.add_subcommand("demo", "load the Meizhou demo data (once)");
  auto* gen = cli.add_subcommand("gen", "generate data at scale (deterministic from --seed) for benchmarks");
  app::GenerateOptions gen_options;
  gen->add_option("--scale", gen_options.scale, "province (≈7.7M volunteers in 21 cities, 50M ledger entries; for PostgreSQL) | city (≈730k volunteers, 5M ledger entries) | small");
  gen->add_option("--seed", gen_options.seed, "random seed");
  gen->add_option("--bench-sessions", gen_options.bench_sessions, "sign up N volunteers to an activity running now");
  gen->add_option("--sessions-file", gen_options.sessions_file, "where to write their bearer tokens");
  auto* routes = cli.add_subcommand("routes", "list the HTTP routes (method, path, access, roles) for docs checks");
  bool routes_json = false;
  routes->add_flag("--json", routes_json, "one JSON array with each route's role policy (the authorization matrix)");
  auto* admin = cli.add_subcommand("admin", "manage administrator accounts");
  admin->require_subcommand(1);
  auto* create = admin->add_subcommand("create", "create a city/county admin, auditor or security admin; password on stdin");
  std::string phone, role, county, partner, name;
  create->add_option("--phone", phone, "mobile phone (the login)")->required();
  create->add_option("--role", role, "city_admin | county_admin | auditor | security_admin | bank_operator | merchant")->required();
  create->add_option("--county", county, "county code for a county admin, e.g. 441402");
  create->add_option("--partner", partner, "bank code for a bank operator (boc, ceb, ccb, psbc) or merchant code");
  // The operator's account actions: each ends the account's sessions at once and is audited.
  std::string target_phone, revoke_role, revoke_county, revoke_partner;
  auto* disable = admin->add_subcommand("disable", "disable an account (停用): it can no longer log in");
  auto* enable = admin->add_subcommand("enable", "enable a disabled account again");
  auto* revoke = admin->add_subcommand("revoke", "take one role away from an account");
  auto* reset_totp = admin->add_subcommand("reset-totp", "replace a lost authenticator; prints the new otpauth URI");
  for (auto* c : {disable, enable, revoke, reset_totp})
    c->add_option("--phone", target_phone, "the account's mobile phone")->required();
  revoke->add_option("--role", revoke_role, "city_admin | county_admin | auditor | security_admin | bank_operator | merchant | org_admin")
      ->required();
  revoke->add_option("--county", revoke_county, "the county of a county admin's role");
  revoke->add_option("--partner", revoke_partner, "the bank or merchant code of a partner role");
  std::int64_t revoke_org = 0;
  revoke->add_option("--organization", revoke_org, "the organisation id of an org_admin role");
  auto* banks = cli.add_subcommand("banks", "manage partner banks");
  banks->require_subcommand(1);
  auto* bank_add = banks->add_subcommand("add", "add a bank or give it a new API key; prints the key once");
  std::string bank_code, bank_name;
  bank_add->add_option("code", bank_code, "bank code, e.g. boc")->required();
  bank_add->add_option("--name", bank_name, "bank name, e.g. 中国银行");
  create->add_option("--name", name, "display name");
  auto* targets = cli.add_subcommand("targets", "the target desk (测评考核)");
  targets->require_subcommand(1);
  auto* targets_check = targets->add_subcommand(
      "check", "recount the desk's figures from the raw records and compare with its counters (exit 1 if they differ)");
  std::optional<int> check_year;
  bool check_repair = false;
  targets_check->add_option("--year", check_year, "check one year (default: every year with figures)");
  targets_check->add_flag("--repair", check_repair, "when they differ, rebuild the counters from the records");
  auto* audit = cli.add_subcommand("audit", "the audit log (审计日志)");
  audit->require_subcommand(1);
  auto* audit_verify = audit->add_subcommand(
      "verify", "check the audit log's hash chain (exit 1, naming the first broken record, if it is not intact)");
  std::string archive_before, archive_path;
  int retention_days = 190;
  auto* audit_archive = audit->add_subcommand(
      "archive", "move records older than --before (and the retention period) to a file; the chain stays verifiable");
  audit_archive->add_option("--before", archive_before, "the first day to keep, YYYY-MM-DD")->required();
  audit_archive->add_option("--retention-days", retention_days,
                            "records younger than this stay in the database (default 190; the law asks for at least 180; 0 turns the check off)");
  audit_archive->add_option("path", archive_path, "the archive file to write (never overwritten)")->required();
  auto* audit_verify_archive = audit->add_subcommand("verify-archive", "check the links of an archive file");
  audit_verify_archive->add_option("path", archive_path, "the archive file")->required();
  auto* backup = cli.add_subcommand(
      "backup", "copy the whole database to PATH; the server may keep running (SQLite online backup, pg_dump)");
  std::string backup_path;
  backup->add_option("path", backup_path, "the backup file to write")->required();
  auto* restore = cli.add_subcommand(
      "restore", "replace the database's contents with the backup at PATH (stop the servers first)");
  std::string restore_path;
  restore->add_option("path", restore_path, "a file written by `zhiyuan backup`")->required();
  auto* keys = cli.add_subcommand("keys", "the field-encryption keys (phones, ID numbers, second-factor secrets…)");
  keys->require_subcommand(1);
  auto* keys_status = keys->add_subcommand("status", "the key versions and how many values use each, per column");
  auto* keys_rotate = keys->add_subcommand(
      "rotate", "add a key version and re-encrypt every value under it while servers run (again: finish an "
                "interrupted rotation)");
  app::KeysRotateOptions rotate_options;
  keys_rotate->add_option("--batch", rotate_options.batch_rows, "rows per transaction (default 1000)")
      ->check(CLI::PositiveNumber);

  CLI11_PARSE(cli, argc, argv);
  try {
    if (const char* env = std::getenv("ZHIYUAN_CONFIG"); env && config_opt->count() == 0) config_path = env;
    auto config = app::Config::Load(config_path, config_opt->count() > 0 || std::getenv("ZHIYUAN_CONFIG"));
    if (!read_database_url.empty()) config.read_database_url = read_database_url;
    SetUpLogging(config.log_level);
    crypto::Initialize();
    app::Wiring wiring(config);
    if (*serve) return Serve(wiring, demo_on_first_start);
    if (*migrate) return Migrate(wiring);
    if (*demo) {
      Migrate(wiring);
      if (app::DemoLoaded(wiring)) {
        std::cout << "demo data already loaded\n";
      } else {
        PrintLogins(app::LoadDemo(wiring));
      }
      return 0;
    }
    if (*create) return AdminCreate(wiring, phone, role, county, partner, name);
    if (*disable || *enable || *revoke || *reset_totp) {
      Migrate(wiring);
      auto report = [](const core::Error& e) {
        std::cerr << "error: " << e.message << "\n";
        return 1;
      };
      domain::audit::RequestMeta cli_meta{"cli", ""};
      if (*reset_totp) {
        auto uri = wiring.identity.ResetSecondFactor(target_phone, cli_meta);
        if (!uri.ok()) return report(uri.error());
        std::cout << "new second factor (the old authenticator's codes no longer work):\n" << *uri << "\n";
        return 0;
      }
      core::Status done = core::Ok();
      if (*revoke) {
        auto r = domain::identity::ParseRole(revoke_role);
        if (!r) return report(core::Error::NotFound("unknown role: " + revoke_role));
        done = wiring.identity.RevokeRole(
            target_phone, {*r, core::OrganizationId(revoke_org), revoke_county, revoke_partner}, cli_meta);
      } else {
        done = wiring.identity.SetDisabled(target_phone, disable->parsed(), cli_meta);
      }
      if (!done.ok()) return report(done.error());
      std::cout << "done; the account's sessions have ended\n";
      return 0;
    }
    if (*bank_add) {
      Migrate(wiring);
      auto key = wiring.credentials.SetBankKey(bank_code, bank_name);
      if (!key.ok()) {
        std::cerr << "error: " << key.error().message;
        for (const auto& f : key.error().fields) std::cerr << " [" << f.field << "] " << f.message;
        std::cerr << "\n";
        return 1;
      }
      // Shown once: only its ciphertext is stored. The bank signs its requests with it (docs/api.md).
      std::cout << "bank " << bank_code << " API key: " << *key << "\n";
      return 0;
    }
    if (*gen) {
      Migrate(wiring);
      return app::Generate(wiring, gen_options);
    }
    if (*targets_check) return TargetsCheck(wiring, check_year, check_repair);
    if (*audit_verify) return AuditVerify(wiring);
    if (*audit_archive) {
      Migrate(wiring);
      return app::AuditArchive(wiring, archive_before, archive_path, retention_days);
    }
    if (*audit_verify_archive) return app::AuditVerifyArchive(wiring, archive_path);
    if (*backup) return app::Backup(wiring, backup_path);
    if (*restore) return app::Restore(wiring, restore_path);
    if (*keys_status) {
      Migrate(wiring);
      return app::KeysStatus(wiring);
    }
    if (*keys_rotate) {
      Migrate(wiring);
      return app::KeysRotate(wiring, rotate_options);
    }
    if (*routes) {
      http::Api api(wiring.services(), {});
      auto access_name = [](http::Access a) {
        return a == http::Access::kPublic ? "public" : a == http::Access::kBank ? "bank" : "authenticated";
      };
      if (routes_json) {
        auto out = nlohmann::json::array();
        for (const auto& r : api.router().routes()) {
          auto roles = nlohmann::json::array();
          for (auto role : r.roles) roles.push_back(std::string(domain::identity::ToString(role)));
          out.push_back({{"method", r.method},
                         {"path", r.pattern},
                         {"access", access_name(r.access)},
                         {"any_account", r.any_account},
                         {"roles", std::move(roles)}});
        }
        std::cout << out.dump(1) << "\n";
        return 0;
      }
      for (const auto& r : api.router().routes())
        std::cout << r.method << " " << r.pattern << " " << access_name(r.access) << "\n";
      return 0;
    }
  } catch (const std::exception& e) {
    std::cerr << "zhiyuan: " << e.what() << "\n";
    return 1;
  }
  return 0;
}
