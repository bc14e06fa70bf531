// SpikeSeg live dashboard: one WebSocket (/dashboard/ws), messages of schema v1 (docs/dashboard.md).
'use strict';
(() => {
  const SCHEMA = 1;
  const BOX = [0, 255, 102];        // instance boxes and track ids (the browser test counts this colour)
  const SALIENT = [255, 0, 255];    // event pixels inside an instance box of their step
  const ON = [255, 170, 60], OFF = [70, 150, 255];
  const LAYER_COLOURS = ['#e8a33c', '#4c9df0', '#e05ce0'];
  const state = { framesDrawn: 0, framesReceived: 0, paused: false, lastFrame: null, streams: {} };
  window.spikeseg = state;

  const el = (tag, attrs, ...children) => {
    const e = document.createElement(tag);
    for (const [k, v] of Object.entries(attrs || {})) e.setAttribute(k, v);
    for (const c of children) e.append(c);
    return e;
  };
  const fmt = n => (n === null || n === undefined) ? '–' : Number(n).toLocaleString('en-US', { maximumFractionDigits: 1 });
  const b64 = s => Uint8Array.from(atob(s), c => c.charCodeAt(0));

  function panel(msg) {
    let p = state.streams[msg.stream];
    if (p) return p;
    const [sw, sh] = msg.sensor, [iw, ih] = msg.input;
    const scale = Math.max(1, Math.min(4, Math.floor(640 / sw)));
    const canvas = el('canvas', { class: 'events', width: sw * scale, height: sh * scale, 'data-stream': msg.stream, 'data-scale': scale });
    const offscreen = document.createElement('canvas');
    offscreen.width = iw; offscreen.height = ih;
    const info = el('div', { class: 'frame-info' });
    const counters = el('table', { class: 'counters' });
    const rates = el('table', { class: 'rates' });
    const chart = el('canvas', { class: 'chart', width: 320, height: 120 });
    const kernels = el('div', { class: 'kernel-list' });
    const section = el('section', { class: 'stream', 'data-stream': msg.stream },
      el('div', { class: 'view' }, el('h2', {}, msg.stream), canvas, info),
      el('div', { class: 'side' }, el('h3', {}, 'counters'), counters, el('h3', {}, 'spikes per second (stream time)'), rates,
        el('h3', {}, 'convergence C = mean(w(1−w))'), chart, el('h3', {}, 'learned kernels'), kernels));
    document.getElementById('streams').append(section);
    p = { canvas, scale, offscreen, info, counters, rates, chart, kernels, history: [], sensor: [sw, sh], input: [iw, ih] };
    state.streams[msg.stream] = p;
    return p;
  }

  function drawFrame(msg) {
    const p = panel(msg);
    const [iw, ih] = p.input, [sw, sh] = p.sensor, s = p.scale;
    const octx = p.offscreen.getContext('2d');
    const img = octx.createImageData(iw, ih);
    const px = b64(msg.pixels), view = new DataView(px.buffer);
    for (let i = 0; i + 4 <= px.length; i += 4) {
      const v = view.getUint32(i, true);
      const index = v >>> 2, salient = (v & 2) !== 0, colour = salient ? SALIENT : (v & 1) ? OFF : ON;
      const o = index * 4;
      if (salient || img.data[o + 3] === 0) { img.data[o] = colour[0]; img.data[o + 1] = colour[1]; img.data[o + 2] = colour[2]; }
      img.data[o + 3] = 255;
    }
    octx.putImageData(img, 0, 0);
    const ctx = p.canvas.getContext('2d');
    ctx.imageSmoothingEnabled = false;
    ctx.fillStyle = '#000';
    ctx.fillRect(0, 0, p.canvas.width, p.canvas.height);
    ctx.drawImage(p.offscreen, 0, 0, iw, ih, 0, 0, sw * s, sh * s);
    ctx.fillStyle = `rgb(${BOX[0]},${BOX[1]},${BOX[2]})`;
    ctx.font = '12px monospace';
    ctx.textBaseline = 'top';
    for (const [x0, y0, x1, y1, track, confirmed] of msg.boxes) {
      const pad = 2, left = x0 * s - pad, top = y0 * s - pad, right = (x1 + 1) * s + pad, bottom = (y1 + 1) * s + pad;
      edge(ctx, left, top, right - left, 1, confirmed); edge(ctx, left, bottom - 1, right - left, 1, confirmed);
      edge(ctx, left, top, 1, bottom - top, confirmed); edge(ctx, right - 1, top, 1, bottom - top, confirmed);
      if (track >= 0) ctx.fillText('#' + track, right + 2, top);
    }
    p.info.textContent = `step ${msg.firstStep}–${msg.lastStep}, t ${(msg.tStartUs / 1e6).toFixed(3)}–${(msg.tEndUs / 1e6).toFixed(3)} s, ` +
      `${msg.events} events, ${msg.boxes.length} boxes` + (msg.pixelsDropped ? `, ${msg.pixelsDropped} pixels not shown` : '');
    p.canvas.dataset.seq = msg.seq;
    p.canvas.dataset.tStartUs = msg.tStartUs;
    p.canvas.dataset.tEndUs = msg.tEndUs;
    const c = msg.counters;
    p.counters.replaceChildren(...[['events', c.events], ['steps', c.steps], ['instances', c.instances], ['restarts', c.restarts],
      ['skipped steps', c.skips], ['shed events', c.sheds], ['dropped events', c.dropped],
      ['dashboard: stale updates', c.updatesStale], ['dashboard: slow-browser drops', c.updatesSlowClient]]
      .map(([k, v]) => el('tr', {}, el('td', {}, k), el('td', { class: 'n' }, fmt(v)))));
    state.framesDrawn++;
    state.lastFrame = { stream: msg.stream, seq: msg.seq, tStartUs: msg.tStartUs, tEndUs: msg.tEndUs, boxes: msg.boxes, scale: s };
    document.getElementById('frames-drawn').textContent = state.framesDrawn;
  }

  function edge(ctx, x, y, w, h, solid) {
    if (solid) { ctx.fillRect(x, y, w, h); return; }
    for (let i = 0; i < Math.max(w, h); i += 4) ctx.fillRect(w > h ? x + i : x, w > h ? y : y + i, w > h ? Math.min(2, w - i) : 1, w > h ? 1 : Math.min(2, h - i));
  }

  function drawLearning(msg) {
    const p = state.streams[msg.stream];
    if (!p) return;
    const max = Math.max(1, ...msg.layers.map(l => l.spikesPerSecond || 0));
    // Bar sizes through the CSSOM: the page's CSP forbids inline style attributes.
    const bar = (l, i) => { const b = el('span', { class: 'bar' }); b.style.width = `${Math.round(120 * (l.spikesPerSecond || 0) / max)}px`; b.style.background = LAYER_COLOURS[i]; return b; };
    p.rates.replaceChildren(...msg.layers.map((l, i) => el('tr', {}, el('td', {}, l.name), el('td', { class: 'n' }, fmt(l.spikesPerSecond)), el('td', {}, bar(l, i)))));
    p.history.push([msg.timeS, ...msg.layers.map(l => l.convergence)]);
    if (p.history.length > 900) p.history.shift();
    drawChart(p);
    msg.layers.forEach((l, i) => { if (l.kernels) drawKernels(p, i, l); });
  }

  function drawChart(p) {
    const ctx = p.chart.getContext('2d'), w = p.chart.width, h = p.chart.height;
    ctx.fillStyle = '#000'; ctx.fillRect(0, 0, w, h);
    const h0 = p.history;
    if (h0.length < 1) return;
    const t0 = h0[0][0], t1 = Math.max(h0[h0.length - 1][0], t0 + 1e-6);
    let lo = Infinity, hi = -Infinity;
    for (const r of h0) for (const v of r.slice(1)) if (v !== null) { lo = Math.min(lo, v); hi = Math.max(hi, v); }
    if (!isFinite(lo)) return;
    if (hi - lo < 1e-3) { hi += 5e-4; lo -= 5e-4; }
    ctx.font = '10px monospace'; ctx.fillStyle = '#888';
    ctx.fillText(hi.toFixed(3), 2, 10); ctx.fillText(lo.toFixed(3), 2, h - 2);
    for (let layer = 1; layer <= 3; layer++) {
      ctx.strokeStyle = LAYER_COLOURS[layer - 1]; ctx.beginPath();
      let started = false;
      for (const r of h0) {
        if (r[layer] === null) continue;
        const x = (r[0] - t0) / (t1 - t0) * (w - 1), y = h - 1 - (r[layer] - lo) / (hi - lo) * (h - 14) - 2;
        if (started) ctx.lineTo(x, y); else { ctx.moveTo(x, y); started = true; }
      }
      ctx.stroke();
      ctx.fillStyle = LAYER_COLOURS[layer - 1]; ctx.fillText('conv' + layer, w - 40, 10 + 11 * (layer - 1));
    }
  }

  function drawKernels(p, index, layer) {
    const k = layer.kernels, s = k.k <= 7 ? 3 : 1, tile = (k.k + 1) * s, width = 320;
    const featuresPerRow = Math.floor(width / (k.in * tile));
    const cols = featuresPerRow >= 1 ? k.in * featuresPerRow : Math.max(1, Math.floor(width / tile));
    const tiles = k.out * k.in, rows = Math.ceil(tiles / cols);
    let c = p.kernels.querySelector(`canvas[data-layer="${layer.name}"]`);
    if (!c) {
      p.kernels.append(el('div', {}, `${layer.name}: ${k.out} × ${k.in} × ${k.k}×${k.k}`));
      c = el('canvas', { class: 'kernels', 'data-layer': layer.name });
      p.kernels.append(c);
    }
    if (c.dataset.version === String(layer.version)) return;
    c.dataset.version = layer.version;
    c.width = cols * tile; c.height = rows * tile;
    const ctx = c.getContext('2d');
    const img = ctx.createImageData(c.width, c.height), data = b64(k.data);
    for (let t = 0; t < tiles; t++) {
      const ox = (t % cols) * tile, oy = Math.floor(t / cols) * tile;
      for (let y = 0; y < k.k; y++) for (let x = 0; x < k.k; x++) {
        const v = data[t * k.k * k.k + y * k.k + x];
        for (let dy = 0; dy < s; dy++) for (let dx = 0; dx < s; dx++) {
          const o = ((oy + y * s + dy) * c.width + ox + x * s + dx) * 4;
          img.data[o] = img.data[o + 1] = img.data[o + 2] = v; img.data[o + 3] = 255;
        }
      }
    }
    ctx.putImageData(img, 0, 0);
  }

  function connect() {
    const status = document.getElementById('connection');
    const ws = new WebSocket(`ws://${location.host}/dashboard/ws`);
    ws.onopen = () => { status.textContent = 'live'; status.className = 'state open'; };
    ws.onclose = () => { status.textContent = 'disconnected, retrying…'; status.className = 'state closed'; setTimeout(connect, 2000); };
    ws.onmessage = e => {
      const msg = JSON.parse(e.data);
      if (msg.v !== SCHEMA) { status.textContent = `unsupported schema v${msg.v}`; return; }
      if (msg.type === 'hello') {
        for (const s of msg.streams) { const p = panel(s); p.history = s.history.slice(); drawChart(p); }
      } else if (msg.type === 'frame') {
        state.framesReceived++;
        if (!state.paused) drawFrame(msg);
      } else if (msg.type === 'learning') {
        drawLearning(msg);
      }
    };
  }

  document.getElementById('pause').addEventListener('click', e => {
    state.paused = !state.paused;
    e.target.textContent = state.paused ? 'Resume' : 'Pause';
  });
  connect();
})();
