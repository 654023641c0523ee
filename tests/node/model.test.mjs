// The playground's trace model reads a Switch record (one record for a task's step end, the
// iteration that began meanwhile, and the next task's step start; docs/trace.md) exactly as the
// records it stands for.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { TraceModel, K } from '../../web/src/model.js';

function records(rows) {
  const dv = new DataView(new ArrayBuffer(rows.length * 32));
  rows.forEach(({ time = 0, kind, detail = 0, extra = 0, task = 0, obj = 0, arg = 0 }, i) => {
    const o = i * 32;
    dv.setBigInt64(o, BigInt(time), true); dv.setUint8(o + 8, kind); dv.setUint8(o + 9, detail);
    dv.setUint16(o + 10, extra, true); dv.setUint32(o + 12, task, true);
    dv.setBigUint64(o + 16, BigInt(obj), true); dv.setBigInt64(o + 24, BigInt(arg), true);
  });
  return new Uint8Array(dv.buffer);
}

const strings = ['Task-1', 'Task-2'];
const head = [
  { kind: K.TaskCreated, task: 1, arg: 1 }, { kind: K.TaskCreated, task: 2, arg: 2 },
  { kind: K.LoopStart }, { kind: K.Iteration, obj: 1, arg: 2 }, { kind: K.StepStart, task: 1, detail: 1 },
];
// 1 yields to 2 (first step) within iteration 1; 2 yields to 1 across iteration 2 (2 ready);
// at t=5 ms 1 ends waiting and 2 starts.
const classic = [...head,
  { kind: K.StepEnd, task: 1, detail: 1 }, { kind: K.StepStart, task: 2, detail: 1 },
  { kind: K.StepEnd, task: 2, detail: 1 }, { kind: K.Iteration, obj: 2, arg: 2 }, { kind: K.StepStart, task: 1 },
  { time: 5e6, kind: K.StepEnd, task: 1, detail: 0 }, { time: 5e6, kind: K.StepStart, task: 2 },
  { time: 5e6, kind: K.StepEnd, task: 2, detail: 2 }, { time: 5e6, kind: K.LoopStop },
];
const compact = [...head,
  { kind: K.Switch, task: 1, obj: 2, detail: 1 | 0x80 },
  { kind: K.Switch, task: 2, obj: 1, detail: 1 | 0x40, arg: 2, extra: 2 },
  { time: 5e6, kind: K.Switch, task: 1, obj: 2, detail: 0 },
  { time: 5e6, kind: K.StepEnd, task: 2, detail: 2 }, { time: 5e6, kind: K.LoopStop },
];

function view(m) {
  const cols = ['time', 'seq', 'kind', 'detail', 'task', 'obj', 'arg'].map((c) => [...m[c].a.slice(0, m.n)]);
  const lanes = m.lanes.map((l) => ({ name: l.name, segs: [0, 1, 2, 3].map((j) => [...[l.segs.start, l.segs.end,
    l.segs.state, l.segs.label][j].a.slice(0, l.segs.n)]) }));
  const states = Array.from({ length: m.n }, (_, i) => m.stateAt(i));
  return { n: m.n, cols, lanes, states };
}

test('a Switch record is read as the StepEnd, Iteration and StepStart it stands for', () => {
  const a = new TraceModel(), b = new TraceModel();
  a.ingest(records(classic), classic.length, strings);
  b.ingest(records(compact), compact.length, strings);
  assert.equal(b.n, classic.length);
  assert.deepEqual(view(b), view(a));
  assert.equal(b.stateAt(b.n - 1).iteration, 2);
});

test('a Switch split across ingest batches reads the same', () => {
  const a = new TraceModel(), b = new TraceModel();
  a.ingest(records(classic), classic.length, strings);
  const bytes = records(compact);
  b.ingest(bytes.subarray(0, 6 * 32), 6, strings);
  b.ingest(bytes.subarray(6 * 32), compact.length - 6);
  assert.deepEqual(view(b), view(a));
});

test('the model knows every record kind the engine defines', () => {
  const hpp = readFileSync(new URL('../../engine/include/loopscope/trace.hpp', import.meta.url), 'utf8');
  const body = hpp.slice(hpp.indexOf('enum class TraceKind'), hpp.indexOf('};', hpp.indexOf('enum class TraceKind')));
  const kinds = Object.fromEntries([...body.matchAll(/^\s+(\w+) = (\d+),/gm)].map((m) => [m[1], Number(m[2])]));
  assert.deepEqual(kinds, { ...K });
});
