import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';
import { compression } from 'vite-plugin-compression2';

const sharedEntry = fileURLToPath(new URL('../shared/src/index.ts', import.meta.url));

/**
 * The admin console is served by the API server at /admin (history fallback); in development Vite
 * proxies /api to it. Hashes are hex so the server's static handler caches the files as immutable,
 * and the libraries get chunks of their own, which stay cached across releases of the console.
 */
export default defineConfig({
  base: '/admin/',
  // Each text asset also as .br and .gz, even a tiny one (every JS/CSS answer is compressed when asked): the server
  // sends the one the browser accepts, with no compression per request.
  plugins: [react(), compression({ algorithms: ['brotliCompress', 'gzip'], skipIfLargerOrEqual: false, logLevel: 'silent' })],
  resolve: { alias: { '@siyu/shared': sharedEntry } },
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    chunkSizeWarningLimit: 1200,
    rolldownOptions: {
      output: {
        hashCharacters: 'hex',
        codeSplitting: {
          groups: [{ name: 'react', test: /node_modules[\\/](react|react-dom|react-router|react-router-dom|scheduler)[\\/]/, priority: 2 }],
        },
      },
    },
  },
  server: { port: 5174, proxy: { '/api': 'http://127.0.0.1:3000' } },
});
