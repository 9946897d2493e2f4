import { useMemo } from 'react';
import { couponsApi } from '../../api/promotions';
import { useSession } from '../../auth/SessionProvider';
import { useApiData } from '../../hooks/use-api-data';
import { messagingApi, type SmsTemplateView, type SubscribeTemplateView } from '../messaging/messaging-api';
import { segmentsApi } from '../segments/segments-api';

export interface Option {
  value: number;
  label: string;
}

/** The lists the journey editor picks from (segments, tags, coupons, the channels' templates), loaded once per page. */
export interface JourneyOptions {
  segments: Option[];
  tagGroups: { label: string; options: Option[] }[];
  coupons: Option[];
  subscribeTemplates: SubscribeTemplateView[];
  smsTemplates: SmsTemplateView[];
  /** The store's default holdout for a new experiment (消息设置 › 默认对照组比例), basis points. */
  defaultHoldoutBp: number;
}

const none = <T>(): Promise<T[]> => Promise.resolve([]);

export function useJourneyOptions(): JourneyOptions {
  const { can } = useSession();
  const members = can('members:read');
  const promotions = can('promotions:read');
  const segments = useApiData((signal) => (members ? segmentsApi.list(signal) : none<never>()), [members]);
  const tagGroups = useApiData((signal) => (members ? segmentsApi.tagGroups(signal) : none<never>()), [members]);
  const coupons = useApiData((signal) => (promotions ? couponsApi.list(signal) : none<never>()), [promotions]);
  const subscribe = useApiData((signal) => messagingApi.subscribeTemplates(signal), []);
  const sms = useApiData((signal) => messagingApi.smsTemplates(signal), []);
  const settings = useApiData((signal) => messagingApi.settings(signal), []);
  return useMemo(
    () => ({
      segments: (segments.data ?? []).map((segment) => ({
        value: segment.id,
        label: segment.status === 'archived' ? `${segment.name}（已归档）` : segment.name,
      })),
      tagGroups: (tagGroups.data ?? []).map((group) => ({
        label: group.name,
        options: group.tags.filter((tag) => tag.status !== 'archived').map((tag) => ({ value: tag.id, label: tag.name })),
      })),
      coupons: (coupons.data ?? []).map((coupon) => ({ value: coupon.id, label: coupon.name })),
      subscribeTemplates: subscribe.data ?? [],
      smsTemplates: sms.data ?? [],
      defaultHoldoutBp: settings.data?.holdoutBp ?? 1000,
    }),
    [segments.data, tagGroups.data, coupons.data, subscribe.data, sms.data, settings.data],
  );
}
