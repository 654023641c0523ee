// <loopscope-playground example="countdowns" clock="virtual" compact autorun="false">…code…</loopscope-playground>
// The compact playground inline in any page (its text content, if any, is the program).
import { Playground } from './playground.js';

class LoopscopePlayground extends HTMLElement {
  connectedCallback() {
    if (this.playground) return;
    const code = this.textContent.trim() ? this.textContent.replace(/^\n/, '') : this.getAttribute('code') ?? undefined;
    this.textContent = '';
    const base = this.getAttribute('base') ?? new URL('../', import.meta.url);
    this.playground = new Playground(this, {
      base, compact: !this.hasAttribute('full'), example: this.getAttribute('example') ?? undefined, code,
      clock: this.getAttribute('clock') ?? 'real', autorun: this.getAttribute('autorun') !== 'false',
    });
    for (const type of ['ready', 'output', 'state', 'done']) {
      this.playground.addEventListener(type, (e) => this.dispatchEvent(new CustomEvent(`loopscope-${type}`,
        { detail: { state: e.state, stream: e.stream, text: e.text, exitCode: e.exitCode, stdout: e.stdout } })));
    }
  }
  disconnectedCallback() { this.playground?.host.destroy(); this.playground = null; }
  run() { return this.playground?.run(); }
  pause() { this.playground?.pause(); }
  step() { return this.playground?.step(); }
  stop() { return this.playground?.stop(); }
  seek(ms) { this.playground?.seek(ms); }
  load(code) { this.playground?.setCode(code); }
}

if (!customElements.get('loopscope-playground')) customElements.define('loopscope-playground', LoopscopePlayground);
export { LoopscopePlayground };
