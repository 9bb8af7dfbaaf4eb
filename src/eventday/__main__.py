from __future__ import annotations

from eventday.cli import main

main()
