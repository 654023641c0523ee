// The page's side of the worker: starts it, forwards commands, and replaces it when it does not
// answer (Stop ends even `while True: pass`: the worker is terminated and a fresh one started).
// The page compiles the engine's .wasm itself, in parallel with the worker's start, and hands
// every worker it starts the compiled WebAssembly.Module (a replaced worker only instantiates it).

/** Compiles the .wasm at `url`: streaming (as it downloads) when served as application/wasm. */
export function compileWasm(url) {
  const whole = () => fetch(url).then((r) => {
    if (!r.ok) throw new Error(`${url}: HTTP ${r.status}`);
    return r.arrayBuffer();
  }).then((bytes) => WebAssembly.compile(bytes));
  if (typeof WebAssembly.compileStreaming !== 'function') return whole();
  return WebAssembly.compileStreaming(fetch(url)).catch(whole);
}

export class EngineHost extends EventTarget {
  constructor(base, boot = null) {
    super();
    this.base = base;
    this.worker = null;
    this.examples = [];
    if (boot?.wasm) this.wasm = boot.wasm;
    else {
      this.wasm = compileWasm(new URL('engine/loopscope-engine.wasm', base).href);
      this.wasm.then(() => performance.mark('loopscope:wasm-compiled'), () => {});  // on failure the worker loads the .wasm itself
    }
    this.spawn(boot);
  }

  /**
   * `boot`: a worker index.html already started ({worker, queued: messages it sent meanwhile,
   * wasm: the promise of the compiled module it posts to that worker}). Call replayBoot() once
   * listening.
   */
  spawn(boot = null) {
    const workerUrl = new URL('dist/worker.js', this.base).href;
    const engineUrl = new URL('engine/loopscope-engine.js', this.base).href;
    let w;
    if (boot?.worker) w = boot.worker;
    else if (new URL(workerUrl).origin === location.origin) w = new Worker(workerUrl);
    else {
      // Embedded from another origin: a same-origin blob worker that imports the real one.
      const blob = new Blob([`importScripts(${JSON.stringify(workerUrl)});`], { type: 'text/javascript' });
      w = new Worker(URL.createObjectURL(blob));
    }
    this.worker = w;
    this.ready = new Promise((resolve) => { this.#resolveReady = resolve; });
    w.onmessage = (e) => {
      if (w !== this.worker) return;
      const msg = e.data;
      if (msg.type === 'ready') { this.examples = msg.examples; this.timing = msg.timing; this.#resolveReady(msg); }
      if (msg.type === 'state') this.state = msg.state;
      this.dispatchEvent(Object.assign(new Event('message'), { msg }));
    };
    w.onerror = (e) => this.dispatchEvent(Object.assign(new Event('message'), { msg: { type: 'error', message: e.message } }));
    if (boot?.worker) {
      boot.worker = null;  // adopt it once; replayBoot() delivers what it said so far
      this.#queued = boot.queued ?? [];
    } else {
      w.postMessage({ type: 'init', engineUrl, moduleFollows: true });
      this.wasm.then((module) => w.postMessage({ type: 'module', module }),
        (e) => w.postMessage({ type: 'module', error: String(e?.message ?? e) }));
    }
  }
  #resolveReady = null;
  #queued = [];

  /** Delivers the messages the index.html-started worker sent before this page listened. */
  replayBoot() {
    const queued = this.#queued;
    this.#queued = [];
    for (const data of queued) this.worker.onmessage({ data });
  }

  post(msg) { this.worker.postMessage(msg); }

  /** Stops the run; if the worker has not confirmed within `ms`, replaces it. Resolves when stopped. */
  stop(ms = 120) {
    return new Promise((resolve) => {
      const w = this.worker;
      let done = false;
      const onMsg = (e) => {
        if (e.msg.type === 'state' && e.msg.state === 'stopped') finish(false);
      };
      const finish = (killed) => {
        if (done) return;
        done = true;
        clearTimeout(timer);
        this.removeEventListener('message', onMsg);
        resolve(killed);
      };
      const timer = setTimeout(() => {
        if (done) return;
        w.terminate();
        this.spawn();
        this.state = 'stopped';
        this.dispatchEvent(Object.assign(new Event('message'), { msg: { type: 'state', state: 'stopped', terminated: true } }));
        finish(true);
      }, ms);
      this.addEventListener('message', onMsg);
      w.postMessage({ type: 'stop' });
    });
  }

  destroy() { this.worker?.terminate(); this.worker = null; }
}
