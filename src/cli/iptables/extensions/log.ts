// extensions/libxt_LOG.c (--log-level, --log-prefix and the --log-* flags) and libxt_TRACE.c
// (no options): the targets that write to the kernel log.

import { parameterProblem } from '../errors.ts';
import { xtablesStrtoui } from '../xtables.ts';
import { type ExtensionDef, parseString } from './xtoptions.ts';

export interface LogData {
  readonly ext: 'LOG';
  level: number;
  prefix: string;
  flags: number;
}

export interface TraceData {
  readonly ext: 'TRACE';
}

/** xtables_parse_syslog_level()'s names (syslog.h order). */
const SYSLOG_LEVELS: readonly (readonly [string, number])[] = [
  ['alert', 1],
  ['crit', 2],
  ['debug', 7],
  ['emerg', 0],
  ['error', 3],
  ['info', 6],
  ['notice', 5],
  ['panic', 0],
  ['warning', 4],
];

/** XT_LOG_TCPSEQ, XT_LOG_TCPOPT, XT_LOG_IPOPT, XT_LOG_UID, XT_LOG_MACDECODE: options 2..6. */
const LOG_FLAG_BITS = [0x01, 0x02, 0x04, 0x08, 0x20];

export const LOG: ExtensionDef<LogData> = {
  name: 'LOG',
  x6: true,
  options: [
    { name: 'log-level', id: 0, hasArg: 1 },
    { name: 'log-prefix', id: 1, hasArg: 1 },
    { name: 'log-tcp-sequence', id: 2, hasArg: 0 },
    { name: 'log-tcp-options', id: 3, hasArg: 0 },
    { name: 'log-ip-options', id: 4, hasArg: 0 },
    { name: 'log-uid', id: 5, hasArg: 0 },
    { name: 'log-macdecode', id: 6, hasArg: 0 },
  ],
  create: () => ({ ext: 'LOG', level: 4, prefix: '', flags: 0 }),
  parse(data, option, arg) {
    switch (option.id) {
      case 0: {
        const n = xtablesStrtoui(arg, 0, 7);
        if (n.ok) data.level = n.value;
        else {
          const named = SYSLOG_LEVELS.find(([name]) => name === arg);
          if (!named) throw parameterProblem(`log level "${arg}" unknown\n`);
          data.level = named[1];
        }
        break;
      }
      case 1:
        data.prefix = parseString(arg, 1, 30);
        break;
      default:
        data.flags |= LOG_FLAG_BITS[option.id - 2] ?? 0;
    }
  },
};

export const TRACE: ExtensionDef<TraceData> = { name: 'TRACE', x6: true, options: [], create: () => ({ ext: 'TRACE' }) };
