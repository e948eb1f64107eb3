// Training curve webview: plots loss and accuracy over time in SVG. No external resources.
// Messages: {type:'reset', title, points, summary} | {type:'append', points, summary}.
(function () {
  const vscode = acquireVsCodeApi();
  const NS = 'http://www.w3.org/2000/svg';
  const MAX = 5000; // points drawn per series (older ones are thinned)
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

  function draw(svg, series) {
    while (svg.firstChild) svg.removeChild(svg.firstChild);
    const w = svg.clientWidth || 600;
    const h = svg.clientHeight || 220;
    const m = { l: 48, r: 12, t: 18, b: 22 };
    svg.setAttribute('viewBox', `0 0 ${w} ${h}`);
    const all = series.flatMap((s) => s.data);
    if (all.length === 0) return;
    let t0 = Math.min(...all.map((p) => p.t));
    let t1 = Math.max(...all.map((p) => p.t));
    if (t1 === t0) t1 = t0 + 1000;
    let y0 = Math.min(...all.map((p) => p.v));
    let y1 = Math.max(...all.map((p) => p.v));
    if (series[0].fixed) { y0 = series[0].fixed[0]; y1 = series[0].fixed[1]; }
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
    let lx = m.l + 4;
    for (const s of series) {
      if (s.data.length === 0) continue;
      const d = thin(s.data).map((p, i) => `${i ? 'L' : 'M'}${x(p.t).toFixed(1)},${y(p.v).toFixed(1)}`).join('');
      svg.appendChild(el('path', { class: `line s-${s.key}`, d }));
      if (s.dots) for (const p of s.data.slice(-200)) svg.appendChild(el('circle', { class: `dot-${s.key}`, cx: x(p.t), cy: y(p.v), r: 2.5 }));
      const label = el('text', { class: 'legend', x: lx, y: 12 }, `${s.label}: ${fmtNum(s.data[s.data.length - 1].v)}`);
      svg.appendChild(label);
      lx += 12 + 7 * label.textContent.length;
    }
  }

  function series(key) {
    // Sorted by time: several workers' tails arrive one pod after the other.
    return points.filter((p) => typeof p[key] === 'number' && isFinite(p[key])).map((p) => ({ t: p.t, v: p[key] })).sort((a, b) => a.t - b.t);
  }

  function render() {
    frame = 0;
    document.getElementById('empty').classList.toggle('hidden', points.length > 0);
    draw(document.getElementById('loss'), [
      { key: 'loss', label: 'train loss', data: series('loss') },
      { key: 'testLoss', label: 'test loss', data: series('testLoss'), dots: true },
    ]);
    draw(document.getElementById('accuracy'), [{ key: 'accuracy', label: 'accuracy %', data: series('accuracy'), dots: true, fixed: undefined }]);
    document.body.dataset.points = String(points.length);
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
