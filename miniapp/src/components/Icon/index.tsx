import { Image } from '@tarojs/components';
import './index.css';
import address from '../../assets/icons/address.svg';
import avatar from '../../assets/icons/avatar.svg';
import chat from '../../assets/icons/chat.svg';
import checkin from '../../assets/icons/checkin.svg';
import couponCenter from '../../assets/icons/coupon-center.svg';
import coupons from '../../assets/icons/coupons.svg';
import favorites from '../../assets/icons/favorites.svg';
import heartFilled from '../../assets/icons/heart-filled.svg';
import heart from '../../assets/icons/heart.svg';
import history from '../../assets/icons/history.svg';
import hot from '../../assets/icons/hot.svg';
import logout from '../../assets/icons/logout.svg';
import mall from '../../assets/icons/mall.svg';
import member from '../../assets/icons/member.svg';
import orderDone from '../../assets/icons/order-done.svg';
import orderPay from '../../assets/icons/order-pay.svg';
import orderReceive from '../../assets/icons/order-receive.svg';
import orderRefund from '../../assets/icons/order-refund.svg';
import orderShip from '../../assets/icons/order-ship.svg';
import phone from '../../assets/icons/phone.svg';
import points from '../../assets/icons/points.svg';
import privacy from '../../assets/icons/privacy.svg';
import search from '../../assets/icons/search.svg';
import service from '../../assets/icons/service.svg';
import share from '../../assets/icons/share.svg';
import trash from '../../assets/icons/trash.svg';

/** The shop's icons (lucide, copied by scripts/copy-icons.mjs), by name. */
const ICONS = {
  address: address,
  avatar: avatar,
  chat: chat,
  checkin: checkin,
  'coupon-center': couponCenter,
  coupons: coupons,
  favorites: favorites,
  'heart-filled': heartFilled,
  heart: heart,
  history: history,
  hot: hot,
  logout: logout,
  mall: mall,
  member: member,
  'order-done': orderDone,
  'order-pay': orderPay,
  'order-receive': orderReceive,
  'order-refund': orderRefund,
  'order-ship': orderShip,
  phone: phone,
  points: points,
  privacy: privacy,
  search: search,
  service: service,
  share: share,
  trash: trash,
} as const;

export type IconName = keyof typeof ICONS;

/** The sizes the shop draws icons at, in design px (750 wide); index.css has one class per size. */
export type IconSize = 26 | 32 | 36 | 40 | 44 | 52 | 72;

/** A decorative icon as a picture (weapp's <Image> takes SVG files); the text beside it names it. */
export function Icon({ name, size = 44, className }: { name: IconName; size?: IconSize; className?: string }) {
  return <Image className={['icon', `icon--${size}`, className].filter(Boolean).join(' ')} src={ICONS[name]} mode='aspectFit' nativeProps={{ alt: '' }} />;
}
