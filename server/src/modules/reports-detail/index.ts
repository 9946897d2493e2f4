export { reportDetailRoutes } from './routes';
export { membersReport, productsReport, promotionsReport, staffReport } from './service';
