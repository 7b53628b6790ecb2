// The interests-over-time charts (uPlot on canvas): one line per horizon or tag, solid up to now and dashed for the
// projected fade after it; a marker under the plot for each listed event; a shared cursor whose tooltip shows the
// values and the events behind a rise.
import uPlot from '../lib/uplot/uPlot.esm.js';
import { el, number, when } from './dom.js';

export const HORIZON_COLOURS = { short: '#2563eb', long: '#15803d', stated: '#9333ea' };
const TAG_COLOURS = ['#ea580c', '#0891b2', '#db2777', '#65a30d', '#7c3aed', '#ca8a04', '#475569', '#dc2626'];
const EVENT_COLOURS = { positive: '#15803d', negative: '#b91c1c' };

/**
 * Draws `names` (series of the trajectory's points, read by `valueOf(point, name)`) into `host`, replacing what
 * was there. Returns the uPlot instance.
 */
export function drawChart(host, trajectory, { title, names, valueOf, colourOf, legendHost }) {
  const points = trajectory.points;
  const xs = points.map((p) => Date.parse(p.at) / 1000);
  const nowIndex = lastObserved(points);
  const data = [xs];
  const series = [{}];
  for (const name of names) {
    const values = points.map((p) => valueOf(p, name));
    const colour = colourOf(name);
    // Observed up to the point at now, projected from it on: the two meet there.
    data.push(values.map((v, i) => (i <= nowIndex ? v : null)));
    series.push({ label: name, stroke: colour, width: 2, points: { show: false } });
    data.push(values.map((v, i) => (i >= nowIndex ? v : null)));
    series.push({ label: `${name} (projected)`, stroke: colour, width: 2, dash: [6, 5], points: { show: false } });
  }
  host.replaceChildren();
  const tooltip = el('div', { class: 'chart-tooltip', hidden: true });
  const width = Math.max(320, host.clientWidth || host.parentElement.clientWidth || 640);
  const chart = new uPlot({
    width,
    height: 200,
    title,
    legend: { show: false },
    cursor: { sync: { key: 'ebb-interests' }, points: { size: 6 } },
    scales: { x: { time: true }, y: { range: (u, min, max) => [0, max > 0 ? max * 1.08 : 1] } },
    axes: [
      { stroke: '#6b7385', grid: { stroke: '#eef0f4' } },
      { stroke: '#6b7385', grid: { stroke: '#eef0f4' }, size: 48 },
    ],
    series,
    hooks: {
      draw: [(u) => decorate(u, trajectory, xs[nowIndex])],
      setCursor: [(u) => showTooltip(u, tooltip, trajectory, names)],
    },
  }, data, host);
  chart.over.append(tooltip);
  host.dataset.drawn = 'true';
  legendHost.replaceChildren(...names.map((name, i) => el('li', {
    'data-series': name,
    'data-points': data[1 + 2 * i].filter((v) => v !== null).length + data[2 + 2 * i].filter((v) => v !== null).length,
  }, el('span', { class: 'swatch', style: `background:${colourOf(name)}` }), name)));
  return chart;
}

/** The index of the last point not projected (the one at now when the window holds now). */
function lastObserved(points) {
  let last = 0;
  points.forEach((p, i) => {
    if (!p.projected) {
      last = i;
    }
  });
  return last;
}

/** A "now" rule and, along the bottom, a tick per listed event: green when it raised interest, red when not. */
function decorate(u, trajectory, nowX) {
  const ctx = u.ctx;
  const { top, height, left, width } = u.bbox;
  ctx.save();
  const x = u.valToPos(nowX, 'x', true);
  if (x >= left && x <= left + width) {
    ctx.strokeStyle = '#94a3b8';
    ctx.setLineDash([2, 3]);
    ctx.lineWidth = 1;
    ctx.beginPath();
    ctx.moveTo(x, top);
    ctx.lineTo(x, top + height);
    ctx.stroke();
    ctx.setLineDash([]);
    ctx.fillStyle = '#64748b';
    ctx.font = `${11 * devicePixelRatio}px system-ui, sans-serif`;
    ctx.fillText('now', x + 4 * devicePixelRatio, top + 12 * devicePixelRatio);
  }
  const tick = 7 * devicePixelRatio;
  for (const event of trajectory.events) {
    const ex = u.valToPos(Date.parse(event.timestamp) / 1000, 'x', true);
    if (ex < left || ex > left + width) {
      continue;
    }
    ctx.strokeStyle = event.weight >= 0 ? EVENT_COLOURS.positive : EVENT_COLOURS.negative;
    ctx.globalAlpha = 0.7;
    ctx.lineWidth = 1.5 * devicePixelRatio;
    ctx.beginPath();
    ctx.moveTo(ex, top + height);
    ctx.lineTo(ex, top + height - tick);
    ctx.stroke();
  }
  ctx.restore();
}

/** The values at the cursor, and the behaviour events between the point before and this one. */
function showTooltip(u, tooltip, trajectory, names) {
  const i = u.cursor.idx;
  if (i === null || i === undefined || u.cursor.left < 0) {
    tooltip.hidden = true;
    return;
  }
  const point = trajectory.points[i];
  const previous = i > 0 ? Date.parse(trajectory.points[i - 1].at) : -Infinity;
  const at = Date.parse(point.at);
  const events = trajectory.events.filter((e) => {
    const t = Date.parse(e.timestamp);
    return t > previous && t <= at;
  });
  const rows = names.map((name, k) => {
    const value = u.data[1 + 2 * k][i] ?? u.data[2 + 2 * k][i];
    return el('div', {}, el('span', { class: 'swatch', style: `background:${u.series[1 + 2 * k].stroke()}` }),
      `${name} ${value === null || value === undefined ? '–' : number(value)}`);
  });
  const behind = events.length
    ? el('div', { class: 'tooltip-events' },
      `${events.length} event${events.length === 1 ? '' : 's'} since the point before:`,
      el('ul', {}, events.slice(-6).map((e) => el('li', {}, `${e.type} ${e.itemId} (${signed(e.weight)})`))))
    : point.events > 0 ? el('div', { class: 'tooltip-events' }, `${point.events} events since the point before`) : null;
  tooltip.replaceChildren(el('strong', {}, when(point.at) + (point.projected ? ' · projected' : '')), ...rows, behind);
  tooltip.hidden = false;
  // Inside the plot area, beside the cursor, on the side with room.
  const right = u.cursor.left > u.over.clientWidth / 2;
  tooltip.style.left = right ? '' : `${u.cursor.left + 14}px`;
  tooltip.style.right = right ? `${u.over.clientWidth - u.cursor.left + 14}px` : '';
  tooltip.style.top = '6px';
}

function signed(value) {
  return `${value >= 0 ? '+' : ''}${value}`;
}

export function tagColour(tags) {
  return (name) => TAG_COLOURS[tags.indexOf(name) % TAG_COLOURS.length];
}
