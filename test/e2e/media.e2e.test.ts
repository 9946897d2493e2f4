import type { BrowserContext, Page } from 'playwright-core';
import { adminLogin, adminShot, menu } from './support/admin-page';
import { openPage, screenshot } from './support/browser';
import { startServer, type RunningServer } from './support/server';

/** Every <img> on the page that has a source finished loading with real pixels (none broken). */
async function expectImagesLoaded(page: Page, selector: string, atLeast: number): Promise<void> {
  await page.waitForFunction(
    `[...document.querySelectorAll(${JSON.stringify(selector)})].filter((img) => img.complete && img.naturalWidth > 0).length >= ${atLeast}`,
  );
  const broken = await page.evaluate(
    `[...document.querySelectorAll(${JSON.stringify(selector)})].filter((img) => img.getAttribute('src') && img.complete && img.naturalWidth === 0).map((img) => img.src)`,
  );
  expect(broken).toEqual([]);
}

/**
 * Real product media in a browser, on a fresh seeded database: the shop's cards, gallery and detail
 * pictures and the admin's 图片库 load the generated demo pictures from this server (the browser helper
 * fails the test on any failed request or console error). Screenshots: media-*.png.
 */
describe('product media in a browser', () => {
  let server: RunningServer;
  const contexts: BrowserContext[] = [];
  beforeAll(async () => {
    server = await startServer();
  }, 120_000);
  afterAll(async () => {
    for (const context of contexts) await context.close();
    await server?.stop();
  });

  it('shop: product cards, the gallery and the detail picture load their WebP variants', async () => {
    const page = await openPage(contexts, { mobile: true });
    await page.goto(`${server.baseUrl}/`);
    await page.locator('.pcard').first().waitFor({ timeout: 30_000 });
    // Card pictures load lazily, when they come into view: scroll the first two cards in, as a shopper would.
    await page.locator('.pcard').nth(1).scrollIntoViewIfNeeded();
    await expectImagesLoaded(page, '.pcard img', 2);
    const products = (await (await fetch(`${server.baseUrl}/api/products?limit=1&sort=sales`)).json()) as { items: { id: number }[] };
    await page.goto(`${server.baseUrl}/#/pages/product/index?id=${String(products.items[0]?.id)}`);
    await expectImagesLoaded(page, '.gallery img', 1);
    await page.locator('.description__image').scrollIntoViewIfNeeded();
    await expectImagesLoaded(page, '.description__image img', 1);
    await page.waitForTimeout(500);
    await screenshot(page, 'media-shop-product-detail');
  }, 120_000);

  it('admin: 图片库 shows the seeded pictures as thumbnails', async () => {
    const page = await openPage(contexts);
    await adminLogin(page, server.baseUrl, 'owner');
    await menu(page).getByText('图片库').click();
    await page.locator('.media-grid__pick img').first().waitFor();
    await expectImagesLoaded(page, '.media-grid__pick img', 12);
    await adminShot(page, 'media-admin-library');
  }, 120_000);
});
