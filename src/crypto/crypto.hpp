#pragma once

#include <array>
#include <cstdint>
#include <filesystem>
#include <memory>
#include <optional>
#include <semaphore>
#include <string>
#include <string_view>

namespace zhiyuan::crypto {

// Calls sodium_init once; every other function here assumes it has run.
void Initialize();

std::string RandomToken(std::size_t bytes = 32);  // base64url without padding
std::string RandomBytes(std::size_t bytes);
std::string Sha256Hex(std::string_view data);
std::string HmacSha256Hex(std::string_view key, std::string_view data);
// Raw 20-byte HMAC-SHA-1, only for RFC 6238 one-time passwords (which authenticator apps compute with SHA-1).
std::string HmacSha1(std::string_view key, std::string_view data);
bool ConstantTimeEquals(std::string_view a, std::string_view b);
std::string ToHex(std::string_view bytes);
std::optional<std::string> FromHex(std::string_view hex);
// Base64url without padding, for bytes kept in text columns (both backends store text the same way).
std::string Base64Encode(std::string_view bytes);
std::optional<std::string> Base64Decode(std::string_view text);
// RFC 4648 base32 without padding (A–Z, 2–7), as otpauth:// URIs carry secrets; decoding ignores case and '='.
std::string Base32Encode(std::string_view bytes);
std::optional<std::string> Base32Decode(std::string_view text);

// The master secret, kept in a 0600 file and never in the database. Subkeys for each purpose are derived
// from it (crypto_kdf), so a leaked subkey exposes one purpose only.
class MasterKey {
 public:
  static constexpr std::size_t kSize = 32;
  // Reads the key file, or creates it with a fresh random key (mode 0600) when absent.
  static MasterKey LoadOrCreate(const std::filesystem::path& file);
  static MasterKey FromBytes(const std::array<unsigned char, kSize>& bytes) { return MasterKey(bytes); }
  std::string Derive(std::uint64_t purpose_id, std::string_view context8) const;

 private:
  explicit MasterKey(const std::array<unsigned char, kSize>& bytes) : key_(bytes) {}
  std::array<unsigned char, kSize> key_;
};

// Field-level encryption at rest (XChaCha20-Poly1305). The field name is authenticated data, so a
// ciphertext copied from the phone column into the ID column fails to decrypt. Output is text:
// "k1:" + base64(nonce || ciphertext), where k1 names the key version for later rotation.
class FieldCipher {
 public:
  explicit FieldCipher(const MasterKey& master);
  std::string Encrypt(std::string_view field, std::string_view plaintext) const;
  std::optional<std::string> Decrypt(std::string_view field, std::string_view ciphertext) const;

 private:
  std::string key_;
};

// Keyed blind index: a deterministic HMAC of a normalised value, so uniqueness and look-up work on
// encrypted columns without revealing the value (a plain hash of an ID number is brute-forceable).
class BlindIndex {
 public:
  explicit BlindIndex(const MasterKey& master);
  std::string Of(std::string_view domain, std::string_view value) const;

 private:
  std::string key_;
};

// Argon2id password hashes. Hashing costs ~64 MiB and ~70 ms at the interactive limits, so concurrent
// hashes are bounded: a burst of log-ins queues instead of exhausting memory.
class PasswordHasher {
 public:
  struct Limits {
    unsigned long long ops;
    std::size_t mem;
  };
  static Limits Interactive();
  static Limits Minimum();  // for tests that hash many passwords; never for production

  explicit PasswordHasher(Limits limits, int max_concurrent = 2);
  std::string Hash(std::string_view password) const;
  bool Verify(std::string_view stored_hash, std::string_view password) const;

 private:
  Limits limits_;
  mutable std::unique_ptr<std::counting_semaphore<64>> slots_;
};

}  // namespace zhiyuan::crypto
