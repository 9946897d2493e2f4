import path from 'node:path';
import { defineConfig, type UserConfigExport } from '@tarojs/cli';
import CompressionPlugin from 'compression-webpack-plugin';
import TsconfigPathsPlugin from 'tsconfig-paths-webpack-plugin';

/**
 * Taro 4 build config (recipe: shared/docs/toolchain-notes.md). Two targets with their own output
 * folders: weapp → dist/ (opened by WeChat DevTools through the root project.config.json) and
 * h5 → dist-h5/ (served by the server at /).
 *
 * The API base URL is a build-time constant: '' (same origin) for H5, and for weapp the https URL in
 * SIYU_API_BASE_URL (WeChat only allows https domains listed in the mini-program's settings).
 * The shipping-notice subscription templates come from SIYU_SHIPPING_NOTICE_TEMPLATE_IDS.
 */
const isH5 = process.env.TARO_ENV === 'h5';
const apiBaseUrl = isH5 ? (process.env.SIYU_H5_API_BASE_URL ?? '') : (process.env.SIYU_API_BASE_URL ?? 'https://api.siyu.example');
/** Subscription-message template ids for the shipping notice (comma-separated; none: the app does not ask). */
const shippingNoticeTemplateIds = (process.env.SIYU_SHIPPING_NOTICE_TEMPLATE_IDS ?? '')
  .split(',')
  .map((id) => id.trim())
  .filter(Boolean);

/** @siyu/shared is TypeScript source: resolve it to shared/src and let babel compile it like our own code. */
const sharedSrc = path.resolve(__dirname, '../../shared/src');

interface Chain {
  resolve: { plugin(name: string): { use(plugin: unknown, args?: unknown[]): unknown }; alias: { set(key: string, value: string): unknown } };
  optimization: { splitChunks(options: object): unknown };
  plugin(name: string): { use(plugin: unknown, args?: unknown[]): unknown };
}

function webpackChain(chain: Chain): void {
  chain.resolve.plugin('tsconfig-paths').use(TsconfigPathsPlugin, [{ configFile: path.resolve(__dirname, '../tsconfig.json') }]);
  chain.resolve.alias.set('@siyu/shared$', path.join(sharedSrc, 'index.ts'));
}

/**
 * H5 loads each page as its own chunk; without this every page chunk carried its own copy of Taro's
 * web components (swiper and friends, ~230 KB). One shared chunk keeps them once.
 */
function h5WebpackChain(chain: Chain): void {
  webpackChain(chain);
  chain.optimization.splitChunks({
    chunks: 'all',
    cacheGroups: {
      taroComponents: { name: 'taro-components', test: /[\\/]node_modules[\\/]@tarojs[\\/]components/, chunks: 'all', priority: 20, enforce: true },
    },
  });
  // Every text asset also as .br and .gz, even a tiny one (minRatio Infinity): the server sends the one the browser accepts (no compression per request).
  const compressible = /\.(js|css|html|svg|json)$/;
  chain
    .plugin('compress-br')
    .use(CompressionPlugin, [{ algorithm: 'brotliCompress', filename: '[path][base].br', test: compressible, threshold: 0, minRatio: Infinity }]);
  chain
    .plugin('compress-gzip')
    .use(CompressionPlugin, [{ algorithm: 'gzip', filename: '[path][base].gz', test: compressible, threshold: 0, minRatio: Infinity }]);
}

export default defineConfig<'webpack5'>(async () => {
  const config: UserConfigExport<'webpack5'> = {
    projectName: 'siyu-miniapp',
    date: '2025-01-01',
    designWidth: 750,
    deviceRatio: { 640: 2.34 / 2, 750: 1, 375: 2, 828: 1.81 / 2 },
    sourceRoot: 'src',
    outputRoot: isH5 ? 'dist-h5' : 'dist',
    plugins: [],
    defineConstants: {
      SIYU_API_BASE_URL: JSON.stringify(apiBaseUrl),
      SIYU_SHIPPING_NOTICE_TEMPLATE_IDS: JSON.stringify(shippingNoticeTemplateIds),
    },
    // The favicon (admin/scripts/make-favicon.mjs) at the H5 root, where browsers ask for /favicon.ico.
    copy: { patterns: isH5 ? [{ from: 'src/favicon.ico', to: 'dist-h5/favicon.ico' }] : [], options: {} },
    framework: 'react',
    compiler: 'webpack5',
    cache: { enable: false },
    logger: { quiet: true, stats: false },
    mini: {
      compile: { include: [sharedSrc] },
      // Component styles are independent of each other, so their order across pages does not matter.
      miniCssExtractPluginOption: { ignoreOrder: true },
      postcss: {
        pxtransform: { enable: true, config: {} },
        cssModules: { enable: false, config: { namingPattern: 'module', generateScopedName: '[name]__[local]___[hash:base64:5]' } },
      },
      webpackChain,
    },
    h5: {
      publicPath: '/',
      staticDirectory: 'static',
      router: { mode: 'hash' },
      compile: { include: [sharedSrc] },
      output: { filename: 'js/[name].[hash:8].js', chunkFilename: 'js/[name].[chunkhash:8].js' },
      miniCssExtractPluginOption: { ignoreOrder: true, filename: 'css/[name].[hash:8].css', chunkFilename: 'css/[name].[chunkhash:8].css' },
      postcss: {
        autoprefixer: { enable: true, config: {} },
        cssModules: { enable: false, config: { namingPattern: 'module', generateScopedName: '[name]__[local]___[hash:base64:5]' } },
      },
      webpackChain: h5WebpackChain,
    },
  };
  return config;
});
