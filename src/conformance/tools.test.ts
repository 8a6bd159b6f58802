// Tool output (what ping and nc print): the engine's, times masked, against the kernel's
// recordings, and the comparison's power to see a difference.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { runScenario } from '../cli/shell.ts';
import { compareTools, KERNEL_DIR, SCENARIO_DIR } from './conformance.ts';
import { maskToolTimes } from '../cli/ping/print.ts';

for (const id of ['ping-nc-output', 'ping-output-options']) {
  test(`${id}: the engine prints what the kernel's ping and nc printed`, () => {
    const source = readFileSync(join(SCENARIO_DIR, `${id}.sh`), 'utf8');
    const kernel = readFileSync(join(KERNEL_DIR, `${id}.tools.out`), 'utf8');
    const engine = runScenario(source);
    assert.equal(compareTools(engine, kernel, source), undefined);
    // Not vacuous: the recording has the lines the playground promises.
    assert.match(kernel, id === 'ping-nc-output' ? /^64 bytes from 192\.0\.2\.2: icmp_seq=1 ttl=63 time=\d/m : /^rtt min\/avg\/max\/mdev = [\d.\/]+ ms, ipg\/ewma/m);
  });
}

test('compareTools sees a lost reply the engine would not have lost', () => {
  const kernel = '== a: ping -c 1 10.0.0.2\nPING 10.0.0.2 (10.0.0.2) 56(84) bytes of data.\n\n--- 10.0.0.2 ping statistics ---\n1 packets transmitted, 0 received, 100% packet loss, time 0ms\n\n';
  const engine = { stdout: '', stderr: '', exitCode: 0, tools: '== a: ping -c 1 10.0.0.2\nPING 10.0.0.2 (10.0.0.2) 56(84) bytes of data.\n64 bytes from 10.0.0.2: icmp_seq=1 ttl=64 time=<t> ms\n\n--- 10.0.0.2 ping statistics ---\n1 packets transmitted, 1 received, 0% packet loss, time <t>ms\nrtt min/avg/max/mdev = <t>/<t>/<t>/<t> ms\n' };
  const report = compareTools(engine, kernel);
  assert.ok(report);
  assert.match(report, /\+ 64 bytes from 10\.0\.0\.2/);
  assert.match(report, /- 1 packets transmitted, 0 received/);
});

test('maskToolTimes masks the times and nothing else', () => {
  const raw = '64 bytes from 10.0.0.2: icmp_seq=1 ttl=64 time=0.050 ms\n3 packets transmitted, 3 received, 0% packet loss, time 2003ms\nrtt min/avg/max/mdev = 0.040/0.050/0.060/0.008 ms, ipg/ewma 0.057/0.022 ms\n';
  assert.equal(
    maskToolTimes(raw),
    '64 bytes from 10.0.0.2: icmp_seq=1 ttl=64 time=<t> ms\n3 packets transmitted, 3 received, 0% packet loss, time <t>ms\nrtt min/avg/max/mdev = <t>/<t>/<t>/<t> ms, ipg/ewma <t>/<t> ms\n',
  );
  // ttl, seq and counts stay literal; a flood's erased dots are gone, an unanswered one stays.
  assert.equal(maskToolTimes('data.\n.\b \b..\b \b\n'), 'data.\n.\n');
});
