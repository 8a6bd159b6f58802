// What the review page needs once something is due, in one module it imports then: the lesson
// exercises' islands (they define their custom elements), the quiz UI and its card builder, and
// the engine worker's client. One import() of this module, not one per part, so that the parts
// stay in the chunks the lesson and quiz pages load them from (a separate import() of each
// would split them out of those chunks, and every page that uses them would pay for it).

import '../islands/predict-capture.ts';
import '../islands/predict-path.ts';
import '../islands/predict-state.ts';

export { mountQuiz } from '../quiz/mount.ts';
export * as screen from '../quiz/screen.ts';
export { callEngine, warmEngine } from '../engine/client.ts';

/** The custom elements a lesson exercise on the review page may be (defined by the imports above). */
export const EXERCISE_ELEMENTS: ReadonlySet<string> = new Set(['pp-predict-capture', 'pp-predict-path']);
