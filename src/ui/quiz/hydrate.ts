// Taking over a card the page's HTML showed before the script ran (mount.ts hydrates practice
// pages): the live card, built with the same markup, gets what the learner already did in the
// static one (typed text, ticks, choices, open sections, the focus and the caret) before it
// replaces it, so the swap changes nothing the learner sees or has done.

type Control = HTMLInputElement | HTMLSelectElement | HTMLTextAreaElement;

const CONTROLS = 'input, select, textarea';
const FOCUSABLE = 'input, select, textarea, button, summary, a[href], [tabindex]';

function isToggle(el: Control): el is HTMLInputElement {
  return el instanceof HTMLInputElement && (el.type === 'checkbox' || el.type === 'radio');
}

/**
 * Copies the learner's state from `from` (the static element) to `to` (its live twin, not yet
 * in the page), control by control in document order, firing input/change on the controls
 * that changed so the live card updates itself (line numbers, rows, "not met" marks). When
 * the focus is inside `from`, it moves to the same control of `to` once the caller has swapped
 * them (in the same task: the focus moves before the next paint).
 */
export function adoptState(from: Element, to: Element): void {
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
  const oldDetails = [...from.querySelectorAll('details')];
  const liveDetails = [...to.querySelectorAll('details')];
  if (oldDetails.length === liveDetails.length) oldDetails.forEach((d, i) => (liveDetails[i]!.open = d.open));

  const active = from.ownerDocument.activeElement;
  if (active && from.contains(active)) {
    const at = [...from.querySelectorAll(FOCUSABLE)].indexOf(active);
    const target = at >= 0 ? to.querySelectorAll<HTMLElement>(FOCUSABLE)[at] : undefined;
    if (target) {
      // After the swap (the caller replaces `from` with `to` right after this returns).
      queueMicrotask(() => {
        if (!target.isConnected) return;
        target.focus({ preventScroll: true });
        if ((target instanceof HTMLInputElement || target instanceof HTMLTextAreaElement) && (active instanceof HTMLInputElement || active instanceof HTMLTextAreaElement)) {
          try {
            target.setSelectionRange(active.selectionStart, active.selectionEnd, active.selectionDirection ?? undefined);
          } catch {
            /* a checkbox or radio has no caret */
          }
        }
      });
    }
  }
}
