/*
 * WeCom group robot (企业微信群机器人) webhook client. The robot's URL is
 * https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=KEY — the key is the secret: the URL is never logged
 * nor put in an error message. POST JSON { msgtype: 'markdown', markdown: { content } } (content ≤ 4096 bytes
 * UTF-8; text messages ≤ 2048 bytes); the answer is HTTP 200 { errcode, errmsg } (0 = sent). A robot takes
 * at most 20 messages a minute (45009 beyond that).
 */

/** The markdown content's limit in UTF-8 bytes. */
export const ROBOT_MARKDOWN_MAX_BYTES = 4096;
/** The text content's limit in UTF-8 bytes. */
export const ROBOT_TEXT_MAX_BYTES = 2048;
/** Messages a robot accepts per minute. */
export const ROBOT_MESSAGES_PER_MINUTE = 20;

/** Robot error codes (errcode). */
export const ROBOT_ERRCODES = {
  ok: 0,
  invalidJson: 40001,
  contentTooLong: 40058,
  missingBody: 44004,
  rateLimited: 45009,
  invalidKey: 93000,
} as const;

const DEFAULT_TIMEOUT_MS = 10_000;

/**
 * What a send came to: sent; `retry` (rate limited, network trouble, a timeout, a 5xx — worth trying again
 * later); `rejected` (the robot refused it: bad key, too long, bad JSON — trying again will not help).
 */
export type RobotSendResult = { ok: true } | { ok: false; kind: 'retry' | 'rejected'; errcode: number | null; error: string };

/** Sends one markdown message. Never throws (every failure is a result); never names the URL in its error. */
export async function sendRobotMarkdown(url: string, content: string, options: { timeoutMs?: number } = {}): Promise<RobotSendResult> {
  const bytes = Buffer.byteLength(content, 'utf8');
  if (bytes > ROBOT_MARKDOWN_MAX_BYTES) {
    return {
      ok: false,
      kind: 'rejected',
      errcode: ROBOT_ERRCODES.contentTooLong,
      error: `markdown content is ${bytes} bytes (limit ${ROBOT_MARKDOWN_MAX_BYTES})`,
    };
  }
  let response: Response;
  try {
    response = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ msgtype: 'markdown', markdown: { content } }),
      signal: AbortSignal.timeout(options.timeoutMs ?? DEFAULT_TIMEOUT_MS),
    });
  } catch (error) {
    // A DOMException (the timeout) is not always an Error of this realm: look at its name.
    const name = typeof error === 'object' && error !== null ? String((error as { name?: unknown }).name) : '';
    const timedOut = name === 'TimeoutError' || name === 'AbortError';
    return { ok: false, kind: 'retry', errcode: null, error: timedOut ? 'robot did not answer in time' : 'robot unreachable' };
  }
  if (!response.ok)
    return {
      ok: false,
      kind: response.status >= 500 || response.status === 429 ? 'retry' : 'rejected',
      errcode: null,
      error: `robot answered HTTP ${response.status}`,
    };
  let body: unknown;
  try {
    body = await response.json();
  } catch {
    return { ok: false, kind: 'retry', errcode: null, error: 'robot answered no JSON' };
  }
  const errcode =
    typeof body === 'object' && body && typeof (body as { errcode?: unknown }).errcode === 'number' ? (body as { errcode: number }).errcode : null;
  const errmsg = typeof body === 'object' && body && typeof (body as { errmsg?: unknown }).errmsg === 'string' ? (body as { errmsg: string }).errmsg : '';
  if (errcode === 0) return { ok: true };
  if (errcode === null) return { ok: false, kind: 'retry', errcode: null, error: 'robot answered without errcode' };
  // 45009 (rate limit) and -1 (system busy) pass; anything else is the message's or the key's fault.
  const kind = errcode === ROBOT_ERRCODES.rateLimited || errcode === -1 ? 'retry' : 'rejected';
  return { ok: false, kind, errcode, error: `errcode ${errcode}: ${errmsg.slice(0, 200)}` };
}
