#!/usr/bin/env python3
"""A local stand-in for an HDFS cluster's WebHDFS interface, for kiln's tests.

There is no HDFS in the test environment, so this serves the WebHDFS REST API
(a namenode and one datanode, as two HTTP servers) over a plain directory.  It
copies the wire behaviour a client has to cope with -- two-step redirects,
RemoteException bodies, status codes, the datanode closing its connections --
and injects deterministic faults so that client retry paths can be tested.
Standard library only, so any Python 3.11 can run it.
"""
import argparse
import itertools
import json
import os
import shutil
import signal
import socket
import stat
import threading
import time
import traceback
import urllib.parse
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

PREFIX = "/webhdfs/v1"
BLOCK_SIZE = 134217728
# Uploads land under this name first; listings hide it and requests may not
# name it, so a half-written file can never be observed.
TMP_MARK = ".webhdfs-tmp."
DRAIN_LIMIT = 64 << 20
CHUNK = 1 << 16
# exception -> (HTTP status, javaClassName), following HDFS's ExceptionHandler:
# FileNotFound 404, other IOExceptions and SecurityException 403, argument
# errors 400.  RetriableException/RuntimeException only come from fault
# injection or server bugs here.
JAVA = {
    "FileNotFoundException": (404, "java.io.FileNotFoundException"),
    "FileAlreadyExistsException": (403, "org.apache.hadoop.fs.FileAlreadyExistsException"),
    "ParentNotDirectoryException": (403, "org.apache.hadoop.fs.ParentNotDirectoryException"),
    "PathIsNotEmptyDirectoryException":
        (403, "org.apache.hadoop.fs.PathIsNotEmptyDirectoryException"),
    "AccessControlException": (403, "org.apache.hadoop.security.AccessControlException"),
    "SecurityException": (403, "java.lang.SecurityException"),
    "IOException": (403, "java.io.IOException"),
    "EOFException": (403, "java.io.EOFException"),
    "IllegalArgumentException": (400, "java.lang.IllegalArgumentException"),
    "UnsupportedOperationException": (400, "java.lang.UnsupportedOperationException"),
    "InvalidPathException": (400, "org.apache.hadoop.fs.InvalidPathException"),
    "RetriableException": (500, "org.apache.hadoop.ipc.RetriableException"),
    "RuntimeException": (500, "java.lang.RuntimeException"),
}
# HDFS parses op into a per-method enum, so an op sent with the wrong method
# is reported exactly like an unknown one.
OPS = {"GET": ("GetOpParam", {"OPEN", "GETFILESTATUS", "LISTSTATUS", "GETCONTENTSUMMARY",
                              "GETHOMEDIRECTORY"}),
       "PUT": ("PutOpParam", {"CREATE", "MKDIRS", "RENAME"}),
       "POST": ("PostOpParam", {"APPEND"}), "DELETE": ("DeleteOpParam", {"DELETE"})}


class WebHdfsError(Exception):
    def __init__(self, exception, message, status=None):
        super().__init__(message)
        self.status, self.java_class = JAVA[exception]
        self.status, self.exception, self.message = status or self.status, exception, message


def fail(exception, message, status=None):
    raise WebHdfsError(exception, message, status)


def bad_param(name, why):
    fail("IllegalArgumentException", f'Invalid value for webhdfs parameter "{name}": {why}')


def parse_typed(q):
    """Validates every typed parameter present, before any op runs, as Jersey
    does; returns them parsed so redirects can carry canonical text."""
    out = {}
    for name in ("overwrite", "recursive"):
        if name in q:
            if q[name].lower() not in ("true", "false"):
                bad_param(name, f'Failed to parse "{q[name]}" to Boolean.')
            out[name] = q[name].lower() == "true"
    for name, low in (("offset", 0), ("length", 0), ("buffersize", 1), ("blocksize", 1),
                      ("replication", 1), ("permission", 0)):
        if name in q:
            radix = 8 if name == "permission" else 10
            try:
                v = int(q[name], radix) if q[name].lstrip("+-").isdigit() else None
            except ValueError:
                v = None
            if v is None:
                bad_param(name, f'Failed to parse "{q[name]}" as a radix-{radix} '
                          f'{"short" if radix == 8 else "long"} integer.')
            if v < low:
                bad_param(name, f"Invalid parameter range: {name} = {q[name]} < {low}")
            if radix == 8 and v > 0o1777:
                bad_param(name, f"Invalid parameter range: {name} = {q[name]} > 1777")
            out[name] = v
    return out


def normalize(raw):
    parts = [c for c in raw.split("/") if c]
    if any(c in (".", "..") or ":" in c or c.startswith(TMP_MARK) for c in parts):
        fail("InvalidPathException", f"Invalid path name Invalid file name: {raw}")
    return "/" + "/".join(parts)


def stat_or_none(local):
    try:
        return os.stat(local)
    except (FileNotFoundError, NotADirectoryError):
        return None


def is_dir(st):
    return st is not None and stat.S_ISDIR(st.st_mode)


def children(local):
    return sorted(n for n in os.listdir(local) if not n.startswith(TMP_MARK))


class State:
    def __init__(self, args):
        self.args, self.root = args, os.path.abspath(args.root)
        self.read_only = [normalize(p) for p in args.read_only]
        self.faults = {"fail_namenode": args.fail_namenode, "fail_datanode": args.fail_datanode,
                       "drop_reads": args.drop_reads, "drop_writes": args.drop_writes,
                       "drop_appends": args.drop_appends,
                       "lose_append_replies": args.lose_append_replies}
        self.log = open(args.log, "a", encoding="utf-8") if args.log else None
        # Namespace changes are serialised, as by the namenode's global lock.
        self.lock, self.ns_lock = threading.Lock(), threading.Lock()
        self.tmp_ids = itertools.count()
        self.nn_port = self.dn_port = self.redirect_port = 0

    def take(self, fault):
        """Consumes one unit of an injected fault; exactly N in total, even
        with concurrent requests."""
        with self.lock:
            if self.faults[fault] > 0:
                self.faults[fault] -= 1
                return True
            return False

    def local(self, path):
        return os.path.join(self.root, *[c for c in path.split("/") if c])

    def write_log(self, line):
        if self.log:
            with self.lock:
                self.log.write(line + "\n")
                self.log.flush()


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    timeout = 120  # idle keep-alive connections must not pin a thread forever
    json_type = "application/json"

    def log_message(self, *args):  # --log is the request log; stderr is for real trouble
        pass

    def handle_expect_100(self):
        # Defer "100 Continue" until the body is wanted, so a request that is
        # refused up front is answered before the client starts sending.
        return True

    def do_GET(self):
        self.dispatch()
    do_PUT = do_POST = do_DELETE = do_GET

    def body_chunks(self):
        self.body_pending = False
        if self.expecting and not self.sent_continue:
            self.send_response_only(100)
            self.end_headers()
            self.sent_continue = True
        chunked = "chunked" in self.headers.get("Transfer-Encoding", "").lower()
        left = self.content_length
        while True:
            if chunked:
                left = int(self.rfile.readline(1024).split(b";")[0].strip() or b"x", 16)
                if left == 0:  # last chunk; skip trailers up to the blank line
                    while self.rfile.readline(1024) not in (b"\r\n", b"\n", b""):
                        pass
                    return
            while left > 0:
                data = self.rfile.read(min(left, CHUNK))
                if not data:
                    raise ConnectionError("client went away mid-body")
                left -= len(data)
                yield data
            if not chunked:
                return
            self.rfile.readline(1024)  # the CRLF closing this chunk

    def settle_body(self):
        """Makes the connection safe to answer on: an unread body is drained
        (so the client sees our reply rather than a reset) or, if the client
        is holding it back for "100 Continue", the connection is closed."""
        if self.body_pending:
            self.body_pending = False
            if (self.expecting and not self.sent_continue) or self.content_length > DRAIN_LIMIT:
                self.close_connection = True
                return
            try:
                for _ in self.body_chunks():
                    pass
            except (OSError, ValueError):
                self.close_connection = True

    def reply(self, status, body=b"", ctype=None, headers=(), length=None):
        """Sends the headers, and the body unless the caller streams it."""
        self.settle_body()
        self.replied = True
        self.send_response(status)
        if ctype:
            self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(body) if length is None else length))
        for k, v in headers:
            self.send_header(k, v)
        if self.node == "datanode":
            self.close_connection = True  # the real (netty) datanode always does
        if self.close_connection:
            self.send_header("Connection", "close")
        self.end_headers()
        self.wfile.write(body)

    def reply_json(self, obj, status=200):
        self.reply(status, json.dumps(obj).encode(), self.json_type)

    def reply_error(self, e):
        if self.replied:  # failed mid-stream: hanging up is all that is left
            self.close_connection = True
            return
        body = {"RemoteException": {"exception": e.exception, "javaClassName": e.java_class,
                                    "message": e.message}}
        extra = [("WWW-Authenticate", "Negotiate")] if e.status == 401 else []
        self.reply(e.status, json.dumps(body).encode(), self.json_type, extra)

    def dispatch(self):
        st, method = self.server.state, self.command
        self.expecting = self.headers.get("Expect", "").lower() == "100-continue"
        self.sent_continue = self.replied = False
        try:
            self.content_length = int(self.headers.get("Content-Length") or 0)
        except ValueError:
            self.content_length, self.close_connection = 0, True
        self.body_pending = (self.content_length > 0 or
                             "chunked" in self.headers.get("Transfer-Encoding", "").lower())
        url = urllib.parse.urlsplit(self.path)
        pairs = urllib.parse.parse_qsl(url.query, keep_blank_values=True)
        q = {}
        for k, v in pairs:
            q.setdefault(k.lower(), v)  # WebHDFS parameter names are case-insensitive
        raw = urllib.parse.unquote(url.path)
        op = q.get("op", "").upper()
        query = urllib.parse.urlencode(sorted(pairs, key=lambda kv: kv[0]),
                                       quote_via=urllib.parse.quote, safe="/:")
        shown = raw[len(PREFIX):] if raw.startswith(PREFIX) else raw
        st.write_log(f"{self.node} {method} {op or '-'} "
                     f"{urllib.parse.quote(shown or '/', safe='/')} {query or '-'}")
        try:
            if raw != PREFIX and not raw.startswith(PREFIX + "/"):
                return self.reply(404, b"Not Found", "text/plain")
            if st.take(self.fault[0]):
                fail("RetriableException", self.fault[2], status=self.fault[1])
            user = q.get("doas") or q.get("user.name") or "kiln"
            self.authorize(q, user)
            path, typed = normalize(raw[len(PREFIX):]), parse_typed(q)
            if not op:
                fail("UnsupportedOperationException", "op=NULL is not supported")
            self.handle_op(method, op, path, q, typed, user)
        except WebHdfsError as e:
            self.reply_error(e)
        except (ConnectionError, TimeoutError):
            self.close_connection = True  # the client is gone; nobody to answer
        except OSError as e:
            self.reply_error(WebHdfsError("IOException", f"{type(e).__name__}: {e.strerror}"))
        except ValueError:  # a malformed chunked body: its end can't be found
            self.body_pending, self.close_connection = False, True
            self.reply_error(WebHdfsError("IllegalArgumentException", "Malformed request body"))
        except Exception as e:  # a bug here must still produce an HDFS-shaped 500
            traceback.print_exc()
            self.close_connection = True
            self.reply_error(WebHdfsError("RuntimeException", f"{type(e).__name__}: {e}"))

    def authorize(self, q, user):
        args = self.server.state.args
        if args.token is not None:
            tok = q.get("delegation")
            if tok is None:
                fail("SecurityException", "Failed to obtain user group information: "
                     "java.io.IOException: Security enabled but user not authenticated by filter")
            if tok != args.token:
                fail("SecurityException", "Failed to obtain user group information: "
                     "org.apache.hadoop.security.token.SecretManager$InvalidToken: token "
                     f"(HDFS_DELEGATION_TOKEN token {tok} for {user}) can't be found in cache")
        elif args.user_required and "user.name" not in q and "delegation" not in q:
            fail("SecurityException", "Authentication required", status=401)

    def guard_write(self, user, *paths):
        for p in paths:
            for pre in self.server.state.read_only:
                if p == pre or p.startswith(pre.rstrip("/") + "/"):
                    fail("AccessControlException", f"Permission denied: user={user}, "
                         f'access=WRITE, inode="{pre}":hdfs:supergroup:drwxr-xr-x')

    def check_parents(self, path):
        parts = [c for c in path.split("/") if c][:-1]
        for i in range(1, len(parts) + 1):
            s = stat_or_none(self.server.state.local("/" + "/".join(parts[:i])))
            if s is None:
                return
            if not is_dir(s):
                fail("ParentNotDirectoryException",
                     "Parent path is not a directory: /" + "/".join(parts[:i]))


class NamenodeHandler(Handler):
    node = "namenode"
    fault = ("fail_namenode", 500, "org.apache.hadoop.hdfs.server.namenode.SafeModeException: "
             "Name node is in safe mode.")

    def file_status(self, local, suffix, user):
        s = os.stat(local)
        d = stat.S_ISDIR(s.st_mode)
        return {"accessTime": 0 if d else s.st_atime_ns // 1000000,
                "blockSize": 0 if d else BLOCK_SIZE,
                "childrenNum": len(children(local)) if d else 0, "fileId": s.st_ino,
                "group": "supergroup", "length": 0 if d else s.st_size,
                "modificationTime": s.st_mtime_ns // 1000000, "owner": user,
                "pathSuffix": suffix, "permission": "755" if d else "644",
                "replication": 0 if d else 1, "storagePolicy": 0,
                "type": "DIRECTORY" if d else "FILE"}

    def handle_op(self, method, op, path, q, typed, user):
        enum, ops = OPS[method]
        if op not in ops:
            bad_param("op", f"No enum constant org.apache.hadoop.hdfs.web.resources.{enum}.Op.{op}")
        st = self.server.state
        local = st.local(path)
        s = stat_or_none(local)
        if op == "OPEN":
            if s is None:
                fail("FileNotFoundException", f"File {path} not found.")
            if is_dir(s):
                fail("FileNotFoundException", f"Path is not a file: {path}")
            off = typed.get("offset", 0)
            if off >= s.st_size > 0:
                fail("IOException", f"Offset={off} out of the range [0, {s.st_size}); "
                     f"OPEN, path={path}")
            self.redirect(op, path, q, typed, ("offset", "length", "buffersize"), offset=0)
        elif op == "CREATE":
            # As in HDFS, only the datanode checks existence and permissions.
            self.redirect(op, path, q, typed, ("overwrite", "blocksize", "replication",
                                               "permission", "buffersize"), overwrite=False)
        elif op == "APPEND":
            if s is None:
                fail("FileNotFoundException", f"File {path} not found.")
            self.redirect(op, path, q, typed, ("buffersize",))
        elif op in ("GETFILESTATUS", "GETCONTENTSUMMARY") and s is None:
            fail("FileNotFoundException", f"File does not exist: {path}")
        elif op == "GETFILESTATUS":
            self.reply_json({"FileStatus": self.file_status(local, "", user)})
        elif op == "LISTSTATUS":
            if s is None:
                fail("FileNotFoundException", f"File {path} does not exist.")
            entries = ([self.file_status(os.path.join(local, n), n, user)
                        for n in children(local)] if is_dir(s)
                       else [self.file_status(local, "", user)])
            self.reply_json({"FileStatuses": {"FileStatus": entries}})
        elif op == "GETCONTENTSUMMARY":
            dirs, files, length = 0, (0 if is_dir(s) else 1), (0 if is_dir(s) else s.st_size)
            for top, _, names in (os.walk(local) if is_dir(s) else ()):
                names = [n for n in names if not n.startswith(TMP_MARK)]
                dirs, files = dirs + 1, files + len(names)
                length += sum(os.path.getsize(os.path.join(top, n)) for n in names)
            self.reply_json({"ContentSummary": {
                "directoryCount": dirs, "fileCount": files, "length": length, "quota": -1,
                "spaceConsumed": length, "spaceQuota": -1, "typeQuota": {}}})
        elif op == "GETHOMEDIRECTORY":
            self.reply_json({"Path": f"/user/{user}"})
        elif op == "MKDIRS":
            self.guard_write(user, path)
            with st.ns_lock:
                self.check_parents(path)
                s = stat_or_none(local)
                if s is not None and not is_dir(s):
                    fail("FileAlreadyExistsException", f"Path is not a directory: {path}")
                os.makedirs(local, exist_ok=True)
            self.reply_json({"boolean": True})
        elif op == "RENAME":
            self.reply_json({"boolean": self.rename(path, q.get("destination"), user)})
        elif op == "DELETE":
            self.guard_write(user, path)
            with st.ns_lock:
                s = stat_or_none(local)
                if s is not None and path != "/":  # HDFS refuses to delete the root
                    if is_dir(s) and children(local) and not typed.get("recursive", False):
                        fail("PathIsNotEmptyDirectoryException",
                             f"`{path} is non empty': Directory is not empty")
                    if is_dir(s):
                        shutil.rmtree(local)
                    else:
                        os.remove(local)
            self.reply_json({"boolean": s is not None and path != "/"})

    def redirect(self, op, path, q, typed, keys, **defaults):
        st = self.server.state
        params = {**defaults, **{k: q[k] for k in keys if k in q},
                  **{k: typed[k] for k in keys if k in typed}}
        params = {k: str(v).lower() if isinstance(v, bool) else
                  format(v, "o") if k == "permission" else str(v) for k, v in params.items()}
        creds = sorted((k, q[k]) for k in ("delegation", "doas", "user.name") if k in q)
        query = ([("op", op)] + creds + [("namenoderpcaddress", f"127.0.0.1:{st.nn_port}")]
                 + sorted(params.items()))
        location = (f"http://127.0.0.1:{st.redirect_port}{PREFIX}"
                    f"{urllib.parse.quote(path, safe='/')}?"
                    f"{urllib.parse.urlencode(query, quote_via=urllib.parse.quote, safe=':/')}")
        self.reply(307, b"", "application/octet-stream", [("Location", location)])

    def rename(self, src, dst, user):
        if dst is None or not dst.startswith("/"):
            bad_param("destination", f'Invalid parameter value: destination = "{dst}" '
                      "is not an absolute path.")
        dst = normalize(dst)
        self.guard_write(user, src, dst)
        st = self.server.state
        with st.ns_lock:
            if src == "/" or stat_or_none(st.local(src)) is None:
                return False
            if dst == src:
                return True
            # Old-style HDFS rename: an existing directory means "move into it".
            if is_dir(stat_or_none(st.local(dst))):
                dst = dst.rstrip("/") + "/" + src.rsplit("/", 1)[1]
                self.guard_write(user, dst)
            if dst.startswith(src + "/"):
                fail("IOException", f"Rename destination {dst} is a directory or file "
                     f"under source {src}")
            if dst == src:
                return True
            if (stat_or_none(st.local(dst)) is not None or
                    not is_dir(stat_or_none(os.path.dirname(st.local(dst))))):
                return False
            os.rename(st.local(src), st.local(dst))
            return True


class DatanodeHandler(Handler):
    node = "datanode"
    fault = ("fail_datanode", 503, "DataNode is busy, try again later.")
    json_type = "application/json; charset=utf-8"

    def handle_op(self, method, op, path, q, typed, user):
        if "namenoderpcaddress" not in q:
            fail("IllegalArgumentException", "namenoderpcaddress is not specified.")
        if (method, op) == ("GET", "OPEN"):
            self.open_file(path, typed)
        elif (method, op) in (("PUT", "CREATE"), ("POST", "APPEND")):
            self.guard_write(user, path)
            self.upload(path, op == "APPEND", typed.get("overwrite", False))
        else:
            fail("IllegalArgumentException", f"Invalid operation {op}")

    def open_file(self, path, typed):
        st = self.server.state
        try:
            f = open(st.local(path), "rb")  # an open fd keeps reading a replaced file
        except (FileNotFoundError, NotADirectoryError):
            fail("FileNotFoundException", f"File does not exist: {path}")
        except IsADirectoryError:
            fail("FileNotFoundException", f"Path is not a file: {path}")
        with f:
            size, off = os.fstat(f.fileno()).st_size, typed.get("offset", 0)
            if off > size:
                fail("EOFException", "Cannot seek after EOF")
            count = min(size - off, typed.get("length", size))
            # A dropped read promises the whole range, delivers half, hangs up.
            send = count // 2 if st.take("drop_reads") else count
            f.seek(off)
            self.reply(200, b"", "application/octet-stream", length=count)
            while send > 0 and (data := f.read(min(send, CHUNK))):
                self.wfile.write(data)
                send -= len(data)

    def check_target(self, path, local, append, overwrite):
        s, client = stat_or_none(local), self.client_address[0]
        if append and s is None:
            fail("FileNotFoundException",
                 f"Failed to append to non-existent file {path} for client {client}")
        if append and is_dir(s):
            fail("FileNotFoundException", f"Path is not a file: {path}")
        if not append:
            self.check_parents(path)
            if is_dir(s):
                fail("FileAlreadyExistsException", f"{path} already exists as a directory")
            if s is not None and not overwrite:
                fail("FileAlreadyExistsException", f"{path} for client {client} already exists")

    def upload(self, path, append, overwrite):
        st = self.server.state
        local = st.local(path)
        self.check_target(path, local, append, overwrite)
        if st.take("drop_writes") or (append and st.take("drop_appends")):
            # A datanode dying mid-transfer: take part of the body, hang up.
            want = max(1, self.content_length // 2)
            for data in self.body_chunks():
                want -= len(data)
                if want <= 0:
                    break
            self.close_connection = True
            return
        os.makedirs(os.path.dirname(local), exist_ok=True)
        tmp = os.path.join(os.path.dirname(local),
                           f"{TMP_MARK}{os.path.basename(local)}.{next(st.tmp_ids)}")
        try:
            with open(tmp, "wb") as out:
                for data in self.body_chunks():
                    out.write(data)
            with st.ns_lock:
                self.check_target(path, local, append, overwrite)  # it may have changed
                if append:
                    # Build old+new beside the file and swap it in whole, so
                    # readers never see a half-applied append.
                    with open(tmp + ".m", "wb") as out:
                        for part in (local, tmp):
                            with open(part, "rb") as src:
                                shutil.copyfileobj(src, out, CHUNK)
                    os.replace(tmp + ".m", local)
                else:
                    os.replace(tmp, local)
        finally:
            for leftover in (tmp, tmp + ".m"):
                if os.path.exists(leftover):
                    os.remove(leftover)
        if append and st.take("lose_append_replies"):
            # Applied, but the client never hears so: its retry must not
            # append the bytes twice.
            self.close_connection = True
        elif append:
            self.reply(200)
        else:
            self.reply(201, headers=[("Location", f"hdfs://127.0.0.1:{st.nn_port}{path}")])


class Server(ThreadingHTTPServer):
    daemon_threads = True
    request_queue_size = 128


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--root", required=True, help="directory holding the namespace")
    ap.add_argument("--port-file", required=True, help='gets "NAMENODE_PORT DATANODE_PORT"')
    ap.add_argument("--lifetime", type=float, default=900, help="seconds until exit")
    ap.add_argument("--user-required", action="store_true", help="401 without user.name")
    ap.add_argument("--token", help="accept only delegation=TOKEN")
    ap.add_argument("--read-only", action="append", default=[], metavar="PREFIX")
    ap.add_argument("--fail-namenode", type=int, default=0, metavar="N", help="first N: 500")
    ap.add_argument("--fail-datanode", type=int, default=0, metavar="N", help="first N: 503")
    ap.add_argument("--drop-reads", type=int, default=0, metavar="N", help="half body, close")
    ap.add_argument("--drop-writes", type=int, default=0, metavar="N", help="hang up mid-body")
    ap.add_argument("--drop-appends", type=int, default=0, metavar="N",
                    help="as --drop-writes, for the first N APPENDs only")
    ap.add_argument("--lose-append-replies", type=int, default=0, metavar="N",
                    help="first N APPENDs: apply, then hang up unanswered")
    ap.add_argument("--dead-datanode", action="store_true", help="redirect to a closed port")
    ap.add_argument("--log", help="append one line per request")
    args = ap.parse_args()

    os.makedirs(args.root, exist_ok=True)
    state = State(args)
    nn = Server(("127.0.0.1", 0), NamenodeHandler)
    dn = Server(("127.0.0.1", 0), DatanodeHandler)
    nn.state = dn.state = state
    state.nn_port = nn.server_address[1]
    state.dn_port = state.redirect_port = dn.server_address[1]
    if args.dead_datanode:
        # A port that was just free and has nothing bound refuses connections.
        with socket.socket() as s:
            s.bind(("127.0.0.1", 0))
            state.redirect_port = s.getsockname()[1]
    for srv in (nn, dn):
        threading.Thread(target=srv.serve_forever, daemon=True).start()

    # Handlers go in before the port file appears: a test may SIGTERM at once.
    stop = threading.Event()
    for sig in (signal.SIGTERM, signal.SIGINT):
        signal.signal(sig, lambda *_: stop.set())
    tmp = f"{args.port_file}.{os.getpid()}.tmp"
    with open(tmp, "w") as f:
        f.write(f"{state.nn_port} {state.dn_port}\n")
    os.replace(tmp, args.port_file)

    deadline = time.monotonic() + args.lifetime
    while not stop.is_set() and time.monotonic() < deadline:
        stop.wait(min(0.5, max(0.0, deadline - time.monotonic())))  # short: stay signalable
    for srv in (nn, dn):
        srv.shutdown()
        srv.server_close()


if __name__ == "__main__":
    main()
