// The connection view against the kernel: for every recorded scenario that prints `ss` or
// `conntrack -L`, what the timeline of each flow says at the moment of each print (both ends'
// socket states, every namespace's conntrack entry) must be what the kernel printed there.
// Reads the recordings (content/kernel/ID.out); no kernel needed.

import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { describe, test } from 'node:test';
import { parseSs, ssListedStates, ssLists, type SsOptions } from '../cli/ss/ss.ts';
import { SERVICES } from '../cli/iptables/netdb.ts';
import { connectionTimeline, listFlows, recordConnections, timelineStateAt, type ConnectionTimeline, type RecordedRun } from '../lab/connection-timeline.ts';
import { splitBlocks } from './normalize.ts';

const SCENARIOS = new URL('../../content/scenarios/', import.meta.url);
const KERNEL = new URL('../../content/kernel/', import.meta.url);

/** Scenarios whose recording prints ss or conntrack -L. */
function scenariosWithPrints(): string[] {
  return readdirSync(SCENARIOS)
    .filter((f) => f.endsWith('.sh'))
    .map((f) => f.slice(0, -3))
    .filter((id) => {
      const out = new URL(`${id}.out`, KERNEL);
      return existsSync(out) && /^== \S+: (ss|conntrack -L)\b/m.test(readFileSync(out, 'utf8'));
    });
}

/** Ports the script names (`-p N`, listeners, destinations) are kept; other ephemeral ports, chosen at random, are not compared. */
function portNormalizer(source: string): (port: string) => string {
  const named = new Set([...source.matchAll(/(?:-p|--dport|--sport)\s+(\d+)/g)].map((m) => m[1]!));
  return (port) => {
    const n = Number(port);
    return Number.isInteger(n) && n >= 32768 && n <= 60999 && !named.has(port) ? '*' : port;
  };
}

// ------------------------------------------------------------------------------ conntrack -L

interface CtLine {
  readonly key: string;
  readonly timeout: number;
}

/** A conntrack -L line without its timer, ephemeral ports and ICMP ids wildcarded, and the timer apart. */
function parseConntrackLine(line: string, port: (p: string) => string): CtLine {
  const words = line.trim().split(/\s+/);
  const timeout = Number(words[2]);
  const rest = words.slice(3).map((w) => {
    const m = /^(sport|dport)=(\d+)$/.exec(w);
    if (m) return `${m[1]}=${port(m[2]!)}`;
    if (/^id=\d+$/.test(w)) return 'id=*';
    return w;
  });
  return { key: [words[0], words[1], ...rest].join(' '), timeout };
}

function checkConntrack(ns: string, at: number, command: string, kernelLines: readonly string[], timelines: readonly ConnectionTimeline[], port: (p: string) => string): string[] {
  const proto = /-p (\w+)/.exec(command)?.[1];
  // IGMP (protocol 2, which conntrack -L calls unknown) is not modelled; the conformance normalization drops it too.
  const kernel = kernelLines.filter((l) => !/^unknown\s+2\s/.test(l)).map((l) => parseConntrackLine(l, port));
  const seen = new Set<number>();
  const engine: CtLine[] = [];
  for (const tl of timelines) {
    for (const { entry } of timelineStateAt(tl, at).conntrack.filter((c) => c.ns === ns)) {
      if (!entry || seen.has(entry.id) || (proto && entry.proto !== proto)) continue;
      seen.add(entry.id);
      engine.push({ ...parseConntrackLine(entry.line, port), timeout: entry.timeout });
    }
  }
  const problems: string[] = [];
  const unmatched = [...engine];
  for (const k of kernel) {
    const i = unmatched.findIndex((e) => e.key === k.key);
    if (i < 0) {
      problems.push(`${ns} conntrack at ${at} ms: the kernel has "${k.key}", the view does not`);
      continue;
    }
    const e = unmatched.splice(i, 1)[0]!;
    // The kernel prints a timer some milliseconds into the run's second; 2 s of slack.
    if (Math.abs(e.timeout - k.timeout) > 2) problems.push(`${ns} conntrack at ${at} ms: "${k.key}" times out in ${k.timeout} s on the kernel, ${e.timeout} s in the view`);
  }
  for (const e of unmatched) problems.push(`${ns} conntrack at ${at} ms: the view has "${e.key}", the kernel does not`);
  return problems;
}

// ------------------------------------------------------------------------------ ss

interface SsLine {
  readonly proto: 'tcp' | 'udp';
  readonly state: string;
  readonly local: string;
  readonly peer: string;
}

const key = (l: SsLine): string => `${l.proto} ${l.state} ${l.local} ${l.peer}`;

function servicePort(word: string, proto: 'tcp' | 'udp'): string {
  if (/^\d+$/.test(word) || word === '*') return word;
  return String(SERVICES.find(([name, , p]) => name === word && p === proto)?.[1] ?? word);
}

/** One line of ss's listing (whitespace collapsed), with the columns this listing has. */
function parseSsLine(line: string, o: SsOptions, port: (p: string) => string): SsLine {
  const words = line.trim().split(/\s+/);
  let i = 0;
  const proto: 'tcp' | 'udp' = o.tcp && o.udp ? (words[i++] as 'tcp' | 'udp') : o.tcp ? 'tcp' : 'udp';
  const listed = ssListedStates(o);
  const state = listed.length === 1 ? listed[0]! : words[i++]!;
  i += 2; // Recv-Q, Send-Q
  const endpoint = (w: string): string => {
    const at = w.lastIndexOf(':');
    return `${port(servicePort(w.slice(at + 1), proto))}`;
  };
  return { proto, state, local: endpoint(words[i]!), peer: endpoint(words[i + 1]!) };
}

function checkSs(ns: string, at: number, args: readonly string[], kernelLines: readonly string[], timelines: readonly ConnectionTimeline[], port: (p: string) => string): string[] {
  const parsed = parseSs(args);
  if ('print' in parsed) return [];
  const o = parsed;
  const kernel = kernelLines.slice(o.header ? 1 : 0).map((l) => parseSsLine(l, o, port));
  const expected = new Map<string, SsLine>();
  /** Lines a flow of the view accounts for (the others are sockets no packet ever used: not the view's). */
  const owned = new Set<string>();
  for (const tl of timelines) {
    const proto = tl.flow.proto;
    if (proto === 'icmp') continue;
    const state = timelineStateAt(tl, at);
    for (const side of ['client', 'server'] as const) {
      const end = tl.flow[side];
      if (end.ns !== ns) continue;
      const local = port(String(end.port));
      const connection: SsLine = { proto, state: '', local, peer: port(String(end.peerPort)) };
      const listener: SsLine = { proto, state: proto === 'tcp' ? 'LISTEN' : 'UNCONN', local, peer: '*' };
      for (const s of ['ESTAB', 'SYN-SENT', 'SYN-RECV', 'FIN-WAIT-1', 'FIN-WAIT-2', 'CLOSE-WAIT', 'CLOSING', 'LAST-ACK', 'TIME-WAIT']) owned.add(key({ ...connection, state: s }));
      owned.add(key(listener));
      const now = state[side];
      const listening = now === 'LISTEN' || now === 'UNCONN' || (side === 'server' && lastListening(tl, at));
      if (now !== 'CLOSED' && now !== 'NONE' && now !== 'LISTEN' && now !== 'UNCONN' && ssLists(o, proto, now)) {
        const line = { ...connection, state: now };
        expected.set(key(line), line);
      }
      if (listening && ssLists(o, proto, listener.state)) expected.set(key(listener), listener);
    }
  }
  const problems: string[] = [];
  const kernelKeys = new Set(kernel.map(key));
  for (const [k] of expected) if (!kernelKeys.has(k)) problems.push(`${ns} ss ${args.join(' ')} at ${at} ms: the view has "${k}", the kernel does not list it`);
  for (const l of kernel) {
    const k = key(l);
    if (owned.has(k) && !expected.has(k)) problems.push(`${ns} ss ${args.join(' ')} at ${at} ms: the kernel lists "${k}", the view does not`);
  }
  return problems;
}

/** A listener on the server's port at `at`, as the last step at or before it says. */
function lastListening(tl: ConnectionTimeline, at: number): boolean {
  let last: ConnectionTimeline['steps'][number] | undefined;
  for (const s of tl.steps) if (s.t <= at) last = s;
  return last ? last.server.listening : (tl.steps[0]?.server.listeningBefore ?? false);
}

// ------------------------------------------------------------------------------ the check

function check(id: string, kernelText = readFileSync(new URL(`${id}.out`, KERNEL), 'utf8')): { problems: string[]; checked: number } {
  const source = readFileSync(new URL(`${id}.sh`, SCENARIOS), 'utf8');
  const recorded: RecordedRun = recordConnections(source);
  const timelines = listFlows(recorded).map((f) => connectionTimeline(recorded, f.id)!);
  const port = portNormalizer(source);
  const kernelBlocks = splitBlocks(kernelText).filter((b) => b.kind !== 'capture' && b.kind !== 'preamble' && !b.header.startsWith('== exit status'));
  const engineBlocks = recorded.run.blocks;
  const problems: string[] = [];
  let checked = 0;
  kernelBlocks.forEach((kb, i) => {
    const eb = engineBlocks[i];
    assert.ok(eb, `${id}: the engine printed fewer blocks than the kernel`);
    assert.equal(eb.header.replace(/\s+/g, ' '), kb.header, `${id}: block ${i}`);
    const m = /^== (\S+): (ss|conntrack) (.*)$/.exec(kb.header);
    if (!m) return;
    const [, ns, tool, rest] = m as unknown as [string, string, string, string];
    if (tool === 'ss') {
      problems.push(...checkSs(ns, eb.at, rest.split(' '), kb.lines, timelines, port));
      checked++;
    } else if (/(^|\s)(-L|--dump)(\s|$)/.test(rest)) {
      problems.push(...checkConntrack(ns, eb.at, rest, kb.lines, timelines, port));
      checked++;
    }
  });
  return { problems, checked };
}

describe('what the connection view says at each ss and conntrack -L print is what the kernel printed', () => {
  const ids = scenariosWithPrints();
  test('the recordings hold such prints (the new connection scenarios among them)', () => {
    for (const id of ['conn-held-open-then-closed', 'conn-syn-dropped', 'conn-refused-rst', 'conn-udp-icmp-no-state', 'ss-sockets', 'tcp-conntrack-states']) assert.ok(ids.includes(id), id);
  });
  test('a kernel print that disagrees with the view is caught, both ways', () => {
    const out = readFileSync(new URL('conn-held-open-then-closed.out', KERNEL), 'utf8');
    const swaps: [RegExp, string, RegExp][] = [
      [/^TIME-WAIT 0/m, 'FIN-WAIT-2 0', /the view has "tcp TIME-WAIT 40000 80", the kernel does not list it/],
      [/^ESTAB  0      0           10\.0\.2\.2:80.*\n/m, '', /the view has "tcp ESTAB 80 40000"/],
      [/431998 ESTABLISHED/, '300 ESTABLISHED', /times out in 300 s on the kernel/],
      [/117 TIME_WAIT(.*)\[ASSURED\]/, '117 TIME_WAIT$1', /the kernel has "tcp 6 TIME_WAIT .* mark=0 use=1", the view does not/],
    ];
    for (const [from, to, complaint] of swaps) {
      const { problems } = check('conn-held-open-then-closed', out.replace(from, to));
      assert.ok(problems.some((p) => complaint.test(p)), `${from}: ${problems.join(' | ')}`);
    }
    // An entry the kernel does not have: the view's is reported.
    const { problems } = check('conn-syn-dropped', readFileSync(new URL('conn-syn-dropped.out', KERNEL), 'utf8').replace(/== fw: conntrack -L\n.*\n/, '== fw: conntrack -L\n'));
    assert.ok(problems.some((p) => /fw conntrack .*the view has "tcp 6 SYN_SENT/.test(p)), problems.join(' | '));
  });

  for (const id of ids) {
    test(id, () => {
      const { problems, checked } = check(id);
      assert.ok(checked > 0);
      assert.deepEqual(problems, []);
    });
  }
});
