#pragma once

#include <optional>
#include <string>
#include <vector>

#include "domain/audit/audit.hpp"
#include "domain/identity/identity_service.hpp"
#include "domain/identity/principal.hpp"
#include "domain/ledger/ledger_service.hpp"
#include "domain/recognition/stars.hpp"
#include "domain/store.hpp"

namespace zhiyuan::domain::recognition {

using identity::Principal;

// A volunteer's stars at a glance. `star_level` follows the confirmed hours at once (0 while barred);
// `certified_level` is the level certified after publicity and filed in the archive, never above
// `star_level`'s hours (a reversal below it revokes it in the same transaction).
struct StarSummary {
  std::int64_t confirmed_minutes = 0;
  int star_level = 0;
  int certified_level = 0;
  std::optional<int> next_level;
  std::int64_t minutes_to_next = 0;
  std::optional<core::Date> barred_until;
  bool on_publicity = false;
  std::vector<StarEvent> events;
};

// The documented rule of the credit-platform list, with the records it selected.
struct GoodStandingList {
  int min_star_level = 1;
  std::int64_t min_minutes = 6000;
  std::vector<GoodStandingRecord> records;
};

struct PublicityDetail {
  Publicity publicity;
  std::vector<Candidate> candidates;
};

// 星级志愿者认定: eligible → publicity (公示, ≥ N working days, objections decided with a reason) → certified and
// filed; revoked when the hours fall below the level, or for falsified hours with a bar of 1–3 years.
class StarService final : public ledger::HoursSink {
 public:
  StarService(Store& store, identity::Vault vault, const core::Clock& clock)
      : store_(store), vault_(vault), clock_(clock) {}

  // The volunteer's summary; events only when `with_events`.
  StarSummary SummaryOf(UnitOfWork& uow, core::VolunteerId volunteer, bool with_events);
  core::Result<StarSummary> Mine(const Principal& caller);
  // Without the archive events: what GET /me shows.
  StarSummary Summary(core::VolunteerId volunteer);

  core::Result<core::Page<Eligible>> EligibleList(const Principal& caller, core::PageRequest page);
  // Lists the given volunteers (or, with none given, the first `limit` eligible) for publicity from today.
  core::Result<PublicityDetail> OpenPublicity(const Principal& caller, const std::string& title, int working_days,
                                              const std::optional<std::vector<core::VolunteerId>>& volunteers,
                                              const audit::RequestMeta& meta);
  std::vector<Publicity> Publicities();
  core::Result<PublicityDetail> PublicityOf(PublicityId id);
  core::Result<Objection> Object(const Principal& caller, CandidateId candidate, const std::string& reason,
                                 const audit::RequestMeta& meta);
  core::Result<std::vector<Objection>> Objections(const Principal& caller, PublicityId id);
  // Upholding withdraws the candidate from the list.
  core::Result<Objection> Decide(const Principal& caller, ObjectionId id, bool uphold, const std::string& reason,
                                 const audit::RequestMeta& meta);
  // After the last day, with every objection decided: certifies the candidates still eligible.
  core::Result<PublicityDetail> Close(const Principal& caller, PublicityId id, const audit::RequestMeta& meta);
  // Falsified hours: the certified level is revoked and the volunteer barred for `bar_years`.
  core::Result<StarSummary> RevokeForFalsification(const Principal& caller, core::VolunteerId volunteer,
                                                   const std::string& reason, int bar_years,
                                                   const audit::RequestMeta& meta);

  // 守信联合激励: volunteers in good standing — certified at `min_star_level`★ or above, or with at least
  // `min_hours` confirmed hours — and never found to have falsified hours (nor barred now). The city admin
  // only; the export is logged (it carries full ID numbers: the credit platform matches people by them).
  core::Result<GoodStandingList> GoodStanding(const Principal& caller, int min_star_level, int min_hours,
                                              bool full_export, const audit::RequestMeta& meta);

  void HoursReduced(UnitOfWork& uow, core::VolunteerId volunteer) override;

 private:
  Store& store_;
  identity::Vault vault_;
  const core::Clock& clock_;
};

}  // namespace zhiyuan::domain::recognition
