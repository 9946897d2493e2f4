import { shippingTemplateInputSchema, type ShippingTemplate } from '@siyu/shared';
import { NEW_TEMPLATE, templateBody, templateFields } from './template-form';

const stored = {
  id: 3,
  name: '全国标准快递',
  basis: 'piece',
  isDefault: true,
  defaultRule: { firstUnits: 1, firstFeeFen: 800, additionalUnits: 1, additionalFeeFen: 200, freeAmountFen: 9900, freePieces: null },
  regionRules: [
    { provinceCodes: ['310000', '320000'], firstUnits: 1, firstFeeFen: 800, additionalUnits: 1, additionalFeeFen: 200, freeAmountFen: 5900, freePieces: 3 },
  ],
  undeliverableProvinceCodes: ['810000'],
} as unknown as ShippingTemplate;

describe('shipping template form', () => {
  it('round-trips a stored template through the form (yuan text ↔ fen, empty ↔ null)', () => {
    const fields = templateFields(stored);
    expect(fields.defaultRule).toMatchObject({ firstFee: '8.00', freeAmount: '99.00', freePieces: null });
    const { id: _id, ...body } = stored;
    expect(templateBody(fields)).toEqual(body);
  });

  it('sends ¥0.10 + typed amounts as exact fen, and a blank free amount as none', () => {
    const body = templateBody({ ...NEW_TEMPLATE, name: '测试', defaultRule: { ...NEW_TEMPLATE.defaultRule, firstFee: '0.1', freeAmount: '' } });
    expect(body.defaultRule).toEqual({ firstUnits: 1, firstFeeFen: 10, additionalUnits: 1, additionalFeeFen: 200, freeAmountFen: null, freePieces: null });
    expect(shippingTemplateInputSchema.safeParse(body).success).toBe(true);
  });
});
