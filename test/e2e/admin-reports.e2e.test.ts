import type { Page } from 'playwright-core';
import { menu } from './support/admin-page';
import { adminShotCopied, adminSuite } from './support/admin-suite';

/**
 * Issue 16's 数据 reports at 1440 × 900 against the real server on a fresh demo database: the owner and an
 * analyst open 转化漏斗, 留存与 LTV, 复购分析, 促销效果, 会员分析, 商品分析 and 员工业绩 from the menu, each showing
 * its charts or tables (or a Chinese empty state), no failed API request and no raw error code; a preset of the
 * range picker reloads the report; the 渠道报表 gains its members/GMV and CAC/ROI charts; the operator has no
 * 员工业绩 in the menu and its URL answers 403. Screenshots: admin-reports-<report>-<role>.png.
 */
describe('admin 数据 reports', () => {
  const suite = adminSuite({ startTimeoutMs: 300_000 });

  function watchApiErrors(page: Page): string[] {
    const seen: string[] = [];
    page.on('response', (response) => {
      const url = new URL(response.url());
      if (url.pathname.startsWith('/api/') && response.status() >= 400) seen.push(`${response.status()} ${response.request().method()} ${url.pathname}`);
    });
    page.on('requestfailed', (request) => {
      const url = new URL(request.url());
      // A newer load aborts the older one on purpose (useApiData); anything else is a failure.
      if (url.pathname.startsWith('/api/') && !/aborted/i.test(request.failure()?.errorText ?? '')) seen.push(`failed ${request.method()} ${url.pathname}`);
    });
    return seen;
  }

  /** A page's visible text must not show a raw code (REPORT_RANGE_INVERTED), undefined or NaN. */
  async function expectNoRawText(page: Page): Promise<void> {
    const text = await page.locator('main, .ant-layout-content').first().innerText();
    expect(text).not.toMatch(/\b[A-Z][A-Z0-9]+_[A-Z0-9_]+\b/);
    expect(text).not.toMatch(/\bundefined\b|\bNaN\b|\bnull\b|\[object Object\]/);
  }

  /** Waits for the page's antd tables to finish loading. */
  async function settled(page: Page): Promise<void> {
    await page.locator('.ant-spin-spinning').first().waitFor({ state: 'detached' });
  }

  const openReport = async (page: Page, label: string, path: string) => {
    await menu(page)
      .getByRole('menuitem', { name: new RegExp(`(^|\\s)${label}$`) })
      .click();
    await page.waitForURL(new RegExp(`/admin/reports/${path}`));
    await page.locator('.ant-card-head-title', { hasText: label }).first().waitFor();
    await settled(page);
    expect(await page.getByTestId('report-error').count()).toBe(0);
  };

  /** Polls `read` until it satisfies `isDone` (10 s), resolving with the last value read. */
  async function until<T>(read: () => Promise<T>, isDone: (value: T) => boolean): Promise<T> {
    const deadline = Date.now() + 10_000;
    let value = await read();
    while (!isDone(value) && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 100));
      value = await read();
    }
    return value;
  }

  /** The number of data rows of a table (antd adds a hidden measure row). */
  const rowsOf = (page: Page, testId: string) => page.getByTestId(testId).locator('tbody tr.ant-table-row').count();

  /** A chart with this test id, or else the card's Chinese empty state. */
  async function chartOrEmpty(page: Page, testId: string): Promise<'chart' | 'empty'> {
    const chart = page.getByTestId(testId);
    if ((await chart.count()) > 0) {
      await chart.locator('canvas').first().waitFor();
      return 'chart';
    }
    return 'empty';
  }

  it.each(['owner', 'analyst'])(
    '%s opens every report',
    async (username) => {
      const page = await suite.openAdmin(username);
      const apiErrors = watchApiErrors(page);

      // 转化漏斗: the funnel (or its empty state), the channel and daily tables; 近 7 天 reloads it.
      await openReport(page, '转化漏斗', 'funnel');
      await page.getByTestId('funnel-channels').waitFor();
      await page.getByTestId('funnel-days').waitFor();
      // Every day of the 30-day range is a row (10 per page).
      expect(await rowsOf(page, 'funnel-days')).toBe(10);
      await chartOrEmpty(page, 'chart-report-funnel');
      await expectNoRawText(page);
      await adminShotCopied(page, `admin-reports-funnel-${username}`);
      // 导出 CSV: a small report comes back as the file itself.
      const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('csv-funnel').click()]);
      expect(download.suggestedFilename()).toMatch(/\.csv$/);
      await page.getByTestId('report-range').getByText('近 7 天').click();
      await page.waitForURL(/from=\d{4}-\d{2}-\d{2}&to=\d{4}-\d{2}-\d{2}/);
      expect(
        await until(
          () => rowsOf(page, 'funnel-days'),
          (rows) => rows === 7,
        ),
      ).toBe(7);

      // 留存与 LTV: the heat map (a row per cohort month with a first order) and the LTV curves.
      await openReport(page, '留存与 LTV', 'cohorts');
      await page.getByTestId('cohort-heatmap').waitFor();
      const cohortRows = await rowsOf(page, 'cohort-heatmap');
      if (cohortRows > 0) {
        expect(await page.getByTestId('cohort-heatmap').innerText()).toMatch(/100\.0%/);
        expect(await chartOrEmpty(page, 'chart-ltv')).toBe('chart');
      }
      await expectNoRawText(page);
      await adminShotCopied(page, `admin-reports-cohorts-${username}`);

      // 复购分析: 首单会员 and the 30 / 60 / 90-day cards, the category table.
      await openReport(page, '复购分析', 'repurchase');
      const windows = page.getByTestId('repurchase-windows');
      await windows.waitFor();
      const windowText = await windows.innerText();
      for (const label of ['首单会员', '30 天复购率', '60 天复购率', '90 天复购率']) expect(windowText).toContain(label);
      await page.getByTestId('repurchase-categories').waitFor();
      await expectNoRawText(page);
      await adminShotCopied(page, `admin-reports-repurchase-${username}`);

      // 促销效果: the promotions table, the budget chart or its empty state, the live sessions.
      await openReport(page, '促销效果', 'promotions');
      await page.getByTestId('promotions-table').waitFor();
      await page.getByTestId('live-sessions-table').waitFor();
      await expectNoRawText(page);
      await adminShotCopied(page, `admin-reports-promotions-${username}`);

      // 会员分析: the points liability, tiers (the demo has members), lifecycle flows.
      await openReport(page, '会员分析', 'members');
      expect(await page.getByTestId('points-liability').innerText()).toMatch(/积分负债[\s\S]*折合 ¥[\d,]+\.\d\d/);
      await page.getByTestId('tiers-table').waitFor();
      expect(await rowsOf(page, 'tiers-table')).toBeGreaterThan(0);
      expect(await chartOrEmpty(page, 'chart-tier-pie')).toBe('chart');
      await expectNoRawText(page);
      await adminShotCopied(page, `admin-reports-members-${username}`);

      // 商品分析: the product table sortable by sales and margin, the role mix.
      await openReport(page, '商品分析', 'products');
      await page.getByTestId('products-table').waitFor();
      const header = page.getByTestId('products-table').locator('th', { hasText: '毛利率' });
      await header.click();
      await settled(page);
      await expectNoRawText(page);
      await adminShotCopied(page, `admin-reports-products-${username}`);

      // 员工业绩 (reports:staff: owner and analyst).
      await openReport(page, '员工业绩', 'staff');
      await page.getByTestId('staff-table').waitFor();
      await expectNoRawText(page);
      await adminShotCopied(page, `admin-reports-staff-${username}`);

      expect(apiErrors).toEqual([]);
    },
    240_000,
  );

  it('owner sees members/GMV and CAC/ROI charts on the 渠道报表', async () => {
    const page = await suite.openAdmin('owner');
    const apiErrors = watchApiErrors(page);
    await menu(page)
      .getByRole('menuitem', { name: /渠道报表/ })
      .click();
    await page.waitForURL(/\/admin\/channels\/report$/);
    await page.getByTestId('channel-report-table').waitFor();
    await settled(page);
    if ((await page.getByTestId('channel-report-empty').count()) === 0) {
      await page.getByTestId('chart-members-gmv').locator('canvas').first().waitFor();
      await page.getByTestId('chart-cac-roi').locator('canvas').first().waitFor();
    }
    await page.getByTestId('chart-members-gmv').scrollIntoViewIfNeeded();
    await adminShotCopied(page, 'admin-reports-channels-owner');
    expect(apiErrors).toEqual([]);
  }, 120_000);

  it('operator reads the reports but has no 员工业绩: not in the menu, 403 by URL', async () => {
    const page = await suite.openAdmin('operator');
    const apiErrors = watchApiErrors(page);
    await menu(page)
      .getByRole('menuitem', { name: /(^|\s)转化漏斗$/ })
      .waitFor();
    expect(
      await menu(page)
        .getByRole('menuitem', { name: /员工业绩/ })
        .count(),
    ).toBe(0);
    await page.goto(`${suite.server.baseUrl}/admin/reports/staff`);
    await page.getByText('403 没有权限').waitFor();
    await adminShotCopied(page, 'admin-reports-staff-403-operator');
    expect(apiErrors).toEqual([]);
  }, 120_000);
});
