// The pcap-filter language (libpcap 1.10.3, the library under tcpdump 4.99.3), the subset a
// simulated Ethernet/IPv4 capture can honour, compiled to a predicate on frames.
//
// Supported: `ip arp rarp tcp udp icmp igmp sctp ip6 icmp6` as primitives; `[ip|arp|rarp]
// [src|dst|src or dst|src and dst] host|net A` (also `A/len`, `A mask M`, short forms `net 10`,
// `host 10.1`); `[tcp|udp|sctp] [src|dst|...] port N`; `[ip] proto N`; `and or not && || !`
// and parentheses. Everything else libpcap accepts (arithmetic like `tcp[13] = 2`, `less`,
// `broadcast`, `ether`, `vlan`, names to look up, IPv6 addresses, ...) is refused with an
// `unsupported` TcpdumpError rather than guessed.
//
// The parser follows libpcap's yacc grammar (grammar.y) rule for rule, because its quirks are
// visible: `and` and `or` have the same precedence and group left to right (`a or b and c` is
// `(a or b) and c`), `not` binds tightest; an address or number after `and`/`or` inherits the
// qualifiers of the term before it (`host A or B`, `port 80 or 443`, but `tcp and 80` is
// "syntax error in filter expression"); `(expr)` passes on the qualifiers in force before the
// parenthesis. Semantics follow gencode.c: `host A` is `ip host A or arp host A or rarp host A`
// (an ARP frame matches on its sender/target protocol addresses), `port N` is `tcp port N or
// udp port N or sctp port N`, `icmp` is `ip proto 1` (ICMP errors included). Error texts are
// libpcap's, and so is their priority: errors are met in parse order, reading one token ahead;
// a message the scanner sets (`number 08 contains non-octal digit`) beats a later syntax error,
// but a code generation error (`invalid IPv4 address ...`) replaces it.

import { Lru } from '../../net/lru.ts';
import { TcpdumpError, unsupported } from './errors.ts';
import { framePredicate, type FramePredicate } from './filter/evaluate.ts';
import { FilterParser } from './filter/grammar.ts';
import { countTests, rejectsAll } from './filter/optimize.ts';

export type { FramePredicate } from './filter/evaluate.ts';

/** Tests in a compiled filter beyond which the simulator refuses it (libpcap has no such limit). */
const MAX_TESTS = 4000;

/**
 * Compiles a pcap filter expression (the words after the options, joined by spaces as tcpdump
 * joins them). Throws TcpdumpError with libpcap's message (`tcpdump: can't parse filter
 * expression: syntax error`, `tcpdump: illegal port number 70000 > 65535`, ...), or an
 * `unsupported` TcpdumpError for valid filters outside the simulated subset.
 * The predicate never throws.
 */
export function compileFilter(expression: string): FramePredicate {
  // A compiled filter is a pure function of its text: runs that capture with the same filter
  // (every regraded variant of a question) compile it once.
  const known = COMPILED.get(expression);
  if (known) return known;
  const predicate = compileUncached(expression);
  COMPILED.set(expression, predicate);
  return predicate;
}

const COMPILED = new Lru<string, FramePredicate>(256);

function compileUncached(expression: string): FramePredicate {
  const program = new FilterParser(expression).program();
  if (program === undefined) return () => true;
  if (countTests(program) > MAX_TESTS) throw unsupported(`filters of more than ${MAX_TESTS} tests`);
  if (rejectsAll(program)) throw new TcpdumpError('tcpdump: expression rejects all packets');
  return framePredicate(program);
}
