/** An AI-call vendor's result file (外呼结果) with `rows` lines after the header. */
export function callCsv(rows: readonly (readonly string[])[]): string {
  return ['phone,called_at,reached,intent,added_wecom', ...rows.map((row) => row.join(','))].join('\r\n');
}

/** An SMS provider's send log (发送记录). */
export function smsCsv(rows: readonly (readonly string[])[]): string {
  return ['手机号,发送时间,状态,流水号', ...rows.map((row) => row.join(','))].join('\n');
}

/** `n` distinct valid calls on 2026-12-01, every other one reached. */
export function manyCalls(n: number, firstPhone = 13_900_000_000): string[][] {
  return Array.from({ length: n }, (_, i) => [
    String(firstPhone + i),
    `2026-12-01 10:${String(i % 60).padStart(2, '0')}:00`,
    i % 2 === 0 ? '是' : '否',
    'A',
    '否',
  ]);
}
