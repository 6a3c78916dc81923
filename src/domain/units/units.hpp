#pragma once

#include <optional>
#include <string>
#include <vector>

#include "core/clock.hpp"
#include "core/ids.hpp"

namespace zhiyuan::domain::units {

using UnitId = core::Id<struct UnitTag>;

// 单位: a government office, institution, school or enterprise of a county (or of the city, 441400) whose
// party and League members are mobilised (全面动员); its contacts answer notices for it.
struct Unit {
  UnitId id;
  std::string name;
  std::string kind;  // government | institution | school | enterprise | other
  std::string region_code;
  std::string region_name;
  int contacts = 0;
};

struct Contact {
  core::AccountId account;
  std::string name;
  std::string phone_masked;
};

class UnitRepository {
 public:
  virtual ~UnitRepository() = default;
  // nullopt when the region already has a unit of that name.
  virtual std::optional<UnitId> Insert(const Unit& unit, core::AccountId by, core::TimePoint at) = 0;
  virtual std::optional<Unit> Find(UnitId id) = 0;
  // Units of these regions (all with an empty list).
  virtual std::vector<Unit> List(const std::vector<std::string>& regions) = 0;
  virtual void AddContact(UnitId unit, core::AccountId account, core::TimePoint at) = 0;
  virtual std::vector<Contact> Contacts(UnitId unit) = 0;
  // The units the account answers for.
  virtual std::vector<Unit> OfContact(core::AccountId account) = 0;
};

}  // namespace zhiyuan::domain::units
