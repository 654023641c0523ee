#!/usr/bin/env node
// Brotli (quality 11) copies of what the playground serves, beside the files: X.js → X.js.br.
// scripts/serve.mjs sends X.br to browsers that accept br, when it is newer than X (else it
// compresses X itself, faster and a little bigger). Only missing copies and copies of other
// content are redone (a rebuilt but unchanged file only gets its copy's mtime renewed); copies
// whose file is gone are removed. Usage: node scripts/precompress.mjs DIR...
import { promises as fs } from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import { fileURLToPath } from 'node:url';

export const COMPRESSIBLE = ['.js', '.mjs', '.wasm', '.css', '.html', '.json', '.svg'];

const brotli = (buf) => new Promise((ok, fail) => zlib.brotliCompress(buf, {
  params: {
    [zlib.constants.BROTLI_PARAM_QUALITY]: 11,
    [zlib.constants.BROTLI_PARAM_LGWIN]: 24,
    [zlib.constants.BROTLI_PARAM_SIZE_HINT]: buf.length,
  },
}, (e, out) => (e ? fail(e) : ok(out))));

const unbrotli = (buf) => new Promise((ok, fail) => zlib.brotliDecompress(buf, (e, out) => (e ? fail(e) : ok(out))));

/** Writes the missing or stale .br files in `dirs` (not recursive); resolves with the names written. */
export async function precompress(dirs) {
  const written = [];
  for (const dir of dirs) {
    const names = await fs.readdir(dir).catch(() => []);
    const have = new Set(names);
    await Promise.all(names.map(async (name) => {
      const file = path.join(dir, name);
      if (name.endsWith('.br')) {
        if (!have.has(name.slice(0, -3))) await fs.rm(file, { force: true });
        return;
      }
      if (!COMPRESSIBLE.includes(path.extname(name))) return;
      const [st, br] = await Promise.all([fs.stat(file), fs.stat(`${file}.br`).catch(() => null)]);
      if (!st.isFile() || st.size < 1024 || (br && br.mtimeMs >= st.mtimeMs)) return;
      const body = await fs.readFile(file);
      if (br && body.equals(await unbrotli(await fs.readFile(`${file}.br`)).catch(() => null) ?? Buffer.alloc(0))) {
        const now = new Date();
        await fs.utimes(`${file}.br`, now, now);  // same content, rewritten: the copy stays good
        return;
      }
      const out = await brotli(body);
      await fs.writeFile(`${file}.br.tmp`, out);
      await fs.rename(`${file}.br.tmp`, `${file}.br`);
      written.push(file);
    }));
  }
  return written;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === path.resolve(process.argv[1])) {
  const t0 = Date.now();
  const written = await precompress(process.argv.slice(2));
  console.log(`precompress: ${written.length} file(s) in ${Date.now() - t0} ms`);
}
