// Role of a file inside an act (act, annex, detached signature) and the markers that
// reveal it in names; also the file-name stems used to tie files of one act together.
// In the contract: the engine reads names with it, and the drop dialog guesses with it.
import type { FileRole } from '../types';

/** Lowercase without accents (the same as core/acts/text fold). */
function fold(s: string): string {
  return s.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase();
}

const DOC_EXT =
  /\.(pdf|xml|odt|ods|odp|doc|docx|xls|xlsx|ppt|pptx|jpe?g|png|tiff?|txt|rtf|zip|csv|html?|eml|msg|p7s|p7m|p7c|sig|xades|cades|asc|tsr|tsd)$/i;
const SIGNATURE_EXT = /\.(p7s|p7m|sig|xades|cades|asc)$/i;
const SIGNATURE_XML_STEM = /(?:^|[\s_.-])(sig|signature|signatures|xades|cades|signe)$/i;
const ANNEX_MARKER =
  /(?:^|[\s_.\-(])(annexes?|ann|pj|pieces? jointes?)(?:[\s_.-]*(?:n[°o]\s*)?(?:\d{1,3}|[ivx]{1,4}|[a-z]))?(?=$|[\s_.\-)])/i;

/** Strips up to two document extensions: `acte.pdf.p7s` → `acte`. */
export function stripExtensions(fileName: string): string {
  let s = fileName;
  for (let i = 0; i < 2 && DOC_EXT.test(s); i++) s = s.replace(DOC_EXT, '');
  if (s === fileName) {
    // Unknown extension: strip it when it looks like one (has a letter, ≤ 5 chars).
    const m = /\.([A-Za-z0-9]{1,5})$/.exec(s);
    if (m && /[A-Za-z]/.test(m[1] ?? '') && m.index > 0) s = s.slice(0, m.index);
  }
  return s;
}

export function fileRole(fileName: string): FileRole {
  if (SIGNATURE_EXT.test(fileName)) return 'signature';
  if (/\.xml$/i.test(fileName) && SIGNATURE_XML_STEM.test(fileName.replace(/\.xml$/i, ''))) return 'signature';
  if (ANNEX_MARKER.test(fold(stripExtensions(fileName)))) return 'annex';
  return 'act';
}

/** The stem without signature or annex markers: what an act and its companions share. */
export function companionStem(fileName: string): string {
  let s = stripExtensions(fileName);
  s = s.replace(SIGNATURE_XML_STEM, '');
  const f = fold(s);
  const m = ANNEX_MARKER.exec(f);
  if (m) s = s.slice(0, m.index);
  return fold(s)
    .replace(/[^a-z0-9]+/g, ' ')
    .trim();
}

/** Signature/annex marker removed from the stem, for metadata reading. */
export function stripSignatureMarker(stem: string): string {
  return stem.replace(SIGNATURE_XML_STEM, '');
}
