import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, test } from 'node:test';
import { buildLabModel, type LabModel } from '../lab/lab-model.ts';
import { findPacket } from '../lab/find-packet.ts';
import { askedFields, captureLines, gradeCapture, parseTcpdumpLines, type CaptureLine, type OptionalCaptureField } from './capture.ts';
import { captureContext, entriesFor, matchMisconceptions, MISCONCEPTION_IDS, parseCatalogue, type MisconceptionMatch } from './misconceptions.ts';
import { gradeConntrack, gradeHooks, hooksOf, parseConntrackList } from './path.ts';

const CATALOGUE = parseCatalogue(readFileSync(new URL('../../lessons/misconceptions.yaml', import.meta.url), 'utf8'));
const model = (name: string): LabModel => buildLabModel(readFileSync(new URL(`../../content/scenarios/${name}.sh`, import.meta.url), 'utf8'));

function onCapture(scenario: string, captureId: string, predicted: readonly CaptureLine[], asked: readonly OptionalCaptureField[] = []): MisconceptionMatch[] {
  const m = model(scenario);
  const c = m.captures.find((x) => x.id === captureId)!;
  const expected = captureLines(c.frames, c.lines);
  const grade = gradeCapture(predicted, expected, askedFields(expected, asked));
  return matchMisconceptions(CATALOGUE, scenario, { on: 'capture', grade, ...captureContext(m, captureId) });
}
function typed(text: string): CaptureLine[] {
  const p = parseTcpdumpLines(text);
  assert.deepEqual(p.errors, []);
  return [...p.lines];
}
function expectedOf(scenario: string, captureId: string): CaptureLine[] {
  const c = model(scenario).captures.find((x) => x.id === captureId)!;
  return captureLines(c.frames, c.lines);
}
const ids = (ms: readonly MisconceptionMatch[]): string[] => ms.map((m) => m.id);

describe('the catalogue file', () => {
  test('holds every shared id, each with a one-line nudge and a name', () => {
    for (const id of MISCONCEPTION_IDS) assert.ok(CATALOGUE.some((e) => e.id === id), id);
    for (const e of CATALOGUE) {
      assert.ok(!/\d+\.\d+\.\d+\.\d+/.test(e.nudge), `${e.id}: a nudge names no address (never the value)`);
      assert.ok(e.name.length <= 60);
    }
  });

  test('a bad file is refused with the reason', () => {
    assert.throws(() => parseCatalogue('- id: x\n'), /misconceptions\.yaml: .*claim/);
    assert.throws(() => parseCatalogue('[: bad'), /not valid YAML/);
    const one = (extra: string): string =>
      `- id: ping-resends\n  claim: S7\n  name: ping resends\n  recognise:\n    - ${extra}\n  nudge: look at the requests ping sends.\n`;
    assert.throws(() => parseCatalogue(one('{ on: capture, field: ttl }')), /recognise/);
    assert.throws(() => parseCatalogue(one('{ on: counters, said: counts, rule: "(" }')), /regular expression/);
    // A well-formed entry still fails while shared ids are missing.
    assert.throws(() => parseCatalogue(one('{ on: capture, field: seq, said: repeated }')), /"nat-per-packet" has no entry/);
  });

  test('entriesFor keeps what can apply to one exercise', () => {
    const s4 = entriesFor(CATALOGUE, 'capture', 's4-two-bridges-brnf1').map((e) => e.id);
    assert.ok(s4.includes('bridge-causes-nonsense'));
    assert.ok(!s4.includes('nat-per-packet'));
    assert.ok(!entriesFor(CATALOGUE, 'hooks', 's4-two-bridges-brnf1').some((e) => e.id === 'ping-resends'));
  });
});

describe('each seed misconception, typed into its exercise, is recognised', () => {
  test('S7 ping-resends: four requests all seq 1', () => {
    const lines = `ARP, Request who-has 10.0.0.2 tell 10.0.0.1
ARP, Reply 10.0.0.2 is-at 02:00:00:00:00:02
${'IP 10.0.0.1 > 10.0.0.2: ICMP echo request, id 1, seq 1\n'.repeat(4)}`;
    const found = onCapture('s7-ping-replies-dropped-by-sender', 'a eth0', typed(lines), ['seq']);
    assert.deepEqual(ids(found), ['ping-resends']);
    assert.deepEqual(found[0]!.items, [3, 4, 5]);
    // The right answer: nothing recognised.
    assert.deepEqual(onCapture('s7-ping-replies-dropped-by-sender', 'a eth0', expectedOf('s7-ping-replies-dropped-by-sender', 'a eth0'), ['seq']), []);
  });

  test('S8 tcp-without-handshake: every segment [S]', () => {
    const printed = model('tcp-handshake').captures.find((c) => c.id === 'client eth0')!.lines;
    const found = onCapture('tcp-handshake', 'client eth0', typed(printed.map((l) => l.replace(/Flags \[[^\]]*\]/, 'Flags [S]')).join('\n')));
    assert.deepEqual(ids(found), ['tcp-without-handshake']);
  });

  test('S1 nat-seen-at-ingress: the SNATed source expected on eth1, where the packet comes in', () => {
    const expected = expectedOf('s1-veth-snat-o-eth2', 'default eth1');
    const natted = expected.map((l) => (l.kind === 'echo-request' && l.src === '10.10.10.10' ? { ...l, src: '192.0.2.1' } : l));
    assert.deepEqual(ids(onCapture('s1-veth-snat-o-eth2', 'default eth1', natted)), ['nat-seen-at-ingress']);
  });

  test('S4 bridge-causes-nonsense: br1 predicted as the port veth2 shows it (no de-NAT)', () => {
    const m = model('s4-two-bridges-brnf1');
    const veth2 = m.captures.find((c) => c.id === 'default veth2')!;
    assert.deepEqual(ids(onCapture('s4-two-bridges-brnf1', 'default br1', captureLines(veth2.frames, veth2.lines))), ['bridge-causes-nonsense']);
  });

  test('S2 nat-per-packet and icmp-id-kept: only the first SNAT, and ping\'s id kept, on eth4', () => {
    const expected = expectedOf('s2-reentry-two-snats', 'default eth4');
    const first = expected.map((l) => ({ ...l, src: l.src === '110.45.56.67' ? '100.64.0.1' : l.src, dst: l.dst === '110.45.56.67' ? '100.64.0.1' : l.dst }));
    assert.deepEqual(ids(onCapture('s2-reentry-two-snats', 'default eth4', first, ['id'])), ['nat-per-packet']);
    const kept = expected.map((l) => ({ ...l, id: 4242 }));
    assert.deepEqual(ids(onCapture('s2-reentry-two-snats', 'default eth4', kept, ['id'])), ['icmp-id-kept']);
  });

  test('S9 tcpdump-after-filter: eth0 predicted with the DNATed address, as if tcpdump looked after PREROUTING', () => {
    const expected = expectedOf('s8-capture-vs-hooks-dnat', 'default eth0');
    const after = expected.map((l) => ({ ...l, src: l.src === '203.0.113.1' ? '172.17.0.2' : l.src, dst: l.dst === '203.0.113.1' ? '172.17.0.2' : l.dst }));
    const found = onCapture('s8-capture-vs-hooks-dnat', 'default eth0', after);
    assert.deepEqual(ids(found), ['tcpdump-after-filter']);
    assert.deepEqual(found[0]!.items, [0, 1, 2, 3]);
  });

  test('ARP: a reply "to" the asked-for address (or everyone) is arp-reply-broadcast', () => {
    const expected = expectedOf('arp-request-reply', 'a eth0');
    const wrong = expected.map((l) => (l.kind === 'arp-reply' ? { ...l, dst: l.src } : l));
    assert.deepEqual(ids(onCapture('arp-request-reply', 'a eth0', wrong)), ['arp-reply-broadcast']);
  });

  test('S6 input-on-router: INPUT for the echo request to 8.8.8.8', () => {
    const m = model('s6-input-vs-forward');
    const expected = hooksOf(findPacket(m, '172.17.0.2 > 8.8.8.8: ICMP echo request')!).filter((h) => h.ns === 'default');
    const said = expected.map((h) => (h.hook === 'FORWARD' ? { ...h, hook: 'INPUT' as const } : h));
    const found = matchMisconceptions(CATALOGUE, 's6-input-vs-forward', { on: 'hooks', grade: gradeHooks(said, expected) });
    assert.deepEqual(ids(found), ['input-on-router']);
  });

  test('S5 o-is-where-i-think: the -o docker0 rule predicted to count', () => {
    const m = model('s5-docker0-o-snat');
    const rows = m.rules.filter((r) => r.chain === 'POSTROUTING').map((r) => ({ rule: r.text, said: r.packets > 0 || r.text.includes('-o docker0 -p icmp'), moved: r.packets > 0 }));
    assert.deepEqual(ids(matchMisconceptions(CATALOGUE, 's5-docker0-o-snat', { on: 'counters', rows })), ['o-is-where-i-think']);
    // Elsewhere a wrongly ticked rule is the general policy-counts.
    assert.deepEqual(ids(matchMisconceptions(CATALOGUE, 'rule-order-first-match', { on: 'counters', rows: [{ rule: '-A FORWARD -j ACCEPT', said: true, moved: false }] })), ['policy-counts']);
  });

  test('a conntrack entry listed twice is a duplicate, not "no such entry"', () => {
    const line = 'icmp 1 29 src=10.0.0.1 dst=10.0.0.2 type=8 code=0 id=1 src=10.0.0.2 dst=10.0.0.1 type=0 code=0 id=1';
    const expected = parseConntrackList(line).entries;
    const g = gradeConntrack(parseConntrackList(`${line}\n${line}`).entries, expected);
    assert.equal(g.items[1]!.status, 'extra');
    assert.equal(g.items[1]!.duplicate, true);
    assert.deepEqual(ids(matchMisconceptions(CATALOGUE, 'udp-datagram', { on: 'conntrack', grade: g })), ['conntrack-duplicate']);
  });
});

test('src/grading/misconceptions.json is the YAML catalogue, checked (run node src/bin/misconceptions.ts after editing it)', () => {
  const copy = JSON.parse(readFileSync(new URL('./misconceptions.json', import.meta.url), 'utf8')) as unknown;
  assert.deepEqual(copy, CATALOGUE);
});
