// What crosses between the playground page and the engine worker (src/ui/engine: playground.run,
// playground.vocabulary).

import type { PlaygroundRun } from './run.ts';

/** Words the editor completes, taken from the engine's own tables (asked once of the worker). */
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

/** A run's lab model as it crosses to the page: frames are left behind (the page never reads them). */
export type RunResult = Omit<PlaygroundRun, 'captures'> & {
  readonly captures: readonly { readonly ns: string; readonly dev: string; readonly id: string; readonly lines: readonly string[] }[];
};
