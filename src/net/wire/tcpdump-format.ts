// What `tcpdump -n -t` (and `tcpdump -n -t -e`) prints for a frame, byte for byte, as
// tcpdump 4.99.3 / libpcap 1.10.3 print it. Every format below was checked against the real
// tool: live captures in network namespaces and `tcpdump -r` on pcap files written by pcap.ts
// (see tcpdump-format.test.ts and src/cli/tcpdump/testdata/).
//
// The line for a TCP segment depends on the segments tcpdump printed before it (relative
// sequence numbers), so a capture formats its frames through one TcpdumpSession.
//
// ICMP error lengths. tcpdump ends an ICMP line with `length N`, N = the ICMP message length
// = 8 + the bytes of the offending packet that the error quotes. Linux (icmp_send, also used by
// the REJECT target) quotes as much of the offending IP packet as fits in a 576-byte error:
// quoted = min(IP total length of the offending packet, min(route MTU, 576) - 20 - 8), i.e. at
// most 548 bytes. A 64-byte ping (84 bytes of IP) gives `length 92`, a UDP datagram with 3
// bytes of data `length 39`, a TCP SYN with 20 bytes of options `length 68`, `ping -s 1000`
// `length 556`. linuxIcmpQuoteLength() (packet.ts) gives IcmpError.quotedLength.
//
// Payload bytes are not modelled. Where tcpdump decodes them (DNS and other UDP services,
// FTP/SMTP/... over TCP, GRE/ESP/OSPF/... as IP protocols) the real line depends on those bytes:
// formatLimitation() says when. A port unreachable that quotes an ICMP echo prints the echo's
// checksum as "port" (masked by the scenario normalization); pcap.ts defines the value.

import { formatIpv4 } from '../addr.ts';
import type { ArpPacket, EthernetFrame, IcmpError, Ipv4Packet, TcpSegment } from './packet.ts';
import { ARP_LEN, ETH_HEADER_LEN, ipPayloadLength, ipTotalLength, isIcmpError, protocolNumber, type IpPayloadAny } from './packet.ts';
import { quotedIcmpEchoPort } from './pcap.ts';

export interface TcpdumpFormatOptions {
  /** -e: print the link-level header. */
  readonly ether: boolean;
  /** -S: absolute TCP sequence numbers (no per-connection state). */
  readonly absoluteSeq?: boolean;
}

function arpText(a: ArpPacket): string {
  if (a.op === 'request') {
    // tcpdump shows the target hardware address only when it is not all zeros.
    const tha = /^(00:){5}00$/.test(a.targetMac) ? '' : ` (${a.targetMac})`;
    return `Request who-has ${formatIpv4(a.targetIp)}${tha} tell ${formatIpv4(a.senderIp)}, length ${ARP_LEN}`;
  }
  return `Reply ${formatIpv4(a.senderIp)} is-at ${a.senderMac}, length ${ARP_LEN}`;
}

/** The Linux cooked v2 header (struct sll2_header) that `-i any` frames carry instead of Ethernet's. */
const SLL2_HEADER_LEN = 20;

/** print-icmp.c: unreach2str (codes other than 2, 3 and 4). */
const UNREACH: Readonly<Record<number, string>> = {
  0: 'net %s unreachable',
  1: 'host %s unreachable',
  5: '%s unreachable - source route failed',
  6: 'net %s unreachable - unknown',
  7: 'host %s unreachable - unknown',
  8: '%s unreachable - source host isolated',
  9: 'net %s unreachable - admin prohibited',
  10: 'host %s unreachable - admin prohibited',
  11: 'net %s unreachable - tos prohibited',
  12: 'host %s unreachable - tos prohibited',
  13: 'host %s unreachable - admin prohibited filter',
  14: 'host %s unreachable - host precedence violation',
  15: 'host %s unreachable - precedence cutoff',
};

const REDIRECT: Readonly<Record<number, string>> = {
  0: 'redirect %s to net %s',
  1: 'redirect %s to host %s',
  2: 'redirect-tos %s to net %s',
  3: 'redirect-tos %s to host %s',
};

function icmpErrorText(t: IcmpError): string {
  const q = t.quoted;
  const qdst = formatIpv4(q.dst);
  const qt = q.payload as IpPayloadAny;
  switch (t.type) {
    case 3:
      switch (t.code) {
        case 2:
          return `${qdst} protocol ${protocolNumber(qt)} unreachable`;
        case 3:
          // tcpdump reads the quoted "destination port" at offset 2 of the quoted transport header.
          if (qt.kind === 'tcp') return `${qdst} tcp port ${qt.dport} unreachable`;
          if (qt.kind === 'udp') return `${qdst} udp port ${qt.dport} unreachable`;
          return `${qdst} protocol ${protocolNumber(qt)} port ${quotedPort(q)} unreachable`;
        case 4:
          return t.mtu ? `${qdst} unreachable - need to frag (mtu ${t.mtu})` : `${qdst} unreachable - need to frag`;
        default:
          return (UNREACH[t.code] ?? `%s unreachable - #${t.code}`).replace('%s', qdst);
      }
    case 5:
      return (REDIRECT[t.code] ?? `redirect-#${t.code} %s to %s`).replace('%s', qdst).replace('%s', formatIpv4(t.gateway ?? 0));
    case 11:
      return t.code === 0 ? 'time exceeded in-transit' : t.code === 1 ? 'ip reassembly time exceeded' : `time exceeded-#${t.code}`;
  }
}

/** The 16 bits at offset 2 of a quoted non-TCP/UDP payload, as tcpdump reads them. */
function quotedPort(q: Ipv4Packet): number {
  const t = q.payload as IpPayloadAny;
  if (t.kind === 'icmp') {
    if (isIcmpError(t)) return 0; // Linux never sends an ICMP error about an ICMP error
    return quotedIcmpEchoPort(t);
  }
  return 0; // other protocols: the simulator has no payload bytes (pcap.ts writes zeros)
}

/** tcp_print's Flags [...]: F S R P . U E W in this order, `none` when no flag is set. */
function tcpFlags(t: TcpSegment): string {
  const f = t.flags;
  const s = `${f.fin ? 'F' : ''}${f.syn ? 'S' : ''}${f.rst ? 'R' : ''}${f.psh ? 'P' : ''}${f.ack ? '.' : ''}${f.urg ? 'U' : ''}${f.ece ? 'E' : ''}${f.cwr ? 'W' : ''}`;
  return s === '' ? 'none' : s;
}

interface SeqState {
  seq: number;
  ack: number;
}

/**
 * tcpdump's per-capture state: the initial sequence numbers of each TCP conversation, keyed the
 * way print-tcp.c keys them. One session per tcpdump process (per capture).
 */
export class TcpdumpSession {
  readonly options: TcpdumpFormatOptions;
  private readonly tcpSeq = new Map<string, SeqState>();

  constructor(options: TcpdumpFormatOptions) {
    this.options = options;
  }

  /** The line tcpdump prints for the frame (no newline). */
  format(frame: EthernetFrame): string {
    const p = frame.payload;
    if (!this.options.ether) {
      return p.kind === 'arp' ? `ARP, ${arpText(p)}` : `IP ${this.ipText(p)}`;
    }
    const head = `${frame.src} > ${frame.dst}, ethertype`;
    if (p.kind === 'arp') return `${head} ARP (0x0806), length ${ETH_HEADER_LEN + ARP_LEN}: ${arpText(p)}`;
    return `${head} IPv4 (0x0800), length ${ETH_HEADER_LEN + ipTotalLength(p)}: ${this.ipText(p)}`;
  }

  /**
   * The rest of a `-e -i any` line after the device and direction (print-sll.c, LINUX_SLL2):
   * the ifindex, the one link-layer address the cooked header keeps (the frame's source), the
   * ethertype, and the length with the 20-byte cooked header instead of Ethernet's 14.
   */
  formatCooked(frame: EthernetFrame, ifindex: number): string {
    const p = frame.payload;
    const head = `ifindex ${ifindex} ${frame.src} ethertype`;
    if (p.kind === 'arp') return `${head} ARP (0x0806), length ${SLL2_HEADER_LEN + ARP_LEN}: ${arpText(p)}`;
    return `${head} IPv4 (0x0800), length ${SLL2_HEADER_LEN + ipTotalLength(p)}: ${this.ipText(p)}`;
  }

  private ipText(p: Ipv4Packet): string {
    const src = formatIpv4(p.src);
    const dst = formatIpv4(p.dst);
    const t = p.payload as IpPayloadAny;
    switch (t.kind) {
      case 'icmp': {
        const len = ipPayloadLength(t);
        if (isIcmpError(t)) return `${src} > ${dst}: ICMP ${icmpErrorText(t)}, length ${len}`;
        return `${src} > ${dst}: ICMP echo ${t.type === 8 ? 'request' : 'reply'}, id ${t.id}, seq ${t.seq}, length ${len}`;
      }
      case 'udp':
        return `${src}.${t.sport} > ${dst}.${t.dport}: UDP, length ${t.dataLength}`;
      case 'tcp':
        return `${src}.${t.sport} > ${dst}.${t.dport}: ${this.tcpText(p, t)}`;
      case 'other':
        // ip_demux_print's default case; the double space is tcpdump's.
        return `${src} > ${dst}:  ip-proto-${t.protocol} ${t.dataLength}`;
    }
  }

  private tcpText(p: Ipv4Packet, t: TcpSegment): string {
    let seq = t.seq >>> 0;
    let ack = t.ack >>> 0;
    if (!this.options.absoluteSeq && t.flags.ack) {
      // print-tcp.c: one entry per conversation, keyed with the lower port first (the lower
      // address first when the ports are equal); created or reset by a segment with ACK that
      // is new or carries SYN (the SYN-ACK, whose numbers print absolute); later segments
      // print seq/ack relative to it.
      const rev = t.sport > t.dport || (t.sport === t.dport && p.src >>> 0 > p.dst >>> 0);
      const key = rev ? `${p.dst}:${p.src}:${t.dport}:${t.sport}` : `${p.src}:${p.dst}:${t.sport}:${t.dport}`;
      const state = this.tcpSeq.get(key);
      if (!state || t.flags.syn) {
        const fresh = rev ? { ack: seq, seq: (ack - 1) >>> 0 } : { seq, ack: (ack - 1) >>> 0 };
        this.tcpSeq.set(key, fresh);
      } else if (rev) {
        seq = (seq - state.ack) >>> 0;
        ack = (ack - state.seq) >>> 0;
      } else {
        seq = (seq - state.seq) >>> 0;
        ack = (ack - state.ack) >>> 0;
      }
    }
    const f = t.flags;
    const length = t.dataLength;
    let s = `Flags [${tcpFlags(t)}]`;
    if (length > 0 || f.syn || f.fin || f.rst) {
      s += `, seq ${seq}`;
      if (length > 0) s += `:${(seq + length) >>> 0}`;
    }
    if (f.ack) s += `, ack ${ack}`;
    s += `, win ${t.win}`;
    if (f.urg) s += `, urg ${t.urgentPointer ?? 0}`;
    if (t.optionsLength > 0) s += `, options [${t.options}]`;
    s += `, length ${length}`;
    if (length > 0) s += tcpPayloadText(t);
    return s;
  }
}

/**
 * What tcpdump appends after `length N` for TCP data, by port. The simulator has no payload
 * bytes; it assumes data that no dissector recognises as its protocol (plain text such as what
 * `nc` sends). For HTTP ports that is `: HTTP` (a real `GET / HTTP/1.0` request line would
 * print `: HTTP: GET / HTTP/1.0`). Other dissected ports are not modelled.
 */
function tcpPayloadText(t: TcpSegment): string {
  const either = (port: number): boolean => t.sport === port || t.dport === port;
  if (either(80) || either(8080)) return ': HTTP';
  if (either(554) || either(8554)) return ': RTSP';
  return '';
}

/**
 * The line `tcpdump -n -t [-e]` prints for one frame. Without a session the frame is formatted
 * as the first one of a capture (TCP numbers absolute); with one, through that session (whose
 * own options then apply). A capture formats all its frames through one TcpdumpSession.
 */
export function formatFrame(frame: EthernetFrame, opts: TcpdumpFormatOptions, session?: TcpdumpSession): string {
  return (session ?? new TcpdumpSession(opts)).format(frame);
}

/**
 * UDP ports at which tcpdump 4.99.3 decodes the payload instead of printing `UDP, length N`
 * (either port of the datagram; found by reading datagrams carrying "hello\n" to every port
 * with the real tcpdump).
 */
const TCPDUMP_UDP_DISSECTED_PORTS: ReadonlySet<number> = new Set([
  53, 67, 68, 69, 88, 123, 161, 162, 319, 320, 496, 500, 514, 520, 521, 525, 546, 547, 646, 654, 698, 701, 750, 921, 1589, 1645, 1646,
  1700, 1701, 1812, 1813, 1985, 2103, 2104, 3456, 3503, 3784, 3785, 3799, 4342, 4500, 4567, 4784, 4789, 4790, 5060, 5353, 5359, 6081,
  6343, 6635, 6696, 6697, 6784, 7000, 7001, 7002, 7003, 7004, 7005, 7006, 7007, 7008, 7009, 7500, 8231, 8472, 8500, 12222, 12223, 17754,
  30490,
]);

/**
 * TCP ports at which tcpdump 4.99.3 appends a decoding of the data after `length N` (same
 * method). For 80 and 8080 (`: HTTP`) and 554 and 8554 (`: RTSP`) the formatter prints what
 * tcpdump prints for text that is not a request line of that protocol.
 */
const TCPDUMP_TCP_DISSECTED_PORTS: ReadonlySet<number> = new Set([21, 25, 43, 53, 80, 179, 323, 554, 639, 1723, 6379, 6633, 6653, 8080, 8554, 10288]);

/** IP protocols tcpdump 4.99.3 decodes (their lines depend on payload bytes the simulator lacks). */
const TCPDUMP_DISSECTED_IP_PROTOCOLS: ReadonlySet<number> = new Set([2, 4, 8, 9, 33, 41, 46, 47, 50, 55, 58, 59, 77, 88, 89, 103, 108, 112, 113, 132, 143]);

/**
 * Why the real tcpdump line for this frame may differ from formatFrame's, or undefined when
 * the formatter prints it exactly: tcpdump decodes payloads the simulator does not carry.
 */
export function formatLimitation(frame: EthernetFrame): string | undefined {
  if (frame.payload.kind !== 'ipv4') return undefined;
  const t = frame.payload.payload as IpPayloadAny;
  const either = (ports: ReadonlySet<number>, a: number, b: number): boolean => ports.has(a) || ports.has(b);
  switch (t.kind) {
    case 'udp':
      return either(TCPDUMP_UDP_DISSECTED_PORTS, t.sport, t.dport) ? 'tcpdump decodes the payload of UDP datagrams at this port' : undefined;
    case 'tcp': {
      const exact = new Set([80, 8080, 554, 8554]);
      const dissected = either(TCPDUMP_TCP_DISSECTED_PORTS, t.sport, t.dport);
      if (t.dataLength === 0 || !dissected) return undefined;
      return either(exact, t.sport, t.dport) ? 'tcpdump also prints the request or status line of HTTP/RTSP data' : 'tcpdump decodes TCP data at this port';
    }
    case 'other':
      return TCPDUMP_DISSECTED_IP_PROTOCOLS.has(t.protocol) ? `tcpdump decodes IP protocol ${t.protocol}` : undefined;
    default:
      return undefined;
  }
}
