// /playground/examples/<id>.sh: each course scenario as a plain text file, for the playground's
// menu of examples (src/playground/examples.ts), fetched when the learner picks one, so the
// playground page itself does not carry every script.
import type { APIRoute, GetStaticPaths } from 'astro';

const files = import.meta.glob<string>('/content/scenarios/*.sh', { query: '?raw', import: 'default', eager: true });

export const getStaticPaths = (() =>
  Object.entries(files).map(([path, text]) => ({ params: { id: path.replace(/^.*\/([^/]+)\.sh$/, '$1') }, props: { text } }))) satisfies GetStaticPaths;

export const GET: APIRoute = ({ props }) => new Response((props as { text: string }).text, { headers: { 'Content-Type': 'text/plain; charset=utf-8' } });
