-- wrk script: POST of a JSON body (env BODY, "{}" by default) to the URL given on the command line, with the
-- -H headers (e.g. Authorization), reported by report.lua.
wrk.method = "POST"
wrk.body = os.getenv("BODY") or "{}"
wrk.headers["Content-Type"] = "application/json"
dofile("bench/http/report.lua")
