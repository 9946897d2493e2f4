import { View } from '@tarojs/components';
import './index.css';

/** Five stars, `value` of them filled; with `onChange` each star is a button (the review form). */
export function StarRating({ value, onChange, size = 'small' }: { value: number; onChange?: (value: number) => void; size?: 'small' | 'large' }) {
  return (
    <View className={`star-rating star-rating--${size}`} aria-label={`${value} 星`} role={onChange ? 'radiogroup' : 'img'}>
      {[1, 2, 3, 4, 5].map((star) => (
        <View
          key={star}
          className={`star-rating__star ${star <= value ? 'star-rating__star--on' : ''}`}
          onClick={onChange ? () => onChange(star) : undefined}
          role={onChange ? 'radio' : undefined}
          aria-checked={onChange ? star === value : undefined}
          aria-label={onChange ? `${star} 星` : undefined}
        >
          ★
        </View>
      ))}
    </View>
  );
}
