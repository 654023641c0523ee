#!/usr/bin/env node
// Bundles the playground (web/src) into web/dist with esbuild: main.js (index.html), embed.js
// (embed.html), element.js (<loopscope-playground>) as ES modules, worker.js as a classic worker
// that starts with the engine's Emscripten glue (dist/loopscope-engine.js: build the wasm first).
// Then removes what older builds left in web/dist and writes brotli copies (X.br) of web/dist and
// of the engine in dist/ for scripts/serve.mjs (only the stale ones: the .wasm takes ~10 s once).
// `--watch` rebuilds on change (no cleaning, no brotli copies: the server compresses on the fly).
import * as esbuild from 'esbuild';
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { createHash } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { precompress } from './precompress.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));
const common = {
  absWorkingDir: root, bundle: true, minify: true, sourcemap: false, target: ['chrome100', 'firefox100', 'safari15'],
  legalComments: 'none', logLevel: 'warning', loader: { '.css': 'text' }, external: ['node:*'],
};

// worker.js begins with dist/loopscope-engine.js (a classic script that defines
// createLoopscopeModule), minified, so the worker has the engine's JavaScript as soon as it starts
// instead of fetching it when told to. Its first line names the glue's SHA-256 (scripts/serve.mjs
// warns when dist/ has another one). Rebuilt when the glue changes (watch mode). Without a built
// engine the worker loads the glue from engineUrl as before.
const GLUE = path.join(root, 'dist/loopscope-engine.js');
const glueLine = (glue) => `// loopscope-engine.js sha256:${createHash('sha256').update(glue).digest('hex')}\n`;
const withGlue = {
  name: 'engine-glue',
  setup(build) {
    build.onLoad({ filter: /[\\/]web[\\/]src[\\/]worker\.js$/ }, async (args) => ({
      contents: await fs.readFile(args.path, 'utf8'), loader: 'js', watchFiles: [GLUE],
    }));
    build.onEnd(async (result) => {
      if (result.errors.length) return;
      const glue = await fs.readFile(GLUE, 'utf8').catch(() => null);
      if (!glue) console.warn('build-web: no dist/loopscope-engine.js (build the wasm preset): worker.js will fetch it');
      // Emscripten's own output is whitespace-minified only; esbuild keeps its globals' names.
      const min = glue && (await esbuild.transform(glue, { minify: true, target: common.target, legalComments: 'none' })).code;
      for (const out of result.outputFiles ?? []) {
        await fs.mkdir(path.dirname(out.path), { recursive: true });
        await fs.writeFile(out.path, glue ? `${glueLine(glue)}${min}\n${out.text}` : out.text);
      }
    });
  },
};

const builds = [
  // index.html's main.js on its own: the whole page in one file (no chunk to discover after it),
  // CodeMirror (editor.js, loaded later) in a chunk.
  { ...common, entryPoints: { main: 'web/src/main.js' }, outdir: 'web/dist', format: 'esm', splitting: true, chunkNames: 'chunk-[hash]' },
  { ...common, entryPoints: { embed: 'web/src/embed.js', element: 'web/src/element.js' },
    outdir: 'web/dist', format: 'esm', splitting: true, chunkNames: 'chunk-[hash]' },
  // A classic worker: the engine's glue, then lib/ and web/src/worker.js.
  { ...common, entryPoints: { worker: 'web/src/worker.js' }, outdir: 'web/dist', format: 'iife', write: false,
    plugins: [withGlue], logOverride: { 'empty-import-meta': 'silent' } },
];

if (process.argv.includes('--watch')) {
  for (const b of builds) await (await esbuild.context(b)).watch();
  console.log('build-web: watching web/src');
} else {
  const t0 = Date.now();
  // One after the other: two builds may write the same chunk (CodeMirror's).
  const results = [];
  for (const b of builds) results.push(await esbuild.build({ ...b, metafile: true }));
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
