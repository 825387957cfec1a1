-- wrk script: POST a question page as many applicants in turn (one session cookie
-- and CSRF token each, given in the environment as "cookie|body;cookie|body;..."),
-- and print the 95th percentile latency that wrk does not print itself.
local sessions = {}
for pair in string.gmatch(os.getenv("BENCH_SESSIONS"), "[^;]+") do
  local cookie, body = pair:match("([^|]+)|(.+)")
  table.insert(sessions, {cookie = cookie, body = body})
end
local turn = 0

request = function()
  turn = turn % #sessions + 1
  local s = sessions[turn]
  return wrk.format("POST", nil, {
    ["Cookie"] = s.cookie,
    ["Content-Type"] = "application/x-www-form-urlencoded",
  }, s.body)
end

done = function(summary, latency, requests)
  io.write(string.format("p95_ms %.2f\n", latency:percentile(95) / 1000))
end
