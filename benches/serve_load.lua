-- wrk script for benches/serve_load.sh: each request is GET /api/search for the next query of the
-- list given after `--` (KIND<TAB>QUERY lines; only the kind given second is used), in turn.
local queries = {}
local next_query = 1

local function encode(text)
  return (text:gsub("[^%w%-_%.~]", function(c) return string.format("%%%02X", string.byte(c)) end))
end

function init(args)
  local file, kind = args[1], args[2]
  for line in io.lines(file) do
    local k, q = line:match("^([^\t#]+)\t(.+)$")
    if k == kind then table.insert(queries, "/api/search?q=" .. encode(q)) end
  end
  assert(#queries > 0, "no queries of kind " .. tostring(kind) .. " in " .. tostring(file))
  -- Threads start at different places in the list.
  next_query = (math.random(#queries))
end

function request()
  local path = queries[next_query]
  next_query = next_query % #queries + 1
  return wrk.format("GET", path)
end

local failures = 0
function response(status, headers, body)
  if status ~= 200 then failures = failures + 1 end
end

function done(summary, latency, requests)
  io.write(string.format("non-2xx or socket errors: %d, %d, %d, %d\n",
    summary.errors.status, summary.errors.connect, summary.errors.read, summary.errors.timeout))
  for _, p in ipairs({50, 90, 99, 99.9}) do
    io.write(string.format("p%s: %.2f ms\n", p, latency:percentile(p) / 1000))
  end
  io.write(string.format("searches/s: %.0f\n", summary.requests / (summary.duration / 1e6)))
end
