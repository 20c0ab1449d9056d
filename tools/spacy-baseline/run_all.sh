#!/usr/bin/env bash
# Runs the spaCy baseline on HIPE-2022 newseye-fr test and dev and on the
# Europeana test split, and scores it with filrouge-eval's scorer.
#
#   tools/spacy-baseline/run_all.sh [DATA_DIR] [OUT_DIR]
#
# DATA_DIR defaults to ../shared/data (beside the checkout), OUT_DIR to
# /tmp/filrouge-spacy-baseline. PYTHON (default python3) must have the
# packages of requirements.txt. Tokens, predictions and reports go to
# OUT_DIR only: none of them belongs in the repository.
set -euo pipefail
cd "$(dirname "$0")/../.."
DATA="${1:-../shared/data}"
OUT="${2:-/tmp/filrouge-spacy-baseline}"
PY="${PYTHON:-python3}"
mkdir -p "$OUT"

cargo build --quiet --release -p filrouge-cli
FILROUGE="${CARGO_TARGET_DIR:-target}/release/filrouge"

HIPE="$DATA/hipe2022-newseye-fr"
ENP="$DATA/europeana-ner-fr/enp_FR.bnf.bio"
# name  gold-format  gold-file
SETS=(
  "hipe-test hipe $HIPE/HIPE-2022-v2.1-newseye-test-fr.tsv"
  "hipe-dev hipe $HIPE/HIPE-2022-v2.1-newseye-dev-fr.tsv"
  "enp-test europeana-test $ENP"
)

: > "$OUT/speed.jsonl"
for entry in "${SETS[@]}"; do
  read -r name format gold <<< "$entry"
  "$FILROUGE" eval ner --format "$format" --gold "$gold" --dump-tokens "$OUT/$name.tokens.jsonl"
  for model in sm md; do
    for mode in gold ner-only spacy; do
      case $mode in
        gold) extra=() ;;
        ner-only) extra=(--ner-only) ;;
        spacy) extra=(--tokenization spacy) ;;
      esac
      pred="$OUT/$name.$model.$mode.pred.jsonl"
      "$PY" tools/spacy-baseline/run_spacy.py --model "fr_core_news_$model" \
        --tokens "$OUT/$name.tokens.jsonl" --out "$pred" "${extra[@]}" 2>> "$OUT/speed.jsonl"
      "$FILROUGE" eval ner --format "$format" --gold "$gold" --pred "$pred" --json \
        > "$OUT/$name.$model.$mode.report.json"
    done
  done
done

"$PY" - "$OUT" <<'PYEOF'
import glob, json, os, sys
out = sys.argv[1]
print(f"{'run':28} {'P':>6} {'R':>6} {'F1':>6} {'PER':>6} {'LOC':>6} {'ORG':>6}")
for path in sorted(glob.glob(os.path.join(out, "*.report.json"))):
    r = json.load(open(path))
    f1 = {s["label"]: s["f1"] for s in r["per_type"]}
    m = r["micro"]
    name = os.path.basename(path)[: -len(".report.json")]
    print(f"{name:28} {m['precision']:6.3f} {m['recall']:6.3f} {m['f1']:6.3f} "
          f"{f1['PER']:6.3f} {f1['LOC']:6.3f} {f1['ORG']:6.3f}")
print()
for line in open(os.path.join(out, "speed.jsonl")):
    if line.startswith("{"):
        s = json.loads(line)
        mode = "ner-only" if s["components"] == ["ner"] else s["tokenization"]
        print(f"{s['model']:16} {mode:9} {s['tokens']:>7} tokens {s['tokens_per_s']:>7} tokens/s")
PYEOF
