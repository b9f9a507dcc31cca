// The search page: a small interface on Pagefind's JavaScript API (docs/search.md).
//
// The server renders the form with every filter; this script shows it, runs the searches and
// writes the results. The form is the state: its fields (q, sort and one field per filter,
// repeated for each value) are what the URL holds, so a search can be shared, bookmarked and
// restored with the back button. Filter values are codes, the same in every language.
//
// Pagefind loads its index in pieces. A filter's counts need that filter's whole index, which
// grows with the catalogue, so counts are shown only for the filter groups a visitor opens
// (or that have a value chosen): the first query fetches only what its words need.
//
// The index may come in two layers (docs/search.md): the base, and an overlay holding the pages
// changed since the base was built. overlay.json says which base results the overlay replaces
// and where its pages fall in the base's sort orders; `searchLayers` merges the two.

const PAGE_SIZE = 10;
const TYPING_PAUSE_MS = 120; // one search per pause in typing, not per key
const SLOW_SEARCH_MS = 1000; // after this, say that the search is still running
const SORT_DIRECTIONS = { date: "desc", title: "asc", readiness: "desc" };
const FACT_KEYS = ["country", "year", "date", "licence", "readiness"];

const form = document.getElementById("search");
const strings = JSON.parse(document.getElementById("search-strings").textContent);
const query = form.elements.q;
const sort = form.elements.sort;
const status = document.getElementById("search-status");
const list = form.querySelector("[data-search-results]");
const more = form.querySelector("[data-search-more]");
const clear = form.querySelector("[data-search-clear]");
const browse = document.querySelector("[data-search-browse]");
const facets = [...form.querySelectorAll("[data-facet]")];
const plurals = new Intl.PluralRules(document.documentElement.lang);

let pagefind = null; // the module, once loaded
let overlay = { replaced: {}, positions: {} }; // overlay.json, once loaded
let generation = 0; // the latest search; answers to older ones are dropped
let results = []; // Pagefind results of the latest search, shown PAGE_SIZE at a time
let shown = 0;
let typingTimer = 0;
let typing = false; // the history entry of this burst of typing exists already

function format(template, values) {
  return template.replace(/\{(\w+)\}/g, (_, key) => values[key]);
}

function countText(count) {
  return format(plurals.select(count) === "one" ? strings.one : strings.other, { count });
}

// --- the state: form <-> URL -------------------------------------------------------------

function readForm() {
  const data = new FormData(form);
  const filters = {};
  for (const facet of facets) {
    const values = data.getAll(facet.dataset.facet);
    if (values.length) filters[facet.dataset.facet] = values;
  }
  return { query: query.value.trim(), sort: sort.value, filters };
}

function urlOf(state) {
  const params = new URLSearchParams();
  if (state.query) params.set("q", state.query);
  for (const [name, values] of Object.entries(state.filters)) {
    for (const value of values) params.append(name, value);
  }
  if (state.sort) params.set("sort", state.sort);
  const search = params.toString();
  return location.pathname + (search ? `?${search}` : "");
}

function restoreForm() {
  const params = new URLSearchParams(location.search);
  query.value = params.get("q") || "";
  const wanted = params.get("sort") || "";
  sort.value = [...sort.options].some((option) => option.value === wanted) ? wanted : "";
  for (const facet of facets) {
    const values = params.getAll(facet.dataset.facet);
    for (const box of facet.querySelectorAll("input")) box.checked = values.includes(box.value);
    if (values.length) facet.open = true;
  }
}

function remember(state, how) {
  const url = urlOf(state);
  if (how === "push" && url !== location.pathname + location.search) history.pushState(null, "", url);
  else if (how !== "none") history.replaceState(null, "", url);
}

// --- Pagefind ----------------------------------------------------------------------------

async function loadPagefind() {
  if (!pagefind) {
    pagefind = (async () => {
      const [module, manifest] = await Promise.all([
        import(`${form.dataset.bundle}pagefind.js`),
        fetch(`${form.dataset.bundle}overlay.json`).then((response) => (response.ok ? response.json() : {})),
      ]);
      await module.options({ excerptLength: 24 });
      if (manifest.bundle) await module.mergeIndex(manifest.bundle, { excerptLength: 24 });
      overlay = { replaced: manifest.replaced || {}, positions: manifest.positions || {} };
      await module.init();
      return module;
    })();
  }
  return pagefind;
}

async function searchLayers(module, term, options) {
  // Pagefind merges the layers by score. The base copies of pages the overlay holds go, with
  // what they counted for under each filter; with a sort, Pagefind scores a result by its
  // position in its own layer's order, so an overlay page takes its position in the base's.
  const found = await module.search(term, options);
  if (!found) return found;
  const filters = structuredClone(found.filters);
  const results = [];
  for (const result of found.results) {
    const old = overlay.replaced[result.id];
    if (!old) {
      results.push(result);
      continue;
    }
    for (const [name, values] of Object.entries(old)) {
      for (const value of values) if (filters[name]?.[value]) filters[name][value] -= 1;
    }
  }
  const [sortKey, direction] = Object.entries(options.sort || {})[0] || [];
  if (sortKey) {
    for (const result of results) {
      const position = overlay.positions[result.id]?.[sortKey];
      if (position !== undefined) result.score = direction === "asc" ? -position : position;
    }
    results.sort((a, b) => b.score - a.score);
  }
  return { ...found, results, filters };
}

function pagefindOptions(state, filters = state.filters) {
  // Values of one filter are alternatives ("Germany or France"); different filters all apply.
  // "none of no values" narrows nothing, but makes Pagefind load and count an open group's filter.
  const chosen = Object.entries(filters).map(([name, values]) => [name, { any: values }]);
  const counted = facets.filter((facet) => facet.open).map((facet) => [facet.dataset.facet, { none: [] }]);
  const options = { filters: Object.fromEntries([...counted, ...chosen]) };
  if (state.sort) options.sort = { [state.sort]: SORT_DIRECTIONS[state.sort] };
  return options;
}

function wantsCounts(facet, state) {
  return facet.open || facet.dataset.facet in state.filters;
}

function hasSearch(state) {
  return Boolean(state.query || Object.keys(state.filters).length);
}

// --- running a search --------------------------------------------------------------------

async function run(how) {
  const state = readForm();
  remember(state, how);
  updateSelections(state);
  const current = ++generation;
  if (!hasSearch(state)) {
    results = [];
    shown = 0;
    list.replaceChildren();
    more.hidden = true;
    list.removeAttribute("aria-busy");
    status.textContent = strings.prompt;
    return;
  }
  list.setAttribute("aria-busy", "true");
  // On a large catalogue a very common word keeps Pagefind busy for seconds.
  const slow = setTimeout(() => {
    if (current === generation) status.textContent = strings.searching;
  }, SLOW_SEARCH_MS);
  try {
    const module = await loadPagefind();
    const search = await searchLayers(module, state.query || null, pagefindOptions(state));
    if (current !== generation || !search) return;
    results = search.results;
    shown = 0;
    list.replaceChildren();
    await showMore(current, false);
    if (current !== generation) return;
    clearTimeout(slow);
    status.textContent = results.length ? countText(results.length) : strings.none;
    await updateCounts(module, state, search, current);
  } catch (error) {
    failed(error);
  } finally {
    clearTimeout(slow);
    if (current === generation) list.removeAttribute("aria-busy");
  }
}

async function showMore(current, moveFocus) {
  const batch = results.slice(shown, shown + PAGE_SIZE);
  const pages = await Promise.all(batch.map((result) => result.data()));
  if (current !== generation) return;
  const items = pages.map(resultItem);
  list.append(...items);
  shown += items.length;
  more.hidden = shown >= results.length;
  if (!more.hidden) more.setAttribute("aria-label", `${strings.more} (${format(strings.shown, { shown, count: results.length })})`);
  // Keyboard and screen reader users continue where the new results start.
  if (moveFocus && items.length) items[0].querySelector("a").focus();
}

function resultItem(page) {
  const item = document.createElement("li");
  item.className = "search-result";
  const kind = page.filters.kind?.[0];
  if (kind && strings.types[kind]) {
    const badge = document.createElement("p");
    badge.className = "search-result-kind";
    badge.textContent = strings.types[kind];
    item.append(badge);
  }
  const heading = document.createElement("h3");
  const link = document.createElement("a");
  link.href = page.url;
  link.textContent = page.meta.title || page.url;
  heading.append(link);
  item.append(heading);
  if (page.excerpt) {
    const excerpt = document.createElement("p");
    excerpt.className = "search-result-excerpt";
    // Pagefind's excerpt is escaped text with <mark> around the matched words.
    excerpt.innerHTML = page.excerpt;
    item.append(excerpt);
  }
  const facts = FACT_KEYS.map((key) => page.meta[key]).filter(Boolean);
  if (facts.length) {
    const line = document.createElement("p");
    line.className = "search-result-facts";
    line.textContent = facts.join(" · ");
    item.append(line);
  }
  return item;
}

async function updateCounts(module, state, search, current) {
  // Pagefind counts, for each value, the results that also have it. Within a filter the
  // values are alternatives, so a filter with a value chosen is counted without its own values.
  const counts = { ...search.filters };
  for (const facet of facets) {
    const name = facet.dataset.facet;
    if (!(name in state.filters) || !wantsCounts(facet, state)) continue;
    const others = { ...state.filters };
    delete others[name];
    const without = await searchLayers(module, state.query || null, pagefindOptions({ ...state, sort: "" }, others));
    if (current !== generation) return;
    counts[name] = without.filters[name];
  }
  for (const facet of facets) {
    const known = wantsCounts(facet, state) ? counts[facet.dataset.facet] : undefined;
    for (const box of facet.querySelectorAll("input")) {
      const count = known ? known[box.value] ?? 0 : undefined;
      box.labels[0].querySelector("[data-count]").textContent = count === undefined ? "" : `(${count})`;
    }
  }
}

async function refreshCounts() {
  // A filter group was opened: count its values for the search shown, leaving the results as they are.
  const state = readForm();
  const current = generation;
  if (!hasSearch(state)) return;
  try {
    const module = await loadPagefind();
    const search = await searchLayers(module, state.query || null, pagefindOptions(state));
    if (current === generation) await updateCounts(module, state, search, current);
  } catch (error) {
    failed(error);
  }
}

function updateSelections(state) {
  for (const facet of facets) {
    const chosen = state.filters[facet.dataset.facet]?.length || 0;
    facet.querySelector("[data-facet-selected]").textContent = chosen ? ` (${chosen})` : "";
  }
  clear.hidden = !Object.keys(state.filters).length;
}

function failed(error) {
  console.warn("search unavailable:", error);
  status.textContent = "";
  browse.hidden = false;
  browse.querySelector("[data-search-error]").hidden = false;
}

// --- wiring ------------------------------------------------------------------------------

form.addEventListener("submit", (event) => {
  event.preventDefault();
  clearTimeout(typingTimer);
  typing = false;
  run("push");
});
query.addEventListener("input", () => {
  clearTimeout(typingTimer);
  typingTimer = setTimeout(() => {
    // A burst of typing is one history entry: the first search pushes, the next ones replace it.
    run(typing ? "replace" : "push");
    typing = true;
  }, TYPING_PAUSE_MS);
});
form.addEventListener("change", (event) => {
  if (event.target === query) return;
  typing = false;
  run("push");
});
for (const facet of facets) {
  facet.addEventListener("toggle", () => {
    if (facet.open) refreshCounts();
  });
}
more.addEventListener("click", () => showMore(generation, true));
clear.addEventListener("click", () => {
  for (const box of form.querySelectorAll("[data-facet] input")) box.checked = false;
  typing = false;
  run("push");
  query.focus();
});
window.addEventListener("popstate", () => {
  restoreForm();
  typing = false;
  run("none");
});

form.hidden = false;
browse.hidden = true;
restoreForm();
run("none");
loadPagefind().catch(failed);
