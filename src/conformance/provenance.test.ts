import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { KERNEL_DIR, listScenarios, provenancePath, SCENARIO_DIR } from './conformance.ts';
import { readProvenance, scenarioHash, staleness, type Provenance } from './provenance.ts';

const prov = (source: string): Provenance => ({
  scenarioSha256: scenarioHash(source),
  recordedAt: '2026-12-07T00:00:00.000Z',
  kernel: '6.18.44',
  tools: { iptables: 'iptables v1.8.9 (nf_tables)' },
  brNetfilter: { present: true, callIptablesDefault: 1 },
});

test('a recording is stale when its scenario text changed since, and names both hashes', () => {
  const source = 'ip netns add a\n';
  assert.equal(staleness(prov(source), source), undefined);
  const why = staleness(prov(source), 'ip netns add b\n') ?? '';
  assert.match(why, /scenario changed since it was recorded \(sha256 [0-9a-f]{12} recorded, [0-9a-f]{12} now\)/);
  // Comments and blank lines are not commands: rewording them keeps the recording.
  assert.equal(staleness(prov(source), '# what this lab shows\n\nip netns add a\n  # more words\n'), undefined);
  assert.match(staleness(prov(source), 'ip netns add a\nip netns add b # a new command\n') ?? '', /scenario changed/);
  // no sidecar: nothing known, nothing claimed
  assert.equal(staleness(undefined, source), undefined);
});

test('every sidecar of content/kernel fits its scenario (re-record a changed scenario)', () => {
  for (const id of listScenarios()) {
    const p = readProvenance(provenancePath(id));
    if (p === undefined) continue;
    const source = readFileSync(join(SCENARIO_DIR, `${id}.sh`), 'utf8');
    assert.equal(staleness(p, source), undefined, `${id}: ${staleness(p, source) ?? ''}`);
    assert.ok(p.kernel !== '' && p.tools.iptables !== undefined && typeof p.brNetfilter.present === 'boolean', `${id}: provenance fields`);
    assert.ok(existsSync(join(KERNEL_DIR, `${id}.out`)));
  }
});
