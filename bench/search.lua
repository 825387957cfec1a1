-- wrk script: GET the search page for each query in turn (given in the environment as
-- "q1;q2;...", already URL-encoded), and print the 95th percentile latency that wrk does
-- not print itself.
local queries = {}
for query in string.gmatch(os.getenv("BENCH_QUERIES"), "[^;]+") do
  table.insert(queries, query)
end
local turn = 0

request = function()
  turn = turn % #queries + 1
  return wrk.format("GET", "/cari?q=" .. queries[turn])
end

done = function(summary, latency, requests)
  io.write(string.format("p95_ms %.2f\n", latency:percentile(95) / 1000))
end
