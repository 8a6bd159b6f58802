// The commands a scenario may use, by name. Each takes its arguments and the namespace it
// runs in, acts on the world, and returns what it prints on stdout.

import { ToolError } from './errors.ts';
import { PingProcess } from '../net/stack/ping.ts';
import { isBroadcastDestination } from '../net/stack/sockets.ts';
import { SimulationLimit, type Namespace, type World } from '../net/world.ts';
import { runConntrack } from './conntrack/conntrack.ts';
import { fibLookup, sourceForRoute, type RouteErrno } from '../net/stack/routing.ts';
import { formatIpv4 } from '../net/addr.ts';
import { runSs } from './ss/ss.ts';
import { parsePing } from './ping/ping.ts';
import { formatPingOutput } from './ping/print.ts';
import type { ScriptCommand } from './script.ts';
import { runIpCommand } from './ip/run.ts';
import { runNc } from './nc/run.ts';
import { runIptablesCommand } from './iptables/run.ts';
import { executeIptablesRestore } from './iptables/restore.ts';
import { runIptablesSave } from './iptables/save.ts';
import { runSysctlCommand } from './sysctl/run.ts';
import { startTcpdump } from './tcpdump/run.ts';

export interface CommandContext {
  readonly world: World;
  readonly ns: Namespace;
  readonly args: readonly string[];
  readonly command: ScriptCommand;
}

export interface CommandHandler {
  readonly run: (ctx: CommandContext) => string;
  /** May end with `&`. */
  readonly background?: boolean;
}

/** Ping ids: iputils uses the PID; the engine numbers processes from a seeded start. */
function nextPid(world: World): number {
  const w = world as World & { lastPid?: number };
  w.lastPid = (w.lastPid ?? world.random.intBetween(1000, 30000)) + 1;
  return w.lastPid & 0xffff;
}

/** What iputils ping prints when its probe connect() fails (measured on Linux 6.18), exit 2. */
const PING_CONNECT_ERROR: Readonly<Record<RouteErrno, string>> = {
  ENETUNREACH: 'ping: connect: Network is unreachable',
  EHOSTUNREACH: 'ping: connect: No route to host',
  EINVAL: 'ping: connect: Invalid argument',
  EACCES: 'ping: Do you want to ping broadcast? Then -b. If not, check your local firewall rules',
};

function runPing(ctx: CommandContext): string {
  const args = parsePing(ctx.args);
  const device = args.iface !== undefined ? ctx.ns.devices.get(args.iface) : undefined;
  if (args.iface !== undefined && !device) throw new ToolError(`ping: SO_BINDTODEVICE ${args.iface}: No such device`, 2);
  if (args.source !== undefined && !ctx.ns.isLocalAddress(args.source)) {
    throw new ToolError(`ping: bind: Cannot assign requested address`, 2);
  }
  // -I ADDR: "from ADDR :" in the PING line (no device).
  let headerFrom: { addr: string; dev: string } | undefined = args.source !== undefined ? { addr: formatIpv4(args.source), dev: '' } : undefined;
  if (args.source === undefined) {
    // ping4_run: without a source address, a UDP socket (bound to -I DEV) connect()s to the
    // destination to learn one; the route lookup's error ends ping before it sends anything.
    const route = fibLookup(ctx.ns, { dst: args.dst, oif: device });
    if (typeof route === 'string') throw new ToolError(PING_CONNECT_ERROR[route], 2);
    // A broadcast route without SO_BROADCAST: connect() says EACCES (the subnet's last address
    // has a broadcast route whether or not the address was given `brd`).
    if ((route.type === 'broadcast' || isBroadcastDestination(ctx.ns, args.dst)) && !args.broadcast) {
      throw new ToolError(PING_CONNECT_ERROR.EACCES, 2);
    }
    // With -I DEV the PING line names the source the route gave and the device.
    const src = device ? sourceForRoute(ctx.ns, route, args.dst) : undefined;
    if (device && src !== undefined) headerFrom = { addr: formatIpv4(src), dev: device.name };
  }
  const ping = new PingProcess(ctx.ns, nextPid(ctx.world), {
    dst: args.dst,
    count: args.count,
    intervalMs: args.intervalMs,
    waitMs: args.waitMs,
    ttl: args.ttl,
    size: args.size,
    device,
    source: args.source,
    flood: args.flood,
    ...(args.deadlineMs !== undefined ? { deadlineMs: args.deadlineMs } : {}),
  });
  ping.start();
  // ping runs in the foreground: the script waits until it exits.
  ctx.world.runWhile(() => ping.done, ctx.world.now + 24 * 3600_000);
  // What it printed: not part of the scenario output (isPrintedCommand), shown as tool output.
  return formatPingOutput(ping, { dst: formatIpv4(args.dst), size: args.size, quiet: args.quiet, flood: args.flood, noInterval: args.intervalMs === 0, outstanding: args.outstanding, timestamps: args.timestamps, ...(headerFrom ? { from: headerFrom } : {}) });
}

/** The wall-clock time at which a simulation starts (Mon Jan  5 09:00:00 2026 UTC). */
const SIMULATED_EPOCH_MS = Date.UTC(2026, 0, 5, 9, 0, 0);

/** Longest `sleep` (seconds). */
export const MAX_SLEEP_SECONDS = 3600;

function runSleep(ctx: CommandContext): string {
  const [value, extra] = ctx.args;
  if (value === undefined) throw new ToolError("sleep: missing operand\nTry 'sleep --help' for more information.", 1);
  if (extra !== undefined || !/^\d*\.?\d+$/.test(value)) {
    throw new ToolError(`sleep: invalid time interval '${extra ?? value}'\nTry 'sleep --help' for more information.`, 1);
  }
  const seconds = Number(value);
  // The kernel runner really sleeps: a scenario (and the playground) waits an hour at most.
  if (seconds > MAX_SLEEP_SECONDS) throw new SimulationLimit(`stopped: sleep ${value}: a scenario sleeps at most ${MAX_SLEEP_SECONDS} seconds at a time`);
  ctx.world.runUntil(ctx.world.now + seconds * 1000);
  return '';
}

export const COMMANDS: Readonly<Record<string, CommandHandler>> = {
  ip: { run: (ctx) => runIpCommand(ctx.world, ctx.ns, ctx.args) },
  iptables: { run: (ctx) => runIptablesCommand(ctx.ns, ctx.args) },
  // The simulated wall clock starts at a fixed date (normalization masks iptables-save's dates).
  'iptables-restore': {
    run: (ctx) => {
      const outcome = executeIptablesRestore(ctx.ns.tables, ctx.args, ctx.command.stdin ?? '');
      ctx.ns.commitRuleset();
      if (outcome.status !== 0) throw new ToolError(outcome.stderr.replace(/\n+$/, ''), outcome.status);
      return outcome.stdout;
    },
  },
  'iptables-save': { run: (ctx) => runIptablesSave(ctx.ns.tables, ctx.args, SIMULATED_EPOCH_MS + ctx.world.now) },
  sysctl: { run: (ctx) => runSysctlCommand(ctx.ns, ctx.args) },
  tcpdump: { run: (ctx) => startTcpdump(ctx.world, ctx.ns, ctx.args, ctx.command), background: true },
  ping: { run: runPing },
  conntrack: { run: (ctx) => runConntrack(ctx.ns, ctx.args) },
  nc: {
    run: (ctx) => {
      const proc = runNc(ctx.world, ctx.ns, ctx.args, ctx.command.background);
      // A foreground nc's -v reports (stderr; its stdout stays empty: no peer sends data). A
      // background nc may still report later: not shown.
      return ctx.command.background ? '' : proc.messages.map((line) => `${line}\n`).join('');
    },
    background: true,
  },
  sleep: { run: runSleep },
  ss: { run: (ctx) => runSs(ctx.ns, ctx.args) },
};

