import { ERROR_CODES, errorMessageFor, isErrorCode } from './codes';

const HAN = /\p{Script=Han}/u;
/** A SCREAMING_SNAKE word (a code leaking into a message) or an English sentence fragment. */
const RAW_CODE = /\b[A-Z][A-Z0-9]*_[A-Z0-9_]+\b/;
const ENGLISH_WORDS = /\b(error|failed|invalid|not found|must|please)\b/i;

describe('ERROR_CODES', () => {
  const entries = Object.entries(ERROR_CODES);

  it('has codes at all (the walk below is not vacuous)', () => {
    expect(entries.length).toBeGreaterThan(50);
  });

  it.each(entries)('%s has a status and a friendly Chinese message', (code, { status, message }) => {
    expect(code).toMatch(/^[A-Z][A-Z0-9_]*$/);
    expect(status).toBeGreaterThanOrEqual(400);
    expect(status).toBeLessThan(600);
    expect(message.trim()).toBe(message);
    expect(message.length).toBeGreaterThanOrEqual(4);
    expect(message).toMatch(HAN);
    expect(message).not.toMatch(RAW_CODE);
    expect(message).not.toMatch(ENGLISH_WORDS);
  });

  it('answers an unknown code with the generic Chinese message, never the code itself', () => {
    expect(isErrorCode('SOMETHING_NEW')).toBe(false);
    expect(errorMessageFor('SOMETHING_NEW')).toBe(ERROR_CODES.INTERNAL.message);
  });
});
