import Taro from '@tarojs/taro';

/** The avatar is kept small: a 256 px square JPEG is a few dozen KB, well under the server's limit. */
const SIDE = 256;

function loadImage(src: string): Promise<HTMLImageElement> {
  return new Promise((resolve, reject) => {
    const image = new Image();
    image.onload = () => resolve(image);
    image.onerror = () => reject(new Error('not an image'));
    image.src = src;
  });
}

/** H5: the picked picture cropped to its centre square and drawn at 256 px, as base64 JPEG. */
export async function pickedAvatarBase64(path: string): Promise<string> {
  const image = await loadImage(path);
  const side = Math.min(image.naturalWidth, image.naturalHeight);
  const canvas = document.createElement('canvas');
  canvas.width = SIDE;
  canvas.height = SIDE;
  const context = canvas.getContext('2d');
  if (!context || side === 0) throw new Error('cannot draw the picture');
  context.drawImage(image, (image.naturalWidth - side) / 2, (image.naturalHeight - side) / 2, side, side, 0, 0, SIDE, SIDE);
  return canvas.toDataURL('image/jpeg', 0.85).replace(/^data:image\/jpeg;base64,/, '');
}

/** H5 has no chooseAvatar button: the shopper picks a picture from the device. */
export async function chooseAvatarFile(): Promise<string | null> {
  try {
    const result = await Taro.chooseImage({ count: 1, sizeType: ['compressed'] });
    return result.tempFilePaths[0] ?? null;
  } catch {
    return null;
  }
}
