import { MAX_HOT_WORDS } from '@siyu/shared';
import { App, Button, Card, Select, Space, Tag, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { api } from '../../api/client';
import { reportError } from '../../errors/report-error';

/** 搜索热词: the words under the shop's search box, in order; the whole list is saved at once (audited). */
export function HotWordsCard({ isReadOnly }: { isReadOnly: boolean }) {
  const { message } = App.useApp();
  const [words, setWords] = useState<string[]>([]);
  const [saved, setSaved] = useState<string[]>([]);
  const [isSaving, setIsSaving] = useState(false);

  useEffect(() => {
    api.get<{ words: string[] }>('/api/admin/search/hot-words').then(
      (body) => {
        setWords(body.words);
        setSaved(body.words);
      },
      (error: unknown) => reportError(error),
    );
  }, []);

  const save = async () => {
    setIsSaving(true);
    try {
      const body = await api.put<{ words: string[] }>('/api/admin/search/hot-words', { words: words.map((word) => word.trim()).filter(Boolean) });
      setWords(body.words);
      setSaved(body.words);
      message.success('搜索热词已保存');
    } catch (error) {
      reportError(error);
    } finally {
      setIsSaving(false);
    }
  };

  const isChanged = words.join('\n') !== saved.join('\n');
  return (
    <Card title="搜索热词" style={{ marginTop: 16 }} data-testid="hot-words">
      <Typography.Paragraph type="secondary">
        显示在商城搜索页的「热门搜索」，按这里的顺序，前三个带火焰标记。最多 {MAX_HOT_WORDS} 个，每个不超过 20 个字。
      </Typography.Paragraph>
      {isReadOnly ? (
        <Space wrap>
          {saved.length > 0 ? saved.map((word) => <Tag key={word}>{word}</Tag>) : <Typography.Text type="secondary">暂无热词</Typography.Text>}
        </Space>
      ) : (
        <Space direction="vertical" style={{ width: '100%' }}>
          <Select
            mode="tags"
            value={words}
            onChange={(next: string[]) => setWords(next.slice(0, MAX_HOT_WORDS))}
            tokenSeparators={[',', '，']}
            open={false}
            placeholder="输入热词后按回车"
            aria-label="搜索热词"
            style={{ width: '100%' }}
          />
          <Button type="primary" onClick={save} loading={isSaving} disabled={!isChanged}>
            保存热词
          </Button>
        </Space>
      )}
    </Card>
  );
}
