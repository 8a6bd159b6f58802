// The walk shows each lesson's central moment from the engine's own facts: conntrack's lookup,
// NAT decided (by which rule, to which mapping) or not consulted because already decided,
// de-NAT on replies, the matched rule's text, the drop reason; the flow diagram's layers.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, test } from 'node:test';
import { buildLabModel, findPacket, type LabModel, type PacketWalk, type WalkStep } from './lab-model.ts';
import { describeWalkStep, flowLayersOf } from './walk-step.ts';

const models = new Map<string, LabModel>();
function model(id: string): LabModel {
  let m = models.get(id);
  if (!m) {
    m = buildLabModel(readFileSync(new URL(`../../content/scenarios/${id}.sh`, import.meta.url), 'utf8'));
    models.set(id, m);
  }
  return m;
}
function walk(id: string, packet: string): PacketWalk {
  const w = findPacket(model(id), packet);
  assert.ok(w, `${id}: no packet "${packet}"`);
  return w;
}
type Step<K extends WalkStep['step']> = Extract<WalkStep, { step: K }>;
function steps<K extends WalkStep['step']>(w: PacketWalk, kind: K, where: Partial<Record<'ns' | 'hook' | 'dev', string>> = {}): Step<K>[] {
  return w.steps.filter((s): s is Step<K> => s.step === kind && Object.entries(where).every(([k, v]) => (s as unknown as Record<string, unknown>)[k] === v));
}
const rows = (s: WalkStep) => new Map(describeWalkStep(s).rows);

describe('conntrack lookup', () => {
  test('a first packet makes a new entry; a later one finds it as its original tuple; a reply finds it as its reply tuple', () => {
    const first = steps(walk('nat-first-match', '10.0.0.1 > 192.0.2.3: ICMP echo request, id 15586, seq 1'), 'conntrack', { ns: 'default' });
    assert.equal(first.length, 1);
    assert.equal(first[0]!.lookup, 'new');
    assert.equal(first[0]!.ctState, 'NEW');
    assert.equal(rows(first[0]!).get('Conntrack lookup'), 'no entry matches: a new entry is made');

    const second = steps(walk('nat-first-match', '10.0.0.1 > 192.0.2.3: ICMP echo request, id 15586, seq 2'), 'conntrack', { ns: 'default' })[0]!;
    assert.equal(second.lookup, 'found');
    assert.equal(second.dir, 'original');
    assert.equal(second.ctState, 'ESTABLISHED');

    const reply = steps(walk('nat-first-match', '192.0.2.3 > 192.0.2.1: ICMP echo reply, id 15586, seq 1'), 'conntrack', { ns: 'default' })[0]!;
    assert.equal(reply.lookup, 'found');
    assert.equal(reply.dir, 'reply');
    assert.match(rows(reply).get('Conntrack lookup')!, /as its reply tuple/);
    // The entry's reply tuple says where the reply is expected: the MASQUERADE address.
    assert.equal(reply.entry?.reply, 'icmp 192.0.2.3 > 192.0.2.1 id 15586');
    assert.equal(reply.entry?.original, 'icmp 10.0.0.1 > 192.0.2.3 id 15586');
  });

  test('5.1: the host\'s own ping back in through lo still carries its entry: no lookup at PREROUTING', () => {
    const w = walk('dnat-prerouting-vs-output', '203.0.113.1 > 203.0.113.1: ICMP echo request, id');
    const [atOutput] = steps(w, 'conntrack', { hook: 'OUTPUT' });
    const [atPrerouting] = steps(w, 'conntrack', { hook: 'PREROUTING', dev: 'lo' });
    assert.equal(atOutput?.lookup, 'new');
    assert.equal(atPrerouting?.lookup, 'carried');
    assert.equal(atPrerouting?.entry?.id, atOutput?.entry?.id);
  });
});

describe('NAT decided once, then reused', () => {
  test('5.2: the first packet\'s POSTROUTING consults the nat table: MASQUERADE decides, named by its text, with the mapping', () => {
    const w = walk('nat-first-match', '10.0.0.1 > 192.0.2.3: ICMP echo request, id 15586, seq 1');
    const decided = steps(w, 'nat', { hook: 'POSTROUTING', ns: 'default' }).find((s) => s.action === 'decided');
    assert.ok(decided);
    assert.equal(decided.rule?.target, 'MASQUERADE');
    assert.equal(decided.ruleText, '-t nat -A POSTROUTING -o eth2 -j MASQUERADE');
    assert.deepEqual(decided.mapping, { from: '10.0.0.1', to: '192.0.2.1' });
    const d = describeWalkStep(decided);
    assert.match(d.headline, /^NAT decided at POSTROUTING by -t nat -A POSTROUTING .* -j MASQUERADE: source 10\.0\.0\.1 -> 192\.0\.2\.1/);
    // PREROUTING of the same packet: consulted too, nothing matched: a null binding.
    const pre = steps(w, 'nat', { hook: 'PREROUTING', ns: 'default' });
    assert.deepEqual(pre.map((s) => s.action), ['null-binding']);
  });

  test('5.2 after the -I: the new ping is decided by the inserted SNAT, rule 1 at that time', () => {
    const requests = model('nat-first-match').packets.filter((p) => /echo request, id \d+, seq 1$/.test(p.summary) && p.summary.startsWith('10.0.0.1 '));
    assert.equal(requests.length, 2);
    const decided = steps(requests[1]!, 'nat').find((s) => s.action === 'decided');
    assert.equal(decided?.ruleText, '-t nat -A POSTROUTING -d 192.0.2.3/32 -o eth2 -j SNAT --to-source 192.0.2.9');
    assert.equal(decided?.rule?.rule, 1);
    assert.deepEqual(decided?.mapping, { from: '10.0.0.1', to: '192.0.2.9' });
  });

  test('5.2 seq 2: the nat table is not consulted (already decided); the source is rewritten from the entry; no nat rule matches', () => {
    const w = walk('nat-first-match', '10.0.0.1 > 192.0.2.3: ICMP echo request, id 15586, seq 2');
    const nat = steps(w, 'nat', { ns: 'default' });
    assert.deepEqual(nat.map((s) => `${s.hook} ${s.action}`), ['PREROUTING reused', 'POSTROUTING reused']);
    assert.deepEqual(nat[1]!.rewritten, { from: '10.0.0.1', to: '192.0.2.1' });
    assert.match(describeWalkStep(nat[1]!).headline, /the nat table is not consulted: this connection's source NAT is already decided/);
    assert.equal(steps(w, 'rule', { ns: 'default' }).length, 0, 'no nat rule is walked for a decided connection');
  });

  test('5.2 reply: de-NAT at PREROUTING says which address is rewritten back', () => {
    const w = walk('nat-first-match', '192.0.2.3 > 192.0.2.1: ICMP echo reply, id 15586, seq 1');
    const [pre] = steps(w, 'nat', { hook: 'PREROUTING', ns: 'default' });
    assert.equal(pre?.action, 'reused');
    assert.equal(pre?.direction, 'reply');
    assert.deepEqual(pre?.rewritten, { from: '192.0.2.1', to: '10.0.0.1' });
    assert.equal(rows(pre!).get('De-NAT (a reply)'), 'destination 192.0.2.1 -> 10.0.0.1');
    assert.match(pre!.note, /rewritten back to 10\.0\.0\.1, undoing the connection's source NAT/);
  });

  test('5.3: the second pass\'s POSTROUTING does not consult the nat table: the first pass\'s null binding stands', () => {
    const w = walk('s2-reentry-second-snat-only', '10.10.10.10 > 8.8.8.8: ICMP echo request, id');
    const post = steps(w, 'nat', { hook: 'POSTROUTING', ns: 'default' });
    assert.deepEqual(post.map((s) => `${s.dev} ${s.action}`), ['eth3 null-binding', 'eth4 reused']);
    assert.equal(post[1]!.rewritten, undefined);
    assert.match(describeWalkStep(post[1]!).headline, /not consulted: this connection's source NAT is already decided \(a null binding/);
  });

  test('5.1: the lo PREROUTING of the host\'s own ping: the DNAT rule is not consulted, the destination NAT was decided in OUTPUT', () => {
    const w = walk('dnat-prerouting-vs-output', '203.0.113.1 > 203.0.113.1: ICMP echo request, id');
    const nat = steps(w, 'nat');
    assert.deepEqual(nat.map((s) => `${s.hook} ${s.action}`), ['OUTPUT null-binding', 'POSTROUTING null-binding', 'PREROUTING reused', 'INPUT reused']);
    assert.equal(steps(w, 'rule').length, 0, 'the PREROUTING DNAT rule never matches this packet');
  });

  test('6.1: the reply is rewritten back at the bridge port\'s PREROUTING', () => {
    const w = walk('s4-two-bridges-brnf1', '172.19.0.2 > 172.17.0.1: ICMP echo reply, id');
    const [pre] = steps(w, 'nat', { hook: 'PREROUTING', ns: 'default' });
    assert.equal(pre?.dev, 'br1');
    assert.deepEqual(pre?.rewritten, { from: '172.17.0.1', to: '172.17.0.4' });
  });
});

describe('rules and drops', () => {
  test('a matched rule is shown by its own text, not its number', () => {
    const w = walk('capstone-docker-host', '203.0.113.10 > 203.0.113.1: ICMP echo request, id');
    const rules = steps(w, 'rule', { ns: 'default', hook: 'FORWARD' });
    assert.deepEqual(rules.map((s) => s.ruleText), ['-A FORWARD -o docker0 -j DOCKER', '-A DOCKER -d 172.17.0.2/32 ! -i docker0 -p icmp -j ACCEPT']);
    const d = describeWalkStep(rules[1]!);
    assert.equal(d.headline, 'filter DOCKER: -A DOCKER -d 172.17.0.2/32 ! -i docker0 -p icmp -j ACCEPT matched -> ACCEPT');
    assert.equal(new Map(d.rows).get('Table and chain'), 'filter DOCKER, rule 1');
    assert.doesNotMatch(d.headline, /rule \d+ of/);
  });

  test('a drop by a rule names the rule; a drop by a policy names the policy; other drops say why', () => {
    const byRule = model('bridge-physdev').packets.flatMap((p) => steps(p, 'drop')).find((s) => s.reason.kind === 'rule');
    assert.ok(byRule?.ruleText, 'the drop carries the text of the rule that matched');
    assert.match(rows(byRule).get('Dropped')!, /^-A FORWARD .*-j DROP \(filter FORWARD, rule 1\) -> DROP$/);
    assert.match(describeWalkStep(byRule).headline, /^dropped in FORWARD: -A FORWARD /);

    const byPolicy = model('capstone-docker-host-broken').packets.flatMap((p) => steps(p, 'drop')).find((s) => s.reason.kind === 'policy');
    assert.ok(byPolicy);
    assert.equal(rows(byPolicy).get('Dropped'), "the filter FORWARD chain's policy DROP: no rule decided");

    const noRoute = model('capstone-docker-host-broken').packets.flatMap((p) => steps(p, 'drop')).find((s) => s.reason.kind === 'no-route');
    assert.ok(noRoute);
    assert.equal(rows(noRoute).get('Dropped'), 'no route to the destination (no-route)');
  });

  test('POSTROUTING and OUTPUT name no in device (the hook does not know one)', () => {
    for (const id of ['nat-first-match', 's2-reentry-second-snat-only', 's4-two-bridges-brnf1']) {
      for (const p of model(id).packets) {
        for (const s of steps(p, 'hook')) if (s.hook === 'POSTROUTING' || s.hook === 'OUTPUT') assert.doesNotMatch(s.note, /\(in /, `${id}: ${s.note}`);
      }
    }
  });
});

describe('the flow diagram draws the layers the lab has', () => {
  test('no bridge: the IP layer only; a bridge without br_netfilter hooks; br_netfilter on', () => {
    assert.equal(flowLayersOf(model('nat-first-match').topology), 'ip');
    assert.equal(flowLayersOf(model('s4-two-bridges-brnf0').topology), 'bridge');
    assert.equal(flowLayersOf(model('s4-two-bridges-brnf1').topology), 'br_netfilter');
  });
});

describe('every course scenario', () => {
  test('within a packet\'s walk, a connection consults the nat table at most once per kind of NAT, and a reply never does', async () => {
    const { readdirSync } = await import('node:fs');
    const dir = new URL('../../content/scenarios/', import.meta.url);
    let consulted = 0;
    let reused = 0;
    for (const file of readdirSync(dir).filter((f) => f.endsWith('.sh'))) {
      const id = file.slice(0, -3);
      for (const p of model(id).packets) {
        const entryIn = new Map<string, number>();
        const seen = new Set<string>();
        for (const s of p.steps) {
          if (s.step === 'conntrack' && s.entry) entryIn.set(s.ns, s.entry.id);
          if (s.step !== 'nat') continue;
          if (s.action === 'decided' || s.action === 'null-binding' || s.action === 'refused') {
            const key = `${s.ns} ${entryIn.get(s.ns)} ${s.manip}`;
            assert.ok(!seen.has(key), `${id} packet ${p.packet}: the nat table consulted twice for ${key}`);
            assert.equal(s.direction, 'original', `${id} packet ${p.packet}: only an original-direction packet consults the nat table`);
            seen.add(key);
            consulted++;
          } else if (s.action === 'reused') reused++;
        }
      }
    }
    assert.ok(consulted > 50 && reused > 50, `both kinds are exercised (${consulted} consulted, ${reused} reused)`);
  });
});
