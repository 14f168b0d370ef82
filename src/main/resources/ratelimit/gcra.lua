-- GCRA over every key of one request, all or nothing (the arithmetic of dev.switchboard.ratelimit.Gcra),
-- with Redis TIME as the clock so that every replica shares one. Times in microseconds.
-- KEYS: the request's counters. ARGV: for each key, its emission interval then its tolerance.
-- Returns {admitted (0|1), binding key (1-based), remaining, retry after, reset}.
local time = redis.call('TIME')
local now = tonumber(time[1]) * 1000000 + tonumber(time[2])
local tats = {}
local refused, retry = 0, 0
for i = 1, #KEYS do
  local interval, tolerance = tonumber(ARGV[2 * i - 1]), tonumber(ARGV[2 * i])
  local tat = tonumber(redis.call('GET', KEYS[i]) or now)
  if tat < now then tat = now end
  -- written under a stricter limit: a raised limit admits at once (see Gcra)
  if tat - now > tolerance then tat = now + tolerance - interval end
  tats[i] = tat + interval
  local allow_at = tats[i] - tolerance
  if allow_at > now and allow_at - now > retry then
    refused, retry = i, allow_at - now
  end
end
if refused > 0 then
  return {0, refused, 0, retry, retry}
end
local binding, fewest, reset = 0, -1, 0
for i = 1, #KEYS do
  local interval, tolerance = tonumber(ARGV[2 * i - 1]), tonumber(ARGV[2 * i])
  redis.call('SET', KEYS[i], string.format('%.0f', tats[i]), 'PX', math.ceil((tats[i] - now) / 1000) + 1)
  local remaining = math.floor((tolerance - (tats[i] - now)) / interval)
  if fewest < 0 or remaining < fewest then
    binding, fewest, reset = i, remaining, tats[i] - now
  end
end
return {1, binding, fewest, 0, reset}
