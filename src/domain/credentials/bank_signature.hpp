#pragma once

#include <string>
#include <string_view>

#include "core/clock.hpp"
#include "core/result.hpp"

namespace zhiyuan::domain::credentials {

// A request from a partner bank's system, as signed: HMAC-SHA256 with the bank's API key over
// timestamp "\n" nonce "\n" method "\n" path-with-query "\n" body, in lowercase hex.
struct SignedRequest {
  std::string bank_code;
  std::string timestamp;  // Unix seconds
  std::string nonce;
  std::string signature;
  std::string method;
  std::string target;  // the path as requested, with any query string
  std::string body;
};

constexpr std::chrono::seconds kMaxClockSkew{300};

std::string CanonicalRequest(const SignedRequest& request);
std::string SignRequest(std::string_view key, const SignedRequest& request);
// Checks the headers' shape, the clock skew and the signature (not the nonce: that needs the database).
// kUnauthenticated with code "bank_signature_missing" | "bank_timestamp_invalid" | "bank_signature_invalid".
core::Status VerifyRequest(std::string_view key, const SignedRequest& request, core::TimePoint now);

}  // namespace zhiyuan::domain::credentials
