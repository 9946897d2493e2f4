import Taro from '@tarojs/taro';
import { useState } from 'react';
import { normalizePromoCode, readPromoCode, rememberPromoCode } from '../api/promotions';

/**
 * The live promo code kept on this device (applied at checkout, where the server decides): what is
 * saved, what is being typed, save (validated, with a toast) and clear.
 */
export function usePromoCode(savedToast: string) {
  const [saved, setSaved] = useState(readPromoCode);
  const [typed, setTyped] = useState('');
  const save = () => {
    const code = normalizePromoCode(typed);
    if (!code) {
      void Taro.showToast({ title: '请输入3–20位字母或数字', icon: 'none' });
      return;
    }
    rememberPromoCode(code);
    setSaved(code);
    setTyped('');
    void Taro.showToast({ title: savedToast, icon: 'none' });
  };
  const clear = () => {
    rememberPromoCode(null);
    setSaved(null);
  };
  /** Re-reads the stored code (another page may have changed it). */
  const reload = () => setSaved(readPromoCode());
  return { saved, typed, setTyped, save, clear, reload };
}
