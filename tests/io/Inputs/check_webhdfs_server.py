#!/usr/bin/env python3
"""Self-check for webhdfs_server.py against the reference `hdfs` PyPI client.

The fake server is only useful if a real WebHDFS client is happy with it, so
this drives it with `hdfs` (InsecureClient / TokenClient) plus raw HTTP for
what that client hides (redirects, status codes, fault injection).

Usage: check_webhdfs_server.py      (needs `pip install hdfs`)
"""
import http.client
import json
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse

from hdfs import HdfsError, InsecureClient, TokenClient

SERVER = os.path.join(os.path.dirname(os.path.abspath(__file__)), "webhdfs_server.py")
passed, failed = 0, 0


def check(name, fn):
    global passed, failed
    try:
        fn()
    except Exception as e:  # report every failure, not just the first
        failed += 1
        print(f"FAIL {name}: {type(e).__name__}: {e}")
    else:
        passed += 1
        print(f"ok   {name}")


def expect(cond, what):
    if not cond:
        raise AssertionError(what)


def raises(fn, text, exception=None):
    try:
        fn()
    except HdfsError as e:
        expect(text in str(e), f"message {str(e)!r} lacks {text!r}")
        if exception:
            expect(e.exception == exception, f"exception {e.exception!r} != {exception!r}")
        return e
    raise AssertionError(f"no HdfsError (wanted {text!r})")


class Running:
    """One server process in its own temp dir, killed on exit."""

    def __init__(self, *extra):
        self.dir = tempfile.mkdtemp(prefix="webhdfs-check-")
        self.root = os.path.join(self.dir, "root")
        self.log = os.path.join(self.dir, "requests.log")
        port_file = os.path.join(self.dir, "ports")
        self.proc = subprocess.Popen([sys.executable, SERVER, "--root", self.root,
                                      "--port-file", port_file, "--log", self.log, *extra])
        deadline = time.monotonic() + 20
        while not os.path.exists(port_file):
            if self.proc.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError("server did not start")
            time.sleep(0.05)
        self.nn, self.dn = map(int, open(port_file).read().split())

    def close(self):
        if self.proc.poll() is None:
            self.proc.kill()
            self.proc.wait()
        shutil.rmtree(self.dir, ignore_errors=True)

    def raw(self, method, path, query, body=None, port=None, headers=None):
        conn = http.client.HTTPConnection("127.0.0.1", port or self.nn, timeout=10)
        url = "/webhdfs/v1" + urllib.parse.quote(path) + "?" + urllib.parse.urlencode(query)
        conn.request(method, url, body=body, headers=headers or {})
        resp = conn.getresponse()
        data = resp.read()
        conn.close()
        return resp, data

    def log_lines(self):
        with open(self.log) as f:
            return f.read().splitlines()


def rex(data):
    return json.loads(data)["RemoteException"]


def main_checks():
    srv = Running()
    c = InsecureClient(f"http://127.0.0.1:{srv.nn}", user="kiln")
    try:
        check("create with overwrite=False", lambda: c.write("/d/a.txt", b"hello world"))
        check("create existing, overwrite=False -> FileAlreadyExistsException",
              lambda: raises(lambda: c.write("/d/a.txt", b"x"),
                             "/d/a.txt for client 127.0.0.1 already exists",
                             "FileAlreadyExistsException"))
        check("create with overwrite=True", lambda: c.write("/d/a.txt", b"0123456789",
                                                            overwrite=True))

        def read(path, **kw):
            with c.read(path, **kw) as r:
                return r.read()
        check("read whole file", lambda: expect(read("/d/a.txt") == b"0123456789", "content"))
        check("read offset=2 length=5",
              lambda: expect(read("/d/a.txt", offset=2, length=5) == b"23456", "range"))
        check("read offset=7 to end",
              lambda: expect(read("/d/a.txt", offset=7) == b"789", "tail"))
        check("read offset past end -> IOException",
              lambda: raises(lambda: read("/d/a.txt", offset=50),
                             "Offset=50 out of the range [0, 10); OPEN, path=/d/a.txt",
                             "IOException"))
        check("append", lambda: (c.write("/d/a.txt", b"abc", append=True),
                                 expect(read("/d/a.txt") == b"0123456789abc", "appended")))
        check("chunked upload (generator body)",
              lambda: (c.write("/d/gen.bin", (bytes([i]) * 1000 for i in range(50))),
                       expect(read("/d/gen.bin") == b"".join(bytes([i]) * 1000
                                                             for i in range(50)), "chunked")))

        def status_file():
            s = c.status("/d/a.txt")
            expect(s["type"] == "FILE" and s["length"] == 13, s)
            expect(s["pathSuffix"] == "" and s["replication"] == 1 and
                   s["blockSize"] == 134217728 and s["owner"] == "kiln", s)
        check("status of a file", status_file)
        check("status of a directory",
              lambda: expect(c.status("/d")["type"] == "DIRECTORY", "dir"))
        check("status of a missing path (strict=False) -> None",
              lambda: expect(c.status("/nope", strict=False) is None, "None"))
        check("makedirs", lambda: (c.makedirs("/d/sub/deep"),
                                   expect(c.status("/d/sub/deep")["type"] == "DIRECTORY", "")))
        check("makedirs through a file -> ParentNotDirectoryException",
              lambda: raises(lambda: c.makedirs("/d/a.txt/x"),
                             "Parent path is not a directory: /d/a.txt",
                             "ParentNotDirectoryException"))
        check("list directory (sorted, no temp files)",
              lambda: expect(c.list("/d") == ["a.txt", "gen.bin", "sub"], c.list("/d")))
        check("list with status", lambda: expect(
            [(n, s["type"]) for n, s in c.list("/d", status=True)] ==
            [("a.txt", "FILE"), ("gen.bin", "FILE"), ("sub", "DIRECTORY")], "statuses"))
        check("list a file -> client says not a directory",
              lambda: raises(lambda: c.list("/d/a.txt"), "is not a directory"))
        check("list a missing dir -> FileNotFoundException",
              lambda: raises(lambda: c.list("/nope"), "File /nope does not exist.",
                             "FileNotFoundException"))
        check("content summary", lambda: expect(
            c.content("/d")["fileCount"] == 2 and c.content("/d")["length"] == 13 + 50000, ""))
        check("content summary of a missing path -> HdfsError",
              lambda: raises(lambda: c.content("/nope"), "File does not exist: /nope",
                             "FileNotFoundException"))
        check("read a missing file -> HdfsError with server message",
              lambda: raises(lambda: read("/nope.txt"), "File /nope.txt not found.",
                             "FileNotFoundException"))
        check("read a directory -> Path is not a file",
              lambda: raises(lambda: read("/d"), "Path is not a file: /d",
                             "FileNotFoundException"))
        check("odd characters in paths round-trip", lambda: (
            c.write("/d/sp ace/\u00fc%23.txt", b"odd"),
            expect(read("/d/sp ace/\u00fc%23.txt") == b"odd", "content"),
            expect(c.list("/d/sp ace") == ["\u00fc%23.txt"], c.list("/d/sp ace")),
            c.delete("/d/sp ace", recursive=True)))
        check("rename file", lambda: (c.rename("/d/a.txt", "/d/b.txt"),
                                      expect(read("/d/b.txt") == b"0123456789abc", "moved"),
                                      expect(c.status("/d/a.txt", strict=False) is None, "")))
        check("rename onto an existing file -> client raises (server says false)",
              lambda: raises(lambda: c.rename("/d/gen.bin", "/d/b.txt"), "Unable to rename"))
        check("rename missing source -> client raises",
              lambda: raises(lambda: c.rename("/d/none", "/d/x"), "Unable to rename"))
        check("rename into missing parent -> client raises",
              lambda: raises(lambda: c.rename("/d/b.txt", "/q/r/s"), "Unable to rename"))
        check("rename onto an existing directory moves inside",
              lambda: (c.rename("/d/b.txt", "/d/sub"),
                       expect(c.list("/d/sub") == ["b.txt", "deep"], c.list("/d/sub"))))
        check("rename a directory under itself -> IOException",
              lambda: raises(lambda: c.rename("/d", "/d/sub/deep/x"),
                             "is a directory or file under source /d", "IOException"))
        check("delete non-empty dir without recursive -> PathIsNotEmptyDirectoryException",
              lambda: raises(lambda: c.delete("/d/sub"), "`/d/sub is non empty'",
                             "PathIsNotEmptyDirectoryException"))
        check("delete a file", lambda: expect(c.delete("/d/gen.bin") is True, "true"))
        check("delete recursive", lambda: (expect(c.delete("/d", recursive=True) is True, ""),
                                           expect(c.list("/") == [], c.list("/"))))
        check("delete a missing path -> false", lambda: expect(c.delete("/d") is False, ""))

        def concurrent():
            errors = []

            def worker(i):
                try:
                    mine = InsecureClient(f"http://127.0.0.1:{srv.nn}", user="kiln")
                    for j in range(5):
                        mine.write(f"/par/{i}.bin", bytes([i]) * (1000 * j + 1), overwrite=True)
                        with mine.read(f"/par/{i}.bin") as r:
                            expect(r.read() == bytes([i]) * (1000 * j + 1), f"worker {i}")
                except Exception as e:
                    errors.append(e)
            threads = [threading.Thread(target=worker, args=(i,)) for i in range(8)]
            for t in threads:
                t.start()
            for t in threads:
                t.join()
            expect(not errors, errors)
            expect(len(c.list("/par")) == 8, c.list("/par"))
        check("8 concurrent clients writing and reading", concurrent)

        c.write("/r/f.txt", b"abcdefgh")

        def redirect_open():
            resp, body = srv.raw("GET", "/r/f.txt", {"op": "OPEN", "user.name": "kiln",
                                                     "offset": 3, "length": 2})
            loc = resp.getheader("Location")
            expect(resp.status == 307 and body == b"", (resp.status, body))
            expect(resp.getheader("Content-Length") == "0", "Content-Length")
            expect(loc == f"http://127.0.0.1:{srv.dn}/webhdfs/v1/r/f.txt?op=OPEN&user.name=kiln"
                   f"&namenoderpcaddress=127.0.0.1:{srv.nn}&length=2&offset=3", loc)
            u = urllib.parse.urlsplit(loc)
            conn = http.client.HTTPConnection(u.hostname, u.port, timeout=10)
            conn.request("GET", f"{u.path}?{u.query}")
            r2 = conn.getresponse()
            expect(r2.status == 200 and r2.read() == b"de", "datanode range")
            expect(r2.getheader("Content-Type") == "application/octet-stream", "type")
        check("namenode OPEN answers 307 to the datanode (not followed)", redirect_open)

        def redirect_create():
            resp, _ = srv.raw("PUT", "/r/new.txt", {"op": "CREATE", "user.name": "kiln"})
            loc = resp.getheader("Location")
            expect(resp.status == 307, resp.status)
            expect(f"127.0.0.1:{srv.dn}/webhdfs/v1/r/new.txt?op=CREATE" in loc and
                   "overwrite=false" in loc and "namenoderpcaddress=" in loc, loc)
            expect(not os.path.exists(os.path.join(srv.root, "r/new.txt")), "nothing yet")
            u = urllib.parse.urlsplit(loc)
            conn = http.client.HTTPConnection(u.hostname, u.port, timeout=10)
            conn.request("PUT", f"{u.path}?{u.query}", body=b"xyz")
            r2 = conn.getresponse()
            r2.read()
            expect(r2.status == 201, r2.status)
            expect(r2.getheader("Location") == f"hdfs://127.0.0.1:{srv.nn}/r/new.txt",
                   r2.getheader("Location"))
            expect(open(os.path.join(srv.root, "r/new.txt"), "rb").read() == b"xyz", "")
        check("namenode CREATE answers 307; datanode PUT answers 201", redirect_create)

        def errors_raw():
            r, d = srv.raw("GET", "/r", {"op": "FOO", "user.name": "kiln"})
            expect(r.status == 400 and rex(d) == {
                "exception": "IllegalArgumentException",
                "javaClassName": "java.lang.IllegalArgumentException",
                "message": 'Invalid value for webhdfs parameter "op": No enum constant '
                           'org.apache.hadoop.hdfs.web.resources.GetOpParam.Op.FOO'}, d)
            expect(r.getheader("Content-Type") == "application/json", "json")
            r, d = srv.raw("GET", "/r", {"op": "MKDIRS"})
            expect(r.status == 400 and rex(d)["message"].endswith("GetOpParam.Op.MKDIRS"), d)
            r, d = srv.raw("GET", "/r/f.txt", {"op": "OPEN", "offset": "x"})
            expect(r.status == 400 and "offset" in rex(d)["message"], d)
            r, d = srv.raw("GET", "/missing", {"op": "GETFILESTATUS"})
            expect(r.status == 404 and rex(d)["message"] == "File does not exist: /missing", d)
        check("unknown op / wrong method / bad value -> 400; missing -> 404", errors_raw)

        def keep_alive():
            conn = http.client.HTTPConnection("127.0.0.1", srv.nn, timeout=10)
            for _ in range(3):
                conn.request("GET", "/webhdfs/v1/r?op=GETFILESTATUS")
                r = conn.getresponse()
                expect(r.status == 200 and json.loads(r.read())["FileStatus"]["type"] ==
                       "DIRECTORY", "status")
            expect(conn.sock is not None, "connection was closed")
        check("namenode keep-alive", keep_alive)

        def logged():
            lines = srv.log_lines()
            want = (f"datanode GET OPEN /r/f.txt length=2&namenoderpcaddress=127.0.0.1:{srv.nn}"
                    "&offset=3&op=OPEN&user.name=kiln")
            expect(want in lines, "\n".join(lines[-5:]))
            expect("namenode GET OPEN /r/f.txt length=2&offset=3&op=OPEN&user.name=kiln"
                   in lines, "namenode line")
        check("request log records ranged reads", logged)
    finally:
        srv.close()


def fault_checks():
    srv = Running("--token", "s3cret", "--read-only", "/ro", "--fail-namenode", "2",
                  "--drop-reads", "1")
    try:
        def fail_nn():
            got = [srv.raw("GET", "/", {"op": "GETFILESTATUS", "delegation": "s3cret"})
                   for _ in range(3)]
            expect([r.status for r, _ in got] == [500, 500, 200], [r.status for r, _ in got])
            expect(rex(got[0][1])["exception"] == "RetriableException", got[0][1])
        check("--fail-namenode 2: two 500s, then success", fail_nn)
        tc = TokenClient(f"http://127.0.0.1:{srv.nn}", "s3cret")
        check("TokenClient write", lambda: tc.write("/t/x.bin", b"0123456789"))

        def short_read():
            resp, _ = srv.raw("GET", "/t/x.bin", {"op": "OPEN", "delegation": "s3cret"})
            u = urllib.parse.urlsplit(resp.getheader("Location"))
            conn = http.client.HTTPConnection(u.hostname, u.port, timeout=10)
            conn.request("GET", f"{u.path}?{u.query}")
            r = conn.getresponse()
            expect(r.getheader("Content-Length") == "10", "full length advertised")
            try:
                data = r.read()
            except http.client.IncompleteRead as e:
                data = e.partial
            expect(data == b"01234", data)
        check("--drop-reads 1: short body, connection closed", short_read)

        def token_read():
            with tc.read("/t/x.bin") as r:
                expect(r.read() == b"0123456789", "content")
        check("TokenClient read after the dropped one", token_read)

        def bad_token():
            r, d = srv.raw("GET", "/", {"op": "GETFILESTATUS", "delegation": "wrong"})
            expect(r.status == 403 and rex(d)["exception"] == "SecurityException", d)
            expect("can't be found in cache" in rex(d)["message"], d)
            r, d = srv.raw("GET", "/", {"op": "GETFILESTATUS", "user.name": "kiln"})
            expect(r.status == 403, r.status)
            raises(lambda: TokenClient(f"http://127.0.0.1:{srv.nn}", "wrong").status("/"),
                   "can't be found in cache", "SecurityException")
        check("--token: wrong or missing token -> 403 SecurityException", bad_token)
        check("--read-only /ro: CREATE -> Permission denied",
              lambda: raises(lambda: tc.write("/ro/f", b"x"),
                             'Permission denied: user=kiln, access=WRITE, inode="/ro"',
                             "AccessControlException"))
        check("--read-only /ro: MKDIRS and RENAME -> Permission denied",
              lambda: (raises(lambda: tc.makedirs("/ro/d"), "Permission denied"),
                       raises(lambda: tc.rename("/t/x.bin", "/ro/x"), "Permission denied")))
    finally:
        srv.close()

    srv = Running("--user-required", "--fail-datanode", "1", "--drop-writes", "1")
    try:
        def user_required():
            r, d = srv.raw("GET", "/", {"op": "GETFILESTATUS"})
            expect(r.status == 401 and rex(d)["exception"] == "SecurityException", d)
            r, _ = srv.raw("GET", "/", {"op": "GETFILESTATUS", "user.name": "kiln"})
            expect(r.status == 200, r.status)
        check("--user-required: 401 without user.name", user_required)
        c = InsecureClient(f"http://127.0.0.1:{srv.nn}", user="kiln")
        check("--fail-datanode 1: 503 from the datanode",
              lambda: raises(lambda: c.write("/w.txt", b"abc"), "DataNode is busy",
                             "RetriableException"))

        def dropped_write():
            try:
                c.write("/w.txt", b"z" * 100000)
            except Exception:  # requests' ConnectionError, or an HdfsError
                pass
            else:
                raise AssertionError("write unexpectedly succeeded")
            expect(c.status("/w.txt", strict=False) is None, "file visible")
            expect(os.listdir(srv.root) == [], os.listdir(srv.root))
        check("--drop-writes 1: upload cut off, nothing written", dropped_write)
        check("write succeeds after the faults", lambda: (
            c.write("/w.txt", b"abc"), expect(c.status("/w.txt")["length"] == 3, "")))
        check("log shows the failed and retried datanode CREATEs", lambda: expect(
            sum(1 for l in srv.log_lines() if l.startswith("datanode PUT CREATE /w.txt")) == 3,
            srv.log_lines()))
    finally:
        srv.close()

    srv = Running("--dead-datanode")
    try:
        def dead():
            resp, _ = srv.raw("PUT", "/f", {"op": "CREATE"})
            u = urllib.parse.urlsplit(resp.getheader("Location"))
            expect(u.port not in (srv.nn, srv.dn), u.port)
            conn = http.client.HTTPConnection(u.hostname, u.port, timeout=5)
            try:
                conn.request("PUT", f"{u.path}?{u.query}", body=b"x")
            except ConnectionRefusedError:
                return
            raise AssertionError("dead datanode accepted a connection")
        check("--dead-datanode: redirect target refuses connections", dead)
    finally:
        srv.close()

    def lifetime_and_sigterm():
        srv = Running("--lifetime", "1")
        try:
            expect(srv.proc.wait(timeout=10) == 0, "lifetime exit status")
        finally:
            srv.close()
        srv = Running()
        try:
            srv.proc.send_signal(signal.SIGTERM)
            expect(srv.proc.wait(timeout=10) == 0, "SIGTERM exit status")
        finally:
            srv.close()
    check("exits by itself after --lifetime, and cleanly on SIGTERM", lifetime_and_sigterm)


if __name__ == "__main__":
    main_checks()
    fault_checks()
    print(f"{passed} checks passed" + (f", {failed} FAILED" if failed else ""))
    sys.exit(1 if failed else 0)
