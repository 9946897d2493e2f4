import type { ProductFilter } from '../../../api/catalog';
import { catalogIoApi } from '../../../api/catalog-io';
import { CsvDownloadButton } from '../../../components/CsvDownloadButton';

/** Downloads the product × SKU table (with the list's filters) as CSV, showing how far it got. */
export function ExportCsvButton({ filter }: { filter: ProductFilter }) {
  return <CsvDownloadButton download={(onProgress) => catalogIoApi.exportCsv({ ...filter }, onProgress)} />;
}
