#include "domain/credentials/bank_signature.hpp"

#include <charconv>

#include "crypto/crypto.hpp"

namespace zhiyuan::domain::credentials {

std::string CanonicalRequest(const SignedRequest& r) {
  return r.timestamp + "\n" + r.nonce + "\n" + r.method + "\n" + r.target + "\n" + r.body;
}

std::string SignRequest(std::string_view key, const SignedRequest& r) {
  return crypto::HmacSha256Hex(key, CanonicalRequest(r));
}

core::Status VerifyRequest(std::string_view key, const SignedRequest& r, core::TimePoint now) {
  if (r.bank_code.empty() || r.timestamp.empty() || r.nonce.empty() || r.signature.empty())
    return core::Error::Unauthenticated("bank_signature_missing", "缺少银行签名头（X-Bank-Code、X-Timestamp、X-Nonce、X-Signature）");
  if (r.nonce.size() < 8 || r.nonce.size() > 64)
    return core::Error::Unauthenticated("bank_signature_invalid", "X-Nonce 长度应为8至64个字符");
  std::int64_t ts = 0;
  auto [p, ec] = std::from_chars(r.timestamp.data(), r.timestamp.data() + r.timestamp.size(), ts);
  if (ec != std::errc() || p != r.timestamp.data() + r.timestamp.size())
    return core::Error::Unauthenticated("bank_timestamp_invalid", "X-Timestamp 应为 Unix 秒");
  auto skew = core::ToUnix(now) - ts;
  if (skew > kMaxClockSkew.count() || -skew > kMaxClockSkew.count())
    return core::Error::Unauthenticated("bank_timestamp_invalid", "请求时间与服务器相差超过5分钟");
  if (!crypto::ConstantTimeEquals(SignRequest(key, r), r.signature))
    return core::Error::Unauthenticated("bank_signature_invalid", "银行签名校验失败");
  return core::Ok();
}

}  // namespace zhiyuan::domain::credentials
