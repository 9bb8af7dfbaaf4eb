"""The word cloud as Chromium draws it: no two words' boxes intersect and none leaves
the cloud, on the projector (1920x1080) and on a phone (360x740), at 20, 60 and 150
words, rotated words included; one more word leaves the others where they were."""

from __future__ import annotations

import json
import subprocess
import sys
import urllib.request
from collections.abc import Iterator
from datetime import UTC, timedelta
from typing import Any

import pytest
from websockets.sync.client import connect

from eventday.clock import utcnow
from eventday.demo import DEMO_ORGANISER
from eventday.live.clouds import MAX_WORDS
from tests.e2e.conftest import PHONE, PROJECTOR, LiveServer, free_port, screenshot

PREFIXES = [
    "Kompetens", "Data", "Energi", "Vätgas", "Cyber", "Yrkes", "Digital", "Process",
    "Kvalitets", "Produktions", "Robot", "Material", "Logistik", "Hållbarhets",
    "Innovations", "Lednings",
]  # fmt: skip
SUFFIXES = [
    "försörjning", "analys", "lagring", "säkerhet", "utbildning", "teknik", "styrning",
    "utveckling", "strategi", "kunskap",
]  # fmt: skip
WORDS = [
    *[p + s for s in SUFFIXES for p in PREFIXES][:145],
    "grön omställning", "AI", "CAD", "IT-säkerhet", "yrkeshögskola", "Kompetenslyft",
    "Samverkan", "Automation", "Programmering", "Elektrifiering", "Cirkularitet",
]  # fmt: skip

MEASURE = """async () => {
  await document.fonts.ready;
  const svg = document.querySelector("svg.cloud");
  const m = svg.getScreenCTM();
  const vb = svg.viewBox.baseVal;
  const a = new DOMPoint(0, 0).matrixTransform(m);
  const b = new DOMPoint(vb.width, vb.height).matrixTransform(m);
  return {
    font: document.fonts.check('12px "Eventday Cloud"'),
    cloud: [a.x, a.y, b.x, b.y],
    words: [...svg.querySelectorAll("text")].map((t) => {
      const r = t.getBoundingClientRect();
      return { key: t.dataset.key, rotated: t.style.rotate !== "0deg",
               box: [r.left, r.top, r.right, r.bottom] };
    }),
  };
}"""

SHOWN = """total => {
  const items = [...document.querySelectorAll(".cloud-list li")];
  const sum = items.reduce((s, li) => s + Number(/\\((\\d+)\\)$/.exec(li.textContent)[1]), 0);
  const drawn = document.querySelectorAll("svg.cloud text").length;
  return sum === total && drawn === Math.min(items.length, 150);
}"""


def api(server: LiveServer, token: str, method: str, path: str, body: Any = None) -> Any:
    data = json.dumps(body).encode() if body is not None else None
    request = urllib.request.Request(server.url + path, data=data, method=method)
    request.add_header("Authorization", f"Bearer {token}")
    if data is not None:
        request.add_header("Content-Type", "application/json")
    with urllib.request.urlopen(request, timeout=30) as response:
        raw = response.read()
    return json.loads(raw) if raw else None


class Cloud:
    """A word cloud of its own event on the shared server, words sent over sockets."""

    def __init__(self, server: LiveServer) -> None:
        self.server = server
        self.token = subprocess.run(
            [sys.executable, "-m", "eventday", "user", "token", "--email", DEMO_ORGANISER],
            env=server.env(),
            check=True,
            capture_output=True,
            text=True,
        ).stdout.split()[0]
        starts = utcnow().replace(microsecond=0) + timedelta(minutes=5)
        self.event = api(
            server,
            self.token,
            "POST",
            "/api/v1/events",
            {
                "name": "Molntest",
                "starts_at": starts.astimezone(UTC).isoformat(),
                "ends_at": (starts + timedelta(hours=8)).isoformat(),
            },
        )
        base = f"/api/v1/events/{self.event['slug']}/live/activities"
        body = {"kind": "wordcloud", "title": "Ord", "config": {"max_entries": 10}}
        self.activity = api(server, self.token, "POST", base, body)["id"]
        api(server, self.token, "POST", f"{base}/{self.activity}/open")
        self.code = self.event["join_code"]
        self.total = 0  # entries sent
        self.extra = 0  # words sent besides WORDS

    def send(self, words: list[str]) -> None:
        """Each word sent by a participant of its own (at most five words each, within
        the per-second limit); returns once every one is acknowledged."""
        for start in range(0, len(words), 5):
            joined = api(self.server, self.token, "POST", f"/api/v1/live/{self.code}/join")
            url = f"ws://127.0.0.1:{self.server.port}/{self.code}/ws?token={joined['token']}"
            with connect(url) as ws:
                refs = set()
                for i, word in enumerate(words[start : start + 5]):
                    ref = f"r{i}"
                    refs.add(ref)
                    message = {"type": "word", "activity": self.activity, "text": word}
                    ws.send(json.dumps({**message, "ref": ref}))
                while refs:
                    reply = json.loads(ws.recv(timeout=30))
                    if reply.get("ref") in refs:
                        assert reply["type"] == "ack", reply
                        refs.discard(reply["ref"])
        self.total += len(words)


def counted(words: list[str]) -> list[list[str]]:
    """Each word once, and some again (from other participants) so sizes differ: the
    waves to send, no word twice in one."""
    return [words, words[::7], *[[words[0]]] * 4]


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveServer]:
    """A server of its own: the shared one's tests expect the demo's event alone."""
    server = LiveServer(tmp_path_factory.mktemp("clouds") / "demo.db", free_port())
    server.seed()
    server.start()
    yield server
    server.stop()


@pytest.fixture(scope="module")
def cloud(server: LiveServer) -> Cloud:
    return Cloud(server)


@pytest.fixture(scope="module")
def screens(browser, server: LiveServer, cloud: Cloud, logged_in_on) -> Iterator[dict[str, Any]]:  # type: ignore[no-untyped-def]
    projector_context = browser.new_context(
        viewport=PROJECTOR, locale="sv-SE", reduced_motion="reduce",
        storage_state=logged_in_on(server, DEMO_ORGANISER),
    )  # fmt: skip
    phone_context = browser.new_context(viewport=PHONE, locale="sv-SE", reduced_motion="reduce")
    projector = projector_context.new_page()
    projector.goto(f"{server.url}/{cloud.code}/screen")
    phone = phone_context.new_page()
    phone.goto(f"{server.url}/{cloud.code}")
    for page in (projector, phone):
        page.wait_for_selector("#live-status[data-state='connected']")
    yield {"projector": projector, "phone": phone}
    projector_context.close()
    phone_context.close()


def shown(page: Any, total: int) -> dict[str, Any]:
    page.wait_for_function(SHOWN, arg=total)
    measured: dict[str, Any] = page.evaluate(MEASURE)
    return measured


def overlaps(words: list[dict[str, Any]]) -> list[tuple[str, str]]:
    found = []
    for i, one in enumerate(words):
        a = one["box"]
        for other in words[:i]:
            b = other["box"]
            if a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]:
                found.append((one["key"], other["key"]))
    return found


def outside(measured: dict[str, Any]) -> list[str]:
    left, top, right, bottom = measured["cloud"]
    return [
        w["key"]
        for w in measured["words"]
        if w["box"][0] < left or w["box"][1] < top or w["box"][2] > right or w["box"][3] > bottom
    ]


@pytest.mark.parametrize("size", [20, 60, 150])
def test_drawn_words_never_overlap_nor_leave_the_cloud(
    cloud: Cloud, screens: dict[str, Any], size: int
) -> None:
    for wave in counted(WORDS[{20: 0, 60: 20, 150: 60}[size] : size]):
        cloud.send(wave)
    for name, page in screens.items():
        measured = shown(page, cloud.total)
        assert measured["font"], "the cloud's font did not load"
        assert len(measured["words"]) == min(size + cloud.extra, MAX_WORDS)
        assert any(w["rotated"] for w in measured["words"]), "no upright word to check"
        assert overlaps(measured["words"]) == [], name
        assert outside(measured) == [], name
        screenshot(page, f"cloud-{name}-{size}")
    before = {w["key"]: w["box"] for w in shown(screens["projector"], cloud.total)["words"]}
    # one more word, sent twice: in a full cloud it then displaces one sent once
    new = f"Nytt ord {size}"
    cloud.send([new])
    cloud.send([new])
    cloud.extra += 1
    for name, page in screens.items():
        after = shown(page, cloud.total)
        assert new.lower() in {w["key"] for w in after["words"]}
        assert overlaps(after["words"]) == [], name
        assert outside(after) == [], name
    after = {w["key"]: w["box"] for w in shown(screens["projector"], cloud.total)["words"]}
    unmoved = [key for key, box in before.items() if after.get(key) == box]
    assert len(unmoved) >= 0.9 * len(before), f"{len(unmoved)} of {len(before)} stayed"
