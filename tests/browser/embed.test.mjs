// embed.html inside an iframe, driven through postMessage; the <loopscope-playground> element.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { start, shot } from './helpers.mjs';

let env;
before(async () => { env = await start(); });
after(async () => { await env?.close(); });

test('embed.html in an iframe answers the postMessage API', async () => {
  const page = await env.page();
  await page.goto(`${env.url}element.html`);  // any page of another document: the iframe is the embed
  await page.evaluate((src) => {
    window.got = [];
    window.addEventListener('message', (e) => { if (e.data?.loopscope === 1) window.got.push(e.data); });
    const f = document.createElement('iframe');
    f.src = src; f.width = 900; f.height = 700; f.title = 'Loopscope';
    document.body.prepend(f);
  }, `${env.url}embed.html?example=hello_world&clock=virtual&autorun=0`);
  await page.waitForFunction(() => window.got.some((m) => m.type === 'ready'), null, { timeout: 15000 });
  await page.evaluate(() => {
    const w = document.querySelector('iframe').contentWindow;
    for (const bad of [null, 'run', { type: 'run' }, { loopscope: 2, type: 'run' }, { loopscope: 1, type: 'load', code: 42 },
      { loopscope: 1, type: 'seek', time: 'x' }, { loopscope: 1, type: 'evil' }]) w.postMessage(bad, '*');
  });
  await page.waitForTimeout(200);
  assert.ok(!(await page.evaluate(() => window.got.some((m) => m.type === 'state' && m.state === 'running'))), 'malformed messages are ignored');
  await page.evaluate(() => document.querySelector('iframe').contentWindow.postMessage({ loopscope: 1, type: 'load', code: 'import asyncio\nasync def main():\n    print("from the parent")\n    await asyncio.sleep(0.5)\nasyncio.run(main())\n', run: true }, '*'));
  await page.waitForFunction(() => window.got.some((m) => m.type === 'done'), null, { timeout: 15000 });
  const got = await page.evaluate(() => window.got);
  const done = got.find((m) => m.type === 'done');
  assert.deepEqual({ exitCode: done.exitCode, stdout: done.stdout }, { exitCode: 0, stdout: 'from the parent\n' });
  assert.ok(got.some((m) => m.type === 'output' && m.text.includes('from the parent')));
  assert.ok(got.some((m) => m.type === 'state' && m.state === 'running'));
  // seek: the cursor moves to the loop time asked for.
  await page.evaluate(() => document.querySelector('iframe').contentWindow.postMessage({ loopscope: 1, type: 'seek', time: 250 }, '*'));
  const frame = page.frames().find((f) => f.url().includes('embed.html'));
  await frame.waitForFunction(() => Number(document.querySelector('#app').dataset.cursor) >= 0);
  await shot(page, 'embed-iframe');
  await page.close();
});

test('<loopscope-playground> runs its program inline', async () => {
  const page = await env.page();
  await page.goto(`${env.url}element.html`);
  await page.waitForFunction(() => document.querySelector('loopscope-playground')?.dataset.state === 'done', null, { timeout: 15000 });
  const r = await page.evaluate(() => {
    const el = document.querySelector('loopscope-playground');
    return { out: el.playground.stdout, lanes: JSON.parse(el.dataset.lanes) };
  });
  assert.equal(r.out, 'fast 0\nslow 0\nfast 1\nslow 1\nfast 2\nfast 3\n');
  assert.deepEqual(r.lanes, ['event loop', 'Task-1', 'Task-2', 'Task-3']);
  await shot(page, 'element');
  await page.close();
});
