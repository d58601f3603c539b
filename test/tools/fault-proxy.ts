// A fault-injecting HTTP proxy on 127.0.0.1 placed between a client and an archive.
// Faults apply per request (a queue of planned faults) or randomly with a seed:
//  reset        close the client connection abruptly before forwarding anything
//  status       answer with an HTTP status (default 503) without forwarding
//  hang         accept the request and never answer (client timeout)
//  lostAnswer   forward the whole request, let the archive process it, drop its answer (reset)
//  resetMidUpload  reset after `afterBytes` of the request body went through to the archive
//  slowResponse forward, then drip the answer `bytesPerTick` every `tickMs`
//  slowRequest  drip the request body to the archive likewise
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { seededRng } from './prng';

export type Fault =
  | { kind: 'reset' }
  | { kind: 'status'; status?: number; body?: string; contentType?: string }
  | { kind: 'hang' }
  | { kind: 'lostAnswer' }
  | { kind: 'resetMidUpload'; afterBytes: number }
  | { kind: 'slowResponse'; bytesPerTick?: number; tickMs?: number }
  | { kind: 'slowRequest'; bytesPerTick?: number; tickMs?: number };

export interface FaultRule {
  /** Only requests whose "METHOD path" matches. */
  match?: RegExp;
  fault: Fault;
  /** How many matching requests it applies to (default 1). */
  times?: number;
}

export interface FaultProxyOptions {
  target: string;
  /** Random faults: probability per request and seed (deterministic). */
  random?: { probability: number; seed: number; faults: Fault[] };
}

export interface FaultProxy {
  url: string;
  /** Plans faults for the next matching requests, in order. */
  plan(rule: FaultRule): void;
  /** Requests seen and faults applied, "METHOD path → fault|ok". */
  log: string[];
  close(): Promise<void>;
}

export async function startFaultProxy(options: FaultProxyOptions): Promise<FaultProxy> {
  const target = new URL(options.target);
  const rules: (FaultRule & { left: number })[] = [];
  const rand = options.random ? seededRng(options.random.seed) : undefined;
  const log: string[] = [];
  const sockets = new Set<import('node:net').Socket>();

  const pick = (req: http.IncomingMessage): Fault | undefined => {
    const line = `${req.method} ${req.url}`;
    const i = rules.findIndex((r) => !r.match || r.match.test(line));
    if (i >= 0) {
      const r = rules[i];
      if (r) {
        r.left--;
        if (r.left <= 0) rules.splice(i, 1);
        return r.fault;
      }
    }
    if (rand && options.random && rand() < options.random.probability)
      return options.random.faults[Math.floor(rand() * options.random.faults.length)];
    return undefined;
  };

  const server = http.createServer((req, res) => {
    const fault = pick(req);
    log.push(`${req.method} ${req.url} → ${fault?.kind ?? 'ok'}`);
    if (fault?.kind === 'reset') {
      req.socket.destroy();
      return;
    }
    if (fault?.kind === 'hang') {
      req.resume();
      return;
    }
    if (fault?.kind === 'status') {
      req.resume();
      req.on('end', () => {
        res.writeHead(fault.status ?? 503, { 'Content-Type': fault.contentType ?? 'text/html' });
        res.end(fault.body ?? '<html><body><h1>503 Service Unavailable</h1></body></html>');
      });
      return;
    }
    const headers = { ...req.headers, host: target.host };
    const up = http.request({ host: target.hostname, port: target.port, method: req.method, path: req.url, headers });
    up.on('error', () => req.socket.destroy());
    up.on('response', (ures) => {
      if (fault?.kind === 'lostAnswer') {
        ures.resume();
        ures.on('end', () => req.socket.destroy());
        return;
      }
      res.writeHead(ures.statusCode ?? 502, ures.headers);
      if (fault?.kind === 'slowResponse') {
        const per = fault.bytesPerTick ?? 16;
        const tick = fault.tickMs ?? 50;
        const chunks: Buffer[] = [];
        ures.on('data', (c: Buffer) => chunks.push(c));
        ures.on('end', () => {
          let all = Buffer.concat(chunks);
          const t = setInterval(() => {
            if (res.destroyed) return clearInterval(t);
            res.write(all.subarray(0, per));
            all = all.subarray(per);
            if (all.length === 0) {
              clearInterval(t);
              res.end();
            }
          }, tick);
        });
        return;
      }
      ures.pipe(res);
    });
    if (fault?.kind === 'resetMidUpload') {
      let n = 0;
      req.on('data', (c: Buffer) => {
        const room = fault.afterBytes - n;
        n += c.length;
        if (room > 0) up.write(c.subarray(0, room));
        if (n >= fault.afterBytes) {
          up.destroy();
          req.socket.destroy();
        }
      });
      return;
    }
    if (fault?.kind === 'slowRequest') {
      const per = fault.bytesPerTick ?? 1024;
      const tick = fault.tickMs ?? 50;
      const queue: Buffer[] = [];
      let ended = false;
      req.on('data', (c: Buffer) => queue.push(c));
      req.on('end', () => (ended = true));
      const t = setInterval(() => {
        let buf = Buffer.concat(queue.splice(0));
        if (buf.length) {
          up.write(buf.subarray(0, per));
          buf = buf.subarray(per);
          if (buf.length) queue.unshift(buf);
        } else if (ended) {
          clearInterval(t);
          up.end();
        }
      }, tick);
      return;
    }
    req.pipe(up);
  });
  server.on('connection', (s) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  server.on('checkExpectation', (req, res) => server.emit('request', req, res));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}`,
    log,
    plan: (rule) => rules.push({ ...rule, left: rule.times ?? 1 }),
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}
