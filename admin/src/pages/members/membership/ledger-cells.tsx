import { Typography } from 'antd';
import { Link } from 'react-router-dom';

/** "+120" in green, "-30" in red. */
export function DeltaText({ delta }: { delta: number }) {
  return (
    <Typography.Text strong type={delta < 0 ? 'danger' : 'success'} className="nowrap">
      {delta > 0 ? `+${delta}` : String(delta)}
    </Typography.Text>
  );
}

/** The order an entry came from, linked for staff who can read orders. */
export function OrderCell({ orderId, canReadOrders }: { orderId: number | null; canReadOrders: boolean }) {
  if (orderId === null) return <Typography.Text type="secondary">—</Typography.Text>;
  return canReadOrders ? <Link to={`/orders/${orderId}`}>#{orderId}</Link> : <span>#{orderId}</span>;
}
