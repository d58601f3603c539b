// Access rule of an act (PROTOCOLS.md §3, Pastell's ACTES profile): personnel files are
// closed for 50 years (AR048), everything else is communicable after the usual 25 (AR038).
import type { ActMetadata } from '../../contract/types';

export type AccessRuleCode = 'AR038' | 'AR048';

export function accessRuleFor(m: ActMetadata): AccessRuleCode {
  const c = m.classification ?? '';
  if (c.startsWith('4.') && (m.nature === 'AI' || m.nature === 'CC')) return 'AR048';
  if ((c === '8.2' || c.startsWith('8.2.')) && m.nature === 'AI') return 'AR048';
  return 'AR038';
}
