#!/usr/bin/env node
// The headless runner.
//   loopscope run [--clock real|virtual] [--speed X] [--network simulated|real] [--trace OUT.json] PROGRAM [ARGS...]
//   loopscope list
// PROGRAM is a built-in example's name (see `list`) or a Python file. The program's stdout is
// printed exactly; errors and tracebacks go to stderr. Exit code: the program's (1 on an uncaught
// exception), 2 on bad usage.
import { readFileSync, writeFileSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { Engine, listExamples } from '../lib/loopscope.mjs';

// Python's recursion limit of 1000 needs ~3.5 MB of V8 stack in WebAssembly: run with a bigger
// one (the main thread's stack is 8 MB on Linux).
const STACK_KB = 6000;
if (!process.execArgv.some((a) => a.startsWith('--stack-size'))) {
  const r = spawnSync(process.execPath, [`--stack-size=${STACK_KB}`, ...process.execArgv, ...process.argv.slice(1)], { stdio: 'inherit' });
  process.exit(r.status ?? 1);
}

const USAGE = `usage: loopscope run [--clock real|virtual] [--speed X] [--network simulated|real] [--trace OUT.json] PROGRAM [ARGS...]
       loopscope list`;

function fail(message) {
  process.stderr.write(`loopscope: ${message}\n`);
  process.exit(2);
}

function parseRun(argv) {
  const options = { clock: 'real', speed: 1, network: 'simulated', trace: null };
  let i = 0;
  for (; i < argv.length && argv[i].startsWith('--'); i += 2) {
    const [flag, value] = [argv[i], argv[i + 1]];
    if (value === undefined) fail(`${flag} needs a value\n${USAGE}`);
    switch (flag) {
      case '--clock':
        if (value !== 'real' && value !== 'virtual') fail(`--clock must be 'real' or 'virtual', not '${value}'`);
        options.clock = value;
        break;
      case '--speed': {
        const speed = Number(value);
        if (!(speed >= 0.1 && speed <= 10)) fail(`--speed must be a number from 0.1 to 10, not '${value}'`);
        options.speed = speed;
        break;
      }
      case '--network':
        if (value !== 'simulated' && value !== 'real') fail(`--network must be 'simulated' or 'real', not '${value}'`);
        options.network = value;
        break;
      case '--trace':
        options.trace = value;
        break;
      default:
        fail(`unknown option ${flag}\n${USAGE}`);
    }
  }
  if (i >= argv.length) fail(`no program given\n${USAGE}`);
  return { options, program: argv[i], args: argv.slice(i + 1) };
}

// input() reads stdin one line at a time (null at its end), only when the program asks.
let stdinLines = null;
function stdinLine() {
  if (!stdinLines) stdinLines = createInterface({ input: process.stdin, terminal: false })[Symbol.asyncIterator]();
  return stdinLines.next().then((r) => (r.done ? null : r.value));
}

async function run(argv) {
  const { options, program, args } = parseRun(argv);
  const examples = await listExamples();
  let load;
  if (program.endsWith('.py')) {
    let source;
    try {
      source = readFileSync(program, 'utf8');
    } catch (e) {
      fail(`cannot read ${program}: ${e.code === 'ENOENT' ? 'no such file' : e.message}`);
    }
    // CPython reports the main script by its absolute path (tracebacks, task reprs).
    load = { python: source, filename: path.resolve(program), args };
  } else if (examples.some((e) => e.name === program)) {
    load = { example: program, args };
  } else {
    fail(`no example named '${program}' and not a .py file (try: loopscope list)`);
  }
  const engine = await Engine.create({
    clock: options.clock, speed: options.speed, network: options.network, trace: options.trace !== null,
    onOutput: (stream, text) => (stream === 'stdout' ? process.stdout : process.stderr).write(text),
    onInput: () => stdinLine(),
    recursionLimit: 1000,
  });
  try {
    engine.load(load);
  } catch (e) {
    fail(e.message);
  }
  const result = await engine.run();
  if (options.trace !== null) {
    try {
      writeFileSync(options.trace, engine.chromeTrace());
    } catch (e) {
      process.stderr.write(`loopscope: cannot write the trace to ${options.trace}: ${e.message}\n`);
      return 2;
    }
  }
  stdinLines?.return?.();
  process.stdin.destroy();
  return result.exitCode ?? 1;
}

async function main() {
  const [command, ...rest] = process.argv.slice(2);
  if (command === 'list') {
    for (const e of await listExamples()) process.stdout.write(`${e.name.padEnd(22)} ${e.title}\n`);
    return 0;
  }
  if (command === 'run') return run(rest);
  if (command === undefined || command === '--help' || command === '-h') {
    process.stdout.write(`${USAGE}\n`);
    return command === undefined ? 2 : 0;
  }
  fail(`unknown command '${command}'\n${USAGE}`);
}

// Let stdout drain before exiting (a pipe may still hold the program's output).
main().then((code) => { process.exitCode = code; });
