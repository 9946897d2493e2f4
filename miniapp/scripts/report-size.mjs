#!/usr/bin/env node
// After `build:weapp` and `build:h5`: prints the weapp main package size and the H5 bundle size, and
// fails when the main package reaches WeChat's 2 MB limit or when simulator code leaked into weapp.
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const WEAPP_LIMIT = 2 * 1024 * 1024;

function files(dir) {
  if (!fs.existsSync(dir)) throw new Error(`${path.relative(root, dir)} is missing: run the build first`);
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    return entry.isDirectory() ? files(full) : [full];
  });
}

const kb = (bytes) => `${(bytes / 1024).toFixed(1)} KB`;
const sum = (list) => list.reduce((total, file) => total + fs.statSync(file).size, 0);

// weapp: everything in dist/ is the main package (no subpackages yet).
const weapp = files(path.join(root, 'dist'));
const weappBytes = sum(weapp);
const leaked = weapp.filter((file) => /\.(js|json|wxml)$/.test(file) && /wechat-sim|pages\/login\//.test(fs.readFileSync(file, 'utf8')));

// H5: the JS and CSS a browser may download, raw and gzipped.
const h5 = files(path.join(root, 'dist-h5')).filter((file) => /\.(js|css)$/.test(file));
const h5Bytes = sum(h5);
const h5Gzip = h5.reduce((total, file) => total + zlib.gzipSync(fs.readFileSync(file)).length, 0);

console.log(`weapp main package: ${kb(weappBytes)} (${weapp.length} files, limit ${kb(WEAPP_LIMIT)})`);
console.log(`H5 bundle: ${kb(h5Bytes)} JS+CSS (${kb(h5Gzip)} gzipped, ${h5.length} files)`);
if (leaked.length > 0) {
  console.error(`simulator code found in the weapp build: ${leaked.map((file) => path.relative(root, file)).join(', ')}`);
  process.exit(1);
}
if (weappBytes >= WEAPP_LIMIT) {
  console.error('the weapp main package must stay under 2 MB');
  process.exit(1);
}
