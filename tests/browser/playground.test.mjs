// The playground in headless Chromium, against scripts/serve.mjs on a free port.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { start, shot } from './helpers.mjs';

let env, page;
before(async () => {
  env = await start();
  page = await env.page();
  await page.goto(`${env.url}#example=py:countdowns&clock=virtual`);
  await page.waitForSelector('#app[data-state="done"]', { timeout: 20000 });
});
after(async () => { await env?.close(); });

const waitState = (p, states, timeout = 15000) =>
  p.waitForFunction((s) => s.includes(document.querySelector('#app').dataset.state), states, { timeout });

test('the default example runs on load and draws its lanes', async () => {
  const info = await page.evaluate(() => ({
    lanes: JSON.parse(document.querySelector('.tl-host').dataset.lanes), drawn: Number(document.querySelector('.tl-host').dataset.drawn),
    stdout: window.loopscope.stdout, example: document.querySelector('#app').dataset.example,
  }));
  assert.equal(info.example, 'countdowns');
  assert.deepEqual(info.lanes, ['event loop', 'Task-1', 'Task-2', 'Task-3']);
  assert.ok(info.drawn > 0);
  assert.equal(info.stdout, 'A: 3\nB: 2\nA: 2\nB: 1\nA: 1\nB: liftoff!\nA: liftoff!\n');
  await shot(page, 'playground-done');
});

test('every example runs and draws its lanes', async () => {
  const examples = await page.evaluate(() => window.loopscope.examples.map((e) => `${e.kind}:${e.name}`));
  assert.ok(examples.length >= 20, `examples: ${examples.length}`);
  for (const ex of examples) {
    await page.evaluate(async (name) => { await window.loopscope.loadExample(name); window.loopscope.clock = 'virtual'; window.loopscope.run(); }, ex);
    await page.waitForFunction(() => ['done', 'running', 'paused'].includes(document.querySelector('#app').dataset.state) && window.loopscope.state !== 'loaded');
    // The input example asks twice: answer, then quit.
    if (ex === 'py:background_worker_input') {
      for (const line of ['hello', 'quit']) {
        await page.waitForSelector('.input-form:not([hidden])', { timeout: 10000 });
        await page.fill('.input-form input', line);
        await page.press('.input-form input', 'Enter');
      }
    }
    await waitState(page, ['done'], 20000);
    const r = await page.evaluate(() => {
      const m = window.loopscope.model;
      return { lanes: m.lanes.map((l) => ({ name: l.name, segs: l.segs.n, kind: l.kind })), exit: window.loopscope.exitCode,
        drawn: JSON.parse(document.querySelector('.tl-host').dataset.lanes), out: window.loopscope.stdout };
    });
    const tasks = r.lanes.filter((l) => l.kind === 'task');
    assert.ok(tasks.length >= 1, `${ex}: task lanes`);
    assert.ok(tasks.every((l) => l.segs > 0), `${ex}: every task lane has segments`);
    assert.deepEqual(r.drawn, r.lanes.map((l) => l.name), `${ex}: the canvas drew every lane`);
    assert.ok(r.out.length > 0, `${ex}: printed something`);
    if (ex === 'py:blocking_sleep_mistake') {
      const stalls = await page.evaluate(() => window.loopscope.model.stalls.length);
      assert.equal(stalls, 3, 'three blocking time.sleep calls stall the loop');
      await shot(page, 'blocking-sleep');
    }
    if (ex === 'py:background_worker_input') assert.match(r.out, /Received command: hello/);
  }
});

test('Step runs exactly one task step', async () => {
  await page.evaluate(() => { window.loopscope.clock = 'virtual'; window.loopscope.setCode('import asyncio\n\nasync def f(n):\n    for i in range(3):\n        print(n, i)\n        await asyncio.sleep(0)\n\nasync def main():\n    await asyncio.gather(f("a"), f("b"))\n\nasyncio.run(main())\n'); });
  const steps = [];
  for (let k = 0; k < 4; k++) {
    await page.evaluate(() => window.loopscope.step());
    steps.push(await page.evaluate(() => {
      const m = window.loopscope.model;
      let starts = 0, ends = 0;
      for (let i = 0; i < m.n; i++) { if (m.kind.a[i] === 6) starts++; if (m.kind.a[i] === 7) ends++; }
      return { starts, ends, state: window.loopscope.state };
    }));
  }
  assert.deepEqual(steps.map((s) => s.starts), [1, 2, 3, 4]);
  assert.deepEqual(steps.map((s) => s.ends), [1, 2, 3, 4]);
  assert.equal(steps[3].state, 'paused');
  await shot(page, 'stepping');
  // F10 is the keyboard's Step.
  await page.keyboard.press('F10');
  await page.waitForFunction(() => Number(document.querySelector('#app').dataset.steps) === 5);
  await page.evaluate(() => window.loopscope.run());
  await waitState(page, ['done']);
  assert.equal(await page.evaluate(() => window.loopscope.stdout), 'a 0\nb 0\na 1\nb 1\na 2\nb 2\n');
});

test('Stop ends a runaway while True: pass within 200 ms', async () => {
  await page.evaluate(() => { window.loopscope.clock = 'real'; window.loopscope.setCode('while True:\n    pass\n'); window.loopscope.run(); });
  await waitState(page, ['running']);
  await page.waitForTimeout(300);
  assert.equal(await page.evaluate(() => window.loopscope.state), 'running', 'the page still answers while the program spins');
  const t0 = Date.now();
  await page.click('button[title^="Stop"]');
  await waitState(page, ['stopped'], 2000);
  const ms = Date.now() - t0;
  const inPage = await page.evaluate(() => window.loopscope.lastStopMs);
  assert.ok(inPage < 200, `stop took ${inPage} ms in the page (${ms} ms with the test's round trips)`);
  // The page stays usable, and the next run works on a fresh worker.
  await page.evaluate(() => { window.loopscope.clock = 'virtual'; window.loopscope.setCode('print("after")\n'); });
  await page.click('.cm-content');
  await page.keyboard.press('Control+Enter');  // the keyboard's Run
  await waitState(page, ['done']);
  assert.equal(await page.evaluate(() => window.loopscope.stdout), 'after\n');
});

test('a deep recursion ends in RecursionError, not a crashed worker; the next run works', async () => {
  // WebAssembly frames live on the worker's JS stack, which holds ~135-610 Python levels in
  // Chromium (by call path): the page's recursion limit (100) must stop a runaway recursion first.
  const rec = 'def f(n):\n    return f(n - 1) + 1 if n else 0\n';
  await page.evaluate((code) => { window.loopscope.setCode(code); window.loopscope.run(); }, `${rec}print(f(95))\n`);
  await waitState(page, ['done']);
  assert.equal(await page.evaluate(() => window.loopscope.stdout), '95\n');
  await page.evaluate((code) => { window.loopscope.setCode(code); window.loopscope.run(); }, `${rec}try:\n    f(10000)\nexcept RecursionError as e:\n    print('caught:', e)\nprint(f(10000))\n`);
  await waitState(page, ['done']);
  const r = await page.evaluate(() => ({ exit: window.loopscope.exitCode, out: window.loopscope.stdout, console: document.querySelector('.console-out').textContent }));
  assert.equal(r.exit, 1);
  assert.equal(r.out, 'caught: maximum recursion depth exceeded\n');
  assert.match(r.console, /\[Previous line repeated \d+ more times\]\nRecursionError: maximum recursion depth exceeded\n$/);
  await page.evaluate(() => { window.loopscope.setCode('print("still fine")\n'); window.loopscope.run(); });
  await waitState(page, ['done']);
  assert.equal(await page.evaluate(() => window.loopscope.stdout), 'still fine\n');
});

test('program output is text, never HTML; errors are underlined in the editor', async () => {
  await page.evaluate(() => { window.loopscope.setCode('print("<b>x</b>")\nprint("<img src=x onerror=alert(1)>")\n'); window.loopscope.run(); });
  await waitState(page, ['done']);
  const r = await page.evaluate(() => ({ text: document.querySelector('.console-out').textContent,
    tags: document.querySelectorAll('.console-out b, .console-out img').length }));
  assert.equal(r.text, '<b>x</b>\n<img src=x onerror=alert(1)>\n');
  assert.equal(r.tags, 0);

  await page.evaluate(() => { window.loopscope.setCode('import asyncio\n\nasync def f():\n    return 1 / 0\n\nasyncio.run(f())\n'); window.loopscope.run(); });
  await waitState(page, ['done']);
  const err = await page.evaluate(() => ({ exit: window.loopscope.exitCode, marked: [...document.querySelectorAll('.cm-error')].map((e) => e.textContent),
    line: document.querySelector('.cm-error-line')?.textContent }));
  assert.equal(err.exit, 1);
  assert.equal(err.line, '    return 1 / 0');
  assert.deepEqual(err.marked, ['1 / 0']);
  await shot(page, 'traceback');
});

test('clicking a print marker highlights its console line, and back', async () => {
  await page.evaluate(() => { window.loopscope.setCode('import asyncio\n\nasync def main():\n    print("one")\n    await asyncio.sleep(1)\n    print("two")\n\nasyncio.run(main())\n'); window.loopscope.run(); });
  await waitState(page, ['done']);
  await page.click('.console-out [data-out="1"]');
  const c = await page.evaluate(() => ({ cursor: window.loopscope.timeline.cursor, rec: window.loopscope.model.outputs[1], hl: window.loopscope.timeline.highlightOutput }));
  assert.equal(c.cursor, c.rec);
  assert.equal(c.hl, 1);
  // Timeline → console: click the first marker on the canvas.
  const pos = await page.evaluate(() => {
    const tl = window.loopscope.timeline, m = tl.model, i = m.outputs[0];
    const W = tl.host.clientWidth, x = 128 + ((tl.pos(i) - tl.x0) / (tl.x1 - tl.x0)) * (W - 128);
    const lane = m.marks.lane.a[[...m.marks.idx.a.slice(0, m.marks.n)].indexOf(i)];
    const r = tl.canvas.getBoundingClientRect();
    return { x: r.left + x, y: r.top + 22 + lane * 24 + 2 };
  });
  await page.mouse.click(pos.x, pos.y);
  assert.equal(await page.evaluate(() => document.querySelector('.console-out .hl')?.textContent), 'one\n');
  // Scrubbing backwards shows the loop's internals then: the timer is pending after the sleep.
  const timerRec = await page.evaluate(() => { const m = window.loopscope.model; for (let i = 0; i < m.n; i++) if (m.kind.a[i] === 13) return i; return -1; });
  await page.evaluate((i) => window.loopscope.timeline.setCursor(i), timerRec);
  assert.match(await page.textContent('.internals'), /Timers\s*at 1\.000 s/);
});

test('while a run waits on the real clock the timeline grows with time; Run during a run restarts it', async () => {
  await page.evaluate(() => { window.loopscope.clock = 'real'; window.loopscope.setSpeed(1); window.loopscope.setCode('import asyncio\n\nasync def main():\n    print("a")\n    await asyncio.sleep(2)\n    print("b")\n\nasyncio.run(main())\n'); window.loopscope.run(); });
  await page.waitForFunction(() => window.loopscope.stdout === 'a\n' && window.loopscope.timeline.now !== null);
  const live = async () => page.evaluate(() => { const t = window.loopscope.timeline, m = window.loopscope.model; return { now: t.now, n: m.n, end: t.end(), last: t.pos(m.n - 1) }; });
  const a = await live();
  await page.waitForTimeout(500);
  const b = await live();
  assert.equal(b.n, a.n, 'no records while the program sleeps');
  assert.ok(b.now > a.now + 250, `the clock moved: ${a.now} → ${b.now}`);
  assert.ok(b.end > a.end && b.end > b.last, 'the open segments reach past the last record, further as time passes');
  // Run again mid-run: the old run's last words (stopped, done) must not stop the new one.
  await page.evaluate(() => window.loopscope.run());
  await page.waitForTimeout(300);
  assert.equal(await page.evaluate(() => window.loopscope.state), 'running');
  await waitState(page, ['done']);
  assert.equal(await page.evaluate(() => [window.loopscope.stdout, window.loopscope.timeline.now]).then(JSON.stringify), JSON.stringify(['a\nb\n', null]));
});

test('a share link round-trips program and settings', async () => {
  const code = 'import asyncio\n# ünïcode ✓ & <tags>\nprint("shared")\n';
  const url = await page.evaluate(async (c) => { window.loopscope.setCode(c); window.loopscope.clock = 'virtual'; window.loopscope.setSpeed(2.5); return window.loopscope.shareUrl(); }, code);
  const p2 = await env.page();
  await p2.goto(url);
  await p2.waitForSelector('#app[data-state="done"]', { timeout: 15000 });
  const r = await p2.evaluate(() => ({ text: window.loopscope.editor.text, clock: window.loopscope.clock, speed: window.loopscope.speed, out: window.loopscope.stdout }));
  assert.deepEqual(r, { text: code, clock: 'virtual', speed: 2.5, out: 'shared\n' });
  await p2.close();
});

test('exports: the trace as Chrome-trace JSON and the output as text; the dark theme', async () => {
  await page.evaluate(() => { window.loopscope.clock = 'virtual'; window.loopscope.setCode('import asyncio\n\nasync def main():\n    print("x")\n    await asyncio.sleep(0.1)\n\nasyncio.run(main())\n'); window.loopscope.run(); });
  await waitState(page, ['done']);
  const [dl] = await Promise.all([page.waitForEvent('download'), page.click('button:text("Export trace")')]);
  const json = JSON.parse(await streamText(await dl.createReadStream()));
  assert.ok(json.traceEvents.some((e) => e.name === 'thread_name' && e.args.name === 'Task-1'));
  const [dl2] = await Promise.all([page.waitForEvent('download'), page.click('button:text("Export output")')]);
  assert.equal(await streamText(await dl2.createReadStream()), 'x\n');
  await page.click('button[aria-label="Switch light or dark theme"]');
  assert.equal(await page.evaluate(() => document.querySelector('#app').dataset.theme), 'dark');
  await shot(page, 'dark-theme');
});

async function streamText(stream) {
  const chunks = [];
  for await (const c of stream) chunks.push(c);
  return Buffer.concat(chunks).toString('utf8');
}
