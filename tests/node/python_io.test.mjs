// Python programs' I/O through the host: input() from stdin in the runner, and aiohttp requests
// (GET, POST with JSON, status, headers, text(), json()) through Node's fetch to a real local
// server, with the request aborted when its task is cancelled.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import { spawn } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const runner = path.join(root, 'bin/loopscope.mjs');
const dir = mkdtempSync(path.join(tmpdir(), 'loopscope-io-'));

function runProgram(name, source, args, input = '') {
  const file = path.join(dir, name);
  writeFileSync(file, source);
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [runner, 'run', ...args, file]);
    let stdout = '', stderr = '';
    child.stdout.setEncoding('utf8').on('data', (d) => { stdout += d; });
    child.stderr.setEncoding('utf8').on('data', (d) => { stderr += d; });
    child.on('close', (code) => resolve({ code, stdout, stderr }));
    child.stdin.end(input);
  });
}

test('input() reads stdin lines in order, EOFError at its end, while a background task keeps running', async () => {
  const source = `import asyncio

async def ticker():
    for i in range(3):
        print("tick", i)
        await asyncio.sleep(0.01)

async def main():
    t = asyncio.create_task(ticker())
    loop = asyncio.get_running_loop()
    first = await loop.run_in_executor(None, input, "First? ")
    print("got", first)
    second = input("Second? ")
    print("got", second)
    await t
    try:
        input()
    except EOFError:
        print("EOF")

asyncio.run(main())
`;
  const r = await runProgram('ask.py', source, ['--clock', 'virtual'], 'alpha\nbeta\n');
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stdout, /got alpha\n/);
  assert.match(r.stdout, /got beta\n/);
  assert.match(r.stdout, /EOF\n$/);
  assert.equal((r.stdout.match(/tick/g) || []).length, 3);
});

test('aiohttp GET and POST with JSON through the host fetch to a real server; cancel aborts', async () => {
  const seen = [];
  let aborted = false;
  const server = http.createServer((req, res) => {
    let body = '';
    req.on('data', (d) => { body += d; });
    req.on('end', () => {
      seen.push(`${req.method} ${req.url} ${req.headers['content-type'] ?? '-'} ${body}`);
      if (req.url === '/slow') {
        req.on('close', () => { if (!res.writableEnded) aborted = true; });
        setTimeout(() => { if (!res.destroyed) res.end('late'); }, 3000);
        return;
      }
      if (req.url === '/missing') {
        res.writeHead(404, { 'Content-Type': 'text/plain' });
        res.end('nope');
        return;
      }
      res.writeHead(200, { 'Content-Type': 'application/json', 'X-Served-By': 'test' });
      res.end(JSON.stringify({ method: req.method, echo: body ? JSON.parse(body) : null }));
    });
  });
  await new Promise((r) => server.listen(0, '127.0.0.1', r));
  const base = `http://127.0.0.1:${server.address().port}`;
  const source = `import asyncio
import aiohttp

async def main():
    async with aiohttp.ClientSession() as session:
        async with session.get("${base}/data") as r:
            print(r.status, r.headers["X-Served-By"], await r.json())
        async with session.post("${base}/items", json={"name": "widget", "n": 3}) as r:
            data = await r.json()
            print(r.status, data["method"], data["echo"])
        async with session.get("${base}/missing") as r:
            print(r.status, await r.text())
        slow = asyncio.create_task(session.get("${base}/slow").__aenter__())
        await asyncio.sleep(0.2)
        slow.cancel()
        try:
            await slow
        except asyncio.CancelledError:
            print("slow request cancelled")

asyncio.run(main())
`;
  try {
    const r = await runProgram('http.py', source, ['--network', 'real']);
    assert.equal(r.code, 0, r.stderr);
    assert.equal(r.stdout,
      "200 test {'method': 'GET', 'echo': None}\n" +
      "200 POST {'name': 'widget', 'n': 3}\n" +
      '404 nope\n' +
      'slow request cancelled\n');
    for (let i = 0; i < 50 && !aborted; i++) await new Promise((res) => setTimeout(res, 10));
    assert.ok(aborted, 'the server saw the slow request aborted');
    assert.ok(seen.some((s) => s.startsWith('POST /items application/json {"name": "widget", "n": 3}') ||
                               s.startsWith('POST /items application/json {"name":"widget","n":3}')), seen.join('\n'));
  } finally {
    server.closeAllConnections?.();
    await new Promise((r) => server.close(r));
  }
});
