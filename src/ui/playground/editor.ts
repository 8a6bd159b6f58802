// The playground's script editor: prism-code-editor with line numbers, the scenario grammar,
// completion, undo/redo history and the usual editing commands. The textarea gets a label and
// a description; errors mark their line (markLine). A paste or drop that would take the script
// over the playground's size limits (src/playground/limits.ts, the same check Run makes) is
// refused before the textarea takes it: a 100,000-line paste would otherwise freeze the page
// for minutes while Chromium inserts it and the editor draws it.

import { createEditor, type PrismEditor } from 'prism-code-editor';
import { autoComplete, fuzzyFilter } from 'prism-code-editor/autocomplete';
import { cursorPosition } from 'prism-code-editor/cursor';
import { defaultCommands, editHistory, setIgnoreTab } from 'prism-code-editor/commands';
import { insertText } from 'prism-code-editor/utils';
import 'prism-code-editor/layout.css';
import './editor.css';
import { refusedInsertion } from '../../playground/limits.ts';
import { LANGUAGE } from './language.ts';

/** Insertions the editor makes itself when they hold a line break or this many characters. */
const BULK_INSERT_CHARS = 200;
// Not a drop: where it lands is not the selection yet when beforeinput comes.
const BULK_INPUT_TYPES = new Set(['insertText', 'insertFromPaste', 'insertReplacementText']);

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

export function mountEditor(
  container: HTMLElement,
  options: { value: string; label: string; describedBy: string; onChange(value: string): void; onRun(): void; onRefused(message: string): void },
): ScriptEditor {
  // The page's HTML holds the editor as it first shows (src/pages/playground.astro): the live one
  // takes its place in the same task, so nothing is painted in between.
  container.replaceChildren();
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
  let markedLine: Element | undefined;
  const paintMark = (): void => {
    // The line element itself is kept: no query over thousands of lines on every keystroke.
    markedLine?.classList.remove('is-error-line', 'is-stopped-line');
    // editor.lines[0] is the overlay; line N is lines[N].
    markedLine = marked ? editor.lines[marked] : undefined;
    markedLine?.classList.add(markKind === 'error' ? 'is-error-line' : 'is-stopped-line');
  };
  editor.on('update', (value) => {
    // The mark belongs to the text that was run; any edit clears it.
    if (marked !== undefined) {
      marked = undefined;
      paintMark();
    }
    options.onChange(value);
  });

  // Oversized pastes and drops: refused before the textarea inserts anything (capture phase, so
  // before the editor's own paste handling), with the Run-time limit's words.
  const refuse = (event: Event, text: string | undefined, start: number, end: number): void => {
    if (!text) return;
    const message = refusedInsertion(editor.value, start, end, text);
    if (!message) return;
    event.preventDefault();
    event.stopImmediatePropagation();
    options.onRefused(message);
  };
  textarea.addEventListener('paste', (event) => refuse(event, event.clipboardData?.getData('text/plain'), textarea.selectionStart, textarea.selectionEnd), { capture: true });
  // A drop lands where the pointer is, not yet known: counted as added to the whole text. A drag
  // from inside the editor moves text that is already counted: let it through.
  let draggingFromEditor = false;
  textarea.addEventListener('dragstart', () => (draggingFromEditor = true));
  textarea.addEventListener('dragend', () => (draggingFromEditor = false));
  textarea.addEventListener('drop', (event) => draggingFromEditor || refuse(event, event.dataTransfer?.getData('text/plain'), editor.value.length, editor.value.length), { capture: true });
  // Any other way in (a paste that skipped the paste event): the input's own data, before insertion.
  textarea.addEventListener(
    'beforeinput',
    (event) => {
      if (event.inputType === 'insertFromPaste' || (event.inputType === 'insertFromDrop' && !draggingFromEditor)) {
        refuse(event, event.data ?? event.dataTransfer?.getData('text/plain'), textarea.selectionStart, textarea.selectionEnd);
      }
    },
    { capture: true },
  );
  // A paste, a dictation or a tool's insertText of more than a line: put in by the editor
  // itself. Chromium's editing command lays the textarea out around the deletion and again around
  // the insertion: 30-45 ms of the main thread at 4x CPU to replace the 13-line starter, where
  // setRangeText takes 2 ms. The editor's history has seen the beforeinput (its listener comes
  // first) and records the input event below like any other, so undo works as before.
  textarea.addEventListener('beforeinput', (event) => {
    if (!event.isTrusted || event.defaultPrevented || !BULK_INPUT_TYPES.has(event.inputType)) return;
    const text = (event.data ?? event.dataTransfer?.getData('text/plain') ?? '').replace(/\r\n?/g, '\n');
    if (!text.includes('\n') && text.length < BULK_INSERT_CHARS) return;
    event.preventDefault();
    textarea.setRangeText(text, textarea.selectionStart, textarea.selectionEnd, 'end');
    textarea.dispatchEvent(new InputEvent('input', { bubbles: true, inputType: event.inputType, data: text }));
    editor.extensions.cursor?.scrollIntoView();
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
      // Through the editor's own insertText, so undo keeps working. (It inserts in one input
      // event; execCommand('insertText') would fire one per line, each re-drawing the editor.)
      textarea.focus({ preventScroll: true });
      insertText(editor, text, 0, editor.value.length);
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
