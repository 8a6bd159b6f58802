// A rule or command line cut into the groups a narrow screen may wrap between: "-o br0" and
// "-p icmp" stay whole, so a line never breaks inside an option ("-o br0 -" / "p icmp").
// Pure: the lesson components (at build time) and the quiz and exercise UIs (in the browser)
// wrap each group in a white-space: nowrap span.

/** Splits a command line into "-option value" groups, so that a narrow screen never breaks a line between an option and its value (or at the hyphen of "-d"). */
export function optionGroups(text: string): string[] {
  const words = text.split(/\s+/).filter(Boolean);
  const groups: string[] = [];
  for (let i = 0; i < words.length; i++) {
    const word = words[i]!;
    const next = words[i + 1];
    if ((word.startsWith('-') || word === '!') && next !== undefined && !next.startsWith('-')) {
      groups.push(`${word} ${next}`);
      i++;
    } else groups.push(word);
  }
  return groups;
}
