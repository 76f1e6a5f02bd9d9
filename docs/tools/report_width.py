"""Render report.html in headless Chromium at 1,400 px and check that no table is wider than the page;
optionally save a screenshot of its first screen (for docs/).

    python docs/tools/report_width.py data/08_reporting/report.html [docs/figures/report.png]

Prints the page's width and the widest table's, and exits with status 1 when a table is wider than the page.
Needs Debian's `chromium` (apt-get install chromium).
"""

from __future__ import annotations

import re
import subprocess
import sys
import tempfile
from pathlib import Path

WIDTH = 1400
MEASURE = (
    "<script>window.addEventListener('load', () => {"
    "const widths = [...document.querySelectorAll('table')].map(t => t.getBoundingClientRect().right);"
    "document.title = 'widths ' + document.body.getBoundingClientRect().right + ' ' + Math.max(0, ...widths);"
    "});</script>"
)


def _chromium(*arguments: str) -> str:
    with tempfile.TemporaryDirectory() as profile:
        done = subprocess.run(
            [
                "chromium",
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                f"--user-data-dir={profile}",
                f"--window-size={WIDTH},1000",
                "--virtual-time-budget=5000",
                *arguments,
            ],
            capture_output=True,
            text=True,
            check=True,
            timeout=120,
        )
    return done.stdout


def widths(report: Path) -> tuple[float, float]:
    """(the page body's right edge, the widest table's right edge) in CSS pixels, at a 1,400 px window."""
    with tempfile.TemporaryDirectory() as folder:
        page = Path(folder) / "report.html"
        page.write_text(report.read_text().replace("</body>", MEASURE + "</body>"))
        dom = _chromium("--dump-dom", page.as_uri())
    body, widest = re.search(r"<title>widths ([\d.]+) ([\d.]+)</title>", dom).groups()
    return float(body), float(widest)


def main(report: Path, screenshot: Path | None) -> int:
    body, widest = widths(report)
    print(f"{report}: page {body:.0f} px, widest table {widest:.0f} px, window {WIDTH} px")
    if screenshot:
        _chromium(f"--screenshot={screenshot.resolve()}", report.resolve().as_uri())
        print(f"wrote {screenshot}")
    return 0 if widest <= min(body, WIDTH) else 1


if __name__ == "__main__":
    sys.exit(main(Path(sys.argv[1]), Path(sys.argv[2]) if len(sys.argv) > 2 else None))
