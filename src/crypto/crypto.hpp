#pragma once

#include <array>
#include <atomic>
#include <cstdint>
#include <filesystem>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <semaphore>
#include <string>
#include <string_view>
#include <vector>

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
  // Reads the key file, or creates it with a fresh random key (mode 0600) when absent. Throws when the file is
  // absent but its key ring (KeyRing::PathFor) exists: the key was lost, and a new one could not read the data.
  static MasterKey LoadOrCreate(const std::filesystem::path& file);
  static MasterKey FromBytes(const std::array<unsigned char, kSize>& bytes) { return MasterKey(bytes); }
  std::string Derive(std::uint64_t purpose_id, std::string_view context8) const;

 private:
  explicit MasterKey(const std::array<unsigned char, kSize>& bytes) : key_(bytes) {}
  std::array<unsigned char, kSize> key_;
};

// The field-encryption key ring: data keys by version, k1, k2, … . k1 derives from the master key, so the key
// file alone still reads everything written before the first rotation. Each later version is a line
// "kN <64 hex digits>" in the ring file beside the key file (`<key_file>.ring`, mode 0600, never in the
// database): 32 random bytes from which, together with the master key, that version's data key derives — so
// neither file alone yields a data key. Versions are only ever added; removing a line loses its data.
class KeyRing {
 public:
  static std::filesystem::path PathFor(const std::filesystem::path& key_file);
  // The seeds by version (2 and up); none when the file is absent. Throws std::runtime_error naming the line when
  // the file is malformed.
  static std::map<int, std::string> ReadSeeds(const std::filesystem::path& ring_file);
  // Adds the next version (the newest in the file + 1, at least 2) with a fresh random seed, rewriting the file
  // atomically (a 0600 temporary file, fsync, rename). Returns the new version. Callers serialise additions
  // (`zhiyuan keys rotate` holds a lock on the key file).
  static int AddVersion(const std::filesystem::path& ring_file);
};

// Field-level encryption at rest (XChaCha20-Poly1305). The field name is authenticated data, so a
// ciphertext copied from the phone column into the ID column fails to decrypt. Output is text:
// "kN:" + base64(nonce || ciphertext), where kN names the key version (KeyRing).
//
// Thread-safe. The keys live in an immutable set swapped atomically when the ring file is re-read, which
// happens (under a mutex, once per miss) when a ciphertext names a version not yet loaded, and before an
// encryption when the file changed (checked at most once a second) — so `zhiyuan keys rotate` can run beside
// running servers. Loaded versions are never forgotten.
class FieldCipher {
 public:
  // k1 only (tests, benchmarks).
  explicit FieldCipher(const MasterKey& master);
  // k1 and the versions in `ring_file` (none yet when absent). Throws std::runtime_error when it is malformed.
  FieldCipher(const MasterKey& master, std::filesystem::path ring_file);

  // Encrypts under the newest version.
  std::string Encrypt(std::string_view field, std::string_view plaintext) const;
  // Accepts any known version; nullopt for an unknown version (after one re-read of the ring), another field,
  // another key or tampering. Throws std::runtime_error when that re-read finds the ring malformed.
  std::optional<std::string> Decrypt(std::string_view field, std::string_view ciphertext) const;

  int NewestVersion() const;
  std::vector<int> Versions() const;
  // Re-reads the ring file; returns whether it added versions. Throws std::runtime_error when the file is
  // malformed or gives a loaded version another key.
  bool Reload() const;
  // The version a ciphertext names ("k3:…" → 3); nullopt when it is not in this format.
  static std::optional<int> VersionOf(std::string_view ciphertext);

 private:
  struct Keys;
  bool ReloadLocked() const;
  void NoticeRingChange() const;

  std::string ring_kek_;
  std::filesystem::path ring_file_;  // empty: k1 only
  mutable std::mutex reload_mutex_;
  mutable std::atomic<std::shared_ptr<const Keys>> keys_;
  mutable std::atomic<std::int64_t> next_ring_check_ns_{0};
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
