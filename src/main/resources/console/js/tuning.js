// The tuning page: the serving model this node answers with (version, when it was applied, by what) and the report
// of the `ebb tune --apply` run that chose it: the methods table and the sweep, plotted from the report's data.
import uPlot from '../lib/uplot/uPlot.esm.js';
import { api } from './api.js';
import { ago, el, number, when } from './dom.js';

const COLOURS = ['#2563eb', '#15803d', '#ea580c', '#9333ea', '#0891b2', '#db2777', '#65a30d', '#ca8a04',
  '#475569', '#dc2626', '#7c3aed', '#0d9488'];
const METRICS = ['ndcg@10', 'hr@10', 'mrr', 'coverage'];

export async function showTuning(page) {
  document.title = 'Tuning · Ebb console';
  const root = el('div', { class: 'tuning-page' }, el('p', { class: 'muted' }, 'Loading…'));
  page.replaceChildren(root);
  let model;
  try {
    model = await api('../v1/model');
  } catch (e) {
    root.replaceChildren(el('p', { class: 'muted' }, `Cannot read the model: ${e.message}`));
    return;
  }
  const report = model.report;
  const sweepChart = el('div', { class: 'chart', id: 'sweep-chart' });
  const sweepLegend = el('ul', { class: 'legend', id: 'sweep-legend' });
  root.replaceChildren(
    el('section', { class: 'user-head' },
      el('h1', {}, 'Serving model ', el('code', { id: 'model-version' }, `v${model.version}`)),
      el('p', { class: 'summary muted', id: 'model-summary' },
        model.version === 1 && model.origin === 'config'
          ? 'The configured defaults (no tuned model was applied).'
          : `Applied ${ago(model.activatedAt)} (${when(model.activatedAt)}) by ${model.origin}.`)),
    el('div', { class: 'columns' },
      el('div', { class: 'column' },
        el('section', { class: 'card' }, el('h2', {}, 'Sweep'),
          report ? el('p', { class: 'muted small' }, 'Each setting the tuner tried, NDCG@10 on the validation ',
            'targets against the first horizon\u2019s half-life (log scale); one line per combination of the other ',
            'knobs. The ring marks the setting chosen, with the ranking knobs tried on top of the best one.') : null,
          report ? [sweepLegend, sweepChart] : noReport()),
        el('section', { class: 'card' }, el('h2', {}, 'Methods'), report ? methodsTable(report) : noReport())),
      el('div', { class: 'column' },
        el('section', { class: 'card' }, el('h2', {}, 'Settings'), settings(model.model)),
        report ? el('section', { class: 'card' }, el('h2', {}, 'Protocol'), protocol(report)) : null)));
  if (report) {
    const chart = drawSweep(sweepChart, sweepLegend, report);
    window.addEventListener('resize', () => chart?.setSize({
      width: Math.max(320, sweepChart.parentElement.clientWidth - 4), height: 320,
    }));
  }
}

function noReport() {
  return el('p', { class: 'muted', id: 'no-report' }, 'No tuning report is stored with this version: it is the ',
    'configured defaults or was applied without one. ', el('code', {}, 'ebb tune --apply'),
    ' stores the next version with the report that chose it.');
}

function methodsTable(report) {
  const head = el('tr', {}, el('th', {}, 'method'),
    ...['validation', 'test'].flatMap((part) => METRICS.map((m) => el('th', { class: 'num' }, `${part} ${m}`))),
    el('th', { class: 'num' }, 'test targets'));
  const rows = Object.entries(report.methods).map(([name, m]) => el('tr',
    { 'data-method': name, class: name === 'ebb' ? 'chosen' : null },
    el('td', { title: m.setting?.label ?? name }, name),
    ...['validation', 'test'].flatMap((part) => METRICS.map((metric) => el('td', { class: 'num' },
      number(m[part][metric], metric === 'coverage' ? 3 : 4)))),
    el('td', { class: 'num' }, String(m.test.targets))));
  return el('div', { class: 'table-wrap' },
    el('table', { class: 'methods', id: 'methods-table' }, el('thead', {}, head), el('tbody', {}, rows)),
    el('p', { class: 'muted small' }, 'ebb: the setting chosen on the validation targets; ',
      el('span', { title: report.best.label }, report.best.label)));
}

function settings(m) {
  const rows = [
    ...m.interest.horizons.map((h) => [`horizon ${h.name}`, `half-life ${halfLife(h.halfLife)}, mix ${h.mix}`]),
    ['stated', `half-life ${halfLife(m.interest.stated.halfLife)}, mix ${m.interest.stated.mix}`],
    ['rating', `(value \u2212 ${m.interest.rateCenter}) \u00d7 ${m.interest.rateScale}`],
    ['item vectors', `text ${m.items.textWeight} + collaborative ${m.items.cfWeight}`],
    ['ranking', `popularity ${m.ranking.popularityWeight}, diversity \u03bb ${m.ranking.diversityLambda}, `
      + `pool ${m.ranking.candidatePool}`],
  ];
  return el('dl', { class: 'attributes', id: 'model-settings' },
    rows.flatMap(([k, v]) => [el('dt', {}, k), el('dd', {}, v)]));
}

function protocol(report) {
  const d = report.data;
  return el('div', {},
    el('p', {}, `${report.dataset}: ${d.users} users, ${d.items} items, ${d.events} events after the 5-core filter `
      + `(${d.usersBefore} users, ${d.eventsBefore} events before).`),
    el('p', { class: 'muted small' }, report.protocol),
    report.stated ? el('p', { class: 'muted small' }, `Stated interests: ${report.stated.source}, `
      + `${report.stated.captures} captures; `
      + `${report.stated.chosen ? 'a stated share was chosen' : 'no share chosen'}.`) : null);
}

/** Seconds of an ISO-8601 duration as ModelJson writes them (PT30S, PT6H, P30D); null for "never". */
export function seconds(iso) {
  const m = /^P(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?(?:([\d.]+)S)?)?$/.exec(iso ?? '');
  if (!m) {
    return null;
  }
  return (Number(m[1] ?? 0) * 86400) + (Number(m[2] ?? 0) * 3600) + (Number(m[3] ?? 0) * 60) + Number(m[4] ?? 0);
}

/** The label without the first horizon's half-life: what one line of the sweep shares. */
function lineOf(label) {
  return label.replace(/^(\S+) \S+?(?=×|,| \+)/, '$1');
}

function drawSweep(host, legendHost, report) {
  const lines = new Map();
  for (const row of report.sweep) {
    const x = seconds(row.setting.interest.horizons[0].halfLife);
    if (x === null || x <= 0) {
      continue; // an infinite half-life has no place on a log axis (it is in the methods table)
    }
    const key = lineOf(row.label);
    if (!lines.has(key)) {
      lines.set(key, new Map());
    }
    lines.get(key).set(x, row.validation['ndcg@10']);
  }
  const xs = [...new Set([...lines.values()].flatMap((l) => [...l.keys()]))].sort((a, b) => a - b);
  const names = [...lines.keys()];
  const data = [xs, ...names.map((n) => xs.map((x) => lines.get(n).get(x) ?? null))];
  const colour = (i) => COLOURS[i % COLOURS.length];
  const best = report.best;
  const bestX = seconds(best.interest.horizons[0].halfLife);
  const bestY = report.methods.ebb?.validation['ndcg@10'];
  host.replaceChildren();
  const chart = new uPlot({
    width: Math.max(320, (host.clientWidth || host.parentElement.clientWidth || 640) - 4),
    height: 320,
    legend: { show: false },
    scales: { x: { time: false, distr: 3, log: 10 }, y: { range: (u, min, max) => [0, max > 0 ? max * 1.1 : 1] } },
    axes: [
      // A tick and a label at each half-life tried: a log axis' own splits put a line at every minor step, and its
      // default filter labels only 1, 2 and 5 times a power of ten.
      { stroke: '#6b7385', grid: { stroke: '#eef0f4' }, splits: () => xs, filter: (u, splits) => splits,
        values: (u, splits) => splits.map(duration), label: 'half-life of the first horizon' },
      { stroke: '#6b7385', grid: { stroke: '#eef0f4' }, size: 56, label: 'NDCG@10 (validation)',
        values: (u, splits) => splits.map((v) => v.toFixed(3)) },
    ],
    series: [{}, ...names.map((n, i) => ({
      label: n, stroke: colour(i), width: 2, spanGaps: true, points: { show: true, size: 6, fill: colour(i) },
    }))],
    hooks: { draw: [(u) => ringChosen(u, bestX, bestY)] },
  }, data, host);
  host.dataset.drawn = 'true';
  host.dataset.settings = String(report.sweep.length);
  legendHost.replaceChildren(...names.map((n, i) => el('li', { 'data-series': n,
    'data-points': data[1 + i].filter((v) => v !== null).length },
  el('span', { class: 'swatch', style: `background:${colour(i)}` }), n)));
  return chart;
}

function ringChosen(u, x, y) {
  if (x === null || y === undefined) {
    return;
  }
  const cx = u.valToPos(x, 'x', true);
  const cy = u.valToPos(y, 'y', true);
  const ctx = u.ctx;
  ctx.save();
  ctx.strokeStyle = '#1d2330';
  ctx.lineWidth = 2 * devicePixelRatio;
  ctx.beginPath();
  ctx.arc(cx, cy, 9 * devicePixelRatio, 0, 2 * Math.PI);
  ctx.stroke();
  ctx.restore();
}

function halfLife(iso) {
  const s = seconds(iso);
  return s === null ? iso : duration(s);
}

/** Seconds as the largest unit that fits: 30s, 10m, 6h, 30d, 1y. */
function duration(s) {
  const units = [[365 * 86400, 'y'], [86400, 'd'], [3600, 'h'], [60, 'm'], [1, 's']];
  for (const [size, name] of units) {
    if (s >= size) {
      const v = s / size;
      return `${v >= 10 || Number.isInteger(v) ? Math.round(v) : v.toFixed(1)}${name}`;
    }
  }
  return `${s}s`;
}
