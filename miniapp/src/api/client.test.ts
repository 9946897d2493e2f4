import { ApiClient, type HttpRequest, type HttpResponse, type TokenPair } from './client';
import { ApiError } from './errors';

/** A scripted server: answers by route, records every request. */
function fakeServer(routes: Record<string, (request: HttpRequest) => HttpResponse | Promise<HttpResponse>>) {
  const calls: HttpRequest[] = [];
  const routeOf = (request: HttpRequest) => `${request.method} ${request.url.replace(/^https?:\/\/[^/]+/, '').replace(/\?.*$/, '')}`;
  const transport = async (request: HttpRequest): Promise<HttpResponse> => {
    calls.push(request);
    const route = routeOf(request);
    const handler = routes[route];
    if (!handler) throw new Error(`unexpected ${route}`);
    await Promise.resolve();
    return handler(request);
  };
  return { calls, transport, count: (route: string) => calls.filter((call) => routeOf(call) === route).length };
}

function memoryTokens(initial: TokenPair | null) {
  let tokens = initial;
  return { get: () => tokens, set: (next: TokenPair | null) => (tokens = next) };
}

const unauthorized = (code = 'TOKEN_EXPIRED'): HttpResponse => ({ statusCode: 401, data: { error: { code, message: 'x' } } });
const bearer = (request: HttpRequest) => request.header.Authorization ?? '';

describe('ApiClient', () => {
  it('attaches the access token and returns the body', async () => {
    const server = fakeServer({ 'GET /api/me': (req) => ({ statusCode: 200, data: { auth: bearer(req) } }) });
    const client = new ApiClient({
      baseUrl: 'https://api.test',
      transport: server.transport,
      tokens: memoryTokens({ accessToken: 'A1', refreshToken: 'R1' }),
      getLoginCode: async () => null,
    });
    await expect(client.request('/api/me')).resolves.toEqual({ auth: 'Bearer A1' });
    expect(server.calls[0]?.url).toBe('https://api.test/api/me');
  });

  it('on a 401 refreshes exactly once for concurrent requests, then replays each with the new token', async () => {
    const server = fakeServer({
      'GET /api/cart': (req) => (bearer(req) === 'Bearer A2' ? { statusCode: 200, data: { ok: 'cart' } } : unauthorized()),
      'GET /api/me': (req) => (bearer(req) === 'Bearer A2' ? { statusCode: 200, data: { ok: 'me' } } : unauthorized()),
      'POST /api/auth/refresh': (req) => {
        expect(req.data).toEqual({ refreshToken: 'R1' });
        return { statusCode: 200, data: { accessToken: 'A2', refreshToken: 'R2', accessTokenExpiresIn: 900, refreshTokenExpiresIn: 1 } };
      },
    });
    const tokens = memoryTokens({ accessToken: 'A1', refreshToken: 'R1' });
    const getLoginCode = jest.fn(async () => 'never');
    const client = new ApiClient({ baseUrl: '', transport: server.transport, tokens, getLoginCode });
    const results = await Promise.all([client.request('/api/cart'), client.request('/api/me')]);
    expect(results).toEqual([{ ok: 'cart' }, { ok: 'me' }]);
    expect(server.count('POST /api/auth/refresh')).toBe(1);
    expect(server.count('GET /api/cart')).toBe(2);
    expect(server.count('GET /api/me')).toBe(2);
    expect(tokens.get()).toEqual({ accessToken: 'A2', refreshToken: 'R2' });
    expect(getLoginCode).not.toHaveBeenCalled();
  });

  it('when the refresh fails, logs in again with a fresh wx.login code (and the launch options) and replays', async () => {
    const server = fakeServer({
      'GET /api/cart': (req) => (bearer(req) === 'Bearer A9' ? { statusCode: 200, data: { lines: [] } } : unauthorized('TOKEN_INVALID')),
      'POST /api/auth/refresh': () => ({ statusCode: 401, data: { error: { code: 'REFRESH_TOKEN_INVALID', message: 'x' } } }),
      'POST /api/auth/wechat': (req) => {
        expect(req.data).toEqual({ code: 'wx-code-1', launch: { scene: 1047, query: { scene: 'ch=live 7' } } });
        return { statusCode: 200, data: { accessToken: 'A9', refreshToken: 'R9', member: { id: 1 }, isNewMember: false } };
      },
    });
    const onLogin = jest.fn();
    const tokens = memoryTokens({ accessToken: 'A1', refreshToken: 'R1' });
    const client = new ApiClient({
      baseUrl: '',
      transport: server.transport,
      tokens,
      getLoginCode: async () => 'wx-code-1',
      launch: () => ({ scene: 1047, query: { scene: 'ch=live 7' } }),
      onLogin,
    });
    await expect(client.request('/api/cart')).resolves.toEqual({ lines: [] });
    expect(server.count('POST /api/auth/refresh')).toBe(1);
    expect(server.count('POST /api/auth/wechat')).toBe(1);
    expect(onLogin).toHaveBeenCalledWith(expect.objectContaining({ member: { id: 1 } }));
    expect(tokens.get()).toEqual({ accessToken: 'A9', refreshToken: 'R9' });
  });

  it('gives up when neither refresh nor re-login works: session lost, the error toasted, tokens cleared', async () => {
    const server = fakeServer({
      'GET /api/cart': () => unauthorized(),
      'POST /api/auth/refresh': () => ({ statusCode: 401, data: { error: { code: 'REFRESH_TOKEN_INVALID', message: 'x' } } }),
    });
    const toast = jest.fn();
    const onSessionLost = jest.fn();
    const tokens = memoryTokens({ accessToken: 'A1', refreshToken: 'R1' });
    const client = new ApiClient({ baseUrl: '', transport: server.transport, tokens, getLoginCode: async () => null, toast, onSessionLost });
    await expect(client.request('/api/cart')).rejects.toMatchObject({ code: 'TOKEN_EXPIRED', status: 401 });
    expect(onSessionLost).toHaveBeenCalledTimes(1);
    expect(toast).toHaveBeenCalledWith('登录已过期，请重新登录');
    expect(tokens.get()).toBeNull();
    expect(server.count('GET /api/cart')).toBe(1);
  });

  it('turns error codes into the shared Chinese messages, with details where they help', async () => {
    const server = fakeServer({
      'POST /api/cart/items': () => ({ statusCode: 409, data: { error: { code: 'CART_QUANTITY_EXCEEDS_STOCK', message: 'x', details: { available: 3 } } } }),
      'GET /api/products/9': () => ({ statusCode: 404, data: { error: { code: 'PRODUCT_NOT_FOUND', message: 'x' } } }),
    });
    const toast = jest.fn();
    const client = new ApiClient({ baseUrl: '', transport: server.transport, tokens: memoryTokens(null), getLoginCode: async () => null, toast });
    await expect(client.request('/api/cart/items', { method: 'POST', data: { skuId: 1, quantity: 5 } })).rejects.toMatchObject({
      code: 'CART_QUANTITY_EXCEEDS_STOCK',
      details: { available: 3 },
    });
    expect(toast).toHaveBeenLastCalledWith('库存不足，仅剩 3 件');
    await expect(client.request('/api/products/9', { isSilent: true })).rejects.toMatchObject({ code: 'PRODUCT_NOT_FOUND', message: '商品不存在或已下架' });
    expect(toast).toHaveBeenCalledTimes(1);
  });

  it('reports a request that got no answer as a network error', async () => {
    const client = new ApiClient({
      baseUrl: '',
      transport: async () => {
        throw new Error('request:fail timeout');
      },
      tokens: memoryTokens(null),
      getLoginCode: async () => null,
    });
    const failure = client.request('/api/categories', { isSilent: true });
    await expect(failure).rejects.toBeInstanceOf(ApiError);
    await expect(failure).rejects.toMatchObject({ isNetworkError: true, message: '网络不给力，请检查网络后重试' });
  });

  it('sends extra headers (the Idempotency-Key) and keeps them when it replays after a renewal', async () => {
    const server = fakeServer({
      'POST /api/orders': (req) => (bearer(req) === 'Bearer A2' ? { statusCode: 201, data: { key: req.header['Idempotency-Key'] } } : unauthorized()),
      'POST /api/auth/refresh': () => ({ statusCode: 200, data: { accessToken: 'A2', refreshToken: 'R2' } }),
    });
    const client = new ApiClient({
      baseUrl: '',
      transport: server.transport,
      tokens: memoryTokens({ accessToken: 'A1', refreshToken: 'R1' }),
      getLoginCode: async () => null,
    });
    await expect(client.request('/api/orders', { method: 'POST', data: {}, header: { 'Idempotency-Key': 'ck_abc12345' } })).resolves.toEqual({
      key: 'ck_abc12345',
    });
    expect(server.calls.filter((call) => call.url === '/api/orders').map((call) => call.header['Idempotency-Key'])).toEqual(['ck_abc12345', 'ck_abc12345']);
  });

  it('encodes query parameters and leaves out empty ones', async () => {
    const server = fakeServer({ 'GET /api/products': () => ({ statusCode: 200, data: { items: [], nextCursor: null } }) });
    const client = new ApiClient({ baseUrl: '', transport: server.transport, tokens: memoryTokens(null), getLoginCode: async () => null });
    await client.request('/api/products', { query: { q: '牛奶 低脂', categoryId: 3, cursor: undefined, sort: '' } });
    expect(server.calls[0]?.url).toBe(`/api/products?q=${encodeURIComponent('牛奶 低脂')}&categoryId=3`);
    expect(server.calls[0]?.header.Authorization).toBeUndefined();
  });

  it('sends the device id with the login (its anonymous touches merge into the member), and no field when there is none', async () => {
    const bodies: unknown[] = [];
    const server = fakeServer({
      'POST /api/auth/wechat': (req) => {
        bodies.push(req.data);
        return { statusCode: 200, data: { accessToken: 'A1', refreshToken: 'R1', member: { id: 1 }, isNewMember: true } };
      },
    });
    let device: string | undefined = 'dev_0123456789abcdef';
    const client = new ApiClient({
      baseUrl: '',
      transport: server.transport,
      tokens: memoryTokens(null),
      getLoginCode: async () => null,
      deviceId: () => device,
    });
    await client.loginWithCode('wx-code-1');
    device = undefined;
    await client.loginWithCode('wx-code-2');
    expect(bodies).toEqual([{ code: 'wx-code-1', deviceId: 'dev_0123456789abcdef' }, { code: 'wx-code-2' }]);
  });
});
