import type { Page } from 'playwright-core';
import { menu } from './support/admin-page';
import { adminShotCopied, adminSuite } from './support/admin-suite';

/**
 * Issue 15's 实验报告 and 营销日历 at 1440 × 900 against the real server on a fresh demo database (which
 * carries the finished demo campaign with an A/B + holdout experiment, upgradeDemoExperiments): the owner and
 * an analyst open the experiments list, the demo experiment's report (three arms, lifts with intervals, the
 * two lift charts) and this month's marketing calendar, with no failed API request. Screenshots:
 * admin-experiments-*.png, admin-calendar-*.png.
 */
describe('admin 实验报告 and 营销日历', () => {
  const suite = adminSuite({ startTimeoutMs: 300_000 });

  function watchApiErrors(page: Page): string[] {
    const seen: string[] = [];
    page.on('response', (response) => {
      const url = new URL(response.url());
      if (url.pathname.startsWith('/api/') && response.status() >= 400) seen.push(`${response.status()} ${response.request().method()} ${url.pathname}`);
    });
    return seen;
  }

  const openMenu = async (page: Page, label: string, url: RegExp) => {
    await menu(page)
      .getByRole('menuitem', { name: new RegExp(label) })
      .click();
    await page.waitForURL(url);
  };

  it.each(['owner', 'analyst'])(
    '%s reads the calendar, the experiments and the demo report',
    async (username) => {
      const page = await suite.openAdmin(username);
      const apiErrors = watchApiErrors(page);

      await openMenu(page, '营销日历', /\/admin\/marketing-calendar$/);
      await page.getByTestId('marketing-calendar').waitFor();
      await page.locator('.ant-picker-calendar-date').first().waitFor();
      await adminShotCopied(page, `admin-calendar-${username}`);

      await openMenu(page, '实验报告', /\/admin\/experiments$/);
      const table = page.getByTestId('experiment-table');
      await table.waitFor();
      const demoLink = table.getByRole('link', { name: '双十二预热：券提醒 vs 新品推荐' });
      await demoLink.waitFor();
      await adminShotCopied(page, `admin-experiments-list-${username}`);

      await demoLink.click();
      await page.waitForURL(/\/admin\/experiments\/\d+$/);
      const arms = page.getByTestId('experiment-arms');
      await arms.waitFor();
      expect(await arms.locator('tbody tr.ant-table-row').count()).toBe(3);
      expect(await arms.innerText()).toMatch(/对照组/);
      expect(await arms.innerText()).toMatch(/95% 区间/);
      await page.getByTestId('chart-conversion-lift').waitFor();
      await page.getByTestId('chart-gmv-lift').waitFor();
      await adminShotCopied(page, `admin-experiments-report-${username}`);

      expect(apiErrors).toEqual([]);
    },
    180_000,
  );
});
