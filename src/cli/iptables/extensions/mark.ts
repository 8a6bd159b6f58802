// extensions/libxt_mark.c (the mark match, revision 1) and libxt_MARK.c (revision 2):
// --mark V[/M]; --set-xmark V[/M], --set-mark V[/M], --and-mark, --or-mark, --xor-mark, which
// all become one (value, mask) pair: mark = (mark & ~mask) ^ value.

import { parameterProblem } from '../errors.ts';
import { type ExtensionDef, XTOPT_INVERT, XTOPT_MAND, parseMarkMask, parseUint32 } from './xtoptions.ts';

export interface MarkMatchData {
  readonly ext: 'mark' | 'connmark';
  value: number;
  mask: number;
  invert: boolean;
}

function markMatch(name: 'mark' | 'connmark'): ExtensionDef<MarkMatchData> {
  return {
    name,
    x6: true,
    options: [{ name: 'mark', id: 0, hasArg: 1, flags: XTOPT_MAND | XTOPT_INVERT }],
    create: () => ({ ext: name, value: 0, mask: 0xffffffff, invert: false }),
    parse(data, option, arg, invert) {
      const mm = parseMarkMask(arg, name, option.name);
      data.value = mm.value;
      data.mask = mm.mask;
      data.invert = invert;
    },
  };
}

export const MARK_MATCH = markMatch('mark');
export const CONNMARK_MATCH = markMatch('connmark');

export interface MarkTargetData {
  readonly ext: 'MARK';
  value: number;
  mask: number;
}

// enum { O_SET_MARK = 0, O_AND_MARK, O_OR_MARK, O_XOR_MARK, O_SET_XMARK }
const F_ANY = 0x1f;

/** The (value, mask) pair of --set-xmark/--set-mark/--and-mark/--or-mark/--xor-mark. */
export function markOperation(id: number, arg: string, ext: string, optionName: string): { value: number; mask: number } {
  switch (id) {
    case 4:
      return parseMarkMask(arg, ext, optionName);
    case 0: {
      const mm = parseMarkMask(arg, ext, optionName);
      return { value: mm.value, mask: (mm.mask | mm.value) >>> 0 };
    }
    case 1:
      return { value: 0, mask: ~parseUint32(arg, ext, optionName) >>> 0 };
    case 2: {
      const v = parseUint32(arg, ext, optionName);
      return { value: v, mask: v };
    }
    default:
      return { value: parseUint32(arg, ext, optionName), mask: 0 };
  }
}

export const MARK_TARGET: ExtensionDef<MarkTargetData> = {
  name: 'MARK',
  x6: true,
  options: [
    { name: 'set-xmark', id: 4, hasArg: 1, excl: F_ANY },
    { name: 'set-mark', id: 0, hasArg: 1, excl: F_ANY },
    { name: 'and-mark', id: 1, hasArg: 1, excl: F_ANY },
    { name: 'or-mark', id: 2, hasArg: 1, excl: F_ANY },
    { name: 'xor-mark', id: 3, hasArg: 1, excl: F_ANY },
  ],
  create: () => ({ ext: 'MARK', value: 0, mask: 0 }),
  parse(data, option, arg) {
    const op = markOperation(option.id, arg, 'MARK', option.name);
    data.value = op.value;
    data.mask = op.mask;
  },
  finalCheck(xflags) {
    if (xflags === 0) throw parameterProblem('MARK: One of the --set-xmark, --{and,or,xor,set}-mark options is required');
  },
};

export interface ConnmarkTargetData {
  readonly ext: 'CONNMARK';
  mode: 'set' | 'save' | 'restore';
  ctmark: number;
  ctmask: number;
  nfmask: number;
}

// enum { O_SET_MARK = 0, O_SAVE_MARK, O_RESTORE_MARK, O_AND_MARK, O_OR_MARK, O_XOR_MARK,
//        O_SET_XMARK, O_CTMASK, O_NFMASK, O_MASK }
const F_OP_ANY = 0x7f;
const F_CTMASK = 1 << 7;
const F_NFMASK = 1 << 8;
const F_MASK = 1 << 9;
/** libxt_CONNMARK's ids of the five set operations, as markOperation() numbers them. */
const SET_OPS: Record<number, number> = { 0: 0, 3: 1, 4: 2, 5: 3, 6: 4 };

export const CONNMARK_TARGET: ExtensionDef<ConnmarkTargetData> = {
  name: 'CONNMARK',
  x6: true,
  options: [
    { name: 'set-xmark', id: 6, hasArg: 1, excl: F_OP_ANY },
    { name: 'set-mark', id: 0, hasArg: 1, excl: F_OP_ANY },
    { name: 'and-mark', id: 3, hasArg: 1, excl: F_OP_ANY },
    { name: 'or-mark', id: 4, hasArg: 1, excl: F_OP_ANY },
    { name: 'xor-mark', id: 5, hasArg: 1, excl: F_OP_ANY },
    { name: 'save-mark', id: 1, hasArg: 0, excl: F_OP_ANY },
    { name: 'restore-mark', id: 2, hasArg: 0, excl: F_OP_ANY },
    { name: 'ctmask', id: 7, hasArg: 1, excl: F_MASK },
    { name: 'nfmask', id: 8, hasArg: 1, excl: F_MASK },
    { name: 'mask', id: 9, hasArg: 1, excl: F_CTMASK | F_NFMASK },
  ],
  create: () => ({ ext: 'CONNMARK', mode: 'set', ctmark: 0, ctmask: 0xffffffff, nfmask: 0xffffffff }),
  parse(data, option, arg) {
    const op = SET_OPS[option.id];
    if (op !== undefined) {
      const mm = markOperation(op, arg, 'CONNMARK', option.name);
      data.mode = 'set';
      data.ctmark = mm.value;
      data.ctmask = mm.mask;
      return;
    }
    switch (option.id) {
      case 1:
        data.mode = 'save';
        break;
      case 2:
        data.mode = 'restore';
        break;
      case 7:
        data.ctmask = parseUint32(arg, 'CONNMARK', option.name);
        break;
      case 8:
        data.nfmask = parseUint32(arg, 'CONNMARK', option.name);
        break;
      default:
        data.ctmask = data.nfmask = parseUint32(arg, 'CONNMARK', option.name);
    }
  },
  finalCheck(xflags) {
    if (xflags === 0) throw parameterProblem('CONNMARK target: No operation specified');
  },
};
