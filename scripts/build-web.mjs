#!/usr/bin/env node
// Bundles the playground (web/src) into web/dist with esbuild: main.js (index.html), embed.js
// (embed.html), element.js (<loopscope-playground>) as ES modules, worker.js as a classic worker.
// Then removes what older builds left in web/dist and writes brotli copies (X.br) of web/dist and
// of the engine in dist/ for scripts/serve.mjs (only the stale ones: the .wasm takes ~10 s once).
// `--watch` rebuilds on change (no cleaning, no brotli copies: the server compresses on the fly).
import * as esbuild from 'esbuild';
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { precompress } from './precompress.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));
const common = {
  absWorkingDir: root, bundle: true, minify: true, sourcemap: false, target: ['chrome100', 'firefox100', 'safari15'],
  legalComments: 'none', logLevel: 'warning', loader: { '.css': 'text' }, external: ['node:*'],
};
const builds = [
  { ...common, entryPoints: { main: 'web/src/main.js', embed: 'web/src/embed.js', element: 'web/src/element.js' },
    outdir: 'web/dist', format: 'esm', splitting: true, chunkNames: 'chunk-[hash]' },
  // A classic worker (importScripts loads the Emscripten module); lib/ is bundled in.
  { ...common, entryPoints: { worker: 'web/src/worker.js' }, outdir: 'web/dist', format: 'iife',
    logOverride: { 'empty-import-meta': 'silent' } },
];

if (process.argv.includes('--watch')) {
  for (const b of builds) await (await esbuild.context(b)).watch();
  console.log('build-web: watching web/src');
} else {
  const t0 = Date.now();
  const results = await Promise.all(builds.map((b) => esbuild.build({ ...b, metafile: true })));
  const outputs = new Set(results.flatMap((r) => Object.keys(r.metafile.outputs)).map((f) => path.resolve(root, f)));
  const outdir = path.join(root, 'web/dist');
  for (const name of await fs.readdir(outdir)) {
    const file = path.join(outdir, name);
    if (!outputs.has(file) && !outputs.has(file.replace(/\.br$/, ''))) await fs.rm(file, { force: true });
  }
  const t1 = Date.now();
  const written = await precompress([outdir, path.join(root, 'dist')]);
  console.log(`build-web: web/dist built in ${t1 - t0} ms${written.length ? `, ${written.length} brotli copies in ${Date.now() - t1} ms` : ''}`);
}
