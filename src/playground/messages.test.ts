import { test } from 'node:test';
import assert from 'node:assert/strict';
import { runPlayground } from './run.ts';
import { wholeMessage } from './messages.ts';

test("a multi-line error is kept whole: iptables' reason is on its second line", () => {
  const run = runPlayground('iptables -t nat -A POSTROUTING -j DROP\n');
  assert.equal(run.error?.line, 1);
  // The engine's message is the real tool's, every line of it.
  assert.match(run.error?.message ?? '', /^iptables v1\.8\.9 \(nf_tables\): \nThe "nat" table is not intended for filtering/);
  assert.match(run.error?.message ?? '', /Try `iptables -h' or 'iptables --help' for more information\.$/);
  const line = wholeMessage(run.error?.message ?? '');
  assert.equal(line, 'iptables v1.8.9 (nf_tables): The "nat" table is not intended for filtering, the use of DROP is therefore inhibited. Try `iptables -h\' or \'iptables --help\' for more information.');
});

test('wholeMessage leaves a one-line message as it is', () => {
  assert.equal(wholeMessage('ping: connect: Network is unreachable'), 'ping: connect: Network is unreachable');
});
