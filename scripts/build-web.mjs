#!/usr/bin/env node
// Bundles the playground (web/src) into web/dist with esbuild: main.js (index.html), embed.js
// (embed.html), element.js (<loopscope-playground>) as ES modules, worker.js as a classic worker.
// `--watch` rebuilds on change.
import * as esbuild from 'esbuild';
import { fileURLToPath } from 'node:url';

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
  await Promise.all(builds.map((b) => esbuild.build(b)));
  console.log(`build-web: web/dist built in ${Date.now() - t0} ms`);
}
