// The playground page (src/pages/playground.astro): an editor for a scenario script, Run (the
// engine runs in a module Web Worker, stopped after a wall-clock timeout), the results as a
// lab shows them (topology, printed output, captures, packet walk), errors marked on their line,
// share links (#s=..., src/playground/share.ts), download, and a history of runs with the
// difference from the previous one. The XState machine playground.machine.ts owns the flow.

import { createActor } from 'xstate';
import { playgroundMachine, previousRun, TIMEOUT_MESSAGE, type RunRecord } from '../../machines/playground.machine.ts';
import { decodeScenario, encodeScenario, PLAYGROUND_PATH } from '../../playground/share.ts';
import { describeTopology, layoutTopology } from '../../lab/topology-layout.ts';
import type { Topology } from '../../lab/lab-model.ts';
import { topologyFigure, watchFigure } from '../quiz/topology.ts';
import { announce } from '../announce.ts';
import { diffLines, outputLines } from '../../playground/diff.ts';
import { mountEditor } from './editor.ts';
import { setVocabulary } from './language.ts';
import type { WalkView } from './walk.ts';
import { mountExamples } from './examples.ts';
import type { RunResult, Vocabulary } from '../../playground/protocol.ts';
import { callEngine, EngineRestarted, restartEngine } from '../engine/client.ts';
import { whenIdleAfterLoad, yieldToMain } from '../engine/idle.ts';
import type { PlaygroundAnswer } from '../engine/handlers-playground.ts';
import { SHOWN } from '../../playground/limits.ts';
import { wholeMessage } from '../../playground/messages.ts';
import { STARTER } from './starter.ts';

/** Wall-clock limit of one run: the worker is terminated after it and a fresh one started. */
const RUN_TIMEOUT_MS = 3_000;


const $ = <T extends HTMLElement = HTMLElement>(selector: string): T => {
  const el = document.querySelector<T>(selector);
  if (!el) throw new Error(`playground: ${selector} is missing from the page`);
  return el;
};

/**
 * 1,234 (a whole count). Not Intl.NumberFormat: a page's first one loads the locale data, 55-80 ms
 * of the main thread on a phone (measured at 4x CPU), which made the page's start one long task.
 */
const formatCount = (n: number): string => String(Math.trunc(n)).replace(/\B(?=(\d{3})+$)/g, ',');

function el<K extends keyof HTMLElementTagNameMap>(tag: K, props: Partial<Record<string, string>> = {}, ...children: (Node | string)[]): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(props)) if (value !== undefined) node.setAttribute(name, value);
  node.append(...children);
  return node;
}

/** What a tool block's head says: whose output it is, and what the simulation leaves out. */
function toolNote(command: string): string {
  if (command.startsWith('nc ')) return 'what nc writes to the terminal';
  // iputils' -v adds lines (socket details, ids) the engine does not print.
  return /\s-[a-zA-Z]*v/.test(command) ? "ping's output, without the lines -v adds" : "ping's output";
}

// ---- the engine ------------------------------------------------------------------------------

const NO_RUN: RunResult = { topology: { namespaces: [], links: [] }, commands: [], printed: [], captures: [], packets: [], rules: [], output: '' };

/**
 * One run in the engine worker (src/ui/engine), stopped after RUN_TIMEOUT_MS: the worker is then
 * terminated and a fresh one started. A worker that fails or is restarted ends the run the same way.
 */
async function runOnEngine(source: string): Promise<PlaygroundAnswer | 'timeout'> {
  let timer: number | undefined;
  const timedOut = new Promise<'timeout'>((resolve) => {
    timer = window.setTimeout(() => {
      restartEngine('the run took too long');
      resolve('timeout');
    }, RUN_TIMEOUT_MS);
  });
  try {
    return await Promise.race([callEngine<PlaygroundAnswer>('playground.run', source), timedOut]);
  } catch (error) {
    if (error instanceof EngineRestarted) return 'timeout';
    return { result: { ...NO_RUN, error: { line: 0, message: `netsim: internal error: ${(error as Error).message}` } }, ms: 0 };
  } finally {
    clearTimeout(timer);
  }
}

// ---- the page -------------------------------------------------------------------------------

/**
 * Sets the page up in two tasks (the flow; the editor with its script, in one task so that no
 * frame shows it empty), each shorter on a slow phone than the 200 ms long task they made
 * in one task with the module's own evaluation.
 */
async function init(): Promise<void> {
  const root = $('[data-playground]');
  const status = $('[data-status]');
  const problem = $('[data-problem]');
  const results = $('[data-results]');
  const runButton = $<HTMLButtonElement>('[data-run]');
  const linkBox = $('[data-link-box]');
  const linkField = $<HTMLInputElement>('[data-link]');
  const linkStatus = $('[data-link-status]');
  // The walk's code (its view, the flow's highlights) is not in the page's first JavaScript: it
  // comes when the page is idle after load, or with the first run's results.
  let walkView: Promise<WalkView> | undefined;
  const loadWalk = (): Promise<WalkView> => (walkView ??= import('./walk.ts').then(({ mountWalk }) => mountWalk($('[data-walk]'))));
  whenIdleAfterLoad(() => void loadWalk().catch(() => (walkView = undefined)));

  const actor = createActor(playgroundMachine, { input: { source: '' } });
  actor.start();
  await yieldToMain();

  // The editor completes the engine's own words once the worker has sent them. The worker
  // starts when the page is idle after load (or at once for a shared link's run), so its
  // download does not compete with the page's own.
  whenIdleAfterLoad(() => void callEngine<Vocabulary>('playground.vocabulary', null).then(setVocabulary, () => {}));

  // The starter at once (the page's HTML shows it already), unless a link brings a script.
  const editor = mountEditor($('[data-editor]'), {
    value: location.hash.startsWith('#s=') ? '' : STARTER,
    label: 'Scenario script',
    describedBy: 'pg-editor-help',
    onChange: (value) => {
      actor.send({ type: 'editor.change', source: value });
      // A refused paste's message is about the text before this edit.
      if (problem.dataset['kind'] === 'paste') clearProblem();
    },
    onRun: () => void run(),
    onRefused: (message) => showProblem('paste', 0, message),
  });

  function setStatus(text: string): void {
    status.textContent = text;
  }

  // The menu of examples. The text last put in the editor (the starter, a link's, an example)
  // and every run's script (the history) are kept elsewhere: replacing them needs no question.
  let loadedText = '';
  mountExamples(root, {
    value: () => editor.value,
    isKept: (text) => text === loadedText || actor.getSnapshot().context.history.some((record) => record.source === text),
    load: (text, name) => {
      loadedText = text;
      clearProblem();
      editor.markLine(undefined);
      editor.editor.setOptions({ value: text });
      actor.send({ type: 'editor.change', source: text });
      setStatus(`Loaded ${name} into the editor. Run it (Ctrl+Enter in the editor) to see what it does.`);
    },
    status: setStatus,
  });

  function showProblem(kind: 'error' | 'stopped' | 'timeout' | 'link' | 'paste', line: number, message: string): void {
    const box = el('div', { class: `pg-problem is-${kind === 'paste' ? 'stopped' : kind}` });
    const title = { error: 'The script failed', stopped: 'The simulation stopped the run', timeout: 'The run was stopped', link: 'This link cannot be opened', paste: 'Nothing was pasted' }[kind];
    box.append(el('p', { class: 'pg-problem-title' }, line > 0 ? `${title} at line ${line}` : title));
    box.append(kind === 'paste' ? el('p', {}, message) : el('pre', { tabindex: '0' }, el('code', {}, kind === 'link' ? message : line > 0 ? `line ${line}: ${message}` : message)));
    if (line > 0) {
      const go = el('button', { type: 'button', class: 'secondary' }, `Go to line ${line}`);
      go.addEventListener('click', () => editor.goToLine(line));
      box.append(go);
    }
    problem.replaceChildren(box);
    problem.dataset['kind'] = kind;
    problem.hidden = false;
  }

  function clearProblem(): void {
    problem.replaceChildren();
    delete problem.dataset['kind'];
    problem.hidden = true;
  }

  /** `room`: the width to fit, measured before the page changes (reading it after forces a layout). */
  function drawTopology(topology: Topology, room: number): HTMLElement {
    const shown = topology.namespaces.filter((n) => n.devices.length > 0);
    if (!shown.length) return el('p', { class: 'pg-empty' }, 'The script made no device yet: add one with ip link add.');
    const narrow = layoutTopology(topology, 'narrow');
    const wide = layoutTopology(topology, 'wide');
    const layout = wide.width <= room - 16 ? wide : narrow;
    const figure = topologyFigure(layout, describeTopology(topology));
    // Hooks for the walk's highlights (the quiz drawing has none): the same order as the layout.
    const svg = figure.querySelector('svg');
    if (svg) {
      const devices = [...layout.devices.filter((d) => d.kind === 'bridge'), ...layout.devices.filter((d) => d.kind !== 'bridge')];
      svg.querySelectorAll('g.topo-dev').forEach((g, i) => {
        const d = devices[i];
        if (d) g.setAttribute('data-dev', `${d.ns}/${d.dev}`);
      });
      svg.querySelectorAll('polyline.topo-link').forEach((p, i) => {
        const l = layout.links[i];
        if (l) p.setAttribute('data-veth', `${l.a} ${l.b}`);
      });
    }
    return figure;
  }

  /** "… and 1,234 more lines not shown: the playground shows the first 500 lines of a capture." */
  function omittedNote(count: number, what: string, rule: string): HTMLElement {
    return el('p', { class: 'pg-empty pg-omitted' }, `… and ${formatCount(count)} more ${what}${count === 1 ? '' : 's'} not shown: ${rule}.`);
  }

  /**
   * Draws a run's lab, one section a task (the browser paints and answers input between them),
   * so even a flood's result never holds the main thread long. Returns false when a newer run
   * took over the page meanwhile.
   */
  async function renderOutput(result: RunResult, isCurrent: () => boolean): Promise<boolean> {
    const omitted = result.omitted;
    // Measured while the layout is clean, before anything changes (and before the results are shown).
    const room = (results.hidden ? root.clientWidth : results.clientWidth) || 360;
    results.hidden = false;
    const drawing = drawTopology(result.topology, room);
    $('[data-topology]').replaceChildren(drawing);
    await yieldToMain();
    if (!isCurrent()) return false;
    // The walk's copy of the same drawing: a clone, where laying the topology out again cost as much again.
    const copy = drawing.cloneNode(true) as HTMLElement;
    if (copy.matches('figure')) watchFigure(copy);
    $('[data-walk-topology]').replaceChildren(copy);

    const printed = $('[data-printed]');
    printed.replaceChildren(
      ...(result.printed.length
        ? result.printed.map((block, i) => {
            const left = omitted?.printedLines[i] ?? 0;
            return el(
              'div',
              { class: 'pg-block' },
              el('p', { class: 'pg-block-head' }, el('code', {}, block.header), ...(block.tool ? [` (${toolNote(block.command)})`] : [])),
              ...(block.output || !left ? [el('pre', { tabindex: '0', ...(block.tool ? { class: 'pg-tool-output' } : {}) }, el('code', {}, block.output || (block.tool && !/\s-[a-zA-Z]*v/.test(block.command) ? '(prints nothing: nc reports only with -v)' : '(prints nothing)')))] : []),
              ...(left ? [omittedNote(left, 'line', `the playground shows the first ${formatCount(SHOWN.printedLines)} lines of a command's output, ${formatCount(SHOWN.allPrintedLines)} in all`)] : []),
            );
          })
        : [el('p', { class: 'pg-empty' }, 'No command printed anything. Printed commands are iptables -L / -S, ip addr, ip route, conntrack -L, ping, nc -v...')]),
    );
    await yieldToMain();
    if (!isCurrent()) return false;
    const captures = $('[data-captures]');
    captures.replaceChildren(
      ...(result.captures.length
        ? result.captures.map((c, i) => {
            const left = omitted?.captureLines[i] ?? 0;
            const total = c.lines.length + left;
            return el(
              'div',
              { class: 'pg-block' },
              el('p', { class: 'pg-block-head' }, el('code', {}, `== ${c.id}`), ` (${formatCount(total)} line${total === 1 ? '' : 's'})`),
              ...(c.lines.length || !left ? [el('pre', { tabindex: '0' }, el('code', {}, c.lines.length ? c.lines.join('\n') : '(no packet seen)'))] : []),
              ...(left ? [omittedNote(left, 'line', `the playground shows the first ${formatCount(SHOWN.captureLines)} lines of a capture, ${formatCount(SHOWN.allCaptureLines)} in all`)] : []),
            );
          })
        : [el('p', { class: 'pg-empty' }, 'No capture: start one with tcpdump -n -i DEV & before the traffic.')]),
    );
    await yieldToMain();
    const walk = await loadWalk();
    if (!isCurrent()) return false;
    walk.load(result.packets, result.topology);
    const total = result.packets.length + (omitted?.packets ?? 0);
    $('[data-walk-count]').textContent = !total ? 'no packet' : omitted?.packets ? `the first ${formatCount(result.packets.length)} of ${formatCount(total)} packets` : `${total} packet${total === 1 ? '' : 's'}`;
    const walkNote = $('[data-walk-omitted]');
    walkNote.hidden = !omitted?.packets && !omitted?.steps;
    const cut = omitted?.steps ? result.packets.at(-1) : undefined;
    const more = omitted?.packets ? `${formatCount(omitted.packets)} more packet${omitted.packets === 1 ? ' is' : 's are'} not listed` : '';
    walkNote.textContent = !omitted || (!cut && !more)
      ? ''
      : `${[cut ? `Packet #${cut.packet}'s walk stops after its first ${formatCount(cut.steps.length)} of ${formatCount(cut.steps.length + omitted.steps)} steps` : '', more].filter(Boolean).join(', and ')}: the playground walks at most ${formatCount(SHOWN.packets)} packets, ${formatCount(SHOWN.steps)} steps in all.`;
    return true;
  }

  function renderComparison(history: readonly RunRecord[]): void {
    const compare = $('[data-compare]');
    const latest = history.at(-1);
    const before = previousRun(history);
    if (!latest || !before) {
      compare.replaceChildren(el('p', { class: 'pg-empty' }, 'Run the script again after a change: the new lines of the output are marked here against the run before.'));
      return;
    }
    const diff = diffLines(outputLines(before.output), outputLines(latest.output));
    const added = diff.filter((d) => d.kind === 'added').length;
    const removed = diff.filter((d) => d.kind === 'removed').length;
    const pre = el('pre', { class: 'pg-diff', tabindex: '0', 'aria-label': `Output of run ${latest.id} against run ${before.id}` });
    for (const line of diff) {
      const tag = line.kind === 'added' ? 'ins' : line.kind === 'removed' ? 'del' : 'span';
      pre.append(el(tag, { class: `pg-diff-line is-${line.kind}` }, `${line.kind === 'added' ? '+ ' : line.kind === 'removed' ? '- ' : '  '}${line.text}`), '\n');
    }
    const summary = added || removed ? `${added} new line${added === 1 ? '' : 's'}, ${removed} line${removed === 1 ? '' : 's'} gone` : 'the same output';
    compare.replaceChildren(
      el('p', {}, `Run ${latest.id} against run ${before.id}: ${summary}. New lines start with +, lines that are gone with -.`),
      pre,
      // A flood's output is kept cut (its last line says so): "in full" only when it is whole.
      el('details', { class: 'pg-previous' }, el('summary', {}, `Run ${before.id}'s output${before.output.endsWith(']\n') && before.output.includes('\n[playground: ') ? ', as kept' : ', in full'}`), el('pre', { tabindex: '0' }, el('code', {}, before.output || '(no output)'))),
    );
  }

  function renderHistory(history: readonly RunRecord[]): void {
    const list = $('[data-history]');
    if (!history.length) {
      list.replaceChildren(el('li', { class: 'pg-empty' }, 'No run yet.'));
      return;
    }
    list.replaceChildren(
      ...[...history].reverse().map((record) => {
        const lines = record.source.split('\n').filter((l) => l.trim() && !l.trim().startsWith('#')).length;
        const outcome = record.outcome === 'ran' ? 'ran' : record.outcome === 'failed' ? `failed at line ${record.line}` : 'stopped: took too long';
        const button = el('button', { type: 'button', class: 'secondary pg-restore', 'data-restore': String(record.id) }, `Put run ${record.id}'s script back`);
        return el(
          'li',
          {},
          el('span', { class: 'pg-run-title' }, `Run ${record.id}: ${lines} command${lines === 1 ? '' : 's'}, ${outcome}`),
          el('details', {}, el('summary', {}, 'Script'), el('pre', { tabindex: '0' }, el('code', {}, record.source))),
          button,
        );
      }),
    );
  }

  $('[data-history]').addEventListener('click', (event) => {
    const button = (event.target as Element).closest<HTMLButtonElement>('button[data-restore]');
    if (!button) return;
    const id = Number(button.dataset['restore']);
    actor.send({ type: 'history.restore', id });
    editor.setValue(actor.getSnapshot().context.source);
    setStatus(`Run ${id}'s script is back in the editor. Run it to see its output again.`);
    announce(`Run ${id}'s script is back in the editor.`);
  });

  /** Bumped by every run: a slower render of an older run stops drawing. */
  let renderGeneration = 0;

  async function run(): Promise<void> {
    if (actor.getSnapshot().matches('running')) return;
    actor.send({ type: 'editor.change', source: editor.value });
    actor.send({ type: 'run.start' });
    if (!actor.getSnapshot().matches('running')) {
      setStatus('The script is empty: type a command first.');
      return;
    }
    const source = actor.getSnapshot().context.running ?? '';
    const generation = ++renderGeneration;
    const isCurrent = (): boolean => generation === renderGeneration;
    root.setAttribute('aria-busy', 'true');
    runButton.disabled = true;
    setStatus('Running…');
    editor.markLine(undefined);
    const answer = await runOnEngine(source);
    // The answer's message (a copy of the whole result) was one task: what follows is another.
    await yieldToMain();
    if (answer === 'timeout') {
      actor.send({ type: 'run.timeout' });
      showProblem('timeout', 0, TIMEOUT_MESSAGE);
      setStatus('The run took too long and was stopped. A fresh engine is ready.');
      announce('The run took too long and was stopped.');
    } else {
      const { result, ms } = answer;
      actor.send({ type: 'run.done', answer: { output: result.output, error: result.error, stopped: result.stopped } });
      // The status says "Running…" until the lab is drawn (tests and screen readers wait for it).
      if (!(await renderOutput(result, isCurrent))) return;
      // The connection view's code is not part of the page's first JavaScript (src/ui/islands/lazy.ts).
      void import('./connection.ts').then(({ showConnections }) => showConnections(root, source, !result.error && !result.stopped));
      const issue = result.error ?? result.stopped;
      if (issue) {
        showProblem(result.error ? 'error' : 'stopped', issue.line, issue.message);
        editor.markLine(issue.line, result.error ? 'error' : 'stopped');
        const where = issue.line > 0 ? ` at line ${issue.line}` : '';
        // The whole message: a tool's first line may be only its name ("iptables v1.8.9 (nf_tables): ").
        setStatus(`${result.error ? 'The script failed' : 'The simulation stopped the run'}${where}: ${wholeMessage(issue.message)}`);
      } else {
        clearProblem();
        const n = (k: number, what: string): string => `${k} ${what}${k === 1 ? '' : 's'}`;
        setStatus(`Ran in ${ms} ms: ${n(result.printed.length, 'printed block')}, ${n(result.captures.length, 'capture')}, ${n(result.packets.length + (result.omitted?.packets ?? 0), 'packet')}.`);
      }
    }
    root.removeAttribute('aria-busy');
    runButton.disabled = false;
    const history = actor.getSnapshot().context.history;
    await yieldToMain();
    if (!isCurrent()) return;
    renderComparison(history);
    await yieldToMain();
    if (!isCurrent()) return;
    renderHistory(history);
  }

  runButton.addEventListener('click', () => void run());

  // ---- share, download --------------------------------------------------------------------

  $('[data-copy-link]').addEventListener('click', async () => {
    let href: string;
    try {
      href = new URL(`${PLAYGROUND_PATH}#s=${await encodeScenario(editor.value)}`, location.origin).href;
    } catch (error) {
      linkBox.hidden = true;
      setStatus(`No link: ${(error as Error).message}.`);
      return;
    }
    linkField.value = href;
    linkBox.hidden = false;
    history.replaceState(null, '', href);
    let copied = false;
    try {
      await navigator.clipboard.writeText(href);
      copied = true;
    } catch {
      // No clipboard permission (or an old browser): the link is shown selected instead.
    }
    linkStatus.textContent = copied ? 'Link copied. It holds the whole script: anyone who opens it sees this scenario.' : 'Copy the link below (it is selected). It holds the whole script.';
    if (!copied) {
      linkField.focus();
      linkField.select();
    }
  });

  $('[data-download]').addEventListener('click', () => {
    const blob = new Blob([editor.value.endsWith('\n') || !editor.value ? editor.value : `${editor.value}\n`], { type: 'text/x-shellscript' });
    const url = URL.createObjectURL(blob);
    const a = el('a', { href: url, download: 'scenario.sh', hidden: '' });
    document.body.append(a);
    a.click();
    a.remove();
    setTimeout(() => URL.revokeObjectURL(url), 1_000);
  });

  // ---- opening: a link, or the starter -------------------------------------------------------

  async function open(fromHashChange: boolean): Promise<void> {
    const hash = location.hash;
    if (!hash.startsWith('#s=')) {
      if (fromHashChange) return;
      if (editor.value !== STARTER) editor.editor.setOptions({ value: STARTER });
      loadedText = STARTER;
      actor.send({ type: 'editor.change', source: STARTER });
      setStatus('A small scenario to start from. Run it, change it, run it again.');
      return;
    }
    const decoded = await decodeScenario(hash);
    if (!decoded.ok) {
      editor.editor.setOptions({ value: '' });
      actor.send({ type: 'editor.change', source: '' });
      showProblem('link', 0, `${decoded.error[0]?.toUpperCase() ?? ''}${decoded.error.slice(1)}.`);
      setStatus('The link could not be opened; the editor is empty.');
      problem.scrollIntoView({ block: 'nearest' });
      return;
    }
    clearProblem();
    editor.editor.setOptions({ value: decoded.text });
    loadedText = decoded.text;
    actor.send({ type: 'editor.change', source: decoded.text });
    setStatus('Opened the scenario from the link.');
    await run();
  }

  window.addEventListener('hashchange', () => void open(true));
  void open(false);
  root.dataset['ready'] = '';
}

void init();
