import { Button, Image, Text, View } from '@tarojs/components';
import emptyBox from '../../assets/illustrations/empty-box.png';
import emptyCart from '../../assets/illustrations/empty-cart.png';
import emptySearch from '../../assets/illustrations/empty-search.png';
import networkError from '../../assets/illustrations/network-error.png';
import './index.css';

const PICTURES = { box: emptyBox, cart: emptyCart, search: emptySearch, network: networkError } as const;

export interface EmptyStateProps {
  title: string;
  description?: string;
  picture?: keyof typeof PICTURES;
  actionText?: string;
  onAction?: () => void;
}

/** A friendly empty (or failed) state: picture, one line of why, and what to do next. */
export function EmptyState({ title, description, picture = 'box', actionText, onAction }: EmptyStateProps) {
  return (
    <View className='empty-state'>
      <Image className='empty-state__picture' src={PICTURES[picture]} mode='aspectFit' nativeProps={{ alt: '' }} />
      <Text className='empty-state__title'>{title}</Text>
      {description ? <Text className='empty-state__description'>{description}</Text> : null}
      {actionText && onAction ? (
        <Button className='btn btn--plain btn--small empty-state__action' onClick={onAction}>
          {actionText}
        </Button>
      ) : null}
    </View>
  );
}

/** Network or server failure: never a blank page, always a way to try again. */
export function ErrorState({ message, onRetry }: { message?: string; onRetry: () => void }) {
  return <EmptyState picture='network' title='加载失败' description={message ?? '网络不给力，请检查网络后重试'} actionText='重新加载' onAction={onRetry} />;
}
