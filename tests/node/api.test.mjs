// The checked-in lib/loopscope.d.ts must describe what lib/loopscope.mjs really exports.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as api from '../../lib/loopscope.mjs';
import { compileThreadsFlag } from '../../lib/compile_threads.mjs';

const dts = readFileSync(new URL('../../lib/loopscope.d.ts', import.meta.url), 'utf8');

test('every value the .d.ts declares is exported, and nothing undeclared is', () => {
  const declared = [...dts.matchAll(/export declare (?:const|function|class) (\w+)/g)].map((m) => m[1]).sort();
  assert.deepEqual(Object.keys(api).sort(), declared);
});

test('the Engine class has exactly the members the .d.ts declares', () => {
  const body = dts.slice(dts.indexOf('export declare class Engine'));
  const block = body.slice(0, body.indexOf('\n}'));
  const members = [...block.matchAll(/^\s+(?:static |readonly )?(\w+)[(:]/gm)].map((m) => m[1]);
  const statics = Object.getOwnPropertyNames(api.Engine).filter((n) => !['length', 'name', 'prototype'].includes(n));
  const instance = Object.getOwnPropertyNames(api.Engine.prototype).filter((n) => n !== 'constructor');
  assert.deepEqual([...statics, ...instance].sort(), members.sort());
});

test('TRACE_RECORD_BYTES matches the C++ record size', () => {
  assert.equal(api.TRACE_RECORD_BYTES, 32);
  assert.match(readFileSync(new URL('../../engine/include/loopscope/trace.hpp', import.meta.url), 'utf8'),
    /sizeof\(TraceRecord\) == 32/);
});

test('in Node, V8 compiles wasm on one thread fewer than the cores, unless the user said otherwise', () => {
  assert.equal(compileThreadsFlag({ cores: 2 }), '--wasm-num-compilation-tasks=1');
  assert.equal(compileThreadsFlag({ cores: 1 }), '--wasm-num-compilation-tasks=1');
  assert.equal(compileThreadsFlag({ cores: 8, execArgv: ['--stack-size=6000'] }), '--wasm-num-compilation-tasks=7');
  assert.equal(compileThreadsFlag({ cores: 2, execArgv: ['--wasm-num-compilation-tasks=4'] }), null);
  assert.equal(compileThreadsFlag({ cores: 2, execArgv: ['--inspect', '--wasm_num_compilation_tasks=3'] }), null);
  assert.equal(compileThreadsFlag({ cores: 2, execArgv: ['--wasm-num-compilation-tasks-extra'] }), '--wasm-num-compilation-tasks=1');
});

test('LoadOptions.wasmModule: a precompiled module is instantiated, the .wasm file is not read', async () => {
  // Glue without its .wasm beside it: only the precompiled module can make this work.
  const { mkdtempSync, copyFileSync, writeFileSync } = await import('node:fs');
  const { tmpdir } = await import('node:os');
  const path = await import('node:path');
  const dir = mkdtempSync(path.join(tmpdir(), 'loopscope-'));
  copyFileSync(new URL('../../dist/loopscope-engine.js', import.meta.url), path.join(dir, 'loopscope-engine.js'));
  writeFileSync(path.join(dir, 'package.json'), '{"type": "commonjs"}\n');
  assert.match(dts, /wasmModule\?: WebAssembly\.Module \| PromiseLike<WebAssembly\.Module>/);
  const wasmModule = WebAssembly.compile(readFileSync(new URL('../../dist/loopscope-engine.wasm', import.meta.url)));
  const engine = await api.Engine.create({ moduleUrl: path.join(dir, 'loopscope-engine.js'), wasmModule, clock: 'virtual' });
  const r = await engine.load({ python: 'import asyncio\nasync def main():\n    await asyncio.sleep(1)\n    print("ok")\nasyncio.run(main())\n' }).run();
  assert.deepEqual({ exitCode: r.exitCode, stdout: r.stdout }, { exitCode: 0, stdout: 'ok\n' });
});

test('Engine.traceSince: the records and strings from given indices on, the same bytes as trace()', async () => {
  const engine = await api.Engine.create({ clock: 'virtual' });
  engine.load({ python: 'import asyncio\nasync def f(n):\n    await asyncio.sleep(n)\n    print(n)\nasync def main():\n    await asyncio.gather(f(1), f(2))\nasyncio.run(main())\n' });
  const done = engine.run();
  const head = engine.traceSince();  // whatever is there before the first slice
  await done;
  const all = engine.trace();
  assert.ok(all.count > 20);
  const whole = engine.traceSince(0, 0);
  assert.deepEqual({ first: whole.first, count: whole.count, firstString: whole.firstString, strings: whole.strings, dropped: whole.dropped },
    { first: 0, count: all.count, firstString: 0, strings: all.strings, dropped: all.dropped });
  assert.deepEqual(whole.records, all.records);
  const k = Math.floor(all.count / 2), s = Math.floor(all.strings.length / 2);
  const tail = engine.traceSince(k, s);
  assert.equal(tail.first, k);
  assert.equal(tail.count, all.count - k);
  assert.deepEqual(tail.records, all.records.slice(k * api.TRACE_RECORD_BYTES));
  assert.deepEqual([tail.firstString, tail.strings], [s, all.strings.slice(s)]);
  // Out of range: clamped, nothing new.
  const none = engine.traceSince(all.count + 5, all.strings.length + 5);
  assert.deepEqual([none.first, none.count, none.records.length, none.strings], [all.count, 0, 0, []]);
  assert.equal(head.first, 0);
});
