#!/usr/bin/env python3
"""Runs a command against a local WebHDFS server (webhdfs_server.py).

usage: with_webhdfs.py --root DIR [server options] -- COMMAND [ARG...]

Starts the server over DIR, runs COMMAND with HDFS=hdfs://127.0.0.1:PORT
(and WEBHDFS_NAMENODE_PORT) in its environment and @HDFS@ in its arguments
replaced by that URL, stops the server, and exits
with COMMAND's status. Retries back off from 20 ms here, not the client's
default 250 ms, so that fault tests stay quick.
"""
import os
import subprocess
import sys
import time

here = os.path.dirname(os.path.abspath(__file__))


def main():
    if "--" not in sys.argv:
        sys.exit(__doc__)
    split = sys.argv.index("--")
    server_args, command = sys.argv[1:split], sys.argv[split + 1:]
    root = server_args[server_args.index("--root") + 1]
    os.makedirs(root, exist_ok=True)
    port_file = root.rstrip("/") + ".ports"
    if os.path.exists(port_file):
        os.unlink(port_file)
    server = subprocess.Popen([sys.executable, os.path.join(here, "webhdfs_server.py"),
                               "--port-file", port_file, "--lifetime", "600"] + server_args)
    try:
        deadline = time.monotonic() + 30
        while not os.path.exists(port_file):
            if server.poll() is not None or time.monotonic() > deadline:
                sys.exit("with_webhdfs: the WebHDFS server did not start")
            time.sleep(0.02)
        namenode_port = open(port_file).read().split()[0]
        env = dict(os.environ)
        env["HDFS"] = "hdfs://127.0.0.1:" + namenode_port
        env["WEBHDFS_NAMENODE_PORT"] = namenode_port
        env.setdefault("KILN_WEBHDFS_RETRY_DELAY_MS", "20")
        sys.stdout.flush()
        status = subprocess.call([arg.replace("@HDFS@", env["HDFS"]) for arg in command],
                                 env=env)
    finally:
        server.terminate()
        server.wait()
    sys.exit(status)


if __name__ == "__main__":
    main()
