// Micro-benchmarks of the per-request costs of registration and log-in: ID validation, field encryption,
// blind index, session-token hashing and Argon2id. Run: build/bench/crypto_bench
#include <benchmark/benchmark.h>

#include "crypto/crypto.hpp"
#include "domain/registry/identity_documents.hpp"

using namespace zhiyuan;  // NOLINT

namespace {
crypto::MasterKey Key() { return crypto::MasterKey::FromBytes({9, 9, 9}); }
const auto kToday = *core::ParseDate("2026-11-28");
}  // namespace

static void BM_CheckResidentId(benchmark::State& state) {
  for (auto _ : state) benchmark::DoNotOptimize(domain::registry::CheckResidentId("11010519491231002X", kToday));
}
BENCHMARK(BM_CheckResidentId);

static void BM_CheckCreditCode(benchmark::State& state) {
  for (auto _ : state) benchmark::DoNotOptimize(domain::registry::CheckCreditCode("91350100M000100Y43"));
}
BENCHMARK(BM_CheckCreditCode);

static void BM_FieldEncrypt(benchmark::State& state) {
  crypto::Initialize();
  crypto::FieldCipher cipher(Key());
  for (auto _ : state) benchmark::DoNotOptimize(cipher.Encrypt("id_number", "11010519491231002X"));
}
BENCHMARK(BM_FieldEncrypt);

static void BM_BlindIndex(benchmark::State& state) {
  crypto::BlindIndex index(Key());
  for (auto _ : state) benchmark::DoNotOptimize(index.Of("phone", "13812345678"));
}
BENCHMARK(BM_BlindIndex);

static void BM_SessionTokenHash(benchmark::State& state) {
  auto token = crypto::RandomToken(32);
  for (auto _ : state) benchmark::DoNotOptimize(crypto::Sha256Hex(token));
}
BENCHMARK(BM_SessionTokenHash);

static void BM_Argon2idInteractive(benchmark::State& state) {
  crypto::Initialize();
  crypto::PasswordHasher hasher(crypto::PasswordHasher::Interactive(), 1);
  for (auto _ : state) benchmark::DoNotOptimize(hasher.Hash("Zhiyuan#2026"));
}
BENCHMARK(BM_Argon2idInteractive)->Unit(benchmark::kMillisecond)->Iterations(10);

BENCHMARK_MAIN();
