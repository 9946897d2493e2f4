import '../../testing/jsdom';
import { fireEvent, render, screen, waitFor } from '@testing-library/react';
import type { AdminReviewView } from '@siyu/shared';
import { App } from 'antd';
import { reviewsApi } from '../../api/reviews';
import { RejectReviewModal } from './RejectReviewModal';
import { rewardText } from './review-labels';

jest.mock('../../api/reviews', () => ({ reviewsApi: { reject: jest.fn() } }));
const reject = reviewsApi.reject as jest.MockedFunction<typeof reviewsApi.reject>;

const review: AdminReviewView = {
  id: 7,
  orderId: 3,
  orderLineId: 9,
  productId: 2,
  title: '低脂高钙纯牛奶',
  image: null,
  specsText: '规格：250ml×12盒',
  rating: 1,
  content: '加微信领红包',
  images: [],
  isAnonymous: false,
  status: 'pending',
  rejectReason: null,
  createdAt: '2026-12-05T08:00:00.000Z',
  memberId: 5,
  memberNickname: '小明',
  moderatedBy: null,
  moderatedAt: null,
};

describe('RejectReviewModal', () => {
  beforeEach(() => reject.mockReset());

  it('needs a reason before rejecting, then sends it trimmed', async () => {
    const onDone = jest.fn();
    render(
      <App>
        <RejectReviewModal review={review} onClose={jest.fn()} onDone={onDone} />
      </App>,
    );
    fireEvent.click(screen.getByRole('button', { name: /驳\s*回/ }));
    expect(await screen.findByText('请填写 2–100 个字的原因', undefined, { timeout: 5000 })).toBeTruthy();
    expect(reject).not.toHaveBeenCalled();
    reject.mockResolvedValue({ ...review, status: 'rejected', rejectReason: '含广告或联系方式' });
    fireEvent.change(screen.getByRole('combobox', { name: '驳回原因' }), { target: { value: ' 含广告或联系方式 ' } });
    fireEvent.click(screen.getByRole('button', { name: /驳\s*回/ }));
    await waitFor(() => expect(reject).toHaveBeenCalledWith(7, '含广告或联系方式'));
    await waitFor(() => expect(onDone).toHaveBeenCalled());
  });
});

describe('rewardText', () => {
  it('says what the first approved review earned, or just 已通过', () => {
    expect(rewardText({ growth: 10, points: 50 })).toBe('已通过，首次评价奖励 成长值 +10、积分 +50');
    expect(rewardText({ growth: 0, points: 0 })).toBe('已通过');
  });
});
