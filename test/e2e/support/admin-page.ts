import type { Locator, Page } from 'playwright-core';
import { screenshot } from './browser';

/** The demo staff password (demo credentials, printed in the start-up banner). */
export const DEMO_PASSWORD = 'siyu-demo-2026';

/** antd puts a space between the two characters of a two-character Chinese button label; an icon may come first. */
export const button = (scope: Page | Locator, label: string) => scope.getByRole('button', { name: new RegExp(`(^|\\s)${[...label].join('\\s*')}\\s*$`) });

/** The console's side menu. */
export const menu = (page: Page) => page.getByRole('menu', { name: '主菜单' });

/**
 * Waits for antd's finite transitions (drawers, modals, menu highlight) to end, hides the passing
 * toasts that would cover the page, then saves the screenshot.
 */
export async function adminShot(page: Page, name: string): Promise<void> {
  await page.evaluate(`(() => {
    const style = document.createElement('style');
    style.id = 'e2e-hide-toasts';
    style.textContent = '.ant-message { display: none !important; }';
    document.head.append(style);
  })()`);
  await page.evaluate(`Promise.race([
    Promise.all(document.getAnimations().filter((a) => a.effect && a.effect.getTiming().iterations !== Infinity).map((a) => a.finished.catch(() => null))),
    new Promise((resolve) => setTimeout(resolve, 2000)),
  ])`);
  await screenshot(page, name);
  await page.evaluate(`document.getElementById('e2e-hide-toasts')?.remove()`);
}

/** Signs in on the console's login page as a demo staff account. */
export async function adminLogin(page: Page, baseUrl: string, username: string): Promise<void> {
  await page.goto(`${baseUrl}/admin/`);
  await page.getByLabel('用户名').fill(username);
  await page.getByLabel('密码').fill(DEMO_PASSWORD);
  await button(page, '登录').click();
  await page.getByTestId('current-staff').waitFor();
}
