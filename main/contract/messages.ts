// One catalogue of the engine's texts that users see: state names, timeline labels and the
// reasons given for set-aside files. The renderer reads the same table (no English state
// name can leak: a test walks every state and every journal entry type).
import type { DocumentState } from './types';

/** Short state names, as a status badge says them. */
export const STATE_NAMES: Record<DocumentState, string> = {
  detected: 'Détecté',
  sealed: 'Scellé',
  needs_metadata: 'À compléter',
  ready: 'Prêt à verser',
  queued: 'En attente d’envoi',
  sending: 'Envoi en cours',
  sent: 'Envoyé',
  acknowledged: 'Reçu par l’archive',
  accepted: 'Archivé',
  rejected: 'Refusé',
  failed: 'Envoi en échec',
  skipped_auto_archived: 'Déjà archivé par la plateforme',
  duplicate: 'Doublon',
  ignored: 'Mis de côté',
};

/** Lower-case state names inside a sentence (« déjà pris en compte le 3 mars (archivé) »). */
export const STATE_IN_SENTENCE: Record<DocumentState, string> = {
  detected: 'détecté',
  sealed: 'scellé',
  needs_metadata: 'à compléter',
  ready: 'prêt à verser',
  queued: 'en file d’attente',
  sending: 'en cours d’envoi',
  sent: 'envoyé',
  acknowledged: 'reçu par l’archive',
  accepted: 'archivé',
  rejected: 'refusé',
  failed: 'en échec',
  skipped_auto_archived: 'déjà archivé par la plateforme',
  duplicate: 'doublon',
  ignored: 'mis de côté',
};

/** Timeline labels of the states (a document's history). */
export const STATE_TIMELINE_LABELS: Record<DocumentState, string> = {
  detected: 'Fichier détecté',
  sealed: 'Scellé (empreinte calculée, copie conservée)',
  needs_metadata: 'Informations à compléter',
  ready: 'Prêt à verser',
  queued: 'En file d’attente',
  sending: 'Envoi en cours',
  sent: 'Envoyé à l’archive',
  acknowledged: 'Accusé de réception de l’archive',
  accepted: 'Accepté par l’archive',
  rejected: 'Refusé par l’archive',
  failed: 'Envoi échoué (nouvel essai prévu)',
  skipped_auto_archived: 'Déjà archivé automatiquement par la plateforme',
  duplicate: 'Doublon d’un document déjà versé',
  ignored: 'Mis de côté à la demande de l’utilisateur',
};

/** Timeline labels of the journal entries that are not state changes. */
export const JOURNAL_ENTRY_LABELS: Record<string, string> = {
  detected: 'Fichier détecté',
  moved: 'Fichier déplacé ou renommé',
  grouped: 'Pièces de l’acte regroupées au dépôt',
  metadata: 'Informations modifiées',
  seal: 'Scellé',
  sealed: 'Scellé',
  state: 'Changement d’état',
};

/** A journal entry type this build does not know (written by a newer one): never shown raw. */
export const UNKNOWN_ENTRY_LABEL = 'Événement enregistré';

export function journalEntryLabel(type: string): string {
  return Object.prototype.hasOwnProperty.call(JOURNAL_ENTRY_LABELS, type)
    ? (JOURNAL_ENTRY_LABELS[type] ?? UNKNOWN_ENTRY_LABEL)
    : UNKNOWN_ENTRY_LABEL;
}

/** Why a dropped file was not taken, by the capture's outcome kind. */
export const INTAKE_REASONS: Record<string, string> = {
  ignored: 'Fichier temporaire ou de verrouillage : il n’est pas versé.',
  vanished: 'Le fichier a disparu avant d’être scellé.',
  cancelled: 'Dépôt interrompu : il reprendra au prochain démarrage.',
};
export const INTAKE_REASON_OTHER = 'Fichier non pris en compte.';

/** Reasons the engine gives when it sets a file aside for a human look (« à vérifier »). */
export const CHECK_REASONS = {
  empty: 'À vérifier : le fichier est vide (0 octet). Enregistrez-le à nouveau depuis le logiciel qui l’a produit.',
  notPdf:
    'À vérifier : ce fichier porte l’extension .pdf mais n’est pas un PDF lisible (en-tête absent). Il est peut-être endommagé ou mal nommé.',
  truncatedPdf:
    'À vérifier : ce PDF semble incomplet (fin de fichier absente) ; il a peut-être été copié en partie. Ouvrez-le pour vérifier avant de le verser.',
} as const;
