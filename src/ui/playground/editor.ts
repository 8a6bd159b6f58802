// The playground's script editor: prism-code-editor with line numbers, the scenario grammar,
// completion, undo/redo history and the usual editing commands. The textarea gets a label and
// a description; errors mark their line (markLine).

import { createEditor, type PrismEditor } from 'prism-code-editor';
import { autoComplete, fuzzyFilter } from 'prism-code-editor/autocomplete';
import { cursorPosition } from 'prism-code-editor/cursor';
import { defaultCommands, editHistory, setIgnoreTab } from 'prism-code-editor/commands';
import 'prism-code-editor/layout.css';
import 'prism-code-editor/autocomplete.css';
import { LANGUAGE } from './language.ts';

interface ScriptEditor {
  readonly editor: PrismEditor;
  get value(): string;
  /** Replace the whole text (undoable). */
  setValue(text: string): void;
  /** Mark a line (1-based) as the one an error is about; 0 or undefined clears the mark. */
  markLine(line: number | undefined, kind?: 'error' | 'stopped'): void;
  /** Move the caret to the start of a line and focus the editor. */
  goToLine(line: number): void;
}

export function mountEditor(container: HTMLElement, options: { value: string; label: string; describedBy: string; onChange(value: string): void; onRun(): void }): ScriptEditor {
  const editor = createEditor(
    container,
    { language: LANGUAGE, value: options.value, lineNumbers: true, tabSize: 2, insertSpaces: true, wordWrap: true },
    defaultCommands(),
    editHistory(),
    cursorPosition(),
    autoComplete({ filter: fuzzyFilter, closeOnBlur: true }),
  );
  const { textarea } = editor;
  textarea.setAttribute('aria-label', options.label);
  textarea.setAttribute('aria-describedby', options.describedBy);
  textarea.setAttribute('aria-multiline', 'true');
  textarea.spellcheck = false;
  textarea.setAttribute('autocapitalize', 'off');
  textarea.setAttribute('autocorrect', 'off');
  textarea.name = 'script';

  let marked: number | undefined;
  let markKind: 'error' | 'stopped' = 'error';
  const paintMark = (): void => {
    for (const el of container.querySelectorAll('.pce-line.is-error-line, .pce-line.is-stopped-line')) el.classList.remove('is-error-line', 'is-stopped-line');
    if (!marked) return;
    // editor.lines[0] is the overlay; line N is lines[N].
    editor.lines[marked]?.classList.add(markKind === 'error' ? 'is-error-line' : 'is-stopped-line');
  };
  editor.on('update', (value) => {
    // The mark belongs to the text that was run; any edit clears it.
    marked = undefined;
    paintMark();
    options.onChange(value);
  });
  // Ctrl/Cmd+Enter runs (before the commands extension inserts a blank line).
  textarea.addEventListener(
    'keydown',
    (event) => {
      if (event.key === 'Enter' && (event.ctrlKey || event.metaKey) && !event.altKey && !event.shiftKey) {
        event.preventDefault();
        event.stopImmediatePropagation();
        options.onRun();
        return;
      }
      // Tab indents; Escape, then Tab, leaves the editor (no keyboard trap). Any other key
      // gives Tab back to the editor.
      if (event.key === 'Escape') setIgnoreTab(true);
      else if (event.key !== 'Tab' && event.key !== 'Shift') setIgnoreTab(false);
    },
    { capture: true },
  );
  textarea.addEventListener('focus', () => setIgnoreTab(false));

  return {
    editor,
    get value() {
      return editor.value;
    },
    setValue(text: string) {
      // Through the textarea, so undo keeps working; insertText is the editor's own path.
      textarea.focus({ preventScroll: true });
      textarea.select();
      if (!document.execCommand('insertText', false, text)) editor.setOptions({ value: text });
      if (editor.value !== text) editor.setOptions({ value: text });
      textarea.setSelectionRange(0, 0);
    },
    markLine(line, kind = 'error') {
      marked = line && line > 0 ? line : undefined;
      markKind = kind;
      paintMark();
    },
    goToLine(line) {
      const lines = editor.value.split('\n');
      const offset = lines.slice(0, Math.max(0, line - 1)).reduce((n, l) => n + l.length + 1, 0);
      textarea.focus();
      textarea.setSelectionRange(offset, offset);
      editor.lines[line]?.scrollIntoView({ block: 'nearest' });
    },
  };
}
