import { normalizeLaunchOptions } from './launch';

describe('normalizeLaunchOptions', () => {
  it('keeps the scene value, the path and the query, decoding a QR code scene', () => {
    expect(normalizeLaunchOptions({ scene: 1047, path: 'pages/index/index', query: { scene: encodeURIComponent('ch=live&r=7'), from: 'poster' } })).toEqual({
      scene: 1047,
      path: 'pages/index/index',
      query: { scene: 'ch=live&r=7', from: 'poster' },
    });
  });

  it('drops what the API would refuse and answers undefined for nothing', () => {
    expect(normalizeLaunchOptions({ scene: 1.5, path: '', query: { n: 3, ['k'.repeat(65)]: 'v' } })).toBeUndefined();
    expect(normalizeLaunchOptions(null)).toBeUndefined();
    expect(normalizeLaunchOptions({ query: { scene: '%E0%A4%A' } })).toEqual({ query: { scene: '%E0%A4%A' } });
  });
});
