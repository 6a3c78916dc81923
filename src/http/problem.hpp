#pragma once

#include <string>

#include "core/error.hpp"
#include "http/message.hpp"

namespace zhiyuan::http {

// The one table from canonical error codes to HTTP statuses.
int StatusFor(core::ErrorCode code);

// An application/problem+json response (RFC 9457) with our stable `code`, the Chinese `detail`, the
// per-field `errors` and the request id.
// `status` overrides the table for transport-level answers (405, 413) that have no canonical code.
Response Problem(const core::Error& error, const std::string& request_id, int status = 0);

}  // namespace zhiyuan::http
