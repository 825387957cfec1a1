-- wrk script: POST one form with the session cookie and CSRF token given in the
-- environment, and print the 95th percentile latency that wrk does not print itself.
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/x-www-form-urlencoded"
wrk.headers["Cookie"] = os.getenv("BENCH_COOKIE")
wrk.body = os.getenv("BENCH_BODY")

done = function(summary, latency, requests)
  io.write(string.format("p95_ms %.2f\n", latency:percentile(95) / 1000))
end
