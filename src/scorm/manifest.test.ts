import { test } from 'node:test';
import assert from 'node:assert/strict';
import { buildManifest, escapeXml, ncName } from './manifest.ts';

const files = ['sco.js', 'index.html', 'sco.css'];

test('SCORM 1.2 manifest: ADL SCORM 1.2, one item, one sco resource listing every file', () => {
  const xml = buildManifest({
    version: '1.2',
    identifier: 'packet-path-part-5',
    packageVersion: '0.1.0+3f9a1c2e',
    title: 'Part 5 quiz: NAT & conntrack',
    launch: 'index.html',
    files,
    passScore: 0.7,
  });
  assert.match(xml, /^<\?xml version="1.0" encoding="UTF-8"\?>\n<manifest identifier="packet-path-part-5" version="0.1.0\+3f9a1c2e"/);
  assert.match(xml, /xmlns="http:\/\/www\.imsproject\.org\/xsd\/imscp_rootv1p1p2"/);
  assert.match(xml, /<schema>ADL SCORM<\/schema>\s*<schemaversion>1\.2<\/schemaversion>/);
  assert.match(xml, /<organizations default="packet-path-part-5-org">/);
  assert.match(xml, /<item identifier="packet-path-part-5-item" identifierref="packet-path-part-5-sco" isvisible="true">/);
  assert.match(xml, /<title>Part 5 quiz: NAT &amp; conntrack<\/title>/);
  assert.match(xml, /<adlcp:masteryscore>70<\/adlcp:masteryscore>/);
  assert.match(xml, /<resource identifier="packet-path-part-5-sco" type="webcontent" adlcp:scormtype="sco" href="index.html">/);
  const listed = [...xml.matchAll(/<file href="([^"]+)"\/>/g)].map((m) => m[1]);
  assert.deepEqual(listed, ['index.html', 'sco.css', 'sco.js']);
  assert.doesNotMatch(xml, /maxtimeallowed/);
});

test('SCORM 1.2 manifest: a time limit, no mastery score when none applies', () => {
  const xml = buildManifest({ version: '1.2', identifier: 'x', packageVersion: 'v', title: 't', launch: 'index.html', files, timeLimitMinutes: 75 });
  assert.match(xml, /<adlcp:maxtimeallowed>01:15:00<\/adlcp:maxtimeallowed>/);
  assert.doesNotMatch(xml, /masteryscore/);
});

test('SCORM 2004 manifest: 4th Edition, scormType, pass mark as the primary objective', () => {
  const xml = buildManifest({ version: '2004', identifier: 'packet-path-all', packageVersion: '0.1.0+3f9a1c2e', title: 'Packet Path quizzes', launch: 'index.html', files, passScore: 0.75 });
  assert.match(xml, /xmlns="http:\/\/www\.imsglobal\.org\/xsd\/imscp_v1p1"/);
  assert.match(xml, /<schemaversion>2004 4th Edition<\/schemaversion>/);
  assert.match(xml, /adlcp:scormType="sco"/);
  assert.match(xml, /<imsss:primaryObjective objectiveID="packet-path-all-passed" satisfiedByMeasure="true">\s*<imsss:minNormalizedMeasure>0\.75<\/imsss:minNormalizedMeasure>/);
  assert.equal([...xml.matchAll(/<file href=/g)].length, 3);
});

test('identifiers are NCNames; text is escaped; long titles are cut to 200 characters', () => {
  assert.equal(ncName('packet-path-part-1_part-5'), 'packet-path-part-1_part-5');
  assert.equal(ncName('1 two+three'), '_1_two_three');
  assert.equal(escapeXml(`<a href="x">&'`), '&lt;a href=&quot;x&quot;&gt;&amp;&apos;');
  const xml = buildManifest({ version: '1.2', identifier: 'x', packageVersion: 'v', title: 'q'.repeat(300), launch: 'index.html', files });
  const title = /<title>(q+…)<\/title>/.exec(xml)?.[1] ?? '';
  assert.equal(title.length, 200);
});
