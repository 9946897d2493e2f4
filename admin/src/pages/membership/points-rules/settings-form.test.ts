import { DEFAULT_MEMBERSHIP_SETTINGS, membershipSettingsSchema } from '@siyu/shared';
import { settingsBodyOfValues, settingsFieldOf, valuesOfSettings } from './settings-form';

describe('积分规则 form', () => {
  it('round-trips the defaults exactly', () => {
    expect(settingsBodyOfValues(valuesOfSettings(DEFAULT_MEMBERSHIP_SETTINGS))).toEqual({ ok: true, value: DEFAULT_MEMBERSHIP_SETTINGS });
  });

  it('sends the credit delay only when "after payment" is chosen, the cap in basis points and the streak rows as a record', () => {
    const values = valuesOfSettings(DEFAULT_MEMBERSHIP_SETTINGS);
    const built = settingsBodyOfValues({
      ...values,
      growthCreditMode: 'after_days',
      growthCreditDelayDays: 15,
      pointsMaxSharePercent: 33.33,
      streakBonus: [
        { days: 3, points: 5 },
        { days: 7, points: 20 },
      ],
    });
    expect(built.ok && built.value).toEqual({
      ...DEFAULT_MEMBERSHIP_SETTINGS,
      growthCreditDelayDays: 15,
      pointsMaxShareBp: 3333,
      checkinStreakBonus: { '3': 5, '7': 20 },
    });
    if (built.ok) expect(membershipSettingsSchema.parse(built.value)).toEqual(built.value);
  });

  it('flags a repeated streak day and an empty field instead of sending a default', () => {
    const values = valuesOfSettings(DEFAULT_MEMBERSHIP_SETTINGS);
    const repeated = settingsBodyOfValues({
      ...values,
      streakBonus: [
        { days: 7, points: 20 },
        { days: 7, points: 30 },
      ],
    });
    expect(repeated).toEqual({ ok: false, errors: [{ name: ['streakBonus', 1, 'days'], errors: ['天数重复'] }] });
    const empty = settingsBodyOfValues({ ...values, signupPoints: null });
    expect(empty).toEqual({ ok: false, errors: [{ name: ['signupPoints'], errors: ['必填'] }] });
    expect(settingsFieldOf(['pointsMaxShareBp'])).toEqual(['pointsMaxSharePercent']);
  });
});
