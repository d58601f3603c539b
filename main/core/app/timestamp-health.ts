// The dashboard's view of time-stamping: off, failing (requests wait on a TSA that does not
// answer or refuses), demo, or fine — with the number of documents not yet covered.
import type { TimestampStatusView } from '../../contract/api';
import type { EngineParts } from '../parts';
import { documentsChangedAfter, failingStampsSince } from '../store/timestamp-health';

export function timestampStatusView(p: Pick<EngineParts, 'db' | 'timestamps'>): TimestampStatusView {
  const st = p.timestamps?.status() ?? null;
  const unstamped = documentsChangedAfter(p.db, st?.coveredSeq ?? null);
  const lastGrantedAt = st?.lastGrantedAt ?? null;
  if (!st?.configured)
    return {
      state: 'off',
      unstamped,
      failingSince: null,
      lastGrantedAt,
      message:
        unstamped > 0
          ? `Horodatage désactivé : ${unstamped === 1 ? '1 document n’est pas horodaté' : `${unstamped} documents ne sont pas horodatés`} (« non horodaté »), leur date de capture n’a pas de valeur probante. Configurez une autorité d’horodatage dans Paramètres.`
          : 'Horodatage désactivé : les prochains documents ne seront pas horodatés. Configurez une autorité d’horodatage dans Paramètres.',
    };
  const failing = failingStampsSince(p.db);
  if (failing && unstamped > 0)
    return {
      state: 'failing',
      unstamped,
      failingSince: failing.since,
      lastGrantedAt,
      message: `L’autorité d’horodatage ne répond pas : ${unstamped === 1 ? '1 document attend' : `${unstamped} documents attendent`} son horodatage (« non horodaté » pour l’instant). Sceau réessaie de lui-même ; vérifiez l’adresse de l’autorité dans Paramètres si cela dure.`,
    };
  return { state: st.demo ? 'demo' : 'ok', unstamped, failingSince: null, lastGrantedAt, message: st.message };
}
