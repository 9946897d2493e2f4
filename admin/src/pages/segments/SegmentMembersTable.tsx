import type { SegmentDefinitionInput } from '@siyu/shared';
import { useCursorPages } from '../../hooks/use-cursor-pages';
import { MemberPagesTable } from '../crm/member-columns';
import { segmentsApi, type SegmentMember } from './segments-api';

/** The members of a definition (the one last counted), page by page. */
export function SegmentMembersTable({ definitionKey }: { definitionKey: string }) {
  const pages = useCursorPages<SegmentMember>(
    (cursor, limit) => segmentsApi.members(JSON.parse(definitionKey) as SegmentDefinitionInput, cursor, limit),
    [definitionKey],
    10,
  );
  return <MemberPagesTable pages={pages} testId="segment-member-table" emptyText="没有符合条件的会员" />;
}
