-- One event per request (POST /v1/events): a random user of 10,000 and item of 10,000, unique event ids.
dofile((debug.getinfo(1, "S").source:match("^@(.*/)") or "") .. "common.lua")

function request()
  return wrk.format("POST", "/v1/events", {["Content-Type"] = "application/json"}, view_event())
end
