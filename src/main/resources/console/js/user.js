// The user page: recommendations with their reasons, live over the recommendations WebSocket; the user's
// interests over time (replayed from the journal, with the fade ahead); stated interests; the latest events.
import { api, ApiError, socket } from './api.js';
import { drawChart, HORIZON_COLOURS, tagColour } from './chart.js';
import { ago, el, number, when } from './dom.js';

const LIMIT = 10;
const WINDOWS = [
  ['all', 'Whole history', null],
  ['90d', '90 days', 90],
  ['30d', '30 days', 30],
  ['7d', '7 days', 7],
];

/** Titles by item id, each asked once; an item the catalog does not know shows its id. */
const titles = new Map();
function title(itemId) {
  if (!titles.has(itemId)) {
    titles.set(itemId, api(`../v1/items/${encodeURIComponent(itemId)}`)
      .then((item) => item.title)
      .catch(() => null));
  }
  return titles.get(itemId);
}

export function showUser(page, userId) {
  const path = `../v1/users/${encodeURIComponent(userId)}`;
  const view = layout(userId);
  page.replaceChildren(view.root);
  document.title = `${userId} · Ebb console`;

  let windowChoice = 'all';
  let charts = [];
  let refreshing = null;

  const refresh = async () => {
    const days = WINDOWS.find(([key]) => key === windowChoice)[2];
    const from = days ? `&from=${new Date(Date.now() - days * 86400e3).toISOString()}` : '';
    try {
      const [interests, trajectory] = await Promise.all([
        api(`${path}/interests`),
        api(`${path}/interests/trajectory?points=300&tags=6${from}`),
      ]);
      showSummary(view, interests);
      charts.forEach((c) => c.destroy());
      charts = showTrajectory(view, trajectory);
      showStated(view, interests);
      showEvents(view, trajectory);
    } catch (e) {
      if (e instanceof ApiError && e.status === 404) {
        view.summary.replaceChildren('No events are known for this user yet: recommendations are popular items.');
        view.root.classList.add('unknown-user');
      } else {
        view.summary.replaceChildren(`Cannot read this user: ${e.message}`);
      }
    }
  };
  // Changes arrive in bursts (a batch of events): one refresh at a time, and one more after it if needed.
  const scheduleRefresh = () => {
    if (refreshing) {
      refreshing.again = true;
      return;
    }
    refreshing = { again: false };
    setTimeout(async () => {
      await refresh();
      const again = refreshing.again;
      refreshing = null;
      if (again) {
        scheduleRefresh();
      }
    }, 300);
  };

  view.windows.addEventListener('click', (e) => {
    const key = e.target.dataset?.window;
    if (key) {
      windowChoice = key;
      view.windows.querySelectorAll('button').forEach((b) => b.classList.toggle('active', b.dataset.window === key));
      refresh();
    }
  });
  window.addEventListener('resize', () => charts.forEach((c) => c.setSize({
    width: Math.max(320, c.root.parentElement.clientWidth), height: 200,
  })));

  // The first reads over HTTP (a 401 asks for the key here), then the socket keeps the list current.
  let first = true;
  (async () => {
    try {
      showRecommendations(view, await api(`${path}/recommendations?limit=${LIMIT}`));
    } catch (e) {
      view.recommendations.replaceChildren(el('p', { class: 'muted' }, `Cannot read recommendations: ${e.message}`));
    }
    await refresh();
    socket(`../ws/v1/users/${encodeURIComponent(userId)}/recommendations?limit=${LIMIT}`, {
      onMessage: (list) => {
        if (list.error) {
          return;
        }
        showRecommendations(view, list);
        if (!first) {
          scheduleRefresh();
        }
        first = false;
      },
      onState: (state) => {
        view.live.textContent = state === 'open' ? 'live' : 'reconnecting…';
        view.live.className = `live ${state}`;
        if (state !== 'open') {
          first = true; // a new socket sends the current list first
        }
      },
    });
  })();
}

function layout(userId) {
  const summary = el('p', { class: 'summary muted' }, 'Loading…');
  const live = el('span', { class: 'live', id: 'live' }, 'connecting…');
  const recommendations = el('ol', { class: 'recommendations', id: 'recommendations' });
  const windows = el('div', { class: 'windows', role: 'group', 'aria-label': 'window' },
    WINDOWS.map(([key, label]) => el('button',
      { type: 'button', 'data-window': key, class: key === 'all' ? 'active' : null }, label)));
  const horizonChart = el('div', { class: 'chart', id: 'horizon-chart' });
  const horizonLegend = el('ul', { class: 'legend', id: 'horizon-legend' });
  const tagChart = el('div', { class: 'chart', id: 'tag-chart' });
  const tagLegend = el('ul', { class: 'legend', id: 'tag-legend' });
  const windowNote = el('p', { class: 'muted small', id: 'window-note' });
  const stated = el('div', { id: 'stated' });
  const events = el('ol', { class: 'events', id: 'events' });
  const root = el('div', { class: 'user-page', 'data-user': userId },
    el('section', { class: 'user-head' },
      el('h1', {}, 'User ', el('code', {}, userId)), live, summary),
    el('div', { class: 'columns' },
      el('div', { class: 'column' },
        el('section', { class: 'card interests' },
          el('div', { class: 'card-head' }, el('h2', {}, 'Interests over time'), windows),
          el('p', { class: 'muted small' }, 'Replayed from the journal under the active model. Solid: what the ',
            'user\u2019s interest was; dashed: how it will fade with no further events. Ticks: events.'),
          horizonLegend, horizonChart, tagLegend, tagChart, windowNote),
        el('section', { class: 'card timeline' }, el('h2', {}, 'Latest events'), events)),
      el('div', { class: 'column' },
        el('section', { class: 'card recs' }, el('h2', {}, 'Recommended now'), recommendations),
        el('section', { class: 'card stated' }, el('h2', {}, 'Stated interests'), stated))));
  return { root, summary, live, recommendations, windows, horizonChart, horizonLegend, tagChart, tagLegend,
    windowNote, stated, events };
}

function showSummary(view, interests) {
  view.root.classList.remove('unknown-user');
  const tags = interests.topTags.slice(0, 5).map((t) => el('span', { class: 'chip' }, t.tag));
  view.summary.replaceChildren(
    `${interests.eventCount} events · last ${ago(interests.lastEventAt)}`,
    ` · serving model ${interests.settingsVersion}`,
    tags.length ? ' · strongest tags now ' : '', ...tags);
}

function showRecommendations(view, list) {
  const items = list.items ?? [];
  if (!items.length) {
    view.recommendations.replaceChildren(el('p', { class: 'muted' }, 'Nothing to recommend yet.'));
    return;
  }
  const top = Math.max(...items.map((i) => i.score), 1e-9);
  view.recommendations.dataset.generatedAt = list.generatedAt;
  view.recommendations.replaceChildren(...items.map((item) => {
    const name = el('span', { class: 'title' }, item.itemId);
    title(item.itemId).then((t) => {
      if (t) {
        name.textContent = t;
      }
    });
    return el('li', { 'data-item': item.itemId },
      el('div', { class: 'rec-line' }, name, el('span', { class: 'score', title: 'score' }, number(item.score))),
      el('div', { class: 'bar' }, el('span', { style: `width:${Math.max(2, (100 * item.score) / top)}%` })),
      el('div', { class: 'reasons' }, (item.reasons ?? []).map(reason)),
      el('div', { class: 'item-id muted' }, item.itemId));
  }));
}

/** A reason as a chip; "similar to <itemId> (…)" names the item by its title once that is known. */
function reason(text) {
  const chip = el('span', { class: 'reason', title: text }, text);
  const similar = /^similar to (\S+)( .*)?$/.exec(text);
  if (similar) {
    title(similar[1]).then((t) => {
      if (t) {
        chip.textContent = `similar to ${t}${similar[2] ?? ''}`;
      }
    });
  }
  return chip;
}

function showTrajectory(view, trajectory) {
  const horizons = trajectory.horizons.map((h) => h.name)
    .filter((name) => name !== 'stated' || trajectory.points.some((p) => p.horizons.stated > 0));
  const halfLife = Object.fromEntries(trajectory.horizons.map((h) => [h.name, h.halfLife]));
  const charts = [drawChart(view.horizonChart, trajectory, {
    title: 'Horizons (interest held, in events\u2019 worth)',
    names: horizons,
    valueOf: (p, name) => p.horizons[name],
    colourOf: (name) => HORIZON_COLOURS[name] ?? '#475569',
    legendHost: view.horizonLegend,
  })];
  view.horizonLegend.querySelectorAll('li').forEach((li) => {
    li.title = `half-life ${halfLife[li.dataset.series]}`;
  });
  if (trajectory.tags.length) {
    charts.push(drawChart(view.tagChart, trajectory, {
      title: 'Strongest tags',
      names: trajectory.tags,
      valueOf: (p, name) => p.tags[name],
      colourOf: tagColour(trajectory.tags),
      legendHost: view.tagLegend,
    }));
  } else {
    view.tagChart.replaceChildren();
    view.tagLegend.replaceChildren();
  }
  view.windowNote.textContent = `${when(trajectory.from)} → ${when(trajectory.to)}`
    + `, ${trajectory.points.length} points`
    + ` · first event ${ago(trajectory.firstEventAt)}`;
  return charts;
}

function showStated(view, interests) {
  const topics = interests.statedInterests ?? [];
  if (!topics.length) {
    view.stated.replaceChildren(el('p', { class: 'muted' },
      'None captured yet: a capture reads a session of behaviour when it ends.'));
    return;
  }
  view.stated.replaceChildren(
    interests.summary ? el('p', { class: 'stated-summary' }, interests.summary) : '',
    el('ul', { class: 'topics' }, topics.map((t) => el('li', {},
      el('span', {}, t.topic), el('span', { class: 'bar small' }, el('span', { style: `width:${100 * t.weight}%` })),
      el('span', { class: 'muted' }, number(t.weight, 2))))));
}

function showEvents(view, trajectory) {
  const latest = trajectory.events.slice(-40).reverse();
  view.events.replaceChildren(...latest.map((e) => {
    const name = el('span', { class: 'title' }, e.itemId);
    title(e.itemId).then((t) => {
      if (t) {
        name.textContent = t;
      }
    });
    const context = Object.entries(e.context ?? {})
      .map(([k, v]) => el('span', { class: 'chip', title: k }, `${k}: ${v}`));
    return el('li', {},
      el('time', { datetime: e.timestamp, title: when(e.timestamp) }, ago(e.timestamp)),
      el('span', { class: `type ${e.weight >= 0 ? 'up' : 'down'}` }, e.value != null ? `${e.type} ${e.value}` : e.type),
      name,
      el('span', { class: 'weight muted', title: 'weight under the active model' },
        `${e.weight >= 0 ? '+' : ''}${e.weight}`),
      el('span', { class: 'context' }, context));
  }));
  if (!latest.length) {
    view.events.replaceChildren(el('p', { class: 'muted' }, 'No events in this window.'));
  }
}
