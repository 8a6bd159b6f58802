// The topology drawing of every scenario in content/scenarios, in both modes: boxes never
// overlap, devices sit inside their namespace (ports inside their bridge), every veth pair is
// drawn, and the narrow drawing fits a phone.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { buildLabModel } from './lab-model.ts';
import { layoutTopology, describeTopology, type LayoutMode } from './topology-layout.ts';

const DIR = new URL('../../content/scenarios/', import.meta.url);
const scenarios = readdirSync(DIR).filter((f) => f.endsWith('.sh')).sort();

interface R { x: number; y: number; w: number; h: number }
const overlaps = (a: R, b: R): boolean => a.x < b.x + b.w && b.x < a.x + a.w && a.y < b.y + b.h && b.y < a.y + a.h;
const inside = (a: R, b: R): boolean => a.x >= b.x && a.y >= b.y && a.x + a.w <= b.x + b.w && a.y + a.h <= b.y + b.h;

test('there are scenarios to draw', () => {
  assert.ok(scenarios.length > 10);
});

for (const file of scenarios) {
  const model = buildLabModel(readFileSync(new URL(file, DIR), 'utf8'));
  for (const mode of ['narrow', 'wide'] as LayoutMode[]) {
    test(`${file} ${mode}: boxes do not overlap, devices inside, every link drawn`, () => {
      const layout = layoutTopology(model.topology, mode);
      const drawn = model.topology.namespaces.filter((n) => n.devices.length > 0);
      assert.equal(layout.namespaces.length, drawn.length);
      for (let i = 0; i < layout.namespaces.length; i++) {
        for (let j = i + 1; j < layout.namespaces.length; j++) {
          assert.ok(!overlaps(layout.namespaces[i]!, layout.namespaces[j]!), `${layout.namespaces[i]!.ns} overlaps ${layout.namespaces[j]!.ns}`);
        }
      }
      for (const d of layout.devices) {
        const ns = layout.namespaces.find((n) => n.ns === d.ns)!;
        assert.ok(inside(d, ns), `${d.ns}/${d.dev} outside its namespace box`);
        if (d.master) {
          const br = layout.devices.find((b) => b.ns === d.ns && b.dev === d.master)!;
          assert.ok(inside(d, br), `${d.ns}/${d.dev} outside its bridge ${d.master}`);
        }
      }
      const loose = layout.devices.filter((d) => d.kind !== 'bridge');
      for (let i = 0; i < loose.length; i++) {
        for (let j = i + 1; j < loose.length; j++) {
          assert.ok(!overlaps(loose[i]!, loose[j]!), `${loose[i]!.dev} overlaps ${loose[j]!.dev} in ${loose[i]!.ns}`);
        }
      }
      assert.equal(layout.links.length, model.topology.links.length);
      for (const l of layout.links) {
        for (const [x, y] of l.points) assert.ok(x >= 0 && y >= 0 && x <= layout.width && y <= layout.height, `link ${l.a} ${l.b} leaves the drawing`);
      }
      assert.ok(layout.width > 0 && layout.height > 0);
      // A lab on a 360 px phone is about 306 px wide inside: at 12 px for 13-unit text that is 331 units.
      if (mode === 'narrow') assert.ok(layout.width <= 330, `narrow drawing is ${layout.width} units wide`);
      assert.match(describeTopology(model.topology), /namespace/);
    });
  }
}

test('the same topology always gives the same drawing', () => {
  const model = buildLabModel(readFileSync(new URL('s4-two-bridges-brnf1.sh', DIR), 'utf8'));
  assert.deepEqual(layoutTopology(model.topology, 'wide'), layoutTopology(model.topology, 'wide'));
});
