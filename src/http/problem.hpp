#pragma once

#include <string>

#include "core/error.hpp"
#include "http/message.hpp"

namespace zhiyuan::http {

// The one table from canonical error codes to HTTP statuses.
int StatusFor(core::ErrorCode code);

// An application/problem+json response (RFC 9457) with our stable `code`, the Chinese `detail`, the
// per-field `errors` and the request id.
Response Problem(const core::Error& error, const std::string& request_id);

}  // namespace zhiyuan::http
