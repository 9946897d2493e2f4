/** A CSV file's text and the encoding it was read with. */
export interface CsvFileText {
  text: string;
  encoding: 'utf-8' | 'gb18030';
}

/**
 * Decodes a CSV file: UTF-8 (with or without BOM) when the bytes are valid UTF-8, otherwise
 * GB18030, which is what Excel on a Chinese Windows writes for "CSV (逗号分隔)".
 */
export function decodeCsvBytes(bytes: ArrayBuffer): CsvFileText {
  try {
    return { text: new TextDecoder('utf-8', { fatal: true }).decode(bytes), encoding: 'utf-8' };
  } catch {
    return { text: new TextDecoder('gb18030').decode(bytes), encoding: 'gb18030' };
  }
}

/** Reads a file chosen by the user, reporting progress 0…1. */
export function readCsvFile(file: Blob, onProgress: (fraction: number) => void): Promise<CsvFileText> {
  return new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.onprogress = (event) => {
      if (event.lengthComputable && event.total > 0) onProgress(event.loaded / event.total);
    };
    reader.onerror = () => reject(reader.error ?? new Error('文件读取失败'));
    reader.onload = () => {
      onProgress(1);
      resolve(decodeCsvBytes(reader.result as ArrayBuffer));
    };
    reader.readAsArrayBuffer(file);
  });
}
