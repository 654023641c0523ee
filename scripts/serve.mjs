#!/usr/bin/env node
// Serves the playground on 127.0.0.1 (PORT, default 8080; PORT=0 picks a free one):
//   /            web/ (index.html, embed.html, dist/ = the bundle)
//   /engine/     dist/ (loopscope-engine.js + .wasm)
//   /examples/   examples/ (+ /examples/index.json: the Python examples with their titles)
// Compression: brotli when the client accepts it (the precompressed X.br beside a file when it is
// fresh, see scripts/precompress.mjs; else quality 5 on the fly), gzip otherwise. Files and their
// compressed forms are cached in memory per version (mtime and size); a request costs one stat.
// Caching: content-hashed chunks (dist/chunk-*.js) are immutable; everything else revalidates
// (ETag, 304).
import http from 'node:http';
import { promises as fs } from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import { createHash } from 'node:crypto';
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
/** Bytes of bodies sent (as sent: compressed), for the benchmark. */
export const stats = { bytes: 0, requests: 0 };

let indexCache = null;  // {key, mtime, body}

async function examplesIndex() {
  const dir = path.join(root, 'examples');
  const files = (await fs.readdir(dir)).filter((f) => f.endsWith('.py')).sort();
  const mtimes = await Promise.all(files.map((f) => fs.stat(path.join(dir, f)).then((st) => st.mtimeMs)));
  const key = files.map((f, i) => `${f}@${mtimes[i]}`).join('|');
  if (indexCache?.key === key) return indexCache;
  const out = [];
  for (const file of files) {
    const text = await fs.readFile(path.join(dir, file), 'utf8');
    // Title: the leading comment's first sentence, else the file name.
    const comment = text.split('\n').filter((l, i, a) => l.startsWith('#') && a.slice(0, i).every((x) => x.startsWith('#')))
      .map((l) => l.replace(/^#\s?/, '')).join(' ');
    const title = comment ? comment.split(/(?<=[.:;])\s/)[0].replace(/[.:;]$/, '') : file.replace(/\.py$/, '').replace(/_/g, ' ');
    out.push({ name: file.replace(/\.py$/, ''), file, title: title.length > 90 ? `${title.slice(0, 88)}…` : title });
  }
  indexCache = { key, mtime: Math.max(0, ...mtimes), body: Buffer.from(JSON.stringify(out)) };
  return indexCache;
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

const COMPRESSIBLE = /^(text\/|application\/(json|wasm|javascript)|image\/svg)/;
const gzip = (buf) => new Promise((ok, fail) => zlib.gzip(buf, { level: 9 }, (e, out) => (e ? fail(e) : ok(out))));
const brotli = (buf) => new Promise((ok, fail) => zlib.brotliCompress(buf, {
  params: { [zlib.constants.BROTLI_PARAM_QUALITY]: 5, [zlib.constants.BROTLI_PARAM_SIZE_HINT]: buf.length },
}, (e, out) => (e ? fail(e) : ok(out))));

// One entry per file version: {version, body, etag, br?: Promise<Buffer>, gzip?: Promise<Buffer>}.
const cache = new Map();

function entry(key, version, body, mtime) {
  let e = cache.get(key);
  if (e?.version !== version) {
    e = { version, body, etag: `${Math.round(mtime).toString(36)}-${body.length.toString(36)}` };
    cache.set(key, e);
  }
  return e;
}

// The brotli form: the fresh precompressed X.br beside the file, else compressed here.
function brotliOf(e, file, mtime) {
  e.br ??= (async () => {
    if (file) {
      const st = await fs.stat(`${file}.br`).catch(() => null);
      if (st && st.mtimeMs >= mtime) return fs.readFile(`${file}.br`);
    }
    return brotli(e.body);
  })();
  return e.br;
}

// Read and compress the big files ahead of the first request (off the event loop).
export async function warm() {
  await examplesIndex();
  for (const [dir, exts] of [['dist', ['.js', '.wasm']], ['web/dist', ['.js']]]) {
    const base = path.join(root, dir);
    const names = await fs.readdir(base).catch(() => []);
    await Promise.all(names.filter((n) => exts.includes(path.extname(n))).map(async (n) => {
      const file = path.join(base, n);
      const st = await fs.stat(file);
      const e = entry(file, `${st.mtimeMs}:${st.size}`, await fs.readFile(file), st.mtimeMs);
      await brotliOf(e, file, st.mtimeMs);
    }));
  }
}

// web/dist/worker.js begins with dist/loopscope-engine.js (scripts/build-web.mjs names its SHA-256
// on the first line): after a wasm build without build-web they no longer match, and the engine
// would fail in odd ways.
async function checkWorkerBundle() {
  const [glue, worker] = await Promise.all(['dist/loopscope-engine.js', 'web/dist/worker.js']
    .map((f) => fs.readFile(path.join(root, f)).catch(() => null)));
  if (!glue || !worker) return;
  const named = /^\/\/ loopscope-engine\.js sha256:([0-9a-f]+)\n/.exec(worker.subarray(0, 200).toString('latin1'))?.[1];
  if (named !== createHash('sha256').update(glue).digest('hex')) {
    console.warn('serve: web/dist/worker.js was built with another dist/loopscope-engine.js: run node scripts/build-web.mjs');
  }
}

function cacheControl(urlPath) {
  // esbuild names shared chunks by their content's hash: a changed chunk is a new URL.
  return /^\/dist\/chunk-[A-Z0-9]+\.js$/.test(urlPath) ? 'public, max-age=31536000, immutable' : 'no-cache';
}

async function send(req, res, e, type, { file = null, mtime = 0, urlPath = '' } = {}) {
  const accepts = req.headers['accept-encoding'] ?? '';
  const coding = e.body.length <= 512 || !COMPRESSIBLE.test(type) ? null
    : /\bbr\b/.test(accepts) ? 'br' : /\bgzip\b/.test(accepts) ? 'gzip' : null;
  // A strong ETag names one representation: each encoding gets its own.
  const etag = `"${e.etag}${coding ? `-${coding}` : ''}"`;
  const headers = { 'Content-Type': type, 'Cache-Control': cacheControl(urlPath), 'X-Content-Type-Options': 'nosniff',
    // CORS: <loopscope-playground> may load the bundle, the worker, the .wasm and the examples from another origin.
    'Access-Control-Allow-Origin': '*', ETag: etag };
  if (COMPRESSIBLE.test(type)) headers.Vary = 'Accept-Encoding';
  if (req.headers['if-none-match'] === etag) { res.writeHead(304, headers); res.end(); return; }
  let body = e.body;
  if (coding === 'br') body = await brotliOf(e, file, mtime);
  else if (coding === 'gzip') body = await (e.gzip ??= gzip(e.body));
  if (coding) headers['Content-Encoding'] = coding;
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
        const index = await examplesIndex();
        return await send(req, res, entry('/examples/index.json', index.key, index.body, index.mtime), MIME['.json']);
      }
      let file = resolve(url.pathname);
      if (!file) { res.writeHead(400); res.end('bad path'); return; }
      let st = await fs.stat(file).catch(() => null);
      if (st?.isDirectory()) { file = path.join(file, 'index.html'); st = await fs.stat(file).catch(() => null); }
      if (!st?.isFile()) { res.writeHead(404, { 'Content-Type': 'text/plain' }); res.end('not found'); return; }
      const type = MIME[path.extname(file)] ?? 'application/octet-stream';
      const version = `${st.mtimeMs}:${st.size}`;
      const e = cache.get(file)?.version === version ? cache.get(file) : entry(file, version, await fs.readFile(file), st.mtimeMs);
      await send(req, res, e, type, { file, mtime: st.mtimeMs, urlPath: url.pathname });
    } catch (e) {
      res.writeHead(500, { 'Content-Type': 'text/plain' });
      res.end(String(e?.message ?? e));
    }
  });
}

/** Starts the server; resolves with {server, url}. */
export function serve(port = Number(process.env.PORT ?? 8080), host = '127.0.0.1') {
  const server = createServer();
  const warming = Promise.all([warm(), checkWorkerBundle()]).catch(() => {});
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => warming.then(() => resolve({ server, url: `http://${host}:${server.address().port}/` })));
  });
}

if (process.argv[1] && fileURLToPath(import.meta.url) === path.resolve(process.argv[1])) {
  const { url } = await serve();
  console.log(`Loopscope playground: ${url}`);
}
