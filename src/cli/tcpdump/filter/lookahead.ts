// Decisions libpcap's LALR parser (grammar.y) takes by reading ahead, made here by scanning
// ahead without consuming: whether what follows is arithmetic (`tcp[13] & 2 != 0`, `len >
// 100`), and whether a `(` after `and`/`or` opens a list of addresses or numbers.

import { ALL_PNAMES, isKw, isOp, lexAt } from './scanner.ts';

/**
 * Nesting the simulator parses (recursively). libpcap's parser stack allows about 9995 levels
 * (then "can't parse filter expression: memory exhausted"); deeper filters are refused as
 * unsupported long before.
 */
export const MAX_NESTING = 1000;

/** Where `arth relop arth` starting at `pos` ends, or -1 (a syntax check only). */
export function relationEnd(s: string, pos: number): number {
  const left = arthEnd(s, pos, 0);
  if (left < 0) return -1;
  const op = lexAt(s, left);
  if (!isOp(op.tok, '>', '<', '=', '>=', '<=', '!=')) return -1;
  return arthEnd(s, op.end, 0);
}

function arthEnd(s: string, pos: number, depth: number): number {
  if (depth > MAX_NESTING) return -1;
  const t = lexAt(s, pos);
  let end: number;
  if (t.tok.k === 'num' || isKw(t.tok, 'len')) end = t.end;
  else if (isOp(t.tok, '-')) return arthEnd(s, t.end, depth + 1);
  else if (isOp(t.tok, '(')) {
    const inner = arthEnd(s, t.end, depth + 1);
    if (inner < 0) return -1;
    const close = lexAt(s, inner);
    if (!isOp(close.tok, ')')) return -1;
    end = close.end;
  } else if (t.tok.k === 'kw' && ALL_PNAMES.has(t.tok.w)) {
    const open = lexAt(s, t.end);
    if (!isOp(open.tok, '[')) return -1;
    let inner = arthEnd(s, open.end, depth + 1);
    if (inner < 0) return -1;
    let close = lexAt(s, inner);
    if (isOp(close.tok, ':')) {
      const size = lexAt(s, close.end);
      if (size.tok.k !== 'num') return -1;
      inner = size.end;
      close = lexAt(s, inner);
    }
    if (!isOp(close.tok, ']')) return -1;
    end = close.end;
  } else return -1;
  const op = lexAt(s, end);
  if (isOp(op.tok, '+', '-', '*', '/', '%', '&', '|', '^', '<<', '>>')) return arthEnd(s, op.end, depth + 1);
  return end;
}

/** The end of `( ( NUM ) )` starting at `start` (a parenthesised number), or -1. */
function pnumChainEnd(s: string, start: number, depth = 0): number {
  const open = lexAt(s, start);
  if (!isOp(open.tok, '(') || depth > MAX_NESTING) return -1;
  const inner = lexAt(s, open.end);
  let after: number;
  if (inner.tok.k === 'num') after = inner.end;
  else if (isOp(inner.tok, '(')) after = pnumChainEnd(s, open.end, depth + 1);
  else return -1;
  if (after < 0) return -1;
  const close = lexAt(s, after);
  return isOp(close.tok, ')') ? close.end : -1;
}

/**
 * At a `(` after `and`/`or`: does it open `( pid )` (addresses or numbers that inherit the
 * qualifiers, e.g. `host A and (B or C)`) rather than `( expr )`? Decided, as the LALR parser
 * does, by the first token inside that is not `not`.
 */
export function parenHoldsId(s: string, pos: number): boolean {
  let at = lexAt(s, pos).end; // after '('
  let tok = lexAt(s, at);
  while (tok.tok.k === 'kw' && tok.tok.w === 'not') {
    at = tok.end;
    tok = lexAt(s, at);
  }
  const t = tok.tok;
  if (t.k === 'hid' || t.k === 'id' || t.k === 'addr') return true;
  let afterNumber: number;
  if (t.k === 'num') afterNumber = tok.end;
  else if (isOp(t, '(')) afterNumber = pnumChainEnd(s, at);
  else return false;
  if (afterNumber < 0) return false;
  const after = lexAt(s, afterNumber).tok;
  return isKw(after, 'and', 'or') || isOp(after, ')');
}
