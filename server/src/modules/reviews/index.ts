/**
 * Product reviews (评价): members review each line of a received order once; staff approve or reject;
 * the product page shows approved reviews; the first approved review of a member earns the store's
 * 首次评价 growth and points, once.
 */
export { adminReviewRoutes, REVIEW_IMAGE_UPLOAD_PATH, reviewRoutes } from './routes';
