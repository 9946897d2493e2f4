import type { Page } from 'playwright-core';
import { button, menu } from './support/admin-page';
import { adminShotCopied, adminSuite } from './support/admin-suite';

/**
 * The 用户分层 pages at 1440 × 900 in Debian's Chromium against the real server on a fresh demo database:
 * the RFM grid (8 cells with numbers, the thresholds, the charts), a cell's members saved as a segment,
 * the settings drawer's 立即重算 with its progress, the lifecycle stages and a stage's members, and the
 * tag page (a group, a manual tag, a member added by id, a CSV with bad rows refused with the per-row
 * report); an analyst reads everything and sees no edit button. Screenshots: admin-crm-*.png.
 */
describe('admin 用户分层 pages', () => {
  const suite = adminSuite({ startTimeoutMs: 300_000 });
  const suffix = String(Date.now() % 100_000);
  const tagName = `E2E手动${suffix}`;
  const groupName = `E2E分组${suffix}`;
  let memberId = 0;

  const { openAdmin } = suite;

  const shot = adminShotCopied;

  /** True when the canvas of the chart with this test id has drawn pixels (not a blank surface). */
  async function canvasIsDrawn(page: Page, testId: string): Promise<boolean> {
    await page.getByTestId(testId).locator('canvas').first().waitFor();
    return page.evaluate<boolean>(`(() => {
      const canvas = document.querySelector('[data-testid="${testId}"] canvas');
      if (!canvas || canvas.width === 0 || canvas.height === 0) return false;
      const data = canvas.getContext('2d').getImageData(0, 0, canvas.width, canvas.height).data;
      let drawn = 0;
      for (let i = 3; i < data.length; i += 4) if (data[i] !== 0) drawn += 1;
      return drawn > 500;
    })()`);
  }

  /** Closes the open drawer with its × button. */
  async function closeDrawer(page: Page): Promise<void> {
    await page.locator('.ant-drawer-close:visible').first().click();
  }

  const CELL_CODES = ['111', '011', '101', '001', '110', '010', '100', '000'];

  /** The members figure of a cell or stage card ("1,234"). */
  const membersOf = async (page: Page, testId: string): Promise<number> =>
    Number((await page.getByTestId(testId).locator('.ant-statistic-content-value').first().innerText()).replace(/[^\d]/g, '') || 'NaN');

  it('owner reads the RFM grid, opens a cell, saves it as a segment and recomputes', async () => {
    const page = await openAdmin('owner');
    await menu(page)
      .getByRole('menuitem', { name: /RFM 分层/ })
      .click();
    await page.waitForURL(/\/admin\/crm\/rfm$/);
    await page.getByTestId('rfm-cell-111').waitFor();
    const counts: Record<string, number> = {};
    for (const code of CELL_CODES) {
      const card = page.getByTestId(`rfm-cell-${code}`);
      expect(await card.innerText()).toContain(code);
      counts[code] = await membersOf(page, `rfm-cell-${code}`);
      expect([code, Number.isInteger(counts[code])]).toEqual([code, true]);
      expect(await card.innerText()).toMatch(/¥[\d,]+\.\d\d/);
      expect(await card.innerText()).toMatch(/\d+\.\d%/);
    }
    // The demo spreads its members over every cell.
    expect(CELL_CODES.filter((code) => (counts[code] ?? 0) > 0)).toEqual(CELL_CODES);
    expect(await page.getByTestId('rfm-thresholds').innerText()).toMatch(/最近消费 ≤ \d+ 天 · 订单数 ≥ \d+ · 消费额 ≥ ¥[\d,]+\.\d\d，近 \d+ 天/);
    for (const chart of ['chart-rfm-share', 'chart-score-r', 'chart-score-f', 'chart-score-m']) {
      expect([chart, await canvasIsDrawn(page, chart)]).toEqual([chart, true]);
    }
    await shot(page, 'admin-crm-rfm');

    // A cell → its members → 保存为分群.
    await page.getByTestId('rfm-cell-111').click();
    const drawer = page.getByTestId('segment-members-drawer');
    const firstRow = drawer.getByTestId('segment-members-table').locator('tbody tr.ant-table-row').first();
    await firstRow.waitFor();
    const href = (await firstRow.locator('a').first().getAttribute('href')) ?? '';
    memberId = Number(/\/members\/(\d+)/.exec(href)?.[1]);
    expect(memberId).toBeGreaterThan(0);
    expect(await drawer.getByTestId('segment-members-table').innerText()).toContain('重要价值');
    await shot(page, 'admin-crm-rfm-members');
    await page.getByTestId('save-as-segment').click();
    const saveForm = page.getByTestId('save-segment-form');
    await saveForm.getByLabel('分群名称').fill(`E2E重要价值${suffix}`);
    await button(page.getByRole('dialog', { name: '保存为分群' }), '保存').click();
    await page.getByText(`已保存分群「E2E重要价值${suffix}」`).waitFor();
    await closeDrawer(page);
    await drawer.waitFor({ state: 'detached' });

    // 分层设置: 立即重算 shows the progress until done.
    await page.getByTestId('crm-settings-open').click();
    const settings = page.getByTestId('crm-settings');
    await settings.getByLabel('统计窗口').waitFor();
    expect(await settings.getByLabel('统计窗口').inputValue()).toBe('365');
    await page.getByTestId('crm-rebuild').click();
    await settings
      .getByTestId('rebuild-status')
      .getByText(/已完成 · 手动重算/)
      .waitFor({ timeout: 60_000 });
    await shot(page, 'admin-crm-settings');
  }, 180_000);

  it('owner reads the lifecycle stages and opens a stage', async () => {
    const page = await openAdmin('owner');
    await menu(page)
      .getByRole('menuitem', { name: /生命周期/ })
      .click();
    await page.waitForURL(/\/admin\/crm\/lifecycle$/);
    const stages = ['prospect', 'new', 'active', 'silent', 'at_risk', 'churned'];
    await page.getByTestId('lifecycle-stage-active').waitFor();
    for (const stage of stages) expect([stage, (await membersOf(page, `lifecycle-stage-${stage}`)) > 0]).toEqual([stage, true]);
    expect(await page.getByTestId('lifecycle-stages').innerText()).toContain('91–180 天没买了');
    expect(await canvasIsDrawn(page, 'chart-lifecycle')).toBe(true);
    await page.getByTestId('lifecycle-transitions').waitFor();
    await shot(page, 'admin-crm-lifecycle');
    await page.getByTestId('lifecycle-stage-silent').click();
    const drawer = page.getByTestId('segment-members-drawer');
    await drawer.getByTestId('segment-members-table').locator('tbody tr.ant-table-row').first().waitFor();
    expect(await drawer.getByTestId('segment-members-table').innerText()).toContain('沉默');
    await shot(page, 'admin-crm-lifecycle-members');
  }, 120_000);

  it('owner creates a tag group and a manual tag, adds a member and sees a bad CSV refused row by row', async () => {
    expect(memberId).toBeGreaterThan(0);
    const page = await openAdmin('owner');
    await menu(page).getByRole('menuitem', { name: /标签$/ }).click();
    await page.waitForURL(/\/admin\/tags$/);
    await page.getByTestId('tag-group-create').click();
    await page.getByTestId('tag-group-form').getByLabel('分组名称').fill(groupName);
    await button(page.getByRole('dialog'), '保存').click();
    const group = page.locator('[data-testid^="tag-group-"]', { hasText: groupName });
    await group.waitFor();

    await group.getByRole('button', { name: /新建标签/ }).click();
    const form = page.getByTestId('tag-form');
    await form.getByLabel('标签名称').fill(tagName);
    await form.getByLabel('说明').fill('端到端测试');
    await page.getByTestId('tag-save').click();
    const row = group.locator('tr', { hasText: tagName });
    await row.waitFor();
    expect(await row.innerText()).toContain('手动');
    await shot(page, 'admin-crm-tags');

    await row.getByRole('button', { name: /会\s*员/ }).click();
    const drawer = page.getByTestId('tag-members-drawer');
    await drawer.getByLabel('添加会员 ID').fill(String(memberId));
    await page.getByTestId('tag-add-members').click();
    await page.getByText('已添加 1 人').waitFor();
    await drawer.getByTestId('tag-members-table').locator('tbody tr.ant-table-row').first().waitFor();
    expect(await drawer.getByTestId('tag-members-table').innerText()).toContain(String(memberId));

    await drawer.getByRole('tab', { name: '批量导入' }).click();
    await drawer
      .getByTestId('tag-import-upload')
      .locator('xpath=ancestor::span[contains(@class,"ant-upload")]//input[@type="file"]')
      .setInputFiles({ name: 'tag.csv', mimeType: 'text/csv', buffer: Buffer.from('手机号\n13800138000\n12345\n') });
    const errors = drawer.getByTestId('tag-import-errors');
    await errors.waitFor();
    expect(await errors.innerText()).toContain('第 3 行');
    expect(await drawer.innerText()).toContain('整个文件未导入');
    await shot(page, 'admin-crm-tag-import');
  }, 120_000);

  it('analyst reads the grid, the lifecycle and the tags but has no edit button', async () => {
    const page = await openAdmin('analyst');
    await menu(page)
      .getByRole('menuitem', { name: /RFM 分层/ })
      .click();
    await page.getByTestId('rfm-cell-000').waitFor();
    await page.getByTestId('rfm-cell-011').click();
    await page.getByTestId('segment-members-table').locator('tbody tr.ant-table-row').first().waitFor();
    expect(await page.getByTestId('save-as-segment').count()).toBe(0);
    await closeDrawer(page);
    await page.getByTestId('crm-settings-open').click();
    await page.getByTestId('crm-settings').getByLabel('统计窗口').waitFor();
    expect(await page.getByTestId('crm-rebuild').count()).toBe(0);
    expect(await page.getByTestId('crm-settings-save').count()).toBe(0);
    expect(await page.getByTestId('crm-settings').getByLabel('统计窗口').isDisabled()).toBe(true);
    await shot(page, 'admin-crm-settings-analyst');
    await closeDrawer(page);

    await menu(page)
      .getByRole('menuitem', { name: /生命周期/ })
      .click();
    await page.getByTestId('lifecycle-stage-churned').waitFor();

    await menu(page).getByRole('menuitem', { name: /标签$/ }).click();
    const row = page.locator('tr', { hasText: tagName });
    await row.waitFor();
    expect(await page.getByTestId('tag-create').count()).toBe(0);
    expect(await page.getByTestId('tag-group-create').count()).toBe(0);
    expect(await row.getByRole('button', { name: /编\s*辑|归\s*档/ }).count()).toBe(0);
    expect(await page.getByText('只读').count()).toBeGreaterThan(0);
    await row.getByRole('button', { name: /会\s*员/ }).click();
    await page.getByTestId('tag-members-table').locator('tbody tr.ant-table-row').first().waitFor();
    expect(await page.getByTestId('tag-add-members').count()).toBe(0);
    await shot(page, 'admin-crm-tags-analyst');
  }, 120_000);
});
