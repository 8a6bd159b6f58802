// Packet objects: what travels on a link (an Ethernet frame) and what it carries.
// Packets are immutable values; NAT and TTL changes make copies (see withIpv4).
// Lengths are the on-the-wire lengths tcpdump prints; payload bytes themselves are not modelled.

import type { Ipv4Addr, MacAddr } from '../addr.ts';

export const IPPROTO_ICMP = 1;
export const IPPROTO_TCP = 6;
export const IPPROTO_UDP = 17;

export const ETH_HEADER_LEN = 14;
export const IPV4_HEADER_LEN = 20;
export const ICMP_HEADER_LEN = 8;
const UDP_HEADER_LEN = 8;
export const ARP_LEN = 28;

export interface EthernetFrame {
  readonly src: MacAddr;
  readonly dst: MacAddr;
  readonly payload: ArpPacket | Ipv4Packet;
}

export interface ArpPacket {
  readonly kind: 'arp';
  readonly op: 'request' | 'reply';
  readonly senderMac: MacAddr;
  readonly senderIp: Ipv4Addr;
  readonly targetMac: MacAddr;
  readonly targetIp: Ipv4Addr;
}

export interface Ipv4Packet {
  readonly kind: 'ipv4';
  readonly src: Ipv4Addr;
  readonly dst: Ipv4Addr;
  readonly ttl: number;
  readonly id: number; // IP header identification
  readonly payload: IcmpMessage | UdpDatagram | TcpSegment;
}

/**
 * Any other IP protocol (GRE, ESP, SCTP, a raw socket's protocol 253, ...), payload not modelled.
 * Not yet a member of Ipv4Packet['payload'] (adding it needs a case in every exhaustive switch on
 * the payload kind); the tcpdump formatter and filter already accept it (see IpPayloadAny below).
 * tcpdump prints `IP A > B:  ip-proto-N LEN` for protocols it does not dissect; for the ones it
 * does dissect (2 IGMP, 4 IPIP, 47 GRE, 50 ESP, 51 AH, 89 OSPF, 132 SCTP, ...) the real line
 * depends on the payload bytes, which the simulator does not have.
 */
export interface IpOtherPayload {
  readonly kind: 'other';
  readonly protocol: number; // IP protocol number, not 1, 6 or 17
  readonly dataLength: number; // bytes after the IPv4 header
}

/** Echo request (type 8) and reply (type 0). `dataLength` is what follows the 8-byte header. */
export interface IcmpEcho {
  readonly kind: 'icmp';
  readonly type: 0 | 8;
  readonly code: 0;
  readonly id: number;
  readonly seq: number;
  readonly dataLength: number;
}

/** Destination unreachable (3), redirect (5), time exceeded (11): they quote the offending packet. */
export interface IcmpError {
  readonly kind: 'icmp';
  readonly type: 3 | 5 | 11;
  readonly code: number;
  readonly quoted: Ipv4Packet; // the packet that caused the error, as it was when the error was made
  readonly quotedLength: number; // bytes of it quoted (Linux quotes up to 576 bytes in all)
  readonly gateway?: Ipv4Addr; // redirect only
  readonly mtu?: number; // type 3 code 4 (fragmentation needed) only: next-hop MTU, 0 or absent if unknown
}

export type IcmpMessage = IcmpEcho | IcmpError;

export interface UdpDatagram {
  readonly kind: 'udp';
  readonly sport: number;
  readonly dport: number;
  readonly dataLength: number;
}

export interface TcpFlags {
  readonly syn?: boolean;
  readonly ack?: boolean;
  readonly fin?: boolean;
  readonly rst?: boolean;
  readonly psh?: boolean;
  readonly urg?: boolean;
  readonly ece?: boolean;
  readonly cwr?: boolean;
}

export interface TcpSegment {
  readonly kind: 'tcp';
  readonly sport: number;
  readonly dport: number;
  readonly flags: TcpFlags;
  readonly seq: number;
  readonly ack: number;
  readonly win: number;
  readonly options: string; // as tcpdump prints inside options [...], '' for none
  readonly optionsLength: number; // bytes of TCP options
  readonly dataLength: number;
  readonly urgentPointer?: number; // printed by tcpdump (`urg N`) only when flags.urg is set
}

export function isIcmpError(msg: IcmpMessage): msg is IcmpError {
  return msg.type === 3 || msg.type === 5 || msg.type === 11;
}

/** The payload kinds an IPv4 packet may carry, including the not-yet-modelled other protocols. */
export type IpPayloadAny = Ipv4Packet['payload'] | IpOtherPayload;

/** Length of the IP payload in bytes (what follows the IPv4 header). */
export function ipPayloadLength(t: IpPayloadAny): number {
  switch (t.kind) {
    case 'icmp':
      return ICMP_HEADER_LEN + (isIcmpError(t) ? t.quotedLength : t.dataLength);
    case 'udp':
      return UDP_HEADER_LEN + t.dataLength;
    case 'tcp':
      return 20 + t.optionsLength + t.dataLength;
    case 'other':
      return t.dataLength;
  }
}

/** IPv4 total length (header + payload), what iptables counts as bytes. */
export function ipTotalLength(p: Ipv4Packet): number {
  return IPV4_HEADER_LEN + ipPayloadLength(p.payload);
}

/**
 * How much of an offending packet Linux's ICMP errors quote (icmp_send, also REJECT): as much
 * as fits in a 576-byte error, min(route MTU, 576) - 20 - 8 bytes at most.
 */
export function linuxIcmpQuoteLength(offending: Ipv4Packet, routeMtu = 1500): number {
  const room = Math.min(routeMtu, 576) - IPV4_HEADER_LEN - ICMP_HEADER_LEN;
  return Math.min(ipTotalLength(offending), room);
}

export function frameLength(f: EthernetFrame): number {
  return ETH_HEADER_LEN + (f.payload.kind === 'arp' ? ARP_LEN : ipTotalLength(f.payload));
}

/** The IP header's protocol field for a payload. */
export function protocolNumber(t: IpPayloadAny): number {
  switch (t.kind) {
    case 'icmp':
      return IPPROTO_ICMP;
    case 'udp':
      return IPPROTO_UDP;
    case 'tcp':
      return IPPROTO_TCP;
    case 'other':
      return t.protocol;
  }
}
