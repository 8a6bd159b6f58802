// The misconception catalogue for code that runs in Node and in the browser alike (the quiz
// grader): the checked JSON copy of lessons/misconceptions.yaml (see src/bin/misconceptions.ts;
// a unit test keeps the two equal).

import data from './misconceptions.json' with { type: 'json' };
import type { MisconceptionEntry } from './misconceptions.ts';

export const CATALOGUE: readonly MisconceptionEntry[] = data as unknown as MisconceptionEntry[];
