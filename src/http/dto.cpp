#include "http/dto.hpp"

#include <charconv>

#include "core/time_format.hpp"
#include "domain/identity/identity_service.hpp"

namespace zhiyuan::http {

using nlohmann::json;

namespace {

json Time(const std::optional<core::TimePoint>& t) { return t ? json(core::FormatRfc3339(*t)) : json(nullptr); }

}  // namespace

json ToJson(const domain::registry::Region& r) {
  return {{"code", r.code},
          {"name", r.name},
          {"level", r.level},
          {"population", r.population ? json(*r.population) : json(nullptr)},
          {"population_year", r.population_year ? json(*r.population_year) : json(nullptr)}};
}

json ToJson(const domain::registry::PopulationEntry& e) {
  return {{"region_code", e.region_code}, {"year", e.year}, {"population", e.population},
          {"note", e.note}, {"updated_at", core::FormatRfc3339(e.updated_at)}};
}

json ToJson(const domain::registry::Volunteer& v) {
  using namespace domain::registry;  // NOLINT
  bool minor = core::AgeOn(v.birth_date, core::ChinaDate(v.registered_at)) < 18;
  return {{"id", v.id.value},
          {"volunteer_number", v.volunteer_number},
          {"name", v.name},
          {"id_type", ToString(v.id_type)},
          {"id_number", v.id_number_masked},
          {"gender", ToString(v.gender)},
          {"birth_date", core::FormatDate(v.birth_date)},
          {"phone", v.phone_masked},
          {"county_code", v.county_code},
          {"county_name", v.county_name},
          {"political_status", ToString(v.political_status)},
          {"skills", v.skills},
          {"service_categories", v.service_categories},
          {"availability", v.availability},
          {"emergency_contact_name", v.emergency_contact_name},
          {"emergency_contact_phone", v.emergency_contact_phone_masked},
          {"is_minor", minor || !v.guardian_name.empty()},
          {"guardian_name", v.guardian_name},
          {"guardian_phone", v.guardian_phone_masked},
          {"guardian_consent", v.guardian_consent},
          {"real_name_status", v.real_name_status},
          {"registered_at", core::FormatRfc3339(v.registered_at)}};
}

json ToJson(const domain::registry::Organization& o) {
  return {{"id", o.id.value},
          {"name", o.name},
          {"credit_code", o.credit_code ? json(*o.credit_code) : json(nullptr)},
          {"credit_code_valid", o.credit_code_valid},
          {"credit_code_note", o.credit_code_note},
          {"credit_code_override_reason", o.credit_code_override_reason},
          {"type", o.type},
          {"county_code", o.county_code},
          {"county_name", o.county_name},
          {"parent_id", o.parent_id ? json(o.parent_id->value) : json(nullptr)},
          {"parent_name", o.parent_name},
          {"contact_name", o.contact_name},
          {"person_in_charge", o.person_in_charge},
          {"contact_phone", o.contact_phone_masked},
          {"description", o.description},
          {"status", domain::registry::ToString(o.status)},
          {"status_reason", o.status_reason},
          {"applied_at", core::FormatRfc3339(o.applied_at)},
          {"decided_at", Time(o.decided_at)},
          {"member_count", o.member_count}};
}

json ToJson(const domain::registry::Membership& m) {
  return {{"id", m.id.value},
          {"organization_id", m.organization.value},
          {"organization_name", m.organization_name},
          {"volunteer_id", m.volunteer.value},
          {"volunteer_name", m.volunteer_name},
          {"volunteer_number", m.volunteer_number},
          {"status", domain::registry::ToString(m.status)},
          {"role", m.is_admin ? "admin" : "member"},
          {"requested_at", core::FormatRfc3339(m.requested_at)},
          {"decided_at", Time(m.decided_at)},
          {"reason", m.reason}};
}

json ToJson(const domain::registry::Team& t) {
  return {{"id", t.id.value},
          {"organization_id", t.organization.value},
          {"name", t.name},
          {"kind", domain::registry::ToString(t.kind)},
          {"description", t.description},
          {"created_at", core::FormatRfc3339(t.created_at)},
          {"member_count", t.member_count}};
}

json ToJson(const domain::registry::TeamMember& m) {
  return {{"volunteer_id", m.volunteer.value},
          {"name", m.name},
          {"volunteer_number", m.volunteer_number},
          {"political_status", domain::registry::ToString(m.political_status)},
          {"added_at", core::FormatRfc3339(m.added_at)}};
}

json ToJson(const domain::identity::RoleGrant& g) {
  json j{{"role", domain::identity::ToString(g.role)}};
  if (g.role == domain::identity::Role::kOrgAdmin) j["organization_id"] = g.organization.value;
  if (g.role == domain::identity::Role::kCountyAdmin) j["county_code"] = g.county_code;
  if (g.role == domain::identity::Role::kBankOperator) j["bank"] = g.partner_code;
  if (g.role == domain::identity::Role::kMerchant) j["merchant"] = g.partner_code;
  return j;
}

// The security administrator's view of an account: masked phone, roles and security state, no business data.
json ToJson(const domain::identity::StaffAccount& s) {
  auto roles = json::array();
  bool needs_second_factor = false;
  for (const auto& g : s.grants) {
    roles.push_back(ToJson(g));
    needs_second_factor |= domain::identity::IdentityService::NeedsSecondFactor(g.role);
  }
  return {{"id", s.account.id.value},
          {"name", s.account.name},
          {"phone", s.account.phone_masked},
          {"roles", std::move(roles)},
          {"status", s.account.status},
          {"locked", s.locked},
          {"locked_until", s.locked && s.account.locked_until ? json(core::FormatRfc3339(*s.account.locked_until))
                                                              : json(nullptr)},
          {"failed_logins", s.account.failed_logins},
          {"second_factor_required", needs_second_factor},
          {"second_factor_enrolled", s.second_factor},
          {"sessions", s.sessions},
          {"password_changed_at", core::FormatRfc3339(s.account.password_changed_at)},
          {"created_at", core::FormatRfc3339(s.account.created_at)}};
}

json ToJson(const domain::audit::AuditEvent& e) {
  json detail = json::parse(e.detail.empty() ? "{}" : e.detail, nullptr, false);
  if (detail.is_discarded()) detail = e.detail;
  return {{"id", e.id},
          {"at", core::FormatRfc3339(e.at)},
          {"actor_id", e.actor ? json(e.actor->value) : json(nullptr)},
          {"actor_role", e.actor_role},
          {"action", e.action},
          {"object_type", e.object_type},
          {"object_id", e.object_id},
          {"result", e.result},
          {"request_id", e.request_id},
          {"ip", e.ip},
          {"detail", detail}};
}

json ToJson(const domain::identity::Notification& n) {
  return {{"id", n.id}, {"title", n.title}, {"body", n.body}, {"link", n.link},
          {"created_at", core::FormatRfc3339(n.created_at)}, {"read_at", Time(n.read_at)}};
}

json ActivityJson(const domain::activities::Activity& a, core::TimePoint now) {
  using namespace domain::activities;  // NOLINT
  return {{"id", a.id.value},
          {"organization_id", a.organization.value},
          {"organization_name", a.organization_name},
          {"title", a.title},
          {"category", a.category},
          {"recipients", a.recipients},
          {"content", a.content},
          {"requirements", a.requirements},
          {"risks", a.risks},
          {"county_code", a.county_code},
          {"county_name", a.county_name},
          {"address", a.address},
          {"latitude", a.latitude},
          {"longitude", a.longitude},
          {"geofence_meters", a.geofence_meters},
          {"starts_at", core::FormatRfc3339(a.starts_at)},
          {"ends_at", core::FormatRfc3339(a.ends_at)},
          {"duration_minutes", a.DurationMinutes()},
          {"quota", a.quota},
          {"signup_deadline", Time(a.signup_deadline)},
          {"requires_approval", a.requires_approval},
          {"min_age", a.min_age},
          {"political_requirement", ToString(a.political_requirement)},
          {"required_skills", a.required_skills},
          {"contact_name", a.contact_name},
          {"contact_phone", a.contact_phone_masked},
          {"status", WireStatus(a, now)},
          {"cancel_reason", a.cancel_reason},
          {"confirmed_count", a.confirmed_count},
          {"waitlist_count", a.waitlist_count},
          {"pending_count", a.pending_count},
          {"gps_checkin_allowed", a.GpsCheckInAllowed()},
          {"created_at", core::FormatRfc3339(a.created_at)},
          {"published_at", Time(a.published_at)},
          {"my_signup", nullptr}};
}

json ToJson(const domain::activities::Signup& s) {
  return {{"id", s.id.value},
          {"activity_id", s.activity.value},
          {"activity_title", s.activity_title},
          {"volunteer_id", s.volunteer.value},
          {"volunteer_name", s.volunteer_name},
          {"volunteer_number", s.volunteer_number},
          {"phone", s.phone_masked},
          {"status", domain::activities::ToString(s.status)},
          {"waitlist_position", s.waitlist_position ? json(*s.waitlist_position) : json(nullptr)},
          {"reason", s.reason},
          {"created_at", core::FormatRfc3339(s.created_at)},
          {"decided_at", Time(s.decided_at)}};
}

json ToJson(const domain::attendance::Session& s) {
  return {{"id", s.id.value},
          {"activity_id", s.activity.value},
          {"activity_title", s.activity_title},
          {"volunteer_id", s.volunteer.value},
          {"volunteer_name", s.volunteer_name},
          {"volunteer_number", s.volunteer_number},
          {"service_date", core::FormatDate(s.service_date)},
          {"check_in_at", core::FormatRfc3339(s.check_in_at)},
          {"check_out_at", Time(s.check_out_at)},
          {"minutes", s.minutes ? json(*s.minutes) : json(nullptr)},
          {"method_in", s.method_in},
          {"method_out", s.method_out},
          {"flags", s.flags},
          {"ledger_entry_id", s.ledger_entry ? json(s.ledger_entry->value) : json(nullptr)},
          {"entry_status", s.entry_status.empty() ? json(nullptr) : json(s.entry_status)}};
}

json ToJson(const domain::ledger::Entry& e) {
  return {{"id", e.id.value},
          {"volunteer_id", e.volunteer.value},
          {"volunteer_name", e.volunteer_name},
          {"volunteer_number", e.volunteer_number},
          {"activity_id", e.activity.value},
          {"activity_title", e.activity_title},
          {"organization_id", e.organization.value},
          {"organization_name", e.organization_name},
          {"attendance_id", e.attendance ? json(e.attendance->value) : json(nullptr)},
          {"service_date", core::FormatDate(e.service_date)},
          {"minutes", e.minutes},
          {"kind", domain::ledger::ToString(e.kind)},
          {"status", domain::ledger::ToString(e.status)},
          {"reverses_entry_id", e.reverses ? json(e.reverses->value) : json(nullptr)},
          {"reversed", e.reversed},
          {"reason_code", e.reason_code},
          {"reason", e.reason},
          {"created_at", core::FormatRfc3339(e.created_at)},
          {"confirmed_at", Time(e.confirmed_at)}};
}

json ToJson(const domain::ledger::Appeal& p) {
  return {{"id", p.id},
          {"entry_id", p.entry.value},
          {"volunteer_id", p.volunteer.value},
          {"volunteer_name", p.volunteer_name},
          {"organization_id", p.organization.value},
          {"activity_title", p.activity_title},
          {"service_date", core::FormatDate(p.service_date)},
          {"entry_minutes", p.entry_minutes},
          {"reason", p.reason},
          {"status", domain::ledger::ToString(p.status)},
          {"decision_reason", p.decision_reason},
          {"correction_entry_id", p.correction ? json(p.correction->value) : json(nullptr)},
          {"created_at", core::FormatRfc3339(p.created_at)},
          {"decided_at", Time(p.decided_at)}};
}

json ToJson(const domain::needs::Need& n) {
  return {{"id", n.id.value},
          {"title", n.title},
          {"description", n.description},
          {"recipients", n.recipients},
          {"county_code", n.county_code},
          {"county_name", n.county_name},
          {"address", n.address},
          {"latitude", n.latitude ? json(*n.latitude) : json(nullptr)},
          {"longitude", n.longitude ? json(*n.longitude) : json(nullptr)},
          {"wanted_from", core::FormatRfc3339(n.wanted_from)},
          {"wanted_to", core::FormatRfc3339(n.wanted_to)},
          {"contact_name", n.contact_name},
          {"contact_phone", n.contact_phone_masked},
          {"status", domain::needs::ToString(n.status)},
          {"posted_at", core::FormatRfc3339(n.posted_at)},
          {"organization_id", n.organization ? json(n.organization->value) : json(nullptr)},
          {"organization_name", n.organization_name},
          {"dispatch_note", n.dispatch_note},
          {"dispatched_at", Time(n.dispatched_at)},
          {"decline_reason", n.decline_reason},
          {"accepted_at", Time(n.accepted_at)},
          {"activity_id", n.activity ? json(n.activity->value) : json(nullptr)},
          {"rating", n.rating ? json(*n.rating) : json(nullptr)},
          {"feedback", n.feedback},
          {"completed_at", Time(n.completed_at)}};
}

core::PageRequest PageFrom(const Request& request) {
  auto number = [&](const char* name, int fallback) {
    auto v = request.Query(name);
    int out = fallback;
    if (v) std::from_chars(v->data(), v->data() + v->size(), out);
    return out;
  };
  return core::PageRequest::Of(number("page", 1), number("page_size", 20));
}

}  // namespace zhiyuan::http
