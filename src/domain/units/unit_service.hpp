#pragma once

#include <string>
#include <vector>

#include "core/sheet.hpp"
#include "domain/audit/audit.hpp"
#include "domain/identity/identity_service.hpp"
#include "domain/store.hpp"
#include "domain/units/units.hpp"

namespace zhiyuan::domain::units {

using identity::Principal;

struct RosterImportResult {
  RosterImport import;
  std::vector<core::RowError> errors;
};

struct RosterView {
  Unit unit;
  int year = 0;
  RosterSummary summary;
  core::Page<RosterEntry> page;
};

struct Joined {
  Unit unit;
  bool first = true;  // false when the volunteer was a member already
  core::TimePoint at;
};

// Units are registered by the city admin (any region) or a county admin (their county); each names contacts
// (accounts found by phone) who answer notices and, later, upload rosters for it.
class UnitService {
 public:
  UnitService(Store& store, const identity::IdentityService& identity, identity::Vault vault,
              const core::Clock& clock)
      : store_(store), identity_(identity), vault_(vault), clock_(clock) {}

  core::Result<Unit> Create(const Principal& caller, const std::string& name, const std::string& kind,
                            const std::string& region_code, const audit::RequestMeta& meta);
  // The units the caller administers (city: all; county admin: their county's); anyone else, who administers no
  // unit, gets the units they are a contact of (as Mine).
  core::Result<std::vector<Unit>> Administered(const Principal& caller);
  // The units the caller is a contact of.
  std::vector<Unit> Mine(const Principal& caller);
  // kNotFound for a unit outside the caller's region before the phone is validated.
  core::Result<std::vector<Contact>> AddContact(const Principal& caller, UnitId unit, const std::string& phone,
                                                const audit::RequestMeta& meta);
  // Whether the caller may manage the unit (the admin of its region).
  bool Administers(const Principal& caller, const Unit& unit) const;

  // 花名册 (全面动员): the unit's contacts and the admins of its region upload the party and League member roster.
  // Each row is checked on its own: good rows are kept (added, or updated when a field changed), bad rows are
  // reported by line with the reason, rows repeating an ID number are merged (the last wins); re-importing
  // the same file changes nothing. One transaction for the whole file.
  core::Result<RosterImportResult> ImportRoster(const Principal& caller, UnitId unit, const std::string& file_name,
                                                const std::string& file_sha256, const core::Sheet& sheet,
                                                const audit::RequestMeta& meta);
  // NotFound unless the caller may manage the unit's roster (checked before an upload is even read).
  core::Status CheckRosterAccess(const Principal& caller, UnitId unit);
  core::Result<std::vector<RosterImport>> RosterImports(const Principal& caller, UnitId unit);
  // Who on the roster is registered, who is not, and who is under 20 h in `year`.
  core::Result<RosterView> Roster(const Principal& caller, UnitId unit, int year, RosterFilter filter,
                                  core::PageRequest page);
  // The unit's standing invitation token (created on first use) for links and QR codes.
  core::Result<std::pair<Unit, std::string>> Invitation(const Principal& caller, UnitId unit);
  core::Result<Unit> UnitOfInvitation(const std::string& token);
  // A signed-in volunteer joins the unit through its invitation.
  core::Result<Joined> Join(const Principal& caller, const std::string& token, const audit::RequestMeta& meta);

 private:
  // The unit when the caller may see and manage its roster (a contact or its region's admin); NotFound else.
  core::Result<Unit> RosterUnit(UnitOfWork& uow, const Principal& caller, UnitId unit);

  Store& store_;
  const identity::IdentityService& identity_;
  identity::Vault vault_;
  const core::Clock& clock_;
};

}  // namespace zhiyuan::domain::units
