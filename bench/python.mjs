#!/usr/bin/env node
// The Python interpreter in WebAssembly (through the JS API, in Node) beside python3 running the
// same programs natively, in the same bench run. Each program measures itself with
// time.perf_counter and prints one figure, so start-up and compilation are not counted.
//
//   cold: the first run in a fresh process (V8 still runs most of the wasm in its baseline
//         compiler, Liftoff, while the optimising tier compiles the big interpreter functions
//         in the background);
//   warm: the median of the last --warm runs in the same process (optimised code), after
//         --settle runs during which the optimising tier may still be compiling (on one thread
//         fewer than the cores: lib/compile_threads.mjs).
// Figures are medians over --procs fresh processes. Build first: `npm run bench` builds the
// presets; this script needs only dist/ (`scripts/build.sh wasm`).
//
//   node bench/python.mjs [--procs N] [--settle N] [--warm N]
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import path from 'node:path';
import { median } from './median.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const args = process.argv.slice(2);
const option = (name, fallback) => {
  const i = args.indexOf(name);
  return i >= 0 ? Number(args[i + 1]) : fallback;
};
const programs = [
  { file: 'python/bench/pingpong.py', what: 'sleep(0) ping-pong, switches/s', higherIsBetter: true, target: '>= cpython' },
  { file: 'python/bench/fib.py', what: 'recursive fib(25), seconds', higherIsBetter: false, target: '<= 3x cpython' },
  { file: 'python/bench/fib_statements.py', what: 'recursive fib(25) with if/return statements, seconds', higherIsBetter: false, target: '<= 3x cpython' },
];

// Child mode: run one program N times in this process and print the figures as JSON.
if (args[0] === '--child') {
  const { Engine } = await import(path.join(root, 'lib/loopscope.mjs'));
  const source = readFileSync(args[1], 'utf8');
  const times = Number(args[2]);
  const figures = [];
  for (let i = 0; i < times; i++) {
    // A fresh engine per run; the module (and V8's compiled code for it) is shared.
    const engine = await Engine.create({ clock: 'real', trace: false, recursionLimit: 1000 });
    const result = await engine.load({ python: source, filename: path.basename(args[1]) }).run();
    if (result.exitCode !== 0) {
      console.error(result.stderr.slice(-400));
      process.exit(1);
    }
    figures.push(Number(result.stdout.trim()));
  }
  console.log(JSON.stringify(figures));
  process.exit(0);
}

const procs = option('--procs', 5);
const settle = option('--settle', 4);
const warm = option('--warm', 4);
if (!existsSync(path.join(root, 'dist/loopscope-engine.wasm'))) {
  console.error('missing dist/loopscope-engine.wasm: run "scripts/build.sh wasm" first');
  process.exit(2);
}
const run = (cmd, argv) => execFileSync(cmd, argv, { encoding: 'utf8', cwd: root, maxBuffer: 1 << 20 }).trim();
const fmt = (x) => (x >= 1e3 ? `${(x / 1e3).toFixed(1)}k` : x.toFixed(4));

console.log(`Python programs: Loopscope in wasm (Node ${process.version}) beside python3, medians of ${procs} processes\n`);
const rows = [];
for (const p of programs) {
  const cold = [];
  const hot = [];
  const cpython = [];
  for (let i = 0; i < procs; i++) {
    // Alternate the two so machine noise hits both alike.
    const figures = JSON.parse(run(process.execPath, ['--stack-size=6000', fileURLToPath(import.meta.url), '--child', p.file, String(1 + settle + warm)]));
    cold.push(figures[0]);
    hot.push(median(figures.slice(1 + settle)));
    cpython.push(Number(run('python3', [p.file])));
  }
  const r = { ...p, cold: median(cold), warm: median(hot), cpython: median(cpython) };
  rows.push(r);
  console.log(`${p.file.padEnd(32)} ${p.what}`);
  console.log(`  wasm cold ${fmt(r.cold).padStart(10)}   wasm warm ${fmt(r.warm).padStart(10)}   python3 ${fmt(r.cpython).padStart(10)}`);
}

console.log('\nfigure'.padEnd(52) + 'cold'.padStart(8) + 'warm'.padStart(8) + '  target');
for (const r of rows) {
  // Ratio as "times as good as CPython": > 1 is better than CPython.
  const ratio = (x) => (r.higherIsBetter ? x / r.cpython : r.cpython / x);
  const ok = (x) => (r.higherIsBetter ? ratio(x) >= 1 : ratio(x) >= 1 / 3);
  const label = `${path.basename(r.file)} wasm vs cpython (x as fast)`;
  console.log(`${label.padEnd(51)} ${ratio(r.cold).toFixed(2).padStart(7)} ${ratio(r.warm).toFixed(2).padStart(7)}  ${r.target}: cold ${ok(r.cold) ? 'ok' : 'MISSED'}, warm ${ok(r.warm) ? 'ok' : 'MISSED'}`);
}
