import { UploadOutlined } from '@ant-design/icons';
import { Button } from 'antd';
import { useState } from 'react';
import { CsvImportDialog } from './CsvImportDialog';

export function CsvImportButton({ onImported }: { onImported(): void }) {
  const [isOpen, setIsOpen] = useState(false);
  return (
    <>
      <Button icon={<UploadOutlined />} onClick={() => setIsOpen(true)}>
        导入 CSV
      </Button>
      {isOpen && <CsvImportDialog onClose={() => setIsOpen(false)} onImported={onImported} />}
    </>
  );
}
