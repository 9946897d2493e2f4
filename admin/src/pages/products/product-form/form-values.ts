import { productCreateBodySchema, TIER_CODES, type AdminProduct, type AdminSku, type ProductRole, type TierCode } from '@siyu/shared';
import { fenToYuanText, yuanTextToFen } from '../../../components/YuanInput';
import type { BodyPath } from '../../../errors/field-errors';

/** One SKU row of the form: prices as the yuan text typed, the rest as the API has it. */
export interface SkuFormRow {
  /** Row identity for React (the SKU id when it exists). */
  key: string;
  id?: number;
  specs: Record<string, string | undefined>;
  publicPrice?: string;
  privatePrice?: string;
  costPrice?: string;
  tierPrices: Partial<Record<TierCode, string>>;
  stock?: number | null;
  purchaseLimit?: number | null;
  barcode?: string | null;
  /** Exclusive SKU: visible and buyable only at or above this tier (null: everyone). */
  minTier?: TierCode | null;
}

export interface ProductFormValues {
  title?: string;
  subtitle?: string;
  categoryId?: number;
  role?: ProductRole;
  /** Shopper-facing merchandising tags (新人价, 热卖 …); the role above stays internal. */
  tags?: string[];
  sortOrder?: number | null;
  description?: string;
  images: (string | undefined)[];
  /** The spec dimensions (颜色, 尺码…): one column of the SKU table each. */
  specNames: string[];
  skus: SkuFormRow[];
}

let rowSeq = 0;
/** A fresh empty SKU row. */
export function newSkuRow(): SkuFormRow {
  rowSeq += 1;
  return { key: `new-${rowSeq}`, specs: {}, tierPrices: {}, stock: 0, purchaseLimit: null, barcode: null, minTier: null };
}

export function emptyProductValues(): ProductFormValues {
  return { subtitle: '', description: '', sortOrder: 0, tags: [], images: [], specNames: ['规格'], skus: [newSkuRow()] };
}

/** Spec names over all SKUs in first-seen order (a product's SKUs usually share them). */
export function specNamesOf(skus: readonly AdminSku[]): string[] {
  const names: string[] = [];
  for (const sku of skus) for (const name of Object.keys(sku.specs)) if (!names.includes(name)) names.push(name);
  return names.length > 0 ? names : ['规格'];
}

export function skuToRow(sku: AdminSku): SkuFormRow {
  const tierPrices: SkuFormRow['tierPrices'] = {};
  for (const tier of TIER_CODES) if (sku.tierPrices[tier] !== undefined) tierPrices[tier] = fenToYuanText(sku.tierPrices[tier]);
  return {
    key: `sku-${sku.id}`,
    id: sku.id,
    specs: { ...sku.specs },
    publicPrice: fenToYuanText(sku.publicPriceFen),
    privatePrice: fenToYuanText(sku.privatePriceFen),
    costPrice: fenToYuanText(sku.costPriceFen),
    tierPrices,
    stock: sku.stock,
    purchaseLimit: sku.purchaseLimit,
    barcode: sku.barcode,
    minTier: sku.minTier,
  };
}

export function productToValues(product: AdminProduct): ProductFormValues {
  return {
    title: product.title,
    subtitle: product.subtitle,
    categoryId: product.categoryId,
    role: product.role,
    tags: [...product.tags],
    sortOrder: product.sortOrder,
    description: product.description,
    images: [...product.images],
    specNames: specNamesOf(product.skus),
    skus: product.skus.map(skuToRow),
  };
}

/** Fen of a yuan field; undefined when empty or not an amount (the schema then names the field). */
const fen = (text: string | undefined): number | undefined => yuanTextToFen(text) ?? undefined;

/** The SKU body a row stands for (before schema validation: missing prices stay undefined). */
export function rowToSkuBody(row: SkuFormRow, specNames: readonly string[]): Record<string, unknown> {
  const specs: Record<string, string> = {};
  for (const name of specNames) {
    const value = row.specs[name]?.trim();
    if (value) specs[name] = value;
  }
  const tierPrices: Record<string, number | undefined> = {};
  for (const tier of TIER_CODES) if (row.tierPrices[tier]?.trim()) tierPrices[tier] = fen(row.tierPrices[tier]);
  return {
    specs,
    publicPriceFen: fen(row.publicPrice),
    privatePriceFen: fen(row.privatePrice),
    costPriceFen: fen(row.costPrice),
    tierPrices,
    stock: row.stock ?? 0,
    purchaseLimit: row.purchaseLimit ?? null,
    barcode: row.barcode?.trim() ? row.barcode.trim() : null,
    minTier: row.minTier ?? null,
  };
}

/** The create body the form stands for, before validation. */
export function valuesToBody(values: ProductFormValues): Record<string, unknown> {
  return {
    categoryId: values.categoryId,
    title: values.title ?? '',
    subtitle: values.subtitle ?? '',
    images: values.images.map((url) => url?.trim() ?? '').filter(Boolean),
    description: values.description ?? '',
    role: values.role,
    tags: (values.tags ?? []).map((tag) => tag.trim()),
    sortOrder: values.sortOrder ?? 0,
    skus: values.skus.map((row) => rowToSkuBody(row, values.specNames)),
  };
}

/** Validated with the schema the server uses; issues come back with their body paths. */
export function validateProduct(values: ProductFormValues) {
  return productCreateBodySchema.safeParse(valuesToBody(values));
}

/**
 * The form field a body path belongs to: prices are typed in yuan under other names, a specs
 * problem shows on the row's first spec column, images keep their index only among filled URLs.
 */
export function fieldOfBodyPath(values: ProductFormValues, skuRow?: number): (path: BodyPath) => (string | number)[] | null {
  const priceFields: Record<string, string> = { publicPriceFen: 'publicPrice', privatePriceFen: 'privatePrice', costPriceFen: 'costPrice' };
  const filledImages = values.images.flatMap((url, index) => (url?.trim() ? [index] : []));
  const skuField = (row: number, rest: BodyPath): (string | number)[] | null => {
    const [field, sub] = rest;
    if (typeof field !== 'string') return null;
    if (field === 'specs') return ['skus', row, 'specs', typeof sub === 'string' && values.specNames.includes(sub) ? sub : (values.specNames[0] ?? '规格')];
    if (field === 'tierPrices') return typeof sub === 'string' ? ['skus', row, 'tierPrices', sub] : null;
    return ['skus', row, priceFields[field] ?? field];
  };
  return (path) => {
    if (skuRow !== undefined) return skuField(skuRow, path);
    const [head, index, ...rest] = path;
    if (head === 'skus' && typeof index === 'number') return skuField(index, rest);
    if (head === 'images' && typeof index === 'number') return ['images', filledImages[index] ?? index];
    return typeof head === 'string' ? [head] : null;
  };
}

/** Rows whose spec values repeat an earlier row's (a shopper could not tell them apart). */
export function duplicateSpecRows(values: ProductFormValues): number[] {
  const seen = new Set<string>();
  const duplicates: number[] = [];
  values.skus.forEach((row, index) => {
    const key = JSON.stringify(values.specNames.map((name) => row.specs[name]?.trim() ?? ''));
    if (seen.has(key)) duplicates.push(index);
    seen.add(key);
  });
  return duplicates;
}
