-- One wrk script for every benchmarked operation. BENCH_OP picks it; BENCH_BASE is the gallery path.
-- Each thread numbers its requests so creates never collide and updates spread over the seeded images.
local op = os.getenv("BENCH_OP")
local base = os.getenv("BENCH_BASE")
local seeded = tonumber(os.getenv("BENCH_SEEDED") or "1000")
local api = "?api-version=2023-07-03"
local counter, thread_id = 0, 0
local threads = {}

function setup(thread)
  thread:set("tid", #threads + 1)
  table.insert(threads, thread)
end

function init(args)
  thread_id = tid
  wrk.headers["Authorization"] = "Bearer bench"
  wrk.headers["Content-Type"] = "application/json"
end

-- The body `az sig image-version create --managed-image … --target-regions westus` sends.
local function version_body()
  return '{"location":"westus","properties":{"publishingProfile":{"targetRegions":[{"name":"westus"}]},' ..
    '"storageProfile":{"source":{"id":"' .. base:match("^(/subscriptions/[^/]+/resourceGroups/[^/]+)") ..
    '/providers/Microsoft.Compute/images/bench"}}}}'
end

local function image_body(name, description)
  return '{"location":"westus","properties":{"osType":"Linux","osState":"Generalized","hyperVGeneration":"V1",' ..
    '"identifier":{"publisher":"bench","offer":"bench","sku":"' .. name .. '"},"description":"' .. description .. '"}}'
end

function request()
  counter = counter + 1
  local run = os.getenv("BENCH_RUN") or "r"
  if op == "create" then
    local name = "c" .. run .. "t" .. thread_id .. "n" .. counter
    return wrk.format("PUT", base .. "/images/" .. name .. api, nil, image_body(name, "created"))
  elseif op == "update" then
    local name = "seed" .. ((counter * 7 + thread_id * 131) % seeded)
    return wrk.format("PUT", base .. "/images/" .. name .. api, nil, image_body(name, "updated " .. counter))
  elseif op == "get" then
    return wrk.format("GET", base .. "/images/seed" .. ((counter * 7 + thread_id * 131) % seeded) .. api)
  elseif op == "patch" then
    local name = "seed" .. ((counter * 7 + thread_id * 131) % seeded)
    return wrk.format("PATCH", base .. "/images/" .. name .. api, nil, '{"properties":{"description":"patched ' .. counter .. '"}}')
  elseif op == "version-create" then
    -- Version names are Major.Minor.Patch integers: the run number, the thread and the request.
    local name = (os.getenv("BENCH_RUN_NO") or "2") .. "." .. thread_id .. "." .. counter
    return wrk.format("PUT", base .. "/images/seed0/versions/" .. name .. api, nil, version_body())
  elseif op == "version-get" then
    return wrk.format("GET", base .. "/images/seed0/versions/1.0." .. ((counter * 7 + thread_id * 131) % seeded) .. api)
  elseif op == "version-list" then
    return wrk.format("GET", base .. "/images/seed0/versions" .. api .. "&$top=100")
  elseif op == "path" then
    return wrk.format("GET", os.getenv("BENCH_PATH"))
  elseif op == "list" then
    return wrk.format("GET", base .. "/images" .. api .. "&$top=100")
  elseif op == "delete" then
    local name = "c" .. (os.getenv("BENCH_DELETE_RUN") or run) .. "t" .. thread_id .. "n" .. counter
    return wrk.format("DELETE", base .. "/images/" .. name .. api)
  elseif op == "ceiling-get" then
    return wrk.format("GET", "/ceiling")
  elseif op == "ceiling-list" then
    return wrk.format("GET", "/ceiling/list")
  elseif op == "ceiling-put" then
    local name = "c" .. thread_id .. "n" .. counter
    return wrk.format("PUT", "/ceiling", nil, image_body(name, "created"))
  end
end

function done(summary, latency, requests)
  local seconds = summary.duration / 1e6
  io.write(string.format('BENCH {"requests":%d,"rps":%.1f,"p50":%.3f,"p99":%.3f,"p999":%.3f,"non2xx":%d,"socket_errors":%d}\n',
    summary.requests, summary.requests / seconds, latency:percentile(50) / 1000, latency:percentile(99) / 1000,
    latency:percentile(99.9) / 1000, summary.errors.status, summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout))
end
