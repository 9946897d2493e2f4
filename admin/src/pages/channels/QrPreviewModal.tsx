import { DownloadOutlined } from '@ant-design/icons';
import { Button, Modal, Space, Spin, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { saveBlob } from '../../api/catalog-io';
import { channelsApi, type ChannelCodeView } from '../../api/channels';
import { reportError } from '../../errors/report-error';

/** A code's mini-program code image (fetched with the staff token, shown from a blob URL) and its PNG download. */
export function QrPreviewModal({ code, onClose }: { code: ChannelCodeView; onClose(): void }) {
  const [image, setImage] = useState<{ blob: Blob; url: string } | null>(null);
  const [failed, setFailed] = useState(false);

  useEffect(() => {
    let url: string | null = null;
    let isCurrent = true;
    channelsApi
      .qrcode(code.id)
      .then((blob) => {
        if (!isCurrent) return;
        url = URL.createObjectURL(blob);
        setImage({ blob, url });
      })
      .catch((error: unknown) => {
        if (!isCurrent) return;
        setFailed(true);
        reportError(error);
      });
    return () => {
      isCurrent = false;
      if (url) URL.revokeObjectURL(url);
    };
  }, [code.id]);

  const fileName = `${code.label || '入口码'}-${code.scene}.png`.replace(/[\\/:*?"<>|=]+/g, '_');
  return (
    <Modal
      open
      title={`小程序码 · ${code.label || code.scene}`}
      onCancel={onClose}
      width={420}
      footer={
        <Space>
          <Button onClick={onClose}>关闭</Button>
          <Button type="primary" icon={<DownloadOutlined />} disabled={!image} onClick={() => image && saveBlob({ blob: image.blob, filename: fileName })}>
            下载 PNG
          </Button>
        </Space>
      }
    >
      <div style={{ display: 'flex', flexDirection: 'column', alignItems: 'center', gap: 12, minHeight: 300, justifyContent: 'center' }}>
        {image ? (
          <img
            src={image.url}
            alt={`入口码 ${code.scene} 的小程序码`}
            width={280}
            height={280}
            style={{ imageRendering: 'pixelated' }}
            data-testid="code-qr-image"
          />
        ) : failed ? (
          <Typography.Text type="secondary">小程序码生成失败，请稍后重试</Typography.Text>
        ) : (
          <Spin description="正在生成小程序码…" />
        )}
        <Typography.Text copyable={{ text: code.scene }} code>
          scene: {code.scene}
        </Typography.Text>
      </div>
    </Modal>
  );
}
