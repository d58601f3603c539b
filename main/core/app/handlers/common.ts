// What every handler group shares: the per-domain handler type, « introuvable » errors,
// and the look-ups by id that raise them.
import type { Channel, ChannelGroup, ChannelOf, ParsedRequestOf, ResponseOf } from '../../../contract/api';
import { UserError } from '../../api/dispatch';
import type { DocumentRecord } from '../../store/documents';
import type { Profile } from '../../store/profiles';
import type { EngineParts } from '../../parts';

/** The handlers of one channel group of the contract (main/contract/channels/<group>.ts). */
export type GroupHandlers<G extends ChannelGroup> = {
  [C in ChannelOf<G> & Channel]: (request: ParsedRequestOf<C>) => Promise<ResponseOf<C>>;
};

export function notFound(what: string): never {
  throw new UserError(`${what} introuvable : il a peut-être été supprimé.`, 'not-found');
}

export function profileOf(p: Pick<EngineParts, 'profiles'>, id: string): Profile {
  return p.profiles.get(id) ?? notFound('Profil');
}

export function documentOf(p: Pick<EngineParts, 'documents'>, id: string): DocumentRecord {
  return p.documents.get(id) ?? notFound('Document');
}
