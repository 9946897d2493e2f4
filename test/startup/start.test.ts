import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { waitForBaseUrl } from '../e2e/support/server';

const ROOT = path.resolve(__dirname, '../..');

interface Started {
  child: ChildProcess;
  output: () => string;
  baseUrl: string;
  startupMs: number;
}

/** Runs `npm start` exactly as the README says, on a private data folder and a free port. */
async function npmStart(dataDir: string, env: NodeJS.ProcessEnv = {}): Promise<Started> {
  const startedAt = Date.now();
  const child = spawn('npm', ['start'], {
    cwd: ROOT,
    detached: true,
    env: { ...process.env, PORT: '0', PGLITE_DIR: path.join(dataDir, 'pglite'), LOG_LEVEL: 'info', NODE_OPTIONS: '', DATABASE_URL: '', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const baseUrl = await waitForBaseUrl(child, () => output);
  return { child, output: () => output, baseUrl, startupMs: Date.now() - startedAt };
}

/**
 * SIGTERM to the whole process group (npm → tsx → node), as a process manager would; resolves true when
 * the server logged its graceful stop (in-flight requests finished, database closed).
 */
function stop(started: Started): Promise<boolean> {
  return new Promise((resolve) => {
    started.child.once('close', (code, signal) => {
      const isStopped = /"msg":"stopped"/.test(started.output());
      // When it did not stop gracefully, say how it ended and what it logged last, so a CI log shows why.
      if (!isStopped)
        process.stdout.write(
          `server ended (code ${String(code)}, signal ${String(signal)}) without "stopped"; last output:\n${started.output().slice(-3000)}\n`,
        );
      resolve(isStopped);
    });
    if (started.child.pid) process.kill(-started.child.pid, 'SIGTERM');
  });
}

const TEST_PG_URL = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

async function adminQuery(text: string): Promise<void> {
  const client = new pg.Client({ connectionString: TEST_PG_URL });
  await client.connect();
  try {
    await client.query(text);
  } finally {
    await client.end();
  }
}

async function postJson(url: string, body: unknown): Promise<Response> {
  return fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
}

describe('npm start', () => {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'siyu-start-'));
  afterAll(() => fs.rmSync(dataDir, { recursive: true, force: true }));

  it('migrates and seeds an empty data folder once, serves /api/health, and stops gracefully', async () => {
    const first = await npmStart(dataDir);
    try {
      expect(first.output()).toMatch(/Demo data\s+seeded now: \d+ categories, \d+ products/);
      expect(first.output()).toMatch(/WeChat\s+SIMULATOR/);
      expect(first.output()).toMatch(/DEMO credentials/);
      const health = await fetch(`${first.baseUrl}/api/health`);
      expect(health.status).toBe(200);
      expect(await health.json()).toMatchObject({ status: 'ok', driver: 'pglite', wechat: 'simulator' });
      const products = (await (await fetch(`${first.baseUrl}/api/products?limit=50`)).json()) as { items: unknown[] };
      expect(products.items.length).toBeGreaterThan(20);
      process.stdout.write(`first start (empty data dir): ${first.startupMs} ms to banner\n`);
    } finally {
      expect(await stop(first)).toBe(true);
    }
    expect(fs.existsSync(path.join(dataDir, 'secrets.json'))).toBe(true);

    const second = await npmStart(dataDir);
    try {
      expect(second.output()).toMatch(/Demo data\s+not seeded on this start/);
      const health = await fetch(`${second.baseUrl}/api/health`);
      expect(health.status).toBe(200);
      process.stdout.write(`second start: ${second.startupMs} ms to banner\n`);
    } finally {
      expect(await stop(second)).toBe(true);
    }
  }, 120_000);

  it('logs in a simulated shopper through the mounted WeChat simulator', async () => {
    const started = await npmStart(dataDir);
    try {
      const minted = await fetch(`${started.baseUrl}/wechat-sim/sim/login-code`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ user: 'startup-shopper' }),
      });
      const { code } = (await minted.json()) as { code: string };
      const login = await fetch(`${started.baseUrl}/api/auth/wechat`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ code }),
      });
      expect(login.status).toBe(200);
      const staff = await fetch(`${started.baseUrl}/api/admin/auth/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ username: 'owner', password: 'siyu-demo-2026' }),
      });
      expect(staff.status).toBe(200);
    } finally {
      expect(await stop(started)).toBe(true);
    }
  }, 120_000);

  // Two processes on one PostgreSQL database (scaling out): one simulated WeChat, whichever process is asked.
  (process.env.SIYU_TEST_PG === 'off' ? it.skip : it)(
    'two processes on one PostgreSQL database accept each other’s login codes',
    async () => {
      const name = `siyu_two_${process.pid}`;
      await adminQuery(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await adminQuery(`CREATE DATABASE ${name}`);
      const url = new URL(TEST_PG_URL);
      url.pathname = `/${name}`;
      const env = { DATABASE_URL: url.toString(), SEED_DEMO: 'off' };
      // One after the other: the first migrates, the second finds the schema up to date.
      const first = await npmStart(dataDir, env);
      const second = await npmStart(dataDir, env).catch(async (error: unknown) => {
        await stop(first);
        throw error;
      });
      try {
        const minted = (await (await postJson(`${first.baseUrl}/wechat-sim/sim/login-code`, { user: 'two-process-shopper' })).json()) as { code: string };
        const login = await postJson(`${second.baseUrl}/api/auth/wechat`, { code: minted.code });
        expect(login.status).toBe(200);
        const reused = await postJson(`${first.baseUrl}/api/auth/wechat`, { code: minted.code });
        expect(reused.status).toBe(400);
      } finally {
        const stopped = await Promise.all([stop(first), stop(second)]);
        await adminQuery(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
        expect(stopped).toEqual([true, true]);
      }
    },
    180_000,
  );
});
