import type { OrderBuyer } from '@siyu/shared';
import { Typography } from 'antd';
import { Link } from 'react-router-dom';

/** The buyer as staff know them: nickname (a link to the member) and masked phone, instead of a bare member id. */
export function BuyerLink({ buyer }: { buyer: OrderBuyer }) {
  return (
    <span data-testid="order-buyer">
      <Link to={`/members/${buyer.id}`}>{buyer.nickname || '未设置昵称'}</Link>
      {buyer.phoneMasked && <Typography.Text type="secondary">{` ${buyer.phoneMasked}`}</Typography.Text>}
    </span>
  );
}
