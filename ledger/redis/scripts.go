package redisledger

import "github.com/redis/go-redis/v9"

// scripts are the Lua scripts of a Ledger; go-redis runs them by SHA and
// loads them when the server does not know them (after a restart).
type scripts struct {
	claim, settle, release, setValues, zsetValues, lease, unlease *redis.Script
}

func newScripts() scripts {
	return scripts{
		claim:      redis.NewScript(claimScript),
		settle:     redis.NewScript(settleScript),
		release:    redis.NewScript(releaseScript),
		setValues:  redis.NewScript(setValuesScript),
		zsetValues: redis.NewScript(zsetValuesScript),
		lease:      redis.NewScript(leaseScript),
		unlease:    redis.NewScript(unleaseScript),
	}
}

// claimScript claims deliveries. For delivery i, KEYS[3i-2..3i] are its
// accepted record, refused record and claim; ARGV[1] is now and
// ARGV[5i-3..5i+1] its holder, claim TTL in ms, accepted-since,
// refused-since and claim expiry. Times are 20 digits of Unix ns, compared as strings. A
// claim's value is its expiry and its holder. The answer has one string
// per delivery: "C" claimed, "A" or "R" and the time of the acceptance or
// refusal that counts, "H" held by another holder.
const claimScript = `
local now = ARGV[1]
local out = {}
for i = 1, #KEYS / 3 do
  local b = 5 * (i - 1) + 1
  local holder, ttl, asince, rsince, untl = ARGV[b+1], ARGV[b+2], ARGV[b+3], ARGV[b+4], ARGV[b+5]
  local a = redis.call('GET', KEYS[3*i-2])
  local r = redis.call('GET', KEYS[3*i-1])
  local c = redis.call('GET', KEYS[3*i])
  if a and a >= asince then
    out[i] = 'A' .. a
  elseif r and r >= rsince then
    out[i] = 'R' .. r
  elseif c and string.sub(c, 21) ~= holder and string.sub(c, 1, 20) > now then
    out[i] = 'H'
  else
    redis.call('SET', KEYS[3*i], untl .. holder, 'PX', ttl)
    out[i] = 'C'
  end
end
return out`

// settleScript records a delivery's outcome: KEYS[1] the record (accepted
// or refused) set to ARGV[2] for ARGV[3] ms, KEYS[2] the claim, deleted
// when the holder ARGV[1] has it.
const settleScript = `
redis.call('SET', KEYS[1], ARGV[2], 'PX', ARGV[3])
local c = redis.call('GET', KEYS[2])
if c and string.sub(c, 21) == ARGV[1] then
  redis.call('DEL', KEYS[2])
end
return 1`

// releaseScript deletes the claim KEYS[1] if the holder ARGV[1] has it.
const releaseScript = `
local c = redis.call('GET', KEYS[1])
if c and string.sub(c, 21) == ARGV[1] then
  return redis.call('DEL', KEYS[1])
end
return 0`

// setValuesScript returns, for each member of the sets KEYS (once, in
// their union), the member and the value of the key ARGV[1]..member.
// Members whose key is gone are removed from the set they were found in.
const setValuesScript = `
local seen = {}
local out = {}
for _, key in ipairs(KEYS) do
  for _, m in ipairs(redis.call('SMEMBERS', key)) do
    if not seen[m] then
      seen[m] = true
      local v = redis.call('GET', ARGV[1] .. m)
      if v then
        table.insert(out, m)
        table.insert(out, v)
      else
        redis.call('SREM', key, m)
      end
    end
  end
end
return out`

// zsetValuesScript returns, for each member of the sorted set KEYS[1]
// with a score in [ARGV[2], ARGV[3]], the member and the value of the key
// ARGV[1]..member. Members whose key is gone are removed.
const zsetValuesScript = `
local members = redis.call('ZRANGE', KEYS[1], ARGV[2], ARGV[3], 'BYSCORE')
local out = {}
for _, m in ipairs(members) do
  local v = redis.call('GET', ARGV[1] .. m)
  if v then
    table.insert(out, m)
    table.insert(out, v)
  else
    redis.call('ZREM', KEYS[1], m)
  end
end
return out`

// leaseScript takes or renews the lease KEYS[1] for the holder ARGV[1]
// for ARGV[2] ms, until ARGV[4] by the ledger's clock (now is ARGV[3]):
// 1 when the holder has it, else 0. Like a claim, the value is the expiry
// and the holder, and the key's own TTL removes it in any case.
const leaseScript = `
local v = redis.call('GET', KEYS[1])
if v == false or string.sub(v, 21) == ARGV[1] or string.sub(v, 1, 20) <= ARGV[3] then
  redis.call('SET', KEYS[1], ARGV[4] .. ARGV[1], 'PX', ARGV[2])
  return 1
end
return 0`

// unleaseScript gives up the lease KEYS[1] if the holder ARGV[1] has it.
const unleaseScript = `
local v = redis.call('GET', KEYS[1])
if v and string.sub(v, 21) == ARGV[1] then
  return redis.call('DEL', KEYS[1])
end
return 0`
