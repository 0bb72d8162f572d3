#!/usr/bin/env python3
"""The reference WebHDFS client (hdfs on PyPI) as a command, so tests can
check that it and kiln read and write the same files.

usage: hdfs_client.py URL put LOCAL REMOTE | get REMOTE LOCAL | ls REMOTE
       | status REMOTE
URL is http://host:port of the namenode, or hdfs://host:port.
"""
import sys

import hdfs


def main():
    url, command, *args = sys.argv[1:]
    client = hdfs.InsecureClient(url.replace("hdfs://", "http://"), user="kiln")
    if command == "put":
        with open(args[0], "rb") as local:
            client.write(args[1], local.read(), overwrite=True)
    elif command == "get":
        with client.read(args[0]) as remote, open(args[1], "wb") as local:
            local.write(remote.read())
    elif command == "ls":
        for name, status in client.list(args[0], status=True):
            print(name, status["type"], status["length"])
    elif command == "status":
        status = client.status(args[0])
        print(status["type"], status["length"])
    else:
        sys.exit(__doc__)


if __name__ == "__main__":
    main()
