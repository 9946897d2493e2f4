import { useMemo } from 'react';
import { channelsApi } from '../../api/channels';
import { couponsApi } from '../../api/promotions';
import { useApiData } from '../../hooks/use-api-data';
import { useCategories, type Categories } from '../../hooks/use-categories';
import { segmentsApi } from './segments-api';

interface Option {
  value: number;
  label: string;
}

/** The lists the builder's value editors pick from, loaded once per page. */
export interface SegmentOptions {
  /** Tags grouped by tag group (archived tags left out). */
  tagGroups: { label: string; options: Option[] }[];
  channels: Option[];
  couponTemplates: Option[];
  categories: Categories;
}

export function useSegmentOptions(): SegmentOptions {
  const tagGroups = useApiData((signal) => segmentsApi.tagGroups(signal), []);
  const channels = useApiData((signal) => channelsApi.list({}, signal), []);
  const templates = useApiData((signal) => couponsApi.list(signal), []);
  const categories = useCategories();
  return useMemo(
    () => ({
      tagGroups: (tagGroups.data ?? []).map((group) => ({
        label: group.name,
        options: group.tags.filter((tag) => tag.status !== 'archived').map((tag) => ({ value: tag.id, label: tag.name })),
      })),
      channels: (channels.data ?? []).map((channel) => ({
        value: channel.id,
        label: channel.status === 'archived' ? `${channel.name}（已归档）` : channel.name,
      })),
      couponTemplates: (templates.data ?? []).map((template) => ({ value: template.id, label: template.name })),
      categories,
    }),
    [tagGroups.data, channels.data, templates.data, categories],
  );
}
