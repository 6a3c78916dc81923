#include "crypto/crypto.hpp"

#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <sodium.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <charconv>
#include <chrono>
#include <cstring>
#include <fstream>
#include <mutex>
#include <sstream>
#include <stdexcept>
#include <vector>

namespace zhiyuan::crypto {
namespace {

constexpr std::uint64_t kFieldKeyId = 1;
constexpr std::uint64_t kBlindIndexKeyId = 2;
// 3–6 are taken by the wiring (QR tokens, volunteer passes, proofs, the audit chain).
constexpr std::uint64_t kKeyRingId = 7;
constexpr std::size_t kSeedSize = 32;
constexpr int kMaxVersion = 999999;

std::string ToBase64(const unsigned char* data, std::size_t size) {
  std::string out(sodium_base64_ENCODED_LEN(size, sodium_base64_VARIANT_URLSAFE_NO_PADDING), '\0');
  sodium_bin2base64(out.data(), out.size(), data, size, sodium_base64_VARIANT_URLSAFE_NO_PADDING);
  out.resize(std::char_traits<char>::length(out.c_str()));
  return out;
}

std::optional<std::vector<unsigned char>> FromBase64(std::string_view text) {
  std::vector<unsigned char> out(text.size());
  std::size_t len = 0;
  if (sodium_base642bin(out.data(), out.size(), text.data(), text.size(), nullptr, &len, nullptr,
                        sodium_base64_VARIANT_URLSAFE_NO_PADDING) != 0)
    return std::nullopt;
  out.resize(len);
  return out;
}

}  // namespace

void Initialize() {
  static std::once_flag once;
  std::call_once(once, [] {
    if (sodium_init() < 0) throw std::runtime_error("libsodium failed to initialise");
  });
}

std::string Base64Encode(std::string_view bytes) {
  return ToBase64(reinterpret_cast<const unsigned char*>(bytes.data()), bytes.size());
}

std::optional<std::string> Base64Decode(std::string_view text) {
  auto bytes = FromBase64(text);
  if (!bytes) return std::nullopt;
  return std::string(bytes->begin(), bytes->end());
}

std::string HmacSha1(std::string_view key, std::string_view data) {
  unsigned char out[EVP_MAX_MD_SIZE];
  unsigned int length = 0;
  if (!HMAC(EVP_sha1(), key.data(), int(key.size()), reinterpret_cast<const unsigned char*>(data.data()), data.size(),
            out, &length))
    throw std::runtime_error("HMAC-SHA-1 failed");
  return std::string(reinterpret_cast<const char*>(out), length);
}

namespace {
constexpr std::string_view kBase32Alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
}

std::string Base32Encode(std::string_view bytes) {
  std::string out;
  std::uint32_t buffer = 0;
  int bits = 0;
  for (unsigned char c : bytes) {
    buffer = (buffer << 8) | c;
    bits += 8;
    while (bits >= 5) {
      out += kBase32Alphabet[(buffer >> (bits - 5)) & 31];
      bits -= 5;
    }
  }
  if (bits > 0) out += kBase32Alphabet[(buffer << (5 - bits)) & 31];
  return out;
}

std::optional<std::string> Base32Decode(std::string_view text) {
  std::string out;
  std::uint32_t buffer = 0;
  int bits = 0;
  for (char c : text) {
    if (c == '=') continue;
    if (c >= 'a' && c <= 'z') c = char(c - 'a' + 'A');
    auto at = kBase32Alphabet.find(c);
    if (at == std::string_view::npos) return std::nullopt;
    buffer = (buffer << 5) | std::uint32_t(at);
    bits += 5;
    if (bits >= 8) {
      out += char((buffer >> (bits - 8)) & 0xff);
      bits -= 8;
    }
  }
  return out;
}

std::string RandomBytes(std::size_t bytes) {
  std::string out(bytes, '\0');
  randombytes_buf(out.data(), out.size());
  return out;
}

std::string RandomToken(std::size_t bytes) {
  std::vector<unsigned char> buf(bytes);
  randombytes_buf(buf.data(), buf.size());
  return ToBase64(buf.data(), buf.size());
}

std::string ToHex(std::string_view bytes) {
  std::string out(bytes.size() * 2 + 1, '\0');
  sodium_bin2hex(out.data(), out.size(), reinterpret_cast<const unsigned char*>(bytes.data()), bytes.size());
  out.pop_back();
  return out;
}

std::optional<std::string> FromHex(std::string_view hex) {
  std::string out(hex.size() / 2, '\0');
  std::size_t len = 0;
  if (sodium_hex2bin(reinterpret_cast<unsigned char*>(out.data()), out.size(), hex.data(), hex.size(), nullptr,
                     &len, nullptr) != 0 ||
      len * 2 != hex.size())
    return std::nullopt;
  out.resize(len);
  return out;
}

std::string Sha256Hex(std::string_view data) {
  unsigned char out[crypto_hash_sha256_BYTES];
  crypto_hash_sha256(out, reinterpret_cast<const unsigned char*>(data.data()), data.size());
  return ToHex({reinterpret_cast<char*>(out), sizeof out});
}

std::string HmacSha256Hex(std::string_view key, std::string_view data) {
  unsigned char out[crypto_auth_hmacsha256_BYTES];
  crypto_auth_hmacsha256_state st;
  crypto_auth_hmacsha256_init(&st, reinterpret_cast<const unsigned char*>(key.data()), key.size());
  crypto_auth_hmacsha256_update(&st, reinterpret_cast<const unsigned char*>(data.data()), data.size());
  crypto_auth_hmacsha256_final(&st, out);
  return ToHex({reinterpret_cast<char*>(out), sizeof out});
}

bool ConstantTimeEquals(std::string_view a, std::string_view b) {
  return a.size() == b.size() && sodium_memcmp(a.data(), b.data(), a.size()) == 0;
}

MasterKey MasterKey::LoadOrCreate(const std::filesystem::path& file) {
  Initialize();
  std::array<unsigned char, kSize> key{};
  if (!std::filesystem::exists(file) && std::filesystem::exists(KeyRing::PathFor(file)))
    throw std::runtime_error("secret key file " + file.string() + " is missing but its key ring " +
                             KeyRing::PathFor(file).string() +
                             " exists: restore the key file (a new key could not read the data)");
  if (std::filesystem::exists(file)) {
    std::ifstream in(file);
    std::string hex;
    in >> hex;
    auto bytes = FromHex(hex);
    if (!bytes || bytes->size() != kSize) throw std::runtime_error("secret key file is malformed: " + file.string());
    std::copy(bytes->begin(), bytes->end(), key.begin());
    return MasterKey(key);
  }
  if (file.has_parent_path()) std::filesystem::create_directories(file.parent_path());
  randombytes_buf(key.data(), key.size());
  // Create with 0600 from the start: the key must never be readable by others, not even briefly.
  mode_t old = umask(077);
  {
    std::ofstream out(file, std::ios::trunc);
    out << ToHex({reinterpret_cast<char*>(key.data()), key.size()}) << "\n";
    if (!out) {
      umask(old);
      throw std::runtime_error("cannot write secret key file: " + file.string());
    }
  }
  umask(old);
  std::filesystem::permissions(file, std::filesystem::perms::owner_read | std::filesystem::perms::owner_write,
                               std::filesystem::perm_options::replace);
  return MasterKey(key);
}

std::string MasterKey::Derive(std::uint64_t purpose_id, std::string_view context8) const {
  std::string sub(32, '\0');
  char ctx[crypto_kdf_CONTEXTBYTES] = {};
  std::copy_n(context8.data(), std::min(context8.size(), sizeof ctx), ctx);
  crypto_kdf_derive_from_key(reinterpret_cast<unsigned char*>(sub.data()), sub.size(), purpose_id, ctx, key_.data());
  return sub;
}

std::filesystem::path KeyRing::PathFor(const std::filesystem::path& key_file) {
  auto ring = key_file;
  ring += ".ring";
  return ring;
}

std::map<int, std::string> KeyRing::ReadSeeds(const std::filesystem::path& ring_file) {
  std::map<int, std::string> seeds;
  std::ifstream in(ring_file);
  if (!in) {
    if (!std::filesystem::exists(ring_file)) return seeds;
    throw std::runtime_error("cannot read key ring file " + ring_file.string());
  }
  std::string line;
  for (int number = 1; std::getline(in, line); ++number) {
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (line.empty() || line.front() == '#') continue;
    auto malformed = [&](const std::string& why) {
      return std::runtime_error("key ring file " + ring_file.string() + " line " + std::to_string(number) + ": " + why);
    };
    auto space = line.find(' ');
    auto version = space == std::string::npos ? std::nullopt : FieldCipher::VersionOf(line.substr(0, space) + ":");
    if (!version || *version < 2) throw malformed("expected \"kN <64 hex digits>\" with N ≥ 2");
    auto seed = FromHex(std::string_view(line).substr(space + 1));
    if (!seed || seed->size() != kSeedSize) throw malformed("expected 64 hex digits after k" + std::to_string(*version));
    if (!seeds.emplace(*version, std::move(*seed)).second)
      throw malformed("k" + std::to_string(*version) + " appears twice");
  }
  return seeds;
}

int KeyRing::AddVersion(const std::filesystem::path& ring_file) {
  Initialize();
  auto seeds = ReadSeeds(ring_file);
  int version = seeds.empty() ? 2 : seeds.rbegin()->first + 1;
  if (version > kMaxVersion) throw std::runtime_error("key ring file " + ring_file.string() + " has no version left");
  seeds.emplace(version, RandomBytes(kSeedSize));
  std::string text =
      "# Zhiyuan field-encryption key ring. k1 derives from the key file beside it; each line adds a version and\n"
      "# 32 random bytes (hex) from which, with that key file, its data key derives. Keep it with the key file\n"
      "# (mode 0600, never in the database) and never delete a line: values under that version would be lost.\n";
  for (const auto& [v, seed] : seeds) text += "k" + std::to_string(v) + " " + ToHex(seed) + "\n";

  auto fail = [&](const std::string& what) {
    return std::runtime_error(what + " " + ring_file.string() + ".tmp: " + std::strerror(errno));
  };
  auto temporary = ring_file.string() + ".tmp";
  int fd = ::open(temporary.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
  if (fd < 0) throw fail("cannot create");
  bool written = ::fchmod(fd, 0600) == 0;
  for (std::size_t done = 0; written && done < text.size();) {
    auto n = ::write(fd, text.data() + done, text.size() - done);
    if (n < 0 && errno == EINTR) continue;
    written = n > 0;
    if (written) done += std::size_t(n);
  }
  written = written && ::fsync(fd) == 0;
  auto error = fail("cannot write");
  ::close(fd);
  if (!written) {
    ::unlink(temporary.c_str());
    throw error;
  }
  if (::rename(temporary.c_str(), ring_file.c_str()) != 0) {
    auto renaming = fail("cannot rename");
    ::unlink(temporary.c_str());
    throw renaming;
  }
  // The rename itself must survive a crash too: flush the folder's entry.
  auto folder = ring_file.has_parent_path() ? ring_file.parent_path() : std::filesystem::path(".");
  if (int dir = ::open(folder.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC); dir >= 0) {
    ::fsync(dir);
    ::close(dir);
  }
  return version;
}

namespace {

// What identifies one state of the ring file: a rewrite is a rename, so the inode changes with every version.
struct FileStamp {
  bool exists = false;
  dev_t device = 0;
  ino_t inode = 0;
  off_t size = 0;
  std::int64_t modified_ns = 0;
  bool operator==(const FileStamp&) const = default;
};

FileStamp StampOf(const std::filesystem::path& file) {
  struct stat st {};
  if (::stat(file.c_str(), &st) != 0) return {};
  return {true, st.st_dev, st.st_ino, st.st_size, std::int64_t(st.st_mtim.tv_sec) * 1000000000 + st.st_mtim.tv_nsec};
}

std::int64_t SteadyNowNs() {
  return std::chrono::duration_cast<std::chrono::nanoseconds>(std::chrono::steady_clock::now().time_since_epoch())
      .count();
}

constexpr std::int64_t kRingCheckIntervalNs = 1000000000;

}  // namespace

struct FieldCipher::Keys {
  std::map<int, std::string> by_version;  // version → 32-byte data key
  int newest = 1;
  FileStamp ring_stamp;
};

FieldCipher::FieldCipher(const MasterKey& master) : FieldCipher(master, {}) {}

FieldCipher::FieldCipher(const MasterKey& master, std::filesystem::path ring_file)
    : ring_kek_(master.Derive(kKeyRingId, "zyring01")), ring_file_(std::move(ring_file)) {
  auto keys = std::make_shared<Keys>();
  keys->by_version.emplace(1, master.Derive(kFieldKeyId, "zyfield1"));
  keys_.store(std::move(keys));
  if (!ring_file_.empty()) Reload();
}

std::optional<int> FieldCipher::VersionOf(std::string_view ciphertext) {
  auto colon = ciphertext.find(':');
  if (colon == std::string_view::npos || colon < 2 || colon > 7 || ciphertext.front() != 'k' || ciphertext[1] == '0')
    return std::nullopt;
  int version = 0;
  auto digits = ciphertext.substr(1, colon - 1);
  auto [end, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), version);
  if (ec != std::errc() || end != digits.data() + digits.size() || version < 1) return std::nullopt;
  return version;
}

int FieldCipher::NewestVersion() const { return keys_.load()->newest; }

std::vector<int> FieldCipher::Versions() const {
  std::vector<int> out;
  for (const auto& entry : keys_.load()->by_version) out.push_back(entry.first);
  return out;
}

bool FieldCipher::Reload() const {
  std::lock_guard lock(reload_mutex_);
  return ReloadLocked();
}

bool FieldCipher::ReloadLocked() const {
  if (ring_file_.empty()) return false;
  // Stamp before reading: a rewrite in between leaves a stale stamp, so the next check reads the file again.
  auto stamp = StampOf(ring_file_);
  auto seeds = KeyRing::ReadSeeds(ring_file_);
  auto current = keys_.load();
  auto next = std::make_shared<Keys>(*current);
  next->ring_stamp = stamp;
  bool added = false;
  for (const auto& [version, seed] : seeds) {
    std::string key(32, '\0');
    std::string message = "k" + std::to_string(version) + ":" + seed;
    crypto_generichash(reinterpret_cast<unsigned char*>(key.data()), key.size(),
                       reinterpret_cast<const unsigned char*>(message.data()), message.size(),
                       reinterpret_cast<const unsigned char*>(ring_kek_.data()), ring_kek_.size());
    auto [at, fresh] = next->by_version.emplace(version, key);
    if (!fresh && !ConstantTimeEquals(at->second, key))
      throw std::runtime_error("key ring file " + ring_file_.string() + " gives k" + std::to_string(version) +
                               " another key than the one loaded before");
    added = added || fresh;
  }
  next->newest = next->by_version.rbegin()->first;
  keys_.store(std::move(next));
  return added;
}

void FieldCipher::NoticeRingChange() const {
  auto now = SteadyNowNs();
  auto due = next_ring_check_ns_.load(std::memory_order_relaxed);
  if (now < due || !next_ring_check_ns_.compare_exchange_strong(due, now + kRingCheckIntervalNs)) return;
  if (StampOf(ring_file_) != keys_.load()->ring_stamp) Reload();
}

std::string FieldCipher::Encrypt(std::string_view field, std::string_view plaintext) const {
  if (!ring_file_.empty()) NoticeRingChange();
  auto keys = keys_.load();
  const auto& key = keys->by_version.at(keys->newest);
  std::vector<unsigned char> buf(crypto_aead_xchacha20poly1305_ietf_NPUBBYTES + plaintext.size() +
                                 crypto_aead_xchacha20poly1305_ietf_ABYTES);
  unsigned char* nonce = buf.data();
  randombytes_buf(nonce, crypto_aead_xchacha20poly1305_ietf_NPUBBYTES);
  unsigned long long clen = 0;
  crypto_aead_xchacha20poly1305_ietf_encrypt(
      nonce + crypto_aead_xchacha20poly1305_ietf_NPUBBYTES, &clen,
      reinterpret_cast<const unsigned char*>(plaintext.data()), plaintext.size(),
      reinterpret_cast<const unsigned char*>(field.data()), field.size(), nullptr, nonce,
      reinterpret_cast<const unsigned char*>(key.data()));
  return "k" + std::to_string(keys->newest) + ":" +
         ToBase64(buf.data(), crypto_aead_xchacha20poly1305_ietf_NPUBBYTES + clen);
}

std::optional<std::string> FieldCipher::Decrypt(std::string_view field, std::string_view ciphertext) const {
  auto version = VersionOf(ciphertext);
  if (!version) return std::nullopt;
  auto keys = keys_.load();
  auto key = keys->by_version.find(*version);
  if (key == keys->by_version.end()) {
    if (ring_file_.empty()) return std::nullopt;
    {
      // Once per miss, and only if no other thread loaded the version while this one waited for the lock.
      std::lock_guard lock(reload_mutex_);
      if (!keys_.load()->by_version.contains(*version)) ReloadLocked();
    }
    keys = keys_.load();
    key = keys->by_version.find(*version);
    if (key == keys->by_version.end()) return std::nullopt;
  }
  auto raw = FromBase64(ciphertext.substr(ciphertext.find(':') + 1));
  constexpr auto kOverhead = crypto_aead_xchacha20poly1305_ietf_NPUBBYTES + crypto_aead_xchacha20poly1305_ietf_ABYTES;
  if (!raw || raw->size() < kOverhead) return std::nullopt;
  std::string out(raw->size() - kOverhead, '\0');
  unsigned long long mlen = 0;
  const unsigned char* nonce = raw->data();
  if (crypto_aead_xchacha20poly1305_ietf_decrypt(
          reinterpret_cast<unsigned char*>(out.data()), &mlen, nullptr,
          nonce + crypto_aead_xchacha20poly1305_ietf_NPUBBYTES,
          raw->size() - crypto_aead_xchacha20poly1305_ietf_NPUBBYTES,
          reinterpret_cast<const unsigned char*>(field.data()), field.size(), nonce,
          reinterpret_cast<const unsigned char*>(key->second.data())) != 0)
    return std::nullopt;
  out.resize(mlen);
  return out;
}

BlindIndex::BlindIndex(const MasterKey& master) : key_(master.Derive(kBlindIndexKeyId, "zyblind1")) {}

std::string BlindIndex::Of(std::string_view domain, std::string_view value) const {
  std::string msg;
  msg.reserve(domain.size() + 1 + value.size());
  msg.append(domain).append(1, '\0').append(value);
  return HmacSha256Hex(key_, msg).substr(0, 32);
}

PasswordHasher::Limits PasswordHasher::Interactive() {
  return {crypto_pwhash_OPSLIMIT_INTERACTIVE, crypto_pwhash_MEMLIMIT_INTERACTIVE};
}
PasswordHasher::Limits PasswordHasher::Minimum() { return {crypto_pwhash_OPSLIMIT_MIN, crypto_pwhash_MEMLIMIT_MIN}; }

PasswordHasher::PasswordHasher(Limits limits, int max_concurrent)
    : limits_(limits), slots_(std::make_unique<std::counting_semaphore<64>>(std::clamp(max_concurrent, 1, 64))) {}

std::string PasswordHasher::Hash(std::string_view password) const {
  char out[crypto_pwhash_STRBYTES];
  slots_->acquire();
  int rc = crypto_pwhash_str_alg(out, password.data(), password.size(), limits_.ops, limits_.mem,
                                 crypto_pwhash_ALG_ARGON2ID13);
  slots_->release();
  if (rc != 0) throw std::runtime_error("password hashing ran out of memory");
  return out;
}

bool PasswordHasher::Verify(std::string_view stored, std::string_view password) const {
  std::string s(stored);
  slots_->acquire();
  int rc = crypto_pwhash_str_verify(s.c_str(), password.data(), password.size());
  slots_->release();
  return rc == 0;
}

}  // namespace zhiyuan::crypto
