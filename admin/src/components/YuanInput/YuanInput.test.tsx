import '../../testing/jsdom';
import { fireEvent, render, screen, waitFor } from '@testing-library/react';
import { Button, Form } from 'antd';
import { fenToYuanText, yuanRule, yuanTextToFen, YuanInput, YUAN_FORMAT_ERROR } from '.';

interface Prices {
  a?: string;
  b?: string;
}

/** Two price fields as the product form uses them; submitting hands over fen. */
function PriceForm({ initial, onFen }: { initial?: Prices; onFen: (fen: { a: number | null; b: number | null }) => void }) {
  return (
    <Form<Prices> initialValues={initial} onFinish={(values) => onFen({ a: yuanTextToFen(values.a) ?? null, b: yuanTextToFen(values.b) ?? null })}>
      <Form.Item name="a" label="私域价" rules={[yuanRule({ required: true })]}>
        <YuanInput aria-label="price a" />
      </Form.Item>
      <Form.Item name="b" label="成本价" rules={[yuanRule()]}>
        <YuanInput aria-label="price b" />
      </Form.Item>
      <Button htmlType="submit">保存</Button>
    </Form>
  );
}

const type = (label: string, text: string) => fireEvent.change(screen.getByLabelText(label), { target: { value: text } });
const submit = () => fireEvent.click(screen.getByRole('button', { name: /保\s*存/ }));

describe('YuanInput', () => {
  it('turns ¥0.1 + ¥0.2 into exactly 30 fen (no float drift)', async () => {
    const onFen = jest.fn();
    render(<PriceForm onFen={onFen} />);
    type('price a', '0.1');
    type('price b', '0.2');
    submit();
    await waitFor(() => expect(onFen).toHaveBeenCalledTimes(1));
    const { a, b } = onFen.mock.calls[0][0] as { a: number; b: number };
    expect([a, b]).toEqual([10, 20]);
    expect(a + b).toBe(30);
    expect(0.1 + 0.2).not.toBe(0.3); // the float sum the field must never compute
  });

  it('rejects three decimals with a message and does not submit', async () => {
    const onFen = jest.fn();
    render(<PriceForm onFen={onFen} />);
    type('price a', '12.345');
    submit();
    expect(await screen.findByText(YUAN_FORMAT_ERROR)).toBeTruthy();
    expect(onFen).not.toHaveBeenCalled();
  });

  it.each([
    ['abc', YUAN_FORMAT_ERROR],
    ['1e3', YUAN_FORMAT_ERROR],
    ['12,5', YUAN_FORMAT_ERROR],
    ['-0.5', '金额不能为负'],
  ])('rejects %j', async (text, message) => {
    const onFen = jest.fn();
    render(<PriceForm onFen={onFen} />);
    type('price a', text);
    submit();
    expect(await screen.findByText(message)).toBeTruthy();
    expect(onFen).not.toHaveBeenCalled();
  });

  it('requires a value where the field is required', async () => {
    const onFen = jest.fn();
    render(<PriceForm onFen={onFen} />);
    submit();
    expect(await screen.findByText('请输入金额')).toBeTruthy();
    expect(onFen).not.toHaveBeenCalled();
  });

  it('shows stored fen as yuan and hands the same fen back (round trip)', async () => {
    const onFen = jest.fn();
    render(<PriceForm initial={{ a: fenToYuanText(1999), b: fenToYuanText(5) }} onFen={onFen} />);
    expect((screen.getByLabelText('price a') as HTMLInputElement).value).toBe('19.99');
    expect((screen.getByLabelText('price b') as HTMLInputElement).value).toBe('0.05');
    submit();
    await waitFor(() => expect(onFen).toHaveBeenCalledWith({ a: 1999, b: 5 }));
  });

  it('writes a typed amount back in canonical form when it loses focus', async () => {
    render(<PriceForm onFen={jest.fn()} />);
    type('price a', '¥12.5');
    fireEvent.blur(screen.getByLabelText('price a'));
    expect(await screen.findByDisplayValue('12.50')).toBe(screen.getByLabelText('price a'));
  });
});

describe('fenToYuanText / yuanTextToFen', () => {
  it('round-trips every amount from 0 to ¥100.00 and some large ones', () => {
    const amounts = [...Array.from({ length: 10_001 }, (_, i) => i), 123_456_789, 1_000_000_000];
    for (const fen of amounts) expect(yuanTextToFen(fenToYuanText(fen))).toBe(fen);
  });

  it('maps empty to null and garbage to undefined', () => {
    expect([yuanTextToFen(''), yuanTextToFen('  '), yuanTextToFen('1.001'), yuanTextToFen('x')]).toEqual([null, null, undefined, undefined]);
  });
});
