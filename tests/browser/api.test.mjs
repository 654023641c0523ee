// The JS API (lib/loopscope.mjs) on a page's main thread, without the playground: it loads the
// module with a script tag, runs a Python program on real timers and a C++ example, and the page's
// own event loop keeps running meanwhile.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { start, ROOT } from './helpers.mjs';

let env;
before(async () => { env = await start(); });
after(async () => { await env?.close(); });

test('lib/loopscope.mjs runs programs on a page main thread', async () => {
  const page = await env.page();
  await page.goto(`${env.url}element.html`);  // any page of the server; the test imports the library itself
  const result = await page.evaluate(async () => {
    const { Engine } = await import('/lib/loopscope.mjs');
    let frames = 0;
    let counting = true;
    const tick = () => { frames++; if (counting) requestAnimationFrame(tick); };
    requestAnimationFrame(tick);
    const moduleUrl = '/engine/loopscope-engine.js';
    const py = await Engine.create({ moduleUrl, clock: 'real', speed: 4 });
    const start = performance.now();
    const r1 = await py.load({ python: 'import asyncio\nasync def main():\n    print("a")\n    await asyncio.sleep(1)\n    print("b")\nasyncio.run(main())\n' }).run();
    const elapsed = performance.now() - start;
    const cpp = await Engine.create({ moduleUrl, clock: 'virtual' });
    const r2 = await cpp.load({ example: 'gather_two_tasks' }).run();
    counting = false;
    return { r1, r2, elapsed, frames, records: cpp.trace().count };
  });
  assert.equal(result.r1.exitCode, 0);
  assert.equal(result.r1.stdout, 'a\nb\n');
  assert.ok(result.elapsed >= 240, `1 s at 4x took ${result.elapsed} ms`);
  assert.equal(result.r2.stdout, 'Task started\nTask started\nTask completed\nTask completed\n');
  assert.ok(result.records > 10);
  assert.ok(result.frames >= 5, `the page drew only ${result.frames} frames meanwhile`);
  assert.deepEqual(page.errors, []);
  await page.close();
});

test('when the JS stack runs out inside the module, the run ends in RecursionError and a new engine works', async () => {
  const page = await env.page();
  await page.goto(`${env.url}element.html`);
  const result = await page.evaluate(async () => {
    const { Engine } = await import('/lib/loopscope.mjs');
    const moduleUrl = '/engine/loopscope-engine.js';
    // A recursion limit far beyond what the stack holds: the stack overflows inside WebAssembly.
    const deep = await Engine.create({ moduleUrl, clock: 'virtual', recursionLimit: 100000 });
    const r1 = await deep.load({ python: 'def f(n):\n    return f(n - 1) + 1 if n else 0\nprint("start")\nprint(f(50000))\n' }).run();
    const fresh = await Engine.create({ moduleUrl, clock: 'virtual' });
    const r2 = await fresh.load({ python: 'print(sum(range(10)))\n' }).run();
    return { r1, r2, traced: deep.traceSince(0, 0).count };
  });
  assert.equal(result.r1.exitCode, 1);
  assert.equal(result.r1.stdout, 'start\n');
  assert.match(result.r1.stderr, /^RecursionError: maximum recursion depth exceeded \(the JavaScript engine's stack ran out before the recursion limit of 100000\)\n$/);
  assert.equal(result.traced, 0);
  assert.deepEqual({ exit: result.r2.exitCode, out: result.r2.stdout }, { exit: 0, out: '45\n' });
  assert.deepEqual(page.errors, []);
  await page.close();
});

test("in a Chromium worker the default recursion limit stops a recursion on the interpreter's heaviest paths before the JS stack runs out", async () => {
  // A worker's stack is the smallest the playground runs on (~135 levels on these paths).
  const python = readFileSync(path.join(ROOT, 'tests/python/programs/recursion_paths.py'), 'utf8');
  const page = await env.page();
  await page.goto(`${env.url}element.html`);
  const result = await page.evaluate(async (python) => {
    const src = `
      const { Engine, defaultRecursionLimit } = await import(self.location.origin + '/lib/loopscope.mjs');
      const e = await Engine.create({ moduleUrl: self.location.origin + '/engine/loopscope-engine.js', clock: 'virtual' });
      const r = await e.load({ python: ${JSON.stringify(python)} }).run();
      postMessage({ ...r, limit: defaultRecursionLimit() });`;
    const w = new Worker(URL.createObjectURL(new Blob([src], { type: 'text/javascript' })), { type: 'module' });
    return new Promise((resolve) => { w.onmessage = (m) => resolve(m.data); w.onerror = (e) => resolve({ error: e.message }); });
  }, python);
  assert.equal(result.limit, 100);
  assert.deepEqual({ exit: result.exitCode, err: result.stderr }, { exit: 0, err: '' }, JSON.stringify(result));
  assert.equal(result.stdout, spawnSync('python3', ['-c', python], { encoding: 'utf8' }).stdout);
  await page.close();
});

test('lib/loopscope.mjs loads in a module worker (where importScripts exists but throws)', async () => {
  const page = await env.page();
  await page.goto(`${env.url}element.html`);
  const result = await page.evaluate(async () => {
    const src = `
      const { Engine } = await import(self.location.origin + '/lib/loopscope.mjs');
      const e = await Engine.create({ moduleUrl: self.location.origin + '/engine/loopscope-engine.js', clock: 'virtual' });
      postMessage(await e.load({ python: 'print("from a module worker")' }).run());`;
    const w = new Worker(URL.createObjectURL(new Blob([src], { type: 'text/javascript' })), { type: 'module' });
    return new Promise((resolve) => { w.onmessage = (m) => resolve(m.data); w.onerror = (e) => resolve({ error: e.message }); });
  });
  assert.equal(result.exitCode, 0, JSON.stringify(result));
  assert.equal(result.stdout, 'from a module worker\n');
  await page.close();
});
