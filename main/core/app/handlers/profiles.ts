// Communes (profiles): create, change, remove, and test the connection to their archive.
import type { ParsedRequestOf } from '../../../contract/api';
import { UserError } from '../../api/dispatch';
import { profileFromInput, type Profile, type ProfileInput } from '../../store/profiles';
import type { EngineParts } from '../../parts';
import { buildConnector } from '../connectors';
import { profileView } from '../views';
import { countsByProfile } from '../../store/document-counts';
import { profileOf, type GroupHandlers } from './common';
import {
  checkPasswordCanBeKept,
  checkProfileComplete,
  carryPasswords,
  forgetPasswords,
  forgetUnusedPasswords,
  hasPassword,
  storePassword,
} from './credential-rules';
import { withDemoDefaults } from './demo-defaults';
import { foldArchiveOptions } from '../profile-options';
import { checkRngProfile, RngProfileError } from '../../seda/rng';

/** A SEDA profile is checked once, when it is given: a broken one is refused in French. */
async function checkSedaProfile(rng: string | undefined): Promise<void> {
  if (!rng) return;
  try {
    await checkRngProfile(rng);
  } catch (e) {
    if (e instanceof RngProfileError) throw new UserError(e.message);
    throw e;
  }
}

export type ProfileParts = Pick<
  EngineParts,
  | 'db'
  | 'profiles'
  | 'folders'
  | 'documents'
  | 'capture'
  | 'credentials'
  | 'keychain'
  | 'policy'
  | 'settings'
  | 'connectors'
  | 'demoAccount'
  | 'ensureDemoArchive'
>;

export function profileHandlers(p: ProfileParts): GroupHandlers<'profiles'> {
  const viewOf = async (pr: Profile) =>
    profileView(pr, await hasPassword(p, pr), p.documents.countByState({ profileId: pr.id }));
  return {
    async listProfiles() {
      const counts = countsByProfile(p.db);
      return Promise.all(
        p.profiles.list().map(async (pr) => profileView(pr, await hasPassword(p, pr), counts.get(pr.id))),
      );
    },

    async createProfile({ profile, password }) {
      await checkSedaProfile(profile.sedaProfileRng);
      const input = withDemoDefaults(foldArchiveOptions(storeInput(profile), p.policy), p.demoAccount);
      checkProfileComplete(p, input);
      if (input.archiveKind !== 'demo') checkPasswordCanBeKept(p, password);
      refuseDuplicate(p, profile);
      const created = p.profiles.create(input);
      await storePassword(p, created, password);
      if (created.archiveKind === 'demo') await p.ensureDemoArchive();
      if (!p.settings.values().activeProfileId) p.settings.update({ activeProfileId: created.id });
      return viewOf(created);
    },

    async updateProfile({ id, profile, password }) {
      await checkSedaProfile(profile.sedaProfileRng);
      const current = profileOf(p, id);
      const patch: Partial<Profile> = {};
      for (const [k, v] of Object.entries(profile)) if (v !== undefined) (patch as Record<string, unknown>)[k] = v;
      if (profile.endpoints) patch.endpoints = profile.endpoints.map((e) => ({ url: e.url, label: e.label ?? '' }));
      const merged = withDemoDefaults(
        foldArchiveOptions({ ...current, ...patch } as ProfileInput, p.policy, current),
        p.demoAccount,
      );
      checkProfileComplete(p, merged);
      refuseDuplicate(p, { id, name: merged.name, siren: merged.siren ?? current.siren });
      if (merged.archiveKind !== 'demo') checkPasswordCanBeKept(p, password);
      await carryPasswords(
        p,
        current,
        { id, archiveKind: merged.archiveKind, endpoints: merged.endpoints ?? [] },
        password,
      );
      const updated = p.profiles.update(id, merged as Partial<Profile>);
      await storePassword(p, updated, password);
      await forgetUnusedPasswords(p, current, updated);
      return viewOf(updated);
    },

    async removeProfile({ id }) {
      const profile = profileOf(p, id);
      const counts = p.documents.countByState({ profileId: id });
      const inFlight = counts.queued + counts.sending + counts.sent + counts.acknowledged;
      if (inFlight > 0)
        throw new UserError(
          `La commune « ${profile.name} » a encore ${inFlight} document(s) en cours de versement : attendez la réponse de l’archive avant de la supprimer.`,
        );
      const total = Object.values(counts).reduce((a, b) => a + b, 0);
      if (total > 0)
        throw new UserError(
          `La commune « ${profile.name} » garde la trace de ${total} document(s) scellé(s) : elle ne peut pas être supprimée, pour ne rien perdre de leur historique.`,
        );
      for (const f of p.folders.list(id)) {
        await p.capture.removeFolder(f.id);
        p.folders.remove(f.id);
      }
      await forgetPasswords(p, profile);
      p.profiles.delete(id);
      return { removed: true };
    },

    async testConnection({ profileId, draft, password }) {
      let profile: Profile;
      if (draft) {
        const input = withDemoDefaults(foldArchiveOptions(storeInput(draft), p.policy), p.demoAccount);
        try {
          checkProfileComplete(p, input);
        } catch (e) {
          return { reachable: false, authenticated: false, message: (e as Error).message };
        }
        profile = profileFromInput({ ...input, id: profileId ?? 'draft' }, new Date().toISOString());
      } else if (profileId) {
        profile = profileOf(p, profileId);
      } else {
        throw new UserError('Choisissez un profil ou saisissez les informations de connexion.');
      }
      if (profile.archiveKind === 'demo') await p.ensureDemoArchive();
      const connector = await buildConnector(profile, 0, p.connectors, password);
      if (!connector)
        return { reachable: false, authenticated: false, message: 'Aucune adresse d’archive n’est configurée.' };
      const check = await connector.check();
      return {
        reachable: check.reachable,
        authenticated: check.authenticated,
        message: check.message,
        ...(check.serverVersion ? { serverVersion: check.serverVersion } : {}),
      };
    },
  };
}

/** Two profiles of one commune (same name and SIREN) would split its documents: refused. */
function refuseDuplicate(
  p: Pick<ProfileParts, 'profiles'>,
  profile: { id?: string; name: string; siren: string },
): void {
  if (p.profiles.list().some((x) => x.id !== profile.id && x.siren === profile.siren && x.name === profile.name))
    throw new UserError(`La commune « ${profile.name} » (SIREN ${profile.siren}) a déjà un profil.`);
}

/** Contract profile input → store input (labels default to empty, absent Vitam ids to null). */
function storeInput(profile: ParsedRequestOf<'createProfile'>['profile']): ProfileInput {
  return {
    ...profile,
    endpoints: profile.endpoints.map((e) => ({ url: e.url, label: e.label ?? '' })),
    vitamTenant: profile.vitamTenant ?? null,
    vitamContext: profile.vitamContext ?? null,
  };
}
