// Hostile scripts end quickly with a message naming the line, keeping what ran before; a
// normal scenario gives what a lab gives. The time bound here is loose (a safety property:
// it finishes and reports); bench/engine.bench.ts prints how long each case really takes.

import { isToolOutputCommand, parseScript } from '../cli/script.ts';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { buildLabModel } from '../lab/lab-model.ts';
import { runScenario } from '../cli/shell.ts';
import { MAX_DEVICES, MAX_NAMESPACES } from '../net/ops.ts';
import { MAX_CAPTURED_LINES, MAX_CAPTURES, MAX_FRAMES, MAX_RULE_CHECKS, MAX_TRACE_STEPS, MAX_TRANSMISSIONS_PER_PACKET } from '../net/world.ts';
import { serialize } from 'node:v8';
import { MAX_SOURCE_CHARS, MAX_SOURCE_LINES, outputNote, runPlayground, runUnbounded, SHOWN, type PlaygroundRun } from './run.ts';
import { HOSTILE, lines, PAIR } from './hostile.ts';

const SCENARIOS = join(import.meta.dirname, '..', '..', 'content', 'scenarios');

/** Loose: far above the ~1 s these take, far below a hang. */
const BOUND_MS = 15_000;

/** The engine's whole model (the budgets' tests); what the page gets is tested at the end. */
function timed(source: string): PlaygroundRun {
  const t0 = performance.now();
  const run = runUnbounded(source);
  const ms = performance.now() - t0;
  assert.ok(ms < BOUND_MS, `took ${Math.round(ms)} ms`);
  return run;
}

function lineOf(source: string, text: string): number {
  const index = source.split('\n').findIndex((l) => l.includes(text));
  assert.ok(index >= 0, `no line with ${text}`);
  return index + 1;
}

function assertStopped(run: PlaygroundRun, line: number, pattern: RegExp): void {
  assert.equal(run.error, undefined, `an error instead of a stop: ${run.error?.message}`);
  assert.ok(run.stopped, 'the run was not stopped');
  assert.equal(run.stopped.line, line, run.stopped.message);
  assert.match(run.stopped.message, pattern);
}

describe('a normal scenario', () => {
  test('gives the lab model of every course scenario, and nothing stopped', () => {
    for (const file of readdirSync(SCENARIOS).filter((f) => f.endsWith('.sh'))) {
      const source = readFileSync(join(SCENARIOS, file), 'utf8');
      const run = runPlayground(source);
      assert.equal(run.stopped, undefined, file);
      // The lab model, plus what ping and nc printed among the printed blocks and in the output.
      const { printed, output, ...rest } = run;
      const { printed: labPrinted, output: labOutput, ...labRest } = buildLabModel(source);
      assert.deepEqual(rest, labRest, file);
      assert.deepEqual(printed.filter((block) => !block.tool), labPrinted, file);
      const tools = printed.filter((block) => block.tool);
      // One block for each foreground ping and nc that ran to its end (not the failing line).
      const ran = parseScript(source).filter((c) => isToolOutputCommand(c) && (run.error === undefined || c.line < run.error.line));
      assert.equal(tools.length, ran.length, file);
      assert.equal(tools.reduce((text, block) => text.replace(`${block.header}\n${block.output}`, ''), output), labOutput, file);
    }
  });

  test('a failing line is an error with the tool’s message, not a stop', () => {
    const run = runPlayground('ip netns add a\nip link set nosuch up\n');
    assert.equal(run.stopped, undefined);
    assert.deepEqual(run.error, { line: 2, message: 'Cannot find device "nosuch"' });
  });

  test('a script of exactly the caps runs', () => {
    const source = lines(MAX_SOURCE_LINES, () => '# a comment') + '\n';
    assert.equal(runPlayground(source).stopped, undefined);
  });
});

describe('huge scripts are refused before they run', () => {
  test('1 MB of text', () => {
    const run = timed(HOSTILE.megabyte);
    assertStopped(run, 1, new RegExp(`the script has 1000000 characters; the playground runs at most ${MAX_SOURCE_CHARS}`));
    assert.deepEqual(run.commands, []);
  });

  test('100,000 lines', () => {
    assertStopped(timed(HOSTILE.manyLines), MAX_SOURCE_LINES + 1, new RegExp(`more than ${MAX_SOURCE_LINES} lines`));
  });

  test('long lines: the line where the character cap is crossed', () => {
    const line = `iptables -A INPUT -m comment --comment "${'x'.repeat(1000)}"`;
    const run = timed(lines(100, () => line));
    assert.equal(run.stopped?.line, Math.floor(MAX_SOURCE_CHARS / (line.length + 1)) + 1);
  });
});

describe('namespaces and devices', () => {
  test(`at most ${MAX_NAMESPACES} namespaces; what ran before is kept`, () => {
    const run = timed(HOSTILE.namespaces);
    assertStopped(run, lineOf(HOSTILE.namespaces, `ip netns add n${MAX_NAMESPACES - 1}`), /stopped: the simulation holds at most 100 network namespaces/);
    assert.equal(run.topology.namespaces.length, MAX_NAMESPACES);
    assert.equal(run.printed.length, 1, 'the ip link printed before the stop');
  });

  test(`at most ${MAX_DEVICES} devices`, () => {
    const run = timed(HOSTILE.veths);
    // lo, then two devices a line: line k makes devices 2k and 2k+1.
    assertStopped(run, Math.floor((MAX_DEVICES - 1) / 2) + 1, /stopped: the simulation holds at most 500 network devices/);
    assertStopped(timed(HOSTILE.bridges), MAX_DEVICES, /at most 500 network devices/);
  });
});

describe('user chains', () => {
  test('a jump loop is refused by the kernel: EMLINK, as iptables-nft 1.8.9 prints it', () => {
    const run = timed(HOSTILE.jumpLoop);
    assert.equal(run.stopped, undefined);
    assert.deepEqual(run.error, { line: 5, message: 'iptables v1.8.9 (nf_tables):  RULE_APPEND failed (Too many links): rule in chain B' });
  });

  test('a chain jumping to itself, once reachable from a base chain', () => {
    const run = timed('iptables -N A\niptables -A A -j A\niptables -A INPUT -j A\n');
    assert.deepEqual(run.error, { line: 3, message: 'iptables v1.8.9 (nf_tables):  RULE_APPEND failed (Too many links): rule in chain INPUT' });
  });

  test('jumps 16 deep are refused at the 16th (NFT_JUMP_STACK_SIZE)', () => {
    const run = timed(HOSTILE.deepChains);
    assert.deepEqual(run.error, { line: lineOf(HOSTILE.deepChains, 'iptables -A C14 -j C15'), message: 'iptables v1.8.9 (nf_tables):  RULE_APPEND failed (Too many links): rule in chain C14' });
  });

  test('validating 10 jumps a chain, 15 chains deep (10^14 paths) is quick, and accepted as the kernel does', () => {
    const run = timed(HOSTILE.wideChains);
    assert.equal(run.error, undefined);
    assert.equal(run.stopped, undefined);
  });

  test('evaluating 3 jumps a chain, 15 deep, stops on the rule-check budget', () => {
    const run = timed(HOSTILE.wideChainsTraffic);
    // Every jump taken is also a recorded step: the trace budget may come first.
    assertStopped(run, lineOf(HOSTILE.wideChainsTraffic, 'ping'), new RegExp(`stopped after (${MAX_RULE_CHECKS} iptables rule checks|${MAX_TRACE_STEPS} recorded packet steps)`));
    const result = runScenario(HOSTILE.wideChainsTraffic);
    assert.match(result.stderr, new RegExp(`^line \\d+: netsim: stopped after ${MAX_RULE_CHECKS} iptables rule checks \\(\\d+ packets, [\\d.]+ s of simulated time\\): too many rules, or jumps into the same chains`));
  });
});

describe('bridge loops', () => {
  for (const [name, source] of [['two bridges joined by two veth pairs', HOSTILE.bridgeLoop], ['three links between two bridges', HOSTILE.bridgeLoop3]] as const) {
    test(name, () => {
      const run = timed(source);
      assertStopped(run, lineOf(source, 'ping'), new RegExp(`one frame \\(ARP, Request who-has 10.0.0.9 tell 10.0.0.2\\) was sent ${MAX_TRANSMISSIONS_PER_PACKET} times: a bridge loop\\? Without STP, Linux floods it for ever`));
      // The output so far is kept: the printed command before, the capture's lines.
      assert.equal(run.printed.length, 1);
      assert.ok(run.captures[0]!.lines.length > 100);
      assert.match(run.output, /^== default: ip link show br0\n/);
    });
  }

  test('the CLI stops the same way: exit 3, line and message on stderr', () => {
    const result = runScenario(HOSTILE.bridgeLoop);
    assert.equal(result.exitCode, 3);
    assert.match(result.stderr, new RegExp(`^line ${lineOf(HOSTILE.bridgeLoop, 'ping')}: netsim: stopped after \\d+ frames: one frame`));
    assert.match(result.stdout, /ARP, Request who-has 10.0.0.9/);
  });

  test('a routing loop ends by itself (the TTL), without a stop', () => {
    const run = timed(HOSTILE.routingLoop);
    assert.equal(run.stopped, undefined);
    assert.match(run.output, /ICMP time exceeded in-transit/);
  });
});

describe('ping floods', () => {
  for (const [name, source] of [
    ['ping -c 1000000 -i 0.001', HOSTILE.pingFast],
    ['ping -f -c 1000000', HOSTILE.pingFlood],
    ['ping -c 9223372036854775807 -i 0.002 (nothing is queued up front)', HOSTILE.pingForever],
    ['ping -c 1000000 -i 0.002 -s 65507 on lo (MTU 65536)', HOSTILE.pingHuge],
  ] as const) {
    test(name, () => {
      const run = timed(source);
      assertStopped(run, lineOf(source, 'ping'), new RegExp(`stopped after (${MAX_TRACE_STEPS} recorded packet steps|${MAX_FRAMES} frames) \\(\\d+ packets, [\\d.]+ s of simulated time\\): a flood\\?`));
      assert.ok(run.captures[0]!.lines.length > 1000, 'the capture so far is kept');
    });
  }

  test('a packet above the MTU would be fragmented: the engine stops and says so', () => {
    const run = timed(HOSTILE.pingAboveMtu);
    assertStopped(run, 8, /^netsim: stopped: v0 would send a 1501-byte IPv4 packet, above its MTU 1500: fragmentation is not supported by the simulator$/);
    assert.equal(run.captures[0]!.lines.length, 2, 'the ARP exchange before it is kept');
  });

  test('without a trace (the CLI), the frame budget stops it', () => {
    const result = runScenario(HOSTILE.pingFlood);
    assert.equal(result.exitCode, 3);
    assert.match(result.stderr, new RegExp(`^line \\d+: netsim: stopped after ${MAX_FRAMES} frames \\(\\d+ packets`));
  });

  test('ping -s 2147483647: every send fails locally (EMSGSIZE), nothing on the wire', () => {
    const run = timed(`${PAIR}ping -c 1000 -i 0.002 -s 2147483647 10.0.0.2\n`);
    assert.equal(run.error, undefined);
    assert.equal(run.stopped, undefined);
    assert.deepEqual(run.captures[0]!.lines, []);
  });

  test('sleep 1000000 stops with the scenario rule', () => {
    assertStopped(timed(`${PAIR}sleep 1000000\n`), 8, /^netsim: stopped: sleep 1000000: a scenario sleeps at most 3600 seconds at a time$/);
  });

  test('many long sleeps in a row are fine', () => {
    const run = timed(`${PAIR}${lines(1000, () => 'sleep 3600')}\nping -c 1 10.0.0.2\n`);
    assert.equal(run.stopped, undefined);
    assert.equal(run.captures[0]!.lines.length, 4);
  });
});

describe('captures', () => {
  test(`at most ${MAX_CAPTURES} captures`, () => {
    assertStopped(timed(HOSTILE.captures), 7 + MAX_CAPTURES, /^netsim: stopped: a run holds at most 100 captures \(tcpdump ... &\)$/);
  });

  test('every frame copied to many captures stops on the captured lines', () => {
    const run = timed(HOSTILE.capturedFlood);
    assertStopped(run, lineOf(HOSTILE.capturedFlood, 'ping'), new RegExp(`^netsim: stopped after ${MAX_CAPTURED_LINES} captured lines \\(\\d+ packets, [\\d.]+ s of simulated time\\): a flood, or too many captures\\?`));
    assert.equal(run.captures.reduce((n, c) => n + c.lines.length, 0), MAX_CAPTURED_LINES);
  });

  test('many filtered captures of a flood', () => {
    assertStopped(timed(HOSTILE.filteredFlood), lineOf(HOSTILE.filteredFlood, 'ping'), /^netsim: stopped after \d+ (recorded packet steps|frames)/);
  });
});

describe('odd arguments never crash', () => {
  for (const source of HOSTILE.oddLines) {
    test(JSON.stringify(source.slice(0, 60)), () => {
      const run = timed(source);
      assert.ok(!run.error?.message.includes('internal error'), run.error?.message);
      if (run.error) assert.ok(run.error.line >= 1);
    });
  }
});

describe('what the page is given: bounded, with what was left out counted', () => {
  const sum = (xs: readonly number[]): number => xs.reduce((a, b) => a + b, 0);

  test('a normal scenario is given whole, with nothing omitted', () => {
    const run = runPlayground(`${PAIR}ip netns exec a ping -c 3 10.0.0.1\n`);
    assert.equal(run.omitted, undefined);
    assert.deepEqual(run, runUnbounded(`${PAIR}ip netns exec a ping -c 3 10.0.0.1\n`));
  });

  for (const name of ['pingFlood', 'pingFast', 'capturedFlood', 'manyRules', 'bridgeLoop'] as const) {
    test(`${name}: at most the SHOWN lines, packets and steps, and the counts of the rest add up`, () => {
      const whole = runUnbounded(HOSTILE[name]);
      const shown = runPlayground(HOSTILE[name]);
      const omitted = shown.omitted!;
      assert.ok(omitted, 'something was left out');
      assert.deepEqual(shown.stopped, whole.stopped);
      // Captures: each capped, all together capped, and kept + omitted = the engine's lines.
      assert.equal(shown.captures.length, whole.captures.length);
      shown.captures.forEach((c, i) => {
        assert.ok(c.lines.length <= SHOWN.captureLines);
        assert.deepEqual(c.lines, whole.captures[i]!.lines.slice(0, c.lines.length), 'the first lines, in order');
        assert.equal(c.lines.length + omitted.captureLines[i]!, whole.captures[i]!.lines.length);
      });
      assert.ok(sum(shown.captures.map((c) => c.lines.length)) <= SHOWN.allCaptureLines);
      // The walk: the first packets, whole, within the step budget.
      assert.ok(shown.packets.length <= SHOWN.packets);
      assert.ok(sum(shown.packets.map((p) => p.steps.length)) <= SHOWN.steps);
      assert.deepEqual(shown.packets.map((p) => p.packet), whole.packets.slice(0, shown.packets.length).map((p) => p.packet));
      assert.equal(shown.packets.length + omitted.packets, whole.packets.length);
      const last = shown.packets.length - 1;
      assert.equal(shown.packets[last]!.steps.length + omitted.steps, whole.packets[last]!.steps.length, 'only the last kept packet may be cut');
      // The output: its first lines, then a line that says how many more there were.
      const lines = shown.output.split('\n').slice(0, -1);
      if (omitted.outputLines) {
        assert.equal(lines.length, SHOWN.outputLines + 1);
        assert.equal(lines.at(-1), outputNote(omitted.outputLines));
        assert.equal(SHOWN.outputLines + omitted.outputLines, whole.output.split('\n').length - 1);
        assert.ok(whole.output.startsWith(lines.slice(0, -1).join('\n')));
      } else assert.equal(shown.output, whole.output);
      // What crosses to the page is small (it was 16-25 MB).
      const bytes = serialize({ ...shown, captures: shown.captures.map(({ ns, dev, id, lines }) => ({ ns, dev, id, lines })) }).length;
      assert.ok(bytes < 2_000_000, `${bytes} bytes`);
    });
  }

  test('printed blocks: each and all together capped, the rest counted', () => {
    // 40 devices, listed 60 times: 80+ lines a listing.
    const source = lines(40, (i) => `ip link add b${i} type bridge`) + '\n' + lines(60, () => 'ip link') + '\n';
    const whole = runUnbounded(source);
    const shown = runPlayground(source);
    const count = (text: string): number => (text ? text.split('\n').length - (text.endsWith('\n') ? 1 : 0) : 0);
    assert.ok(sum(whole.printed.map((b) => count(b.output))) > SHOWN.allPrintedLines);
    assert.ok(sum(shown.printed.map((b) => count(b.output))) <= SHOWN.allPrintedLines);
    shown.printed.forEach((b, i) => {
      assert.ok(whole.printed[i]!.output.startsWith(b.output));
      assert.equal(count(b.output) + shown.omitted!.printedLines[i]!, count(whole.printed[i]!.output));
    });
  });
});
