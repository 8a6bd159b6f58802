// Scenarios in links: `/playground/#s=<value>`, where <value> is "1." followed by the base64url
// (no padding) of the scenario text's UTF-8 bytes compressed with raw DEFLATE (RFC 1951).
// The "1." is the format version: a later format takes another number, and this code says so
// instead of misreading it.
//
// Pure and portable: CompressionStream / DecompressionStream, TextEncoder / TextDecoder and
// btoa / atob, which the browser and Node 24 both have (no Buffer, no DOM). A link is untrusted
// text, so decoding is strict and bounded: the value is capped (MAX_SHARED_VALUE characters)
// before anything is decoded, and decompression is fed in small pieces and stopped as soon as
// the text passes MAX_SHARED_TEXT_BYTES, so a zip bomb is never inflated in full.
//
// Compressed bytes may differ between zlib builds (Node at build time, a browser when the
// playground makes a link), but every one of them decodes to the same text.

/** The format version this code writes and reads: the value's "1." prefix. */
const SHARE_FORMAT_VERSION = 1;

/** Longest value accepted in a link (characters after "#s=", prefix included): 64 KiB. */
export const MAX_SHARED_VALUE = 64 * 1024;

/** Largest scenario a link may carry (bytes of UTF-8 text): 200 KB. */
export const MAX_SHARED_TEXT_BYTES = 200_000;

/** The playground page's path. */
export const PLAYGROUND_PATH = '/playground/';
/** Where the course scenarios are served as text for the playground's examples (src/pages/playground/examples/). */
export const EXAMPLES_PATH = `${PLAYGROUND_PATH}examples/`;

type DecodedScenario = { readonly ok: true; readonly text: string } | { readonly ok: false; readonly error: string };

const PREFIX = `${SHARE_FORMAT_VERSION}.`;
/** Compressed bytes handed to the decompressor at a time: at most about 1 MB of output each (DEFLATE's ratio is at most ~1032:1). */
const FEED = 1024;

function bytesToBase64url(bytes: Uint8Array): string {
  let binary = '';
  for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

/** Throws on a length that base64 cannot have (4n+1); the caller has checked the alphabet. */
function base64urlToBytes(s: string): Uint8Array<ArrayBuffer> {
  const b64 = s.replace(/-/g, '+').replace(/_/g, '/');
  const binary = atob(b64 + '='.repeat((4 - (b64.length % 4)) % 4));
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes;
}

function concat(chunks: readonly Uint8Array[], total: number): Uint8Array<ArrayBuffer> {
  const out = new Uint8Array(total);
  let at = 0;
  for (const c of chunks) {
    out.set(c, at);
    at += c.length;
  }
  return out;
}

async function deflateRaw(bytes: Uint8Array<ArrayBuffer>): Promise<Uint8Array<ArrayBuffer>> {
  const cs = new CompressionStream('deflate-raw');
  const writer = cs.writable.getWriter();
  const writing = writer.write(bytes).then(() => writer.close());
  writing.catch(() => {}); // awaited below; a failure surfaces from the read side first
  const reader = cs.readable.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    chunks.push(value);
    total += value.length;
  }
  await writing;
  return concat(chunks, total);
}

type Inflated = { readonly ok: true; readonly bytes: Uint8Array<ArrayBuffer> } | { readonly ok: false; readonly reason: 'too-big' | 'corrupt' };

/**
 * Inflates raw DEFLATE data, giving up as soon as the output passes `cap` bytes. Input goes in
 * FEED-byte pieces while the output is read concurrently, so the work done is bounded by the cap
 * (plus one piece's worth), not by what the data would inflate to.
 */
async function inflateRawCapped(bytes: Uint8Array<ArrayBuffer>, cap: number): Promise<Inflated> {
  const ds = new DecompressionStream('deflate-raw');
  const writer = ds.writable.getWriter();
  const reader = ds.readable.getReader();
  let stopped = false;
  const feeding = (async () => {
    for (let i = 0; i < bytes.length && !stopped; i += FEED) {
      await writer.ready;
      if (stopped) return;
      await writer.write(bytes.subarray(i, i + FEED));
    }
    if (!stopped) await writer.close();
  })().catch(() => {
    // The read side reports the error (corrupt data) or has stopped on purpose (too big).
  });
  const chunks: Uint8Array[] = [];
  let total = 0;
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      total += value.length;
      if (total > cap) {
        stopped = true;
        await reader.cancel().catch(() => {});
        await writer.abort().catch(() => {});
        await feeding;
        return { ok: false, reason: 'too-big' };
      }
      chunks.push(value);
    }
  } catch {
    stopped = true;
    await writer.abort().catch(() => {});
    await feeding;
    return { ok: false, reason: 'corrupt' };
  }
  await feeding;
  return { ok: true, bytes: concat(chunks, total) };
}

function kib(n: number): string {
  return `${Math.round(n / 1024)} KiB`;
}

/**
 * The fragment value for a scenario: "1." + base64url(deflate-raw(UTF-8 text)). Lone UTF-16
 * surrogates, which UTF-8 cannot hold, become U+FFFD. Throws a RangeError, with a message fit to
 * show, when the text is over MAX_SHARED_TEXT_BYTES or the value would be over MAX_SHARED_VALUE.
 */
export async function encodeScenario(text: string): Promise<string> {
  const bytes = new TextEncoder().encode(text);
  if (bytes.length > MAX_SHARED_TEXT_BYTES) {
    throw new RangeError(`the scenario is too long to share in a link (${bytes.length} bytes, at most ${MAX_SHARED_TEXT_BYTES})`);
  }
  const value = PREFIX + bytesToBase64url(await deflateRaw(bytes));
  if (value.length > MAX_SHARED_VALUE) {
    throw new RangeError(`the scenario is too long to share in a link (it compresses to ${kib(value.length)}, at most ${kib(MAX_SHARED_VALUE)})`);
  }
  return value;
}

/**
 * Reads a scenario from a link: the value alone, or with its key ("s=..." or "#s=...", as in
 * location.hash). Never throws; every failure is an { ok: false } with a sentence fit to show
 * after "This link cannot be opened: ".
 */
export async function decodeScenario(value: string): Promise<DecodedScenario> {
  const bad = (error: string): DecodedScenario => ({ ok: false, error });
  const raw = value.trim().replace(/^#?s=/, '');
  if (raw === '') return bad('the link holds no scenario');
  if (raw.length > MAX_SHARED_VALUE) {
    return bad(`the link is too long (${kib(raw.length)}; a playground link holds at most ${kib(MAX_SHARED_VALUE)})`);
  }
  const version = /^([0-9]{1,9})\./.exec(raw);
  if (!version) return bad('the link is damaged: it does not start with a format version such as "1."');
  if (version[1] !== String(SHARE_FORMAT_VERSION)) {
    return bad(`the link uses format ${version[1]}, which this version of the playground cannot read (it reads format ${SHARE_FORMAT_VERSION})`);
  }
  const payload = raw.slice(version[0].length);
  if (payload === '') return bad('the link holds no scenario');
  if (!/^[A-Za-z0-9_-]+$/.test(payload)) {
    return bad('the link is damaged: it contains characters that base64url does not use (was it cut or changed when copied?)');
  }
  let compressed: Uint8Array<ArrayBuffer>;
  try {
    compressed = base64urlToBytes(payload);
  } catch {
    return bad('the link is damaged: it is not valid base64url (was it cut when copied?)');
  }
  const inflated = await inflateRawCapped(compressed, MAX_SHARED_TEXT_BYTES);
  if (!inflated.ok) {
    return inflated.reason === 'too-big'
      ? bad(`the scenario in the link is too long (more than ${MAX_SHARED_TEXT_BYTES} bytes)`)
      : bad('the link is damaged: its compressed data is corrupt or cut short (was it cut or changed when copied?)');
  }
  try {
    return { ok: true, text: new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(inflated.bytes) };
  } catch {
    return bad('the link is damaged: the scenario in it is not UTF-8 text');
  }
}

/** The playground URL (site-relative) that opens with `text` in the editor: `/playground/#s=<value>`. */
export async function playgroundHref(text: string): Promise<string> {
  return `${PLAYGROUND_PATH}#s=${await encodeScenario(text)}`;
}
