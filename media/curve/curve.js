// Training curve webview: loss and accuracy over time in SVG, one line per replica (worker-0,
// worker-1, ...) with a legend; colours come from the theme (classes in curve.css). No external
// resources, no inline styles (the CSP allows only the stylesheet and this nonce'd script).
// Messages: {type:'reset', title, points, summary} | {type:'append', points, summary};
// a point is {t, series?, epoch?, loss?, testLoss?, accuracy?}.
(function () {
  const vscode = acquireVsCodeApi();
  const NS = 'http://www.w3.org/2000/svg';
  const MAX = 5000; // points drawn per line (older ones are thinned)
  const COLOURS = 8; // classes c0..c7 in curve.css
  let points = [];
  let frame = 0;

  function el(name, attrs, text) {
    const e = document.createElementNS(NS, name);
    for (const k in attrs) e.setAttribute(k, String(attrs[k]));
    if (text !== undefined) e.textContent = text;
    return e;
  }

  function thin(arr) {
    if (arr.length <= MAX) return arr;
    const step = arr.length / MAX;
    const out = [];
    for (let i = 0; i < MAX; i++) out.push(arr[Math.floor(i * step)]);
    out.push(arr[arr.length - 1]);
    return out;
  }

  function fmtTime(ms) {
    const d = new Date(ms);
    return d.toLocaleTimeString([], { hour: '2-digit', minute: '2-digit', second: '2-digit' });
  }

  function fmtNum(v) {
    if (v === 0) return '0';
    const a = Math.abs(v);
    return a >= 100 ? v.toFixed(0) : a >= 1 ? v.toFixed(2) : a >= 0.001 ? v.toPrecision(2) : v.toExponential(1);
  }

  /** worker-2 before worker-10 */
  function byName(a, b) {
    return a.localeCompare(b, undefined, { numeric: true });
  }

  /** The replicas, in a stable order: each keeps its colour. */
  function seriesNames() {
    const names = new Set();
    for (const p of points) names.add(p.series || 'job');
    return [...names].sort(byName);
  }

  /** lines: [{cls, data:[{t,v}], dots, dashed}] */
  function draw(svg, lines) {
    while (svg.firstChild) svg.removeChild(svg.firstChild);
    const w = svg.clientWidth || 600;
    const h = svg.clientHeight || 220;
    const m = { l: 48, r: 12, t: 10, b: 22 };
    svg.setAttribute('viewBox', `0 0 ${w} ${h}`);
    let t0 = Infinity, t1 = -Infinity, y0 = Infinity, y1 = -Infinity;
    for (const s of lines) for (const p of s.data) {
      if (p.t < t0) t0 = p.t;
      if (p.t > t1) t1 = p.t;
      if (p.v < y0) y0 = p.v;
      if (p.v > y1) y1 = p.v;
    }
    if (t0 === Infinity) return;
    if (t1 === t0) t1 = t0 + 1000;
    if (y1 === y0) { y1 = y0 + 1; y0 = Math.max(0, y0 - 1); }
    const x = (t) => m.l + ((t - t0) / (t1 - t0)) * (w - m.l - m.r);
    const y = (v) => h - m.b - ((v - y0) / (y1 - y0)) * (h - m.t - m.b);
    for (let i = 0; i <= 4; i++) {
      const v = y0 + ((y1 - y0) * i) / 4;
      svg.appendChild(el('line', { class: 'grid', x1: m.l, x2: w - m.r, y1: y(v), y2: y(v) }));
      svg.appendChild(el('text', { class: 'tick', x: m.l - 4, y: y(v) + 3, 'text-anchor': 'end' }, fmtNum(v)));
    }
    for (let i = 0; i <= 3; i++) {
      const t = t0 + ((t1 - t0) * i) / 3;
      svg.appendChild(el('text', { class: 'tick', x: x(t), y: h - 6, 'text-anchor': i === 0 ? 'start' : i === 3 ? 'end' : 'middle' }, fmtTime(t)));
    }
    svg.appendChild(el('line', { class: 'axis', x1: m.l, x2: m.l, y1: m.t, y2: h - m.b }));
    svg.appendChild(el('line', { class: 'axis', x1: m.l, x2: w - m.r, y1: h - m.b, y2: h - m.b }));
    for (const s of lines) {
      if (s.data.length === 0) continue;
      const d = thin(s.data).map((p, i) => `${i ? 'L' : 'M'}${x(p.t).toFixed(1)},${y(p.v).toFixed(1)}`).join('');
      const path = el('path', { class: `line ${s.cls}${s.dashed ? ' dashed' : ''}`, d });
      path.dataset.series = s.name;
      path.dataset.metric = s.metric;
      svg.appendChild(path);
      if (s.dots) for (const p of s.data.slice(-200)) svg.appendChild(el('circle', { class: `dot ${s.cls}`, cx: x(p.t), cy: y(p.v), r: 2.5 }));
    }
  }

  /** One replica's values of a metric, sorted by time (a replica's tail can arrive after another's). */
  function values(name, key) {
    return points
      .filter((p) => (p.series || 'job') === name && typeof p[key] === 'number' && isFinite(p[key]))
      .map((p) => ({ t: p.t, v: p[key] }))
      .sort((a, b) => a.t - b.t);
  }

  function legend(names, latest) {
    const box = document.getElementById('legend');
    while (box.firstChild) box.removeChild(box.firstChild);
    names.forEach((name, i) => {
      const item = document.createElement('li');
      item.className = 'entry';
      item.dataset.series = name;
      const swatch = document.createElement('span');
      swatch.className = `swatch c${i % COLOURS}`;
      const label = document.createElement('span');
      label.className = 'name';
      label.textContent = name;
      const value = document.createElement('span');
      value.className = 'value';
      value.textContent = latest[name];
      item.append(swatch, label, value);
      box.appendChild(item);
    });
    const key = document.createElement('li');
    key.className = 'key';
    key.textContent = names.length ? 'solid: train loss · dashed: test loss' : '';
    box.appendChild(key);
  }

  function render() {
    frame = 0;
    document.getElementById('empty').classList.toggle('hidden', points.length > 0);
    const names = seriesNames();
    const loss = [];
    const acc = [];
    const latest = {};
    names.forEach((name, i) => {
      const cls = `c${i % COLOURS}`;
      const train = values(name, 'loss');
      const test = values(name, 'testLoss');
      const accuracy = values(name, 'accuracy');
      loss.push({ name, metric: 'loss', cls, data: train });
      loss.push({ name, metric: 'testLoss', cls, data: test, dots: true, dashed: true });
      acc.push({ name, metric: 'accuracy', cls, data: accuracy, dots: true });
      const parts = [];
      if (train.length) parts.push(`loss ${fmtNum(train[train.length - 1].v)}`);
      if (test.length) parts.push(`test ${fmtNum(test[test.length - 1].v)}`);
      if (accuracy.length) parts.push(`acc ${fmtNum(accuracy[accuracy.length - 1].v)}%`);
      latest[name] = parts.join(' · ');
    });
    legend(names, latest);
    draw(document.getElementById('loss'), loss);
    draw(document.getElementById('accuracy'), acc);
    document.body.dataset.points = String(points.length);
    document.body.dataset.series = String(names.length);
  }

  function schedule() {
    if (!frame) frame = requestAnimationFrame(render);
  }

  window.addEventListener('message', (e) => {
    const m = e.data;
    if (!m || typeof m !== 'object') return;
    if (m.type === 'reset') {
      points = m.points.slice();
      document.getElementById('title').textContent = `Training curve: ${m.title}`;
    } else if (m.type === 'append') {
      points.push(...m.points);
      if (points.length > 20000) points.splice(0, points.length - 20000);
    } else return;
    document.getElementById('summary').textContent = m.summary || '';
    schedule();
  });
  window.addEventListener('resize', schedule);
  vscode.postMessage({ type: 'ready' });
})();
