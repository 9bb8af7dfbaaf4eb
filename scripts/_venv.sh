# Sourced by scripts/demo and scripts/test: make .venv and install the project into it
# (again only when pyproject.toml changed). $1 is the pip extra to install, if any.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
if [ ! -x .venv/bin/python ]; then
  python3 -m venv .venv
  .venv/bin/python -m pip install --quiet --upgrade pip
fi
extra="${1:-}"
stamp=".venv/.installed${extra:+-$extra}"
want="$(sha256sum pyproject.toml | cut -d' ' -f1)"
if [ "$(cat "$stamp" 2>/dev/null)" != "$want" ]; then
  .venv/bin/python -m pip install --quiet -e ".${extra:+[$extra]}"
  echo "$want" > "$stamp"
fi
