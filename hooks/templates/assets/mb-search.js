/* Minutebook search: a small front end over Pagefind's JavaScript API (pagefind.app/docs/api/).
   Pagefind's own UIs load every filter list before the first query (480 KB at 10,000 meetings);
   this one loads, for a first query, the engine, the newest bundle's page list, the index chunks of
   the query's words and the first results' fragments. Older minutes are bundles of their own
   (search-bundles.json lists them, newest first), merged in when a reader asks, or, when the newest
   finds too little, the next two by themselves. Filter menus read search-filters.json, written from
   the model, only when a reader opens them. See docs/search-performance.md. */

const PAGE_SIZE = 5; // results fetched at a time: each costs a fragment download
const SECTIONS = 3; // sections (item anchors) shown under a result
// Bundles a query reads by itself before it says what it found: each costs its page list and a chunk
// per word, so beyond these the reader chooses (the button offers the next older years).
const SEARCHED_UNASKED = 3;
// Kinds listed from the second bundle: actions and decisions as results of their own.
const RECORD_KINDS = new Set(["Action", "Decision"]);

// The dialog, written here rather than in the page: every page of the archive has the button,
// and only those where search is opened need the rest. Static markup, no data in it.
const DIALOG = `
<dialog class="mb-search__dialog" aria-labelledby="mb-search-title">
  <form class="mb-search__form" role="search" method="dialog">
    <h2 class="mb-search__title" id="mb-search-title">Search the minutes</h2>
    <label class="mb-search__label" for="mb-search-input">Search meetings, actions, decisions and people</label>
    <div class="mb-search__row">
      <input class="mb-search__input" id="mb-search-input" type="search" autocomplete="off" spellcheck="false" enterkeyhint="search">
      <button type="button" class="mb-search__close">Close</button>
    </div>
    <details class="mb-search__filters">
      <summary>Filters</summary>
      <div class="mb-search__menus">
        <div><label for="mb-search-kind">Type</label><select id="mb-search-kind" name="kind">
          <option value="">Meetings and people</option><option value="Meeting">Meetings</option><option value="Agenda">Agendas</option><option value="Person">People</option><option value="Action">Actions</option><option value="Decision">Decisions</option>
        </select></div>
        <div><label for="mb-search-body">Body</label><select id="mb-search-body" name="body"><option value="">Any body</option></select></div>
        <div><label for="mb-search-year">Year</label><select id="mb-search-year" name="year"><option value="">Any year</option></select></div>
        <div><label for="mb-search-person">Person</label><select id="mb-search-person" name="person"><option value="">Anyone</option></select></div>
        <div><label for="mb-search-status">Action status</label><select id="mb-search-status" name="status"><option value="">Any status</option></select></div>
      </div>
      <p class="mb-search__hint">Actions and decisions are found inside their meetings; choose a type to list them on their own.</p>
    </details>
  </form>
  <p class="mb-search__summary" role="status"></p>
  <button type="button" class="mb-search__older" hidden></button>
  <ol class="mb-search__results" aria-label="Results"></ol>
  <button type="button" class="mb-search__more" hidden>Show more results</button>
</dialog>`;

const box = document.querySelector(".mb-search");
if (box) start(box);

function start(box) {
  const root = new URL(box.dataset.root, document.baseURI).pathname.replace(/\/?$/, "/");
  const opener = box.querySelector(".mb-search__open");
  box.insertAdjacentHTML("beforeend", DIALOG);
  const dialog = box.querySelector(".mb-search__dialog");
  const input = dialog.querySelector(".mb-search__input");
  const filters = dialog.querySelector(".mb-search__filters");
  const menus = [...dialog.querySelectorAll(".mb-search__menus select")];
  const summary = dialog.querySelector(".mb-search__summary");
  const list = dialog.querySelector(".mb-search__results");
  const more = dialog.querySelector(".mb-search__more");
  const older = dialog.querySelector(".mb-search__older");
  const groups = new Map(); // "main" or "records": a Pagefind instance over some of the group's bundles
  let found = [];
  let shown = 0;
  let latest = 0; // the newest query: answers to older ones are dropped
  let timer = 0;

  const open = () => {
    if (!dialog.open) dialog.showModal();
    input.focus();
    input.select();
  };
  opener.addEventListener("click", open);
  dialog.querySelector(".mb-search__close").addEventListener("click", () => dialog.close());
  dialog.addEventListener("close", () => opener.focus());
  // A click on the backdrop (outside the dialog's box) closes it, as Escape does.
  dialog.addEventListener("click", (event) => {
    if (event.target === dialog) dialog.close();
  });
  document.addEventListener("keydown", (event) => {
    if (event.key !== "/" || dialog.open || event.ctrlKey || event.metaKey || event.altKey) return;
    if (event.target instanceof Element && event.target.closest("input, textarea, select, [contenteditable]")) return;
    event.preventDefault();
    open();
  });

  // Escape closes the search at once (a search field's own Escape would only clear it first).
  input.addEventListener("keydown", (event) => {
    if (event.key === "Escape") {
      event.preventDefault();
      dialog.close();
    }
  });
  input.addEventListener("input", () => {
    clearTimeout(timer);
    timer = setTimeout(run, 200);
  });
  // Enter searches at once (the form is method=dialog: keep it from closing).
  dialog.querySelector("form").addEventListener("submit", (event) => {
    event.preventDefault();
    clearTimeout(timer);
    run();
  });
  menus.forEach((menu) => menu.addEventListener("change", run));
  filters.addEventListener("toggle", () => filters.open && fillMenus(root, menus));
  older.addEventListener("click", async () => {
    await (await searcher(groupOf(chosenFilters())))?.includeNext();
    await run();
    // Focus stays on the button while there are older minutes still; once they are all searched it is gone.
    if (older.hidden) (list.querySelector("a") || input).focus();
  });
  more.addEventListener("click", async () => {
    const first = list.children.length;
    await showMore(latest);
    list.children[first]?.querySelector("a")?.focus();
  });

  // Arrow keys move between the field and the results' links, in order.
  dialog.addEventListener("keydown", (event) => {
    if (event.key !== "ArrowDown" && event.key !== "ArrowUp") return;
    const links = [...list.querySelectorAll("a")];
    if (!links.length) return;
    const at = links.indexOf(document.activeElement);
    if (document.activeElement !== input && at < 0) return;
    event.preventDefault();
    const next = event.key === "ArrowDown" ? at + 1 : at - 1;
    if (next < 0) input.focus();
    else links[Math.min(next, links.length - 1)].focus();
  });

  // One Pagefind instance per group, on its newest bundle; older bundles are merged into it on
  // demand, and then searched and ranked together with it.
  function searcher(name) {
    if (!groups.has(name)) {
      const opening = openGroup(name);
      opening.catch(() => groups.delete(name)); // try again with the next query
      groups.set(name, opening);
    }
    return groups.get(name);
  }

  async function openGroup(name) {
    const bundles = (await bundlePlan(root))[name];
    if (!bundles.length) return null; // e.g. no actions or decisions yet
    const options = { baseUrl: root, excerptLength: 24 };
    const newest = `${root}${bundles[0].path}`;
    const pagefind = await import(`${newest}pagefind.js`);
    // In the page, not a worker: the worker script is one more download, and queries are small.
    const instance = pagefind.createInstance({ ...options, basePath: newest, noWorker: true });
    let reach = 1; // bundles searched: always the newest ones, so the years searched are one span
    let merging = Promise.resolve(); // one merge at a time, in order
    const include = (count) => (merging = merging.then(async () => {
      while (reach < Math.min(count, bundles.length)) {
        await instance.mergeIndex(`${root}${bundles[reach].path}`, options);
        reach += 1;
      }
    }));
    // Each time twice as many bundles as before: few round trips to the oldest, few bytes if the next suffice.
    const doubled = () => Math.min(reach * 2, bundles.length);
    return {
      instance,
      // Unasked, no further than SEARCHED_UNASKED bundles: false when that is reached.
      widen: () => reach < SEARCHED_UNASKED && include(Math.min(doubled(), SEARCHED_UNASKED)).then(() => true),
      includeNext: () => include(doubled()),
      // Every bundle down to the one holding ``year``.
      includeYear: (year) => include(bundles.findIndex((bundle) => bundle.first <= year) + 1 || bundles.length),
      complete: () => reach === bundles.length,
      since: () => bundles[reach - 1].first,
      // The years the button adds: those of the bundles includeNext merges.
      next: () => ({ first: bundles[doubled() - 1].first, last: bundles[reach].last }),
    };
  }

  function chosenFilters() {
    const chosen = Object.fromEntries(menus.filter((m) => m.value).map((m) => [m.name, m.value]));
    if (chosen.status) chosen.kind = "Action"; // only actions have a status
    return chosen;
  }

  const groupOf = (chosen) => (RECORD_KINDS.has(chosen.kind) ? "records" : "main");
  // Whether older bundles are still left out of this search (a chosen year has merged what it needs).
  const partial = (group, chosen) => Boolean(group) && !group.complete() && !chosen.year;

  async function run() {
    const query = input.value.trim();
    const asked = ++latest;
    list.setAttribute("aria-busy", "true"); // until this query's results are in
    if (!query) {
      list.removeAttribute("aria-busy");
      found = [];
      list.replaceChildren();
      summary.textContent = "";
      more.hidden = older.hidden = true;
      return;
    }
    const chosen = chosenFilters();
    let group;
    let answer;
    try {
      group = await searcher(groupOf(chosen));
      if (chosen.year) await group?.includeYear(Number(chosen.year));
      answer = group ? await group.instance.search(query, { filters: chosen }) : { results: [] };
      // Too little in recent minutes: look a little further back before saying so.
      while (answer.results.length < PAGE_SIZE && partial(group, chosen) && (await group.widen())) {
        answer = await group.instance.search(query, { filters: chosen });
      }
    } catch (error) {
      if (asked === latest) {
        summary.textContent = "Search is not available just now. Please try again later.";
        list.removeAttribute("aria-busy");
      }
      throw error;
    }
    if (asked !== latest) return;
    found = answer.results;
    shown = 0;
    list.replaceChildren();
    await showMore(asked);
    if (asked !== latest) return;
    const count = found.length;
    const leftOut = partial(group, chosen);
    summary.textContent = (count === 0
      ? `No results for ${query}`
      : `${count} result${count === 1 ? "" : "s"} for ${query}`) + (leftOut ? ` in minutes since ${group.since()}` : "");
    older.hidden = !leftOut;
    if (leftOut) {
      const { first, last } = group.next();
      older.textContent = `Search ${first === last ? first : `${first} to ${last}`} too`;
    }
    list.removeAttribute("aria-busy");
  }

  async function showMore(asked) {
    const next = found.slice(shown, shown + PAGE_SIZE);
    const pages = await Promise.all(next.map((result) => result.data()));
    if (asked !== latest) return;
    for (const page of pages) list.append(renderResult(page));
    shown += next.length;
    more.hidden = shown >= found.length;
  }
}

const fetched = new Map(); // URL -> promise of its JSON; a failed fetch is forgotten, to be tried again

function readJson(url) {
  if (!fetched.has(url)) {
    fetched.set(url, fetch(url).then((response) => {
      if (!response.ok) throw new Error(`${url}: ${response.status}`);
      return response.json();
    }).catch((error) => {
      fetched.delete(url);
      throw error;
    }));
  }
  return fetched.get(url);
}

const bundlePlan = (root) => readJson(`${root}search-bundles.json`);

let menusFilled = false;

async function fillMenus(root, menus) {
  const values = await readJson(`${root}search-filters.json`);
  if (menusFilled) return; // opened twice before the values came
  menusFilled = true;
  for (const menu of menus) {
    for (const value of values[menu.name] || []) menu.add(new Option(value, value));
  }
}

function renderResult(page) {
  const item = element("li", "mb-result");
  const meta = page.meta || {};
  const context = element("p", "mb-result__context");
  context.append([meta.kind, meta.body, meta.date].filter(Boolean).join(" · "));
  if (meta.status) context.append(" · ", element("span", "mb-result__status", meta.status));
  if (meta.draft) context.append(" ", element("span", "mb-badge mb-badge--draft mb-result__draft", "Draft minutes"));
  const title = element("p", "mb-result__title");
  title.append(link(page.url, meta.title || page.url, "mb-result__link"));
  item.append(context, title);
  if (page.excerpt) item.append(excerpt(page.excerpt, "mb-result__excerpt"));
  const sections = pickSections(page.sub_results || []);
  if (sections.length) {
    const sublist = element("ul", "mb-result__sections");
    for (const section of sections) {
      const entry = element("li");
      entry.append(link(section.url, section.title, "mb-result__section"), excerpt(section.excerpt, "mb-result__section-excerpt"));
      sublist.append(entry);
    }
    item.append(sublist);
  }
  return item;
}

// The sections with the most matches, kept in page order; the page itself (no anchor) is the result.
function pickSections(subResults) {
  const sections = subResults.filter((sub) => sub.url.includes("#"));
  const best = new Set([...sections].sort((a, b) => b.locations.length - a.locations.length).slice(0, SECTIONS));
  return sections.filter((sub) => best.has(sub));
}

function element(name, className, text) {
  const node = document.createElement(name);
  if (className) node.className = className;
  if (text) node.textContent = text;
  return node;
}

function link(url, text, className) {
  const anchor = element("a", className, text);
  // Pagefind's URLs are paths on this site; anything else is not followed.
  if (url.startsWith("/") && !url.startsWith("//")) anchor.href = url;
  return anchor;
}

// Pagefind's excerpts are escaped text with <mark> around matches: keep the marks, nothing else.
function excerpt(html, className) {
  const paragraph = element("p", className);
  const parsed = document.createElement("template");
  parsed.innerHTML = html;
  for (const node of parsed.content.childNodes) {
    paragraph.append(node.nodeName === "MARK" ? element("mark", "", node.textContent) : node.textContent);
  }
  return paragraph;
}
