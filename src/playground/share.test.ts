import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { describe, test } from 'node:test';
import fc from 'fast-check';
import { decodeScenario, encodeScenario, MAX_SHARED_TEXT_BYTES, MAX_SHARED_VALUE, playgroundHref } from './share.ts';

const SCENARIOS = new URL('../../content/scenarios/', import.meta.url);

function toBase64url(bytes: Uint8Array): string {
  let binary = '';
  for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

function fromBase64url(s: string): Uint8Array {
  const binary = atob(s.replace(/-/g, '+').replace(/_/g, '/') + '='.repeat((4 - (s.length % 4)) % 4));
  return Uint8Array.from(binary, (c) => c.charCodeAt(0));
}

/** A link value holding any bytes (not necessarily UTF-8), compressed as encodeScenario does. */
async function valueOfBytes(bytes: Uint8Array<ArrayBuffer>): Promise<string> {
  const cs = new CompressionStream('deflate-raw');
  const writer = cs.writable.getWriter();
  void writer.write(bytes).then(() => writer.close());
  return `1.${toBase64url(new Uint8Array(await new Response(cs.readable).arrayBuffer()))}`;
}

async function assertError(value: string, pattern: RegExp): Promise<void> {
  const d = await decodeScenario(value);
  assert.equal(d.ok, false, `expected an error for ${value.slice(0, 60)}`);
  if (!d.ok) assert.match(d.error, pattern);
}

/** A deterministic, incompressible text: pseudo-random code points from U+0100 to U+07FF (2 bytes each in UTF-8). */
function noise(chars: number): string {
  let x = 12345;
  let s = '';
  for (let i = 0; i < chars; i++) {
    x = (Math.imul(x, 1103515245) + 12345) >>> 0;
    s += String.fromCharCode(0x100 + ((x >>> 8) % 0x700));
  }
  return s;
}

const scenarioLike = fc
  .array(
    fc.oneof(
      fc.constantFrom('ip netns add a', 'ip -n a link set lo up', 'iptables -A FORWARD -j DROP', 'ping -c 1 10.0.0.2', '# comment', ''),
      fc.string({ maxLength: 80, unit: 'grapheme' }),
    ),
    { maxLength: 40 },
  )
  .map((lines) => lines.join('\n'));

describe('share: scenarios in links', () => {
  test('round trip: any well-formed text (property)', async () => {
    await fc.assert(
      fc.asyncProperty(fc.oneof(fc.string({ maxLength: 400, unit: 'binary' }), fc.string({ maxLength: 400, unit: 'grapheme' }), scenarioLike), async (text) => {
        // 'binary' code points exclude lone surrogates, so every text here survives UTF-8.
        const value = await encodeScenario(text);
        assert.match(value, /^1\.[A-Za-z0-9_-]+$/);
        const d = await decodeScenario(value);
        assert.ok(d.ok, d.ok ? '' : d.error);
        assert.equal(d.text, text);
      }),
      { numRuns: 300 },
    );
  });

  test('round trip: every scenario of the course, and the href', async () => {
    const files = readdirSync(SCENARIOS).filter((f) => f.endsWith('.sh'));
    assert.ok(files.length > 10);
    for (const f of files) {
      const text = readFileSync(new URL(f, SCENARIOS), 'utf8');
      const href = await playgroundHref(text);
      assert.match(href, /^\/playground\/#s=1\.[A-Za-z0-9_-]+$/);
      const d = await decodeScenario(href.slice(href.indexOf('#')));
      assert.ok(d.ok, `${f}: ${d.ok ? '' : d.error}`);
      assert.equal(d.text, text, f);
    }
  });

  test('edge texts: empty, a leading byte order mark, CRLF, astral characters; lone surrogates become U+FFFD', async () => {
    for (const text of ['', '\uFEFFip netns add a', 'a\r\nb\r\n', '🐧 ping\u0000', ' \n\t ']) {
      const d = await decodeScenario(await encodeScenario(text));
      assert.deepEqual(d, { ok: true, text });
    }
    assert.deepEqual(await decodeScenario(await encodeScenario('a\uD800b')), { ok: true, text: 'a\uFFFDb' });
  });

  test('accepts the value alone, with its key, or as location.hash, with surrounding spaces', async () => {
    const value = await encodeScenario('ip netns add a');
    for (const form of [value, `s=${value}`, `#s=${value}`, `  ${value}\n`]) {
      assert.deepEqual(await decodeScenario(form), { ok: true, text: 'ip netns add a' }, form);
    }
  });

  test('empty links', async () => {
    for (const v of ['', '#s=', 's=', '   ', '1.', '#s=1.']) await assertError(v, /holds no scenario/);
  });

  test('unknown or missing version', async () => {
    const payload = (await encodeScenario('ip netns add a')).slice(2);
    await assertError(`2.${payload}`, /format 2, which this version of the playground cannot read \(it reads format 1\)/);
    await assertError(`0.${payload}`, /format 0/);
    await assertError(`12.${payload}`, /format 12/);
    await assertError(payload, /does not start with a format version/);
    await assertError(`v1.${payload}`, /does not start with a format version/);
  });

  test('corrupted base64: characters outside base64url, or an impossible length', async () => {
    const value = await encodeScenario('ip netns add a\nip netns add b\n');
    for (const bad of [`${value}=`, `${value.slice(0, 5)}+${value.slice(6)}`, `${value.slice(0, 5)}/${value.slice(6)}`, `${value} x`, `${value}%20`, `${value}é`]) {
      await assertError(bad, /characters that base64url does not use/);
    }
    // 4n+1 characters cannot be base64.
    const payload = value.slice(2);
    const cut = payload.slice(0, payload.length - ((payload.length - 1) % 4));
    assert.equal(cut.length % 4, 1);
    await assertError(`1.${cut}`, /not valid base64url/);
  });

  test('corrupted deflate data: cut short, trailing bytes, flipped bits, not deflate at all', async () => {
    const text = readFileSync(new URL('s4-two-bridges-brnf1.sh', SCENARIOS), 'utf8');
    const value = await encodeScenario(text);
    const bytes = fromBase64url(value.slice(2));
    const corrupt = /compressed data is corrupt or cut short/;
    await assertError(`1.${toBase64url(bytes.subarray(0, bytes.length - 4))}`, corrupt);
    await assertError(`1.${toBase64url(bytes.subarray(0, 3))}`, corrupt);
    await assertError(`1.${toBase64url(Uint8Array.from([...bytes, 1, 2, 3]))}`, corrupt);
    await assertError(`1.${toBase64url(Uint8Array.from([0xff, 0xff, 0xff, 0xff]))}`, corrupt); // block type 3 is reserved
    await assertError('1.SGVsbG8sIHdvcmxkIQ', corrupt); // "Hello, world!" uncompressed
  });

  test('damaged links (a byte flipped, or any junk) never make decodeScenario throw (property)', async () => {
    const value = await encodeScenario(readFileSync(new URL('s4-two-bridges-brnf1.sh', SCENARIOS), 'utf8'));
    const bytes = fromBase64url(value.slice(2));
    await fc.assert(
      fc.asyncProperty(fc.nat(bytes.length - 1), fc.integer({ min: 1, max: 255 }), async (at, xor) => {
        const mutated = Uint8Array.from(bytes);
        mutated[at]! ^= xor;
        const d = await decodeScenario(`1.${toBase64url(mutated)}`);
        // A flipped bit inside a stored literal can still inflate; whatever comes out, the result is well formed.
        if (d.ok) assert.equal(typeof d.text, 'string');
        else assert.match(d.error, /damaged|too long/);
      }),
      { numRuns: 200 },
    );
    await fc.assert(
      fc.asyncProperty(fc.string({ maxLength: 300 }), async (junk) => {
        const d = await decodeScenario(junk);
        if (!d.ok) assert.ok(d.error.length > 0);
      }),
      { numRuns: 300 },
    );
  });

  test('non-UTF-8 text', async () => {
    const notUtf8 = /not UTF-8 text/;
    await assertError(await valueOfBytes(Uint8Array.from([0x69, 0x70, 0xff, 0x0a])), notUtf8);
    await assertError(await valueOfBytes(Uint8Array.from([0xc3])), notUtf8); // cut in the middle of "é"
    await assertError(await valueOfBytes(Uint8Array.from([0xed, 0xa0, 0x80])), notUtf8); // an encoded surrogate
    await assertError(await valueOfBytes(Uint8Array.from([0xc0, 0xaf])), notUtf8); // overlong "/"
  });

  test('oversized: a link over 64 KiB is refused before it is decoded', async () => {
    await assertError(`1.${'A'.repeat(MAX_SHARED_VALUE)}`, /link is too long \(64 KiB; a playground link holds at most 64 KiB\)/);
    await assertError(`#s=2.${'!'.repeat(MAX_SHARED_VALUE + 10)}`, /link is too long/);
  });

  test('oversized: text over 200 KB, at the cap and just past it', async () => {
    const atCap = 'a'.repeat(MAX_SHARED_TEXT_BYTES);
    assert.deepEqual(await decodeScenario(await encodeScenario(atCap)), { ok: true, text: atCap });
    await assert.rejects(encodeScenario(`${atCap}b`), { name: 'RangeError', message: /too long to share in a link \(200001 bytes, at most 200000\)/ });
    await assertError(await valueOfBytes(new TextEncoder().encode(`${atCap}b`)), /scenario in the link is too long \(more than 200000 bytes\)/);
  });

  test('oversized: a text within 200 KB that does not compress below 64 KiB cannot be encoded', async () => {
    const text = noise(60_000); // 120 KB of UTF-8 that deflate cannot shrink much
    await assert.rejects(encodeScenario(text), { name: 'RangeError', message: /too long to share in a link \(it compresses to \d+ KiB, at most 64 KiB\)/ });
  });

  test('a zip bomb (under 64 KiB, 50 MB inflated) is stopped early, not inflated in full', async () => {
    const bomb = await valueOfBytes(new Uint8Array(50_000_000).fill(0x61));
    assert.ok(bomb.length <= MAX_SHARED_VALUE, `the bomb is ${bomb.length} characters`);
    const started = performance.now();
    await assertError(bomb, /scenario in the link is too long/);
    // Inflating 50 MB and holding it takes far longer; stopping at the cap takes milliseconds.
    assert.ok(performance.now() - started < 2000);
  });

  test('decodeScenario never rejects, even for very many concurrent damaged links', async () => {
    const results = await Promise.all(Array.from({ length: 50 }, (_, i) => decodeScenario(`1.${toBase64url(Uint8Array.from([i, 255 - i, i * 3]))}`)));
    for (const d of results) assert.equal(typeof d.ok, 'boolean');
  });
});
