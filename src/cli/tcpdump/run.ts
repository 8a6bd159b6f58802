// `tcpdump ... &`: starts a capture on a device that lasts to the end of the script.
// Without -p the device goes promiscuous (a bridge then receives frames bridged past it).

import { ToolError } from '../../net/ops.ts';
import { TcpdumpSession } from '../../net/wire/tcpdump-format.ts';
import { MAX_CAPTURES, SimulationLimit, type Namespace, type World } from '../../net/world.ts';
import type { ScriptCommand } from '../script.ts';
import { deviceNotUpError, noSuchDeviceError, TcpdumpError } from './errors.ts';
import { compileFilter } from './filter.ts';

interface TcpdumpArgs {
  readonly iface: string;
  readonly ether: boolean;
  readonly promisc: boolean;
  readonly filter: string;
}

// Interim argument reader until args.ts lands: -n -e -p -l -t --immediate-mode -i DEV FILTER.
function parseArgs(args: readonly string[]): TcpdumpArgs {
  let iface: string | undefined;
  let ether = false;
  let promisc = true;
  const filter: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    if (a === '-i') {
      iface = args[++i];
      if (iface === undefined) throw new TcpdumpError("tcpdump: option requires an argument -- 'i'");
    } else if (a === '--immediate-mode') continue;
    else if (/^-[nelpt]+$/.test(a)) {
      if (a.includes('e')) ether = true;
      if (a.includes('p')) promisc = false;
    } else if (a.startsWith('-')) throw new TcpdumpError(`tcpdump: invalid option -- '${a.slice(1, 2)}'`);
    else filter.push(a);
  }
  if (iface === undefined) throw new TcpdumpError('tcpdump: a scenario capture needs -i DEV');
  return { iface, ether, promisc, filter: filter.join(' ') };
}

export function startTcpdump(world: World, ns: Namespace, args: readonly string[], command: ScriptCommand): string {
  try {
    if (!command.background) throw new TcpdumpError('tcpdump: a scenario capture runs in the background: end the line with &');
    const parsed = parseArgs(args);
    const accepts = compileFilter(parsed.filter);
    const dev = ns.devices.get(parsed.iface);
    if (!dev) throw noSuchDeviceError(parsed.iface);
    if (!dev.adminUp) throw deviceNotUpError(parsed.iface);
    const session = new TcpdumpSession({ ether: parsed.ether });
    if (world.captures.length >= MAX_CAPTURES) throw new SimulationLimit(`stopped: a run holds at most ${MAX_CAPTURES} captures (tcpdump ... &)`);
    if (parsed.promisc) dev.promiscCount++;
    world.captures.push({ ns: ns.name, dev, accepts, format: (frame) => session.format(frame), lines: [], frames: [], active: true });
    return '';
  } catch (error) {
    if (error instanceof TcpdumpError) throw new ToolError(error.message, error.exitCode);
    throw error;
  }
}
