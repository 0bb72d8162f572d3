"""Runs a command on a pseudo-terminal COLUMNS wide and prints what the
terminal shows: one row per line, each '\r' returning to column 0 so later
text overwrites earlier text. Also prints the widest stretch written between
two returns (a redraw that the next one replaces), which must stay below
COLUMNS for the redraws to stay on one row.

usage: run_in_terminal.py COLUMNS COMMAND [ARG...]
"""
import fcntl
import os
import pty
import struct
import sys
import termios


def main():
    columns = int(sys.argv[1])
    pid, fd = pty.fork()
    if pid == 0:
        os.execvp(sys.argv[2], sys.argv[2:])
    fcntl.ioctl(fd, termios.TIOCSWINSZ, struct.pack("HHHH", 50, columns, 0, 0))
    output = b""
    while True:
        try:
            chunk = os.read(fd, 65536)
        except OSError:
            break
        if not chunk:
            break
        output += chunk
    _, status = os.waitpid(pid, 0)
    text = output.decode("utf-8", "replace").replace("\r\n", "\n")
    widest = 0
    rows = text.rstrip("\n").split("\n")
    for line in rows:
        row = []
        stretches = line.split("\r")
        for index, stretch in enumerate(stretches):
            if 0 < index < len(stretches) - 1:
                widest = max(widest, len(stretch))
            row[: len(stretch)] = stretch
        print("row: " + "".join(row).rstrip())
    print("widest redraw: %d of %d columns" % (widest, columns))
    print("rows: %d" % len(rows))
    print("exit: %d" % os.waitstatus_to_exitcode(status))


main()
