package redisledger

import "github.com/redis/go-redis/v9"

// scripts are the Lua scripts of a Ledger; go-redis runs them by SHA and
// loads them when the server does not know them (after a restart).
type scripts struct {
	claim, release, setValues, zsetValues, lease, unlease *redis.Script
}

func newScripts() scripts {
	return scripts{
		claim:      redis.NewScript(claimScript),
		release:    redis.NewScript(releaseScript),
		setValues:  redis.NewScript(setValuesScript),
		zsetValues: redis.NewScript(zsetValuesScript),
		lease:      redis.NewScript(leaseScript),
		unlease:    redis.NewScript(unleaseScript),
	}
}

// claimScript claims each free delivery key. KEYS are the delivery keys;
// ARGV[1] is the claim ("c" and the holder), ARGV[2] its TTL in ms,
// ARGV[2+i] the resend-before time of KEYS[i] (20 digits of Unix ns) or ""
// for never. A key holding an accepted record older than that is claimed
// again. The answer has one string per key: "" when claimed, else the
// value found (a claim, or the accepted record).
const claimScript = `
local out = {}
for i, k in ipairs(KEYS) do
  local v = redis.call('GET', k)
  local resend = ARGV[2 + i]
  if v and (string.sub(v, 1, 1) ~= 'a' or resend == '' or string.sub(v, 2) >= resend) then
    out[i] = v
  else
    redis.call('SET', k, ARGV[1], 'PX', ARGV[2])
    out[i] = ''
  end
end
return out`

// releaseScript deletes each of KEYS that still holds the claim ARGV[1].
const releaseScript = `
local n = 0
for _, k in ipairs(KEYS) do
  if redis.call('GET', k) == ARGV[1] then
    redis.call('DEL', k)
    n = n + 1
  end
end
return n`

// setValuesScript returns, for each member of the set KEYS[1], the member
// and the value of the key ARGV[1]..member (false when gone; such members
// are removed from the set).
const setValuesScript = `
local members = redis.call('SMEMBERS', KEYS[1])
local out = {}
for _, m in ipairs(members) do
  local v = redis.call('GET', ARGV[1] .. m)
  if v then
    table.insert(out, m)
    table.insert(out, v)
  else
    redis.call('SREM', KEYS[1], m)
  end
end
return out`

// zsetValuesScript returns, for the members of the sorted set KEYS[1] with
// a score in [ARGV[2], ARGV[3]] (at most ARGV[4] of them, highest first
// when ARGV[5] is "rev"), the member and the value of the key
// ARGV[1]..member. Members whose key is gone are removed.
const zsetValuesScript = `
local members
if ARGV[5] == 'rev' then
  members = redis.call('ZRANGE', KEYS[1], ARGV[3], ARGV[2], 'BYSCORE', 'REV', 'LIMIT', 0, ARGV[4])
else
  members = redis.call('ZRANGE', KEYS[1], ARGV[2], ARGV[3], 'BYSCORE', 'LIMIT', 0, ARGV[4])
end
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
// for ARGV[2] ms: 1 when the holder has it, else 0.
const leaseScript = `
local v = redis.call('GET', KEYS[1])
if v == false or v == ARGV[1] then
  redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2])
  return 1
end
return 0`

// unleaseScript gives up the lease KEYS[1] if the holder ARGV[1] has it.
const unleaseScript = `
if redis.call('GET', KEYS[1]) == ARGV[1] then
  return redis.call('DEL', KEYS[1])
end
return 0`
