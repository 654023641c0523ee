// The playground: gallery, editor, controls, console, timeline and the loop's internals, all
// inside one root element. Used by index.html (full), embed.html and <loopscope-playground> (compact).
import { createPlainEditor, parseErrors } from './plain.js';
import { EngineHost } from './runner.js';
import { TraceModel, fmtDuration, STATE_NAMES, S, syntheticTrace } from './model.js';
import { Timeline } from './timeline.js';
import { encodeShare, decodeShare } from './share.js';
import css from './style.css';

export const DEFAULT_EXAMPLE = 'countdowns';
const FILENAME = 'main.py';
const MAX_SPANS = 3000;  // console spans kept on screen

export function injectStyles(doc = document) {
  if (doc.getElementById('loopscope-styles')) return;
  const style = doc.createElement('style');
  style.id = 'loopscope-styles';
  style.textContent = css;
  doc.head.append(style);
}

const h = (tag, attrs = {}, ...children) => {
  const el = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (k === 'class') el.className = v;
    else if (k.startsWith('on')) el.addEventListener(k.slice(2), v);
    else if (v === true) el.setAttribute(k, '');
    else if (v !== false && v != null) el.setAttribute(k, v);
  }
  for (const c of children) if (c != null) el.append(c);  // strings become text nodes, never HTML
  return el;
};

// Messages about a run (as opposed to ready, loaded, error, chrome-trace).
const RUN_MESSAGES = new Set(['state', 'now', 'trace', 'output', 'input-request', 'step-done', 'done']);

const speedFromSlider = (v) => Math.round(10 ** Number(v) * 100) / 100;

export class Playground extends EventTarget {
  /**
   * @param {HTMLElement} root
   * @param {{base?: string|URL, compact?: boolean, example?: string, code?: string, autorun?: boolean,
   *          useHash?: boolean, clock?: 'real'|'virtual', speed?: number}} options
   */
  constructor(root, options = {}) {
    super();
    performance.mark('loopscope:build');  // marks for the benchmark's breakdown (bench/web.mjs)
    injectStyles();
    this.root = root;
    this.opts = { compact: false, autorun: true, useHash: false, ...options };
    this.base = new URL(options.base ?? new URL('../', import.meta.url));
    this.state = 'idle';
    this.clock = options.clock === 'virtual' ? 'virtual' : 'real';
    this.speed = options.speed >= 0.1 && options.speed <= 10 ? options.speed : 1;
    this.current = null;     // {kind: 'py'|'cpp', name, title, file}
    this.model = new TraceModel();
    this.host = new EngineHost(this.base, options.boot);
    this.host.addEventListener('message', (e) => this.#onMessage(e.msg));
    this.firstTrace = new Promise((resolve) => { this.#firstTraceSeen = resolve; });
    this.#build();
    this.#resetRun();
    performance.mark('loopscope:built');
    // index.html may have started the worker, and even the first run, before this bundle arrived:
    // what the worker said meanwhile is replayed now, as if this page had started it.
    this.host.replayBoot();
    // CodeMirror comes in a chunk of its own. When index.html already runs the first program, it
    // waits for the first timeline (its evaluation would hold up that draw); else it loads now.
    if (!options.boot?.run) this.loadEditor();
    this.ready = this.#init();
  }

  // ------------------------------------------------------------------ UI

  #build() {
    const c = this.opts.compact;
    const root = this.root;
    root.classList.add('lsp');
    if (c) root.classList.add('lsp-compact');
    root.dataset.state = 'idle';
    this.theme = matchMedia?.('(prefers-color-scheme: dark)').matches ? 'dark' : 'light';
    root.dataset.theme = this.theme;

    this.gallery = h('select', { class: 'gallery', 'aria-label': 'Example program', onchange: () => this.#pick(this.gallery.value) });
    this.btnRun = h('button', { class: 'primary', title: 'Run (Ctrl+Enter)', 'aria-keyshortcuts': 'Control+Enter', onclick: () => this.run() }, '▶ Run');
    this.btnPause = h('button', { title: 'Pause / resume (F8)', 'aria-keyshortcuts': 'F8', onclick: () => this.togglePause() }, '❚❚ Pause');
    this.btnStep = h('button', { title: 'Run exactly one task step (F10)', 'aria-keyshortcuts': 'F10', onclick: () => this.step() }, '⤼ Step');
    this.btnStop = h('button', { title: 'Stop (Esc)', 'aria-keyshortcuts': 'Escape', onclick: () => this.stop() }, '■ Stop');
    this.speedInput = h('input', { type: 'range', min: '-1', max: '1', step: '0.05', value: String(Math.log10(this.speed)),
      'aria-label': 'Speed of the real clock', oninput: () => this.setSpeed(speedFromSlider(this.speedInput.value)) });
    this.speedOut = h('output', { class: 'speed-out' }, `${this.speed.toFixed(2)}×`);
    this.clockSel = h('select', { 'aria-label': 'Clock', onchange: () => { this.clock = this.clockSel.value; this.#saveHash(); } },
      h('option', { value: 'real' }, 'real clock'), h('option', { value: 'virtual' }, 'virtual clock'));
    this.clockSel.value = this.clock;
    this.axisSel = h('select', { 'aria-label': 'Timeline axis', onchange: () => this.timeline.setAxis(this.axisSel.value) },
      h('option', { value: 'seq' }, 'axis: events'), h('option', { value: 'time' }, 'axis: loop time'));
    this.btnTheme = h('button', { 'aria-label': 'Switch light or dark theme', title: 'Light / dark theme', onclick: () => this.setTheme(this.theme === 'dark' ? 'light' : 'dark') }, '◐');
    this.btnShare = h('button', { title: 'Copy a link with this program and settings', onclick: () => this.share() }, 'Share');
    this.btnTrace = h('button', { title: 'Download the trace (Chrome trace JSON, opens in Perfetto)', onclick: () => this.exportTrace() }, 'Export trace');
    this.btnOut = h('button', { title: 'Download the output as text', onclick: () => this.exportOutput() }, 'Export output');
    this.status = h('span', { class: 'status', role: 'status', 'aria-live': 'polite' }, 'loading the engine…');

    const controls = h('div', { class: 'controls', role: 'toolbar', 'aria-label': 'Program controls' },
      this.gallery, this.btnRun, this.btnPause, this.btnStep, this.btnStop,
      h('label', { class: 'speed' }, 'speed ', this.speedInput, this.speedOut), this.clockSel,
      c ? null : this.axisSel, c ? null : this.btnShare, c ? null : this.btnTrace, c ? null : this.btnOut, this.btnTheme, this.status);

    this.editorHost = h('div', { class: 'editor' });
    this.readonlyNote = h('div', { class: 'readonly-note', hidden: true }, 'C++ example: read-only source; Run executes the compiled example.');
    this.consoleEl = h('div', { class: 'console-out', role: 'log', 'aria-live': 'polite', 'aria-label': 'Program output', tabindex: '0',
      title: 'Click a printed line to see where it was printed on the timeline',
      onclick: (e) => {
        const out = e.target.closest?.('[data-out]');
        if (!out) return;
        const k = Number(out.dataset.out);
        this.timeline.highlightOutput = k;
        this.timeline.setCursor(this.model.outputs[k]);
        this.#highlightConsole(k, false);
      } });
    this.inputText = h('input', { type: 'text', 'aria-label': 'Input for the program', placeholder: 'the program waits for input: type a line, Enter' });
    this.inputForm = h('form', { class: 'input-form', hidden: true, onsubmit: (e) => { e.preventDefault(); this.sendInput(this.inputText.value); } },
      this.inputText, h('button', { type: 'submit' }, 'Send'), h('button', { type: 'button', onclick: () => this.sendInput(null) }, 'EOF'));
    const consolePane = h('section', { class: 'console', 'aria-label': 'Console' }, h('h2', {}, 'Console'), this.consoleEl, this.inputForm);

    this.tlHost = h('div', { class: 'tl-host' });
    this.scrub = h('input', { type: 'range', class: 'scrub', min: '0', max: '0', value: '0', 'aria-label': 'Scrub the timeline cursor (trace record)',
      oninput: () => this.timeline.setCursor(Number(this.scrub.value)) });
    this.internals = h('div', { class: 'internals', 'aria-live': 'off', 'aria-label': 'Event loop internals at the cursor' });
    const legend = h('div', { class: 'legend', 'aria-hidden': 'true' },
      ...[['running', 'st-run'], ['ready, waiting for the loop', 'st-ready'], ['waiting on …', 'st-wait'], ['blocked / stalled', 'st-block'],
        ['executor job', 'st-job'], ['loop iteration', 'st-iter'], ['▼ print', 'st-out'], ['○ timer', 'st-timer'], ['→ wake', 'st-wake']]
        .map(([t, cl]) => h('span', { class: cl }, t)));
    const tlPane = h('section', { class: 'timeline-pane', 'aria-label': 'Timeline' },
      h('h2', {}, 'Timeline ', h('small', {}, 'wheel: zoom · drag: pan · click/arrows: cursor · 0: fit')), legend, this.tlHost, this.scrub,
      c ? null : this.internals);

    root.replaceChildren(
      controls,
      h('div', { class: 'work' }, h('section', { class: 'source', 'aria-label': 'Editor' }, this.readonlyNote, this.editorHost), consolePane),
      tlPane,
    );
    if (c) this.tlHost.after(this.internals), this.internals.hidden = true;

    this.editor = createPlainEditor(this.editorHost);  // CodeMirror replaces it: loadEditor()
    this.editorHost.addEventListener('pointerdown', () => this.loadEditor(), { once: true });
    this.timeline = new Timeline(this.tlHost, {
      onCursor: (i) => this.#showInternals(i),
      onOutputClick: (k) => this.#highlightConsole(k),
    });
    this.timeline.setTheme(this.theme);
    this.timeline.setModel(this.model);

    // Shortcuts: the whole page when the playground is the page, else only inside it.
    (this.opts.useHash ? document : root).addEventListener('keydown', (e) => {
      if ((e.ctrlKey || e.metaKey) && e.key === 'Enter') { e.preventDefault(); this.run(); }
      else if (e.key === 'F10') { e.preventDefault(); this.step(); }
      else if (e.key === 'F8') { e.preventDefault(); this.togglePause(); }
      else if (e.key === 'Escape' && (this.state === 'running' || this.state === 'paused')) { e.preventDefault(); this.stop(); }
    });
    this.#renderButtons();
  }

  async #init() {
    const [list] = await Promise.all([
      (this.opts.boot?.index ?? fetch(new URL('examples/index.json', this.base)).then((r) => r.json())).catch(() => []),
      this.host.ready,
    ]);
    performance.mark('loopscope:engine-ready');
    this.examples = [
      ...list.map((e) => ({ kind: 'py', name: e.name, title: e.title, file: e.file })),
      ...this.host.examples.map((e) => ({ kind: 'cpp', name: e.name, title: e.title, file: e.file })),
    ];
    const gp = h('optgroup', { label: 'Python examples (editable)' }), gc = h('optgroup', { label: 'C++ examples (read-only)' });
    for (const e of this.examples) (e.kind === 'py' ? gp : gc).append(h('option', { value: `${e.kind}:${e.name}` }, `${e.name}${e.kind === 'cpp' ? ' (C++)' : ''}${e.title && e.title !== e.name ? ` — ${e.title}` : ''}`));
    this.customOption = h('option', { value: 'custom', disabled: true }, 'your program (edited or loaded)');
    this.gallery.append(this.customOption, gp, gc);
    this.#setStatus('ready');

    let initial = { example: this.opts.example ?? DEFAULT_EXAMPLE, code: this.opts.code ?? null };
    if (this.opts.useHash && location.hash.length > 1) {
      const s = await decodeShare(location.hash.slice(1)).catch(() => null);
      if (s) {
        initial = { example: s.example ?? initial.example, code: s.code ?? null };
        if (s.clock) { this.clock = s.clock; this.clockSel.value = s.clock; }
        if (s.speed) { this.speed = s.speed; this.speedInput.value = String(Math.log10(s.speed)); this.speedOut.textContent = `${s.speed.toFixed(2)}×`; }
      }
    }
    const ex = this.examples.find((e) => `${e.kind}:${e.name}` === initial.example || e.name === initial.example) ?? this.examples[0];
    await this.#pick(`${ex.kind}:${ex.name}`, { keepHash: true });
    if (initial.code != null) this.setCode(initial.code);
    const adopted = this.#adoptBootRun();
    if (adopted) await Promise.race([this.firstTrace, new Promise((resolve) => setTimeout(resolve, 1000))]);
    await this.loadEditor();
    this.dispatchEvent(new Event('ready'));
    this.root.dataset.ready = 'true';
    if (this.opts.autorun && !adopted) this.run();
  }

  // index.html's inline script may have run the first program already (loopscopeBoot.run): keep
  // that run if it is what this page would run (the example's file, clock, speed), else run()
  // replaces it.
  #adoptBootRun() {
    const run = this.opts.boot?.run;
    if (!run) return false;
    this.opts.boot.run = null;
    const ex = this.current;
    return this.opts.autorun && ex?.kind === 'py' && ex.name !== 'custom' && new URL(`examples/${ex.file}`, this.base).href === run.url
      && run.clock === this.clock && run.speed === this.speed;
  }

  /** Replaces the plain-text stand-in with CodeMirror (loaded once); resolves when it is there. */
  loadEditor() {
    this.editorLoaded ??= import('./editor.js').then(({ createEditor }) => {
      const plain = this.editor;
      const editor = createEditor(this.editorHost, { doc: plain.text, readonly: this.current?.kind === 'cpp', onChange: () => this.#saveHash() });
      plain.remove();
      if (plain.errors?.length) editor.showErrors(plain.errors);
      this.editor = editor;
    }).catch((e) => console.warn(`loopscope: the editor did not load (${e?.message ?? e}); the program stays plain text`));
    return this.editorLoaded;
  }

  async #pick(value, { keepHash = false } = {}) {
    const ex = this.examples.find((e) => `${e.kind}:${e.name}` === value);
    if (!ex) return;
    this.current = ex;
    this.gallery.value = value;
    const url = ex.kind === 'py' ? new URL(`examples/${ex.file}`, this.base) : new URL(`examples/cpp/${ex.file}`, this.base);
    // index.html fetched the first program already (a promise of its text, null if that failed).
    const early = this.opts.boot?.sources?.[url.href];
    if (early) delete this.opts.boot.sources[url.href];
    const text = await (early ?? Promise.resolve(null)).then((t) => t ?? fetch(url).then((r) => (r.ok ? r.text() : `# could not load ${ex.file}`)))
      .catch(() => `# could not load ${ex.file}`);
    this.editor.set(text, { readonly: ex.kind === 'cpp' });
    this.readonlyNote.hidden = ex.kind !== 'cpp';
    this.root.dataset.example = ex.name;
    if (!keepHash) this.#saveHash();
  }

  /** Replaces the program with Python source (switches to the Python editor). */
  setCode(code) {
    this.current = { kind: 'py', name: 'custom', title: 'custom', file: FILENAME };
    if (this.customOption) this.gallery.value = 'custom';
    this.editor.set(code, { readonly: false });
    this.readonlyNote.hidden = true;
    this.#saveHash();
  }

  async loadExample(name) {
    const ex = this.examples?.find((e) => e.name === name || `${e.kind}:${e.name}` === name);
    if (ex) await this.#pick(`${ex.kind}:${ex.name}`);
    return !!ex;
  }

  setTheme(theme) {
    this.theme = theme === 'dark' ? 'dark' : 'light';
    this.root.dataset.theme = this.theme;
    this.timeline.setTheme(this.theme);
    if (this.opts.useHash) {
      document.documentElement.style.colorScheme = this.theme;
      document.body.style.background = this.theme === 'dark' ? '#11141a' : '#fff';
      document.body.style.color = this.theme === 'dark' ? '#e4e7ef' : '#1d2330';
    }
  }

  #setStatus(text) { this.status.textContent = text; }

  #renderButtons() {
    const s = this.state;
    this.btnPause.textContent = s === 'paused' ? '▶ Resume' : '❚❚ Pause';
    this.btnPause.disabled = !(s === 'running' || s === 'paused');
    this.btnStop.disabled = !(s === 'running' || s === 'paused');
    this.root.dataset.state = s;
  }

  // ------------------------------------------------------------------ running

  #program() {
    if (this.current?.kind === 'cpp') return { example: this.current.name };
    return { python: this.editor.text, filename: FILENAME };
  }

  async #fresh() {
    if (this.state === 'running' || this.state === 'paused') await this.host.stop();
    await this.host.ready;
    this.#resetRun();
    this.loadPending = true;  // until the worker's 'loaded'
    this.host.post({ type: 'load', program: this.#program(), clock: this.clock, speed: this.speed });
    if (!this.loadPosted) { this.loadPosted = true; performance.mark('loopscope:first-load'); }
    this.#setState('loaded');
  }

  // What a run shows: timeline, console, output, exit code, error marks.
  #resetRun() {
    this.model.reset();
    this.timeline.setModel(this.model);
    this.stepCount = 0;
    this.stdout = ''; this.stderr = '';
    this.outputConsumed = 0;
    this.stallsShown = 0;
    this.trimmedNote = false;
    this.droppedNote = false;
    this.consoleSpans = 0;
    this.consoleEl.replaceChildren();
    this.inputForm.hidden = true;
    this.editor.showErrors([]);
    this.exitCode = null;
    delete this.root.dataset.exitCode;
  }

  async run() {
    if (this.state === 'paused') { this.host.post({ type: 'run' }); return; }
    await this.#fresh();
    this.host.post({ type: 'run' });
    this.#setState('running');
    this.dispatchEvent(new Event('run'));
  }

  togglePause() {
    if (this.state === 'running') this.host.post({ type: 'pause' });
    else if (this.state === 'paused') this.host.post({ type: 'run' });
  }
  pause() { if (this.state === 'running') this.host.post({ type: 'pause' }); }

  /** One task step; resolves when the worker reports it done. */
  async step() {
    if (this.state !== 'paused' && this.state !== 'running') await this.#fresh();
    this.stepping = true;
    const done = new Promise((resolve) => { this.#stepResolve = resolve; });
    this.host.post({ type: 'step' });
    await done;
  }
  #stepResolve = null;
  #firstTraceSeen = null;

  async stop() {
    if (this.state !== 'running' && this.state !== 'paused' && this.state !== 'loaded') return;
    const t0 = performance.now();
    const killed = await this.host.stop();
    this.lastStopMs = performance.now() - t0;
    this.timeline.setNow(null);
    this.#setState('stopped');
    this.#line('stderr', killed ? '\n[stopped: the program did not yield; its worker was replaced]\n' : '\n[stopped]\n', 'note');
  }

  setSpeed(speed) {
    if (!(speed >= 0.1 && speed <= 10)) return;
    this.speed = speed;
    this.speedOut.textContent = `${speed.toFixed(2)}×`;
    this.host.post({ type: 'speed', speed });
    this.#saveHash();
  }

  sendInput(line) {
    this.host.post({ type: 'input', line });
    this.#line('stdin', line === null ? '[EOF]\n' : `${line}\n`, 'stdin');
    this.inputText.value = '';
    this.inputForm.hidden = true;
  }

  seek(ms) {
    const i = this.model.indexAt(ms, 'time');
    this.timeline.setCursor(Math.max(0, i));
  }

  #setState(state) {
    this.state = state;
    this.#renderButtons();
    this.#setStatus(state === 'done' ? `done (exit code ${this.exitCode})` : state);
    this.dispatchEvent(Object.assign(new Event('state'), { state }));
  }

  #onMessage(msg) {
    // After a load, what the worker still says about the previous run (a stopped run's last
    // 'stopped' and 'done') comes before its 'loaded': none of it concerns the new run.
    if (msg.type === 'loaded' || msg.type === 'error') this.loadPending = false;
    else if (this.loadPending && RUN_MESSAGES.has(msg.type)) return;
    switch (msg.type) {
      case 'state':
        if (msg.state === 'done') return;  // 'done' follows with the exit code
        if (msg.state === 'stopped' || this.state !== 'stopped') this.#setState(msg.state);
        break;
      case 'trace':
        if (!this.traceSeen) { this.traceSeen = true; performance.mark('loopscope:first-trace'); }
        this.model.ingest(new Uint8Array(msg.buffer), msg.count, msg.strings, msg.dropped);
        this.timeline.update();
        this.scrub.max = String(Math.max(0, this.model.n - 1));
        if (this.timeline.cursor < 0 || this.state === 'paused') this.#showInternals(this.model.n - 1, true);
        this.root.dataset.records = String(this.model.n);
        if (msg.dropped > 0 && !this.droppedNote) {
          this.droppedNote = true;
          this.#line('stderr', `⚠ the trace is full (${this.model.n.toLocaleString('en')} records): later events are not drawn\n`, 'note warn');
        }
        // Blocking made visible: each stall of the loop also gets a warning in the console.
        for (; this.stallsShown < this.model.stalls.length; this.stallsShown++) {
          this.#line('stderr', `⚠ ${this.model.stalls[this.stallsShown].text}\n`, 'note warn');
        }
        this.root.dataset.lanes = JSON.stringify(this.model.lanes.map((l) => l.name));
        this.#firstTraceSeen();
        break;
      case 'output': this.#output(msg.stream, msg.text); break;
      case 'now': if (this.state === 'running') this.timeline.setNow(msg.now); break;
      case 'input-request':
        this.inputForm.hidden = false;
        this.root.dataset.waitingInput = 'true';
        this.inputText.focus();
        break;
      case 'step-done': {
        this.stepCount++;
        this.root.dataset.steps = String(this.stepCount);
        const r = this.#stepResolve; this.#stepResolve = null; r?.();
        break;
      }
      case 'done': {
        this.exitCode = msg.result.exitCode;
        this.root.dataset.exitCode = String(msg.result.exitCode);
        delete this.root.dataset.waitingInput;
        this.inputForm.hidden = true;
        this.timeline.setNow(null);
        this.timeline.draw();
        this.#setState(msg.result.stopped ? 'stopped' : 'done');
        if (this.stderr && this.current?.kind !== 'cpp') this.editor.showErrors(parseErrors(this.stderr, FILENAME));
        const r = this.#stepResolve; this.#stepResolve = null; r?.();
        this.#firstTraceSeen();
        this.dispatchEvent(Object.assign(new Event('done'), { exitCode: this.exitCode, stdout: this.stdout, stderr: this.stderr }));
        break;
      }
      case 'error':
        this.#firstTraceSeen();
        this.#line('stderr', `${msg.message}\n`, 'note');
        if (this.state === 'loaded') this.#setState('done');
        break;
      default: break;
    }
    if (msg.type !== 'trace') this.dispatchEvent(Object.assign(new Event('worker'), { msg }));
  }

  // ------------------------------------------------------------------ console

  // Output chunks become spans; spans that match Output records link to the timeline. Each
  // message's spans go into one block (display: contents) so old output leaves a block at a time.
  #output(stream, text) {
    if (stream === 'stdout') this.stdout += text; else this.stderr += text;
    this.dispatchEvent(Object.assign(new Event('output'), { stream, text }));
    const m = this.model;
    const spans = [];
    let at = 0;
    while (at < text.length) {
      const k = this.outputConsumed;
      if (k < m.outputs.length) {
        const i = m.outputs[k];
        const recText = m.str(m.arg.a[i]);
        const recStream = m.detail.a[i] === 1 ? 'stderr' : 'stdout';
        if (recText && recStream === stream && text.startsWith(recText, at)) {
          spans.push([recText, k]);
          this.outputConsumed++;
          at += recText.length;
          continue;
        }
      }
      spans.push([text.slice(at), -1]);
      break;
    }
    // A flood: only the newest lines stay on screen (Export output has all of them).
    const keep = spans.length > MAX_SPANS ? spans.slice(-MAX_SPANS) : spans;
    if (keep !== spans) this.#trimmed();
    const block = document.createElement('div');
    block.className = 'blk';
    for (const [t, k] of keep) block.append(this.#span(stream, t, null, k));
    this.#append(block, keep.length);
  }

  #line(stream, text, extra = null) { this.#append(this.#span(stream, text, extra), 1); }

  #span(stream, text, extra = null, outIndex = -1) {
    const span = document.createElement('span');
    span.className = `out ${stream}${extra ? ` ${extra}` : ''}`;
    span.textContent = text;  // always text, never HTML
    if (outIndex >= 0) span.dataset.out = String(outIndex);
    return span;
  }

  #append(node, count) {
    const el = this.consoleEl;
    node.spanCount = count;
    el.append(node);
    this.consoleSpans = (this.consoleSpans ?? 0) + count;
    while (this.consoleSpans > MAX_SPANS && el.firstChild !== node) {
      this.consoleSpans -= el.firstChild.spanCount ?? 1;
      el.firstChild.remove();
      this.#trimmed();
    }
    // Scroll once a frame at most (reading scrollHeight forces a layout of the whole console).
    if (!this.scrollPending) {
      this.scrollPending = requestAnimationFrame(() => { this.scrollPending = 0; el.scrollTop = el.scrollHeight; });
    }
  }

  #trimmed() {
    if (this.trimmedNote) return;
    this.trimmedNote = true;
    this.#setStatus('console trimmed: Export output has everything');
  }

  #highlightConsole(k, scroll = true) {
    for (const el of this.consoleEl.querySelectorAll('.hl')) el.classList.remove('hl');
    const el = this.consoleEl.querySelector(`[data-out="${k}"]`);
    if (el) { el.classList.add('hl'); if (scroll) el.scrollIntoView({ block: 'nearest' }); }
    this.root.dataset.highlightOutput = String(k);
  }

  // ------------------------------------------------------------------ internals panel

  #showInternals(i, live = false) {
    if (!live) this.scrub.value = String(Math.max(0, i));
    const m = this.model;
    if (i < 0 || !m.n) { this.internals.replaceChildren(); return; }
    const st = m.stateAt(i);
    const name = (task) => m.lanes[m.laneByKey.get(task)]?.name ?? `task ${task}`;
    const t = m.time.a[i];
    const list = (title, items) => h('div', { class: 'box' }, h('h3', {}, title),
      items.length ? h('ul', {}, ...items.map((x) => h('li', {}, x))) : h('p', { class: 'dim' }, 'none'));
    const tasks = [...st.tasks.entries()].map(([id, v]) => h('li', { class: `ts ts-${v.state}` },
      h('b', {}, name(id)), ` ${v.state}${v.state === 'waiting' && v.label ? ` on ${v.label}` : ''}`));
    this.internals.replaceChildren(
      h('div', { class: 'box now' }, h('h3', {}, live ? 'Now' : 'At the cursor'),
        h('p', {}, `loop time ${fmtDuration(t) || '0'} · record ${i + 1} of ${m.n} · iteration ${st.iteration}`),
        h('p', {}, st.stalled ? `⚠ the loop is stalled: ${name(st.stalled)} is in a blocking call` : st.running ? `running: ${name(st.running)}` : 'running: the loop itself'),
        h('p', { class: 'dim' }, `${m.kind.a[i] ? '' : ''}event: ${describeRecord(m, i)}`)),
      list('Ready queue', st.ready.map(name)),
      list('Timers', [...st.timers.values()].sort((a, b) => a.deadline - b.deadline).map((x) => `at ${fmtDuration(x.deadline) || '0'} (in ${fmtDuration(Math.max(0, x.deadline - t)) || '0'}) for ${name(x.task)}`)),
      list('Pending I/O', [...st.io.values()].map((x) => `${x.label} (${name(x.task)})`).concat([...st.jobs.entries()].map(([w, l]) => `executor job: ${l} (worker ${w})`))),
      h('div', { class: 'box tasks' }, h('h3', {}, 'Tasks'), tasks.length ? h('ul', {}, ...tasks) : h('p', { class: 'dim' }, 'none')),
    );
    this.root.dataset.cursor = String(i);
  }

  /** Shows a synthetic trace of n records (benchmarks, and a feel for a big trace). */
  loadSynthetic(n = 1_000_000) {
    const t = syntheticTrace(n);
    this.model.reset();
    this.model.ingest(t.bytes, t.count, t.strings);
    this.timeline.setModel(this.model);
    this.scrub.max = String(this.model.n - 1);
    return this.model.n;
  }

  // ------------------------------------------------------------------ sharing and exports

  async shareUrl() {
    const hash = await encodeShare({ code: this.current?.kind === 'py' ? this.editor.text : null,
      example: this.current ? `${this.current.kind}:${this.current.name}` : null, clock: this.clock, speed: this.speed });
    const u = new URL(location.href);
    u.hash = hash;
    return u.href;
  }
  async share() {
    const url = await this.shareUrl();
    history.replaceState(null, '', url);
    try { await navigator.clipboard.writeText(url); this.#setStatus('link copied'); } catch { this.#setStatus('link in the address bar'); }
    return url;
  }
  #saveHash() {
    if (!this.opts.useHash || !this.examples) return;
    clearTimeout(this.hashTimer);
    this.hashTimer = setTimeout(async () => history.replaceState(null, '', await this.shareUrl()), 300);
  }

  exportTrace() {
    const onMsg = (e) => {
      if (e.msg.type !== 'chrome-trace') return;
      this.host.removeEventListener('message', onMsg);
      download(`${this.current?.name ?? 'program'}-trace.json`, e.msg.json, 'application/json');
    };
    this.host.addEventListener('message', onMsg);
    this.host.post({ type: 'chrome-trace' });
  }
  exportOutput() {
    const text = this.trimmedNote ? this.stdout + this.stderr : this.consoleEl.textContent;
    download(`${this.current?.name ?? 'program'}-output.txt`, text, 'text/plain');
  }
}

function download(name, text, type) {
  const a = document.createElement('a');
  a.href = URL.createObjectURL(new Blob([text], { type }));
  a.download = name;
  document.body.append(a);
  a.click();
  setTimeout(() => { URL.revokeObjectURL(a.href); a.remove(); }, 1000);
}

function describeRecord(m, i) {
  const k = m.kind.a[i];
  const lane = m.lanes[m.laneByKey.get(m.task.a[i])]?.name ?? '';
  const names = ['?', 'loop starts', 'loop stops', 'iteration begins', 'poll (waits for timers/I/O)', 'task created', 'step starts',
    'step ends', 'waits', 'woken', 'cancel requested', 'CancelledError raised', 'exception', 'timer scheduled', 'timer fired',
    'timer cancelled', 'callback runs', 'I/O starts', 'I/O ends', 'prints', 'warning', 'blocking call', 'blocking call returns',
    'executor worker created', 'job starts', 'job ends'];
  let s = `${lane ? `${lane} ` : ''}${names[k] ?? k}`;
  if (k === 7) s += ` (${['waiting', 'ready', 'done', 'cancelled', 'failed', 'blocked'][m.detail.a[i]]})`;
  if (k === 8 || k === 19 || k === 5) s += `: ${m.str(m.arg.a[i])}`.trimEnd();
  return s;
}

export { STATE_NAMES, S };
