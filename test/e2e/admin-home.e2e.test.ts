import type { Page } from 'playwright-core';
import type { AdminHomeSummary } from '@siyu/shared';
import { adminShot, menu } from './support/admin-page';
import { adminSuite } from './support/admin-suite';

/**
 * The console's landing page and layout at 1440 × 900 in Debian's Chromium, against the real server
 * (what `npm start` runs) on a fresh seeded database, and the built front-ends as the server sends them:
 * precompressed, cached, with a favicon. Screenshots: test/artifacts/screenshots/admin-home*.png.
 */
describe('admin home and front-end delivery', () => {
  const suite = adminSuite();

  const { openAdmin } = suite;

  async function summaryOf(page: Page): Promise<AdminHomeSummary> {
    const token = await page.evaluate<string>("JSON.parse(localStorage.getItem('siyu.admin.session') || '{}').accessToken");
    const response = await fetch(`${suite.server.baseUrl}/api/admin/home`, { headers: { Authorization: `Bearer ${token}` } });
    expect(response.status).toBe(200);
    return (await response.json()) as AdminHomeSummary;
  }

  it('owner lands on 数据概况 (issue 16) with the 今日 cards on top: they show the API’s figures and open the filtered pages', async () => {
    const page = await openAdmin('owner');
    await page.waitForURL(/\/admin\/dashboard$/);
    await page.getByTestId('home-card-ship').waitFor();
    const summary = await summaryOf(page);
    const cardText = (key: string) => page.getByTestId(`home-card-${key}`).innerText();
    expect(await cardText('ship')).toContain(String(summary.ordersToShip));
    expect(await cardText('refunds')).toContain(String(summary.refundsToReview));
    expect(await cardText('approvals')).toContain(String(summary.approvalsWaiting));
    expect(await cardText('paid')).toContain(String(summary.paidToday?.orders));
    expect(await cardText('paid')).toMatch(/成交额 ¥[\d,]+\.\d\d/);
    expect(
      await menu(page)
        .getByRole('menuitem', { name: /数据概况/ })
        .getAttribute('class'),
    ).toContain('selected');
    // No body margin, and nothing is wider than the window (the dashboard is taller than it: it scrolls down).
    const overflow = await page.evaluate<{ x: number; margin: string }>(
      `({ x: document.documentElement.scrollWidth - innerWidth, margin: getComputedStyle(document.body).margin })`,
    );
    expect(overflow).toEqual({ x: 0, margin: '0px' });
    await adminShot(page, 'admin-home-1440');

    await page.getByTestId('home-card-ship').click();
    await page.waitForURL(/\/admin\/orders\?status=paid$/);
    await page.goto(`${suite.server.baseUrl}/admin/`);
    await page.getByTestId('home-card-refunds').click();
    await page.waitForURL(/\/admin\/refunds$/);
  }, 120_000);

  it('service (no data permission) keeps 首页 at /: the 今日 cards; the page does not scroll', async () => {
    const page = await openAdmin('service');
    expect(new URL(page.url()).pathname).toMatch(/^\/admin\/?$/);
    await page.getByTestId('home-card-ship').waitFor();
    expect(await menu(page).getByRole('menuitem', { name: /首页/ }).getAttribute('class')).toContain('selected');
    const overflow = await page.evaluate<{ x: number; y: number; margin: string }>(
      `({ x: document.documentElement.scrollWidth - innerWidth, y: document.documentElement.scrollHeight - innerHeight, margin: getComputedStyle(document.body).margin })`,
    );
    expect(overflow).toEqual({ x: 0, y: 0, margin: '0px' });
    await adminShot(page, 'admin-home-service');
  }, 120_000);

  it('analyst sees the 今日 cards too (on 数据概况), with the figures of the pages a reader may open', async () => {
    const page = await openAdmin('analyst');
    await page.getByTestId('home-card-paid').waitFor();
    const summary = await summaryOf(page);
    expect(summary.paidToday).not.toBeNull();
    await adminShot(page, 'admin-home-analyst');
  }, 120_000);

  it('keeps the SKU 条码 cell clear of the fixed 操作 column at 1440 px', async () => {
    const page = await openAdmin('owner');
    await page.goto(`${suite.server.baseUrl}/admin/products/new`);
    const barcode = page.getByTestId('sku-table').getByLabel('条码').first();
    await barcode.waitFor();
    // Scrolled into view the way a user would reach it (no further than needed), then the element drawn at the
    // middle of the input must be the input itself, not the sticky 操作 cell over it.
    await barcode.evaluate((input) => input.setAttribute('data-e2e', 'barcode'));
    const isOnTop = await page.evaluate<boolean>(`(() => {
      const input = document.querySelector('[data-e2e="barcode"]');
      input.scrollIntoView({ block: 'center', inline: 'nearest' });
      const rect = input.getBoundingClientRect();
      const hit = document.elementFromPoint(rect.left + rect.width / 2, rect.top + rect.height / 2);
      return hit === input || input.contains(hit);
    })()`);
    expect(isOnTop).toBe(true);
    await adminShot(page, 'admin-home-sku-table-1440');
  }, 120_000);

  it('sends the shop and the console precompressed (br / gzip), hashed assets immutable, index.html revalidated, a favicon', async () => {
    for (const entry of ['/', '/admin/']) {
      const html = await fetch(`${suite.server.baseUrl}${entry}`, { headers: { 'Accept-Encoding': 'br, gzip' } });
      expect(html.status).toBe(200);
      expect(html.headers.get('content-encoding')).toBe('br');
      expect(html.headers.get('cache-control')).toBe('no-cache');
      const text = await html.text(); // fetch decodes it
      const assets = [...text.matchAll(/(?:src|href)="(\/[^"]+\.(?:js|css))"/g)].map((match) => match[1] ?? '');
      expect(assets.length).toBeGreaterThanOrEqual(2);
      for (const asset of assets) {
        const gzip = await fetch(`${suite.server.baseUrl}${asset}`, { headers: { 'Accept-Encoding': 'gzip' } });
        expect([asset, gzip.status, gzip.headers.get('content-encoding'), gzip.headers.get('cache-control')]).toEqual([
          asset,
          200,
          'gzip',
          'public, max-age=31536000, immutable',
        ]);
        expect(gzip.headers.get('vary')).toMatch(/Accept-Encoding/i);
      }
    }
    for (const icon of ['/favicon.ico', '/admin/favicon.ico']) {
      const response = await fetch(`${suite.server.baseUrl}${icon}`);
      expect([icon, response.status, response.headers.get('content-type')]).toEqual([icon, 200, 'image/x-icon']);
    }
  }, 120_000);
});
