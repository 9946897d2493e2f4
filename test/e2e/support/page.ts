import type { Locator, Page } from 'playwright-core';

/** Waits until a visible element shows exactly `text`. */
export function visible(page: Page, text: string, timeout = 15_000): Promise<void> {
  return page.getByText(text, { exact: true }).filter({ visible: true }).first().waitFor({ timeout });
}

/** Waits (up to 15 s) until the first element of `locator` contains `text`, then asserts it. */
export async function expectText(locator: Locator, text: string): Promise<void> {
  await locator.first().waitFor({ timeout: 15_000 });
  for (let i = 0; i < 75; i += 1) {
    if ((await locator.first().innerText()).includes(text)) return;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  expect(await locator.first().innerText()).toContain(text);
}
