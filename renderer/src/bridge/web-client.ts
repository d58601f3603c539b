// The web host's side of the contract: the same named functions as the Electron preload,
// carried over a WebSocket on 127.0.0.1 with the per-launch token.
import {
  buildInvokers,
  type Channel,
  type CoreEvent,
  type Envelope,
  type ExportRef,
  type SceauApi,
} from '../../../main/contract/api';
import { groupsByReference } from '../../../main/contract/acts/grouping';
import {
  batchesOf,
  batchForm,
  FIRST_BATCH_FILES,
  sendBatches,
  UPLOAD_BATCH_PATH,
  withTaskTurns,
} from '../../../main/contract/upload-batch';
import { hasIgnoredSegment } from '../../../main/contract/ignored-names';
import { cleanRelativeName, unsendableReason } from '../../../main/contract/upload-names';

const TOKEN_KEY = 'sceau.token';

/** The token arrives in the URL fragment (never sent to the server in a request line). */
function readToken(): string {
  const fromHash = new URLSearchParams(window.location.hash.replace(/^#/, '')).get('token');
  if (fromHash) {
    sessionStorage.setItem(TOKEN_KEY, fromHash);
    history.replaceState(null, '', window.location.pathname + window.location.search);
    return fromHash;
  }
  return sessionStorage.getItem(TOKEN_KEY) ?? '';
}

/** Called each time the socket opens again after a loss (host restart, dropped link). */
const reconnectListeners = new Set<() => void>();

/** The events sent while the page was cut off are lost: what is shown must be fetched again. */
export function onReconnect(listener: () => void): () => void {
  reconnectListeners.add(listener);
  return () => {
    reconnectListeners.delete(listener);
  };
}

interface Pending {
  resolve: (e: Envelope<unknown>) => void;
}

/** Whether the page was opened with its key (the web host's per-launch token). */
export function hasWebToken(): boolean {
  return readToken() !== '';
}

export function createWebClient(): SceauApi {
  const token = readToken();
  const listeners = new Set<(e: CoreEvent) => void>();
  const pending = new Map<number, Pending>();
  let nextId = 1;
  let socket: WebSocket | null = null;
  let ready: Promise<WebSocket> | null = null;
  let lost = false;

  const connect = (): Promise<WebSocket> => {
    if (ready) return ready;
    ready = new Promise<WebSocket>((resolve, reject) => {
      const url = new URL('api', window.location.href);
      url.protocol = url.protocol === 'https:' ? 'wss:' : 'ws:';
      // The token travels as a sub-protocol so it never lands in a URL or a log.
      const ws = new WebSocket(url.toString(), ['sceau.v1', `token.${token}`]);
      ws.onopen = () => {
        socket = ws;
        resolve(ws);
        if (lost) {
          lost = false;
          for (const l of [...reconnectListeners]) l();
        }
      };
      ws.onerror = () => reject(new Error('Impossible de joindre le service Sceau local.'));
      ws.onclose = () => {
        if (socket === ws) lost = true;
        socket = null;
        ready = null;
        for (const [, p] of pending) {
          p.resolve({ ok: false, error: { code: 'disconnected', message: 'Connexion au service Sceau interrompue.' } });
        }
        pending.clear();
        // Reconnect quietly so events keep flowing after a host restart.
        setTimeout(() => {
          if (listeners.size > 0) void connect().catch(() => undefined);
        }, 1000);
      };
      ws.onmessage = (message) => {
        let data: unknown;
        try {
          data = JSON.parse(String(message.data));
        } catch {
          return;
        }
        if (typeof data !== 'object' || data === null) return;
        const frame = data as {
          kind?: string;
          id?: number;
          envelope?: Envelope<unknown>;
          event?: CoreEvent;
          events?: CoreEvent[];
        };
        if (frame.kind === 'result' && typeof frame.id === 'number' && frame.envelope) {
          pending.get(frame.id)?.resolve(frame.envelope);
          pending.delete(frame.id);
        } else if (frame.kind === 'event' && frame.event) {
          for (const l of listeners) l(frame.event);
        } else if (frame.kind === 'events' && Array.isArray(frame.events)) {
          // The events of one burst, grouped by the host (main/web/event-frames.ts).
          for (const event of frame.events) for (const l of listeners) l(event);
        }
      };
    });
    return ready;
  };

  const call = async (channel: Channel, request: unknown): Promise<Envelope<unknown>> => {
    const ws = socket ?? (await connect());
    const callId = nextId++;
    return new Promise((resolve) => {
      pending.set(callId, { resolve });
      ws.send(JSON.stringify({ kind: 'call', id: callId, channel, request }));
    });
  };

  const invokers = buildInvokers(call);
  /** Uploads the host keeps while the user is asked to confirm large files. */
  const awaitingConfirmation = new WeakMap<File, string>();

  const relativeName = (file: File): string =>
    (file as File & { webkitRelativePath?: string }).webkitRelativePath || file.name;

  /** One file per request (`POST /upload`): a drop whose acts were grouped by the user. */
  const uploadOne = async (file: File): Promise<string> => {
    const response = await fetch(new URL('upload', window.location.href), {
      method: 'POST',
      headers: {
        Authorization: `Bearer ${token}`,
        'X-Sceau-Name': encodeURIComponent(relativeName(file)),
        'X-Sceau-Mtime': String(file.lastModified),
        'Content-Type': 'application/octet-stream',
      },
      body: file,
    });
    if (!response.ok) {
      // The host says why in French (too large, disk full, a name the disk cannot take).
      const said = ((await response.json().catch(() => null)) as { error?: unknown } | null)?.error;
      throw new Error(
        `Le fichier « ${file.name} » n’a pas pu être transmis.${typeof said === 'string' ? ` ${said}` : ''}`,
      );
    }
    const json = (await response.json()) as { uploadId: string };
    return json.uploadId;
  };

  /**
   * Many files in one request (a dropped folder of 10,000 files is ten requests, not 10,000),
   * as multipart by XMLHttpRequest: the browser streams the files from disk by their paths,
   * without reading them into the page (fetch() would read each through the blob system).
   */
  const uploadBatch = (files: File[]): Promise<string> =>
    new Promise((resolve, reject) => {
      const first = files[0]?.name ?? '';
      const failed = (said?: string) =>
        new Error(
          said ??
            (files.length === 1
              ? `Le fichier « ${first} » n’a pas pu être transmis.`
              : `${files.length} fichiers (à partir de « ${first} ») n’ont pas pu être transmis.`),
        );
      const xhr = new XMLHttpRequest();
      xhr.open('POST', new URL(UPLOAD_BATCH_PATH, window.location.href));
      xhr.setRequestHeader('Authorization', `Bearer ${token}`);
      xhr.responseType = 'json';
      xhr.onload = () => {
        const answer = xhr.response as { uploadId?: unknown; error?: unknown } | null;
        if (xhr.status === 200 && typeof answer?.uploadId === 'string') resolve(answer.uploadId);
        else reject(failed(typeof answer?.error === 'string' ? answer.error : undefined));
      };
      xhr.onerror = () => reject(failed());
      xhr.onabort = () => reject(failed());
      xhr.send(batchForm(files, (file) => ({ name: relativeName(file), size: file.size, mtime: file.lastModified })));
    });

  return {
    ...invokers,
    onEvent(listener) {
      listeners.add(listener);
      void connect().catch(() => undefined);
      return () => {
        listeners.delete(listener);
      };
    },
    async intakeFiles(profileId, files, groups, options) {
      const confirmLarge = options?.confirmLarge === true;
      // Files the host already holds (it asked to confirm large ones) are not sent again.
      const held = files.map((file) => awaitingConfirmation.get(file));
      let uploadIds: string[];
      let perFile: string[];
      // Names the host would refuse (a macOS « Icon\r », an over-long path) are set aside and
      // said, rather than failing the whole drop; OS litter among them goes unsaid, as in the engine.
      const unsendable = files.filter((file) => cleanRelativeName(relativeName(file)) === null);
      const setAside = unsendable
        .map(relativeName)
        .filter((name) => !hasIgnoredSegment(name))
        .map((name) => ({ path: name, reason: unsendableReason(name) }));
      if (groups && groups.length > 0) {
        // The acts confirmed at drop time name each file by its own upload id
        // (contract/acts/grouping): such a drop (a few loose files) goes one file per request.
        perFile = [];
        for (const [i, file] of files.entries()) perFile.push(held[i] ?? (await uploadOne(file)));
        uploadIds = perFile;
      } else if (held.length > 0 && held.every((id) => id !== undefined)) {
        perFile = held as string[];
        uploadIds = [...new Set(perFile)];
      } else {
        // Planned as the lanes free up: the first batch leaves while later sizes are read.
        const sendable = unsendable.length > 0 ? files.filter((file) => !unsendable.includes(file)) : files;
        if (sendable.length === 0)
          throw new Error(setAside[0]?.reason ?? 'Aucun fichier à verser dans ce dépôt (fichiers système seulement).');
        const batches: File[][] = [];
        uploadIds = await sendBatches(
          withTaskTurns(batchesOf(sendable, relativeName, (f) => f.size, FIRST_BATCH_FILES)),
          (batch) => {
            batches.push(batch);
            return uploadBatch(batch);
          },
        );
        const batchOf = new Map<File, string>();
        batches.forEach((batch, i) => batch.forEach((file) => batchOf.set(file, uploadIds[i] ?? '')));
        perFile = files.map((file) => batchOf.get(file) ?? '');
      }
      const named = groups && groups.length > 0 ? groupsByReference(groups, uploadIds) : [];
      const result = await invokers.intakeUploaded({
        profileId,
        uploadIds,
        ...(named.length > 0 ? { groups: named } : {}),
        confirmLarge,
      });
      files.forEach((file, i) => {
        if (result.needsConfirmation?.length) awaitingConfirmation.set(file, perFile[i] ?? '');
        else awaitingConfirmation.delete(file);
      });
      return setAside.length > 0 ? { ...result, ignored: [...result.ignored, ...setAside] } : result;
    },
    async download(ref: ExportRef) {
      const response = await fetch(new URL(`exports/${encodeURIComponent(ref.exportId)}`, window.location.href), {
        headers: { Authorization: `Bearer ${token}` },
      });
      if (!response.ok) throw new Error(`Le fichier « ${ref.fileName} » n’a pas pu être téléchargé.`);
      const blob = await response.blob();
      const a = document.createElement('a');
      a.href = URL.createObjectURL(blob);
      a.download = ref.fileName;
      document.body.appendChild(a);
      a.click();
      a.remove();
      setTimeout(() => URL.revokeObjectURL(a.href), 10_000);
      // The browser saves it (or asks where) on its own: handed over is all we can know.
      return { saved: true };
    },
  };
}
