import fs from 'node:fs';
import path from 'node:path';
import type { AppMiddleware } from './types';

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.webp': 'image/webp',
  '.ico': 'image/x-icon',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.ttf': 'font/ttf',
  '.map': 'application/json; charset=utf-8',
};

/** A file name with an 8+ hex-char hash can be cached forever; everything else is revalidated. */
const HASHED = /[.-][0-9a-f]{8,}\.(js|css|png|jpg|svg|woff2?)$/i;

/**
 * Serves a built front-end (the H5 shop at `/`, the admin console at `/admin`) from `root`.
 * GET/HEAD only, never outside `root`, and paths without a file fall back to index.html
 * (history routing), except under /api which stays the API's.
 */
export function serveBuild(mountPath: string, root: string): AppMiddleware {
  const base = mountPath === '/' ? '' : mountPath.replace(/\/$/, '');
  const resolvedRoot = path.resolve(root);
  return async (ctx, next) => {
    const isMine = base === '' ? true : ctx.path === base || ctx.path.startsWith(`${base}/`);
    if (!isMine || (ctx.method !== 'GET' && ctx.method !== 'HEAD') || ctx.path.startsWith('/api/')) return next();
    if (base && ctx.path === base) {
      ctx.redirect(`${base}/`);
      return;
    }
    let relative: string;
    try {
      relative = decodeURIComponent(ctx.path.slice(base.length)).replace(/^\/+/, '');
    } catch {
      return next();
    }
    const candidate = path.resolve(resolvedRoot, relative || 'index.html');
    if (candidate !== resolvedRoot && !candidate.startsWith(`${resolvedRoot}${path.sep}`)) return next();
    const file = isFile(candidate) ? candidate : path.extname(relative) ? null : path.join(resolvedRoot, 'index.html');
    if (!file || !isFile(file)) return next();
    ctx.type = TYPES[path.extname(file).toLowerCase()] ?? 'application/octet-stream';
    ctx.set('Cache-Control', HASHED.test(file) ? 'public, max-age=31536000, immutable' : 'no-cache');
    ctx.length = fs.statSync(file).size;
    ctx.body = ctx.method === 'HEAD' ? null : fs.createReadStream(file);
  };
}

function isFile(file: string): boolean {
  try {
    return fs.statSync(file).isFile();
  } catch {
    return false;
  }
}
