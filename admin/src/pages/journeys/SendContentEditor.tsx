import { JOURNEY_PLACEHOLDERS, MESSAGE_CHANNELS, MESSAGE_CHANNEL_NAMES, type MessageChannel, type SendContent } from '@siyu/shared';
import { Form, Input, Select, Typography } from 'antd';
import { smsVariables } from '../messaging/messaging-api';
import { defaultContent } from './journey-steps';
import type { JourneyOptions } from './use-journey-options';

/** The variable names a content's template asks for (subscribe fields, SMS `${var}`s, or title / content). */
export function templateFields(content: SendContent, options: JourneyOptions): { key: string; label: string }[] {
  if (content.channel === 'subscribe') {
    const template = options.subscribeTemplates.find((candidate) => candidate.key === content.template);
    return template ? template.fields.map((field) => ({ key: field.key, label: field.label })) : [];
  }
  if (content.channel === 'sms') {
    const template = options.smsTemplates.find((candidate) => candidate.code === content.template);
    return template ? smsVariables(template.content).map((key) => ({ key, label: key })) : [];
  }
  return [
    { key: 'title', label: '标题' },
    { key: 'content', label: '内容' },
  ];
}

const PLACEHOLDER_HELP = `可用占位：${Object.entries(JOURNEY_PLACEHOLDERS)
  .map(([key, value]) => `{{${key}}} ${value.label}`)
  .join('，')}`;

/** One message's channel, template and variables (a send step's content, its B variant or its fallback). */
export function SendContentEditor({
  value,
  onChange,
  options,
  prefix,
  isReadOnly,
  placeholderHelp = PLACEHOLDER_HELP,
}: {
  value: SendContent;
  onChange(next: SendContent): void;
  options: JourneyOptions;
  prefix: string;
  isReadOnly: boolean;
  /** The placeholders the text may use (campaigns: only the member's name). */
  placeholderHelp?: string;
}) {
  const fields = templateFields(value, options);
  const keys = [...new Set([...fields.map((field) => field.key), ...Object.keys(value.variables)])];
  const labelOf = (key: string) => fields.find((field) => field.key === key)?.label ?? key;
  const templateOptions =
    value.channel === 'subscribe'
      ? options.subscribeTemplates.map((template) => ({ value: template.key, label: `${template.title}（${template.key}）` }))
      : value.channel === 'sms'
        ? options.smsTemplates.map((template) => ({ value: template.code, label: `${template.name ?? template.code}（${template.code}）` }))
        : [{ value: 'text', label: '文本' }];
  const setTemplate = (template: string) => {
    const next = { ...value, template };
    const wanted = templateFields(next, options).map((field) => field.key);
    onChange({ ...next, variables: Object.fromEntries(wanted.map((key) => [key, value.variables[key] ?? ''])) });
  };
  return (
    <>
      <Form.Item label={`${prefix}渠道`}>
        <Select<MessageChannel>
          aria-label={`${prefix}渠道`}
          disabled={isReadOnly}
          value={value.channel}
          onChange={(channel) => onChange(defaultContent(channel))}
          options={MESSAGE_CHANNELS.map((channel) => ({ value: channel, label: MESSAGE_CHANNEL_NAMES[channel] }))}
        />
      </Form.Item>
      <Form.Item label={`${prefix}模板`}>
        <Select
          aria-label={`${prefix}模板`}
          disabled={isReadOnly}
          value={value.template || undefined}
          placeholder="选择模板"
          onChange={setTemplate}
          options={
            templateOptions.some((option) => option.value === value.template) || !value.template
              ? templateOptions
              : [{ value: value.template, label: value.template }, ...templateOptions]
          }
        />
      </Form.Item>
      {keys.map((key) => (
        <Form.Item key={key} label={`${prefix}${labelOf(key)}`}>
          <Input.TextArea
            aria-label={`${prefix}变量 ${key}`}
            disabled={isReadOnly}
            autoSize={{ minRows: 1, maxRows: 4 }}
            value={value.variables[key] ?? ''}
            onChange={(event) => onChange({ ...value, variables: { ...value.variables, [key]: event.target.value } })}
          />
        </Form.Item>
      ))}
      {(value.channel === 'inapp' || value.channel === 'wecom') && (
        <Form.Item label={`${prefix}跳转页面`}>
          <Input
            aria-label={`${prefix}跳转页面`}
            disabled={isReadOnly}
            placeholder="如 pages/coupons/index（可不填）"
            value={value.link ?? ''}
            onChange={(event) => onChange({ ...value, link: event.target.value || null })}
          />
        </Form.Item>
      )}
      <Typography.Paragraph type="secondary" style={{ fontSize: 12 }}>
        {placeholderHelp}
      </Typography.Paragraph>
    </>
  );
}
