import { randomBytes } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdtemp, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { expect, test } from 'vitest';
import { HttpClient } from '../../../main/core/net/http-client';
import { TokenBucketThrottle } from '../../../main/core/archive/throttle';
import { fileBody } from '../../../main/core/archive/upload-body';

test('upload rate stays within 10 % of the limit over real HTTP', async () => {
  let received = 0;
  const server = http.createServer((req, res) => {
    req.on('data', (c: Buffer) => (received += c.length));
    req.on('end', () => {
      res.writeHead(200, { 'Content-Type': 'application/json' });
      res.end('{}');
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  const dir = await mkdtemp(path.join(os.tmpdir(), 'sceau-throttle-'));
  const file = path.join(dir, 'blob');
  const size = 3 * 1024 * 1024;
  await writeFile(file, randomBytes(size));
  const rate = 2 * 1024 * 1024; // 2 MiB/s ⇒ 1.5 s
  const throttle = new TokenBucketThrottle(rate);
  const t0 = performance.now();
  await new HttpClient().request({
    method: 'POST',
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/`,
    body: fileBody({ path: file, end: size }, { throttle }),
  });
  const seconds = (performance.now() - t0) / 1000;
  server.close();
  expect(received).toBe(size);
  const measured = size / seconds;
  console.log(`throttle: ${(measured / 1024 / 1024).toFixed(3)} MiB/s for a 2 MiB/s limit`);
  expect(Math.abs(measured - rate) / rate).toBeLessThan(0.1);
});

test('rate changes live and null removes the limit', async () => {
  const th = new TokenBucketThrottle(100_000);
  const t0 = performance.now();
  const slow = th.take(1_000_000); // would take 10 s at 100 kB/s
  setTimeout(() => th.setRate(null), 100);
  await slow;
  expect(performance.now() - t0).toBeLessThan(1000);
  th.setRate(1_000_000);
  const t1 = performance.now();
  await th.take(500_000);
  const ms = performance.now() - t1;
  expect(ms).toBeGreaterThan(400);
  expect(ms).toBeLessThan(800);
});
