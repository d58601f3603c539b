// The activity feed, newest first, by pages.
import type { EngineParts } from '../../parts';
import type { GroupHandlers } from './common';

export type ActivityParts = Pick<EngineParts, 'activity'>;

export function activityHandlers(p: ActivityParts): GroupHandlers<'activity'> {
  return {
    async listActivity({ profileId, before, limit }) {
      return p.activity.list({ ...(profileId ? { profileId } : {}), ...(before ? { before } : {}), limit });
    },
  };
}
