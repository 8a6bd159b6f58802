// Random pcap filter expressions: mostly grammatical ones over the supported subset, then
// mutated (tokens dropped, repeated, swapped, or junk inserted) to reach the error paths.
// Used by the ground-truth generator and by the property tests.

import type { FrameRandom } from '../../../net/wire/testdata/random-frames.ts';

const ADDRS = ['10.1.0.1', '10.1.0.2', '10.1.0.3', '10.2.0.2', '192.0.2.1', '8.8.8.8', '10.1', '167837697', '0.0.0.0', '255.255.255.255'];
const NETS = ['10.1.0.0/16', '10.0.0.0/8', '10', '10.1', '192.0.2.0/24', '10.1.0.0 mask 255.255.0.0', '0.0.0.0/0', '10.2.0.0/24', '266', '8.8.8.8/32'];
const PORTS = ['80', '8080', '4000', '5555', '40000', '0', '65535', '9999', '0x50', '010'];
const PROTOS = ['1', '6', '17', '253', '2', '300'];
const PNAMES = ['ip', 'arp', 'tcp', 'udp', 'icmp', 'rarp', 'sctp', 'igmp'];
const JUNK = ['(', ')', 'and', 'or', 'not', '!', 'host', 'net', 'port', 'proto', 'src', 'dst', '80', '10.1.0.1', '10.0.0.0/8', '@', '08', '70000', 'tcp', 'foo', '&&', '||', '1.2.3.400', '/', 'mask', 'gateway', ')', '10.1.0.1/24', '99999999999'];

/** A protocol qualifier: usually one that fits the address kind, sometimes any (an error). */
function pqual(r: FrameRandom, fitting: readonly string[]): string {
  if (r.chance(0.4)) return '';
  return `${r.chance(0.85) ? r.pick(fitting) : r.pick(PNAMES)} `;
}

function qualified(r: FrameRandom): string {
  const dq = r.chance(0.5) ? '' : `${r.pick(['src', 'dst', 'src or dst', 'src and dst', 'dst or src'])} `;
  switch (r.int(0, 4)) {
    case 0:
      return `${pqual(r, ['ip', 'arp', 'rarp'])}${dq}host ${r.pick(ADDRS)}`;
    case 1:
      return `${pqual(r, ['ip', 'arp'])}${dq}net ${r.pick(NETS)}`;
    case 2:
      return `${pqual(r, ['tcp', 'udp', 'sctp'])}${dq}port ${r.pick(PORTS)}`;
    case 3:
      return `${pqual(r, ['ip', 'ip6'])}proto ${r.pick(PROTOS)}`;
    default:
      return `${pqual(r, ['ip', 'arp'])}${dq === '' ? 'src ' : dq}${r.pick(ADDRS)}`;
  }
}

function bare(r: FrameRandom, depth: number): string {
  switch (r.int(0, 4)) {
    case 0:
      return r.pick(ADDRS);
    case 1:
      return r.pick(PORTS);
    case 2:
      return r.pick(NETS.filter((n) => !n.includes(' ')));
    case 3:
      return depth > 0 ? `(${bare(r, depth - 1)} ${r.pick(['or', 'and'])} ${bare(r, depth - 1)})` : r.pick(ADDRS);
    default:
      return `not ${r.pick(ADDRS)}`;
  }
}

function term(r: FrameRandom, depth: number): string {
  const roll = r.int(0, 9);
  if (roll === 0) return `${r.pick(['not ', '!', '! '])}${term(r, depth)}`;
  if (roll === 1 && depth > 0) return `(${expr(r, depth - 1)})`;
  if (roll < 4) return r.pick(PNAMES);
  return qualified(r);
}

function expr(r: FrameRandom, depth: number): string {
  let e = term(r, depth);
  const n = r.int(0, 3);
  for (let i = 0; i < n; i++) {
    const op = r.pick(['and', 'or', '&&', '||']);
    e += ` ${op} ${r.chance(0.3) ? bare(r, 1) : term(r, depth)}`;
  }
  return e;
}

function tokens(e: string): string[] {
  return e.replace(/([()!])/g, ' $1 ').split(/\s+/).filter((t) => t !== '');
}

export function randomFilter(r: FrameRandom): string {
  const e = expr(r, 2);
  if (r.chance(0.7)) return e;
  const toks = tokens(e);
  const mutations = r.int(1, 3);
  for (let i = 0; i < mutations; i++) {
    const at = r.int(0, toks.length);
    switch (r.int(0, 3)) {
      case 0:
        toks.splice(at, 1);
        break;
      case 1:
        toks.splice(at, 0, r.pick(JUNK));
        break;
      case 2:
        if (toks[at] !== undefined) toks.splice(at, 0, toks[at] ?? '');
        break;
      default: {
        const other = r.int(0, Math.max(0, toks.length - 1));
        const a = toks[at];
        const b = toks[other];
        if (a !== undefined && b !== undefined) {
          toks[at] = b;
          toks[other] = a;
        }
      }
    }
  }
  return toks.join(' ');
}

const CONJUNCTION_ATOMS = [
  'icmp', 'arp', 'tcp', 'udp', 'ip', 'rarp', 'ip6', 'sctp', 'igmp', 'host 10.1.0.1', 'host 10.1.0.2', 'src host 10.1.0.1', 'dst host 10.1.0.1',
  'src host 10.1.0.2', 'net 10.0.0.0/8', 'src net 10.0.0.0/8', 'src net 192.0.2.0/24', 'src net 10.1.0.0/16', 'src net 10.2.0.0/16', 'port 80',
  'port 4000', 'src port 80', 'dst port 80', 'dst port 4000', 'tcp port 80', 'udp port 4000', 'tcp dst port 80', 'proto 1', 'proto 6',
  'ip proto 17', 'arp src 10.1.0.1', 'arp src 10.1.0.2', 'ip src 10.1.0.1', 'ip dst 10.1.0.2', 'src and dst host 10.1.0.1',
];

/** Conjunctions of primitives: where libpcap's optimizer finds "expression rejects all packets". */
export function randomConjunction(r: FrameRandom): string {
  const atom = (depth: number): string => {
    const x = r.int(0, 9);
    if (x === 0) return `not ${atom(depth)}`;
    if (x === 1 && depth > 0) return `(${atom(depth - 1)} ${r.pick(['or', 'and'])} ${atom(depth - 1)})`;
    return r.pick(CONJUNCTION_ATOMS);
  };
  const parts: string[] = [];
  const n = r.int(2, 4);
  for (let i = 0; i < n; i++) parts.push(atom(2));
  return parts.join(r.chance(0.8) ? ' and ' : ' or ');
}

const SOUP = [
  '(', ')', '!', 'not', 'and', 'or', '&&', '||', 'host', 'net', 'port', 'proto', 'src', 'dst', 'mask', 'gateway', 'ip', 'arp', 'rarp', 'tcp',
  'udp', 'icmp', 'sctp', 'igmp', 'ip6', 'icmp6', '10.1.0.1', '10.0.0.0', '10', '80', '0x50', '08', '99999999999', '255.255', '1.2.3.400',
  '@', '/', '10.0.0.0/8', '16',
];

/** Up to 7 random tokens: mostly errors, which must be libpcap's errors in libpcap's order. */
export function randomSoup(r: FrameRandom): string {
  const n = r.int(1, 7);
  const out: string[] = [];
  for (let i = 0; i < n; i++) out.push(r.pick(SOUP));
  return out.join(' ');
}
