import type { Page } from 'playwright-core';
import { button, menu } from './support/admin-page';
import { adminShotCopied, adminSuite } from './support/admin-suite';

/**
 * 会员 list and 会员详情 (member 360) at 1440 × 900 in Debian's Chromium against the real server on a fresh
 * demo database: the owner sorts by spend, finds the top spender by the last four digits of the phone,
 * opens the 360 (tags, RFM, lifecycle, spend, timeline), writes a note, adds a manual tag and reveals the
 * full phone; an analyst reads the same page without the reveal or any action.
 * Screenshots: test/artifacts/screenshots/admin-members-*.png.
 */
describe('admin 会员 list and 360', () => {
  const suite = adminSuite();
  let memberPath = '';

  const { openAdmin } = suite;

  const shot = adminShotCopied;

  const rows = (page: Page) => page.getByTestId('member-table').locator('tbody tr.ant-table-row');
  const settled = (page: Page) => page.locator('.ant-spin-blur').waitFor({ state: 'detached' });

  it('owner filters by the last four digits, opens the 360, writes a note, adds a tag and reveals the phone', async () => {
    const page = await openAdmin('owner');
    await menu(page)
      .getByRole('menuitem', { name: /(^|\s)会员$/ })
      .click();
    await page.waitForURL(/\/admin\/members$/);
    await rows(page).first().waitFor();
    await settled(page);
    // The new columns are there, in Chinese.
    const header = await page.getByTestId('member-table').locator('thead').innerText();
    for (const title of ['会员', '手机', '等级', '生命周期', 'RFM', '累计消费', '订单数', '最近消费', '标签', '来源渠道']) expect(header).toContain(title);
    await shot(page, 'admin-members-list');

    // Sort by 累计消费 (descending first): the sort goes into the URL.
    const sorted = page.waitForResponse((response) => response.url().includes('sort=netPaidFen') && response.status() === 200);
    await page.getByTestId('member-table').locator('thead th', { hasText: '累计消费' }).click();
    await page.waitForURL(/sort=netPaidFen&order=desc/);
    // The biggest spender with a bound phone, read from the sorted answer itself.
    const sortedRows = ((await (await sorted).json()) as { items: { nickname: string; phoneMasked: string | null; netPaidFen: number }[] }).items;
    const top = sortedRows.find((row) => row.phoneMasked !== null && row.nickname !== '');
    if (!top?.phoneMasked) throw new Error('no member with a phone in the sorted list');
    const masked = top.phoneMasked;
    const suffix = masked.slice(-4);
    const nickname = top.nickname;
    const phoneCell = /^1\d\d\*{4}\d{4}$/;
    const topRow = rows(page).filter({ hasText: nickname }).first();
    await topRow.waitFor();
    await settled(page);
    expect(await topRow.innerText()).toMatch(/¥[\d,]+\.\d\d/);

    // 手机号 box: 4 digits search by the suffix; every row found ends with them, the top spender among them.
    await page.getByLabel('手机号', { exact: true }).fill(suffix);
    const answered = page.waitForResponse((response) => response.url().includes(`phoneSuffix=${suffix}`) && response.status() === 200);
    await button(page.getByTestId('member-filter'), '搜索').click();
    await page.waitForURL(new RegExp(`phoneSuffix=${suffix}`));
    const found = ((await (await answered).json()) as { items: { nickname: string; phoneMasked: string | null }[] }).items;
    expect(found.map((row) => row.nickname)).toContain(nickname);
    for (const row of found) expect(row.phoneMasked?.endsWith(suffix)).toBe(true);
    // The table shows exactly that answer.
    await page.getByTestId('member-table').getByRole('link', { name: nickname }).first().waitFor();
    await settled(page);
    expect(await rows(page).count()).toBe(found.length);
    const phones = await rows(page).locator('td', { hasText: phoneCell }).allInnerTexts();
    expect(phones.length).toBeGreaterThan(0);
    for (const phone of phones) expect(phone.trim().endsWith(suffix)).toBe(true);
    await shot(page, 'admin-members-suffix');
    // A bad phone box is refused in the form, nothing sent.
    await page.getByLabel('手机号', { exact: true }).fill('12');
    await button(page.getByTestId('member-filter'), '搜索').click();
    await page.getByText('请输入手机号后 4 位或完整 11 位号码').waitFor();

    await page.getByTestId('member-table').getByRole('link', { name: nickname }).first().click();
    await page.waitForURL(/\/admin\/members\/\d+$/);
    memberPath = new URL(page.url()).pathname;
    await page.getByTestId('member-profile').waitFor();
    await page.getByTestId('member-tags').waitFor();
    expect(await page.getByTestId('member-phone').innerText()).toBe(masked);
    // RFM cell with its scores, lifecycle, spend summary.
    const rfm = await page.getByTestId('member-rfm').innerText();
    expect(rfm).toMatch(/重要|一般/);
    expect(rfm).toMatch(/R 最近一次[\s\S]*\d 分/);
    expect(await page.getByTestId('member-lifecycle').innerText()).toMatch(/新客|活跃|沉默|流失风险|已流失/);
    expect(await page.getByTestId('spend-net').innerText()).toMatch(/^¥[\d,]+\.\d\d$/);
    expect(await page.getByTestId('spend-orders').innerText()).toMatch(/^[\d,]+ 单$/);
    expect(await page.getByTestId('spend-aov').innerText()).toMatch(/^¥[\d,]+\.\d\d$/);
    expect(await page.getByTestId('spend-last').innerText()).toMatch(/^\d{4}-\d\d-\d\d$/);
    await page.getByTestId('timeline-item').first().waitFor();
    await settled(page);
    await shot(page, 'admin-members-360');

    // 写备注 → in the notes card and on the timeline.
    const note = `E2E回访${Date.now() % 100_000}：偏好周末送达`;
    await page.getByTestId('action-note').click();
    await page.getByLabel('备注内容').fill(note);
    await button(page.getByRole('dialog'), '保存').click();
    await page.getByTestId('member-notes').getByText(note).waitFor();
    await page.getByTestId('member-timeline').getByText(note).first().waitFor();

    // 打标签: a manual tag the member does not carry yet.
    const tagsBefore = await page.getByTestId('member-tags').innerText();
    await page.getByTestId('tag-add').click();
    await page.getByLabel('选择标签').click();
    const option = page.locator('.ant-select-dropdown:not(.ant-select-dropdown-hidden) .ant-select-item-option').first();
    const tagName = (await option.innerText()).trim();
    expect(tagsBefore).not.toContain(tagName);
    await option.click();
    await button(page.getByRole('dialog'), '确定').click();
    await page.getByTestId('member-tags').getByText(tagName).waitFor();

    // 查看完整号码: the full number, with the note that the look is recorded.
    await page.getByTestId('reveal-phone').click();
    await button(page.locator('.ant-popconfirm'), '查看').click();
    await page.getByTestId('phone-reveal-note').waitFor();
    const full = await page.getByTestId('member-phone').innerText();
    expect(full).toMatch(/^1\d{10}$/);
    expect(full.endsWith(suffix)).toBe(true);
    await settled(page);
    await shot(page, 'admin-members-360-after');
    // Nothing on screen in English or as a raw code.
    const text = await page.getByTestId('member-360').innerText();
    expect(text).not.toMatch(/\b(prospect|active|silent|at_risk|churned|manual|rule|undefined|null|NaN)\b/);
  }, 180_000);

  it('analyst reads the 360 without the phone reveal or any action', async () => {
    expect(memberPath).not.toBe('');
    const page = await openAdmin('analyst');
    await page.goto(`${suite.server.baseUrl}${memberPath}`);
    await page.getByTestId('member-profile').waitFor();
    await page.getByTestId('member-spend').waitFor();
    await page.getByTestId('timeline-item').first().waitFor();
    expect(await page.getByTestId('member-phone').innerText()).toMatch(/^1\d\d\*{4}\d{4}$/);
    for (const id of ['reveal-phone', 'action-tag', 'action-note', 'tag-add', 'note-add', 'action-points', 'action-coupon'])
      expect(await page.getByTestId(id).count()).toBe(0);
    await settled(page);
    await shot(page, 'admin-members-360-analyst');
    // The list has no selection or bulk tagging for a reader.
    await page.goto(`${suite.server.baseUrl}/admin/members?lifecycle=active`);
    await rows(page).first().waitFor();
    expect(await page.getByTestId('bulk-tag').count()).toBe(0);
    expect(await page.getByTestId('member-table').locator('.ant-checkbox').count()).toBe(0);
    expect(await page.getByTestId('member-filter').innerText()).toContain('活跃');
  }, 120_000);
});
