import crypto from 'node:crypto';

/** A shopper driving the real HTTP API (simulated WeChat login), for end-to-end set-ups. */
export interface Shopper {
  auth: { Authorization: string };
  memberId: number;
}

async function json(res: Response): Promise<Record<string, unknown>> {
  const body = (await res.json()) as Record<string, unknown>;
  if (!res.ok) throw new Error(`${res.url}: ${res.status} ${JSON.stringify(body)}`);
  return body;
}

/** Logs a simulated WeChat user in: simulator login code → POST /api/auth/wechat. */
export async function loginShopper(baseUrl: string, user = `e2e${crypto.randomBytes(4).toString('hex')}`): Promise<Shopper> {
  const { code } = await json(
    await fetch(`${baseUrl}/wechat-sim/sim/login-code`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ user }) }),
  );
  const login = await json(
    await fetch(`${baseUrl}/api/auth/wechat`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ code }) }),
  );
  return { auth: { Authorization: `Bearer ${String(login.accessToken)}` }, memberId: (login.member as { id: number }).id };
}

/** Calls the API as the shopper; throws on a non-2xx answer. */
export async function shopperCall(baseUrl: string, shopper: Shopper, method: string, path: string, body?: unknown, headers: Record<string, string> = {}) {
  return json(
    await fetch(`${baseUrl}${path}`, {
      method,
      headers: { 'content-type': 'application/json', ...shopper.auth, ...headers },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    }),
  );
}

/** Address → quote → order for one unit of `skuId`; returns the order. */
export async function placeOrderAsShopper(baseUrl: string, shopper: Shopper, skuId: number, quantity = 1) {
  const address = await shopperCall(baseUrl, shopper, 'POST', '/api/me/addresses', {
    recipientName: '王五',
    phone: '13700001234',
    regionCodes: ['310000', '310100', '310115'],
    regionText: '上海市 浦东新区',
    detail: '张江路 88 号',
  });
  const lines = [{ skuId, quantity }];
  const quote = await shopperCall(baseUrl, shopper, 'POST', '/api/checkout/quote', { lines });
  return shopperCall(
    baseUrl,
    shopper,
    'POST',
    '/api/orders',
    { lines, addressId: address.id, expectedPayableFen: quote.payableTotalFen },
    { 'Idempotency-Key': `e2e-${crypto.randomBytes(8).toString('hex')}` },
  );
}

/** The id of the SKU of the first product matching `query` whose specs include `spec`. */
export async function findSkuId(baseUrl: string, query: string, spec: string): Promise<number> {
  const found = (await (await fetch(`${baseUrl}/api/products?q=${encodeURIComponent(query)}`)).json()) as { items: { id: number }[] };
  const productId = found.items[0]?.id;
  const detail = (await (await fetch(`${baseUrl}/api/products/${String(productId)}`)).json()) as { skus: { id: number; specs: Record<string, string> }[] };
  const sku = detail.skus.find((candidate) => Object.values(candidate.specs).includes(spec));
  if (!sku) throw new Error(`no SKU ${spec} of ${query}`);
  return sku.id;
}

/** Logs in on the H5 shop's simulated login page as `name`; the API shopper of that name is the same member. */
export async function loginInShop(page: import('playwright-core').Page, baseUrl: string, name: string): Promise<Shopper> {
  // Not the load event (every picture of the page, slow on a loaded machine): the click below waits for the button.
  await page.goto(`${baseUrl}/#/pages/me/index`, { waitUntil: 'domcontentloaded' });
  await page.getByText('登录 / 注册').click({ timeout: 60_000 });
  await page.locator('.login__input input').fill(name);
  await page.getByText('以该身份登录').click();
  await page.locator('.login').waitFor({ state: 'detached', timeout: 15_000 });
  await page.locator('.me__orders-title').filter({ visible: true }).waitFor({ timeout: 15_000 });
  return loginShopper(baseUrl, name);
}

/** Gives the shopper a default address in Shanghai. */
export async function addDefaultAddress(baseUrl: string, shopper: Shopper): Promise<void> {
  await shopperCall(baseUrl, shopper, 'POST', '/api/me/addresses', {
    recipientName: '周沐阳',
    phone: '13600136000',
    regionCodes: ['310000', '310100', '310115'],
    regionText: '上海市 浦东新区',
    detail: '张江路 88 号',
    isDefault: true,
  });
}
