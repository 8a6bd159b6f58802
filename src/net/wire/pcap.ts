// Frames as bytes: the classic pcap file format (what `tcpdump -w` writes, what Wireshark and
// `tcpdump -r` read). The tcpdump ground-truth tests feed these files to the real tcpdump and
// compare its lines with the formatter's; the site could also offer a simulated capture as a
// download.
//
// Bytes the packet model does not carry are filled in deterministically: payload bytes are
// zero, the IP header has no options, DF is clear, TOS 0, checksums are computed. An ICMP echo's
// payload is zeros too, so the "port" tcpdump prints for a port unreachable quoting an echo
// request (its checksum) is `quotedIcmpEchoPort` below, the same value the formatter prints.

import type { Ipv4Addr, MacAddr } from '../addr.ts';
import { Lru } from '../lru.ts';
import { ICMP_HEADER_LEN, IPV4_HEADER_LEN, ipPayloadLength, ipTotalLength, isIcmpError, protocolNumber } from './packet.ts';

const ETHERNET_HEADER_LEN = 14;
import type { ArpPacket, EthernetFrame, IcmpEcho, IcmpError, IpPayloadAny, Ipv4Packet, TcpSegment, UdpDatagram } from './packet.ts';

const ETHERTYPE_IPV4 = 0x0800;
const ETHERTYPE_ARP = 0x0806;

/** A MAC's six bytes: every captured frame is encoded for the filter, and a run has few MACs. */
const MAC_BYTES = new Lru<string, readonly number[]>(1024);

function macBytes(m: MacAddr): readonly number[] {
  return MAC_BYTES.getOrCompute(m, () => m.split(':').map((part) => parseInt(part, 16) & 0xff));
}

/**
 * Writes big-endian fields into a buffer sized beforehand (every captured frame is encoded for
 * the tcpdump filter: no growing arrays). A typed array stores each value modulo 256, and it
 * starts zeroed, so payload bytes cost nothing.
 */
class Writer {
  readonly bytes: Uint8Array;
  at: number;
  constructor(bytes: Uint8Array, at = 0) {
    this.bytes = bytes;
    this.at = at;
  }
  u8(v: number): void {
    this.bytes[this.at++] = v;
  }
  u16(v: number): void {
    this.bytes[this.at++] = v >>> 8;
    this.bytes[this.at++] = v;
  }
  u32(v: number): void {
    this.u16(v >>> 16);
    this.u16(v);
  }
  skip(n: number): void {
    this.at += n;
  }
  mac(m: MacAddr): void {
    for (const b of macBytes(m)) this.bytes[this.at++] = b;
  }
  ip(a: Ipv4Addr): void {
    this.u32(a >>> 0);
  }
  append(b: ArrayLike<number>, length = b.length): void {
    for (let i = 0; i < length; i++) this.bytes[this.at++] = b[i] ?? 0;
  }
}

/** RFC 1071 Internet checksum of `bytes[from, to)`. */
export function internetChecksum(bytes: ArrayLike<number>, from = 0, to = bytes.length): number {
  let sum = 0;
  for (let i = from; i < to; i += 2) {
    sum += ((bytes[i] ?? 0) << 8) | (i + 1 < to ? (bytes[i + 1] ?? 0) : 0);
  }
  while (sum > 0xffff) sum = (sum & 0xffff) + (sum >>> 16);
  return ~sum & 0xffff;
}

function putU16(bytes: Uint8Array, at: number, v: number): void {
  bytes[at] = v >>> 8;
  bytes[at + 1] = v;
}

/**
 * The checksum of an ICMP echo as this encoder writes it (zero payload). tcpdump prints it as the
 * `port` of a port unreachable that quotes the echo (it reads the quoted "UDP destination port",
 * bytes 2-3 of the quoted ICMP header). Real pings carry a timestamp, so the real value varies;
 * the scenario normalization masks it.
 */
export function quotedIcmpEchoPort(echo: IcmpEcho): number {
  const w = new Writer(new Uint8Array(ICMP_HEADER_LEN + echo.dataLength));
  encodeIcmpEcho(w, echo);
  return ((w.bytes[2] ?? 0) << 8) | (w.bytes[3] ?? 0);
}

function encodeIcmpEcho(w: Writer, t: IcmpEcho): void {
  const from = w.at;
  w.u8(t.type);
  w.u8(t.code);
  w.u16(0);
  w.u16(t.id);
  w.u16(t.seq);
  w.skip(t.dataLength);
  putU16(w.bytes, from + 2, internetChecksum(w.bytes, from, w.at));
}

function encodeIcmpError(w: Writer, t: IcmpError): void {
  const from = w.at;
  w.u8(t.type);
  w.u8(t.code);
  w.u16(0);
  if (t.type === 5) w.ip(t.gateway ?? 0);
  else if (t.type === 3 && t.code === 4) {
    w.u16(0);
    w.u16(t.mtu ?? 0);
  } else w.u32(0);
  const quoted = encodeIpv4(t.quoted);
  w.append(quoted, Math.min(t.quotedLength, quoted.length));
  w.at = from + ICMP_HEADER_LEN + t.quotedLength;
  putU16(w.bytes, from + 2, internetChecksum(w.bytes, from, w.at));
}

function encodeUdp(w: Writer, t: UdpDatagram): void {
  w.u16(t.sport);
  w.u16(t.dport);
  w.u16(8 + t.dataLength);
  w.u16(0); // checksum 0 = none (tcpdump checks it only with -v)
  w.skip(t.dataLength);
}

/** Parses the options text tcpdump prints (`mss 1460,sackOK,TS val 1 ecr 0,nop,wscale 7`) back to bytes. */
export function encodeTcpOptions(text: string): number[] {
  const out: number[] = [];
  if (text === '') return out;
  const u16 = (v: number): void => {
    out.push((v >>> 8) & 0xff, v & 0xff);
  };
  for (const opt of text.split(',')) {
    let m: RegExpExecArray | null;
    if (opt === 'nop') out.push(1);
    else if (opt === 'eol') out.push(0);
    else if (opt === 'sackOK') out.push(4, 2);
    else if ((m = /^mss (\d+)$/.exec(opt))) {
      out.push(2, 4);
      u16(Number(m[1]));
    } else if ((m = /^wscale (\d+)$/.exec(opt))) {
      out.push(3, 3, Number(m[1]) & 0xff);
    } else if ((m = /^TS val (\d+) ecr (\d+)$/.exec(opt))) {
      out.push(8, 10);
      for (const v of [Number(m[1]), Number(m[2])]) {
        u16(v >>> 16);
        u16(v);
      }
    } else {
      throw new Error(`pcap: cannot encode TCP option '${opt}'`);
    }
  }
  return out;
}

function encodeTcp(w: Writer, t: TcpSegment): void {
  const options = encodeTcpOptions(t.options);
  if (options.length !== t.optionsLength || t.optionsLength % 4 !== 0) {
    throw new Error(`pcap: TCP options '${t.options}' are ${options.length} bytes, optionsLength says ${t.optionsLength}`);
  }
  const f = t.flags;
  const flagBits =
    (f.fin ? 0x01 : 0) |
    (f.syn ? 0x02 : 0) |
    (f.rst ? 0x04 : 0) |
    (f.psh ? 0x08 : 0) |
    (f.ack ? 0x10 : 0) |
    (f.urg ? 0x20 : 0) |
    (f.ece ? 0x40 : 0) |
    (f.cwr ? 0x80 : 0);
  w.u16(t.sport);
  w.u16(t.dport);
  w.u32(t.seq);
  w.u32(t.ack);
  w.u8(((20 + t.optionsLength) / 4) << 4);
  w.u8(flagBits);
  w.u16(t.win);
  w.u16(0);
  w.u16(t.urgentPointer ?? 0);
  w.append(options);
  w.skip(t.dataLength);
}

/** Writes an IPv4 packet (20-byte header, no options) at the writer's position. */
function writeIpv4(w: Writer, p: Ipv4Packet): void {
  const t = p.payload as IpPayloadAny;
  const from = w.at;
  w.u8(0x45);
  w.u8(0);
  w.u16(IPV4_HEADER_LEN + ipPayloadLength(t));
  w.u16(p.id);
  w.u16(0);
  w.u8(p.ttl);
  w.u8(protocolNumber(t));
  w.u16(0);
  w.ip(p.src);
  w.ip(p.dst);
  putU16(w.bytes, from + 10, internetChecksum(w.bytes, from, from + IPV4_HEADER_LEN));
  switch (t.kind) {
    case 'icmp':
      if (isIcmpError(t)) encodeIcmpError(w, t);
      else encodeIcmpEcho(w, t);
      break;
    case 'udp':
      encodeUdp(w, t);
      break;
    case 'tcp':
      encodeTcp(w, t);
      break;
    case 'other':
      w.skip(t.dataLength);
      break;
  }
}

/** The bytes of an IPv4 packet (20-byte header, no options). */
function encodeIpv4(p: Ipv4Packet): Uint8Array {
  const w = new Writer(new Uint8Array(ipTotalLength(p)));
  writeIpv4(w, p);
  return w.bytes;
}

const ARP_LEN = 28;

function writeArp(w: Writer, a: ArpPacket): void {
  w.u16(1);
  w.u16(ETHERTYPE_IPV4);
  w.u8(6);
  w.u8(4);
  w.u16(a.op === 'request' ? 1 : 2);
  w.mac(a.senderMac);
  w.ip(a.senderIp);
  w.mac(a.targetMac);
  w.ip(a.targetIp);
}

/** The bytes of an Ethernet frame as a packet socket sees them (no FCS, no padding). */
export function encodeFrame(f: EthernetFrame): Uint8Array {
  const isArp = f.payload.kind === 'arp';
  const w = new Writer(new Uint8Array(ETHERNET_HEADER_LEN + (f.payload.kind === 'arp' ? ARP_LEN : ipTotalLength(f.payload))));
  w.mac(f.dst);
  w.mac(f.src);
  w.u16(isArp ? ETHERTYPE_ARP : ETHERTYPE_IPV4);
  if (f.payload.kind === 'arp') writeArp(w, f.payload);
  else writeIpv4(w, f.payload);
  return w.bytes;
}

/** A classic pcap file (microsecond timestamps, LINKTYPE_ETHERNET, snaplen 262144). */
export function pcapFile(frames: readonly { readonly frame: EthernetFrame; readonly timeMs?: number }[]): Uint8Array {
  const encoded = frames.map(({ frame }) => encodeFrame(frame));
  const w = new Writer(new Uint8Array(24 + encoded.reduce((sum, b) => sum + 16 + b.length, 0)));
  const le32 = (v: number): void => {
    w.u8(v);
    w.u8(v >>> 8);
    w.u8(v >>> 16);
    w.u8(v >>> 24);
  };
  const le16 = (v: number): void => {
    w.u8(v);
    w.u8(v >>> 8);
  };
  le32(0xa1b2c3d4);
  le16(2);
  le16(4);
  le32(0);
  le32(0);
  le32(262144);
  le32(1);
  frames.forEach(({ timeMs }, i) => {
    const bytes = encoded[i]!;
    const ms = timeMs ?? i;
    le32(Math.floor(ms / 1000));
    le32(Math.floor((ms % 1000) * 1000));
    le32(bytes.length);
    le32(bytes.length);
    w.append(bytes);
  });
  return w.bytes;
}
