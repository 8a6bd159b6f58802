// glibc's answers (x86-64) for the odd words every tool's parser meets.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { atoi, scanHex, scanInt, scanUnsigned32, scanUnsigned64, strtol, strtoul } from './cnum.ts';

test('strtoul: blanks, sign, base prefixes, where it stops', () => {
  assert.deepEqual(strtoul(' \t80'), { value: 80n, end: 4, overflow: false });
  assert.deepEqual(strtoul('+0x50'), { value: 80n, end: 5, overflow: false });
  assert.deepEqual(strtoul('010'), { value: 8n, end: 3, overflow: false });
  assert.deepEqual(strtoul('08'), { value: 0n, end: 1, overflow: false });
  assert.deepEqual(strtoul('0x'), { value: 0n, end: 1, overflow: false });
  assert.deepEqual(strtoul('x'), { value: 0n, end: 0, overflow: false });
  assert.deepEqual(strtoul('-1'), { value: (1n << 64n) - 1n, end: 2, overflow: false });
  assert.deepEqual(strtoul('18446744073709551616'), { value: (1n << 64n) - 1n, end: 20, overflow: true });
  assert.deepEqual(strtoul('0x1f', 10), { value: 0n, end: 1, overflow: false });
});

test('strtol: saturates at LONG_MIN/LONG_MAX with ERANGE', () => {
  assert.deepEqual(strtol('-12abc', 10), { value: -12n, end: 3, overflow: false });
  assert.deepEqual(strtol('9223372036854775807', 10), { value: (1n << 63n) - 1n, end: 19, overflow: false });
  assert.deepEqual(strtol('9223372036854775808', 10), { value: (1n << 63n) - 1n, end: 19, overflow: true });
  assert.deepEqual(strtol('-9223372036854775809', 10), { value: -(1n << 63n), end: 20, overflow: true });
});

test('atoi: (int) strtol(s, NULL, 10)', () => {
  assert.equal(atoi(' 42x'), 42);
  assert.equal(atoi('0x10'), 0);
  assert.equal(atoi('4294967297'), 1);
  assert.equal(atoi('99999999999999999999'), -1);
  assert.equal(atoi(''), 0);
});

test('sscanf conversions', () => {
  assert.equal(scanUnsigned64(' -1'), 18446744073709551615);
  assert.equal(scanUnsigned64('x'), undefined);
  assert.equal(scanInt('0x10'), 16);
  assert.equal(scanInt('4294967295'), -1);
  assert.equal(scanUnsigned32('-1'), 4294967295);
  assert.equal(scanHex('0xff'), 255);
  assert.equal(scanHex('-1'), -1);
  assert.equal(scanHex('ffffffff'), -1);
  assert.equal(scanHex('g'), undefined);
});
