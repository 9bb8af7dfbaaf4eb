"""Word cloud layouts: the placer (run here in-process, as the renderer process runs
it), the layout kept across a restart, and the server never importing numpy."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

from litestar.testing import AsyncTestClient

from eventday.app import create_app
from eventday.events.models import Event
from eventday.live import clouds, wordcloud_render
from eventday.settings import Settings
from tests.conftest import Client
from tests.live.helpers import action, create, join_token, send, snapshot_where

SLUG = "kompetensdagen"
FONT = str(clouds.cloud_font())
W, H = clouds.WIDTH, clouds.HEIGHT
NAMES = [
    f"{a}{b}"
    for b in ("analys", "lagring", "teknik", "strategi", "styrning", "utveckling")
    for a in ("Data", "Energi", "Vätgas", "Cyber", "Robot", "Process", "Material", "Kvalitets")
]


def entries(count: int, votes: int = 1) -> list[tuple[str, str, int]]:
    return [(n.lower(), n, votes) for n in NAMES[:count]]


def lay_out(items: list[tuple[str, str, int]], previous: Any = None) -> dict[str, Any]:
    state: dict[str, Any] = wordcloud_render.layout(items, previous, W, H, FONT)
    return state


def places(state: dict[str, Any]) -> dict[str, tuple[int, int, int]]:
    return {w["key"]: (w["x"], w["y"], w["rotate"]) for w in state["words"]}


def assert_apart_and_inside(state: dict[str, Any]) -> None:
    boxes = [wordcloud_render.box(w, FONT) for w in state["words"]]
    for i, a in enumerate(boxes):
        assert min(a[0], a[1]) >= 0, state["words"][i]
        assert max(a[2] - W, a[3] - H) <= 0, state["words"][i]
        for b in boxes[:i]:
            assert not (a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3])


def test_a_new_word_leaves_every_placed_word_where_it_was() -> None:
    before = lay_out(entries(30))
    after = lay_out(entries(31), before)
    assert after["scale"] == before["scale"]
    assert {k: v for k, v in places(after).items() if k in places(before)} == places(before)
    assert_apart_and_inside(after)


def test_the_same_words_give_the_same_cloud_in_any_process() -> None:
    assert lay_out(entries(40)) == lay_out(entries(40))
    assert lay_out(entries(41), lay_out(entries(40))) == lay_out(entries(41), lay_out(entries(40)))


def test_sizes_move_in_steps_of_doubled_counts() -> None:
    state = lay_out(entries(10))
    sizes = {}
    for votes in (1, 2, 3, 4):
        grown = [(k, t, votes if i == 0 else 1) for i, (k, t, _c) in enumerate(entries(10))]
        sizes[votes] = lay_out(grown, state)["words"][0]["size"]
    assert sizes[1] < sizes[2] == sizes[3] < sizes[4]


def centre(word: dict[str, Any]) -> tuple[float, float]:
    left, top, right, bottom = wordcloud_render.box(word, FONT)
    return (left + right) / 2, (top + bottom) / 2


def test_a_grown_word_stays_centred_where_it_was_when_it_fits() -> None:
    alone = lay_out(entries(1))
    grown = lay_out(entries(1, votes=2), alone)
    assert grown["words"][0]["size"] > alone["words"][0]["size"]
    (x0, y0), (x1, y1) = centre(alone["words"][0]), centre(grown["words"][0])
    assert max(abs(x1 - x0), abs(y1 - y0)) <= 0.5  # positions are whole pixels


def test_a_grown_word_that_no_longer_fits_moves_nearby_and_nothing_else_moves() -> None:
    state = lay_out(entries(12))
    grown = [(k, t, 4 if i == 0 else 1) for i, (k, t, _c) in enumerate(entries(12))]
    after = lay_out(grown, state)
    assert after["scale"] == state["scale"]
    moved = {k for k, v in places(after).items() if places(state)[k] != v}
    assert moved == {NAMES[0].lower()}
    (x0, y0), (x1, y1) = centre(state["words"][0]), centre(after["words"][0])
    assert max(abs(x1 - x0) / W, abs(y1 - y0) / H) < 1 / 3
    assert_apart_and_inside(after)


def test_a_full_cloud_is_laid_out_again_smaller_with_every_word_apart() -> None:
    state = lay_out(entries(2, votes=64))
    for count in range(3, len(NAMES) + 1):
        bigger = lay_out(entries(count, votes=64), state)
        assert len(bigger["words"]) == count
        if bigger["scale"] < state["scale"]:
            break
        state = bigger
    else:
        raise AssertionError("the cloud never ran out of room")
    assert_apart_and_inside(bigger)


def test_long_words_shrink_to_fit_and_nothing_leaves_the_cloud() -> None:
    long = [("kompetensförsörjningsutmaningarna", "Kompetensförsörjningsutmaningarna", 200)]
    state = lay_out(long + entries(20))
    assert_apart_and_inside(state)


def test_the_png_download_draws_the_laid_out_cloud() -> None:
    state = lay_out(entries(12))
    image = wordcloud_render.png(state["words"], W, H, FONT, 2)
    assert image[:8] == b"\x89PNG\r\n\x1a\n"


async def _layout_of(client: Client, event: Event, cloud: int) -> list[dict[str, Any]]:
    token = await join_token(client, event.join_code)
    with await client.websocket_connect(f"/{event.join_code}/ws?token={token}") as ws:
        snapshot = snapshot_where(ws, cloud, lambda m: m["results"]["layout"])
    layout: list[dict[str, Any]] = snapshot["results"]["layout"]
    return layout


async def test_placed_words_keep_their_places_across_a_restart(
    client: Client, event: Event, headers: dict[str, str], settings: Settings
) -> None:
    cloud = await create(client, headers, SLUG, kind="wordcloud", title="Ord")
    await action(client, headers, SLUG, cloud, "open")
    token = await join_token(client, event.join_code)
    with await client.websocket_connect(f"/{event.join_code}/ws?token={token}") as ws:
        for word in ("Vätgas", "Robotik", "Cybersäkerhet"):
            assert send(ws, {"type": "word", "activity": cloud, "text": word})["type"] == "ack"
        before = snapshot_where(ws, cloud, lambda m: len(m["results"]["layout"]) == 3)
    async with AsyncTestClient(create_app(settings), base_url="http://testserver.local") as again:
        after = await _layout_of(again, event, cloud)
    assert after == before["results"]["layout"]


def test_the_server_never_imports_numpy_nor_the_renderer(tmp_path: Path) -> None:
    """At start the server loads neither numpy, the word cloud packages nor Pillow
    (Pillow is imported where photos, QR images and the renderer's PNGs are made)."""
    script = (
        "import sys, json\n"
        "from eventday.app import create_app\n"
        "from eventday.settings import Settings\n"
        f"create_app(Settings(database={str(tmp_path / 'a.db')!r}, secret_key='x' * 32))\n"
        "print(json.dumps(sorted(m for m in sys.modules if m.split('.')[0] in"
        " ('numpy', 'wordcloud', 'PIL') or m == 'eventday.live.wordcloud_render')))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", script], check=True, capture_output=True, text=True
    )
    assert json.loads(result.stdout.splitlines()[-1]) == []
