// Completion of scenario commands in the playground's editor: command names, `ip` objects and
// their words, iptables options, tables, chains, targets, matches and their options, tcpdump
// flags and filter words, sysctl keys, and the namespaces, devices and chains the script itself
// creates. The engine's own tables (sysctl keys, iptables extensions and their options, ICMP
// types, conntrack states) come from the worker (engineVocabulary), so they are never retyped
// here and never weigh on the page; the short lists below are the command-line grammar around
// them. The page hands these to the editor (src/ui/playground/language.ts).

import type { Completion } from 'prism-code-editor/autocomplete';
import type { Vocabulary } from './protocol.ts';
import { COMMANDS } from './grammar.ts';

/** What the editor completes until the worker has sent the engine's words. */
export const DEFAULT_VOCABULARY: Vocabulary = {
  sysctlKeys: ['net.ipv4.ip_forward', 'net.bridge.bridge-nf-call-iptables', 'net.ipv4.conf.DEV.rp_filter'],
  targets: ['ACCEPT', 'DROP', 'REJECT', 'RETURN', 'SNAT', 'DNAT', 'MASQUERADE', 'LOG'],
  matches: ['conntrack', 'state', 'physdev', 'comment', 'tcp', 'udp', 'icmp'],
  extensionOptions: {},
  icmpTypes: ['echo-request', 'echo-reply'],
  ctStates: ['NEW', 'ESTABLISHED', 'RELATED', 'INVALID'],
};

const IP_OBJECTS: Record<string, { verbs: string[]; words: string[] }> = {
  netns: { verbs: ['add', 'del', 'list', 'exec'], words: [] },
  link: { verbs: ['add', 'set', 'del', 'show'], words: ['type', 'veth', 'bridge', 'dummy', 'peer', 'name', 'netns', 'master', 'nomaster', 'up', 'down', 'dev', 'address', 'mtu'] },
  addr: { verbs: ['add', 'del', 'show', 'flush'], words: ['dev', 'broadcast', 'scope'] },
  route: { verbs: ['add', 'del', 'show', 'get', 'replace'], words: ['default', 'via', 'dev', 'src', 'table', 'metric', 'blackhole', 'unreachable', 'prohibit', 'throw'] },
  neigh: { verbs: ['show', 'flush'], words: ['dev'] },
  rule: { verbs: ['show'], words: [] },
};
const IPTABLES_OPTIONS = ['-t', '-A', '-I', '-D', '-R', '-P', '-N', '-X', '-F', '-Z', '-L', '-S', '-s', '-d', '-i', '-o', '-p', '-m', '-j', '-g', '-v', '-n', '-x', '--line-numbers', '!'];
const TABLES = ['filter', 'nat', 'mangle', 'raw'];
const CHAINS = ['PREROUTING', 'INPUT', 'FORWARD', 'OUTPUT', 'POSTROUTING'];
const REJECT_WITH = ['icmp-port-unreachable', 'icmp-host-unreachable', 'icmp-net-unreachable', 'icmp-proto-unreachable', 'icmp-net-prohibited', 'icmp-host-prohibited', 'icmp-admin-prohibited', 'tcp-reset'];
const TCPDUMP_FLAGS = ['-n', '-e', '-p', '-i', '-c', '-v', '-vv', '-q', '-t', '-l'];
const PCAP_WORDS = ['icmp', 'arp', 'tcp', 'udp', 'host', 'src', 'dst', 'port', 'and', 'or', 'not'];
const OTHER_FLAGS: Record<string, string[]> = {
  sysctl: ['-w', '-q', '-n'],
  ping: ['-c', '-i', '-W', '-t', '-s', '-I', '-q'],
  nc: ['-l', '-u', '-z', '-v', '-w', '-p', '-n', '-s', '-q'],
  conntrack: ['-L', '-F', '-D'],
  ss: ['-t', '-u', '-a', '-l', '-n', '-H', 'state', 'exclude'],
};

/** Names the script itself makes: namespaces, devices, user chains. */
function namesIn(text: string): { namespaces: string[]; devices: string[]; chains: string[] } {
  const namespaces = new Set<string>();
  const devices = new Set<string>();
  const chains = new Set<string>();
  for (const m of text.matchAll(/\bnetns add ([^\s#]+)/g)) namespaces.add(m[1]!);
  for (const m of text.matchAll(/\blink add (?:name )?([^\s#]+)/g)) devices.add(m[1]!);
  for (const m of text.matchAll(/\bpeer name ([^\s#]+)/g)) devices.add(m[1]!);
  for (const m of text.matchAll(/ -N ([^\s#]+)/g)) chains.add(m[1]!);
  devices.add('lo');
  return { namespaces: [...namespaces], devices: [...devices], chains: [...chains] };
}

const words = (list: readonly string[], icon: Completion['icon'], detail?: string): Completion[] => list.map((label) => ({ label, icon, ...(detail ? { detail } : {}) }));

function expandSysctl(keys: readonly string[], devices: readonly string[]): string[] {
  const out: string[] = [];
  for (const key of keys) {
    if (key.includes('.DEV.')) for (const dev of ['all', 'default', ...devices]) out.push(key.replace('.DEV.', `.${dev}.`));
    else out.push(key);
  }
  return out;
}

function optionsFor(vocabulary: Vocabulary, command: string, args: readonly string[], previous: string | undefined, text: string): Completion[] {
  const names = (): ReturnType<typeof namesIn> => namesIn(text.length > 65_536 ? text.slice(0, 65_536) : text);
  switch (command) {
    case 'ip': {
      const object = args[0];
      if (args.length === 0) return words(Object.keys(IP_OBJECTS), 'namespace', 'ip object');
      const spec = Object.entries(IP_OBJECTS).find(([name]) => name === object || (object === 'address' && name === 'addr'))?.[1];
      if (!spec) return [];
      if (args.length === 1) return words(spec.verbs, 'function');
      if (previous === 'dev' || previous === 'master' || previous === 'set') return words(names().devices, 'variable', 'device');
      if (previous === 'netns' || (object === 'netns' && args[1] === 'del')) return words(names().namespaces, 'namespace', 'namespace');
      if (previous === 'type') return words(['veth', 'bridge'], 'enum');
      return words(spec.words, 'keyword');
    }
    case 'iptables': {
      const n = names();
      switch (previous) {
        case '-t': case '--table': return words(TABLES, 'enum', 'table');
        case '-j': case '--jump': case '-g': case '--goto': return [...words(vocabulary.targets, 'constant', 'target'), ...words(n.chains, 'class', 'user chain')];
        case '-A': case '-I': case '-D': case '-R': case '-P': case '-F': case '-L': case '-S': case '-Z': case '-X':
          return [...words(CHAINS, 'class', 'chain'), ...words(n.chains, 'class', 'user chain')];
        case '-m': case '--match': return words(vocabulary.matches, 'function', 'match');
        case '-p': case '--protocol': return words(['tcp', 'udp', 'icmp', 'all'], 'enum', 'protocol');
        case '-i': case '-o': case '--physdev-in': case '--physdev-out': return words(n.devices, 'variable', 'device');
        case '--ctstate': case '--state': return words(vocabulary.ctStates, 'enum', 'state');
        case '--icmp-type': return words(vocabulary.icmpTypes, 'enum', 'ICMP type');
        case '--reject-with': return words(REJECT_WITH, 'enum');
        default: break;
      }
      const policyFor = args.at(-2);
      if (policyFor === '-P') return words(['ACCEPT', 'DROP'], 'constant', 'policy');
      // Options of the extensions this line loads (-m NAME, -j NAME, -p tcp|udp|icmp).
      const loaded = new Set<string>();
      args.forEach((a, i) => {
        const next = args[i + 1];
        if ((a === '-m' || a === '-j' || a === '-p' || a === '--match' || a === '--jump' || a === '--protocol') && next) loaded.add(next);
      });
      const extension = [...loaded].flatMap((name) => (vocabulary.extensionOptions[name] ?? []).map((label) => ({ label, icon: 'property', detail: name, boost: 1 }) as Completion));
      return [...extension, ...words(IPTABLES_OPTIONS, 'property')];
    }
    case 'tcpdump':
      if (previous === '-i') return words(names().devices, 'variable', 'device');
      return [...words(TCPDUMP_FLAGS, 'property'), ...words(PCAP_WORDS, 'keyword', 'filter')];
    case 'sysctl':
      return [...words(OTHER_FLAGS['sysctl']!, 'property'), ...words(expandSysctl(vocabulary.sysctlKeys, names().devices).map((k) => `${k}=`), 'constant', 'key')];
    case 'ping':
      if (previous === '-I') return words(names().devices, 'variable', 'device');
      return words(OTHER_FLAGS['ping']!, 'property');
    case 'nc':
    case 'conntrack':
      return words(OTHER_FLAGS[command]!, 'property');
    default:
      return [];
  }
}

/** Where the cursor is: the text of its line before it, its offset, and whether completion was asked for (Ctrl+Space). */
interface CompletionPlace {
  readonly lineBefore: string;
  readonly pos: number;
  readonly explicit: boolean;
}

/** The completions at a place of a script (`text`, read only when needed), or null when there are none. */
export function scriptCompletions(place: CompletionPlace, text: () => string, vocabulary: Vocabulary): { from: number; options: Completion[] } | null {
  const line = place.lineBefore;
  if (/(^|\s)#/.test(line)) return null; // in a comment
  const word = /[^\s]*$/.exec(line)![0];
  if (!word && !place.explicit) return null;
  let rest = line.slice(0, line.length - word.length);
  // After `ip netns exec `: a namespace, then the command.
  const prefix = /^\s*ip\s+netns\s+exec\s+/.exec(rest);
  if (prefix) {
    rest = rest.slice(prefix[0].length);
    if (!rest.trim()) return { from: place.pos - word.length, options: words(namesIn(text()).namespaces, 'namespace', 'namespace') };
    rest = rest.replace(/^\S+\s+/, '');
  }
  const args = rest.trim().split(/\s+/).filter(Boolean);
  // A comma list (--ctstate NEW,ESTABLISHED): complete the last item.
  const item = /[^,=]*$/.exec(word)![0];
  const from = place.pos - item.length;
  if (args.length === 0) {
    const commands: Completion[] = [
      ...words(COMMANDS, 'function', 'command'),
      { label: 'ip netns exec', icon: 'snippet', detail: 'run in a namespace', insert: 'ip netns exec NS ', tabStops: [14, 16, 17] },
    ];
    return { from, options: commands };
  }
  const [command, ...commandArgs] = args;
  const options = optionsFor(vocabulary, command!, commandArgs, commandArgs.at(-1), text());
  return options.length ? { from, options } : null;
}

