import '../testing/jsdom';
import { reportsApi } from './reports';

describe('reportsApi.csv', () => {
  const realFetch = global.fetch;
  afterEach(() => {
    global.fetch = realFetch;
  });

  const answer = (status: number, body: string, headers: Record<string, string>) => {
    const calls: string[] = [];
    global.fetch = ((url: string) => {
      calls.push(url);
      return Promise.resolve({
        ok: status < 400,
        status,
        headers: { get: (name: string) => headers[name.toLowerCase()] ?? null },
        json: () => Promise.resolve(JSON.parse(body) as unknown),
        blob: () => Promise.resolve(new Blob([body], { type: headers['content-type'] })),
      });
    }) as unknown as typeof fetch;
    return calls;
  };

  it('hands back the file the server answers directly, named by Content-Disposition', async () => {
    const calls = answer(200, '\uFEFF类型,名称\n', {
      'content-type': 'text/csv',
      'content-disposition': "attachment; filename*=UTF-8''%E8%BD%AC%E5%8C%96.csv",
    });
    const result = await reportsApi.csv('funnel', { from: '2026-11-01', to: '2026-11-30', channelId: null });
    expect(calls).toEqual(['/api/admin/reports/funnel.csv?from=2026-11-01&to=2026-11-30']);
    expect(result.kind).toBe('file');
    expect(result.kind === 'file' && result.file.filename).toBe('转化.csv');
  });

  it('hands back the export job when the server answers 202', async () => {
    answer(202, '{"exportId":42}', { 'content-type': 'application/json' });
    await expect(reportsApi.csv('products', { from: '2025-01-01', to: '2026-11-30' })).resolves.toEqual({ kind: 'job', exportId: 42 });
  });
});
