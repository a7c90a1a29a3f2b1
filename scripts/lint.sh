#!/usr/bin/env bash
# `make lint`, also the first step of `make test`: style, formatting, the layers and import
# cycles (import-linter contracts in pyproject.toml) and types (mypy on text/, formats/,
# services/). Any failure stops the run.
set -euo pipefail
cd "$(dirname "$0")/.."
BIN=.venv/bin
echo "== ruff check =="
"$BIN/ruff" check workbench tests bench scripts
echo "== ruff format --check =="
"$BIN/ruff" format --check workbench tests bench scripts
echo "== import-linter (layers, pure core, no cycles) =="
"$BIN/lint-imports" --no-cache
echo "== mypy (text/, formats/, services/) =="
"$BIN/mypy"
