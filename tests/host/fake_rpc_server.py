#!/usr/bin/env python3
# A stand-in for keepalived's JSON-RPC server, for the clients' host tests
# (lvscli, liblvs): fake_rpc_server.py SOCKET LOG REPLY...
# Listens on SOCKET, then takes one connection per REPLY, in order: reads
# the request to its end (the client shuts its side down once it has sent
# it), appends it to LOG as it came, writes REPLY and a newline ("@close":
# no reply at all) and closes. It returns once it listens, printing the
# pid of the process that serves, so its caller need not wait for it;
# that process leaves after the last reply, or after 60 s.
import os
import signal
import socket
import sys

path, log_path, *replies = sys.argv[1:]
listener = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
listener.bind(path)
listener.listen(len(replies) + 1)
pid = os.fork()
if pid:
    print(pid)
    sys.exit(0)
# Release the caller's stdout, which $(...) reads to its end.
os.dup2(os.open(os.devnull, os.O_WRONLY), 1)
signal.alarm(60)
with open(log_path, "ab", buffering=0) as log:
    for reply in replies:
        conn, _ = listener.accept()
        request = b""
        while chunk := conn.recv(65536):
            request += chunk
        log.write(request)
        if reply != "@close":
            conn.sendall(reply.encode() + b"\n")
        conn.close()
