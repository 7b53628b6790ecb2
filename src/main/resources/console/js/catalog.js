// The catalog page: search items by id prefix or title (the node's in-memory catalog), and an item with its
// popularity and its similar items. The query and the open item live in the URL (?page=catalog&q=…&item=…), so a
// view can be shared and the back button works.
import { api, ApiError } from './api.js';
import { el, number, when } from './dom.js';

const LIMIT = 25;
const SIMILAR = 10;

export function showCatalog(page, params) {
  const view = layout(params.get('q') ?? '');
  page.replaceChildren(view.root);
  document.title = 'Catalog · Ebb console';

  let typing = null;
  view.search.addEventListener('input', () => {
    clearTimeout(typing);
    typing = setTimeout(() => navigate({ q: view.search.value.trim() || null, item: null }), 250);
  });
  view.form.addEventListener('submit', (e) => {
    e.preventDefault();
    navigate({ q: view.search.value.trim() || null, item: null });
  });
  // Links to items and searches stay on this page: the state changes, not the document.
  view.root.addEventListener('click', (e) => {
    const link = e.target.closest('a[data-item]');
    if (link && !e.ctrlKey && !e.metaKey) {
      e.preventDefault();
      navigate({ item: link.dataset.item });
    }
  });
  window.addEventListener('popstate', () => render(view, new URLSearchParams(location.search)));

  function navigate(changes) {
    const next = new URLSearchParams(location.search);
    next.set('page', 'catalog');
    for (const [k, v] of Object.entries(changes)) {
      if (v === null) {
        next.delete(k);
      } else {
        next.set(k, v);
      }
    }
    history.pushState(null, '', `?${next}`);
    render(view, next);
  }

  render(view, params);
}

function layout(q) {
  const search = el('input', {
    id: 'catalog-search', type: 'search', placeholder: 'an item id or part of a title', autocomplete: 'off',
    'aria-label': 'search the catalog', maxlength: 200, value: q,
  });
  const form = el('form', { class: 'catalog-search' }, search, el('button', { type: 'submit' }, 'Search'));
  const heading = el('h2', { id: 'results-heading' }, 'Most popular');
  const note = el('p', { class: 'muted small', id: 'results-note' });
  const results = el('ol', { class: 'item-list', id: 'catalog-results' });
  const item = el('section', { class: 'card item-detail', id: 'item-detail', hidden: true });
  const root = el('div', { class: 'catalog-page' },
    el('section', { class: 'user-head' }, el('h1', {}, 'Catalog'), form),
    el('div', { class: 'columns' },
      el('div', { class: 'column' }, el('section', { class: 'card' }, heading, note, results)),
      el('div', { class: 'column' }, item)));
  return { root, search, form, heading, note, results, item };
}

async function render(view, params) {
  const q = params.get('q');
  if (document.activeElement !== view.search) {
    view.search.value = q ?? '';
  }
  const itemId = params.get('item');
  await Promise.all([showResults(view, q), itemId ? showItem(view, itemId) : hideItem(view)]);
}

async function showResults(view, q) {
  const path = q ? `../v1/items?q=${encodeURIComponent(q)}&limit=${LIMIT}` : `../v1/items?limit=${LIMIT}`;
  try {
    const list = await api(path);
    if (q !== (new URLSearchParams(location.search).get('q'))) {
      return; // a newer search was typed meanwhile
    }
    view.heading.textContent = q ? `Items matching \u201c${q}\u201d` : 'Most popular';
    view.note.textContent = q
      ? `${list.matches} match${list.matches === 1 ? '' : 'es'}${list.matches > list.items.length
        ? `, the best ${list.items.length} shown` : ''}: ids starting with the text first, then titles`
        + ' (a word starting with it first), the more popular first.'
      : `${list.matches} items in the catalog; the most interacted with first.`;
    view.results.dataset.q = q ?? '';
    view.results.replaceChildren(...list.items.map(listed));
    if (!list.items.length) {
      view.results.replaceChildren(el('p', { class: 'muted' }, 'No item matches.'));
    }
  } catch (e) {
    view.note.textContent = e instanceof ApiError && e.body?.field === 'q'
      ? e.body.message : `Cannot search: ${e.message}`;
    view.results.replaceChildren();
  }
}

function listed(item) {
  return el('li', { 'data-item': item.itemId },
    el('a', { href: `?page=catalog&item=${encodeURIComponent(item.itemId)}`, 'data-item': item.itemId, class: 'title' },
      item.title),
    el('span', { class: 'events muted', title: 'events on this item, every node' },
      `${item.popularity.events} event${item.popularity.events === 1 ? '' : 's'}`),
    el('div', { class: 'bar' }, el('span', { style: `width:${Math.max(1, 100 * item.popularity.relative)}%` })),
    el('div', { class: 'item-id muted' }, item.itemId, ' ', ...(item.tags ?? []).slice(0, 6)
      .map((t) => el('span', { class: 'chip' }, t))));
}

function hideItem(view) {
  view.item.hidden = true;
  view.item.replaceChildren();
}

async function showItem(view, itemId) {
  view.item.hidden = false;
  view.item.dataset.item = itemId;
  view.item.replaceChildren(el('p', { class: 'muted' }, 'Loading…'));
  const path = `../v1/items/${encodeURIComponent(itemId)}`;
  let item;
  let similar;
  try {
    [item, similar] = await Promise.all([api(path), api(`${path}/similar?limit=${SIMILAR}`)]);
  } catch (e) {
    view.item.replaceChildren(el('p', { class: 'muted' },
      e instanceof ApiError && e.status === 404 ? `No item ${itemId} in the catalog.` : `Cannot read: ${e.message}`));
    return;
  }
  const attributes = Object.entries(item.attributes ?? {});
  const similarList = el('ol', { class: 'item-list similar', id: 'similar' });
  // replaceChildren would show a null as the text "null": the parts an item may lack are left out.
  view.item.replaceChildren(...[
    el('h2', { id: 'item-title' }, item.title),
    el('div', { class: 'item-id muted' }, item.itemId, ` · updated ${when(item.updatedAt)}`),
    item.description ? el('p', { class: 'description' }, item.description) : null,
    el('div', { class: 'tags' }, (item.tags ?? []).map((t) => el('span', { class: 'chip' }, t))),
    attributes.length ? el('dl', { class: 'attributes' }, attributes.flatMap(([k, v]) =>
      [el('dt', {}, k), el('dd', {}, typeof v === 'object' ? JSON.stringify(v) : String(v))])) : null,
    el('h3', {}, 'Popularity'),
    el('p', { id: 'item-popularity' },
      el('strong', {}, String(item.popularity.events)), ` event${item.popularity.events === 1 ? '' : 's'} over every`
        + ` node; ${number(item.popularity.relative, 2)} of the most popular item's on the log scale ranking uses.`),
    el('div', { class: 'bar' }, el('span', { style: `width:${Math.max(1, 100 * item.popularity.relative)}%` })),
    el('h3', {}, 'Similar items'),
    el('p', { class: 'muted small' }, 'Nearest by inner product of the item vectors the serving model makes.'),
    similarList].filter(Boolean));
  if (!similar.items.length) {
    similarList.replaceChildren(el('p', { class: 'muted' }, 'None yet.'));
    return;
  }
  const top = Math.max(...similar.items.map((s) => s.score), 1e-9);
  // Titles, each read once, in parallel: the similar list holds only ids and scores.
  const titled = await Promise.all(similar.items.map((s) => api(`../v1/items/${encodeURIComponent(s.itemId)}`)
    .then((i) => ({ ...s, title: i.title }), () => ({ ...s, title: s.itemId }))));
  similarList.replaceChildren(...titled.map((s) => el('li', { 'data-item': s.itemId },
    el('a', { href: `?page=catalog&item=${encodeURIComponent(s.itemId)}`, 'data-item': s.itemId, class: 'title' },
      s.title),
    el('span', { class: 'score muted', title: 'similarity' }, number(s.score)),
    el('div', { class: 'bar' }, el('span', { style: `width:${Math.max(2, (100 * s.score) / top)}%` })))));
}
