import { LIVE_PLATFORM_NAMES, LIVE_PLATFORMS, liveSessionBodySchema, type LiveSessionView } from '@siyu/shared';
import { DatePicker, Form, Input, Modal, Select } from 'antd';
import dayjs from 'dayjs';
import { useMemo, useState } from 'react';
import { liveSessionsApi, type LiveSessionInput } from '../../../api/promotions';
import { fieldErrorsOfIssues, setFieldErrors, showServerFieldErrors } from '../../../errors/field-errors';
import { reportError } from '../../../errors/report-error';
import type { DayRange } from '../coupons/coupon-form';

interface Values {
  title?: string;
  platform?: LiveSessionView['platform'];
  roomId?: string;
  hostName?: string;
  range?: DayRange;
}

const fieldOf = (path: (string | number)[]) => {
  const [head] = path;
  if (head === 'startsAt' || head === 'endsAt') return ['range'];
  return typeof head === 'string' && ['title', 'platform', 'roomId', 'hostName'].includes(head) ? [head] : null;
};

/** Values → body, or the errors of the shared schema. */
function bodyOf(values: Values): { ok: true; body: LiveSessionInput } | { ok: false; issues: Parameters<typeof fieldErrorsOfIssues>[0] } {
  const [from, to] = values.range ?? [null, null];
  const body = {
    title: (values.title ?? '').trim(),
    platform: values.platform ?? 'miniprogram_live',
    roomId: (values.roomId ?? '').trim(),
    hostName: (values.hostName ?? '').trim(),
    startsAt: from?.toISOString() ?? '',
    endsAt: to?.toISOString() ?? '',
  };
  const parsed = liveSessionBodySchema.safeParse(body);
  return parsed.success ? { ok: true, body } : { ok: false, issues: parsed.error.issues };
}

/** The fields an edit changed (the platform is fixed once created). */
export function changesOf(session: LiveSessionView, body: LiveSessionInput): Partial<Omit<LiveSessionInput, 'platform'>> {
  const changes: Partial<Omit<LiveSessionInput, 'platform'>> = {};
  for (const key of ['title', 'roomId', 'hostName'] as const) if (body[key] !== session[key]) changes[key] = body[key];
  for (const key of ['startsAt', 'endsAt'] as const) if (Date.parse(body[key]) !== Date.parse(session[key])) changes[key] = body[key];
  return changes;
}

/** 新建 / 编辑直播: title, platform and room, host, and the broadcast window. */
export function LiveSessionFormModal({ session, onClose, onSaved }: { session?: LiveSessionView; onClose(): void; onSaved(saved: LiveSessionView): void }) {
  const [form] = Form.useForm<Values>();
  const [isBusy, setIsBusy] = useState(false);
  const initialValues = useMemo<Values>(
    () => (session ? { ...session, range: [dayjs(session.startsAt), dayjs(session.endsAt)] } : { platform: 'miniprogram_live' }),
    [session],
  );
  const submit = async (values: Values) => {
    const built = bodyOf(values);
    if (!built.ok) {
      setFieldErrors(form, fieldErrorsOfIssues(built.issues, fieldOf));
      return;
    }
    const changes = session ? changesOf(session, built.body) : null;
    if (changes && Object.keys(changes).length === 0) return onClose();
    setIsBusy(true);
    try {
      onSaved(session && changes ? await liveSessionsApi.update(session.id, changes) : await liveSessionsApi.create(built.body));
    } catch (error) {
      if (!showServerFieldErrors(form, error, fieldOf)) reportError(error);
    } finally {
      setIsBusy(false);
    }
  };
  return (
    <Modal
      open
      title={session ? `编辑直播：${session.title}` : '新建直播'}
      onCancel={onClose}
      onOk={() => form.submit()}
      okText="保存"
      confirmLoading={isBusy}
      destroyOnHidden
      width={560}
    >
      <Form<Values> form={form} layout="vertical" initialValues={initialValues} onFinish={submit} data-testid="live-session-form">
        <Form.Item name="title" label="直播标题" rules={[{ required: true, whitespace: true, message: '请输入标题' }]}>
          <Input maxLength={60} placeholder="如 双11 新品首发专场" aria-label="直播标题" />
        </Form.Item>
        <Form.Item name="platform" label="直播平台">
          <Select options={LIVE_PLATFORMS.map((value) => ({ value, label: LIVE_PLATFORM_NAMES[value] }))} disabled={Boolean(session)} aria-label="直播平台" />
        </Form.Item>
        <Form.Item name="roomId" label="直播间 ID" rules={[{ required: true, whitespace: true, message: '请输入直播间 ID' }]}>
          <Input maxLength={64} aria-label="直播间 ID" />
        </Form.Item>
        <Form.Item name="hostName" label="主播" rules={[{ required: true, whitespace: true, message: '请输入主播名' }]}>
          <Input maxLength={30} aria-label="主播" />
        </Form.Item>
        <Form.Item name="range" label="直播时间" rules={[{ required: true, message: '请选择直播时间' }]}>
          <DatePicker.RangePicker showTime={{ format: 'HH:mm' }} format="YYYY-MM-DD HH:mm" aria-label="直播时间" />
        </Form.Item>
      </Form>
    </Modal>
  );
}
