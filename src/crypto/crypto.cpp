#include "crypto/crypto.hpp"

#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <sodium.h>
#include <sys/stat.h>

#include <algorithm>
#include <fstream>
#include <mutex>
#include <sstream>
#include <stdexcept>
#include <vector>

namespace zhiyuan::crypto {
namespace {

constexpr std::uint64_t kFieldKeyId = 1;
constexpr std::uint64_t kBlindIndexKeyId = 2;

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

FieldCipher::FieldCipher(const MasterKey& master) : key_(master.Derive(kFieldKeyId, "zyfield1")) {}

std::string FieldCipher::Encrypt(std::string_view field, std::string_view plaintext) const {
  std::vector<unsigned char> buf(crypto_aead_xchacha20poly1305_ietf_NPUBBYTES + plaintext.size() +
                                 crypto_aead_xchacha20poly1305_ietf_ABYTES);
  unsigned char* nonce = buf.data();
  randombytes_buf(nonce, crypto_aead_xchacha20poly1305_ietf_NPUBBYTES);
  unsigned long long clen = 0;
  crypto_aead_xchacha20poly1305_ietf_encrypt(
      nonce + crypto_aead_xchacha20poly1305_ietf_NPUBBYTES, &clen,
      reinterpret_cast<const unsigned char*>(plaintext.data()), plaintext.size(),
      reinterpret_cast<const unsigned char*>(field.data()), field.size(), nullptr, nonce,
      reinterpret_cast<const unsigned char*>(key_.data()));
  return "k1:" + ToBase64(buf.data(), crypto_aead_xchacha20poly1305_ietf_NPUBBYTES + clen);
}

std::optional<std::string> FieldCipher::Decrypt(std::string_view field, std::string_view ciphertext) const {
  if (ciphertext.substr(0, 3) != "k1:") return std::nullopt;
  auto raw = FromBase64(ciphertext.substr(3));
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
          reinterpret_cast<const unsigned char*>(key_.data())) != 0)
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
