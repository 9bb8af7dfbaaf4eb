"""The word cloud as Chromium draws it: no two words' boxes intersect and none leaves
the cloud, on the projector (1920x1080), a laptop (1440x900) and a phone (360x740), at
20, 60 and 150 words, rotated words included; one more word leaves the others where
they were."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from eventday.demo import DEMO_ORGANISER
from eventday.live.clouds import MAX_WORDS
from tests.e2e.clouds import Cloud, own_server
from tests.e2e.conftest import LAPTOP, PHONE, PROJECTOR, LiveServer, screenshot

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


def counted(words: list[str]) -> list[list[str]]:
    """Each word once, and some again (from other participants) so sizes differ: the
    waves to send, no word twice in one."""
    return [words, words[::7], *[[words[0]]] * 4]


@pytest.fixture(scope="module")
def cloud(server: LiveServer) -> Cloud:
    return Cloud(server)


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveServer]:
    yield from own_server(tmp_path_factory)


@pytest.fixture(scope="module")
def screens(browser, server: LiveServer, cloud: Cloud, logged_in_on) -> Iterator[dict[str, Any]]:  # type: ignore[no-untyped-def]
    """The projector at 1920x1080 and on a laptop (1440x900), and a phone (360x740)."""
    moderator = logged_in_on(server, DEMO_ORGANISER)
    contexts, pages = [], {}
    for name, viewport, path, state in (
        ("projector", PROJECTOR, "/screen", moderator),
        ("laptop", LAPTOP, "/screen", moderator),
        ("phone", PHONE, "", None),
    ):
        context = browser.new_context(
            viewport=viewport, locale="sv-SE", reduced_motion="reduce", storage_state=state
        )
        contexts.append(context)
        pages[name] = context.new_page()
        pages[name].goto(f"{server.url}/{cloud.code}{path}")
        pages[name].wait_for_selector("#live-status[data-state='connected']")
    yield pages
    for context in contexts:
        context.close()


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
