// sleuth's page: every view is "/" with its state in the address (so links can be shared and
// back/forward work). Document text is untrusted: it is only ever inserted as text (textContent,
// text nodes), never as HTML.
"use strict";

const PAGE_SIZE = 10;
const CONTEXT_STEP = 3;
const RECENT_KEY = "sleuth.recent";
const RECENT_MAX = 10;

const $ = (id) => document.getElementById(id);
const encoder = new TextEncoder();
const decoder = new TextDecoder();

// ---- small helpers ----------------------------------------------------------------------------

/** An element with text content and optional class. */
function el(tag, text, className) {
  const node = document.createElement(tag);
  if (text !== undefined && text !== null) node.textContent = String(text);
  if (className) node.className = className;
  return node;
}

/** `text` with the byte ranges `ranges` (UTF-8, as the API gives them) wrapped in <mark>; a
 * range's optional third element is the mark's class. */
function marked(text, ranges) {
  const fragment = document.createDocumentFragment();
  const bytes = encoder.encode(text);
  let at = 0;
  const sorted = (ranges || []).slice().sort((a, b) => a[0] - b[0]);
  for (const [start, end, className] of sorted) {
    if (start < at || end > bytes.length) continue;
    if (start > at) fragment.append(decoder.decode(bytes.subarray(at, start)));
    fragment.append(el("mark", decoder.decode(bytes.subarray(start, end)), className));
    at = end;
  }
  if (at < bytes.length) fragment.append(decoder.decode(bytes.subarray(at)));
  return fragment;
}

function showError(message) {
  const box = $("error");
  box.textContent = message || "";
  box.hidden = !message;
}

/** Fetches JSON from the API; an error answer becomes an exception with the server's message. */
async function api(path, body) {
  const init = body === undefined ? {} : {
    method: "POST",
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify(body),
  };
  const response = await fetch(path, init);
  const isJson = (response.headers.get("Content-Type") || "").includes("application/json");
  if (!response.ok) {
    const detail = isJson ? (await response.json()).error : await response.text();
    throw new Error(detail || `the server answered ${response.status}`);
  }
  return isJson ? response.json() : response.text();
}

function params() {
  return new URLSearchParams(location.search);
}

/** Goes to the view the parameters describe, as a new history entry (or replacing the current). */
function go(parameters, replace) {
  const url = "/?" + parameters.toString();
  if (replace) history.replaceState(null, "", url);
  else history.pushState(null, "", url);
  render();
}

function downloadLink(link, text, type) {
  if (link.dataset.url) URL.revokeObjectURL(link.dataset.url);
  link.dataset.url = URL.createObjectURL(new Blob([text], { type }));
  link.href = link.dataset.url;
}

function csvField(value) {
  const text = String(value ?? "");
  return /[",\r\n]/.test(text) ? '"' + text.replace(/"/g, '""') + '"' : text;
}

/** Parses CSV (RFC 4180: quoted fields with commas, quotes and line breaks) into rows of fields. */
function parseCsv(text) {
  const rows = [];
  let row = [], field = "", quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') { field += '"'; i++; }
      else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ",") { row.push(field); field = ""; }
    else if (c === "\n" || c === "\r") {
      if (c === "\r" && text[i + 1] === "\n") i++;
      row.push(field); rows.push(row); row = []; field = "";
    } else field += c;
  }
  if (field !== "" || row.length) { row.push(field); rows.push(row); }
  return rows;
}

async function copyText(text, status) {
  try {
    await navigator.clipboard.writeText(text);
    status.textContent = "Copied.";
  } catch (_) {
    status.textContent = "Select the citation and copy it (the browser refused).";
  }
}

// ---- status -----------------------------------------------------------------------------------

async function loadStatus() {
  try {
    const s = await api("/api/status");
    const updated = s.updated ? new Date(s.updated * 1000).toLocaleString() : "never";
    $("status").textContent =
      `${s.documents} documents · ${s.passages} passages · updated ${updated}`;
    $("status").title = `index ${s.index}; corpus ${s.corpus.join(", ")}`;
  } catch (err) {
    $("status").textContent = "";
  }
}

// ---- recent searches --------------------------------------------------------------------------

function recentSearches() {
  try {
    const list = JSON.parse(localStorage.getItem(RECENT_KEY) || "[]");
    return Array.isArray(list) ? list.filter((q) => typeof q === "string") : [];
  } catch (_) {
    return [];
  }
}

function remember(query) {
  const list = [query, ...recentSearches().filter((q) => q !== query)].slice(0, RECENT_MAX);
  try { localStorage.setItem(RECENT_KEY, JSON.stringify(list)); } catch (_) { /* private mode */ }
}

function showRecent() {
  const list = recentSearches();
  const datalist = $("recent-list");
  datalist.replaceChildren(...list.map((q) => { const o = el("option"); o.value = q; return o; }));
  const items = $("recent-items");
  items.replaceChildren(...list.map((q) => {
    const a = el("a", q);
    const p = new URLSearchParams({ view: "search", q });
    a.href = "/?" + p;
    a.dataset.nav = "";
    const li = el("li");
    li.append(a);
    return li;
  }));
  $("recent").hidden = list.length === 0;
}

// ---- search -----------------------------------------------------------------------------------

/** The query sent to the API: the typed query, narrowed to the ticked documents. */
function effectiveQuery(query, documents) {
  if (!documents.length) return query;
  const ids = documents.map((id) => '"' + id.replace(/"/g, "") + '"').join(" OR ");
  return `+(${query}) doc:(${ids})`;
}

function searchUrl(p, changes) {
  const next = new URLSearchParams(p);
  for (const [key, value] of Object.entries(changes)) {
    next.delete(key);
    if (Array.isArray(value)) value.forEach((v) => next.append(key, v));
    else if (value !== null && value !== undefined && value !== "") next.set(key, value);
  }
  return next;
}

let currentResults = null;

async function renderSearch(p) {
  const query = p.get("q") || "";
  $("q").value = query;
  $("docs").checked = p.get("docs") === "1";
  $("group").checked = p.get("group") === "1";
  showRecent();
  if (!query.trim()) {
    $("results").hidden = true;
    document.title = "sleuth";
    return;
  }
  $("recent").hidden = true;
  document.title = `${query} – sleuth`;
  const page = Math.max(1, parseInt(p.get("page") || "1", 10) || 1);
  const narrowed = p.getAll("doc");
  const search = new URLSearchParams({
    q: effectiveQuery(query, narrowed),
    limit: PAGE_SIZE,
    offset: (page - 1) * PAGE_SIZE,
  });
  if (p.get("docs") === "1") search.set("docs", "1");
  if (p.get("group") === "1") search.set("group", "1");
  const [results, documents] = await Promise.all([
    api("/api/search?" + search),
    api("/api/documents?" + new URLSearchParams({ q: query, limit: 100 })),
  ]);
  remember(query);
  currentResults = results;
  $("results").hidden = false;
  renderDocuments(p, documents, narrowed);
  renderHits(p, results, page);
}

function renderDocuments(p, documents, narrowed) {
  $("documents-total").textContent = `(${documents.total})`;
  const list = $("documents");
  list.replaceChildren(...documents.documents.map((d) => {
    const li = el("li");
    const label = el("label");
    const box = el("input");
    box.type = "checkbox";
    box.checked = narrowed.includes(d.doc_id);
    box.addEventListener("change", () => {
      const ids = box.checked ? [...narrowed, d.doc_id] : narrowed.filter((id) => id !== d.doc_id);
      go(searchUrl(p, { doc: ids, page: null }));
    });
    label.append(box, " ", el("span", d.title || d.doc_id, "doc-title"), " ",
      el("span", `${d.passages}`, "count"));
    label.title = d.path;
    li.append(label);
    return li;
  }));
  $("clear-documents").hidden = narrowed.length === 0;
}

function hitItem(p, hit, unit) {
  const item = el("article", null, "hit");
  const head = el("h3");
  head.append(el("span", `${hit.rank}.`, "rank"), " ");
  const open = el("a");
  open.textContent = hit.title + (hit.section ? " › " + hit.section : "");
  open.href = "/?" + docViewParams(p, hit.citation);
  open.dataset.nav = "";
  open.className = "open-hit";
  head.append(open, " ", el("span", `score ${hit.score.toFixed(2)}`, "score"));
  const snippet = el("p", null, "snippet");
  snippet.append(marked(hit.snippet, hit.snippet_highlights));
  const citation = el("p", null, "cite");
  citation.append(el("code", hit.citation));
  item.append(head, snippet, citation);
  item.dataset.unit = unit;
  return item;
}

function docViewParams(p, citation) {
  const next = new URLSearchParams({ view: "doc", citation });
  if (p.get("q")) next.set("q", p.get("q"));
  p.getAll("doc").forEach((d) => next.append("doc", d));
  for (const key of ["docs", "group", "page"]) if (p.get(key)) next.set(key, p.get(key));
  return next;
}

function renderHits(p, results, page) {
  const unit = p.get("docs") === "1" ? "document" : "passage";
  const from = results.hits.length ? (page - 1) * PAGE_SIZE + 1 : 0;
  const to = (page - 1) * PAGE_SIZE + results.hits.length;
  $("summary").textContent = results.total === 0
    ? `No ${unit}s match.`
    : `${unit}s ${from}–${to} of ${results.total}`;
  $("notes").replaceChildren(...results.notes.map((n) => el("li", "Note: " + n)));
  const hits = $("hits");
  if (results.groups && results.groups.length) {
    const byRank = new Map(results.hits.map((h) => [h.rank, h]));
    hits.replaceChildren(...results.groups.map((g) => {
      const section = el("section", null, "group");
      section.append(el("h2", `${g.title} (${g.ranks.length})`));
      g.ranks.forEach((rank) => section.append(hitItem(p, byRank.get(rank), unit)));
      return section;
    }));
  } else {
    hits.replaceChildren(...results.hits.map((hit) => hitItem(p, hit, unit)));
  }
  $("page-info").textContent = results.total ? `page ${page} of ${Math.ceil(results.total / PAGE_SIZE)}` : "";
  $("prev-page").disabled = page <= 1;
  $("next-page").disabled = to >= results.total;
  exportResults(results);
}

function exportResults(results) {
  const csv = ["rank,citation,title,section,score,text"].concat(results.hits.map((h) =>
    [h.rank, h.citation, h.title, h.section || "", h.score.toFixed(2), h.text].map(csvField).join(",")));
  downloadLink($("export-csv"), csv.join("\r\n") + "\r\n", "text/csv");
  const md = [`# sleuth: ${results.query}`, ""];
  for (const h of results.hits) {
    md.push(`${h.rank}. **${h.title}${h.section ? " › " + h.section : ""}** (score ${h.score.toFixed(2)})`);
    md.push(`   \`${h.citation}\``, "");
    md.push(...h.text.split("\n").map((line) => "   > " + line), "");
  }
  downloadLink($("export-md"), md.join("\n"), "text/markdown");
}

// ---- document view ----------------------------------------------------------------------------

async function renderDocument(p) {
  const citation = p.get("citation") || "";
  const context = Math.max(0, parseInt(p.get("context") || String(CONTEXT_STEP), 10) || 0);
  const query = p.get("q") || "";
  const shown = await api("/api/show?" + new URLSearchParams({ citation, context }));
  const cited = shown.passages.filter((x) => x.role === "cited");
  const first = cited[0] || shown.passages[0];
  if (!first) throw new Error("the citation names no passage");
  // The hits of the query in this document, in reading order: the stops of next/previous.
  let hits = [];
  if (query.trim()) {
    const search = new URLSearchParams({
      q: effectiveQuery(query, [first.doc_id]),
      limit: 100,
    });
    const results = await api("/api/search?" + search);
    hits = results.hits.filter((h) => h.doc_id === first.doc_id)
      .sort((a, b) => a.byte_start - b.byte_start);
  }
  // Titles and headings share paragraph number 0: a passage is known by where it starts.
  const byStart = new Map(hits.map((h) => [h.byte_start, h]));
  document.title = `${first.title} – sleuth`;
  $("doc-title").textContent = first.title + (first.section ? " › " + first.section : "");
  $("doc-citation").textContent = cited.length > 1 ? shown.citation : first.citation;
  $("copied").textContent = "";
  const text = $("doc-text");
  let current = null;
  text.replaceChildren(...shown.passages.map((passage) => {
    const block = el("div", null, "passage " + passage.role);
    block.dataset.paragraph = passage.paragraph;
    block.dataset.start = passage.byte_start;
    const hit = byStart.get(passage.byte_start);
    const body = el("p", null, "passage-text");
    if (hit) body.append(marked(hit.text, hit.highlights));
    else body.textContent = passage.text;
    const where = el("p", `lines ${passage.line_start}–${passage.line_end}, paragraph ${passage.paragraph}` +
      (passage.section ? `, section “${passage.section}”` : ""), "where");
    block.append(where, body);
    if (passage.role === "cited" && !current) current = block;
    return block;
  }));
  if (current) {
    current.id = "current";
    current.scrollIntoView({ block: "center" });
  }
  const at = hits.findIndex((h) => h.byte_start === first.byte_start);
  const step = (delta) => {
    const next = hits[at + delta];
    if (!next) return;
    const q = new URLSearchParams(p);
    q.set("citation", next.citation);
    go(q);
  };
  $("prev-hit").onclick = () => step(-1);
  $("next-hit").onclick = () => step(1);
  $("prev-hit").disabled = at <= 0;
  $("next-hit").disabled = at < 0 || at >= hits.length - 1;
  $("hit-position").textContent = hits.length
    ? (at >= 0 ? `hit ${at + 1} of ${hits.length} in this document` : `${hits.length} hits in this document`)
    : "";
  $("prev-hit").hidden = $("next-hit").hidden = hits.length === 0;
  const more = (key) => () => {
    const q = new URLSearchParams(p);
    q.set("context", String(context + CONTEXT_STEP));
    go(q, true);
  };
  $("more-before").onclick = more("before");
  $("more-after").onclick = more("after");
  // The original file, at the cited page when the document has pages (PDF).
  const original = $("open-original");
  const page = first.page && first.page.first;
  original.href = "/original?" + new URLSearchParams({ doc: first.doc_id }) + (page ? `#page=${page}` : "");
  original.textContent = page ? `Open the original at page ${page}` : "Open the original file";
  original.hidden = first.path.includes("#");
  $("copy-citation").onclick = () => copyText($("doc-citation").textContent, $("copied"));
  const back = new URLSearchParams(p);
  back.set("view", "search");
  for (const key of ["citation", "context"]) back.delete(key);
  $("back-to-results").href = "/?" + back;
  $("back-to-results").hidden = !query;
}

// ---- verify -----------------------------------------------------------------------------------

const VERDICTS = {
  verbatim: "Verbatim: the quote is in the corpus word for word.",
  close: "Close: not word for word, but a passage says nearly the same. The differences are marked.",
  absent: "Absent: nothing in the corpus comes close. The nearest passages by keyword follow.",
};

function diffLine(diff) {
  const line = el("p", null, "diff");
  for (const d of diff) {
    if (d.op === "same") line.append(d.quote, " ");
    if (d.op === "changed" || d.op === "dropped") line.append(el("del", d.source), " ");
    if (d.op === "changed" || d.op === "added") line.append(el("ins", d.quote), " ");
  }
  return line;
}

async function renderVerify(p) {
  const quote = p.get("quote") || "";
  $("quote").value = quote;
  $("verdict").hidden = true;
  $("diff-legend").hidden = true;
  $("places").replaceChildren();
  if (!quote.trim()) return;
  document.title = "verify – sleuth";
  const v = await api("/api/verify", { quote });
  const verdict = $("verdict");
  verdict.replaceChildren(el("strong", v.verdict.toUpperCase()), " ", VERDICTS[v.verdict] || "");
  verdict.className = "verdict " + v.verdict;
  verdict.hidden = false;
  if (v.unchecked) verdict.append(el("p", `${v.unchecked} more passages hold these words and were not checked.`, "dim"));
  $("diff-legend").hidden = !v.matches.some((m) => m.diff);
  $("places").replaceChildren(...v.matches.map((m) => {
    const li = el("li", null, "place");
    const head = el("h3");
    const open = el("a", m.title + (m.section ? " › " + m.section : ""));
    open.href = "/?" + new URLSearchParams({ view: "doc", citation: m.citation });
    open.dataset.nav = "";
    head.append(open, " ", el("span", `similarity ${m.similarity.toFixed(2)}`, "score"));
    const cite = el("p", null, "cite");
    cite.append(el("code", m.citation), " ",
      el("span", `line ${m.line_start} column ${m.column_start} to line ${m.line_end} column ${m.column_end}`, "dim"));
    const text = el("p", null, "passage-text");
    text.append(marked(m.text, m.highlights));
    li.append(head, cite);
    if (m.diff) li.append(diffLine(m.diff));
    li.append(text);
    return li;
  }));
}

// ---- check ------------------------------------------------------------------------------------

const OUTCOMES = { same: "same", differs: "differs", missing: "not given" };

/** A fact as written, with its hedge when the value carries one apart. */
function factText(value, hedge) {
  if (value === null || value === undefined) return "—";
  return hedge && !value.startsWith(hedge) ? `${hedge} ${value}` : value;
}

/** The claim's facts beside the source's, one row each; a differing one flagged in words. */
function factsTable(facts) {
  const table = el("table", null, "facts");
  const head = el("tr");
  head.append(el("th", "fact"), el("th", "the claim says"), el("th", "the source says"), el("th", "outcome"));
  const body = el("tbody");
  body.append(...facts.map((f) => {
    const row = el("tr", null, "fact " + f.outcome);
    row.append(el("td", f.kind), el("td", factText(f.claim, f.claim_hedge)),
      el("td", factText(f.source, f.source_hedge)), el("td", OUTCOMES[f.outcome] || f.outcome, "outcome"));
    return row;
  }));
  const thead = el("thead");
  thead.append(head);
  table.append(thead, body);
  return table;
}

function docLink(title, section, citation) {
  const open = el("a", title + (section ? " › " + section : ""));
  open.href = "/?" + new URLSearchParams({ view: "doc", citation });
  open.dataset.nav = "";
  return open;
}

function sourceItem(source) {
  const li = el("li", null, "place source " + source.stance);
  const head = el("h3");
  head.append(el("span", source.stance.toUpperCase(), "stance " + source.stance), " ",
    docLink(source.title, source.section, source.citation), " ",
    el("span", `covers ${Math.round(source.coverage * 100)}% of the claim`, "score"));
  const cite = el("p", null, "cite");
  cite.append(el("code", source.citation));
  li.append(head, cite);
  if (source.facts.length) {
    const wrap = el("div", null, "table-wrap");
    wrap.append(factsTable(source.facts));
    li.append(wrap);
  }
  const values = source.facts.filter((f) => f.source_range)
    .map((f) => [...f.source_range, "fact " + f.outcome]);
  const text = el("p", null, "passage-text");
  text.append(marked(source.text, [...source.highlights, ...values]));
  li.append(text);
  return li;
}

async function renderCheck(p) {
  const claim = p.get("claim") || "";
  $("claim").value = claim;
  for (const id of ["check-verdict", "check-legend", "disagreements"]) $(id).hidden = true;
  $("sources").replaceChildren();
  if (!claim.trim()) return;
  document.title = "check – sleuth";
  const c = await api("/api/check", { claim });
  const differs = c.sources.some((s) => s.stance === "differs");
  const verdict = $("check-verdict");
  verdict.replaceChildren(el("strong", c.verdict));
  verdict.className = "verdict " + (c.stated ? "stated" : differs ? "differs" : "unstated");
  verdict.hidden = false;
  $("check-legend").hidden = c.sources.length === 0;
  $("sources").replaceChildren(...c.sources.map(sourceItem));
  $("disagreement-items").replaceChildren(...c.disagreements.map((d) => {
    const li = el("li");
    li.append(el("strong", `On the ${d.kind}:`));
    const list = el("ul");
    list.append(...d.values.map((v) => {
      const item = el("li");
      const source = c.sources.find((s) => s.doc_id === v.doc_id);
      item.append(docLink(source ? source.title : v.doc_id, null, v.citation), " says ",
        el("q", factText(v.value, v.hedge)), " ", el("code", v.citation));
      return item;
    }));
    li.append(list);
    return li;
  }));
  $("disagreements").hidden = c.disagreements.length === 0;
}

// ---- batch ------------------------------------------------------------------------------------

const BATCH_COLUMNS = ["line", "input", "verdict", "count", "citation", "score"];

function offerColumns(text) {
  const select = $("batch-column");
  const chosen = select.value;
  const firstLine = text.split(/\r?\n/, 1)[0] || "";
  const header = firstLine.includes(",") ? (parseCsv(firstLine)[0] || []) : [];
  const options = [el("option", "(one per line, not CSV)")];
  options[0].value = "";
  for (const name of header.map((h) => h.trim()).filter(Boolean)) {
    const o = el("option", name);
    o.value = name;
    options.push(o);
  }
  select.replaceChildren(...options);
  if (header.map((h) => h.trim()).includes(chosen)) select.value = chosen;
}

async function runBatch(event) {
  event.preventDefault();
  showError("");
  const mode = document.querySelector('input[name="mode"]:checked').value;
  const body = { mode, text: $("batch-text").value, format: "csv" };
  if ($("batch-column").value) body.column = $("batch-column").value;
  $("batch-summary").textContent = "Running…";
  try {
    const csv = await api("/api/batch", body);
    const rows = parseCsv(csv);
    const header = rows.shift() || [];
    const columns = BATCH_COLUMNS.map((name) => header.indexOf(name));
    $("batch-head").replaceChildren(...BATCH_COLUMNS.map((name) => el("th", name)));
    $("batch-rows").replaceChildren(...rows.map((row) => {
      const tr = el("tr");
      columns.forEach((i, k) => {
        const td = el("td", row[i] ?? "");
        if (BATCH_COLUMNS[k] === "verdict") td.className = "verdict-cell " + (row[i] || "");
        tr.append(td);
      });
      return tr;
    }));
    $("batch-table").hidden = false;
    const verdict = header.indexOf("verdict");
    const counts = {};
    rows.forEach((r) => { counts[r[verdict]] = (counts[r[verdict]] || 0) + 1; });
    $("batch-summary").textContent = `${rows.length} inputs: ` +
      Object.entries(counts).map(([k, n]) => `${n} ${k}`).join(", ");
    downloadLink($("batch-download"), csv, "text/csv");
    $("batch-download").hidden = false;
  } catch (err) {
    $("batch-summary").textContent = "";
    showError(err.message);
  }
}

// ---- views ------------------------------------------------------------------------------------

const RENDERERS = {
  search: renderSearch, doc: renderDocument, verify: renderVerify, check: renderCheck, batch: async () => {},
};

let rendering = 0;

async function render() {
  const p = params();
  const view = RENDERERS[p.get("view")] ? p.get("view") : "search";
  const ticket = ++rendering;
  showError("");
  document.querySelectorAll("main > section[data-view]").forEach((s) => { s.hidden = s.dataset.view !== view; });
  document.querySelectorAll(".views a").forEach((a) => {
    if (a.dataset.view === view || (view === "doc" && a.dataset.view === "search")) a.setAttribute("aria-current", "page");
    else a.removeAttribute("aria-current");
  });
  try {
    await RENDERERS[view](p);
  } catch (err) {
    if (ticket === rendering) showError(err.message);
  }
  document.body.dataset.ready = String(ticket);
}

function setUp() {
  $("search-form").addEventListener("submit", (event) => {
    event.preventDefault();
    const query = $("q").value.trim();
    if (!query) return;
    const next = new URLSearchParams({ view: "search", q: query });
    if ($("docs").checked) next.set("docs", "1");
    if ($("group").checked) next.set("group", "1");
    go(next);
  });
  for (const id of ["docs", "group"]) {
    $(id).addEventListener("change", () => {
      if (!$("q").value.trim()) return;
      go(searchUrl(params(), { view: "search", q: $("q").value.trim(), [id]: $(id).checked ? "1" : null, page: null }));
    });
  }
  const turn = (delta) => () => {
    const p = params();
    const page = Math.max(1, (parseInt(p.get("page") || "1", 10) || 1) + delta);
    go(searchUrl(p, { page: page > 1 ? String(page) : null }));
    window.scrollTo(0, 0);
  };
  $("prev-page").addEventListener("click", turn(-1));
  $("next-page").addEventListener("click", turn(1));
  $("clear-documents").addEventListener("click", () => go(searchUrl(params(), { doc: [], page: null })));
  $("verify-form").addEventListener("submit", (event) => {
    event.preventDefault();
    const quote = $("quote").value.trim();
    if (quote) go(new URLSearchParams({ view: "verify", quote }));
  });
  $("check-form").addEventListener("submit", (event) => {
    event.preventDefault();
    const claim = $("claim").value.trim();
    if (claim) go(new URLSearchParams({ view: "check", claim }));
  });
  $("batch-form").addEventListener("submit", runBatch);
  $("batch-text").addEventListener("input", () => offerColumns($("batch-text").value));
  $("batch-file").addEventListener("change", async () => {
    const file = $("batch-file").files[0];
    if (!file) return;
    $("batch-text").value = await file.text();
    offerColumns($("batch-text").value);
  });
  // Links inside the page change the view without reloading it.
  document.addEventListener("click", (event) => {
    const link = event.target.closest("a[data-nav]");
    if (!link || event.ctrlKey || event.metaKey || event.shiftKey || event.button !== 0) return;
    event.preventDefault();
    history.pushState(null, "", link.getAttribute("href"));
    render();
  });
  document.addEventListener("keydown", (event) => {
    const typing = event.target.closest("input, textarea, select");
    if (event.key === "/" && !typing && !event.ctrlKey && !event.metaKey) {
      event.preventDefault();
      if ((params().get("view") || "search") !== "search") {
        go(searchUrl(params(), { view: "search", citation: null, context: null }));
      }
      $("q").focus();
      $("q").select();
    }
  });
  window.addEventListener("popstate", render);
  loadStatus();
  render();
}

document.addEventListener("DOMContentLoaded", setUp);
