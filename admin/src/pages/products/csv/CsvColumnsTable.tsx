import { CATALOG_CSV_COLUMNS, CATALOG_CSV_MAX_ROWS, serializeCsv, type CatalogCsvColumn } from '@siyu/shared';
import { Button, Table, Tag, Typography } from 'antd';
import { saveBlob } from '../../../api/catalog-io';

/** A template file: the header and one example row, UTF-8 with BOM for Excel. */
function downloadTemplate(): void {
  const csv = serializeCsv([CATALOG_CSV_COLUMNS.map((column) => column.key), CATALOG_CSV_COLUMNS.map((column) => column.example)], { bom: true });
  saveBlob({ blob: new Blob([csv], { type: 'text/csv;charset=utf-8' }), filename: '商品导入模板.csv' });
}

/** The CSV columns, documented from the same definition the server reads them with. */
export function CsvColumnsTable() {
  return (
    <>
      <Typography.Paragraph type="secondary" style={{ marginBottom: 8 }}>
        每行一个规格（SKU），第 1 行为表头（英文列名或中文列名均可，列的顺序不限）。UTF-8 或 Excel 的“CSV（逗号分隔）”均可；一次最多 {CATALOG_CSV_MAX_ROWS}{' '}
        行。新商品以草稿创建，上架请在商品页操作。
        <Button type="link" size="small" onClick={downloadTemplate}>
          下载模板
        </Button>
      </Typography.Paragraph>
      <Table<CatalogCsvColumn>
        size="small"
        rowKey="key"
        pagination={false}
        dataSource={[...CATALOG_CSV_COLUMNS]}
        scroll={{ y: 260 }}
        columns={[
          {
            title: '列名',
            dataIndex: 'key',
            width: 190,
            render: (key: string, column) => (
              <>
                <Typography.Text code>{key}</Typography.Text> {column.label}
              </>
            ),
          },
          { title: '必需', dataIndex: 'isRequiredHeader', width: 70, render: (isRequired: boolean) => (isRequired ? <Tag color="red">表头必需</Tag> : null) },
          { title: '说明', dataIndex: 'description' },
          { title: '示例', dataIndex: 'example', width: 110 },
        ]}
      />
    </>
  );
}
