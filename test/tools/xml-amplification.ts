// Hostile archive replies for the XML parser (issue 16 item 2): many namespace declarations on
// the root, then a flood of tiny elements, as the audit's 0.5 MB as@lae reply that froze the
// app at every poll. Shared by the unit test and the benchmark.
export const SEDA_NS = 'fr:gouv:culture:archivesdefrance:seda:v2.1';

/** `<ArchiveTransferReply xmlns:n0=… ×declarations>` + `<nK:a/>` × elements. */
export function namespaceFlood(declarations: number, elements: number): string {
  const decls: string[] = [];
  for (let k = 0; k < declarations; k++) decls.push(` xmlns:n${k}="urn:n${k}"`);
  const parts: string[] = [`<?xml version="1.0"?><ArchiveTransferReply xmlns="${SEDA_NS}"${decls.join('')}>`];
  for (let e = 0; e < elements; e++) parts.push(declarations > 0 ? `<n${e % declarations}:a/>` : '<a/>');
  parts.push('</ArchiveTransferReply>');
  return parts.join('');
}
