// A tiny static server for a build output, as a production host serves it: gzip for text
// (level 6, what most hosts use), Content-Length on every answer (so the browser's network log
// holds each file's gzipped size), hashed /_astro/ files cached as immutable, HTML revalidated.
//
// Why not `astro preview`: it gzips too, but answers every file with `Cache-Control: no-cache`,
// so a chunk fetched at idle is revalidated (one more round trip, 150 ms on Slow 4G) when the
// page imports it; a real host does not make a learner wait for that.

import { createServer, type Server } from 'node:http';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { extname, join, normalize, sep } from 'node:path';
import { gzipSync } from 'node:zlib';

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.svg': 'image/svg+xml',
  '.txt': 'text/plain; charset=utf-8',
  '.xml': 'application/xml',
  '.webmanifest': 'application/manifest+json',
  '.wasm': 'application/wasm',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.webp': 'image/webp',
  '.avif': 'image/avif',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.woff': 'font/woff',
  '.zip': 'application/zip',
};
const COMPRESSIBLE = new Set(['.html', '.js', '.mjs', '.css', '.json', '.svg', '.txt', '.xml', '.webmanifest', '.wasm']);
export const GZIP_LEVEL = 6;

export type StaticServer = { url: string; close: () => Promise<void> };

/** Serves `root` on 127.0.0.1 (a free port). Files are read once and kept with their gzip. */
export async function serveStatic(root: string): Promise<StaticServer> {
  const cache = new Map<string, { raw: Buffer; gzip: Buffer | undefined }>();
  const load = (file: string) => {
    let entry = cache.get(file);
    if (!entry) {
      const raw = readFileSync(file);
      entry = { raw, gzip: COMPRESSIBLE.has(extname(file)) ? gzipSync(raw, { level: GZIP_LEVEL }) : undefined };
      cache.set(file, entry);
    }
    return entry;
  };
  /** The file behind a URL path, a redirect to the path with a slash, or nothing. */
  const resolvePath = (pathname: string): { file: string } | { redirect: string } | undefined => {
    let decoded: string;
    try {
      decoded = decodeURIComponent(pathname);
    } catch {
      return undefined;
    }
    const full = normalize(join(root, decoded));
    if (full !== root && !full.startsWith(root + sep)) return undefined;
    if (!existsSync(full)) return undefined;
    if (statSync(full).isDirectory()) {
      if (!decoded.endsWith('/')) return { redirect: pathname + '/' };
      const index = join(full, 'index.html');
      return existsSync(index) ? { file: index } : undefined;
    }
    return { file: full };
  };

  const server: Server = createServer((request, response) => {
    const url = new URL(request.url ?? '/', 'http://localhost');
    if (request.method !== 'GET' && request.method !== 'HEAD') {
      response.writeHead(405, { Allow: 'GET, HEAD' }).end();
      return;
    }
    const found = resolvePath(url.pathname);
    if (found && 'redirect' in found) {
      response.writeHead(301, { Location: found.redirect + url.search, 'Content-Length': 0 }).end();
      return;
    }
    const notFound = join(root, '404.html');
    const file = found?.file ?? (existsSync(notFound) ? notFound : undefined);
    if (!file) {
      response.writeHead(404, { 'Content-Type': 'text/plain', 'Content-Length': 9 }).end('not found');
      return;
    }
    const { raw, gzip } = load(file);
    const useGzip = gzip !== undefined && /\bgzip\b/.test(String(request.headers['accept-encoding'] ?? ''));
    const body = useGzip ? gzip : raw;
    const headers: Record<string, string | number> = {
      'Content-Type': TYPES[extname(file)] ?? 'application/octet-stream',
      'Content-Length': body.length,
      'Cache-Control': url.pathname.startsWith('/_astro/') ? 'public, max-age=31536000, immutable' : 'no-cache',
    };
    if (gzip !== undefined) headers['Vary'] = 'Accept-Encoding';
    if (useGzip) headers['Content-Encoding'] = 'gzip';
    response.writeHead(found ? 200 : 404, headers);
    response.end(request.method === 'HEAD' ? undefined : body);
  });
  // Keep-alive sockets would hold close() open: end idle ones at once.
  server.keepAliveTimeout = 5_000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
