import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

export const ROOT = path.resolve(__dirname, '../../..');

export interface RunningServer {
  baseUrl: string;
  /** The folder holding the embedded database (and demo secrets). */
  dataDir: string;
  output: () => string;
  /** SIGTERM (graceful), then the data folder is removed unless `keepData`. */
  stop(options?: { keepData?: boolean }): Promise<void>;
  /** SIGKILL: a crash, nothing flushed or closed; the data folder stays. */
  kill(): Promise<void>;
}

/**
 * Starts the real server (what `npm start` runs) on a fresh embedded database seeded with the demo
 * brand, with the WeChat simulator, on a free port. Front-end builds must exist (the test runner builds them).
 * The demo's running journeys are left out (DEMO_JOURNEYS=off): their welcome coupon would reach each new
 * shopper a moment after login and change the prices other suites check. Journey suites pass
 * `env: { DEMO_JOURNEYS: 'on' }`.
 */
export async function startServer(options: { dataDir?: string; env?: NodeJS.ProcessEnv } = {}): Promise<RunningServer> {
  const dataDir = options.dataDir ?? fs.mkdtempSync(path.join(os.tmpdir(), 'siyu-e2e-'));
  // One process (tsx as a loader, not its CLI wrapper), so that SIGKILL really kills the server.
  const child: ChildProcess = spawn(process.execPath, ['--import', 'tsx', 'server/src/main.ts'], {
    cwd: ROOT,
    env: {
      ...process.env,
      PORT: '0',
      PGLITE_DIR: path.join(dataDir, 'pglite'),
      LOG_LEVEL: 'warn',
      NODE_OPTIONS: '',
      DATABASE_URL: '',
      DEMO_JOURNEYS: 'off',
      ...options.env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const baseUrl = await waitForBaseUrl(child, () => output);
  const exit = (signal: NodeJS.Signals, keepData: boolean) =>
    new Promise<void>((resolve) => {
      child.once('exit', () => {
        if (!keepData) fs.rmSync(dataDir, { recursive: true, force: true });
        resolve();
      });
      child.kill(signal);
    });
  return {
    baseUrl,
    dataDir,
    output: () => output,
    stop: (stopOptions = {}) => exit('SIGTERM', stopOptions.keepData ?? false),
    kill: () => exit('SIGKILL', true),
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
      } else if (child.exitCode !== null || child.signalCode !== null) {
        clearInterval(timer);
        reject(new Error(`server exited (${child.exitCode ?? child.signalCode}):\n${output()}`));
      }
    }, 100);
  });
}
