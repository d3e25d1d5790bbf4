#!/usr/bin/env bash
# `make app`: the calculator app (app/calculators.ipynb) served by Voilà on 127.0.0.1.
#
# Offline: the template "offline" (app/voila/templates/offline/) is the stock
# Voilà `lab` template without its two FontAwesome links to a public CDN; it is
# found through JUPYTER_PATH. PYTHONPATH points at the checkout so that the
# kernel imports this working tree's `overdue` package.
#
# Usage: tools/run_app.sh [PORT]   (default 8866; or set PORT)
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
PORT="${1:-${PORT:-8866}}"
VOILA="${VOILA:-$ROOT/.venv/bin/voila}"

export JUPYTER_PATH="$ROOT/app${JUPYTER_PATH:+:$JUPYTER_PATH}"
export PYTHONPATH="$ROOT${PYTHONPATH:+:$PYTHONPATH}"

echo "计算器：http://127.0.0.1:${PORT}/  （Calculator app: open this address; Ctrl+C stops it）"
cd "$ROOT"
exec "$VOILA" --no-browser --Voila.ip=127.0.0.1 --port="$PORT" --template=offline \
    app/calculators.ipynb
