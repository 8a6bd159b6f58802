import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { describe, test } from 'node:test';
import { parseIpv4 } from '../net/addr.ts';
import type { EthernetFrame, Ipv4Packet } from '../net/wire/packet.ts';
import { formatFrame } from '../net/wire/tcpdump-format.ts';
import { buildLabModel, type LabModel } from '../lab/lab-model.ts';
import {
  askedFields,
  captureLines,
  parseCaptureFields,
  gradeCapture,
  lineFromFrame,
  parseTcpdumpLine,
  parseTcpdumpLines,
  type CaptureLine,
  type LineKind,
} from './capture.ts';

const SCENARIOS = new URL('../../content/scenarios/', import.meta.url);

function scenario(name: string): LabModel {
  return buildLabModel(readFileSync(new URL(name, SCENARIOS), 'utf8'));
}

function capture(model: LabModel, id: string) {
  const c = model.captures.find((x) => x.id === id);
  assert.ok(c, `capture ${id}`);
  return c;
}

/** The fields always graded, for comparisons that are about them. */
function core(l: CaptureLine | undefined): Pick<CaptureLine, 'kind' | 'src' | 'dst'> | undefined {
  return l && { kind: l.kind, src: l.src, dst: l.dst };
}
function coreMarks(m: Readonly<Record<string, string>>): Record<string, string> {
  return { kind: m.kind!, src: m.src!, dst: m.dst! };
}

function parsed(text: string): CaptureLine {
  const r = parseTcpdumpLine(text);
  assert.ok(r.ok, `${text}: ${r.ok ? '' : r.error}`);
  return r.value;
}

describe('gradeCapture on s4-two-bridges-brnf1 (br1 shows the reply de-NATed, veth2 does not)', () => {
  const model = scenario('s4-two-bridges-brnf1.sh');
  const br1 = capture(model, 'default br1');
  const veth2 = capture(model, 'default veth2');
  const expected = captureLines(br1.frames);

  test('the engine capture lines are what the scenario says', () => {
    assert.equal(br1.lines.length, 8);
    assert.deepEqual(core(expected[5]), { kind: 'echo-reply', src: '172.19.0.2', dst: '172.17.0.4' });
    assert.deepEqual(core(lineFromFrame(veth2.frames[5]!)), { kind: 'echo-reply', src: '172.19.0.2', dst: '172.17.0.1' });
  });

  test('the exact capture typed back is all right', () => {
    const typed = parseTcpdumpLines(br1.lines.join('\n'));
    assert.deepEqual(typed.errors, []);
    const g = gradeCapture(typed.lines, expected);
    assert.deepEqual(g.summary, { correct: true, right: 8, wrong: 0, missing: 0, extra: 0 });
    assert.ok(g.items.every((i) => i.fields.kind === 'right' && i.fields.src === 'right' && i.fields.dst === 'right'));
  });

  test('the first reply predicted to 172.17.0.1: that line wrong, its dst wrong, the rest right', () => {
    const typed = br1.lines.map((l, i) => (i === 5 ? 'IP 172.19.0.2 > 172.17.0.1: ICMP echo reply, id 15849, seq 1, length 64' : l));
    const g = gradeCapture(parseTcpdumpLines(typed.join('\n')).lines, expected);
    assert.deepEqual(g.summary, { correct: false, right: 7, wrong: 1, missing: 0, extra: 0 });
    const wrong = g.items.filter((i) => i.status === 'wrong');
    assert.equal(wrong.length, 1);
    assert.equal(g.items[5]!.status, 'wrong');
    assert.deepEqual(coreMarks(g.items[5]!.fields), { kind: 'right', src: 'right', dst: 'wrong' });
    assert.deepEqual(core(g.items[5]!.predicted), { kind: 'echo-reply', src: '172.19.0.2', dst: '172.17.0.1' });
    assert.deepEqual(core(g.items[5]!.expected), { kind: 'echo-reply', src: '172.19.0.2', dst: '172.17.0.4' });
  });

  test('predicting br1 as veth2 shows it (no de-NAT yet): both replies wrong on dst only', () => {
    const g = gradeCapture(captureLines(veth2.frames), expected);
    assert.deepEqual(g.summary, { correct: false, right: 6, wrong: 2, missing: 0, extra: 0 });
    for (const i of g.items.filter((x) => x.status === 'wrong')) {
      assert.equal(i.expected!.kind, 'echo-reply');
      assert.deepEqual(coreMarks(i.fields), { kind: 'right', src: 'right', dst: 'wrong' });
    }
  });

  test('forgetting the ARP exchanges: four lines missing, in their places', () => {
    const predicted = expected.filter((l) => !l.kind.startsWith('arp'));
    const g = gradeCapture(predicted, expected);
    assert.deepEqual(g.summary, { correct: false, right: 4, wrong: 0, missing: 4, extra: 0 });
    assert.deepEqual(
      g.items.map((i) => i.status),
      ['missing', 'missing', 'right', 'missing', 'missing', 'right', 'right', 'right'],
    );
    for (const i of g.items.filter((x) => x.status === 'missing')) {
      assert.equal(i.predicted, undefined);
      assert.deepEqual(coreMarks(i.fields), { kind: 'wrong', src: 'wrong', dst: 'wrong' });
    }
  });

  test('an extra line (a third echo request) is extra; an empty prediction is all missing', () => {
    const predicted = [...expected, parsed('IP 172.17.0.1 > 172.19.0.2: ICMP echo request')];
    const g = gradeCapture(predicted, expected);
    assert.deepEqual(g.summary, { correct: false, right: 8, wrong: 0, missing: 0, extra: 1 });
    assert.equal(g.items[8]!.status, 'extra');
    assert.equal(g.items[8]!.expected, undefined);
    assert.deepEqual(gradeCapture([], expected).summary, { correct: false, right: 0, wrong: 0, missing: 8, extra: 0 });
    assert.deepEqual(gradeCapture([], []).summary, { correct: true, right: 0, wrong: 0, missing: 0, extra: 0 });
  });

  test('the ARP request on br1 tells 172.17.0.1 (the SNATed source); predicting 172.19.0.1 is src wrong', () => {
    const predicted = [parsed('ARP, Request who-has 172.19.0.2 tell 172.19.0.1'), ...expected.slice(1)];
    const g = gradeCapture(predicted, expected);
    assert.equal(g.items[0]!.status, 'wrong');
    assert.deepEqual(coreMarks(g.items[0]!.fields), { kind: 'right', src: 'wrong', dst: 'right' });
  });

  test('a wrong line is graded against the expected line it agrees with most, not the one in its place', () => {
    // The learner forgot the reply's ARP exchange and got the reply's destination wrong: the
    // wrong line is the echo reply (dst wrong), the two ARP lines before it are missing.
    const predicted = [...expected.slice(0, 3), parsed('172.19.0.2 > 172.17.0.1: icmp echo reply'), ...expected.slice(6)];
    const g = gradeCapture(predicted, expected);
    assert.deepEqual(
      g.items.map((i) => i.status),
      ['right', 'right', 'right', 'missing', 'missing', 'wrong', 'right', 'right'],
    );
    assert.equal(g.items[5]!.expected!.kind, 'echo-reply');
    assert.deepEqual(coreMarks(g.items[5]!.fields), { kind: 'right', src: 'right', dst: 'wrong' });
  });
});

describe('parseTcpdumpLine round-trips every line the engine prints in content/scenarios', () => {
  const files = readdirSync(SCENARIOS).filter((f) => f.endsWith('.sh')).sort();
  const kinds = new Set<LineKind>();
  for (const file of files) {
    test(file, () => {
      const model = scenario(file);
      for (const c of model.captures) {
        assert.equal(c.lines.length, c.frames.length, `${c.id}: one line per frame`);
        const expected = captureLines(c.frames, c.lines);
        c.lines.forEach((line, i) => {
          const { initial: _, ...want } = expected[i]!;
          kinds.add(want.kind);
          // A reply as tcpdump prints it does not name the asker.
          assert.deepEqual(parsed(line), want.kind === 'arp-reply' ? { ...want, dst: '' } : want, `${c.id} line ${i + 1}: ${line}`);
        });
        // Typed back exactly, with every field asked for: all right.
        const g = gradeCapture(parseTcpdumpLines(c.lines.join('\n')).lines, expected, ['id', 'seq', 'ack', 'flags']);
        assert.ok(g.summary.correct, `${c.id}: ${JSON.stringify(g.summary)}`);
      }
    });
  }
  test('the scenarios cover the kinds the course is about', () => {
    for (const k of ['arp-request', 'arp-reply', 'echo-request', 'echo-reply', 'port-unreachable', 'host-unreachable', 'net-unreachable', 'admin-prohibited', 'time-exceeded'] as const) {
      assert.ok(kinds.has(k), k);
    }
  });
});

describe('parseTcpdumpLine round-trips the formatter on kinds no scenario prints yet', () => {
  const mac1 = '02:00:00:00:00:01';
  const mac2 = '02:00:00:00:00:02';
  const a = parseIpv4('10.0.0.1')!;
  const b = parseIpv4('192.0.2.2')!;
  const echo: Ipv4Packet = { kind: 'ipv4', src: a, dst: b, ttl: 64, id: 1, payload: { kind: 'icmp', type: 8, code: 0, id: 7, seq: 1, dataLength: 56 } };
  const udp: Ipv4Packet = { kind: 'ipv4', src: a, dst: b, ttl: 64, id: 2, payload: { kind: 'udp', sport: 40000, dport: 53, dataLength: 3 } };
  const tcp: Ipv4Packet = {
    kind: 'ipv4',
    src: a,
    dst: b,
    ttl: 64,
    id: 3,
    payload: { kind: 'tcp', sport: 40000, dport: 80, flags: { syn: true }, seq: 1000, ack: 0, win: 64240, options: 'mss 1460', optionsLength: 4, dataLength: 0 },
  };
  const error = (type: 3 | 5 | 11, code: number, quoted: Ipv4Packet): Ipv4Packet => ({
    kind: 'ipv4',
    src: b,
    dst: a,
    ttl: 64,
    id: 4,
    payload: { kind: 'icmp', type, code, quoted, quotedLength: 28, ...(type === 5 ? { gateway: parseIpv4('10.0.0.254')! } : {}), ...(code === 4 ? { mtu: 1400 } : {}) },
  });
  const packets: Ipv4Packet[] = [echo, { ...echo, payload: { kind: 'icmp', type: 0, code: 0, id: 7, seq: 1, dataLength: 56 } }, udp, tcp];
  for (let code = 0; code <= 15; code++) for (const q of [udp, tcp, echo]) packets.push(error(3, code, q));
  for (let code = 0; code <= 3; code++) packets.push(error(5, code, echo));
  packets.push(error(11, 0, echo), error(11, 1, echo));
  packets.push({ ...echo, payload: { kind: 'other', protocol: 253, dataLength: 10 } as unknown as Ipv4Packet['payload'] });
  const frames: EthernetFrame[] = packets.map((p) => ({ src: mac1, dst: mac2, payload: p }));
  frames.push({ src: mac1, dst: 'ff:ff:ff:ff:ff:ff', payload: { kind: 'arp', op: 'request', senderMac: mac1, senderIp: a, targetMac: '00:00:00:00:00:00', targetIp: b } });
  frames.push({ src: mac1, dst: mac2, payload: { kind: 'arp', op: 'request', senderMac: mac1, senderIp: a, targetMac: mac2, targetIp: b } });
  frames.push({ src: mac2, dst: mac1, payload: { kind: 'arp', op: 'reply', senderMac: mac2, senderIp: b, targetMac: mac1, targetIp: a } });

  test('with and without -e', () => {
    const kinds = new Set<LineKind>();
    for (const f of frames) {
      const want = lineFromFrame(f);
      kinds.add(want.kind);
      for (const ether of [false, true]) {
        const line = formatFrame(f, { ether });
        assert.deepEqual(parsed(line), want.kind === 'arp-reply' ? { ...want, dst: '' } : want, line);
      }
    }
    assert.equal(kinds.size, 13, [...kinds].join(' '));
  });

  test('ICMP codes map to kinds', () => {
    const kindOf = (type: 3 | 5 | 11, code: number): LineKind => lineFromFrame({ src: mac1, dst: mac2, payload: error(type, code, udp) }).kind;
    assert.equal(kindOf(3, 0), 'net-unreachable');
    assert.equal(kindOf(3, 1), 'host-unreachable');
    assert.equal(kindOf(3, 2), 'other');
    assert.equal(kindOf(3, 3), 'port-unreachable');
    assert.equal(kindOf(3, 4), 'other');
    assert.equal(kindOf(3, 9), 'admin-prohibited');
    assert.equal(kindOf(3, 10), 'admin-prohibited');
    assert.equal(kindOf(3, 13), 'admin-prohibited');
    assert.equal(kindOf(5, 1), 'redirect');
    assert.equal(kindOf(11, 0), 'time-exceeded');
  });
});

describe('parseTcpdumpLine is lenient with what people type', () => {
  const cases: [string, CaptureLine][] = [
    ['IP 172.17.0.1 > 172.19.0.2: ICMP echo request, id 12, seq 1, length 64', { kind: 'echo-request', src: '172.17.0.1', dst: '172.19.0.2', id: 12, seq: 1 }],
    ['172.17.0.1 > 172.19.0.2: ICMP echo request', { kind: 'echo-request', src: '172.17.0.1', dst: '172.19.0.2' }],
    ['  ip   172.17.0.1>172.19.0.2:icmp   ECHO Reply ', { kind: 'echo-reply', src: '172.17.0.1', dst: '172.19.0.2' }],
    ['172.17.0.1 > 172.19.0.2 echo request', { kind: 'echo-request', src: '172.17.0.1', dst: '172.19.0.2' }],
    ['10.00.0.01 > 10.0.0.2: echo request', { kind: 'echo-request', src: '10.0.0.1', dst: '10.0.0.2' }],
    ['12:00:01.123456 IP 10.0.0.1 > 10.0.0.2: ICMP echo request, id 1, seq 1, length 64', { kind: 'echo-request', src: '10.0.0.1', dst: '10.0.0.2', id: 1, seq: 1 }],
    ['ARP, Request who-has 172.19.0.2 tell 172.17.0.1, length 28', { kind: 'arp-request', src: '172.17.0.1', dst: '172.19.0.2' }],
    ['arp who-has 172.19.0.2 tell 172.17.0.1', { kind: 'arp-request', src: '172.17.0.1', dst: '172.19.0.2' }],
    ['ARP, Reply 172.19.0.2 is-at fe:34:bc:5c:a6:d2, length 28', { kind: 'arp-reply', src: '172.19.0.2', dst: '' }],
    ['arp reply 172.19.0.2', { kind: 'arp-reply', src: '172.19.0.2', dst: '' }],
    ['ARP, Reply 172.19.0.2 is-at', { kind: 'arp-reply', src: '172.19.0.2', dst: '' }],
    ['10.0.0.254 > 10.0.0.1: ICMP port unreachable', { kind: 'port-unreachable', src: '10.0.0.254', dst: '10.0.0.1' }],
    ['10.0.0.254 > 10.0.0.1: ICMP 192.0.2.2 udp port 53 unreachable', { kind: 'port-unreachable', src: '10.0.0.254', dst: '10.0.0.1' }],
    ['10.0.0.254 > 10.0.0.1: ICMP host unreachable', { kind: 'host-unreachable', src: '10.0.0.254', dst: '10.0.0.1' }],
    ['10.0.0.254 > 10.0.0.1: ICMP admin prohibited', { kind: 'admin-prohibited', src: '10.0.0.254', dst: '10.0.0.1' }],
    ['10.0.0.254 > 10.0.0.1: time exceeded', { kind: 'time-exceeded', src: '10.0.0.254', dst: '10.0.0.1' }],
    ['IP 10.0.0.1.40000 > 192.0.2.2.53: UDP, length 3', { kind: 'udp', src: '10.0.0.1', dst: '192.0.2.2' }],
    ['10.0.0.1.40000 > 192.0.2.2.80: Flags [S], seq 1, win 64240, length 0', { kind: 'tcp', src: '10.0.0.1', dst: '192.0.2.2', flags: 'S', seq: 1 }],
    ['10.0.0.1.40000 > 192.0.2.2.80: tcp', { kind: 'tcp', src: '10.0.0.1', dst: '192.0.2.2' }],
  ];
  for (const [text, want] of cases) test(JSON.stringify(text), () => assert.deepEqual(parsed(text), want));

  const errors: [string, RegExp][] = [
    ['', /empty/],
    ['hello', /SOURCE > DESTINATION/],
    ['10.0.0.1 > 10.0.0.2', /nothing after/],
    ['10.0.0.300 > 10.0.0.2: ICMP echo request', /"10\.0\.0\.300" \(the source\) is not an IPv4 address/],
    ['10.0.0.1 > host2: ICMP echo request', /"host2" \(the destination\)/],
    ['10.0.0.1 > 10.0.0.2: ICMP echo', /"icmp echo" not understood/],
    ['10.0.0.1 > 10.0.0.2: ICMP unreachable', /not understood/],
    ['ARP, Request who-has 10.0.0.2', /Request who-has ADDRESS tell ADDRESS/],
    ['ARP something', /ARP line not understood/],
  ];
  for (const [text, message] of errors) {
    test(`error: ${JSON.stringify(text)}`, () => {
      const r = parseTcpdumpLine(text);
      assert.equal(r.ok, false);
      if (!r.ok) assert.match(r.error, message);
    });
  }

  test('parseTcpdumpLines reports errors by line number and skips blank and # lines', () => {
    const r = parseTcpdumpLines('# my guess\n\n10.0.0.1 > 10.0.0.2: echo request\nnonsense\n10.0.0.2 > 10.0.0.1: echo reply\n');
    assert.equal(r.lines.length, 2);
    assert.deepEqual(r.errors.map((e) => e.line), [4]);
  });
});

describe('the fields that carry the misconceptions are graded (issue 11)', () => {
  const lines = (file: string, id: string): { expected: CaptureLine[]; printed: readonly string[] } => {
    const c = capture(scenario(file), id);
    return { expected: captureLines(c.frames, c.lines), printed: c.lines };
  };

  test('S7: "ping resends seq 1" (four requests, all seq 1) is wrong; 1, 2, 3, 4 is right', () => {
    const { expected, printed } = lines('s7-ping-replies-dropped-by-sender.sh', 'a eth0');
    const arp = printed.slice(0, 2);
    const resend = [...arp, ...[1, 1, 1, 1].map((n) => `IP 10.0.0.1 > 10.0.0.2: ICMP echo request, id 1, seq ${n}, length 64`)];
    const wrong = gradeCapture(parseTcpdumpLines(resend.join('\n')).lines, expected, ['seq']);
    assert.equal(wrong.summary.correct, false);
    assert.deepEqual(wrong.items.filter((i) => i.status === 'wrong').map((i) => i.fields.seq), ['wrong', 'wrong', 'wrong']);
    const right = [...arp, ...[1, 2, 3, 4].map((n) => `IP 10.0.0.1 > 10.0.0.2: ICMP echo request, id 1, seq ${n}, length 64`)];
    assert.equal(gradeCapture(parseTcpdumpLines(right.join('\n')).lines, expected, ['seq']).summary.correct, true);
    // Asked for, the seq must be given: rows without it are wrong, not right by default.
    const unsaid = parseTcpdumpLines([...arp, ...[1, 2, 3, 4].map(() => 'IP 10.0.0.1 > 10.0.0.2: ICMP echo request')].join('\n')).lines;
    assert.equal(gradeCapture(unsaid, expected, ['seq']).summary.correct, false);
    // Not asked and not said: not graded.
    assert.equal(gradeCapture(unsaid, expected).summary.correct, true);
  });

  test('S8: a handshake with every flag [S] is wrong; tcpdump\'s own flags are right', () => {
    const { expected, printed } = lines('tcp-handshake.sh', 'client eth0');
    const allSyn = printed.map((l) => l.replace(/Flags \[[^\]]*\]/, 'Flags [S]'));
    const g = gradeCapture(parseTcpdumpLines(allSyn.join('\n')).lines, expected, askedFields(expected));
    assert.equal(g.summary.correct, false);
    assert.equal(g.summary.wrong, 5);
    assert.ok(g.items.filter((i) => i.status === 'wrong').every((i) => i.fields.flags === 'wrong'));
    // Rows from a form (no seq/ack said) with the right flags: right, since the exercise asks flags only.
    const rows = expected.map((l) => ({ kind: l.kind, src: l.src, dst: l.dst, ...(l.flags ? { flags: l.flags } : {}) }));
    assert.equal(gradeCapture(rows, expected, askedFields(expected)).summary.correct, true);
    // Without the flags, TCP rows are wrong when flags are asked for (the default where TCP is captured).
    const bare = expected.map((l) => ({ kind: l.kind, src: l.src, dst: l.dst }));
    assert.equal(gradeCapture(bare, expected, askedFields(expected)).summary.correct, false);
  });

  test('TCP seq/ack: the initial numbers are any number, the relative ones exact', () => {
    const { expected, printed } = lines('tcp-handshake.sh', 'client eth0');
    const mine = printed.map((l) => l.replace(/seq 2100857034|seq 1227766539/, 'seq 42').replace(/ack 2100857035/, 'ack 43'));
    assert.equal(gradeCapture(parseTcpdumpLines(mine.join('\n')).lines, expected, ['seq', 'ack', 'flags']).summary.correct, true);
    const noAck = printed.map((l) => l.replace(/, ack \d+/, ''));
    const g = gradeCapture(parseTcpdumpLines(noAck.join('\n')).lines, expected, ['seq', 'ack', 'flags']);
    assert.equal(g.summary.correct, false, 'no ack numbers at all (S8) is wrong where ack is asked');
  });

  test('S2: id 0 after the second SNAT is graded; ping\'s own id (any number) is wrong there', () => {
    const { expected } = lines('s2-reentry-two-snats.sh', 'default eth4');
    assert.ok(expected.every((l) => l.id === 0));
    const kept = expected.map((l) => ({ ...l, id: 4242 }));
    const g = gradeCapture(kept, expected, ['id']);
    assert.equal(g.summary.wrong, expected.length);
    assert.ok(g.items.every((i) => i.fields.id === 'wrong'));
    assert.equal(gradeCapture(expected.map((l) => ({ ...l })), expected, ['id']).summary.correct, true);
    // Elsewhere ping's own id stands: any non-zero number is right, 0 is wrong.
    const eth1 = lines('s2-reentry-two-snats.sh', 'default eth1').expected;
    assert.equal(gradeCapture(eth1.map((l) => ({ ...l, id: 7 })), eth1, ['id']).summary.correct, true);
    assert.equal(gradeCapture(eth1.map((l) => ({ ...l, id: 0 })), eth1, ['id']).summary.correct, false);
  });

  test('ARP: a reply goes back to the asker (source: who is-at, destination: the asker)', () => {
    const { expected } = lines('arp-request-reply.sh', 'a eth0');
    assert.deepEqual(core(expected[0]), { kind: 'arp-request', src: '10.0.0.1', dst: '10.0.0.2' });
    assert.deepEqual(core(expected[1]), { kind: 'arp-reply', src: '10.0.0.2', dst: '10.0.0.1' });
    const natural = [
      { kind: 'arp-request' as const, src: '10.0.0.1', dst: '10.0.0.2' },
      { kind: 'arp-reply' as const, src: '10.0.0.2', dst: '10.0.0.1' },
    ];
    const g = gradeCapture(natural, expected.slice(0, 2));
    assert.equal(g.summary.correct, true);
    // The old hidden convention (a reply "to" itself) is now wrong on the destination.
    const old = gradeCapture([natural[0]!, { kind: 'arp-reply', src: '10.0.0.2', dst: '10.0.0.2' }], expected.slice(0, 2));
    assert.equal(old.items[1]!.fields.dst, 'wrong');
    // Broadcast thinking: the reply "to" the asked-for address or someone else is wrong.
    assert.equal(gradeCapture([natural[0]!, { kind: 'arp-reply', src: '10.0.0.1', dst: '10.0.0.2' }], expected.slice(0, 2)).summary.correct, false);
  });

  test('parseCaptureFields reads an exercise attribute and refuses unknown names', () => {
    assert.deepEqual(parseCaptureFields('seq, id'), ['seq', 'id']);
    assert.deepEqual(parseCaptureFields(undefined), []);
    assert.throws(() => parseCaptureFields('seq,ttl'), /unknown capture field "ttl"/);
  });
});
