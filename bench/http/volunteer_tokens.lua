-- Shared by the volunteer scripts: each wrk thread takes its own slice of the volunteers' bearer tokens from
-- TOKENS_FILE (the first line is the organiser's, skipped), so no two threads act as the same volunteer.
local next_tid = 0
function setup(thread)
  thread:set("tid", next_tid)
  next_tid = next_tid + 1
end

function volunteer_tokens()
  local all, mine = {}, {}
  for line in io.lines(os.getenv("TOKENS_FILE")) do all[#all + 1] = line end
  local threads = tonumber(os.getenv("WRK_THREADS") or "2")
  for i = 2, #all do
    if (i - 2) % threads == tid then mine[#mine + 1] = all[i] end
  end
  return mine
end
