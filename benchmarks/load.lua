-- wrk's script for benchmarks/load.py: one machine-readable line per run.
--
-- With the argument "first-visit" (`wrk ... URL -- first-visit`) every request asks for an address
-- of its own (the page's, with `first-visit=<thread>-<random>-<n>` added to its query, which the
-- pages ignore), so no kept copy of a page (council/page_cache.py) ever answers it: what a person's
-- first visit to the page costs, the page built and kept.
local threads = 0
setup = function(thread)
  threads = threads + 1
  thread:set("thread_id", threads)
end

init = function(args)
  first_visit = args[1] == "first-visit"
  sent = 0
  math.randomseed(os.time() + (thread_id or 0))
  run = math.random(1, 1000000000)
end

request = function()
  if not first_visit then
    return wrk.format()
  end
  sent = sent + 1
  local separator = string.find(wrk.path, "?", 1, true) and "&" or "?"
  return wrk.format(nil, string.format("%s%sfirst-visit=%d-%d-%d", wrk.path, separator, thread_id or 0, run, sent))
end

done = function(summary, latency, requests)
  local seconds = summary.duration / 1e6
  local e = summary.errors
  io.write(string.format(
    "LOADRESULT requests=%d seconds=%.3f errors=%d status_errors=%d timeouts=%d p50=%.3f p95=%.3f p99=%.3f\n",
    summary.requests, seconds, e.connect + e.read + e.write + e.status + e.timeout, e.status, e.timeout,
    latency:percentile(50) / 1000, latency:percentile(95) / 1000, latency:percentile(99) / 1000))
end
