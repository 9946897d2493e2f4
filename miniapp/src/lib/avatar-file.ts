import Taro from '@tarojs/taro';

/**
 * weapp (Taro picks avatar-file.h5.ts for H5): the temporary file from chooseAvatar, shrunk to about
 * 256 px and read as base64 for POST /api/me/avatar (the server checks and re-encodes it).
 */
export async function pickedAvatarBase64(path: string): Promise<string> {
  const small = await Taro.compressImage({ src: path, quality: 80, compressedWidth: 256 }).then(
    (result) => result.tempFilePath,
    () => path,
  );
  return Taro.getFileSystemManager().readFileSync(small, 'base64') as string;
}

/** weapp chooses the avatar with <Button openType="chooseAvatar">; nothing to open here. */
export function chooseAvatarFile(): Promise<string | null> {
  return Promise.resolve(null);
}
