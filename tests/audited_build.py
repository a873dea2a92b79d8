"""Build projects under a Python audit hook; report reads of a folder and any
network use (run as a subprocess by ``test_hostile.py``: hooks cannot be removed).

    python audited_build.py SECRET_FOLDER REPORT.json SRC:BUILDER [SRC:BUILDER ...]

Every ``open``, directory listing, copy and socket event of the whole build is
looked at, not only those of the directive under test, so a directive, role,
image or link no one thought of cannot read the folder unseen.
"""

from __future__ import annotations

import json
import os
import sys
from typing import Any

PATH_EVENTS = {
    "open",
    "os.listdir",
    "os.scandir",
    "os.walk",
    "glob.glob",
    "shutil.copyfile",
    "shutil.copytree",
    "os.link",
    "os.symlink",
    "os.rename",
}
# Asking for an address or connecting; not creating or binding a socket (a
# library probing for IPv6 support on import binds one to ::1, port 0).
NETWORK_EVENTS = {
    "socket.connect",
    "socket.getaddrinfo",
    "socket.gethostbyname",
    "socket.gethostbyaddr",
    "socket.sendto",
    "socket.sendmsg",
    "urllib.Request",
    "http.client.connect",
    "ftplib.connect",
    "smtplib.connect",
}


def main() -> int:
    secret = os.path.realpath(sys.argv[1])
    report_path = sys.argv[2]
    touched: list[str] = []
    network: list[str] = []

    def paths_of(args: tuple[Any, ...]) -> list[str]:
        found = []
        for arg in args[:2]:
            if isinstance(arg, bytes):
                arg = os.fsdecode(arg)
            if isinstance(arg, str | os.PathLike):
                found.append(os.fspath(arg))
        return found

    def hook(event: str, args: tuple[Any, ...]) -> None:
        if event in PATH_EVENTS:
            for path in paths_of(args):
                real = os.path.realpath(os.path.expanduser(path))
                if real == secret or real.startswith(secret + os.sep):
                    touched.append(f"{event} {path}")
        elif event in NETWORK_EVENTS:
            network.append(f"{event} {args!r}"[:200])

    from sphinx.cmd.build import build_main

    sys.addaudithook(hook)
    statuses = []
    for spec in sys.argv[3:]:
        srcdir, builder = spec.rsplit(":", 1)
        outdir = os.path.join(srcdir, "_build", builder)
        statuses.append(build_main(["-q", "-E", "-b", builder, srcdir, outdir]))
    with open(report_path, "w", encoding="utf-8") as handle:
        json.dump(
            {"touched": touched, "network": network, "statuses": statuses}, handle
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
