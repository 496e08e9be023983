"""In a terminal, the progress bar and Prefect's log lines share one console: no log line is
printed into the bar (`━━ 0% 0:00:00 03:30:39 | INFO`), whichever process logs."""

import fcntl
import os
import re
import select
import struct
import subprocess
import sys
import termios
import time
from pathlib import Path

BIN = Path(sys.executable).parent / "claimtrail"
ESCAPE = re.compile(r"\x1b\[[0-9;?]*[A-Za-z]|\x1b[()][A-Za-z0-9]")
BAR = "━"


def run_in_terminal(args: list[str], cwd: Path, timeout: float = 300) -> tuple[int, str]:
    """Run a command with stdout and stderr on one pseudo-terminal (120 x 40); its exit code
    and everything it printed."""
    main, child = os.openpty()
    fcntl.ioctl(child, termios.TIOCSWINSZ, struct.pack("HHHH", 40, 120, 0, 0))
    env = {k: v for k, v in os.environ.items() if k not in ("COLUMNS", "LINES")}
    env["PREFECT_LOGGING_LEVEL"] = "INFO"
    proc = subprocess.Popen(args, stdin=child, stdout=child, stderr=child, cwd=cwd, env=env,
                            close_fds=True)
    os.close(child)
    out = bytearray()
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        ready, _, _ = select.select([main], [], [], 1)
        if ready:
            try:
                chunk = os.read(main, 65536)
            except OSError:  # the child closed the terminal
                break
            if not chunk:
                break
            out += chunk
        elif proc.poll() is not None:
            break
    os.close(main)
    return proc.wait(timeout=60), out.decode("utf-8", errors="replace")


def test_progress_bar_and_log_lines_never_share_a_line(prefect_server, seeds_dir, tmp_path):
    # several extraction batches on two worker processes: workers log too
    code, out = run_in_terminal(
        [str(BIN), "run", str(seeds_dir), "--db", "w.duckdb", "--lake", "lake",
         "--batch-mb", "0.004", "--workers", "2"], cwd=tmp_path)
    assert code == 0, out[-3000:]
    assert BAR in out, "the bar was drawn"
    pieces = [ESCAPE.sub("", p) for p in re.split(r"\r\n|\r|\n|\x1b\[[0-9]*[AK]", out)]
    logs = [p for p in pieces if re.search(r"\| (INFO|WARNING|ERROR) +\|", p)]
    assert any("Task run 'extract-batch-1'" in p for p in logs) or len(logs) > 5
    assert [p for p in logs if BAR in p] == []
    assert [p for p in logs if not re.match(r"\d\d:\d\d:\d\d\.\d+ \| ", p)] == []
