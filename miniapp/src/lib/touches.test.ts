import { createTouchSender, h5EntryQuery, normalizeTouch, parseQueryString, type TouchBatch } from './touches';

describe('parseQueryString and h5EntryQuery', () => {
  it('decodes values, keeps a + and cuts a value at its first = only', () => {
    expect(parseQueryString('?scene=c%3DK7p2Qx&a=1+2&b=c=d&flag')).toEqual({ scene: 'c=K7p2Qx', a: '1+2', b: 'c=d', flag: '' });
    expect(parseQueryString('scene=%E0%A4%A')).toEqual({ scene: '%E0%A4%A' });
    expect(parseQueryString('')).toEqual({});
  });

  it('reads the URL query and the hash route query of the H5 shop; the hash route wins', () => {
    expect(h5EntryQuery({ search: '', hash: '#/pages/index/index?scene=c%3DK7p2Qx' })).toEqual({ scene: 'c=K7p2Qx' });
    expect(h5EntryQuery({ search: '?cq=Ab12Cd34Ef&scene=c%3Dold', hash: '#/pages/index/index?scene=c%3DK7p2Qx' })).toEqual({
      scene: 'c=K7p2Qx',
      cq: 'Ab12Cd34Ef',
    });
    expect(h5EntryQuery({ search: '?scene=c%3DK7p2Qx', hash: '#/pages/index/index' })).toEqual({ scene: 'c=K7p2Qx' });
    expect(h5EntryQuery({})).toEqual({});
  });
});

describe('normalizeTouch', () => {
  it('takes the weapp QR scan: entry scene value, decoded scene, path and query', () => {
    expect(normalizeTouch('launch', { scene: 1047, path: 'pages/index/index', query: { scene: encodeURIComponent('c=K7p2Qx') } })).toEqual({
      kind: 'launch',
      wxScene: 1047,
      scene: 'c=K7p2Qx',
      path: 'pages/index/index',
      query: { scene: 'c=K7p2Qx' },
    });
  });

  it('takes scene and cq from the H5 address bar when Taro gives none (H5 scene value 0 is not sent)', () => {
    expect(normalizeTouch('show', { scene: 0, path: '/pages/index/index', query: {} }, { scene: 'c=K7p2Qx', cq: 'Tk_9-abc' })).toEqual({
      kind: 'show',
      scene: 'c=K7p2Qx',
      cq: 'Tk_9-abc',
      path: '/pages/index/index',
      query: { scene: 'c=K7p2Qx', cq: 'Tk_9-abc' },
    });
  });

  it('drops a scene WeChat could not issue and a malformed cq, keeping the rest of the touch', () => {
    const long = `c=${'x'.repeat(31)}`;
    expect(normalizeTouch('launch', { scene: 1011, query: { scene: long, cq: 'bad token!', from: 'poster' } })).toEqual({
      kind: 'launch',
      wxScene: 1011,
      query: { from: 'poster' },
    });
    expect(normalizeTouch('launch', { query: { scene: 'c=中文' } })).toEqual({ kind: 'launch' });
    expect(normalizeTouch('launch', null)).toEqual({ kind: 'launch' });
    expect(normalizeTouch('launch', { scene: 'x', path: 42, query: 'nope' })).toEqual({ kind: 'launch' });
  });

  it('never sends more query parameters than the server takes', () => {
    const many = Object.fromEntries(Array.from({ length: 40 }, (_, i) => [`k${i}`, 'v']));
    const touch = normalizeTouch('launch', { query: many }, many);
    expect(Object.keys(touch.query ?? {}).length).toBeLessThanOrEqual(20);
  });
});

describe('createTouchSender', () => {
  function harness(send: (batch: TouchBatch) => Promise<unknown>, deviceId: () => string | undefined = () => 'dev_0123456789abcdef') {
    const timers: (() => void)[] = [];
    const sender = createTouchSender({ send, deviceId, schedule: (callback) => timers.push(callback) });
    return { sender, timers };
  }

  it('sends the launch and the show of one start as one request with the device id', async () => {
    const sent: TouchBatch[] = [];
    const { sender, timers } = harness(async (batch) => sent.push(batch));
    sender.record({ kind: 'launch', scene: 'c=K7p2Qx' });
    sender.record({ kind: 'show', scene: 'c=K7p2Qx' });
    expect(timers).toHaveLength(1);
    expect(sent).toEqual([]);
    await sender.flush();
    expect(sent).toEqual([
      {
        deviceId: 'dev_0123456789abcdef',
        touches: [
          { kind: 'launch', scene: 'c=K7p2Qx' },
          { kind: 'show', scene: 'c=K7p2Qx' },
        ],
      },
    ]);
    // A later show is a new request (a new timer).
    sender.record({ kind: 'show' });
    expect(timers).toHaveLength(2);
    await sender.flush();
    expect(sent).toHaveLength(2);
    await sender.flush();
    expect(sent).toHaveLength(2);
  });

  it('swallows a failed request and does not retry it', async () => {
    const send = jest.fn(async () => {
      throw new Error('network down');
    });
    const { sender } = harness(send);
    sender.record({ kind: 'launch' });
    await expect(sender.flush()).resolves.toBeUndefined();
    await sender.flush();
    expect(send).toHaveBeenCalledTimes(1);
  });

  it('sends without a device id when none can be had, and caps a batch at 20 touches', async () => {
    const sent: TouchBatch[] = [];
    const { sender } = harness(
      async (batch) => sent.push(batch),
      () => {
        throw new Error('storage broken');
      },
    );
    for (let i = 0; i < 25; i += 1) sender.record({ kind: 'show' });
    await sender.flush();
    expect(sent).toHaveLength(1);
    expect(sent[0]?.deviceId).toBeUndefined();
    expect(sent[0]?.touches).toHaveLength(20);
  });
});
