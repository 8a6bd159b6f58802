// Property test: any nc command line, in the foreground or in the background, either runs or
// stops the scenario with nc's kind of message, `line N:` and a non-zero exit. Never a crash.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { runScenario } from '../run-scenario.ts';

const PRELUDE = [
  'ip netns add a',
  'ip netns add b',
  'ip netns exec a ip link add eth0 type veth peer name eth0 netns b',
  'ip netns exec a ip addr add 10.0.0.1/24 dev eth0',
  'ip netns exec a ip link set eth0 up',
  'ip netns exec a ip link set lo up',
  'ip netns exec b ip addr add 10.0.0.2/24 dev eth0',
  'ip netns exec b ip link set eth0 up',
  'ip netns exec b iptables -A INPUT -p tcp --dport 81 -j DROP',
  'ip netns exec b iptables -A INPUT -p tcp --dport 82 -j REJECT --reject-with tcp-reset',
  'ip netns exec b nc -lk 80 &',
  'ip netns exec b nc -u -l 5000 &',
  'ip netns exec a tcpdump -n -i eth0 &',
].join('\n');
const PRELUDE_LINES = PRELUDE.split('\n').length;

const word = fc.oneof(
  fc.constantFrom('-l', '-k', '-u', '-z', '-v', '-n', '-N', '-d', '-4', '-h', '-lk', '-uvz', '-lp', '-zw1', '-w', '-q', '-p', '-s', '-e', '-U', '-x',
    '--', '-', '--foo', '0', '1', '2', '-1', '80', '81', '82', '83', '79-83', '83-79', '5000', '5001', '65535', '65536', '99999', 'http', 'domain',
    'nosuch', '10.0.0.1', '10.0.0.2', '10.0.0.3', '10.0.0.255', '127.0.0.1', '0.0.0.0', '224.0.0.1', '10.2', 'host.example', '40000', '&'),
  fc.string({ maxLength: 6 }),
);
const line = fc.tuple(fc.constantFrom('a', 'b'), fc.array(word, { minLength: 0, maxLength: 7 }), fc.boolean()).map(([ns, words, bg]) => `ip netns exec ${ns} nc ${words.join(' ')}${bg ? ' &' : ''}`);

test('2,000 random nc lines: each runs, or fails with "line N:" and a non-zero exit', () => {
  fc.assert(
    fc.property(line, (l) => {
      const result = runScenario(`${PRELUDE}\n${l}\nip netns exec a nc -z -w 1 10.0.0.2 80\n`);
      assert.ok(!result.stderr.includes('internal error'), `internal error for ${JSON.stringify(l)}: ${result.stderr}`);
      if (result.exitCode === 0) {
        assert.equal(result.stderr, '');
      } else {
        const m = /^line (\d+): (.*\S.*)/.exec(result.stderr);
        assert.ok(m, `no "line N:" message for ${JSON.stringify(l)}: ${JSON.stringify(result.stderr)}`);
        assert.ok(Number(m[1]) > PRELUDE_LINES, `blamed line ${m[1]} for ${JSON.stringify(l)}`);
      }
    }),
    { numRuns: 2000 },
  );
});
