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

/** Text formats the builds precompress (the builds write `<file>.br` and `<file>.gz` beside them). */
const COMPRESSIBLE = new Set(['.html', '.js', '.mjs', '.css', '.json', '.svg', '.map']);

/** Precompressed variants in the order the server prefers them: brotli is ~15 % smaller than gzip. */
const ENCODINGS = [
  { name: 'br', suffix: '.br' },
  { name: 'gzip', suffix: '.gz' },
] as const;

interface Served {
  file: string;
  encoding: string | null;
  size: number;
}

/**
 * Serves a built front-end (the H5 shop at `/`, the admin console at `/admin`) from `root`.
 * GET/HEAD only, never outside `root`, and paths without a file fall back to index.html
 * (history routing), except under /api which stays the API's.
 *
 * Text files go out precompressed when the build left a `.br` / `.gz` beside them and the client
 * accepts it (`Vary: Accept-Encoding` so caches keep the variants apart); hashed assets are cached
 * as immutable, everything else (index.html, favicon.ico) is revalidated with an ETag.
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

    const extension = path.extname(file).toLowerCase();
    const isCompressible = COMPRESSIBLE.has(extension);
    const served = pickVariant(file, isCompressible ? (encoding) => ctx.acceptsEncodings(encoding) === encoding : null);
    ctx.status = 200; // before the body: ctx.fresh compares only for a 2xx answer, and HEAD keeps it
    ctx.type = TYPES[extension] ?? 'application/octet-stream';
    if (isCompressible) ctx.vary('Accept-Encoding');
    if (served.encoding) ctx.set('Content-Encoding', served.encoding);
    if (HASHED.test(file)) {
      ctx.set('Cache-Control', 'public, max-age=31536000, immutable');
    } else {
      ctx.set('Cache-Control', 'no-cache');
      const stat = fs.statSync(served.file);
      ctx.etag = `W/"${stat.size.toString(16)}-${Math.floor(stat.mtimeMs).toString(16)}"`;
      if (ctx.fresh) {
        ctx.status = 304;
        return;
      }
    }
    ctx.length = served.size;
    if (ctx.method === 'GET') ctx.body = fs.createReadStream(served.file);
  };
}

/** The smallest precompressed file the client accepts (`accepts` asks Accept-Encoding), else the file itself. */
function pickVariant(file: string, accepts: ((encoding: string) => boolean) | null): Served {
  for (const encoding of accepts ? ENCODINGS : []) {
    const variant = `${file}${encoding.suffix}`;
    if (accepts?.(encoding.name) && isFile(variant)) return { file: variant, encoding: encoding.name, size: fs.statSync(variant).size };
  }
  return { file, encoding: null, size: fs.statSync(file).size };
}

function isFile(file: string): boolean {
  try {
    return fs.statSync(file).isFile();
  } catch {
    return false;
  }
}
