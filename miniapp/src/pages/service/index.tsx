import { Text, View } from '@tarojs/components';
import Taro from '@tarojs/taro';
import { Icon } from '../../components/Icon';
import { go } from '../../lib/navigation';
import './index.css';

/** The demo brand's service line and hours (a merchant setting once the store profile exists). */
const SERVICE_PHONE = '400-820-8820';
const SERVICE_HOURS = '每天 9:00–21:00';

const FAQ = [
  { q: '下单后多久发货？', a: '现货商品付款后 48 小时内发货，预售商品以商品页说明为准。' },
  { q: '如何申请退款？', a: '在「我的订单」中打开订单，点「申请退款」，填写原因即可，审核通过后原路退回。' },
  { q: '积分什么时候到账？', a: '订单付款后积分先记为待入账，确认收货并过了售后期后可用。' },
  { q: '发票怎么开？', a: '联系在线客服，提供订单号和抬头，电子发票会发到你的邮箱。' },
];

/**
 * 联系客服 for the H5 shop: a browser has no WeChat customer-service session (weapp opens it with
 * <Button openType="contact">), so this page gives the phone line, the hours and the common answers.
 */
export default function ServicePage() {
  const call = () => {
    void Taro.makePhoneCall({ phoneNumber: SERVICE_PHONE.replace(/-/g, '') }).catch(() => undefined);
  };
  return (
    <View className='page service'>
      <View className='card service__card'>
        <View className='service__row' onClick={call}>
          <Icon name='phone' size={44} />
          <View className='service__text'>
            <Text className='service__title'>客服电话 {SERVICE_PHONE}</Text>
            <Text className='service__desc'>{SERVICE_HOURS}，点击拨打</Text>
          </View>
        </View>
        <View className='service__row' onClick={() => go.orders('refund')}>
          <Icon name='order-refund' size={44} />
          <View className='service__text'>
            <Text className='service__title'>退款 / 售后进度</Text>
            <Text className='service__desc'>在订单中查看退款处理情况</Text>
          </View>
        </View>
        <View className='service__row service__row--static'>
          <Icon name='chat' size={44} />
          <View className='service__text'>
            <Text className='service__title'>在线客服</Text>
            <Text className='service__desc'>在微信中打开小程序，点「联系客服」即可与客服对话</Text>
          </View>
        </View>
      </View>
      <View className='card service__card'>
        <Text className='service__faq-head'>常见问题</Text>
        {FAQ.map((item) => (
          <View className='service__faq' key={item.q}>
            <Text className='service__q'>{item.q}</Text>
            <Text className='service__a'>{item.a}</Text>
          </View>
        ))}
      </View>
    </View>
  );
}
