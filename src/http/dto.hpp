#pragma once

#include <string>

#include <nlohmann/json.hpp>

#include "core/paging.hpp"
#include "core/result.hpp"
#include "domain/audit/audit.hpp"
#include "domain/identity/identity.hpp"
#include "domain/identity/principal.hpp"
#include "domain/registry/registry.hpp"
#include "http/api.hpp"
#include "http/problem.hpp"

namespace zhiyuan::http {

// Domain objects as the wire shows them (docs/api.md): snake_case, masked sensitive values, RFC 3339 times.
nlohmann::json ToJson(const domain::registry::Region& region);
nlohmann::json ToJson(const domain::registry::PopulationEntry& entry);
nlohmann::json ToJson(const domain::registry::Volunteer& volunteer);
nlohmann::json ToJson(const domain::registry::Organization& org);
nlohmann::json ToJson(const domain::registry::Membership& membership);
nlohmann::json ToJson(const domain::registry::Team& team);
nlohmann::json ToJson(const domain::registry::TeamMember& member);
nlohmann::json ToJson(const domain::identity::RoleGrant& grant);
nlohmann::json ToJson(const domain::identity::StaffAccount& staff);
nlohmann::json ToJson(const domain::audit::AuditEvent& event);
nlohmann::json ToJson(const domain::identity::Notification& notification);
// Activities show the wire status as of now, hence the clock.
nlohmann::json ActivityJson(const domain::activities::Activity& activity, core::TimePoint now);
nlohmann::json ToJson(const domain::activities::Signup& signup);
nlohmann::json ToJson(const domain::attendance::Session& session);
nlohmann::json ToJson(const domain::ledger::Entry& entry);
nlohmann::json ToJson(const domain::ledger::Appeal& appeal);
nlohmann::json ToJson(const domain::needs::Need& need);
// A volunteer's stars as /me and /me/stars show them (defined in routes/recognition_routes.cpp).
nlohmann::json StarSummaryJson(const domain::recognition::StarSummary& summary);
// The electronic certificate's facts (routes/credentials_routes.cpp): what a merchant may see, nothing more.
nlohmann::json ECertificateJson(const domain::credentials::ECertificate& certificate);

template <typename T>
nlohmann::json PageJson(const core::Page<T>& page) {
  auto items = nlohmann::json::array();
  for (const auto& item : page.items) items.push_back(ToJson(item));
  return {{"items", std::move(items)}, {"total", page.total}, {"page", page.request.page},
          {"page_size", page.request.page_size}};
}

// `page` and `page_size` from the query string.
core::PageRequest PageFrom(const Request& request);

// Answers `status` with the value's JSON, or the problem for its error.
template <typename T>
Response Reply(const Context& ctx, int status, const core::Result<T>& result) {
  if (!result.ok()) return Problem(result.error(), ctx.request.request_id);
  if constexpr (std::is_same_v<T, nlohmann::json>)
    return Response::Json(status, result.value());
  else
    return Response::Json(status, ToJson(result.value()));
}

}  // namespace zhiyuan::http
