import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { evaluatePlaceholder, parsePlaceholder, unfilledPlaceholders } from './template.ts';
import { substitute } from './variant.ts';

describe('placeholders', () => {
  test('{{name}} and the conditional form', () => {
    assert.deepEqual(parsePlaceholder(' wan '), { kind: 'name', name: 'wan' });
    assert.equal(parsePlaceholder('t == h ? "eth3" : "eth2"')?.kind, 'if');
    assert.equal(parsePlaceholder('t is h'), undefined);
    assert.equal(parsePlaceholder(''), undefined);
    assert.equal(parsePlaceholder('t == h ? eth3 : eth2'), undefined, 'the branches are quoted');
  });

  test('the conditional picks the branch the variant needs (the leak "eth3 if 9 is 9, else eth2" cannot happen)', () => {
    const text = 'exactly one rule counts: `-o {{t == h ? "eth3" : "eth2"}}`';
    assert.equal(substitute(text, { t: '9', h: '9' }), 'exactly one rule counts: `-o eth3`');
    assert.equal(substitute(text, { t: '77', h: '9' }), 'exactly one rule counts: `-o eth2`');
    assert.equal(evaluatePlaceholder('fwd != "1" ? "no" : "every"', { fwd: '0' }), 'no');
    assert.equal(evaluatePlaceholder('fwd != "1" ? "no" : "every"', { fwd: '1' }), 'every');
    assert.equal(evaluatePlaceholder('a == b ? "" : "x"', { a: '1', b: '1' }), '');
    assert.throws(() => evaluatePlaceholder('t == nope ? "a" : "b"', { t: '1' }), /unknown parameter \{\{nope\}\}/);
    assert.throws(() => evaluatePlaceholder('__proto__', {}), /unknown parameter/);
    assert.throws(() => evaluatePlaceholder('t is h', { t: '1', h: '1' }), /neither/);
  });

  test('unfilledPlaceholders finds what a learner must never see', () => {
    assert.deepEqual(unfilledPlaceholders('10.0.0.2 and eth3'), []);
    assert.deepEqual(unfilledPlaceholders('chose default {{wan}}'), ['{{wan}}']);
    assert.deepEqual(unfilledPlaceholders('an unclosed {{d'), ['{{d']);
    assert.deepEqual(unfilledPlaceholders('a } and a { are fine, }} is not'), ['}}']);
  });
});
