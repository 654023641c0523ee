// The trace model: records (see docs/trace.md) ingested in batches, turned into lanes of
// segments, marks and wake arrows for the timeline, plus the loop's internals at any record
// (ready queue, timers, pending I/O, task states) through periodic snapshots and replay.

export const K = Object.freeze({
  LoopStart: 1, LoopStop: 2, Iteration: 3, Poll: 4, TaskCreated: 5, StepStart: 6, StepEnd: 7, Wait: 8, Wake: 9,
  CancelRequested: 10, CancelDelivered: 11, ExceptionRaised: 12, TimerScheduled: 13, TimerFired: 14,
  TimerCancelled: 15, CallbackRun: 16, IoStart: 17, IoEnd: 18, Output: 19, Warning: 20, BlockStart: 21,
  BlockEnd: 22, WorkerCreated: 23, JobStart: 24, JobEnd: 25, Switch: 26,
});
export const KIND_NAMES = ['?', 'loop start', 'loop stop', 'iteration', 'poll', 'task created', 'step start', 'step end',
  'wait', 'wake', 'cancel requested', 'CancelledError raised', 'exception', 'timer scheduled', 'timer fired',
  'timer cancelled', 'callback', 'I/O start', 'I/O end', 'output', 'warning', 'blocking call', 'blocking call returned',
  'worker created', 'job start', 'job end', 'switch'];
export const WAIT_KINDS = ['future', 'sleep', 'task', 'gather', 'lock', 'semaphore', 'event', 'condition', 'queue',
  'barrier', 'io', 'executor', 'input', 'taskgroup', 'wait', 'timeout'];

// Segment states.
export const S = Object.freeze({ Running: 1, Ready: 2, Waiting: 3, Blocked: 4, Job: 5, Iteration: 6, Poll: 7,
  Stalled: 8, Done: 9, Cancelled: 10, Failed: 11 });
export const STATE_NAMES = ['', 'running', 'ready (waiting for the loop)', 'waiting', 'blocked (a blocking call)',
  'running a job', 'loop iteration', 'loop polling (idle)', 'loop stalled', 'done', 'cancelled', 'failed'];
// Marks.
export const M = Object.freeze({ TimerScheduled: 1, TimerFired: 2, TimerCancelled: 3, IoStart: 4, IoEnd: 5,
  Output: 6, Warning: 7, Cancel: 8, Exception: 9 });

const SNAPSHOT_EVERY = 4096;
/** Width on the events axis of `dt` ms of loop time without records: grows with its log. */
const idleGap = (dt) => (dt > 0.001 ? 3 + 6 * Math.log10(1 + dt) : 0);

class Column {
  constructor(Type, n = 1024) { this.Type = Type; this.a = new Type(n); }
  ensure(n) {
    if (n <= this.a.length) return;
    const b = new this.Type(Math.max(n, this.a.length * 2));
    b.set(this.a);
    this.a = b;
  }
}

class Segments {
  constructor() {
    this.n = 0;
    this.start = new Column(Int32Array, 64);  // record index
    this.end = new Column(Int32Array, 64);    // record index (-1: open)
    this.state = new Column(Uint8Array, 64);
    this.label = new Column(Int32Array, 64);  // string id (0: none)
  }
  open(i, state, label = 0) {
    const n = this.n + 1;
    for (const c of [this.start, this.end, this.state, this.label]) c.ensure(n);
    this.start.a[this.n] = i; this.end.a[this.n] = -1; this.state.a[this.n] = state; this.label.a[this.n] = label;
    this.n = n;
  }
  close(i) {
    if (this.n && this.end.a[this.n - 1] < 0) this.end.a[this.n - 1] = i;
  }
  get openState() { return this.n && this.end.a[this.n - 1] < 0 ? this.state.a[this.n - 1] : 0; }
  /** First segment whose end (open: +inf) is at or after record index i. */
  firstEndingAfter(i) {
    let lo = 0, hi = this.n;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      const e = this.end.a[mid];
      if (e >= 0 && e < i) lo = mid + 1; else hi = mid;
    }
    return lo;
  }
}

function emptyState() {
  return { running: 0, ready: [], timers: new Map(), io: new Map(), tasks: new Map(), jobs: new Map(), stalled: null,
    iteration: 0 };
}
function cloneState(s) {
  const tasks = new Map();
  for (const [k, v] of s.tasks) tasks.set(k, { ...v });
  return { running: s.running, ready: [...s.ready], timers: new Map(s.timers), io: new Map(s.io), tasks,
    jobs: new Map(s.jobs), stalled: s.stalled, iteration: s.iteration };
}

export class TraceModel {
  constructor() { this.reset(); }

  reset() {
    this.n = 0;
    this.time = new Column(Float64Array, 4096);   // ms
    this.seq = new Column(Float64Array, 4096);    // the event axis
    this.kind = new Column(Uint8Array, 4096);
    this.detail = new Column(Uint8Array, 4096);
    this.task = new Column(Uint32Array, 4096);
    this.obj = new Column(Float64Array, 4096);
    this.arg = new Column(Float64Array, 4096);
    this.strings = [''];
    this.dropped = 0;
    this.lanes = [];             // {key, name, kind: 'loop'|'task'|'worker', segs, taskId, end}
    this.laneByKey = new Map();
    this.marks = { n: 0, idx: new Column(Int32Array), lane: new Column(Int32Array), type: new Column(Uint8Array),
      arg: new Column(Float64Array) };
    this.wakes = { n: 0, idx: new Column(Int32Array), from: new Column(Int32Array), to: new Column(Int32Array),
      toIdx: new Column(Int32Array) };
    this.pendingWake = new Map();
    this.outputs = [];           // record index of each Output record, in order
    this.state = emptyState();
    this.snapshots = [{ at: 0, state: cloneState(this.state) }];
    this.blockInfo = new Map();  // task -> {idx, ns}
    this.stalls = [];            // {start, end, task, ns}
    this.version = 0;
    this.lane('loop', 'event loop', 'loop');
  }

  lane(key, name, kind, taskId = 0) {
    let i = this.laneByKey.get(key);
    if (i === undefined) {
      i = this.lanes.length;
      this.lanes.push({ key, name, kind, taskId, segs: new Segments(), end: 0 });
      this.laneByKey.set(key, i);
    }
    return i;
  }
  taskLane(task) { return task ? this.lane(task, `task ${task}`, 'task', task) : 0; }
  str(id) { return this.strings[id] ?? ''; }
  get endSeq() { return this.n ? this.seq.a[this.n - 1] : 0; }
  get endTime() { return this.n ? this.time.a[this.n - 1] : 0; }
  /** Where `axis` ends when the loop's clock reads `now` (ms): the idle time since the last record extends it. */
  endAt(now, axis = 'seq') {
    if (!this.n) return 0;
    const dt = Math.max(0, now - this.endTime);
    return axis === 'time' ? this.endTime + dt : this.endSeq + idleGap(dt);
  }

  /** Appends a batch: `bytes` holds `count` 32-byte records; `strings` extends the string table. */
  ingest(bytes, count, strings = [], dropped = 0) {
    for (const s of strings) this.strings.push(s);
    this.dropped = dropped;
    const dv = new DataView(bytes.buffer ?? bytes, bytes.byteOffset ?? 0);
    const n = this.n + 3 * count;  // a Switch record becomes up to 3 rows
    for (const c of [this.time, this.seq, this.kind, this.detail, this.task, this.obj, this.arg]) c.ensure(n);
    for (let r = 0; r < count; r++) {
      const o = r * 32, t = Number(dv.getBigInt64(o, true)) / 1e6, k = dv.getUint8(o + 8), d = dv.getUint8(o + 9);
      const task = dv.getUint32(o + 12, true), obj = Number(dv.getBigUint64(o + 16, true));
      const arg = Number(dv.getBigInt64(o + 24, true));
      if (k === K.Switch) {
        // One record for StepEnd, [Iteration,] StepStart (docs/trace.md): one row each here.
        this.#row(t, K.StepEnd, d & 0x07, task, 0, 0);
        if (d & 0x40) this.#row(t, K.Iteration, 0, 0, arg, dv.getUint16(o + 10, true));
        this.#row(t, K.StepStart, d & 0x80 ? 1 : 0, obj, 0, 0);
      } else {
        this.#row(t, k, d, task, obj, arg);
      }
    }
    this.version++;
  }

  #row(time, kind, detail, task, obj, arg) {
    const i = this.n;
    this.time.a[i] = time;
    this.kind.a[i] = kind;
    this.detail.a[i] = detail;
    this.task.a[i] = task;
    this.obj.a[i] = obj;
    this.arg.a[i] = arg;
    this.n = i + 1;
    this.#axis(i);
    this.#build(i);
    applyRecord(this, this.state, i);
    if (this.n % SNAPSHOT_EVERY === 0) this.snapshots.push({ at: this.n, state: cloneState(this.state) });
  }

  #axis(i) {
    const k = this.kind.a[i];
    if (i === 0) { this.seq.a[0] = 0; return; }
    const dt = this.time.a[i] - this.time.a[i - 1];
    const w = k === K.Wait || k === K.TimerScheduled || k === K.CallbackRun || k === K.LoopStart ? 0 : 1;
    this.seq.a[i] = this.seq.a[i - 1] + w + idleGap(dt);
  }

  #mark(i, lane, type, arg = 0) {
    const m = this.marks, n = m.n + 1;
    for (const c of [m.idx, m.lane, m.type, m.arg]) c.ensure(n);
    m.idx.a[m.n] = i; m.lane.a[m.n] = lane; m.type.a[m.n] = type; m.arg.a[m.n] = arg;
    m.n = n;
  }

  #build(i) {
    const k = this.kind.a[i], task = this.task.a[i], det = this.detail.a[i], arg = this.arg.a[i];
    switch (k) {
      case K.TaskCreated: {
        const l = this.lane(task, this.str(arg) || `task ${task}`, 'task', task);
        this.lanes[l].name = this.str(arg) || this.lanes[l].name;
        this.lanes[l].segs.open(i, S.Ready);
        break;
      }
      case K.StepStart: {
        const l = this.taskLane(task), segs = this.lanes[l].segs;
        segs.close(i); segs.open(i, S.Running);
        const w = this.pendingWake.get(task);
        if (w !== undefined) { this.wakes.toIdx.a[w] = i; this.pendingWake.delete(task); }
        break;
      }
      case K.StepEnd: {
        const l = this.taskLane(task), lane = this.lanes[l], segs = lane.segs;
        segs.close(i);
        if (det === 1) segs.open(i, S.Ready);
        else if (det === 0) segs.open(i, S.Waiting, lane.waitLabel ?? 0);
        else if (det === 5) segs.open(i, S.Blocked);
        else {
          segs.open(i, det === 2 ? S.Done : det === 3 ? S.Cancelled : S.Failed);
          lane.end = det;
        }
        break;
      }
      case K.Wait: {
        const l = this.taskLane(task);
        this.lanes[l].waitLabel = arg ? arg : this.#intern(WAIT_KINDS[det] ?? 'future');
        break;
      }
      case K.Wake: {
        const l = this.taskLane(task), segs = this.lanes[l].segs;
        if (segs.openState === S.Waiting || segs.openState === S.Blocked) { segs.close(i); segs.open(i, S.Ready); }
        const wk = this.wakes, n = wk.n + 1;
        for (const c of [wk.idx, wk.from, wk.to, wk.toIdx]) c.ensure(n);
        wk.idx.a[wk.n] = i; wk.from.a[wk.n] = this.obj.a[i] ? this.taskLane(this.obj.a[i]) : 0; wk.to.a[wk.n] = l;
        wk.toIdx.a[wk.n] = i;
        this.pendingWake.set(task, wk.n);
        wk.n = n;
        break;
      }
      case K.Iteration: case K.Poll: {
        const segs = this.lanes[0].segs;
        if (segs.openState === S.Stalled) break;
        segs.close(i); segs.open(i, k === K.Iteration ? S.Iteration : S.Poll);
        break;
      }
      case K.LoopStop: this.lanes[0].segs.close(i); break;
      case K.BlockStart: {
        if (det === 1) {
          const l = this.lane('w' + task, `worker ${task}`, 'worker', task), segs = this.lanes[l].segs;
          segs.close(i); segs.open(i, S.Blocked);
        } else {
          const l = this.taskLane(task), segs = this.lanes[l].segs;
          segs.close(i); segs.open(i, S.Blocked, this.#intern(`blocking call ${fmtDuration(arg / 1e6)}`));
          const loop = this.lanes[0].segs;
          loop.close(i); loop.open(i, S.Stalled, this.#intern(`stalled by ${this.lanes[l].name}`));
          this.blockInfo.set(task, { idx: i, ns: arg });
        }
        break;
      }
      case K.BlockEnd: {
        if (det === 1) {
          const l = this.lane('w' + task, `worker ${task}`, 'worker', task), segs = this.lanes[l].segs;
          segs.close(i); segs.open(i, S.Job, this.lanes[l].jobLabel ?? 0);
        } else {
          const l = this.taskLane(task), segs = this.lanes[l].segs;
          segs.close(i); segs.open(i, S.Running);
          const loop = this.lanes[0].segs;
          loop.close(i); loop.open(i, S.Iteration);
          const b = this.blockInfo.get(task);
          const ms = this.time.a[i] - (b ? this.time.a[b.idx] : this.time.a[i]);
          const text = `${this.lanes[l].name} blocked the event loop for ${fmtDuration(ms)}: a blocking call ` +
            '(like time.sleep) inside a coroutine stalls every task; await asyncio.sleep() or use run_in_executor()';
          this.stalls.push({ start: b?.idx ?? i, end: i, lane: l, text });
          this.#mark(i, 0, M.Warning, this.#intern(text));
        }
        break;
      }
      case K.WorkerCreated: {
        const l = this.lane('w' + task, `executor ${this.str(arg) || task}`, 'worker', task);
        this.lanes[l].name = `executor ${this.str(arg) || task}`;
        break;
      }
      case K.JobStart: {
        const l = this.lane('w' + task, `worker ${task}`, 'worker', task), segs = this.lanes[l].segs;
        this.lanes[l].jobLabel = arg;
        segs.close(i); segs.open(i, S.Job, arg);
        break;
      }
      case K.JobEnd: this.lanes[this.lane('w' + task, `worker ${task}`, 'worker', task)].segs.close(i); break;
      case K.TimerScheduled: this.#mark(i, this.taskLane(task), M.TimerScheduled, arg); break;
      case K.TimerFired: this.#mark(i, 0, M.TimerFired, this.obj.a[i]); break;
      case K.TimerCancelled: this.#mark(i, this.taskLane(task), M.TimerCancelled, this.obj.a[i]); break;
      case K.IoStart: this.#mark(i, this.taskLane(task), M.IoStart, arg); break;
      case K.IoEnd: this.#mark(i, this.taskLane(task), M.IoEnd, this.obj.a[i]); break;
      case K.Output: this.#mark(i, this.taskLane(task), M.Output, this.outputs.length); this.outputs.push(i); break;
      case K.Warning: this.#mark(i, this.taskLane(task), M.Warning, arg); break;
      case K.CancelRequested: this.#mark(i, this.taskLane(task), M.Cancel, arg); break;
      case K.ExceptionRaised: this.#mark(i, this.taskLane(task), M.Exception, arg); break;
      default: break;
    }
  }

  #intern(text) {
    if (!this.localStrings) this.localStrings = new Map();
    let id = this.localStrings.get(text);
    if (id === undefined) {
      // Negative ids: page-side strings, kept apart from the engine's table (which grows by batches).
      if (!this.pageStrings) this.pageStrings = [''];
      id = -this.pageStrings.length;
      this.pageStrings.push(text);
      this.localStrings.set(text, id);
    }
    return id;
  }
  label(id) { return id < 0 ? this.pageStrings[-id] : this.str(id); }

  /** Index of the last record whose axis position (seq or time) is <= x (-1: none). */
  indexAt(x, axis = 'seq') {
    const a = (axis === 'time' ? this.time : this.seq).a;
    let lo = 0, hi = this.n;
    while (lo < hi) { const mid = (lo + hi) >> 1; if (a[mid] <= x) lo = mid + 1; else hi = mid; }
    return lo - 1;
  }

  /** The loop's internals just after record `i`: snapshot, then replay. */
  stateAt(i) {
    if (i < 0) return emptyState();
    i = Math.min(i, this.n - 1);
    let lo = 0, hi = this.snapshots.length - 1;
    while (lo < hi) { const mid = (lo + hi + 1) >> 1; if (this.snapshots[mid].at <= i + 1) lo = mid; else hi = mid - 1; }
    const snap = this.snapshots[lo];
    const st = cloneState(snap.state);
    for (let j = snap.at; j <= i; j++) applyRecord(this, st, j);
    return st;
  }
}

function applyRecord(m, st, i) {
  const k = m.kind.a[i], task = m.task.a[i], arg = m.arg.a[i];
  const t = (id) => {
    let v = st.tasks.get(id);
    if (!v) { v = { state: 'ready', label: '' }; st.tasks.set(id, v); }
    return v;
  };
  const unready = (id) => { const p = st.ready.indexOf(id); if (p >= 0) st.ready.splice(p, 1); };
  switch (k) {
    case K.TaskCreated: t(task).state = 'ready'; st.ready.push(task); break;
    case K.StepStart: unready(task); t(task).state = 'running'; st.running = task; break;
    case K.StepEnd: {
      const d = m.detail.a[i];
      const v = t(task);
      v.state = ['waiting', 'ready', 'done', 'cancelled', 'failed', 'blocked'][d] ?? 'waiting';
      if (d === 1) st.ready.push(task);
      if (d !== 0) v.label = d === 1 ? '' : v.label;
      if (st.running === task) st.running = 0;
      break;
    }
    case K.Wait: t(task).label = arg ? m.str(arg) : (WAIT_KINDS[m.detail.a[i]] ?? ''); break;
    case K.Wake: { const v = t(task); if (v.state !== 'running') { v.state = 'ready'; if (!st.ready.includes(task)) st.ready.push(task); } break; }
    case K.TimerScheduled: st.timers.set(m.obj.a[i], { deadline: arg / 1e6, task }); break;
    case K.TimerFired: case K.TimerCancelled: st.timers.delete(m.obj.a[i]); break;
    case K.IoStart: st.io.set(m.obj.a[i], { label: m.str(arg), task }); break;
    case K.IoEnd: st.io.delete(m.obj.a[i]); break;
    case K.Iteration: st.iteration = m.obj.a[i]; break;
    case K.BlockStart: if (!m.detail.a[i]) { st.stalled = task; t(task).state = 'blocked'; } break;
    case K.BlockEnd: if (!m.detail.a[i]) { st.stalled = null; t(task).state = 'running'; } break;
    case K.JobStart: st.jobs.set(task, m.str(arg) || 'job'); break;
    case K.JobEnd: st.jobs.delete(task); break;
    default: break;
  }
}

export function fmtDuration(ms) {
  if (!isFinite(ms)) return '';
  if (ms >= 1000) return `${(ms / 1000).toFixed(ms >= 10000 ? 1 : 3)} s`;
  if (ms >= 1) return `${ms.toFixed(ms >= 100 ? 0 : ms >= 10 ? 1 : 2)} ms`;
  return `${(ms * 1000).toFixed(0)} µs`;
}

/** A synthetic trace of `n` records (the benchmark's and the tests' big trace). */
export function syntheticTrace(n, tasks = 50) {
  const buf = new ArrayBuffer(n * 32), dv = new DataView(buf);
  const strings = [];
  let i = 0, t = 0n;
  const put = (kind, task, obj = 0, arg = 0, detail = 0) => {
    if (i >= n) return;
    const o = i * 32;
    dv.setBigInt64(o, t, true); dv.setUint8(o + 8, kind); dv.setUint8(o + 9, detail);
    dv.setUint32(o + 12, task, true); dv.setBigUint64(o + 16, BigInt(obj), true); dv.setBigInt64(o + 24, BigInt(arg), true);
    i++;
  };
  for (let k = 1; k <= tasks; k++) { strings.push(`Task-${k}`); put(K.TaskCreated, k, 0, k); }
  strings.push('sleep 0.01 s'); const sleepId = strings.length;
  let it = 0;
  while (i < n) {
    put(K.Iteration, 0, ++it, tasks);
    for (let k = 1; k <= tasks && i < n; k++) {
      put(K.StepStart, k); t += 20000n; put(K.Wait, k, 0, sleepId, 1); put(K.StepEnd, k);
    }
    put(K.Poll, 0, it, 10000000); t += 10000000n;
    for (let k = 1; k <= tasks && i < n; k++) put(K.Wake, k, 0, 0);
  }
  return { bytes: new Uint8Array(buf), count: n, strings };
}
