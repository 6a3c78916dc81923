-- wrk script: the request given on the command line (URL and -H headers), reported by report.lua.
dofile("bench/http/report.lua")
