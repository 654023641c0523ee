// The code editor: CodeMirror 6 with Python highlighting and underlined errors. The playground
// loads it on demand (a chunk of its own): until then the program shows as plain text (plain.js).
import { EditorState, StateField, StateEffect, Compartment } from '@codemirror/state';
import { EditorView, keymap, lineNumbers, highlightActiveLine, highlightActiveLineGutter, drawSelection, Decoration } from '@codemirror/view';
import { defaultKeymap, history, historyKeymap, indentWithTab } from '@codemirror/commands';
import { syntaxHighlighting, HighlightStyle, indentOnInput, bracketMatching } from '@codemirror/language';
import { python } from '@codemirror/lang-python';
import { tags as t } from '@lezer/highlight';

const setErrors = StateEffect.define();
const errorField = StateField.define({
  create: () => Decoration.none,
  update(deco, tr) {
    deco = deco.map(tr.changes);
    for (const e of tr.effects) if (e.is(setErrors)) deco = e.value;
    if (tr.docChanged) deco = Decoration.none;
    return deco;
  },
  provide: (f) => EditorView.decorations.from(f),
});

const highlight = HighlightStyle.define([
  { tag: t.keyword, color: 'var(--cm-keyword)', fontWeight: '600' },
  { tag: [t.string, t.special(t.string)], color: 'var(--cm-string)' },
  { tag: t.comment, color: 'var(--cm-comment)', fontStyle: 'italic' },
  { tag: [t.number, t.bool, t.null], color: 'var(--cm-number)' },
  { tag: [t.function(t.variableName), t.function(t.propertyName)], color: 'var(--cm-function)' },
  { tag: [t.definition(t.variableName), t.className], color: 'var(--cm-def)' },
  { tag: t.operator, color: 'var(--cm-op)' },
]);

export function createEditor(parent, { doc = '', readonly = false, onChange, label = 'Program source (Python)' } = {}) {
  const readOnly = new Compartment();
  const view = new EditorView({
    parent,
    state: EditorState.create({
      doc,
      extensions: [
        lineNumbers(), highlightActiveLineGutter(), history(), drawSelection(), indentOnInput(), bracketMatching(),
        highlightActiveLine(), python(), syntaxHighlighting(highlight), errorField,
        keymap.of([indentWithTab, ...defaultKeymap, ...historyKeymap]),
        readOnly.of(EditorState.readOnly.of(readonly)),
        EditorView.contentAttributes.of({ 'aria-label': label }),
        EditorView.updateListener.of((u) => { if (u.docChanged) onChange?.(u.state.doc.toString()); }),
      ],
    }),
  });
  view.contentDOM.setAttribute('aria-readonly', String(readonly));
  return {
    view,
    get text() { return view.state.doc.toString(); },
    set(text, { readonly = false } = {}) {
      view.dispatch({ changes: { from: 0, to: view.state.doc.length, insert: text },
        effects: readOnly.reconfigure(EditorState.readOnly.of(readonly)) });
      view.contentDOM.setAttribute('aria-readonly', String(readonly));
    },
    /** Underlines errors: [{line (1-based), col (0-based, optional), message}]. */
    showErrors(errors) {
      const doc = view.state.doc;
      const ranges = [];
      for (let e of errors) {
        if (!(e.line >= 1 && e.line <= doc.lines)) continue;
        const line = doc.line(e.line);
        const indent = line.text.length - line.text.trimStart().length;
        if (e.caret) e = { ...e, col: indent + e.caret[0], endCol: indent + e.caret[1] };
        let from = line.from + (e.col >= 0 ? Math.min(e.col, line.length) : indent);
        let to = e.endCol > e.col ? line.from + Math.min(e.endCol, line.length) : line.to;
        if (to <= from) { from = line.from + indent; to = line.to; }
        if (to <= from) to = Math.min(from + 1, doc.length);
        ranges.push(Decoration.line({ class: 'cm-error-line' }).range(line.from));
        if (to > from) ranges.push(Decoration.mark({ class: 'cm-error', attributes: { title: e.message } }).range(from, to));
      }
      ranges.sort((a, b) => a.from - b.from || a.value.startSide - b.value.startSide);
      view.dispatch({ effects: setErrors.of(Decoration.set(ranges, true)) });
      return ranges.length > 0;
    },
    focus() { view.focus(); },
  };
}
