-- One event per request: a random user of 10,000 (bench-u-N) and item of 10,000 (bench-i-N), unique event ids.
local counter = 0

local id = 0
function setup(thread)
  id = id + 1
  thread:set("tid", id)
end
function init(args)
  math.randomseed(os.time() * 100 + tid)
  prefix = "w" .. os.time() .. "-" .. tid .. "-"
end
function request()
  counter = counter + 1
  local body = '{"eventId":"' .. prefix .. counter .. '","userId":"bench-u-' .. math.random(0, 9999) ..
      '","itemId":"bench-i-' .. math.random(0, 9999) .. '","type":"view"}'
  return wrk.format("POST", "/v1/events", {["Content-Type"] = "application/json"}, body)
end
function response(status, headers, body)
  if status ~= 202 and status ~= 200 then
    errors = (errors or 0) + 1
    if errors < 5 then print(status, body) end
  end
end
