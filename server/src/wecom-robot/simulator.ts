import crypto from 'node:crypto';
import Router from '@koa/router';
import Koa from 'koa';
import { readJson, wxError } from '../lib/sim-http';
import { ROBOT_ERRCODES, ROBOT_MARKDOWN_MAX_BYTES, ROBOT_MESSAGES_PER_MINUTE, ROBOT_TEXT_MAX_BYTES } from './client';

/** A message the simulated robot accepted. */
export interface RobotSimMessage {
  msgtype: 'markdown' | 'text';
  content: string;
  receivedAt: string;
}

/**
 * A strict WeCom group robot: `POST <prefix>/cgi-bin/webhook/send?key=KEY` like qyapi.weixin.qq.com. It checks
 * the key (93000), the JSON body (40001 / 44004), msgtype (markdown or text, 40008 otherwise), the content's
 * UTF-8 byte length (40058) and 20 messages per rolling minute (45009), and keeps the messages it accepted:
 * `GET <prefix>/sim/messages` (for tests and the demo). State is in memory (one robot per process).
 */
export class WecomRobotSimulator {
  readonly key: string;
  readonly messages: RobotSimMessage[] = [];
  private readonly sentAt: number[] = [];
  private readonly now: () => number;
  private readonly perMinute: number;
  /** Answers queued by a test (errcode) for the next sends, before any check. */
  private readonly forced: number[] = [];

  constructor(options: { key?: string; now?: () => number; perMinute?: number } = {}) {
    this.key = options.key ?? crypto.randomUUID();
    this.now = options.now ?? Date.now;
    this.perMinute = options.perMinute ?? ROBOT_MESSAGES_PER_MINUTE;
  }

  /** A key derived from a secret (the demo's robot keeps its key across restarts and processes). */
  static keyFor(secret: string): string {
    return crypto.createHmac('sha256', secret).update('wecom-robot-simulator').digest('hex').slice(0, 36);
  }

  /** The webhook URL of this robot when its router is mounted at `base` (e.g. http://127.0.0.1:3000/wecom-robot-sim). */
  webhookUrl(base: string): string {
    return `${base}/cgi-bin/webhook/send?key=${encodeURIComponent(this.key)}`;
  }

  /** The next `count` sends answer `errcode` (a test's outage). */
  failNext(errcode: number, count = 1): void {
    for (let i = 0; i < count; i += 1) this.forced.push(errcode);
  }

  handle(key: unknown, body: Record<string, unknown> | null): { errcode: number; errmsg: string } {
    if (key !== this.key) return wxError(ROBOT_ERRCODES.invalidKey, 'invalid webhook url');
    if (!body) return wxError(ROBOT_ERRCODES.invalidJson, 'invalid json');
    const forced = this.forced.shift();
    if (forced !== undefined) return wxError(forced, 'simulated failure');
    const msgtype = body.msgtype;
    if (msgtype !== 'markdown' && msgtype !== 'text') return wxError(40008, 'invalid message type');
    const part = body[msgtype];
    const content = part && typeof part === 'object' ? (part as { content?: unknown }).content : undefined;
    if (typeof content !== 'string' || content.length === 0) return wxError(ROBOT_ERRCODES.missingBody, 'empty content');
    const limit = msgtype === 'markdown' ? ROBOT_MARKDOWN_MAX_BYTES : ROBOT_TEXT_MAX_BYTES;
    if (Buffer.byteLength(content, 'utf8') > limit) return wxError(ROBOT_ERRCODES.contentTooLong, `content exceed max length ${limit}`);
    const now = this.now();
    while (this.sentAt.length > 0 && (this.sentAt[0] ?? 0) <= now - 60_000) this.sentAt.shift();
    if (this.sentAt.length >= this.perMinute) return wxError(ROBOT_ERRCODES.rateLimited, 'api freq out of limit');
    this.sentAt.push(now);
    this.messages.push({ msgtype, content, receivedAt: new Date(now).toISOString() });
    return wxError(0, 'ok');
  }

  app(): Koa {
    const app = new Koa();
    app.use(this.router().routes());
    return app;
  }

  router(prefix = ''): Router {
    const router = new Router({ prefix });
    router.post('/cgi-bin/webhook/send', async (ctx) => {
      ctx.body = this.handle(ctx.query.key, await readJson(ctx));
    });
    router.get('/sim/messages', (ctx) => {
      if (ctx.query.key !== this.key) {
        ctx.body = wxError(ROBOT_ERRCODES.invalidKey, 'invalid key');
        return;
      }
      ctx.body = { messages: this.messages };
    });
    return router;
  }
}
