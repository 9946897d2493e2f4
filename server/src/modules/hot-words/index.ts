/** 热搜 (search hot words): a merchant-set list shown under the shop's search box. */
export { hotWordRoutes } from './routes';
export { replaceHotWordRows } from './repo';
