-- wrk script: sign-up (报名) under contention. Volunteers sign up for the same few published activities with
-- small quotas, all at once: the first few take the places, the rest are waitlisted (both answer 201).
-- Env: TOKENS_FILE (bearer tokens, the organiser's first), ACTIVITIES (comma-separated ids), WRK_THREADS.
-- Each wrk thread takes its own slice of volunteers; consecutive requests go to different activities, and a
-- volunteer comes back only after every (volunteer, activity) pair of the slice was tried, so repeats (409)
-- start only after #volunteers × #activities requests.
dofile("bench/http/volunteer_tokens.lua")

local tokens, activities, n = {}, {}, 0

function init(args)
  tokens = volunteer_tokens()
  for id in string.gmatch(os.getenv("ACTIVITIES"), "%d+") do activities[#activities + 1] = id end
end

function request()
  local activity = activities[n % #activities + 1]
  local token = tokens[math.floor(n / #activities) % #tokens + 1]
  n = n + 1
  return wrk.format("POST", "/api/v1/activities/" .. activity .. "/signups",
                    {["Content-Type"] = "application/json", ["Authorization"] = "Bearer " .. token}, "{}")
end

dofile("bench/http/report.lua")
