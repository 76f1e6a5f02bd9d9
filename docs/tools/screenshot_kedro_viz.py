"""Screenshot of a running `kedro viz run` page with headless Chromium (for docs/).

Usage: start `kedro viz run --no-browser --host 127.0.0.1 --port 4141` in one shell, then
    python docs/tools/screenshot_kedro_viz.py "http://127.0.0.1:4141/?pid=missingness" docs/kedro_viz.png
Needs Debian's `chromium` and the `websocket-client` package (installed with jupyter).
"""

import base64
import json
import subprocess
import sys
import tempfile
import time
import urllib.request

import websocket

URL, OUT = sys.argv[1], sys.argv[2]
PORT = 9333
profile = tempfile.mkdtemp()
browser = subprocess.Popen(
    [
        "chromium",
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        f"--user-data-dir={profile}",
        f"--remote-debugging-port={PORT}",
        "--window-size=1600,1000",
        "about:blank",
    ],
    stdout=subprocess.DEVNULL,
    stderr=subprocess.DEVNULL,
)
try:
    for _ in range(50):
        try:
            targets = json.load(urllib.request.urlopen(f"http://127.0.0.1:{PORT}/json"))
            break
        except OSError:
            time.sleep(0.2)
    page = next(t for t in targets if t["type"] == "page")
    ws = websocket.create_connection(page["webSocketDebuggerUrl"])
    counter = iter(range(1, 10_000))

    def call(method, **params):
        ident = next(counter)
        ws.send(json.dumps({"id": ident, "method": method, "params": params}))
        while True:
            message = json.loads(ws.recv())
            if message.get("id") == ident:
                return message.get("result", {})

    call("Page.enable")
    call("Page.navigate", url=URL)
    time.sleep(8)
    # Close the onboarding tour and banners, expand nothing: what a first-time user sees after one click.
    call(
        "Runtime.evaluate",
        expression="""
        for (const b of document.querySelectorAll('button')) {
          const t = (b.innerText || b.getAttribute('aria-label') || '').trim().toLowerCase();
          if (['dismiss', 'close', 'skip', 'got it', 'render it anyway'].includes(t)) b.click();
        }
        document.querySelectorAll('[class*="close"], [aria-label*="lose"]').forEach(e => e.click && e.click());
    """,
    )
    time.sleep(4)
    shot = call("Page.captureScreenshot", format="png")
    with open(OUT, "wb") as handle:
        handle.write(base64.b64decode(shot["data"]))
finally:
    browser.terminate()
