import { CameraOutlined } from '@ant-design/icons';
import { App, Button, Input, Modal, Table } from 'antd';
import { useState } from 'react';
import { CsvDownloadButton } from '../../components/CsvDownloadButton';
import { reportError } from '../../errors/report-error';
import { formatTime } from '../../format';
import { useApiData } from '../../hooks/use-api-data';
import { segmentsApi, type SegmentSnapshot } from './segments-api';

/** 快照: frozen member lists of a segment (a campaign's audience as it was), with CSV export. */
export function SegmentSnapshots({ segmentId, canWrite }: { segmentId: number; canWrite: boolean }) {
  const { message } = App.useApp();
  const { data, isLoading, reload } = useApiData((signal) => segmentsApi.snapshots(segmentId, signal), [segmentId]);
  const [isNaming, setIsNaming] = useState(false);
  const [name, setName] = useState('');
  const [isSaving, setIsSaving] = useState(false);

  const create = async () => {
    setIsSaving(true);
    try {
      const snapshot = await segmentsApi.createSnapshot(segmentId, name.trim());
      message.success(`已冻结快照「${snapshot.name}」，共 ${snapshot.memberCount.toLocaleString('zh-CN')} 人`);
      setIsNaming(false);
      setName('');
      reload();
    } catch (error) {
      reportError(error);
    } finally {
      setIsSaving(false);
    }
  };

  return (
    <>
      {canWrite && (
        <Button icon={<CameraOutlined />} onClick={() => setIsNaming(true)} style={{ marginBottom: 12 }} data-testid="segment-snapshot-create">
          冻结快照
        </Button>
      )}
      <Table<SegmentSnapshot>
        rowKey="id"
        size="small"
        loading={isLoading}
        dataSource={data ?? []}
        pagination={{ pageSize: 10, hideOnSinglePage: true }}
        locale={{ emptyText: '还没有快照：冻结后名单不再随条件变化' }}
        data-testid="segment-snapshot-table"
        columns={[
          { title: '快照名称', dataIndex: 'name' },
          { className: 'nowrap', title: '人数', dataIndex: 'memberCount', align: 'right', render: (value: number) => `${value.toLocaleString('zh-CN')} 人` },
          { className: 'nowrap', title: '冻结时间', dataIndex: 'createdAt', render: formatTime },
          {
            className: 'nowrap',
            title: '操作',
            key: 'actions',
            render: (_, snapshot) => <CsvDownloadButton download={(onProgress) => segmentsApi.snapshotCsv(snapshot.id, onProgress)} />,
          },
        ]}
      />
      <Modal open={isNaming} title="冻结快照" okText="冻结" cancelText="取消" confirmLoading={isSaving} onOk={create} onCancel={() => setIsNaming(false)}>
        <p>按当前已保存的条件圈出会员并固定下来，之后条件或会员变化都不影响这份名单。</p>
        <Input
          aria-label="快照名称"
          placeholder="快照名称（可不填，默认按日期命名）"
          maxLength={40}
          value={name}
          onChange={(event) => setName(event.target.value)}
        />
      </Modal>
    </>
  );
}
