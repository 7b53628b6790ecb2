// The cluster page: the members as this node sees them (address, status, roles), the user shards and entities each
// hosts, and this node's load (events a second, recommendation latency) over the last minute, read again every few
// seconds; the load's history since the page opened is charted.
import uPlot from '../lib/uplot/uPlot.esm.js';
import { api } from './api.js';
import { el, number, when } from './dom.js';

const REFRESH_MS = 3000;
const HISTORY = 200;

export function showCluster(page) {
  document.title = 'Cluster · Ebb console';
  const summary = el('p', { class: 'summary muted', id: 'cluster-summary' }, 'Loading…');
  const nodes = el('tbody', { id: 'cluster-nodes' });
  const load = el('dl', { class: 'load', id: 'cluster-load' });
  const chartHost = el('div', { class: 'chart', id: 'load-chart' });
  page.replaceChildren(el('div', { class: 'cluster-page' },
    el('section', { class: 'user-head' }, el('h1', {}, 'Cluster'),
      el('span', { class: 'live', id: 'cluster-live' }, 'every 3 s'), summary),
    el('section', { class: 'card' }, el('h2', {}, 'Nodes'),
      el('div', { class: 'table-wrap' }, el('table', { class: 'nodes' },
        el('thead', {}, el('tr', {}, ...['address', 'status', 'roles', 'reachable', 'user shards', 'entities']
          .map((h, i) => el('th', { class: i >= 4 ? 'num' : null }, h)))),
        nodes))),
    el('div', { class: 'columns' },
      el('div', { class: 'column' }, el('section', { class: 'card' },
        el('h2', {}, 'Load of this node'), el('p', { class: 'muted small' },
          'Events accepted a second and recommendation latency (p99, ms) over the last minute, as read every ',
          'three seconds since this page opened.'), chartHost)),
      el('div', { class: 'column' }, el('section', { class: 'card' }, el('h2', {}, 'Now'), load)))));

  const history = { at: [], events: [], p99: [] };
  let chart = null;
  const refresh = async () => {
    let view;
    try {
      view = await api('../v1/cluster');
    } catch (e) {
      summary.textContent = `Cannot read the cluster: ${e.message}`;
      return;
    }
    showSummary(summary, view);
    showNodes(nodes, view);
    showLoad(load, view.load);
    history.at.push(Date.parse(view.generatedAt) / 1000);
    history.events.push(view.load.eventsPerSecond);
    history.p99.push(view.load.recommendations.p99Millis);
    for (const series of Object.values(history)) {
      series.splice(0, Math.max(0, series.length - HISTORY));
    }
    chart = drawHistory(chartHost, chart, history);
  };
  refresh();
  const timer = setInterval(refresh, REFRESH_MS);
  window.addEventListener('pagehide', () => clearInterval(timer));
}

function showSummary(summary, view) {
  const up = view.nodes.filter((n) => n.status === 'Up').length;
  summary.replaceChildren(`${view.nodes.length} member${view.nodes.length === 1 ? '' : 's'} (${up} up)`,
    ` · ${view.shards} user shards · ${view.entities} user entities awake`,
    view.unanswered.length ? ` · not answering: ${view.unanswered.join(', ')}` : '',
    ` · read ${when(view.generatedAt)} from ${view.self}`);
}

function showNodes(body, view) {
  body.replaceChildren(...view.nodes.map((n) => el('tr', { 'data-address': n.address, class: n.self ? 'self' : null },
    el('td', {}, el('code', {}, n.address), n.self ? el('span', { class: 'chip' }, 'this node') : null,
      n.leader ? el('span', { class: 'chip' }, 'leader') : null),
    el('td', { class: `status ${n.status === 'Up' ? 'up' : 'other'}` }, n.status),
    el('td', {}, n.roles.map((r) => el('span', { class: 'chip' }, r))),
    el('td', { class: n.reachable ? 'up' : 'down' }, n.reachable ? 'yes' : 'no'),
    el('td', { class: 'num', 'data-shards': n.shards ?? '' }, n.shards ?? '–'),
    el('td', { class: 'num', 'data-entities': n.entities ?? '' }, n.entities ?? '–'))));
}

function showLoad(dl, load) {
  const r = load.recommendations;
  const ms = (v) => (v === null || v === undefined ? '–' : `${number(v, 1)} ms`);
  const rows = [
    ['events / s', number(load.eventsPerSecond, 2)],
    ['events accepted', `${load.eventsAccepted} since start`],
    ['recommendations / s', number(r.perSecond, 2)],
    ['recommendation p50', ms(r.p50Millis)],
    ['recommendation p99', ms(r.p99Millis)],
    ['recommendation mean', ms(r.meanMillis)],
    ['window', `${number(load.windowSeconds, 0)} s`],
  ];
  dl.replaceChildren(...rows.flatMap(([k, v]) => [el('dt', {}, k), el('dd', {}, v)]));
}

function drawHistory(host, chart, history) {
  const data = [history.at, history.events, history.p99];
  host.dataset.points = String(history.at.length);
  if (chart) {
    chart.setData(data);
    return chart;
  }
  host.replaceChildren();
  const made = new uPlot({
    width: Math.max(320, (host.clientWidth || host.parentElement.clientWidth || 640) - 4),
    height: 220,
    legend: { show: true },
    // At least a minute wide: with one or two points uPlot would otherwise span years.
    scales: {
      x: { time: true, range: (u, min, max) => [Math.min(min, max - 60), max] },
      events: { range: (u, min, max) => [0, max > 0 ? max * 1.1 : 1] },
      ms: { range: (u, min, max) => [0, max > 0 ? max * 1.1 : 1] } },
    axes: [
      { stroke: '#6b7385', grid: { stroke: '#eef0f4' } },
      { scale: 'events', stroke: '#2563eb', grid: { stroke: '#eef0f4' }, size: 48 },
      { scale: 'ms', side: 1, stroke: '#ea580c', grid: { show: false }, size: 48 },
    ],
    series: [{},
      { label: 'events / s', scale: 'events', stroke: '#2563eb', width: 2, points: { show: true, size: 4 } },
      { label: 'p99 ms', scale: 'ms', stroke: '#ea580c', width: 2, spanGaps: true, points: { show: true, size: 4 } }],
  }, data, host);
  host.dataset.drawn = 'true';
  return made;
}
