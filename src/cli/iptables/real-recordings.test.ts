// Replays what the real iptables v1.8.9 (nf_tables) printed, on Debian 12 / Linux 6.18, for
// the command sequences in testdata/*.txt (each sequence in a fresh `unshare --net`
// namespace), and checks that the simulator prints the same stdout and stderr and exits with
// the same status, command by command. Re-record with:
//   cd src/cli/iptables && npx node diff-real.ts testdata/errors.txt testdata/ruleset.txt \
//     testdata/listing.txt testdata/extensions.txt testdata/random.txt testdata/chaos.txt \
//     --record testdata/recordings.json
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { createTables } from '../../net/netfilter/tables.ts';
import type { Recording } from './diff-real.ts';
import { executeIptables } from './exec.ts';

// rulesets-recordings.json (testdata/rulesets.txt): the extensions real hosts' rulesets use.
//   npx node diff-real.ts testdata/rulesets.txt --record testdata/rulesets-recordings.json
for (const file of ['recordings.json', 'rulesets-recordings.json']) {
const recording = JSON.parse(readFileSync(new URL(`./testdata/${file}`, import.meta.url), 'utf8')) as Recording;

describe(`replay of ${recording.tool} (${file})`, () => {
  it('has recordings', () => {
    assert.ok(recording.scripts.length > 10);
  });
  recording.scripts.forEach((script, n) => {
    const first = script[0]?.args.join(' ') ?? '';
    it(`sequence ${n + 1} (${script.length} commands, from "${first.slice(0, 60)}")`, () => {
      const tables = createTables();
      for (const { args, real } of script) {
        const sim = executeIptables(tables, args);
        const label = `iptables ${JSON.stringify(args)}`;
        assert.equal(sim.stderr, real.stderr, `${label}: stderr`);
        assert.equal(sim.status, real.status, `${label}: exit status`);
        assert.equal(sim.stdout, real.stdout, `${label}: stdout`);
      }
    });
  });
});
}
