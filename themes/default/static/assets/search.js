// The search page: a small query engine on the site's static index (docs/search.md).
//
// The server renders the form with every filter; this script shows it, runs the searches and
// writes the results. The form is the state: its fields (q, sort and one field per filter,
// repeated for each value) are what the URL holds, so a search can be shared, bookmarked and
// restored with the back button. Filter values are codes, the same in every language.
//
// The index (generator/search/) is a language's manifest plus small gzipped files fetched as
// needed: the shard of each word typed (its stems and their postings), the tails of very common
// words (after the first results are shown), the chunks of the documents shown, a filter's file
// when its group is opened or a value chosen, a sort's file when it is chosen. The manifest may
// list two layers: the base and an overlay of the entries changed since, whose base copies are
// in `deleted`. Documents are numbered across layers: the overlay's follow the base's.

const PAGE_SIZE = 10;
const TYPING_PAUSE_MS = 80; // one search per pause in typing, not per key (a brisk typist's keys come faster)
const SLOW_SEARCH_MS = 1000; // after this, say that the search is still running
const SORT_DIRECTIONS = { date: -1, title: 1, readiness: -1 };
const FACT_KEYS = ["country", "year", "date", "licence", "readiness"];
const MIN_WORD = 2; // as generator/search/text.py: single letters are not indexed
const MIN_PREFIX = 3; // the last word matches as a prefix from this length on
const PREFIX_WEIGHT = 0.7; // a word that only begins with what was typed counts for less
const MAX_EXPANSIONS = 24; // of a prefix, the commonest stems
const PREFIX_SHARDS = 3; // shards read for one prefix at most
const WORD = /[\p{L}\p{N}]+/gu;
const TEXT = new TextDecoder();

const form = document.getElementById("search");
const strings = JSON.parse(document.getElementById("search-strings").textContent);
const query = form.elements.q;
const sort = form.elements.sort;
const status = document.getElementById("search-status");
const offer = document.querySelector("[data-search-offer]");
const list = form.querySelector("[data-search-results]");
const more = form.querySelector("[data-search-more]");
const clear = form.querySelector("[data-search-clear]");
const browse = document.querySelector("[data-search-browse]");
const facets = [...form.querySelectorAll("[data-facet]")];
const plurals = new Intl.PluralRules(document.documentElement.lang);

let generation = 0; // the latest search; answers to older ones are dropped
let current = null; // the latest search's outcome: { index, ranked, highlight }
let shown = 0;
let typingTimer = 0;
let typing = false; // the history entry of this burst of typing exists already

function format(template, values) {
  return template.replace(/\{(\w+)\}/g, (_, key) => values[key]);
}

// The page gives "N results" in each plural category its language uses (CLDR's, as
// Intl.PluralRules names them: one, two, few, many, other): "2 wyniki", "5 wyników".
function countText(count) {
  const forms = strings.counts;
  return format(forms[plurals.select(count)] ?? forms.other ?? Object.values(forms)[0], { count });
}

// --- words, as generator/search/text.py folds them ----------------------------------------

function fold(word) {
  return word.toLowerCase().replace(/ß/g, "ss").replace(/ς/g, "σ").normalize("NFD").replace(/\p{M}/gu, "");
}

function queryWords(text) {
  // [folded word, may match as a prefix]: the last word while it is being typed.
  const found = [...text.normalize("NFC").matchAll(WORD)].map((match) => match[0]).filter((w) => w.length >= MIN_WORD);
  const open = found.length && !/[^\p{L}\p{N}]$/u.test(text);
  return found.map((word, i) => [fold(word), open && i === found.length - 1 && word.length >= MIN_PREFIX]);
}

// --- reading the index files --------------------------------------------------------------

async function fetchBytes(url) {
  const response = await fetch(url);
  if (!response.ok) throw new Error(`${url}: ${response.status}`);
  const inflated = response.body.pipeThrough(new DecompressionStream("gzip"));
  return new Uint8Array(await new Response(inflated).arrayBuffer());
}

class Bytes {
  constructor(data) {
    this.data = data;
    this.at = 0;
  }
  varint() {
    let value = 0;
    let scale = 1;
    for (;;) {
      const byte = this.data[this.at++];
      value += (byte & 0x7f) * scale;
      if (byte < 0x80) return value;
      scale *= 128;
    }
  }
  string() {
    const length = this.varint();
    this.at += length;
    return TEXT.decode(this.data.subarray(this.at - length, this.at));
  }
}

function decodeGroups(bytes) {
  // Postings in impact order: groups of (impact, count, ascending document deltas), read into
  // { documents, impacts } arrays.
  const groups = [];
  let total = 0;
  for (let n = bytes.varint(); n > 0; n--) {
    const impact = bytes.data[bytes.at++];
    const count = bytes.varint();
    groups.push([impact, count, bytes.at]);
    total += count;
    for (let i = 0; i < count; i++) while (bytes.data[bytes.at++] >= 0x80);
  }
  const documents = new Uint32Array(total);
  const impacts = new Uint8Array(total);
  let at = 0;
  for (const [impact, count, start] of groups) {
    bytes.at = start;
    let document = 0;
    for (let i = 0; i < count; i++, at++) {
      document += bytes.varint();
      documents[at] = document;
      impacts[at] = impact;
    }
  }
  return { documents, impacts };
}

class Layer {
  constructor(index, info, offset) {
    Object.assign(this, info);
    this.url = index.url + info.path;
    this.offset = offset; // its documents' numbers across the layers start here
    this.files = new Map(); // URL -> promise of its decoded content
  }

  load(path, decode) {
    const url = this.url + path;
    if (!this.files.has(url)) {
      const loading = fetchBytes(url).then(decode);
      loading.catch(() => this.files.delete(url)); // a failed fetch may be tried again
      this.files.set(url, loading);
    }
    return this.files.get(url);
  }

  shardOf(key) {
    // The last shard whose first key is not after `key` (code-unit order, as the build's for the
    // letters of Europe's languages).
    let low = 0;
    let high = this.shards.length - 1;
    while (low < high) {
      const middle = (low + high + 1) >> 1;
      if (this.shards[middle] <= key) low = middle;
      else high = middle - 1;
    }
    return low;
  }

  shard(number) {
    return this.load(`s/${number}.bin`, (data) => {
      const bytes = new Bytes(data);
      const keys = new Map();
      const count = bytes.varint();
      for (let position = 0; position < count; position++) {
        const key = bytes.string();
        const stems = [];
        for (let n = bytes.varint(); n > 0; n--) stems.push(bytes.string() || key);
        const entry = { key, stems, documents: bytes.varint(), tails: 0, head: null, shard: number, position };
        if (entry.documents) {
          entry.tails = bytes.varint();
          entry.head = decodeGroups(bytes);
        }
        keys.set(key, entry);
      }
      return keys;
    });
  }

  tail(entry, number) {
    return this.load(`t/${entry.shard}-${entry.position}-${number}.bin`, (data) => decodeGroups(new Bytes(data)));
  }

  filter(name) {
    if (!this.filters.includes(name)) return Promise.resolve(new Map());
    return this.load(`f/${name}.bin`, (data) => {
      const bytes = new Bytes(data);
      const values = new Map();
      for (let n = bytes.varint(); n > 0; n--) {
        const value = bytes.string();
        const documents = new Uint32Array(bytes.varint());
        let document = 0;
        for (let i = 0; i < documents.length; i++) documents[i] = document += bytes.varint();
        values.set(value, documents);
      }
      return values;
    });
  }

  sortValues(key) {
    if (!this.sorts.includes(key)) return Promise.resolve(null);
    return this.load(`o/${key}.bin`, (data) => {
      const bytes = new Bytes(data);
      const values = new Float64Array(this.documents);
      for (let i = 0; i < this.documents; i++) values[i] = bytes.varint() - 1; // -1: no value
      return values;
    });
  }

  rows(chunk) {
    return this.load(`d/${chunk}.bin`, (data) => JSON.parse(new TextDecoder().decode(data)));
  }
}

class Index {
  constructor(url) {
    this.url = url;
    this.ready = null;
  }

  open() {
    this.ready ||= (async () => {
      const response = await fetch(`${this.url}index.json`);
      if (!response.ok) throw new Error(`${this.url}index.json: ${response.status}`);
      const manifest = await response.json();
      let offset = 0;
      this.layers = manifest.layers.map((info) => {
        const layer = new Layer(this, info, offset);
        offset += info.documents;
        return layer;
      });
      this.size = offset;
      this.live = new Uint8Array(offset).fill(1); // documents a search may return
      for (const document of manifest.deleted) this.live[document] = 0;
      this.liveCount = offset - manifest.deleted.length;
      return this;
    })();
    this.ready.catch(() => (this.ready = null));
    return this.ready;
  }

  async word(word, prefix, complete) {
    // Documents (across layers) that hold the word -> its weight in each; and the keys to highlight.
    // Without `complete`, very common stems count with their first postings only.
    const highlight = new Set([word]);
    let pending = false;
    const found = [];
    const documentsOf = new Map(); // stem -> documents in every layer: its rarity
    for (const layer of this.layers) {
      for (const [entry, weight] of await this.stemsOf(layer, word, prefix)) {
        highlight.add(entry.key);
        documentsOf.set(entry.key, (documentsOf.get(entry.key) || 0) + entry.documents);
        found.push([layer, entry, weight]);
      }
    }
    const scores = new Map();
    for (const [layer, entry, weight] of found) {
      const df = documentsOf.get(entry.key);
      const idf = Math.log(1 + (this.liveCount - df + 0.5) / (df + 0.5));
      const lists = [entry.head];
      if (entry.tails) {
        if (complete) {
          lists.push(...(await Promise.all(Array.from({ length: entry.tails }, (_, n) => layer.tail(entry, n)))));
        } else pending = true;
      }
      const scale = (idf * weight) / 255;
      for (const { documents, impacts } of lists) {
        for (let i = 0; i < documents.length; i++) {
          const document = layer.offset + documents[i];
          if (!this.live[document]) continue;
          const score = scale * impacts[i];
          if (!(scores.get(document) >= score)) scores.set(document, score);
        }
      }
    }
    return { scores, highlight, pending };
  }

  async stemsOf(layer, word, prefix) {
    // [entry, weight] of each stem the word stands for in the layer: its own stems as a surface
    // word, and with `prefix` those of every key that begins with it (the commonest first).
    const exact = [];
    const extra = new Map();
    const first = layer.shardOf(word);
    // The following shards that begin with the prefix hold more of its words (the manifest says
    // which): they come together, not one after another.
    let reach = 1;
    while (prefix && reach < PREFIX_SHARDS && layer.shards[first + reach]?.startsWith(word)) reach++;
    const shards = await Promise.all(Array.from({ length: reach }, (_, n) => layer.shard(first + n)));
    const own = shards[0].get(word);
    if (own) exact.push(...(own.stems.length ? own.stems : own.documents ? [word] : []));
    if (prefix) {
      for (const shard of shards) {
        for (const [key, entry] of shard) {
          if (key.startsWith(word) && key !== word) {
            for (const stem of entry.stems.length ? entry.stems : entry.documents ? [key] : []) extra.set(stem, true);
          }
        }
      }
    }
    const entries = [];
    const seen = new Set();
    const stemEntries = await Promise.all(exact.map(async (stem) => (await layer.shard(layer.shardOf(stem))).get(stem)));
    for (const entry of stemEntries) {
      if (entry && entry.documents && !seen.has(entry.key)) {
        seen.add(entry.key);
        entries.push([entry, 1]);
      }
    }
    const candidates = [];
    for (const stem of extra.keys()) {
      if (seen.has(stem)) continue;
      const number = layer.shardOf(stem);
      if (number < first || number >= first + reach) continue; // out of the prefix's reach
      const entry = shards[number - first].get(stem);
      if (entry && entry.documents) candidates.push(entry);
    }
    candidates.sort((a, b) => b.documents - a.documents);
    for (const entry of candidates.slice(0, MAX_EXPANSIONS)) {
      seen.add(entry.key);
      entries.push([entry, PREFIX_WEIGHT]);
    }
    return entries;
  }

  async matches(words, complete) {
    // Documents that hold every word -> score; null when there are no words (every document).
    if (!words.length) return { scores: null, highlight: [], pending: false };
    const found = await Promise.all(words.map(([word, prefix]) => this.word(word, prefix, complete)));
    found.sort((a, b) => a.scores.size - b.scores.size);
    const scores = new Map();
    for (const [document, score] of found[0].scores) {
      let total = score;
      for (const other of found.slice(1)) {
        const more = other.scores.get(document);
        if (more === undefined) {
          total = -1;
          break;
        }
        total += more;
      }
      if (total >= 0) scores.set(document, total);
    }
    return {
      scores,
      highlight: found.flatMap((word) => [...word.highlight]),
      pending: found.some((word) => word.pending),
    };
  }

  valueSets(name) {
    // A filter's values -> the documents (across layers) that have each.
    this.filterSets ||= new Map();
    if (!this.filterSets.has(name)) {
      const loading = (async () => {
        const values = new Map();
        for (const layer of this.layers) {
          for (const [value, documents] of await layer.filter(name)) {
            if (!values.has(value)) values.set(value, []);
            values.get(value).push(documents.map((d) => d + layer.offset));
          }
        }
        return values;
      })();
      loading.catch(() => this.filterSets.delete(name));
      this.filterSets.set(name, loading);
    }
    return this.filterSets.get(name);
  }

  async mask(filters) {
    // Documents that have one of the chosen values of every filter chosen: a 0/1 array, or null for all.
    const names = Object.keys(filters);
    if (!names.length) return null;
    const passes = new Uint8Array(this.size);
    for (const name of names) {
      const values = await this.valueSets(name);
      const inFilter = new Uint8Array(this.size);
      for (const value of filters[name]) {
        for (const documents of values.get(value) || []) for (const d of documents) inFilter[d] = 1;
      }
      for (let d = 0; d < this.size; d++) passes[d] += inFilter[d];
    }
    for (let d = 0; d < this.size; d++) passes[d] = passes[d] === names.length ? 1 : 0;
    return passes;
  }

  async sortKeys(key) {
    const values = new Float64Array(this.size).fill(-1);
    for (const layer of this.layers) {
      const own = await layer.sortValues(key);
      if (own) values.set(own, layer.offset);
    }
    return values;
  }

  async search(state, complete) {
    // The ranked documents for a state, and what is needed to count its filters.
    const found = await this.matches(queryWords(state.query), complete);
    const passed = await this.mask(state.filters);
    const ranked = [];
    if (found.scores) {
      for (const [document, score] of found.scores) if (!passed || passed[document]) ranked.push([document, score]);
    } else {
      for (let document = 0; document < this.size; document++) {
        if (this.live[document] && (!passed || passed[document])) ranked.push([document, 0]);
      }
    }
    if (state.sort && SORT_DIRECTIONS[state.sort]) {
      const keys = await this.sortKeys(state.sort);
      const direction = SORT_DIRECTIONS[state.sort];
      const sorted = ranked.filter(([document]) => keys[document] >= 0);
      sorted.sort((a, b) => direction * (keys[a[0]] - keys[b[0]]) || a[0] - b[0]);
      return { ...found, ranked: sorted };
    }
    ranked.sort((a, b) => b[1] - a[1] || a[0] - b[0]);
    return { ...found, ranked };
  }

  async counts(state, name, complete) {
    // For each value of a filter, the results the search would have with that value chosen
    // (values of one filter are alternatives: counted without the filter's own choice).
    const others = { ...state.filters };
    delete others[name];
    const within = await this.search({ ...state, filters: others, sort: "" }, complete);
    const inResults = new Uint8Array(this.size);
    for (const [document] of within.ranked) inResults[document] = 1;
    const counts = new Map();
    for (const [value, lists] of await this.valueSets(name)) {
      let count = 0;
      for (const documents of lists) for (const d of documents) count += inResults[d];
      counts.set(value, count);
    }
    return counts;
  }

  async rows(documents) {
    return Promise.all(
      documents.map(async (document) => {
        const layer = this.layers.findLast((l) => l.offset <= document);
        const local = document - layer.offset;
        return (await layer.rows(Math.floor(local / layer.chunk)))[local % layer.chunk];
      }),
    );
  }
}

const index = new Index(form.dataset.index);
const defaultIndex = form.dataset.defaultIndex === form.dataset.index ? null : new Index(form.dataset.defaultIndex);

// --- the state: form <-> URL -------------------------------------------------------------

function readForm() {
  const data = new FormData(form);
  const filters = {};
  for (const facet of facets) {
    const values = data.getAll(facet.dataset.facet);
    if (values.length) filters[facet.dataset.facet] = values;
  }
  return { query: query.value.trim() + (/\s$/.test(query.value) ? " " : ""), sort: sort.value, filters };
}

function urlOf(state, path = location.pathname) {
  const params = new URLSearchParams();
  if (state.query.trim()) params.set("q", state.query.trim());
  for (const [name, values] of Object.entries(state.filters)) {
    for (const value of values) params.append(name, value);
  }
  if (state.sort) params.set("sort", state.sort);
  const search = params.toString();
  return path + (search ? `?${search}` : "");
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

function wantsCounts(facet, state) {
  return facet.open || facet.dataset.facet in state.filters;
}

function hasSearch(state) {
  return Boolean(queryWords(state.query).length || Object.keys(state.filters).length);
}

// --- running a search --------------------------------------------------------------------

async function run(how) {
  const state = readForm();
  remember(state, how);
  updateSelections(state);
  const mine = ++generation;
  offer.replaceChildren();
  offer.hidden = true;
  if (!hasSearch(state)) {
    current = null;
    shown = 0;
    list.replaceChildren();
    more.hidden = true;
    list.removeAttribute("aria-busy");
    status.textContent = strings.prompt;
    return;
  }
  list.setAttribute("aria-busy", "true");
  const slow = setTimeout(() => {
    if (mine === generation) status.textContent = strings.searching;
  }, SLOW_SEARCH_MS);
  try {
    await index.open();
    // First with the first postings of very common words: the best matches show at once; then
    // with all of them, for the exact number and the complete list.
    let outcome = await index.search(state, false);
    if (mine !== generation) return;
    if (outcome.pending && outcome.ranked.length) {
      await show(outcome, mine);
      clearTimeout(slow);
      if (mine !== generation) return;
      status.textContent = strings.counting;
    }
    if (outcome.pending) outcome = await index.search(state, true);
    if (mine !== generation) return;
    await show(outcome, mine);
    clearTimeout(slow);
    if (mine !== generation) return;
    list.removeAttribute("aria-busy");
    status.textContent = outcome.ranked.length ? countText(outcome.ranked.length) : strings.none;
    if (!outcome.ranked.length) await offerElsewhere(state, mine);
    await updateCounts(state, mine);
  } catch (error) {
    failed(error);
  } finally {
    clearTimeout(slow);
    if (mine === generation) list.removeAttribute("aria-busy");
  }
}

async function show(outcome, mine) {
  current = outcome;
  shown = 0;
  const items = await pageItems(0);
  if (mine !== generation) return;
  list.replaceChildren(...items);
  shown = items.length;
  updateMore();
}

async function pageItems(from) {
  const batch = current.ranked.slice(from, from + PAGE_SIZE).map(([document]) => document);
  const rows = await index.rows(batch);
  return rows.filter(Boolean).map((row) => resultItem(row, current.highlight));
}

function updateMore() {
  const total = current.ranked.length;
  more.hidden = shown >= total;
  if (!more.hidden) more.setAttribute("aria-label", `${strings.more} (${format(strings.shown, { shown, count: total })})`);
}

async function showMore() {
  const mine = generation;
  const items = await pageItems(shown);
  if (mine !== generation) return;
  list.append(...items);
  shown += items.length;
  updateMore();
  // Keyboard and screen reader users continue where the new results start.
  if (items.length) items[0].querySelector("a").focus();
}

async function offerElsewhere(state, mine) {
  // Nothing here: say whether the same words find something without the filters, or in the
  // site's default language, and offer to search there.
  if (!queryWords(state.query).length) return;
  if (Object.keys(state.filters).length) {
    const unfiltered = await index.search({ ...state, filters: {} }, true);
    if (mine !== generation) return;
    if (unfiltered.ranked.length) {
      status.textContent = strings.noneFiltered;
      const button = document.createElement("button");
      button.type = "button";
      button.textContent = `${strings.unfiltered} (${countText(unfiltered.ranked.length)})`;
      button.addEventListener("click", () => clear.click());
      offer.replaceChildren(button);
      offer.hidden = false;
      return;
    }
  }
  if (!defaultIndex) return;
  await defaultIndex.open();
  const there = await defaultIndex.search(state, true);
  if (mine !== generation || !there.ranked.length) return;
  status.textContent = strings.noneHere;
  const link = document.createElement("a");
  link.href = urlOf(state, form.dataset.defaultSearch);
  link.hreflang = form.dataset.defaultLang;
  link.textContent = `${strings.elsewhere} (${countText(there.ranked.length)})`;
  offer.replaceChildren(link);
  offer.hidden = false;
}

function marked(text, highlight) {
  // The text with each word that begins with a searched key in <mark> (built as nodes: no HTML).
  const parts = [];
  let at = 0;
  for (const match of text.matchAll(WORD)) {
    const folded = fold(match[0]);
    if (!highlight.some((key) => key.length >= MIN_WORD && folded.startsWith(key))) continue;
    parts.push(document.createTextNode(text.slice(at, match.index)));
    const mark = document.createElement("mark");
    mark.textContent = match[0];
    parts.push(mark);
    at = match.index + match[0].length;
  }
  parts.push(document.createTextNode(text.slice(at)));
  return parts;
}

function resultItem([url, title, kind, excerpt, meta], highlight) {
  const item = document.createElement("li");
  item.className = "search-result";
  if (strings.types[kind]) {
    const badge = document.createElement("p");
    badge.className = "search-result-kind";
    badge.textContent = strings.types[kind];
    item.append(badge);
  }
  const heading = document.createElement("h3");
  const link = document.createElement("a");
  link.href = url;
  link.append(...marked(title || url, highlight));
  heading.append(link);
  item.append(heading);
  if (excerpt) {
    const paragraph = document.createElement("p");
    paragraph.className = "search-result-excerpt";
    paragraph.append(...marked(excerpt, highlight));
    item.append(paragraph);
  }
  const facts = FACT_KEYS.map((key) => meta[key]).filter(Boolean);
  if (facts.length) {
    const line = document.createElement("p");
    line.className = "search-result-facts";
    line.textContent = facts.join(" · ");
    item.append(line);
  }
  return item;
}

async function updateCounts(state, mine) {
  for (const facet of facets) {
    const boxes = [...facet.querySelectorAll("input")];
    let counts = null;
    if (wantsCounts(facet, state)) {
      counts = await index.counts(state, facet.dataset.facet, true);
      if (mine !== generation) return;
    }
    for (const box of boxes) {
      const count = counts ? counts.get(box.value) || 0 : undefined;
      box.labels[0].querySelector("[data-count]").textContent = count === undefined ? "" : `(${count})`;
    }
  }
}

async function refreshCounts() {
  // A filter group was opened: count its values for the search shown, leaving the results as they are.
  const state = readForm();
  if (!hasSearch(state)) return;
  try {
    await index.open();
    await updateCounts(state, generation);
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
  // A key stops the search under way: its results would be those of words no longer typed.
  generation++;
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
more.addEventListener("click", () => showMore());
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
index.open().catch(failed);
