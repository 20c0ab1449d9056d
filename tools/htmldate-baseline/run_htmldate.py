#!/usr/bin/env python3
"""htmldate on the texts of `filrouge eval docdate --dump-texts`.

Each text is wrapped as minimal HTML, `<html><body><p>TEXT</p></body></html>`
(the text HTML-escaped, its line breaks kept inside the one paragraph), as
the held-out measurement did, and dated by

    htmldate.find_date(page, original_date=True, outputformat="%Y-%m-%d",
                       max_date=MAX_DATE, min_date=MIN_DATE)

(extensive search on, htmldate's default). One JSON line per text goes to
--out: {"id", "date", "reasons"}, `date` null when htmldate finds none. No
confidence: htmldate gives none.

max_date defaults to 2026-11-22, the reference date of the held-out
measurement (htmldate's own default is the end of today, which would make
the figures depend on the day they are run); min_date defaults to
htmldate's own (1995-01-01), so that older documents cannot be dated.
"""

import argparse
import html
import json
import logging
import sys
import time

import htmldate


def wrap(text: str) -> str:
    """The text as the minimal page htmldate is given."""
    return "<html><body><p>" + html.escape(text, quote=False) + "</p></body></html>"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--texts", required=True, help="JSONL from --dump-texts")
    parser.add_argument("--out", required=True, help="predictions JSONL to write")
    parser.add_argument("--max-date", default="2026-11-22", help="latest date accepted")
    parser.add_argument(
        "--min-date", default=None, help="earliest date accepted (default: htmldate's)"
    )
    args = parser.parse_args()
    logging.disable(logging.CRITICAL)
    call = (
        f"htmldate {htmldate.__version__} find_date(original_date=True, "
        f"max_date={args.max_date}, min_date={args.min_date or 'default'})"
    )
    started = time.perf_counter()
    count = 0
    with open(args.texts, encoding="utf-8") as texts, open(
        args.out, "w", encoding="utf-8"
    ) as out:
        for line in texts:
            if not line.strip():
                continue
            text = json.loads(line)
            reasons = [call]
            try:
                date = htmldate.find_date(
                    wrap(text["text"]),
                    original_date=True,
                    outputformat="%Y-%m-%d",
                    max_date=args.max_date,
                    min_date=args.min_date,
                )
            except Exception as error:  # one bad text must not stop the run
                date = None
                reasons.append(f"htmldate failed: {error!r}")
            out.write(json.dumps({"id": text["id"], "date": date, "reasons": reasons}) + "\n")
            count += 1
    seconds = time.perf_counter() - started
    print(f"{count} texts dated in {seconds:.1f} s -> {args.out}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
