#!/usr/bin/env python3
"""The API fuzzing of the test suite (``tests/fuzz``: schemathesis against the
OpenAPI document, sent to a real server with an organiser's token), run longer: more
examples per operation, and any seed.

    scripts/fuzz_api.py                      # 200 examples per operation, seed 14
    scripts/fuzz_api.py --examples 1000 --seed 7
    scripts/fuzz_api.py -- -k registrations  # further pytest arguments after --

Exits non-zero when schemathesis finds a 5xx or an answer the document does not give
(each failure prints a curl command that reproduces it).
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--examples", type=int, default=200, help="examples per operation")
    parser.add_argument("--seed", type=int, default=14, help="the generator's seed")
    parser.add_argument("pytest_args", nargs="*", help="further pytest arguments")
    args = parser.parse_args()
    os.environ["EVENTDAY_FUZZ_EXAMPLES"] = str(args.examples)
    os.environ["EVENTDAY_FUZZ_SEED"] = str(args.seed)
    os.chdir(ROOT)
    sys.path.insert(0, str(ROOT))
    return pytest.main(["tests/fuzz", "-q", *args.pytest_args])


if __name__ == "__main__":
    sys.exit(main())
