#!/usr/bin/env python3
"""Reads seeded volunteers and teams back through the HTTP API of each Api node and compares them with the stored rows
(what the seed wrote through the provider): the grains must read them back as registered.
Usage: tools/province/verify.py TOKEN_FILE URL [URL ...]   (SCHEMA=province)"""
import json, os, subprocess, sys, urllib.request

schema = os.environ.get("SCHEMA", "province")
token = open(sys.argv[1]).read().strip()
urls = sys.argv[2:]
volunteers = ["v00000000", "v00000001", "v00750000", "v01500273", "v01500274", "v05000000", "v09999999"]
teams = ["t000000", "t050000", "t099999"]

def stored(kind, key):
    out = subprocess.run(["psql", "-h", "127.0.0.1", "-U", "mobilize", "mobilize_test", "-Atc",
                          f"SELECT convert_from(payload, 'UTF8') FROM {schema}.grain_state WHERE grain_type = '{kind}' AND grain_key = '{key}'"],
                         capture_output=True, text=True, env={**os.environ, "PGPASSWORD": "mobilize"}, check=True).stdout
    return json.loads(out)

def get(url, path):
    request = urllib.request.Request(url + path, headers={"Authorization": "Bearer " + token})
    with urllib.request.urlopen(request, timeout=30) as response:
        return json.loads(response.read())

def masked_phone(p): return p[:3] + "****" + p[-4:]

failures = 0
def check(what, ok, detail=""):
    global failures
    if not ok: failures += 1
    print(("ok   " if ok else "FAIL ") + what + ("" if ok else "  " + detail))

for n, key in enumerate(volunteers):
    url = urls[n % len(urls)]
    row, api = stored("volunteer", key), get(url, f"/api/volunteers/{key}")
    reg = row["registration"]
    same = (api["realName"] == reg["realName"] and api["phone"] == masked_phone(row["phone"])
            and api["certifications"] == row["certifications"] and api["insurance"] == row["insurance"]
            and api["teams"] == row["teams"] and api["skills"] == reg["skills"]
            and (api["idNumber"] is None) == (row["idNumber"] is None))
    check(f"volunteer {key} via {url}: {api['realName']} {api['phone']} {api['idNumber']} "
          f"{len(api['certifications'])} cert(s), teams {api['teams']}", same, json.dumps(api, ensure_ascii=False))

for n, key in enumerate(teams):
    url = urls[n % len(urls)]
    row, api = stored("team", key), get(url, f"/api/teams/{key}")
    reg = row["registration"]
    same = (api["name"] == reg["name"] and api["organisation"] == reg["organisation"] and api["leader"] == reg["leader"]
            and sorted(api["members"]) == sorted(row["members"].keys()) and api["baseLocation"] == reg["baseLocation"])
    check(f"team {key} via {url}: {api['name']} ({api['organisation']}), {len(api['members'])} members, status {api.get('status')}",
          same, json.dumps(api, ensure_ascii=False)[:600])
    # Every member card the team holds must be what the member's own row says.
    cards = [(m, stored("volunteer", m)) for m in list(row["members"])[:5]]
    consistent = all(row["members"][m]["version"] == v["version"] and row["members"][m]["certifications"] == v["certifications"]
                     and row["members"][m]["readiness"] == v["readiness"] and v["teams"] == [key] for m, v in cards)
    check(f"team {key}: first {len(cards)} member cards equal the members' stored state", consistent)

print(f"{failures} failed")
sys.exit(1 if failures else 0)
