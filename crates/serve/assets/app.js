// filrouge page. Every text from an article (titles, sentences, quotes,
// the cleaned text) goes into the DOM through textContent or text nodes,
// never as markup: an article holding <script> shows it as text.
"use strict";

const $ = (sel) => document.querySelector(sel);

// An element with optional class and text.
function el(tag, cls, text) {
  const e = document.createElement(tag);
  if (cls) e.className = cls;
  if (text !== undefined && text !== null) e.textContent = String(text);
  return e;
}

function setStatus(text, isError) {
  const s = $("#status");
  s.textContent = text;
  s.className = isError ? "error" : "";
}

async function api(path) {
  const r = await fetch(path, { headers: { Accept: "application/json" } });
  const body = await r.json().catch(() => ({}));
  if (!r.ok) {
    const msg = body && body.error ? body.error.message : r.statusText;
    throw new Error(msg);
  }
  return body;
}

// Query string from a form, leaving out empty fields.
function formQuery(form) {
  const p = new URLSearchParams();
  for (const [k, v] of new FormData(form).entries()) {
    if (v === "on") p.set(k, "true");
    else if (String(v).trim() !== "") p.set(k, String(v).trim());
  }
  return p;
}

// ---- timeline -------------------------------------------------------

let timeline = null;

async function loadTimeline() {
  const q = formQuery($("#filters"));
  setStatus("loading the timeline…");
  try {
    timeline = await api("/api/timeline?" + q.toString());
  } catch (e) {
    setStatus("timeline: " + e.message, true);
    return;
  }
  setExports(q);
  drawAxis(timeline.events);
  drawEvents(timeline.events);
  setStatus(timeline.events.length + " events");
  document.body.dataset.timeline = "ready";
}

// The download links: what is shown, with the same filters, as a file.
function setExports(q) {
  for (const format of ["html", "csv", "ics"]) {
    const p = new URLSearchParams(q);
    p.set("format", format);
    $("#export-" + format).href = "/api/timeline?" + p.toString();
  }
}

// The last part of a path: a file's name, never the folders above it.
function fileName(origin) {
  const parts = String(origin).split(/[\\/]/);
  return parts[parts.length - 1];
}

// How a reader names a source: its publisher, else its file's name.
function sourceLabel(s) {
  return s.publisher || fileName(s.origin);
}

// The address of the original when it is a web page, else null.
function sourceLink(s) {
  return s.url && /^https?:\/\//i.test(s.url.trim()) ? s.url.trim() : null;
}

// "Le Courrier, 2025-10-14, via AFP".
function sourceByline(s) {
  const parts = [sourceLabel(s)];
  if (s.published) parts.push(s.published);
  if (s.credit && (s.publisher || "").toLowerCase() !== s.credit.toLowerCase()) {
    parts.push("via " + s.credit);
  }
  return parts.join(", ");
}

// The first day an event's date covers, as a time value.
function dayValue(date) {
  const parts = String(date).split("-");
  const y = Number(parts[0]);
  const m = parts.length > 1 ? Number(parts[1]) - 1 : 0;
  const d = parts.length > 2 ? Number(parts[2]) : 1;
  return Date.UTC(y, m, d);
}

function drawAxis(events) {
  const axis = $("#axis");
  axis.replaceChildren();
  if (events.length === 0) return;
  const values = events.map((e) => dayValue(e.date));
  let lo = Math.min(...values);
  let hi = Math.max(...values);
  if (hi === lo) { lo -= 86400000; hi += 86400000; }
  const pos = (v) => 2 + 96 * (v - lo) / (hi - lo);
  // A few ticks: first, last and between.
  for (let i = 0; i <= 4; i++) {
    const v = lo + (hi - lo) * i / 4;
    const t = el("span", "tick", new Date(v).toISOString().slice(0, 10));
    t.style.left = pos(v) + "%";
    axis.appendChild(t);
  }
  events.forEach((e, i) => {
    const b = el("button", "dot" + (e.main ? "" : " background"));
    b.type = "button";
    b.title = shownDate(e) + " " + e.headline;
    b.dataset.id = e.id;
    // Events of one day are spread a little upward so each stays clickable.
    const same = values.slice(0, i).filter((v) => v === values[i]).length;
    b.style.left = pos(values[i]) + "%";
    b.style.bottom = (-7 + same * 14) + "px";
    b.addEventListener("click", () => openEvent(e.id));
    axis.appendChild(b);
  });
}

// An event's date as a person writes it ("fin décembre 2025"); the ISO
// value for a server older than the `date_text` field.
function shownDate(e) {
  return e.date_text || e.date;
}

function drawEvents(events) {
  const list = $("#events");
  list.replaceChildren();
  if (events.length === 0) list.appendChild(el("li", "muted", "No event matches these filters."));
  for (const e of events) {
    const li = el("li", e.main ? "" : "background");
    li.dataset.id = e.id;
    li.appendChild(el("span", "date", shownDate(e)));
    li.appendChild(el("span", "headline", e.headline));
    if (!e.main) li.appendChild(el("span", "tag", "background"));
    li.appendChild(el("span", "tag", e.sources.length + " source(s)"));
    li.addEventListener("click", () => openEvent(e.id));
    list.appendChild(li);
  }
}

function openEvent(id) {
  if (!timeline) return;
  const e = timeline.events.find((x) => x.id === id);
  if (!e) return;
  for (const n of document.querySelectorAll(".events li, .axis .dot")) {
    n.classList.toggle("selected", n.dataset.id === id);
  }
  const box = $("#event");
  box.replaceChildren();
  box.hidden = false;
  box.dataset.id = id;
  box.appendChild(el("h2", "", shownDate(e) + " — " + e.headline));
  box.appendChild(el("p", "muted",
    (e.main ? "news" : "background") + " · " + e.kind + " · " +
    e.independent_sources + " independent source(s)"));
  if (e.summary.length) {
    box.appendChild(el("h3", "", "Summary"));
    const ul = el("ul", "summary");
    for (const s of e.summary) ul.appendChild(el("li", "", s));
    box.appendChild(ul);
  }
  const people = (e.participants || []).concat(e.places || [], e.misc || []);
  if (people.length) {
    box.appendChild(el("h3", "", "Participants, places and other names"));
    const p = el("p", "");
    people.forEach((x, i) => {
      const a = el("a", "entity-link", x.name);
      a.href = "#/entities/" + encodeURIComponent(x.name);
      p.appendChild(a);
      if (i < people.length - 1) p.appendChild(document.createTextNode(", "));
    });
    box.appendChild(p);
  }
  if (e.quotes && e.quotes.length) {
    box.appendChild(el("h3", "", "Quotes"));
    for (const q of e.quotes) {
      const b = el("blockquote", "", "« " + q.text + " »");
      box.appendChild(b);
      box.appendChild(el("p", "muted", "— " + (q.speaker || "unknown speaker") +
        (q.channel ? " (" + q.channel + ")" : "")));
    }
  }
  if (e.disagreements && e.disagreements.length) {
    box.appendChild(el("h3", "", "Sources disagree"));
    for (const d of e.disagreements) {
      box.appendChild(el("p", "", d.attribute + ": " + d.sides.map((s) => s.value).join(" / ")));
    }
  }
  box.appendChild(el("h3", "", "Sources"));
  const sources = el("div", "sources");
  box.appendChild(sources);
  e.sources.forEach((s, i) => {
    const div = el("div", "source");
    div.dataset.document = s.document;
    div.appendChild(el("strong", "source-title", s.title || sourceLabel(s)));
    div.appendChild(el("p", "muted source-byline",
      sourceByline(s) + (s.copy_of ? " · a copy" : "") +
      (s.main ? "" : " · mentions it in passing")));
    const actions = el("p", "source-actions");
    const link = sourceLink(s);
    if (link) {
      const a = el("a", "source-link", "Open the original");
      a.href = link;
      a.target = "_blank";
      a.rel = "noopener noreferrer";
      actions.appendChild(a);
    } else {
      actions.appendChild(el("span", "muted", "No address for the original"));
    }
    div.appendChild(actions);
    const stored = el("details", "stored");
    stored.open = i < 6;
    stored.appendChild(el("summary", "", "Stored text, the supporting sentences marked"));
    const text = el("div", "article", "");
    stored.appendChild(text);
    div.appendChild(stored);
    // The supporting sentences alone first; the article with them marked
    // once it is fetched.
    for (const sent of s.sentences) text.appendChild(el("p", "", sent.text));
    sources.appendChild(div);
    if (i < 6) showArticle(s, text);
    else stored.addEventListener("toggle", () => {
      if (stored.open && !text.dataset.loaded) showArticle(s, text);
    });
  });
}

// Fetches the cleaned article and marks the source's sentences in it.
// Spans are UTF-8 byte offsets: cut the bytes, decode each piece.
async function showArticle(source, container) {
  let doc;
  try {
    doc = await api("/api/documents/" + encodeURIComponent(source.document));
  } catch (e) {
    container.appendChild(el("p", "error", "article: " + e.message));
    return;
  }
  const bytes = new TextEncoder().encode(doc.text || "");
  const dec = new TextDecoder();
  const spans = source.sentences.map((s) => s.span).sort((a, b) => a[0] - b[0]);
  container.replaceChildren();
  let at = 0;
  for (const [start, end] of spans) {
    if (start < at || end > bytes.length) continue;
    container.appendChild(document.createTextNode(dec.decode(bytes.subarray(at, start))));
    container.appendChild(el("mark", "", dec.decode(bytes.subarray(start, end))));
    at = end;
  }
  container.appendChild(document.createTextNode(dec.decode(bytes.subarray(at))));
  const first = container.querySelector("mark");
  if (first) container.scrollTop = Math.max(0, first.offsetTop - container.offsetTop - 20);
  container.dataset.loaded = "true";
}

// ---- entities -------------------------------------------------------

async function loadEntities(q) {
  const p = new URLSearchParams({ limit: "200" });
  if (q) p.set("q", q);
  let body;
  try {
    body = await api("/api/entities?" + p.toString());
  } catch (e) {
    setStatus("entities: " + e.message, true);
    return;
  }
  const list = $("#entities");
  list.replaceChildren();
  for (const e of body.entities) {
    const li = el("li", "");
    li.dataset.id = e.id;
    li.appendChild(el("span", "date", e.type || e.kind || ""));
    li.appendChild(el("span", "", e.name));
    li.appendChild(el("span", "tag", e.mentions + " mention(s)"));
    li.addEventListener("click", () => { location.hash = "#/entities/" + encodeURIComponent(e.name); });
    list.appendChild(li);
  }
  setStatus(body.total + " entities");
}

async function openEntity(name) {
  const box = $("#entity");
  box.replaceChildren();
  box.hidden = false;
  box.appendChild(el("h2", "", name));
  let found, events, hits;
  try {
    [found, events, hits] = await Promise.all([
      api("/api/entities?" + new URLSearchParams({ q: name, limit: "1" })),
      api("/api/timeline?" + new URLSearchParams({ entity: name, include_background: "true" })),
      api("/api/search?" + new URLSearchParams({ entity: name, limit: "20" })),
    ]);
  } catch (e) {
    box.appendChild(el("p", "error", e.message));
    return;
  }
  const ent = found.entities[0];
  if (ent) {
    box.appendChild(el("p", "muted", ent.id + " · " + ent.mentions + " mention(s) in " +
      ent.documents.length + " document(s)"));
    box.appendChild(el("p", "", "Also written: " + ent.aliases.map((a) => a[0]).join(", ")));
  }
  box.appendChild(el("h3", "", "Events"));
  const ul = el("ul", "");
  for (const e of events.events) ul.appendChild(el("li", "", shownDate(e) + " — " + e.headline));
  if (!events.events.length) ul.appendChild(el("li", "muted", "none dated"));
  box.appendChild(ul);
  box.appendChild(el("h3", "", "Articles"));
  const ol = el("ul", "");
  for (const h of hits.hits) ol.appendChild(el("li", "", (h.date || "undated") + " — " + (h.title || h.origin)));
  box.appendChild(ol);
}

// ---- search ---------------------------------------------------------

async function runSearch() {
  const q = formQuery($("#search-form"));
  q.set("limit", "50");
  let body;
  try {
    body = await api("/api/search?" + q.toString());
  } catch (e) {
    setStatus("search: " + e.message, true);
    return;
  }
  const list = $("#hits");
  list.replaceChildren();
  for (const h of body.hits) {
    const li = el("li", "");
    li.dataset.document = h.id;
    li.appendChild(el("span", "date", h.date || "undated"));
    li.appendChild(el("strong", "", h.title || h.origin));
    const p = el("p", "snippet");
    // Highlighted ranges are byte offsets into the snippet.
    const bytes = new TextEncoder().encode(h.snippet.text);
    const dec = new TextDecoder();
    let at = 0;
    for (const r of h.snippet.highlighted) {
      const [s, e] = Array.isArray(r) ? r : [r.start, r.end];
      if (s < at || e > bytes.length) continue;
      p.appendChild(document.createTextNode(dec.decode(bytes.subarray(at, s))));
      p.appendChild(el("mark", "", dec.decode(bytes.subarray(s, e))));
      at = e;
    }
    p.appendChild(document.createTextNode(dec.decode(bytes.subarray(at))));
    li.appendChild(p);
    list.appendChild(li);
  }
  setStatus(body.hits.length + " hit(s)");
}

// ---- routing --------------------------------------------------------

function show(view) {
  for (const v of ["timeline", "entities", "search"]) {
    $("#view-" + v).hidden = v !== view;
  }
}

function route() {
  const h = location.hash || "#/";
  if (h.startsWith("#/entities")) {
    show("entities");
    loadEntities("");
    const name = h.slice("#/entities/".length);
    if (h.startsWith("#/entities/") && name) openEntity(decodeURIComponent(name));
  } else if (h.startsWith("#/search")) {
    show("search");
  } else {
    show("timeline");
    if (!timeline) loadTimeline();
  }
}

document.addEventListener("DOMContentLoaded", () => {
  $("#filters").addEventListener("submit", (ev) => { ev.preventDefault(); loadTimeline(); });
  $("#entity-filter").addEventListener("submit", (ev) => {
    ev.preventDefault();
    loadEntities(new FormData(ev.target).get("q"));
  });
  $("#search-form").addEventListener("submit", (ev) => { ev.preventDefault(); runSearch(); });
  window.addEventListener("hashchange", route);
  route();
});
