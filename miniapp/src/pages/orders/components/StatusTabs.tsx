import { Text, View } from '@tarojs/components';
import { ORDER_TABS, type OrderTabKey } from '../../../lib/order-status';

/** 全部 / 待付款 / 待发货 / 已发货 / 已完成 / 退款, sticky under the navigation bar. */
export function StatusTabs({ active, onChange }: { active: OrderTabKey; onChange: (key: OrderTabKey) => void }) {
  return (
    <View className='order-tabs' role='tablist'>
      {ORDER_TABS.map((tab) => (
        <View
          key={tab.key}
          className={`order-tabs__tab ${tab.key === active ? 'order-tabs__tab--on' : ''}`}
          role='tab'
          aria-selected={tab.key === active}
          onClick={() => onChange(tab.key)}
        >
          <Text>{tab.name}</Text>
        </View>
      ))}
    </View>
  );
}
