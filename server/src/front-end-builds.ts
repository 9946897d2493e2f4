import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { REPO_ROOT } from './config';
import type { Logger } from './lib/logger';

/** A front-end the server serves: where its build lands and how to make it. */
export interface FrontEnd {
  name: string;
  mountPath: string;
  outDir: string;
  workspace: string;
  script: string;
}

export const FRONT_ENDS: readonly FrontEnd[] = [
  { name: 'admin console', mountPath: '/admin', outDir: path.join(REPO_ROOT, 'admin/dist'), workspace: '@siyu/admin', script: 'build' },
  { name: 'H5 shop', mountPath: '/', outDir: path.join(REPO_ROOT, 'miniapp/dist-h5'), workspace: '@siyu/miniapp', script: 'build:h5' },
];

function hasScript(workspace: string, script: string): boolean {
  const dir = workspace.replace('@siyu/', '');
  const manifest = JSON.parse(fs.readFileSync(path.join(REPO_ROOT, dir, 'package.json'), 'utf8')) as { scripts?: Record<string, string> };
  return Boolean(manifest.scripts?.[script]);
}

/**
 * `npm start` builds a front-end on first start when its output is missing (later starts reuse it;
 * delete the folder or run the workspace's build script to rebuild). Returns those that can be served.
 */
export function ensureFrontEndBuilds(logger: Logger): FrontEnd[] {
  const ready: FrontEnd[] = [];
  for (const frontEnd of FRONT_ENDS) {
    const index = path.join(frontEnd.outDir, 'index.html');
    if (!fs.existsSync(index) && hasScript(frontEnd.workspace, frontEnd.script)) {
      process.stdout.write(`  building the ${frontEnd.name} (first start only)…\n`);
      const result = spawnSync('npm', ['run', frontEnd.script, '-w', frontEnd.workspace], {
        cwd: REPO_ROOT,
        stdio: 'ignore',
        env: { ...process.env, NODE_ENV: 'production' },
      });
      if (result.status !== 0) logger.error({ frontEnd: frontEnd.name, status: result.status }, 'front-end build failed; serving the API only');
    }
    if (fs.existsSync(index)) ready.push(frontEnd);
  }
  return ready;
}
