// The flow every predict-then-reveal exercise shares: an XState actor (exercise.machine.ts)
// decides what is allowed; this element reads the learner's prediction, gets the lab model from
// the engine worker (started early: runtime.ts), grades, saves progress, and shows the engine's
// answer with the lesson's explanation.
// Subclasses say how to read a prediction, grade it, and print the answer.
//
// Markup contract (rendered by the .astro component):
//   [data-action="check"] [data-action="reveal"] [data-action="retry"]  buttons
//   [data-status]   one line about attempts (polite live region)
//   [data-grade]    where the field-by-field result goes
//   [data-answer]   role=region "Engine's answer", hidden until revealed or solved
//   [data-answer-output]  the <pre> that receives the engine's output
//   [data-playground]  "Open <scenario> in the playground", hidden until checked or revealed

import { createActor, type Actor } from 'xstate';
import { exerciseMachine, type ExerciseMode } from '../../machines/exercise.machine.ts';
import { getExercise } from '../../progress/store.ts';
import type { LabModel } from '../../lab/lab-model.ts';
import type { Graded } from '../../grading/rows.ts';
import type { MisconceptionEntry } from '../../grading/misconceptions.ts';
import { labModel, prepareLab } from './runtime.ts';
import { yieldToMain } from '../engine/idle.ts';
import { optionGroups } from '../../lab/option-groups.ts';
import { loadProgress, saveCheck, saveReveal } from './progress-client.ts';

export type Prediction<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly error: string };

export abstract class ExerciseElement<T, M = LabModel> extends HTMLElement {
  /** What a wrong check asks for when the result marks the learner's lines (an exercise with one answer says it its way). */
  protected readonly fixMarkedText: string = 'Not yet: fix the marked lines and check again.';
  protected actor?: Actor<typeof exerciseMachine>;
  /** The learner's actions on the lab model, in click order. */
  private queue: Promise<unknown> = Promise.resolve();
  private waiting = 0;

  protected abstract readPrediction(): Prediction<T>;
  protected abstract grade(model: M, prediction: T): Graded;
  protected abstract answerText(model: M): string;
  /** What the exercise grades against: the scenario's lab model (a subclass may ask the engine for another). */
  protected loadModel(): Promise<M> {
    return labModel(this.scenario) as Promise<unknown> as Promise<M>;
  }
  /** Marks the form's own rows that the grade found wrong (aria-invalid and a visible mark); undefined clears. */
  protected markRows(_graded: Graded | undefined): void {}
  private lastGraded?: Graded;

  get exerciseId(): string {
    return this.dataset.exerciseId ?? '';
  }

  get scenario(): string {
    return this.dataset.scenario ?? '';
  }

  /** The catalogue entries the page embeds for this exercise (see src/components/lib/misconceptions.ts). */
  protected misconceptions(): MisconceptionEntry[] {
    const text = this.querySelector('script[data-misconceptions]')?.textContent;
    if (!text) return [];
    try {
      return JSON.parse(text) as MisconceptionEntry[];
    } catch {
      return [];
    }
  }

  protected find<E extends Element = HTMLElement>(selector: string): E | null {
    return this.querySelector<E & Element>(selector);
  }

  /**
   * A polite message for a move or a removal in the answer form, read by screen readers from a
   * live region of the exercise's own, made after `anchor` the first time.
   */
  protected announceAfter(anchor: Element | null | undefined, text: string): void {
    let region = this.find<HTMLElement>('[data-announce]');
    if (!region) {
      region = document.createElement('p');
      region.className = 'visually-hidden';
      region.setAttribute('aria-live', 'polite');
      region.dataset.announce = '';
      anchor?.after(region);
    }
    region.textContent = text;
  }

  connectedCallback(): void {
    if (this.actor) return;
    // On the review page (data-review) the exercise starts afresh, whatever the lesson page shows.
    const previous = this.dataset.review === undefined ? getExercise(loadProgress(), this.exerciseId) : undefined;
    const mode = (this.dataset.mode as ExerciseMode | undefined) ?? 'practice';
    this.actor = createActor(exerciseMachine, { input: { mode, previous } });
    this.actor.subscribe(() => this.renderStatus());
    this.actor.start();
    this.addEventListener('click', (event) => {
      const button = (event.target as Element).closest<HTMLButtonElement>('button[data-action]');
      if (!button || !this.contains(button)) return;
      const action = button.dataset.action;
      if (action === 'check') void this.check();
      else if (action === 'reveal') void this.reveal();
      else if (action === 'retry') this.retry();
    });
    this.addEventListener('input', () => this.actor?.send({ type: 'user.edit' }));
    this.addEventListener('change', () => this.actor?.send({ type: 'user.edit' }));
    if (previous?.revealed || previous?.correct) void this.showAnswer();
    prepareLab(this, this.scenario);
    this.setup();
  }

  /** Subclass hook for extra wiring (row buttons and so on). */
  protected setup(): void {}

  private renderStatus(): void {
    const snapshot = this.actor?.getSnapshot();
    if (!snapshot) return;
    const { attempts, firstTryCorrect, revealed, solved } = snapshot.context;
    const status = this.find('[data-status]');
    if (status) {
      // The exercise's state in words (solved, revealed without solving, tried, or nothing yet),
      // the same states the course map counts (src/progress/store.ts exerciseState).
      const parts: string[] = [];
      if (solved) {
        parts.push(firstTryCorrect ? 'Solved on the first try.' : 'Solved.');
      } else if (snapshot.matches({ checked: 'incorrect' })) {
        const marked = this.lastGraded?.rows.some((r) => r.line !== undefined && (r.status === 'wrong' || r.status === 'extra')) ?? false;
        parts.push(marked ? this.fixMarkedText : 'Not yet: something is missing (see the result below); add it and check again.');
      } else if (revealed) {
        parts.push('Answer revealed without solving.');
      } else if (attempts > 0) {
        parts.push('Tried, not solved yet.');
      }
      if (attempts > 0) parts.push(`${attempts} ${attempts === 1 ? 'check' : 'checks'} so far.`);
      if (revealed && solved) parts.push('Answer revealed.');
      status.textContent = parts.join(' ');
    }
    const retry = this.find<HTMLButtonElement>('[data-action="retry"]');
    if (retry) retry.hidden = !snapshot.matches({ checked: 'incorrect' });
    const reveal = this.find<HTMLButtonElement>('[data-action="reveal"]');
    if (reveal) reveal.hidden = snapshot.context.mode === 'graded';
    // The playground runs the lab and prints the answer: offer it once the learner has committed
    // to a prediction (a check) or given up on one (a reveal), never before; not in a graded run.
    const playground = this.find<HTMLElement>('[data-playground]');
    if (playground && (snapshot.context.mode === 'graded' || attempts > 0 || revealed || solved)) {
      playground.hidden = snapshot.context.mode === 'graded';
    }
  }

  /**
   * Runs `fn` on the lab model once it is here, after the actions clicked before it: a Reveal
   * clicked while a Check waits for the engine is done after that Check, never dropped.
   */
  private withModel<R>(fn: (model: M) => R): Promise<R | undefined> {
    this.waiting++;
    this.setAttribute('aria-busy', 'true');
    const run = this.queue.then(async () => {
      try {
        const model = await this.loadModel();
        // A task of its own, even when the model is here already: the click's task also handles
        // the pointer events and draws the frame after them (one 55-65 ms task on a phone).
        await yieldToMain();
        return fn(model);
      } catch (error) {
        this.showMessage(`The simulator could not run this lab: ${(error as Error).message}`);
        return undefined;
      } finally {
        if (--this.waiting === 0) this.removeAttribute('aria-busy');
      }
    });
    this.queue = run;
    return run;
  }

  protected showMessage(text: string): void {
    const grade = this.find('[data-grade]');
    if (!grade) return;
    const p = document.createElement('p');
    p.className = 'exercise-message';
    p.setAttribute('role', 'alert');
    p.textContent = text;
    grade.replaceChildren(p);
  }

  private async check(): Promise<void> {
    const prediction = this.readPrediction();
    if (!prediction.ok) {
      this.showMessage(prediction.error);
      return;
    }
    await this.withModel((model) => {
      const graded = this.grade(model, prediction.value);
      const before = this.actor?.getSnapshot().context.attempts ?? 0;
      const revealedBefore = this.actor?.getSnapshot().context.revealed ?? false;
      this.lastGraded = graded;
      this.actor?.send({ type: 'user.check', grade: { correct: graded.correct } });
      // Save the check only when the machine counted it, so the page's count and the stored
      // one agree (checks after a reveal count in both). For the review queue a wrong check is a
      // miss, and a right one a solve unless the answer was revealed first.
      const review = !graded.correct ? 'missed' : revealedBefore ? undefined : 'solved';
      if ((this.actor?.getSnapshot().context.attempts ?? 0) > before) saveCheck(this.exerciseId, graded.correct, review);
      this.renderGrade(graded);
      this.markRows(graded);
      if (graded.correct) this.fillAnswer(model);
    });
  }

  private retry(): void {
    this.actor?.send({ type: 'user.retry' });
    this.find('[data-grade]')?.replaceChildren();
    this.lastGraded = undefined;
    this.markRows(undefined);
    // "Try again" hides itself: focus goes to the form's first control, never to <body>.
    this.focusFirstControl();
  }

  /**
   * Focus on the prediction form's first usable control: a field, or a button such as the hook
   * list's "Add PREROUTING" (else the Check button).
   */
  protected focusFirstControl(): void {
    const controls = [
      ...this.querySelectorAll<HTMLElement>('.exercise-body :is(input, select, textarea, button)'),
      ...this.querySelectorAll<HTMLElement>('button[data-action="check"]'),
    ];
    for (const c of controls) {
      if ((c as HTMLInputElement).disabled || c.hidden || c.closest('[hidden]') || c.getClientRects().length === 0) continue;
      c.focus();
      if (document.activeElement === c) return;
    }
  }

  private async reveal(): Promise<void> {
    const snapshot = this.actor?.getSnapshot();
    if (!snapshot || snapshot.context.mode === 'graded') return;
    await this.withModel((model) => {
      const solvedBefore = this.actor?.getSnapshot().context.solved ?? false;
      // The machine takes a reveal once a prediction is started; the button shows the answer at
      // any time, so a reveal before any edit starts one: a right check after it is then no solve.
      if (this.actor?.getSnapshot().matches('idle')) this.actor.send({ type: 'user.edit' });
      this.actor?.send({ type: 'user.reveal' });
      // Revealed without solving: a miss for the review queue.
      saveReveal(this.exerciseId, solvedBefore ? undefined : 'missed');
      this.fillAnswer(model);
      this.find<HTMLElement>('[data-answer]')?.focus();
    });
  }

  private async showAnswer(): Promise<void> {
    await this.withModel((model) => this.fillAnswer(model));
  }

  private fillAnswer(model: M): void {
    const answer = this.find<HTMLElement>('[data-answer]');
    const output = this.find('[data-answer-output]');
    // One block per line: on a phone a long line (tcpdump -e) wraps with a hanging indent, so
    // where one printed line ends and the next begins stays plain.
    if (output) {
      output.replaceChildren(
        ...this.answerText(model)
          .split('\n')
          .map((line) => {
            const span = document.createElement('span');
            span.className = 'answer-line';
            span.textContent = line;
            return span;
          }),
      );
    }
    if (answer) answer.hidden = false;
    // The answer is out (a reveal, a solve, or restored progress): the playground may show it too.
    const playground = this.find<HTMLElement>('[data-playground]');
    if (playground && this.actor?.getSnapshot().context.mode !== 'graded') playground.hidden = false;
  }

  private renderGrade(graded: Graded): void {
    const grade = this.find('[data-grade]');
    if (!grade) return;
    const summary = document.createElement('p');
    summary.className = graded.correct ? 'grade-summary is-right' : 'grade-summary is-wrong';
    summary.setAttribute('role', 'status');
    summary.textContent = graded.summary;
    const parts: HTMLElement[] = [summary];
    if (!graded.correct && graded.nudges && graded.nudges.length > 0) {
      const box = document.createElement('div');
      box.className = 'grade-nudges';
      const title = document.createElement('p');
      title.className = 'grade-nudges-title';
      title.textContent = graded.nudges.length === 1 ? 'A common mistake to rethink:' : 'Common mistakes to rethink:';
      const list = document.createElement('ul');
      for (const n of graded.nudges) {
        const li = document.createElement('li');
        li.dataset.misconception = n.id;
        const name = document.createElement('strong');
        name.textContent = `${n.name}${n.lines.length ? ` (line${n.lines.length > 1 ? 's' : ''} ${n.lines.join(', ')})` : ''}. `;
        li.append(name, n.nudge);
        list.append(li);
      }
      box.append(title, list);
      parts.push(box);
    }
    const table = document.createElement('table');
    table.className = 'grade-table';
    const caption = document.createElement('caption');
    caption.className = 'visually-hidden';
    caption.textContent = 'Your prediction, line by line';
    const head = table.createTHead().insertRow();
    for (const title of ['#', 'Your prediction', 'Result']) {
      const th = document.createElement('th');
      th.scope = 'col';
      th.textContent = title;
      head.append(th);
    }
    const body = table.createTBody();
    graded.rows.forEach((row) => {
      const tr = body.insertRow();
      tr.className = `is-${row.status}`;
      // The learner's own numbering; a missing item has none.
      tr.insertCell().textContent = row.line === undefined ? '–' : String(row.line);
      // A rule wraps between its options only ("-o br0" stays whole on a phone).
      const code = document.createElement('code');
      optionGroups(row.text).forEach((group, i) => {
        if (i > 0) code.append(' ');
        const span = document.createElement('span');
        span.className = 'nowrap';
        span.textContent = group;
        code.append(span);
      });
      tr.insertCell().append(code);
      tr.insertCell().textContent = row.note;
    });
    table.prepend(caption);
    grade.replaceChildren(...parts, table);
  }
}
