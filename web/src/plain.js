// What the playground needs before CodeMirror (editor.js, a chunk of its own) arrives: the program
// as plain read-only text with the editor's interface, and traceback parsing (no CodeMirror).

/** A stand-in for createEditor() (editor.js): text in a <pre>, nothing editable. */
export function createPlainEditor(parent, { label = 'Program source (Python)' } = {}) {
  const pre = document.createElement('pre');
  pre.className = 'plain-editor';
  pre.setAttribute('aria-label', label);
  pre.setAttribute('aria-busy', 'true');  // the editor is on its way
  parent.append(pre);
  return {
    plain: true,
    get text() { return pre.textContent; },
    set(text) { pre.textContent = text; },
    errors: null,
    showErrors(errors) { this.errors = errors; return errors.length > 0; },  // shown once CodeMirror is there
    focus() {},
    remove() { pre.remove(); },
  };
}

/** Error locations from a Python traceback or SyntaxError on stderr, for `filename`. */
export function parseErrors(stderr, filename = 'main.py') {
  const lines = stderr.split('\n');
  let found = null;
  for (let i = 0; i < lines.length; i++) {
    const m = /^\s*File "([^"]*)", line (\d+)/.exec(lines[i]);
    if (!m || m[1] !== filename) continue;
    found = { line: Number(m[2]), col: -1, endCol: -1, at: i };
    const code = lines[i + 1], caret = lines[i + 2];
    if (code !== undefined && caret !== undefined && /^\s*[~^]+\s*$/.test(caret)) {
      const codeIndent = code.length - code.trimStart().length;
      const start = caret.search(/[~^]/), end = caret.trimEnd().length;
      found.caret = [start - codeIndent, end - codeIndent];
    }
  }
  if (!found) return [];
  const message = lines.slice(found.at).reverse().find((l) => /^\w[\w.]*(Error|Exception|Exit|Interrupt|Warning)?\b.*/.test(l) && !/^\s/.test(l)) ?? '';
  return [{ line: found.line, col: -1, endCol: -1, caret: found.caret, message }];
}
