#!/usr/bin/env node
// Serves the playground on 127.0.0.1 (PORT, default 8080; PORT=0 picks a free one):
//   /            web/ (index.html, embed.html, dist/ = the bundle)
//   /engine/     dist/ (loopscope-engine.js + .wasm)
//   /examples/   examples/ (+ /examples/index.json: the Python examples with their titles)
// Compresses with gzip when the client accepts it (cached in memory per file version).
import http from 'node:http';
import { promises as fs } from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const MIME = {
  '.html': 'text/html; charset=utf-8', '.js': 'text/javascript; charset=utf-8', '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8', '.json': 'application/json; charset=utf-8', '.wasm': 'application/wasm',
  '.py': 'text/plain; charset=utf-8', '.cpp': 'text/plain; charset=utf-8', '.hpp': 'text/plain; charset=utf-8',
  '.md': 'text/plain; charset=utf-8', '.txt': 'text/plain; charset=utf-8', '.svg': 'image/svg+xml', '.png': 'image/png',
  '.ico': 'image/x-icon',
};
const MOUNTS = [['/engine/', 'dist'], ['/examples/', 'examples'], ['/lib/', 'lib'], ['/', 'web']];
const gzCache = new Map();
/** Bytes of bodies sent (as sent: compressed), for the benchmark. */
export const stats = { bytes: 0, requests: 0 };

async function examplesIndex() {
  const dir = path.join(root, 'examples');
  const files = (await fs.readdir(dir)).filter((f) => f.endsWith('.py')).sort();
  const out = [];
  for (const file of files) {
    const text = await fs.readFile(path.join(dir, file), 'utf8');
    // Title: the leading comment's first sentence, else the file name.
    const comment = text.split('\n').filter((l, i, a) => l.startsWith('#') && a.slice(0, i).every((x) => x.startsWith('#')))
      .map((l) => l.replace(/^#\s?/, '')).join(' ');
    const title = comment ? comment.split(/(?<=[.:;])\s/)[0].replace(/[.:;]$/, '') : file.replace(/\.py$/, '').replace(/_/g, ' ');
    out.push({ name: file.replace(/\.py$/, ''), file, title: title.length > 90 ? `${title.slice(0, 88)}…` : title });
  }
  return JSON.stringify(out);
}

function resolve(urlPath) {
  let p;
  try { p = decodeURIComponent(urlPath); } catch { return null; }
  if (p.includes('\0')) return null;
  for (const [prefix, dir] of MOUNTS) {
    if (!p.startsWith(prefix)) continue;
    const base = path.join(root, dir);
    const file = path.normalize(path.join(base, p.slice(prefix.length)));
    if (file !== base && !file.startsWith(base + path.sep)) return null;
    return file;
  }
  return null;
}

const gzipAsync = (buf) => new Promise((ok, fail) => zlib.gzip(buf, { level: 9 }, (e, out) => (e ? fail(e) : ok(out))));

// Compress the big files ahead of the first request (off the event loop).
export async function warm() {
  for (const [dir, exts] of [['dist', ['.js', '.wasm']], ['web/dist', ['.js']]]) {
    const base = path.join(root, dir);
    const names = await fs.readdir(base).catch(() => []);
    await Promise.all(names.filter((n) => exts.includes(path.extname(n))).map(async (n) => {
      const file = path.join(base, n);
      const st = await fs.stat(file);
      gzCache.set(file, { mtime: st.mtimeMs, data: await gzipAsync(await fs.readFile(file)) });
    }));
  }
}

async function send(req, res, body, type, mtime = 0, key = null) {
  const etag = mtime ? `"${Math.round(mtime).toString(36)}-${body.length.toString(36)}"` : null;
  if (etag && req.headers['if-none-match'] === etag) { res.writeHead(304, { ETag: etag }); res.end(); return; }
  const accepts = /\bgzip\b/.test(req.headers['accept-encoding'] ?? '');
  // CORS: <loopscope-playground> may load the bundle, the worker and the examples from another origin.
  const headers = { 'Content-Type': type, 'Cache-Control': 'no-cache', 'X-Content-Type-Options': 'nosniff',
    'Access-Control-Allow-Origin': '*' };
  if (accepts && body.length > 512 && !/^image\/png/.test(type)) {
    const ck = key ?? null;
    let gz = ck && gzCache.get(ck);
    if (!gz || gz.mtime !== mtime) {
      gz = { mtime, data: await gzipAsync(body) };
      if (ck) gzCache.set(ck, gz);
    }
    headers['Content-Encoding'] = 'gzip';
    headers.Vary = 'Accept-Encoding';
    body = gz.data;
  }
  if (etag) headers.ETag = etag;
  headers['Content-Length'] = body.length;
  stats.bytes += body.length;
  stats.requests++;
  res.writeHead(200, headers);
  res.end(req.method === 'HEAD' ? undefined : body);
}

export function createServer() {
  return http.createServer(async (req, res) => {
    try {
      if (req.method !== 'GET' && req.method !== 'HEAD') { res.writeHead(405); res.end(); return; }
      const url = new URL(req.url, 'http://localhost');
      if (url.pathname === '/examples/index.json') {
        return await send(req, res, Buffer.from(await examplesIndex()), MIME['.json']);
      }
      let file = resolve(url.pathname);
      if (!file) { res.writeHead(400); res.end('bad path'); return; }
      let st = await fs.stat(file).catch(() => null);
      if (st?.isDirectory()) { file = path.join(file, 'index.html'); st = await fs.stat(file).catch(() => null); }
      if (!st?.isFile()) { res.writeHead(404, { 'Content-Type': 'text/plain' }); res.end('not found'); return; }
      const type = MIME[path.extname(file)] ?? 'application/octet-stream';
      await send(req, res, await fs.readFile(file), type, st.mtimeMs, file);
    } catch (e) {
      res.writeHead(500, { 'Content-Type': 'text/plain' });
      res.end(String(e?.message ?? e));
    }
  });
}

/** Starts the server; resolves with {server, url}. */
export function serve(port = Number(process.env.PORT ?? 8080), host = '127.0.0.1') {
  const server = createServer();
  const warming = warm().catch(() => {});
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => warming.then(() => resolve({ server, url: `http://${host}:${server.address().port}/` })));
  });
}

if (process.argv[1] && fileURLToPath(import.meta.url) === path.resolve(process.argv[1])) {
  const { url } = await serve();
  console.log(`Loopscope playground: ${url}`);
}
