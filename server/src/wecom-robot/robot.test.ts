import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { ROBOT_ERRCODES, ROBOT_MARKDOWN_MAX_BYTES, sendRobotMarkdown } from './client';
import { WecomRobotSimulator } from './simulator';

describe('WeCom group robot client against the strict simulator', () => {
  let now = Date.parse('2026-12-01T00:00:00Z');
  const robot = new WecomRobotSimulator({ now: () => now });
  let server: http.Server;
  let base: string;

  beforeAll(async () => {
    server = http.createServer(robot.app().callback());
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(async () => new Promise<void>((resolve) => server.close(() => resolve())));

  const post = async (body: string, key = robot.key) => {
    const res = await fetch(`${base}/cgi-bin/webhook/send?key=${key}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body });
    return (await res.json()) as { errcode: number; errmsg: string };
  };

  it('sends markdown and keeps it; refuses a wrong key, bad JSON, an unknown msgtype, empty and too-long content', async () => {
    expect(await sendRobotMarkdown(robot.webhookUrl(base), '## 日报\n> GMV **¥1.00**')).toEqual({ ok: true });
    expect(robot.messages.map((m) => m.content)).toEqual(['## 日报\n> GMV **¥1.00**']);
    const wrong = await sendRobotMarkdown(robot.webhookUrl(base).replace(robot.key, 'not-the-key'), 'x');
    expect(wrong).toMatchObject({ ok: false, kind: 'rejected', errcode: ROBOT_ERRCODES.invalidKey });
    expect(JSON.stringify(wrong)).not.toContain('not-the-key');
    expect((await post('{not json')).errcode).toBe(ROBOT_ERRCODES.invalidJson);
    expect((await post(JSON.stringify({ msgtype: 'voice', voice: { content: 'x' } }))).errcode).toBe(40008);
    expect((await post(JSON.stringify({ msgtype: 'markdown', markdown: {} }))).errcode).toBe(ROBOT_ERRCODES.missingBody);
    // 4,096 bytes of UTF-8: 1,365 Chinese characters (3 bytes each) pass, one more does not.
    const fits = '日'.repeat(Math.floor(ROBOT_MARKDOWN_MAX_BYTES / 3));
    expect((await post(JSON.stringify({ msgtype: 'markdown', markdown: { content: fits } }))).errcode).toBe(0);
    expect((await post(JSON.stringify({ msgtype: 'markdown', markdown: { content: `${fits}日` } }))).errcode).toBe(ROBOT_ERRCODES.contentTooLong);
    // The client refuses it before sending.
    expect(await sendRobotMarkdown(robot.webhookUrl(base), `${fits}日`)).toMatchObject({ ok: false, kind: 'rejected', errcode: ROBOT_ERRCODES.contentTooLong });
    expect((await post(JSON.stringify({ msgtype: 'text', text: { content: 'a'.repeat(2049) } }))).errcode).toBe(ROBOT_ERRCODES.contentTooLong);
  });

  it('takes 20 messages a minute; the 21st is 45009 (retry), and a minute later it passes', async () => {
    now += 120_000;
    for (let i = 0; i < 20; i += 1) expect(await sendRobotMarkdown(robot.webhookUrl(base), `m${i}`)).toEqual({ ok: true });
    expect(await sendRobotMarkdown(robot.webhookUrl(base), 'm20')).toMatchObject({ ok: false, kind: 'retry', errcode: ROBOT_ERRCODES.rateLimited });
    now += 60_001;
    expect(await sendRobotMarkdown(robot.webhookUrl(base), 'm20')).toEqual({ ok: true });
  });

  it('an unreachable robot or one that does not answer in time is a retry, never a throw', async () => {
    const silent = http.createServer(() => undefined);
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    const url = `http://127.0.0.1:${(silent.address() as AddressInfo).port}/cgi-bin/webhook/send?key=k`;
    expect(await sendRobotMarkdown(url, 'x', { timeoutMs: 200 })).toEqual({ ok: false, kind: 'retry', errcode: null, error: 'robot did not answer in time' });
    silent.closeAllConnections();
    await new Promise<void>((resolve) => silent.close(() => resolve()));
    expect(await sendRobotMarkdown(url, 'x', { timeoutMs: 500 })).toMatchObject({ ok: false, kind: 'retry', error: 'robot unreachable' });
  });
});
