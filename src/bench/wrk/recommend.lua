-- Recommendations (GET /v1/users/{id}/recommendations) for a random user of 10,000 (bench-u-N), 10 items each.
function setup(thread)
  id = (id or 0) + 1
  thread:set("tid", id)
end
function init(args)
  math.randomseed(os.time() * 100 + tid)
end
function request()
  return wrk.format("GET", "/v1/users/bench-u-" .. math.random(0, 9999) .. "/recommendations?limit=10")
end
function response(status, headers, body)
  if status ~= 200 then
    errors = (errors or 0) + 1
    if errors < 5 then print(status, body) end
  end
end
