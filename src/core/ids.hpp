#pragma once

#include <compare>
#include <cstdint>
#include <functional>

namespace zhiyuan::core {

// Strong ids over signed 64-bit integers, so an AccountId cannot be passed where a VolunteerId is meant.
template <typename Tag>
struct Id {
  std::int64_t value = 0;
  constexpr Id() = default;
  constexpr explicit Id(std::int64_t v) : value(v) {}
  constexpr auto operator<=>(const Id&) const = default;
  constexpr bool valid() const { return value > 0; }
};

using AccountId = Id<struct AccountTag>;
using VolunteerId = Id<struct VolunteerTag>;
using OrganizationId = Id<struct OrganizationTag>;
using MembershipId = Id<struct MembershipTag>;
using TeamId = Id<struct TeamTag>;
using ActivityId = Id<struct ActivityTag>;
using SignupId = Id<struct SignupTag>;
using AttendanceId = Id<struct AttendanceTag>;
using LedgerEntryId = Id<struct LedgerEntryTag>;

}  // namespace zhiyuan::core

template <typename Tag>
struct std::hash<zhiyuan::core::Id<Tag>> {
  std::size_t operator()(const zhiyuan::core::Id<Tag>& id) const noexcept { return std::hash<std::int64_t>{}(id.value); }
};
