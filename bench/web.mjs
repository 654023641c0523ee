#!/usr/bin/env node
// The playground in headless Chromium: navigation → the default example's first drawn timeline,
// where that time goes, bytes downloaded (as sent: brotli, which Chromium asks for; and for a
// browser that only takes gzip), and timeline frame times while panning and zooming a synthetic
// 1,000,000-record trace. Targets: < 500 ms, < 1 MiB, < 33 ms a frame.
import { start, stats } from '../tests/browser/helpers.mjs';

const RUNS = Number(process.env.RUNS ?? 5);
const median = (a) => { const s = [...a].sort((x, y) => x - y); return s[Math.floor(s.length / 2)]; };
const p95 = (a) => { const s = [...a].sort((x, y) => x - y); return s[Math.min(s.length - 1, Math.floor(s.length * 0.95))]; };
const fmt = (x) => x.toFixed(1);

// Where the start goes: ms from navigation to each step (page marks, the worker's timing, resources).
const collectBreakdown = () => {
  const at = {};
  const nav = performance.getEntriesByType('navigation')[0];
  at['page HTML received'] = nav?.responseEnd;
  for (const e of performance.getEntriesByType('resource')) {
    if (e.name.endsWith('/engine/loopscope-engine.wasm')) at['page: .wasm downloaded'] = e.responseEnd;
    if (/\/dist\/main\.js$/.test(e.name)) at['page: main.js downloaded'] = e.responseEnd;
  }
  const mark = (name, label) => { const m = performance.getEntriesByName(name)[0]; if (m) at[label] = m.startTime; };
  mark('loopscope:wasm-compiled', 'page: .wasm compiled');
  mark('loopscope:build', 'page: bundle runs, builds the UI');
  mark('loopscope:built', 'page: UI built');
  mark('loopscope:engine-ready', 'page: engine ready, examples listed');
  mark('loopscope:first-load', 'page: program posted to the worker');
  mark('loopscope:first-trace', 'page: first trace batch received');
  const w = window.loopscope?.host?.timing ?? {};
  const rel = (t) => (t ? t - performance.timeOrigin : undefined);
  at['worker: script runs'] = rel(w.started);
  at['worker: told to start (init)'] = rel(w.init);
  at['worker: compiled module received'] = rel(w.module);
  at['worker: engine instantiated'] = rel(w.loaded);
  at['first drawn timeline'] = Number(document.querySelector('.tl-host').dataset.firstRecordsDrawMs);
  return at;
};

const env = await start();
try {
  const firstDraw = [], bytes = [], breakdowns = [];
  for (let r = 0; r < RUNS; r++) {
    const ctx = await env.browser.newContext({ viewport: { width: 1280, height: 900 } });  // cold cache each run
    const page = await ctx.newPage();
    // Counted by the server (the worker's requests included): bodies as sent, gzip.
    stats.bytes = 0; stats.requests = 0;
    await page.goto(env.url);  // the default example, real clock
    await page.waitForFunction(() => Number(document.querySelector('.tl-host')?.dataset.records) > 0 && document.querySelector('.tl-host').dataset.firstRecordsDrawMs, null, { timeout: 20000 });
    const ms = await page.evaluate(() => {
      // the first draw that had records: wait for it to be recorded
      return Number(document.querySelector('.tl-host').dataset.firstRecordsDrawMs);
    });
    firstDraw.push(ms);
    breakdowns.push(await page.evaluate(collectBreakdown));
    await page.waitForSelector('#app[data-ready="true"]', { timeout: 20000 });  // the editor's chunk counts too
    await page.waitForTimeout(200);
    bytes.push(stats.bytes);
    await ctx.close();
  }
  // A second visit: the browser's HTTP cache (revalidated by ETag) and its compiled-wasm cache.
  const warm = [];
  {
    const ctx = await env.browser.newContext({ viewport: { width: 1280, height: 900 } });
    for (let r = 0; r < RUNS + 1; r++) {
      const page = await ctx.newPage();
      await page.goto(env.url);
      await page.waitForFunction(() => document.querySelector('.tl-host')?.dataset.firstRecordsDrawMs, null, { timeout: 20000 });
      if (r > 0) warm.push(Number(await page.evaluate(() => document.querySelector('.tl-host').dataset.firstRecordsDrawMs)));
      await page.close();
    }
    await ctx.close();
  }
  console.log('where the cold start goes (ms after navigation, medians):');
  const labels = [...new Set(breakdowns.flatMap((b) => Object.keys(b).filter((k) => Number.isFinite(b[k]))))];
  const med = (k) => median(breakdowns.map((b) => b[k]).filter(Number.isFinite));
  for (const k of labels.sort((a, b) => med(a) - med(b))) console.log(`  ${fmt(med(k)).padStart(7)}  ${k}`);
  console.log(`navigation → first drawn timeline (default example, warm cache): ${warm.map(fmt).join(', ')} ms; median ${fmt(median(warm))} ms`);
  console.log(`navigation → first drawn timeline (default example, cold cache): ${firstDraw.map(fmt).join(', ')} ms; median ${fmt(median(firstDraw))} ms (target < 500)`);
  console.log(`bytes downloaded (as sent: brotli, incl. wasm): ${bytes.map((b) => (b / 1024).toFixed(0)).join(', ')} KiB; median ${(median(bytes) / 1048576).toFixed(3)} MiB (target < 1 MiB)`);
  {
    // A browser that takes only gzip (no brotli): the same page, everything it downloads.
    const ctx = await env.browser.newContext({ viewport: { width: 1280, height: 900 }, extraHTTPHeaders: { 'Accept-Encoding': 'gzip' } });
    const page = await ctx.newPage();
    stats.bytes = 0;
    await page.goto(env.url);
    await page.waitForSelector('#app[data-ready="true"]', { timeout: 20000 });
    await page.waitForTimeout(200);
    console.log(`bytes downloaded (gzip only): ${(stats.bytes / 1024).toFixed(0)} KiB (${(stats.bytes / 1048576).toFixed(3)} MiB)`);
    await ctx.close();
  }

  const page = await env.page();
  await page.goto(`${env.url}#example=py:hello_world&clock=virtual`);
  await page.waitForSelector('#app[data-state="done"]', { timeout: 20000 });
  const ingestMs = await page.evaluate(() => { const t0 = performance.now(); window.loopscope.loadSynthetic(1_000_000); return performance.now() - t0; });
  const frames = await page.evaluate(async () => {
    const tl = window.loopscope.timeline;
    const out = { draw: [], frame: [] };
    const ops = [];
    for (let k = 0; k < 30; k++) ops.push(() => tl.zoom(0.8));       // zoom in from the whole trace
    for (let k = 0; k < 30; k++) ops.push(() => tl.pan((tl.x1 - tl.x0) * 0.1));
    for (let k = 0; k < 40; k++) ops.push(() => tl.zoom(1.25));      // back out past the whole trace
    for (let k = 0; k < 30; k++) ops.push(() => tl.pan(-(tl.x1 - tl.x0) * 0.1));
    let last = await new Promise(requestAnimationFrame);
    for (const op of ops) {
      const t0 = performance.now();
      op();  // each op draws synchronously
      out.draw.push(performance.now() - t0);
      const now = await new Promise(requestAnimationFrame);
      out.frame.push(now - last);
      last = now;
    }
    return out;
  });
  const stateAt = await page.evaluate(() => {
    const m = window.loopscope.model, t = [];
    for (let k = 0; k < 20; k++) { const i = Math.floor(Math.random() * m.n); const t0 = performance.now(); m.stateAt(i); t.push(performance.now() - t0); }
    return t;
  });
  console.log(`synthetic 1,000,000-record trace: ingest ${fmt(ingestMs)} ms`);
  console.log(`pan/zoom draw time: median ${fmt(median(frames.draw))} ms, p95 ${fmt(p95(frames.draw))} ms, max ${fmt(Math.max(...frames.draw))} ms (target < 33)`);
  console.log(`pan/zoom frame interval (rAF to rAF): median ${fmt(median(frames.frame))} ms, p95 ${fmt(p95(frames.frame))} ms`);
  console.log(`scrub (loop internals at a random record): median ${fmt(median(stateAt))} ms, max ${fmt(Math.max(...stateAt))} ms`);
} finally {
  await env.close();
}
