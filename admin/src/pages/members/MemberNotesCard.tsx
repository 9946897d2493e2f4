import { Alert, Button, Card, Form, Input, List, Modal, Typography } from 'antd';
import { useState } from 'react';
import { isApiError } from '../../api/client';
import { useSession } from '../../auth/SessionProvider';
import { reportError } from '../../errors/report-error';
import { useApiData } from '../../hooks/use-api-data';
import { memberCrmApi } from './member-api';
import { chinaTime } from './member-labels';

const NOTE_MAX = 500;

/** 写备注: a staff note on the member (members:tag); it joins the notes and the timeline. */
export function NoteModal({ memberId, onClose, onSaved }: { memberId: number; onClose(): void; onSaved(): void }) {
  const [body, setBody] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [isBusy, setIsBusy] = useState(false);
  const submit = async () => {
    const text = body.trim();
    if (text.length === 0) {
      setError('请填写备注内容');
      return;
    }
    setIsBusy(true);
    try {
      await memberCrmApi.addNote(memberId, text);
      onSaved();
    } catch (caught) {
      if (isApiError(caught, 'MEMBER_NOTE_INVALID', 'VALIDATION_FAILED')) setError(caught.friendlyMessage);
      else reportError(caught);
    } finally {
      setIsBusy(false);
    }
  };
  return (
    <Modal open title="写备注" onCancel={onClose} onOk={submit} okText="保存" cancelText="取消" confirmLoading={isBusy} destroyOnHidden>
      <Form layout="vertical" data-testid="note-form">
        <Form.Item label="备注" validateStatus={error ? 'error' : undefined} help={error ?? '员工可见，会员看不到；保存后不能修改'}>
          <Input.TextArea
            rows={4}
            maxLength={NOTE_MAX}
            showCount
            value={body}
            onChange={(event) => {
              setBody(event.target.value);
              setError(null);
            }}
            placeholder="如：偏好周末配送，电话沟通请避开午休"
            aria-label="备注内容"
          />
        </Form.Item>
      </Form>
    </Modal>
  );
}

/** The staff notes about this member, newest first. */
export function MemberNotesCard({ memberId, version, onWrite }: { memberId: number; version: number; onWrite(): void }) {
  const { can } = useSession();
  const { data: notes, isLoading, error } = useApiData((signal) => memberCrmApi.notes(memberId, signal), [memberId, version]);
  return (
    <Card
      title="员工备注"
      size="small"
      data-testid="member-notes"
      extra={
        can('members:tag') && (
          <Button size="small" onClick={onWrite} data-testid="note-add">
            写备注
          </Button>
        )
      }
    >
      {error && !notes ? (
        <Alert type="warning" showIcon title="备注暂时无法读取" />
      ) : (
        <List
          size="small"
          loading={isLoading && !notes}
          dataSource={notes ?? []}
          locale={{ emptyText: '还没有备注' }}
          style={{ maxHeight: 320, overflow: 'auto' }}
          renderItem={(note) => (
            <List.Item key={note.id}>
              <div style={{ width: '100%' }}>
                <Typography.Paragraph style={{ marginBottom: 4, whiteSpace: 'pre-wrap' }}>{note.body}</Typography.Paragraph>
                <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                  {note.staff?.name ?? '员工'} · {chinaTime(note.createdAt)}
                </Typography.Text>
              </div>
            </List.Item>
          )}
        />
      )}
    </Card>
  );
}
