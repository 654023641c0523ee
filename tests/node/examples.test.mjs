// The C++ examples compiled to WebAssembly print, in Node, exactly what python3 prints for
// their Python twins (examples/*.py) — on the virtual clock, and on the real clock in real time.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import path from 'node:path';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const runner = path.join(root, 'build/wasm/examples/cpp-examples.js');
const names = ['hello_world', 'gather_two_tasks', 'gather_failing_task', 'cancellation', 'countdowns'];

function wasmExample(args) {
  return spawnSync(process.execPath, ['--no-experimental-fetch', runner, ...args], { encoding: 'utf8' });
}

test('the wasm example runner lists every example', () => {
  const r = wasmExample(['list']);
  assert.equal(r.status, 0);
  const listed = r.stdout.trim().split('\n').map((l) => l.split(/\s+/)[0]);
  for (const name of names) assert.ok(listed.includes(name), `${name} is listed`);
});

for (const name of names) {
  test(`wasm example ${name} matches python3 (virtual clock)`, () => {
    const ours = wasmExample(['run', '--clock', 'virtual', name]);
    const theirs = execFileSync('python3', [path.join(root, 'examples', `${name}.py`)], { encoding: 'utf8' });
    assert.equal(ours.status, 0, ours.stderr);
    assert.equal(ours.stdout, theirs);
  });
}

test('on the real clock, hello_world takes its one second', () => {
  const start = performance.now();
  const r = wasmExample(['run', 'hello_world']);
  const elapsed = performance.now() - start;
  assert.equal(r.stdout, 'Hello\nWorld\n');
  assert.ok(elapsed >= 1000, `took ${elapsed} ms`);
  assert.ok(elapsed < 5000, `took ${elapsed} ms`);
});

test('an unknown example is a clear error with exit code 2', () => {
  const r = wasmExample(['run', 'no_such_example']);
  assert.equal(r.status, 2);
  assert.match(r.stderr, /no example named 'no_such_example'/);
});
