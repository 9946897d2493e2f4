import type { AdminProduct } from '@siyu/shared';
import { duplicateSpecRows, fieldOfBodyPath, productToValues, validateProduct, type ProductFormValues } from './form-values';

const product: AdminProduct = {
  id: 1,
  categoryId: 3,
  title: '帆布包',
  subtitle: '',
  images: ['/a.png'],
  description: '',
  role: 'hero',
  tags: [],
  status: 'draft',
  sortOrder: 0,
  salesCount: 0,
  priceFromFen: 10,
  skus: [
    {
      id: 11,
      productId: 1,
      specs: { 颜色: '红' },
      publicPriceFen: 30,
      privatePriceFen: 20,
      costPriceFen: 10,
      tierPrices: { gold: 10 },
      stock: 7,
      purchaseLimit: 2,
      barcode: 'AB-1234',
      minTier: null,
    },
  ],
  createdAt: '',
  updatedAt: '',
};

/** The form fields the schema issues of `values` land on. */
function fieldsOfIssues(values: ProductFormValues) {
  const result = validateProduct(values);
  if (result.success) throw new Error('expected issues');
  const fieldOf = fieldOfBodyPath(values);
  return result.error.issues.map((issue) => fieldOf(issue.path.filter((p): p is string | number => typeof p !== 'symbol')));
}

describe('product form values', () => {
  it('round-trips a product through the form: yuan text in the form, the same fen in the body', () => {
    const values = productToValues(product);
    expect(values.skus[0]).toMatchObject({ publicPrice: '0.30', privatePrice: '0.20', costPrice: '0.10', tierPrices: { gold: '0.10' } });
    const result = validateProduct(values);
    expect(result.success && result.data.skus[0]).toEqual({
      specs: { 颜色: '红' },
      publicPriceFen: 30,
      privatePriceFen: 20,
      costPriceFen: 10,
      tierPrices: { gold: 10 },
      stock: 7,
      purchaseLimit: 2,
      barcode: 'AB-1234',
      minTier: null,
    });
  });

  it('keeps a SKU’s 专享等级 (minTier) through the form', () => {
    const [sku] = product.skus;
    if (!sku) throw new Error('no sku');
    const values = productToValues({ ...product, skus: [{ ...sku, minTier: 'gold' }] });
    expect(values.skus[0]?.minTier).toBe('gold');
    const result = validateProduct(values);
    expect(result.success && result.data.skus[0]?.minTier).toBe('gold');
  });

  it('puts each schema issue on the form field it came from', () => {
    const values: ProductFormValues = { ...productToValues(product), title: '', images: ['', 'not a url'] };
    const [row] = values.skus;
    if (!row) throw new Error('no row');
    values.skus = [{ ...row, tierPrices: { gold: '1.001' } }];
    expect(fieldsOfIssues(values)).toEqual(expect.arrayContaining([['title'], ['images', 1], ['skus', 0, 'tierPrices', 'gold']]));
    // The private ≤ public rule runs once the fields themselves are valid.
    values.skus = [{ ...row, privatePrice: '0.40' }];
    expect(fieldsOfIssues({ ...values, title: '帆布包', images: [] })).toEqual([['skus', 0, 'privatePrice']]);
  });

  it('maps a SKU request error to its table row', () => {
    expect(fieldOfBodyPath(productToValues(product), 3)(['barcode'])).toEqual(['skus', 3, 'barcode']);
    expect(fieldOfBodyPath(productToValues(product), 3)(['specs'])).toEqual(['skus', 3, 'specs', '颜色']);
  });

  it('finds rows that repeat the spec values of an earlier row', () => {
    const values = productToValues(product);
    const [row] = values.skus;
    if (!row) throw new Error('no row');
    values.skus = [row, { ...row, key: 'b', id: undefined }, { ...row, key: 'c', id: undefined, specs: { 颜色: '蓝' } }];
    expect(duplicateSpecRows(values)).toEqual([1]);
  });
});
