// The cost of one proof PDF (志愿服务记录证明): libharu with the embedded Chinese TrueType font. Rendering is the
// bulk of issuing a proof, and it runs outside the write transaction (see ProofService::Request).
#include <benchmark/benchmark.h>

#include "documents/proof_pdf.hpp"

namespace {

zhiyuan::domain::proofs::Facts FactsWithLines(int lines) {
  using namespace zhiyuan;
  domain::proofs::Facts f;
  f.number = "ZM2026BENCH00001";
  f.volunteer_name = "林艳";
  f.id_number_masked = "441402********0948";
  f.volunteer_number = "ZY202600000002";
  f.issued_at = core::FromUnix(1795900000);
  f.issuers.push_back({core::OrganizationId(1), "梅江区志愿者协会", "罗浩敏", "罗浩敏", 0});
  for (int i = 0; i < lines; ++i) {
    core::Date day{std::chrono::year(2026), std::chrono::month(unsigned(1 + i % 12)), std::chrono::day(unsigned(1 + i % 28))};
    f.lines.push_back({core::ActivityId(i + 1), "社区助老服务第" + std::to_string(i + 1) + "期", "助老助残",
                       core::OrganizationId(1), day, day, 240});
    f.total_minutes += 240;
    f.issuers[0].minutes += 240;
  }
  return f;
}

void BM_ProofPdf(benchmark::State& state) {
  zhiyuan::documents::ProofPdf pdf("/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc");
  auto facts = FactsWithLines(int(state.range(0)));
  std::size_t bytes = 0;
  for (auto _ : state) bytes = pdf.Render(facts, "https://zy.meizhou.example/verify/proofs/ZM2026BENCH00001").size();
  state.counters["pdf_kib"] = double(bytes) / 1024;
}
BENCHMARK(BM_ProofPdf)->Arg(1)->Arg(20)->Arg(200)->Unit(benchmark::kMillisecond);

}  // namespace

BENCHMARK_MAIN();
