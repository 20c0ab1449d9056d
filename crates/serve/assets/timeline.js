// filrouge page: the timeline view. One page of events at a time (the
// API's `offset` and `limit`), its filters in the address, drawn on a
// time axis where an event dated to the month or the year is a span.
"use strict";

import { $, el, api, answer, word, count, language, setStatus, address, fillForm, drawPager } from "./util.js";
import { showEvent, hideEvent } from "./event.js";
import { drawVolume } from "./volume.js";

const DAY = 86400000;
// The address's parameters that filter the timeline (the rest pages it).
export const FILTERS = ["from", "to", "lang", "entity", "query", "include_background", "story"];

let loaded = null; // { query, body }
let stories = null;

// The filters and page of the address, as they go back into it.
function viewParams(params) {
  const p = new URLSearchParams();
  for (const k of FILTERS.concat(["offset", "limit"])) if (params.get(k)) p.set(k, params.get(k));
  return p;
}

// The address of event `key` in the view of `params`.
export function eventAddress(key, params) {
  return address(["events", key], viewParams(params));
}

// Shows the timeline of the address's filters and page, then the event
// `key` if any (from the page, else from the API).
export async function showTimeline(params, key) {
  fillForm($("#filters"), params);
  const q = viewParams(params);
  q.set("ui_lang", language());
  const query = q.toString();
  if (!loaded || loaded.query !== query) {
    setStatus(word("loading_timeline"));
    document.body.dataset.timeline = "loading";
    const body = await answer("/api/timeline?" + query, "error_timeline");
    if (!body) return;
    loaded = { query: query, body: body, params: params };
    drawTimeline(body, params);
  }
  await showStoryHeading(params.get("story"));
  if (key) await openEvent(key);
  else hideEvent();
  document.body.dataset.timeline = "ready";
}

// Forgets the loaded page (the page's language changed).
export function forgetTimeline() {
  loaded = null;
}

function drawTimeline(body, params) {
  setExports(params);
  drawVolume(body.volume, params, (from, to) => {
    // Zoomed to new dates (or back to all): the first page of them.
    const p = viewParams(params);
    p.delete("offset");
    for (const [k, v] of [["from", from], ["to", to]]) {
      if (v) p.set(k, v);
      else p.delete(k);
    }
    location.hash = address([], p);
  });
  drawAxis(body.events, params);
  drawEvents(body.events, params);
  const offset = body.offset || 0;
  const total = body.total === undefined ? body.events.length : body.total;
  drawPager(["#page-prev", "#page-range", "#page-next"], total, offset, body.events.length,
    body.limit || body.events.length, (o) => {
      const p = viewParams(params);
      p.set("offset", String(o));
      location.hash = address([], p);
    });
  setStatus(count("events", total));
}

// The download links: the whole view (every page), with its filters.
function setExports(params) {
  for (const format of ["html", "csv", "ics"]) {
    const p = new URLSearchParams();
    for (const k of FILTERS) if (params.get(k)) p.set(k, params.get(k));
    p.set("ui_lang", language());
    p.set("format", format);
    $("#export-" + format).href = "/api/timeline?" + p.toString();
  }
}

// The heading of a story's timeline: its label and dates.
async function showStoryHeading(story) {
  const h = $("#story-heading");
  h.hidden = !story;
  if (!story) return;
  if (!stories) stories = await api("/api/stories").then((b) => b.stories).catch(() => []);
  const s = stories.find((x) => String(x.story) === story);
  h.textContent = word("story_heading", { label: s ? s.label : story });
}

// The days an event's date covers: [first, last] as time values; a
// month or a year is a span, a day a point.
export function extent(e) {
  const m = /^(\d{4})(?:-(\d{2}))?(?:-(\d{2}))?/.exec(String(e.date));
  if (!m) return null;
  const y = Number(m[1]);
  if (m[2] && m[3]) {
    const d = Date.UTC(y, Number(m[2]) - 1, Number(m[3]));
    return [d, d];
  }
  if (m[2]) return [Date.UTC(y, Number(m[2]) - 1, 1), Date.UTC(y, Number(m[2]), 1) - DAY];
  return [Date.UTC(y, 0, 1), Date.UTC(y + 1, 0, 1) - DAY];
}

function tickText(v) {
  return new Date(v).toLocaleDateString(language(), {
    timeZone: "UTC", day: "numeric", month: "short", year: "numeric",
  });
}

// The days the axis shows: those of the events dated to the day or the
// month (a year would squash them), else of every event.
function axisRange(spans) {
  const known = spans.filter((s) => s);
  const narrow = known.filter((s) => s[1] - s[0] <= 31 * DAY);
  const used = narrow.length ? narrow : known;
  let lo = Math.min(...used.map((s) => s[0]));
  let hi = Math.max(...used.map((s) => s[1]));
  if (hi === lo) { lo -= DAY; hi += DAY; }
  return [lo, hi];
}

function drawAxis(events, params) {
  const axis = $("#axis");
  axis.replaceChildren();
  const spans = events.map(extent);
  if (!spans.some((s) => s)) return;
  const [lo, hi] = axisRange(spans);
  const pos = (v) => 2 + 96 * (Math.min(Math.max(v, lo), hi + DAY) - lo) / (hi + DAY - lo);
  for (let i = 0; i <= 4; i++) {
    const v = lo + (hi - lo) * i / 4;
    const t = el("span", "tick", tickText(v));
    t.style.left = pos(v) + "%";
    axis.appendChild(t);
  }
  // Dots of one day stack upward; the spans' lanes start above them.
  const same = spans.map((s, i) => s ? spans.slice(0, i).filter((x) => x && x[0] === s[0] && x[1] === s[1]).length : 0);
  const base = 12 + 14 * Math.max(0, ...same.filter((n, i) => spans[i] && spans[i][0] === spans[i][1]));
  const lanes = []; // the last day each lane of spans is busy to
  events.forEach((e, i) => {
    const s = spans[i];
    if (!s) return;
    const point = s[0] === s[1];
    const b = el("button", (point ? "dot" : "span") + (e.main ? "" : " background"));
    b.type = "button";
    b.title = e.date_text + " — " + e.headline;
    b.setAttribute("aria-label", b.title);
    b.dataset.key = e.key;
    b.style.left = pos(s[0]) + "%";
    if (point) {
      b.style.bottom = (-7 + same[i] * 14) + "px";
    } else {
      let lane = lanes.findIndex((end) => end < s[0]);
      if (lane < 0) { lane = lanes.length; lanes.push(0); }
      lanes[lane] = s[1];
      b.style.width = Math.max(0.6, pos(s[1] + DAY) - pos(s[0])) + "%";
      b.style.bottom = (base + lane * 10) + "px";
      // Reaching past the axis on a side: drawn open on that side.
      if (s[0] < lo) b.classList.add("before");
      if (s[1] > hi) b.classList.add("after");
    }
    b.addEventListener("click", () => { location.hash = eventAddress(e.key, params); });
    axis.appendChild(b);
  });
  // Tall enough for its highest stack of dots and lane of spans: they
  // never climb into the filters above.
  const highest = Math.max(7 + 14 * Math.max(0, ...same), lanes.length ? base + 10 * lanes.length : 0);
  axis.style.height = Math.max(80, highest + 12) + "px";
}

function drawEvents(events, params) {
  const list = $("#events");
  list.replaceChildren();
  if (events.length === 0) list.appendChild(el("li", "muted", word("no_event")));
  for (const e of events) {
    const li = el("li", e.main ? "" : "background");
    li.dataset.key = e.key;
    const when = el("time", "date", e.date_text);
    when.setAttribute("datetime", e.date);
    li.appendChild(when);
    const a = el("a", "headline", e.headline);
    a.href = eventAddress(e.key, params);
    li.appendChild(a);
    if (!e.main) li.appendChild(el("span", "tag", word("tag_background")));
    li.appendChild(el("span", "tag", count("sources", e.sources.length)));
    li.addEventListener("click", (ev) => {
      if (ev.target !== a) location.hash = a.getAttribute("href");
    });
    list.appendChild(li);
  }
}

// Opens event `key`: from the page shown, else asked of the API (an
// event of another page, or outside these filters).
async function openEvent(key) {
  for (const n of document.querySelectorAll(".events li, .axis button")) {
    n.classList.toggle("selected", n.dataset.key === key);
  }
  let e = loaded && loaded.body.events.find((x) => x.key === key);
  if (!e) {
    const p = new URLSearchParams({ ui_lang: language() });
    e = await answer("/api/events/" + encodeURIComponent(key) + "?" + p.toString(), "error_event");
    if (!e) {
      hideEvent();
      return;
    }
  }
  showEvent(e);
}
