-- wrk's summary for benchmarks/load.py: one machine-readable line per run.
done = function(summary, latency, requests)
  local seconds = summary.duration / 1e6
  local e = summary.errors
  io.write(string.format(
    "LOADRESULT requests=%d seconds=%.3f errors=%d status_errors=%d timeouts=%d p50=%.3f p95=%.3f p99=%.3f\n",
    summary.requests, seconds, e.connect + e.read + e.write + e.status + e.timeout, e.status, e.timeout,
    latency:percentile(50) / 1000, latency:percentile(95) / 1000, latency:percentile(99) / 1000))
end
