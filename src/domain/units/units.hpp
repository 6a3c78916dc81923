#pragma once

#include <optional>
#include <string>
#include <vector>

#include "core/clock.hpp"
#include "core/ids.hpp"
#include "core/paging.hpp"

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

// 花名册: a party or League member on a unit's roster, keyed by the blind index of the ID number so that it
// matches a registered volunteer without either side's number in clear; `digest` (a keyed hash of every field)
// tells an unchanged row in a re-imported file from a corrected one.
struct RosterMember {
  std::string id_bidx;
  std::string name;
  std::string id_enc;
  std::string id_masked;
  std::string political_status;  // league_member | party_member | probationary_party_member
  std::string phone_enc;
  std::string phone_masked;
  std::string department;
  std::string digest;
};

enum class Upserted { kAdded, kUpdated, kUnchanged };

// One upload of a roster file and what it did.
struct RosterImport {
  std::int64_t id = 0;
  UnitId unit;
  std::string file_name;
  std::string file_sha256;
  int rows = 0;
  int added = 0;
  int updated = 0;
  int unchanged = 0;
  int duplicates_merged = 0;
  int rejected = 0;
  core::AccountId imported_by;
  std::string imported_by_name;
  core::TimePoint imported_at;
};

enum class RosterFilter { kAll, kUnregistered, kUnder20h };

// A roster line as the unit sees it: registered or not, and this year's confirmed hours.
struct RosterEntry {
  std::string name;
  std::string id_masked;
  std::string political_status;
  std::string department;
  std::string phone_masked;
  std::optional<std::string> volunteer_number;  // nullopt: not registered yet
  std::int64_t year_minutes = 0;
  std::string source;  // roster | invitation (joined through the link, not on the roster)
};

struct RosterSummary {
  std::int64_t members = 0;
  std::int64_t registered = 0;
  std::int64_t unregistered = 0;
  std::int64_t under_20h = 0;
  std::int64_t joined = 0;
};

// The 20-hour line of the notice: every party and League member serves at least 20 h a year.
inline constexpr std::int64_t kMemberYearMinutes = 20 * 60;

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
  virtual bool IsContact(UnitId unit, core::AccountId account) = 0;

  virtual Upserted UpsertRosterMember(UnitId unit, const RosterMember& member, core::TimePoint at) = 0;
  virtual std::int64_t InsertRosterImport(const RosterImport& import) = 0;
  virtual std::vector<RosterImport> RosterImports(UnitId unit, int limit) = 0;
  virtual RosterSummary Summary(UnitId unit, int year) = 0;
  virtual core::Page<RosterEntry> Roster(UnitId unit, int year, RosterFilter filter, core::PageRequest page) = 0;

  // 邀请链接: one standing token per unit; the first caller's token wins a race.
  virtual std::string Invitation(UnitId unit, const std::string& fresh_token, core::TimePoint at) = 0;
  virtual std::optional<UnitId> FindByInvitation(const std::string& token) = 0;
  // True when the volunteer was not yet a member.
  virtual bool Join(UnitId unit, core::VolunteerId volunteer, core::TimePoint at) = 0;
};

}  // namespace zhiyuan::domain::units
