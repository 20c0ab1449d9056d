// filrouge page: what every view uses. The DOM is built with
// textContent and text nodes only, never markup; every word the page
// writes comes from words.json, in the page's language.
"use strict";

export const $ = (sel) => document.querySelector(sel);

// An element with optional class and text.
export function el(tag, cls, text) {
  const e = document.createElement(tag);
  if (cls) e.className = cls;
  if (text !== undefined && text !== null) e.textContent = String(text);
  return e;
}

// A link to a place of the page (`#/...`).
export function link(text, hash, cls) {
  const a = el("a", cls || "", text);
  a.href = hash;
  return a;
}

export function setStatus(text, isError) {
  const s = $("#status");
  s.textContent = text;
  s.className = isError ? "error" : "";
}

export async function api(path) {
  const r = await fetch(path, { headers: { Accept: "application/json" } });
  const body = await r.json().catch(() => ({}));
  if (!r.ok) {
    const msg = body && body.error ? body.error.message : r.statusText;
    throw new Error(msg);
  }
  return body;
}

// The answer of `path`, or null with the error in the status line,
// after the word `what` ("error_search": "recherche : {message}").
export async function answer(path, what) {
  try {
    return await api(path);
  } catch (e) {
    setStatus(word(what, { message: e.message }), true);
    return null;
  }
}

// ---- words ----------------------------------------------------------

const LANGUAGES = ["fr", "en"];
let table = {};
let current = "fr";

// The page's language: the one chosen with the switch, else the first
// of the browser's languages the page has words for, else French.
function preferred() {
  const chosen = localStorage.getItem("filrouge.lang");
  if (LANGUAGES.includes(chosen)) return chosen;
  for (const tag of navigator.languages || [navigator.language || ""]) {
    const lang = String(tag).slice(0, 2).toLowerCase();
    if (LANGUAGES.includes(lang)) return lang;
  }
  return "fr";
}

export async function loadWords() {
  table = await api("/words.json");
  setLanguage(preferred(), false);
}

export function language() {
  return current;
}

// Switches the page's words to `lang` (and remembers it when chosen).
export function setLanguage(lang, chosen) {
  current = LANGUAGES.includes(lang) ? lang : "fr";
  if (chosen) localStorage.setItem("filrouge.lang", current);
  document.documentElement.lang = current;
  for (const n of document.querySelectorAll("[data-w]")) n.textContent = word(n.dataset.w);
  $("#ui-lang").value = current;
  $("#axis").setAttribute("aria-label", word("axis_label"));
}

// The word `key` in the page's language, `{name}` placeholders filled.
export function word(key, fill) {
  const words = table[current] || {};
  let text = key in words ? words[key] : key;
  for (const [name, value] of Object.entries(fill || {})) {
    text = text.split("{" + name + "}").join(String(value));
  }
  return text;
}

// The word `key`, or `fallback` when the table has none (a kind of
// event or name the table does not know yet).
export function wordOr(key, fallback) {
  const w = word(key);
  return w === key ? fallback : w;
}

// A count with its noun: word `key + "_one"` for 1, else `key + "_many"`.
export function count(key, n, fill) {
  return word(key + (n === 1 ? "_one" : "_many"), Object.assign({ n: n }, fill || {}));
}

// A document's day as stored (a TimeML value): "2025-10-14", a day
// without its year ("XXXX-09-29") said so, "undated" when absent.
export function dayText(value) {
  if (!value) return word("undated");
  const utc = (y, m, d) => new Date(Date.UTC(y, m - 1, d));
  // Day before month in English too, as the timeline's words write it.
  const locale = language() === "en" ? "en-GB" : language();
  const say = (date, parts) => date.toLocaleDateString(locale, { timeZone: "UTC", ...parts });
  let m = /^X{4}-(\d\d)-(\d\d)$/.exec(value);
  if (m) return word("no_year", { day: say(utc(2000, +m[1], +m[2]), { day: "numeric", month: "long" }) });
  m = /^(\d{4})-(\d\d)-(\d\d)/.exec(value);
  if (m) return say(utc(+m[1], +m[2], +m[3]), { day: "numeric", month: "long", year: "numeric" });
  m = /^(\d{4})-(\d\d)$/.exec(value);
  if (m) return say(utc(+m[1], +m[2], 1), { month: "long", year: "numeric" });
  return value;
}

// ---- the address ----------------------------------------------------

// The address after `#`: its path parts and query parameters.
export function here() {
  const h = location.hash.replace(/^#/, "") || "/";
  const at = h.indexOf("?");
  const path = at < 0 ? h : h.slice(0, at);
  const params = new URLSearchParams(at < 0 ? "" : h.slice(at + 1));
  const parts = path.split("/").filter((p) => p !== "").map(decodeURIComponent);
  return { parts: parts, params: params };
}

// `#/a/b?params`, the parts encoded, empty parameters left out.
export function address(parts, params) {
  const p = new URLSearchParams();
  for (const [k, v] of params || []) if (String(v).trim() !== "") p.set(k, String(v).trim());
  const q = p.toString();
  return "#/" + parts.map(encodeURIComponent).join("/") + (q ? "?" + q : "");
}

// Query parameters from a form, leaving out empty fields.
export function formParams(form) {
  const p = new URLSearchParams();
  for (const [k, v] of new FormData(form).entries()) {
    if (v === "on") p.set(k, "true");
    else if (String(v).trim() !== "") p.set(k, String(v).trim());
  }
  return p;
}

// Fills a form's fields from query parameters (absent ones emptied).
export function fillForm(form, params) {
  for (const field of form.elements) {
    if (!field.name) continue;
    if (field.type === "checkbox") field.checked = params.get(field.name) === "true";
    else field.value = params.get(field.name) || "";
  }
}

// ---- sources --------------------------------------------------------

// The last part of a path: a file's name, never the folders above it
// (nor a record's place in it: "news.rss:item 2" is "news.rss").
export function fileName(origin) {
  const parts = String(origin).split(/[\\/]/);
  return parts[parts.length - 1].replace(/:(item|line) \d+$/, "");
}

// How a reader names a source: its publisher, else its file's name.
export function sourceLabel(s) {
  return s.publisher || fileName(s.origin);
}

// Marks byte ranges `spans` ([start, end] into the UTF-8 of `text`) in
// `container`, as text nodes and <mark> elements.
export function markText(container, text, spans) {
  const bytes = new TextEncoder().encode(text || "");
  const dec = new TextDecoder();
  container.replaceChildren();
  let at = 0;
  for (const [start, end] of spans.slice().sort((a, b) => a[0] - b[0])) {
    if (start < at || end > bytes.length) continue;
    container.appendChild(document.createTextNode(dec.decode(bytes.subarray(at, start))));
    container.appendChild(el("mark", "", dec.decode(bytes.subarray(start, end))));
    at = end;
  }
  container.appendChild(document.createTextNode(dec.decode(bytes.subarray(at))));
}

// A pager: "previous", "from–to of total", "next", each button going to
// `go(offset)`; hidden when everything fits in one page.
export function drawPager(ids, total, offset, shown, limit, go) {
  const [prev, range, next] = ids.map((id) => $(id));
  prev.parentElement.hidden = total <= shown && offset === 0;
  range.textContent = total === 0 ? "" :
    word("page_range", { from: Math.min(offset + 1, total), to: offset + shown, total: total });
  prev.disabled = offset === 0;
  next.disabled = offset + shown >= total;
  prev.onclick = () => go(Math.max(0, offset - limit));
  next.onclick = () => go(offset + limit);
}
