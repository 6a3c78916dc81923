#pragma once

#include <string>
#include <vector>

#include "domain/audit/audit.hpp"
#include "domain/identity/identity_service.hpp"
#include "domain/store.hpp"
#include "domain/units/units.hpp"

namespace zhiyuan::domain::units {

using identity::Principal;

// Units are registered by the city admin (any region) or a county admin (their county); each names contacts
// (accounts found by phone) who answer notices and, later, upload rosters for it.
class UnitService {
 public:
  UnitService(Store& store, const identity::IdentityService& identity, const core::Clock& clock)
      : store_(store), identity_(identity), clock_(clock) {}

  core::Result<Unit> Create(const Principal& caller, const std::string& name, const std::string& kind,
                            const std::string& region_code, const audit::RequestMeta& meta);
  // The units the caller administers (city: all; county admin: their county's).
  core::Result<std::vector<Unit>> Administered(const Principal& caller);
  // The units the caller is a contact of.
  std::vector<Unit> Mine(const Principal& caller);
  core::Result<std::vector<Contact>> AddContact(const Principal& caller, UnitId unit, const std::string& phone,
                                                const audit::RequestMeta& meta);
  // Whether the caller may manage the unit (the admin of its region).
  bool Administers(const Principal& caller, const Unit& unit) const;

 private:
  Store& store_;
  const identity::IdentityService& identity_;
  const core::Clock& clock_;
};

}  // namespace zhiyuan::domain::units
