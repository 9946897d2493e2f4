import fc from 'fast-check';
import { CsvSyntaxError, parseCsv, protectCell, serializeCsv, unprotectCell, UTF8_BOM } from './rfc4180';

/** The error `run` throws (undefined when it does not throw, which the caller's expectations then fail on). */
function thrownBy(run: () => unknown): unknown {
  try {
    run();
  } catch (error) {
    return error;
  }
  return undefined;
}

describe('parseCsv', () => {
  it.each([
    ['a,b,c', [['a', 'b', 'c']]],
    [
      'a,b\r\nc,d\r\n',
      [
        ['a', 'b'],
        ['c', 'd'],
      ],
    ],
    [
      'a,b\nc,d',
      [
        ['a', 'b'],
        ['c', 'd'],
      ],
    ],
    [
      'a,b\rc,d\r',
      [
        ['a', 'b'],
        ['c', 'd'],
      ],
    ],
    ['"a,1","b ""q"""\r\n', [['a,1', 'b "q"']]],
    ['"line\r\nbreak",x', [['line\r\nbreak', 'x']]],
    ['a,,\r\n', [['a', '', '']]],
    ['"",x', [['', 'x']]],
    ['x,""', [['x', '']]],
    ['\r\n', [['']]],
    ['', []],
  ])('reads %j', (text, expected) => {
    expect(parseCsv(text)).toEqual(expected);
  });

  it('drops the UTF-8 byte order mark Excel writes', () => {
    expect(parseCsv(`${UTF8_BOM}商品,价格\r\n椰子水,12.50\r\n`)).toEqual([
      ['商品', '价格'],
      ['椰子水', '12.50'],
    ]);
  });

  it.each([
    ['"open', 1, 'never closed'],
    ['a\nb,"x\ny', 2, 'never closed'],
    ['ab"c', 1, 'quote inside an unquoted field'],
    ['"a"b', 1, 'after a closing quote'],
    ['ok\r\n"a\r\nb"c', 3, 'after a closing quote'],
  ])('refuses %j with the line of the problem', (text, line, message) => {
    const error = thrownBy(() => parseCsv(text));
    expect(error).toBeInstanceOf(CsvSyntaxError);
    expect(error).toMatchObject({ line, message: expect.stringContaining(message) });
  });
});

describe('serializeCsv', () => {
  it('quotes only fields that need it and ends records with CRLF', () => {
    expect(serializeCsv([['a', 'b,c', 'say "hi"', ' pad', 'x\ny']])).toBe('a,"b,c","say ""hi"""," pad","x\ny"\r\n');
  });

  it('prefixes the byte order mark when asked', () => {
    expect(serializeCsv([['价格']], { bom: true })).toBe(`${UTF8_BOM}价格\r\n`);
  });

  it('round-trips any table of fields through parseCsv', () => {
    const field = fc.string({ unit: fc.constantFrom('a', '价', ',', '"', '\r', '\n', ' ', '=', "'") });
    const table = fc.array(fc.array(field, { minLength: 2, maxLength: 4 }), { minLength: 1, maxLength: 5 });
    fc.assert(
      fc.property(table, (records) => {
        expect(parseCsv(serializeCsv(records, { bom: true }))).toEqual(records);
      }),
    );
  });
});

describe('protectCell / unprotectCell', () => {
  it.each(['=SUM(A1)', '+1', '-2', '@cmd', '\tx'])('neutralises the formula %j and restores it', (text) => {
    expect(protectCell(text)).toBe(`'${text}`);
    expect(unprotectCell(protectCell(text))).toBe(text);
  });

  it.each(['椰子水', "'quoted", '12.50', ''])('leaves %j alone', (text) => {
    expect(protectCell(text)).toBe(text);
    expect(unprotectCell(text)).toBe(text);
  });
});
