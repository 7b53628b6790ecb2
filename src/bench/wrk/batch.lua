-- Batches of 100 events (POST /v1/events/batch): random users of 10,000 and items of 10,000, unique event ids.
local counter = 0
local id = 0
function setup(thread)
  id = id + 1
  thread:set("tid", id)
end
function init(args)
  math.randomseed(os.time() * 100 + tid)
  prefix = "b" .. os.time() .. "-" .. tid .. "-"
end
function request()
  local events = {}
  for i = 1, 100 do
    counter = counter + 1
    events[i] = '{"eventId":"' .. prefix .. counter .. '","userId":"bench-u-' .. math.random(0, 9999) ..
        '","itemId":"bench-i-' .. math.random(0, 9999) .. '","type":"view"}'
  end
  return wrk.format("POST", "/v1/events/batch", {["Content-Type"] = "application/json"},
      '{"events":[' .. table.concat(events, ",") .. ']}')
end
function response(status, headers, body)
  if status >= 300 then
    errors = (errors or 0) + 1
    if errors < 5 then print(status, body) end
  end
end
