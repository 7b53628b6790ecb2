-- Batches of 100 events (POST /v1/events/batch): random users of 10,000 and items of 10,000, unique event ids.
dofile((debug.getinfo(1, "S").source:match("^@(.*/)") or "") .. "common.lua")

function request()
  local events = {}
  for i = 1, 100 do
    events[i] = view_event()
  end
  return wrk.format("POST", "/v1/events/batch", {["Content-Type"] = "application/json"},
      '{"events":[' .. table.concat(events, ",") .. ']}')
end
