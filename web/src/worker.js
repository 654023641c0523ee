// The engine's home: a classic Web Worker, so the page never freezes. Protocol (all messages are
// plain objects with a `type`):
//   page → worker: init {engineUrl, module?, moduleFollows?} · module {module | error} ·
//                  load {program: {python, filename?} | {example} | {url, filename?}, clock, speed,
//                  network} · run · pause · step · stop · speed {speed} ·
//                  input {line} · chrome-trace
//   worker → page: ready {examples} · loaded · state {state} · now {now} · output {stream, text} ·
//                  trace {buffer, count, first, strings, dropped} (buffer transferred: only the new
//                  records since the last batch) · input-request · step-done · done {result} ·
//                  chrome-trace {json} · error {message}
import { Engine, listExamples, loadModule } from '../../lib/loopscope.mjs';

// When this worker's start went where (ms since the epoch's performance origin: the page
// subtracts its own), sent with ready for the benchmark's breakdown.
const timing = { started: performance.timeOrigin + performance.now() };
let engineUrl = null;
// The page compiles the .wasm while this worker starts (init says moduleFollows) and posts the
// WebAssembly.Module: only instantiated here. Without it the engine fetches and compiles the .wasm.
let moduleArrived;
const pageModule = new Promise((resolve, reject) => { moduleArrived = { resolve, reject }; });
pageModule.catch(() => {});  // a failure is handled where it is awaited (lib falls back to the .wasm)
let engine = null;
let sent = 0;          // records already posted
let sentStrings = 1;   // strings already posted (index 0 is '')
let flushTimer = null;
let runId = 0;
let pauseOnStart = false;
let watched = null;

// The completion of the current run (started by run or by the first step).
function watch(e, id) {
  if (watched === e) return;
  watched = e;
  const timer = setInterval(() => {
    if (id !== runId) return;
    scheduleFlush();
    // The loop's clock while the program waits (on the real clock time passes between records).
    if (e.state === 'running') post({ type: 'now', now: e.now });
  }, 100);
  e.run().then((result) => {
    clearInterval(timer);
    if (id !== runId) return;
    flushTrace();
    post({ type: 'done', result: { exitCode: result.exitCode, stopped: result.stopped } });
  });
}

const post = (msg, transfer) => self.postMessage(msg, transfer ?? []);

let outputs = [];       // output chunks waiting for the next flush (after their trace records)

// Post the records and strings the page has not seen (Engine.traceSince copies only those), then
// the output printed meanwhile, so a printed line's record is always there before the line.
function flushTrace() {
  if (flushTimer !== null) { clearTimeout(flushTimer); flushTimer = null; }
  if (!engine) return;
  const t = engine.traceSince(sent, sentStrings);
  if (t.count === 0 && t.strings.length === 0) { flushOutputs(); return; }
  post({ type: 'trace', buffer: t.records.buffer, first: t.first, count: t.count, strings: t.strings, dropped: t.dropped },
    [t.records.buffer]);
  sent = t.first + t.count;
  sentStrings = t.firstString + t.strings.length;
  flushOutputs();
}

function flushOutputs() {
  for (const [stream, text] of outputs) post({ type: 'output', stream, text });
  outputs = [];
}

function scheduleFlush() {
  // The first records go out at once (the page draws its first timeline), later ones in batches.
  if (flushTimer === null) flushTimer = setTimeout(() => { flushTimer = null; flushTrace(); }, sent ? 40 : 0);
}

async function handle(msg) {
  switch (msg.type) {
    case 'init': {
      engineUrl = msg.engineUrl;
      timing.init = performance.timeOrigin + performance.now();
      const wasmModule = msg.module ?? (msg.moduleFollows ? pageModule : undefined);
      await loadModule({ moduleUrl: engineUrl, wasmModule });
      timing.loaded = performance.timeOrigin + performance.now();
      post({ type: 'ready', examples: await listExamples({ moduleUrl: engineUrl }), timing });
      break;
    }
    case 'load': {
      let program = msg.program;
      if (msg.source) {
        try {
          program = { python: await msg.source, filename: program.filename ?? 'main.py', args: program.args };
        } catch (e) {
          post({ type: 'error', message: String(e?.message ?? e) });
          return;
        }
      }
      if (engine && engine.state === 'running') engine.stop();
      const id = ++runId;
      sent = 0; sentStrings = 1; outputs = [];
      if (flushTimer !== null) { clearTimeout(flushTimer); flushTimer = null; }
      engine = await Engine.create({
        moduleUrl: engineUrl, clock: msg.clock === 'virtual' ? 'virtual' : 'real',
        speed: msg.speed, trace: true, network: msg.network === 'real' ? 'real' : 'simulated',
        onOutput: (stream, text) => {
          if (id !== runId) return;
          const last = outputs[outputs.length - 1];
          if (last && last[0] === stream && last[1].length < 65536) last[1] += text; else outputs.push([stream, text]);
          scheduleFlush();
        },
        onState: (state) => {
          if (id !== runId) return;
          if (state === 'running' && pauseOnStart) {
            // Step from idle: run() starts the program (and owns the completion promise); pause at once.
            pauseOnStart = false;
            engine.pause();
            return;
          }
          flushTrace();
          post({ type: 'state', state });
        },
        onInput: () => { if (id === runId) { flushTrace(); post({ type: 'input-request' }); } return new Promise(() => {}); },
      });
      try {
        engine.load(program);
      } catch (e) {
        post({ type: 'error', message: String(e?.message ?? e) });
        engine = null;
        return;
      }
      post({ type: 'loaded' });
      break;
    }
    case 'run': {
      if (!engine) return;
      if (watched === engine) engine.resume();
      else watch(engine, runId);
      break;
    }
    case 'pause': engine?.pause(); flushTrace(); break;
    case 'step': {
      if (!engine) return;
      const e = engine;
      const id = runId;
      if (e.state === 'idle') {
        pauseOnStart = true;
        watch(e, id);
      }
      await e.step();
      if (id !== runId) return;
      flushTrace();
      post({ type: 'step-done' });
      break;
    }
    case 'stop': engine?.stop(); flushTrace(); post({ type: 'state', state: 'stopped' }); break;
    case 'speed': if (engine && msg.speed >= 0.1 && msg.speed <= 10) engine.setSpeed(msg.speed); break;
    case 'input': if (engine?.waitingForInput) engine.provideInput(typeof msg.line === 'string' ? msg.line : null); break;
    case 'chrome-trace': post({ type: 'chrome-trace', json: engine ? engine.chromeTrace() : '{"traceEvents":[]}' }); break;
    default: break;
  }
}

// Loads (and init) are serialised; other messages wait only for them, never for each other (a
// step may wait seconds for a timer, and stop must not queue behind it).
let loading = Promise.resolve();
self.onmessage = (event) => {
  const msg = event.data;
  if (!msg || typeof msg.type !== 'string') return;
  if (msg.type === 'module') {  // not queued: init waits for it
    timing.module = performance.timeOrigin + performance.now();
    if (msg.module) moduleArrived.resolve(msg.module); else moduleArrived.reject(new Error(msg.error ?? 'no module'));
    return;
  }
  if (msg.type === 'load' && typeof msg.program?.url === 'string') {
    // A program given by its URL (index.html's first run): fetched now, while init may still wait.
    msg.source = fetch(msg.program.url).then((r) => (r.ok ? r.text() : Promise.reject(new Error(`${msg.program.url}: HTTP ${r.status}`))));
    msg.source.catch(() => {});  // reported by the load
  }
  const run = () => handle(msg).catch((e) => post({ type: 'error', message: String(e?.stack ?? e) }));
  if (msg.type === 'load' || msg.type === 'init') loading = loading.then(run);
  else loading.then(run);
};
