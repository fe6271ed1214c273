#!/usr/bin/env bash
# Writes the data folder of the release before the move to Orleans (commit 2ea747f), for CarryOverTests.
#
#   git worktree add --detach /tmp/old-release 2ea747f
#   (cd /tmp/old-release && dotnet build src/Api -c Release)
#   bash tests/Api.Tests/Persistence/Fixtures/make-release-2026-11.sh /tmp/old-release graceful release-2026-11
#   bash tests/Api.Tests/Persistence/Fixtures/make-release-2026-11.sh /tmp/old-release killed   release-2026-11-killed
#
# graceful stops the server with SIGTERM (SQLite checkpoints on close); killed ends it with SIGKILL after the last
# write was acknowledged, so what was committed may still sit in mobilize.db-wal, which is then part of the fixture.
# Only the public REST API is used: the world is what a command centre would have typed in.
set -euo pipefail

release=${1:?path to a worktree of the old release, built with -c Release}
mode=${2:?graceful or killed}
name=${3:?fixture folder name}
port=${PORT:-5301}
here=$(cd "$(dirname "$0")" && pwd)
out="$here/$name"
expected=2ea747f

[[ $(git -C "$release" rev-parse --short=7 HEAD) == "$expected" ]] || { echo "$release is not at $expected" >&2; exit 1; }
[[ $mode == graceful || $mode == killed ]] || { echo "mode must be graceful or killed" >&2; exit 1; }

data=$(mktemp -d /tmp/mobilize-old-data-XXXXXX)
log="$data.log"
base="http://127.0.0.1:$port"
# The built server itself rather than "dotnet run", so that the signals below reach it and not a wrapper.
(cd "$release/src/Api" && exec bin/Release/net10.0/Mobilize.Api --urls "$base" --data "$data") >"$log" 2>&1 &
server=$!
trap 'kill -9 $server 2>/dev/null || true' EXIT

for _ in $(seq 1 120); do
  curl -fs "$base/health/ready" >/dev/null 2>&1 && [[ -s $data/administrator.token ]] && break
  sleep 0.5
done
curl -fs "$base/health/ready" >/dev/null || { cat "$log" >&2; exit 1; }
admin=$(cat "$data/administrator.token")

# call METHOD PATH [JSON] [TOKEN] [IDEMPOTENCY-KEY]: prints the body, fails on anything but 2xx.
call() {
  local method=$1 path=$2 body=${3:-} token=${4:-$admin} key=${5:-} response status
  response=$(curl -s -w '\n%{http_code}' -X "$method" "$base$path" -H "Authorization: Bearer $token" \
    ${body:+-H 'Content-Type: application/json' --data "$body"} ${key:+-H "Idempotency-Key: $key"})
  status=${response##*$'\n'}
  response=${response%$'\n'*}
  if [[ $status != 2* ]]; then echo "$method $path -> $status $response" >&2; exit 1; fi
  printf '%s' "$response"
}

# Certificates and insurance are valid for years around the day the fixture is made, so the test (whose clock starts
# just after the incident was opened) finds every team qualified and insured.
cert() { printf '{"capability":"%s","issued":"2025-03-01","expires":"2028-02-28","issuer":"%s"}' "$1" "$2"; }
insurance() { printf '{"policyNumber":"PICC-2026-%s","validFrom":"2026-01-01","validTo":"2027-12-31"}' "$1"; }

# The tree: city / district / street.
call POST /api/organisations '{"id":"bj","name":"北京市","level":"City"}' >/dev/null
call POST /api/organisations '{"id":"bj-dongcheng","name":"东城区","level":"District","parentId":"bj"}' >/dev/null
call POST /api/organisations '{"id":"bj-dongcheng-jingshan","name":"景山街道","level":"Street","parentId":"bj-dongcheng"}' >/dev/null

# volunteer ID NAME PHONE IDNUMBER CERTS...: registered, then on duty.
volunteer() {
  local id=$1 realName=$2 phone=$3 idNumber=$4; shift 4
  local certs; certs=$(IFS=,; echo "$*")
  call POST /api/volunteers "{\"id\":\"$id\",\"realName\":\"$realName\",\"phone\":\"$phone\",\"idNumber\":\"$idNumber\",\"skills\":[\"游泳\"],\"certifications\":[$certs],\"insurance\":$(insurance "$id")}" >/dev/null
  call PUT "/api/volunteers/$id/duty" '{"status":"Available"}' >/dev/null
}
# ID numbers are valid GB 11643 numbers (region 110101 东城 etc., birth date, sequence, check character).
volunteer v-zhangwei  张伟 13910000001 110101198503120025 "$(cert water-rescue 北京市红十字会)"
volunteer v-wangfang  王芳 13910000002 110101199007180031 "$(cert water-rescue 北京市红十字会)"
volunteer v-liqiang   李强 13910000003 11010119781105001X "$(cert water-rescue 北京市红十字会)" "$(cert first-aid 北京市急救中心)"
volunteer v-liuyang   刘洋 13910000004 110102199302210041 "$(cert water-rescue 北京市红十字会)"
volunteer v-chenjing  陈静 13910000005 110108198709300050 "$(cert water-rescue 北京市红十字会)" "$(cert first-aid 北京市急救中心)"
volunteer v-zhaolei   赵磊 13910000006 110106199506140060 "$(cert first-aid 北京市急救中心)" "$(cert water-rescue 北京市红十字会)"

# team ID NAME ORG LEADER MEMBER LAT LON
team() {
  call POST /api/teams "{\"id\":\"$1\",\"name\":\"$2\",\"organisationId\":\"$3\",\"leaderId\":\"$4\",\"baseLocation\":{\"latitude\":$6,\"longitude\":$7},\"minimumMembersToMuster\":2}" >/dev/null
  call POST "/api/teams/$1/members" "{\"volunteerId\":\"$5\"}" >/dev/null
  call PUT "/api/teams/$1/duty" '{"status":"Available"}' >/dev/null
}
team bj-dongcheng-water    东城区水上救援队     bj-dongcheng          v-zhangwei v-wangfang 39.930 116.420
team bj-jingshan-rescue    景山街道应急志愿服务队 bj-dongcheng-jingshan v-liqiang  v-liuyang  39.925 116.397
team bj-lantian            北京蓝天救援队       bj                    v-chenjing v-zhaolei  39.960 116.300

# Each member reports where they are from their phone (a volunteer's own token), a few metres from the team's base.
locate() {
  local token
  token=$(call POST /api/tokens "{\"role\":\"volunteer\",\"volunteerId\":\"$1\",\"lifetimeMinutes\":43200}" | jq -r .token)
  call PUT "/api/volunteers/$1/location" "{\"latitude\":$2,\"longitude\":$3,\"accuracyMeters\":15}" "$token" >/dev/null
  printf '%s' "$token"
}
zhangwei_token=$(locate v-zhangwei 39.9301 116.4201)
locate v-wangfang 39.9302 116.4199 >/dev/null
locate v-liqiang  39.9251 116.3971 >/dev/null
locate v-liuyang  39.9249 116.3969 >/dev/null
locate v-chenjing 39.9601 116.3001 >/dev/null
locate v-zhaolei  39.9599 116.2999 >/dev/null

# The city's flood plan: one water-rescue team of two within 3 km, two offers at once, ten minutes to answer, then the
# district (15 km) and the city (30 km).
call PUT /api/organisations/bj/plans/flood '{"id":"bj-flood","requirements":[{"key":"water","capability":"water-rescue","teams":1,"minimumMembers":2}],"radiusMeters":3000,"offerTimeout":"00:10:00","overOfferFactor":2,"ladder":[{"level":"District","radiusMeters":15000},{"level":"City","radiusMeters":30000}]}' >/dev/null

# An earlier call in 海淀 without a plan: first aid within 5 km. 蓝天 is offered, 赵磊 accepts, then the command centre
# stands it down before the team musters, so the offer is withdrawn with one answer held.
call POST /api/incidents '{"id":"bj-20261201-rescue","incidentType":"rescue","place":{"latitude":39.958,"longitude":116.305},"organisationId":"bj","severity":2,"description":"老人走失，山区搜寻","requirements":[{"key":"medic","capability":"first-aid","teams":1,"minimumMembers":2}],"radiusMeters":5000,"offerTimeout":"00:05:00"}' >/dev/null
offer=$(call GET /api/incidents/bj-20261201-rescue | jq -r '.offers[] | select(.team=="bj-lantian") | .id')
call POST "/api/teams/bj-lantian/offers/$offer/answers" '{"volunteerId":"v-zhaolei","answer":"Accept","etaMinutes":20}' >/dev/null
call POST /api/incidents/bj-20261201-rescue/stand-down >/dev/null

# A drill that was planned and ended without injecting anything: an exercise and the district's exercise roster.
call POST /api/exercises '{"id":"bj-drill-2026-11","name":"东城区防汛演练","organisationId":"bj-dongcheng","note":"桌面推演"}' >/dev/null
call POST /api/exercises/bj-drill-2026-11/end >/dev/null

# The open callout: a flood in 东城, sent with an idempotency key (the journal row must replay after the upgrade).
# Wave 1 offers the two water-rescue teams within 3 km. Only 刘洋 answers: 景山 needs two to muster, so it waits.
flood='{"id":"bj-20261201-flood","incidentType":"flood","place":{"latitude":39.928,"longitude":116.425},"organisationId":"bj-dongcheng","severity":3,"description":"暴雨内涝，居民被困"}'
opened=$(call POST /api/incidents "$flood" "$admin" flood-20261201 | jq -r .createdAt)
offer=$(call GET /api/incidents/bj-20261201-flood | jq -r '.offers[] | select(.team=="bj-jingshan-rescue") | .id')
call POST "/api/teams/bj-jingshan-rescue/offers/$offer/answers" '{"volunteerId":"v-liuyang","answer":"Accept","etaMinutes":8}' >/dev/null
call GET /api/incidents/bj-20261201-flood | jq -c '[.offers[] | {team, status, expiresAt}]'

# Access state: 王芳 lost her phone (its token revoked), 刘洋 has an enrolment link still to redeem, and a commander's
# unmasked look at 陈静's ID number is in the audit log.
lost=$(call POST /api/tokens '{"role":"volunteer","volunteerId":"v-wangfang","lifetimeMinutes":43200}')
call POST /api/tokens/revocations "{\"tokenId\":\"$(jq -r .tokenId <<<"$lost")\",\"reason\":\"手机丢失\"}" >/dev/null
enrolment=$(call POST /api/enrolments '{"volunteerId":"v-liuyang","lifetimeMinutes":43200}' | jq -r .code)
call GET '/api/volunteers/v-chenjing?unmasked=true&reason=%E6%A0%B8%E5%AE%9E%E4%BF%9D%E9%99%A9' >/dev/null

# Group commits and written-behind listings settle before the process goes.
sleep 3
if [[ $mode == graceful ]]; then
  kill -TERM $server
else
  kill -KILL $server
fi
wait $server 2>/dev/null || true
trap - EXIT

rm -rf "$out"
mkdir -p "$out"
# administrator.token is written anew at every start; signing.key is kept so the tokens this server signed still verify.
cp "$data"/mobilize.db* "$data/signing.key" "$out/"
# A WAL left by a kill is mostly repeated pages: gzip takes it from ~750 kB to ~25 kB. The test unpacks *.gz.
for side in "$out"/mobilize.db-wal "$out"/mobilize.db-shm; do [[ -f $side ]] && gzip -9 -n "$side"; done
# What the test needs besides the data: when the callout was opened, the flood request byte for byte as sent, and the secrets
# handed out to people (a phone's token, a revoked one, an enrolment code).
jq -n --arg openedAt "$opened" --arg flood "$flood" --arg phoneToken "$zhangwei_token" \
  --arg revokedToken "$(jq -r .token <<<"$lost")" --arg enrolmentCode "$enrolment" \
  '{openedAt: $openedAt, floodRequest: $flood, floodIdempotencyKey: "flood-20261201", phoneToken: $phoneToken,
    revokedToken: $revokedToken, enrolmentCode: $enrolmentCode}' >"$out/fixture.json"
ls -l "$out"
echo "incident opened at $opened"
rm -rf "$data" "$log"
