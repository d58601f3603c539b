// What the user is told after asking for a file: « téléchargé » only when it was really
// written (desktop save dialog) or handed to the browser; a closed dialog says so.
import type { DownloadOutcome } from '../../../main/contract/api';
import { t } from '../i18n/fr';

export interface DownloadNotice {
  level: 'success' | 'info';
  text: string;
}

export function downloadNotice(fileName: string, outcome: DownloadOutcome): DownloadNotice {
  if (!outcome.saved) return { level: 'info', text: t('detail.downloadCancelled', { name: fileName }) };
  if (outcome.savedTo) return { level: 'success', text: t('detail.savedTo', { path: outcome.savedTo }) };
  return { level: 'success', text: t('detail.downloaded', { name: fileName }) };
}
