import { Button, Image, Input, Text, View } from '@tarojs/components';
import Taro from '@tarojs/taro';
import { useState } from 'react';
import { TIER_NAMES, type MeResponse } from '@siyu/shared';
import { API_BASE_URL } from '../../../api';
import { updateNickname, uploadAvatar } from '../../../api/shopper';
import { Icon } from '../../../components/Icon';
import { chooseAvatarFile, pickedAvatarBase64 } from '../../../lib/avatar-file';
import { startLogin } from '../../../lib/login-entry';

const isWeapp = process.env.TARO_ENV === 'weapp';

/** A stored avatar is a path on our server; weapp needs the full https URL. */
function avatarSrc(url: string | null): string | null {
  if (!url) return null;
  return url.startsWith('/') ? `${API_BASE_URL}${url}` : url;
}

/**
 * The top of 我的: avatar and nickname set the current WeChat way — <Button openType="chooseAvatar">
 * and <Input type="nickname"> on weapp; on H5 a picture from the device and a plain field.
 */
export function ProfileHeader({ member, onChange }: { member: MeResponse | null; onChange: (member: MeResponse) => void }) {
  const [isEditingName, setIsEditingName] = useState(false);
  const [draftName, setDraftName] = useState('');
  const [isUploading, setIsUploading] = useState(false);

  const saveAvatar = async (path: string | null) => {
    if (!path) return;
    setIsUploading(true);
    try {
      onChange(await uploadAvatar(await pickedAvatarBase64(path)));
      void Taro.showToast({ title: '头像已更新', icon: 'success' });
    } catch {
      // The API client showed the reason when the server refused; a picture that cannot be read says so here.
      void Taro.showToast({ title: '头像上传失败，请换一张', icon: 'none' });
    } finally {
      setIsUploading(false);
    }
  };

  const editName = () => {
    setDraftName(member?.nickname ?? '');
    setIsEditingName(true);
  };

  const saveName = async (value: string) => {
    if (!isEditingName) return;
    setIsEditingName(false);
    const nickname = value.trim();
    if (!member || !nickname || nickname === member.nickname) return;
    try {
      onChange(await updateNickname(nickname));
    } catch {
      // The API client showed why.
    }
  };

  const src = avatarSrc(member?.avatarUrl ?? null);
  const avatar = (
    <View className='me__avatar'>
      {src ? <Image className='me__avatar-img' src={src} mode='aspectFill' /> : <Icon name='avatar' size={72} />}
      {member ? <Text className='me__avatar-edit'>{isUploading ? '上传中' : '换头像'}</Text> : null}
    </View>
  );

  return (
    <View className='me__header'>
      {member && isWeapp ? (
        <Button
          className='me__avatar-button'
          openType='chooseAvatar'
          onChooseAvatar={(event) => void saveAvatar((event.detail as { avatarUrl?: string }).avatarUrl ?? null)}
        >
          {avatar}
        </Button>
      ) : (
        <View onClick={() => (member ? void chooseAvatarFile().then(saveAvatar) : void startLogin())}>{avatar}</View>
      )}
      <View className='me__who'>
        {member ? (
          <>
            <View className='me__name-row'>
              {isEditingName ? (
                <Input
                  className='me__name-input'
                  type={isWeapp ? 'nickname' : 'text'}
                  focus
                  maxlength={20}
                  value={draftName}
                  placeholder='请输入昵称'
                  onInput={(event) => setDraftName(event.detail.value)}
                  onBlur={(event) => void saveName(event.detail.value)}
                  onConfirm={(event) => void saveName(event.detail.value)}
                />
              ) : (
                <Text className='me__name' onClick={editName}>
                  {member.nickname || '设置昵称'}
                </Text>
              )}
              <Text className='me__tier'>{TIER_NAMES[member.tierCode]}会员</Text>
            </View>
            <Text className='me__phone'>{member.phoneMasked ? `手机号 ${member.phoneMasked}` : '未绑定手机号'}</Text>
            {isEditingName ? null : (
              <Text className='me__name-hint' onClick={editName}>
                点击昵称或头像即可修改
              </Text>
            )}
          </>
        ) : (
          <>
            <Text className='me__name'>欢迎来到思语优选</Text>
            <Text className='me__phone'>登录后享会员专享价、积分与优惠券</Text>
          </>
        )}
      </View>
      {member ? null : (
        <Button className='btn btn--small me__login' onClick={() => void startLogin()}>
          登录 / 注册
        </Button>
      )}
    </View>
  );
}
