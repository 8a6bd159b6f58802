import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, test } from 'node:test';
import { buildLabModel, findPacket, type LabModel, type PacketWalk } from '../lab/lab-model.ts';
import {
  allRuleHits,
  CONNTRACK_ALWAYS,
  conntrackOf,
  gradeConntrack,
  gradeConntrackEntry,
  gradeHooks,
  gradeRules,
  hooksOf,
  parseConntrackLine,
  parseConntrackList,
  parseHookList,
  parseRuleHit,
  rulesOf,
  type ConntrackEntryFields,
  type HookStep,
  type RuleHit,
} from './path.ts';

const SCENARIOS = new URL('../../content/scenarios/', import.meta.url);
const models = new Map<string, LabModel>();
function scenario(name: string): LabModel {
  let m = models.get(name);
  if (!m) {
    m = buildLabModel(readFileSync(new URL(name, SCENARIOS), 'utf8'));
    assert.equal(m.error, undefined, `${name} runs`);
    models.set(name, m);
  }
  return m;
}
function packet(model: LabModel, match: string): PacketWalk {
  const p = findPacket(model, match);
  assert.ok(p, `a packet "${match}"`);
  return p;
}
const hooks = (text: string, ns = 'default'): HookStep[] => {
  const r = parseHookList(text, ns);
  assert.deepEqual(r.errors, []);
  return r.steps;
};
const names = (steps: readonly HookStep[]): string[] => steps.map((s) => `${s.ns} ${s.hook}`);
const rule = (text: string): RuleHit => {
  const r = parseRuleHit(text);
  assert.ok(r.ok, r.ok ? '' : r.error);
  return r.value;
};
const entry = (text: string): ConntrackEntryFields => {
  const r = parseConntrackLine(text);
  assert.ok(r.ok, r.ok ? '' : r.error);
  return r.value;
};

describe('s4-two-bridges-brnf1: a routed packet between two bridges', () => {
  const model = scenario('s4-two-bridges-brnf1.sh');
  const request = packet(model, '172.17.0.4 > 172.19.0.2: ICMP echo request');
  const reply = packet(model, '172.19.0.2 > 172.17.0.1: ICMP echo reply');

  test('hooksOf: the request crosses three namespaces', () => {
    assert.deepEqual(names(hooksOf(request)), [
      'ns1 OUTPUT',
      'ns1 POSTROUTING',
      'default PREROUTING',
      'default FORWARD',
      'default POSTROUTING',
      'ns2 PREROUTING',
      'ns2 INPUT',
    ]);
    // The device the engine names at each hook rides along (not graded).
    assert.equal(hooksOf(request)[2]!.dev, 'br0');
    assert.equal(hooksOf(request)[4]!.dev, 'br1');
  });

  test('rulesOf: only the SNAT rule matches, once, on the request; the reply is de-NATed by conntrack', () => {
    assert.deepEqual(rulesOf(request), [{ ns: 'default', table: 'nat', chain: 'POSTROUTING', rule: 1, verdict: 'SNAT' }]);
    assert.deepEqual(rulesOf(reply), []);
    assert.deepEqual(hooksOf(reply).filter((h) => h.ns === 'default').map((h) => h.hook), ['PREROUTING', 'FORWARD', 'POSTROUTING']);
  });

  test('gradeHooks: the whole path typed with arrows is right', () => {
    const typed = hooks('ns1 OUTPUT -> ns1 POSTROUTING -> PREROUTING -> FORWARD -> POSTROUTING -> ns2 prerouting -> ns2: input');
    const g = gradeHooks(typed, hooksOf(request));
    assert.deepEqual(g.summary, { correct: true, right: 7, wrong: 0, missing: 0, extra: 0 });
  });

  test('gradeHooks: INPUT instead of FORWARD on the host is that item wrong on hook; forgetting ns1 is two missing', () => {
    const typed = hooks('PREROUTING, INPUT, POSTROUTING, ns2 PREROUTING, ns2 INPUT');
    const g = gradeHooks(typed, hooksOf(request));
    assert.deepEqual(g.summary, { correct: false, right: 4, wrong: 1, missing: 2, extra: 0 });
    const wrong = g.items.find((i) => i.status === 'wrong')!;
    assert.deepEqual(wrong.fields, { ns: 'right', hook: 'wrong' });
    assert.equal(wrong.expected!.hook, 'FORWARD');
    assert.deepEqual(g.items.slice(0, 2).map((i) => i.status), ['missing', 'missing']);
  });

  test('gradeHooks: the right hook in the wrong namespace is ns wrong', () => {
    const expected = hooksOf(request);
    const typed = expected.map((h) => (h.hook === 'FORWARD' ? { ns: 'ns1', hook: h.hook } : h));
    const g = gradeHooks(typed, expected);
    assert.deepEqual(g.items[3]!.fields, { ns: 'wrong', hook: 'right' });
  });

  test('conntrack -L: one ICMP entry, reply toward the SNAT address', () => {
    const ct = conntrackOf(model);
    assert.ok(ct);
    assert.equal(ct.length, 1);
    const e = ct[0]!;
    assert.equal(e.proto, 'icmp');
    assert.deepEqual(e.orig, { src: '172.17.0.4', dst: '172.19.0.2', type: 8, code: 0, id: e.orig.id });
    assert.equal(e.reply.dst, '172.17.0.1');
    assert.equal(e.unreplied, false);
    assert.equal(e.zone, 0);
    // 30 s less the milliseconds the next commands took to start: conntrack prints whole seconds, rounded down.
    assert.equal(e.timeout, 29);
    assert.equal(e.mark, 0);
    // A learner forgetting the SNAT predicts the reply back to 172.17.0.4.
    const g = gradeConntrackEntry(entry('icmp src=172.17.0.4 dst=172.19.0.2 src=172.19.0.2 dst=172.17.0.4'), e);
    assert.equal(g.status, 'wrong');
    assert.deepEqual(g.fields, { proto: 'right', origSrc: 'right', origDst: 'right', replySrc: 'right', replyDst: 'wrong', unreplied: 'right', zone: 'right' });
    assert.equal(gradeConntrackEntry(entry('icmp src=172.17.0.4 dst=172.19.0.2 src=172.19.0.2 dst=172.17.0.1'), e).status, 'right');
    // [UNREPLIED] is a claim: graded.
    assert.deepEqual(
      gradeConntrackEntry(entry('icmp src=172.17.0.4 dst=172.19.0.2 [UNREPLIED] src=172.19.0.2 dst=172.17.0.1'), e).fields.unreplied,
      'wrong',
    );
  });
});

describe('s6-input-vs-forward: any address of the namespace means INPUT', () => {
  const model = scenario('s6-input-vs-forward.sh');

  test("a ping to br0's address (not the interface it came in by) goes through INPUT", () => {
    const p = packet(model, '172.17.0.2 > 172.18.0.1: ICMP echo request');
    assert.deepEqual(names(hooksOf(p)), ['c1 OUTPUT', 'c1 POSTROUTING', 'default PREROUTING', 'default INPUT']);
    assert.deepEqual(rulesOf(p), [
      { ns: 'default', table: 'filter', chain: 'INPUT', rule: 2, verdict: '(no target)' },
      { ns: 'default', table: 'filter', chain: 'INPUT', rule: 6, verdict: '(no target)' },
    ]);
    // The classic wrong prediction: FORWARD, because 172.18.0.1 is not on docker0.
    const g = gradeHooks(hooks('c1 OUTPUT, c1 POSTROUTING, PREROUTING, FORWARD, POSTROUTING'), hooksOf(p));
    assert.deepEqual(g.summary, { correct: false, right: 3, wrong: 1, missing: 0, extra: 1 });
    assert.deepEqual(g.items.map((i) => i.status), ['right', 'right', 'right', 'wrong', 'extra']);
  });

  test('which counters move for the ping to 8.8.8.8: FORWARD 4 and 6, then MASQUERADE', () => {
    const p = packet(model, '172.17.0.2 > 8.8.8.8: ICMP echo request');
    const expected = rulesOf(p);
    assert.deepEqual(expected.map((r) => `${r.table} ${r.chain} ${r.rule} ${r.verdict}`), [
      'filter FORWARD 4 (no target)',
      'filter FORWARD 6 (no target)',
      'nat POSTROUTING 1 MASQUERADE',
    ]);
    const typed = [rule('FORWARD 4'), rule('filter FORWARD 6'), rule('default nat postrouting 1 masquerade')];
    assert.equal(gradeRules(typed, expected).summary.correct, true);
    // -i vethA (rule 7) instead of -i docker0 (rule 6): rule wrong. Counters only: verdict not graded.
    const g = gradeRules([rule('FORWARD 4'), rule('FORWARD 7'), rule('nat POSTROUTING 1 SNAT')], expected, ['ns', 'table', 'chain', 'rule']);
    assert.deepEqual(g.summary, { correct: false, right: 2, wrong: 1, missing: 0, extra: 0 });
    assert.deepEqual(g.items[1]!.fields, { ns: 'right', table: 'right', chain: 'right', rule: 'wrong' });
    // With the verdict graded, SNAT for MASQUERADE is wrong.
    assert.equal(gradeRules([rule('FORWARD 4'), rule('FORWARD 6'), rule('nat POSTROUTING 1 SNAT')], expected).items[2]!.fields.verdict, 'wrong');
  });

  test('allRuleHits adds up to the counters iptables -L -v prints', () => {
    const hits = allRuleHits(model).filter((h) => h.ns === 'default' && h.table === 'filter');
    const count = (chain: string, n: number): number => hits.filter((h) => h.chain === chain && h.rule === n).length;
    for (const chain of ['INPUT', 'FORWARD']) {
      const block = model.printed.find((b) => b.command === `iptables -L ${chain} -v -n -x`);
      assert.ok(block);
      const pkts = block.output.split('\n').slice(2).filter((l) => l.trim() !== '').map((l) => Number(l.trim().split(/\s+/)[0]));
      pkts.forEach((n, i) => assert.equal(count(chain, i + 1), n, `${chain} rule ${i + 1}`));
    }
  });
});

describe('s2-reentry-two-snats: a packet that crosses the host twice', () => {
  const model = scenario('s2-reentry-two-snats.sh');
  const request = packet(model, '10.10.10.10 > 8.8.8.8: ICMP echo request');

  test('hooksOf: the host hooks twice, around the helper', () => {
    assert.deepEqual(names(hooksOf(request)), [
      'vasya OUTPUT',
      'vasya POSTROUTING',
      'default PREROUTING',
      'default FORWARD',
      'default POSTROUTING',
      'helper PREROUTING',
      'helper FORWARD',
      'helper POSTROUTING',
      'default PREROUTING',
      'default FORWARD',
      'default POSTROUTING',
      'inet PREROUTING',
      'inet INPUT',
    ]);
  });

  test('rulesOf: both SNATs; "only the first SNAT applies" leaves one missing', () => {
    const expected = rulesOf(request);
    assert.deepEqual(expected.map((r) => `${r.chain} ${r.rule} ${r.verdict}`), ['POSTROUTING 1 SNAT', 'POSTROUTING 2 SNAT']);
    const g = gradeRules([rule('nat POSTROUTING 1 SNAT')], expected);
    assert.deepEqual(g.summary, { correct: false, right: 1, wrong: 0, missing: 1, extra: 0 });
    assert.equal(g.items[1]!.status, 'missing');
  });

  test('conntrack: two entries; the second reply id is rewritten to 0', () => {
    const ct = conntrackOf(model)!;
    assert.equal(ct.length, 2);
    const id = ct[0]!.orig.id!;
    assert.deepEqual(ct[1]!.reply, { src: '8.8.8.8', dst: '110.45.56.67', type: 0, code: 0, id: 0 });
    const first = `icmp src=10.10.10.10 dst=8.8.8.8 type=8 code=0 id=${id} src=8.8.8.8 dst=100.64.0.1 type=0 code=0 id=${id}`;
    const second = (replyId: number): string => `icmp src=100.64.0.1 dst=8.8.8.8 id=${id} src=8.8.8.8 dst=110.45.56.67 id=${replyId}`;
    // Right, in either order.
    assert.equal(gradeConntrack([entry(second(0)), entry(first)], ct).summary.correct, true);
    // Stating the reply id as unchanged: replyId wrong, the rest right.
    const g = gradeConntrack([entry(first), entry(second(id))], ct);
    assert.deepEqual(g.summary, { correct: false, right: 1, wrong: 1, missing: 0, extra: 0 });
    const wrong = g.items.find((i) => i.status === 'wrong')!;
    assert.deepEqual(Object.entries(wrong.fields).filter(([, m]) => m === 'wrong').map(([f]) => f), ['replyId']);
    // Ids not stated: not graded.
    assert.equal(gradeConntrack([entry(first), entry('icmp src=100.64.0.1 dst=8.8.8.8 src=8.8.8.8 dst=110.45.56.67')], ct).summary.correct, true);
    // Only one entry predicted: the second is missing.
    const one = gradeConntrack([entry(first)], ct);
    assert.deepEqual(one.summary, { correct: false, right: 1, wrong: 0, missing: 1, extra: 0 });
    // An entry that does not exist at all is extra.
    const more = gradeConntrack([entry(first), entry(second(0)), entry('udp src=1.2.3.4 dst=5.6.7.8 sport=1 dport=2 src=5.6.7.8 dst=1.2.3.4 sport=2 dport=1')], ct);
    assert.deepEqual(more.summary, { correct: false, right: 2, wrong: 0, missing: 0, extra: 1 });
  });

  test('zones: s2-reentry-zones-two-snats lists the second entry with zone=1, no id rewrite', () => {
    const ct = conntrackOf(scenario('s2-reentry-zones-two-snats.sh'))!;
    assert.deepEqual(ct.map((e) => e.zone), [0, 1]);
    assert.equal(ct[1]!.reply.id, ct[1]!.orig.id);
    const g = gradeConntrackEntry(entry('icmp src=100.64.0.1 dst=8.8.8.8 src=8.8.8.8 dst=110.45.56.67'), ct[1]!);
    assert.deepEqual(g.fields.zone, 'wrong');
  });
});

describe('parsers', () => {
  test('parseConntrackLine reads what conntrack-tools prints for TCP', () => {
    const e = entry('tcp      6 431999 ESTABLISHED src=10.0.0.1 dst=10.0.0.2 sport=40000 dport=80 src=10.0.0.2 dst=10.0.0.1 sport=80 dport=40000 [ASSURED] mark=0 zone=3 use=1');
    assert.deepEqual(e, {
      proto: 'tcp',
      timeout: 431999,
      state: 'ESTABLISHED',
      orig: { src: '10.0.0.1', dst: '10.0.0.2', sport: 40000, dport: 80 },
      reply: { src: '10.0.0.2', dst: '10.0.0.1', sport: 80, dport: 40000 },
      unreplied: false,
      assured: true,
      mark: 0,
      zone: 3,
    });
    // Assured is graded only when the exercise asks.
    const p = entry('tcp src=10.0.0.1 dst=10.0.0.2 src=10.0.0.2 dst=10.0.0.1 zone=3');
    assert.equal(gradeConntrackEntry(p, e).status, 'right');
    assert.equal(gradeConntrackEntry(p, e, [...CONNTRACK_ALWAYS, 'assured']).fields.assured, 'wrong');
  });

  test('parseConntrackLine errors say what is wrong', () => {
    const err = (t: string): string => {
      const r = parseConntrackLine(t);
      assert.equal(r.ok, false, t);
      return r.ok ? '' : r.error;
    };
    assert.match(err('icmp src=1.2.3.4 dst=5.6.7.8'), /two tuples/);
    assert.match(err('icmp src=1.2.3.4 dst=5.6.7.8 src=5.6.7.8 dst=1.2.3.999'), /dst=1\.2\.3\.999 \(reply\) is not an IPv4 address/);
    assert.match(err('icmp src=1.2.3.4 src=5.6.7.8 dst=1.2.3.4'), /original tuple has no dst=/);
    assert.match(err('icmp dst=1.2.3.4 src=5.6.7.8 dst=1.2.3.4'), /starts with src=/);
    assert.match(err('icmp src=1.2.3.4 dst=5.6.7.8 src=5.6.7.8 dst=1.2.3.4 foo'), /"foo" not understood/);
    assert.match(err('src=1.2.3.4 dst=5.6.7.8 src=5.6.7.8 dst=1.2.3.4'), /protocol/);
    assert.match(err(''), /empty/);
  });

  test('parseConntrackList skips blank lines and the conntrack-tools summary', () => {
    const r = parseConntrackList('\nicmp 1 29 src=1.1.1.1 dst=2.2.2.2 type=8 code=0 id=1 [UNREPLIED] src=2.2.2.2 dst=1.1.1.1 type=0 code=0 id=1 mark=0 use=1\nconntrack v1.4.7 (conntrack-tools): 1 flow entries have been shown.\nbad\n');
    assert.equal(r.entries.length, 1);
    assert.equal(r.entries[0]!.unreplied, true);
    assert.deepEqual(r.errors.map((e) => e.line), [4]);
  });

  test('parseHookList forms and errors', () => {
    assert.deepEqual(hooks('ns1: output\nPOSTROUTING (ns1)\nFORWARD@router\n→ input'), [
      { ns: 'ns1', hook: 'OUTPUT' },
      { ns: 'ns1', hook: 'POSTROUTING' },
      { ns: 'router', hook: 'FORWARD' },
      { ns: 'default', hook: 'INPUT' },
    ]);
    const r = parseHookList('ns1 OUTPUT POSTROUTING, ns1 routing, a b INPUT');
    assert.equal(r.errors.length, 3);
    assert.match(r.errors[0]!, /one hook per item/);
    assert.match(r.errors[1]!, /no hook name/);
    assert.match(r.errors[2]!, /more words/);
  });

  test('parseRuleHit forms and errors', () => {
    assert.deepEqual(rule('INPUT 6'), { ns: 'default', table: 'filter', chain: 'INPUT', rule: 6, verdict: '(no target)' });
    assert.deepEqual(rule('rule 2 of DOCKER'), { ns: 'default', table: 'filter', chain: 'DOCKER', rule: 2, verdict: '(no target)' });
    assert.deepEqual(rule('rule 1 of nat POSTROUTING -> SNAT'), { ns: 'default', table: 'nat', chain: 'POSTROUTING', rule: 1, verdict: 'SNAT' });
    assert.deepEqual(rule('nat POSTROUTING 1 -> snat'), { ns: 'default', table: 'nat', chain: 'POSTROUTING', rule: 1, verdict: 'SNAT' });
    assert.deepEqual(rule('host nat POSTROUTING 1 masquerade'), { ns: 'host', table: 'nat', chain: 'POSTROUTING', rule: 1, verdict: 'MASQUERADE' });
    assert.deepEqual(rule('FORWARD 1 MyChain'), { ns: 'default', table: 'filter', chain: 'FORWARD', rule: 1, verdict: 'MyChain' });
    const bad = parseRuleHit('POSTROUTING');
    assert.equal(bad.ok, false);
  });
});
