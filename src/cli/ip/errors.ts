// Errors of `ip` (iproute2 6.1, Debian 12) with their exact stderr text and exit status.
// Every text below was produced by the real tool on Linux 6.18 inside `unshare --net`
// (see parse.test.ts for the command lines that produced them).
//
// Exit statuses follow iproute2's main(): a subcommand that returns -1 exits 1, one that
// returns -2 (an RTNETLINK error) exits 2, and exit(-1) (invarg, duparg, incomplete
// command, usage) exits 255.

import type { KernelError } from '../../net/kernel-error.ts';
import { STRERROR, ToolError } from '../errors.ts';

/** An error as plain data, for the engine to raise when the state decides. */
export interface IpFailure {
  readonly stderr: string;
  readonly exitStatus: number;
}

const fail = (stderr: string, exitStatus: number): IpFailure => ({ stderr, exitStatus });

export function toIpError(f: IpFailure): ToolError {
  return new ToolError(f.stderr, f.exitStatus);
}

export function unsupported(what: string): ToolError {
  return new ToolError(`netsim: ${what} is not supported by the simulator\n`, 1, { unsupported: true });
}

/**
 * What `ip` prints when the kernel refuses a request (rtnl_talk(), nl_dump_ext_ack()): the
 * kernel's extended ack message when it sent one, else strerror of the errno. Exit status 2.
 */
export function rtnetlinkFailure(error: KernelError): IpFailure {
  if (error.extack !== undefined) return fail(`Error: ${error.extack}.\n`, 2);
  return fail(`RTNETLINK answers: ${STRERROR[error.errno]}\n`, 2);
}

/**
 * Errors that depend on the state of the simulated machine, or that the kernel returns
 * (RTNETLINK; the engine's KernelErrors are worded by rtnetlinkFailure() to these texts).
 * `parseIp` raises the ones marked (parse) itself when it is given an `IpParseContext`.
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
  /** `ip route show table N` for a table that was never created. */
  fibTableDoesNotExist: () => fail('Error: ipv4: FIB table does not exist.\nDump terminated\n', 2),
  /** `ip link set X master Y` when Y is not a bridge (e.g. a veth) or X == Y for a veth; `ip link del lo`; address family not given to the kernel. */
  operationNotSupported: () => fail('RTNETLINK answers: Operation not supported\n', 2),
  /** `ip link set lo master br0`; a malformed link-layer address on `ip link add`. */
  invalidArgument: () => fail('RTNETLINK answers: Invalid argument\n', 2),
  /** `ip link add X type T` for a kind the kernel does not know. */
  unknownDeviceType: () => fail('Error: Unknown device type.\n', 2),
  /** A device or label name of 16 bytes or more. */
  attributeFailedPolicy: () => fail('Error: Attribute failed policy validation.\n', 2),
  /** `ip neigh add ... lladdr` whose length is not the device's. */
  invalidLinkAddress: () => fail('Error: Invalid link address.\n', 2),
} as const;
