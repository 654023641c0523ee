// The differential corpus (tests/python/programs/*.py) and the Python examples, run through the
// headless runner on the virtual clock (the WebAssembly engine in Node) and through python3:
// stdout and exit code must match byte for byte.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { readdirSync, existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const runner = path.join(root, 'bin/loopscope.mjs');
const corpus = path.join(root, 'tests/python/programs');
// The runner's stack size given up front: without it the runner starts itself again with it
// (bin/loopscope.mjs), which is a second Node start-up for each of the ~100 programs.
const stack = ['--stack-size=6000'];

function outcome(cmd, args, input = '') {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { cwd: corpus });
    let stdout = '';
    child.stdout.setEncoding('utf8').on('data', (d) => { stdout += d; });
    child.stderr.resume();
    child.on('error', reject);
    child.on('close', (code) => resolve({ stdout, code }));
    child.stdin.end(input);
  });
}

const programs = readdirSync(corpus).filter((f) => f.endsWith('.py')).sort();

test('the corpus has at least 40 programs', () => assert.ok(programs.length >= 40, `${programs.length}`));

// Programs sleep in real time under python3: run them side by side.
describe('differential corpus', { concurrency: 6 }, () => {
for (const file of programs) {
  test(`python program ${file}: same stdout and exit code as python3`, async () => {
    const [ours, theirs] = await Promise.all([
      outcome(process.execPath, [...stack, runner, 'run', '--clock', 'virtual', file]),
      outcome('python3', [file]),
    ]);
    assert.equal(ours.stdout, theirs.stdout);
    assert.equal(ours.code, theirs.code);
  });
}
});

// Examples python3 cannot run here (aiohttp, stdin) have their expected output checked in.
const expectedDir = path.join(root, 'tests/python/expected');
describe('examples', { concurrency: 6 }, () => {
for (const file of readdirSync(path.join(root, 'examples')).filter((f) => f.endsWith('.py')).sort()) {
  const expected = path.join(expectedDir, file.replace(/\.py$/, '.out'));
  const stdin = path.join(expectedDir, file.replace(/\.py$/, '.in'));
  test(`example ${file} runs in the wasm engine as expected`, async () => {
    const input = existsSync(stdin) ? readFileSync(stdin, 'utf8') : '';
    const ours = await outcome(process.execPath, [...stack, runner, 'run', '--clock', 'virtual', path.join(root, 'examples', file)], input);
    if (existsSync(expected)) {
      assert.equal(ours.stdout, readFileSync(expected, 'utf8'));
    } else {
      const theirs = await outcome('python3', [path.join(root, 'examples', file)]);
      assert.equal(ours.stdout, theirs.stdout);
      assert.equal(ours.code, theirs.code);
    }
  });
}
});
