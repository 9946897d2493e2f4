import { ordersApi, type OrderListQuery } from '../../api/orders';
import { CsvDownloadButton } from '../../components/CsvDownloadButton';

/** Downloads the filtered order list (every page) as CSV, showing how far it got. */
export function OrderExportButton({ query }: { query: OrderListQuery }) {
  return <CsvDownloadButton download={(onProgress) => ordersApi.exportCsv(query, onProgress)} testId="order-export" />;
}
