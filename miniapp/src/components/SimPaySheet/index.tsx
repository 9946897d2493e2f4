/**
 * Every build but H5 (Taro picks index.h5.tsx there): the mini-program pays in WeChat's own cashier,
 * so there is no simulated sheet to render.
 */
export function SimPaySheet() {
  return null;
}
