// Taking over a card the page's HTML showed before the script ran (mount.ts hydrates practice
// pages): the static card stays, and its answer controls are replaced by live ones of the same
// markup (card.ts `adopt`; the bar above the cards the same way), which get what the learner
// already did in the static ones (typed text, ticks, choices, open sections, the focus and the
// caret) before the swap, so it changes nothing the learner sees or has done.

type Control = HTMLInputElement | HTMLSelectElement | HTMLTextAreaElement;

const CONTROLS = 'input, select, textarea';
const FOCUSABLE = 'input, select, textarea, button, summary, a[href], [tabindex]';

function isToggle(el: Control): el is HTMLInputElement {
  return el instanceof HTMLInputElement && (el.type === 'checkbox' || el.type === 'radio');
}

function hasCaret(el: Element | null): el is HTMLInputElement | HTMLTextAreaElement {
  return el instanceof HTMLTextAreaElement || (el instanceof HTMLInputElement && !['checkbox', 'radio', 'button', 'submit'].includes(el.type));
}

/**
 * Copies the learner's state from `from` (the static element) to `to` (its live twin, not yet
 * in the page), control by control in document order, firing input/change on the controls
 * that changed so the live card updates itself (line numbers, rows, "not met" marks). `focused`
 * is what had the focus: when it was in `from`, the focus goes to the same control of `to` once
 * the caller has swapped them (in the same task, before the next paint).
 */
export function adoptState(from: Element, to: Element, focused: Element | null): void {
  const old = [...from.querySelectorAll<Control>(CONTROLS)];
  const live = [...to.querySelectorAll<Control>(CONTROLS)];
  if (old.length === live.length) {
    old.forEach((was, i) => {
      const now = live[i]!;
      if (was.tagName !== now.tagName || was.type !== now.type) return;
      if (isToggle(was)) {
        if (was.checked === (now as HTMLInputElement).checked) return;
        (now as HTMLInputElement).checked = was.checked;
        now.dispatchEvent(new Event('change', { bubbles: true }));
        return;
      }
      if (was.value === now.value) return;
      now.value = was.value;
      now.dispatchEvent(new Event('input', { bubbles: true }));
      now.dispatchEvent(new Event('change', { bubbles: true }));
    });
  }
  // The answer's own sections ("Or type the lines...").
  const oldDetails = [...from.querySelectorAll<HTMLDetailsElement>('.quiz-answer details')];
  const liveDetails = [...to.querySelectorAll<HTMLDetailsElement>('.quiz-answer details')];
  if (oldDetails.length === liveDetails.length) oldDetails.forEach((d, i) => (liveDetails[i]!.open = d.open));

  if (!focused || focused === from.ownerDocument.body) return;
  if (!from.contains(focused)) return;
  // The same control by its place among the controls and buttons on both sides.
  const target = [...to.querySelectorAll<HTMLElement>(FOCUSABLE)][[...from.querySelectorAll(FOCUSABLE)].indexOf(focused)];
  if (!target) return;
  const caret = hasCaret(focused) ? [focused.selectionStart, focused.selectionEnd] : undefined;
  const goal = target;
  queueMicrotask(() => {
    if (!goal.isConnected) return;
    goal.focus({ preventScroll: true });
    if (caret && hasCaret(goal)) {
      try {
        goal.setSelectionRange(caret[0] ?? null, caret[1] ?? null);
      } catch {
        /* an input type without a caret */
      }
    }
  });
}
