import { DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import { TIER_CODES, TIER_NAMES } from '@siyu/shared';
import { Button, Form, Input, InputNumber, Select, Space, Table, Tooltip, Typography, type FormInstance, type FormListFieldData } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { yuanRule, yuanTextToFen, YuanInput } from '../../../components/YuanInput';
import { money } from '../../../format';
import { newSkuRow, type ProductFormValues, type SkuFormRow } from './form-values';

interface Props {
  form: FormInstance<ProductFormValues>;
  isReadOnly: boolean;
}

const cell = { style: { marginBottom: 0 } };

/** 专享等级 choices: a tier and those above it. */
const MIN_TIER_OPTIONS = TIER_CODES.map((tier) => ({ value: tier, label: `${TIER_NAMES[tier]}及以上` }));

/** The shared SKU schema allows 1 to 5 spec values; the table has a column per name. */
const specNamesRule = {
  validator: async (_rule: unknown, names: string[] = []) => {
    if (names.length < 1 || names.length > 5) throw new Error('需要 1 到 5 个规格名');
  },
};

/** Private price − cost of a row as typed, or null while either is not an amount. */
function marginOf(row: SkuFormRow | undefined): number | null {
  const price = yuanTextToFen(row?.privatePrice);
  const cost = yuanTextToFen(row?.costPrice);
  return typeof price === 'number' && typeof cost === 'number' ? price - cost : null;
}

/** The tier prices of one SKU row, shown when the row is expanded. */
function TierPrices({ rowName, isReadOnly }: { rowName: number; isReadOnly: boolean }) {
  return (
    <Space wrap size="large" style={{ padding: '4px 0' }}>
      <Typography.Text type="secondary">会员价（留空 = 该等级按私域价）</Typography.Text>
      {TIER_CODES.map((tier) => (
        <Form.Item key={tier} label={TIER_NAMES[tier]} name={[rowName, 'tierPrices', tier]} rules={[yuanRule()]} {...cell}>
          <YuanInput style={{ width: 120 }} disabled={isReadOnly} aria-label={`会员价 ${TIER_NAMES[tier]}`} />
        </Form.Item>
      ))}
    </Space>
  );
}

type Field = FormListFieldData;

interface ColumnsArgs {
  specNames: string[];
  rows: SkuFormRow[];
  rowCount: number;
  isReadOnly: boolean;
  remove(index: number): void;
}

/** The SKU table's columns: a spec column per name, prices, live margin, stock, limit, exclusive tier, barcode, delete. */
function skuColumns({ specNames, rows, rowCount, isReadOnly, remove }: ColumnsArgs): ColumnsType<Field> {
  return [
    ...specNames.map((name) => ({
      title: name,
      key: `spec-${name}`,
      width: 130,
      render: (_: unknown, field: Field) => (
        <Form.Item name={[field.name, 'specs', name]} {...cell}>
          <Input disabled={isReadOnly} aria-label={`规格 ${name}`} placeholder={name} />
        </Form.Item>
      ),
    })),
    ...(
      [
        ['publicPrice', '划线价', true],
        ['privatePrice', '私域价', true],
        ['costPrice', '成本价', true],
      ] as const
    ).map(([key, title, required]) => ({
      title,
      key,
      width: 130,
      render: (_: unknown, field: Field) => (
        <Form.Item name={[field.name, key]} rules={[yuanRule({ required })]} {...cell}>
          <YuanInput disabled={isReadOnly} aria-label={title} />
        </Form.Item>
      ),
    })),
    {
      title: '毛利',
      key: 'margin',
      width: 100,
      align: 'right',
      render: (_, field) => {
        const margin = marginOf(rows[field.name]);
        if (margin === null) return <Typography.Text type="secondary">—</Typography.Text>;
        return <Typography.Text type={margin < 0 ? 'danger' : 'success'}>{money(margin)}</Typography.Text>;
      },
    },
    {
      title: <Tooltip title="已有规格的库存请在“库存”页调整，以留下流水">库存</Tooltip>,
      key: 'stock',
      width: 110,
      render: (_, field) => (
        <Form.Item name={[field.name, 'stock']} {...cell}>
          <InputNumber min={0} precision={0} disabled={isReadOnly || rows[field.name]?.id !== undefined} aria-label="库存" style={{ width: '100%' }} />
        </Form.Item>
      ),
    },
    {
      title: '限购',
      key: 'purchaseLimit',
      width: 100,
      render: (_, field) => (
        <Form.Item name={[field.name, 'purchaseLimit']} {...cell}>
          <InputNumber min={1} max={9999} precision={0} placeholder="不限" disabled={isReadOnly} aria-label="限购" style={{ width: '100%' }} />
        </Form.Item>
      ),
    },
    {
      title: <Tooltip title="专享规格只对该等级及以上的会员显示、可购买">专享等级</Tooltip>,
      key: 'minTier',
      width: 130,
      render: (_, field) => (
        <Form.Item name={[field.name, 'minTier']} {...cell}>
          <Select allowClear placeholder="不限" options={MIN_TIER_OPTIONS} disabled={isReadOnly} aria-label="专享等级" style={{ width: '100%' }} />
        </Form.Item>
      ),
    },
    {
      title: '条码',
      key: 'barcode',
      width: 160,
      render: (_, field) => (
        <Form.Item name={[field.name, 'barcode']} {...cell}>
          <Input disabled={isReadOnly} aria-label="条码" />
        </Form.Item>
      ),
    },
    {
      title: '操作',
      key: 'actions',
      width: 70,
      fixed: 'right',
      render: (_, field) => (
        <Button type="text" danger icon={<DeleteOutlined />} disabled={isReadOnly || rowCount <= 1} aria-label="删除规格" onClick={() => remove(field.name)} />
      ),
    },
  ];
}

/**
 * SKU editing as a table: one column per spec name, prices in yuan, the live margin (private price −
 * cost, red below cost), stock (initial stock only: later changes go through 库存), limit, exclusive tier and barcode.
 */
export function SkuTable({ form, isReadOnly }: Props) {
  const specNames = Form.useWatch('specNames', form) ?? [];
  const rows = Form.useWatch('skus', form) ?? [];
  return (
    <>
      <Form.Item label="规格名" name="specNames" tooltip="如 颜色、尺码；每个规格名是下表的一列，最多 5 个" rules={[specNamesRule]}>
        <Select
          mode="tags"
          disabled={isReadOnly}
          style={{ maxWidth: 480 }}
          placeholder="输入规格名后回车"
          tokenSeparators={[',', '，']}
          open={false}
          suffixIcon={null}
        />
      </Form.Item>
      <Form.List name="skus">
        {(fields, { add, remove }) => {
          const columns = skuColumns({ specNames, rows, rowCount: fields.length, isReadOnly, remove });
          return (
            <>
              <Table
                size="small"
                bordered
                rowKey="key"
                pagination={false}
                dataSource={fields}
                columns={columns}
                scroll={{ x: 'max-content' }}
                expandable={{
                  expandedRowRender: (field) => <TierPrices rowName={field.name} isReadOnly={isReadOnly} />,
                  columnTitle: '会员价',
                  columnWidth: 72,
                }}
                data-testid="sku-table"
              />
              {!isReadOnly && (
                <Button type="dashed" icon={<PlusOutlined />} style={{ marginTop: 12 }} onClick={() => add(newSkuRow())} disabled={fields.length >= 50}>
                  添加规格
                </Button>
              )}
            </>
          );
        }}
      </Form.List>
    </>
  );
}
