// The timeline: one lane per task (plus the loop and executor workers) on a canvas, drawn from a
// TraceModel. Zoom (wheel, +/-), pan (drag, shift+wheel, arrows), hover details, a scrubbable cursor.
import { S, M, STATE_NAMES, KIND_NAMES, fmtDuration } from './model.js';

const GUTTER = 128, AXIS = 22, LANE = 24;

const PALETTE = {
  light: { bg: '#ffffff', text: '#1d2330', dim: '#6b7385', grid: '#e6e8ee', lane: '#f6f7fa',
    [S.Running]: '#2f7de1', [S.Ready]: '#f2b33d', [S.Waiting]: '#cfd6e3', [S.Blocked]: '#d93b3b', [S.Job]: '#7a5bd6',
    [S.Iteration]: '#5aa469', [S.Poll]: '#e3ece4', [S.Stalled]: '#d93b3b', [S.Done]: '#5aa469', [S.Cancelled]: '#8a8f9c',
    [S.Failed]: '#d93b3b', wake: 'rgba(60,60,80,0.55)', cursor: '#c2185b', output: '#1d2330', timer: '#8a5a00',
    io: '#0b7f8a', warn: '#d93b3b', stall: 'rgba(217,59,59,0.10)', hl: '#c2185b' },
  dark: { bg: '#15181f', text: '#e4e7ef', dim: '#98a0b3', grid: '#2a2f3a', lane: '#1b1f28',
    [S.Running]: '#4c95f0', [S.Ready]: '#e0a634', [S.Waiting]: '#3a4254', [S.Blocked]: '#f05555', [S.Job]: '#9b80f0',
    [S.Iteration]: '#63b574', [S.Poll]: '#24302a', [S.Stalled]: '#f05555', [S.Done]: '#63b574', [S.Cancelled]: '#8a8f9c',
    [S.Failed]: '#f05555', wake: 'rgba(200,205,220,0.5)', cursor: '#ff5c9a', output: '#e4e7ef', timer: '#e0b050',
    io: '#3cc2cc', warn: '#f05555', stall: 'rgba(240,85,85,0.14)', hl: '#ff5c9a' },
};

export class Timeline {
  constructor(host, { onCursor, onOutputClick } = {}) {
    this.host = host;
    this.model = null;
    this.axis = 'seq';
    this.x0 = 0; this.x1 = 1;
    this.follow = true;
    this.cursor = -1;
    this.highlightOutput = -1;
    this.now = null;  // the loop's clock while a run waits (ms): open segments reach it
    this.onCursor = onCursor; this.onOutputClick = onOutputClick;
    this.theme = 'light';
    this.frameTimes = [];
    host.classList.add('timeline');
    this.canvas = document.createElement('canvas');
    this.canvas.tabIndex = 0;
    this.canvas.setAttribute('role', 'img');
    this.canvas.setAttribute('aria-label', 'Timeline: one lane per task. Arrow keys move the cursor, + and - zoom, shift+arrows pan, 0 fits.');
    this.tip = document.createElement('div');
    this.tip.className = 'tl-tip';
    this.tip.hidden = true;
    host.append(this.canvas, this.tip);
    this.#bind();
    this.ro = new ResizeObserver(() => this.draw());
    this.ro.observe(host);
  }

  setModel(model) { this.model = model; this.follow = true; this.cursor = -1; this.highlightOutput = -1; this.now = null; this.fit(); }
  /** The loop's clock now (ms; null: not live): the lanes' open segments extend to it as time passes. */
  setNow(now) {
    if (now === this.now) return;
    this.now = now;
    if (this.model?.n) this.update();
  }
  setTheme(t) { this.theme = t; this.draw(); }
  setAxis(a) {
    const m = this.model;
    if (m && m.n) {
      const a0 = this.pos(Math.max(0, this.idxAt(this.x0))), a1 = this.pos(Math.max(0, this.idxAt(this.x1)));
      const i0 = this.idxAt(this.x0), i1 = this.idxAt(this.x1);
      this.axis = a;
      this.x0 = this.pos(Math.max(0, i0)); this.x1 = Math.max(this.pos(Math.max(0, i1)), this.x0 + 1e-6);
      void a0; void a1;
    } else this.axis = a;
    this.draw();
  }
  arr() { return (this.axis === 'time' ? this.model.time : this.model.seq).a; }
  pos(i) { return this.arr()[i]; }
  idxAt(x) { return this.model.indexAt(x, this.axis); }
  end() {
    const m = this.model;
    if (!m || !m.n) return 1;
    return this.now === null ? this.pos(m.n - 1) : Math.max(this.pos(m.n - 1), m.endAt(this.now, this.axis));
  }

  fit() {
    const e = this.end();
    this.x0 = 0; this.x1 = Math.max(e * 1.02, this.axis === 'time' ? 1 : 10);
    this.follow = true;
    this.draw();
  }
  /** New records arrived: keep following the end unless the user moved away. */
  update() {
    if (this.follow) {
      const e = this.end();
      if (e > this.x1 || this.x0 !== 0) { this.x0 = 0; this.x1 = Math.max(e * 1.15, 10); }
    }
    if (!this.host.dataset.firstRecordsDrawMs) this.draw();  // the first records: at once, not a frame later
    else this.scheduleDraw();
  }
  scheduleDraw() {
    if (this.pending) return;
    this.pending = requestAnimationFrame(() => { this.pending = 0; this.draw(); });
  }
  setCursor(i, notify = true) {
    if (!this.model) return;
    this.cursor = Math.max(-1, Math.min(i, this.model.n - 1));
    if (this.cursor >= 0) {
      const x = this.pos(this.cursor);
      if (x < this.x0 || x > this.x1) { const w = this.x1 - this.x0; this.x0 = x - w / 2; this.x1 = x + w / 2; this.follow = false; }
    }
    this.draw();
    if (notify) this.onCursor?.(this.cursor);
  }
  zoom(factor, atX) {
    const w = this.x1 - this.x0;
    const c = atX ?? (this.x0 + w / 2);
    const nw = Math.max(Math.min(w * factor, this.end() * 4 + 10), this.axis === 'time' ? 1e-4 : 0.5);
    const f = (c - this.x0) / w;
    this.x0 = c - nw * f; this.x1 = this.x0 + nw;
    this.follow = false;
    this.draw();
  }
  pan(dx) { this.x0 += dx; this.x1 += dx; this.follow = false; this.draw(); }

  get lanesHeight() { return AXIS + (this.model ? this.model.lanes.length : 1) * LANE + 4; }

  #xOf(v, W) { return GUTTER + ((v - this.x0) / (this.x1 - this.x0)) * (W - GUTTER); }
  #vOf(px, W) { return this.x0 + ((px - GUTTER) / (W - GUTTER)) * (this.x1 - this.x0); }

  draw() {
    const t0 = performance.now();
    const dpr = window.devicePixelRatio || 1;
    const W = this.host.clientWidth || 600;
    const H = Math.max(this.lanesHeight, 80);
    if (this.canvas.width !== Math.round(W * dpr) || this.canvas.height !== Math.round(H * dpr)) {
      this.canvas.width = Math.round(W * dpr); this.canvas.height = Math.round(H * dpr);
      this.canvas.style.width = `${W}px`; this.canvas.style.height = `${H}px`;
    }
    const g = this.canvas.getContext('2d');
    const P = PALETTE[this.theme] ?? PALETTE.light;
    g.setTransform(dpr, 0, 0, dpr, 0, 0);
    g.fillStyle = P.bg; g.fillRect(0, 0, W, H);
    g.font = '12px system-ui, sans-serif';
    g.textBaseline = 'middle';
    const m = this.model;
    if (!m || !m.n) {
      g.fillStyle = P.dim; g.fillText('The timeline appears here when the program runs.', GUTTER, AXIS + 20);
      this.host.dataset.lanes = JSON.stringify(m ? m.lanes.map((l) => l.name) : []);
      return;
    }
    const a = this.arr();
    const xOf = (v) => this.#xOf(v, W);
    const endX = this.end();  // where open segments stop: the last record, or the live clock
    // lanes background and names
    for (let l = 0; l < m.lanes.length; l++) {
      const y = AXIS + l * LANE;
      if (l % 2) { g.fillStyle = P.lane; g.fillRect(0, y, W, LANE); }
    }
    // axis ticks
    this.#axisTicks(g, W, H, P);
    // stalls: the whole loop stopped
    for (const s of m.stalls) {
      const xa = xOf(a[s.start]), xb = xOf(a[s.end]);
      if (xb < GUTTER || xa > W) continue;
      g.fillStyle = P.stall; g.fillRect(Math.max(GUTTER, xa), AXIS, Math.max(2, xb - Math.max(GUTTER, xa)), H - AXIS);
    }
    g.save();
    g.beginPath(); g.rect(GUTTER, 0, W - GUTTER, H); g.clip();
    const first = Math.max(0, this.idxAt(this.x0));
    const batch = {}, labels = [];
    const top = this.host.scrollTop, bottom = top + this.host.clientHeight;
    for (let l = 0; l < m.lanes.length; l++) {
      const y = AXIS + l * LANE;
      if (y + LANE < top || y > bottom + LANE) continue;  // scrolled out of view
      this.#lane(g, m, l, first, W, P, a, endX, batch, labels);
    }
    this.#flushBatch(g, P, batch, labels);
    this.#wakes(g, m, W, P, a);
    this.#marks(g, m, W, P, a);
    if (this.cursor >= 0) {
      const x = xOf(a[this.cursor]);
      g.strokeStyle = P.cursor; g.lineWidth = 2; g.beginPath(); g.moveTo(x, 0); g.lineTo(x, H); g.stroke(); g.lineWidth = 1;
    }
    g.restore();
    // names on top
    g.fillStyle = P.bg; g.fillRect(0, 0, GUTTER, H);
    for (let l = 0; l < m.lanes.length; l++) {
      const lane = m.lanes[l], y = AXIS + l * LANE;
      if (l % 2) { g.fillStyle = P.lane; g.fillRect(0, y, GUTTER, LANE); }
      g.fillStyle = lane.end === 4 ? P.warn : lane.kind === 'task' ? P.text : P.dim;
      const mark = lane.end === 2 ? ' ✓' : lane.end === 3 ? ' ⊘' : lane.end === 4 ? ' ✗' : '';
      g.fillText(clip(g, lane.name + mark, GUTTER - 10), 6, y + LANE / 2);
    }
    g.strokeStyle = P.grid; g.beginPath(); g.moveTo(GUTTER + 0.5, 0); g.lineTo(GUTTER + 0.5, H); g.stroke();
    this.host.dataset.lanes = JSON.stringify(m.lanes.map((l) => l.name));
    this.host.dataset.records = String(m.n);
    this.host.dataset.drawn = String((Number(this.host.dataset.drawn) || 0) + 1);
    if (!this.host.dataset.firstDrawMs) this.host.dataset.firstDrawMs = performance.now().toFixed(1);
    if (!this.host.dataset.firstRecordsDrawMs) this.host.dataset.firstRecordsDrawMs = performance.now().toFixed(1);
    this.host.dataset.lastDrawMs = dtText(performance.now() - t0);
    const dt = performance.now() - t0;
    this.frameTimes.push(dt);
    if (this.frameTimes.length > 200) this.frameTimes.shift();
  }

  #axisTicks(g, W, H, P) {
    const m = this.model, a = this.arr();
    g.fillStyle = P.dim; g.strokeStyle = P.grid;
    const n = Math.max(2, Math.floor((W - GUTTER) / 110));
    let prev = null;
    for (let k = 0; k <= n; k++) {
      const px = GUTTER + ((W - GUTTER) * k) / n;
      const v = this.#vOf(px, W);
      let ms;
      if (this.axis === 'time') ms = v;
      else { const i = this.idxAt(v); ms = i < 0 ? 0 : m.time.a[i]; void a; }
      g.beginPath(); g.moveTo(px + 0.5, AXIS - 4); g.lineTo(px + 0.5, H); g.stroke();
      const text = v < 0 && this.axis === 'seq' ? '' : fmtDuration(ms) || '0';
      if (k < n && text !== prev) g.fillText(text, px + 3, AXIS / 2);  // events axis: a time once
      prev = text;
    }
  }

  // Segments are batched: one path per state (adjacent same-state runs merged), labels after.
  #lane(g, m, l, first, W, P, a, endX, batch, labels) {
    const segs = m.lanes[l].segs;
    if (!segs.n) return;
    const y = AXIS + l * LANE;
    const span = this.x1 - this.x0, scale = (W - GUTTER) / span;
    let j = segs.firstEndingAfter(first);
    const N = segs.n;
    let runState = 0, runX = 0, runEnd = 0;
    const flush = () => {
      if (!runState) return;
      const terminal = runState === S.Done || runState === S.Cancelled || runState === S.Failed;
      const h = terminal ? 2 : runState === S.Waiting || runState === S.Poll ? LANE - 12 : LANE - 6;
      // Whole pixels: no anti-aliased edges to rasterise.
      const xr = Math.round(runX);
      (batch[runState] ??= []).push(xr, y + (LANE - h) / 2, Math.max(terminal ? 2 : 1, Math.round(runEnd) - xr), h);
      runState = 0;
    };
    while (j < N) {
      const s = segs.start.a[j], e = segs.end.a[j], st = segs.state.a[j];
      const xa = GUTTER + (a[s] - this.x0) * scale;
      if (xa > W) break;
      const terminal = st === S.Done || st === S.Cancelled || st === S.Failed;
      let xb = GUTTER + ((e < 0 ? endX : a[e]) - this.x0) * scale;
      if (terminal && e < 0) xb = W;
      const x0 = Math.max(xa, GUTTER - 2), x1 = Math.min(Math.max(xb, xa + 1), W + 2);
      if (st === runState && x0 <= runEnd + 0.5) runEnd = Math.max(runEnd, x1);
      else { flush(); runState = st; runX = x0; runEnd = x1; }
      if (!terminal && xb - xa > 46) {
        const lab = segs.label.a[j];
        const text = st === S.Waiting ? (lab ? m.label(lab) : 'waiting') : st === S.Running ? 'running'
          : st === S.Ready ? 'ready' : lab ? m.label(lab) : st === S.Blocked ? 'blocked' : '';
        if (text) labels.push(st, text, Math.max(xa, GUTTER), Math.min(xb, W), y);
      }
      if (xb - xa < 1 && j + 1 < N) {
        // Sub-pixel: jump to the first segment ending past the next pixel (bounded work per pixel).
        const nextIdx = this.idxAt(this.x0 + (xa + 1 - GUTTER) / scale);
        const k = segs.firstEndingAfter(nextIdx + 1);
        j = Math.max(j + 1, k);
      } else j++;
    }
    flush();
  }

  #flushBatch(g, P, batch, labels) {
    for (const [st, r] of Object.entries(batch)) {
      g.fillStyle = P[st];  // one style per state; pixel-aligned fillRect is the fastest path
      for (let k = 0; k < r.length; k += 4) g.fillRect(r[k], r[k + 1], r[k + 2], r[k + 3]);
    }
    for (let k = 0; k < labels.length; k += 5) {
      const st = labels[k], xa = labels[k + 2], xb = labels[k + 3];
      g.fillStyle = st === S.Waiting || st === S.Poll || st === S.Ready ? P.text : '#fff';
      g.fillText(clip(g, labels[k + 1], xb - xa - 6), xa + 3, labels[k + 4] + LANE / 2);
    }
  }

  #range(idxCol, n, a) {
    // marks/wakes are ordered by record index: binary search the visible range
    const lo = lowerBound(idxCol, n, Math.max(0, this.idxAt(this.x0)));
    const hi = lowerBound(idxCol, n, this.idxAt(this.x1) + 1);
    void a;
    return [lo, hi];
  }

  #wakes(g, m, W, P, a) {
    const w = m.wakes;
    const [lo, hi] = this.#range(w.idx.a, w.n, a);
    if (hi - lo > 1500) return;
    g.strokeStyle = P.wake; g.fillStyle = P.wake;
    for (let k = lo; k < hi; k++) {
      const from = w.from.a[k], to = w.to.a[k];
      const xa = this.#xOf(a[w.idx.a[k]], W), xb = this.#xOf(a[w.toIdx.a[k]], W);
      const ya = AXIS + from * LANE + LANE / 2, yb = AXIS + to * LANE + (from < to ? 4 : LANE - 4);
      g.beginPath(); g.moveTo(xa, ya); g.lineTo(xb, yb); g.stroke();
      const ang = Math.atan2(yb - ya, xb - xa);
      g.beginPath(); g.moveTo(xb, yb);
      g.lineTo(xb - 6 * Math.cos(ang - 0.4), yb - 6 * Math.sin(ang - 0.4));
      g.lineTo(xb - 6 * Math.cos(ang + 0.4), yb - 6 * Math.sin(ang + 0.4)); g.fill();
    }
  }

  #marks(g, m, W, P, a) {
    const mk = m.marks;
    const [lo, hi] = this.#range(mk.idx.a, mk.n, a);
    const dense = hi - lo > 4000;
    let colX = -1e9, inCol = 0;
    for (let k = lo; k < hi; k++) {
      const x = this.#xOf(a[mk.idx.a[k]], W);
      if (dense) {
        // Dense: a few marks per pixel column, then jump to the next column (bounded work).
        if (x - colX >= 1) { colX = x; inCol = 0; }
        if (++inCol > 3) {
          const next = this.idxAt(this.#vOf(colX + 1, W));
          const j = lowerBound(mk.idx.a, mk.n, next + 1);
          if (j > k) k = j - 1;
          continue;
        }
      }
      const type = mk.type.a[k], y = AXIS + mk.lane.a[k] * LANE;
      if (type === M.Output) {
        const hl = mk.arg.a[k] === this.highlightOutput;
        g.fillStyle = hl ? P.hl : P.output;
        g.beginPath(); g.moveTo(x, y + 1); g.lineTo(x - (hl ? 6 : 4), y - 5 + (hl ? 0 : 2)); g.lineTo(x + (hl ? 6 : 4), y - 5 + (hl ? 0 : 2)); g.fill();
        g.fillRect(x - 0.5, y, 1, 5);
      } else if (type === M.TimerScheduled || type === M.TimerFired || type === M.TimerCancelled) {
        g.strokeStyle = P.timer; g.beginPath(); g.arc(x, y + LANE - 5, 3, 0, Math.PI * 2);
        if (type === M.TimerFired) { g.fillStyle = P.timer; g.fill(); } else g.stroke();
      } else if (type === M.IoStart || type === M.IoEnd) {
        g.fillStyle = P.io; g.fillRect(x - 3, y + LANE - 8, 6, 6);
      } else {
        g.fillStyle = P.warn;
        g.font = 'bold 13px system-ui, sans-serif';
        g.fillText(type === M.Warning ? '⚠' : type === M.Cancel ? '⊘' : '✗', x - 4, y + 6);
        g.font = '12px system-ui, sans-serif';
      }
    }
  }

  /** What is under (px, py): a mark, else a segment. */
  hit(px, py) {
    const m = this.model;
    if (!m || !m.n || px < GUTTER) return null;
    const W = this.host.clientWidth, l = Math.floor((py - AXIS) / LANE);
    if (l < 0 || l >= m.lanes.length) return null;
    const a = this.arr();
    // marks within 5 px
    const mk = m.marks;
    const i0 = this.idxAt(this.#vOf(px - 5, W)), i1 = this.idxAt(this.#vOf(px + 5, W));
    let k = lowerBound(mk.idx.a, mk.n, Math.max(0, i0));
    for (; k < mk.n && mk.idx.a[k] <= i1; k++) {
      if (mk.lane.a[k] === l && Math.abs(this.#xOf(a[mk.idx.a[k]], W) - px) <= 5) return { mark: k, lane: l };
    }
    const idx = this.idxAt(this.#vOf(px, W));
    const segs = m.lanes[l].segs;
    const j = segs.firstEndingAfter(Math.max(0, idx));
    if (j < segs.n && segs.start.a[j] <= Math.max(0, idx)) return { seg: j, lane: l };
    return { lane: l };
  }

  describe(h) {
    const m = this.model, lane = m.lanes[h.lane];
    if (h.mark !== undefined) {
      const mk = m.marks, i = mk.idx.a[h.mark], type = mk.type.a[h.mark], arg = mk.arg.a[h.mark];
      const at = `at ${fmtDuration(m.time.a[i]) || '0'}`;
      if (type === M.Output) return `${lane.name} printed ${JSON.stringify(m.str(m.arg.a[i]))} ${at} (click: show in console)`;
      if (type === M.TimerScheduled) return `${lane.name} scheduled a timer for ${fmtDuration(arg / 1e6)} ${at}`;
      if (type === M.Warning) return `warning ${at}: ${m.label(arg)}`;
      if (type === M.IoStart) return `${lane.name} started I/O ${JSON.stringify(m.str(arg))} ${at}`;
      return `${KIND_NAMES[m.kind.a[i]]} ${at}${type === M.Exception ? `: ${m.str(arg)}` : ''}`;
    }
    if (h.seg !== undefined) {
      const s = lane.segs, j = h.seg, st = s.state.a[j], a = s.start.a[j], e = s.end.a[j];
      const t0 = m.time.a[a], t1 = e < 0 ? m.endTime : m.time.a[e];
      const lab = s.label.a[j] ? m.label(s.label.a[j]) : '';
      const what = st === S.Waiting ? `waiting on ${lab || 'a future'}` : STATE_NAMES[st] + (lab ? `: ${lab}` : '');
      const terminal = st === S.Done || st === S.Cancelled || st === S.Failed;
      return `${lane.name}: ${what} · from ${fmtDuration(t0) || '0'}${terminal ? '' : ` for ${fmtDuration(t1 - t0) || '0 (no loop time: the step took no clock time)'}`}`;
    }
    return lane.name;
  }

  #bind() {
    const c = this.canvas;
    let drag = null;
    c.addEventListener('wheel', (e) => {
      if (!this.model || !this.model.n) return;
      e.preventDefault();
      const W = this.host.clientWidth;
      if (e.shiftKey || Math.abs(e.deltaX) > Math.abs(e.deltaY)) {
        const d = (e.shiftKey ? e.deltaY : e.deltaX) || e.deltaY;
        this.pan((d / (W - GUTTER)) * (this.x1 - this.x0));
      } else this.zoom(Math.exp(e.deltaY * 0.0025), this.#vOf(e.offsetX, W));
    }, { passive: false });
    c.addEventListener('pointerdown', (e) => {
      drag = { x: e.offsetX, x0: this.x0, x1: this.x1, moved: false, scrub: e.offsetY < AXIS || e.altKey };
      c.setPointerCapture(e.pointerId);
    });
    c.addEventListener('pointermove', (e) => {
      const W = this.host.clientWidth;
      if (drag) {
        const dx = e.offsetX - drag.x;
        if (Math.abs(dx) > 3) drag.moved = true;
        if (drag.scrub) { this.setCursor(this.idxAt(this.#vOf(e.offsetX, W))); return; }
        if (drag.moved) {
          const d = (dx / (W - GUTTER)) * (drag.x1 - drag.x0);
          this.x0 = drag.x0 - d; this.x1 = drag.x1 - d; this.follow = false; this.scheduleDraw();
        }
        return;
      }
      const h = this.hit(e.offsetX, e.offsetY);
      if (h && (h.mark !== undefined || h.seg !== undefined)) {
        this.tip.textContent = this.describe(h);
        this.tip.hidden = false;
        this.tip.style.left = `${Math.min(e.offsetX + 12, W - 260)}px`;
        this.tip.style.top = `${e.offsetY + 14}px`;
        c.style.cursor = h.mark !== undefined ? 'pointer' : 'crosshair';
      } else { this.tip.hidden = true; c.style.cursor = 'default'; }
    });
    c.addEventListener('pointerleave', () => { this.tip.hidden = true; });
    c.addEventListener('pointerup', (e) => {
      const d = drag; drag = null;
      if (!d || d.moved) return;
      const W = this.host.clientWidth;
      const h = this.hit(e.offsetX, e.offsetY);
      if (h && h.mark !== undefined && this.model.marks.type.a[h.mark] === M.Output) {
        const out = this.model.marks.arg.a[h.mark];
        this.highlightOutput = out;
        this.setCursor(this.model.marks.idx.a[h.mark]);
        this.onOutputClick?.(out);
        return;
      }
      if (e.offsetX >= GUTTER) this.setCursor(this.idxAt(this.#vOf(e.offsetX, W)));
    });
    c.addEventListener('keydown', (e) => {
      if (!this.model || !this.model.n) return;
      const w = this.x1 - this.x0;
      let used = true;
      if (e.key === '+' || e.key === '=') this.zoom(0.7);
      else if (e.key === '-' || e.key === '_') this.zoom(1 / 0.7);
      else if (e.key === '0') this.fit();
      else if (e.key === 'ArrowLeft' && e.shiftKey) this.pan(-w * 0.15);
      else if (e.key === 'ArrowRight' && e.shiftKey) this.pan(w * 0.15);
      else if (e.key === 'ArrowLeft') this.setCursor(this.cursor < 0 ? this.model.n - 1 : Math.max(0, this.cursor - 1));
      else if (e.key === 'ArrowRight') this.setCursor(this.cursor + 1);
      else if (e.key === 'Home') this.setCursor(0);
      else if (e.key === 'End') this.setCursor(this.model.n - 1);
      else used = false;
      if (used) e.preventDefault();
    });
  }
}

const dtText = (ms) => ms.toFixed(2);

function lowerBound(arr, n, v) {
  let lo = 0, hi = n;
  while (lo < hi) { const mid = (lo + hi) >> 1; if (arr[mid] < v) lo = mid + 1; else hi = mid; }
  return lo;
}

function clip(g, text, w) {
  if (w <= 8) return '';
  if (g.measureText(text).width <= w) return text;
  let lo = 0, hi = text.length;
  while (lo < hi) { const mid = (lo + hi + 1) >> 1; if (g.measureText(text.slice(0, mid) + '…').width <= w) lo = mid; else hi = mid - 1; }
  return lo ? text.slice(0, lo) + '…' : '';
}
