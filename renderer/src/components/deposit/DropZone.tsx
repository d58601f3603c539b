// The drop zone of Déposer: files or folders dragged in, or chosen with the two buttons.
// It only collects File objects; the screen hands them to the core.
import { useEffect, useRef, useState, type DragEvent } from 'react';
import { t } from '../../i18n/fr';
import { collectDropped } from '../../lib/drop';
import { errorMessage } from '../../lib/format';

interface DropZoneProps {
  /** The commune the files will go to, said inside the zone itself. */
  communeName: string;
  onFiles(files: File[]): void;
  onReading(): void;
  onError(message: string): void;
}

export function DropZone({ communeName, onFiles, onReading, onError }: DropZoneProps) {
  const filesInput = useRef<HTMLInputElement>(null);
  const folderInput = useRef<HTMLInputElement>(null);
  const [dragging, setDragging] = useState(false);

  useEffect(() => {
    folderInput.current?.setAttribute('webkitdirectory', '');
    folderInput.current?.setAttribute('directory', '');
  }, []);

  const onDrop = (e: DragEvent) => {
    e.preventDefault();
    setDragging(false);
    const pending = collectDropped(e.dataTransfer);
    onReading();
    void pending.then(onFiles, (err: unknown) => onError(errorMessage(err)));
  };

  const chosen = (input: HTMLInputElement) => {
    const files = Array.from(input.files ?? []);
    input.value = '';
    onFiles(files);
  };

  return (
    <div
      className={`dropzone${dragging ? ' dropzone--over' : ''}`}
      role="region"
      aria-labelledby="dropzone-title"
      aria-describedby="dropzone-commune dropzone-hint"
      onDragOver={(e) => {
        e.preventDefault();
        e.dataTransfer.dropEffect = 'copy';
        setDragging(true);
      }}
      onDragLeave={() => setDragging(false)}
      onDrop={onDrop}
    >
      <p id="dropzone-title" className="dropzone__title">
        {t('deposit.drop')}
      </p>
      <p id="dropzone-commune" className="dropzone__commune">
        {t('deposit.goesTo', { name: communeName })}
      </p>
      <p id="dropzone-hint" className="muted">
        {t('deposit.dropHint')}
      </p>
      <div className="actions actions--center">
        <button type="button" className="btn btn--primary" onClick={() => filesInput.current?.click()}>
          {t('deposit.chooseFiles')}
        </button>
        <button type="button" className="btn" onClick={() => folderInput.current?.click()}>
          {t('deposit.chooseFolder')}
        </button>
      </div>
      <input
        ref={filesInput}
        type="file"
        multiple
        hidden
        tabIndex={-1}
        aria-label={t('deposit.chooseFiles')}
        onChange={(e) => chosen(e.target)}
      />
      <input
        ref={folderInput}
        type="file"
        multiple
        hidden
        tabIndex={-1}
        aria-label={t('deposit.chooseFolder')}
        onChange={(e) => chosen(e.target)}
      />
    </div>
  );
}
