import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import zlib from 'node:zlib';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import Koa from 'koa';
import { serveBuild } from './static-files';

const INDEX = '<!doctype html><title>shop</title><script src="/js/app.0123abcd.js"></script>';
const APP_JS = 'console.log("app");'.repeat(50);

/** A build folder laid out the way the H5 and admin builds leave it: text files with .br/.gz beside them. */
function makeBuild(): string {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'siyu-static-'));
  fs.mkdirSync(path.join(root, 'js'));
  fs.mkdirSync(path.join(root, 'css'));
  const write = (file: string, content: string, compressed: boolean) => {
    fs.writeFileSync(path.join(root, file), content);
    if (!compressed) return;
    fs.writeFileSync(path.join(root, `${file}.br`), zlib.brotliCompressSync(content));
    fs.writeFileSync(path.join(root, `${file}.gz`), zlib.gzipSync(content));
  };
  write('index.html', INDEX, true);
  write('js/app.0123abcd.js', APP_JS, true);
  write('css/app.89abcdef.css', 'body{margin:0}', true);
  write('js/plain.fedcba98.js', 'plain()', false);
  fs.writeFileSync(path.join(root, 'favicon.ico'), Buffer.from([0, 0, 1, 0, 1, 0]));
  return root;
}

interface RawResponse {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: Buffer;
}

/** One request with node:http, keeping the body as sent (HTTP clients would decode gzip/br and hide it). */
function send(server: http.Server, method: string, url: string, headers: Record<string, string> = {}): Promise<RawResponse> {
  const { port } = server.address() as AddressInfo;
  return new Promise((resolve, reject) => {
    const req = http.request({ host: '127.0.0.1', port, method, path: url, headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }));
    });
    req.on('error', reject);
    req.end();
  });
}

describe('serveBuild (front-end static files)', () => {
  let root: string;
  let server: http.Server;
  const get = (url: string, headers: Record<string, string> = {}) => send(server, 'GET', url, headers);

  beforeAll(async () => {
    root = makeBuild();
    const app = new Koa();
    app.use(serveBuild('/', root));
    server = http.createServer(app.callback());
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  });
  afterAll(async () => {
    await new Promise((resolve) => server.close(resolve));
    fs.rmSync(root, { recursive: true, force: true });
  });

  it.each([
    ['gzip, deflate, br', 'br', (body: Buffer) => zlib.brotliDecompressSync(body)],
    ['gzip, deflate', 'gzip', (body: Buffer) => zlib.gunzipSync(body)],
    ['br;q=0, gzip', 'gzip', (body: Buffer) => zlib.gunzipSync(body)],
  ])('GET / with Accept-Encoding "%s" answers index.html as %s, revalidated', async (accept, encoding, decode) => {
    const res = await get('/', { 'Accept-Encoding': accept });
    expect(res.status).toBe(200);
    expect(res.headers['content-encoding']).toBe(encoding);
    expect(res.headers['vary']).toMatch(/Accept-Encoding/i);
    expect(res.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(res.headers['cache-control']).toBe('no-cache');
    expect(Number(res.headers['content-length'])).toBe(res.body.length);
    expect(decode(res.body).toString()).toBe(INDEX);
  });

  it('answers the plain file to a client that asks for no encoding', async () => {
    const res = await get('/js/app.0123abcd.js', { 'Accept-Encoding': 'identity' });
    expect(res.headers['content-encoding']).toBeUndefined();
    expect(res.headers['vary']).toMatch(/Accept-Encoding/i);
    expect(res.body.toString()).toBe(APP_JS);
  });

  it('serves hashed JS and CSS compressed and immutable', async () => {
    for (const file of ['/js/app.0123abcd.js', '/css/app.89abcdef.css']) {
      const res = await get(file, { 'Accept-Encoding': 'br' });
      expect(res.status).toBe(200);
      expect(res.headers['content-encoding']).toBe('br');
      expect(res.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    }
    const js = await get('/js/app.0123abcd.js', { 'Accept-Encoding': 'br' });
    expect(zlib.brotliDecompressSync(js.body).toString()).toBe(APP_JS);
    expect(js.headers['content-type']).toBe('text/javascript; charset=utf-8');
  });

  it('falls back to the plain file when the build left no compressed variant', async () => {
    const res = await get('/js/plain.fedcba98.js', { 'Accept-Encoding': 'gzip, br' });
    expect(res.headers['content-encoding']).toBeUndefined();
    expect(res.body.toString()).toBe('plain()');
  });

  it('answers GET /favicon.ico with 200 image/x-icon', async () => {
    const res = await get('/favicon.ico');
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toBe('image/x-icon');
    expect(res.headers['content-encoding']).toBeUndefined();
  });

  it('answers 304 to a revalidation of index.html with its ETag', async () => {
    const first = await get('/', { 'Accept-Encoding': 'gzip' });
    const etag = first.headers['etag'];
    expect(etag).toMatch(/^W\/"/);
    const again = await get('/', { 'Accept-Encoding': 'gzip', 'If-None-Match': String(etag) });
    expect(again.status).toBe(304);
    const other = await get('/', { 'Accept-Encoding': 'br', 'If-None-Match': String(etag) });
    expect(other.status).toBe(200);
  });

  it('falls back to index.html for a client-side route and leaves /api and missing assets alone', async () => {
    const route = await get('/pages/cart/index', { 'Accept-Encoding': 'identity' });
    expect(route.status).toBe(200);
    expect(route.body.toString()).toBe(INDEX);
    expect((await get('/api/products')).status).toBe(404);
    expect((await get('/js/missing.js')).status).toBe(404);
    expect((await get('/..%2f..%2fetc%2fpasswd')).status).toBe(404);
  });

  it('answers HEAD with the headers and the length of the variant, without a body', async () => {
    const res = await send(server, 'HEAD', '/js/app.0123abcd.js', { 'Accept-Encoding': 'gzip' });
    expect(res.status).toBe(200);
    expect(res.headers['content-encoding']).toBe('gzip');
    expect(Number(res.headers['content-length'])).toBe(fs.statSync(path.join(root, 'js/app.0123abcd.js.gz')).size);
  });
});
