// <pp-predict-state>: the learner predicts a state before seeing it (a socket's state after a
// packet, which end keeps TIME-WAIT, conntrack's entry after a packet), checks it against the
// engine's connection timeline (src/grading/states.ts, with the misconception nudges), or reveals
// the engine's answer. Progress, attempts and the reveal are the shared exercise flow's
// (exercise-element.ts); the timeline comes from the engine worker (lab.connection).

import type { ConnectionTimeline } from '../../lab/connection-timeline.ts';
import type { StateQuestion } from '../../grading/states.ts';
import type { Graded } from '../../grading/rows.ts';
import { ExerciseElement, type Prediction } from './exercise-element.ts';
import { scenarioTimeline } from '../connection-data.ts';
import { answerOf, gradeStateExercise, stateAnswerText, type FormValues } from '../state-exercise.ts';

class PredictState extends ExerciseElement<FormValues, ConnectionTimeline> {
  protected override readonly fixMarkedText = 'Not yet: change your answer and check again.';

  private get question(): StateQuestion {
    return JSON.parse(this.dataset.question ?? '{}') as StateQuestion;
  }

  protected override loadModel(): Promise<ConnectionTimeline> {
    return scenarioTimeline(this.scenario, this.dataset.flow ?? '');
  }

  protected readPrediction(): Prediction<FormValues> {
    const choice = this.querySelector<HTMLInputElement>('input[data-choice]:checked')?.value ?? '';
    if (choice === '') return { ok: false, error: 'Choose an answer first.' };
    const flag = (name: string): boolean => this.querySelector<HTMLInputElement>(`input[data-flag="${name}"]`)?.checked ?? false;
    return { ok: true, value: { choice, unreplied: flag('unreplied'), assured: flag('assured') } };
  }

  protected grade(timeline: ConnectionTimeline, values: FormValues): Graded {
    const question = this.question;
    return gradeStateExercise(timeline, question, answerOf(question, values), this.misconceptions(), this.scenario);
  }

  protected override markRows(graded: Graded | undefined): void {
    const group = this.querySelector('fieldset[data-choices]');
    if (!graded || graded.correct) group?.removeAttribute('aria-invalid');
    else group?.setAttribute('aria-invalid', 'true');
  }

  protected answerText(timeline: ConnectionTimeline): string {
    return stateAnswerText(timeline, this.question);
  }
}

if (!customElements.get('pp-predict-state')) customElements.define('pp-predict-state', PredictState);
