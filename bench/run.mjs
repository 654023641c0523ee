#!/usr/bin/env node
// Engine benchmarks: runs each measurement several times (fresh process each), prints medians
// and the ratios the issues set as targets. Build first: `npm run bench` does both.
// Figures that are compared with each other (raw switch and scheduler yield; traced and
// untraced) are measured in alternation, so that a busy machine slows them alike.
//
//   node bench/run.mjs [--runs N] [--quick] [--native-only]
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import path from 'node:path';
import { median } from './median.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const args = process.argv.slice(2);
const runs = Number(args[args.indexOf('--runs') + 1]) || 5;
const quick = args.includes('--quick');
const nativeOnly = args.includes('--native-only');

const native = path.join(root, 'build/native-release/bench/engine_bench');
const wasm = path.join(root, 'build/wasm/bench/engine_bench.js');
for (const f of nativeOnly ? [native] : [native, wasm]) {
  if (!existsSync(f)) {
    console.error(`missing ${path.relative(root, f)}: run "npm run bench" (it builds the release and wasm presets)`);
    process.exit(2);
  }
}

function once(cmd, argv) {
  try {
    const out = execFileSync(cmd, argv, { encoding: 'utf8', maxBuffer: 1 << 20, stdio: ['ignore', 'pipe', 'pipe'] });
    return JSON.parse(out.trim().split('\n').pop());
  } catch (e) {
    const first = String(e.stderr ?? e.message).split('\n').find((l) => l.trim()) ?? 'failed';
    console.error(`bench: ${path.basename(argv[0] ?? cmd)} ${argv.slice(1).join(' ')}: ${first.slice(0, 200)}`);
    process.exit(1);
  }
}
function summarize(label, results) {
  const r = { label, n: results[0].n, seconds: median(results.map((x) => x.seconds)),
    peak_mib: Math.max(...results.map((x) => x.peak_mib)), records: results[0].records };
  r.per_op_ns = (r.seconds / r.n) * 1e9;
  r.per_s = r.n / r.seconds;
  console.log(`${label.padEnd(44)} ${fmt(r.per_s).padStart(12)}/s  ${r.per_op_ns.toFixed(1).padStart(9)} ns/op  peak ${r.peak_mib.toFixed(0).padStart(6)} MiB  (median of ${results.length})`);
  return r;
}
function measure(label, cmd, argv, n = runs) {
  return summarize(label, Array.from({ length: n }, () => once(cmd, argv)));
}
// [label, cmd, argv] rows, run in turn `n` times over.
function alternate(rows, n = runs) {
  const results = rows.map(() => []);
  for (let i = 0; i < n; i++) rows.forEach(([, cmd, argv], k) => results[k].push(once(cmd, argv)));
  return rows.map(([label], k) => summarize(label, results[k]));
}
function fmt(x) {
  return x >= 1e6 ? `${(x / 1e6).toFixed(2)}M` : x >= 1e3 ? `${(x / 1e3).toFixed(1)}k` : x.toFixed(0);
}
const node = [process.execPath, '--no-experimental-fetch', wasm];
const onWasm = (label, argv) => [label, node[0], [...node.slice(1), ...argv]];
const wasmRun = (label, argv, n) => measure(...onWasm(label, argv), n);

const N = quick ? 2_000_000 : 10_000_000;
const W = '2000000';
console.log('Loopscope engine benchmarks (switch = one task resuming another)\n');
const [raw, yieldNative] = alternate([
  ['native raw boost::context::fiber switch', native, ['raw-switch', String(N)]],
  ['native scheduler sleep(0) ping-pong', native, ['yield', String(N)]],
]);
// The same program (two tasks, sleep(0), a host taking the records every 16,384 switches), tracing off and on.
const [untracedNative, tracedNative] = alternate([
  ['native sleep(0) ping-pong + host, tracing off', native, ['yield-untraced', String(N)]],
  ['native sleep(0) ping-pong + host, tracing on', native, ['yield-traced', String(N)]],
]);
let rawWasm, yieldWasm, untracedWasm, tracedWasm, sleepWasm, spawnWasm;
if (!nativeOnly) {
  [rawWasm, yieldWasm] = alternate([onWasm('wasm raw emscripten_fiber_swap', ['raw-switch', W]),
    onWasm('wasm scheduler sleep(0) ping-pong', ['yield', W])]);
  [untracedWasm, tracedWasm] = alternate([onWasm('wasm sleep(0) ping-pong + host, tracing off', ['yield-untraced', W]),
    onWasm('wasm sleep(0) ping-pong + host, tracing on', ['yield-traced', W])]);
}
const cpython = measure('cpython asyncio sleep(0) ping-pong', 'python3', [path.join(root, 'bench/asyncio_yield.py'), 'yield', '400000']);
const spawnNative = measure('native spawn+gather 100,000 tasks', native, ['spawn-gather', '100000', '16384'], 3);
if (!nativeOnly) spawnWasm = wasmRun('wasm spawn+gather 100,000 tasks (4 KiB stacks)', ['spawn-gather', '100000', '4096'], 3);
const spawnPy = measure('cpython spawn+gather 100,000 tasks', 'python3', [path.join(root, 'bench/asyncio_yield.py'), 'spawn-gather', '100000'], 3);
if (!nativeOnly) sleepWasm = wasmRun('wasm 100,000 sleeping tasks (1 KiB stacks)', ['sleepers', '100000', '1024'], 3);
const sleepNative = quick ? null : measure('native 1,000,000 sleeping tasks (16 KiB)', native, ['sleepers', '1000000', '16384'], 1);

const cost = (traced, untraced) => traced.seconds / untraced.seconds - 1;
const perSwitch = (t) => `${(t.records / t.n).toFixed(2)} records (${((t.records * 32) / t.n).toFixed(0)} bytes) a switch`;
console.log(`\ntracing, native: ${fmt(untracedNative.per_s)} switches/s off, ${fmt(tracedNative.per_s)}/s on: ` +
  `cost ${cost(tracedNative, untracedNative).toFixed(2)}; ${perSwitch(tracedNative)}`);
if (!nativeOnly) {
  console.log(`tracing, wasm:   ${fmt(untracedWasm.per_s)} switches/s off, ${fmt(tracedWasm.per_s)}/s on: ` +
    `cost ${cost(tracedWasm, untracedWasm).toFixed(2)}; ${perSwitch(tracedWasm)}`);
}

const rows = [
  ['native yield / raw switch', yieldNative.per_op_ns / raw.per_op_ns, '<= 4x', yieldNative.per_op_ns / raw.per_op_ns <= 4],
  ['native tracing cost (traced/untraced - 1)', cost(tracedNative, untracedNative), '< 0.25', cost(tracedNative, untracedNative) < 0.25],
  ['native spawn+gather vs cpython (time)', spawnNative.seconds / spawnPy.seconds, 'ratio', true],
];
if (!nativeOnly) {
  rows.push(
    ['wasm switches/s', yieldWasm.per_s, '>= 2,000,000', yieldWasm.per_s >= 2e6],
    ['wasm tracing cost (traced/untraced - 1)', cost(tracedWasm, untracedWasm), '< 0.25', cost(tracedWasm, untracedWasm) < 0.25],
    ['wasm switches/s vs cpython', yieldWasm.per_s / cpython.per_s, 'ratio', true],
    ['wasm yield / raw swap', yieldWasm.per_op_ns / rawWasm.per_op_ns, 'ratio', true],
    ['wasm 100,000 sleepers peak MiB', sleepWasm.peak_mib, '<= 512', sleepWasm.peak_mib <= 512],
    ['wasm spawn+gather vs cpython (time)', spawnWasm.seconds / spawnPy.seconds, 'ratio', true],
  );
}
if (sleepNative) rows.push(['native 1,000,000 sleepers peak MiB', sleepNative.peak_mib, 'completes', true]);
console.log('\nfigure'.padEnd(42) + 'value'.padStart(14) + '  target');
for (const [name, value, target, ok] of rows) {
  console.log(`${name.padEnd(41)} ${(value >= 1000 ? fmt(value) : value.toFixed(2)).padStart(14)}  ${target}${target === 'ratio' ? '' : ok ? '  ok' : '  MISSED'}`);
}
