// Which rules start conntrack in a namespace (nf_ct_netns_get from a match's or target's
// checkentry), checked on Linux 6.18 by content/scenarios/conntrack-notrack-only.sh.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ruleNeedsConntrack } from './hooks.ts';

test('CT registers conntrack, CT --notrack and NOTRACK do not', () => {
  assert.equal(ruleNeedsConntrack({ matches: [], target: { kind: 'CT' } }), true);
  assert.equal(ruleNeedsConntrack({ matches: [], target: { kind: 'CT', zone: 1 } }), true);
  assert.equal(ruleNeedsConntrack({ matches: [], target: { kind: 'CT', notrack: true } }), false);
  assert.equal(ruleNeedsConntrack({ matches: [], target: { kind: 'NOTRACK' } }), false);
});

test('state matches and NAT targets register it; plain filtering does not', () => {
  assert.equal(ruleNeedsConntrack({ matches: [{ module: 'conntrack' }] }), true);
  assert.equal(ruleNeedsConntrack({ matches: [{ module: 'state' }], target: { kind: 'ACCEPT' } }), true);
  assert.equal(ruleNeedsConntrack({ matches: [], target: { kind: 'MASQUERADE' } }), true);
  assert.equal(ruleNeedsConntrack({ matches: [{ module: 'comment' }], target: { kind: 'DROP' } }), false);
  assert.equal(ruleNeedsConntrack({ matches: [], target: { kind: 'LOG' } }), false);
});
