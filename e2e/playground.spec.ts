// The playground (/playground/): run a script and see the lab (topology, printed output,
// captures, the packet walk), errors on their line, share links (copy, open, corrupted,
// oversized), "Open in the playground" from a lesson, re-runs compared with the previous run and
// the history, hostile scripts ending with a message, and keyboard-only use.

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test, expect, expectNoA11yViolations, type Page } from './fixtures.ts';

const ROOT = join(import.meta.dirname, '..');

async function openPlayground(page: Page, hash = ''): Promise<void> {
  await page.goto(`/playground/${hash}`);
  await expect(page.locator('[data-playground][data-ready]')).toBeAttached();
}

const editor = (page: Page) => page.getByRole('textbox', { name: 'Scenario script' });
const status = (page: Page) => page.locator('[data-status]');
const problem = (page: Page) => page.getByRole('alert');

/** Replace the editor's text (as typing would: the textarea's input event). */
async function setScript(page: Page, text: string): Promise<void> {
  await editor(page).fill(text);
  await expect(editor(page)).toHaveValue(text);
}

async function run(page: Page): Promise<void> {
  await page.getByRole('button', { name: 'Run', exact: true }).click();
  await expect(status(page)).not.toHaveText('Running…');
}

const TWO_NS = `ip netns add ns1
ip netns add ns2
ip link add veth1 netns ns1 type veth peer name veth2 netns ns2
ip netns exec ns1 ip addr add 10.0.0.1/24 dev veth1
ip netns exec ns1 ip link set veth1 up
ip netns exec ns2 ip addr add 10.0.0.2/24 dev veth2
ip netns exec ns2 ip link set veth2 up
ip netns exec ns2 tcpdump -n -i veth2 icmp &
ip netns exec ns1 ping -c 1 10.0.0.2
`;

test('the starter runs: topology, printed output, captures, and the walk steps forward and back', async ({ page }) => {
  await openPlayground(page);
  await expect(editor(page)).toHaveValue(/ip netns add ns1/);
  await expectNoA11yViolations(page);
  await run(page);
  await expect(status(page)).toContainText('Ran in');
  await expect(page.getByRole('img', { name: /Network topology: 2 network namespaces/ }).first()).toBeVisible();
  await expect(page.locator('[data-printed]')).toContainText('Chain INPUT (policy ACCEPT');
  await expect(page.locator('[data-captures]')).toContainText('== ns2 veth2');
  await expect(page.locator('[data-captures]')).toContainText('IP 10.0.0.1 > 10.0.0.2: ICMP echo request');

  const walk = page.locator('[data-walk]');
  await expect(walk.getByRole('combobox', { name: 'Packet' })).toBeEnabled();
  await expect(walk.locator('[data-step-counter]')).toHaveText(/^Step 1 of \d+$/);
  await walk.getByRole('button', { name: 'Next step' }).click();
  await walk.getByRole('button', { name: 'Next step' }).click();
  await expect(walk.locator('[data-step-counter]')).toHaveText(/^Step 3 of \d+$/);
  await expect(walk.locator('[data-step-view]')).toContainText('namespace');
  await expect(walk.locator('[data-walk-topology] .is-active').first()).toBeAttached();
  await walk.getByRole('button', { name: 'Previous step' }).click();
  await expect(walk.locator('[data-step-counter]')).toHaveText(/^Step 2 of \d+$/);
  // Another packet: the echo reply.
  const select = walk.getByRole('combobox', { name: 'Packet' });
  const reply = await select.locator('option', { hasText: 'echo reply' }).first().getAttribute('value');
  await select.selectOption(reply!);
  await expect(walk.locator('[data-step-counter]')).toHaveText(/^Step 1 of \d+$/);
  await expect(walk.locator('[data-step-view]')).toContainText('echo reply');
  await expectNoA11yViolations(page);
});

test('an error points to its line, with the real tool’s message', async ({ page }) => {
  await openPlayground(page);
  await setScript(page, 'ip netns add ns1\n# a comment\niptables -A INPUT -j NOPE\nip netns add ns2\n');
  await run(page);
  await expect(problem(page)).toContainText('The script failed at line 3');
  await expect(problem(page)).toContainText("line 3: iptables v1.8.9 (nf_tables): Chain 'NOPE' does not exist");
  const marked = page.locator('.pce-line.is-error-line');
  await expect(marked).toHaveCount(1);
  await expect(marked).toContainText('iptables -A INPUT -j NOPE');
  await expectNoA11yViolations(page);
  // "Go to line 3" puts the caret on that line.
  await problem(page).getByRole('button', { name: 'Go to line 3' }).click();
  await expect(editor(page)).toBeFocused();
  const caret = await editor(page).evaluate((t: HTMLTextAreaElement) => t.selectionStart);
  expect(caret).toBe('ip netns add ns1\n# a comment\n'.length);
  // An ip error, as ip says it.
  await setScript(page, 'ip addr add local x\n');
  await expect(page.locator('.pce-line.is-error-line')).toHaveCount(0); // an edit clears the mark
  await run(page);
  await expect(problem(page)).toContainText('line 1: Error: any valid prefix is expected rather than "x".');
});

test('share: a copied link opens the same script and output in a fresh page', async ({ page, context }) => {
  const script = `# shared: ünïcödé, "quotes", a tab\tand a trailing space \n${TWO_NS}ip netns exec ns1 ip route\n`;
  await openPlayground(page);
  await setScript(page, script);
  await run(page);
  const captures = await page.locator('[data-captures]').innerText();
  await page.getByRole('button', { name: 'Copy link' }).click();
  const link = page.getByRole('textbox', { name: 'Link to this scenario' });
  await expect(link).toHaveValue(/\/playground\/#s=1\./);
  const href = await link.inputValue();
  expect(page.url()).toBe(href);

  const fresh = await context.newPage();
  await fresh.goto(href);
  await expect(fresh.locator('[data-playground][data-ready]')).toBeAttached();
  await expect(editor(fresh)).toHaveValue(script);
  await expect(status(fresh)).toContainText('Ran in');
  expect(await fresh.locator('[data-captures]').innerText()).toBe(captures);
  await expect(fresh.locator('[data-printed]')).toContainText('== ns1: ip route');
});

test('corrupted and oversized links give a message and an empty editor', async ({ page }) => {
  for (const [hash, words] of [
    ['#s=1.AAAA_not-deflate', /damaged/],
    ['#s=1.bad*chars', /damaged/],
    ['#s=9.abc', /format 9/],
    [`#s=1.${'A'.repeat(70_000)}`, /too long/],
  ] as const) {
    await openPlayground(page, hash);
    await expect(problem(page)).toContainText('This link cannot be opened');
    await expect(problem(page)).toContainText(words);
    await expect(editor(page)).toHaveValue('');
    await expect(page.locator('[data-results]')).toBeHidden();
  }
  await expectNoA11yViolations(page);
  // The page still works.
  await setScript(page, TWO_NS);
  await run(page);
  await expect(status(page)).toContainText('Ran in');
});

test('"Open in the playground" from a lesson lab opens that scenario', async ({ page }) => {
  // A lab no exercise asks about shows its link at once (the others wait for a check: spoilers.spec.ts).
  await page.goto('/lessons/nat-and-conntrack/a-packet-that-comes-back/');
  const open = page.getByRole('link', { name: /^Open .+ in the playground$/ }).first();
  const name = (await open.textContent()) ?? '';
  const id = /^Open (\S+) in the playground$/.exec(name.trim())?.[1];
  expect(id).toBeTruthy();
  await open.click();
  await expect(page).toHaveURL(/\/playground\/#s=1\./);
  await expect(page.locator('[data-playground][data-ready]')).toBeAttached();
  await expect(editor(page)).toHaveValue(readFileSync(join(ROOT, 'content', 'scenarios', `${id}.sh`), 'utf8'));
  await expect(status(page)).toContainText('Ran in');
});

test('step the world: a re-run keeps the earlier output, marks the new lines, and an earlier script comes back', async ({ page }) => {
  await openPlayground(page);
  await setScript(page, TWO_NS);
  await run(page);
  await expect(page.locator('[data-compare]')).toContainText('Run the script again');
  await setScript(page, `${TWO_NS}ip netns exec ns1 ip route\n`);
  await run(page);
  const compare = page.locator('[data-compare]');
  await expect(compare).toContainText('Run 2 against run 1: 2 new lines, 0 lines gone');
  await expect(compare.locator('ins')).toHaveText(['+ == ns1: ip route', '+ 10.0.0.0/24 dev veth1 proto kernel scope link src 10.0.0.1 ']);
  await expect(compare.locator('.is-same', { hasText: 'ICMP echo request' })).toHaveCount(1);
  const history = page.locator('[data-history]');
  await expect(history.getByRole('listitem')).toHaveCount(2);
  await expect(history).toContainText('Run 1: 9 commands, ran');
  await expectNoA11yViolations(page);
  await history.getByRole('button', { name: "Put run 1's script back" }).click();
  await expect(editor(page)).toHaveValue(TWO_NS);
});

test.describe('hostile scripts end with a message, and the page goes on working', () => {
  const many = Array.from({ length: 300 }, (_, i) => `ip netns add n${i}`).join('\n');
  const bridgeLoop = `ip link add br0 type bridge
ip link add br1 type bridge
ip link add a0 type veth peer name a1
ip link add b0 type veth peer name b1
ip link set a0 master br0
ip link set a1 master br1
ip link set b0 master br0
ip link set b1 master br1
ip link set br0 up
ip link set br1 up
ip link set a0 up
ip link set a1 up
ip link set b0 up
ip link set b1 up
ip addr add 10.9.0.1/24 dev br0
ping -c 1 10.9.0.2`;
  const jumpLoop = 'iptables -N a\niptables -N b\niptables -A a -j b\niptables -A b -j a\niptables -A OUTPUT -j a\n';
  const flood = `${TWO_NS.replace('ping -c 1', 'ping -c 1000000 -i 0')}`;
  const cases: Array<[string, () => string, RegExp]> = [
    ['a huge script', () => `# ${'x'.repeat(70_000)}\nip netns add a\n`, /at most 65536/],
    ['thousands of namespaces', () => many, /at most 100 network namespaces/],
    ['a bridge loop', () => bridgeLoop, /bridge loop/],
    ['a jump loop', () => jumpLoop, /Too many links/],
    ['a ping flood', () => flood, /stopped|too long/],
  ];
  for (const [name, script, message] of cases) {
    test(name, async ({ page }) => {
      await openPlayground(page);
      await setScript(page, script());
      const t0 = Date.now();
      await page.getByRole('button', { name: 'Run', exact: true }).click();
      await expect(problem(page)).toContainText(message, { timeout: 8_000 });
      expect(Date.now() - t0).toBeLessThan(8_000);
      await expect(page.getByRole('button', { name: 'Run', exact: true })).toBeEnabled();
      // A normal script runs afterwards.
      await setScript(page, TWO_NS);
      await run(page);
      await expect(status(page)).toContainText('Ran in');
      await expect(problem(page)).toBeHidden();
    });
  }
});

test('keyboard only: type, Ctrl+Enter, step the walk', async ({ page }) => {
  await openPlayground(page);
  // Tab to the editor.
  for (let i = 0; i < 30 && !(await editor(page).evaluate((t) => t === document.activeElement)); i++) await page.keyboard.press('Tab');
  await expect(editor(page)).toBeFocused();
  await page.keyboard.press('ControlOrMeta+a');
  await page.keyboard.press('Delete');
  await page.keyboard.insertText(TWO_NS);
  await page.keyboard.press('ControlOrMeta+Enter');
  await expect(status(page)).toContainText('Ran in');
  await expect(editor(page)).toHaveValue(TWO_NS); // Ctrl+Enter ran: no blank line inserted
  // Leave the editor (Escape, then Tab) and tab to the walk's Next step button.
  await page.keyboard.press('Escape');
  const next = page.locator('[data-walk]').getByRole('button', { name: 'Next step' });
  for (let i = 0; i < 60 && !(await next.evaluate((b) => b === document.activeElement)); i++) await page.keyboard.press('Tab');
  await expect(next).toBeFocused();
  await page.keyboard.press('Enter');
  await page.keyboard.press('Enter');
  const counter = page.locator('[data-walk] [data-step-counter]');
  await expect(counter).toHaveText(/^Step 3 of/);
  await page.keyboard.press('ArrowLeft');
  await expect(counter).toHaveText(/^Step 2 of/);
  await page.keyboard.press('ArrowRight');
  await expect(counter).toHaveText(/^Step 3 of/);
});

test('a multi-line insertion replaces the selection, is drawn, and undo and redo step over it', async ({ page }) => {
  // (More than a line is put in by the editor itself, not by Chromium's slower editing command: src/ui/playground/editor.ts.)
  await openPlayground(page);
  const starter = await editor(page).inputValue();
  await editor(page).focus();
  await page.keyboard.press('ControlOrMeta+a');
  await page.keyboard.insertText(TWO_NS);
  await expect(editor(page)).toHaveValue(TWO_NS);
  // The highlighted copy under the textarea follows: one line per script line (and the empty last one).
  await expect(page.locator('[data-editor] .pce-line')).toHaveCount(TWO_NS.split('\n').length);
  // Into the middle: the caret ends after what was inserted.
  await editor(page).evaluate((t: HTMLTextAreaElement) => t.setSelectionRange(16, 16)); // after "ip netns add ns1"
  await page.keyboard.insertText('\nip netns add ns3\nip netns add ns4');
  await expect(editor(page)).toHaveValue(TWO_NS.replace('ip netns add ns1', 'ip netns add ns1\nip netns add ns3\nip netns add ns4'));
  expect(await editor(page).evaluate((t: HTMLTextAreaElement) => [t.selectionStart, t.selectionEnd])).toEqual([50, 50]);
  await page.keyboard.type(' x');
  await expect(editor(page)).toHaveValue(TWO_NS.replace('ip netns add ns1', 'ip netns add ns1\nip netns add ns3\nip netns add ns4 x'));
  // Undo: the typing, the insertion, then the replacement, each a step; redo brings them back.
  await page.keyboard.press('ControlOrMeta+z');
  await page.keyboard.press('ControlOrMeta+z');
  await expect(editor(page)).toHaveValue(TWO_NS);
  await page.keyboard.press('ControlOrMeta+z');
  await expect(editor(page)).toHaveValue(starter);
  await page.keyboard.press('ControlOrMeta+Shift+z');
  await expect(editor(page)).toHaveValue(TWO_NS);
  await page.keyboard.press('ControlOrMeta+Enter');
  await expect(status(page)).toContainText('Ran in');
});

// ---- what ping and nc print, the examples, whole error messages (issue 15) ----------------------

test('ping and nc print what Linux prints, times masked', async ({ page }) => {
  await openPlayground(page);
  await setScript(
    page,
    `${TWO_NS.replace('ping -c 1', 'ping -c 3 -i 0.2')}ip netns exec ns1 nc -v -z 10.0.0.2 80\nip netns exec ns1 ping -c 1 192.0.2.1\n`,
  );
  await run(page);
  const printed = page.locator('[data-printed]');
  await expect(printed).toContainText('== ns1: ping -c 3 -i 0.2 10.0.0.2');
  await expect(printed).toContainText('PING 10.0.0.2 (10.0.0.2) 56(84) bytes of data.');
  await expect(printed).toContainText('64 bytes from 10.0.0.2: icmp_seq=1 ttl=64 time=<t> ms');
  await expect(printed).toContainText('64 bytes from 10.0.0.2: icmp_seq=3 ttl=64 time=<t> ms');
  await expect(printed).toContainText('--- 10.0.0.2 ping statistics ---');
  await expect(printed).toContainText('3 packets transmitted, 3 received, 0% packet loss, time <t>ms');
  await expect(printed).toContainText('rtt min/avg/max/mdev = <t>/<t>/<t>/<t> ms');
  await expect(printed).toContainText("(ping's output)");
  await expect(printed).toContainText('nc: connect to 10.0.0.2 port 80 (tcp) failed: Connection refused');
  // Why the times read <t>: said next to them.
  await expect(page.locator('#pg-printed-help')).toContainText('times differ from run to run');
  // No route: ping's own error, on its line, whole.
  await expect(problem(page)).toContainText('line 11: ping: connect: Network is unreachable');
  await expectNoA11yViolations(page);
});

test('a multi-line error is shown whole, with its line number', async ({ page }) => {
  await openPlayground(page);
  await setScript(page, 'ip netns add ns1\niptables -t nat -A POSTROUTING -j DROP\n');
  await run(page);
  await expect(problem(page)).toContainText('The script failed at line 2');
  const message = problem(page).locator('pre');
  await expect(message).toContainText('line 2: iptables v1.8.9 (nf_tables):');
  await expect(message).toContainText('The "nat" table is not intended for filtering, the use of DROP is therefore inhibited.');
  await expect(message).toContainText("Try `iptables -h' or 'iptables --help' for more information.");
  // The status line too: not cut after "(nf_tables):".
  await expect(status(page)).toContainText('(nf_tables): The "nat" table is not intended for filtering');
});

test('the menu of examples: pick one, load it, run it; edits are not replaced without asking', async ({ page }) => {
  await openPlayground(page);
  const menu = page.getByRole('combobox', { name: 'Examples' });
  const load = page.getByRole('button', { name: 'Load into the editor' });
  // Every course scenario is offered, by part, with the rest under More and a blank template.
  const groups = await menu.locator('optgroup').evaluateAll((list) => list.map((g) => (g as HTMLOptGroupElement).label));
  expect(groups[0]).toBe('Start');
  expect(groups).toContain('Part 1: Connectionless and connection-oriented');
  expect(groups.at(-1)).toBe('More (used by no lesson)');
  const files = readFileSync(join(ROOT, 'content', 'scenarios', 'unreachable-net-and-host.sh'), 'utf8');
  expect(await menu.locator('option').count()).toBeGreaterThan(80);
  await expect(menu.locator('option[value="unreachable-net-and-host"]')).toHaveText(/^unreachable-net-and-host \(lessons? [\d., ]*1\.2\b/);

  // The starter is kept elsewhere (it loads again): no question.
  await menu.selectOption('unreachable-net-and-host');
  await load.click();
  await expect(editor(page)).toHaveValue(files);
  await expect(status(page)).toContainText('Loaded unreachable-net-and-host.sh');
  await run(page);
  await expect(page.locator('[data-printed]')).toContainText('From 10.0.0.254 icmp_seq=1 Destination Net Unreachable');

  // An edit that no run keeps: Load asks; "Keep my script" keeps it, "Replace my script" replaces it.
  const edited = `${files}# my change\n`;
  await setScript(page, edited);
  await menu.selectOption('(template)');
  await load.click();
  const confirm = page.getByRole('group', { name: /Your script has changes/ });
  await expect(confirm).toBeVisible();
  await expect(confirm).toContainText('the blank template');
  await expectNoA11yViolations(page);
  await confirm.getByRole('button', { name: 'Keep my script' }).click();
  await expect(confirm).toBeHidden();
  await expect(editor(page)).toHaveValue(edited);
  // Escape says no as well, and gives the focus back to the menu.
  await load.click();
  await expect(confirm.getByRole('button', { name: 'Replace my script' })).toBeFocused();
  await page.keyboard.press('Escape');
  await expect(confirm).toBeHidden();
  await expect(menu).toBeFocused();
  await expect(editor(page)).toHaveValue(edited);
  await load.click();
  await confirm.getByRole('button', { name: 'Replace my script' }).click();
  await expect(editor(page)).toHaveValue(/^# A blank scenario: two namespaces joined by a veth pair/);
  await run(page);
  await expect(status(page)).toContainText('Ran in');
  await expect(page.locator('[data-printed]')).toContainText('1 packets transmitted, 1 received, 0% packet loss');
  // The edited script was run before? No: but a run's script is kept (the history), so loading over it asks nothing.
  await menu.selectOption('tcp-closed-port-rst');
  await load.click();
  await expect(confirm).toBeHidden();
  await expect(editor(page)).toHaveValue(/nc -z 10\.0\.0\.2 78-80/);
});

test('keyboard only: choose an example, load it, run it', async ({ page }) => {
  await openPlayground(page);
  const menu = page.getByRole('combobox', { name: 'Examples' });
  for (let i = 0; i < 30 && !(await menu.evaluate((s) => s === document.activeElement)); i++) await page.keyboard.press('Tab');
  await expect(menu).toBeFocused();
  // The first option is the template; the next one is the first scenario of part 1.
  await page.keyboard.press('ArrowDown');
  const picked = await menu.inputValue();
  expect(picked).not.toBe('(template)');
  await page.keyboard.press('Tab');
  await expect(page.getByRole('button', { name: 'Load into the editor' })).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(status(page)).toContainText(`Loaded ${picked}.sh`);
  // The next stop is the editor; Ctrl+Enter runs from there.
  await page.keyboard.press('Tab');
  await expect(editor(page)).toBeFocused();
  await page.keyboard.press('ControlOrMeta+Enter');
  await expect(status(page)).toContainText(/Ran in|failed at line/);
});
