-- Shared by the wrk scripts here: thread ids, a seeded random per thread, unique event ids, bench users and
-- items (bench-u-N, bench-i-N of 10,000 each, as `ebb bench ingest` creates them) and error reporting.
function setup(thread)
  thread_count = (thread_count or 0) + 1
  thread:set("tid", thread_count)
end

function init(args)
  math.randomseed(os.time() * 100 + tid)
  id_prefix = "wrk" .. os.time() .. "-" .. tid .. "-"
  sent = 0
end

function random_user()
  return "bench-u-" .. math.random(0, 9999)
end

-- One view event of a random user and item, with an id no other request of this run has.
function view_event()
  sent = sent + 1
  return '{"eventId":"' .. id_prefix .. sent .. '","userId":"' .. random_user() ..
      '","itemId":"bench-i-' .. math.random(0, 9999) .. '","type":"view"}'
end

-- Prints the first few answers outside 2xx.
function response(status, headers, body)
  if status < 200 or status >= 300 then
    errors = (errors or 0) + 1
    if errors < 5 then print(status, body) end
  end
end
