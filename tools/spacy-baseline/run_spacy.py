#!/usr/bin/env python3
"""spaCy NER baseline on filrouge's gold tokens.

Reads the tokens JSONL written by `cargo run -p filrouge-eval --example
dump_ner_tokens` (one `{"id", "tokens", "space_after"}` object per line),
builds one `spacy.tokens.Doc` per document from the gold tokens, so the
tokenisation is exactly the gold one, runs the pipeline's components on it
and writes one predictions line per document:

    {"id": "...", "entities": [{"start": 3, "end": 5, "label": "PER"}]}

in token indices (end exclusive), PER/LOC/ORG only (spaCy's MISC is
dropped unless `--keep-misc`, which writes it for `eval ner`'s MISC line). Score it with `cargo run -p filrouge-eval --example score_ner`.

With `--tokenization spacy` the gold tokens are instead joined into text
(a space where `space_after` says so), spaCy's own tokenizer runs on it, and
each predicted entity is projected back onto the gold tokens its characters
overlap. This is how a text-in system sees the data; it is the comparison
point for the figures in the data README.

Speed (tokens per second of the pipeline run alone, model loading and JSON
excluded) is printed on stderr as one JSON line.
"""

import argparse
import bisect
import json
import sys
import time

KEPT = {"PER", "LOC", "ORG"}


def read_docs(path):
    with open(path, encoding="utf-8") as f:
        for n, line in enumerate(f, 1):
            if not line.strip():
                continue
            obj = json.loads(line)
            tokens, spaces = obj["tokens"], obj["space_after"]
            if len(tokens) != len(spaces):
                sys.exit(f"{path}:{n}: {len(tokens)} tokens but {len(spaces)} space flags")
            yield obj["id"], tokens, spaces


def rebuild(tokens, spaces):
    """The text of the gold tokens, and each token's character span in it."""
    parts, spans, pos = [], [], 0
    for token, space in zip(tokens, spaces):
        spans.append((pos, pos + len(token)))
        parts.append(token)
        pos += len(token)
        if space:
            parts.append(" ")
            pos += 1
    return "".join(parts), spans


def project(spans, start_char, end_char):
    """Gold tokens overlapping characters [start_char, end_char), as
    (first, end exclusive), or None when the entity covers only spaces."""
    first = bisect.bisect_right(spans, (start_char, float("inf"))) - 1
    first = max(first, 0)
    while first < len(spans) and spans[first][1] <= start_char:
        first += 1
    end = first
    while end < len(spans) and spans[end][0] < end_char:
        end += 1
    return (first, end) if end > first else None


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--model", default="fr_core_news_md", help="installed spaCy pipeline")
    ap.add_argument("--tokens", required=True, help="tokens JSONL (dump_ner_tokens)")
    ap.add_argument("--out", required=True, help="predictions JSONL to write")
    ap.add_argument(
        "--ner-only",
        action="store_true",
        help="run only the ner component (it has its own tok2vec in fr_core_news_sm/md)",
    )
    ap.add_argument(
        "--tokenization",
        choices=["gold", "spacy"],
        default="gold",
        help="gold: a Doc from the gold tokens (default); spacy: spaCy tokenizes the rebuilt "
        "text and entities are projected onto the gold tokens",
    )
    ap.add_argument("--batch-size", type=int, default=8)
    ap.add_argument(
        "--keep-misc",
        action="store_true",
        help="also write spaCy's MISC entities (scored on a line of their own)",
    )
    args = ap.parse_args()

    import spacy
    from spacy.tokens import Doc

    nlp = spacy.load(args.model)
    if args.ner_only:
        nlp.select_pipes(enable=["ner"])
    docs_in = list(read_docs(args.tokens))
    n_tokens = sum(len(tokens) for _, tokens, _ in docs_in)
    if args.tokenization == "gold":
        # Words are the gold tokens; spaCy's tokenizer never runs. An empty
        # token cannot be a spaCy word: it is replaced by a placeholder of
        # the same index (none occurs in the corpora read by filrouge-eval).
        inputs = [
            Doc(nlp.vocab, words=[t if t else "_" for t in tokens], spaces=spaces)
            for _, tokens, spaces in docs_in
        ]
        offsets = [None] * len(docs_in)
    else:
        inputs, offsets = [], []
        for _, tokens, spaces in docs_in:
            text, spans = rebuild(tokens, spaces)
            inputs.append(text)
            offsets.append(spans)
        nlp.max_length = max([nlp.max_length] + [len(t) + 1 for t in inputs])

    start = time.perf_counter()
    tagged = list(nlp.pipe(inputs, batch_size=args.batch_size))
    seconds = time.perf_counter() - start

    dropped = 0
    with open(args.out, "w", encoding="utf-8") as out:
        for (doc_id, tokens, _), doc, spans in zip(docs_in, tagged, offsets):
            entities = []
            for ent in doc.ents:
                if ent.label_ not in KEPT and not (args.keep_misc and ent.label_ == "MISC"):
                    dropped += 1
                    continue
                if spans is None:
                    assert len(doc) == len(tokens), doc_id
                    first, end = ent.start, ent.end
                else:
                    covered = project(spans, ent.start_char, ent.end_char)
                    if covered is None:
                        continue
                    first, end = covered
                entities.append({"start": first, "end": end, "label": ent.label_})
            out.write(json.dumps({"id": doc_id, "entities": entities}, ensure_ascii=False) + "\n")

    stats = {
        "model": args.model,
        "model_version": nlp.meta.get("version"),
        "spacy": spacy.__version__,
        "components": nlp.pipe_names,
        "tokenization": args.tokenization,
        "documents": len(docs_in),
        "tokens": n_tokens,
        "seconds": round(seconds, 3),
        "tokens_per_s": round(n_tokens / seconds) if seconds > 0 else None,
        "misc_dropped": dropped,
    }
    print(json.dumps(stats), file=sys.stderr)


if __name__ == "__main__":
    main()
