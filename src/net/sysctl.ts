// The sysctls of a network namespace (/proc/sys/net) on Linux 6.18: which keys exist, their
// defaults, per device values and the kernel's parser for each kind of key (EINVAL or the
// value it will read back). `sysctl` (src/cli/sysctl/) reads and writes this table.
//
// ===== Facts measured in a fresh `unshare --net` namespace =====
//  - Defaults: see SYSCTL_KEYS (same values for conf.all, conf.default, conf.lo and a new
//    veth). br_netfilter is present: bridge-nf-call-{iptables,ip6tables,arptables} are 1.
//  - Writing net.ipv4.ip_forward (= net.ipv4.conf.all.forwarding, the same variable) to a new
//    value V sets conf.all.forwarding, conf.default.forwarding and conf.DEV.forwarding of
//    every device to V, and sets conf.all.accept_redirects to (V == 0 ? 1 : 0). Writing the
//    value it already has changes nothing. Any int is accepted (2, -1 and 7 are stored).
//  - Writing conf.DEV.forwarding changes only DEV. Writing conf.default.forwarding changes
//    only the default (inherited by devices created later).
//  - Writing conf.default.X for the other conf keys (rp_filter, arp_ignore, send_redirects,
//    ...) also sets X on every device whose X was never written explicitly (lo, and a veth
//    created before), and devices created later inherit it. Writing conf.all.X changes only
//    `all` (the kernel combines all and DEV when it uses them: rp_filter, arp_ignore,
//    arp_announce take max(all, dev); log_martians, accept_local, route_localnet, proxy_arp,
//    send_redirects take all || dev; accept_redirects takes all && dev when forwarding is on
//    for the device, else all || dev).
//  - bridge-nf-call-*: any int is accepted, a non-zero value is stored as 1.
//  - icmp_echo_ignore_all accepts only 0 and 1 (2 and -1 are EINVAL).
//  - ping_group_range: two numbers 0..4294967294; one number keeps the current second one;
//    low > high stores "1 0". Read back with a tab: "1\t0".
//  - net.ipv6.conf.all.disable_ipv6=V also sets default and every device.
//  - The kernel reads a number with base 0 (0x10 = 16, 010 = 8, 08 is EINVAL), an optional
//    '-', no '+', up to 20 characters, then a blank or the end; extra words are ignored
//    ("1 2" stores 1), anything else is EINVAL ("1abc", "1,2", "", " ").

/** Where sysctl keys live: `net.ipv4.ip_forward` is /proc/sys/net/ipv4/ip_forward. */
export const PROC_SYS = '/proc/sys/';

// ---------------------------------------------------------------------------------------
// Keys
// ---------------------------------------------------------------------------------------

/**
 * How the kernel parses a write:
 *  int      proc_dointvec: one int (-2147483648..2147483647)
 *  bool01   proc_dou8vec_minmax 0..1
 *  nfcall   proc_dointvec, then non-zero is stored as 1 (bridge-nf-call-*)
 *  jiffies  proc_dointvec_jiffies: seconds, any int
 *  range    ping_group_range: "LOW HIGH", 0..4294967294 each
 */
export type SysctlKind = 'int' | 'bool01' | 'nfcall' | 'jiffies' | 'range';

export interface SysctlKeyInfo {
  /** Dotted key; `DEV` stands for `all`, `default` or a device name. */
  readonly key: string;
  readonly kind: SysctlKind;
  /** The value a new namespace reads (for conf.DEV: all, default, lo and new devices alike). */
  readonly default: string;
}

/** Keys the simulator supports, with their defaults in a new network namespace (Linux 6.18). */
export const SYSCTL_KEYS: readonly SysctlKeyInfo[] = [
  { key: 'net.ipv4.ip_forward', kind: 'int', default: '0' },
  { key: 'net.ipv4.conf.DEV.forwarding', kind: 'int', default: '0' },
  { key: 'net.ipv4.conf.DEV.rp_filter', kind: 'int', default: '0' },
  { key: 'net.ipv4.conf.DEV.accept_local', kind: 'int', default: '0' },
  { key: 'net.ipv4.conf.DEV.log_martians', kind: 'int', default: '0' },
  { key: 'net.ipv4.conf.DEV.arp_ignore', kind: 'int', default: '0' },
  { key: 'net.ipv4.conf.DEV.arp_announce', kind: 'int', default: '0' },
  { key: 'net.ipv4.conf.DEV.arp_filter', kind: 'int', default: '0' },
  { key: 'net.ipv4.conf.DEV.send_redirects', kind: 'int', default: '1' },
  { key: 'net.ipv4.conf.DEV.accept_redirects', kind: 'int', default: '1' },
  { key: 'net.ipv4.conf.DEV.route_localnet', kind: 'int', default: '0' },
  { key: 'net.ipv4.conf.DEV.proxy_arp', kind: 'int', default: '0' },
  { key: 'net.ipv4.conf.DEV.promote_secondaries', kind: 'int', default: '0' },
  { key: 'net.bridge.bridge-nf-call-iptables', kind: 'nfcall', default: '1' },
  { key: 'net.bridge.bridge-nf-call-ip6tables', kind: 'nfcall', default: '1' },
  { key: 'net.bridge.bridge-nf-call-arptables', kind: 'nfcall', default: '1' },
  { key: 'net.netfilter.nf_conntrack_icmp_timeout', kind: 'jiffies', default: '30' },
  { key: 'net.netfilter.nf_conntrack_udp_timeout', kind: 'jiffies', default: '30' },
  { key: 'net.netfilter.nf_conntrack_udp_timeout_stream', kind: 'jiffies', default: '120' },
  { key: 'net.netfilter.nf_conntrack_tcp_timeout_established', kind: 'jiffies', default: '432000' },
  { key: 'net.ipv4.icmp_echo_ignore_all', kind: 'bool01', default: '0' },
  { key: 'net.ipv4.icmp_echo_ignore_broadcasts', kind: 'bool01', default: '1' },
  { key: 'net.ipv4.ping_group_range', kind: 'range', default: '1\t0' },
  { key: 'net.ipv4.ip_default_ttl', kind: 'int', default: '64' },
  { key: 'net.ipv6.conf.DEV.disable_ipv6', kind: 'int', default: '0' },
];

/** The SYSCTL_KEYS entry of a dotted key (`net.ipv4.conf.eth0.rp_filter` -> `...DEV...`). */
export function sysctlKeyInfo(key: string): SysctlKeyInfo | undefined {
  const m = /^net\.(ipv4|ipv6)\.conf\.([^.]+)\.([^.]+)$/.exec(key);
  const generic = m ? `net.${m[1]}.conf.DEV.${m[3]}` : key;
  return SYSCTL_KEYS.find((k) => k.key === generic);
}

// ---------------------------------------------------------------------------------------
// The kernel's value parser
// ---------------------------------------------------------------------------------------

const SEP = new Set([' ', '\t', '\n']);

/** proc_get_long on `text` from `i`: [value, next index] or undefined (EINVAL). */
function procGetLong(text: string, i: number, allowNeg: boolean): [bigint, number] | undefined {
  let p = i;
  let neg = false;
  if (text[p] === '-') {
    if (!allowNeg) return undefined;
    neg = true;
    p++;
  }
  const c = text[p];
  if (c === undefined || c < '0' || c > '9') return undefined;
  let base = 10;
  if (text[p] === '0' && (text[p + 1] === 'x' || text[p + 1] === 'X') && /[0-9a-fA-F]/.test(text[p + 2] ?? '')) {
    base = 16;
    p += 2;
  } else if (text[p] === '0') base = 8;
  let v = 0n;
  let q = p;
  for (; q < text.length; q++) {
    const d = parseInt(text[q] ?? '', 16);
    if (Number.isNaN(d) || d >= base) break;
    v = v * BigInt(base) + BigInt(d);
    if (v > 0xffffffffffffffffn) return undefined;
  }
  if (q - i >= 21) return undefined; // TMPBUFLEN
  const next = text[q];
  if (next !== undefined && !SEP.has(next)) return undefined;
  return [neg ? -v : v, q];
}

function skipSpaces(text: string, i: number): number {
  let p = i;
  while (p < text.length && /\s/.test(text[p] ?? '')) p++;
  return p;
}

/**
 * What the kernel stores when `text` (the value as sysctl writes it, without the final
 * newline) is written to a key of this kind: the text it will read back, or undefined for
 * EINVAL. `current` is the value before (needed for `range`).
 */
export function parseSysctlValue(kind: SysctlKind, text: string, current?: string): string | undefined {
  const t = `${text}\n`;
  const start = skipSpaces(t, 0);
  if (start >= t.length) return undefined;
  if (kind === 'range') {
    const first = procGetLong(t, start, false);
    if (!first || first[0] > 4294967294n) return undefined;
    let high: bigint;
    const p = skipSpaces(t, first[1]);
    if (p < t.length) {
      const second = procGetLong(t, p, false);
      if (!second || second[0] > 4294967294n) return undefined;
      high = second[0];
    } else {
      high = BigInt((current ?? '1\t0').split(/\s+/)[1] ?? '0');
    }
    return high < first[0] ? '1\t0' : `${first[0]}\t${high}`;
  }
  const r = procGetLong(t, start, kind !== 'bool01');
  if (!r) return undefined;
  const v = r[0];
  if (v > 2147483647n || v < -2147483648n) return undefined;
  if (kind === 'bool01') return v === 0n || v === 1n ? String(v) : undefined;
  if (kind === 'nfcall') return v === 0n ? '0' : '1';
  return String(v);
}

// ---------------------------------------------------------------------------------------
// Lookups
// ---------------------------------------------------------------------------------------

/** What the engine answers for a /proc/sys path. */
export type SysctlLookup =
  | { readonly type: 'value'; readonly value: string }
  | { readonly type: 'dir' }
  /** stat() fails: ENOENT, or ENOTDIR when a component is a file. */
  | { readonly type: 'missing'; readonly notDir?: boolean };

export interface SysctlStore {
  lookup(path: string): SysctlLookup;
  /** Writes `value` (as typed, trimmed); returns false when the kernel says EINVAL. */
  write(path: string, value: string): boolean;
}

// ---------------------------------------------------------------------------------------
// The table of one namespace, with the kernel's propagation rules (see the facts at the top)
// ---------------------------------------------------------------------------------------

interface PerDeviceKey {
  readonly fam: ConfFamily;
  readonly name: string;
  readonly default: string;
  /**
   * A device keeps the value it had when created (forwarding, disable_ipv6: writing
   * conf.default does not reach existing devices); the other conf keys follow conf.default
   * until written on the device itself.
   */
  readonly snapshot: boolean;
}

type ConfFamily = 'ipv4' | 'ipv6';

/** The `net.FAM.conf.DEV.NAME` keys. */
const PER_DEVICE_KEYS: readonly PerDeviceKey[] = SYSCTL_KEYS.flatMap((k) => {
  const m = /^net\.(ipv4|ipv6)\.conf\.DEV\.([^.]+)$/.exec(k.key);
  if (!m) return [];
  const fam = m[1] as ConfFamily;
  const name = m[2]!;
  return [{ fam, name, default: k.default, snapshot: fam === 'ipv6' || name === 'forwarding' }];
});
const PER_DEVICE_BY_NAME: Readonly<Record<ConfFamily, ReadonlyMap<string, PerDeviceKey>>> = {
  ipv4: new Map(PER_DEVICE_KEYS.filter((k) => k.fam === 'ipv4').map((k) => [k.name, k])),
  ipv6: new Map(PER_DEVICE_KEYS.filter((k) => k.fam === 'ipv6').map((k) => [k.name, k])),
};
const CONF_NAMES: Readonly<Record<ConfFamily, readonly string[]>> = {
  ipv4: [...PER_DEVICE_BY_NAME.ipv4.keys()],
  ipv6: [...PER_DEVICE_BY_NAME.ipv6.keys()],
};

/** A new namespace's values of the keys outside net.FAM.conf. */
const NAMESPACE_DEFAULTS: ReadonlyMap<string, string> = new Map(
  SYSCTL_KEYS.filter((k) => !k.key.includes('.DEV.') && k.key !== 'net.ipv4.ip_forward').map((k): [string, string] => [k.key, k.default]),
);

/** `net.ipv4.conf.eth0.rp_filter` -> ["ipv4", "eth0", "rp_filter"]; undefined for other keys. */
function splitConfKey(key: string): [fam: ConfFamily, dev: string, name: string] | undefined {
  const fam = key.startsWith('net.ipv4.conf.') ? 'ipv4' : key.startsWith('net.ipv6.conf.') ? 'ipv6' : undefined;
  if (!fam) return undefined;
  const rest = key.slice('net.ipv4.conf.'.length);
  const dot = rest.indexOf('.');
  if (dot <= 0 || dot === rest.length - 1 || rest.indexOf('.', dot + 1) >= 0) return undefined;
  return [fam, rest.slice(0, dot), rest.slice(dot + 1)];
}

/** The supported sysctls of one network namespace. */
export class SysctlTable implements SysctlStore {
  // Every namespace of every run has a table (a class's regrade makes tens of thousands), and
  // most are never written: values written are kept over the defaults, not copied from them.
  /** Written keys outside net.FAM.conf (the rest read NAMESPACE_DEFAULTS). */
  private readonly written = new Map<string, string>();
  /** Written conf.all and conf.default values by family, "all.NAME" / "default.NAME". */
  private readonly confWritten: Record<ConfFamily, Map<string, string>> = { ipv4: new Map(), ipv6: new Map() };
  /**
   * Each device's own values by family: its snapshot keys when conf.default differed from the
   * built-in default at its creation, and the keys written on the device. A device without an
   * own value reads the built-in default (snapshot keys) or conf.default (the others).
   */
  private readonly deviceConf: Record<ConfFamily, Map<string, Map<string, string> | undefined>> = { ipv4: new Map(), ipv6: new Map() };

  /**
   * br_netfilter loaded (built in, as on Linux 6.18 here, or loaded by Docker): the
   * net.bridge.* keys exist. Without it /proc/sys/net/bridge does not exist at all.
   */
  private readonly brNetfilter: boolean;

  constructor(devices: readonly string[] = ['lo'], options: { readonly brNetfilter?: boolean } = {}) {
    this.brNetfilter = options.brNetfilter ?? true;
    for (const d of devices) this.addDevice(d);
  }

  /** A new device inherits the conf.default values. */
  addDevice(name: string): void {
    // Never in practice (the kernel's own directories): keep conf.all and conf.default whole.
    if (name === 'all' || name === 'default') return;
    for (const fam of ['ipv4', 'ipv6'] as const) {
      let own: Map<string, string> | undefined;
      for (const k of PER_DEVICE_KEYS) {
        if (k.fam !== fam || !k.snapshot) continue;
        const current = this.confWritten[fam].get(`default.${k.name}`);
        if (current !== undefined && current !== k.default) (own ??= new Map()).set(k.name, current);
      }
      this.deviceConf[fam].set(name, own);
    }
  }

  removeDevice(name: string): void {
    this.deviceConf.ipv4.delete(name);
    this.deviceConf.ipv6.delete(name);
  }

  /** net.FAM.conf.DEV.NAME (DEV may be `all` or `default`), without building the dotted key. */
  deviceValue(fam: ConfFamily, dev: string, name: string): string | undefined {
    const key = PER_DEVICE_BY_NAME[fam].get(name);
    if (!key) return undefined;
    if (dev === 'all' || dev === 'default') return this.confWritten[fam].get(`${dev}.${name}`) ?? key.default;
    const devices = this.deviceConf[fam];
    if (!devices.has(dev)) return undefined;
    const own = devices.get(dev)?.get(name);
    if (own !== undefined) return own;
    return key.snapshot ? key.default : (this.confWritten[fam].get(`default.${name}`) ?? key.default);
  }

  private setDeviceValue(fam: ConfFamily, dev: string, name: string, value: string): void {
    if (dev === 'all' || dev === 'default') {
      this.confWritten[fam].set(`${dev}.${name}`, value);
      return;
    }
    const devices = this.deviceConf[fam];
    if (!devices.has(dev)) return;
    let own = devices.get(dev);
    if (!own) devices.set(dev, (own = new Map()));
    own.set(name, value);
  }

  /** Every conf DEV of a family: all, default, then the devices. */
  private confDevices(fam: ConfFamily): string[] {
    return ['all', 'default', ...this.deviceConf[fam].keys()];
  }

  /** Every key that exists, for directory lookups. */
  private *keys(): Iterable<string> {
    for (const k of NAMESPACE_DEFAULTS.keys()) if (this.brNetfilter || !k.startsWith('net.bridge.')) yield k;
    for (const fam of ['ipv4', 'ipv6'] as const) {
      for (const dev of this.confDevices(fam)) for (const name of CONF_NAMES[fam]) yield `net.${fam}.conf.${dev}.${name}`;
    }
  }

  private canon(key: string): string {
    return key === 'net.ipv4.ip_forward' ? 'net.ipv4.conf.all.forwarding' : key;
  }

  /** The value of a dotted key (undefined when it does not exist). */
  get(key: string): string | undefined {
    const canon = this.canon(key);
    if (!this.brNetfilter && canon.startsWith('net.bridge.')) return undefined;
    const conf = splitConfKey(canon);
    return conf ? this.deviceValue(...conf) : (this.written.get(canon) ?? NAMESPACE_DEFAULTS.get(canon));
  }

  lookup(path: string): SysctlLookup {
    if (!path.startsWith(PROC_SYS)) return { type: 'missing' };
    const rel = path.slice(PROC_SYS.length).replace(/\/+$/, '');
    const key = rel.split('/').filter((s) => s !== '').join('.');
    const v = this.get(key);
    if (v !== undefined && !path.endsWith('/')) return { type: 'value', value: v };
    const parts = key.split('.');
    for (let n = parts.length - 1; n > 0; n--) {
      if (this.get(parts.slice(0, n).join('.')) !== undefined) return { type: 'missing', notDir: true };
    }
    const prefix = `${key}.`;
    for (const k of [...this.keys(), 'net.ipv4.ip_forward']) if (key === '' || k.startsWith(prefix)) return { type: 'dir' };
    return { type: 'missing' };
  }

  write(path: string, value: string): boolean {
    const key = this.canon(path.slice(PROC_SYS.length).split('/').filter((s) => s !== '').join('.'));
    const info = sysctlKeyInfo(key === 'net.ipv4.conf.all.forwarding' ? 'net.ipv4.ip_forward' : key);
    const current = this.get(key);
    if (!info || current === undefined) return false;
    const stored = parseSysctlValue(info.kind, value, current);
    if (stored === undefined) return false;
    const conf = splitConfKey(key);
    if (!conf) {
      this.written.set(key, stored);
      return true;
    }
    const [fam, dev, name] = conf;
    if (fam === 'ipv4' && name === 'forwarding' && dev === 'all') {
      if (stored !== current) {
        for (const d of this.confDevices('ipv4')) this.setDeviceValue(fam, d, name, stored);
        this.setDeviceValue('ipv4', 'all', 'accept_redirects', stored === '0' ? '1' : '0');
      }
      return true;
    }
    this.setDeviceValue(fam, dev, name, stored);
    // conf.all of IPv6 reaches conf.default and every device (conf.default of IPv4 reaches
    // devices by itself: a device reads it until its own value is written).
    if (fam === 'ipv6' && dev === 'all') for (const d of this.confDevices('ipv6')) this.setDeviceValue(fam, d, name, stored);
    return true;
  }
}
