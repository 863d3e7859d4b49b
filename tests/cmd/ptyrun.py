"""ptyrun.py CMD ARG...: run CMD with standard output on a new
pseudo-terminal (no window size set, so $COLUMNS decides the width) and
standard error and input elsewhere; print what it wrote, without the
terminal's carriage returns, and exit with its status.

ptyrun.py --width FILE: the widest line of FILE in terminal columns, colour
escapes left out (East Asian wide and fullwidth characters count two)."""
import os
import pty
import re
import subprocess
import sys
import unicodedata


def width(path):
    most = 0
    with open(path, encoding="utf-8") as f:
        for line in f:
            line = re.sub(r"\x1b\[[0-9;]*m", "", line.rstrip("\n"))
            w = sum(2 if unicodedata.east_asian_width(c) in "WF" else 1
                    for c in line)
            most = max(most, w)
    print(most)


def run(argv):
    master, slave = pty.openpty()
    p = subprocess.Popen(argv, stdin=subprocess.DEVNULL, stdout=slave)
    os.close(slave)
    out = b""
    while True:
        try:
            chunk = os.read(master, 4096)
        except OSError:  # EIO: every writer has gone
            break
        if not chunk:
            break
        out += chunk
    os.close(master)
    rc = p.wait()
    sys.stdout.buffer.write(out.replace(b"\r\n", b"\n"))
    return rc


if sys.argv[1] == "--width":
    width(sys.argv[2])
else:
    sys.exit(run(sys.argv[1:]))
