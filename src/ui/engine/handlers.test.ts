import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { labHandlers } from './handlers-lab.ts';
import { playgroundHandlers } from './handlers-playground.ts';

const scenario = readFileSync(new URL('../../../content/scenarios/s4-two-bridges-brnf1.sh', import.meta.url), 'utf8');

test('lab.model gives a model that survives the structured clone to the page unchanged', () => {
  const model = labHandlers['lab.model'](scenario);
  assert.ok(model.captures.length > 0 && model.packets.length > 0);
  assert.deepEqual(structuredClone(model), model);
});

test('lab.connection gives a flow\'s timeline that survives the structured clone unchanged', () => {
  const handshake = readFileSync(new URL('../../../content/scenarios/tcp-handshake.sh', import.meta.url), 'utf8');
  const timeline = labHandlers['lab.connection']({ source: handshake, flow: 'TCP [S]' });
  assert.ok(timeline && timeline.steps.some((s) => s.server.after === 'SYN-RECV'));
  assert.deepEqual(structuredClone(timeline), timeline);
  assert.equal(labHandlers['lab.connection']({ source: handshake, flow: 'no such packet' }), undefined);
});

test('lab.model refuses a scenario that fails, with its line', () => {
  assert.throws(() => labHandlers['lab.model']('ip netns add a\nip link set nosuchdev up\n'), /^Error: line 2: /);
});

test('playground.run leaves the frames behind and keeps the lines', () => {
  const { result } = playgroundHandlers['playground.run'](scenario);
  assert.ok(result.captures.length > 0);
  for (const c of result.captures) {
    assert.equal('frames' in c, false);
    assert.ok(Array.isArray(c.lines));
  }
  assert.deepEqual(structuredClone(result), result);
});
