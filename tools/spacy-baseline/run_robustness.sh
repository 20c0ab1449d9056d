#!/usr/bin/env bash
# Robustness of entity tagging: filrouge and spaCy fr_core_news_md on the
# same damaged gold text (eval ner --perturb), scored by one scorer.
#
#   tools/spacy-baseline/run_robustness.sh [DATA_DIR] [OUT_DIR]
#
# spaCy tags the gold tokens (its "gold" mode in run_all.sh). PYTHON must
# have the packages of requirements.txt. Outputs go to OUT_DIR only.
set -euo pipefail
cd "$(dirname "$0")/../.."
DATA="${1:-../shared/data}"
OUT="${2:-/tmp/filrouge-spacy-robustness}"
PY="${PYTHON:-python3}"
mkdir -p "$OUT"
cargo build --quiet --release -p filrouge-cli
FILROUGE="${CARGO_TARGET_DIR:-target}/release/filrouge"
SETS=(
  "hipe-test hipe $DATA/hipe2022-newseye-fr/HIPE-2022-v2.1-newseye-test-fr.tsv"
  "enp-test europeana-test $DATA/europeana-ner-fr/enp_FR.bnf.bio"
)
f1() { "$PY" -c 'import json, sys; print("%.3f" % json.load(sys.stdin)["micro"]["f1"])'; }
printf '%-10s %-8s %9s %9s\n' set damage filrouge spacy-md
for entry in "${SETS[@]}"; do
  read -r name format gold <<< "$entry"
  for damage in none upper lower curly ocr; do
    extra=()
    [ "$damage" != none ] && extra=(--perturb "$damage")
    tokens="$OUT/$name.$damage.tokens.jsonl"
    "$FILROUGE" eval ner --format "$format" --gold "$gold" "${extra[@]}" --dump-tokens "$tokens" 2> /dev/null
    ours=$("$FILROUGE" eval ner --format "$format" --gold "$gold" "${extra[@]}" --json | f1)
    "$PY" tools/spacy-baseline/run_spacy.py --model fr_core_news_md --tokens "$tokens" \
      --out "$OUT/$name.$damage.pred.jsonl" 2> /dev/null
    theirs=$("$FILROUGE" eval ner --format "$format" --gold "$gold" "${extra[@]}" \
      --pred "$OUT/$name.$damage.pred.jsonl" --json | f1)
    printf '%-10s %-8s %9s %9s\n' "$name" "$damage" "$ours" "$theirs"
  done
done
