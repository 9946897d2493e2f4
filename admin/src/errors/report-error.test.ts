import { ApiError } from '../api/client';
import { chineseDetail, codeText, errorView } from './report-error';

describe('errorView', () => {
  it('shows the Chinese message of the code, never the code (the login page once showed INVALID_CREDENTIALS)', () => {
    const view = errorView(new ApiError(401, 'INVALID_CREDENTIALS', '用户名或密码错误', null, 'req-1'));
    expect(view).toMatchObject({ title: '用户名或密码错误', detail: null, requestId: 'req-1' });
    expect(JSON.stringify({ title: view.title, detail: view.detail })).not.toContain('INVALID_CREDENTIALS');
  });

  it('keeps an English validation message out and a Chinese detail in', () => {
    expect(errorView(new ApiError(400, 'VALIDATION_FAILED', 'body.title: must not be empty', null, null)).detail).toBeNull();
    expect(chineseDetail('第 3 行：分类不存在', '导入失败')).toBe('第 3 行：分类不存在');
    expect(chineseDetail('导入失败', '导入失败')).toBeNull();
  });

  it('gives a thrown bug a Chinese title and what to do', () => {
    expect(errorView(new TypeError('x is undefined'))).toEqual({ title: '页面出错了', code: null, detail: '请刷新页面后重试', requestId: null });
  });
});

describe('codeText', () => {
  it('words a code from an API answer and never echoes an unknown one', () => {
    expect(codeText('MEMBER_NOT_FOUND')).toBe('会员不存在');
    expect(codeText('SOMETHING_ELSE')).toBe('未知原因');
  });
});
