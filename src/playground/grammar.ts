// Syntax colouring for scenario scripts (the language of ../shared/design/scenario-format.md):
// the Prism grammar, plain data; the page registers it as `netsim` in prism-code-editor's
// registry (src/ui/playground/language.ts).

import type { Grammar } from 'prism-code-editor/prism';

export const LANGUAGE = 'netsim';

export const COMMANDS = ['ip', 'iptables', 'iptables-save', 'iptables-restore', 'sysctl', 'tcpdump', 'ping', 'nc', 'conntrack', 'ss', 'sleep'] as const;

const CHAINS = 'PREROUTING|INPUT|FORWARD|OUTPUT|POSTROUTING';
const VERDICTS = 'ACCEPT|DROP|REJECT|RETURN|SNAT|DNAT|MASQUERADE|REDIRECT|MARK|CONNMARK|LOG|CT|NOTRACK|TRACE';

export const SCENARIO_GRAMMAR: Grammar = {
  comment: { pattern: /(^|[ \t])#.*/m, lookbehind: true, alias: 'comment' },
  string: { pattern: /"[^"\n]*"?|'[^'\n]*'?/, alias: 'string' },
  // `ip netns exec NS`: the namespace a command runs in.
  'netns-prefix': {
    pattern: /(^[ \t]*)ip[ \t]+netns[ \t]+exec[ \t]+[^\s#]+/m,
    lookbehind: true,
    inside: {
      keyword: /^ip[ \t]+netns[ \t]+exec/,
      namespace: /\S+$/,
    },
  },
  // The command's name: at the start of a line or right after the prefix.
  function: { pattern: new RegExp(`((?:^|\\bexec[ \\t]+[^\\s#]+[ \\t]+)[ \\t]*)(?:${COMMANDS.join('|')})(?=[ \\t]|$)`, 'm'), lookbehind: true },
  background: { pattern: /&(?=[ \t]*(?:#.*)?$)/m, alias: 'operator' },
  continuation: { pattern: /\\$/m, alias: 'operator' },
  'sysctl-key': { pattern: /\bnet\.[\w.-]+/, alias: 'attr-name' },
  address: { pattern: /\b\d{1,3}(?:\.\d{1,3}){3}(?:\/\d{1,2})?(?::\d+(?:-\d+)?)?\b/, alias: 'number' },
  option: { pattern: /(^|[ \t])(?:--?[A-Za-z][\w-]*|!)(?=[ \t]|=|$)/m, lookbehind: true, alias: 'property' },
  constant: new RegExp(`\\b(?:${CHAINS}|${VERDICTS})\\b`),
  keyword: /\b(?:add|del|delete|set|show|list|flush|exec|link|addr|address|route|neigh|netns|type|veth|bridge|peer|name|master|nomaster|dev|via|up|down|default|src|dst|host|port|and|or|not|icmp|arp|tcp|udp)\b/,
  number: /\b\d+(?:\.\d+)?\b/,
  punctuation: /[()=]/,
};

/** The line comment token (Ctrl/Cmd+/ toggles it). */
export const LINE_COMMENT = '#';
