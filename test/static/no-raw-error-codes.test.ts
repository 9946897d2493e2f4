import { ERROR_CODES } from '@siyu/shared';
import { sourceFiles } from './source-files';

/**
 * Neither front-end shows a raw error code (INVALID_CREDENTIALS) to anyone: every code's words come
 * from the shared message table (api client → friendlyMessage / errorMessageFor). These checks read
 * the sources, so a new page that renders `error.code` fails here before a shopper or a merchant sees it.
 */
const frontEnd = [...sourceFiles('admin/src', ['.tsx', '.ts']), ...sourceFiles('miniapp/src', ['.tsx', '.ts'])];

/** `{error.code}`, `{failure?.code}`, `${entry.code}` …: an error-ish value's code put on screen. */
const RENDERED_CODE = /(\{|\$\{)\s*[\w.?]*\b(error|err|failure|failed|view|problem|entry|skipped|reason)\??\.code\s*\}/gi;

function lineOf(text: string, index: number): number {
  return text.slice(0, index).split('\n').length;
}

describe('front-end error display', () => {
  it('reads the admin and the mini-program sources (the checks below are not vacuous)', () => {
    expect(frontEnd.filter(({ file }) => file.startsWith('admin/')).length).toBeGreaterThan(50);
    expect(frontEnd.filter(({ file }) => file.startsWith('miniapp/')).length).toBeGreaterThan(50);
  });

  it('never renders an error code: no {error.code} or ${entry.code} in JSX or text', () => {
    const hits = frontEnd.flatMap(({ file, text }) => [...text.matchAll(RENDERED_CODE)].map((match) => `${file}:${lineOf(text, match.index)} ${match[0]}`));
    expect(hits).toEqual([]);
  });

  it('never writes an error code as screen text (JSX text or a toast/message string)', () => {
    const codes = Object.keys(ERROR_CODES).join('|');
    const asText = new RegExp(
      `(?<![=-])>(?!=)[^<>{}]*\\b(${codes})\\b[^<>{}]*<(?=[/A-Za-z])|(title|content|message|description)\\s*[:=]\\s*['"\`][^'"\`]*\\b(${codes})\\b`,
      'g',
    );
    const hits = frontEnd.flatMap(({ file, text }) => [...text.matchAll(asText)].map((match) => `${file}:${lineOf(text, match.index)} ${match[0]}`));
    expect(hits).toEqual([]);
  });

  it('catches the pattern it looks for (the login page once showed INVALID_CREDENTIALS this way)', () => {
    expect('description={<Typography.Text code>{failure.code}</Typography.Text>}').toMatch(RENDERED_CODE);
    expect('`#${entry.memberId}：${entry.code}`').toMatch(RENDERED_CODE);
    expect("if (error.code === 'VALIDATION_FAILED')").not.toMatch(RENDERED_CODE);
  });
});
