// The learner steps through the echo reply's walk and back; steps are announced.
import type { Locator } from '@playwright/test';
import { test, expect, expectNoA11yViolations, waitForIslands } from './fixtures.ts';
import { openLesson } from './lesson-helpers.ts';

test('stepping forward and back through the reply, with the device and hook highlighted', async ({ page }) => {
  test.slow(); // up to 40 steps, then axe in both schemes
  await openLesson(page);
  const walk = page.locator('pp-packet-walk');
  const next = walk.getByRole('button', { name: 'Next step' });
  const prev = walk.getByRole('button', { name: 'Previous step' });
  await next.click();
  await expect(walk.getByText(/^Step 1 of \d+$/)).toBeVisible();
  await expect(walk.getByRole('combobox', { name: 'Packet' })).toHaveValue(/\d+/);
  await expect(prev).toBeDisabled();
  // Walk until the reply is translated back at the bridge port.
  for (let i = 0; i < 40; i++) {
    if (await walk.locator('[data-step-view]').getByText(/172\.19\.0\.2 > 172\.17\.0\.4/).count()) break;
    await next.click();
  }
  const view = walk.locator('[data-step-view]');
  await expect(view).toContainText('Before NAT');
  await expect(view).toContainText('PREROUTING');
  await expect(walk.locator('[data-packet-flow] [data-hook="PREROUTING"][data-layer="bridge"].is-active')).toHaveCount(1);
  await expect(page.locator('.lab[data-lab="s4-two-bridges-brnf1"] [data-dev="default/br1"].is-active').first()).toBeAttached();
  const counter = await walk.getByText(/^Step \d+ of \d+$/).textContent();
  await prev.click();
  const back = await walk.getByText(/^Step \d+ of \d+$/).textContent();
  expect(Number(/Step (\d+)/.exec(back ?? '')?.[1])).toBe(Number(/Step (\d+)/.exec(counter ?? '')?.[1]) - 1);
  await expect(page.locator('#pp-announcer')).toContainText(/^Step \d+ of \d+\./);
  await expectNoA11yViolations(page);
});

test('the walk answers the arrow keys', async ({ page }) => {
  await openLesson(page);
  const walk = page.locator('pp-packet-walk');
  await walk.getByRole('button', { name: 'Next step' }).focus();
  await page.keyboard.press('Enter');
  await expect(walk.getByText(/^Step 1 of/)).toBeVisible();
  await page.keyboard.press('ArrowRight');
  await expect(walk.getByText(/^Step 2 of/)).toBeVisible();
  await page.keyboard.press('ArrowLeft');
  await expect(walk.getByText(/^Step 1 of/)).toBeVisible();
});

test('at either end of the walk the keyboard focus moves to the other button, never to <body>', async ({ page }) => {
  await openLesson(page);
  const walk = page.locator('pp-packet-walk');
  const next = walk.getByRole('button', { name: 'Next step' });
  const prev = walk.getByRole('button', { name: 'Previous step' });
  await next.focus();
  await page.keyboard.press('Enter');
  await expect(walk.getByText(/^Step 1 of/)).toBeVisible();
  const total = Number(/of (\d+)/.exec((await walk.getByText(/^Step \d+ of \d+$/).textContent()) ?? '')?.[1]);
  expect(total).toBeGreaterThan(1);
  for (let i = 1; i < total; i++) await page.keyboard.press('Enter');
  await expect(walk.getByText(`Step ${total} of ${total}`)).toBeVisible();
  await expect(next).toBeDisabled();
  await expect(prev).toBeFocused();
  // And back: at step 1 "Previous step" is disabled and focus goes to "Next step".
  for (let i = 1; i < total; i++) await page.keyboard.press('Enter');
  await expect(walk.getByText(`Step 1 of ${total}`)).toBeVisible();
  await expect(prev).toBeDisabled();
  await expect(next).toBeFocused();
  expect(await page.evaluate(() => document.activeElement?.tagName)).toBe('BUTTON');
});

// ---- The lessons' central moments (issue 15): conntrack's lookup, NAT decided or reused,
// de-NAT, the rule's own text, the drop reason; the diagram's layers; the controls on screen.

const NAT_ONCE = '/lessons/nat-and-conntrack/nat-decided-once/';

/** Presses Next step until the step's headline matches (at most `max` presses); returns every headline seen. */
async function walkUntil(walk: Locator, wanted: RegExp, max = 60): Promise<string[]> {
  const next = walk.getByRole('button', { name: 'Next step' });
  const headline = walk.locator('[data-step-headline]');
  const seen: string[] = [];
  for (let i = 0; i < max; i++) {
    const before = await walk.locator('[data-step-counter]').textContent();
    await next.click();
    await expect(walk.locator('[data-step-counter]')).not.toHaveText(before ?? '');
    const text = (await headline.textContent()) ?? '';
    seen.push(text);
    if (wanted.test(text)) return seen;
  }
  throw new Error(`no step matched ${wanted} in ${max} steps:\n${seen.join('\n')}`);
}

async function choosePacket(walk: Locator, summary: RegExp): Promise<void> {
  const select = walk.getByRole('combobox', { name: 'Packet' });
  await expect(select).toBeEnabled();
  const value = await select.evaluate((s: HTMLSelectElement, source) => [...s.options].find((o) => new RegExp(source).test(o.text))?.value, summary.source);
  expect(value, `a packet matching ${summary}`).toBeTruthy();
  await select.selectOption(value!);
}

test('5.2: conntrack makes a new entry, MASQUERADE decides by its own rule text; seq 2 finds the entry and the nat table is not consulted', async ({ page }) => {
  test.slow(); // about 40 steps walked, then axe on the whole lesson in both schemes
  await page.goto(NAT_ONCE);
  await waitForIslands(page);
  const walk = page.locator('pp-packet-walk');
  const view = walk.locator('[data-step-view]');
  const seen = await walkUntil(walk, /^NAT decided at POSTROUTING by -t nat -A POSTROUTING -o eth2 -j MASQUERADE: source 10\.0\.0\.1 -> 192\.0\.2\.1/);
  expect(seen.some((h) => /conntrack: NEW: no entry has this tuple: a new entry is made/.test(h))).toBe(true);
  await expect(view).toContainText('Mapping');
  await expect(view.locator('code.walk-rule')).toHaveText('-t nat -A POSTROUTING -o eth2 -j MASQUERADE');

  // The same ping's seq 2: found as the entry's original tuple; POSTROUTING reuses the decision.
  await choosePacket(walk, /10\.0\.0\.1 > 192\.0\.2\.3: ICMP echo request, id \d+, seq 2/);
  const later = await walkUntil(walk, /^nat POSTROUTING: the nat table is not consulted: this connection's source NAT is already decided/);
  expect(later.some((h) => /conntrack: ESTABLISHED: found entry \d+, as its original tuple/.test(h))).toBe(true);
  expect(later.some((h) => /MASQUERADE matched/.test(h)), 'no nat rule is walked on seq 2').toBe(false);
  await expect(view).toContainText('Rewritten from the entry');
  await expect(view).toContainText('source 10.0.0.1 -> 192.0.2.1');
  // The diagram of a lab without a bridge has no bridge layer.
  const flow = walk.locator('[data-packet-flow]');
  await expect(flow).toHaveAttribute('data-flow-layers', 'ip');
  await expect(flow.locator('[data-hook="BRIDGE"], [data-layer="bridge"]')).toHaveCount(0);
  await expect(flow).not.toContainText('tcpdump -i PORT');
  await expect(flow).not.toContainText('br_netfilter');
  await expectNoA11yViolations(page);
});

test('6.1: the reply is found as the entry\'s reply tuple and de-NATed at the bridge port: which address goes back', async ({ page }) => {
  await openLesson(page);
  const walk = page.locator('pp-packet-walk');
  const seen = await walkUntil(walk, /rewritten back to 172\.17\.0\.4/);
  expect(seen.some((h) => /found entry \d+, as its reply tuple/.test(h))).toBe(true);
  await expect(walk.locator('[data-step-headline]')).toContainText("the nat table is not consulted: this connection's NAT is already decided");
  await expect(walk.locator('[data-step-view]')).toContainText('De-NAT (a reply)');
  await expect(walk.locator('[data-step-view]')).toContainText('destination 172.17.0.1 -> 172.17.0.4');
  // This lab has br_netfilter: the diagram draws its bridge layer.
  await expect(walk.locator('[data-packet-flow]')).toHaveAttribute('data-flow-layers', 'br_netfilter');
  // The lesson asks which hooks the reply meets before the walk shows them, and has no second diagram.
  const order = await page.evaluate(() => {
    const ask = document.querySelector('pp-predict-path[data-exercise-id$="#reply-hooks"]');
    const walkEl = document.querySelector('pp-packet-walk')!;
    return ask ? ask.compareDocumentPosition(walkEl) & Node.DOCUMENT_POSITION_FOLLOWING : 0;
  });
  expect(order, 'the hooks question comes before the walk').toBeTruthy();
  await expect(page.locator('main [data-packet-flow]')).toHaveCount(1);
});

test('7.1: a matched rule is named by its own text, not by its number', async ({ page }) => {
  await page.goto('/lessons/capstone/a-docker-style-host/');
  await waitForIslands(page);
  const walk = page.locator('pp-packet-walk');
  await walkUntil(walk, /^filter DOCKER: -A DOCKER -d 172\.17\.0\.2\/32 ! -i docker0 -p icmp -j ACCEPT matched -> ACCEPT$/);
  await expect(walk.locator('[data-step-headline]')).not.toContainText(/rule \d+ of/);
  await expect(walk.locator('[data-step-view]')).toContainText('filter DOCKER, rule 1');
});

test('7.2: where the packet dies, the walk says why', async ({ page }) => {
  await page.goto('/lessons/capstone/debugging-the-host/');
  await waitForIslands(page);
  const walk = page.locator('pp-packet-walk');
  await walkUntil(walk, /^dropped in FORWARD/);
  await expect(walk.locator('[data-step-headline]')).toContainText("the filter FORWARD chain's policy DROP: no rule decided");
  await expect(walk.locator('[data-step-view]')).toContainText('Dropped');
  await expect(walk.locator('[data-packet-flow] .is-dropped')).toHaveCount(1);
});

test.describe('at phone width', () => {
  test.use({ viewport: { width: 360, height: 740 } });

  test('5.3: after each Next the button, the step and the lit hook are on screen together', async ({ page }) => {
    test.slow(); // about 30 steps, each measured
    await page.goto('/lessons/nat-and-conntrack/a-packet-that-comes-back/');
    await waitForIslands(page);
    const walk = page.locator('pp-packet-walk');
    await walk.scrollIntoViewIfNeeded();
    const next = walk.getByRole('button', { name: 'Next step' });
    const headline = walk.locator('[data-step-headline]');
    let checked = 0;
    for (let i = 0; i < 40; i++) {
      await next.click();
      await expect(next).toBeInViewport({ ratio: 1 });
      await expect(headline).toBeInViewport({ ratio: 1 });
      const lit = walk.locator('[data-packet-flow] .is-active');
      if (await lit.count()) {
        // Wholly on screen and not under the sticky bar (half a pixel of rounding allowed).
        const box = await lit.first().boundingBox();
        const bar = await walk.locator('[data-walk-bar]').boundingBox();
        expect(box && bar, 'the lit hook and the bar are laid out').toBeTruthy();
        expect(box!.y, `the lit hook is below the bar at step ${i + 1}`).toBeGreaterThanOrEqual(bar!.y + bar!.height - 0.5);
        expect(box!.y + box!.height, `the lit hook is above the bottom of the screen at step ${i + 1}`).toBeLessThanOrEqual(740 + 0.5);
        checked++;
      }
      if (/^nat POSTROUTING: the nat table is not consulted: this connection's source NAT is already decided/.test((await headline.textContent()) ?? '')) break;
    }
    expect(checked).toBeGreaterThan(10);
    // The second pass's POSTROUTING: the central moment of 5.3.
    await expect(headline).toContainText('already decided (a null binding');
    await expect(walk.locator('[data-packet-flow] [data-hook="POSTROUTING"].is-active')).toBeInViewport();
    await expectNoA11yViolations(page, { include: ['pp-packet-walk'] });
  });
});
