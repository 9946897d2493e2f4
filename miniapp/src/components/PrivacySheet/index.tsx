import { Button, Text, View } from '@tarojs/components';
import { AGREE_BUTTON_ID, openPrivacyContract, privacy, usePrivacy } from '../../lib/privacy';
import { Sheet } from '../Sheet';
import './index.css';

/**
 * The privacy notice shown before personal data is collected (weapp). Agreeing goes through WeChat's
 * own agree button (open-type="agreePrivacyAuthorization"); declining is as easy as agreeing.
 */
export function PrivacySheet({ onAgreed }: { onAgreed?: () => void }) {
  const { isSheetOpen } = usePrivacy();
  return (
    <Sheet isOpen={isSheetOpen} onClose={() => privacy.declined()} title='隐私保护提示'>
      <View className='privacy-sheet'>
        <Text className='privacy-sheet__text'>
          为了给你提供会员服务，我们需要在你同意后获取你的手机号，仅用于会员身份识别、订单通知与售后联系。你可以随时在「我的」中申请查阅、更正或删除。
        </Text>
        <Text className='privacy-sheet__link' onClick={openPrivacyContract}>
          查看《用户隐私保护指引》
        </Text>
        <View className='privacy-sheet__actions'>
          <Button className='btn btn--small privacy-sheet__decline' onClick={() => privacy.declined()}>
            暂不同意
          </Button>
          <Button
            id={AGREE_BUTTON_ID}
            className='btn btn--primary btn--small privacy-sheet__agree'
            openType='agreePrivacyAuthorization'
            onAgreePrivacyAuthorization={() => {
              privacy.agreed();
              onAgreed?.();
            }}
          >
            同意并继续
          </Button>
        </View>
      </View>
    </Sheet>
  );
}
