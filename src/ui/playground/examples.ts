// The playground's menu of examples (a native <select> and a Load button, src/pages/playground.astro):
// loads a course scenario (fetched from /playground/examples/<id>.sh) or the blank template into
// the editor. A script no run and no link keeps is never replaced silently: the page asks first,
// and "Keep my script" leaves it as it is.

import { BLANK_TEMPLATE, TEMPLATE_ID } from '../../playground/examples.ts';
import { EXAMPLES_PATH } from '../../playground/share.ts';

export interface ExamplesHost {
  /** The editor's text now. */
  value(): string;
  /** Whether that text is kept elsewhere (it was loaded, opened from a link, or run: the history has it). */
  isKept(text: string): boolean;
  /** Puts a script in the editor, and says so. */
  load(text: string, name: string): void;
  /** A line for the status area. */
  status(text: string): void;
}

export function mountExamples(root: HTMLElement, host: ExamplesHost): void {
  const select = root.querySelector<HTMLSelectElement>('[data-example]');
  const loadButton = root.querySelector<HTMLButtonElement>('[data-load-example]');
  const confirmBox = root.querySelector<HTMLElement>('[data-example-confirm]');
  const confirmName = root.querySelector<HTMLElement>('[data-example-confirm-name]');
  const replace = root.querySelector<HTMLButtonElement>('[data-example-replace]');
  const keep = root.querySelector<HTMLButtonElement>('[data-example-keep]');
  if (!select || !loadButton || !confirmBox || !confirmName || !replace || !keep) return;
  let pending: { text: string; name: string } | undefined;

  const nameOf = (id: string): string => (id === TEMPLATE_ID ? 'the blank template' : `${id}.sh`);

  async function fetchScript(id: string): Promise<string> {
    if (id === TEMPLATE_ID) return BLANK_TEMPLATE;
    const response = await fetch(`${EXAMPLES_PATH}${encodeURIComponent(id)}.sh`);
    if (!response.ok) throw new Error(`${id}.sh could not be loaded (HTTP ${response.status})`);
    return response.text();
  }

  function closeConfirm(): void {
    pending = undefined;
    confirmBox!.hidden = true;
  }

  loadButton.addEventListener('click', async () => {
    const id = select.value;
    const name = nameOf(id);
    loadButton.disabled = true;
    let text: string;
    try {
      text = await fetchScript(id);
    } catch (error) {
      host.status(`The example could not be loaded: ${(error as Error).message}. Your script is unchanged.`);
      return;
    } finally {
      loadButton.disabled = false;
    }
    const current = host.value();
    if (current === text || current.trim() === '' || host.isKept(current)) {
      closeConfirm();
      host.load(text, name);
      return;
    }
    pending = { text, name };
    confirmName.textContent = name;
    confirmBox.hidden = false;
    replace.focus();
  });

  replace.addEventListener('click', () => {
    if (!pending) return;
    const { text, name } = pending;
    closeConfirm();
    host.load(text, name);
  });

  keep.addEventListener('click', () => {
    closeConfirm();
    host.status('Your script is unchanged.');
    select.focus();
  });

  confirmBox.addEventListener('keydown', (event) => {
    if (event.key !== 'Escape') return;
    closeConfirm();
    host.status('Your script is unchanged.');
    select.focus();
  });
}
