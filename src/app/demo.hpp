#pragma once

#include <string>
#include <vector>

#include "app/wiring.hpp"

namespace zhiyuan::app {

struct DemoLogin {
  std::string who;
  std::string phone;
};

inline constexpr const char* kDemoPassword = "Zhiyuan@2026";
// The demo administrators' (city, county, auditor) shared authenticator secret, base32 — published like the
// password so anyone trying the demo can add it to an authenticator app. Real administrators each get their own
// from `zhiyuan admin create`.
inline constexpr const char* kDemoTotpSecret = "ZHIYUANDEMOMEIZHOUVOLUNTEERSTOTP";

// Whether the demo data set is present (its city admin exists).
bool DemoLoaded(Wiring& w);
// Loads the Meizhou demo data set in one transaction: the city admin, a county admin per county, an auditor,
// organisations in every county with admins and teams, and volunteers with valid (generated) ID numbers.
// Deterministic. Returns the logins to print.
std::vector<DemoLogin> LoadDemo(Wiring& w);
std::vector<DemoLogin> DemoLogins();

}  // namespace zhiyuan::app
