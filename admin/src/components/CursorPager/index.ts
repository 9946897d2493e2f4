export { CursorPager } from './CursorPager';
