import crypto from 'node:crypto';
import type { Page } from 'playwright-core';
import { DEMO_PASSWORD, menu } from './support/admin-page';
import { adminShotCopied, adminSuite } from './support/admin-suite';
import { loginShopper } from './support/shopper';

/**
 * Issue 15 §8 staff tasks in the browser against the real server: the owner publishes a journey whose step
 * creates a WeCom 1:1 task with a script for each new member; a new member registers (no WeCom owner yet, so
 * the task lands in the shared queue); the demo service staff sees it on 任务 with its script, closes it with
 * an outcome and finds it under 已完成. Screenshots: admin-tasks-*.png.
 */
describe('admin 任务 (staff tasks from a journey)', () => {
  const suite = adminSuite({ startTimeoutMs: 300_000 });

  async function call<T>(method: string, path: string, body?: unknown, token?: string): Promise<{ status: number; body: T }> {
    const res = await fetch(`${suite.server.baseUrl}${path}`, {
      method,
      headers: { 'content-type': 'application/json', ...(token ? { Authorization: `Bearer ${token}` } : {}) },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    const text = await res.text();
    return { status: res.status, body: (text ? JSON.parse(text) : null) as T };
  }
  const tokenOf = async (username: string) =>
    (await call<{ accessToken: string }>('POST', '/api/admin/auth/login', { username, password: DEMO_PASSWORD })).body.accessToken;

  function watchApiErrors(page: Page): string[] {
    const seen: string[] = [];
    page.on('response', (response) => {
      const url = new URL(response.url());
      if (url.pathname.startsWith('/api/') && response.status() >= 400) seen.push(`${response.status()} ${response.request().method()} ${url.pathname}`);
    });
    return seen;
  }

  it('service staff sees the journey-made task with its script in the queue, closes it, finds it under 已完成', async () => {
    const marker = crypto.randomBytes(3).toString('hex');
    const owner = await tokenOf('owner');
    const created = await call<{ id: number }>(
      'POST',
      '/api/admin/journeys',
      {
        name: `新会员企微问候 ${marker}`,
        definition: {
          trigger: { type: 'event', event: 'member.registered' },
          purpose: 'service',
          entryStepId: 'greet',
          steps: [
            {
              id: 'greet',
              type: 'task',
              kind: 'wecom_message',
              title: `问候新会员 ${marker}`,
              script: '您好，欢迎加入！有任何问题都可以在这里问我。',
              dueInHours: 24,
              next: null,
            },
          ],
          goal: null,
          reentry: { mode: 'once', cooldownDays: 0 },
          experiment: null,
        },
      },
      owner,
    );
    expect(created.status).toBe(201);
    expect((await call('POST', `/api/admin/journeys/${created.body.id}/publish`, {}, owner)).status).toBe(200);

    await loginShopper(suite.server.baseUrl, `e2e_task_${marker}`);
    const service = await tokenOf('service');
    const deadline = Date.now() + 60_000;
    for (;;) {
      const tasks = await call<{ items: { title: string }[] }>('GET', '/api/admin/tasks?status=open', undefined, service);
      if (tasks.body.items.some((task) => task.title === `问候新会员 ${marker}`)) break;
      if (Date.now() > deadline) throw new Error('the journey made no task');
      await new Promise((resolve) => setTimeout(resolve, 500));
    }

    const page = await suite.openAdmin('service');
    const apiErrors = watchApiErrors(page);
    await menu(page)
      .getByRole('menuitem', { name: /(^|\s)任务$/ })
      .click();
    await page.waitForURL(/\/admin\/tasks$/);
    const row = page.locator('tr.ant-table-row').filter({ hasText: `问候新会员 ${marker}` });
    await row.waitFor();
    expect(await row.innerText()).toContain('您好，欢迎加入');
    expect(await row.innerText()).toContain('公共队列');
    await adminShotCopied(page, 'admin-tasks-open');

    await row.getByRole('button', { name: /完\s*成/ }).click();
    const dialog = page.getByRole('dialog', { name: `完成任务：问候新会员 ${marker}` });
    await dialog.getByRole('textbox').fill('已发送企微问候，会员回复了');
    await dialog.getByRole('button', { name: /完\s*成/ }).click();
    await page.getByText('任务已关闭').waitFor();
    await row.waitFor({ state: 'detached' });

    await page.locator('.ant-segmented-item').filter({ hasText: '已完成' }).click();
    const done = page.locator('tr.ant-table-row').filter({ hasText: `问候新会员 ${marker}` });
    await done.waitFor();
    expect(await done.innerText()).toContain('已发送企微问候，会员回复了');
    await adminShotCopied(page, 'admin-tasks-done');
    expect(apiErrors).toEqual([]);

    // The close is audited; analysts have no 任务.
    const audit = await call<{ items: { action: string; staffId: number | null }[] }>('GET', '/api/admin/audit-log?action=staff_task.close', undefined, owner);
    expect(audit.body.items.length).toBeGreaterThanOrEqual(1);
    expect((await call('GET', '/api/admin/tasks', undefined, await tokenOf('analyst'))).status).toBe(403);
  }, 240_000);
});
