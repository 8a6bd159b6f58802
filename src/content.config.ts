/// <reference types="astro/client" />
// The course's content collections. Lessons are `lessons/NN-part/NN-lesson.mdx`, each part is
// described by `lessons/NN-part/part.md`; numeric prefixes order parts and lessons (see
// src/components/lib/course.ts). The claims (S1-S9) and the glossary are YAML data files.
// Every frontmatter field is documented with .describe(): that text is the authors' manual.

import { existsSync } from 'node:fs';
import { defineCollection } from 'astro:content';
import { file, glob } from 'astro/loaders';
import { z } from 'astro/zod';

/** content/scenarios/, where a lab's `<id>.sh` must exist. */
const SCENARIO_DIR = new URL('../content/scenarios/', import.meta.url);

/** Scenario and exercise ids: lowercase words joined by '-' (they appear in URLs, attributes and file names). */
const ID = /^[a-z0-9]+(?:[-.][a-z0-9]+)*$/;

const lessons = defineCollection({
  loader: glob({
    base: './lessons',
    pattern: '[0-9]*-*/[0-9]*-*.mdx',
    // "06-bridges/01-two-bridges": the path without extension, prefixes kept (they order the course).
    generateId: ({ entry }) => entry.replace(/\.mdx$/, ''),
  }),
  schema: z
    .object({
      title: z.string().min(1).describe('The lesson title, shown as the page heading, on the course map and in previous/next links.'),
      summary: z
        .string()
        .min(1)
        .describe('One or two sentences on what the lesson teaches; shown under the title on the course map and at the top of the lesson.'),
      order: z
        .number()
        .int()
        .positive()
        .describe(
          "The lesson's position in its part. Must equal the file name's numeric prefix (01-two-bridges.mdx has order 1); the build checks it. The prefix is what orders lessons.",
        ),
      objectives: z
        .array(z.string().min(1))
        .min(1)
        .describe('What the learner can do after the lesson, one short sentence each, listed under "In this lesson" on the lesson page.'),
      answers: z
        .array(z.string().regex(/^S[1-9]$/, 'a claim id is S1 to S9 (see content/claims/claims.yaml)'))
        .default([])
        .describe(
          'Ids of the seed claims (S1-S9, shared/seed/claims.md) this lesson answers with a predict-first exercise; each is linked to the claims page.',
        ),
      scenarios: z
        .array(
          z
            .string()
            .regex(ID, 'a scenario id is the file name of content/scenarios/<id>.sh without .sh')
            .refine((id) => existsSync(new URL(`${id}.sh`, SCENARIO_DIR)), {
              error: (issue) => `scenario "${String(issue.input)}" does not exist: content/scenarios/${String(issue.input)}.sh is missing`,
            }),
        )
        .default([])
        .describe(
          "Ids of the scenarios the lesson's labs run (content/scenarios/<id>.sh). The build fails if a file is missing. Every <Lab scenario=...> in the lesson should be listed here.",
        ),
      exercises: z
        .array(z.string().regex(ID, 'an exercise id is lowercase words joined by -'))
        .default([])
        .describe(
          "Ids of the lesson's graded exercises, unique within the lesson (the same id as the exercise's island takes). The course map's progress badge lists them in data-exercises.",
        ),
    })
    .strict(),
});

const parts = defineCollection({
  loader: glob({
    base: './lessons',
    pattern: '[0-9]*-*/part.md',
    // "06-bridges": the part's folder name.
    generateId: ({ entry }) => entry.split('/')[0]!,
  }),
  schema: z
    .object({
      title: z.string().min(1).describe('The part title, e.g. "Bridges and br_netfilter"; the course map numbers parts by their folder prefix.'),
      summary: z.string().min(1).describe('One or two sentences on what the part covers, shown on the course map.'),
    })
    .strict(),
});

const claims = defineCollection({
  loader: file('content/claims/claims.yaml'),
  schema: z
    .object({
      id: z.string().regex(/^S[1-9]$/).describe('The claim id, S1 to S9, as in shared/seed/claims.md.'),
      title: z.string().min(1).describe('A few words naming the claim, for lists and links.'),
      text: z.string().min(1).describe("What the seed notes say, in English (claims.md's table): a claim to test, not a fact."),
    })
    .strict(),
});

const glossary = defineCollection({
  loader: file('content/glossary/terms.yaml'),
  schema: z
    .object({
      id: z.string().regex(ID).describe('The anchor on /glossary/ (#conntrack) and the id <Term id="..."> takes.'),
      term: z.string().min(1).describe('The word as Linux and its tools spell it.'),
      definition: z.string().min(1).describe('One or two precise sentences in plain English, faithful to Linux; `backticks` mark commands and options.'),
      see: z.array(z.string().regex(ID)).default([]).describe('Ids of related terms, linked as "See also".'),
    })
    .strict(),
});

export const collections = { lessons, parts, claims, glossary };
