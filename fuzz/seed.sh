#!/usr/bin/env bash
# Seeds fuzz/corpus/<target>/ from the example corpus (examples/) and a few
# small inputs written here. Idempotent: seeds are named after their source,
# and what the fuzzer added to a corpus is left alone. Nothing from outside
# the repository is read. Usage: fuzz/seed.sh
set -euo pipefail
cd "$(dirname "$0")"
ex=../examples
out=corpus

mkdir -p "$out"/{html,warc,feed,jsonl,clean,time,serve_query}

# seed TARGET NAME: standard input into corpus/TARGET/NAME.
seed() { cat > "$out/$1/$2"; }

# HTML: the example pages and the pages the example WARC was made from.
for f in "$ex"/corpus/html/*.html "$ex"/warc-source/pages/*.html; do
  seed html "$(basename "$f")" < "$f"
done
printf '<html><head><meta charset="utf-8"><title>T</title></head><body><article><h1>T</h1><p>Le 3 octobre 2025, un accord.</p><ul><li><a href="/x">Lire aussi</a></li></ul></article></body></html>' \
  | seed html small.html
# Hostile shapes of issue 14 (each once the reader's guard was added): tags
# nested thousands deep, inline and block, and a tag with thousands of
# attributes.
# repeat N FORMAT: FORMAT (with %d for the count 0..N-1) N times.
repeat() { for ((k = 0; k < $1; k++)); do printf "$2" "$k"; done; }
repeat 6000 '<b>%.0s' | seed html deep-inline.html
{ printf '<html><body>'; repeat 5000 '<div>%.0s'; printf 'Un texte.\n'; } | seed html deep-div.html
{ printf '<div'; repeat 3000 ' a%d=1'; printf '><p>Un texte.</p></div>\n'; } | seed html many-attributes.html

# WARC: the example crawl, gzipped (one member per record) and plain; one
# response with a chunked body, written here.
seed warc crawl.warc.gz < "$ex"/corpus/feeds/crawl.warc.gz
gzip -dc "$ex"/corpus/feeds/crawl.warc.gz | seed warc crawl.warc
body=$'HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-8\r\nTransfer-Encoding: chunked\r\n\r\n19\r\n<html><body><p>Un accord \r\nf\r\nsigne hier.</p>\r\n0\r\n\r\n'
{
  printf 'WARC/1.0\r\nWARC-Type: response\r\nWARC-Record-ID: <urn:uuid:00000000-0000-0000-0000-000000000001>\r\n'
  printf 'WARC-Date: 2025-11-06T10:00:00Z\r\nWARC-Target-URI: https://example.invalid/a\r\n'
  printf 'Content-Type: application/http; msgtype=response\r\nContent-Length: %d\r\n\r\n' "${#body}"
  printf '%s\r\n\r\n' "$body"
} | seed warc chunked.warc

# Feeds: the example RSS feed, and a small Atom feed written here.
seed feed news.rss < "$ex"/corpus/feeds/news.rss
cat <<'ATOM' | seed feed small.atom
<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="fr"><title>Site</title><id>urn:x</id>
<updated>2025-10-22T12:00:00+02:00</updated>
<entry><title>Eau potable</title><id>urn:x:1</id><link href="https://example.invalid/1"/>
<updated>2025-10-22T12:00:00+02:00</updated><published>2025-10-22T11:00:00+02:00</published>
<content type="html">&lt;p&gt;Depuis hier midi, l&#39;eau est potable.&lt;/p&gt;</content></entry></feed>
ATOM

# JSON Lines: the example file whole, and each of its lines.
seed jsonl wire.jsonl < "$ex"/corpus/feeds/wire.jsonl
n=0
while IFS= read -r line || [ -n "$line" ]; do
  n=$((n + 1))
  printf '%s\n' "$line" | seed jsonl "wire-line-$n.jsonl"
done < "$ex"/corpus/feeds/wire.jsonl

# Cleaning and the time tagger: the example texts after a flags byte (see
# the targets). Cleaning: as text, then as a batch of two with a site, a
# title and learned furniture; time: French texts as French, English as
# English, every other one with its first line as the metadata date.
i=0
for f in "$ex"/corpus/fr/*.txt "$ex"/corpus/en/*.txt; do
  i=$((i + 1))
  name=$(basename "$f" .txt)
  { printf '\x00'; cat "$f"; } | seed clean "$name"
  case "$f" in */en/*) lang=1 ;; *) lang=0 ;; esac
  flags=$(( lang | (i % 2) * 2 ))
  { printf "\\x0$flags"; cat "$f"; } | seed time "$name"
done
{ printf '\x1e'; cat "$ex"/corpus/fr/02-*.txt; printf '\x1e'; cat "$ex"/corpus/fr/03-*.txt; } \
  | seed clean batch-fr-02-03
{ printf '\x16'; cat "$ex"/corpus/en/02-*.txt; printf '\x1e'; cat "$ex"/corpus/en/03-*.txt; } \
  | seed clean batch-en-02-03
printf '\x012025-10-15T09:30:00+02:00\nOn Tuesday evening, a week ago, at 4:15 a.m. on Saturday.' \
  | seed time published-en

# API query strings, one per route's parameters.
printf 'limit=50&offset=100' | seed serve_query documents
printf 'q=fuite+de+solvants&entity=Valorex&from=2025-09-27&to=2025-10-31&lang=fr&limit=10&sentences=true&story=1' \
  | seed serve_query search
printf 'q=mar%%C3%%A9chal&limit=20&offset=0' | seed serve_query entities
printf 'from=2025-09-01&to=2025-11-30&lang=fr&max_events=20&sentences=3&include_background=true&entity=Carvallo&query=accord&story=0&as_of=2025-11-06&documents=false' \
  | seed serve_query timeline
printf 'sentences=5&as_of=2025-11-06' | seed serve_query event

echo "fuzz/seed.sh: seeds written; fuzz/$out/ holds $(find "$out" -type f | wc -l) inputs"
