// The engine inside Node's event loop: real timers, a free JS thread, pause/step/stop, real fetch
// against a local server (and abort on cancel), the simulated network, the runner's exit codes.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Engine, defaultRecursionLimit } from '../../lib/loopscope.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const runner = path.join(root, 'bin/loopscope.mjs');
const cli = (args, input) => spawnSync(process.execPath, [runner, ...args], { encoding: 'utf8', input });

async function engine(program, options = {}) {
  const e = await Engine.create(options);
  return e.load(program);
}

test('two sleeping tasks run in deadline order against real timers', async () => {
  const e = await engine({ example: 'countdowns' }, { clock: 'real', speed: 10 });
  const start = performance.now();
  const result = await e.run();
  const elapsed = performance.now() - start;
  assert.equal(result.exitCode, 0);
  assert.equal(result.stdout, 'A: 3\nB: 2\nA: 2\nB: 1\nA: 1\nB: liftoff!\nA: liftoff!\n');
  assert.ok(elapsed >= 280 && elapsed < 2000, `3 s of loop time at 10x took ${elapsed} ms`);
});

test('the JS event loop stays free while tasks sleep', async () => {
  let ticks = 0;
  const interval = setInterval(() => ticks++, 10);
  const e = await engine({ example: 'hello_world' }, { clock: 'real', speed: 2 });
  const start = performance.now();
  await e.run();
  clearInterval(interval);
  const elapsed = performance.now() - start;
  assert.ok(elapsed >= 450, `took ${elapsed} ms`);
  assert.ok(ticks >= 20, `only ${ticks} interval ticks in ${elapsed} ms`);
});

test('step() runs one task step at a time, in asyncio order', async () => {
  const e = await engine({ example: 'gather_two_tasks' }, { clock: 'virtual' });
  const seen = [];
  for (let i = 0; i < 20 && e.state !== 'done'; i++) {
    await e.step();
    seen.push(e.stdout.split('\n').length - 1);
  }
  assert.equal(e.state, 'done');
  assert.equal(e.stdout, 'Task started\nTask started\nTask completed\nTask completed\n');
  // main, task 1, task 2 (first steps), then the two wake-ups and main's end: one line at most per step
  for (let i = 1; i < seen.length; i++) assert.ok(seen[i] - seen[i - 1] <= 1);
  assert.ok(seen.length >= 6, `${seen.length} steps`);
});

test('pause() holds the program, resume() goes on, stop() ends it', async () => {
  const e = await engine({ example: 'countdowns' }, { clock: 'real', speed: 10 });
  const done = e.run();
  await new Promise((r) => setTimeout(r, 120));
  e.pause();
  assert.equal(e.state, 'paused');
  const atPause = e.stdout;
  await new Promise((r) => setTimeout(r, 250));
  assert.equal(e.stdout, atPause, 'no output while paused');
  e.resume();
  const result = await done;
  assert.equal(result.exitCode, 0);
  assert.ok(result.stdout.endsWith('A: liftoff!\n'));

  const s = await engine({ example: 'countdowns' }, { clock: 'real' });
  const stopped = s.run();
  await new Promise((r) => setTimeout(r, 50));
  s.stop();
  const r = await stopped;
  assert.equal(r.stopped, true);
  assert.equal(s.state, 'stopped');
  assert.equal(r.stdout, 'A: 3\nB: 2\n');
});

async function withServer(handler, fn) {
  const server = http.createServer(handler);
  await new Promise((r) => server.listen(0, '127.0.0.1', r));
  try {
    return await fn(`http://127.0.0.1:${server.address().port}`);
  } finally {
    server.closeAllConnections?.();
    await new Promise((r) => server.close(r));
  }
}

test('fetch goes through the host to a real HTTP server', async () => {
  const requests = [];
  await withServer((req, res) => {
    requests.push(req.url);
    const delay = req.url === '/slow' ? 150 : 20;
    setTimeout(() => res.end(`body of ${req.url}`), delay);
  }, async (base) => {
    const e = await engine({ example: 'fetch_pages', args: [`${base}/slow`, `${base}/fast`] }, { clock: 'real', network: 'real' });
    const result = await e.run();
    assert.equal(result.exitCode, 0, result.stderr);
    assert.equal(result.stdout,
      `Starting fetch: ${base}/slow\nStarting fetch: ${base}/fast\n` +
      `Completed fetch: ${base}/fast 200 13 bytes\nCompleted fetch: ${base}/slow 200 13 bytes\nFetched 2 pages\n`);
  });
  assert.deepEqual(requests.sort(), ['/fast', '/slow']);
});

test('cancelling the task aborts the request (AbortController)', async () => {
  let aborted = false;
  await withServer((req, res) => {
    req.on('close', () => { if (!res.writableEnded) aborted = true; });
    setTimeout(() => { if (!res.destroyed) res.end('late'); }, 3000);
  }, async (base) => {
    const e = await engine({ example: 'fetch_pages', args: [`${base}/never`, 'cancel'] }, { clock: 'real', network: 'real' });
    const start = performance.now();
    const result = await e.run();
    assert.ok(performance.now() - start < 2000);
    assert.match(result.stdout, /Cancelled 1 fetches/);
    for (let i = 0; i < 50 && !aborted; i++) await new Promise((r) => setTimeout(r, 10));
  });
  assert.ok(aborted, 'the server saw the request aborted');
});

test('the simulated network is deterministic: same output, same trace bytes', async () => {
  const runs = [];
  for (let i = 0; i < 2; i++) {
    const e = await engine({ example: 'fetch_pages' }, { clock: 'virtual' });
    const result = await e.run();
    runs.push({ stdout: result.stdout, trace: e.trace() });
  }
  assert.equal(runs[0].stdout, runs[1].stdout);
  assert.match(runs[0].stdout, /Fetched 3 pages/);
  assert.ok(runs[0].trace.count > 20);
  assert.deepEqual(runs[0].trace.records, runs[1].trace.records);
  assert.deepEqual(runs[0].trace.strings, runs[1].trace.strings);
});

test('runner: stdout exact, exit code 1 on an uncaught exception, the trace file is Chrome-trace JSON', () => {
  const ok = cli(['run', '--clock', 'virtual', 'hello_world']);
  assert.equal(ok.status, 0);
  assert.equal(ok.stdout, 'Hello\nWorld\n');
  const bad = cli(['run', '--clock', 'virtual', 'uncaught_error']);
  assert.equal(bad.status, 1);
  assert.equal(bad.stdout, 'about to fail\n');
  assert.match(bad.stderr, /ValueError: something went wrong/);
  const out = path.join(mkdtempSync(path.join(tmpdir(), 'loopscope-')), 'trace.json');
  const traced = cli(['run', '--clock', 'virtual', '--trace', out, 'gather_two_tasks']);
  assert.equal(traced.status, 0);
  const json = JSON.parse(readFileSync(out, 'utf8'));
  const names = json.traceEvents.filter((e) => e.name === 'thread_name').map((e) => e.args.name);
  assert.deepEqual(names, ['event loop', 'Task-1', 'Task-2', 'Task-3']);
  assert.ok(json.traceEvents.some((e) => e.ph === 'X' && e.name === 'running'));
  assert.ok(json.traceEvents.some((e) => e.ph === 'X' && e.name.startsWith('waiting on sleep 2 s')));
  for (const e of json.traceEvents) if (e.ph === 'X') assert.ok(e.dur >= 0);
});

test('runner: bad input gives one clear line and exit code 2', () => {
  const cases = [
    [['run', 'no_such_example'], /^loopscope: no example named 'no_such_example' and not a \.py file \(try: loopscope list\)\n$/],
    [['run', '/nonexistent/prog.py'], /^loopscope: cannot read \/nonexistent\/prog\.py: no such file\n$/],
    [['run', '--clock', 'sideways', 'hello_world'], /^loopscope: --clock must be 'real' or 'virtual', not 'sideways'\n$/],
    [['run', '--speed', '100', 'hello_world'], /^loopscope: --speed must be a number from 0\.1 to 10, not '100'\n$/],
    [['frobnicate'], /^loopscope: unknown command 'frobnicate'\n/],
    [['run'], /^loopscope: no program given\n/],
  ];
  for (const [args, pattern] of cases) {
    const r = cli(args);
    assert.equal(r.status, 2, args.join(' '));
    assert.match(r.stderr, pattern);
    assert.equal(r.stdout, '');
  }
});

test('the JS stack running out inside the module ends the run in RecursionError; the next engine gets a fresh module', async () => {
  // The default limit (300 here) stops a recursion first; this one is far beyond the stack.
  assert.equal(defaultRecursionLimit(), 300);
  const deep = await Engine.create({ clock: 'virtual', recursionLimit: 100000 });
  const r1 = await deep.load({ python: 'def f(n):\n    return f(n - 1) + 1 if n else 0\nprint("start")\nprint(f(50000))\n' }).run();
  assert.equal(r1.exitCode, 1);
  assert.equal(r1.stdout, 'start\n');
  assert.match(r1.stderr, /^RecursionError: maximum recursion depth exceeded \(the JavaScript engine's stack ran out before the recursion limit of 100000\)\n$/);
  assert.equal(deep.state, 'done');
  const fresh = await Engine.create({ clock: 'virtual' });
  const r2 = await fresh.load({ python: 'def f(n):\n    return f(n - 1) + 1 if n else 0\nprint(f(150))\n' }).run();
  assert.deepEqual([r2.exitCode, r2.stdout], [0, '150\n']);
});

test("the default recursion limit stops a recursion on the interpreter's heaviest paths before Node's stack runs out", async () => {
  // node --test runs this file with Node's default stack, as a library user's program would.
  const file = path.join(root, 'tests/python/programs/recursion_paths.py');
  const python = readFileSync(file, 'utf8');
  const expected = spawnSync('python3', [file], { encoding: 'utf8' }).stdout;
  const r = await (await engine({ python }, { clock: 'virtual' })).run();
  assert.deepEqual({ exit: r.exitCode, out: r.stdout, err: r.stderr }, { exit: 0, out: expected, err: '' });
});
