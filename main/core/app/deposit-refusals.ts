// Why a deposit cannot go: the French words for a document not ready to be deposited, and
// the error a package that fails its pre-flight raises (the user must correct it).
import { LOOSE_ATTACHMENT_REASON } from '../acts';
import type { DocumentRecord } from '../store/documents';

/** The package cannot be built as it is: the user must correct something (not retryable). */
export class PreflightError extends Error {
  constructor(readonly problems: string[]) {
    super(problems[0] ?? 'Le bordereau ne respecte pas les règles de l’archive.');
    this.name = 'PreflightError';
  }
}

export function notReadyMessage(d: Pick<DocumentRecord, 'state' | 'role' | 'parentId' | 'fileName'>): string {
  switch (d.state) {
    case 'needs_metadata':
      // A loose annex says what it needs (« À rattacher … »), not the act fields it has no use for.
      return d.role !== 'act' && d.parentId === null
        ? `« ${d.fileName} » : ${LOOSE_ATTACHMENT_REASON}`
        : `« ${d.fileName} » : des informations sont à compléter avant le versement.`;
    case 'accepted':
      return `« ${d.fileName} » a déjà été accepté par l’archive.`;
    case 'rejected':
      return `« ${d.fileName} » a été refusé : corrigez-le puis cliquez sur « Réessayer ».`;
    case 'skipped_auto_archived':
      return `« ${d.fileName} » est déjà archivé automatiquement par la plateforme (« Verser quand même » pour le forcer).`;
    case 'duplicate':
      return `« ${d.fileName} » est un doublon d’un document déjà versé.`;
    default:
      return `« ${d.fileName} » n’est pas prêt à être versé.`;
  }
}
