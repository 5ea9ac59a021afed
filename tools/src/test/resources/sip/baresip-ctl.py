#!/usr/bin/env python3
# Sends one command to baresip's ctrl_tcp (JSON in a netstring) and prints the response's data.
# usage: baresip-ctl.py HOST PORT COMMAND [PARAMS...]
import json, socket, sys
host, port, cmd, params = sys.argv[1], int(sys.argv[2]), sys.argv[3], " ".join(sys.argv[4:])
body = json.dumps({"command": cmd, "params": params, "token": "fw"}).encode()
s = socket.create_connection((host, port), timeout=5)
s.sendall(str(len(body)).encode() + b":" + body + b",")
s.settimeout(3)
data = b""
try:
    while b'"response"' not in data or not data.endswith(b","):
        chunk = s.recv(65536)
        if not chunk:
            break
        data += chunk
except socket.timeout:
    pass
print(data.decode(errors="replace"))
