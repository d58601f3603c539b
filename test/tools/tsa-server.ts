// A real RFC 3161 Time-Stamp Authority for tests: an openssl-generated CA and TSA
// certificate (extendedKeyUsage critical timeStamping) and `openssl ts -reply` behind a
// loopback HTTP server. stop()/start() simulate the TSA going offline and back.
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { createServer as createTlsServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

export interface TsaServer {
  /** http://127.0.0.1:<port>/tsa */
  readonly url: string;
  readonly dir: string;
  readonly caFile: string;
  readonly tsaCertFile: string;
  readonly caPem: string;
  readonly tsaCertPem: string;
  readonly policyOid: string;
  /** Requests answered so far. */
  readonly requests: number;
  /** When set, every request must carry this Basic authentication or gets 401. */
  basicAuth: { user: string; password: string } | null;
  /** Close the listening socket (same port is reused by start()). */
  stop(): Promise<void>;
  start(): Promise<void>;
  /** Stop and remove the key material. */
  close(): Promise<void>;
}

export interface TsaServerOptions {
  /** Distinguished name suffix, to build several independent TSAs. */
  name?: string;
  policyOid?: string;
  /** Serve over HTTPS with this key pair (url becomes https://127.0.0.1:<port>/tsa). */
  tls?: { key: string; cert: string };
  /** Validity of the TSA's signing certificate in days (default 3650): short to test expiry. */
  tsaDays?: number;
}

async function openssl(args: string[], cwd: string): Promise<void> {
  await run('openssl', args, { cwd });
}

async function makePki(dir: string, name: string, policyOid: string, tsaDays = 3650): Promise<void> {
  writeFileSync(
    join(dir, 'tsa-ext.cnf'),
    [
      '[tsa_ext]',
      'basicConstraints = critical, CA:FALSE',
      'keyUsage = critical, digitalSignature, nonRepudiation',
      'extendedKeyUsage = critical, timeStamping',
      'subjectKeyIdentifier = hash',
      'authorityKeyIdentifier = keyid',
      '',
    ].join('\n'),
  );
  await openssl(
    [
      'req',
      '-x509',
      '-newkey',
      'rsa:2048',
      '-nodes',
      '-keyout',
      'ca.key',
      '-out',
      'ca.pem',
      '-days',
      '3650',
      '-subj',
      `/C=FR/O=${name}/CN=${name} Autorite racine de test`,
      '-addext',
      'basicConstraints=critical,CA:TRUE',
      '-addext',
      'keyUsage=critical,keyCertSign,cRLSign',
    ],
    dir,
  );
  await openssl(
    [
      'req',
      '-newkey',
      'rsa:2048',
      '-nodes',
      '-keyout',
      'tsa.key',
      '-out',
      'tsa.csr',
      '-subj',
      `/C=FR/O=${name}/CN=${name} Horodatage de test`,
    ],
    dir,
  );
  await openssl(
    [
      'x509',
      '-req',
      '-in',
      'tsa.csr',
      '-CA',
      'ca.pem',
      '-CAkey',
      'ca.key',
      '-CAcreateserial',
      '-out',
      'tsa.pem',
      '-days',
      String(tsaDays),
      '-extfile',
      'tsa-ext.cnf',
      '-extensions',
      'tsa_ext',
    ],
    dir,
  );
  writeFileSync(join(dir, 'tsaserial'), '01\n');
  writeFileSync(
    join(dir, 'ts.cnf'),
    [
      '[ tsa ]',
      'default_tsa = tsa_config',
      '[ tsa_config ]',
      `dir = ${dir}`,
      'serial = $dir/tsaserial',
      'crypto_device = builtin',
      'signer_cert = $dir/tsa.pem',
      'certs = $dir/ca.pem',
      'signer_key = $dir/tsa.key',
      'signer_digest = sha256',
      `default_policy = ${policyOid}`,
      'other_policies = 1.3.6.1.4.1.99999.2',
      'digests = sha256, sha384, sha512',
      'accuracy = secs:1',
      'ordering = no',
      'tsa_name = yes',
      'ess_cert_id_chain = no',
      'ess_cert_id_alg = sha256',
      '',
    ].join('\n'),
  );
}

export async function startTsaServer(options: TsaServerOptions = {}): Promise<TsaServer> {
  const name = options.name ?? 'Sceau Test';
  const policyOid = options.policyOid ?? '1.3.6.1.4.1.99999.1';
  const dir = mkdtempSync(join(tmpdir(), 'sceau-tsa-'));
  await makePki(dir, name, policyOid, options.tsaDays);
  let counter = 0;
  let requests = 0;
  // openssl rewrites its serial file on every reply: one reply at a time.
  let chain: Promise<unknown> = Promise.resolve();

  const reply = (query: Buffer): Promise<Buffer> => {
    const next = chain.then(async () => {
      const id = ++counter;
      const q = join(dir, `q${id}.tsq`);
      const r = join(dir, `r${id}.tsr`);
      writeFileSync(q, query);
      await openssl(['ts', '-reply', '-config', join(dir, 'ts.cnf'), '-queryfile', q, '-out', r], dir);
      const out = readFileSync(r);
      rmSync(q, { force: true });
      rmSync(r, { force: true });
      return out;
    });
    chain = next.catch(() => undefined);
    return next;
  };

  const handler = (req: IncomingMessage, res: ServerResponse): void => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      if (req.method !== 'POST' || req.headers['content-type'] !== 'application/timestamp-query') {
        res.writeHead(415).end();
        return;
      }
      if (server.basicAuth) {
        const expected = `Basic ${Buffer.from(`${server.basicAuth.user}:${server.basicAuth.password}`).toString('base64')}`;
        if (req.headers.authorization !== expected) {
          res.writeHead(401, { 'WWW-Authenticate': 'Basic realm="tsa"' }).end();
          return;
        }
      }
      reply(Buffer.concat(chunks)).then(
        (body) => {
          requests++;
          res
            .writeHead(200, { 'Content-Type': 'application/timestamp-reply', 'Content-Length': body.length })
            .end(body);
        },
        () => res.writeHead(500).end(),
      );
    });
  };

  let http: Server | null = null;
  let port = 0;
  const listen = (): Promise<void> =>
    new Promise((resolve, reject) => {
      const s = options.tls ? createTlsServer(options.tls, handler) : createServer(handler);
      s.once('error', reject);
      s.listen(port, '127.0.0.1', () => {
        port = (s.address() as AddressInfo).port;
        http = s;
        resolve();
      });
    });
  const stop = (): Promise<void> =>
    new Promise((resolve) => {
      const s = http;
      http = null;
      if (!s) return resolve();
      s.closeAllConnections();
      s.close(() => resolve());
    });

  await listen();
  const server: TsaServer = {
    url: `${options.tls ? 'https' : 'http'}://127.0.0.1:${port}/tsa`,
    dir,
    caFile: join(dir, 'ca.pem'),
    tsaCertFile: join(dir, 'tsa.pem'),
    caPem: readFileSync(join(dir, 'ca.pem'), 'utf8'),
    tsaCertPem: readFileSync(join(dir, 'tsa.pem'), 'utf8'),
    policyOid,
    get requests() {
      return requests;
    },
    basicAuth: null,
    stop,
    start: listen,
    async close() {
      await stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
  return server;
}
