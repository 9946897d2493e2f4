import { addressInputSchema, type Address, type AddressInput } from '@siyu/shared';
import { isCompleteRegion, regionText, type RegionValue } from '../../lib/region';

/** The form as typed: strings and the region picker's answer. */
export interface AddressForm {
  recipientName: string;
  phone: string;
  region: RegionValue | null;
  detail: string;
  isDefault: boolean;
}

export type AddressField = 'recipientName' | 'phone' | 'region' | 'detail';

export const EMPTY_FORM: AddressForm = { recipientName: '', phone: '', region: null, detail: '', isDefault: false };

const MESSAGES: Record<AddressField, string> = {
  recipientName: '请填写收货人姓名（20 字以内）',
  phone: '请填写 11 位手机号',
  region: '请选择所在地区',
  detail: '请填写详细地址（120 字以内）',
};

/** An address being edited, back in the form's shape (the region's names come from its text). */
export function formOf(address: Address): AddressForm {
  return {
    recipientName: address.recipientName,
    phone: address.phone,
    region: { codes: address.regionCodes, names: address.regionText.split(' ').filter(Boolean) },
    detail: address.detail,
    isDefault: address.isDefault,
  };
}

/**
 * Checks the form with the shared schema the server validates with, so both say the same; answers the
 * body to send, or a Chinese message per wrong field.
 */
export function validateAddressForm(form: AddressForm): { input: AddressInput; errors: null } | { input: null; errors: Partial<Record<AddressField, string>> } {
  const region = isCompleteRegion(form.region) ? form.region : null;
  const parsed = addressInputSchema.safeParse({
    recipientName: form.recipientName,
    phone: form.phone.replace(/\s+/g, ''),
    regionCodes: region?.codes ?? [],
    regionText: region ? regionText(region.names) : '',
    // A textarea allows line breaks; an address line does not (the server refuses control characters).
    detail: form.detail.replace(/\s*[\r\n\t]+\s*/g, ' '),
    isDefault: form.isDefault,
  });
  if (parsed.success) return { input: parsed.data, errors: null };
  const errors: Partial<Record<AddressField, string>> = {};
  for (const issue of parsed.error.issues) {
    const key = issue.path[0];
    const field: AddressField | null =
      key === 'regionCodes' || key === 'regionText' ? 'region' : key === 'recipientName' || key === 'phone' || key === 'detail' ? key : null;
    if (field) errors[field] = MESSAGES[field];
  }
  return { input: null, errors };
}
