#!/usr/bin/env node
// Engine benchmarks: runs each measurement several times (fresh process each), prints medians
// and the ratios the issues set as targets. Build first: `npm run bench` does both.
//
//   node bench/run.mjs [--runs N] [--quick]
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import path from 'node:path';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const args = process.argv.slice(2);
const runs = Number(args[args.indexOf('--runs') + 1]) || 5;
const quick = args.includes('--quick');

const native = path.join(root, 'build/native-release/bench/engine_bench');
const wasm = path.join(root, 'build/wasm/bench/engine_bench.js');
for (const f of [native, wasm]) {
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
function median(xs) {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
}
function measure(label, cmd, argv, n = runs) {
  const results = Array.from({ length: n }, () => once(cmd, argv));
  const r = { label, n: results[0].n, seconds: median(results.map((x) => x.seconds)), peak_mib: Math.max(...results.map((x) => x.peak_mib)) };
  r.per_op_ns = (r.seconds / r.n) * 1e9;
  r.per_s = r.n / r.seconds;
  console.log(`${label.padEnd(44)} ${fmt(r.per_s).padStart(12)}/s  ${r.per_op_ns.toFixed(1).padStart(9)} ns/op  peak ${r.peak_mib.toFixed(0).padStart(6)} MiB  (median of ${n})`);
  return r;
}
function fmt(x) {
  return x >= 1e6 ? `${(x / 1e6).toFixed(2)}M` : x >= 1e3 ? `${(x / 1e3).toFixed(1)}k` : x.toFixed(0);
}
const node = [process.execPath, '--no-experimental-fetch', wasm];
const wasmRun = (label, argv, n) => measure(label, node[0], [...node.slice(1), ...argv], n);

const N = quick ? 2_000_000 : 10_000_000;
console.log('Loopscope engine benchmarks (switch = one task resuming another)\n');
const raw = measure('native raw boost::context::fiber switch', native, ['raw-switch', String(N)]);
const yieldNative = measure('native scheduler sleep(0) ping-pong', native, ['yield', String(N)]);
const tracedNative = measure('native sleep(0) ping-pong, tracing on', native, ['yield-traced', String(N)]);
const rawWasm = wasmRun('wasm raw emscripten_fiber_swap', ['raw-switch', '2000000']);
const yieldWasm = wasmRun('wasm scheduler sleep(0) ping-pong', ['yield', '2000000']);
const tracedWasm = wasmRun('wasm sleep(0) ping-pong, tracing on', ['yield-traced', '2000000']);
const cpython = measure('cpython asyncio sleep(0) ping-pong', 'python3', [path.join(root, 'bench/asyncio_yield.py'), 'yield', '400000']);
const spawnNative = measure('native spawn+gather 100,000 tasks', native, ['spawn-gather', '100000', '16384'], 3);
const spawnWasm = wasmRun('wasm spawn+gather 100,000 tasks (4 KiB stacks)', ['spawn-gather', '100000', '4096'], 3);
const spawnPy = measure('cpython spawn+gather 100,000 tasks', 'python3', [path.join(root, 'bench/asyncio_yield.py'), 'spawn-gather', '100000'], 3);
const sleepWasm = wasmRun('wasm 100,000 sleeping tasks (1 KiB stacks)', ['sleepers', '100000', '1024'], 3);
const sleepNative = quick ? null : measure('native 1,000,000 sleeping tasks (16 KiB)', native, ['sleepers', '1000000', '16384'], 1);

const rows = [
  ['native yield / raw switch', yieldNative.per_op_ns / raw.per_op_ns, '<= 4x', yieldNative.per_op_ns / raw.per_op_ns <= 4],
  ['wasm switches/s', yieldWasm.per_s, '>= 2,000,000', yieldWasm.per_s >= 2e6],
  ['native tracing cost (traced/untraced - 1)', tracedNative.seconds / yieldNative.seconds - 1, '< 0.25', tracedNative.seconds / yieldNative.seconds - 1 < 0.25],
  ['wasm tracing cost (traced/untraced - 1)', tracedWasm.seconds / yieldWasm.seconds - 1, '< 0.25', tracedWasm.seconds / yieldWasm.seconds - 1 < 0.25],
  ['wasm switches/s vs cpython', yieldWasm.per_s / cpython.per_s, 'ratio', true],
  ['wasm yield / raw swap', yieldWasm.per_op_ns / rawWasm.per_op_ns, 'ratio', true],
  ['wasm 100,000 sleepers peak MiB', sleepWasm.peak_mib, '<= 512', sleepWasm.peak_mib <= 512],
  ['native spawn+gather vs cpython (time)', spawnNative.seconds / spawnPy.seconds, 'ratio', true],
  ['wasm spawn+gather vs cpython (time)', spawnWasm.seconds / spawnPy.seconds, 'ratio', true],
];
if (sleepNative) rows.push(['native 1,000,000 sleepers peak MiB', sleepNative.peak_mib, 'completes', true]);
console.log('\nfigure'.padEnd(42) + 'value'.padStart(14) + '  target');
for (const [name, value, target, ok] of rows) {
  console.log(`${name.padEnd(41)} ${(value >= 1000 ? fmt(value) : value.toFixed(2)).padStart(14)}  ${target}${target === 'ratio' ? '' : ok ? '  ok' : '  MISSED'}`);
}
