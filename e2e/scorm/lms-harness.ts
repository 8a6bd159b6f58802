// A small LMS for the SCORM e2e test: scorm-again (the real runtime many LMSs embed) as
// window.API (SCORM 1.2) or window.API_1484_11 (SCORM 2004) on a harness page, with the
// learner set before launch, and the SCO from dist-scorm/ in an iframe. Everything is served
// by Playwright's page.route on a fake origin, so neither the Astro site nor a server is needed.
//
// The harness records, in the page: every API event (window.lmsEvents: LMSInitialize,
// LMSSetValue, LMSCommit, LMSFinish or their 2004 names) and every commit scorm-again sends to
// the LMS's commit URL (window.lmsCommits), and in Node: the commits the "server" received.

import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { extname, join, normalize, resolve, sep } from 'node:path';
import type { Page } from '@playwright/test';

export const LMS_ORIGIN = 'http://lms.test';
export const SCORM_DIST = resolve('dist-scorm');
const SCORM_AGAIN = resolve('node_modules/scorm-again/dist');

export type ScormVersion = '1.2' | '2004';

export interface Learner {
  readonly id: string;
  /** SCORM's "Last, First". */
  readonly name: string;
}

/** The package folder `npm run build:scorm` leaves next to its zip, e.g. packet-path-all-scorm12. */
export function packageName(set: string, version: ScormVersion): string {
  return `packet-path-${set}-scorm${version === '1.2' ? '12' : '2004'}`;
}

/** The unzipped package's folder; fails the test with what to run when it is missing. */
export function packageDir(name: string): string {
  const dir = join(SCORM_DIST, name);
  if (!existsSync(join(dir, 'imsmanifest.xml')) || !existsSync(join(dir, 'index.html'))) {
    throw new Error(`${dir} is missing or incomplete: run npm run build:scorm first (npm test does)`);
  }
  return dir;
}

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.xml': 'application/xml',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.woff2': 'font/woff2',
};

/** `a` with `b`'s members added, objects merged member by member. */
function merge(a: Record<string, unknown>, b: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = { ...a };
  for (const [k, v] of Object.entries(b)) {
    const was = out[k];
    out[k] = was && typeof was === 'object' && v && typeof v === 'object' ? merge(was as Record<string, unknown>, v as Record<string, unknown>) : v;
  }
  return out;
}

function harnessPage(version: ScormVersion, learner: Learner, scoUrl: string, initial: Record<string, unknown>): string {
  const is12 = version === '1.2';
  const apiClass = is12 ? 'Scorm12API' : 'Scorm2004API';
  const learnerData = is12 ? { core: { student_id: learner.id, student_name: learner.name } } : { learner_id: learner.id, learner_name: learner.name };
  const learnerJson = JSON.stringify(merge(learnerData, initial));
  const events = is12
    ? ['LMSInitialize', 'LMSSetValue', 'LMSCommit', 'LMSFinish']
    : ['Initialize', 'SetValue', 'Commit', 'Terminate'];
  return `<!doctype html>
<html lang="en">
  <head>
    <meta charset="utf-8" />
    <meta name="viewport" content="width=device-width, initial-scale=1" />
    <title>Test LMS (scorm-again, SCORM ${version})</title>
    <style>
      body { margin: 0; font-family: system-ui, sans-serif; display: flex; flex-direction: column; height: 100vh; }
      header { padding: 0.4rem 1rem; background: #22303f; color: #fff; font-size: 0.9rem; }
      iframe { flex: 1; width: 100%; border: 0; }
    </style>
    <script src="/lms/scorm-again/${is12 ? 'scorm12' : 'scorm2004'}.js"></script>
    <script>
      window.lmsEvents = [];
      window.lmsCommits = [];
      window.lmsLog = [];
      const api = new ${apiClass}({
        autocommit: false,
        logLevel: 3,
        lmsCommitUrl: '${LMS_ORIGIN}/lms/commit',
        onLogMessage: (level, message) => window.lmsLog.push(String(level) + ' ' + message),
        requestHandler: (commit, metadata) => {
          window.lmsCommits.push({ metadata: metadata ?? null, commit: JSON.parse(JSON.stringify(commit)) });
          return commit;
        },
      });
      api.loadFromJSON(${learnerJson});
      for (const name of ${JSON.stringify(events)}) {
        api.on(name, (element, value) => window.lmsEvents.push(element === undefined ? name : name + ' ' + element + '=' + value));
      }
      window.${is12 ? 'API' : 'API_1484_11'} = api;
    </script>
  </head>
  <body>
    <header>Test LMS: scorm-again, SCORM ${version}, learner ${learner.id}</header>
    <iframe title="Packet Path quiz" src="${scoUrl}"></iframe>
  </body>
</html>
`;
}

export interface ServedLms {
  /** Bodies of the POSTs scorm-again sent to the LMS's commit URL, parsed. */
  readonly received: unknown[];
}

/**
 * Route the fake origin: /lms/ (the harness page, scorm-again, the commit URL) and /sco/<name>/
 * (the package's files). Then open the harness with the SCO of `name` in its iframe.
 */
export async function openInLms(
  page: Page,
  options: {
    name: string;
    version: ScormVersion;
    learner: Learner;
    /** More of the CMI data model the LMS holds before launch (scorm-again's loadFromJSON form). */
    initial?: Record<string, unknown>;
  },
): Promise<ServedLms> {
  const dir = packageDir(options.name);
  const received: unknown[] = [];
  await page.route(`${LMS_ORIGIN}/**`, async (route) => {
    const url = new URL(route.request().url());
    if (url.pathname === '/lms/') {
      return route.fulfill({ contentType: TYPES['.html'], body: harnessPage(options.version, options.learner, `/sco/${options.name}/index.html`, options.initial ?? {}) });
    }
    if (url.pathname === '/lms/commit') {
      const body = route.request().postData() ?? '';
      try {
        received.push(JSON.parse(body));
      } catch {
        received.push(body);
      }
      return route.fulfill({ contentType: 'application/json', body: JSON.stringify({ result: true, errorCode: 0 }) });
    }
    const agent = /^\/lms\/scorm-again\/(scorm12|scorm2004)\.js$/.exec(url.pathname);
    if (agent) return route.fulfill({ contentType: TYPES['.js'], body: await readFile(join(SCORM_AGAIN, `${agent[1]}.js`)) });
    const prefix = `/sco/${options.name}/`;
    if (url.pathname.startsWith(prefix)) {
      const file = normalize(join(dir, decodeURIComponent(url.pathname.slice(prefix.length))));
      if (file.startsWith(dir + sep) && existsSync(file)) {
        return route.fulfill({ contentType: TYPES[extname(file)] ?? 'application/octet-stream', body: await readFile(file) });
      }
    }
    return route.fulfill({ status: 404, contentType: 'text/plain', body: `not found: ${url.pathname}` });
  });
  await page.goto(`${LMS_ORIGIN}/lms/`);
  return { received };
}

/** Open the SCO by itself, with no LMS around it (as a learner opening index.html would). */
export async function openAlone(page: Page, name: string): Promise<void> {
  const dir = packageDir(name);
  await page.route(`${LMS_ORIGIN}/**`, async (route) => {
    const url = new URL(route.request().url());
    const prefix = `/sco/${name}/`;
    const file = normalize(join(dir, decodeURIComponent(url.pathname.slice(prefix.length))));
    if (url.pathname.startsWith(prefix) && file.startsWith(dir + sep) && existsSync(file)) {
      return route.fulfill({ contentType: TYPES[extname(file)] ?? 'application/octet-stream', body: await readFile(file) });
    }
    return route.fulfill({ status: 404, contentType: 'text/plain', body: `not found: ${url.pathname}` });
  });
  await page.goto(`${LMS_ORIGIN}/sco/${name}/index.html`);
}
