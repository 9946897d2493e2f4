import { DownloadOutlined, PlusOutlined, PrinterOutlined, QrcodeOutlined } from '@ant-design/icons';
import { App, Button, Modal, Popconfirm, Space, Table, Tag, Typography } from 'antd';
import { useState } from 'react';
import { saveBlob } from '../../api/catalog-io';
import { channelsApi, type ChannelCodeView, type ChannelView, type CodeBatchView } from '../../api/channels';
import { CursorPager } from '../../components/CursorPager';
import { reportError } from '../../errors/report-error';
import { formatTime } from '../../format';
import { useApiData } from '../../hooks/use-api-data';
import { useCursorPages } from '../../hooks/use-cursor-pages';
import { CODE_STATUS_NAMES, count } from './channel-labels';
import { CreateBatchModal, CreateCodeModal, WECOM_KINDS, WecomCodeModal } from './CodeDialogs';
import { QrPreviewModal } from './QrPreviewModal';

/** 下载 ZIP: every code image of a batch in one file. */
function ZipButton({ batchId }: { batchId: number }) {
  const [progress, setProgress] = useState<number | null | undefined>(undefined);
  const run = async () => {
    setProgress(null);
    try {
      saveBlob(await channelsApi.batchZip(batchId, setProgress));
    } catch (error) {
      reportError(error);
    } finally {
      setProgress(undefined);
    }
  };
  return (
    <Button icon={<DownloadOutlined />} loading={progress !== undefined} onClick={run} data-testid={`batch-zip-${batchId}`}>
      {progress === undefined ? '下载 ZIP' : `下载中${progress === null ? '…' : ` ${Math.round(progress * 100)}%`}`}
    </Button>
  );
}

/** Opens the printable sheet of a batch in a new tab (fetched with the token, shown from a blob URL). */
async function openSheet(batchId: number): Promise<void> {
  const tab = window.open('', '_blank');
  try {
    const html = await channelsApi.batchSheet(batchId);
    const url = URL.createObjectURL(new Blob([html], { type: 'text/html' }));
    if (tab) tab.location.href = url;
    else window.location.assign(url);
    setTimeout(() => URL.revokeObjectURL(url), 60_000);
  } catch (error) {
    tab?.close();
    reportError(error);
  }
}

/** 入口码: the channel's codes and batches; create one or a batch, preview / download QR codes, WeCom codes, retire. */
export function CodesTab({ channel, canWrite }: { channel: ChannelView; canWrite: boolean }) {
  const { message } = App.useApp();
  const pages = useCursorPages((cursor, limit, signal) => channelsApi.codes(channel.id, cursor, limit, signal), [channel.id]);
  const batches = useApiData((signal) => channelsApi.batches(channel.id, signal), [channel.id]);
  const [dialog, setDialog] = useState<'code' | 'batch' | null>(null);
  const [preview, setPreview] = useState<ChannelCodeView | null>(null);
  const [wecomFor, setWecomFor] = useState<ChannelCodeView | null>(null);
  const [wecomUrl, setWecomUrl] = useState<{ code: ChannelCodeView; url: string } | null>(null);
  const isWecom = WECOM_KINDS.has(channel.kind);
  const isActive = channel.status === 'active';

  const retire = async (code: ChannelCodeView) => {
    try {
      await channelsApi.retireCode(code.id);
      message.success(`已停用 ${code.scene}`);
      pages.reload();
    } catch (error) {
      reportError(error);
    }
  };
  const reloadAll = () => {
    pages.reload();
    batches.reload();
  };

  return (
    <>
      {canWrite && isActive && (
        <Space style={{ marginBottom: 16 }}>
          <Button type="primary" icon={<PlusOutlined />} onClick={() => setDialog('code')} data-testid="code-create">
            新建入口码
          </Button>
          <Button icon={<QrcodeOutlined />} onClick={() => setDialog('batch')} data-testid="batch-create">
            批量生成
          </Button>
        </Space>
      )}
      {(batches.data?.length ?? 0) > 0 && (
        <Table<CodeBatchView>
          rowKey="id"
          size="small"
          style={{ marginBottom: 16 }}
          title={() => <Typography.Text strong>批次</Typography.Text>}
          dataSource={batches.data ?? []}
          pagination={{ pageSize: 5, hideOnSinglePage: true }}
          data-testid="batch-table"
          columns={[
            { title: '批次名称', dataIndex: 'label', render: (label: string, batch) => label || `批次 #${batch.id}` },
            { className: 'nowrap', title: '数量', dataIndex: 'quantity', align: 'right', render: (value: number) => `${count(value)} 个` },
            { className: 'nowrap', title: '创建时间', dataIndex: 'createdAt', render: formatTime },
            {
              className: 'nowrap',
              title: '操作',
              key: 'actions',
              render: (_, batch) => (
                <Space>
                  <ZipButton batchId={batch.id} />
                  <Button icon={<PrinterOutlined />} onClick={() => openSheet(batch.id)}>
                    打印页
                  </Button>
                </Space>
              ),
            },
          ]}
        />
      )}
      <Table<ChannelCodeView>
        rowKey="id"
        loading={pages.isLoading}
        dataSource={pages.items}
        pagination={false}
        scroll={{ x: 'max-content' }}
        data-testid="code-table"
        locale={{ emptyText: '还没有入口码' }}
        columns={[
          { className: 'nowrap', title: 'scene', dataIndex: 'scene', render: (scene: string) => <Typography.Text code>{scene}</Typography.Text> },
          { title: '名称', dataIndex: 'label', render: (label: string) => label || '—' },
          {
            className: 'nowrap',
            title: '序号',
            dataIndex: 'unitIndex',
            align: 'right',
            render: (value: number | null) => (value === null ? '—' : `#${value}`),
          },
          { className: 'nowrap', title: '电商订单号', dataIndex: 'marketplaceOrderNo', render: (value: string | null) => value ?? '—' },
          {
            className: 'nowrap',
            title: '状态',
            dataIndex: 'status',
            render: (status: ChannelCodeView['status']) => <Tag color={status === 'active' ? 'green' : 'default'}>{CODE_STATUS_NAMES[status]}</Tag>,
          },
          ...(isWecom
            ? [
                {
                  className: 'nowrap',
                  title: '企微活码',
                  key: 'wecom',
                  render: (_: unknown, code: ChannelCodeView) =>
                    code.wecomQrUrl ? (
                      <Typography.Link href={code.wecomQrUrl} target="_blank" rel="noreferrer">
                        {code.wecomKind === 'join_way' ? '查看加群码' : '查看联系我'}
                      </Typography.Link>
                    ) : canWrite && code.status === 'active' ? (
                      <Typography.Link onClick={() => setWecomFor(code)}>{channel.kind === 'community' ? '生成加群码' : '生成企微活码'}</Typography.Link>
                    ) : (
                      '—'
                    ),
                },
              ]
            : []),
          { className: 'nowrap', title: '创建时间', dataIndex: 'createdAt', render: formatTime },
          {
            className: 'nowrap',
            title: '操作',
            key: 'actions',
            fixed: 'right',
            render: (_, code) => (
              <Space>
                <Typography.Link onClick={() => setPreview(code)} data-testid={`code-qr-${code.id}`}>
                  小程序码
                </Typography.Link>
                {canWrite && code.status === 'active' && (
                  <Popconfirm
                    title={`停用入口码 ${code.scene}？`}
                    description="停用后扫码仍可进入商城，但不再计入本渠道。"
                    okText="停用"
                    cancelText="取消"
                    onConfirm={() => retire(code)}
                  >
                    <Typography.Link type="danger">停用</Typography.Link>
                  </Popconfirm>
                )}
              </Space>
            ),
          },
        ]}
      />
      <CursorPager pages={pages as never} />
      {dialog === 'code' && (
        <CreateCodeModal
          channel={channel}
          onClose={() => setDialog(null)}
          onCreated={() => {
            setDialog(null);
            message.success('入口码已创建');
            reloadAll();
          }}
        />
      )}
      {dialog === 'batch' && (
        <CreateBatchModal
          channel={channel}
          onClose={() => setDialog(null)}
          onCreated={(batch) => {
            setDialog(null);
            message.success(`已生成 ${batch.quantity} 个入口码`);
            reloadAll();
          }}
        />
      )}
      {preview && <QrPreviewModal code={preview} onClose={() => setPreview(null)} />}
      {wecomFor && (
        <WecomCodeModal
          channel={channel}
          code={wecomFor}
          onClose={() => setWecomFor(null)}
          onMade={(url) => {
            setWecomFor(null);
            setWecomUrl({ code: wecomFor, url });
            pages.reload();
          }}
        />
      )}
      {wecomUrl && (
        <Modal
          open
          title={channel.kind === 'community' ? '加群码已生成' : '企微活码已生成'}
          onCancel={() => setWecomUrl(null)}
          footer={<Button onClick={() => setWecomUrl(null)}>关闭</Button>}
        >
          <Space orientation="vertical" style={{ width: '100%' }}>
            <Typography.Text>入口码 {wecomUrl.code.scene} 的企微活码地址（可下载二维码图片用于海报、包裹卡）：</Typography.Text>
            <Typography.Link href={wecomUrl.url} target="_blank" rel="noreferrer" copyable>
              {wecomUrl.url}
            </Typography.Link>
          </Space>
        </Modal>
      )}
    </>
  );
}
