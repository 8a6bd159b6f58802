// A seeded pseudo-random source (mulberry32) so that the same script always gives the same
// MAC addresses, ICMP ids and TCP sequence numbers. The engine never calls Math.random().

export class SeededRandom {
  private state: number;

  constructor(seed: number) {
    this.state = seed >>> 0;
  }

  /** Next unsigned 32-bit value. */
  nextUint32(): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return (t ^ (t >>> 14)) >>> 0;
  }

  /** Integer in [min, max]. */
  intBetween(min: number, max: number): number {
    return min + (this.nextUint32() % (max - min + 1));
  }

  /** A locally administered unicast MAC, as the kernel's eth_random_addr() makes. */
  macAddress(): string {
    const bytes = [0, 0, 0, 0, 0, 0].map(() => this.nextUint32() & 0xff);
    bytes[0] = ((bytes[0] ?? 0) & 0xfe) | 0x02;
    return bytes.map((b) => b.toString(16).padStart(2, '0')).join(':');
  }
}
