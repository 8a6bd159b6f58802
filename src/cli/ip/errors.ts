// Errors of `ip` (iproute2 6.1, Debian 12) with their exact stderr text and exit status.
// Every text below was produced by the real tool on Linux 6.18 inside `unshare --net`
// (see parse.test.ts for the command lines that produced them).
//
// Exit statuses follow iproute2's main(): a subcommand that returns -1 exits 1, one that
// returns -2 (an RTNETLINK error) exits 2, and exit(-1) (invarg, duparg, incomplete
// command, usage) exits 255.

export class IpError extends Error {
  /** Exactly what `ip` writes to stderr, including the final newline(s). */
  readonly stderr: string;
  /** What `ip` writes to stdout before failing (a few usage texts go there), usually ''. */
  readonly stdout: string;
  readonly exitStatus: number;
  /**
   * True when the real `ip` would accept the line but the simulator does not model it
   * (another object, option or link type). Then `stderr` is the simulator's own text.
   */
  readonly unsupported: boolean;

  constructor(stderr: string, exitStatus: number, options: { stdout?: string; unsupported?: boolean } = {}) {
    const text = stderr.replace(/\n+$/, '');
    super(text === '' ? `ip: exit status ${exitStatus}` : text);
    this.name = 'IpError';
    this.stderr = stderr;
    this.stdout = options.stdout ?? '';
    this.exitStatus = exitStatus;
    this.unsupported = options.unsupported ?? false;
  }
}

/** An error as plain data, for the engine to raise when the state decides. */
export interface IpFailure {
  readonly stderr: string;
  readonly exitStatus: number;
}

const fail = (stderr: string, exitStatus: number): IpFailure => ({ stderr, exitStatus });

export function toIpError(f: IpFailure): IpError {
  return new IpError(f.stderr, f.exitStatus);
}

export function unsupported(what: string): IpError {
  return new IpError(`netsim: ${what} is not supported by the simulator\n`, 1, { unsupported: true });
}

/**
 * Errors that depend on the state of the simulated machine, or that the kernel returns
 * (RTNETLINK). The engine raises these; `parseIp` raises the ones marked (parse) itself
 * when it is given an `IpParseContext`.
 */
export const ipErrors = {
  // ---- lookups done by `ip` itself -------------------------------------------------
  /** (parse) `ip link set|del DEV`, `ip addr add|del ... dev DEV`, `ip route add ... dev DEV`, `ip neigh ... dev DEV`. */
  cannotFindDevice: (dev: string) => fail(`Cannot find device "${dev}"\n`, 1),
  /** (parse) `ip addr show|flush dev DEV`, `ip link show DEV`. */
  deviceDoesNotExist: (dev: string) => fail(`Device "${dev}" does not exist.\n`, 1),
  /** (parse) `ip link set X master Y` (and `ip addr show master Y`) when Y does not exist. */
  masterDoesNotExist: (dev: string) => fail(`Error: argument "${dev}" is wrong: Device does not exist\n\n`, 255),
  /** (parse) `ip link ... netns NS` when NS is neither a named namespace nor a number. */
  invalidNetns: (ns: string) => fail(`Error: argument "${ns}" is wrong: Invalid "netns" value\n\n`, 255),
  /** (parse) `ip netns add NS` when NS exists. */
  netnsExists: (ns: string) => fail(`Cannot create namespace file "/run/netns/${ns}": File exists\n`, 1),
  /** (parse) `ip netns del NS` when NS does not exist. */
  netnsDelMissing: (ns: string) => fail(`Cannot remove namespace file "/run/netns/${ns}": No such file or directory\n`, 1),
  /** (parse) `ip netns exec NS ...` (and `ip -n NS ...`) when NS does not exist. */
  netnsOpenFailed: (ns: string) => fail(`Cannot open network namespace "${ns}": No such file or directory\n`, 255),

  // ---- RTNETLINK answers (the kernel) ------------------------------------------------
  /** Duplicate device name (`ip link add`, veth peer, `ip link set X name Y`), duplicate route (same prefix, table, tos and metric), duplicate neighbour (`ip neigh add`), duplicate rule (same selector and priority). */
  fileExists: () => fail('RTNETLINK answers: File exists\n', 2),
  /** `ip route del` of a route that does not exist (or whose via/dev/metric do not match). */
  noSuchProcess: () => fail('RTNETLINK answers: No such process\n', 2),
  /** `ip rule del` or `ip neigh del` of an entry that does not exist. */
  noSuchFileOrDirectory: () => fail('RTNETLINK answers: No such file or directory\n', 2),
  /** A gateway that no connected route of the nexthop device covers (also when that device is down). */
  nexthopInvalidGateway: () => fail('Error: Nexthop has invalid gateway.\n', 2),
  /** `ip route add ... dev X` when X is administratively down. */
  nexthopDeviceNotUp: () => fail('Error: Device for nexthop is not up.\n', 2),
  /** `ip route add ... via GW onlink` without `dev`. */
  nexthopDeviceRequiredForOnlink: () => fail('Error: Nexthop device required for onlink.\n', 2),
  /** `ip route add ... src A` when A is not a local address. */
  invalidPrefsrc: () => fail('Error: Invalid prefsrc address.\n', 2),
  /** `ip route add 10.4.1.2/16 ...` (host bits set); checked after the nexthop. */
  invalidPrefixForLength: () => fail('Error: Invalid prefix for given prefix length.\n', 2),
  /** `ip route show table N` for a table that was never created. */
  fibTableDoesNotExist: () => fail('Error: ipv4: FIB table does not exist.\nDump terminated\n', 2),
  /** `ip route add broadcast|local|... PREFIX` without a device. */
  noSuchDevice: () => fail('RTNETLINK answers: No such device\n', 2),
  /** `ip addr add` of an address the device already has (same address and prefix length). */
  addressAlreadyAssigned: () => fail('Error: ipv4: Address already assigned.\n', 2),
  /** `ip addr del` of an address the device does not have. */
  addressNotFound: () => fail('Error: ipv4: Address not found.\n', 2),
  /** `ip addr add` of an address in the subnet of an existing primary address (so it would be a secondary) with another scope. */
  invalidScope: () => fail('Error: ipv4: Invalid scope value.\n', 2),
  /** `ip link set X master Y` when Y is not a bridge (e.g. a veth) or X == Y for a veth; `ip link del lo`; address family not given to the kernel. */
  operationNotSupported: () => fail('RTNETLINK answers: Operation not supported\n', 2),
  /** `ip link set lo master br0`; a malformed link-layer address on `ip link add`. */
  invalidArgument: () => fail('RTNETLINK answers: Invalid argument\n', 2),
  /** `ip link set br1 master br0`, `ip link set br0 master br0`. */
  bridgeToBridge: () => fail('Error: Can not enslave a bridge to a bridge.\n', 2),
  /** `ip link set lo|BRIDGE netns NS`. */
  netnsImmutable: () => fail('Error: The interface netns is immutable.\n', 2),
  /** `ip link set X netns NS` when NS already has a device named X. */
  sameNameInTargetNetns: () => fail('Error: An interface with the same name exists in the target netns.\n', 2),
  /** `ip link set X address` with a multicast or all-zero MAC. */
  cannotAssignAddress: () => fail('RTNETLINK answers: Cannot assign requested address\n', 2),
  /** `ip link add X type T` for a kind the kernel does not know. */
  unknownDeviceType: () => fail('Error: Unknown device type.\n', 2),
  /** A device or label name of 16 bytes or more. */
  attributeFailedPolicy: () => fail('Error: Attribute failed policy validation.\n', 2),
  /** `ip neigh add ... lladdr` whose length is not the device's. */
  invalidLinkAddress: () => fail('Error: Invalid link address.\n', 2),
} as const;
