// filrouge page: an event opened, with its summary, names, quotes and
// sources, each source's stored article with the supporting sentences
// marked.
"use strict";

import { $, el, link, api, word, wordOr, count, address, sourceLabel, markText } from "./util.js";

// The address of the original when it is a web page, else null.
function sourceLink(s) {
  return s.url && /^https?:\/\//i.test(s.url.trim()) ? s.url.trim() : null;
}

// "Le Courrier, 2025-10-14, via AFP".
function sourceByline(s) {
  const parts = [sourceLabel(s)];
  if (s.published) parts.push(s.published);
  if (s.credit && (s.publisher || "").toLowerCase() !== s.credit.toLowerCase()) {
    parts.push(word("via", { agency: s.credit }));
  }
  return parts.join(", ");
}

export function hideEvent() {
  const box = $("#event");
  box.hidden = true;
  box.replaceChildren();
  delete box.dataset.key;
  for (const n of document.querySelectorAll(".events li, .axis button")) n.classList.remove("selected");
}

// Shows event `e` in the detail box.
export function showEvent(e) {
  const box = $("#event");
  box.replaceChildren();
  box.hidden = false;
  box.dataset.key = e.key;
  box.appendChild(el("h2", "", (e.date_text || e.date) + " — " + e.headline));
  box.appendChild(el("p", "muted", [
    word(e.main ? "event_news" : "event_background"), wordOr("kind_" + e.kind, e.kind),
    count("independent", e.independent_sources),
  ].join(" · ")));
  if (e.summary.length) {
    box.appendChild(el("h3", "", word("summary")));
    const ul = el("ul", "summary");
    for (const s of e.summary) ul.appendChild(el("li", "", s));
    box.appendChild(ul);
  }
  showNames(box, (e.participants || []).concat(e.places || [], e.misc || []));
  showQuotes(box, e.quotes || []);
  if (e.disagreements && e.disagreements.length) {
    box.appendChild(el("h3", "", word("disagree")));
    for (const d of e.disagreements) {
      box.appendChild(el("p", "", word("disagreement", {
        attribute: wordOr("attr_" + d.attribute, d.attribute),
        values: d.sides.map((s) => s.value).join(" / "),
      })));
    }
  }
  box.appendChild(el("h3", "", word("sources")));
  const sources = el("div", "sources");
  box.appendChild(sources);
  e.sources.forEach((s, i) => sources.appendChild(sourceCard(s, i < 6)));
}

function showNames(box, names) {
  if (!names.length) return;
  box.appendChild(el("h3", "", word("names")));
  const p = el("p", "");
  names.forEach((x, i) => {
    p.appendChild(link(x.name, address(["entities", x.name]), "entity-link"));
    if (i < names.length - 1) p.appendChild(document.createTextNode(", "));
  });
  box.appendChild(p);
}

function showQuotes(box, quotes) {
  if (!quotes.length) return;
  box.appendChild(el("h3", "", word("quotes")));
  for (const q of quotes) {
    box.appendChild(el("blockquote", "", word("quoted", { text: q.text })));
    box.appendChild(el("p", "muted", "— " + (q.speaker || word("unknown_speaker")) +
      (q.channel ? " (" + q.channel + ")" : "")));
  }
}

// One source: who, where the original is, and the stored text (fetched
// at once for the first ones, when opened for the others).
function sourceCard(s, open) {
  const div = el("div", "source");
  div.dataset.document = s.document;
  div.appendChild(el("strong", "source-title", s.title || sourceLabel(s)));
  div.appendChild(el("p", "muted source-byline",
    sourceByline(s) + (s.copy_of ? word("a_copy") : "") + (s.main ? "" : word("in_passing"))));
  const actions = el("p", "source-actions");
  const url = sourceLink(s);
  if (url) {
    const a = el("a", "source-link", word("open_original"));
    a.href = url;
    a.target = "_blank";
    a.rel = "noopener noreferrer";
    actions.appendChild(a);
  } else {
    actions.appendChild(el("span", "muted", word("no_address")));
  }
  div.appendChild(actions);
  const stored = el("details", "stored");
  stored.open = open;
  stored.appendChild(el("summary", "", word("stored_text")));
  const text = el("div", "article", "");
  // It scrolls: keyboard users reach it too.
  text.tabIndex = 0;
  text.setAttribute("role", "region");
  text.setAttribute("aria-label", word("stored_text"));
  stored.appendChild(text);
  div.appendChild(stored);
  // The supporting sentences alone first; the article with them marked
  // once it is fetched.
  for (const sent of s.sentences) text.appendChild(el("p", "", sent.text));
  const spans = s.sentences.map((x) => x.span);
  if (open) showArticle(s.document, spans, text);
  else stored.addEventListener("toggle", () => {
    if (stored.open && !text.dataset.loaded) showArticle(s.document, spans, text);
  });
  return div;
}

// Fetches a cleaned article and marks `spans` (UTF-8 byte offsets) in
// it; returns the document.
export async function showArticle(id, spans, container) {
  let doc;
  try {
    doc = await api("/api/documents/" + encodeURIComponent(id));
  } catch (e) {
    container.appendChild(el("p", "error", word("error_article", { message: e.message })));
    return null;
  }
  markText(container, doc.text, spans);
  const first = container.querySelector("mark");
  if (first) container.scrollTop = Math.max(0, first.offsetTop - container.offsetTop - 20);
  container.dataset.loaded = "true";
  return doc;
}
