// The messages between the playground page and its worker (src/ui/playground/worker.ts).

import type { PlaygroundRun } from './run.ts';

/** Words the editor completes, taken from the engine's own tables (sent once by the worker). */
export interface Vocabulary {
  /** sysctl keys the engine knows; `DEV` stands for all, default or a device. */
  readonly sysctlKeys: readonly string[];
  /** iptables targets the engine runs (verdicts and extensions). */
  readonly targets: readonly string[];
  /** iptables match extensions the engine runs (`-m NAME`). */
  readonly matches: readonly string[];
  /** Options of each match and target extension, with their dashes. */
  readonly extensionOptions: Readonly<Record<string, readonly string[]>>;
  readonly icmpTypes: readonly string[];
  readonly ctStates: readonly string[];
}

export type ToWorker = { readonly type: 'run'; readonly id: number; readonly source: string };

/** A run's lab model as it crosses to the page: frames are left behind (the page never reads them). */
export type RunResult = Omit<PlaygroundRun, 'captures'> & {
  readonly captures: readonly { readonly ns: string; readonly dev: string; readonly id: string; readonly lines: readonly string[] }[];
};

export type FromWorker =
  | { readonly type: 'ready'; readonly vocabulary: Vocabulary }
  | { readonly type: 'result'; readonly id: number; readonly result: RunResult; readonly ms: number };
