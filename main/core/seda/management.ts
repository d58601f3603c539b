// A profile's management metadata applied to a transfer: appraisal (DUA) rule, access rule,
// ServiceLevel, agency names, where rules go, the title convention and the producer of acts
// holding personal data. Absent settings leave the transfer as it was.
import type { ManagementSettings } from '../../contract/types';
import { natureInfo } from '../acts/natures';
import type { TransferInput } from './types';

/** « Actes soumis au contrôle de légalité : {objet} » → the act's own values. */
export function renderTitle(template: string, input: TransferInput): string {
  const m = input.root.metadata ?? {};
  const values: Record<string, string> = {
    objet: m.objet ?? input.root.title,
    numero: m.number ?? '',
    nature: m.nature ? natureInfo(m.nature).label : '',
    date: m.date ?? '',
  };
  return template.replace(/\{(objet|numero|nature|date)\}/g, (_, k: string) => values[k] ?? '').trim();
}

export function applyManagement(
  input: TransferInput,
  m: ManagementSettings | undefined,
  now: Date = new Date(),
): TransferInput {
  if (!m) return input;
  // Rules given for this nature of act win over the profile's.
  const nature = input.root.metadata?.nature;
  const own = nature ? m.byNature?.[nature] : undefined;
  if (own)
    m = {
      ...m,
      ...(own.appraisal ? { appraisal: own.appraisal } : {}),
      ...(own.accessRule ? { accessRule: own.accessRule } : {}),
    };
  const out: TransferInput = { ...input, root: { ...input.root } };
  if (m.appraisal && (m.appraisal.rule || m.appraisal.finalAction)) {
    out.appraisal = {
      ...(m.appraisal.rule ? { rule: m.appraisal.rule } : {}),
      ...(m.appraisal.finalAction ? { finalAction: m.appraisal.finalAction } : {}),
      // 'act' (default): the act's date, as the builder does; 'transfer': today.
      ...(m.appraisal.startDate === 'transfer' ? { startDate: now.toISOString().slice(0, 10) } : {}),
    };
  }
  if (m.accessRule) out.root.accessRule = m.accessRule;
  if (m.serviceLevel) out.serviceLevel = m.serviceLevel;
  if (m.agencyNames) out.agencyNames = { ...m.agencyNames };
  if (m.rulesPlacement) out.rulesPlacement = m.rulesPlacement;
  // Only acts have an objet to put in a title: folder transfers keep their folder's name.
  if (m.titleTemplate && input.root.metadata) out.root.title = renderTitle(m.titleTemplate, input) || input.root.title;
  if (m.personalDataOriginatingAgencyId && input.root.metadata?.nature === 'AI')
    out.originatingAgencyId = m.personalDataOriginatingAgencyId;
  return out;
}
