// The course's shape, computed once from the content collections: parts and lessons ordered by
// their folder and file name prefixes (lessons/06-bridges/01-two-bridges.mdx), their URLs, and
// previous/next across parts. Every check that must stop the build lives here, with a message
// that names the file to fix.

/// <reference types="astro/client" />
import { getCollection, type CollectionEntry } from 'astro:content';
import { requireScenario } from './scenarios.ts';

type LessonEntry = CollectionEntry<'lessons'>;

export interface Lesson {
  /** Stable id used by progress storage and `data-lesson-id`: "<part-slug>/<lesson-slug>". */
  readonly id: string;
  /** The collection entry id: "06-bridges/01-two-bridges". */
  readonly entryId: string;
  readonly partSlug: string;
  readonly slug: string;
  readonly number: number;
  /** "/lessons/bridges/two-bridges/". */
  readonly url: string;
  readonly entry: LessonEntry;
  readonly part: Part;
}

export interface Part {
  /** The folder name: "06-bridges". */
  readonly id: string;
  /** "bridges". */
  readonly slug: string;
  readonly number: number;
  readonly title: string;
  readonly summary: string;
  readonly lessons: Lesson[];
}

export interface Course {
  readonly parts: readonly Part[];
  /** Every lesson in course order. */
  readonly lessons: readonly Lesson[];
}

const PREFIXED = /^(\d+)-([a-z0-9]+(?:-[a-z0-9]+)*)$/;

function splitPrefix(name: string, what: string): { number: number; slug: string } {
  const m = PREFIXED.exec(name);
  if (!m) throw new Error(`${what} "${name}" must be named NN-words (digits, a dash, lowercase words joined by dashes)`);
  return { number: Number(m[1]), slug: m[2]! };
}

/** The URL of a lesson page. */
function lessonUrl(partSlug: string, lessonSlug: string): string {
  return `/lessons/${partSlug}/${lessonSlug}/`;
}

let cached: Promise<Course> | undefined;

/** The whole course, validated. Throws (failing the build) with a message naming the file to fix. */
export function getCourse(): Promise<Course> {
  cached ??= loadCourse();
  return cached;
}

async function loadCourse(): Promise<Course> {
  const partEntries = await getCollection('parts');
  const lessonEntries = await getCollection('lessons');
  const claimIds = new Set<string>((await getCollection('claims')).map((c: CollectionEntry<'claims'>) => c.id));

  const parts = new Map<string, Part>();
  const partSlugs = new Map<string, string>();
  for (const entry of partEntries) {
    const { number, slug } = splitPrefix(entry.id, `lessons/${entry.id}/: the part folder`);
    const other = partSlugs.get(slug);
    if (other) throw new Error(`lessons/${entry.id}/ and lessons/${other}/ give the same URL slug "${slug}"`);
    partSlugs.set(slug, entry.id);
    parts.set(entry.id, { id: entry.id, slug, number, title: entry.data.title, summary: entry.data.summary, lessons: [] });
  }

  for (const entry of lessonEntries) {
    const file = `lessons/${entry.id}.mdx`;
    const [folder, name] = entry.id.split('/') as [string, string];
    const part = parts.get(folder);
    if (!part) throw new Error(`${file}: its folder has no part.md (lessons/${folder}/part.md with title and summary)`);
    const { number, slug } = splitPrefix(name, `${file}: the lesson file`);
    if (entry.data.order !== number) {
      throw new Error(`${file}: frontmatter order is ${entry.data.order} but the file name's prefix is ${number}; make them equal`);
    }
    for (const claim of entry.data.answers) {
      if (!claimIds.has(claim)) throw new Error(`${file}: answers lists claim "${claim}", which is not in content/claims/claims.yaml`);
    }
    for (const scenario of entry.data.scenarios) requireScenario(scenario, `${file} (frontmatter scenarios)`);
    const same = part.lessons.find((l) => l.slug === slug || l.number === number);
    if (same) throw new Error(`${file} and lessons/${same.entryId}.mdx share a prefix or a slug in part ${folder}`);
    const lesson: Lesson = {
      id: `${part.slug}/${slug}`,
      entryId: entry.id,
      partSlug: part.slug,
      slug,
      number,
      url: lessonUrl(part.slug, slug),
      entry,
      part,
    };
    part.lessons.push(lesson);
  }

  const ordered = [...parts.values()].sort((a, b) => a.number - b.number || a.id.localeCompare(b.id));
  for (let i = 1; i < ordered.length; i++) {
    if (ordered[i]!.number === ordered[i - 1]!.number) {
      throw new Error(`lessons/${ordered[i - 1]!.id}/ and lessons/${ordered[i]!.id}/ have the same number prefix`);
    }
  }
  for (const part of ordered) part.lessons.sort((a, b) => a.number - b.number);

  for (const lesson of ordered.flatMap((p) => p.lessons)) {
    const ids = lesson.entry.data.exercises as string[];
    const twice = ids.find((ex, i) => ids.indexOf(ex) !== i);
    if (twice) throw new Error(`lessons/${lesson.entryId}.mdx: exercise id "${twice}" is listed twice`);
  }
  return { parts: ordered, lessons: ordered.flatMap((p) => p.lessons) };
}

/** The lessons before and after `lesson` in course order (across parts). */
export function neighbours(course: Course, lesson: Lesson): { prev?: Lesson; next?: Lesson } {
  const i = course.lessons.indexOf(lesson);
  return { prev: i > 0 ? course.lessons[i - 1] : undefined, next: course.lessons[i + 1] };
}

/** Split text on `code` spans (as written in claims.yaml) for rendering. */
export function codeSpans(text: string): { code: boolean; text: string }[] {
  return text.split(/(`[^`]+`)/).filter(Boolean).map((s) => (s.startsWith('`') && s.endsWith('`') && s.length > 1 ? { code: true, text: s.slice(1, -1) } : { code: false, text: s }));
}
