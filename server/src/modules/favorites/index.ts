/** 收藏 (favourites): members add, remove and list their own favourite products. */
export { favoriteRoutes } from './routes';
