// Which commune receives dropped files: the one the caller named (kept, with a warning when
// the paths clearly name another), else the one the paths name, else the only one. Never
// silently another commune than the caller's.
import type { CommuneGuessView, IntakeCommune } from '../../../contract/api';
import { guessCommune } from '../../acts/commune-guess';
import { UserError } from '../../api/dispatch';
import type { Profile } from '../../store/profiles';
import type { EngineParts } from '../../parts';
import { profileOf } from './common';

export interface CommuneChoice {
  profile: Profile;
  commune: Omit<IntakeCommune, 'message'>;
}

export function guessView(p: Pick<EngineParts, 'profiles'>, paths: readonly string[]): CommuneGuessView {
  const profiles = p.profiles.list();
  const g = guessCommune(paths, profiles);
  const nameOf = (id: string) => profiles.find((x) => x.id === id)?.name ?? '';
  return {
    profileId: g.profileId,
    ambiguous: g.ambiguous,
    named: g.named.map((id) => ({ profileId: id, name: nameOf(id) })),
  };
}

export function chooseCommune(
  p: Pick<EngineParts, 'profiles'>,
  callerId: string | undefined,
  paths: readonly string[],
): CommuneChoice {
  const g = guessView(p, paths);
  const base = { guessedProfileId: g.profileId, ambiguous: g.ambiguous };
  if (callerId) {
    const profile = profileOf(p, callerId);
    const mismatch = g.named.length > 0 && !g.named.some((n) => n.profileId === callerId);
    return { profile, commune: { ...base, profileId: profile.id, name: profile.name, chosenBy: 'caller', mismatch } };
  }
  const all = p.profiles.list();
  if (g.profileId) {
    const profile = profileOf(p, g.profileId);
    return {
      profile,
      commune: { ...base, profileId: profile.id, name: profile.name, chosenBy: 'guess', mismatch: false },
    };
  }
  if (all.length === 1 && all[0]) {
    const profile = all[0];
    return {
      profile,
      commune: { ...base, profileId: profile.id, name: profile.name, chosenBy: 'only', mismatch: false },
    };
  }
  if (all.length === 0)
    throw new UserError('Créez d’abord une commune pour pouvoir déposer des fichiers.', 'no-commune');
  throw new UserError(
    g.ambiguous
      ? `Ces fichiers désignent plusieurs communes (${g.named.map((n) => `« ${n.name} »`).join(', ')}) : choisissez la commune qui les reçoit.`
      : 'Le nom des fichiers ne dit pas à quelle commune ils appartiennent : choisissez la commune qui les reçoit.',
    'commune-needed',
  );
}

/** « 3 fichiers reçus pour « Commune de X ». », plus the warning when the paths say otherwise. */
export function communeMessage(c: Omit<IntakeCommune, 'message'>, accepted: number, named: CommuneGuessView): string {
  const files =
    accepted === 0 ? 'Aucun nouveau fichier' : accepted === 1 ? '1 fichier reçu' : `${accepted} fichiers reçus`;
  const head = `${files} pour « ${c.name} »`;
  if (c.mismatch) {
    const other = named.named.map((n) => `« ${n.name} »`).join(', ');
    return `${head}, mais leur chemin désigne ${other} : vérifiez la commune avant de verser.`;
  }
  if (c.chosenBy === 'guess') return `${head} (commune reconnue dans le chemin des fichiers).`;
  if (c.ambiguous) return `${head}. Attention : ces fichiers désignent aussi une autre commune.`;
  return `${head}.`;
}
