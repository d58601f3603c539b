// The activity feed's labels come from the contract's catalogue, in French for every kind the
// engine writes; a kind this build does not know (a newer engine) is never shown raw.
import { describe, expect, it } from 'vitest';
import type { ActivityKind } from '../../../main/contract/api';
import { ACTIVITY_KIND_LABELS, ARCHIVE_STATUS_LABELS } from '../../../main/contract/messages';
import { activityLine } from '../../../renderer/src/lib/messages';
import { t } from '../../../renderer/src/i18n/fr';

const KINDS: ActivityKind[] = [
  'sealed',
  'completed',
  'sent',
  'accepted',
  'rejected',
  'connection.lost',
  'connection.back',
];

describe('fil d’activité : libellés', () => {
  it('chaque genre a son libellé français, jamais le nom interne', () => {
    for (const kind of KINDS) {
      const { label } = activityLine({ kind, text: 'x' });
      expect(label).toBe(ACTIVITY_KIND_LABELS[kind]);
      expect(label).not.toMatch(/sealed|completed|sent|accepted|rejected|connection/);
    }
  });

  it('un genre inconnu s’affiche « Événement » ; le texte reçoit l’apostrophe typographique', () => {
    const line = activityLine({ kind: 'archived.later' as ActivityKind, text: "Connexion à l'archive perdue" });
    expect(line).toEqual({ label: 'Événement', text: 'Connexion à l’archive perdue' });
  });

  it('le bandeau de l’application et l’icône de la barre des tâches disent les mêmes mots', () => {
    for (const kind of Object.keys(ARCHIVE_STATUS_LABELS) as (keyof typeof ARCHIVE_STATUS_LABELS)[])
      expect(t(`status.${kind}`)).toBe(ARCHIVE_STATUS_LABELS[kind]);
  });
});
