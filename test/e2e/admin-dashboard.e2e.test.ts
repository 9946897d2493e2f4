import type { Page } from 'playwright-core';
import { formatFen, presetRange, toFen, type DashboardOverview, type KpiReport } from '@siyu/shared';
import { adminLogin, button, menu } from './support/admin-page';
import { adminShotCopied, adminSuite } from './support/admin-suite';
import { openPage } from './support/browser';

/**
 * Issue 16's 数据概况 home, 月度目标 and 导出记录 at 1440 × 900 against the real server on a fresh demo database:
 * staff who read data land on the dashboard after login with the overview API's figures on its cards, the
 * drill-down, the trend chart and this month's KPI; the owner sets a target, the analyst only reads; no API
 * request fails and no raw error code reaches the screen. Screenshots: admin-dashboard-*.png, admin-kpi-*.png.
 */
describe('admin 数据概况, 月度目标 and 导出记录', () => {
  const suite = adminSuite({ startTimeoutMs: 300_000 });

  /** A fresh page that records every failed API answer from the login on (the landing page's loads included). */
  async function signIn(username: string): Promise<{ page: Page; apiErrors: string[] }> {
    const page = await openPage(suite.contexts, { timeoutMs: 30_000 });
    const apiErrors: string[] = [];
    page.on('response', (response) => {
      const url = new URL(response.url());
      if (url.pathname.startsWith('/api/') && url.pathname !== '/api/admin/auth/login' && response.status() >= 400)
        apiErrors.push(`${response.status()} ${response.request().method()} ${url.pathname}`);
    });
    await adminLogin(page, suite.server.baseUrl, username);
    return { page, apiErrors };
  }

  async function apiGet<T>(page: Page, path: string): Promise<T> {
    const token = await page.evaluate<string>("JSON.parse(localStorage.getItem('siyu.admin.session') || '{}').accessToken");
    const response = await fetch(`${suite.server.baseUrl}${path}`, { headers: { Authorization: `Bearer ${token}` } });
    expect([path, response.status]).toEqual([path, 200]);
    return (await response.json()) as T;
  }

  /** No code such as REPORT_RANGE_INVERTED or HTTP_404 on screen: failures are shown in Chinese. */
  async function expectNoRawCodes(page: Page): Promise<void> {
    const text = await page.locator('body').innerText();
    expect(text).not.toMatch(/\b[A-Z]{2,}_[A-Z_]{2,}\b|HTTP_\d+|INTERNAL/);
  }

  async function expectDashboardFigures(page: Page): Promise<DashboardOverview> {
    await page.waitForURL(/\/admin\/dashboard$/);
    await page.getByTestId('metric-gmvFen').waitFor();
    const range = presetRange('7d', new Date());
    const overview = await apiGet<DashboardOverview>(page, `/api/admin/dashboard/overview?from=${range.from}&to=${range.to}`);
    const card = (metric: string) => page.getByTestId(`metric-${metric}`).innerText();
    expect(await card('gmvFen')).toContain(formatFen(toFen(overview.gmvFen.value)));
    expect(await card('netGmvFen')).toContain(formatFen(toFen(overview.netGmvFen.value)));
    expect(await card('aovFen')).toContain(formatFen(toFen(overview.aovFen.value)));
    expect(await card('paidOrders')).toContain(overview.paidOrders.value.toLocaleString('en-US'));
    expect(await card('visitors')).toContain(overview.visitors.value.toLocaleString('en-US'));
    expect(await card('conversionRate')).toContain(`${(overview.conversionRate.value * 100).toFixed(2)}%`);
    expect(await card('repurchaseRate')).toContain(`${(overview.repurchaseRate.value * 100).toFixed(2)}%`);
    expect(await page.getByTestId('dashboard-metrics').locator('[data-testid^="metric-"][role="button"]').count()).toBe(9);
    const change = overview.gmvFen.change;
    const arrow = await page.getByTestId('metric-gmvFen-change').innerText();
    if (change === null) expect(arrow).toContain('无可比数据');
    else if (change > 0) expect(arrow).toContain(`↑ ${(change * 100).toFixed(2)}%`);
    else if (change < 0) expect(arrow).toContain(`↓ ${(-change * 100).toFixed(2)}%`);
    else expect(arrow).toContain('持平');
    await page.getByTestId('dashboard-trend').locator('canvas').waitFor();
    await page.getByTestId('dashboard-kpi').getByTestId('kpi-gmvFen').waitFor();
    expect(await page.getByTestId('dashboard-as-of').innerText()).toMatch(/数据更新于 \d{4}-\d\d-\d\d|数据尚未汇总/);
    return overview;
  }

  it('owner lands on 数据概况 with the API’s figures, drills into channels, sets a KPI target', async () => {
    const { page, apiErrors } = await signIn('owner');
    const overview = await expectDashboardFigures(page);
    await page.getByTestId('dashboard-todo').getByTestId('home-card-ship').waitFor();
    await page.getByTestId('inbox-bell').waitFor();
    expect(
      await menu(page)
        .getByRole('menuitem', { name: /数据概况/ })
        .getAttribute('class'),
    ).toContain('selected');

    // Drill-down: the channel rows add up to the card's GMV.
    await page.getByTestId('metric-gmvFen').click();
    const drill = page.getByTestId('dashboard-drilldown');
    await drill.getByTestId('breakdown-table').waitFor();
    await drill.getByRole('link', { name: '查看订单' }).waitFor();
    const range = presetRange('7d', new Date());
    const breakdown = await apiGet<{ channels: { gmvFen: number }[] }>(page, `/api/admin/dashboard/breakdown?from=${range.from}&to=${range.to}`);
    expect(breakdown.channels.reduce((sum, row) => sum + row.gmvFen, 0)).toBe(overview.gmvFen.value);
    await page.getByTestId('trend-series').getByText('访客数').click();
    await adminShotCopied(page, 'admin-dashboard-owner');
    await expectNoRawCodes(page);

    // '/' sends a reader of data to the dashboard too.
    await page.goto(`${suite.server.baseUrl}/admin/`);
    await page.waitForURL(/\/admin\/dashboard$/);

    // 月度目标: set the GMV target; the progress shows it.
    await menu(page)
      .getByRole('menuitem', { name: /月度目标/ })
      .click();
    await page.waitForURL(/\/admin\/kpi$/);
    const form = page.getByTestId('kpi-form');
    await form.waitFor();
    await form.getByLabel('月度 GMV').fill('1234567.89');
    await form.getByLabel('新增会员（人）').fill('300');
    await page.getByTestId('kpi-save').click();
    const progress = page.getByTestId('kpi-progress');
    await progress.getByText('¥1,234,567.89').waitFor();
    const month = presetRange('today', new Date()).from.slice(0, 7);
    const kpi = await apiGet<KpiReport>(page, `/api/admin/kpi?month=${month}`);
    expect(kpi.metrics.find((item) => item.metric === 'gmvFen')?.target).toBe(123456789);
    expect(kpi.metrics.find((item) => item.metric === 'newMembers')?.target).toBe(300);
    expect(await progress.getByTestId('kpi-gmvFen').innerText()).toMatch(/超前|符合进度|落后|已达成目标/);
    await page.getByTestId('analytics-settings-form').waitFor();
    await page.getByTestId('analytics-settings-save').waitFor();
    await adminShotCopied(page, 'admin-kpi-owner');
    await expectNoRawCodes(page);

    await menu(page)
      .getByRole('menuitem', { name: /导出记录/ })
      .click();
    await page.waitForURL(/\/admin\/exports$/);
    await page.getByTestId('exports-table').waitFor();
    await adminShotCopied(page, 'admin-exports-owner');

    await page.getByTestId('inbox-bell').click();
    await page.getByTestId('inbox-list').waitFor();
    await expectNoRawCodes(page);
    expect(apiErrors).toEqual([]);
  }, 180_000);

  it('analyst lands on 数据概况 and reads the KPI page without edit buttons', async () => {
    const { page, apiErrors } = await signIn('analyst');
    await expectDashboardFigures(page);
    await adminShotCopied(page, 'admin-dashboard-analyst');
    await expectNoRawCodes(page);

    await menu(page)
      .getByRole('menuitem', { name: /月度目标/ })
      .click();
    await page.waitForURL(/\/admin\/kpi$/);
    await page.getByTestId('kpi-readonly').waitFor();
    await page.getByTestId('kpi-progress').getByTestId('kpi-gmvFen').waitFor();
    await page.getByTestId('analytics-settings-form').waitFor();
    expect(await page.getByTestId('kpi-form').count()).toBe(0);
    expect(await page.getByTestId('kpi-save').count()).toBe(0);
    expect(await page.getByTestId('analytics-settings-save').count()).toBe(0);
    expect(await button(page, '重新发送').count()).toBe(0);
    await adminShotCopied(page, 'admin-kpi-analyst');
    await expectNoRawCodes(page);
    expect(apiErrors).toEqual([]);
  }, 180_000);

  it('a custom range that ends in the future is refused on the page, in Chinese, before asking the server', async () => {
    const { page, apiErrors } = await signIn('owner');
    await page.getByTestId('metric-gmvFen').waitFor();
    await page.getByTestId('range-presets').getByText('自定义').click();
    const inputs = page.getByTestId('range-custom').locator('input');
    await inputs.first().waitFor();
    const today = presetRange('today', new Date()).from;
    const nextYear = `${Number(today.slice(0, 4)) + 1}${today.slice(4)}`;
    await inputs.nth(0).click();
    await inputs.nth(0).fill(today);
    await inputs.nth(0).press('Enter');
    await inputs.nth(1).fill(nextYear);
    await inputs.nth(1).press('Enter');
    await page.getByTestId('range-problem').getByText('结束日期不能晚于今天').waitFor();
    await expectNoRawCodes(page);
    expect(apiErrors).toEqual([]);
  }, 120_000);

  it('service (no data permission) keeps the 今日 home and sees no 数据 menu', async () => {
    const { page, apiErrors } = await signIn('service');
    expect(new URL(page.url()).pathname).toMatch(/^\/admin\/?$/);
    await page.getByTestId('home-card-ship').waitFor();
    expect(
      await menu(page)
        .getByRole('menuitem', { name: /数据概况/ })
        .count(),
    ).toBe(0);
    expect(apiErrors).toEqual([]);
  }, 120_000);
});
