import { STACKING_GROUP_NAMES, STACKING_GROUPS, type StackingGroup, type StackingMatrix } from '@siyu/shared';
import { Checkbox, Typography } from 'antd';
import { isCellOn, setCell } from './matrix';

/**
 * The group × group grid of the stacking matrix: a tick at (a, b) lets one line carry a discount of
 * both groups. Both halves are shown and edit the same pair, so the grid is always symmetric.
 */
export function StackingMatrixEditor({
  value,
  onChange,
  disabled = false,
}: {
  value: StackingMatrix;
  onChange(next: StackingMatrix): void;
  disabled?: boolean;
}) {
  const cell = (row: StackingGroup, column: StackingGroup) => {
    if (row === column) return <Typography.Text type="secondary">—</Typography.Text>;
    const label = `${STACKING_GROUP_NAMES[row]} + ${STACKING_GROUP_NAMES[column]}`;
    return (
      <Checkbox
        aria-label={label}
        checked={isCellOn(value, row, column)}
        disabled={disabled}
        onChange={(event) => onChange(setCell(value, row, column, event.target.checked))}
      />
    );
  };
  return (
    <table className="stacking-matrix" data-testid="stacking-matrix" style={{ borderCollapse: 'collapse' }}>
      <thead>
        <tr>
          <th style={{ padding: '8px 12px' }} />
          {STACKING_GROUPS.map((group) => (
            <th key={group} scope="col" style={{ padding: '8px 12px', fontWeight: 500, whiteSpace: 'nowrap', borderBottom: '1px solid #f0f0f0' }}>
              {STACKING_GROUP_NAMES[group]}
            </th>
          ))}
        </tr>
      </thead>
      <tbody>
        {STACKING_GROUPS.map((row) => (
          <tr key={row}>
            <th scope="row" style={{ padding: '8px 12px', fontWeight: 500, textAlign: 'right', whiteSpace: 'nowrap', borderRight: '1px solid #f0f0f0' }}>
              {STACKING_GROUP_NAMES[row]}
            </th>
            {STACKING_GROUPS.map((column) => (
              <td key={column} style={{ padding: '8px 12px', textAlign: 'center', background: row === column ? '#fafafa' : undefined }}>
                {cell(row, column)}
              </td>
            ))}
          </tr>
        ))}
      </tbody>
    </table>
  );
}
