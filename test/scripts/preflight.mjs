#!/usr/bin/env node
// npm test, step one: what the run needs from the machine, checked in milliseconds instead of failing
// minutes later. The browser tests drive Debian's Chromium (CHROMIUM_PATH, default /usr/bin/chromium).
import fs from 'node:fs';

const chromium = process.env.CHROMIUM_PATH || '/usr/bin/chromium';

function isExecutable(file) {
  try {
    fs.accessSync(file, fs.constants.X_OK);
    return fs.statSync(file).isFile();
  } catch {
    return false;
  }
}

if (!isExecutable(chromium)) {
  console.error(
    `preflight: no Chromium at ${chromium} — install it with \`apt-get install chromium fonts-noto-cjk\`, or set CHROMIUM_PATH to a Chromium binary.`,
  );
  process.exit(1);
}
