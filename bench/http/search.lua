-- wrk script: public activity search with rotating filters (county, category, keyword, status, page).
local counties = {"441402", "441403", "441422", "441423", "441424", "441426", "441427", "441481"}
local categories = {"应急救援", "助老助残", "文明交通", "环境保护", "社区服务", "大型赛会", "医疗卫生", "支教助学"}
local function encode(s)
  return (s:gsub("[^%w%-_%.~]", function(c) return string.format("%%%02X", string.byte(c)) end))
end
local n = 0
function request()
  n = n + 1
  local county = counties[n % #counties + 1]
  local category = encode(categories[(n * 7) % #categories + 1])
  local path
  if n % 3 == 0 then
    path = "/api/v1/activities?county_code=" .. county .. "&category=" .. category .. "&page=" .. (n % 5 + 1)
  elseif n % 3 == 1 then
    path = "/api/v1/activities?county_code=" .. county .. "&status=published&page_size=20"
  else
    path = "/api/v1/activities?category=" .. category .. "&from=2025-01-01&to=2025-12-31"
  end
  return wrk.format("GET", path)
end

dofile("bench/http/report.lua")
