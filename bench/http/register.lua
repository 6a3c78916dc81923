-- wrk script: POST /api/v1/volunteers with a fresh, valid 居民身份证号 and phone on every request.
-- Each wrk thread registers into its own county, so IDs never collide across threads.
local counties = {"441402", "441403", "441422", "441423", "441424", "441426", "441427", "441481"}
local weights = {7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2}
local checks = "10X98765432"
local next_tid = 0

function setup(thread)
  thread:set("tid", next_tid)
  next_tid = next_tid + 1
end

local counter = 0
local base = os.time({year = 1960, month = 1, day = 1, hour = 12})

local function resident_id(region, n)
  local birth = os.date("%Y%m%d", base + math.floor(n / 1000) * 86400)
  local body = region .. birth .. string.format("%03d", n % 1000)
  local sum = 0
  for i = 1, 17 do sum = sum + tonumber(body:sub(i, i)) * weights[i] end
  local r = sum % 11 + 1
  return body .. checks:sub(r, r)
end

function request()
  counter = counter + 1
  local region = counties[(tid % #counties) + 1]
  local phone = string.format("136%08d", tid * 10000000 + counter)
  local body = string.format(
    '{"name":"压测志愿者","id_number":"%s","phone":"%s","password":"Bench#2026x","county_code":"%s","political_status":"masses"}',
    resident_id(region, counter), phone, region)
  return wrk.format("POST", "/api/v1/volunteers", {["Content-Type"] = "application/json"}, body)
end

local statuses = {}
function response(status)
  statuses[status] = (statuses[status] or 0) + 1
end

dofile("bench/http/report.lua")
