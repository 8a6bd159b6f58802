// The pcap-filter parser (libpcap 1.10.3 grammar.y), rule for rule, because its quirks are
// visible: `and` and `or` have the same precedence and group left to right, `not` binds
// tightest; an address or number after `and`/`or` inherits the qualifiers of the term before
// it; `(expr)` passes on the qualifiers in force before the parenthesis. Each rule calls
// gencode.ts as grammar.y's actions call gencode.c.

import { abbrev, and, bpfError, mcode, ncode, not, or, QERR, type Addr, type Blk, type Dir, type Expr, type Proto, type Qual } from './gencode.ts';
import { MAX_NESTING, parenHoldsId, relationEnd } from './lookahead.ts';
import { ALL_PNAMES, isKw, isOp, Lexer } from './scanner.ts';
import { TcpdumpError, unsupported } from '../errors.ts';

const SUPPORTED_PNAMES: ReadonlySet<string> = new Set(['ip', 'arp', 'rarp', 'tcp', 'udp', 'icmp', 'sctp', 'igmp', 'ip6', 'icmp6']);

export class FilterParser {
  private readonly lex: Lexer;
  /** Parentheses and `not`s open at this point. */
  private depth = 0;

  constructor(expression: string) {
    this.lex = new Lexer(expression);
  }

  private enter(): void {
    if (++this.depth > MAX_NESTING) throw unsupported(`filters nested more than ${MAX_NESTING} deep`);
  }

  /** A parser error (bpf_set_error, yyerror): a message the scanner set first wins. */
  private failParse(message: string): never {
    throw new TcpdumpError(`tcpdump: ${this.lex.firstError ?? message}`);
  }

  private syntaxError(): never {
    this.failParse("can't parse filter expression: syntax error");
  }

  private expectClose(): void {
    if (!isOp(this.lex.peek(), ')')) this.syntaxError();
    this.lex.next();
  }

  /** The filter's tests, or undefined for an empty filter (everything matches). */
  program(): Expr | undefined {
    if (this.lex.peek().k === 'eof') return undefined;
    const e = this.expr(QERR);
    if (this.lex.peek().k !== 'eof') this.syntaxError();
    return e.p;
  }

  // expr: term | expr and term | expr and id | expr or term | expr or id
  private expr(ctx: Qual): Blk {
    let left = this.term(ctx);
    for (;;) {
      const tok = this.lex.peek();
      if (!isKw(tok, 'and', 'or')) return left;
      this.lex.next();
      const right = this.termOrId(left.q);
      left = { p: tok.k === 'kw' && tok.w === 'and' ? and(left.p, right.p) : or(left.p, right.p), q: right.q };
    }
  }

  // term: rterm | not term
  private term(ctx: Qual): Blk {
    if (isKw(this.lex.peek(), 'not')) {
      this.lex.next();
      this.enter();
      const t = this.term(ctx);
      this.depth--;
      return { p: not(t.p), q: t.q };
    }
    return this.rterm(ctx);
  }

  /** After `and`/`or`, where both a term and a bare id (`host A or B`) may follow. */
  private termOrId(ctx: Qual): Blk {
    const tok = this.lex.peek();
    if (isKw(tok, 'not')) {
      this.lex.next();
      this.enter();
      const r = this.termOrId(ctx);
      this.depth--;
      return { p: not(r.p), q: r.q };
    }
    if (tok.k === 'hid' || tok.k === 'id' || tok.k === 'addr') return this.id(ctx);
    if (tok.k === 'num') {
      // The LALR parser reads one more token to choose between `id: pnum` and `arth: pnum`
      // (its default): a token that fits neither is a syntax error before any semantic check.
      const second = this.lex.peekSecond();
      if (isKw(second, 'and', 'or') || isOp(second, ')') || second.k === 'eof') return this.id(ctx);
      this.arithmeticOrSyntaxError();
    }
    if (isOp(tok, '(') && parenHoldsId(this.lex.text, this.lex.pos)) return this.id(ctx);
    return this.term(ctx);
  }

  /**
   * A term that starts like arithmetic (`tcp[13] & 2 != 0`, `len > 100`, `(80) > 5`): valid
   * relations are refused as unsupported, anything else is libpcap's syntax error.
   */
  private arithmeticOrSyntaxError(): never {
    if (relationEnd(this.lex.text, this.lex.pos) >= 0) throw unsupported('arithmetic filter expressions');
    this.syntaxError();
  }

  private rterm(ctx: Qual): Blk {
    const tok = this.lex.peek();
    if (isOp(tok, '(')) {
      if (relationEnd(this.lex.text, this.lex.pos) >= 0) throw unsupported('arithmetic filter expressions');
      this.lex.next();
      this.enter();
      // The `(` passes on the qualifiers before it: to a parenthesis right inside, and to
      // whatever follows the closing one.
      const e = this.expr(ctx);
      this.expectClose();
      this.depth--;
      return { p: e.p, q: ctx };
    }
    if (tok.k === 'num' || isOp(tok, '-') || isKw(tok, 'len')) {
      this.lex.peekSecond(); // the LALR parser reads it before giving up
      this.arithmeticOrSyntaxError();
    }
    if (isKw(tok, 'less', 'greater')) {
      if (this.lex.peekSecond().k === 'num') throw unsupported(`'${tok.text}'`);
      this.syntaxError();
    }
    if (tok.k !== 'kw') this.syntaxError();
    let proto: Proto = 'default';
    if (ALL_PNAMES.has(tok.w)) {
      if (isOp(this.lex.peekSecond(), '[')) this.arithmeticOrSyntaxError();
      if (!SUPPORTED_PNAMES.has(tok.w)) throw unsupported(`the '${tok.text}' primitive`);
      this.lex.next();
      proto = tok.w as Proto;
      const after = this.lex.peek();
      if (isKw(after, 'broadcast', 'multicast', 'protochain', 'portrange', 'type', 'subtype', 'dir', 'addr1', 'addr2', 'addr3', 'addr4', 'ra', 'ta')) {
        throw unsupported(`'${tok.text} ${after.text}'`);
      }
      if (!isKw(after, 'src', 'dst', 'host', 'net', 'port', 'proto', 'gateway')) return { p: abbrev(proto), q: QERR };
    } else if (!isKw(tok, 'src', 'dst', 'host', 'net', 'port', 'proto', 'gateway')) {
      if (isKw(tok, 'and', 'or', 'not', 'mask')) this.syntaxError();
      throw unsupported(`the '${tok.text}' primitive`);
    }
    return this.headAndId(proto);
  }

  // head id, with head: pqual dqual aqual | pqual dqual | pqual aqual | pqual PROTO | pqual GATEWAY
  private headAndId(proto: Proto): Blk {
    let dir: Dir = 'default';
    let tok = this.lex.peek();
    if (isKw(tok, 'src', 'dst')) {
      const first = tok.k === 'kw' ? tok.w : '';
      this.lex.next();
      dir = first as Dir;
      const conj = this.lex.peek();
      if (isKw(conj, 'and', 'or')) {
        this.lex.next();
        if (!isKw(this.lex.peek(), first === 'src' ? 'dst' : 'src')) this.syntaxError();
        this.lex.next();
        dir = conj.k === 'kw' && conj.w === 'and' ? 'and' : 'or';
      }
      tok = this.lex.peek();
    } else if (isKw(tok, 'addr1', 'addr2', 'addr3', 'addr4', 'ra', 'ta')) {
      throw unsupported(`the '${tok.text}' qualifier`);
    }
    let addr: Addr = 'default';
    if (isKw(tok, 'host', 'net', 'port')) {
      this.lex.next();
      addr = tok.k === 'kw' ? (tok.w as Addr) : 'default';
    } else if (isKw(tok, 'proto', 'gateway')) {
      if (dir !== 'default') this.syntaxError();
      this.lex.next();
      addr = tok.k === 'kw' ? (tok.w as Addr) : 'default';
    } else if (isKw(tok, 'portrange', 'protochain')) {
      throw unsupported(`the '${tok.text}' qualifier`);
    } else if (dir === 'default') {
      this.syntaxError();
    }
    return this.id({ proto, dir, addr });
  }

  // id: nid | pnum | paren pid ')'; nid: ID | HID '/' NUM | HID NETMASK HID | HID | ... | not id
  private id(ctx: Qual): Blk {
    const tok = this.lex.peek();
    if (isKw(tok, 'not')) {
      this.lex.next();
      this.enter();
      const r = this.id(ctx);
      this.depth--;
      return { p: not(r.p), q: r.q };
    }
    if (isOp(tok, '(')) return this.parenId(ctx);
    if (tok.k === 'num') {
      this.lex.next();
      return { p: ncode(undefined, tok.v, ctx), q: ctx };
    }
    if (tok.k === 'hid') {
      this.lex.next();
      const after = this.lex.peek();
      if (isOp(after, '/')) {
        this.lex.next();
        const len = this.lex.peek();
        if (len.k !== 'num') this.syntaxError();
        this.lex.next();
        return { p: mcode(tok.text, undefined, len.v, ctx), q: ctx };
      }
      if (isKw(after, 'mask')) {
        this.lex.next();
        const m = this.lex.peek();
        if (m.k !== 'hid') this.syntaxError();
        this.lex.next();
        return { p: mcode(tok.text, m.text, 0, ctx), q: ctx };
      }
      if (ctx.addr === 'port') this.failParse("'port' modifier applied to ip host");
      if (ctx.addr === 'proto') this.failParse("'proto' modifier applied to ip host");
      return { p: ncode(tok.text, 0, ctx), q: ctx };
    }
    if (tok.k === 'id') {
      this.lex.next();
      if (ctx.addr === 'undef') bpfError('syntax error in filter expression');
      throw unsupported(`names in filters ('${tok.text}'); use numeric addresses and ports`);
    }
    if (tok.k === 'addr') {
      this.lex.next();
      if (this.lex.firstError !== undefined) this.failParse(this.lex.firstError);
      throw unsupported(`Ethernet, IPv6 and ARCnet addresses in filters ('${tok.text}')`);
    }
    this.syntaxError();
  }

  // paren pid ')', pid: nid | qid and id | qid or id, qid: pnum | pid; or pnum: paren pnum ')'
  private parenId(ctx: Qual): Blk {
    this.lex.next(); // '('
    this.enter();
    const first = this.lex.peek();
    let left: Expr;
    if (isOp(first, '(')) left = ncode(undefined, this.parenNumber(), ctx);
    else if (first.k === 'num') {
      this.lex.next();
      left = ncode(undefined, first.v, ctx);
    } else if (first.k === 'hid' || first.k === 'id' || first.k === 'addr' || isKw(first, 'not')) left = this.id(ctx).p;
    else this.syntaxError();
    for (;;) {
      const tok = this.lex.peek();
      if (!isKw(tok, 'and', 'or')) break;
      this.lex.next();
      const right = this.id(ctx).p;
      left = tok.k === 'kw' && tok.w === 'and' ? and(left, right) : or(left, right);
    }
    this.expectClose();
    this.depth--;
    return { p: left, q: ctx };
  }

  private parenNumber(): number {
    this.lex.next(); // '('
    this.enter();
    const tok = this.lex.peek();
    let v: number;
    if (isOp(tok, '(')) v = this.parenNumber();
    else if (tok.k === 'num') {
      this.lex.next();
      v = tok.v;
    } else this.syntaxError();
    this.expectClose();
    this.depth--;
    return v;
  }
}
