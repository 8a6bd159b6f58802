import assert from 'node:assert/strict';
import { test } from 'node:test';
import { frameLength } from './packet.ts';
import { encodeFrame, encodeTcpOptions, internetChecksum, pcapFile } from './pcap.ts';
import { FrameRandom } from './testdata/random-frames.ts';

test('encoded frames have the lengths packet.ts computes, and valid IP and ICMP checksums', () => {
  const r = new FrameRandom(5);
  for (let i = 0; i < 500; i++) {
    const f = r.frame();
    const bytes = Array.from(encodeFrame(f));
    if (f.payload.kind === 'ipv4' && (f.payload.payload as { kind: string }).kind !== 'other') {
      assert.equal(bytes.length, frameLength(f));
      assert.equal(internetChecksum(bytes, 14, 34), 0, 'IPv4 header checksum');
      if (f.payload.payload.kind === 'icmp') assert.equal(internetChecksum(bytes, 34), 0, 'ICMP checksum');
    }
    if (f.payload.kind === 'arp') assert.equal(bytes.length, 42);
  }
});

test('TCP options text round-trips to bytes', () => {
  assert.deepEqual(encodeTcpOptions('mss 1460,sackOK,TS val 1 ecr 0,nop,wscale 7'), [2, 4, 5, 180, 4, 2, 8, 10, 0, 0, 0, 1, 0, 0, 0, 0, 1, 3, 3, 7]);
  assert.throws(() => encodeTcpOptions('sack 1 {1:2}'));
});

test('pcap file header and records', () => {
  const file = pcapFile([{ frame: new FrameRandom(1).frame(), timeMs: 1500 }]);
  assert.deepEqual(Array.from(file.subarray(0, 4)), [0xd4, 0xc3, 0xb2, 0xa1]);
  assert.equal(file[24], 1); // seconds
  assert.equal(new DataView(file.buffer).getUint32(28, true), 500000); // microseconds
});
