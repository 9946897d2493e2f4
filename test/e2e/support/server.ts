import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

export const ROOT = path.resolve(__dirname, '../../..');

export interface RunningServer {
  baseUrl: string;
  output: () => string;
  stop(): Promise<void>;
}

/**
 * Starts the real server (what `npm start` runs) on a fresh embedded database seeded with the demo
 * brand, with the WeChat simulator, on a free port. Front-end builds must exist (the test runner builds them).
 */
export async function startServer(): Promise<RunningServer> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'siyu-e2e-'));
  const child: ChildProcess = spawn(process.execPath, [path.join(ROOT, 'node_modules/tsx/dist/cli.mjs'), 'server/src/main.ts'], {
    cwd: ROOT,
    env: { ...process.env, PORT: '0', PGLITE_DIR: path.join(dataDir, 'pglite'), LOG_LEVEL: 'warn', NODE_OPTIONS: '', DATABASE_URL: '' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const baseUrl = await waitForBaseUrl(child, () => output);
  return {
    baseUrl,
    output: () => output,
    stop: () =>
      new Promise<void>((resolve) => {
        child.once('exit', () => {
          fs.rmSync(dataDir, { recursive: true, force: true });
          resolve();
        });
        child.kill('SIGTERM');
      }),
  };
}

/** Resolves with the API base URL once the start-up banner is printed; rejects if the process exits first. */
export function waitForBaseUrl(child: ChildProcess, output: () => string): Promise<string> {
  return new Promise<string>((resolve, reject) => {
    const timer = setInterval(() => {
      const match = /API\s+(http:\/\/[\d.]+:\d+)\/api/.exec(output());
      if (match?.[1]) {
        clearInterval(timer);
        resolve(match[1]);
      } else if (child.exitCode !== null) {
        clearInterval(timer);
        reject(new Error(`server exited ${child.exitCode}:\n${output()}`));
      }
    }, 100);
  });
}
