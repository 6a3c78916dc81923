-- wrk script: volunteers check in and out of the benchmark activity with the current QR token.
-- Env: TOKENS_FILE (bearer tokens, the organiser's first), ACTIVITY, QR_TOKEN. Each wrk thread takes its own
-- slice of volunteers; each volunteer alternates check-in and check-out (at most 3 pairs a day are allowed).
dofile("bench/http/volunteer_tokens.lua")

local tokens, state, cursor = {}, {}, 0

function init(args)
  tokens = volunteer_tokens()
  for i = 1, #tokens do state[i] = 0 end
end

local activity = os.getenv("ACTIVITY")
local body = '{"token":"' .. os.getenv("QR_TOKEN") .. '"}'

function request()
  cursor = cursor % #tokens + 1
  local path = state[cursor] % 2 == 0 and "/check-ins" or "/check-outs"
  state[cursor] = state[cursor] + 1
  return wrk.format("POST", "/api/v1/activities/" .. activity .. path,
                    {["Content-Type"] = "application/json", ["Authorization"] = "Bearer " .. tokens[cursor]}, body)
end

dofile("bench/http/report.lua")
