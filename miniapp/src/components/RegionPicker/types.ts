import type { RegionValue } from '../../lib/region';

export interface RegionPickerProps {
  value: RegionValue | null;
  onChange: (value: RegionValue) => void;
  placeholder?: string;
}
