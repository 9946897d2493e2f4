import type { Locator, Page } from 'playwright-core';
import { screenshot } from './browser';

/** The demo staff password (demo credentials, printed in the start-up banner). */
export const DEMO_PASSWORD = 'siyu-demo-2026';

/** antd puts a space between the two characters of a two-character Chinese button label; an icon may come first. */
export const button = (scope: Page | Locator, label: string) => scope.getByRole('button', { name: new RegExp(`(^|\\s)${[...label].join('\\s*')}\\s*$`) });

/** The console's side menu. */
export const menu = (page: Page) => page.getByRole('menu', { name: '主菜单' });

/**
 * Opens the antd select labelled `label`, types `search` (if any) and picks the option containing `text`,
 * until the select shows it (CI saw a click select nothing while the list moved or re-rendered, and the
 * Escape after it only closed the list, leaving the select empty). A multiple select stays
 * open after a pick and is closed with Escape; a single one closes itself, and an Escape would reach the modal
 * or drawer around it and close that (seen with the CPU throttled): a single select gets no Escape. `keepsValue: false`
 * for a select that acts on a pick and clears itself (the caller checks the effect; one attempt).
 */
export async function pickOption(page: Page, label: string, search: string, text: string, { keepsValue = true } = {}): Promise<void> {
  const input = page.getByLabel(label, { exact: true });
  const select = input.locator('xpath=ancestor::*[contains(concat(" ", normalize-space(@class), " "), " ant-select ")][1]');
  const chosen = select.locator('.ant-select-selection-item, .ant-select-content-has-value', { hasText: text });
  const openList = page.locator('.ant-select-dropdown:not(.ant-select-dropdown-hidden)');
  const isMultiple = async () => ((await select.getAttribute('class')) ?? '').split(/\s+/).includes('ant-select-multiple');
  for (let attempt = 1; ; attempt += 1) {
    await input.click();
    if (search) await input.fill(search);
    // The option's own click handler, not a mouse click: the list may still be moving (a modal's zoom, a
    // re-render), which a positioned click waits out or misses; whether it took is checked below.
    await openList.locator('.ant-select-item-option', { hasText: text }).first().dispatchEvent('click');
    if (await isMultiple()) await page.keyboard.press('Escape');
    await openList.waitFor({ state: 'detached' }).catch(() => undefined);
    if (!keepsValue) return;
    const shown = await chosen
      .first()
      .waitFor({ timeout: 5_000 })
      .then(() => true)
      .catch(() => false);
    if (shown) return;
    if (attempt === 3) throw new Error(`the select "${label}" never showed "${text}"`);
  }
}

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
