import { Button, Text, View } from '@tarojs/components';
import { Icon, type IconName } from '../../../components/Icon';

function Row({ icon, name, onClick }: { icon: IconName; name: string; onClick?: () => void }) {
  return (
    <View className='me__row' onClick={onClick}>
      <Icon name={icon} size={40} className='me__row-icon' />
      <Text className='me__row-name'>{name}</Text>
      <Text className='me__row-arrow'>›</Text>
    </View>
  );
}

/**
 * The list at the bottom of 我的. 联系客服 is WeChat's own customer-service session on weapp
 * (<Button openType="contact">); H5 has no such session, so it opens our service page.
 */
export function ServiceRows({
  isMember,
  onAddresses,
  onServicePage,
  onPrivacy,
  onLogout,
}: {
  isMember: boolean;
  onAddresses: () => void;
  onServicePage: () => void;
  onPrivacy: () => void;
  onLogout: () => void;
}) {
  const isWeapp = process.env.TARO_ENV === 'weapp';
  return (
    <View className='card me__list'>
      <Row icon='address' name='收货地址' onClick={onAddresses} />
      {isWeapp ? (
        <Button className='me__row me__row--button' openType='contact'>
          <Icon name='service' size={40} className='me__row-icon' />
          <Text className='me__row-name'>联系客服</Text>
          <Text className='me__row-arrow'>›</Text>
        </Button>
      ) : (
        <Row icon='service' name='联系客服' onClick={onServicePage} />
      )}
      {isWeapp ? <Row icon='privacy' name='隐私保护指引' onClick={onPrivacy} /> : null}
      {isMember ? <Row icon='logout' name='退出登录' onClick={onLogout} /> : null}
    </View>
  );
}
