export { YuanInput, type YuanInputProps } from './YuanInput';
export { fenToYuanText, yuanRule, yuanTextToFen, YUAN_FORMAT_ERROR } from './yuan';
