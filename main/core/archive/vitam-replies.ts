// What Vitam's answers mean for the user: why an ingest was refused (from Operation/Event,
// never the Comment), which unit is ours, and the French texts for logbook-access refusals.
import type { ArchiveTransferReply } from '../seda/replies';
import { ROOT_UNIT_ID } from '../seda/builder';
import { boundedReasons } from './answers';

export const NO_CONTRACT =
  'Pour vérifier qu’un envoi interrompu est bien arrivé, Sceau consulte le journal des opérations Vitam, ce qui demande un contrat d’accès. Renseignez le contrat d’accès (X-Access-Contract-Id) fourni par le service d’archives dans les réglages de la commune : rien ne sera renvoyé d’ici là, pour ne pas archiver l’acte deux fois.';

export const contractRefused = (contract: string) =>
  `La plateforme Vitam refuse le contrat d’accès « ${contract} » pour consulter le journal des opérations (HTTP 401). Le certificat a bien été accepté : vérifiez le contrat d’accès indiqué dans les réglages de la commune. Rien ne sera renvoyé d’ici là, pour ne pas archiver l’acte deux fois.`;

export const NO_LOGBOOK_PERMISSION =
  'Le contexte de sécurité de ce certificat n’a pas la permission « logbookoperations:read » (consultation du journal des opérations). Le certificat a bien été accepté, mais sans cette permission Sceau ne peut pas vérifier qu’un envoi interrompu est arrivé : demandez-la au service d’archives. Rien ne sera renvoyé d’ici là.';

const STEP_EVENTS = /^(STP_|PROCESS_SIP_UNITARY$|PROCESS_SIP_)/;

/**
 * Why Vitam refused, from Operation/Event: the detailed events (not the workflow steps that
 * only say « Échec du processus »), each with its technical detail. The Comment is never
 * used: it is not where Vitam writes reasons.
 */
export function vitamReasons(atr: ArchiveTransferReply): string[] {
  const bad = (atr.events ?? []).filter((e) => /^(KO|FATAL|WARNING)$/i.test(e.outcome ?? ''));
  const specific = bad.filter((e) => !STEP_EVENTS.test(e.typeCode ?? ''));
  const chosen = specific.length ? specific : bad;
  return boundedReasons(
    (function* () {
      for (const e of chosen) {
        const msg = e.outcomeDetailMessage?.replace(/\s*Detail=\s*.*$/s, '').trim();
        const tech = technicalDetail(e.eventDetailData);
        yield [msg, tech ? `(détail : ${tech})` : undefined].filter(Boolean).join(' ');
      }
    })(),
  );
}

function technicalDetail(data: string | undefined): string | undefined {
  if (!data) return undefined;
  try {
    const j = JSON.parse(data) as Record<string, unknown>;
    const v = j.evDetTechData ?? j.Detail;
    return typeof v === 'string' && v.trim() ? v.trim().slice(0, 500) : undefined;
  } catch {
    return data.trim().slice(0, 500) || undefined;
  }
}

/** The archive's reference: the SystemId of OUR root unit (units come back in any order). */
export function rootSystemId(atr: ArchiveTransferReply): string | undefined {
  const units = atr.units ?? [];
  return units.find((u) => u.id === ROOT_UNIT_ID)?.systemId ?? (units.length === 1 ? units[0]?.systemId : undefined);
}
