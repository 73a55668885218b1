#!/usr/bin/env python3
# The speed peer: what users write today — the vendor's sample pattern, one
# listOrder page after another, signed with hashlib (stdlib only).
# usage: bench-peer.py BASE_URL UUID SECRET_KEY TASK [SIZE]; prints one JSON line.
import hashlib, json, sys, time, urllib.request, uuid as uuidlib

base, account, secret, task = sys.argv[1:5]
size = int(sys.argv[5]) if len(sys.argv) > 5 else 100

def list_order(page):
    body = json.dumps({"productID": "callbot", "userTaskID": task, "options": {},
                       "page": page, "size": size}, separators=(",", ":")).encode()
    rid, ts = uuidlib.uuid4().hex, str(int(time.time()))
    raw = secret.encode() + b"&body=" + body + b"&createTs=" + ts.encode() + b"&requestID=" + rid.encode() + b"&uuid=" + account.encode()
    headers = {"Content-Type": "application/json", "requestID": rid, "uuid": account, "createTs": ts,
               "sign": hashlib.md5(raw).hexdigest().upper(), "algorithm": "MD5"}
    req = urllib.request.Request(base + "/callcentre/api/v3/listOrder", data=body, headers=headers, method="POST")
    with urllib.request.urlopen(req) as resp:
        reply = json.loads(resp.read())
    if reply.get("retCode") != 0:
        raise SystemExit("retCode %s: %s" % (reply.get("retCode"), reply.get("retMsg")))
    return reply

start = time.monotonic()
orders, requests, page, total = 0, 0, 1, None
while total is None or (page - 1) * size < total:
    reply = list_order(page)
    requests += 1
    total = reply.get("totalCount", 0)
    orders += len(reply.get("orderList") or [])
    page += 1
print(json.dumps({"orders": orders, "requests": requests, "seconds": time.monotonic() - start}))
