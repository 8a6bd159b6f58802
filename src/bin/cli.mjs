// node src/bin/cli.mjs TOOL ARGS...   (TOOL: netsim, conformance, fuzz-kernel, grade, misconceptions)
// What the npm scripts run: the tool src/bin/TOOL.ts, started fast from a bundle that
// src/bin/launch.ts keeps up to date. Plain JavaScript, so that Node strips no types before the
// compile cache (compiled code, and the stripped launch.ts, kept in node_modules/.cache) is on.
import module from 'node:module';
import { fileURLToPath } from 'node:url';

module.enableCompileCache?.(fileURLToPath(new URL('../../node_modules/.cache/packet-path-cli/v8', import.meta.url)));
const { launch } = await import('./launch.ts');
await launch(process.argv[2], process.argv.slice(3));
