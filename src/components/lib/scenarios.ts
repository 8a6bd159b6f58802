/// <reference types="astro/client" />
// The scenario scripts (content/scenarios/<id>.sh) as text, bundled at build time by Vite, so
// components and pages read them without touching the file system at render time.

const files = import.meta.glob<string>('/content/scenarios/*.sh', { query: '?raw', import: 'default', eager: true });

const byId = new Map<string, string>(
  Object.entries(files).map(([path, text]) => [path.replace(/^.*\/([^/]+)\.sh$/, '$1'), text]),
);

/** The script of scenario `id`, or undefined when content/scenarios/<id>.sh does not exist. */
export function scenarioSource(id: string): string | undefined {
  return byId.get(id);
}

/** The script of scenario `id`; throws an Error naming it (and `where`) when the file does not exist. */
export function requireScenario(id: string, where: string): string {
  const text = byId.get(id);
  if (text === undefined) {
    throw new Error(`${where}: scenario "${id}" does not exist (content/scenarios/${id}.sh is missing)`);
  }
  return text;
}
