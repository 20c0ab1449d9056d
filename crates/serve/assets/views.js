// filrouge page: the stories, the names (entities) and their pages, the
// search and an article opened from it, each at an address of its own.
"use strict";

import { $, el, link, api, answer, word, wordOr, count, language, dayText, setStatus, address, fillForm, fileName, markText, drawPager } from "./util.js";
import { showArticle } from "./event.js";

const SEARCH_PAGE = 20;
const ENTITY_EVENTS = 20;

// Words for a kind of name ("PER": "personne"), none for an unknown one.
function entityKind(kind) {
  return wordOr("ent_kind_" + kind, "");
}

// ---- stories --------------------------------------------------------

// `#/stories`: every story with its size and dates, each opening its
// timeline.
export async function showStories() {
  const list = $("#stories");
  const body = await answer("/api/stories", "error_stories");
  if (!body) return;
  list.replaceChildren();
  for (const s of body.stories) {
    const li = el("li", "");
    li.dataset.story = s.story;
    const dates = s.first ? word("story_dates", { first: s.first, last: s.last || s.first }) : word("undated");
    li.appendChild(el("span", "date", dates));
    li.appendChild(link(s.label, address([], [["story", String(s.story)]]), "headline"));
    li.appendChild(el("span", "tag", count("articles", s.articles.length)));
    list.appendChild(li);
  }
  if (!body.stories.length) list.appendChild(el("li", "muted", word("no_story")));
  setStatus(count("stories", body.stories.length));
}

// ---- names ----------------------------------------------------------

// `#/entities?q=`: the names most mentioned first; `#/entities/{name}`
// also opens that name's page.
export async function showEntities(params, name) {
  const form = $("#entity-filter");
  fillForm(form, params);
  const p = new URLSearchParams({ limit: "200" });
  if (params.get("q")) p.set("q", params.get("q"));
  const body = await answer("/api/entities?" + p.toString(), "error_entities");
  if (!body) return;
  const list = $("#entities");
  list.replaceChildren();
  for (const e of body.entities) {
    const li = el("li", e.name === name ? "selected" : "");
    li.appendChild(el("span", "date", entityKind(e.kind)));
    li.appendChild(link(e.name, address(["entities", e.name], params), "headline"));
    li.appendChild(el("span", "tag", count("mentions", e.mentions)));
    list.appendChild(li);
  }
  setStatus(count("entities", body.total));
  if (name) await showEntity(name);
  else $("#entity").hidden = true;
}

// A name's page: its spellings, its events (each opening on the
// timeline) and the articles naming it (each opening the article).
async function showEntity(name) {
  const box = $("#entity");
  box.replaceChildren();
  box.hidden = false;
  box.appendChild(el("h2", "", name));
  const filters = [["entity", name], ["include_background", "true"]];
  let found, events, hits;
  try {
    [found, events, hits] = await Promise.all([
      api("/api/entities?" + new URLSearchParams({ q: name, limit: "20" })),
      api("/api/timeline?" + new URLSearchParams(filters.concat([
        ["limit", String(ENTITY_EVENTS)], ["ui_lang", language()]]))),
      api("/api/search?" + new URLSearchParams({ entity: name, limit: "20" })),
    ]);
  } catch (e) {
    box.appendChild(el("p", "error", e.message));
    return;
  }
  const ent = found.entities.find((x) => x.name === name) || found.entities[0];
  if (ent) {
    box.appendChild(el("p", "muted", [entityKind(ent.kind), count("mentions", ent.mentions),
      count("documents", ent.documents.length)].filter((x) => x).join(" · ")));
    box.appendChild(el("p", "", word("also_written", { names: ent.aliases.map((a) => a[0]).join(", ") })));
  }
  box.appendChild(el("h3", "", word("ent_events")));
  const ul = el("ul", "entity-events");
  for (const e of events.events) {
    const li = el("li", "");
    li.appendChild(el("span", "date", e.date_text));
    li.appendChild(link(e.headline, address(["events", e.key], filters)));
    ul.appendChild(li);
  }
  if (!events.events.length) ul.appendChild(el("li", "muted", word("none_dated")));
  box.appendChild(ul);
  if (events.total > events.events.length) {
    box.appendChild(link(word("all_events", { n: events.total }), address([], filters)));
  }
  box.appendChild(el("h3", "", word("ent_articles")));
  const ol = el("ul", "entity-articles");
  for (const h of hits.hits) {
    const li = el("li", "");
    li.appendChild(el("span", "date", dayText(h.date)));
    li.appendChild(link(h.title || fileName(h.origin), address(["documents", h.id], [["entity", name]])));
    ol.appendChild(li);
  }
  box.appendChild(ol);
}

// ---- search ---------------------------------------------------------

// `#/search?q&entity&offset`: a page of hits, each opening its article.
export async function showSearch(params) {
  const form = $("#search-form");
  fillForm(form, params);
  const list = $("#hits");
  list.replaceChildren();
  if (!params.get("q") && !params.get("entity")) {
    $("#search-pager").hidden = true;
    setStatus("");
    return;
  }
  const q = new URLSearchParams();
  for (const k of ["q", "entity", "offset"]) if (params.get(k)) q.set(k, params.get(k));
  q.set("limit", String(SEARCH_PAGE));
  const body = await answer("/api/search?" + q.toString(), "error_search");
  if (!body) return;
  const words = [["q", params.get("q") || ""], ["entity", params.get("entity") || ""]];
  for (const h of body.hits) list.appendChild(hitItem(h, words));
  const offset = body.offset || 0;
  drawPager(["#search-prev", "#search-range", "#search-next"], body.total, offset,
    body.hits.length, SEARCH_PAGE, (o) => {
      location.hash = address(["search"], words.concat([["offset", String(o)]]));
    });
  setStatus(count("hits", body.total));
}

function hitItem(h, words) {
  const li = el("li", "");
  li.dataset.document = h.id;
  li.appendChild(el("span", "date", dayText(h.date)));
  const a = link(h.title || fileName(h.origin), address(["documents", h.id], words), "headline");
  li.appendChild(a);
  const p = el("p", "snippet");
  // Highlighted ranges are byte offsets into the snippet.
  markText(p, h.snippet.text, h.snippet.highlighted.map((r) => Array.isArray(r) ? r : [r.start, r.end]));
  li.appendChild(p);
  li.addEventListener("click", (ev) => {
    if (ev.target !== a) location.hash = a.getAttribute("href");
  });
  return li;
}

// ---- an article -----------------------------------------------------

// `#/documents/{id}?q&entity`: the stored article, the sentences that
// match the words or name marked.
export async function showDocument(id, params) {
  const box = $("#article");
  box.replaceChildren();
  const back = address(["search"], [["q", params.get("q") || ""], ["entity", params.get("entity") || ""]]);
  box.appendChild(link(word("back_to_search"), back, "back"));
  const heading = el("h2", "", "");
  box.appendChild(heading);
  const byline = el("p", "muted", "");
  box.appendChild(byline);
  const text = el("div", "article full", "");
  box.appendChild(text);
  let spans = [];
  if (params.get("q") || params.get("entity")) {
    const q = new URLSearchParams({ sentences: "true", document: id, limit: "200" });
    for (const k of ["q", "entity"]) if (params.get(k)) q.set(k, params.get(k));
    const found = await answer("/api/search?" + q.toString(), "error_search");
    if (found) spans = found.hits.map((h) => h.span);
  }
  const doc = await showArticle(id, spans, text);
  if (!doc) return;
  const meta = doc.metadata || {};
  heading.textContent = meta.title || fileName((doc.source || {}).origin || "");
  const date = (doc.document_date || {}).value;
  byline.textContent = [meta.publisher, date ? dayText(date) : null]
    .filter((x) => x).join(", ");
  setStatus(count("marked", spans.length));
}
