// The playground's menu of examples: every course scenario (content/scenarios/<id>.sh), grouped
// by the part of the first lesson that runs it, the others under "More", and a blank template
// to start from. Pure: the page computes the groups at build time from the lessons; the
// scripts themselves are fetched when one is picked (src/pages/playground/examples/[id].sh.ts).

/** A lesson as the menu needs it: its number ("1.2"), its part, and the scenarios it runs. */
export interface ExampleLesson {
  /** "1.2": part number, then the lesson's number in its part. */
  readonly number: string;
  readonly title: string;
  readonly part: { readonly number: number; readonly title: string };
  /** Scenario ids the lesson runs (its frontmatter `scenarios` and every `scenario="..."`). */
  readonly scenarios: readonly string[];
}

export interface Example {
  /** The scenario id (the file name without .sh), or TEMPLATE_ID. */
  readonly id: string;
  /** What the menu says: the id, then the lessons that use it ("lessons 1.2, 4.1"). */
  readonly label: string;
}

export interface ExampleGroup {
  readonly label: string;
  readonly examples: readonly Example[];
}

/** The blank template's id in the menu (no scenario has this name: ids are lowercase words). */
export const TEMPLATE_ID = '(template)';

/** The blank template: two namespaces and a veth pair, with comments saying what to change. */
export const BLANK_TEMPLATE = `# A blank scenario: two namespaces joined by a veth pair. Every namespace starts with only
# \`lo\`, down. Change the names and addresses, add iptables rules, captures and traffic below.
ip netns add left
ip netns add right
# One veth pair: \`eth0\` in left, \`eth0\` in right (a veth pair is a cable with two ends).
ip link add eth0 netns left type veth peer name eth0 netns right
# Addresses: both ends in the same /24, so no route is needed.
ip netns exec left ip addr add 10.0.0.1/24 dev eth0
ip netns exec left ip link set eth0 up
ip netns exec right ip addr add 10.0.0.2/24 dev eth0
ip netns exec right ip link set eth0 up
# Rules go here, e.g.: ip netns exec right iptables -A INPUT -p icmp -j DROP
# A capture must start (with &) before the traffic it should see.
ip netns exec right tcpdump -n -i eth0 &
# Traffic: a foreground ping needs -c (or -w); nc needs -z, -N, -q or -w.
ip netns exec left ping -c 1 10.0.0.2
# Printed commands show state: iptables -L -v -n, ip route, conntrack -L...
ip netns exec right iptables -L INPUT -v -n
`;

/** Scenario ids in a lesson's MDX body: every `scenario="..."` attribute. */
export function scenariosInBody(body: string): string[] {
  return [...body.matchAll(/\bscenario="([a-z0-9]+(?:-[a-z0-9]+)*)"/g)].map((m) => m[1]!);
}

/**
 * The menu: the template first, then one group per part (in course order) with the scenarios
 * its lessons run, each scenario in the part of the first lesson that runs it, then "More"
 * with the scenarios no lesson runs (conformance checks, fuzzing finds), by id.
 */
export function groupExamples(scenarioIds: readonly string[], lessons: readonly ExampleLesson[]): ExampleGroup[] {
  const known = new Set(scenarioIds);
  const usedBy = new Map<string, ExampleLesson[]>();
  for (const lesson of lessons) {
    for (const id of new Set(lesson.scenarios)) {
      if (!known.has(id)) continue;
      const list = usedBy.get(id) ?? [];
      list.push(lesson);
      usedBy.set(id, list);
    }
  }
  const label = (id: string): string => {
    const numbers = (usedBy.get(id) ?? []).map((l) => l.number);
    return numbers.length ? `${id} (lesson${numbers.length === 1 ? '' : 's'} ${numbers.join(', ')})` : id;
  };
  const groups: ExampleGroup[] = [{ label: 'Start', examples: [{ id: TEMPLATE_ID, label: 'Blank template: two namespaces and a veth pair' }] }];
  const byPart = new Map<number, { title: string; ids: string[] }>();
  for (const lesson of lessons) {
    const part = byPart.get(lesson.part.number) ?? { title: lesson.part.title, ids: [] };
    byPart.set(lesson.part.number, part);
    for (const id of new Set(lesson.scenarios)) {
      if (known.has(id) && usedBy.get(id)?.[0] === lesson) part.ids.push(id);
    }
  }
  for (const [number, part] of [...byPart].sort((a, b) => a[0] - b[0])) {
    if (part.ids.length) groups.push({ label: `Part ${number}: ${part.title}`, examples: part.ids.map((id) => ({ id, label: label(id) })) });
  }
  const more = [...known].filter((id) => !usedBy.has(id)).sort();
  if (more.length) groups.push({ label: 'More (used by no lesson)', examples: more.map((id) => ({ id, label: id })) });
  return groups;
}
