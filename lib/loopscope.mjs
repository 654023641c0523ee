// Loopscope's JavaScript API: the WebAssembly engine inside JavaScript's own event loop.
// Works in Node 20, in Web Workers and in pages. See lib/loopscope.d.ts for the types.
//
// The engine never blocks the JS thread: Engine drives it one slice at a time (a few ms, or one
// task step). When only timers are pending it arms one setTimeout for the next deadline; when it
// waits for a fetch or for input, it sleeps until that arrives. All calls into the module happen
// between slices, never during one.

import { limitCompileThreads } from './compile_threads.mjs';

const isNode = typeof process === 'object' && !!process.versions?.node;

/** How a slice ended (values of the C++ SliceResult::End). */
const SliceEnd = Object.freeze({ Budget: 0, WaitTimer: 1, WaitExternal: 2, Finished: 3 });

/** Size of one trace record in bytes (see docs/trace.md). */
export const TRACE_RECORD_BYTES = 32;

let modulePromise = null;
let loadedModule = null;  // what modulePromise resolved to

/**
 * Loads the WebAssembly module once per realm. `moduleUrl` points at loopscope-engine.js (its
 * .wasm beside it); by default the one in dist/ next to this library. `wasmModule`: the .wasm
 * already compiled (a WebAssembly.Module, or a promise of one, e.g. from
 * WebAssembly.compileStreaming on a page that then posts it to a worker): only instantiated here.
 * If that promise rejects, the .wasm beside moduleUrl is loaded as usual.
 */
export function loadModule({ moduleUrl, wasmModule } = {}) {
  if (!modulePromise) {
    const promise = isNode ? loadInNode(moduleUrl, wasmModule) : loadInBrowser(moduleUrl, wasmModule);
    modulePromise = promise;
    promise.then((module) => { if (modulePromise === promise) loadedModule = module; }, () => {});
  }
  return modulePromise;
}

// WebAssembly frames live on the JS engine's own stack, and each Python call takes several
// (with V8's baseline code, several KB), so the recursion limit must stop a runaway recursion
// before that stack runs out: RecursionError is then an ordinary Python exception, with its
// traceback, instead of the engine's crash (#crash). Measured on the heaviest call paths
// (tests/python/programs/recursion_paths.py: __repr__ through repr(), __init__ through a class
// call...): Node's default stack holds ~420 levels, a Chromium worker's ~135 (~440-610 for plain
// functions and coroutines; how deep a JS probe recurses varies too much with V8's tiers to
// calibrate from). Each default keeps a margin, and tests/node and tests/browser run that program
// with it. bin/loopscope.mjs raises Node's stack and sets Python's own 1000.
export function defaultRecursionLimit() {
  return isNode ? 300 : 100;
}

// After a crash inside it the module's memory is in an unknown state: the next loadModule()
// instantiates a fresh one (the browser keeps the .wasm in its cache).
function forgetModule(module) {
  if (loadedModule !== module) return;
  loadedModule = null;
  modulePromise = null;
}

// The compiled module `wasmModule` stands for, or null: none given, or it failed (then the .wasm
// is loaded as usual).
async function settle(wasmModule) {
  if (!wasmModule) return null;
  let compiled;
  try {
    compiled = await wasmModule;
  } catch (e) {
    console.warn(`loopscope: the precompiled module failed (${e?.message ?? e}); loading the .wasm instead`);
    return null;
  }
  if (!(compiled instanceof WebAssembly.Module)) throw new TypeError('wasmModule must be a WebAssembly.Module (or a promise of one)');
  return compiled;
}

// Runs Emscripten's factory; with `compiled`, its instantiateWasm hook only instantiates that.
function instantiate(factory, options, compiled) {
  if (!compiled) return factory(options);
  return new Promise((resolve, reject) => {
    factory({
      ...options,
      instantiateWasm(imports, receiveInstance) {
        WebAssembly.instantiate(compiled, imports).then((instance) => receiveInstance(instance, compiled)).catch(reject);
        return {};  // the exports arrive through receiveInstance
      },
    }).then(resolve, reject);
  });
}

async function loadInNode(moduleUrl, wasmModule) {
  const { createRequire } = await import('node:module');
  const { readFileSync } = await import('node:fs');
  const { fileURLToPath } = await import('node:url');
  const url = moduleUrl ? new URL(moduleUrl, import.meta.url) : new URL('../dist/loopscope-engine.js', import.meta.url);
  const file = fileURLToPath(url);
  const factory = createRequire(import.meta.url)(file);
  await limitCompileThreads();  // before V8 compiles anything of the module
  const compiled = await settle(wasmModule);
  // Node's global fetch cannot load file paths: hand the module its bytes directly.
  const wasmBinary = compiled ? undefined : readFileSync(file.replace(/\.js$/, '.wasm'));
  const module = await instantiate(factory, { wasmBinary, print: () => {}, printErr: (t) => process.stderr.write(`${t}\n`) }, compiled);
  // V8 hands over a compiled module from a foreground task, which Node runs from
  // NodePlatform::DrainTasks when its event loop had nothing else to wait for. Whatever this
  // promise's awaiters then do (the first slices of the first program) runs inside that call,
  // and when they yield to the event loop, DrainTasks first blocks until every background
  // compile job is done: the optimising tier's compiles of the interpreter's hot functions,
  // which the first slice has just queued. The JS thread then sat idle for 40-140 ms before the
  // second slice. One macrotask turn resumes the awaiters from the event loop proper.
  await new Promise((resolve) => setImmediate(resolve));
  return module;
}

// importScripts(url) in a classic worker; false in a module worker, where browsers define
// importScripts but make it throw a TypeError.
function importsScripts(url) {
  try {
    importScripts(url);
    return true;
  } catch (e) {
    if (e instanceof TypeError) return false;
    throw e;
  }
}

async function loadInBrowser(moduleUrl, wasmModule) {
  const url = new URL(moduleUrl ?? '../dist/loopscope-engine.js', import.meta.url).href;
  if (typeof globalThis.createLoopscopeModule === 'function') {
    // Already here: a <script> of it, or a worker bundle that begins with it (web/dist/worker.js).
  } else if (typeof importScripts === 'function' && importsScripts(url)) {
    // a classic worker
  } else if (typeof document !== 'undefined') {
    await new Promise((resolve, reject) => {
      const s = document.createElement('script');
      s.src = url;
      s.onload = resolve;
      s.onerror = () => reject(new Error(`could not load ${url}`));
      document.head.append(s);
    });
  } else {
    const text = await (await fetch(url)).text();
    (0, eval)(text);  // a module worker: no importScripts
  }
  const factory = globalThis.createLoopscopeModule;
  const compiled = await settle(wasmModule);
  return instantiate(factory, { locateFile: (name) => new URL(name, url).href, print: () => {}, printErr: (t) => console.warn(t) }, compiled);
}

/** The built-in C++ examples: [{ name, title, file }]. */
export async function listExamples(options = {}) {
  const module = await loadModule(options);
  return module.listExamples();
}

const macrotask = isNode
  ? () => new Promise((resolve) => setImmediate(resolve))
  : (() => {
      // setTimeout(0) is clamped to 4 ms after a few nested calls; a message is not.
      const channel = new MessageChannel();
      const queue = [];
      channel.port1.onmessage = () => queue.shift()?.();
      return () => new Promise((resolve) => { queue.push(resolve); channel.port2.postMessage(0); });
    })();

/**
 * One program run by the engine. Create with Engine.create(), load() a program, then run().
 * States: 'idle' → 'running' ⇄ 'paused' → 'done' (or 'stopped').
 */
export class Engine {
  #module;
  #session;
  #options;
  #state = 'idle';
  #wake = null;          // resolves the pump's current wait early (outside event, pause, stop)
  #timer = null;
  #inflight = new Map();  // fetch id -> AbortController
  #records = [];          // trace chunks copied out of the module
  #recordCount = 0;
  #strings = [''];
  #stdout = '';
  #stderr = '';
  #done = null;
  #finish = null;
  #program = null;
  #crashed = false;
  #inputRequested = false;

  /** @param {import('./loopscope.d.ts').EngineOptions} options */
  static async create(options = {}) {
    const module = await loadModule(options);
    return new Engine(module, options);
  }

  constructor(module, options = {}) {
    this.#module = module;
    this.#options = {
      clock: 'real', speed: 1, trace: true, network: 'simulated', sliceMs: 8,
      recursionLimit: defaultRecursionLimit(),
      onOutput: null, onState: null, onInput: null, ...options,
    };
    module.loopscopeHost = {
      fetch: (id, method, url, headers, body) => this.#startFetch(id, method, url, headers, body),
      abort: (id) => this.#inflight.get(id)?.abort(),
    };
    this.#session = new module.Session();
    this.#configure();
  }

  get state() { return this.#state; }
  get stdout() { return this.#stdout; }
  get stderr() { return this.#stderr; }
  /** Loop time in milliseconds (the program's clock: real × speed, or virtual). */
  get now() { return this.#session.nowMs(); }

  /** @param {{example: string, args?: string[]} | {python: string, filename?: string, args?: string[]}} program */
  load(program) {
    if (this.#state !== 'idle') throw new Error(`load() needs a fresh engine (state is '${this.#state}')`);
    if (program && typeof program.python === 'string') {
      this.#session.loadPython(program.python, program.filename ?? 'main.py', program.args ?? []);
    } else if (program && typeof program.example === 'string') {
      if (!this.#session.loadExample(program.example, program.args ?? [])) throw new Error(this.#session.error());
    } else {
      throw new TypeError("load() takes { python: source, filename? } or { example: 'name' }");
    }
    this.#program = program;
    return this;
  }

  /** True while the program waits in input(); answer with provideInput(). */
  get waitingForInput() { return this.#session.waitingForInput(); }

  /** Answers input() with a line (no newline), or null for end of input (EOFError). */
  provideInput(line) {
    if (!this.#session.waitingForInput()) throw new Error('the program is not waiting for input');
    this.#session.deliverInput(line);
    this.#inputRequested = false;
    this.#interrupt();
  }

  /** Runs to the end (or until paused/stopped). Resolves with the exit code and output. */
  run() {
    if (!this.#program) throw new Error('run() before load()');
    if (this.#state === 'idle') {
      this.#session.start();
      this.#done = new Promise((resolve) => { this.#finish = resolve; });
    }
    if (this.#state === 'idle' || this.#state === 'paused') {
      this.#setState('running');
      this.#pump();
    }
    return this.#done;
  }

  /** Stops at the next slice boundary (within a few ms); resume() goes on. */
  pause() {
    if (this.#state !== 'running') return;
    this.#setState('paused');
    this.#interrupt();
  }

  resume() { return this.run(); }

  /** Runs exactly one task step (waiting for timers or I/O if none is ready), then pauses. */
  async step() {
    if (!this.#program) throw new Error('step() before load()');
    if (this.#state === 'done' || this.#state === 'stopped') return;
    if (this.#state === 'running') this.pause();
    if (this.#state === 'idle') {
      this.#session.start();
      this.#done = new Promise((resolve) => { this.#finish = resolve; });
      this.#setState('paused');
    }
    for (;;) {
      if (!this.#drive(1)) return;
      this.#collect();
      const end = this.#session.sliceEnd();
      if (end === SliceEnd.Finished) return this.#complete();
      if (this.#session.stepsInSlice() > 0) return;
      if (end === SliceEnd.WaitTimer || end === SliceEnd.WaitExternal) await this.#wait(end);
      else await macrotask();
      if (this.#state === 'stopped') return;
    }
  }

  /** Ends the run for good; pending requests are aborted. */
  stop() {
    if (this.#state === 'done' || this.#state === 'stopped') return;
    this.#abortRequests();
    this.#setState('stopped');
    this.#interrupt();
    this.#finish?.({ exitCode: null, stopped: true, stdout: this.#stdout, stderr: this.#stderr });
  }

  /** Real clock only: 0.1 to 10. */
  setSpeed(speed) {
    if (!(speed >= 0.1 && speed <= 10)) throw new RangeError('speed must be between 0.1 and 10');
    this.#options.speed = speed;
    this.#session.setSpeed(speed);
    this.#interrupt();  // re-arm the timer for the new speed
  }

  /** Every trace record so far: 32-byte rows (see docs/trace.md) and the string table. */
  trace() {
    this.#collect();
    const records = new Uint8Array(this.#recordCount * TRACE_RECORD_BYTES);
    let offset = 0;
    for (const chunk of this.#records) { records.set(chunk, offset); offset += chunk.length; }
    return { records, count: this.#recordCount, strings: [...this.#strings], dropped: this.#traceDropped() };
  }

  /**
   * Only what a reader that has the first `record` records and `string` strings lacks: the
   * records from index `record` on (one copy of just those, read from the engine's trace) and the
   * strings from index `string` on. trace() copies everything each call; this costs O(new).
   */
  traceSince(record = 0, string = 0) {
    this.#collect();
    const first = Math.min(Math.max(0, Math.floor(record) || 0), this.#recordCount);
    const firstString = Math.min(Math.max(0, Math.floor(string) || 0), this.#strings.length);
    const count = this.#crashed ? 0 : this.#recordCount - first;  // (a crashed module is not read again)
    const records = count ? this.#session.traceRecords(first).slice(0, count * TRACE_RECORD_BYTES) : new Uint8Array(0);
    return { first, count, records, firstString, strings: this.#strings.slice(firstString), dropped: this.#traceDropped() };
  }

  /** The trace as Chrome Trace Event JSON (opens in Perfetto). */
  chromeTrace() {
    if (this.#crashed) throw new Error('the engine crashed during this run; its trace is lost');
    return this.#session.chromeTraceJson();
  }

  // ---------------------------------------------------------------- internals

  #configure() {
    const o = this.#options;
    if (o.clock !== 'real' && o.clock !== 'virtual') throw new RangeError("clock must be 'real' or 'virtual'");
    if (o.network !== 'simulated' && o.network !== 'real') throw new RangeError("network must be 'simulated' or 'real'");
    if (!(o.speed >= 0.1 && o.speed <= 10)) throw new RangeError('speed must be between 0.1 and 10');
    if (!(Number.isInteger(o.recursionLimit) && o.recursionLimit >= 10)) throw new RangeError('recursionLimit must be an integer >= 10');
    this.#session.configure(o.clock === 'virtual', o.speed, !!o.trace, o.network === 'real', o.recursionLimit);
  }

  #setState(state) {
    this.#state = state;
    this.#options.onState?.(state);
  }

  async #pump() {
    while (this.#state === 'running') {
      if (this.#session.waitingForInput()) {
        await this.#awaitInput();
        continue;
      }
      if (!this.#drive(-1)) return;
      this.#collect();
      const end = this.#session.sliceEnd();
      if (end === SliceEnd.Finished) return this.#complete();
      if (this.#session.waitingForInput()) continue;
      if (end === SliceEnd.Budget) await macrotask();
      else await this.#wait(end);
    }
  }

  // The program waits in input(): ask the host once (onInput), then sleep until provideInput().
  async #awaitInput() {
    const waiting = this.#wait(SliceEnd.WaitExternal);
    if (!this.#inputRequested && this.#options.onInput) {
      this.#inputRequested = true;
      Promise.resolve(this.#options.onInput()).then((line) => {
        if (this.#session.waitingForInput() && this.#state !== 'stopped') this.provideInput(line ?? null);
      });
    }
    await waiting;
  }

  // Sleep until the next timer (real clock) or an outside event, whichever comes first.
  #wait(end) {
    return new Promise((resolve) => {
      this.#wake = resolve;
      if (end === SliceEnd.WaitTimer) {
        const ms = Math.max(0, (this.#session.sliceDeadlineMs() - this.#session.nowMs()) / this.#options.speed);
        this.#timer = setTimeout(() => this.#interrupt(), ms);
      }
    });
  }

  #interrupt() {
    if (this.#timer !== null) clearTimeout(this.#timer);
    this.#timer = null;
    const wake = this.#wake;
    this.#wake = null;
    wake?.();
  }

  #abortRequests() {
    for (const c of this.#inflight.values()) c.abort();
    this.#inflight.clear();
  }

  // Trace records the engine had to drop (a crashed module is not read again).
  #traceDropped() { return this.#crashed ? 0 : this.#session.traceDropped(); }

  // One slice of the program; false if the module failed under it (see #crash).
  #drive(steps) {
    try {
      this.#session.drive(this.#options.sliceMs, steps);
      return true;
    } catch (e) {
      this.#crash(e);
      return false;
    }
  }

  // An error thrown out of the module in the middle of a slice: above all the JS engine's own
  // stack running out (RangeError) under a deep recursion, since WebAssembly frames live on it
  // and the browser's is smaller than the recursion limit may need. C++ unwinding did not run,
  // so the module is dropped; the run ends with the error CPython gives for a runaway
  // recursion, and a new Engine gets a fresh module.
  #crash(e) {
    // What the program printed before: the output buffer is most likely intact (the failure was
    // deep in the evaluator), and if reading it fails too, it is lost with the module.
    try {
      this.#collect();
    } catch {
      // lost
    }
    this.#crashed = true;
    forgetModule(this.#module);
    this.#abortRequests();
    const text = e instanceof RangeError
      ? `RecursionError: maximum recursion depth exceeded (the JavaScript engine's stack ran out before the recursion limit of ${this.#options.recursionLimit})\n`
      : `SystemError: the engine failed and was reset: ${e?.message ?? e}\n`;
    this.#stderr += text;
    this.#options.onOutput?.('stderr', text);
    this.#setState('done');
    this.#finish?.({ exitCode: 1, stopped: false, stdout: this.#stdout, stderr: this.#stderr });
  }

  #complete() {
    this.#collect();
    this.#setState('done');
    this.#finish({ exitCode: this.#session.exitCode(), stopped: false, stdout: this.#stdout, stderr: this.#stderr });
  }

  #collect() {
    if (this.#crashed) return;
    for (const { stream, text } of this.#session.takeOutput()) {
      if (stream === 'stdout') this.#stdout += text;
      else this.#stderr += text;
      this.#options.onOutput?.(stream, text);
    }
    if (!this.#options.trace) return;
    const count = this.#session.traceCount();
    if (count > this.#recordCount) {
      this.#records.push(this.#session.traceRecords(this.#recordCount).slice());
      this.#recordCount = count;
    }
    const strings = this.#session.traceStrings(this.#strings.length);
    for (const s of strings) this.#strings.push(s);
  }

  async #startFetch(id, method, url, headers, body) {
    const controller = new AbortController();
    this.#inflight.set(id, controller);
    let error = '';
    let status = 0, reason = '', finalUrl = url, text = '';
    const flat = [];
    try {
      const response = await fetch(url, {
        method, headers, body: method === 'GET' || method === 'HEAD' ? undefined : body, signal: controller.signal,
      });
      status = response.status;
      reason = response.statusText;
      finalUrl = response.url || url;
      // fetch lower-cases header names; give programs the usual Title-Case (Content-Type).
      response.headers.forEach((v, k) => flat.push(k.replace(/(^|-)([a-z])/g, (m, dash, c) => dash + c.toUpperCase()), v));
      text = await response.text();
    } catch (e) {
      error = e?.name === 'AbortError' ? 'request aborted' : `Cannot connect to ${url}: ${e?.cause?.message ?? e?.message ?? e}`;
    }
    if (!this.#inflight.has(id)) return;  // aborted: the engine no longer waits for it
    this.#inflight.delete(id);
    // Promise callbacks run between slices, so this call never lands inside one.
    this.#session.completeFetch(id, error, status, reason, finalUrl, flat, text);
    this.#interrupt();
  }
}
