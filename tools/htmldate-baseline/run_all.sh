#!/usr/bin/env bash
# Dates every development set with filrouge, the latest-full-date baseline
# and htmldate, and writes the reports (text and JSON) to OUT_DIR.
#
#   tools/htmldate-baseline/run_all.sh [DATA_DIR] [SEEDS_DIR] [OUT_DIR]
#
# DATA_DIR defaults to ../shared/data, SEEDS_DIR to ../shared/seeds, OUT_DIR
# to /tmp/filrouge-htmldate-baseline. PYTHON (default python3) must have the
# packages of requirements.txt. Texts, predictions and reports go to OUT_DIR
# only: none of them belongs in the repository.
set -euo pipefail
cd "$(dirname "$0")/../.."
DATA="${1:-../shared/data}"
SEEDS="${2:-../shared/seeds}"
OUT="${3:-/tmp/filrouge-htmldate-baseline}"
PY="${PYTHON:-python3}"
AS_OF=2026-11-22
mkdir -p "$OUT"

cargo build --quiet --release -p filrouge-cli
FILROUGE="${CARGO_TARGET_DIR:-target}/release/filrouge"

SETS=(
  "$DATA/fr-timebank"
  "$DATA/tempeval3-platinum-en"
  "$DATA/meantime-en"
  "$DATA/hipe2022-newseye-fr"
  "$DATA/zyte-article-extraction-en"
  "$SEEDS"
)
GOLD=()
for set in "${SETS[@]}"; do GOLD+=(--gold "$set"); done

"$FILROUGE" eval docdate "${GOLD[@]}" --as-of "$AS_OF" > "$OUT/filrouge.txt"
"$FILROUGE" eval docdate "${GOLD[@]}" --as-of "$AS_OF" --json > "$OUT/filrouge.json"
"$FILROUGE" eval docdate "${GOLD[@]}" --dump-texts "$OUT/texts.jsonl"
"$PY" tools/htmldate-baseline/run_htmldate.py --texts "$OUT/texts.jsonl" \
  --out "$OUT/htmldate.pred.jsonl" --max-date "$AS_OF"
"$FILROUGE" eval docdate "${GOLD[@]}" --pred "$OUT/htmldate.pred.jsonl" --system htmldate \
  > "$OUT/htmldate.txt"
"$FILROUGE" eval docdate "${GOLD[@]}" --pred "$OUT/htmldate.pred.jsonl" --system htmldate \
  --json > "$OUT/htmldate.json"
cat "$OUT/filrouge.txt" "$OUT/htmldate.txt"
