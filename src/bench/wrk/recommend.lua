-- Recommendations (GET /v1/users/{id}/recommendations) for a random user of 10,000, 10 items each.
dofile((debug.getinfo(1, "S").source:match("^@(.*/)") or "") .. "common.lua")

function request()
  return wrk.format("GET", "/v1/users/" .. random_user() .. "/recommendations?limit=10")
end
