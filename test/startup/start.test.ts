import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { waitForBaseUrl } from '../e2e/support/server';

const ROOT = path.resolve(__dirname, '../..');

interface Started {
  child: ChildProcess;
  output: () => string;
  baseUrl: string;
  startupMs: number;
}

/** Runs `npm start` exactly as the README says, on a private data folder and a free port. */
async function npmStart(dataDir: string): Promise<Started> {
  const startedAt = Date.now();
  const child = spawn('npm', ['start'], {
    cwd: ROOT,
    detached: true,
    env: { ...process.env, PORT: '0', PGLITE_DIR: path.join(dataDir, 'pglite'), LOG_LEVEL: 'info', NODE_OPTIONS: '', DATABASE_URL: '' },
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
    started.child.once('close', () => resolve(/"msg":"stopped"/.test(started.output())));
    if (started.child.pid) process.kill(-started.child.pid, 'SIGTERM');
  });
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
});
