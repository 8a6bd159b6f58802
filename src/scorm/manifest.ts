// imsmanifest.xml for a package holding one SCO: SCORM 1.2 (IMS CP 1.1.2 + ADL CP, "ADL SCORM"
// 1.2) or SCORM 2004 4th Edition (IMS CP 1.1.4 + ADL CP 1.3 + IMS SS). Pure: the build passes
// the files it wrote; the manifest lists every one of them.

import type { ScormVersion } from './lms.ts';

interface ManifestInput {
  readonly version: ScormVersion;
  /** The manifest's identifier (made an XML NCName here): stable for one set of quizzes. */
  readonly identifier: string;
  /** Written in the manifest's `version` attribute (the course version), cut to 20 characters. */
  readonly packageVersion: string;
  readonly title: string;
  /** The SCO's launch page, relative to the package root. */
  readonly launch: string;
  /** Every file of the package but imsmanifest.xml, relative paths with `/`. */
  readonly files: readonly string[];
  /**
   * The pass mark as a fraction (0..1) when one applies to the whole package: written as
   * adlcp:masteryscore (1.2, a percent) or the primary objective's minNormalizedMeasure (2004).
   */
  readonly passScore?: number;
  /**
   * Written as adlcp:maxtimeallowed in 1.2, for the LMS's information (the quiz enforces its own
   * limit); not written in 2004, whose duration limits are sequencing rules LMSs apply unevenly.
   */
  readonly timeLimitMinutes?: number;
}

export function escapeXml(text: string): string {
  return text.replace(/[<>&"']/g, (ch) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', '"': '&quot;', "'": '&apos;' })[ch] ?? ch);
}

/** An XML NCName (xsd:ID) from any text: letters, digits, `-`, `_`, `.`, not starting with a digit. */
export function ncName(text: string): string {
  const cleaned = text.replace(/[^A-Za-z0-9._-]+/g, '_');
  return /^[A-Za-z_]/.test(cleaned) ? cleaned : `_${cleaned}`;
}

/** SCORM 1.2 / IMS CP titles are at most 200 characters. */
function title(text: string): string {
  const trimmed = text.trim();
  return escapeXml(trimmed.length > 200 ? `${trimmed.slice(0, 199)}…` : trimmed);
}

/** SCORM 1.2 CMITimespan for adlcp:maxtimeallowed. */
function maxTime(minutes: number): string {
  const h = Math.floor(minutes / 60);
  const m = Math.floor(minutes % 60);
  return `${String(h).padStart(2, '0')}:${String(m).padStart(2, '0')}:00`;
}

function fileList(files: readonly string[], indent: string): string {
  return [...files]
    .sort()
    .map((file) => `${indent}<file href="${escapeXml(file)}"/>`)
    .join('\n');
}

export function buildManifest(input: ManifestInput): string {
  return input.version === '1.2' ? manifest12(input) : manifest2004(input);
}

function manifest12(input: ManifestInput): string {
  const id = ncName(input.identifier);
  const extras: string[] = [];
  if (input.timeLimitMinutes) {
    extras.push(`        <adlcp:maxtimeallowed>${maxTime(input.timeLimitMinutes)}</adlcp:maxtimeallowed>`);
  }
  if (input.passScore !== undefined) extras.push(`        <adlcp:masteryscore>${Math.round(input.passScore * 100)}</adlcp:masteryscore>`);
  return `<?xml version="1.0" encoding="UTF-8"?>
<manifest identifier="${id}" version="${escapeXml(input.packageVersion.slice(0, 20))}"
  xmlns="http://www.imsproject.org/xsd/imscp_rootv1p1p2"
  xmlns:adlcp="http://www.adlnet.org/xsd/adlcp_rootv1p2"
  xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"
  xsi:schemaLocation="http://www.imsproject.org/xsd/imscp_rootv1p1p2 imscp_rootv1p1p2.xsd http://www.imsglobal.org/xsd/imsmd_rootv1p2p1 imsmd_rootv1p2p1.xsd http://www.adlnet.org/xsd/adlcp_rootv1p2 adlcp_rootv1p2.xsd">
  <metadata>
    <schema>ADL SCORM</schema>
    <schemaversion>1.2</schemaversion>
  </metadata>
  <organizations default="${id}-org">
    <organization identifier="${id}-org">
      <title>${title(input.title)}</title>
      <item identifier="${id}-item" identifierref="${id}-sco" isvisible="true">
        <title>${title(input.title)}</title>
${extras.length ? `${extras.join('\n')}\n` : ''}      </item>
    </organization>
  </organizations>
  <resources>
    <resource identifier="${id}-sco" type="webcontent" adlcp:scormtype="sco" href="${escapeXml(input.launch)}">
${fileList(input.files, '      ')}
    </resource>
  </resources>
</manifest>
`;
}

function manifest2004(input: ManifestInput): string {
  const id = ncName(input.identifier);
  const sequencing =
    input.passScore !== undefined
      ? `        <imsss:sequencing>
          <imsss:objectives>
            <imsss:primaryObjective objectiveID="${id}-passed" satisfiedByMeasure="true">
              <imsss:minNormalizedMeasure>${input.passScore}</imsss:minNormalizedMeasure>
            </imsss:primaryObjective>
          </imsss:objectives>
        </imsss:sequencing>
`
      : '';
  return `<?xml version="1.0" encoding="UTF-8"?>
<manifest identifier="${id}" version="${escapeXml(input.packageVersion.slice(0, 20))}"
  xmlns="http://www.imsglobal.org/xsd/imscp_v1p1"
  xmlns:adlcp="http://www.adlnet.org/xsd/adlcp_v1p3"
  xmlns:adlseq="http://www.adlnet.org/xsd/adlseq_v1p3"
  xmlns:adlnav="http://www.adlnet.org/xsd/adlnav_v1p3"
  xmlns:imsss="http://www.imsglobal.org/xsd/imsss"
  xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"
  xsi:schemaLocation="http://www.imsglobal.org/xsd/imscp_v1p1 imscp_v1p1.xsd http://www.adlnet.org/xsd/adlcp_v1p3 adlcp_v1p3.xsd http://www.adlnet.org/xsd/adlseq_v1p3 adlseq_v1p3.xsd http://www.adlnet.org/xsd/adlnav_v1p3 adlnav_v1p3.xsd http://www.imsglobal.org/xsd/imsss imsss_v1p0.xsd">
  <metadata>
    <schema>ADL SCORM</schema>
    <schemaversion>2004 4th Edition</schemaversion>
  </metadata>
  <organizations default="${id}-org">
    <organization identifier="${id}-org">
      <title>${title(input.title)}</title>
      <item identifier="${id}-item" identifierref="${id}-sco" isvisible="true">
        <title>${title(input.title)}</title>
${sequencing}      </item>
    </organization>
  </organizations>
  <resources>
    <resource identifier="${id}-sco" type="webcontent" adlcp:scormType="sco" href="${escapeXml(input.launch)}">
${fileList(input.files, '      ')}
    </resource>
  </resources>
</manifest>
`;
}
