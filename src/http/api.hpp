#pragma once

#include <memory>
#include <mutex>
#include <unordered_map>

#include <memory>
#include <optional>
#include <string>

#include "core/clock.hpp"
#include "domain/activities/activity_service.hpp"
#include "domain/attendance/attendance_service.hpp"
#include "domain/audit/audit_service.hpp"
#include "domain/credentials/credential_service.hpp"
#include "domain/identity/identity_service.hpp"
#include "domain/identity/rate_limiter.hpp"
#include "domain/ledger/ledger_service.hpp"
#include "domain/needs/need_service.hpp"
#include "domain/proofs/proof_service.hpp"
#include "domain/recognition/star_service.hpp"
#include "domain/rewards/reward_service.hpp"
#include "domain/targets/target_service.hpp"
#include "domain/notices/notice_service.hpp"
#include "domain/stories/story_service.hpp"
#include "domain/registry/volunteer_import.hpp"
#include "domain/units/unit_service.hpp"
#include "domain/registry/registry_service.hpp"
#include "domain/privacy/privacy_service.hpp"
#include "http/message.hpp"
#include "http/router.hpp"

namespace zhiyuan::http {

// What the routes call: the domain services, wired by the composition root (app/).
struct Services {
  domain::Store& store;
  domain::identity::IdentityService& identity;
  domain::registry::RegionService& regions;
  domain::registry::VolunteerService& volunteers;
  domain::registry::OrganizationService& organizations;
  domain::activities::ActivityService& activities;
  domain::attendance::AttendanceService& attendance;
  domain::ledger::LedgerService& ledger;
  domain::needs::NeedService& needs;
  domain::proofs::ProofService& proofs;
  domain::recognition::StarService& stars;
  domain::credentials::CredentialService& credentials;
  domain::rewards::RewardService& rewards;
  domain::targets::TargetService& targets;
  domain::units::UnitService& units;
  domain::notices::NoticeService& notices;
  domain::stories::StoryService& stories;
  domain::registry::VolunteerImportService& volunteer_imports;
  domain::audit::AuditService& audit;
  domain::privacy::PrivacyService& privacy;
  domain::identity::RateLimiter& rate_limiter;
  const domain::registry::VolunteerPass& passes;
  const core::Clock& clock;
};

struct ApiOptions {
  bool cookie_secure = false;          // set the Secure flag (behind HTTPS)
  std::size_t max_body_bytes = 1 << 20;    // any request
  std::size_t max_upload_bytes = 5 << 20;  // routes that take a file (rosters), each up to its own limit
  std::string web_root;                // the built web app (web/dist); empty: API only
  std::string public_url = "http://127.0.0.1:8080";  // where the public reaches the portal (links in QR codes)
  std::string pdf_font;  // the TrueType font embedded in PDF reports (Chinese text)
  std::vector<std::string> trusted_proxies;  // reverse proxies whose X-Forwarded-For names the client
};

// One request's context: the request, its caller (if any) and what the audit log needs.
struct Context {
  Request& request;
  std::optional<domain::identity::Principal> principal;
  std::optional<domain::credentials::BankActor> bank;  // kBank routes: the bank whose signature checked out
  domain::audit::RequestMeta meta;
  const ApiOptions& options;

  const domain::identity::Principal& Caller() const { return *principal; }
  const domain::identity::Principal* MaybeCaller() const { return principal ? &*principal : nullptr; }
};

// The JSON API and the web app: authentication, CSRF, routing, errors, security headers.
class Api {
 public:
  Api(Services services, ApiOptions options);
  // Never throws: a failure becomes a 500 problem with the request id.
  Response Handle(Request& request);
  const Router& router() const { return router_; }

 private:
  Response Dispatch(Request& request);
  static void CompressAnswer(const Request& request, Response& response);
  Response ServeStatic(const Request& request) const;

  Services services_;
  ApiOptions options_;
  Router router_;
  // Gzipped static assets by path: their names carry a content hash, so each is compressed once.
  mutable std::mutex gzipped_mutex_;
  mutable std::unordered_map<std::string, std::shared_ptr<const std::string>> gzipped_;
};

// Route registration, one function per module (defined in routes/*.cpp).
void AddSystemRoutes(Router& router, Services& services);
void AddIdentityRoutes(Router& router, Services& services);
void AddRegistryRoutes(Router& router, Services& services);
void AddAuditRoutes(Router& router, Services& services);
void AddSecurityRoutes(Router& router, Services& services);
void AddActivityRoutes(Router& router, Services& services);
void AddAttendanceRoutes(Router& router, Services& services);
void AddLedgerRoutes(Router& router, Services& services);
void AddNeedRoutes(Router& router, Services& services);
void AddProofRoutes(Router& router, Services& services);
void AddRecognitionRoutes(Router& router, Services& services);
void AddCredentialRoutes(Router& router, Services& services);
void AddRewardRoutes(Router& router, Services& services);
void AddTargetRoutes(Router& router, Services& services);
void AddNoticeRoutes(Router& router, Services& services);
void AddUnitRoutes(Router& router, Services& services);
void AddStoryRoutes(Router& router, Services& services);

}  // namespace zhiyuan::http
