-- wrk script for bench/serving.py: GETs paths drawn at random from the file
-- WRK_PATHS (one per line; repeat a line to weight it), with the Cookie
-- header WRK_COOKIE, waiting WRK_THINK_MIN..WRK_THINK_MAX ms before each
-- request (a resident reading); prints one JSON line of results.
local paths = {}
for line in io.lines(os.getenv("WRK_PATHS")) do
  if line ~= "" then table.insert(paths, line) end
end
local cookie = os.getenv("WRK_COOKIE") or ""
local think_min = tonumber(os.getenv("WRK_THINK_MIN") or "0")
local think_max = tonumber(os.getenv("WRK_THINK_MAX") or "0")

function init(args)
  math.randomseed(os.time() + math.floor(os.clock() * 1000000))
end

function request()
  local headers = {}
  if cookie ~= "" then headers["Cookie"] = cookie end
  return wrk.format("GET", paths[math.random(#paths)], headers)
end

if think_max > 0 then
  function delay()
    return math.random(think_min, think_max)
  end
end

function done(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    '{"requests": %d, "seconds": %.3f, "p50_ms": %.2f, "p95_ms": %.2f, "p99_ms": %.2f, ' ..
    '"errors": %d, "bad_status": %d, "bytes": %d}\n',
    summary.requests, summary.duration / 1e6,
    latency:percentile(50) / 1000, latency:percentile(95) / 1000,
    latency:percentile(99) / 1000,
    e.connect + e.read + e.write + e.timeout, e.status, summary.bytes))
end
