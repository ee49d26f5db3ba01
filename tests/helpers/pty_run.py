"""Runs a command on a pseudo-terminal, the way a person at a terminal would.

Usage: pty_run.py PROGRAM [ARGS...]
PTY_WAIT_FOR: text to wait for before typing; PTY_INPUT: what to type.
Prints everything the terminal showed; exits with the command's exit code.
"""
import os
import pty
import select
import sys
import time

typed = os.environ.pop("PTY_INPUT", "").encode()
wait_for = os.environ.pop("PTY_WAIT_FOR", "").encode()

pid, fd = pty.fork()
if pid == 0:
    os.execvpe(sys.argv[1], sys.argv[1:], os.environ)

shown = b""
sent = False
deadline = time.monotonic() + 30
while time.monotonic() < deadline:
    ready, _, _ = select.select([fd], [], [], 0.05)
    if ready:
        try:
            data = os.read(fd, 4096)
        except OSError:
            break
        if not data:
            break
        shown += data
    if not sent and wait_for in shown:
        os.write(fd, typed)
        sent = True
else:
    os.kill(pid, 9)

_, status = os.waitpid(pid, 0)
sys.stdout.buffer.write(shown)
sys.exit(os.waitstatus_to_exitcode(status))
