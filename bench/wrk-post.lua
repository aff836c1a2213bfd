-- POSTs one file as the request body on every request and, at the end, prints one machine-readable
-- line (RESULT key=value ...) that run.sh turns into results.
-- Environment: BODY = file to send, CTYPE = its Content-Type, TOKEN = bearer token (zeroprint needs
-- one on every /v1 route; the comparison servers get the same header so every server reads the
-- same bytes).
-- non2xx counts answers with status >= 400 (wrk's own status error count; 401 and 429 included):
-- run.sh and MemoryPeak stop the run when it is not 0.
local f = assert(io.open(os.getenv("BODY"), "rb"))
wrk.method = "POST"
wrk.body = f:read("*a")
f:close()
wrk.headers["Content-Type"] = os.getenv("CTYPE") or "application/octet-stream"
local token = os.getenv("TOKEN")
if token and token ~= "" then
  wrk.headers["Authorization"] = "Bearer " .. token
end

function done(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    "RESULT requests=%d duration_us=%d non2xx=%d socket_errors=%d timeouts=%d p50_us=%d p95_us=%d p99_us=%d max_us=%d\n",
    summary.requests, summary.duration, e.status, e.connect + e.read + e.write, e.timeout,
    latency:percentile(50), latency:percentile(95), latency:percentile(99), latency.max))
end
