import { Input, type InputProps } from 'antd';
import { fenToYuanText, yuanTextToFen } from './yuan';

export interface YuanInputProps extends Omit<InputProps, 'value' | 'onChange' | 'prefix'> {
  /** The yuan text as typed ("12.5"); the form converts it to fen with yuanTextToFen on submit. */
  value?: string;
  onChange?: (text: string) => void;
}

/**
 * A price field in yuan. It keeps exactly what was typed (so "12.999" stays visible with its error)
 * and writes a valid amount back in canonical form ("12.5" → "12.50") when the field loses focus.
 */
export function YuanInput({ value, onChange, onBlur, ...rest }: YuanInputProps) {
  return (
    <Input
      {...rest}
      prefix="¥"
      inputMode="decimal"
      autoComplete="off"
      value={value ?? ''}
      onChange={(event) => onChange?.(event.target.value)}
      onBlur={(event) => {
        const fen = yuanTextToFen(value);
        if (typeof fen === 'number' && fenToYuanText(fen) !== value) onChange?.(fenToYuanText(fen));
        onBlur?.(event);
      }}
    />
  );
}
