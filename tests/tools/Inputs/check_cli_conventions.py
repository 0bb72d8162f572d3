"""Checks every program in a bin directory against kiln's command-line
convention (tools/ToolConventions.h) and prints one line per program:
"NAME: ok", or "NAME: problem: ..." for each rule it breaks.

usage: check_cli_conventions.py BIN_DIR
"""
import os
import re
import subprocess
import sys

# Options that only LLVM's backends define: a --help listing them leaks
# the linked-in LLVM options that belong under --help-hidden.
LLVM_BACKEND_OPTIONS = ["--x86-asm-syntax", "--amdgpu-", "--nvptx-", "--polly-"]


def run(argv):
    result = subprocess.run(argv, stdin=subprocess.DEVNULL, capture_output=True,
                            timeout=120)
    return (result.returncode, result.stdout.decode("utf-8", "replace"),
            result.stderr.decode("utf-8", "replace"))


def check(path):
    name = os.path.basename(path)
    problems = []
    code, out, err = run([path, "--help"])
    if code != 0 or not out.strip() or err:
        problems.append("--help: exit %d, %d bytes on stdout, %d on stderr" %
                        (code, len(out), len(err)))
    for option in LLVM_BACKEND_OPTIONS:
        if option in out:
            problems.append("--help lists LLVM's %s options" % option)
    code, out, err = run([path, "--version"])
    if code != 0 or not re.match(
            r"^%s \(kiln \d+\.\d+\.\d+, LLVM \d+\.\d+\.\d+\)\n$" % re.escape(name), out):
        problems.append("--version: exit %d, printed %r" % (code, out))
    code, out, err = run([path, "--no-such-option"])
    lines = err.strip().splitlines()
    if code != 1 or not lines or "no-such-option" not in err:
        problems.append("unknown option: exit %d, stderr %r" % (code, err[:200]))
    if problems:
        for problem in problems:
            print("%s: problem: %s" % (name, problem))
    else:
        print("%s: ok" % name)


def main():
    directory = sys.argv[1]
    for name in sorted(os.listdir(directory)):
        path = os.path.join(directory, name)
        if os.path.isfile(path) and os.access(path, os.X_OK):
            check(path)


main()
