// `tcpdump ... &`: starts a capture on a device that lasts to the end of the script.
// Without -p the device goes promiscuous (a bridge then receives frames bridged past it).

import { ToolError } from '../errors.ts';
import { TcpdumpSession } from '../../net/wire/tcpdump-format.ts';
import type { EthernetFrame } from '../../net/wire/packet.ts';
import { MAX_CAPTURES, SimulationLimit, type Device, type Namespace, type World } from '../../net/world.ts';
import type { ScriptCommand } from '../script.ts';
import { noSuchDeviceError, TcpdumpError } from './errors.ts';
import { parseTcpdumpArgs } from './args.ts';

export function startTcpdump(world: World, ns: Namespace, args: readonly string[], command: ScriptCommand): string {
  try {
    if (!command.background) throw new TcpdumpError('tcpdump: a scenario capture runs in the background: end the line with &');
    // The device checks run inside the parser, at the point tcpdump opens the device.
    const parsed = parseTcpdumpArgs(args, {
      interfaceExists: (name) => ns.devices.has(name),
      interfaceUp: (name) => ns.devices.get(name)?.adminUp === true,
      interfaceCount: ns.devices.size,
    });
    if (parsed.interface === undefined) throw new TcpdumpError('tcpdump: a scenario capture needs -i DEV');
    const accepts = parsed.filter;
    const session = new TcpdumpSession({ ether: parsed.ether });
    if (world.captures.length >= MAX_CAPTURES) throw new SimulationLimit(`stopped: a run holds at most ${MAX_CAPTURES} captures (tcpdump ... &)`);
    const format = (frame: EthernetFrame): string => session.format(frame);
    if (parsed.interface === 'any') {
      // Every device of the namespace, none of them made promiscuous (see ../../net/link/capture.ts).
      const cooked = parsed.ether ? { formatCooked: (frame: EthernetFrame, dev: Device): string => session.formatCooked(frame, dev.ifindex) } : {};
      world.captures.push({ ns: ns.name, dev: { kind: 'any', name: 'any', ns }, accepts, format, ...cooked, lines: [], frames: [], active: true });
      return '';
    }
    const dev = ns.devices.get(parsed.interface);
    if (!dev) throw noSuchDeviceError(parsed.interface); // the parser checked; this narrows the type
    if (parsed.promiscuous) dev.promiscCount++;
    world.captures.push({ ns: ns.name, dev, accepts, format, lines: [], frames: [], active: true });
    return '';
  } catch (error) {
    if (error instanceof TcpdumpError) throw new ToolError(error.message, error.exitCode);
    throw error;
  }
}
