// filrouge page: the volume chart. Events and articles per day, week or
// month over every event the filters select (the API's `volume`), drawn
// as bars; a bar, or a stretch dragged across the chart, becomes the
// `from`/`to` filters, so the chart zooms and the address keeps it.
"use strict";

import { $, el, word, count, language } from "./util.js";

const DAY = 86400000;
// Each bucket's title and bar label.
const WORDS = {
  day: ["volume_title_day", "volume_day"],
  week: ["volume_title_week", "volume_week"],
  month: ["volume_title_month", "volume_month"],
};

const time = (s) => Date.parse(s + "T00:00:00Z");
const isoDay = (v) => new Date(v).toISOString().slice(0, 10);

function dayText(v, bucket) {
  const parts = bucket === "month" ? { month: "long", year: "numeric" }
    : { day: "numeric", month: "long", year: "numeric" };
  const locale = language() === "en" ? "en-GB" : language();
  return new Date(v).toLocaleDateString(locale, Object.assign({ timeZone: "UTC" }, parts));
}

// Draws `volume` (may be absent: an older server); `zoom(from, to)` sets
// the filters, `zoom()` clears them.
export function drawVolume(volume, params, zoom) {
  const box = $("#volume");
  const title = $("#volume-title");
  box.replaceChildren();
  const reset = $("#volume-reset");
  reset.hidden = !(params.get("from") || params.get("to"));
  reset.onclick = () => zoom();
  const bars = volume && volume.bars ? volume.bars : [];
  box.hidden = bars.length === 0;
  title.hidden = bars.length === 0;
  $("#volume-hint").hidden = bars.length === 0;
  if (bars.length === 0) return;
  const [titleWord, barWord] = WORDS[volume.bucket] || WORDS.day;
  title.textContent = word(titleWord);
  const lo = time(bars[0].start);
  const hi = time(bars[bars.length - 1].end) + DAY;
  const pos = (v) => 100 * (v - lo) / (hi - lo);
  const most = Math.max(1, ...bars.map((b) => Math.max(b.events, b.articles)));
  for (const b of bars) {
    const start = time(b.start);
    const end = time(b.end) + DAY;
    const label = word(barWord, {
      date: dayText(start, volume.bucket),
      events: count("events", b.events),
      articles: count("articles", b.articles),
    });
    const bar = el("button", "bar");
    bar.type = "button";
    bar.title = label;
    bar.setAttribute("aria-label", label);
    bar.dataset.start = b.start;
    bar.dataset.end = b.end;
    bar.style.left = pos(start) + "%";
    bar.style.width = Math.max(0.4, pos(end) - pos(start)) + "%";
    const articles = el("span", "articles");
    articles.style.height = (100 * b.articles / most) + "%";
    const events = el("span", "events");
    events.style.height = (100 * b.events / most) + "%";
    bar.append(articles, events);
    bar.addEventListener("click", (ev) => {
      if (!box.dataset.dragged) zoom(b.start, b.end);
      ev.preventDefault();
    });
    box.appendChild(bar);
  }
  for (const [v, cls] of [[lo, "tick first"], [hi - DAY, "tick last"]]) {
    box.appendChild(el("span", cls, dayText(v, volume.bucket)));
  }
  $("#volume-hint").textContent = word("volume_hint") +
    (volume.coarse_events ? " " + word("volume_coarse", { n: volume.coarse_events }) : "");
  brush(box, lo, hi, zoom);
}

// Dragging across the chart selects days; releasing zooms to them.
function brush(box, lo, hi, zoom) {
  const at = (x) => {
    const r = box.getBoundingClientRect();
    const share = Math.min(Math.max((x - r.left) / r.width, 0), 1);
    return lo + Math.floor(share * (hi - lo) / DAY) * DAY;
  };
  let from = null;
  let shade = null;
  box.onpointerdown = (ev) => {
    if (ev.button !== 0) return;
    from = ev.clientX;
    delete box.dataset.dragged;
  };
  box.onpointermove = (ev) => {
    if (from === null || Math.abs(ev.clientX - from) < 6) return;
    box.dataset.dragged = "1";
    if (!shade) {
      shade = el("span", "brush");
      box.appendChild(shade);
    }
    const r = box.getBoundingClientRect();
    const [a, b] = [from, ev.clientX].sort((x, y) => x - y);
    shade.style.left = (100 * (a - r.left) / r.width) + "%";
    shade.style.width = (100 * (b - a) / r.width) + "%";
  };
  box.onpointerup = (ev) => {
    if (from !== null && box.dataset.dragged) {
      const [a, b] = [at(from), at(ev.clientX)].sort((x, y) => x - y);
      zoom(isoDay(a), isoDay(Math.max(a, b)));
    }
    from = null;
    if (shade) shade.remove();
    shade = null;
    // The click that follows a drag is not a bar's.
    setTimeout(() => delete box.dataset.dragged, 0);
  };
}
