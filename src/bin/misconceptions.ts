// node src/bin/misconceptions.ts
//
// Writes src/grading/misconceptions.json, the checked copy of lessons/misconceptions.yaml that
// the quiz grader imports (it runs in Node and in the browser, where the YAML file cannot be
// read). Lesson pages read the YAML itself at build time. `npm run test:unit` fails while the
// copy differs from the YAML: run this after editing the catalogue.

import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parseCatalogue } from '../grading/misconceptions.ts';

const yaml = fileURLToPath(new URL('../../lessons/misconceptions.yaml', import.meta.url));
const json = fileURLToPath(new URL('../grading/misconceptions.json', import.meta.url));
writeFileSync(json, `${JSON.stringify(parseCatalogue(readFileSync(yaml, 'utf8')), null, 2)}\n`);
console.log(`wrote ${json}`);
