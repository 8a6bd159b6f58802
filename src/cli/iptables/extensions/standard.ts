// extensions/libxt_standard.c: the target that answers `-j ACCEPT|DROP|RETURN` (no options).

import type { ExtensionDef } from './xtoptions.ts';

export interface StandardData {
  readonly ext: 'standard';
}

export const STANDARD: ExtensionDef<StandardData> = { name: 'standard', x6: true, options: [], create: () => ({ ext: 'standard' }) };
