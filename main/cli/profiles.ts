// `--profile` accepts an id, a SIREN or an exact name; with a single profile it is optional.
import type { ProfileView } from '../contract/api';
import type { CliContext } from './context';
import { CliError, EXIT } from './exit-codes';

export async function resolveProfile(ctx: CliContext, wanted: string | undefined): Promise<ProfileView> {
  const profiles = await ctx.call('listProfiles', {});
  if (profiles.length === 0) {
    throw new CliError(
      'Aucun profil. Créez-en un : sceau profile add --name "Mairie de …" --siren 123456789 --archive demo',
      EXIT.usage,
    );
  }
  if (wanted === undefined) {
    if (profiles.length === 1 && profiles[0]) return profiles[0];
    throw new CliError(
      `Plusieurs profils existent : précisez --profile (${profiles.map((p) => `${p.siren} « ${p.name} »`).join(', ')}).`,
      EXIT.usage,
    );
  }
  const found = profiles.find((p) => p.id === wanted || p.siren === wanted || p.name === wanted);
  if (!found) throw new CliError(`Profil introuvable : « ${wanted} » (id, SIREN ou nom exact attendu).`, EXIT.usage);
  return found;
}

/** Gives the engine a password from the environment / stdin for this run (services). */
export async function providePassword(
  ctx: CliContext,
  profile: ProfileView,
  password: string | undefined,
): Promise<void> {
  if (password === undefined) return;
  ctx.log.registerSecret(password);
  await ctx.call('updateProfile', { id: profile.id, profile: {}, password });
}
