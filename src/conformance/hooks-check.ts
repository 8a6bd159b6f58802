// `npm run conformance -- --hooks`: the engine's hook walks against the kernel's (hooks.ts).
//
// Items: every PredictPath ask="hooks" exercise and every PacketWalk of lessons/*/*.mdx (the
// packet they name), every packet of every <Lab> scenario and of every other scenario of
// content/scenarios, and every hooks / order-hooks quiz
// question (its "conformance" variant and its extreme variants, src/quiz/conformance.ts).
// Each distinct scenario runs once on the kernel with traceHooks; its trace is recorded as
// content/kernel/hooks/<id>.trace (`--hooks --record`), which the recorded mode (no root, or
// --recorded) reads instead. Prints one line per walk, a diff (- kernel, + engine) of the
// "NAMESPACE HOOK" lists for each that differs, and `hooks: N agree, N differ`.
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { buildLabModel, type LabModel, type PacketWalk } from '../lab/lab-model.ts';
import { findPacket } from '../lab/find-packet.ts';
import { hooksOf } from '../grading/path.ts';
import { kernelUnavailableReason, runOnKernel } from '../kernel/kernel-runner.ts';
import { formatDiff } from './diff.ts';
import { normalizeLines } from './normalize.ts';
import { comparableOutput, isScenarioFailure, KERNEL_DIR, pool, SCENARIO_DIR } from './conformance.ts';
import { engineKey, findKernelWalk, kernelHookSteps, kernelWalks, stepLines, TRACE_TABLE } from './hooks.ts';

const LESSONS_DIR = join(KERNEL_DIR, '..', '..', 'lessons');
export const HOOKS_DIR = join(KERNEL_DIR, 'hooks');

/** One walk to prove: a scenario (by recording id) and the packet the page or question names. */
export interface HookItem {
  /** Where it is shown: "lessons/03-.../01-x.mdx PredictPath br0-address-hooks", "quiz part-2 dnat-hooks (min)". */
  readonly where: string;
  /** The trace recording's name: the scenario id, or the quiz variant's recording id. */
  readonly scenario: string;
  readonly source: string;
  /** findPacket's match; undefined: every packet of the scenario (a Lab). */
  readonly packet?: string;
}

function attrs(tag: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const m of tag.matchAll(/(\w+)="([^"]*)"/g)) out[m[1]!] = m[2]!;
  return out;
}

/** The lesson pages' hook exercises, PacketWalks and Labs. */
export function lessonHookItems(lessonsDir = LESSONS_DIR, scenarioDir = SCENARIO_DIR): HookItem[] {
  const items: HookItem[] = [];
  const sourceOf = (id: string): string => readFileSync(join(scenarioDir, `${id}.sh`), 'utf8');
  const labs = new Set<string>();
  for (const part of readdirSync(lessonsDir).sort()) {
    const dir = join(lessonsDir, part);
    if (!existsSync(dir) || !/^\d/.test(part)) continue;
    for (const file of readdirSync(dir).filter((f) => f.endsWith('.mdx')).sort()) {
      const text = readFileSync(join(dir, file), 'utf8');
      // Attribute values may hold ">" (packet="a > b: ..."): a tag ends at a ">" outside quotes.
      for (const m of text.matchAll(/<(PredictPath|PacketWalk|Lab)\s((?:[^>"]|"[^"]*")*)>/g)) {
        const a = attrs(m[2]!);
        const scenario = a.scenario;
        if (scenario === undefined) continue;
        if (m[1] === 'PredictPath' && a.ask !== 'hooks') continue;
        if (m[1] === 'Lab') {
          if (labs.has(scenario)) continue;
          labs.add(scenario);
          items.push({ where: `Lab ${scenario}`, scenario, source: sourceOf(scenario) });
          continue;
        }
        const name = m[1] === 'PredictPath' ? `PredictPath ${a.id ?? ''}` : 'PacketWalk';
        items.push({ where: `${part}/${file} ${name}`, scenario, source: sourceOf(scenario), packet: a.packet ?? '' });
      }
    }
  }
  // Every other scenario of the course: every packet, as a Lab shows them.
  for (const file of readdirSync(scenarioDir).filter((f) => f.endsWith('.sh')).sort()) {
    const scenario = file.slice(0, -3);
    if (items.some((i) => i.scenario === scenario)) continue;
    if (DUPLICATING_SCENARIOS.has(scenario)) continue;
    items.push({ where: `scenario ${scenario}`, scenario, source: sourceOf(scenario) });
  }
  return items;
}

/**
 * Scenarios in which one packet reaches its namespace twice (the bridged-DNAT reply that
 * br_netfilter's neighbour output sends on more than once; both captures, kernel and engine,
 * show the copies). The engine's walk holds both deliveries of the one packet, the kernel
 * follower sees two packets: the walk comparison cannot pair them yet, so these are left out
 * (their captures are compared by the plain conformance run).
 */
const DUPLICATING_SCENARIOS: ReadonlySet<string> = new Set(['fuzz-bridged-denat-forwarding-on', 'fuzz-bridged-denat-stale-neighbour']);

/** The hooks and order-hooks quiz questions, every variant that is recorded. */
export async function quizHookItems(): Promise<HookItem[]> {
  const [{ loadQuizzes }, { quizHookVariants }] = await Promise.all([import('../quiz/load.ts'), import('../quiz/conformance.ts')]);
  return quizHookVariants(loadQuizzes()).map((v) => ({ where: `quiz ${v.id}`, scenario: v.id, source: v.source, packet: v.packet }));
}

function indent(text: string): string {
  return text
    .trimEnd()
    .split('\n')
    .map((l) => `    ${l}`)
    .join('\n');
}

/** The recorded form: our table's `packet:` lines under `== NS` per namespace. */
export function formatTraces(traces: Readonly<Record<string, string>>): string {
  let out = '';
  for (const [ns, text] of Object.entries(traces)) {
    out += `== ${ns}\n`;
    for (const line of text.split('\n')) if (line.includes(` ${TRACE_TABLE} `) && line.includes(' packet: ')) out += `${line.trim()}\n`;
  }
  return out;
}

export function parseTraces(text: string): Record<string, string> {
  const traces: Record<string, string> = {};
  let ns: string | undefined;
  for (const line of text.split('\n')) {
    const head = /^== (\S+)$/.exec(line);
    if (head) {
      ns = head[1]!;
      traces[ns] = '';
    } else if (ns !== undefined && line !== '') traces[ns] += `${line}\n`;
  }
  return traces;
}

/** The walks an item is about, in the engine. */
function engineWalks(model: LabModel, item: HookItem): PacketWalk[] {
  if (item.packet === undefined) return model.packets.filter((p) => hooksOf(p).length > 0);
  const walk = findPacket(model, item.packet);
  return walk ? [walk] : [];
}

/** Compares every walk of one item; one report line (and diff) per walk. */
export function compareItem(item: HookItem, model: LabModel, traces: Readonly<Record<string, string>>): { agree: number; differ: number; text: string } {
  const links = model.topology.links;
  const nsOrder = model.topology.namespaces.map((n) => n.name);
  const walks = kernelWalks(traces, links, nsOrder);
  let agree = 0;
  let differ = 0;
  let text = '';
  const walksHere = engineWalks(model, item);
  if (walksHere.length === 0 && item.packet === undefined) {
    // A scenario that sends nothing (it stops at a refused command): the kernel must trace nothing either.
    return walks.length === 0
      ? { agree: 1, differ: 0, text: `ok   ${item.where}: no packet on either side\n` }
      : { agree: 0, differ: 1, text: `FAIL ${item.where}: the kernel traced ${walks.length} packet(s), the engine's run sends none\n` };
  }
  if (walksHere.length === 0) {
    return { agree: 0, differ: 1, text: `FAIL ${item.where}: no packet of the engine's run matches "${item.packet ?? ''}"\n` };
  }
  for (const walk of walksHere) {
    const steps = hooksOf(walk);
    const first = steps[0]!;
    const firstEvent = walk.steps.find((e) => e.step === 'hook')!;
    const key = engineKey(first.ns, first.hook, firstEvent.summary);
    // The k-th engine packet with this key is the k-th kernel packet with it.
    const k = model.packets.filter((p) => p.packet < walk.packet).filter((p) => {
      const e = p.steps.find((s) => s.step === 'hook');
      return e !== undefined && e.step === 'hook' && engineKey(e.ns, e.hook, e.summary) === key;
    }).length;
    const kernel = findKernelWalk(walks, key, k);
    const label = `${item.where}: ${walk.summary}`;
    if (kernel === undefined) {
      differ++;
      text += `FAIL ${label}: the kernel traced no packet like it (${key}, number ${k + 1})\n`;
      continue;
    }
    const diff = formatDiff(stepLines(kernelHookSteps(kernel)), stepLines(steps), 3, ['kernel', 'engine']);
    if (diff === '') {
      agree++;
      text += `ok   ${label}\n`;
    } else {
      differ++;
      text += `FAIL ${label}: the hooks differ (- kernel, + engine):\n${indent(diff)}\n`;
    }
  }
  return { agree, differ, text };
}

export interface HooksOptions {
  readonly record: boolean;
  readonly recordedOnly: boolean;
  readonly jobs: number;
  /** Only items whose scenario or where contains one of these. */
  readonly filter: readonly string[];
}

/** Runs the hooks mode; the exit status. */
export async function checkHooks(options: HooksOptions): Promise<number> {
  let items = [...lessonHookItems(), ...(await quizHookItems())];
  if (options.filter.length > 0) items = items.filter((i) => options.filter.some((f) => i.scenario.includes(f.replace(/\*$/, '')) || i.where.includes(f)));
  const reason = options.recordedOnly ? 'asked for with --recorded' : kernelUnavailableReason();
  if (options.record && reason !== undefined) {
    process.stderr.write(`hooks: cannot record: ${reason}\n`);
    return 2;
  }
  const live = reason === undefined;
  process.stdout.write(
    live
      ? `hooks: engine walks vs the live kernel's nftrace (${options.jobs} scenario(s) at a time)${options.record ? ', recording content/kernel/hooks' : ''}\n`
      : `hooks: engine walks vs the recorded kernel traces in content/kernel/hooks (live kernel not used: ${reason})\n`,
  );
  const scenarios = [...new Set(items.map((i) => i.scenario))];
  let agree = 0;
  let differ = 0;
  mkdirSync(HOOKS_DIR, { recursive: true });
  await pool(
    scenarios,
    live ? options.jobs : 1,
    async (scenario): Promise<string> => {
      const mine = items.filter((i) => i.scenario === scenario);
      const source = mine[0]!.source;
      const path = join(HOOKS_DIR, `${scenario}.trace`);
      let traces: Record<string, string>;
      let warning = '';
      if (live) {
        const run = await runOnKernel(source, { traceHooks: true });
        if ((run.exitCode !== 0 && !isScenarioFailure(run)) || run.traces === undefined) {
          differ += mine.length;
          return `FAIL ${scenario}: the kernel run failed (status ${run.exitCode}):\n${indent(run.stderr)}\n`;
        }
        traces = parseTraces(formatTraces(run.traces));
        if (options.record) writeFileSync(path, formatTraces(run.traces));
        // The tracing table must not change what the scenario does: its output equals the
        // scenario's own recording (made without tracing) after normalization.
        const plain = join(KERNEL_DIR, `${scenario}.out`);
        if (existsSync(plain)) {
          const changed = formatDiff(normalizeLines(readFileSync(plain, 'utf8')), normalizeLines(comparableOutput(run)), 3, ['recorded', 'traced']);
          if (changed !== '') warning = `warning: ${scenario}: the traced run's output differs from content/kernel/${scenario}.out (- recorded, + traced):\n${indent(changed)}\n`;
        }
      } else if (existsSync(path)) {
        traces = parseTraces(readFileSync(path, 'utf8'));
      } else {
        differ += mine.length;
        return `FAIL ${scenario}: no recording content/kernel/hooks/${scenario}.trace (record it as root: npm run conformance -- --hooks --record ${scenario})\n`;
      }
      const model = buildLabModel(source);
      let text = warning;
      for (const item of mine) {
        const r = compareItem(item, model, traces);
        agree += r.agree;
        differ += r.differ;
        text += r.text;
      }
      return text;
    },
    (text) => {
      process.stdout.write(text);
    },
  );
  process.stdout.write(`hooks: ${agree} agree, ${differ} differ\n`);
  return differ > 0 ? 1 : 0;
}
