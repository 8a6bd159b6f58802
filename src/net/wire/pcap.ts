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
import { isIcmpError, protocolNumber } from './packet.ts';
import type { ArpPacket, EthernetFrame, IcmpEcho, IcmpError, IpPayloadAny, Ipv4Packet, TcpSegment, UdpDatagram } from './packet.ts';

const ETHERTYPE_IPV4 = 0x0800;
const ETHERTYPE_ARP = 0x0806;

class Writer {
  bytes: number[] = [];
  u8(v: number): void {
    this.bytes.push(v & 0xff);
  }
  u16(v: number): void {
    this.u8(v >>> 8);
    this.u8(v);
  }
  u32(v: number): void {
    this.u16(v >>> 16);
    this.u16(v);
  }
  zeros(n: number): void {
    for (let i = 0; i < n; i++) this.bytes.push(0);
  }
  mac(m: MacAddr): void {
    for (const part of m.split(':')) this.u8(parseInt(part, 16));
  }
  ip(a: Ipv4Addr): void {
    this.u32(a >>> 0);
  }
  append(b: readonly number[]): void {
    for (const x of b) this.bytes.push(x);
  }
}

/** RFC 1071 Internet checksum of `bytes[from, to)`. */
export function internetChecksum(bytes: readonly number[], from = 0, to = bytes.length): number {
  let sum = 0;
  for (let i = from; i < to; i += 2) {
    sum += ((bytes[i] ?? 0) << 8) | (i + 1 < to ? (bytes[i + 1] ?? 0) : 0);
  }
  while (sum > 0xffff) sum = (sum & 0xffff) + (sum >>> 16);
  return ~sum & 0xffff;
}

function putU16(bytes: number[], at: number, v: number): void {
  bytes[at] = (v >>> 8) & 0xff;
  bytes[at + 1] = v & 0xff;
}

/**
 * The checksum of an ICMP echo as this encoder writes it (zero payload). tcpdump prints it as the
 * `port` of a port unreachable that quotes the echo (it reads the quoted "UDP destination port",
 * bytes 2-3 of the quoted ICMP header). Real pings carry a timestamp, so the real value varies;
 * the scenario normalization masks it.
 */
export function quotedIcmpEchoPort(echo: IcmpEcho): number {
  const b = encodeIcmpEcho(echo);
  return ((b[2] ?? 0) << 8) | (b[3] ?? 0);
}

function encodeIcmpEcho(t: IcmpEcho): number[] {
  const w = new Writer();
  w.u8(t.type);
  w.u8(t.code);
  w.u16(0);
  w.u16(t.id);
  w.u16(t.seq);
  w.zeros(t.dataLength);
  const b = w.bytes;
  putU16(b, 2, internetChecksum(b));
  return b;
}

function encodeIcmpError(t: IcmpError): number[] {
  const w = new Writer();
  w.u8(t.type);
  w.u8(t.code);
  w.u16(0);
  if (t.type === 5) w.ip(t.gateway ?? 0);
  else if (t.type === 3 && t.code === 4) {
    w.u16(0);
    w.u16(t.mtu ?? 0);
  } else w.u32(0);
  const quoted = encodeIpv4(t.quoted);
  for (let i = 0; i < t.quotedLength; i++) w.u8(quoted[i] ?? 0);
  const b = w.bytes;
  putU16(b, 2, internetChecksum(b));
  return b;
}

function encodeUdp(t: UdpDatagram): number[] {
  const w = new Writer();
  w.u16(t.sport);
  w.u16(t.dport);
  w.u16(8 + t.dataLength);
  w.u16(0); // checksum 0 = none (tcpdump checks it only with -v)
  w.zeros(t.dataLength);
  return w.bytes;
}

/** Parses the options text tcpdump prints (`mss 1460,sackOK,TS val 1 ecr 0,nop,wscale 7`) back to bytes. */
export function encodeTcpOptions(text: string): number[] {
  const w = new Writer();
  if (text === '') return w.bytes;
  for (const opt of text.split(',')) {
    let m: RegExpExecArray | null;
    if (opt === 'nop') w.u8(1);
    else if (opt === 'eol') w.u8(0);
    else if (opt === 'sackOK') {
      w.u8(4);
      w.u8(2);
    } else if ((m = /^mss (\d+)$/.exec(opt))) {
      w.u8(2);
      w.u8(4);
      w.u16(Number(m[1]));
    } else if ((m = /^wscale (\d+)$/.exec(opt))) {
      w.u8(3);
      w.u8(3);
      w.u8(Number(m[1]));
    } else if ((m = /^TS val (\d+) ecr (\d+)$/.exec(opt))) {
      w.u8(8);
      w.u8(10);
      w.u32(Number(m[1]));
      w.u32(Number(m[2]));
    } else {
      throw new Error(`pcap: cannot encode TCP option '${opt}'`);
    }
  }
  return w.bytes;
}

function encodeTcp(t: TcpSegment): number[] {
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
  const w = new Writer();
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
  w.zeros(t.dataLength);
  return w.bytes;
}

/** The bytes of an IPv4 packet (20-byte header, no options). */
function encodeIpv4(p: Ipv4Packet): number[] {
  const t = p.payload as IpPayloadAny;
  let body: number[];
  switch (t.kind) {
    case 'icmp':
      body = isIcmpError(t) ? encodeIcmpError(t) : encodeIcmpEcho(t);
      break;
    case 'udp':
      body = encodeUdp(t);
      break;
    case 'tcp':
      body = encodeTcp(t);
      break;
    case 'other':
      body = new Array<number>(t.dataLength).fill(0);
      break;
  }
  const w = new Writer();
  w.u8(0x45);
  w.u8(0);
  w.u16(20 + body.length);
  w.u16(p.id);
  w.u16(0);
  w.u8(p.ttl);
  w.u8(protocolNumber(t));
  w.u16(0);
  w.ip(p.src);
  w.ip(p.dst);
  putU16(w.bytes, 10, internetChecksum(w.bytes, 0, 20));
  w.append(body);
  return w.bytes;
}

function encodeArp(a: ArpPacket): number[] {
  const w = new Writer();
  w.u16(1);
  w.u16(ETHERTYPE_IPV4);
  w.u8(6);
  w.u8(4);
  w.u16(a.op === 'request' ? 1 : 2);
  w.mac(a.senderMac);
  w.ip(a.senderIp);
  w.mac(a.targetMac);
  w.ip(a.targetIp);
  return w.bytes;
}

/** The bytes of an Ethernet frame as a packet socket sees them (no FCS, no padding). */
export function encodeFrame(f: EthernetFrame): Uint8Array {
  const w = new Writer();
  w.mac(f.dst);
  w.mac(f.src);
  if (f.payload.kind === 'arp') {
    w.u16(ETHERTYPE_ARP);
    w.append(encodeArp(f.payload));
  } else {
    w.u16(ETHERTYPE_IPV4);
    w.append(encodeIpv4(f.payload));
  }
  return Uint8Array.from(w.bytes);
}

/** A classic pcap file (microsecond timestamps, LINKTYPE_ETHERNET, snaplen 262144). */
export function pcapFile(frames: readonly { readonly frame: EthernetFrame; readonly timeMs?: number }[]): Uint8Array {
  const w = new Writer();
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
  frames.forEach(({ frame, timeMs }, i) => {
    const bytes = encodeFrame(frame);
    const ms = timeMs ?? i;
    le32(Math.floor(ms / 1000));
    le32(Math.floor((ms % 1000) * 1000));
    le32(bytes.length);
    le32(bytes.length);
    w.append(Array.from(bytes));
  });
  return Uint8Array.from(w.bytes);
}
