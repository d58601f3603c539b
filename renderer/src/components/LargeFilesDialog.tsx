// Large or sparse files ask first (IntakeResult.needsConfirmation): the engine sealed nothing
// and says, per file, how much room its sealed copy will take. « Sceller quand même » sends
// the same files again with confirmLarge (the web host keeps the upload meanwhile). The modal
// frame is ConfirmDialog's.
import type { IntakeResult } from '../../../main/contract/api';
import { t } from '../i18n/fr';
import { frenchText } from '../lib/messages';
import { ConfirmDialog } from './ConfirmDialog';

type Large = NonNullable<IntakeResult['needsConfirmation']>;

export function LargeFilesDialog({
  items,
  onConfirm,
  onCancel,
}: {
  /** null: closed. */
  items: Large | null;
  onConfirm(): void;
  onCancel(): void;
}) {
  const count = items?.length ?? 0;
  return (
    <ConfirmDialog
      open={items !== null}
      title={t('large.title', { count })}
      message={t('large.intro', { count })}
      confirmLabel={t('large.confirm')}
      cancelLabel={t('large.cancel')}
      onConfirm={onConfirm}
      onCancel={onCancel}
    >
      <ul>
        {(items ?? []).map((f) => (
          <li key={f.path}>{frenchText(f.message)}</li>
        ))}
      </ul>
    </ConfirmDialog>
  );
}
