import type { SegmentDefinitionInput } from '@siyu/shared';
import { Table } from 'antd';
import { CursorPager } from '../../components/CursorPager';
import { useCursorPages } from '../../hooks/use-cursor-pages';
import { memberColumns } from '../crm/member-columns';
import { segmentsApi, type SegmentMember } from './segments-api';

/** The members of a definition (the one last counted), page by page. */
export function SegmentMembersTable({ definitionKey }: { definitionKey: string }) {
  const pages = useCursorPages<SegmentMember>(
    (cursor, limit) => segmentsApi.members(JSON.parse(definitionKey) as SegmentDefinitionInput, cursor, limit),
    [definitionKey],
    10,
  );
  return (
    <>
      <Table<SegmentMember>
        rowKey="id"
        size="small"
        loading={pages.isLoading}
        dataSource={pages.items}
        pagination={false}
        scroll={{ x: 'max-content' }}
        data-testid="segment-member-table"
        locale={{ emptyText: '没有符合条件的会员' }}
        columns={memberColumns<SegmentMember>()}
      />
      <CursorPager pages={pages} />
    </>
  );
}
