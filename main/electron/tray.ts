// The desktop tray: the ONE status model (main/contract/status.ts, the same fold and words as
// the header, dashboard and queue) as tooltip and icon, and a short menu. Fed by the core's
// events like the renderer: connectivity per commune, sync status.
import path from 'node:path';
import { Menu, nativeImage, Tray, type MenuItemConstructorOptions } from 'electron';
import type { CoreEvent, SyncStatusView } from '../contract/api';
import { ARCHIVE_STATUS_LABELS, waitingText } from '../contract/messages';
import { foldArchiveStatus, type StatusFold } from '../contract/status';

/** Icons drawn by assets/icons/draw-icons.mjs (tray/<name>.png and @2x). */
export type TrayIconName = 'idle' | 'syncing' | 'offline' | 'paused';

export interface TrayDeps {
  /** assets/icons/tray */
  iconsDir: string;
  /** The engine's sync state at start (later kept up to date by events). */
  initial: Pick<SyncStatusView, 'online' | 'paused' | 'reason' | 'pendingCount'> | null;
  openWindow(): void;
  openDataFolder(): void;
  pause(): void;
  resume(): void;
  quit(): void;
}

export interface StatusTray {
  readonly tray: Tray;
  /** Feed every core event; returns the status now shown. */
  onEvent(event: CoreEvent): StatusFold;
  status(): StatusFold;
  tooltip(): string;
}

export function iconFor(s: StatusFold): TrayIconName {
  if (s.kind === 'unreachable') return 'offline';
  if (s.kind === 'paused') return 'paused';
  return s.waiting > 0 && s.kind === 'reachable' ? 'syncing' : 'idle';
}

export function tooltipFor(s: StatusFold): string {
  const label = ARCHIVE_STATUS_LABELS[s.kind];
  return s.waiting > 0 ? `Sceau — ${label} — ${waitingText(s.waiting)}` : `Sceau — ${label}`;
}

export function createStatusTray(deps: TrayDeps): StatusTray {
  let sync = deps.initial ? { ...deps.initial } : null;
  const reach = new Map<string, boolean>();
  let last: string | null = null;

  const image = (name: TrayIconName) => {
    const img = nativeImage.createFromPath(path.join(deps.iconsDir, `${name}.png`));
    return img.isEmpty() ? nativeImage.createEmpty() : img;
  };
  const current = (): StatusFold => {
    // The tray serves every commune at once: any archive that cannot be reached is the news.
    const reachable = reach.size === 0 ? undefined : [...reach.values()].every(Boolean);
    return foldArchiveStatus(reachable === undefined ? undefined : { reachable }, sync);
  };

  const tray = new Tray(image('idle'));
  const menu = (s: StatusFold) => {
    const items: MenuItemConstructorOptions[] = [
      { label: tooltipFor(s).replace(/^Sceau — /, ''), enabled: false },
      { type: 'separator' },
      { label: 'Ouvrir Sceau', click: () => deps.openWindow() },
      s.kind === 'paused'
        ? { label: 'Reprendre les envois', click: () => deps.resume() }
        : { label: 'Mettre en pause les envois', click: () => deps.pause() },
      { label: 'Ouvrir le dossier des données', click: () => deps.openDataFolder() },
      { type: 'separator' },
      { label: 'Quitter Sceau', click: () => deps.quit() },
    ];
    return Menu.buildFromTemplate(items);
  };
  const render = () => {
    const s = current();
    const key = `${s.kind}|${s.waiting}`;
    if (key === last) return s;
    last = key;
    tray.setToolTip(tooltipFor(s));
    tray.setImage(image(iconFor(s)));
    tray.setContextMenu(menu(s));
    return s;
  };
  render();

  return {
    tray,
    onEvent(event) {
      if (event.type === 'connectivity') {
        reach.set(event.profileId, event.reachable);
        sync = sync ? { ...sync, online: event.reachable } : null;
      } else if (event.type === 'sync.status') {
        sync = {
          online: sync?.online ?? true,
          paused: event.paused,
          reason: event.reason,
          pendingCount: event.pendingCount,
        };
      }
      return render();
    },
    status: current,
    tooltip: () => tooltipFor(current()),
  };
}
