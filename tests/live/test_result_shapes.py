"""The results of each kind, as docs/protocol.md documents them, are the Structs the
server encodes (``live.results``): the documented field lists are the Structs' fields,
and the documented examples decode into them."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import msgspec
import pytest

from eventday.live import results
from eventday.live.models import ActivityKind

PROTOCOL = (Path(__file__).parents[2] / "docs" / "protocol.md").read_text()


def fields(kind: type[msgspec.Struct]) -> set[str]:
    return {field.name for field in msgspec.structs.fields(kind)}


def without_parentheses(text: str) -> str:
    while (stripped := re.sub(r"\([^()]*\)", "", text)) != text:
        text = stripped
    return text


def documented_rows() -> dict[str, str]:
    """The ``results`` by kind table: kind -> its description."""
    table = PROTOCOL.split("`results` by kind", 1)[1].split("\n\n", 2)[1]
    rows = re.findall(r"^\| `(\w+)` \| (.+) \|$", table, re.M)
    return dict(rows)


def top_level(description: str) -> set[str]:
    """The fields a description names: in each ``;`` part, those before its colon (or
    the whole part when it is only names, such as "; `mean`")."""
    names = set()
    for part in without_parentheses(description).split(";"):
        head, colon, _text = part.partition(":")
        if colon or re.fullmatch(r"\s*(`\w+`[,\s]*)+", part):
            names.update(re.findall(r"`(\w+)`", head))
    return names


def element(description: str, name: str) -> set[str]:
    """The fields of the objects in a list field: ``name``: `[{"a", "b"}]`."""
    listed = re.search(rf"`{name}`: `\[\{{([^}}]*)\}}\]`", description)
    assert listed, f"{name} has no documented element fields"
    return set(re.findall(r'"(\w+)"', listed.group(1)))


STRUCTS = {
    ActivityKind.CHOICE: results.ChoiceResults,
    ActivityKind.SCALE: results.ScaleResults,
    ActivityKind.RANKING: results.RankingResults,
    ActivityKind.WORDCLOUD: results.WordcloudResults,
    ActivityKind.IDEAS: results.IdeasResults,
    ActivityKind.QA: results.QaResults,
    ActivityKind.OPEN_TEXT: results.OpenTextResults,
}


def test_every_kind_has_a_results_struct_and_a_documented_row() -> None:
    assert set(STRUCTS) == set(ActivityKind) == set(results.RESULTS)
    assert set(documented_rows()) == {kind.value for kind in ActivityKind}


@pytest.mark.parametrize("kind", list(ActivityKind))
def test_documented_fields_are_the_structs_fields(kind: ActivityKind) -> None:
    description = documented_rows()[kind.value]
    assert top_level(description) | {"participants"} == fields(STRUCTS[kind]) - {"moderation"}


@pytest.mark.parametrize(
    ("kind", "name", "item"),
    [
        (ActivityKind.WORDCLOUD, "words", results.CloudWord),
        (ActivityKind.IDEAS, "ideas", results.Idea),
        (ActivityKind.QA, "questions", results.QuestionItem),
        (ActivityKind.OPEN_TEXT, "answers", results.WallAnswer),
    ],
)
def test_documented_list_items_are_the_structs_fields(
    kind: ActivityKind, name: str, item: type[msgspec.Struct]
) -> None:
    assert element(documented_rows()[kind.value], name) == fields(item)


def test_documented_moderation_parts_are_the_structs_fields() -> None:
    paragraph = PROTOCOL.split("also carry a `moderation` part:", 1)[1].split("\n\n", 1)[0]
    paragraph = " ".join(paragraph.split())
    clouds, rest = paragraph.split("; for idea boards", 1)
    ideas, answers = rest.split("; for open-text answers", 1)
    cloud_parts = set(re.findall(r"`(\w+)`", without_parentheses(clouds)))
    assert cloud_parts == fields(results.WordModeration)
    recent = re.search(r"`recent` \(the newest \d+ entries: ([^)]*)\)", clouds)
    assert recent
    assert set(re.findall(r"`(\w+)`", recent.group(1))) == fields(results.RecentWord)
    assert re.findall(r'`merges` \(`\[\{"source", "target"\}\]`\)', clouds)
    assert fields(results.WordMerge) == {"source", "target"}
    every = re.search(r"`ideas` \(every idea with ([^)]*)\)", ideas)
    assert every
    assert set(re.findall(r"`(\w+)`", every.group(1))) == fields(results.ModeratedIdea)
    assert fields(results.IdeaModeration) == {"ideas"}
    every_answer = re.search(r"`answers` \(every answer with ([^;)]*)", answers)
    assert every_answer
    assert set(re.findall(r"`(\w+)`", every_answer.group(1))) == fields(results.ModeratedAnswer)
    assert fields(results.OpenTextModeration) == {"answers"}


def example_results() -> dict[str, dict[str, Any]]:
    """The complete ``results`` of the example session's snapshots, by kind."""
    session = PROTOCOL.split("## 6. An example session", 1)[1].split("```", 2)[1]
    found = {}
    for message in re.findall(r'← (\{"type":"snapshot".*?\})\n(?=\S|\n|←)', session, re.S):
        kind = re.search(r'"kind":"(\w+)"', message)
        shown = re.search(r'"results":(\{.*\})\}$', message.replace("\n   ", ""), re.S)
        if kind and shown and "..." not in shown.group(1):
            found[kind.group(1)] = json.loads(shown.group(1))
    return found


def test_the_documented_examples_decode_into_the_structs() -> None:
    examples = example_results()
    assert set(examples) == {"wordcloud", "choice"}
    for kind, data in examples.items():
        struct = STRUCTS[ActivityKind(kind)]
        decoded = msgspec.json.decode(json.dumps(data), type=struct)
        assert set(data) <= fields(struct)
        assert json.loads(msgspec.json.encode(decoded)) == data
