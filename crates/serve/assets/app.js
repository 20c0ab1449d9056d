// filrouge page: the address is the view. `#/` (the timeline, its
// filters and page as query parameters), `#/events/{key}` (an event open
// on it), `#/stories`, `#/entities`, `#/entities/{name}`, `#/search?q`,
// `#/documents/{id}?q`: reloading or sharing an address reopens it.
// Every text from an article goes into the DOM as text, never as markup:
// an article holding <script> shows it as text.
"use strict";

import { $, here, address, formParams, loadWords, setLanguage, setStatus } from "./util.js";
import { showTimeline, forgetTimeline } from "./timeline.js";
import { showStories, showEntities, showSearch, showDocument } from "./views.js";

const VIEWS = ["timeline", "stories", "entities", "search", "article"];

function show(view) {
  for (const v of VIEWS) $("#view-" + v).hidden = v !== view;
  for (const a of document.querySelectorAll("header nav a")) {
    a.classList.toggle("current", a.id === "nav-" + view);
  }
}

// Shows the view the address names; `data-view` on the body says which
// once it is shown.
async function route() {
  const { parts, params } = here();
  const [view, arg] = parts;
  document.body.dataset.view = "loading";
  let shown = view;
  if (view === "stories") {
    show("stories");
    await showStories();
  } else if (view === "entities") {
    show("entities");
    await showEntities(params, arg);
  } else if (view === "search") {
    show("search");
    await showSearch(params);
  } else if (view === "documents" && arg) {
    shown = "article";
    show(shown);
    await showDocument(arg, params);
  } else {
    shown = "timeline";
    show(shown);
    await showTimeline(params, view === "events" ? arg : null);
  }
  document.body.dataset.view = shown;
}

// A form's fields into the address of `parts`, keeping the page size
// the address asked for.
function submitTo(form, parts) {
  form.addEventListener("submit", (ev) => {
    ev.preventDefault();
    const p = formParams(form);
    const limit = here().params.get("limit");
    if (limit && parts.length === 0) p.set("limit", limit);
    location.hash = address(parts, p);
  });
}

document.addEventListener("DOMContentLoaded", async () => {
  try {
    await loadWords();
  } catch (e) {
    setStatus(e.message, true);
  }
  submitTo($("#filters"), []);
  submitTo($("#entity-filter"), ["entities"]);
  submitTo($("#search-form"), ["search"]);
  $("#ui-lang").addEventListener("change", (ev) => {
    setLanguage(ev.target.value, true);
    forgetTimeline();
    route();
  });
  window.addEventListener("hashchange", route);
  await route();
});
